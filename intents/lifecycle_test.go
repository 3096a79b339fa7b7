package intents_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func TestTrialDates(t *testing.T) {
	day := func(s string) time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return d
	}
	tests := []struct {
		name    string
		trial   intents.Trial
		do      func(*convo) intents.Response
		says    []string
		outcome intents.Outcome
		end     bool
	}{
		{"open trial answers as usual", intents.Trial{Start: day("2026-11-01"), End: day("2026-11-30")},
			launch(), []string{"Welcome"}, intents.OutcomeWelcomed, false},
		{"the last day is still open", intents.Trial{Start: day("2026-11-01"), End: day("2026-11-23")},
			launch(), []string{"Welcome"}, intents.OutcomeWelcomed, false},
		{"ended trial says so with the phone number", intents.Trial{Start: day("2026-10-01"), End: day("2026-11-22")},
			launch(), []string{"trial has ended", "call us on", "0800 111 999"}, intents.OutcomeTrialClosed, true},
		{"not started yet", intents.Trial{Start: day("2026-12-01")},
			utter("BookCoachIntent"), []string{"starts on Tuesday the 1st of December"}, intents.OutcomeTrialClosed, true},
		{"a guide is closed too", intents.Trial{End: day("2026-11-01")},
			utter("SelfFixIntent", "problem=RADIATOR"), []string{"trial has ended"}, intents.OutcomeTrialClosed, true},
		{"emergency advice is still given first", intents.Trial{End: day("2026-11-01")},
			utter("ReportRepairIntent", "problem=GAS_SMELL"), []string{"Leave your home now", "0800 111 999"}, intents.OutcomeEmergencyAdvised, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if err := f.store.SetTrialDates(context.Background(), tt.trial); err != nil {
				t.Fatal(err)
			}
			c, _ := f.linked("HH-T", false)
			r := tt.do(c)
			for _, want := range tt.says {
				if !strings.Contains(plain(r), want) {
					t.Errorf("speech %q does not say %q", plain(r), want)
				}
			}
			if got := f.lastEvent().Outcome; got != tt.outcome || r.End != tt.end {
				t.Errorf("outcome %q end %v, want %q %v", got, r.End, tt.outcome, tt.end)
			}
		})
	}
}

// withFeedback turns on the feedback question the default fixture leaves off.
func withFeedback(f *fixture) {
	f.rebuild(f.store.Stores())
}

func TestFeedbackAfterAFinishedTask(t *testing.T) {
	f := newFixture(t)
	withFeedback(f)
	c, _ := f.linked("HH-FB", false)
	c.say("ReportRepairIntent", "problem=TAP", "room=KITCHEN")
	r := c.say("AMAZON.YesIntent")
	if !strings.Contains(plain(r), "how easy was that?") || r.Elicit == nil || r.Elicit.Intent != "FeedbackIntent" {
		t.Fatalf("no feedback question after a report: %q", plain(r))
	}
	if f.lastEvent().Outcome != intents.OutcomeRepairReported {
		t.Errorf("the report's own outcome must stay: %q", f.lastEvent().Outcome)
	}
	// Alexa may send the bare number to LinkHomeIntent: the pending question decides.
	r = c.say("LinkHomeIntent", "code~4")
	if ev := f.lastEvent(); ev.Outcome != intents.OutcomeFeedbackGiven || ev.Slots["rating"] != "4" || ev.Flow != intents.FlowFeedback {
		t.Errorf("rating event %+v", ev)
	}
	if !strings.Contains(plain(r), "Thank you") {
		t.Errorf("after rating: %q", plain(r))
	}

	// A second task within a fortnight is not interrupted.
	c.say("AMAZON.StopIntent")
	c.say("BookCoachIntent")
	if r := c.say("AMAZON.YesIntent"); strings.Contains(plain(r), "how easy") {
		t.Errorf("asked twice within a fortnight: %q", plain(r))
	}
	// Sixteen days later, it asks again.
	f.now = f.now.Add(16 * 24 * time.Hour)
	c.say("AMAZON.StopIntent")
	c.say("SelfFixIntent", "problem=SINK_BLOCKED")
	for c.state.Pending != "guide_fixed" {
		c.say("AMAZON.NextIntent")
	}
	if r := c.say("AMAZON.YesIntent"); !strings.Contains(plain(r), "how easy") {
		t.Errorf("not asked after a fortnight: %q", plain(r))
	}
}

