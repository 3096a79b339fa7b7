package evaluation_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/intents"
)

// pilot is generated once: driving the conversation is the slow part.
var pilot = sync1(func(t testing.TB) *evaltest.Generated { return evaltest.Generate(t, evaltest.Pilot()) })

// day is a day of the pilot, as a period bound.
func day(g *evaltest.Generated, n int) time.Time { return g.Scenario.Start.AddDate(0, 0, n) }

// TestPilot computes the report over the generated pilot log under many
// options and checks every figure against the tally kept while driving it.
func TestPilot(t *testing.T) {
	g := pilot(t)
	loc := g.Location()
	ids := func(refs ...string) []string {
		var out []string
		for _, r := range refs {
			out = append(out, g.ID(r))
		}
		return out
	}
	costs := evaluation.DefaultCosts()
	costs.LambdaDurationMS = 120
	costs.PhoneCostPerTaskGBP = 6.20
	tests := []struct {
		name string
		o    evaluation.Options
	}{
		{"whole pilot", evaluation.Options{Period: g.Period()}},
		{"no period means the whole log", evaluation.Options{}},
		{"demo included", evaluation.Options{Period: g.Period(), IncludeDemo: true}},
		{"a group of households", evaluation.Options{Period: g.Period(), Households: ids("HH-ADA", "HH-BEN", "HH-EVE")}},
		{"a household that linked in the middle of a session", evaluation.Options{Period: g.Period(), Households: ids("HH-FAY")}},
		{"a household that never used it", evaluation.Options{Period: g.Period(), Households: ids("HH-DAN")}},
		{"first fortnight", evaluation.Options{Period: evaluation.Days(day(g, 0), day(g, 13), loc)}},
		{"a period ending in the middle of a session", evaluation.Options{Period: evaluation.Days(day(g, 17), day(g, 22), loc)}},
		{"a period starting in the middle of a session", evaluation.Options{Period: evaluation.Days(day(g, 23), day(g, 41), loc)}},
		{"a period starting with a guide resumed", evaluation.Options{Period: evaluation.Days(day(g, 16), day(g, 41), loc)}},
		{"asked for before the end of the period", evaluation.Options{Period: evaluation.Days(day(g, 0), day(g, 29), loc),
			Now: time.Date(2026, time.November, 17, 12, 0, 0, 0, loc)}},
		{"own unit prices", evaluation.Options{Period: g.Period(), Costs: costs}},
		{"the landlord's own figures", evaluation.Options{Period: g.Period(),
			Costs: evaluation.CostModel{}.WithLandlordFigures(5.10, 142, 0.74, "staff", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))}},
	}
	for w := 0; w < 6; w++ {
		tests = append(tests, struct {
			name string
			o    evaluation.Options
		}{"week " + string(rune('1'+w)), evaluation.Options{Period: evaluation.Days(day(g, 7*w), day(g, 7*w+6), loc)}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := slices.Clone(g.Events)
			got := evaluation.Compute(events, g.Households, tt.o)
			if !slices.EqualFunc(events, g.Events, sameEvent) {
				t.Error("Compute changed the events it was given")
			}
			checkReport(t, got)
			for i := range got.Readiness {
				got.Readiness[i].Reason = ""
			}
			for _, d := range evaltest.Diff(got, g.Want(tt.o)) {
				t.Error(d)
			}
		})
	}
}

func sameEvent(a, b intents.UsageEvent) bool {
	return a.RequestID == b.RequestID && a.Time.Equal(b.Time)
}

// checkReport holds any report to what must be true whatever the data.
func checkReport(t *testing.T, r evaluation.Report) {
	t.Helper()
	for _, fc := range []evaluation.FlowCompletion{r.Completion.Repair, r.Completion.Guides, r.Completion.Booking, r.Completion.Linking} {
		dropped := 0
		for _, d := range fc.DropOff {
			dropped += d.Count
		}
		if dropped != fc.Rate.Denominator-fc.Rate.Numerator {
			t.Errorf("drop-off counts %d unfinished, rate says %d of %d finished", dropped, fc.Rate.Numerator, fc.Rate.Denominator)
		}
	}
	if r.Outcomes.RepairVisitsAvoided != r.Outcomes.GuidesFixed {
		t.Errorf("repair visits avoided %d, guides fixed %d", r.Outcomes.RepairVisitsAvoided, r.Outcomes.GuidesFixed)
	}
	for _, rd := range r.Readiness {
		if rd.Reason == "" || !slices.Contains(evaluation.Bands, rd.Band) {
			t.Errorf("readiness %+v: no band or no reason", rd)
		}
	}
	sum := 0
	for _, n := range r.TakeUp.SessionsByHour {
		sum += n
	}
	if sum != r.TakeUp.Sessions {
		t.Errorf("sessions by hour add up to %d, want %d", sum, r.TakeUp.Sessions)
	}
}

// TestPilotBands checks each household lands in the band the scenario was
// built to give it, and that the reason names the rule.
func TestPilotBands(t *testing.T) {
	g := pilot(t)
	r := evaluation.Compute(g.Events, g.Households, evaluation.Options{Period: g.Period()})
	reasons := map[evaluation.Band]string{
		evaluation.NotStarted: "has not used", evaluation.NeedsSupport: "", evaluation.GettingThere: "for independent",
		evaluation.Independent: "on its own",
	}
	for _, h := range g.Scenario.Households {
		if h.Band == "" {
			continue
		}
		i := slices.IndexFunc(r.Readiness, func(rd evaluation.Readiness) bool { return rd.Ref == h.Ref })
		if i < 0 {
			t.Errorf("%s: no readiness row", h.Ref)
			continue
		}
		rd := r.Readiness[i]
		if rd.Band != h.Band || !strings.Contains(rd.Reason, reasons[h.Band]) {
			t.Errorf("%s: %s (%s), want %s", h.Ref, rd.Band, rd.Reason, h.Band)
		}
	}
	if slices.ContainsFunc(r.Readiness, func(rd evaluation.Readiness) bool { return rd.Ref == "HH-IVY" }) {
		t.Error("a household that asked to be forgotten still has a readiness row")
	}
}

// sync1 runs make once per test binary and shares the result.
func sync1[T any](make func(testing.TB) T) func(testing.TB) T {
	var v T
	var done bool
	return func(tb testing.TB) T {
		tb.Helper()
		if !done {
			v, done = make(tb), true
		}
		return v
	}
}
