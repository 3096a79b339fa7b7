package intents

import (
	"context"
	"fmt"
	"strings"
)

// Reading ahead. On DynamoDB every read a turn makes after the household
// lookup is another round trip the tenant waits through, one after the
// other. But most turns know from their first words what they will read
// (a booking turn reads the household's booking and the coach's diary; a
// gas emergency reads the household's open repairs), and the household is
// usually known before it is looked up: the store remembers where it
// found the speaker last time (HouseholdHinter), and a session carries it
// (State.Household). So those reads start at once, beside the lookup,
// keyed by what they read. A handler's read with the same key takes the
// result instead of reading again; any other key reads afresh. A guess
// that was wrong (the speaker moved, withdrew or was erased) therefore
// only costs the read that was not used: the lookup decides, as ever.
//
// A read ahead is the same read, begun a few milliseconds earlier. So
// nothing the turn writes may come between it and its use: every write
// the conversation makes drops what was read ahead (forgetAhead), and
// each read ahead is used once.

// HouseholdHinter is a household store a round trip away that can guess,
// without one, a speaker's household and its coach: where it last found
// the speaker. A guess is never an answer (HouseholdForSpeaker is).
type HouseholdHinter interface {
	HouseholdHint(speakerID string) (householdID, coachID string, ok bool)
}

// linkCodes is a household store that can say in one read whether a link
// code is one a household was given, so a code said ahead of the household
// lookup can be read beside it.
type linkCodes interface {
	LinkCodeIssued(ctx context.Context, code string) (bool, error)
}

// early is one read begun ahead, on a guessed key.
type early[T any] struct {
	key  string
	done chan struct{}
	v    T
	err  error
}

func begin[T any](ctx context.Context, key string, read func(context.Context) (T, error)) *early[T] {
	e := &early[T]{key: key, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.v, e.err = read(ctx)
	}()
	return e
}

// take returns what *e read if it was begun with key, and forgets it
// whatever the key: a read ahead serves one use.
func take[T any](e **early[T], key string) (v T, err error, ok bool) {
	got := *e
	*e = nil
	if got == nil || got.key != key {
		return v, nil, false
	}
	// The read runs under the turn's context, so it ends when that does.
	<-got.done
	return got.v, got.err, true
}

// peek returns what e read if it was begun with key, and leaves it for
// take: a turn that must see a read to decide which handler reads it.
func peek[T any](e *early[T], key string) (v T, err error, ok bool) {
	if e == nil || e.key != key {
		return v, nil, false
	}
	<-e.done
	return e.v, e.err, true
}

// ahead holds the turn's reads begun ahead.
type ahead struct {
	booking  *early[Booking]
	slots    *early[[]CoachSlot]
	open     *early[[]Repair]
	made     *early[bool]
	failures *early[int]
	code     *early[bool]
	// danger is dangerHeard for the request's words as they came, read
	// when deciding what to read ahead; heardDanger takes it.
	danger *string
}

// readAhead begins the reads this turn will make once it knows the
// household, on the household it is likely to be, and the reads that
// need no household at all.
func (t *turn) readAhead(ctx context.Context) {
	if t.hinter == nil || t.req.SpeakerID == "" || (t.req.Type != IntentRequest && t.req.Type != ConnectionsResponse) {
		// A store in this process answers in microseconds: a read ahead
		// would cost more than it saves.
		return
	}
	if t.req.Intent == "LinkHomeIntent" {
		t.readAheadLink(ctx)
	}
	hh, coach := t.req.State.Household, ""
	if id, c, ok := t.hinter.HouseholdHint(t.req.SpeakerID); ok {
		hh, coach = id, c
	}
	if hh == "" {
		return
	}
	danger := ""
	if t.req.Type == IntentRequest {
		danger = t.dangerHeard()
		t.ahead.danger = &danger
	}
	_, askFirst := askSafety[danger]
	in := t.req.Intent
	if d := t.req.Slots["description"]; in == "ReportRepairIntent" && d.Value != "" && len(t.req.Slots) == 1 && danger == "" {
		// A sentence carried whole ("when will they come?") may ask for a
		// visit or a repair's news rather than report one.
		in = t.intentIn(d.Value)
	}
	switch {
	case in == "CheckAppointmentIntent" && t.req.Intent != in && t.stores.Repairs != nil && t.stores.Coaching != nil:
		// Whose "they" are is the booking's or the repair's: both are
		// read (repairMeant).
		t.ahead.booking = begin(ctx, hh, func(ctx context.Context) (Booking, error) {
			return t.stores.Coaching.ActiveBooking(ctx, hh, t.req.Time)
		})
		t.ahead.open = begin(ctx, hh, func(ctx context.Context) ([]Repair, error) {
			return t.stores.Repairs.OpenRepairs(ctx, hh)
		})
	case danger != "" && !askFirst,
		t.st.Pending == pendingSafety && t.req.Intent == "AMAZON.YesIntent",
		in == "RepairStatusIntent":
		// An emergency looks for the same one reported earlier.
		if t.stores.Repairs != nil {
			t.ahead.open = begin(ctx, hh, func(ctx context.Context) ([]Repair, error) {
				return t.stores.Repairs.OpenRepairs(ctx, hh)
			})
		}
	case t.req.Type == ConnectionsResponse && t.req.PermissionStatus == PermissionAccepted && !t.req.PermissionAskFailed,
		t.req.Intent == "BookCoachIntent", t.req.Intent == "CheckAppointmentIntent", t.req.Intent == "CancelAppointmentIntent",
		t.st.Flow == FlowCoach:
		if t.stores.Coaching == nil {
			return
		}
		t.ahead.booking = begin(ctx, hh, func(ctx context.Context) (Booking, error) {
			return t.stores.Coaching.ActiveBooking(ctx, hh, t.req.Time)
		})
		if t.req.Intent == "BookCoachIntent" && coach != "" {
			if _, odd := t.notADate(); !odd {
				// bookCoach's own search, worked out from the same words.
				st, _ := t.bookingAsked()
				key, from, to, limit := t.slotSearch(coach, st, false) // a home with its coach names none
				t.ahead.slots = begin(ctx, key, func(ctx context.Context) ([]CoachSlot, error) {
					return t.stores.Coaching.FreeSlots(ctx, coach, from, to, limit)
				})
			}
		}
	}
}

