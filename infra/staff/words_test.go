package staff

import (
	"slices"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// TestWordsCoverEveryID: every problem, room, flow, outcome, band, priority
// and status the conversation knows has words for staff, so none reaches a
// page as a bare id.
func TestWordsCoverEveryID(t *testing.T) {
	for _, id := range intents.ProblemIDs() {
		if w := problem(id); w == "" || w == id {
			t.Errorf("problem %s has no words", id)
		}
	}
	for _, id := range intents.RoomIDs() {
		if roomWords[id] == "" {
			t.Errorf("room %s has no words", id)
		}
	}
	for _, f := range intents.Flows {
		if w := evaluation.FlowName(string(f)); w == string(f) {
			t.Errorf("flow %s has no words", f)
		}
	}
	for _, o := range intents.Outcomes {
		if w := evaluation.OutcomeWords(string(o)); w == strings.ReplaceAll(string(o), "_", " ") {
			t.Errorf("outcome %s has no words", o)
		}
	}
	for _, b := range evaluation.Bands {
		if bandAdvice[b] == "" {
			t.Errorf("band %s has no advice", b)
		}
	}
	for _, p := range []intents.Priority{intents.Emergency, intents.Urgent, intents.Routine} {
		if priorityWords[p] == "" {
			t.Errorf("priority %s has no words", p)
		}
	}
	for _, s := range statuses {
		if statusWords[s] == "" {
			t.Errorf("status %s has no words", s)
		}
	}
	// And no stale entries for ids that no longer exist.
	for id := range roomWords {
		if !slices.Contains(intents.RoomIDs(), id) {
			t.Errorf("words for room %s, which the conversation does not know", id)
		}
	}
}

func TestWhereStopped(t *testing.T) {
	for _, tt := range []struct {
		d    evaluation.DropOff
		want string
	}{
		{evaluation.DropOff{Step: "room", Outcome: "ended"}, "Asked which room, then the conversation ended"},
		{evaluation.DropOff{Step: "3", Outcome: "guide_left"}, "At step 3 of the guide, then the tenant left the guide"},
		{evaluation.DropOff{Outcome: "stopped"}, "Before any step, then the tenant said stop"},
		{evaluation.DropOff{Step: "new_step", Outcome: "new_outcome"}, "New step, then new outcome"},
	} {
		if got := whereStopped(tt.d); !strings.HasPrefix(got, tt.want) {
			t.Errorf("whereStopped(%+v) = %q, want %q…", tt.d, got, tt.want)
		}
	}
}
