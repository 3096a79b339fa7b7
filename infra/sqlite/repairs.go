package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/homehelper/homehelper/intents"
)

// SaveRepair stores a new repair; ErrConflict if its Ref is taken,
// ErrNotFound if its household is unknown. The repair's hand-off (to the
// repairs team, and for an emergency to the emergency destination too) is
// queued in the same transaction: a saved repair is always handed off.
func (s *Store) SaveRepair(ctx context.Context, r intents.Repair) error {
	err := s.inClaimedTx(ctx, intents.Effect("repair", r.Ref), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
		INSERT INTO repairs (ref, household_id, problem, room, priority, status, guide_tried, reported_at, description)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Ref, r.HouseholdID, r.Problem, r.Room, string(r.Priority), string(r.Status), r.GuideTried, millis(r.ReportedAt), r.Description)
		if err != nil {
			return err
		}
		return queueRepairHandoff(ctx, tx, r)
	})
	if err != nil {
		return fmt.Errorf("sqlite: save repair %s: %w", r.Ref, dbError(err))
	}
	return nil
}

// OpenRepairs lists a household's repairs not yet done, oldest first.
func (s *Store) OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT ref, household_id, problem, room, priority, status, guide_tried, reported_at, description, visit_day, visit_part
		FROM repairs WHERE household_id = ? AND status != ?
		ORDER BY reported_at, ref`, householdID, string(intents.StatusDone))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open repairs of %s: %w", householdID, err)
	}
	defer rows.Close()
	var rs []intents.Repair
	for rows.Next() {
		var r intents.Repair
		if err := rows.Scan(&r.Ref, &r.HouseholdID, &r.Problem, &r.Room, &r.Priority, &r.Status,
			&r.GuideTried, msTime{&r.ReportedAt}, &r.Description, msTime{&r.Visit.Day}, &r.Visit.Part); err != nil {
			return nil, fmt.Errorf("sqlite: open repairs of %s: %w", householdID, err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: open repairs of %s: %w", householdID, err)
	}
	return rs, nil
}
