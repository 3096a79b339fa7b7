package intents

import (
	"context"
	"encoding/json"
	"maps"
	"sync/atomic"
	"time"
)

// A turn that changes one thing on a store a round trip away waits on
// three writes in a row: the change, then its recorded answer and its usage
// event, which must follow it ("done" is said only of what is saved). When
// a turn knows what it will answer if the change is made (an emergency: the
// safety script, and the reference the repair will have), it hands the
// store that answer and event with the change (withSettled). A store that
// can write them in the change's own transaction does so, and says it did
// (Settled.Wrote); the turn then writes neither again. Any other store
// ignores them, and the turn writes them after the change, as ever. If the
// change fails, nothing of it was written, and the turn answers as it
// would have.

// Settled is the answer and usage event a turn will give and record if its
// change is made.
type Settled struct {
	// Answer is the recorded reply, as saveReply writes it; Expires is
	// when it may be forgotten.
	Answer  []byte
	Expires time.Time
	Event   UsageEvent
	wrote   atomic.Bool
}

// Wrote records that the store wrote the answer and the event in the same
// transaction as the change.
func (s *Settled) Wrote() { s.wrote.Store(true) }

// Written reports whether the store wrote them (a nil Settled was not).
func (s *Settled) Written() bool { return s != nil && s.wrote.Load() }

type settledKey struct{}

// WithSettled returns a context whose store change may write s with it.
func WithSettled(ctx context.Context, s *Settled) context.Context {
	return context.WithValue(ctx, settledKey{}, s)
}

// SettledFrom returns the answer and event to write with the change made
// under ctx, if the turn gave them.
func SettledFrom(ctx context.Context) (*Settled, bool) {
	s, ok := ctx.Value(settledKey{}).(*Settled)
	return s, ok && s != nil
}

// settle is the answer and event the turn will have if it answers resp
// (finish), with what the change made recorded by mark; nil where no answer
// is recorded (no Replies, or no request id), or where the store is not a
// round trip away (roundTrips).
func (t *turn) settle(answer func() Response, mark func(*UsageEvent)) *Settled {
	if t.stores.Replies == nil || t.req.ID == "" || !t.roundTrips() {
		// A store in this process writes in microseconds, and writes
		// neither with the change: nothing to save by settling.
		return nil
	}
	resp, ev := t.finish(answer())
	ev.Slots = maps.Clone(ev.Slots)
	mark(&ev)
	b, err := json.Marshal(resp)
	if err != nil {
		return nil
	}
	return &Settled{Answer: b, Expires: t.now().Add(ReplyKeep), Event: ev}
}
