package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// OnceStore is a StaffStore that keeps answers, so every change a request
// makes is made once per request id (intents.Claim).
type OnceStore interface {
	StaffStore
	intents.Replies
}

// RunOnce runs the exactly-once contract: a change made under one handling
// of a request is refused, changing nothing, under any other handling of the
// same request id; the writes of one handling are not refused by each
// other; a change that failed claims nothing; writes without a claim are
// unaffected; answers are kept until they expire; and a repeat naming the
// effect the first handling made (the same ids, derived from the request
// id) is told it is made, changing nothing, so it can answer alike.
func RunOnce(t *testing.T, newStore func(t *testing.T) OnceStore) {
	t.Run("Changes", func(t *testing.T) { testOnceChanges(t, newStore) })
	t.Run("SameTurn", func(t *testing.T) { testOnceSameTurn(t, newStore(t)) })
	t.Run("FailedChangeClaimsNothing", func(t *testing.T) { testOnceFailed(t, newStore(t)) })
	t.Run("Race", func(t *testing.T) { testOnceRace(t, newStore(t)) })
	t.Run("SameEffect", func(t *testing.T) { testOnceSameEffect(t, newStore) })
	t.Run("SameEffectRace", func(t *testing.T) { testOnceSameEffectRace(t, newStore(t)) })
	t.Run("Replies", func(t *testing.T) { testReplies(t, newStore(t)) })
}

func claimed(ctx context.Context, id, token string) context.Context {
	return intents.WithClaim(ctx, intents.Claim{RequestID: id, Token: token})
}

// A change, how to make it under ctx, and what a store it was made on once
// and refused on once more holds.
type onceCase struct {
	name   string
	setup  func(t *testing.T, s OnceStore)
	change func(ctx context.Context, s OnceStore, n int) error
	check  func(t *testing.T, s OnceStore)
}

func onceCases() []onceCase {
	h := household(1)
	sl := a10
	return []onceCase{{
		name:  "SaveRepair",
		setup: func(t *testing.T, s OnceStore) { addHouseholds(t, s, h) },
		change: func(ctx context.Context, s OnceStore, n int) error {
			return s.SaveRepair(ctx, repair(fmt.Sprintf("HK%04d", n), h.ID, t0))
		},
		check: func(t *testing.T, s OnceStore) {
			if got := openRepairs(t, s, h.ID); len(got) != 1 {
				t.Errorf("repairs after a repeat: %s, want the first only", ids(got, repairRef))
			}
		},
	}, {
		name: "Book",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
			addSlots(t, s, a10, a11)
		},
		change: func(ctx context.Context, s OnceStore, n int) error {
			free, err := s.FreeSlots(ctx, "", t0, t0.Add(30*24*time.Hour), 10)
			if err != nil || len(free) == 0 {
				return fmt.Errorf("free slots: %v %v", free, err)
			}
			return s.Book(ctx, booking(fmt.Sprintf("bk-%d", n), h, free[0]))
		},
		check: func(t *testing.T, s OnceStore) {
			if got := freeSlots(t, s); len(got) != 1 {
				t.Errorf("free slots after a repeat: %s, want one of two", ids(got, slotID))
			}
		},
	}, {
		name: "SetBookingReminder",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
			addSlots(t, s, sl)
			book(t, s, booking("bk-1", h, sl))
		},
		change: func(ctx context.Context, s OnceStore, n int) error {
			return s.SetBookingReminder(ctx, "bk-1", fmt.Sprintf("alert-%d", n))
		},
		check: func(t *testing.T, s OnceStore) {
			b, err := s.ActiveBooking(t.Context(), h.ID, t0)
			if err != nil || b.ReminderID != "alert-0" {
				t.Errorf("the booking after a repeated reminder: %+v, %v; want the first reminder", b, err)
			}
		},
	}, {
		name: "CancelBooking",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
			addSlots(t, s, sl)
			book(t, s, booking("bk-1", h, sl))
		},
		change: func(ctx context.Context, s OnceStore, n int) error {
			if n == 0 {
				return s.CancelBooking(ctx, "bk-1", t0)
			}
			// The repeat comes after the tenant booked again: it must
			// not cancel the new booking.
			if err := s.Book(context.Background(), booking("bk-2", h, sl)); err != nil {
				return err
			}
			return s.CancelBooking(ctx, "bk-2", t0)
		},
		check: func(t *testing.T, s OnceStore) {
			if _, err := s.ActiveBooking(context.Background(), h.ID, t0); err != nil {
				t.Errorf("the new booking after a repeated cancel: %v, want it standing", err)
			}
		},
	}, {
		name:  "LinkSpeaker",
		setup: func(t *testing.T, s OnceStore) { addHouseholds(t, s, h, household(2)) },
		change: func(ctx context.Context, s OnceStore, n int) error {
			_, err := s.LinkSpeaker(ctx, household(1+n).LinkCode, "sp-1", t0)
			return err
		},
		check: func(t *testing.T, s OnceStore) {
			got, err := s.HouseholdForSpeaker(context.Background(), "sp-1")
			if err != nil || got.ID != h.ID {
				t.Errorf("speaker's household after a repeat: %q, %v; want %s", got.ID, err, h.ID)
			}
		},
	}, {
		name:  "MarkFeedbackAsked",
		setup: func(t *testing.T, s OnceStore) { addHouseholds(t, s, h) },
		change: func(ctx context.Context, s OnceStore, n int) error {
			return s.MarkFeedbackAsked(ctx, h.ID, t0.Add(time.Duration(n)*time.Hour))
		},
		check: func(t *testing.T, s OnceStore) {
			got, err := s.FeedbackAsked(context.Background(), h.ID)
			if err != nil || !got.Equal(t0) {
				t.Errorf("feedback asked after a repeat: %v, %v; want %v", got, err, t0)
			}
		},
	}, {
		name: "EraseHousehold",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
		},
		change: func(ctx context.Context, s OnceStore, n int) error {
			if n == 1 {
				// Enrolled again after the erasure: a repeat must not
				// erase the new enrolment.
				if err := s.AddHousehold(context.Background(), h); err != nil {
					return err
				}
			}
			return s.EraseHousehold(ctx, h.ID)
		},
		check: func(t *testing.T, s OnceStore) {
			if got := listHouseholds(t, s); len(got) != 1 {
				t.Errorf("households after a repeated erasure: %s, want the new enrolment", ids(got, householdID))
			}
		},
	}, {
		name: "EraseSpeaker",
		setup: func(t *testing.T, s OnceStore) {
			saveProgress(t, s, "sp-1", intents.GuideProgress{Topic: "radiator", Step: 1, UpdatedAt: t0})
		},
		change: func(ctx context.Context, s OnceStore, n int) error {
			if n == 1 {
				if err := s.SaveGuideProgress(context.Background(), "sp-1", intents.GuideProgress{Topic: "sink", Step: 2, UpdatedAt: t0}); err != nil {
					return err
				}
			}
			return s.EraseSpeaker(ctx, "sp-1")
		},
		check: func(t *testing.T, s OnceStore) {
			checkProgress(t, s, "sp-1", intents.GuideProgress{Topic: "sink", Step: 2, UpdatedAt: t0})
		},
	}}
}

