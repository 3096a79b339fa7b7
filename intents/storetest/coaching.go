package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func slotID(s intents.CoachSlot) string { return s.ID }

func slot(coachID, coach string, start time.Time) intents.CoachSlot {
	return intents.CoachSlot{
		ID:      coachID + "@" + start.Format(time.RFC3339),
		CoachID: coachID,
		Coach:   coach,
		Start:   start,
	}
}

// The week's slots: Amira on the hour, Ben on the half hour.
var (
	a09 = slot("coach-a", "Amira", t0)
	a10 = slot("coach-a", "Amira", t0.Add(time.Hour))
	a11 = slot("coach-a", "Amira", t0.Add(2*time.Hour))
	a12 = slot("coach-a", "Amira", t0.Add(3*time.Hour))
	b09 = slot("coach-b", "Ben", t0.Add(30*time.Minute))
	b10 = slot("coach-b", "Ben", t0.Add(90*time.Minute))
)

func addSlots(t *testing.T, s Store, slots ...intents.CoachSlot) {
	t.Helper()
	if err := s.AddCoachSlots(t.Context(), slots); err != nil {
		t.Fatalf("AddCoachSlots: %v", err)
	}
}

// freeSlots lists the free slots of the whole day, any coach.
func freeSlots(t *testing.T, s Store) []intents.CoachSlot {
	t.Helper()
	got, err := s.FreeSlots(t.Context(), "", t0.Add(-time.Hour), t0.Add(24*time.Hour), 100)
	if err != nil {
		t.Fatalf("FreeSlots: %v", err)
	}
	return got
}

func booking(id string, h intents.Household, s intents.CoachSlot) intents.Booking {
	return intents.Booking{ID: id, HouseholdID: h.ID, Slot: s, BookedAt: t0.Add(-2 * time.Hour)}
}

func book(t *testing.T, s Store, bs ...intents.Booking) {
	t.Helper()
	for _, b := range bs {
		if err := s.Book(t.Context(), b); err != nil {
			t.Fatalf("Book(%s): %v", b.ID, err)
		}
	}
}

func testSchedule(t *testing.T, newStore newFunc) {
	t.Run("FreeSlots", func(t *testing.T) {
		s := newStore(t)
		addSlots(t, s, a12, b10, a09, a11, b09, a10)
		for _, tc := range []struct {
			name     string
			coachID  string
			from, to time.Time
			limit    int
			want     []intents.CoachSlot
		}{
			{"one coach, earliest first", "coach-a", t0, t0.Add(24 * time.Hour), 10, []intents.CoachSlot{a09, a10, a11, a12}},
			{"any coach, earliest first", "", t0, t0.Add(24 * time.Hour), 10, []intents.CoachSlot{a09, b09, a10, b10, a11, a12}},
			{"window includes from, excludes to", "", a10.Start, a12.Start, 10, []intents.CoachSlot{a10, b10, a11}},
			{"window inside one coach's day", "coach-b", t0.Add(time.Hour), t0.Add(24 * time.Hour), 10, []intents.CoachSlot{b10}},
			{"limit, any coach", "", t0, t0.Add(24 * time.Hour), 2, []intents.CoachSlot{a09, b09}},
			{"limit, one coach", "coach-a", t0.Add(time.Minute), t0.Add(24 * time.Hour), 1, []intents.CoachSlot{a10}},
			{"unknown coach", "coach-z", t0, t0.Add(24 * time.Hour), 10, nil},
			{"window with no slots", "", t0.Add(4 * time.Hour), t0.Add(24 * time.Hour), 10, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.FreeSlots(t.Context(), tc.coachID, tc.from, tc.to, tc.limit)
				if err != nil {
					t.Fatalf("FreeSlots: %v", err)
				}
				checkList(t, "FreeSlots", got, tc.want, slotID)
			})
		}
	})

	t.Run("AddCoachSlots keeps a stored slot as it is", func(t *testing.T) {
		s := newStore(t)
		addSlots(t, s, a09, a10)
		renamed := a09
		renamed.Coach = "Someone else"
		addSlots(t, s, renamed, a10, a11)
		checkList(t, "FreeSlots", freeSlots(t, s), []intents.CoachSlot{a09, a10, a11}, slotID)
	})
}

