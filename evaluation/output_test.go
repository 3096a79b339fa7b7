package evaluation_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

func TestEmptyLog(t *testing.T) {
	loc := london(t)
	nov, err := evaluation.ParsePeriod("2026-11-01", "2026-11-30", loc)
	if err != nil {
		t.Fatal(err)
	}
	enrolled := time.Date(2026, time.October, 20, 9, 0, 0, 0, loc)
	households := []intents.Household{
		{ID: "h_a", Ref: "HH-A", EnrolledAt: enrolled, LinkedAt: enrolled},
		{ID: "h_b", Ref: "HH-B", EnrolledAt: enrolled},
		{ID: "h_c", Ref: "HH-C", EnrolledAt: time.Date(2026, time.December, 2, 9, 0, 0, 0, loc)}, // after the period
	}
	tests := []struct {
		name       string
		households []intents.Household
		o          evaluation.Options
		enrolled   int
	}{
		{"nothing at all", nil, evaluation.Options{}, 0},
		{"a period, no events", nil, evaluation.Options{Period: nov}, 0},
		{"households, no events", households, evaluation.Options{Period: nov}, 2},
		{"a group, no events", households, evaluation.Options{Period: nov, Households: []string{"h_b"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := evaluation.Compute(nil, tt.households, tt.o)
			if r.TakeUp.Sessions != 0 || r.TakeUp.Requests != 0 || r.Cost.TotalGBP != 0 || r.Cost.PerTaskGBP != 0 ||
				r.Understanding.NotUnderstood != (evaluation.Ratio{}) || r.Completion.Repair.Rate != (evaluation.Ratio{}) {
				t.Errorf("figures from nothing: %+v", r)
			}
			if r.TakeUp.EnrolledHouseholds != tt.enrolled || len(r.Readiness) != tt.enrolled {
				t.Errorf("enrolled %d, readiness rows %d, want %d", r.TakeUp.EnrolledHouseholds, len(r.Readiness), tt.enrolled)
			}
			for _, rd := range r.Readiness {
				if rd.Band != evaluation.NotStarted || (rd.Linked != (rd.Ref == "HH-A")) {
					t.Errorf("readiness %+v", rd)
				}
			}
			checkReport(t, r)
			var text, table bytes.Buffer
			if err := r.WriteText(&text); err != nil || text.Len() == 0 {
				t.Errorf("WriteText: %v, %d bytes", err, text.Len())
			}
			if err := r.WriteCSV(&table); err != nil {
				t.Errorf("WriteCSV: %v", err)
			}
			b, err := json.Marshal(r)
			if err != nil || bytes.Contains(b, []byte("null")) {
				t.Errorf("JSON (lists must be [] not null): %v %s", err, b)
			}
		})
	}
}

// TestFilters checks what the demo and group filters leave out, on events
// written by hand so each kind appears once.
func TestFilters(t *testing.T) {
	loc := london(t)
	l := log{at: time.Date(2026, time.November, 3, 10, 0, 0, 0, loc)}
	l.add(intents.UsageEvent{HouseholdID: "h_a", SessionID: "s1", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed})
	l.add(intents.UsageEvent{HouseholdID: "h_b", SessionID: "s2", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed})
	l.add(intents.UsageEvent{SessionID: "s3", Flow: intents.FlowSelfFix, Outcome: intents.OutcomeGuideStarted, SpeakerID: "x"})
	l.add(intents.UsageEvent{SessionID: "s4", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed, Demo: true})
	l.add(intents.UsageEvent{HouseholdID: "h_a", SessionID: "s5", Flow: intents.FlowHelp, Outcome: intents.OutcomeHelp, Demo: true})
	tests := []struct {
		name                           string
		o                              evaluation.Options
		requests, withoutHousehold, hh int
	}{
		{"default: demo left out", evaluation.Options{}, 3, 1, 2},
		{"demo included", evaluation.Options{IncludeDemo: true}, 5, 2, 2},
		{"a group leaves out speakers not linked", evaluation.Options{Households: []string{"h_a"}}, 1, 0, 1},
		{"a group with demo", evaluation.Options{Households: []string{"h_a"}, IncludeDemo: true}, 2, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Location = loc
			r := evaluation.Compute(l.events, nil, tt.o)
			if r.TakeUp.Requests != tt.requests || r.TakeUp.RequestsWithoutHousehold != tt.withoutHousehold ||
				r.TakeUp.ActiveHouseholds != tt.hh || r.TakeUp.Sessions != tt.requests {
				t.Errorf("requests %d (%d without household), households %d, sessions %d; want %d (%d), %d, %d",
					r.TakeUp.Requests, r.TakeUp.RequestsWithoutHousehold, r.TakeUp.ActiveHouseholds, r.TakeUp.Sessions,
					tt.requests, tt.withoutHousehold, tt.hh, tt.requests)
			}
		})
	}
}

