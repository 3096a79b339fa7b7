package alexa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
)

// nullStore answers instantly with a linked household and free slots, so the
// benchmarks measure our code (decode, conversation, encode), not a store.
type nullStore struct{}

var benchHousehold = intents.Household{ID: "h_bench", Ref: "HH-BENCH", LinkedAt: time.Unix(1, 0), LastUsed: time.Unix(2, 0)}

func (nullStore) HouseholdForSpeaker(context.Context, string) (intents.Household, error) {
	return benchHousehold, nil
}
func (nullStore) LinkSpeaker(context.Context, string, string, time.Time) (intents.Household, error) {
	return intents.Household{}, intents.ErrNotFound
}
func (nullStore) LinkFailures(context.Context, string, time.Time) (int, error) { return 0, nil }
func (nullStore) RecordLinkFailure(context.Context, string, time.Time) error   { return nil }
func (nullStore) TouchHousehold(context.Context, string, time.Time) error      { return nil }
func (nullStore) SaveRepair(context.Context, intents.Repair) error             { return nil }
func (nullStore) OpenRepairs(context.Context, string) ([]intents.Repair, error) {
	return []intents.Repair{{Ref: "HK4721", Problem: "LEAK", Priority: intents.Urgent, ReportedAt: time.Unix(1e9, 0)}}, nil
}
func (nullStore) FreeSlots(_ context.Context, _ string, from, _ time.Time, _ int) ([]intents.CoachSlot, error) {
	return []intents.CoachSlot{{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: from.Add(34 * time.Hour)}}, nil
}
func (nullStore) Book(context.Context, intents.Booking) error { return nil }
func (nullStore) ActiveBooking(context.Context, string, time.Time) (intents.Booking, error) {
	return intents.Booking{}, intents.ErrNotFound
}
func (nullStore) CancelBooking(context.Context, string, time.Time) error { return nil }
func (nullStore) GuideProgress(context.Context, string) (intents.GuideProgress, error) {
	return intents.GuideProgress{}, intents.ErrNotFound
}
func (nullStore) SaveGuideProgress(context.Context, string, intents.GuideProgress) error { return nil }
func (nullStore) ClearGuideProgress(context.Context, string) error                       { return nil }
func (nullStore) RecordUsage(context.Context, intents.UsageEvent) error                  { return nil }

// BenchmarkIntents measures decode → handle → encode for each kind of
// request. Figures are in docs/performance.md.
func BenchmarkIntents(b *testing.B) {
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		b.Fatal(err)
	}
	var s nullStore
	skill := intents.New(intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s}, guides, intents.DefaultConfig(),
		intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	p, _ := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
	h := alexa.NewHandler(skill, p, "", slog.New(slog.NewTextHandler(io.Discard, nil)))

	launch := readEventB(b, "launch.json")
	intent := func(name string, slots map[string]alexa.Slot, attrs map[string]any) []byte {
		var r map[string]any
		_ = json.Unmarshal(launch, &r)
		r["request"].(map[string]any)["type"] = "IntentRequest"
		r["request"].(map[string]any)["intent"] = alexa.Intent{Name: name, ConfirmationStatus: "NONE", Slots: slots}
		r["session"].(map[string]any)["attributes"] = attrs
		out, _ := json.Marshal(r)
		return out
	}
	resolved := func(id string) *alexa.Resolutions {
		var res alexa.Resolutions
		_ = json.Unmarshal([]byte(`{"resolutionsPerAuthority":[{"authority":"a","status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"name":"x","id":"`+id+`"}}]}]}`), &res)
		return &res
	}
	cases := []struct {
		name string
		body []byte
	}{
		{"LaunchRequest", launch},
		// The 5 KB envelope of a device with a screen, as the HTTP
		// comparison with the peer sends.
		{"LaunchRequest_full_context", readFileB(b, filepath.Join("testdata", "envelopes", "launch-full-context.json"))},
		{"ReportRepairIntent", intent("ReportRepairIntent", map[string]alexa.Slot{
			"problem": {Name: "problem", Value: "tap", Resolutions: resolved("TAP")},
			"room":    {Name: "room", Value: "kitchen", Resolutions: resolved("KITCHEN")}}, nil)},
		// A tenant's own sentence in one slot, as Alexa often hands it
		// over: every reader reads all of its words.
		{"ReportRepairIntent_own_words", intent("ReportRepairIntent", map[string]alexa.Slot{
			"problem": {Name: "problem", Value: "the radiator in the back bedroom has gone stone cold and the others are fine"}}, nil)},
		{"YesIntent_saves_repair", intent("AMAZON.YesIntent", nil, map[string]any{"pending": "confirm_repair", "flow": "repair", "problem": "TAP", "room": "KITCHEN"})},
		{"SelfFixIntent", intent("SelfFixIntent", map[string]alexa.Slot{"problem": {Name: "problem", Value: "radiator", Resolutions: resolved("RADIATOR")}}, nil)},
		{"NextIntent", intent("AMAZON.NextIntent", nil, map[string]any{"guide": "RADIATOR", "step": 2, "flow": "selffix", "pending": "guide_next"})},
		{"BookCoachIntent", intent("BookCoachIntent", nil, nil)},
		{"CheckAppointmentIntent", intent("CheckAppointmentIntent", nil, nil)},
		{"RepairStatusIntent", intent("RepairStatusIntent", nil, nil)},
		{"LinkHomeIntent", intent("LinkHomeIntent", map[string]alexa.Slot{"code": {Name: "code", Value: "472913"}}, nil)},
		{"HelpIntent", intent("AMAZON.HelpIntent", nil, nil)},
		{"FallbackIntent", intent("AMAZON.FallbackIntent", nil, nil)},
		{"StopIntent", intent("AMAZON.StopIntent", nil, nil)},
		{"GasEmergency", readEventB(b, "report-gas.json")},
		{"SessionEndedRequest", readEventB(b, "session-ended.json")},
	}
	ctx := context.Background()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := h.Serve(ctx, c.body, alexa.Options{})
				if err != nil || !strings.Contains(string(out), `"version":"1.0"`) {
					b.Fatalf("%s: %v %s", c.name, err, out)
				}
			}
		})
	}
}

func readEventB(b *testing.B, name string) []byte {
	b.Helper()
	return readFileB(b, filepath.Join("..", "..", "events", name))
}

func readFileB(b *testing.B, path string) []byte {
	b.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return body
}