func TestFeedbackAnswers(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(*convo) intents.Response
		outcome intents.Outcome
		rating  string
		end     bool
	}{
		{"a rating", utter("FeedbackIntent", "rating~5"), intents.OutcomeFeedbackGiven, "5", false},
		{"no thanks", no, intents.OutcomeFeedbackDeclined, "", false},
		{"I'd rather not say", utter("SaysIdIntent", "description~rather not say"), intents.OutcomeFeedbackDeclined, "", false},
		{"stop", utter("AMAZON.StopIntent"), intents.OutcomeFeedbackDeclined, "", true},
		{"out of range asks once more", utter("FeedbackIntent", "rating~9"), intents.OutcomeFeedbackAsked, "", false},
		{"not understood", utter("AMAZON.FallbackIntent"), intents.OutcomeFeedbackAsked, "", false},
		// The scale's own words, as the question names its ends.
		{"pretty easy really", utter("FeedbackIntent", "rating~pretty easy really"), intents.OutcomeFeedbackGiven, "4", false},
		{"very easy", utter("FeedbackIntent", "rating~very easy"), intents.OutcomeFeedbackGiven, "5", false},
		{"it was OK", utter("FeedbackIntent", "rating~it was ok"), intents.OutcomeFeedbackGiven, "3", false},
		{"not that easy", utter("FeedbackIntent", "rating~not that easy"), intents.OutcomeFeedbackGiven, "2", false},
		{"really hard", utter("FeedbackIntent", "rating~really hard"), intents.OutcomeFeedbackGiven, "1", false},
		{"ten out of ten", utter("FeedbackIntent", "rating~ten out of ten"), intents.OutcomeFeedbackGiven, "5", false},
		{"a bit fiddly", utter("FeedbackIntent", "rating~a bit fiddly"), intents.OutcomeFeedbackGiven, "2", false},
		// With thanks, as the catch-all hands it on: the rating, not "you're welcome".
		{"dead easy, thanks", utter("ReportRepairIntent", "problem~dead easy thanks"), intents.OutcomeFeedbackGiven, "5", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			withFeedback(f)
			c, _ := f.linked("HH-FA", false)
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			r := tt.answer(c)
			ev := f.lastEvent()
			if ev.Outcome != tt.outcome || ev.Slots["rating"] != tt.rating || r.End != tt.end {
				t.Errorf("outcome %q rating %q end %v (%q)", ev.Outcome, ev.Slots["rating"], r.End, plain(r))
			}
		})
	}
}

func TestForgetMe(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-GONE", false)
	c.say("ReportRepairIntent", "problem=TAP", "room=KITCHEN")
	c.say("AMAZON.YesIntent")
	c.say("BookCoachIntent")
	c.say("AMAZON.YesIntent")
	r := c.say("ForgetMeIntent")
	if !strings.Contains(plain(r), "Are you sure") {
		t.Fatalf("forget me: %q", plain(r))
	}
	r = c.say("AMAZON.YesIntent")
	if !r.End || !strings.Contains(plain(r), "removed your details") {
		t.Fatalf("after yes: %q", plain(r))
	}
	ctx := context.Background()
	if _, err := f.store.HouseholdForSpeaker(ctx, c.speaker); err == nil {
		t.Errorf("speaker still linked")
	}
	if all, _ := f.store.ListHouseholds(ctx); len(all) != 0 {
		t.Errorf("household kept: %+v", all)
	}
	if open, _ := f.store.OpenRepairs(ctx, h.ID); len(open) != 0 {
		t.Errorf("repairs kept: %+v", open)
	}
	for _, e := range f.store.All() {
		if e.HouseholdID == h.ID || e.SpeakerID == c.speaker {
			t.Errorf("event still names the household or speaker: %+v", e)
		}
	}
	if ev := f.lastEvent(); ev.Outcome != intents.OutcomeForgotten || ev.HouseholdID != "" {
		t.Errorf("forget event %+v", ev)
	}
	// The counts survive as anonymous events.
	if n := len(f.store.All()); n != 6 {
		t.Errorf("%d events, want all 6 kept anonymously", n)
	}
}

func TestForgetMeDeclined(t *testing.T) {
	f := newFixture(t)
	c, _ := f.linked("HH-STAY", false)
	c.say("ForgetMeIntent")
	r := c.say("AMAZON.NoIntent")
	if !strings.Contains(plain(r), "haven't changed anything") {
		t.Errorf("%q", plain(r))
	}
	if _, err := f.store.HouseholdForSpeaker(context.Background(), c.speaker); err != nil {
		t.Errorf("unlinked after no: %v", err)
	}
}

// TestForgetMeBlanksEventsAwaitingRetry: events kept in memory while the
// usage log was down must not bring an erased household back when the log
// recovers.
func TestForgetMeBlanksEventsAwaitingRetry(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-LATE", false)
	usage := &flakyUsage{Store: f.store, down: true}
	stores := f.store.Stores()
	stores.Usage, stores.Feedback = usage, nil
	f.rebuild(stores)
	ctx := context.Background()
	req := func(id, intent string, st intents.State) intents.Request {
		return intents.Request{ID: id, Type: intents.IntentRequest, Intent: intent, SpeakerID: c.speaker, SessionID: "se-late", Time: f.now, State: st}
	}
	// The usage log is down throughout: help, then forget me, confirmed.
	f.skill.Handle(ctx, req("late-1", "AMAZON.HelpIntent", intents.State{}))
	f.skill.Handle(ctx, req("late-2", "ForgetMeIntent", intents.State{}))
	f.skill.Handle(ctx, req("late-3", "AMAZON.YesIntent", intents.State{Pending: "forget"}))
	if _, err := f.store.HouseholdForSpeaker(ctx, c.speaker); err == nil {
		t.Fatal("not erased")
	}
	if got := f.skill.UsageBacklog(); got != 3 {
		t.Fatalf("backlog %d, want 3", got)
	}
	// Back up: the next request also writes the backlog.
	usage.down = false
	f.skill.Handle(ctx, intents.Request{ID: "late-4", Type: intents.LaunchRequest, SpeakerID: "someone-else", SessionID: "se-other", Time: f.now})
	if f.skill.UsageBacklog() != 0 {
		t.Fatalf("backlog not written")
	}
	for _, e := range f.store.All() {
		if e.HouseholdID == h.ID || e.SpeakerID == c.speaker {
			t.Errorf("event %s names the erased household after the backlog was written: %+v", e.RequestID, e)
		}
	}
}
