package intents_test

import (
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestLeadIntents: sentences that reach the skill through a lead intent
// (the opening word in the intent's name, the rest in the description slot)
// are understood as the whole sentence would be, wherever they are said.
func TestLeadIntents(t *testing.T) {
	lead := func(intent, rest string) func(*convo) intents.Response {
		if rest == "" {
			return utter(intent)
		}
		return utter(intent, "description~"+rest)
	}
	declinedLeak := steps(utter("ReportRepairIntent", "problem=DAMP_MOULD"), no)
	tests := []struct {
		name    string
		reach   []func(*convo) intents.Response
		do      func(*convo) intents.Response
		says    string
		outcome intents.Outcome
		problem string // Slots["problem"] of the event, when it matters
		intent  string // the event's intent, when it matters
	}{
		{"sparks, said first", nil, lead("SaysSparksIntent", "came out of the socket when I plugged the kettle in"),
			intents.SafetyOpening("ELECTRICAL_FAULT"), intents.OutcomeEmergencyAdvised, "ELECTRICAL_FAULT", ""},
		{"water, said first", nil, lead("SaysWaterIntent", "dripping out of the big light"),
			intents.SafetyOpening("WATER_ELECTRICS"), intents.OutcomeEmergencyAdvised, "WATER_ELECTRICS", ""},
		{"no, said alone, is the built-in no", steps(utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN")), lead("SaysNoIntent", ""),
			"haven't reported it", intents.OutcomeRepairDeclined, "", "AMAZON.NoIntent"},
		{"no, then why, at the fix question", steps(utter("SelfFixIntent", "problem=SINK_BLOCKED"), untilFixQuestion), lead("SaysNoIntent", "that didn't fix it"),
			"didn't fix it", intents.OutcomeGuideNotFixed, "", ""},
		{"a bit better, at the fix question, is asked once more", steps(utter("SelfFixIntent", "problem=SINK_BLOCKED"), untilFixQuestion), lead("SaysAIntent", "bit better than it was"),
			"Is it working properly now?", intents.OutcomeGuideStep, "", "MaybeIntent"},
		{"yes in words, at the read-back", steps(utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN")), lead("SaysIfIntent", "you would please"),
			"Your reference is", intents.OutcomeRepairReported, "", "AMAZON.YesIntent"},
		{"a room after a declined guide", declinedLeak, lead("SaysAllIntent", "over the bathroom ceiling"),
			"in the bathroom. Shall I report it?", intents.OutcomeRepairPrompted, "", ""},
		{"how, said first, is a guide", nil, lead("SaysHowIntent", "do I bleed a radiator"),
			"bleeding a radiator", intents.OutcomeGuideStarted, "", "SelfFixIntent"},
		{"what do I do when, said first, is a guide", nil, lead("SaysWhatIntent", "do I do when the boiler pressure's low"),
			"boiler pressure", intents.OutcomeGuideStarted, "", "SelfFixIntent"},
		{"a smell question answered in words that are gas", steps(utter("ReportRepairIntent", "problem~there's a funny smell by the cooker")), lead("SaysYesIntent", "a bit eggy"),
			intents.SafetyOpening("GAS_SMELL"), intents.OutcomeEmergencyAdvised, "GAS_SMELL", ""},
		{"a smell question answered no, with more words", steps(utter("ReportRepairIntent", "problem~there's a funny smell by the cooker")), lead("SaysNoIntent", "it's more like drains"),
			"OK, thank you.", intents.OutcomeRepairPrompted, "", "AMAZON.NoIntent"},
		{"the electrics question answered no, with which and where", steps(utter("ReportRepairIntent", "problem=ELECTRICS_UNSURE~something's wrong with my electrics")), lead("SaysNoIntent", "just the kitchen lights flicker"),
			"So that's a light that isn't working, in the kitchen. Shall I report it?", intents.OutcomeRepairPrompted, "", "AMAZON.NoIntent"},
		{"the smell question answered no, with where", steps(utter("ReportRepairIntent", "problem~there's a weird smell")), lead("SaysNoIntent", "it's in the bathroom, like drains"),
			"So that's a bad smell, in the bathroom. Shall I report it?", intents.OutcomeRepairPrompted, "", "AMAZON.NoIntent"},
		{"the alarm question answered with a battery's beep", steps(utter("ReportRepairIntent", "problem~the alarm keeps going off")), lead("SaysJustIntent", "a beep now and then"),
			"OK, thank you.", intents.OutcomeRepairPrompted, "", "AMAZON.NoIntent"},
		{"I'll is never ill", nil, lead("SaysIllIntent", "check the boiler myself"),
			"I can talk you through", intents.OutcomeGuideStarted, "", ""},
		{"thanks, said alone", nil, lead("SaysThanksIntent", ""),
			"welcome", intents.OutcomeOutOfScope, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, _ := f.linked("HH-L", false)
			for _, do := range tt.reach {
				do(c)
			}
			r := tt.do(c)
			speech := plain(r)
			ev := f.lastEvent()
			if !strings.Contains(speech, tt.says) {
				t.Errorf("said %q, want it to say %q", speech, tt.says)
			}
			if ev.Outcome != tt.outcome {
				t.Errorf("outcome %s, want %s (%q)", ev.Outcome, tt.outcome, speech)
			}
			if tt.problem != "" && ev.Slots["problem"] != tt.problem {
				t.Errorf("problem %q, want %q", ev.Slots["problem"], tt.problem)
			}
			if tt.intent != "" && ev.Intent != tt.intent {
				t.Errorf("event intent %q, want %q", ev.Intent, tt.intent)
			}
			if strings.Contains(speech, "carbon monoxide") && tt.problem == "" {
				t.Errorf("heard danger in %q", speech)
			}
		})
	}
}
