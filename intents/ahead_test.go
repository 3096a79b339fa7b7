package intents_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestReadAheadNeverAnswersForAnotherHome: a store a round trip away reads
// a turn's booking and repairs beside the household lookup, on the
// household it guesses. When the guess is another home, one with a visit
// booked and a gas emergency open, the tenant still hears about their
// own home: no visit, no open repairs, and a gas report of their own.
func TestReadAheadNeverAnswersForAnotherHome(t *testing.T) {
	f := newGuessingFixture(t, wrongGuess)
	ctx := context.Background()
	other := f.enrol("HH-A", false)
	free, err := f.store.FreeSlots(ctx, other.CoachID, f.now, f.now.AddDate(0, 0, 14), 1)
	if err != nil || len(free) == 0 {
		t.Fatalf("a free visit for the other home: %v %v", free, err)
	}
	if err := f.store.Book(ctx, intents.Booking{ID: "b-other", HouseholdID: other.ID, Slot: free[0], BookedAt: f.now}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SaveRepair(ctx, intents.Repair{Ref: "GS1234", HouseholdID: other.ID, Problem: "GAS_SMELL", Priority: intents.Emergency,
		Status: intents.StatusReported, ReportedAt: f.now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}

	c, _ := f.linked("HH-B", false)
	tests := []struct {
		name    string
		intent  string
		slots   []string
		says    []string
		never   []string
		outcome intents.Outcome
	}{
		{"their visit", "CheckAppointmentIntent", nil,
			[]string{"You don't have a visit booked"}, []string{"Your next visit"}, intents.OutcomeCoachChecked},
		{"booking", "BookCoachIntent", nil,
			[]string{"The next visit I can book"}, []string{"You already have a visit"}, intents.OutcomeCoachOffered},
		{"their repairs", "RepairStatusIntent", nil,
			[]string{"You don't have any open repairs"}, nil, intents.OutcomeStatusRead},
		{"their gas", "ReportRepairIntent", []string{"problem=GAS_SMELL"},
			[]string{"I've also reported it as an emergency"}, []string{"already with the team"}, intents.OutcomeEmergencyAdvised},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.newSession = true
			speech := plain(c.say(tt.intent, tt.slots...))
			for _, want := range tt.says {
				if !strings.Contains(speech, want) {
					t.Errorf("%q does not say %q", speech, want)
				}
			}
			for _, bad := range tt.never {
				if strings.Contains(speech, bad) {
					t.Errorf("%q says %q", speech, bad)
				}
			}
			if ev := f.lastEvent(); ev.Outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", ev.Outcome, tt.outcome)
			}
		})
	}
}
