package sqlite

import (
	"context"
	"fmt"
	"time"
)

// DeleteUsageBefore deletes usage events older than before: the SQLite
// counterpart of DynamoDB's time to live, run on the retention schedule. It
// goes through the write connection, so it queues behind (and does not race)
// the batched usage writer.
//
// The rollups are folded again from what remains, in the same
// transaction, so they never count an event the log no longer holds.
func (s *Store) DeleteUsageBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.deleteUsageBefore(ctx, before)
	if err != nil {
		return 0, fmt.Errorf("sqlite: deleting usage events before %s: %w", before.Format(time.DateOnly), err)
	}
	return n, nil
}

func (s *Store) deleteUsageBefore(ctx context.Context, before time.Time) (int64, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM usage_events WHERE time < ?`, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n > 0 {
		if err := s.refold(ctx, tx); err != nil {
			return 0, err
		}
	}
	return n, tx.Commit()
}
