package evaluation_test

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// TestOutOfScope: requests for things Home Helper does not do, by topic,
// most asked first, with how many households asked; outside the period,
// practice requests and other households' left out as asked.
func TestOutOfScope(t *testing.T) {
	loc := time.UTC
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
	ev := func(at time.Time, hh, topic string, demo bool) intents.UsageEvent {
		return intents.UsageEvent{Time: at, HouseholdID: hh, Outcome: intents.OutcomeOutOfScope, Slots: map[string]string{"topic": topic}, Demo: demo}
	}
	evs := []intents.UsageEvent{
		ev(day(2, 9), "a", "RENT", false), ev(day(2, 10), "a", "RENT", false), ev(day(3, 9), "b", "RENT", false),
		ev(day(3, 11), "b", "PESTS", false), ev(day(4, 9), "", "THANKS", false),
		ev(day(4, 10), "c", "PESTS", true),     // practice
		ev(day(9, 9), "a", "COMPLAINT", false), // after the period
		{Time: day(3, 12), HouseholdID: "a", Outcome: intents.OutcomeHelp},
	}
	p := evaluation.Days(day(2, 0), day(8, 0), loc)
	got := evaluation.OutOfScope(evs, evaluation.Options{Period: p})
	want := []evaluation.TopicCount{{"RENT", 3, 2}, {"PESTS", 1, 1}, {"THANKS", 1, 0}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := evaluation.OutOfScope(evs, evaluation.Options{Period: p, IncludeDemo: true}); got[1] != (evaluation.TopicCount{"PESTS", 2, 2}) {
		t.Errorf("with practice: %+v", got)
	}
	if got := evaluation.OutOfScope(evs, evaluation.Options{Period: p, Households: []string{"b"}}); len(got) != 2 || got[0] != (evaluation.TopicCount{"PESTS", 1, 1}) && got[0] != (evaluation.TopicCount{"RENT", 1, 1}) {
		t.Errorf("for household b: %+v", got)
	}
}
