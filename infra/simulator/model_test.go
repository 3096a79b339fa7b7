package simulator

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// realModel is the skill's own interaction model, written elsewhere in the
// repository.
const realModel = "../../skill-package/interactionModels/custom/en-GB.json"

// exampleWords says one thing a user could say for a slot of type t.
func exampleWords(t *slotType) string {
	switch t.kind {
	case kindCustom:
		if len(t.values) > 0 {
			return t.values[0].name
		}
		return "thing"
	case kindNumber:
		return "five"
	case kindFourDigit:
		return "one two three four"
	case kindPhone:
		return "zero one two three"
	case kindOrdinal:
		return "third"
	case kindDate:
		return "tomorrow"
	case kindTime:
		return "ten am"
	case kindDuration:
		return "five minutes"
	}
	return "something"
}

// fill turns a compiled sample into an utterance.
func fill(smp *sample) string {
	var words []string
	for _, p := range smp.parts {
		if p.word != "" {
			words = append(words, p.word)
		} else {
			words = append(words, exampleWords(smp.intent.slots[p.slot].typ))
		}
	}
	return strings.Join(words, " ")
}

// checkModel says every sample of every intent, with example slot values,
// and checks it reaches its own intent; and says every value and synonym of
// every custom slot type in answer to a prompt for a slot of that type, and
// checks it resolves to its own id. A failure means Alexa too is likely to
// confuse two intents, or that a synonym is shadowed.
func checkModel(t *testing.T, sim *Simulator) {
	for _, def := range sim.intents {
		for _, smp := range def.samples {
			said := fill(smp)
			env := inSession(t, sim, said)
			got := env.Request.Intent.Name
			if _, lead := intents.LeadWord(def.name); lead && got == "ReportRepairIntent" {
				// A lead intent is a repair report that keeps its first
				// word (intents/lead.go); reaching the report is the same.
				continue
			}
			if got != def.name {
				t.Errorf("%s sample %q, said as %q, reaches %s", def.name, smp.text, said, got)
			}
		}
	}
	for _, def := range sim.intents {
		for _, sd := range def.slots {
			if sd.typ.kind != kindCustom {
				continue
			}
			for words, vals := range sd.typ.lookup {
				c := sim.NewConversation("", "")
				if _, err := sim.Launch(c); err != nil {
					t.Fatal(err)
				}
				directive, _ := json.Marshal(map[string]any{"response": map[string]any{"shouldEndSession": false, "directives": []any{
					map[string]any{"type": "Dialog.ElicitSlot", "slotToElicit": sd.name, "updatedIntent": map[string]any{"name": def.name, "confirmationStatus": "NONE"}},
				}}})
				observe(t, sim, c, string(directive))
				env := say(t, sim, c, words)
				sl := env.Request.Intent.Slots[sd.name]
				var got []string
				if sl.Resolutions != nil {
					for _, v := range sl.Resolutions.ResolutionsPerAuthority[0].Values {
						got = append(got, v.Value.ID)
					}
				}
				var want []string
				for _, vi := range vals {
					want = append(want, sd.typ.values[vi].id)
				}
				sort.Strings(got)
				sort.Strings(want)
				if env.Request.Intent.Name != def.name || strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("%q in answer to %s.%s (%s): heard %s; want ids %v", words, def.name, sd.name, sd.typ.name, heard(env), want)
				}
			}

		}
	}
}

func TestTestdataModelIsConsistent(t *testing.T) {
	checkModel(t, newTestSim(t))
}

// TestRealModel runs the same checks on the skill's interaction model, once
// it exists.
func TestRealModel(t *testing.T) {
	b, err := os.ReadFile(realModel)
	if os.IsNotExist(err) {
		t.Skipf("%s not written yet", realModel)
	}
	if err != nil {
		t.Fatal(err)
	}
	sim, err := New(b, Options{Now: func() time.Time { return monday23 }})
	if err != nil {
		t.Fatalf("New(%s): %v", realModel, err)
	}
	checkModel(t, sim)
}

// TestRealModelTenantWords: answers tenants give in the middle of a
// conversation, in their own words, reach the intent the skill answers
// them with (Monday the 23rd of November 2026).
func TestRealModelTenantWords(t *testing.T) {
	b, err := os.ReadFile(realModel)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := New(b, Options{Now: func() time.Time { return monday23 }})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ said, want string }{
		{"what?", "AMAZON.RepeatIntent"},
		{"thank you", "ThanksIntent"},
		{"cheers", "ThanksIntent"},
		{"pardon", "AMAZON.RepeatIntent"},
		{"hang on", "HoldOnIntent"},
		{"wait a minute", "HoldOnIntent"},
		{"sort of", "MaybeIntent"},
		{"a bit", "MaybeIntent"},
		{"partly", "MaybeIntent"},
		{"not sure", "MaybeIntent"},
		{"no it didn't fix it", "AMAZON.NoIntent"},
		{"it's still not working", "SaysItsIntent description=still not working"},
		{"not really", "AMAZON.NoIntent"},
		// Words saying it is still there keep them, for the guide to read
		// (a step that changed nothing goes on) and "Did that fix it?".
		{"nope still cold", "SaysNoIntent description=still cold"},
		// So do words saying it is put right: part way through a guide
		// they end it, where a yes is the next step.
		{"yes that's sorted it", "SaysYesIntent description=that's sorted it"},
		{"it's working now", "SaysItsIntent description=working now"},
		{"not that one", "AMAZON.NoIntent"},
		{"cancel it", "AMAZON.CancelIntent"},
		{"cancel that", "AMAZON.CancelIntent"},
		{"any other day", "OtherDayIntent"},
		{"what have I got booked", "CheckAppointmentIntent"},
		{"on Thursday in the afternoon", "BookCoachIntent date=2026-11-26 time=AF"},
		{"in the morning", "BookCoachIntent time=MO"},
		{"how about next week", "BookCoachIntent date=2026-W49"},
		{"what about Friday", "BookCoachIntent date=2026-11-27"},
		{"have you got anything in the evening", "BookCoachIntent time=EV"},
		{"how about Monday", "BookCoachIntent date=2026-11-23"},
		{"my toilet won't flush", "ReportRepairIntent problem=toilet won't flush/TOILET_NO_FLUSH"},
		{"the toilet keeps running", "ReportRepairIntent problem=toilet keeps running/TOILET_RUNNING"},
		{"the toilet is blocked", "ReportRepairIntent problem=toilet is blocked/TOILET_BLOCKED"},
		{"I'd rate it four out of five", "FeedbackIntent rating=4"},
		// A three-letter word of what is wrong stays in the slot rather
		// than be dropped to resolve the rest: "tap", not "hot water".
		{"the hot water tap in the kitchen is stiff", "ReportRepairIntent problem=hot water tap/? room=kitchen is stiff/?"},
		// A word said after a slot's words stays in the slot rather than
		// be dropped to resolve the words before it: "fizzed" and
		// "sparked" are how a tenant tells of danger.
		{"the light switch fizzed", "ReportRepairIntent problem=light switch fizzed/?"},
		{"the pull cord sparked", "ReportRepairIntent problem=pull cord sparked/?"},
		{"the fuse box banged", "ReportRepairIntent problem=fuse box banged/?"},
	}
	for _, tt := range tests {
		if got := heard(inSession(t, sim, tt.said)); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.said, got, tt.want)
		}
	}
}
