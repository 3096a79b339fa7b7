package handoff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// memOutbox is an Outbox in memory.
type memOutbox struct {
	mu sync.Mutex
	ds []Delivery
}

func (o *memOutbox) Due(_ context.Context, now time.Time, dests []string, limit int) ([]Delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var due []Delivery
	for _, d := range o.ds {
		if d.State == StatePending && !d.NextAttemptAt.After(now) && slices.Contains(dests, d.Destination) && len(due) < limit {
			due = append(due, d)
		}
	}
	return due, nil
}

func (o *memOutbox) find(id int64) *Delivery {
	for i := range o.ds {
		if o.ds[i].ID == id {
			return &o.ds[i]
		}
	}
	panic(fmt.Sprintf("no delivery %d", id))
}

func (o *memOutbox) MarkSent(_ context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := o.find(id)
	d.State, d.SentAt = StateSent, at
	return nil
}

func (o *memOutbox) MarkFailed(_ context.Context, id int64, attempt int, next time.Time, final bool, errText string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	d := o.find(id)
	d.Attempts, d.NextAttemptAt, d.LastError = attempt, next, errText
	if final {
		d.State = StateFailed
	}
	return nil
}

func (o *memOutbox) get(id int64) Delivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.find(id)
}

// memSource builds a message for any delivery whose subject is not "gone".
type memSource struct{}

func (memSource) Message(_ context.Context, d Delivery) (Message, error) {
	if d.Subject == "gone" {
		return Message{}, fmt.Errorf("repair %s: %w", d.Subject, intents.ErrNotFound)
	}
	return ForRepair(intents.Repair{Ref: d.Subject, Problem: "LEAK", Priority: intents.Urgent}, "REF-1", "a leak"), nil
}

// scriptSender fails with each error of script in turn, then succeeds.
type scriptSender struct {
	mu     sync.Mutex
	script []error
	got    []Message
}

func (s *scriptSender) Send(_ context.Context, m Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, m)
	if len(s.script) == 0 {
		return nil
	}
	err := s.script[0]
	s.script = s.script[1:]
	return err
}

var t0 = time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)

func pending(id int64, subject, dest string) Delivery {
	return Delivery{ID: id, Kind: KindRepair, Key: RepairKey(subject), Subject: subject, Destination: dest,
		State: StatePending, NextAttemptAt: t0, CreatedAt: t0}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestRunOnce(t *testing.T) {
	boom := errors.New("503 Service Unavailable")
	tests := []struct {
		name          string
		d             Delivery
		senders       map[string]Sender
		wantState     string
		wantAttempts  int
		wantNext      time.Time
		wantSent      int
		wantFailed    int
		wantSendCalls int
	}{
		{"delivered first time", pending(1, "HK1", DestRepairs),
			map[string]Sender{DestRepairs: &scriptSender{}}, StateSent, 0, t0, 1, 0, 1},
		{"first failure waits the schedule's first step", pending(1, "HK1", DestRepairs),
			map[string]Sender{DestRepairs: &scriptSender{script: []error{boom}}}, StatePending, 1, t0.Add(30 * time.Second), 0, 1, 1},
		{"third failure waits the third step", func() Delivery { d := pending(1, "HK1", DestRepairs); d.Attempts = 2; return d }(),
			map[string]Sender{DestRepairs: &scriptSender{script: []error{boom}}}, StatePending, 3, t0.Add(2 * time.Minute), 0, 1, 1},
		{"last try failing fails it for good", func() Delivery { d := pending(1, "HK1", DestRepairs); d.Attempts = MaxAttempts - 1; return d }(),
			map[string]Sender{DestRepairs: &scriptSender{script: []error{boom}}}, StateFailed, MaxAttempts, time.Time{}, 0, 1, 1},
		{"no sender for the destination leaves it pending", pending(1, "HK1", DestEmergency),
			map[string]Sender{DestRepairs: &scriptSender{}}, StatePending, 0, t0, 0, 0, 0},
		{"an erased subject fails at once", pending(1, "gone", DestRepairs),
			map[string]Sender{DestRepairs: &scriptSender{}}, StateFailed, 1, time.Time{}, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ob := &memOutbox{ds: []Delivery{tt.d}}
			d := &Dispatcher{Outbox: ob, Source: memSource{}, Senders: tt.senders, Now: func() time.Time { return t0 }, Log: quiet()}
			sent, failed, err := d.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if sent != tt.wantSent || failed != tt.wantFailed {
				t.Errorf("sent, failed = %d, %d; want %d, %d", sent, failed, tt.wantSent, tt.wantFailed)
			}
			got := ob.get(1)
			if got.State != tt.wantState || got.Attempts != tt.wantAttempts {
				t.Errorf("state %s after %d attempts; want %s after %d", got.State, got.Attempts, tt.wantState, tt.wantAttempts)
			}
			if tt.wantState != StateSent && !got.NextAttemptAt.Equal(tt.wantNext) {
				t.Errorf("next attempt %v, want %v", got.NextAttemptAt, tt.wantNext)
			}
			calls := 0
			for _, s := range tt.senders {
				calls += len(s.(*scriptSender).got)
			}
			if calls != tt.wantSendCalls {
				t.Errorf("%d sends, want %d", calls, tt.wantSendCalls)
			}
		})
	}
}

