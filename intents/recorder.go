package intents

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// maxBacklog bounds the events kept in memory for a retry while the usage
// log is failing. At a pilot's few requests a minute it covers days of
// outage; beyond it the oldest is logged in full and let go, because an
// unbounded queue would eventually take the skill down with it.
const maxBacklog = 10000

// usageRecorder writes usage events, keeping any that fail for a retry so a
// failed write never breaks a tenant's conversation and never loses the
// event while the process lives.
type usageRecorder struct {
	log     UsageLog
	spill   UsageSpill
	logger  *slog.Logger
	mu      sync.Mutex
	pending []UsageEvent
	failed  atomic.Int64 // writes that failed, for logs and metrics
}

func newUsageRecorder(l UsageLog, spill UsageSpill, logger *slog.Logger) *usageRecorder {
	return &usageRecorder{log: l, spill: spill, logger: logger}
}

func (r *usageRecorder) backlog() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending)
}

// record writes e before ctx's deadline (the write budget), and retries
// earlier failures once a write succeeds again. An event that cannot be
// written in time goes to the spill if there is one, else is kept here for
// a retry; it is never dropped, and never holds the answer past the budget.
func (r *usageRecorder) record(ctx context.Context, e UsageEvent) {
	if r.log == nil {
		return
	}
	err := r.log.RecordUsage(ctx, e)
	if err == nil {
		r.retry(ctx)
		return
	}
	n := r.failed.Add(1)
	if r.spill != nil {
		// The spill gets a moment of its own: the write budget may be
		// spent, and a spilled event is as good as a written one.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), spillTimeout)
		defer cancel()
		if serr := r.spill.SpillUsage(sctx, e); serr == nil {
			r.logger.WarnContext(ctx, "usage event spilled for a later write",
				"request_id", e.RequestID, "err", err, "failed_writes", n)
			return
		} else {
			err = errors.Join(err, serr)
		}
	}
	r.logger.ErrorContext(ctx, "usage event not written; kept for retry",
		"request_id", e.RequestID, "err", err, "failed_writes", n)
	r.keep(e)
}

// spillTimeout bounds the last-resort hand-off to the spill.
const spillTimeout = 500 * time.Millisecond

func (r *usageRecorder) keep(e UsageEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) >= maxBacklog {
		// Last resort: the event's fields (all pseudonymous) in the log,
		// from which it can be restored.
		lost := r.pending[0]
		r.logger.Error("usage backlog full; oldest event only in this log line",
			"event", lost)
		r.pending = r.pending[1:]
	}
	r.pending = append(r.pending, e)
}

// retry writes kept events, oldest first, stopping at the first failure.
// Writes are idempotent on request id, so an event written twice counts once.
func (r *usageRecorder) retry(ctx context.Context) {
	r.mu.Lock()
	if len(r.pending) == 0 {
		r.mu.Unlock()
		return
	}
	batch := r.pending
	r.pending = nil
	r.mu.Unlock()

	for i, e := range batch {
		if err := r.log.RecordUsage(ctx, e); err != nil {
			r.mu.Lock()
			r.pending = append(batch[i:], r.pending...)
			r.mu.Unlock()
			return
		}
	}
	r.logger.InfoContext(ctx, "usage backlog written", "events", len(batch))
}

// forget blanks a household's and a speaker's ids on events still waiting
// for a retry, so an erasure is not undone when the backlog is written.
func (r *usageRecorder) forget(householdID, speakerID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, e := range r.pending {
		if (householdID != "" && e.HouseholdID == householdID) || (speakerID != "" && e.SpeakerID == speakerID) {
			r.pending[i].HouseholdID, r.pending[i].SpeakerID, r.pending[i].SessionID, r.pending[i].RepairRef = "", "", "", ""
		}
	}
}
