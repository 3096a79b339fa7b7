package alexa

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// TestVisitReminderThroughTheAPI: a tenant books a coach visit and says
// yes to a reminder; the skill sets it through the Reminders API (a
// stand-in speaking the reference's shapes) with the request's own
// endpoint and token, the evening before at 6 pm UK time, and keeps its
// token with the booking; cancelling the visit deletes it. Without the
// permission, Alexa is asked to ask the tenant, and the reminder is set
// when Alexa says they agreed; when they refuse, the Alexa app gets
// Amazon's permission card and nothing is set.
func TestVisitReminderThroughTheAPI(t *testing.T) {
	for _, mode := range []string{"permission granted", "permission asked for by voice", "permission refused"} {
		granted := mode == "permission granted"
		t.Run(mode, func(t *testing.T) {
			api, srv := startRemindersAPI(t, granted)
			now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // the sample events' timestamp
			ctx := context.Background()
			store := memstore.New()
			pseudo, err := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
			if err != nil {
				t.Fatal(err)
			}
			guides, err := intents.LoadGuides(content.Guides())
			if err != nil {
				t.Fatal(err)
			}
			cfg := intents.DefaultConfig()
			// The skill's clock is the sample events' day; its budgets,
			// counted from that, would have run out in real time.
			cfg.StoreBudget, cfg.WriteBudget = 0, 0
			roster, err := intents.ReadRoster(strings.NewReader(`{"coaches":[{"id":"sam","name":"Sam","visits":[{"day":"Thursday","times":["14:00"]}]}]}`))
			if err != nil {
				t.Fatal(err)
			}
			slots, err := roster.Slots(now, 14, cfg.Location)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.AddCoachSlots(ctx, slots); err != nil {
				t.Fatal(err)
			}
			h, err := intents.Enrol(ctx, store, pseudo, intents.Enrolling{Ref: "TEN-1"}, now)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.LinkSpeaker(ctx, h.LinkCode, pseudo.Of("speaker", "amzn1.ask.device.SAMPLEDEVICEAAAA"), now); err != nil {
				t.Fatal(err)
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			skill := intents.New(store.Stores(), guides, cfg, intents.WithClock(func() time.Time { return now }), intents.WithLogger(log))
			handler := NewHandler(skill, pseudo, "", log)
			handler.ReminderClient = srv.Client()

			var attrs json.RawMessage
			n := 0
			send := func(file string, edit func(req map[string]any)) Response {
				t.Helper()
				b, err := os.ReadFile("../../events/" + file)
				if err != nil {
					t.Fatal(err)
				}
				var req map[string]any
				if err := json.Unmarshal(b, &req); err != nil {
					t.Fatal(err)
				}
				sys := req["context"].(map[string]any)["System"].(map[string]any)
				sys["apiEndpoint"], sys["apiAccessToken"] = srv.URL, api.token
				n++
				req["request"].(map[string]any)["requestId"] = "req-" + string(rune('a'+n))
				if attrs != nil {
					var a any
					_ = json.Unmarshal(attrs, &a)
					req["session"].(map[string]any)["attributes"] = a
					req["session"].(map[string]any)["new"] = false
				}
				if edit != nil {
					edit(req)
				}
				body, _ := json.Marshal(req)
				out, err := handler.Serve(ctx, body, Options{})
				if err != nil {
					t.Fatal(err)
				}
				var raw struct {
					SessionAttributes json.RawMessage `json:"sessionAttributes"`
				}
				_ = json.Unmarshal(out, &raw)
				attrs = raw.SessionAttributes
				var r Response
				if err := json.Unmarshal(out, &r); err != nil {
					t.Fatal(err)
				}
				return r
			}
			said := func(r Response) string {
				if r.Body.OutputSpeech == nil {
					return ""
				}
				return r.Body.OutputSpeech.SSML
			}
			intent := func(name string) func(map[string]any) {
				return func(req map[string]any) { req["request"].(map[string]any)["intent"] = map[string]any{"name": name} }
			}

			send("book-coach.json", nil)
			if r := send("yes-nothing-pending.json", nil); !strings.Contains(said(r), "Shall I remind you the evening before?") {
				t.Fatalf("after booking: %s", said(r))
			}
			r := send("yes-nothing-pending.json", nil)
			if !granted {
				if len(r.Body.Directives) != 1 || r.Body.Directives[0].Type != "Connections.SendRequest" || r.Body.Directives[0].Name != "AskFor" ||
					r.Body.Directives[0].Payload.PermissionScope != ReminderPermission || r.Body.OutputSpeech != nil || r.Body.ShouldEndSession != nil {
					t.Fatalf("without permission the answer is %+v, want Alexa asked to ask for it", r.Body)
				}
				api.mu.Lock()
				api.granted = true // the tenant said yes to Alexa
				api.mu.Unlock()
				if mode == "permission refused" {
					r = send("reminder-permission-denied.json", nil)
					if c := r.Body.Card; c == nil || c.Type != "AskForPermissionsConsent" || len(c.Permissions) != 1 || c.Permissions[0] != ReminderPermission ||
						!strings.Contains(said(r), "card in the Alexa app") || !strings.Contains(said(r), "still booked") {
						t.Errorf("after a refusal: %s with card %+v; want the permission card, said plainly", said(r), c)
					}
					if held := api.held(); len(held) != 0 {
						t.Errorf("a refusal left reminders %v", held)
					}
					return
				}
				r = send("reminder-permission-accepted.json", nil)
			}
			if !strings.Contains(said(r), "remind you the evening before") {
				t.Fatalf("the reminder answer: %s", said(r))
			}
			held := api.held()
			if len(held) != 1 {
				t.Fatalf("the API holds %d reminders, want 1", len(held))
			}
			b, err := store.ActiveBooking(ctx, h.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			rem, ok := held[b.ReminderID]
			if !ok {
				t.Fatalf("the booking keeps reminder %q; the API holds %v", b.ReminderID, held)
			}
			local := b.Slot.Start.In(cfg.Location)
			wantAt := time.Date(local.Year(), local.Month(), local.Day()-1, 18, 0, 0, 0, cfg.Location).Format(localLayout)
			if rem.Trigger.ScheduledTime != wantAt || rem.Trigger.TimeZoneID != "Europe/London" ||
				!strings.Contains(rem.AlertInfo.SpokenInfo.Content[0].Text, "Sam") || rem.AlertInfo.SpokenInfo.Content[0].Locale != "en-GB" {
				t.Errorf("the reminder: %+v; want 6 pm the evening before (%s), naming Sam, in en-GB", rem, wantAt)
			}

			send("yes-nothing-pending.json", intent("CancelAppointmentIntent"))
			if r := send("yes-nothing-pending.json", nil); !strings.Contains(said(r), "cancelled your visit") || strings.Contains(said(r), "reminder") {
				t.Errorf("cancelling answered %s", said(r))
			}
			if held := api.held(); len(held) != 0 {
				t.Errorf("after cancelling, the API still holds %v", held)
			}
		})
	}
}
