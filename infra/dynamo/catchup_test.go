package dynamo

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
	"github.com/homehelper/homehelper/seed"
)

// TestCatchUpAfterDeadLetters: stream records that failed every retry
// (here, one in five never handed to RollUp) leave their events out of the
// figures; CatchUpRollups over their days folds exactly those in, and a
// second catch-up folds nothing.
func TestCatchUpAfterDeadLetters(t *testing.T) {
	srv := mototest.Start(t)
	s := newStreamedStore(t, srv, 11)
	ctx := t.Context()
	loc := intents.DefaultConfig().Location
	last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	if _, err := seed.Run(ctx, s, seed.Options{Households: 3, Days: 3, PerDay: 3, Last: last, Location: loc, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for {
		raw, n := s.stream.Next(t)
		if n == 0 {
			break
		}
		var ev events.DynamoDBEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		for i, r := range ev.Records {
			k, ok := UsageKeyOf(r)
			if !ok {
				continue
			}
			if i%5 == 2 {
				lost++
				continue // dead-lettered
			}
			if err := s.RollUp(ctx, k); err != nil {
				t.Fatal(err)
			}
		}
	}
	if lost == 0 {
		t.Fatal("no record was dropped")
	}

	hs, err := s.ListHouseholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	since := last.AddDate(0, 0, -10)
	es, err := s.UsageEvents(ctx, since, last.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	o := evaluation.Options{Period: evaluation.Days(last.AddDate(0, 0, -2), last, loc)}
	diffs := func() []string {
		ro, err := s.Store.UsageRollups(ctx, since, o.Period.Start(), o.Period.End(), false)
		if err != nil {
			t.Fatal(err)
		}
		return evaltest.Diff(evaluation.FromRollups(ro, hs, o), evaluation.Compute(es, hs, o))
	}
	if len(diffs()) == 0 {
		t.Fatal("the figures are whole with records lost: the test shows nothing")
	}
	n, err := s.CatchUpRollups(ctx, last.AddDate(0, 0, -3), last.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if n != lost {
		t.Errorf("caught up %d events, want the %d lost", n, lost)
	}
	for _, d := range diffs() {
		t.Errorf("after catching up, from rollups %s", d)
	}
	if n, err := s.CatchUpRollups(ctx, last.AddDate(0, 0, -3), last.AddDate(0, 0, 2)); err != nil || n != 0 {
		t.Errorf("a second catch-up folded %d (%v), want 0", n, err)
	}
}
