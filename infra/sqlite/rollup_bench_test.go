package sqlite

import (
	"os"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
)

// BenchmarkDashboard60Days computes a 60-day report from the rollups of the
// file HOMEHELPER_BENCH_DB names (seed one with `homehelper seed`; see
// docs/performance.md), as the staff dashboard does.
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
	for b.Loop() {
		ro, err := s.UsageRollups(b.Context(), p.Start(), p.Start(), p.End(), false)
		if err != nil {
			b.Fatal(err)
		}
		r := evaluation.FromRollups(ro, hs, evaluation.Options{Period: p})
		if r.TakeUp.Requests == 0 {
			b.Fatal("no requests in the period")
		}
	}
}
