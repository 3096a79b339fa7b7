package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func householdID(h intents.Household) string { return h.ID }

func testEnrolment(t *testing.T, newStore newFunc) {
	t.Run("empty store lists no households", func(t *testing.T) {
		s := newStore(t)
		if got := listHouseholds(t, s); len(got) != 0 {
			t.Errorf("ListHouseholds: got %d households, want none", len(got))
		}
	})

	t.Run("lists every field, earliest enrolled first", func(t *testing.T) {
		s := newStore(t)
		a, b, c := household(1), household(2), household(3)
		a.EnrolledAt = t0.Add(2 * time.Hour)
		b.EnrolledAt = t0
		c.EnrolledAt = t0.Add(time.Hour)
		// Optional fields left empty must come back empty, not as some
		// store's idea of a default.
		b.ConsentDate, b.CoachID = time.Time{}, ""
		c.EnrolledAt = c.EnrolledAt.Add(123456789 * time.Nanosecond)
		c.Demo = true // a practice household says so when read back
		addHouseholds(t, s, a, b, c)
		checkList(t, "ListHouseholds", listHouseholds(t, s), []intents.Household{b, c, a}, householdID)
	})

	first := household(1)
	for _, tc := range []struct {
		name  string
		taken func(h *intents.Household)
	}{
		{"duplicate ID", func(h *intents.Household) { h.ID = first.ID }},
		{"duplicate Ref", func(h *intents.Household) { h.Ref = first.Ref }},
		{"duplicate live link code", func(h *intents.Household) { h.LinkCode = first.LinkCode }},
	} {
		t.Run(tc.name+" is a conflict", func(t *testing.T) {
			s := newStore(t)
			addHouseholds(t, s, first)
			h := household(2)
			tc.taken(&h)
			wantErr(t, "AddHousehold", s.AddHousehold(t.Context(), h), intents.ErrConflict)
			checkList(t, "ListHouseholds after the conflict", listHouseholds(t, s), []intents.Household{first}, householdID)
		})
	}

	t.Run("households without a link code do not conflict", func(t *testing.T) {
		s := newStore(t)
		a, b := household(1), household(2)
		a.LinkCode, a.CodeExpires = "", time.Time{}
		b.LinkCode, b.CodeExpires = "", time.Time{}
		addHouseholds(t, s, a, b)
		checkList(t, "ListHouseholds", listHouseholds(t, s), []intents.Household{a, b}, householdID)
	})

	t.Run("a spent link code can be given to a new household", func(t *testing.T) {
		s := newStore(t)
		a, b := household(1), household(2)
		b.LinkCode = a.LinkCode
		addHouseholds(t, s, a)
		if _, err := s.LinkSpeaker(t.Context(), a.LinkCode, "spk-a", t0); err != nil {
			t.Fatalf("LinkSpeaker: %v", err)
		}
		addHouseholds(t, s, b)
		got, err := s.LinkSpeaker(t.Context(), b.LinkCode, "spk-b", t0)
		if err != nil {
			t.Fatalf("LinkSpeaker with the reissued code: %v", err)
		}
		if got.ID != b.ID {
			t.Errorf("reissued code linked %s, want %s", got.ID, b.ID)
		}
	})
}

