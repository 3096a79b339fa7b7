package dynamo

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func TestRepairHandOff(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	r := intents.Repair{Ref: "HK1001", HouseholdID: h.ID, Problem: "LEAK", Room: "KITCHEN",
		Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}
	if err := s.SaveRepair(ctx, r); err != nil {
		t.Fatal(err)
	}

	got, err := s.RepairHandOff(ctx, r.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Repair != r || !got.SentAt.IsZero() {
		t.Errorf("before the hand-off: %+v, want %+v and no SentAt", got, r)
	}
	ref, err := s.HouseholdRef(ctx, h.ID)
	if err != nil || ref != h.Ref {
		t.Errorf("HouseholdRef = %q, %v; want %q", ref, err, h.Ref)
	}

	pub := t0.Add(2 * time.Second)
	if err := s.MarkPublished(ctx, r.Ref, pub); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(3 * time.Second)
	if err := s.MarkHandedOff(ctx, r.Ref, at); err != nil {
		t.Fatal(err)
	}
	got, err = s.RepairHandOff(ctx, r.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !got.SentAt.Equal(at) || !got.PublishedAt.Equal(pub) || got.Repair != r {
		t.Errorf("after the hand-off: %+v, want SentAt %v and the repair unchanged", got, at)
	}

	// Marking does not create a repair that is not there.
	if err := s.MarkHandedOff(ctx, "HK9999", at); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("MarkHandedOff of an unknown repair: %v, want ErrNotFound", err)
	}
	if err := s.MarkPublished(ctx, "HK9999", at); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("MarkPublished of an unknown repair: %v, want ErrNotFound", err)
	}
	if _, err := s.RepairHandOff(ctx, "HK9999"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("RepairHandOff of an unknown repair: %v, want ErrNotFound", err)
	}
	if _, err := s.HouseholdRef(ctx, "hh-nope"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("HouseholdRef of an unknown household: %v, want ErrNotFound", err)
	}
}

func TestRepairsAwaitingHandOff(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	h := testHousehold(1)
	must(t, "AddHousehold", s.AddHousehold(ctx, h))
	save := func(ref string, at time.Time) {
		t.Helper()
		must(t, "SaveRepair", s.SaveRepair(ctx, intents.Repair{Ref: ref, HouseholdID: h.ID, Problem: "LEAK",
			Priority: intents.Routine, Status: intents.StatusReported, ReportedAt: at}))
	}
	save("HK0001", t0.Add(-8*24*time.Hour)) // before the window
	save("HK0002", t0.Add(-time.Hour))      // in it, not handed off
	save("HK0003", t0.Add(-30*time.Minute)) // in it, handed off
	save("HK0004", t0.Add(-10*time.Minute)) // in it, not handed off
	save("HK0005", t0.Add(-time.Minute))    // too recent: the stream's
	must(t, "MarkHandedOff", s.MarkHandedOff(ctx, "HK0003", t0))

	got, err := s.RepairsAwaitingHandOff(ctx, t0.Add(-7*24*time.Hour), t0.Add(-5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"HK0002", "HK0004"}; !slices.Equal(got, want) {
		t.Errorf("RepairsAwaitingHandOff = %v, want %v (oldest first)", got, want)
	}
}

func TestBookingHandOff(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	h := testHousehold(1)
	must(t, "AddHousehold", s.AddHousehold(ctx, h))
	a := intents.CoachSlot{ID: "priya-1", CoachID: "coach-priya", Coach: "Priya", Start: t0.Add(48 * time.Hour)}
	must(t, "AddCoachSlots", s.AddCoachSlots(ctx, []intents.CoachSlot{a}))
	must(t, "Book", s.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: a, BookedAt: t0}))

	v, err := s.BookingHandOff(ctx, "bk-1")
	if err != nil {
		t.Fatal(err)
	}
	want := intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: a, BookedAt: t0}
	if v.Booking != want || !v.Standing || !v.SlotKnown || !v.BookedSentAt.IsZero() || !v.CancelSentAt.IsZero() {
		t.Errorf("booked: %+v, want %+v standing, nothing sent", v, want)
	}
	for step, at := range map[VisitStep]time.Time{BookedPublished: t0.Add(time.Second), BookedSent: t0.Add(2 * time.Second)} {
		must(t, "MarkVisit", s.MarkVisit(ctx, "bk-1", step, at))
	}
	must(t, "CancelBooking", s.CancelBooking(ctx, "bk-1", t0.Add(time.Hour)))
	must(t, "MarkVisit", s.MarkVisit(ctx, "bk-1", CancelPublished, t0.Add(time.Hour+time.Second)))
	v, err = s.BookingHandOff(ctx, "bk-1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Standing || !v.SlotKnown || !v.Booking.CancelledAt.Equal(t0.Add(time.Hour)) || v.Booking.Slot != a ||
		!v.BookedPublishedAt.Equal(t0.Add(time.Second)) || !v.BookedSentAt.Equal(t0.Add(2*time.Second)) ||
		!v.CancelPublishedAt.Equal(t0.Add(time.Hour+time.Second)) || !v.CancelSentAt.IsZero() {
		t.Errorf("cancelled: %+v", v)
	}

	if _, err := s.BookingHandOff(ctx, "bk-nope"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("BookingHandOff of an unknown booking: %v, want ErrNotFound", err)
	}
	if err := s.MarkVisit(ctx, "bk-nope", BookedSent, t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("MarkVisit of an unknown booking: %v, want ErrNotFound", err)
	}
}
