package intents

import (
	"testing"
)

// TestScriptsAsMadeEachTime holds a safety script made once, with what
// follows it joined on, to the script made whole on the turn: the same
// speech, and the same words on the card.
func TestScriptsAsMadeEachTime(t *testing.T) {
	cfg := DefaultConfig()
	s := &Skill{cfg: cfg}
	tu := &turn{Skill: s}
	rests := []func(*speech) *speech{
		func(s *speech) *speech { return s },
		func(s *speech) *speech {
			return s.text("This is a practice home, so I've noted it as an emergency but nobody will be told. Your reference is").spell("AB1234").text(".")
		},
		func(s *speech) *speech {
			return s.text("You reported this as an emergency earlier, so it's already with the team. Your reference is").spell("CD5678").text(".")
		},
		func(s *speech) *speech {
			return s.text("I couldn't save a report just now, so please make sure you call.")
		},
		func(s *speech) *speech { return s.text("Tom & Jerry's <flat>, \"upstairs\".") },
	}
	for id := range problems {
		for i, rest := range rests {
			whole := rest(safetyScript(id).text("Then call our emergency repairs line on").phone(cfg.EmergencyPhone).text("."))
			sc := tu.script(id)
			if again := tu.script(id); again != sc {
				t.Fatalf("%s: made twice differently", id)
			}
			r := rest(&speech{})
			if got := ssml(sc.ssml).add(r).String(); got != whole.String() {
				t.Errorf("%s, rest %d: said\n%q\nwant\n%q", id, i, got, whole.String())
			}
			if got, want := sc.plainWith(r), PlainText(whole.String()); got != want {
				t.Errorf("%s, rest %d: card\n%q\nwant\n%q", id, i, got, want)
			}
		}
	}
}
