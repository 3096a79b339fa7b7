package evaluation_test

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// TestSkillEventsAreNotUse: turning the skill off in the Alexa app is an
// event in the log, but not the household using Home Helper: it makes no
// request and no active household.
func TestSkillEventsAreNotUse(t *testing.T) {
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	evs := []intents.UsageEvent{{RequestID: "e1", Time: at, HouseholdID: "a", RequestType: intents.SkillDisabled,
		Flow: intents.FlowLink, Outcome: intents.OutcomeUnlinked}}
	r := evaluation.Compute(evs, nil, evaluation.Options{Period: evaluation.Days(at.Add(-48*time.Hour), at.Add(48*time.Hour), time.UTC)})
	if r.TakeUp.Events != 1 || r.TakeUp.Requests != 0 || r.TakeUp.ActiveHouseholds != 0 {
		t.Errorf("take-up: %d events, %d requests, %d active households; want 1, 0, 0", r.TakeUp.Events, r.TakeUp.Requests, r.TakeUp.ActiveHouseholds)
	}
}
