package alexa_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
)

// These tests hold what the skill sends and reads to the examples on
// Amazon's own pages, kept in testdata/amazon (its README names each
// page). They fail if a field is renamed, added, dropped or re-typed.

func amazonFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "amazon", name))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// asJSON is v as encoding/json reads it back: maps, strings, numbers.
func asJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return v
}

// sameShape reports where got differs in shape from Amazon's want: a field
// missing or extra (optional ones may be missing from got), or a value of
// another JSON type. Values themselves are the callers' to compare.
func sameShape(t *testing.T, at string, want, got any, optional ...string) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: %T, want an object", at, got)
			return
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				t.Errorf("%s.%s: not in Amazon's example", at, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			if _, ok := g[k]; !ok {
				if !slices.Contains(optional, at+"."+k) {
					t.Errorf("%s.%s: missing", at, k)
				}
				continue
			}
			sameShape(t, at+"."+k, w[k], g[k], optional...)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: %v, want %d items like Amazon's", at, got, len(w))
			return
		}
		for i := range w {
			sameShape(t, at, w[i], g[i], optional...)
		}
	default:
		if want != nil && got != nil && (func() bool {
			_, ws := want.(string)
			_, gs := got.(string)
			return ws != gs
		})() {
			t.Errorf("%s: %v (%T), want a value like %v (%T)", at, got, got, want, want)
		}
	}
}

// TestAskForDirectiveIsAmazons: the directive that has Alexa ask the
// tenant to allow reminders is Amazon's, field for field and value for
// value; only the token is ours to choose.
func TestAskForDirectiveIsAmazons(t *testing.T) {
	out := alexa.Encode(intents.Response{AskReminderPermission: true, End: true})
	resp := asJSON(t, out.AppendJSON(nil))
	body := resp["response"].(map[string]any)
	dirs, _ := body["directives"].([]any)
	if len(dirs) != 1 {
		t.Fatalf("directives %v, want the AskFor directive alone", body["directives"])
	}
	want := amazonFixture(t, "askfor-directive.json")
	got := dirs[0].(map[string]any)
	sameShape(t, "directive", want, got)
	delete(want, "token")
	delete(got, "token")
	if !jsonEqual(want, got) {
		t.Errorf("directive\n%v\nwant Amazon's\n%v", got, want)
	}
	for _, k := range []string{"outputSpeech", "reprompt", "shouldEndSession"} {
		if _, ok := body[k]; ok {
			t.Errorf("the AskFor response carries %s: Alexa speaks the question itself", k)
		}
	}
}

// TestConsentCardIsAmazons: the fallback card is Amazon's
// AskForPermissionsConsent card asking for the reminders scope, and it is
// all the card there is.
func TestConsentCardIsAmazons(t *testing.T) {
	out := alexa.Encode(intents.Response{Speech: "OK, no reminder.", Reprompt: "Anything else?", ReminderConsentCard: true,
		Card: &intents.Card{Title: "Coach visit booked", Text: "Sam will visit."}})
	card := asJSON(t, out.AppendJSON(nil))["response"].(map[string]any)["card"]
	want := amazonFixture(t, "consent-card.json")
	if !jsonEqual(want, card) {
		t.Errorf("card\n%v\nwant Amazon's\n%v", card, want)
	}
}

// TestConnectionsResponseAsAmazonSendsIt: Amazon's Connections.Response
// reaches the conversation as the tenant's answer; a status code other
// than 200 as Alexa not having been able to ask.
func TestConnectionsResponseAsAmazonSendsIt(t *testing.T) {
	tests := []struct {
		name     string
		code     string
		status   string
		wantFail bool
	}{
		{"accepted", "200", "ACCEPTED", false},
		{"denied", "200", "DENIED", false},
		{"not answered", "200", "NOT_ANSWERED", false},
		{"Alexa could not ask", "500", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := amazonFixture(t, "connections-response.json")
			req["status"].(map[string]any)["code"] = tt.code
			req["payload"].(map[string]any)["status"] = tt.status
			body, err := json.Marshal(map[string]any{
				"version": "1.0",
				"session": map[string]any{"new": false, "sessionId": "s", "application": map[string]any{"applicationId": "skill"},
					"user": map[string]any{"userId": "amzn1.ask.account.A"}},
				"context": map[string]any{"System": map[string]any{"application": map[string]any{"applicationId": "skill"},
					"user": map[string]any{"userId": "amzn1.ask.account.A"}, "device": map[string]any{"deviceId": "amzn1.ask.device.D"}}},
				"request": req,
			})
			if err != nil {
				t.Fatal(err)
			}
			h, rec := newHandler(t, "")
			if _, err := h.Serve(context.Background(), body, alexa.Options{}); err != nil {
				t.Fatal(err)
			}
			got := rec.last()
			if got.Type != intents.ConnectionsResponse || got.PermissionStatus != tt.status || got.PermissionAskFailed != tt.wantFail {
				t.Errorf("the conversation heard %s, status %q, ask failed %v; want %s, %q, %v",
					got.Type, got.PermissionStatus, got.PermissionAskFailed, intents.ConnectionsResponse, tt.status, tt.wantFail)
			}
		})
	}
}

// TestReminderRequestIsAmazons: the body that creates a visit's reminder
// has the fields of Amazon's example and no others (its optional ssml
// aside), and its times are written as the example writes them.
func TestReminderRequestIsAmazons(t *testing.T) {
	var raw []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ = io.ReadAll(r.Body)
		_, _ = io.WriteString(w, `{"alertToken":"a-1"}`)
	}))
	defer srv.Close()
	r := alexa.Reminders{Endpoint: srv.URL, Token: "t", Client: srv.Client(),
		Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }}
	if _, err := r.Create(context.Background(), alexa.Reminder{At: time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC),
		Text: "Your Neighbourhood Coach, Sam, is visiting you on Wednesday at 10 am.", Locale: "en-GB"}); err != nil {
		t.Fatal(err)
	}
	want, got := amazonFixture(t, "reminder-request.json"), asJSON(t, raw)
	sameShape(t, "body", want, got, "body.alertInfo.spokenInfo.content.ssml")
	const layout = "2006-01-02T15:04:05.000" // the example's: local, milliseconds, no offset
	trig, _ := got["trigger"].(map[string]any)
	for name, v := range map[string]any{"requestTime": got["requestTime"], "trigger.scheduledTime": trig["scheduledTime"]} {
		if s, _ := v.(string); s == "" || func() bool { _, err := time.Parse(layout, s); return err != nil }() {
			t.Errorf("%s %v is not written as Amazon's example writes it (%s)", name, v, layout)
		}
	}
	if trig["type"] != "SCHEDULED_ABSOLUTE" || trig["timeZoneId"] != "Europe/London" {
		t.Errorf("trigger %v, want SCHEDULED_ABSOLUTE in Europe/London", trig)
	}
}

func jsonEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
