package handoff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Destinations: who a queued message is for.
const (
	// DestRepairs is the landlord's repairs team: every saved repair.
	DestRepairs = "repairs"
	// DestEmergency is the emergency destination: emergency repairs, as
	// well as (not instead of) the repairs team.
	DestEmergency = "emergency"
	// DestCoach is the Neighbourhood Coaches: visits booked and cancelled.
	DestCoach = "coach"
)

// States of a delivery in the outbox.
const (
	StatePending = "pending" // not yet delivered; tried again at NextAttemptAt
	StateSent    = "sent"    // the receiver answered 2xx
	StateFailed  = "failed"  // MaxAttempts used up, or the message can no longer be built
)

// Delivery is one message queued for one destination: a row of the outbox.
type Delivery struct {
	ID            int64
	Kind          string // KindRepair, KindVisitBooked or KindVisitCancelled
	Key           string // the idempotency key
	Subject       string // the repair reference or the booking id
	Destination   string // DestRepairs, DestEmergency or DestCoach
	State         string
	Attempts      int // failed attempts so far
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        time.Time // zero unless sent
}

// Outbox is the queue of deliveries. The store that saves a repair or a
// booking queues its deliveries in the same transaction, so nothing saved
// can miss its hand-off.
type Outbox interface {
	// Due lists pending deliveries to any of destinations whose next
	// attempt is at or before now, earliest first, at most limit.
	Due(ctx context.Context, now time.Time, destinations []string, limit int) ([]Delivery, error)
	// MarkSent records a delivery as delivered at at.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed records the attempt-th failed attempt: the delivery is
	// tried again at next, or, if final, is failed for good.
	MarkFailed(ctx context.Context, id int64, attempt int, next time.Time, final bool, errText string) error
}

// Source builds the message a delivery carries, from what is stored now.
// It returns an error wrapping intents.ErrNotFound when the repair or
// booking is gone (a household erased before its hand-off was sent).
type Source interface {
	Message(ctx context.Context, d Delivery) (Message, error)
}

// Sender delivers a message to one destination; nil means delivered.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Dispatcher sends what the outbox holds, retrying on the schedule.
// Destinations without a Sender are left pending, so they still show in
// the outbox and go once a sender is configured.
type Dispatcher struct {
	Outbox  Outbox
	Source  Source
	Senders map[string]Sender // by destination
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Retry says when to try again after the attempt-th failure, and false
	// when no tries are left; nil means NextAttempt. Tests shorten it.
	Retry func(failedAt time.Time, attempt int) (time.Time, bool)
	// Log gets a line per failed attempt, at ERROR once a delivery has
	// failed for good; nil means slog.Default().
	Log *slog.Logger
	// Batch bounds the deliveries one RunOnce takes; 0 means 100.
	Batch int
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

// RunOnce sends every delivery now due and returns how many were sent and
// how many attempts failed. Destinations are served concurrently, so a
// slow repairs webhook cannot hold up the emergency one; within one
// destination deliveries go in order. err is set only when the outbox
// itself could not be read or updated.
func (d *Dispatcher) RunOnce(ctx context.Context) (sent, failed int, err error) {
	dests := make([]string, 0, len(d.Senders))
	for dest, s := range d.Senders {
		if s != nil {
			dests = append(dests, dest)
		}
	}
	if len(dests) == 0 {
		return 0, 0, nil
	}
	sort.Strings(dests)
	batch := d.Batch
	if batch <= 0 {
		batch = 100
	}
	due, err := d.Outbox.Due(ctx, d.now(), dests, batch)
	if err != nil {
		return 0, 0, fmt.Errorf("handoff: reading the outbox: %w", err)
	}
	byDest := map[string][]Delivery{}
	for _, dl := range due {
		byDest[dl.Destination] = append(byDest[dl.Destination], dl)
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for dest, list := range byDest {
		sender := d.Senders[dest]
		wg.Go(func() {
			for _, dl := range list {
				ok, err := d.deliver(ctx, sender, dl)
				mu.Lock()
				if ok {
					sent++
				} else {
					failed++
				}
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
				if ctx.Err() != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return sent, failed, errors.Join(errs...)
}

// deliver makes one attempt at dl and records its outcome.
func (d *Dispatcher) deliver(ctx context.Context, sender Sender, dl Delivery) (bool, error) {
	m, err := d.Source.Message(ctx, dl)
	gone := errors.Is(err, intents.ErrNotFound)
	if err == nil {
		err = sender.Send(ctx, m)
	}
	if err == nil {
		if err := d.Outbox.MarkSent(ctx, dl.ID, d.now()); err != nil {
			// Sent but not recorded: it goes again, and the receiver's
			// idempotency check makes that harmless.
			return true, fmt.Errorf("handoff: marking %s to %s sent: %w", dl.Key, dl.Destination, err)
		}
		return true, nil
	}
	if ctx.Err() != nil {
		// Shutting down: this attempt does not count against the delivery.
		return false, nil
	}
	attempt := dl.Attempts + 1
	retry := d.Retry
	if retry == nil {
		retry = NextAttempt
	}
	failedAt := d.now()
	next, again := retry(failedAt, attempt)
	if gone {
		// Erased before it could go: no retry can bring it back.
		again = false
	}
	if !again {
		next = time.Time{}
	}
	log := d.log().With("key", dl.Key, "destination", dl.Destination, "attempt", attempt, "err", err)
	if again {
		log.Warn("hand-off attempt failed; will retry", "next_attempt", next.UTC().Format(time.RFC3339))
	} else {
		log.Error("HAND-OFF FAILED: not delivered and no tries left; tell the receiver by hand (see `homehelper outbox --state failed`)")
	}
	if err := d.Outbox.MarkFailed(ctx, dl.ID, attempt, next, !again, err.Error()); err != nil {
		return false, fmt.Errorf("handoff: marking %s to %s failed: %w", dl.Key, dl.Destination, err)
	}
	return false, nil
}

// Run calls RunOnce at once and then every interval until ctx is done,
// logging what goes wrong.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.log().Error("hand-off dispatcher", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
