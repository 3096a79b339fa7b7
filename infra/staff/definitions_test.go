package staff

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/evaluation"
)

// TestOneVocabularyOnTheSite: the definitions page gives every figure's
// name and meaning, and wherever the dashboard shows a figure it uses
// that figure's name.
func TestOneVocabularyOnTheSite(t *testing.T) {
	p := newPilot(t)
	defs := p.get("/staff/definitions")
	dash := p.get("/staff/?" + p.periodQuery())
	shown := map[string]bool{}
	for _, m := range regexp.MustCompile(`data-measure="([a-z_]+\.[a-z_]+)`).FindAllStringSubmatch(dash, -1) {
		shown[m[1]] = true
	}
	dashText := html.UnescapeString(dash)
	for _, term := range evaluation.Terms() {
		if !strings.Contains(html.UnescapeString(defs), term.Name) || !strings.Contains(html.UnescapeString(defs), term.Meaning) {
			t.Errorf("the definitions page does not define %q", term.Name)
		}
		if shown[term.Key] && !strings.Contains(strings.ToLower(dashText), strings.ToLower(term.Name)) {
			t.Errorf("the dashboard shows %s without calling it %q", term.Key, term.Name)
		}
	}
	if len(shown) < 10 {
		t.Fatalf("found only %d figures on the dashboard", len(shown))
	}
}