func testOnceChanges(t *testing.T, newStore func(t *testing.T) OnceStore) {
	for _, c := range onceCases() {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			ctx := t.Context()
			c.setup(t, s)
			if err := c.change(claimed(ctx, "req-1", "first"), s, 0); err != nil {
				t.Fatalf("first handling: %v", err)
			}
			err := c.change(claimed(ctx, "req-1", "repeat"), s, 1)
			wantErr(t, "a repeat of the request", err, intents.ErrRepeated)
			c.check(t, s)
		})
	}
}

// testOnceSameTurn: one handling may make several changes (another
// reference when the first was taken); writes without a claim are free.
func testOnceSameTurn(t *testing.T, s OnceStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	turn := claimed(ctx, "req-1", "first")
	for _, ref := range []string{"HK0001", "HK0002"} {
		if err := s.SaveRepair(turn, repair(ref, h.ID, t0)); err != nil {
			t.Errorf("SaveRepair(%s) in the same handling: %v", ref, err)
		}
	}
	if err := s.SaveRepair(ctx, repair("HK0003", h.ID, t0)); err != nil {
		t.Errorf("SaveRepair without a claim: %v", err)
	}
	if got := openRepairs(t, s, h.ID); len(got) != 3 {
		t.Errorf("repairs: %s, want 3", ids(got, repairRef))
	}
}

// testOnceFailed: a change that failed claimed nothing, so Alexa's retry
// can still make it.
func testOnceFailed(t *testing.T, s OnceStore) {
	ctx := t.Context()
	h, other := household(1), household(2)
	addHouseholds(t, s, h, other)
	saveRepairs(t, s, repair("HK0001", other.ID, t0))
	err := s.SaveRepair(claimed(ctx, "req-1", "first"), repair("HK0001", h.ID, t0))
	wantErr(t, "SaveRepair of a taken reference", err, intents.ErrConflict)
	if err := s.SaveRepair(claimed(ctx, "req-1", "retry"), repair("HK0002", h.ID, t0)); err != nil {
		t.Errorf("retry after a failed change: %v, want it made", err)
	}
}

// testOnceRace: of many handlings of one request at once, one changes.
func testOnceRace(t *testing.T, s OnceStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	errs := race(8, func(i int) error {
		return s.SaveRepair(claimed(ctx, "req-1", fmt.Sprint("token-", i)), repair(fmt.Sprintf("HK%04d", i), h.ID, t0))
	})
	won, lost, other := tally(errs, intents.ErrRepeated)
	if won != 1 || lost != 7 || len(other) > 0 {
		t.Errorf("8 handlings at once: %d made it, %d refused, other errors %v; want 1 and 7", won, lost, other)
	}
	if got := openRepairs(t, s, h.ID); len(got) != 1 {
		t.Errorf("repairs: %s, want 1", ids(got, repairRef))
	}
}

