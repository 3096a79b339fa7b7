package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// AddCoachSlots adds slots in one transaction; a slot whose ID is already
// stored is left as it is, so a staff command can load the same rota twice.
func (s *Store) AddCoachSlots(ctx context.Context, slots []intents.CoachSlot) error {
	if err := s.addCoachSlots(ctx, slots); err != nil {
		return fmt.Errorf("sqlite: add coach slots: %w", err)
	}
	return nil
}

func (s *Store) addCoachSlots(ctx context.Context, slots []intents.CoachSlot) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `
		INSERT INTO coach_slots (id, coach_id, coach, start) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, sl := range slots {
		if sl.Start.IsZero() {
			return fmt.Errorf("slot %s has no start time", sl.ID)
		}
		if _, err := stmt.ExecContext(ctx, sl.ID, sl.CoachID, sl.Coach, sl.Start.UnixMilli()); err != nil {
			return fmt.Errorf("slot %s: %w", sl.ID, err)
		}
	}
	return tx.Commit()
}

// FreeSlots lists unbooked slots starting in [from, to), earliest first, for
// one coach (or any coach when coachID is empty), at most limit of them.
func (s *Store) FreeSlots(ctx context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
	if limit <= 0 {
		return nil, nil
	}
	// Two queries rather than "coach_id = ? OR ? = ''", which would keep
	// SQLite from using the per-coach index.
	query, args := `
		SELECT id, coach_id, coach, start FROM coach_slots AS s
		WHERE start >= ? AND start < ?
		AND NOT EXISTS (SELECT 1 FROM bookings WHERE slot_id = s.id AND cancelled_at IS NULL)
		ORDER BY start, id LIMIT ?`, []any{from.UnixMilli(), to.UnixMilli(), limit}
	if coachID != "" {
		query = `
		SELECT id, coach_id, coach, start FROM coach_slots AS s
		WHERE coach_id = ? AND start >= ? AND start < ?
		AND NOT EXISTS (SELECT 1 FROM bookings WHERE slot_id = s.id AND cancelled_at IS NULL)
		ORDER BY start, id LIMIT ?`
		args = append([]any{coachID}, args...)
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: free slots: %w", err)
	}
	defer rows.Close()
	var slots []intents.CoachSlot
	for rows.Next() {
		var sl intents.CoachSlot
		if err := rows.Scan(&sl.ID, &sl.CoachID, &sl.Coach, msTime{&sl.Start}); err != nil {
			return nil, fmt.Errorf("sqlite: free slots: %w", err)
		}
		slots = append(slots, sl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: free slots: %w", err)
	}
	return slots, nil
}

// Book holds b.Slot for b.HouseholdID; ErrConflict if a standing booking
// already holds the slot (or b.ID is taken), ErrNotFound if the slot or
// household is unknown. Only b.Slot.ID is read: the slot's details are the
// stored ones.
func (s *Store) Book(ctx context.Context, b intents.Booking) error {
	// A single INSERT: the partial unique index bookings_one_per_slot
	// refuses a second standing booking, however the writers interleave.
	// The coach's hand-off is queued in the same transaction.
	err := s.inClaimedTx(ctx, intents.Effect("booking", b.ID), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO bookings (id, household_id, slot_id, booked_at) VALUES (?, ?, ?, ?)`,
			b.ID, b.HouseholdID, b.Slot.ID, millis(b.BookedAt))
		if err != nil {
			return err
		}
		return queueVisitHandoff(ctx, tx, b.HouseholdID, b.ID, false, b.BookedAt)
	})
	if err != nil {
		return fmt.Errorf("sqlite: book slot %s for %s: %w", b.Slot.ID, b.HouseholdID, dbError(err))
	}
	return nil
}

// ActiveBooking returns the household's standing booking that starts at or
// after now, the earliest if there are several, or ErrNotFound.
func (s *Store) ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error) {
	var b intents.Booking
	err := s.read.QueryRowContext(ctx, `
		SELECT b.id, b.household_id, b.booked_at, b.reminder_id, s.id, s.coach_id, s.coach, s.start
		FROM bookings AS b JOIN coach_slots AS s ON s.id = b.slot_id
		WHERE b.household_id = ? AND b.cancelled_at IS NULL AND s.start >= ?
		ORDER BY s.start, b.id LIMIT 1`, householdID, now.UnixMilli()).
		Scan(&b.ID, &b.HouseholdID, msTime{&b.BookedAt}, &b.ReminderID, &b.Slot.ID, &b.Slot.CoachID, &b.Slot.Coach, msTime{&b.Slot.Start})
	if errors.Is(err, sql.ErrNoRows) {
		err = intents.ErrNotFound
	}
	if err != nil {
		return intents.Booking{}, fmt.Errorf("sqlite: active booking of %s: %w", householdID, err)
	}
	return b, nil
}

// SetBookingReminder keeps the reminder set for a booking, claiming the
// request it is made under in the same transaction.
func (s *Store) SetBookingReminder(ctx context.Context, bookingID, reminderID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := claim(ctx, tx, ""); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE bookings SET reminder_id = ? WHERE id = ?`, reminderID, bookingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return intents.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: reminder of booking %s: %w", bookingID, err)
	}
	return nil
}

// CancelBooking cancels a standing booking, freeing its slot; ErrNotFound if
// it does not stand.
func (s *Store) CancelBooking(ctx context.Context, bookingID string, at time.Time) error {
	if at.IsZero() {
		// cancelled_at NULL means "standing": a zero time would cancel nothing.
		return fmt.Errorf("sqlite: cancel booking %s: no cancellation time", bookingID)
	}
	// The coach's hand-off is queued in the same transaction.
	err := s.inClaimedTx(ctx, intents.Effect("cancel", bookingID), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE bookings SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL`,
			at.UnixMilli(), bookingID)
		if err == nil {
			err = rowsAffected(res, "standing booking")
		}
		if err != nil {
			return err
		}
		var householdID string
		if err := tx.QueryRowContext(ctx, `SELECT household_id FROM bookings WHERE id = ?`, bookingID).Scan(&householdID); err != nil {
			return err
		}
		return queueVisitHandoff(ctx, tx, householdID, bookingID, true, at)
	})
	if err != nil {
		return fmt.Errorf("sqlite: cancel booking %s: %w", bookingID, err)
	}
	return nil
}
