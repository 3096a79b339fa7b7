package sqlite

import (
	"context"
	"testing"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// TestErasureKeepsPromisedRepairs: a household withdrawn while a repair's
// hand-off is still unsent (the repairs webhook down, or not yet set) has
// that repair passed on all the same, as the tenant was told: the message
// is kept, stripped to what the repairs team needs, and goes from the
// outbox once sent — the last of the household. Its sent hand-offs and
// its visits' go at once.
func TestErasureKeepsPromisedRepairs(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	for _, r := range []intents.Repair{
		{Ref: "HK0001", HouseholdID: h.ID, Problem: "LEAK", Room: "BATHROOM", Priority: intents.Urgent, Status: intents.StatusReported, GuideTried: true, ReportedAt: now},
		{Ref: "HK0002", HouseholdID: h.ID, Problem: "TAP", Room: "KITCHEN", Priority: intents.Routine, Status: intents.StatusReported, ReportedAt: now},
	} {
		if err := s.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	slot := intents.CoachSlot{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: now.Add(48 * 3600e9)}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := s.Book(ctx, intents.Booking{ID: "b1", HouseholdID: h.ID, Slot: slot, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	// HK0002's hand-off has gone already; HK0001's has not.
	sent := outboxOf(t, s)["repair:HK0002 repairs"]
	if err := s.MarkSent(ctx, sent.ID, now); err != nil {
		t.Fatal(err)
	}

	if err := s.EraseHousehold(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	left := outboxOf(t, s)
	if len(left) != 1 {
		t.Fatalf("outbox after the erasure: %v; want only HK0001's unsent hand-off", left)
	}
	d, ok := left["repair:HK0001 repairs"]
	if !ok || d.State != handoff.StatePending {
		t.Fatalf("HK0001's hand-off: %+v", d)
	}
	m, err := s.Message(ctx, d)
	if err != nil {
		t.Fatalf("the kept message: %v", err)
	}
	if r := m.Repair; r == nil || r.Ref != "HK0001" || r.HouseholdRef != h.Ref || r.Room != "BATHROOM" || r.Priority != "urgent" ||
		r.GuideTried || m.IdempotencyKey != "repair:HK0001" {
		t.Errorf("kept message %+v %+v: want the repair and the household's reference, nothing more", m, m.Repair)
	}
	if open, _ := s.OpenRepairs(ctx, h.ID); len(open) != 0 {
		t.Errorf("repairs still stored: %v", open)
	}
	if err := s.MarkSent(ctx, d.ID, now); err != nil {
		t.Fatal(err)
	}
	if left := outboxOf(t, s); len(left) != 0 {
		t.Errorf("outbox after the kept message was sent: %v; want nothing of the household", left)
	}
}