// testOnceSameEffect: a repeat making the very change the first handling
// made (a retry after the first died before answering) is told it is made,
// and nothing changes twice.
func testOnceSameEffect(t *testing.T, newStore func(t *testing.T) OnceStore) {
	h := household(1)
	cases := []struct {
		name   string
		setup  func(t *testing.T, s OnceStore)
		change func(ctx context.Context, s OnceStore) error
		check  func(t *testing.T, s OnceStore)
	}{{
		name:   "SaveRepair",
		setup:  func(t *testing.T, s OnceStore) { addHouseholds(t, s, h) },
		change: func(ctx context.Context, s OnceStore) error { return s.SaveRepair(ctx, repair("HK0001", h.ID, t0)) },
		check: func(t *testing.T, s OnceStore) {
			if got := openRepairs(t, s, h.ID); len(got) != 1 {
				t.Errorf("repairs after a repeat: %s, want HK0001 once", ids(got, repairRef))
			}
		},
	}, {
		name: "Book",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
			addSlots(t, s, a10, a11)
		},
		change: func(ctx context.Context, s OnceStore) error { return s.Book(ctx, booking("bk-1", h, a10)) },
		check: func(t *testing.T, s OnceStore) {
			if got := freeSlots(t, s); len(got) != 1 || got[0].ID != a11.ID {
				t.Errorf("free slots after a repeat: %s, want %s", ids(got, slotID), a11.ID)
			}
		},
	}, {
		name: "CancelBooking",
		setup: func(t *testing.T, s OnceStore) {
			addHouseholds(t, s, h)
			addSlots(t, s, a10)
			book(t, s, booking("bk-1", h, a10))
		},
		change: func(ctx context.Context, s OnceStore) error { return s.CancelBooking(ctx, "bk-1", t0) },
		check: func(t *testing.T, s OnceStore) {
			if got := freeSlots(t, s); len(got) != 1 {
				t.Errorf("free slots after a repeated cancel: %s, want the one freed", ids(got, slotID))
			}
		},
	}, {
		name:   "MarkFeedbackAsked",
		setup:  func(t *testing.T, s OnceStore) { addHouseholds(t, s, h) },
		change: func(ctx context.Context, s OnceStore) error { return s.MarkFeedbackAsked(ctx, h.ID, t0) },
		check: func(t *testing.T, s OnceStore) {
			if got, err := s.FeedbackAsked(context.Background(), h.ID); err != nil || !got.Equal(t0) {
				t.Errorf("feedback asked after a repeat: %v, %v; want %v", got, err, t0)
			}
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			ctx := t.Context()
			c.setup(t, s)
			if err := c.change(claimed(ctx, "req-1", "first"), s); err != nil {
				t.Fatalf("first handling: %v", err)
			}
			if err := c.change(claimed(ctx, "req-1", "repeat"), s); err != nil {
				t.Errorf("a repeat making the same change: %v, want it told the change is made", err)
			}
			c.check(t, s)
		})
	}
}

// testOnceSameEffectRace: many handlings of one request at once, all with
// the same ids: one makes the change, and every one is told it is made.
func testOnceSameEffectRace(t *testing.T, s OnceStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	errs := race(8, func(i int) error {
		return s.SaveRepair(claimed(ctx, "req-1", fmt.Sprint("token-", i)), repair("HK0001", h.ID, t0))
	})
	if won, _, other := tally(errs, intents.ErrRepeated); won != 8 {
		t.Errorf("8 handlings of one request at once: %d told it is made, other errors %v; want all 8", won, other)
	}
	if got := openRepairs(t, s, h.ID); len(got) != 1 {
		t.Errorf("repairs: %s, want 1", ids(got, repairRef))
	}
}

func testReplies(t *testing.T, s OnceStore) {
	ctx := t.Context()
	_, err := s.Reply(ctx, "req-1", t0)
	wantErr(t, "Reply before any", err, intents.ErrNotFound)
	h := household(1)
	addHouseholds(t, s, h)
	saveRepairs(t, s, repair("HK0001", h.ID, t0)) // no claim, no answer
	turn := claimed(ctx, "req-1", "first")
	if err := s.SaveRepair(turn, repair("HK0002", h.ID, t0)); err != nil {
		t.Fatal(err)
	}
	_, err = s.Reply(ctx, "req-1", t0)
	wantErr(t, "Reply to a change whose answer is not yet recorded", err, intents.ErrNotFound)
	answer := []byte(`{"Speech":"Your reference is HK0002."}`)
	if err := s.SaveReply(ctx, "req-1", answer, t0.Add(intents.ReplyKeep)); err != nil {
		t.Fatalf("SaveReply: %v", err)
	}
	got, err := s.Reply(ctx, "req-1", t0.Add(time.Minute))
	if err != nil || string(got) != string(answer) {
		t.Errorf("Reply: %q, %v; want %q", got, err, answer)
	}
	_, err = s.Reply(ctx, "req-1", t0.Add(intents.ReplyKeep))
	wantErr(t, "Reply once expired", err, intents.ErrNotFound)
	_, err = s.Reply(ctx, "req-2", t0)
	wantErr(t, "Reply to another request", err, intents.ErrNotFound)
}
