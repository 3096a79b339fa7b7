package evaluation_test

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// TestJourneys: conversations' paths in words, where they ended, how far
// into a guide they got, households a day and conversation lengths, for
// a hand-built log; demo conversations and those begun before the period
// are left out.
func TestJourneys(t *testing.T) {
	loc := intents.DefaultConfig().Location
	day := time.Date(2026, 11, 3, 19, 0, 0, 0, loc)
	var evs []intents.UsageEvent
	add := func(session, hh string, min int, flow intents.Flow, step string, out intents.Outcome, slots map[string]string) {
		evs = append(evs, intents.UsageEvent{RequestID: session + string(rune('a'+len(evs))), SessionID: session, HouseholdID: hh,
			Time: day.Add(time.Duration(min) * time.Minute), RequestType: intents.IntentRequest, Flow: flow, Step: step, Outcome: out, Slots: slots})
	}
	radiator := map[string]string{"problem": "RADIATOR"}
	// A: opened, guide to step 3, not fixed, reported: 5 requests over 4 minutes.
	add("A", "h1", 0, intents.FlowLaunch, "", intents.OutcomeWelcomed, nil)
	add("A", "h1", 1, intents.FlowSelfFix, "1", intents.OutcomeGuideStarted, radiator)
	add("A", "h1", 2, intents.FlowSelfFix, "3", intents.OutcomeGuideStep, radiator)
	add("A", "h1", 3, intents.FlowSelfFix, "3", intents.OutcomeGuideNotFixed, radiator)
	add("A", "h1", 4, intents.FlowRepair, "saved", intents.OutcomeRepairReported, nil)
	// B: the same household, guide stopped at step 1.
	add("B", "h1", 60, intents.FlowSelfFix, "1", intents.OutcomeGuideStarted, radiator)
	add("B", "h1", 60, intents.FlowSelfFix, "1", intents.OutcomeGuideLeft, radiator)
	// C: another household, not understood twice in a row.
	add("C", "h2", 24*60, intents.FlowOther, "", intents.OutcomeNotUnderstood, nil)
	add("C", "h2", 24*60, intents.FlowOther, "", intents.OutcomeNotUnderstood, nil)
	// D: a demo conversation, left out.
	add("D", "h3", 30, intents.FlowLaunch, "", intents.OutcomeWelcomed, nil)
	evs[len(evs)-1].Demo = true
	// E: begun the day before the period.
	add("E", "h2", -24*60, intents.FlowLaunch, "", intents.OutcomeWelcomed, nil)

	p, err := evaluation.ParsePeriod("2026-11-03", "2026-11-05", loc)
	if err != nil {
		t.Fatal(err)
	}
	j := evaluation.ComputeJourneys(evs, evaluation.Options{Period: p, Location: loc})
	want := map[string]int{"opened → guide → not fixed → repair reported": 1, "guide → left the guide": 1, "not understood": 1}
	if len(j.Paths) != 3 {
		t.Errorf("paths %+v, want %v", j.Paths, want)
	}
	for _, pc := range j.Paths {
		if want[pc.Name] != pc.Conversations {
			t.Errorf("path %q: %d conversations, want %d", pc.Name, pc.Conversations, want[pc.Name])
		}
	}
	if len(j.Guides) != 1 || j.Guides[0].Guide != "RADIATOR" || len(j.Guides[0].Reached) != 3 ||
		j.Guides[0].Reached[0] != 2 || j.Guides[0].Reached[1] != 1 || j.Guides[0].Reached[2] != 1 {
		t.Errorf("guide steps %+v, want RADIATOR reached by 2, 1, 1", j.Guides)
	}
	if len(j.Daily) != 3 || j.Daily[0].Households != 1 || j.Daily[1].Households != 1 || j.Daily[2].Households != 0 {
		t.Errorf("daily %+v, want 1, 1, 0", j.Daily)
	}
	if j.Lengths[0].Conversations != 0 || j.Lengths[1].Conversations != 2 || j.Lengths[3].Conversations != 1 {
		t.Errorf("lengths %+v: want B and C at 2 requests, A at 5", j.Lengths)
	}
	if j.Minutes[0].Conversations != 2 || j.Minutes[2].Conversations != 1 {
		t.Errorf("minutes %+v: want two under a minute, A at 2 to 5", j.Minutes)
	}
	if g := evaluation.ComputeJourneys(evs, evaluation.Options{Period: p, Location: loc, Households: []string{"h2"}}); len(g.Paths) != 1 || g.Paths[0].Name != "not understood" {
		t.Errorf("for household h2 alone: %+v", g.Paths)
	}
}
