package handoff

import (
	"slices"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestRouting: an emergency reaches the emergency destination as well as
// the repairs team; anything else the repairs team only; a coach's visits
// go to their own address when staff have set one.
func TestRouting(t *testing.T) {
	for _, c := range []struct {
		priority intents.Priority
		want     []string
	}{
		{intents.Emergency, []string{DestRepairs, DestEmergency}},
		{intents.Urgent, []string{DestRepairs}},
		{intents.Routine, []string{DestRepairs}},
	} {
		if got := RepairDestinations(intents.Repair{Priority: c.priority}); !slices.Equal(got, c.want) {
			t.Errorf("%s repair goes to %v, want %v", c.priority, got, c.want)
		}
	}
	if got := VisitDestinations(); !slices.Equal(got, []string{DestCoach}) {
		t.Errorf("visits go to %v", got)
	}
	for _, c := range []struct{ own, shared, want string }{
		{"https://own", "https://shared", "https://own"},
		{"", "https://shared", "https://shared"},
		{"https://own", "", "https://own"},
		{"", "", ""},
	} {
		if got := CoachAddress(c.own, c.shared); got != c.want {
			t.Errorf("CoachAddress(%q, %q) = %q, want %q", c.own, c.shared, got, c.want)
		}
	}
}
