package notifier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/homehelper/homehelper/infra/dynamo"
)

const (
	// Window is how far back the sweep looks: far longer than the
	// stream's 24 hours, so a repair whose stream record was lost (or
	// dead-lettered and expired) is still found.
	Window = 7 * 24 * time.Hour
	// Grace leaves a new repair to the stream path first: the sweep takes
	// only repairs reported longer ago than this.
	Grace = 5 * time.Minute
)

// Sweeper hands off, through the same notifier as the stream path, every
// repair reported in the last Window and more than Grace ago that has no
// handoff_sent_at.
type Sweeper struct {
	Notifier *Notifier
	Now      func() time.Time
	Log      *slog.Logger
}

// Result is what one sweep did.
type Result struct {
	Found  int      `json:"found"`  // repairs without handoff_sent_at
	Sent   []string `json:"sent"`   // handed off now
	Failed []string `json:"failed"` // still not handed off
	// Overdue are repairs of erased households no longer tried, kept
	// until deleted (dynamo.KeptFor), for a person to pass on by hand.
	Overdue []string `json:"overdue"`
}

// Invoke sweeps once. The event (EventBridge's, or {} by hand) is not
// read. It goes on past a repair that fails, so one cannot hold up the
// rest, and returns an error if any failed (the errors alarm); those go on
// the next sweep.
func (s *Sweeper) Invoke(ctx context.Context, _ json.RawMessage) (Result, error) {
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-reserve))
		defer cancel()
	}
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	res := Result{Sent: []string{}, Failed: []string{}, Overdue: []string{}}
	refs, err := s.Notifier.Store.RepairsAwaitingHandOff(ctx, now.Add(-Window), now.Add(-Grace))
	if err != nil {
		return res, err
	}
	res.Found = len(refs)
	var errs []error
	for _, ref := range refs {
		log := s.Log.With("repair", ref)
		if ctx.Err() != nil {
			res.Failed = append(res.Failed, ref)
			errs = append(errs, fmt.Errorf("repair %s: no time left", ref))
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, recordTimeout)
		out, err := s.Notifier.HandOff(rctx, ref)
		cancel()
		if err != nil {
			log.ErrorContext(ctx, "repair still not handed off; the next sweep tries again", "err", err)
			res.Failed = append(res.Failed, ref)
			errs = append(errs, fmt.Errorf("repair %s: %w", ref, err))
			continue
		}
		if out == Sent {
			// The stream path should have sent it: say so.
			log.WarnContext(ctx, "repair handed off by the sweep, not the stream")
			res.Sent = append(res.Sent, ref)
		} else {
			log.InfoContext(ctx, "repair hand-off", "outcome", string(out))
		}
	}
	// A repair of an erased household that was never handed off is kept,
	// stripped, until dynamo.KeptFor after its report, then deleted: from
	// the day the sweep stops trying it, every sweep raises the errors
	// alarm about it, so a person passes it on by hand before it goes.
	overdue, err := s.Notifier.Store.KeptOverdue(ctx, now.Add(-dynamo.KeptFor), now.Add(-Window))
	if err != nil {
		errs = append(errs, err)
	}
	for _, o := range overdue {
		s.Log.ErrorContext(ctx, "repair of an erased household never handed off: pass it on by hand (docs/deploy.md) before it is deleted",
			"repair", o.Ref, "deleted_after", o.DeletedAt)
		res.Overdue = append(res.Overdue, o.Ref)
		errs = append(errs, fmt.Errorf("repair %s of an erased household never handed off", o.Ref))
	}
	s.Log.InfoContext(ctx, "sweep done", "found", res.Found, "sent", len(res.Sent), "failed", len(res.Failed), "overdue", len(res.Overdue))
	if err := errors.Join(errs...); err != nil {
		return res, fmt.Errorf("%d of %d repairs not handed off, %d of erased households past trying: %w", len(res.Failed), res.Found, len(res.Overdue), err)
	}
	return res, nil
}
