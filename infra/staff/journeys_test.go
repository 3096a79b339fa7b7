package staff

import (
	"html"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/evaluation"
)

// TestJourneysShowTheAPIFigures: every number on the journeys page is the
// API's, and the paths cover every conversation of the period.
func TestJourneysShowTheAPIFigures(t *testing.T) {
	p := newPilot(t)
	var api any
	p.getJSON("/staff/api/journeys?"+p.periodQuery(), &api)
	page := p.get("/staff/journeys?" + p.periodQuery())
	n := 0
	for _, m := range measureRE.FindAllStringSubmatch(page, -1) {
		path, format, text := m[2], m[3], strings.TrimSpace(html.UnescapeString(m[4]))
		n++
		v, err := lookup(api, path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if err := shows(api, path, format, text, v); err != nil {
			t.Errorf("%s: the page shows %q, the API says %v: %v", path, text, v, err)
		}
	}
	var j evaluation.Journeys
	p.getJSON("/staff/api/journeys?"+p.periodQuery(), &j)
	var r evaluation.Report
	p.getJSON("/staff/api/summary?"+p.periodQuery(), &r)
	paths, ends := 0, 0
	for _, x := range j.Paths {
		paths += x.Conversations
	}
	for _, x := range j.Endings {
		ends += x.Conversations
	}
	if paths != r.TakeUp.Sessions || ends != r.TakeUp.Sessions {
		t.Errorf("paths cover %d conversations and endings %d; the dashboard counts %d", paths, ends, r.TakeUp.Sessions)
	}
	if len(j.Guides) == 0 || len(j.Daily) != r.Period.Days {
		t.Errorf("%d guides, %d days (want %d)", len(j.Guides), len(j.Daily), r.Period.Days)
	}
	if n < 30 {
		t.Errorf("only %d figures on the page", n)
	}
}

// TestCompareGroups: the vulnerable and the other households' reports
// split the pilot's enrolled households between them, each equal to the
// summary for that group, and the page shows the same figures.
func TestCompareGroups(t *testing.T) {
	p := newPilot(t)
	var out struct {
		Groups []comparison `json:"groups"`
	}
	p.getJSON("/staff/api/compare?by=vulnerable&"+p.periodQuery(), &out)
	var all evaluation.Report
	p.getJSON("/staff/api/summary?"+p.periodQuery(), &all)
	if len(out.Groups) != 2 || out.Groups[0].Name != "Not vulnerable" || out.Groups[1].Name != "Vulnerable" {
		t.Fatalf("groups %+v", out.Groups)
	}
	enrolled, active := 0, 0
	for _, g := range out.Groups {
		enrolled += g.Report.TakeUp.EnrolledHouseholds
		active += g.Report.TakeUp.ActiveHouseholds
		if g.Households != g.Report.TakeUp.EnrolledHouseholds || g.Households == 0 {
			t.Errorf("%s: %d households, report counts %d enrolled", g.Name, g.Households, g.Report.TakeUp.EnrolledHouseholds)
		}
	}
	if enrolled != all.TakeUp.EnrolledHouseholds || active != all.TakeUp.ActiveHouseholds {
		t.Errorf("the groups add up to %d enrolled and %d active; all households %d and %d", enrolled, active,
			all.TakeUp.EnrolledHouseholds, all.TakeUp.ActiveHouseholds)
	}
	page := p.get("/staff/compare?by=vulnerable&" + p.periodQuery())
	row := `<th scope="row">` + evaluation.TermName("take_up.sessions") + `</th><td class="num">` + num(out.Groups[0].Report.TakeUp.Sessions) +
		`</td><td class="num">` + num(out.Groups[1].Report.TakeUp.Sessions) + `</td>`
	if !strings.Contains(page, row) {
		t.Errorf("the page lacks the row %s", row)
	}
	for _, by := range []string{"coach", "week"} {
		if w := p.do("GET", "/staff/compare?by="+by+"&"+p.periodQuery(), ""); w.Code != 200 {
			t.Errorf("compare by %s: %d", by, w.Code)
		}
	}
	if w := p.do("GET", "/staff/api/compare?by=shoe+size", ""); w.Code != 400 {
		t.Errorf("compare by shoe size: %d", w.Code)
	}
}

// TestCompareChartsTheShares: the compare page charts the shares (not the
// counts, which groups of different sizes would make misleading) from a
// table of the same figures as the comparison, one series per group.
func TestCompareChartsTheShares(t *testing.T) {
	p := newPilot(t)
	page := p.get("/staff/compare?by=vulnerable&" + p.periodQuery())
	i := strings.Index(page, `id="t-compare-shares"`)
	if i < 0 {
		t.Fatal("no chart of the shares on the compare page")
	}
	chart := page[i:]
	chart = chart[:strings.Index(chart, "</table>")]
	for _, want := range []string{`data-series>Not vulnerable</th>`, `data-series>Vulnerable</th>`,
		evaluation.TermName("completion.repair"), evaluation.TermName("satisfaction.satisfied")} {
		if !strings.Contains(chart, want) {
			t.Errorf("the shares chart's table lacks %q", want)
		}
	}
	if strings.Contains(chart, evaluation.TermName("take_up.sessions")+"<") {
		t.Errorf("the shares chart plots a count")
	}
}
