package intents_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// brokenWrites fails every SaveRepair and Book, as a store that has gone
// away would; reads still work.
type brokenWrites struct{ *memstore.Store }

func (brokenWrites) SaveRepair(context.Context, intents.Repair) error { return errStoreDown }
func (brokenWrites) Book(context.Context, intents.Booking) error      { return errStoreDown }

// flakyUsage fails usage writes while down is true.
type flakyUsage struct {
	*memstore.Store
	down bool
}

var errStoreDown = errors.New("store is down")

func (u *flakyUsage) RecordUsage(ctx context.Context, e intents.UsageEvent) error {
	if u.down {
		return errStoreDown
	}
	return u.Store.RecordUsage(ctx, e)
}

// rebuild makes the fixture's skill use other stores.
func (f *fixture) rebuild(stores intents.Stores) {
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		f.t.Fatal(err)
	}
	f.skill = intents.New(stores, guides, f.cfg, intents.WithClock(func() time.Time { return f.now }),
		intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
}

func TestNoFalseDone(t *testing.T) {
	tests := []struct {
		name  string
		turns [][]string // intent, then slots
		never []string
		says  []string
	}{
		{"repair not saved", [][]string{{"ReportRepairIntent", "problem=LEAK", "room=KITCHEN"}, {"AMAZON.YesIntent"}},
			[]string{"Done", "reference", "I've reported"}, []string{"couldn't save your repair", "has not been reported", "call us on"}},
		{"booking not saved", [][]string{{"BookCoachIntent"}, {"AMAZON.YesIntent"}},
			[]string{"Booked", "will visit you"}, []string{"couldn't book that", "nothing has been booked"}},
		{"emergency not saved still gives all the advice", [][]string{{"ReportRepairIntent", "problem=GAS_SMELL"}},
			[]string{"reported it as an emergency", "reference"}, []string{"0800 111 999", "couldn't save a report", "make sure you call"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("HH-F", false)
			stores := f.store.Stores()
			stores.Repairs, stores.Coaching = brokenWrites{f.store}, brokenWrites{f.store}
			f.rebuild(stores)
			var r intents.Response
			for _, tu := range tt.turns {
				r = c.say(tu[0], tu[1:]...)
			}
			speech := plain(r)
			for _, bad := range tt.never {
				if strings.Contains(speech, bad) {
					t.Errorf("says %q although nothing was saved: %q", bad, speech)
				}
			}
			for _, want := range tt.says {
				if !strings.Contains(speech, want) {
					t.Errorf("does not say %q: %q", want, speech)
				}
			}
			if open, _ := f.store.OpenRepairs(context.Background(), h.ID); len(open) != 0 {
				t.Errorf("repairs saved: %+v", open)
			}
			if got := f.lastEvent().Outcome; got == intents.OutcomeRepairReported || got == intents.OutcomeCoachBooked {
				t.Errorf("event outcome %q for something not saved", got)
			}
		})
	}
}

func TestUsageWriteFailureKeepsTheConversationAndTheEvent(t *testing.T) {
	f := newFixture(t)
	usage := &flakyUsage{Store: f.store, down: true}
	stores := f.store.Stores()
	stores.Usage = usage
	f.rebuild(stores)

	c := f.speaker("speaker-flaky")
	// While the usage log is down, the tenant still gets answers.
	before := len(f.store.All())
	for _, intent := range []string{"AMAZON.HelpIntent", "AMAZON.FallbackIntent"} {
		req := intents.Request{ID: "flaky-" + intent, Type: intents.IntentRequest, Intent: intent, SpeakerID: c.speaker, Time: f.now}
		r := f.skill.Handle(context.Background(), req)
		if !strings.HasSuffix(plain(r), "?") || r.End {
			t.Errorf("%s while the log is down: %q", intent, plain(r))
		}
	}
	if got := f.skill.UsageBacklog(); got != 2 {
		t.Fatalf("backlog %d, want 2 kept for retry", got)
	}
	if len(f.store.All()) != before {
		t.Fatalf("events written while down")
	}
	// Back up: the next request's write also flushes the backlog.
	usage.down = false
	f.skill.Handle(context.Background(), intents.Request{ID: "flaky-after", Type: intents.LaunchRequest, SpeakerID: c.speaker, Time: f.now})
	if got := f.skill.UsageBacklog(); got != 0 {
		t.Errorf("backlog %d after recovery, want 0", got)
	}
	ids := map[string]bool{}
	for _, e := range f.store.All() {
		ids[e.RequestID] = true
	}
	for _, id := range []string{"flaky-AMAZON.HelpIntent", "flaky-AMAZON.FallbackIntent", "flaky-after"} {
		if !ids[id] {
			t.Errorf("event %s lost", id)
		}
	}
}

