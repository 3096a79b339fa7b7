package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/seed"
)

func TestDeleteUsageBefore(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, age := range []time.Duration{500 * 24 * time.Hour, 401 * 24 * time.Hour, 399 * 24 * time.Hour, time.Hour} {
		e := intents.UsageEvent{RequestID: string(rune('a' + i)), Time: now.Add(-age), RequestType: "LaunchRequest",
			Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}
		if err := s.RecordUsage(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.DeleteUsageBefore(t.Context(), now.Add(-400*24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v; want the 2 older than 400 days", n, err)
	}
	left, _ := s.UsageEvents(t.Context(), time.Unix(0, 0), now.Add(time.Hour))
	if len(left) != 2 {
		t.Errorf("%d events left, want 2", len(left))
	}
}

// TestEraseRemovesHandoffs: a withdrawn household's repairs leave nothing in
// the outbox but the unsent hand-offs the tenant was promised, each with
// its own stripped message, gone once sent.
func TestEraseRemovesHandoffs(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, ref := range []string{"GONE-1", "KEPT-1"} {
		h := intents.Household{ID: "hh-" + ref, Ref: ref, LinkCode: fmt.Sprint(200000 + i), CodeExpires: now.Add(time.Hour), EnrolledAt: now}
		if err := s.AddHousehold(t.Context(), h); err != nil {
			t.Fatal(err)
		}
		r := intents.Repair{Ref: "R" + ref, HouseholdID: h.ID, Problem: "GAS_SMELL", Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: now}
		if err := s.SaveRepair(t.Context(), r); err != nil {
			t.Fatal(err)
		}
	}
	if before, _ := s.ListOutbox(t.Context(), ""); len(before) != 4 {
		t.Fatalf("%d outbox rows before, want 4 (two emergencies, two destinations each)", len(before))
	}
	if err := s.EraseHousehold(t.Context(), "hh-GONE-1"); err != nil {
		t.Fatal(err)
	}
	after, _ := s.ListOutbox(t.Context(), "")
	if len(after) != 4 {
		t.Errorf("%d outbox rows after erasing one household, want 4: its two unsent ones are still owed", len(after))
	}
	for _, d := range after {
		if strings.Contains(fmt.Sprint(d), "GONE") {
			if err := s.MarkSent(t.Context(), d.ID, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	after, _ = s.ListOutbox(t.Context(), "")
	if len(after) != 2 {
		t.Errorf("%d outbox rows once the erased household's were sent, want its two gone", len(after))
	}
	for _, d := range after {
		if strings.Contains(fmt.Sprint(d), "GONE") {
			t.Errorf("hand-off of the erased household kept after it was sent: %+v", d)
		}
	}
}

// TestRetentionKeepsRollupsExact: after the retention delete, the rollups
// hold exactly what folding the events that are left gives (a fresh store
// fed those events), for periods before, across and after the cut, with
// sessions and guide attempts that ran across it.
func TestRetentionKeepsRollupsExact(t *testing.T) {
	ctx := t.Context()
	loc := intents.DefaultConfig().Location
	last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	open := func() *sqlite.Store {
		s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "hh.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	kept := open()
	if _, err := seed.Run(ctx, kept, seed.Options{Households: 8, Days: 30, PerDay: 6, Last: last, Location: loc, Seed: 3, InFlight: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, kept, seed.Options{Households: 2, Days: 20, PerDay: 4, Last: last, Location: loc, Seed: 4, Demo: true, Prefix: "demo"}); err != nil {
		t.Fatal(err)
	}
	all, err := kept.UsageEvents(ctx, time.Unix(0, 0), last.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	// Mid-afternoon: the delete goes back to the start of that day.
	cut := last.AddDate(0, 0, -12).Add(15 * time.Hour)
	midnight := time.Date(cut.Year(), cut.Month(), cut.Day(), 0, 0, 0, 0, loc)
	var want int64
	for _, e := range all {
		if e.Time.Before(midnight) {
			want++
		}
	}
	n, err := kept.DeleteUsageBefore(ctx, cut)
	if err != nil || n != want || n == 0 {
		t.Fatalf("deleted %d, %v; want the %d events before %s", n, err, want, midnight)
	}
	left, err := kept.UsageEvents(ctx, time.Unix(0, 0), last.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	fresh := open()
	for _, e := range left {
		if err := fresh.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	since := last.AddDate(0, 0, -40)
	for _, p := range []struct{ from, to time.Time }{
		{last.AddDate(0, 0, -30), last.AddDate(0, 0, 1)},
		{last.AddDate(0, 0, -20), last.AddDate(0, 0, -10)},
		{midnight, midnight.AddDate(0, 0, 1)},
		{last.AddDate(0, 0, -6), last.AddDate(0, 0, 1)},
	} {
		for _, demo := range []bool{false, true} {
			got, err := kept.UsageRollups(ctx, since, p.from, p.to, demo)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.UsageRollups(ctx, since, p.from, p.to, demo)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s to %s (demo %v): rollups after the retention delete differ from the events left:\n got %+v\nwant %+v",
					p.from.Format(time.DateOnly), p.to.Format(time.DateOnly), demo, got, want)
			}
			got, err = kept.UsageTotals(ctx, p.from, p.to, demo)
			if err != nil {
				t.Fatal(err)
			}
			want, err = fresh.UsageTotals(ctx, p.from, p.to, demo)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s to %s (demo %v): totals after the retention delete differ from the events left:\n got %+v\nwant %+v",
					p.from.Format(time.DateOnly), p.to.Format(time.DateOnly), demo, got, want)
			}
		}
	}
}

// TestRetentionLetsUsageWritesThrough: the retention delete works one
// speaker at a time, so a usage event recorded while it runs is written
// between its transactions, not after the whole log is gone through.
func TestRetentionLetsUsageWritesThrough(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "hh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		e := intents.UsageEvent{RequestID: fmt.Sprint("old-", i), Time: now.AddDate(0, 0, -500), SpeakerID: fmt.Sprint("speaker-", i),
			SessionID: fmt.Sprint("session-", i), RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}
		if err := s.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var between []error
	sqlite.AfterRetiredUnit(s, func() {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		e := intents.UsageEvent{RequestID: fmt.Sprint("new-", len(between)), Time: now, SpeakerID: "speaker-new", SessionID: "session-new",
			RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}
		between = append(between, s.RecordUsage(wctx, e))
	})
	if n, err := s.DeleteUsageBefore(ctx, now.AddDate(0, 0, -400)); err != nil || n != 3 {
		t.Fatalf("deleted %d, %v; want 3", n, err)
	}
	if len(between) != 3 {
		t.Fatalf("%d pauses between transactions, want one after each of the 3 speakers", len(between))
	}
	for i, err := range between {
		if err != nil {
			t.Errorf("usage write %d, made while the retention delete ran: %v", i, err)
		}
	}
	left, _ := s.UsageEvents(ctx, time.Unix(0, 0), now.Add(time.Hour))
	if len(left) != 3 {
		t.Errorf("%d events left, want the 3 written while it ran", len(left))
	}
}
