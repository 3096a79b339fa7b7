package staff

import (
	"net/http"

	"github.com/homehelper/homehelper/evaluation"
)

// definitionsPage is every figure's name and meaning, by section: the
// words the dashboard, the downloads and `homehelper report` use.
type definitionsPage struct {
	pageData
	Sections []definitionSection
}

type definitionSection struct {
	Name  string
	Terms []evaluation.Term
}

func (s *site) definitionsPage(w http.ResponseWriter, r *http.Request) {
	p := definitionsPage{pageData: pageData{Title: "What each figure means", Section: "definitions"}}
	for _, t := range evaluation.Terms() {
		if n := len(p.Sections); n == 0 || p.Sections[n-1].Name != t.Section() {
			p.Sections = append(p.Sections, definitionSection{Name: t.Section()})
		}
		sec := &p.Sections[len(p.Sections)-1]
		sec.Terms = append(sec.Terms, t)
	}
	s.render(w, r, http.StatusOK, "definitions.html", p)
}
