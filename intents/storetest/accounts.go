package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// testAccountSpeakers: disabling the skill unlinks exactly the account's
// speakers, and erasure forgets which account a speaker was used from.
func testAccountSpeakers(t *testing.T, s StaffStore) {
	ctx := t.Context()
	home, other, erased, later := household(1), household(2), household(3), household(4)
	addHouseholds(t, s, home, other, erased)
	link := func(code, sp string) {
		t.Helper()
		if _, err := s.LinkSpeaker(ctx, code, sp, t0); err != nil {
			t.Fatalf("LinkSpeaker(%s): %v", sp, err)
		}
	}
	link(home.LinkCode, "spk-kitchen")
	link(other.LinkCode, "spk-other")
	// A code links one speaker, so the account's second speaker is linked
	// to a second household here: unlinking must reach both.
	second := household(5)
	addHouseholds(t, s, second)
	link(second.LinkCode, "spk-lounge")
	link(erased.LinkCode, "spk-erased")
	steps := []error{
		s.RecordAccountSpeaker(ctx, "acc-1", "spk-kitchen", home.ID),
		s.RecordAccountSpeaker(ctx, "acc-1", "spk-kitchen", home.ID), // noted again at the next session
		s.RecordAccountSpeaker(ctx, "acc-1", "spk-lounge", second.ID),
		s.RecordAccountSpeaker(ctx, "acc-2", "spk-other", other.ID),
		s.RecordAccountSpeaker(ctx, "acc-3", "spk-erased", erased.ID),
		s.RecordAccountSpeaker(ctx, "acc-4", "spk-loose", ""),
	}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}

	got, err := s.UnlinkAccount(ctx, "acc-1")
	if err != nil {
		t.Fatalf("UnlinkAccount: %v", err)
	}
	if want := []string{home.ID, second.ID}; !slices.Equal(got, want) {
		t.Errorf("UnlinkAccount = %v, want %v", got, want)
	}
	for _, sp := range []string{"spk-kitchen", "spk-lounge"} {
		_, err := s.HouseholdForSpeaker(ctx, sp)
		wantErr(t, "HouseholdForSpeaker("+sp+") after the account was unlinked", err, intents.ErrNotFound)
	}
	if h, err := s.HouseholdForSpeaker(ctx, "spk-other"); err != nil || h.ID != other.ID {
		t.Errorf("another account's speaker: %+v, %v; want still linked to %s", h, err, other.ID)
	}
	if n := len(listHouseholds(t, s)); n != 4 {
		t.Errorf("%d households listed after unlinking, want all 4 still enrolled", n)
	}
	for _, acc := range []string{"acc-1", "acc-unknown"} {
		if got, err := s.UnlinkAccount(ctx, acc); err != nil || len(got) != 0 {
			t.Errorf("UnlinkAccount(%s) again: %v, %v; want nothing and no error", acc, got, err)
		}
	}

	// Erasing the household, or the speaker, forgets its account: the
	// same speaker linked afresh is not unlinked by the old account.
	if err := s.EraseHousehold(ctx, erased.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseSpeaker(ctx, "spk-loose"); err != nil {
		t.Fatal(err)
	}
	addHouseholds(t, s, later)
	link(later.LinkCode, "spk-erased")
	for _, acc := range []string{"acc-3", "acc-4"} {
		if got, err := s.UnlinkAccount(ctx, acc); err != nil || len(got) != 0 {
			t.Errorf("UnlinkAccount(%s) after erasure: %v, %v; want nothing", acc, got, err)
		}
	}
	if _, err := s.HouseholdForSpeaker(ctx, "spk-erased"); err != nil {
		t.Errorf("a speaker relinked after erasure was unlinked by its old account: %v", err)
	}
}

// testBookingReminders: a visit's reminder is kept with its booking and
// read back with it, so cancelling can delete it.
func testBookingReminders(t *testing.T, s StaffStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	sl := slot("coach-a", "Sam", t0.Add(26*time.Hour))
	addSlots(t, s, sl)
	book(t, s, booking("b-1", h, sl))
	if b, err := s.ActiveBooking(ctx, h.ID, t0); err != nil || b.ReminderID != "" {
		t.Fatalf("a new booking: %+v, %v; want no reminder", b, err)
	}
	if err := s.SetBookingReminder(ctx, "b-1", "alert-token-1"); err != nil {
		t.Fatal(err)
	}
	if b, err := s.ActiveBooking(ctx, h.ID, t0); err != nil || b.ReminderID != "alert-token-1" {
		t.Errorf("ActiveBooking after the reminder was set: %+v, %v", b, err)
	}
	wantErr(t, "SetBookingReminder for no booking", s.SetBookingReminder(ctx, "b-none", "alert-token-2"), intents.ErrNotFound)
}
