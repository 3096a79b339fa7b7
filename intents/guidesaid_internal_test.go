package intents

import (
	"fmt"
	"testing"

	"github.com/homehelper/homehelper/content"
)

// TestGuidesSaidAsEscapedEachTime holds each guide's words, escaped once
// when loaded, to the words escaped on the turn as they were before.
func TestGuidesSaidAsEscapedEachTime(t *testing.T) {
	guides, err := LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range guides.all {
		for i := range g.Steps {
			for _, first := range []bool{false, true} {
				want := say("Here's that step again.")
				got := say("Here's that step again.")
				if first {
					want.text("I can talk you through " + g.Title + ".").text(g.Intro).
						text(fmt.Sprintf("There are %d steps. Say next when you've done each one.", len(g.Steps)))
					got.raw(g.opening)
				}
				want.pause().text(fmt.Sprintf("Step %d of %d.", i+1, len(g.Steps))).text(g.Steps[i])
				got.pause().raw(g.steps[i])
				if got.String() != want.String() {
					t.Errorf("%s step %d:\n%q\nwant\n%q", g.Topic, i+1, got.String(), want.String())
				}
			}
		}
	}
}
