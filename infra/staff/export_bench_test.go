package staff_test

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/infra/staff"
)

// rowCounter counts the CSV's lines as they stream past.
type rowCounter struct{ rows int }

func (c *rowCounter) Write(p []byte) (int, error) {
	c.rows += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// BenchmarkEventsCSV streams the whole events CSV of the file
// HOMEHELPER_BENCH_DB names (seed one with `homehelper seed`; see
// docs/performance.md), as the staff site's download does, and reports
// rows a second.
func BenchmarkEventsCSV(b *testing.B) {
	path := os.Getenv("HOMEHELPER_BENCH_DB")
	if path == "" {
		b.Skip("HOMEHELPER_BENCH_DB names no seeded file")
	}
	s, err := sqlite.Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		b.Fatal(err)
	}
	e := staff.Export{Format: "csv", From: "2025-01-01", To: time.Now().Format(time.DateOnly)}
	var rows int
	start := time.Now()
	for b.Loop() {
		c := &rowCounter{}
		if err := staff.WriteExport(b.Context(), s, loc, e, io.MultiWriter(c)); err != nil {
			b.Fatal(err)
		}
		rows += c.rows - 1
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
