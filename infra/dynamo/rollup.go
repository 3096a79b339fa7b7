package dynamo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// rollupLocation is where the rollups' days are reckoned: the pilot's.
var rollupLocation = intents.DefaultConfig().Location

// UsageRollups returns the rollups for a report of the days from from to
// to, and each household's use since since up to to (demo left out unless
// includeDemo).
//
// This store keeps no rollups yet: it folds the events since since, as
// Compute would, so a page view still reads every event since the start
// of the test (docs/data-model.md). The SQLite store keeps them.
func (s *Store) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	f := evaluation.NewFolder(rollupLocation)
	// To now, not to: a session or guide attempt belongs to the day it
	// began, with everything it did since (docs/evaluation.md).
	err := s.EachUsageEvent(ctx, earlier(since, from), time.Now().Add(24*time.Hour), func(e intents.UsageEvent) error {
		f.Add(&e)
		return nil
	})
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("dynamo: usage rollups: %w", err)
	}
	days := f.Touched()
	last := dayNumber(to.Add(-time.Millisecond))
	past := slices.DeleteFunc(slices.Clone(days), func(d *evaluation.Day) bool { return d.Day > last })
	return evaluation.Rollups{Days: days, History: evaluation.HistoryOf(past, includeDemo)}, nil
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// dayNumber numbers t's calendar day in rollupLocation as evaluation does.
func dayNumber(t time.Time) int {
	l := t.In(rollupLocation)
	return int(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// EachUsageEvent calls fn with each event with from <= Time < to, in
// UsageEvents' order, a UTC day at a time: it holds one day's events, not
// the period's, so the exports stream with memory that does not grow with
// the period.
func (s *Store) EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error {
	for day := from.UTC().Truncate(24 * time.Hour); day.Before(to); day = day.Add(24 * time.Hour) {
		lo, hi := day, day.Add(24*time.Hour)
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		es, err := s.UsageEvents(ctx, lo, hi)
		if err != nil {
			return err
		}
		for _, e := range es {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}