func testLinkSpeaker(t *testing.T, newStore newFunc) {
	t.Run("good code links the speaker once", func(t *testing.T) {
		s := newStore(t)
		h := household(1)
		addHouseholds(t, s, h)
		_, err := s.HouseholdForSpeaker(t.Context(), "spk-1")
		wantErr(t, "HouseholdForSpeaker before linking", err, intents.ErrNotFound)

		now := t0.Add(90 * time.Second)
		got, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", now)
		if err != nil {
			t.Fatalf("LinkSpeaker: %v", err)
		}
		want := h
		want.LinkCode, want.LinkedAt = "", now
		checkEqual(t, "LinkSpeaker", got, want)
		if !got.Linked() {
			t.Error("LinkSpeaker: household not Linked()")
		}

		got, err = s.HouseholdForSpeaker(t.Context(), "spk-1")
		if err != nil {
			t.Fatalf("HouseholdForSpeaker after linking: %v", err)
		}
		checkEqual(t, "HouseholdForSpeaker", got, want)
		checkList(t, "ListHouseholds", listHouseholds(t, s), []intents.Household{want}, householdID)

		_, err = s.LinkSpeaker(t.Context(), h.LinkCode, "spk-2", now.Add(time.Minute))
		wantErr(t, "second LinkSpeaker with the spent code", err, intents.ErrNotFound)
		_, err = s.HouseholdForSpeaker(t.Context(), "spk-2")
		wantErr(t, "HouseholdForSpeaker for the second speaker", err, intents.ErrNotFound)
	})

	h := household(1)
	for _, tc := range []struct {
		name string
		code string
		now  time.Time
	}{
		{"unknown code", "999999", t0},
		{"expired code", h.LinkCode, h.CodeExpires.Add(time.Minute)},
		// A spent household's code is empty; an empty code must not find it.
		{"empty code", "", t0},
	} {
		t.Run(tc.name+" is not found", func(t *testing.T) {
			s := newStore(t)
			spent := household(2)
			addHouseholds(t, s, h, spent)
			if _, err := s.LinkSpeaker(t.Context(), spent.LinkCode, "spk-spent", t0); err != nil {
				t.Fatalf("LinkSpeaker(spent): %v", err)
			}

			_, err := s.LinkSpeaker(t.Context(), tc.code, "spk-1", tc.now)
			wantErr(t, "LinkSpeaker", err, intents.ErrNotFound)
			_, err = s.HouseholdForSpeaker(t.Context(), "spk-1")
			wantErr(t, "HouseholdForSpeaker", err, intents.ErrNotFound)
			for _, got := range listHouseholds(t, s) {
				if got.ID == h.ID {
					checkEqual(t, "household after the refused code", got, h)
				}
			}
		})
	}

	t.Run("two speakers racing for one code: exactly one wins", func(t *testing.T) {
		const speakers = 10
		s := newStore(t)
		h := household(1)
		addHouseholds(t, s, h)
		errs := race(speakers, func(i int) error {
			_, err := s.LinkSpeaker(t.Context(), h.LinkCode, fmt.Sprintf("spk-%d", i), t0)
			return err
		})
		won, lost, other := tally(errs, intents.ErrNotFound)
		if won != 1 || lost != speakers-1 || len(other) > 0 {
			t.Fatalf("racing LinkSpeaker: %d won, %d not found, other errors %v; want 1 and %d", won, lost, other, speakers-1)
		}
		for i, err := range errs {
			_, ferr := s.HouseholdForSpeaker(t.Context(), fmt.Sprintf("spk-%d", i))
			if err == nil && ferr != nil {
				t.Errorf("winner spk-%d: HouseholdForSpeaker: %v", i, ferr)
			}
			if err != nil && ferr == nil {
				t.Errorf("loser spk-%d: HouseholdForSpeaker found a household", i)
			}
		}
	})
}

func testLinkFailures(t *testing.T, newStore newFunc) {
	s := newStore(t)
	for _, f := range []struct {
		speaker string
		at      time.Time
	}{
		{"spk-1", t0},
		{"spk-1", t0.Add(10 * time.Minute)},
		{"spk-2", t0.Add(15 * time.Minute)},
		{"spk-1", t0.Add(20 * time.Minute)},
	} {
		if err := s.RecordLinkFailure(t.Context(), f.speaker, f.at); err != nil {
			t.Fatalf("RecordLinkFailure(%s, %v): %v", f.speaker, f.at, err)
		}
	}
	for _, tc := range []struct {
		name    string
		speaker string
		since   time.Time
		want    int
	}{
		{"all of one speaker's", "spk-1", t0.Add(-time.Hour), 3},
		{"only those since", "spk-1", t0.Add(5 * time.Minute), 2},
		{"none since", "spk-1", t0.Add(30 * time.Minute), 0},
		{"another speaker's own", "spk-2", t0.Add(-time.Hour), 1},
		{"a speaker with none", "spk-3", t0.Add(-time.Hour), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.LinkFailures(t.Context(), tc.speaker, tc.since)
			if err != nil {
				t.Fatalf("LinkFailures: %v", err)
			}
			if got != tc.want {
				t.Errorf("LinkFailures(%s, since %v) = %d, want %d", tc.speaker, tc.since.Format(time.TimeOnly), got, tc.want)
			}
		})
	}
}

func testTouchHousehold(t *testing.T, newStore newFunc) {
	s := newStore(t)
	h, other := household(1), household(2)
	addHouseholds(t, s, h, other)
	for _, at := range []time.Time{t0.Add(time.Hour), t0.Add(26 * time.Hour)} {
		if err := s.TouchHousehold(t.Context(), h.ID, at); err != nil {
			t.Fatalf("TouchHousehold(%v): %v", at, err)
		}
		want := h
		want.LastUsed = at
		checkList(t, fmt.Sprintf("ListHouseholds after touching at %v", at),
			listHouseholds(t, s), []intents.Household{want, other}, householdID)
	}
}
