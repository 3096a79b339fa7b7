package sqlite

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

func TestCoachContacts(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if u, err := s.CoachContact(ctx, "sam"); err != nil || u != "" {
		t.Fatalf("before any is set: %q, %v", u, err)
	}
	if err := s.SetCoachContact(ctx, "sam", "https://sam.example/hook"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCoachContact(ctx, "priya", "https://priya.example/a"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCoachContact(ctx, "priya", "https://priya.example/b"); err != nil { // replaces
		t.Fatal(err)
	}
	if err := s.SetCoachContact(ctx, "", "https://x.example"); err == nil {
		t.Error("a contact for no coach was accepted")
	}
	if u, err := s.CoachContact(ctx, "priya"); err != nil || u != "https://priya.example/b" {
		t.Errorf("priya: %q, %v", u, err)
	}
	// Kept across reopening.
	s.Close()
	s = openAt(t, path)
	all, err := s.ListCoachContacts(ctx)
	want := map[string]string{"sam": "https://sam.example/hook", "priya": "https://priya.example/b"}
	if err != nil || !maps.Equal(all, want) {
		t.Errorf("list: %v, %v; want %v", all, err, want)
	}
	// Clearing removes it; clearing again is harmless.
	for range 2 {
		if err := s.SetCoachContact(ctx, "sam", ""); err != nil {
			t.Fatal(err)
		}
	}
	if u, err := s.CoachContact(ctx, "sam"); err != nil || u != "" {
		t.Errorf("sam after clearing: %q, %v", u, err)
	}
	if all, err := s.ListCoachContacts(ctx); err != nil || len(all) != 1 {
		t.Errorf("list after clearing: %v, %v", all, err)
	}
}

func TestDueContacted(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h1, h2 := testHousehold(1), testHousehold(2)
	sam := intents.CoachSlot{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: now.Add(48 * time.Hour)}
	priya := intents.CoachSlot{ID: "priya@1", CoachID: "priya", Coach: "Priya", Start: now.Add(48 * time.Hour)}
	for _, h := range []intents.Household{h1, h2} {
		if err := s.AddHousehold(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{sam, priya}); err != nil {
		t.Fatal(err)
	}
	if err := s.Book(ctx, intents.Booking{ID: "b-sam", HouseholdID: h1.ID, Slot: sam, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.Book(ctx, intents.Booking{ID: "b-priya", HouseholdID: h2.ID, Slot: priya, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	if ds, err := s.DueContacted(ctx, now.Add(time.Minute), 10); err != nil || len(ds) != 0 {
		t.Fatalf("with no contacts: %+v, %v", ds, err)
	}
	if err := s.SetCoachContact(ctx, "sam", "https://sam.example/hook"); err != nil {
		t.Fatal(err)
	}
	ds, err := s.DueContacted(ctx, now.Add(time.Minute), 10)
	if err != nil || len(ds) != 1 || ds[0].Key != handoff.VisitKey("b-sam", false) || ds[0].Destination != handoff.DestCoach {
		t.Fatalf("with sam's contact: %+v, %v", ds, err)
	}
	// Not yet due, and once sent, it is not listed.
	if ds, err := s.DueContacted(ctx, now.Add(-time.Minute), 10); err != nil || len(ds) != 0 {
		t.Errorf("before it is due: %+v, %v", ds, err)
	}
	if err := s.MarkSent(ctx, ds[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if ds, err := s.DueContacted(ctx, now.Add(time.Minute), 10); err != nil || len(ds) != 0 {
		t.Errorf("after it was sent: %+v, %v", ds, err)
	}
}
