package intents_test

import (
	"context"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestWhatTenantsHearOfTheHandOff: a tenant hears that the repairs team
// will be told only when a hand-off destination exists; without one they
// hear the landlord's number to call; a practice household hears that
// nobody will be told. For an ordinary repair and for an emergency.
func TestWhatTenantsHearOfTheHandOff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		untold  bool
		demo    bool
		repair  []string // heard after confirming an ordinary repair
		gas     []string // heard after a smell of gas
		neither []string // heard in neither
	}{
		{"a destination exists", false, false,
			[]string{"the repairs team will be told", "Your reference is"},
			[]string{"reported it as an emergency", "Your reference is"},
			[]string{"call us on", "nobody will be told"}},
		{"no destination", true, false,
			[]string{"doesn't reach the repairs team by itself", "please also call us on", "0808 157 0000", "Your reference is"},
			[]string{"doesn't reach the repairs team by itself, so you must call", "Your reference is"},
			[]string{"will be told", "reported it as an emergency"}},
		{"a practice household", false, true,
			[]string{"practice home, so nobody will be told", "Your reference is"},
			[]string{"practice home", "nobody will be told"},
			[]string{"the repairs team will be told", "reported it as an emergency"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *intents.Config) { c.RepairsUntold = tc.untold })
			h, err := intents.Enrol(context.Background(), f.store, f.pseudo, intents.Enrolling{Ref: "HH-TOLD", Demo: tc.demo}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			c := f.speaker("speaker-told")
			if _, err := f.store.LinkSpeaker(context.Background(), h.LinkCode, c.speaker, f.now); err != nil {
				t.Fatal(err)
			}
			c.launch()
			c.say("ReportRepairIntent", "problem=DOOR", "room=BEDROOM")
			repair := plain(c.say("AMAZON.YesIntent"))
			c.say("AMAZON.NoIntent")
			c.launch()
			gas := plain(c.say("SelfFixIntent", "problem=GAS_SMELL"))
			for heard, want := range map[string][]string{repair: tc.repair, gas: tc.gas} {
				for _, w := range want {
					if !strings.Contains(heard, w) {
						t.Errorf("heard %q; want %q", heard, w)
					}
				}
				for _, w := range tc.neither {
					if strings.Contains(heard, w) {
						t.Errorf("heard %q; never want %q", heard, w)
					}
				}
			}
		})
	}
}