// TestRetryScheduleEndToEnd runs a receiver that never answers well with a
// clock that jumps to each next attempt: the dispatcher tries exactly
// MaxAttempts times at the schedule's times, never early, then fails it.
func TestRetryScheduleEndToEnd(t *testing.T) {
	ob := &memOutbox{ds: []Delivery{pending(1, "HK1", DestRepairs)}}
	never := &scriptSender{}
	for range MaxAttempts + 5 {
		never.script = append(never.script, errors.New("timeout"))
	}
	clock := t0
	d := &Dispatcher{Outbox: ob, Source: memSource{}, Senders: map[string]Sender{DestRepairs: never},
		Now: func() time.Time { return clock }, Log: quiet()}
	want := t0
	for attempt := 1; attempt <= MaxAttempts+2; attempt++ {
		// Just before it is due, nothing is sent.
		clock = want.Add(-time.Millisecond)
		if _, failed, _ := d.RunOnce(context.Background()); failed != 0 {
			t.Fatalf("attempt %d made early", attempt)
		}
		clock = want
		if _, _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := ob.get(1)
		if got.State == StateFailed {
			break
		}
		next, ok := NextAttempt(want, attempt)
		if !ok {
			t.Fatalf("still pending after attempt %d", attempt)
		}
		want = next
	}
	if got := ob.get(1); got.State != StateFailed || len(never.got) != MaxAttempts || got.Attempts != MaxAttempts {
		t.Errorf("state %s after %d sends (%d recorded); want failed after %d", got.State, len(never.got), got.Attempts, MaxAttempts)
	}
}

// TestSlowDestinationDoesNotHoldUpOthers: destinations are served side by
// side, so an emergency goes while the repairs webhook hangs.
func TestSlowDestinationDoesNotHoldUpOthers(t *testing.T) {
	ob := &memOutbox{ds: []Delivery{pending(1, "HK1", DestRepairs), pending(2, "HK1", DestEmergency)}}
	release := make(chan struct{})
	emergencySent := make(chan struct{})
	d := &Dispatcher{Outbox: ob, Source: memSource{}, Log: quiet(), Now: func() time.Time { return t0 },
		Senders: map[string]Sender{
			DestRepairs: senderFunc(func(ctx context.Context, _ Message) error {
				<-release
				return nil
			}),
			DestEmergency: senderFunc(func(context.Context, Message) error { close(emergencySent); return nil }),
		}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if sent, _, err := d.RunOnce(context.Background()); sent != 2 || err != nil {
			t.Errorf("sent %d, err %v", sent, err)
		}
	}()
	select {
	case <-emergencySent:
	case <-time.After(5 * time.Second):
		t.Error("the emergency waited for the repairs team's webhook")
	}
	close(release)
	<-done
}

type senderFunc func(context.Context, Message) error

func (f senderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

func TestProblemWordsCoverEveryProblem(t *testing.T) {
	for _, id := range intents.ProblemIDs() {
		if w := ProblemWords(id); w == id || w == "" {
			t.Errorf("no words for problem %s", id)
		}
	}
	if got := ProblemWords("NEW_THING"); got != "NEW_THING" {
		t.Errorf("unknown problem in words: %q", got)
	}
}
