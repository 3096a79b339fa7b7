package sqlite_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
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
