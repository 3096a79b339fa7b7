package dynamo

import (
	"maps"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

func TestCoachContacts(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	if u, err := s.CoachContact(ctx, "sam"); err != nil || u != "" {
		t.Fatalf("before any is set: %q, %v", u, err)
	}
	if all, err := s.ListCoachContacts(ctx); err != nil || len(all) != 0 {
		t.Fatalf("list before any is set: %v, %v", all, err)
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
	// The trial's dates share the settings partition and are not a contact.
	if err := s.SetTrialDates(ctx, intents.Trial{Start: t0}); err != nil {
		t.Fatal(err)
	}
	if u, err := s.CoachContact(ctx, "priya"); err != nil || u != "https://priya.example/b" {
		t.Errorf("priya: %q, %v", u, err)
	}
	all, err := s.ListCoachContacts(ctx)
	want := map[string]string{"sam": "https://sam.example/hook", "priya": "https://priya.example/b"}
	if err != nil || !maps.Equal(all, want) {
		t.Errorf("list: %v, %v; want %v", all, err, want)
	}
	for range 2 { // clearing twice is harmless
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
