package dynamo

import (
	"errors"
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