// readAheadLink begins linkHome's reads, which need the speaker and the
// request, not the household.
func (t *turn) readAheadLink(ctx context.Context) {
	if t.stores.Replies != nil && t.req.ID != "" {
		effect := LinkEffect(t.req.SpeakerID, strings.TrimSpace(t.req.Slots["code"].Value))
		t.ahead.made = begin(ctx, t.req.ID+"|"+effect, func(ctx context.Context) (bool, error) {
			return t.stores.Replies.Made(ctx, t.req.ID, effect)
		})
	}
	if code := strings.TrimSpace(t.req.Slots["code"].Value); t.codes != nil && validLinkCode(code) {
		t.ahead.code = begin(ctx, code, func(ctx context.Context) (bool, error) {
			return t.codes.LinkCodeIssued(ctx, code)
		})
	}
	since := t.req.Time.Add(-t.cfg.LinkLockout)
	t.ahead.failures = begin(ctx, failuresKey(t.req.SpeakerID, since.UnixNano()), func(ctx context.Context) (int, error) {
		return t.stores.Households.LinkFailures(ctx, t.req.SpeakerID, since)
	})
}

func failuresKey(speaker string, since int64) string { return fmt.Sprint(speaker, "|", since) }

// forgetAhead drops every read begun ahead: the turn is about to write,
// and a read from before the write must not answer for after it.
func (t *turn) forgetAhead() {
	danger := t.ahead.danger
	t.ahead = ahead{danger: danger}
}

// The store reads a turn may have begun ahead.

func (t *turn) activeBooking(ctx context.Context, householdID string) (Booking, error) {
	if b, err, ok := take(&t.ahead.booking, householdID); ok {
		return b, err
	}
	return t.stores.Coaching.ActiveBooking(ctx, householdID, t.req.Time)
}

func (t *turn) openRepairs(ctx context.Context, householdID string) ([]Repair, error) {
	if open, err, ok := take(&t.ahead.open, householdID); ok {
		return open, err
	}
	return t.stores.Repairs.OpenRepairs(ctx, householdID)
}

func (t *turn) freeSlots(ctx context.Context, coach string, st State, named bool) ([]CoachSlot, error) {
	key, from, to, limit := t.slotSearch(coach, st, named)
	if slots, err, ok := take(&t.ahead.slots, key); ok {
		return slots, err
	}
	return t.stores.Coaching.FreeSlots(ctx, coach, from, to, limit)
}

func (t *turn) linkMade(ctx context.Context, effect string) (bool, error) {
	if made, err, ok := take(&t.ahead.made, t.req.ID+"|"+effect); ok {
		return made, err
	}
	return t.stores.Replies.Made(ctx, t.req.ID, effect)
}

func (t *turn) linkFailures(ctx context.Context) (int, error) {
	since := t.req.Time.Add(-t.cfg.LinkLockout)
	if n, err, ok := take(&t.ahead.failures, failuresKey(t.req.SpeakerID, since.UnixNano())); ok {
		return n, err
	}
	return t.stores.Households.LinkFailures(ctx, t.req.SpeakerID, since)
}

// firstDanger is dangerHeard, taken from readAhead when it read the same
// words already.
func (t *turn) firstDanger() string {
	if d := t.ahead.danger; d != nil {
		t.ahead.danger = nil
		return *d
	}
	return t.dangerHeard()
}
