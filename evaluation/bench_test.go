package evaluation_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// bigLog copies the generated pilot's log until it holds n events: copy k
// has its own households, speakers and sessions, and starts k minutes
// later, so the copies interleave and Compute has to sort them.
func bigLog(tb testing.TB, n int) ([]intents.UsageEvent, []intents.Household) {
	g := pilot(tb)
	var events []intents.UsageEvent
	var households []intents.Household
	for k := 0; len(events) < n; k++ {
		sfx := fmt.Sprintf("-%d", k)
		for _, e := range g.Events {
			if len(events) == n {
				break
			}
			e.RequestID += sfx
			e.Time = e.Time.Add(time.Duration(k) * time.Minute)
			for _, id := range []*string{&e.HouseholdID, &e.SpeakerID, &e.SessionID} {
				if *id != "" {
					*id += sfx
				}
			}
			events = append(events, e)
		}
		for _, h := range g.Households {
			h.ID += sfx
			h.Ref += sfx
			households = append(households, h)
		}
	}
	return events, households
}

func BenchmarkCompute100k(b *testing.B) {
	events, households := bigLog(b, 100_000)
	o := evaluation.Options{Period: evaluation.Days(events[0].Time, events[0].Time.AddDate(0, 0, 45), london(b)), IncludeDemo: true}
	b.ReportAllocs()
	for b.Loop() {
		r := evaluation.Compute(events, households, o)
		if r.TakeUp.Events != len(events) {
			b.Fatalf("%d events counted, want %d", r.TakeUp.Events, len(events))
		}
	}
}

// TestComputeScales checks a report over 100,000 events counts every one.
// How fast it is belongs to the benchmarks (docs/performance.md), never to
// a timed test: a busy machine or -race would fail it.
func TestComputeScales(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100,000-event log")
	}
	events, households := bigLog(t, 100_000)
	r := evaluation.Compute(events, households, evaluation.Options{IncludeDemo: true})
	if r.TakeUp.Events != len(events) {
		t.Errorf("%d events counted, want %d", r.TakeUp.Events, len(events))
	}
}