// hangingStore blocks every call until its context ends, like a store whose
// network has gone quiet.
type hangingStore struct{ *memstore.Store }

func (hangingStore) SaveRepair(ctx context.Context, _ intents.Repair) error {
	<-ctx.Done()
	return ctx.Err()
}

func (hangingStore) RecordUsage(ctx context.Context, _ intents.UsageEvent) error {
	<-ctx.Done()
	return ctx.Err()
}

// spillRecorder keeps what was spilled.
type spillRecorder struct{ got []intents.UsageEvent }

func (s *spillRecorder) SpillUsage(_ context.Context, e intents.UsageEvent) error {
	s.got = append(s.got, e)
	return nil
}

func TestSlowStoreAnswersHonestlyWithinBudget(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-SLOW", false)
	f.cfg.StoreBudget, f.cfg.WriteBudget = 150*time.Millisecond, 300*time.Millisecond
	stores := f.store.Stores()
	stores.Feedback = nil
	slow := hangingStore{f.store}
	stores.Repairs, stores.Usage = slow, slow
	spill := &spillRecorder{}
	stores.Spill = spill
	// The fixture's clock is fixed; the budget needs real time to pass.
	f.skill = intents.New(stores, mustGuides(t), f.cfg, intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))

	start := time.Now()
	st := intents.State{Flow: intents.FlowRepair, Problem: "LEAK", Room: "KITCHEN", Pending: "confirm_repair", Guide: "-"}
	r := f.skill.Handle(context.Background(), intents.Request{ID: "slow-1", Type: intents.IntentRequest, Intent: "AMAZON.YesIntent",
		SpeakerID: c.speaker, SessionID: "se-slow", State: st})
	took := time.Since(start)
	if took > time.Second {
		t.Errorf("answered after %v; the budget is 300 ms", took)
	}
	if s := plain(r); strings.Contains(s, "Done") || !strings.Contains(s, "has not been reported") {
		t.Errorf("speech %q", s)
	}
	if len(spill.got) != 1 || spill.got[0].RequestID != "slow-1" || spill.got[0].Outcome != intents.OutcomeError {
		t.Errorf("spilled %+v, want the one event with outcome error", spill.got)
	}
	if open, _ := f.store.OpenRepairs(context.Background(), h.ID); len(open) != 0 {
		t.Errorf("repair saved: %+v", open)
	}
}

func mustGuides(t *testing.T) *intents.Guides {
	t.Helper()
	g, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// lookupDown fails every household lookup, as a store timing out would.
type lookupDown struct{ *memstore.Store }

func (lookupDown) HouseholdForSpeaker(context.Context, string) (intents.Household, error) {
	return intents.Household{}, errStoreDown
}

// TestEventsKeepTheirHouseholdWhenALookupFails: per-household counts stay
// whole when a lookup times out mid-session.
func TestEventsKeepTheirHouseholdWhenALookupFails(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-LOOK", false)
	c.say("SelfFixIntent", "problem=RADIATOR")
	stores := f.store.Stores()
	stores.Households, stores.Feedback = lookupDown{f.store}, nil
	f.rebuild(stores)
	r := c.say("AMAZON.NextIntent")
	if !strings.Contains(plain(r), "Step 2 of") {
		t.Errorf("the guide stopped when the lookup failed: %q", plain(r))
	}
	if ev := f.lastEvent(); ev.HouseholdID != h.ID {
		t.Errorf("event household %q, want %q from the session", ev.HouseholdID, h.ID)
	}
}