func TestCSV(t *testing.T) {
	g := pilot(t)
	hs := append(g.Households, intents.Household{ID: "h_formula", Ref: "=HYPERLINK(\"x\")", EnrolledAt: g.Scenario.Start})
	r := evaluation.Compute(g.Events, hs, evaluation.Options{Period: g.Period()})
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffsection,measure,breakdown,value\r\n") {
		t.Errorf("no byte-order mark and header: %q", out[:min(len(out), 60)])
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Error("a line ends without CR")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	find := func(section, measure, breakdown string) string {
		t.Helper()
		for _, row := range rows {
			if row[0] == section && row[1] == measure && row[2] == breakdown {
				return row[3]
			}
		}
		t.Errorf("no row %s / %s / %s", section, measure, breakdown)
		return ""
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	checks := []struct{ section, measure, breakdown, want string }{
		{"take-up", "conversations", "", strconv.Itoa(r.TakeUp.Sessions)},
		{"take-up", "households using it", "week of 2026-10-26", strconv.Itoa(r.TakeUp.Weeks[1].ActiveHouseholds)},
		{"take-up", "conversations by day begun", "Tuesday", strconv.Itoa(r.TakeUp.SessionsByWeekday[1])},
		{"completion", "repair reports finished", "", "55.6%"},
		{"completion", "repair reports finished", "denominator", strconv.Itoa(r.Completion.Repair.Rate.Denominator)},
		{"completion", "self-fix guides: not finished", "step 2, outcome guide_left", "1"},
		{"outcomes", "repairs reported", "priority routine", strconv.Itoa(r.Outcomes.RepairsByPriority.Routine)},
		{"satisfaction", "ratings", "rating 5", strconv.Itoa(r.Satisfaction.Ratings[4])},
		{"satisfaction", "average rating (1-5)", "", strconv.FormatFloat(r.Satisfaction.Mean, 'f', 2, 64)},
		{"cost", "estimated AWS cost per request, pounds", "", num(r.Cost.PerRequestGBP)},
		{"cost", "estimated saving, pounds", "", num(r.Cost.EstimatedSavingGBP)},
		{"readiness", "digital readiness", "HH-ADA", "independent"},
		{"readiness", "digital readiness", "'=HYPERLINK(\"x\")", "not started"},
		{"retention", "stopped: last used", "HH-CAT", "2026-10-22"},
	}
	for _, c := range checks {
		if got := find(c.section, c.measure, c.breakdown); got != c.want {
			t.Errorf("%s / %s / %s = %q, want %q", c.section, c.measure, c.breakdown, got, c.want)
		}
	}
	seen := map[[3]string]bool{}
	for _, row := range rows[1:] {
		k := [3]string{row[0], row[1], row[2]}
		if seen[k] {
			t.Errorf("two rows for %v", k)
		}
		seen[k] = true
		if strings.ContainsAny(row[3], "eE") && regexp.MustCompile(`^-?[0-9.]+[eE]`).MatchString(row[3]) {
			t.Errorf("%v: value %q in exponent form, which Excel reads as text", k, row[3])
		}
	}
}

func TestJSONNames(t *testing.T) {
	g := pilot(t)
	b, err := json.Marshal(evaluation.Compute(g.Events, g.Households, evaluation.Options{Period: g.Period()}))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !snake.MatchString(k) {
					t.Errorf("%s.%s is not snake_case", path, k)
				}
				walk(path+"."+k, x)
			}
		case []any:
			for _, x := range v {
				walk(path+"[]", x)
			}
		case nil:
			t.Errorf("%s is null", path)
		}
	}
	walk("report", v)
}

func TestText(t *testing.T) {
	g := pilot(t)
	r := evaluation.Compute(g.Events, g.Households, evaluation.Options{Period: g.Period()})
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Monday 19 October 2026 to Sunday 29 November 2026 (42 days",
		"demo requests (try-it page, chat) left out",
		"Repair reports", "step 2 of the guide, then the tenant left the guide",
		"Repair visits avoided", "Average rating (1 to 5)", "HH-CAT", "last used Thursday 22 October 2026",
		"Estimated saving", "an assumption", "HH-DAN", "not started", "no speaker is linked",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text does not say %q", want)
		}
	}
	if strings.Contains(out, "%!") {
		t.Errorf("a formatting mistake in the text:\n%s", out)
	}
}
