package evaluation_test

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParsePeriod(t *testing.T) {
	loc := london(t)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		from, to   string
		start, end time.Time
		days       int
	}{
		{"a winter day is 24 hours from midnight GMT", "2026-11-30", "2026-11-30", utc("2026-11-30T00:00:00Z"), utc("2026-12-01T00:00:00Z"), 1},
		{"a summer day starts at 11 pm UTC the day before", "2026-07-01", "2026-07-01", utc("2026-06-30T23:00:00Z"), utc("2026-07-01T23:00:00Z"), 1},
		{"the day the clocks go back is 25 hours", "2026-10-25", "2026-10-25", utc("2026-10-24T23:00:00Z"), utc("2026-10-26T00:00:00Z"), 1},
		{"the day the clocks go forward is 23 hours", "2026-03-29", "2026-03-29", utc("2026-03-29T00:00:00Z"), utc("2026-03-29T23:00:00Z"), 1},
		{"November, to included", "2026-11-01", "2026-11-30", utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z"), 30},
		{"across the change", "2026-10-19", "2026-11-01", utc("2026-10-18T23:00:00Z"), utc("2026-11-02T00:00:00Z"), 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := evaluation.ParsePeriod(tt.from, tt.to, loc)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Start().Equal(tt.start) || !p.End().Equal(tt.end) || p.NumDays() != tt.days {
				t.Errorf("start %v end %v days %d, want %v %v %d", p.Start().UTC(), p.End().UTC(), p.NumDays(), tt.start, tt.end, tt.days)
			}
			if !p.Contains(tt.start) || p.Contains(tt.end) || !p.Contains(tt.end.Add(-time.Nanosecond)) || p.Contains(tt.start.Add(-time.Nanosecond)) {
				t.Errorf("Contains does not match [start, end)")
			}
		})
	}
	for _, bad := range [][2]string{{"2026-11-31", "2026-12-01"}, {"1/11/2026", "2026-11-30"}, {"2026-11-01", ""}, {"2026-11-30", "2026-11-01"}} {
		if _, err := evaluation.ParsePeriod(bad[0], bad[1], loc); err == nil {
			t.Errorf("ParsePeriod(%q, %q): no error", bad[0], bad[1])
		}
	}
	if _, err := evaluation.ParsePeriod("2026-11-01", "2026-11-02", nil); err == nil {
		t.Error("ParsePeriod with no location: no error")
	}
}

// TestPeriodBoundaries drives sessions either side of Europe/London
// midnights around the clock change, and checks which days they fall on.
func TestPeriodBoundaries(t *testing.T) {
	loc := london(t)
	visit := func(day int, at string) evaltest.Visit {
		return evaltest.Visit{Day: day, At: at, Who: "HH-ONE", Do: []evaltest.Action{evaltest.Launch(), evaltest.Stop()}}
	}
	sc := evaltest.Scenario{
		Start:      evaltest.PilotStart, // Monday 19 October 2026
		Days:       14,
		Households: []evaltest.Household{{Ref: "HH-ONE", Linked: true}},
		Visits: []evaltest.Visit{
			visit(5, "23:59:30"), // Saturday 24th, BST: 22:59:30 UTC
			visit(6, "00:00"),    // Sunday 25th, BST: Saturday 23:00 UTC
			visit(6, "23:59:30"), // Sunday 25th, GMT since 2 am: 23:59:30 UTC
			visit(7, "00:00"),    // Monday 26th, GMT
			visit(7, "00:59:40"), // the second request falls at 01:00:00
		},
	}
	g := evaltest.Generate(t, sc)
	tests := []struct {
		from, to string
		sessions int // visits whose requests fall on these days
		byHour   map[int]int
	}{
		{"2026-10-24", "2026-10-24", 1, map[int]int{23: 1}},
		{"2026-10-25", "2026-10-25", 2, map[int]int{0: 1, 23: 1}},
		{"2026-10-26", "2026-10-26", 2, map[int]int{0: 2}},
		{"2026-10-24", "2026-10-26", 5, map[int]int{0: 3, 23: 2}},
		{"2026-10-27", "2026-11-01", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.from+"_"+tt.to, func(t *testing.T) {
			p, err := evaluation.ParsePeriod(tt.from, tt.to, loc)
			if err != nil {
				t.Fatal(err)
			}
			o := evaluation.Options{Period: p}
			got := evaluation.Compute(g.Events, g.Households, o)
			if got.TakeUp.Sessions != tt.sessions || got.TakeUp.Requests != 2*tt.sessions {
				t.Errorf("sessions %d requests %d, want %d and %d", got.TakeUp.Sessions, got.TakeUp.Requests, tt.sessions, 2*tt.sessions)
			}
			for h, n := range got.TakeUp.SessionsByHour {
				if n != tt.byHour[h] {
					t.Errorf("sessions begun %02d:00 = %d, want %d", h, n, tt.byHour[h])
				}
			}
			checkReport(t, got)
			for i := range got.Readiness {
				got.Readiness[i].Reason = ""
			}
			for _, d := range evaltest.Diff(got, g.Want(o)) {
				t.Error(d)
			}
		})
	}
}
