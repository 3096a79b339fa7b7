package storetest

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func repairRef(r intents.Repair) string { return r.Ref }

func repair(ref, householdID string, at time.Time) intents.Repair {
	return intents.Repair{
		Ref:         ref,
		HouseholdID: householdID,
		Problem:     "LEAK",
		Room:        "KITCHEN",
		Priority:    intents.Urgent,
		Status:      intents.StatusReported,
		ReportedAt:  at,
	}
}

func saveRepairs(t *testing.T, s Store, rs ...intents.Repair) {
	t.Helper()
	for _, r := range rs {
		if err := s.SaveRepair(t.Context(), r); err != nil {
			t.Fatalf("SaveRepair(%s): %v", r.Ref, err)
		}
	}
}

func openRepairs(t *testing.T, s Store, householdID string) []intents.Repair {
	t.Helper()
	rs, err := s.OpenRepairs(t.Context(), householdID)
	if err != nil {
		t.Fatalf("OpenRepairs(%s): %v", householdID, err)
	}
	return rs
}

func testRepairs(t *testing.T, newStore newFunc) {
	h1, h2 := household(1), household(2)

	t.Run("open repairs are one household's, oldest first", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1, h2)
		late := repair("HK1001", h1.ID, t0.Add(2*time.Hour))
		early := repair("HK1002", h1.ID, t0)
		middle := repair("HK1003", h1.ID, t0.Add(time.Hour+500*time.Microsecond))
		middle.Status, middle.GuideTried, middle.Priority = intents.StatusBooked, true, intents.Routine
		middle.Problem, middle.Description = intents.Other, "the wooden bit you hold going up the stairs is loose"
		emergency := repair("HK1004", h2.ID, t0.Add(30*time.Minute))
		emergency.Room, emergency.Priority = "", intents.Emergency
		saveRepairs(t, s, late, early, emergency, middle)

		checkList(t, "OpenRepairs(h1)", openRepairs(t, s, h1.ID), []intents.Repair{early, middle, late}, repairRef)
		checkList(t, "OpenRepairs(h2)", openRepairs(t, s, h2.ID), []intents.Repair{emergency}, repairRef)
	})

	t.Run("a household with no repairs has none open", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1, h2)
		saveRepairs(t, s, repair("HK1001", h2.ID, t0))
		if got := openRepairs(t, s, h1.ID); len(got) != 0 {
			t.Errorf("OpenRepairs(h1): got %d repairs, want none", len(got))
		}
	})

	t.Run("done repairs are not open", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1)
		done := repair("HK1001", h1.ID, t0)
		done.Status = intents.StatusDone
		open := repair("HK1002", h1.ID, t0.Add(time.Hour))
		saveRepairs(t, s, done, open)
		checkList(t, "OpenRepairs", openRepairs(t, s, h1.ID), []intents.Repair{open}, repairRef)
	})

	t.Run("duplicate Ref is a conflict", func(t *testing.T) {
		s := newStore(t)
		addHouseholds(t, s, h1, h2)
		first := repair("HK1001", h1.ID, t0)
		saveRepairs(t, s, first)
		again := repair(first.Ref, h2.ID, t0.Add(time.Hour))
		again.Problem = "BOILER"
		wantErr(t, "SaveRepair with a used Ref", s.SaveRepair(t.Context(), again), intents.ErrConflict)
		checkList(t, "OpenRepairs(h1)", openRepairs(t, s, h1.ID), []intents.Repair{first}, repairRef)
		if got := openRepairs(t, s, h2.ID); len(got) != 0 {
			t.Errorf("OpenRepairs(h2): the refused repair was stored: %v", got)
		}
	})
}
