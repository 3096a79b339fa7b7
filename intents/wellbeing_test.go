package intents_test

import (
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestLowOrThinkingOfHarmHearsWhoToTalkTo: a tenant who says they are low,
// or thinking of harming themselves, hears Samaritans' number and 999
// first, wherever in a conversation they say it, then is offered a coach
// visit; their words are not kept. Words of a problem in the home that
// only sound like it go on as that problem.
func TestLowOrThinkingOfHarmHearsWhoToTalkTo(t *testing.T) {
	lead := func(intent, words string) func(*convo) intents.Response {
		return utter(intent, "description~"+words)
	}
	tests := []struct {
		name  string
		reach []func(*convo) intents.Response
		say   func(*convo) intents.Response
		low   bool
	}{
		{"thoughts of ending their life, opening", nil, utter("OutOfScopeIntent", "topic~to kill myself"), true},
		{"resolved by Alexa", nil, utter("OutOfScopeIntent", "topic=WELLBEING~thoughts of suicide"), true},
		{"feeling low", nil, lead("SaysIMIntent", "feeling really low"), true},
		{"depressed", nil, lead("SaysIIntent", "feel so depressed"), true},
		{"can't cope", nil, lead("SaysIIntent", "can't cope any more"), true},
		{"panic attacks", nil, utter("ReportRepairIntent", "problem~been having panic attacks"), true},
		{"no reason to live, asked which room", steps(utter("ReportRepairIntent", "problem=WINDOW")), lead("SaysIIntent", "honestly don't see any reason to live"), true},
		{"in a guide", steps(utter("SelfFixIntent", "problem=RADIATOR")), lead("SaysIMIntent", "thinking about ending it all"), true},
		{"damp that is getting them down is the damp", nil, utter("ReportRepairIntent", "problem=DAMP_MOULD~the mould is making me depressed"), false},
		{"can't cope with a problem is the problem", nil, lead("SaysIIntent", "can't cope with the damp any more"), false},
		{"hurt on a broken step is a repair", nil, lead("SaysIIntent", "hurt myself on the broken step"), false},
		{"low water pressure", nil, utter("ReportRepairIntent", "problem~the water pressure is really low"), false},
		{"low boiler pressure", nil, utter("ReportRepairIntent", "problem=BOILER_PRESSURE~the boiler pressure is low"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, _ := f.linked("HH-W", false)
			for _, do := range tt.reach {
				do(c)
			}
			r := tt.say(c)
			speech := plain(r)
			heard := strings.Contains(speech, "Samaritans") && strings.Contains(speech, "116 123") && strings.Contains(speech, "call 999")
			if heard != tt.low {
				t.Fatalf("heard who to talk to: %v, want %v: %q", heard, tt.low, speech)
			}
			if !tt.low {
				return
			}
			if !strings.Contains(r.Speech, `<say-as interpret-as="telephone">116 123</say-as>`) {
				t.Errorf("the number is not read as a phone number: %s", r.Speech)
			}
			if r.End || !strings.HasSuffix(speech, "Would you like me to find a time for a visit?") {
				t.Errorf("want a coach visit offered, session open: %q", speech)
			}
			ev := f.lastEvent()
			if ev.Outcome != intents.OutcomeOutOfScope || ev.Slots["topic"] != "WELLBEING" || len(ev.Slots) != 1 {
				t.Errorf("event outcome %q slots %v, want out_of_scope with the topic alone", ev.Outcome, ev.Slots)
			}
			if r := yes(c); !strings.Contains(plain(r), "Shall I book it?") {
				t.Errorf("yes to a visit: %q", plain(r))
			}
		})
	}
}
