package intents

import (
	"context"
	"errors"
	"fmt"
)

// FlushUsage writes the usage events waiting for a retry, at shutdown: to
// the usage log, or, for those it will not take, to spill (a file the next
// start replays). It returns how many went to each; err says how many went
// to neither, each of which is logged in full (its fields are pseudonymous)
// so it can still be restored by hand.
func (s *Skill) FlushUsage(ctx context.Context, spill UsageSpill) (written, spilled int, err error) {
	r := s.usage
	if r.log == nil {
		return 0, 0, nil
	}
	r.mu.Lock()
	batch := r.pending
	r.pending = nil
	r.mu.Unlock()

	var lost int
	var errs []error
	for _, e := range batch {
		werr := r.log.RecordUsage(ctx, e)
		if werr == nil {
			written++
			continue
		}
		if spill != nil {
			serr := spill.SpillUsage(ctx, e)
			if serr == nil {
				spilled++
				continue
			}
			werr = errors.Join(werr, serr)
		}
		lost++
		errs = append(errs, werr)
		s.log.ErrorContext(ctx, "usage event neither written nor spilled at shutdown; only in this log line",
			"event", e, "err", werr)
	}
	if lost > 0 {
		return written, spilled, fmt.Errorf("%d usage events neither written nor spilled: %w", lost, errors.Join(errs...))
	}
	return written, spilled, nil
}
