package sqlite

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// BenchmarkDashboard60Days computes a 60-day report from the rollups of the
// file HOMEHELPER_BENCH_DB names (seed one with `homehelper seed`; see
// docs/performance.md): the whole pilot's from the days' totals, as the
// staff dashboard does, and from every household's day rows, as a group's
// report does.
func BenchmarkDashboard60Days(b *testing.B) {
	path := os.Getenv("HOMEHELPER_BENCH_DB")
	if path == "" {
		b.Skip("HOMEHELPER_BENCH_DB names no seeded file")
	}
	s, err := Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	hs, err := s.ListHouseholds(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	loc := rollupLocation
	last := time.Date(2026, time.December, 3, 0, 0, 0, 0, loc)
	p := evaluation.Days(last.AddDate(0, 0, -59), last, loc)
	for _, read := range []struct {
		name string
		get  func() (evaluation.Rollups, error)
	}{
		{"totals", func() (evaluation.Rollups, error) { return s.UsageTotals(b.Context(), p.Start(), p.End(), false) }},
		{"days", func() (evaluation.Rollups, error) {
			return s.UsageRollups(b.Context(), p.Start(), p.Start(), p.End(), false)
		}},
	} {
		b.Run(read.name, func(b *testing.B) {
			for b.Loop() {
				ro, err := read.get()
				if err != nil {
					b.Fatal(err)
				}
				r := evaluation.FromRollups(ro, hs, evaluation.Options{Period: p})
				if r.TakeUp.Requests == 0 {
					b.Fatal("no requests in the period")
				}
			}
		})
	}
}

// BenchmarkOutOfOrderRefold records, into the file HOMEHELPER_BENCH_DB
// names (it is changed: use a copy), an event a second older than the
// newest of its session, which folds the whole log again in the
// transaction that stores it. Run it -benchtime 1x on a million events.
func BenchmarkOutOfOrderRefold(b *testing.B) {
	path := os.Getenv("HOMEHELPER_BENCH_DB")
	if path == "" {
		b.Skip("HOMEHELPER_BENCH_DB names no seeded file")
	}
	s, err := Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var e intents.UsageEvent
	var ms int64
	if err := s.read.QueryRowContext(b.Context(), `SELECT request_id, time, household_id, speaker_id, session_id FROM usage_events
		WHERE session_id != '' ORDER BY time DESC LIMIT 1`).Scan(&e.RequestID, &ms, &e.HouseholdID, &e.SpeakerID, &e.SessionID); err != nil {
		b.Fatal(err)
	}
	e.RequestType, e.Intent, e.Flow, e.Outcome = intents.IntentRequest, "AMAZON.HelpIntent", intents.FlowHelp, intents.OutcomeHelp
	n := 0
	for b.Loop() {
		n++
		late := e
		late.RequestID = fmt.Sprintf("late-%d-%d", time.Now().UnixNano(), n)
		late.Time = time.UnixMilli(ms).Add(-time.Second)
		if err := s.RecordUsage(b.Context(), late); err != nil {
			b.Fatal(err)
		}
	}
}