func testBooking(t *testing.T, newStore newFunc) {
	h1, h2 := household(1), household(2)

	t.Run("booked slots are not free until cancelled", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1, h2)
		addSlots(t, s, a09, a10, a11)
		book(t, s, booking("bk-1", h1, a10))
		checkList(t, "FreeSlots after booking", freeSlots(t, s), []intents.CoachSlot{a09, a11}, slotID)
		if err := s.CancelBooking(t.Context(), "bk-1", t0); err != nil {
			t.Fatalf("CancelBooking: %v", err)
		}
		checkList(t, "FreeSlots after cancelling", freeSlots(t, s), []intents.CoachSlot{a09, a10, a11}, slotID)
		book(t, s, booking("bk-2", h2, a10))
		checkList(t, "FreeSlots after booking again", freeSlots(t, s), []intents.CoachSlot{a09, a11}, slotID)
	})

	for _, tc := range []struct {
		name string
		b    intents.Booking
	}{
		{"by another household", booking("bk-2", h2, a10)},
		{"by the same household", booking("bk-2", h1, a10)},
	} {
		t.Run("a held slot is a conflict "+tc.name, func(t *testing.T) {
			s := newStore(t)
			addHouseholds(t, s, h1, h2)
			addSlots(t, s, a10)
			held := booking("bk-1", h1, a10)
			book(t, s, held)
			wantErr(t, "Book", s.Book(t.Context(), tc.b), intents.ErrConflict)
			got, err := s.ActiveBooking(t.Context(), h1.ID, t0)
			if err != nil {
				t.Fatalf("ActiveBooking(h1): %v", err)
			}
			checkEqual(t, "ActiveBooking(h1)", got, held)
			_, err = s.ActiveBooking(t.Context(), h2.ID, t0)
			wantErr(t, "ActiveBooking(h2)", err, intents.ErrNotFound)
		})
	}

	t.Run("20 households booking one slot at once: exactly one wins", func(t *testing.T) {
		const n = 20
		s := newStore(t)
		hs := make([]intents.Household, n)
		for i := range hs {
			hs[i] = household(i + 1)
		}
		addHouseholds(t, s, hs...)
		addSlots(t, s, a10, a11)
		errs := race(n, func(i int) error {
			return s.Book(t.Context(), booking(fmt.Sprintf("bk-%d", i), hs[i], a10))
		})
		won, lost, other := tally(errs, intents.ErrConflict)
		if won != 1 || lost != n-1 || len(other) > 0 {
			t.Fatalf("racing Book: %d won, %d conflicts, other errors %v; want 1 and %d", won, lost, other, n-1)
		}
		for i, err := range errs {
			got, aerr := s.ActiveBooking(t.Context(), hs[i].ID, t0)
			switch {
			case err == nil && aerr != nil:
				t.Errorf("winner %s: ActiveBooking: %v", hs[i].ID, aerr)
			case err == nil:
				checkEqual(t, "winner's ActiveBooking", got, booking(fmt.Sprintf("bk-%d", i), hs[i], a10))
			case aerr == nil:
				t.Errorf("loser %s: ActiveBooking found %s", hs[i].ID, got.ID)
			}
		}
		checkList(t, "FreeSlots", freeSlots(t, s), []intents.CoachSlot{a11}, slotID)
	})

	t.Run("ActiveBooking", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1, h2)
		addSlots(t, s, a11)
		b := booking("bk-1", h1, a11)
		b.BookedAt = t0.Add(-time.Hour + 250*time.Microsecond)
		book(t, s, b)
		for _, tc := range []struct {
			name        string
			householdID string
			now         time.Time
			found       bool
		}{
			{"before the visit", h1.ID, t0, true},
			{"as the visit starts", h1.ID, a11.Start, true},
			{"after the visit started", h1.ID, a11.Start.Add(time.Millisecond), false},
			{"another household", h2.ID, t0, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.ActiveBooking(t.Context(), tc.householdID, tc.now)
				if !tc.found {
					wantErr(t, "ActiveBooking", err, intents.ErrNotFound)
					return
				}
				if err != nil {
					t.Fatalf("ActiveBooking: %v", err)
				}
				checkEqual(t, "ActiveBooking", got, b)
			})
		}
	})

	t.Run("ActiveBooking passes over a visit already past", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1)
		addSlots(t, s, a09, a12)
		past, future := booking("bk-past", h1, a09), booking("bk-future", h1, a12)
		book(t, s, past, future)
		got, err := s.ActiveBooking(t.Context(), h1.ID, t0.Add(time.Hour))
		if err != nil {
			t.Fatalf("ActiveBooking: %v", err)
		}
		checkEqual(t, "ActiveBooking", got, future)
	})

	t.Run("cancelling ends the booking once", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1)
		addSlots(t, s, a11)
		book(t, s, booking("bk-1", h1, a11))
		if err := s.CancelBooking(t.Context(), "bk-1", t0); err != nil {
			t.Fatalf("CancelBooking: %v", err)
		}
		_, err := s.ActiveBooking(t.Context(), h1.ID, t0)
		wantErr(t, "ActiveBooking after cancelling", err, intents.ErrNotFound)
		wantErr(t, "CancelBooking again", s.CancelBooking(t.Context(), "bk-1", t0.Add(time.Minute)), intents.ErrNotFound)
		wantErr(t, "CancelBooking of an unknown booking", s.CancelBooking(t.Context(), "bk-none", t0), intents.ErrNotFound)
	})
}
