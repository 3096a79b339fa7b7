package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

var allDests = []string{handoff.DestRepairs, handoff.DestEmergency, handoff.DestCoach}

func outboxOf(t *testing.T, s *Store) map[string]handoff.Delivery {
	t.Helper()
	ds, err := s.ListOutbox(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]handoff.Delivery{}
	for _, d := range ds {
		m[d.Key+" "+d.Destination] = d
	}
	return m
}

func TestSavedRepairQueuesItsHandoff(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	leak := intents.Repair{Ref: "HK0001", HouseholdID: h.ID, Problem: "LEAK", Room: "BATHROOM", Priority: intents.Urgent,
		Status: intents.StatusReported, GuideTried: true, ReportedAt: now}
	gas := intents.Repair{Ref: "HK0002", HouseholdID: h.ID, Problem: "GAS_SMELL", Priority: intents.Emergency,
		Status: intents.StatusReported, ReportedAt: now.Add(time.Minute)}
	for _, r := range []intents.Repair{leak, gas} {
		if err := s.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// A repair that is not saved (its reference is taken; its household
	// is unknown) queues nothing.
	if err := s.SaveRepair(ctx, intents.Repair{Ref: "HK0001", HouseholdID: h.ID, Problem: "TAP", Priority: intents.Emergency,
		Status: intents.StatusReported, ReportedAt: now}); !errors.Is(err, intents.ErrConflict) {
		t.Fatalf("duplicate ref: %v", err)
	}
	if err := s.SaveRepair(ctx, intents.Repair{Ref: "HK0003", HouseholdID: "nobody", Problem: "TAP", Priority: intents.Routine,
		Status: intents.StatusReported, ReportedAt: now}); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("unknown household: %v", err)
	}

	got := outboxOf(t, s)
	if len(got) != 3 {
		t.Fatalf("outbox holds %d deliveries, want 3 (leak: repairs; gas: repairs and emergency): %v", len(got), got)
	}
	for _, k := range []string{"repair:HK0001 repairs", "repair:HK0002 repairs", "repair:HK0002 emergency"} {
		d, ok := got[k]
		if !ok {
			t.Errorf("no delivery %s", k)
			continue
		}
		if d.State != handoff.StatePending || d.Attempts != 0 || d.Kind != handoff.KindRepair {
			t.Errorf("%s: %+v", k, d)
		}
	}
	if _, ok := got["repair:HK0001 emergency"]; ok {
		t.Error("an urgent repair went to the emergency destination")
	}

	// The message is built from what is stored, with the landlord's ref.
	m, err := s.Message(ctx, got["repair:HK0001 repairs"])
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Repair; r == nil || r.Ref != "HK0001" || r.HouseholdRef != h.Ref || r.ProblemWords != "a leak" ||
		r.Room != "BATHROOM" || !r.GuideTried || r.Emergency || m.IdempotencyKey != "repair:HK0001" {
		t.Errorf("message: %+v %+v", m, m.Repair)
	}

	// Due, MarkFailed and MarkSent; then the outbox survives a reopen.
	due, err := s.Due(ctx, now.Add(time.Hour), []string{handoff.DestRepairs}, 10)
	if err != nil || len(due) != 2 || due[0].Subject != "HK0001" {
		t.Fatalf("due: %v %+v", err, due)
	}
	if err := s.MarkSent(ctx, due[0].ID, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, due[0].ID, now.Add(time.Second)); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("marking a sent delivery sent again: %v", err)
	}
	if err := s.MarkFailed(ctx, due[1].ID, 1, now.Add(2*time.Hour), false, "503"); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.Due(ctx, now.Add(time.Hour), allDests, 10); len(due) != 1 || due[0].Destination != handoff.DestEmergency {
		t.Errorf("due after marking: %+v", due)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	got = outboxOf(t, s)
	if d := got["repair:HK0001 repairs"]; d.State != handoff.StateSent || !d.SentAt.Equal(now.Add(time.Second)) {
		t.Errorf("after reopen, sent: %+v", d)
	}
	if d := got["repair:HK0002 repairs"]; d.State != handoff.StatePending || d.Attempts != 1 || d.LastError != "503" ||
		!d.NextAttemptAt.Equal(now.Add(2*time.Hour)) {
		t.Errorf("after reopen, retrying: %+v", d)
	}
	if d := got["repair:HK0002 emergency"]; d.State != handoff.StatePending {
		t.Errorf("after reopen, emergency: %+v", d)
	}
	if err := s.MarkFailed(ctx, got["repair:HK0002 repairs"].ID, 2, time.Time{}, true, "gave up"); err != nil {
		t.Fatal(err)
	}
	if failed, _ := s.ListOutbox(ctx, handoff.StateFailed); len(failed) != 1 || failed[0].Subject != "HK0002" {
		t.Errorf("failed: %+v", failed)
	}
}

func TestBookingAndCancellationQueueCoachHandoffs(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	slot := intents.CoachSlot{ID: "c1@1", CoachID: "c1", Coach: "Priya", Start: now.Add(48 * time.Hour)}
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := s.Book(ctx, intents.Booking{ID: "b1", HouseholdID: h.ID, Slot: slot, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	// A booking refused (the slot is held) queues nothing.
	if err := s.Book(ctx, intents.Booking{ID: "b2", HouseholdID: h.ID, Slot: slot, BookedAt: now}); !errors.Is(err, intents.ErrConflict) {
		t.Fatalf("second booking: %v", err)
	}
	if err := s.CancelBooking(ctx, "b1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelBooking(ctx, "b1", now.Add(2*time.Hour)); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("cancelling twice: %v", err)
	}
	got := outboxOf(t, s)
	if len(got) != 2 {
		t.Fatalf("outbox: %+v", got)
	}
	for _, k := range []string{"visit:b1:booked coach", "visit:b1:cancelled coach"} {
		d, ok := got[k]
		if !ok {
			t.Fatalf("no delivery %s in %+v", k, got)
		}
		m, err := s.Message(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if v := m.Visit; v == nil || v.HouseholdRef != h.Ref || v.Coach != "Priya" || v.BookingID != "b1" || m.IdempotencyKey != d.Key {
			t.Errorf("%s: %+v %+v", k, m, m.Visit)
		}
	}
}

// TestPracticeHouseholdQueuesNoHandoff: a demo household's repairs (an
// emergency among them) and visits are saved and read back, but nothing
// is queued for anyone.
func TestPracticeHouseholdQueuesNoHandoff(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	h.Demo = true
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	gas := intents.Repair{Ref: "HK0009", HouseholdID: h.ID, Problem: "GAS_SMELL", Priority: intents.Emergency,
		Status: intents.StatusReported, ReportedAt: now}
	if err := s.SaveRepair(ctx, gas); err != nil {
		t.Fatal(err)
	}
	slot := intents.CoachSlot{ID: "slot-1", CoachID: "sam", Coach: "Sam", Start: now.Add(48 * time.Hour)}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := s.Book(ctx, intents.Booking{ID: "b-1", HouseholdID: h.ID, Slot: slot, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelBooking(ctx, "b-1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := outboxOf(t, s); len(got) != 0 {
		t.Errorf("a practice household queued hand-offs: %v", got)
	}
	rs, err := s.OpenRepairs(ctx, h.ID)
	if err != nil || len(rs) != 1 || rs[0].Ref != gas.Ref {
		t.Errorf("the practice repair read back as %v, %v", rs, err)
	}
}
