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
func (s *Store) DeleteUsageBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM usage_events WHERE time < ?`, before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("sqlite: deleting usage events before %s: %w", before.Format(time.DateOnly), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlite: deleting usage events: %w", err)
	}
	return n, nil
}
