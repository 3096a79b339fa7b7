package staff

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// Compare groups: the dashboard's measures for groups of households side
// by side — vulnerable or not, by coach, or by the week they were
// enrolled — from the same evaluation as the dashboard, with the group's
// households as the report's group (evaluation.Options.Households).

// groupings are the ways households can be split, by the ?by= value.
var groupings = []struct{ By, Name string }{
	{"vulnerable", "vulnerable or not"},
	{"coach", "by coach"},
	{"week", "by the week they were enrolled"},
}

// comparison is one group's report.
type comparison struct {
	Name       string            `json:"name"`
	Households int               `json:"households"`
	Report     evaluation.Report `json:"report"`
}

type comparePage struct {
	pageData
	View      view
	By        string
	Groupings []struct{ By, Name string }
	Groups    []comparison
	Rows      []compareRow
	// Shares are the rows that are shares of something, charted side by
	// side: counts of groups of different sizes would mislead on one axis.
	Shares []compareRow
}

// compareRow is one measure across the groups, as the page writes it.
type compareRow struct {
	Name   string
	Values []string
}

// groups splits the pilot's households (practice ones never) as by says.
func (s *site) groups(hs []intents.Household, by string) ([]string, map[string][]string, error) {
	var names []string
	ids := map[string][]string{}
	put := func(name, id string) {
		if _, ok := ids[name]; !ok {
			names = append(names, name)
		}
		ids[name] = append(ids[name], id)
	}
	for _, h := range hs {
		if h.Demo {
			continue
		}
		switch by {
		case "vulnerable":
			put(map[bool]string{true: "Vulnerable", false: "Not vulnerable"}[h.Vulnerable], h.ID)
		case "coach":
			put(s.coachName(h.CoachID), h.ID)
		case "week":
			d := h.EnrolledAt.In(s.Location)
			monday := time.Date(d.Year(), d.Month(), d.Day()-(int(d.Weekday())+6)%7, 0, 0, 0, 0, s.Location)
			put("Enrolled week of "+monday.Format("2 Jan 2006"), monday.Format(time.DateOnly)+"\x00"+h.ID)
		default:
			return nil, nil, badf("compare by vulnerable, coach or week, not %q", by)
		}
	}
	slices.Sort(names)
	if by == "week" {
		// Named by date: sort by the date, and strip it from the ids.
		slices.SortFunc(names, func(a, b string) int { return cmp.Compare(ids[a][0], ids[b][0]) })
		for n, list := range ids {
			for i, id := range list {
				list[i] = id[len(time.DateOnly)+1:]
			}
			ids[n] = list
		}
	}
	return names, ids, nil
}

func (s *site) compare(ctx context.Context, v view, by string) ([]comparison, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return nil, err
	}
	names, ids, err := s.groups(hs, by)
	if err != nil {
		return nil, err
	}
	out := make([]comparison, 0, len(names))
	for _, n := range names {
		gv := v
		gv.Households = ids[n]
		sum, err := s.summarise(ctx, gv)
		if err != nil {
			return nil, err
		}
		out = append(out, comparison{Name: n, Households: len(ids[n]), Report: sum.Report})
	}
	return out, nil
}

// compareMeasures are the rows of the comparison, by term.
var compareMeasures = []struct {
	key   string
	value func(evaluation.Report) string
}{
	{"take_up.enrolled_households", func(r evaluation.Report) string { return num(r.TakeUp.EnrolledHouseholds) }},
	{"take_up.active_households", func(r evaluation.Report) string { return num(r.TakeUp.ActiveHouseholds) }},
	{"take_up.active_share", func(r evaluation.Report) string { return pct(r.TakeUp.ActiveShare) }},
	{"take_up.sessions", func(r evaluation.Report) string { return num(r.TakeUp.Sessions) }},
	{"take_up.sessions_per_active_household_week", func(r evaluation.Report) string {
		return strconv.FormatFloat(r.TakeUp.SessionsPerActiveHouseholdWeek.Value, 'f', 1, 64)
	}},
	{"outcomes.repairs_reported", func(r evaluation.Report) string { return num(r.Outcomes.RepairsReported) }},
	{"outcomes.emergencies_advised", func(r evaluation.Report) string { return num(r.Outcomes.EmergenciesAdvised) }},
	{"completion.repair", func(r evaluation.Report) string { return pct(r.Completion.Repair.Rate) }},
	{"completion.guides", func(r evaluation.Report) string { return pct(r.Completion.Guides.Rate) }},
	{"outcomes.guides_fixed", func(r evaluation.Report) string { return num(r.Outcomes.GuidesFixed) }},
	{"outcomes.visits_booked", func(r evaluation.Report) string { return num(r.Outcomes.VisitsBooked) }},
	{"understanding.not_understood", func(r evaluation.Report) string { return pct(r.Understanding.NotUnderstood) }},
	{"satisfaction.satisfied", func(r evaluation.Report) string { return pct(r.Satisfaction.Satisfied) }},
	{"retention.stopped", func(r evaluation.Report) string { return pct(r.Retention.Stopped) }},
	{"cost.phone_calls_replaced", func(r evaluation.Report) string { return num(r.Cost.PhoneCalls) }},
}

func (s *site) comparePage(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	by := cmp.Or(r.URL.Query().Get("by"), "vulnerable")
	gs, err := s.compare(r.Context(), v, by)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := comparePage{pageData: pageData{Title: "Compare groups", Section: "compare"}, View: v, By: by, Groupings: groupings, Groups: gs}
	for _, m := range compareMeasures {
		row := compareRow{Name: evaluation.TermName(m.key)}
		for _, g := range gs {
			row.Values = append(row.Values, m.value(g.Report))
		}
		p.Rows = append(p.Rows, row)
		if slices.ContainsFunc(row.Values, func(v string) bool { return strings.HasSuffix(v, "%") }) {
			p.Shares = append(p.Shares, row)
		}
	}
	s.render(w, r, http.StatusOK, "compare.html", p)
}

// apiCompare is GET /staff/api/compare?by=vulnerable|coach|week&from=&to=:
// each group's name, size and full report.
func (s *site) apiCompare(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	by := cmp.Or(r.URL.Query().Get("by"), "vulnerable")
	gs, err := s.compare(r.Context(), v, by)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, map[string]any{"by": by, "groups": gs})
}
