package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// The store is the hand-off's outbox and the source of its messages.
var (
	_ handoff.Outbox = (*Store)(nil)
	_ handoff.Source = (*Store)(nil)
)

// inTx runs fn in a transaction on the write connection, committing if it
// returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// queue adds a pending delivery per destination, due at once. A delivery
// already queued under the same key and destination is left as it is.
func queue(ctx context.Context, tx *sql.Tx, kind, key, subject string, at time.Time, dests ...string) error {
	if at.IsZero() {
		at = time.Now()
	}
	for _, dest := range dests {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO outbox (kind, key, subject, destination, state, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, 'pending', ?, ?)
			ON CONFLICT (key, destination) DO NOTHING`,
			kind, key, subject, dest, at.UnixMilli(), at.UnixMilli())
		if err != nil {
			return fmt.Errorf("queueing hand-off %s to %s: %w", key, dest, err)
		}
	}
	return nil
}

// practice reports whether a household is a demo one, whose repairs and
// visits are kept but never handed off (intents.Household.Demo). An
// unknown household is not practice: the insert before this refuses it.
func practice(ctx context.Context, tx *sql.Tx, householdID string) (bool, error) {
	var demo bool
	err := tx.QueryRowContext(ctx, `SELECT demo FROM households WHERE id = ?`, householdID).Scan(&demo)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("is household %s a demo: %w", householdID, err)
	}
	return demo, nil
}

func queueRepairHandoff(ctx context.Context, tx *sql.Tx, r intents.Repair) error {
	if demo, err := practice(ctx, tx, r.HouseholdID); err != nil || demo {
		return err
	}
	return queue(ctx, tx, handoff.KindRepair, handoff.RepairKey(r.Ref), r.Ref, r.ReportedAt, handoff.RepairDestinations(r)...)
}

func queueVisitHandoff(ctx context.Context, tx *sql.Tx, householdID, bookingID string, cancelled bool, at time.Time) error {
	if demo, err := practice(ctx, tx, householdID); err != nil || demo {
		return err
	}
	kind := handoff.KindVisitBooked
	if cancelled {
		kind = handoff.KindVisitCancelled
	}
	return queue(ctx, tx, kind, handoff.VisitKey(bookingID, cancelled), bookingID, at, handoff.VisitDestinations()...)
}

const outboxColumns = `id, kind, key, subject, destination, state, attempts, next_attempt_at, last_error, created_at, sent_at`

func scanDelivery(row interface{ Scan(...any) error }) (handoff.Delivery, error) {
	var d handoff.Delivery
	err := row.Scan(&d.ID, &d.Kind, &d.Key, &d.Subject, &d.Destination, &d.State, &d.Attempts,
		msTime{&d.NextAttemptAt}, &d.LastError, msTime{&d.CreatedAt}, msTime{&d.SentAt})
	return d, err
}

func queryDeliveries(ctx context.Context, db *sql.DB, query string, args ...any) ([]handoff.Delivery, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ds []handoff.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

// Due lists pending deliveries to any of destinations whose next attempt
// is at or before now, earliest first, at most limit.
func (s *Store) Due(ctx context.Context, now time.Time, destinations []string, limit int) ([]handoff.Delivery, error) {
	if len(destinations) == 0 || limit <= 0 {
		return nil, nil
	}
	args := []any{now.UnixMilli()}
	for _, d := range destinations {
		args = append(args, d)
	}
	args = append(args, limit)
	ds, err := queryDeliveries(ctx, s.read, `SELECT `+outboxColumns+` FROM outbox
		WHERE state = 'pending' AND next_attempt_at <= ?
		AND destination IN (?`+strings.Repeat(", ?", len(destinations)-1)+`)
		ORDER BY next_attempt_at, id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: due hand-offs: %w", err)
	}
	return ds, nil
}

// MarkSent records a pending delivery as delivered. A delivery kept for
// an erased household (keepPromisedRepairs) goes instead: it was all that
// was left of the household.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if done, err := s.dropKept(ctx, id); done || err != nil {
		return err
	}
	res, err := s.write.ExecContext(ctx, `UPDATE outbox SET state = 'sent', sent_at = ?, next_attempt_at = NULL
		WHERE id = ? AND state = 'pending'`, at.UnixMilli(), id)
	if err == nil {
		err = rowsAffected(res, "pending hand-off")
	}
	if err != nil {
		return fmt.Errorf("sqlite: mark hand-off %d sent: %w", id, err)
	}
	return nil
}

