package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
)

// coachBookings opens a store with a visit booked with Sam and one with
// Priya, and Sam's own hand-off contact set to samURL.
func coachBookings(t *testing.T, samURL string) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "homehelper.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	sam := intents.CoachSlot{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: start}
	priya := intents.CoachSlot{ID: "priya@1", CoachID: "priya", Coach: "Priya", Start: start}
	if err := st.AddCoachSlots(ctx, []intents.CoachSlot{sam, priya}); err != nil {
		t.Fatal(err)
	}
	for i, slot := range []intents.CoachSlot{sam, priya} {
		h := intents.Household{ID: "hh-" + slot.CoachID, Ref: "HH-" + slot.Coach, CoachID: slot.CoachID,
			LinkCode: "12345" + string(rune('0'+i)), CodeExpires: time.Now().Add(time.Hour), EnrolledAt: time.Now()}
		if err := st.AddHousehold(ctx, h); err != nil {
			t.Fatal(err)
		}
		if err := st.Book(ctx, intents.Booking{ID: "b-" + slot.CoachID, HouseholdID: h.ID, Slot: slot, BookedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetCoachContact(ctx, "sam", samURL); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestCoachHandoffGoesToTheCoachsContact: a visit with a coach who has a
// contact of their own reaches that coach's receiver, signed; one with a
// coach without reaches the shared coaches' webhook.
func TestCoachHandoffGoesToTheCoachsContact(t *testing.T) {
	shortHandoff(t)
	samRx, sharedRx := newReceiver(t), newReceiver(t)
	st := coachBookings(t, samRx.srv.URL)
	stop := startHandoff(context.Background(), &app{store: st}, handoffOptions{coachURL: sharedRx.srv.URL, dev: true},
		[]byte(testHandoffSecret), slog.New(slog.DiscardHandler))
	defer stop()
	samKey, priyaKey := handoff.VisitKey("b-sam", false), handoff.VisitKey("b-priya", false)
	waitUntil(t, "both visits are handed off", 5*time.Second, func() bool {
		_, samGot, _, _ := samRx.state()
		_, sharedGot, _, _ := sharedRx.state()
		return len(samGot) > 0 && len(sharedGot) > 0
	})
	stop()
	_, samGot, _, samBad := samRx.state()
	_, sharedGot, _, sharedBad := sharedRx.state()
	if samBad != 0 || sharedBad != 0 {
		t.Errorf("bad signatures: %d at Sam's, %d at the shared webhook", samBad, sharedBad)
	}
	if m, ok := samGot[samKey]; len(samGot) != 1 || !ok || m.Visit == nil || m.Visit.CoachID != "sam" || m.Visit.HouseholdRef != "HH-Sam" {
		t.Errorf("Sam's receiver got %+v, want only %s", samGot, samKey)
	}
	if m, ok := sharedGot[priyaKey]; len(sharedGot) != 1 || !ok || m.Visit == nil || m.Visit.CoachID != "priya" {
		t.Errorf("the shared receiver got %+v, want only %s", sharedGot, priyaKey)
	}
}

// TestCoachHandoffWithoutSharedURL: with no -handoff-coach-url, a coach
// with a contact is still told, and the other coach's visit stays pending,
// untried, as before contacts existed.
func TestCoachHandoffWithoutSharedURL(t *testing.T) {
	shortHandoff(t)
	samRx := newReceiver(t)
	st := coachBookings(t, samRx.srv.URL)
	stop := startHandoff(context.Background(), &app{store: st}, handoffOptions{dev: true},
		[]byte(testHandoffSecret), slog.New(slog.DiscardHandler))
	defer stop()
	waitUntil(t, "Sam's visit is handed off", 5*time.Second, func() bool {
		_, got, _, _ := samRx.state()
		return len(got) > 0
	})
	time.Sleep(3 * handoffEvery) // a few more rounds, in which Priya's must not be tried
	stop()
	ds, err := st.ListOutbox(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		switch d.Key {
		case handoff.VisitKey("b-sam", false):
			if d.State != handoff.StateSent {
				t.Errorf("Sam's visit: %+v", d)
			}
		case handoff.VisitKey("b-priya", false):
			if d.State != handoff.StatePending || d.Attempts != 0 {
				t.Errorf("Priya's visit, with no contact and no shared webhook: %+v, want pending and untried", d)
			}
		}
	}
	if len(ds) != 2 {
		t.Errorf("outbox: %+v", ds)
	}
}

func TestHandoffCheckWithOnlyTheSecret(t *testing.T) {
	t.Setenv(handoffSecretEnv, testHandoffSecret)
	if secret, err := (handoffOptions{}).check(storage{}); err != nil || string(secret) != testHandoffSecret {
		t.Errorf("no URLs, secret set: %q, %v; want the secret, for coaches' own contacts", secret, err)
	}
	t.Setenv(handoffSecretEnv, "")
	if secret, err := (handoffOptions{}).check(storage{}); err != nil || secret != nil {
		t.Errorf("no URLs, no secret: %q, %v; want the hand-off off", secret, err)
	}
}

// TestCoachContactOverPlainHTTP: a coach's stored address that is plain
// http (stored by hand, or before the rule) is not sent to outside
// development: each try fails, and the receiver hears nothing.
func TestCoachContactOverPlainHTTP(t *testing.T) {
	shortHandoff(t)
	samRx := newReceiver(t)
	st := coachBookings(t, samRx.srv.URL)
	stop := startHandoff(context.Background(), &app{store: st}, handoffOptions{},
		[]byte(testHandoffSecret), slog.New(slog.DiscardHandler))
	time.Sleep(time.Second)
	stop()
	if n, _, _, _ := samRx.state(); n != 0 {
		t.Errorf("the plain-http receiver got %d requests", n)
	}
}