// MarkFailed records a failed attempt: the delivery stays pending until
// next, or is failed for good if final.
func (s *Store) MarkFailed(ctx context.Context, id int64, attempt int, next time.Time, final bool, errText string) error {
	state, nextAt := handoff.StatePending, millis(next)
	if final {
		state, nextAt = handoff.StateFailed, nil
		// The dispatcher has logged it for a person to pass on by hand;
		// an erased household's message is not kept beyond that.
		if done, err := s.dropKept(ctx, id); done || err != nil {
			return err
		}
	}
	res, err := s.write.ExecContext(ctx, `UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?
		WHERE id = ? AND state = 'pending'`, state, attempt, nextAt, errText, id)
	if err == nil {
		err = rowsAffected(res, "pending hand-off")
	}
	if err != nil {
		return fmt.Errorf("sqlite: mark hand-off %d failed: %w", id, err)
	}
	return nil
}

// dropKept deletes a pending delivery that carries its own message
// (keepPromisedRepairs), reporting whether there was one.
func (s *Store) dropKept(ctx context.Context, id int64) (bool, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM outbox WHERE id = ? AND state = 'pending' AND message IS NOT NULL`, id)
	if err != nil {
		return false, fmt.Errorf("sqlite: hand-off %d of an erased household: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	// The message was the last of an erased household: scrub it from
	// the files, as the erasure scrubbed the rest.
	if err := s.scrub(ctx); err != nil {
		return true, fmt.Errorf("sqlite: hand-off %d of an erased household sent, but %w", id, err)
	}
	return true, nil
}

// ListOutbox lists deliveries, newest first, in one state or ("") all.
func (s *Store) ListOutbox(ctx context.Context, state string) ([]handoff.Delivery, error) {
	q, args := `SELECT `+outboxColumns+` FROM outbox ORDER BY created_at DESC, id DESC`, []any(nil)
	if state != "" {
		q, args = `SELECT `+outboxColumns+` FROM outbox WHERE state = ? ORDER BY created_at DESC, id DESC`, []any{state}
	}
	ds, err := queryDeliveries(ctx, s.read, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list outbox: %w", err)
	}
	return ds, nil
}

// Message builds a delivery's message from the repair or booking as
// stored now, naming the household by its landlord reference. It returns
// an error wrapping intents.ErrNotFound if the subject has been erased.
func (s *Store) Message(ctx context.Context, d handoff.Delivery) (handoff.Message, error) {
	var (
		m    handoff.Message
		ref  string
		err  error
		kept []byte
	)
	if err := s.read.QueryRowContext(ctx, `SELECT message FROM outbox WHERE id = ?`, d.ID).Scan(&kept); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return handoff.Message{}, fmt.Errorf("sqlite: hand-off %s: %w", d.Key, err)
	}
	switch {
	case kept != nil:
		// Its household was erased: the message kept for it is all there is.
		err = json.Unmarshal(kept, &m)
	case d.Kind == handoff.KindRepair:
		var r intents.Repair
		err = s.read.QueryRowContext(ctx, `
			SELECT r.ref, r.household_id, r.problem, r.room, r.priority, r.status, r.guide_tried, r.reported_at, r.description, h.ref
			FROM repairs AS r JOIN households AS h ON h.id = r.household_id WHERE r.ref = ?`, d.Subject).
			Scan(&r.Ref, &r.HouseholdID, &r.Problem, &r.Room, &r.Priority, &r.Status, &r.GuideTried, msTime{&r.ReportedAt}, &r.Description, &ref)
		m = handoff.ForRepair(r, ref, handoff.ProblemWords(r.Problem))
	case d.Kind == handoff.KindVisitBooked, d.Kind == handoff.KindVisitCancelled:
		var b intents.Booking
		err = s.read.QueryRowContext(ctx, `
			SELECT b.id, b.household_id, s.id, s.coach_id, s.coach, s.start, h.ref
			FROM bookings AS b JOIN coach_slots AS s ON s.id = b.slot_id JOIN households AS h ON h.id = b.household_id
			WHERE b.id = ?`, d.Subject).
			Scan(&b.ID, &b.HouseholdID, &b.Slot.ID, &b.Slot.CoachID, &b.Slot.Coach, msTime{&b.Slot.Start}, &ref)
		m = handoff.ForVisit(b, ref, d.Kind == handoff.KindVisitCancelled)
	default:
		return handoff.Message{}, fmt.Errorf("sqlite: hand-off %s: unknown kind %q", d.Key, d.Kind)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("%s %s is no longer stored (erased?): %w", d.Kind, d.Subject, intents.ErrNotFound)
	}
	if err != nil {
		return handoff.Message{}, fmt.Errorf("sqlite: hand-off %s: %w", d.Key, err)
	}
	if m.IdempotencyKey != d.Key {
		return handoff.Message{}, fmt.Errorf("sqlite: hand-off %s: message key %s does not match", d.Key, m.IdempotencyKey)
	}
	return m, nil
}
