package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// The staff and privacy interfaces (erasure is in erase.go).
var (
	_ intents.TrialDates      = (*Store)(nil)
	_ intents.LandlordFigures = (*Store)(nil)
	_ intents.FeedbackMarker  = (*Store)(nil)
	_ intents.Eraser          = (*Store)(nil)
	_ intents.SpeakerEraser   = (*Store)(nil)
	_ intents.RepairQueue     = (*Store)(nil)
	_ intents.Availability    = (*Store)(nil)
)

// TrialDates returns the trial's dates, as midnight UTC of each day; the
// zero Trial if they were never set.
func (s *Store) TrialDates(ctx context.Context) (intents.Trial, error) {
	var tr intents.Trial
	err := s.read.QueryRowContext(ctx, `SELECT start_date, end_date FROM trial WHERE id = 1`).
		Scan(msTime{&tr.Start}, msTime{&tr.End})
	if errors.Is(err, sql.ErrNoRows) {
		return intents.Trial{}, nil
	}
	if err != nil {
		return intents.Trial{}, fmt.Errorf("sqlite: trial dates: %w", err)
	}
	return tr, nil
}

// SetTrialDates replaces the trial's dates. Each is kept as a calendar day,
// the year, month and day of the time as given: a midnight in Europe/London
// is 23:00 UTC the day before in summer, and storing the instant would move
// the trial by a day. A zero Start or End leaves that side open; an End
// before the Start is refused, since it would close the trial for good.
func (s *Store) SetTrialDates(ctx context.Context, t intents.Trial) error {
	start, end := calendarDay(t.Start), calendarDay(t.End)
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return fmt.Errorf("sqlite: set trial dates: end %s is before start %s",
			end.Format(time.DateOnly), start.Format(time.DateOnly))
	}
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO trial (id, start_date, end_date) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date`,
		millis(start), millis(end))
	if err != nil {
		return fmt.Errorf("sqlite: set trial dates: %w", err)
	}
	return nil
}

// calendarDay is midnight UTC of t's day in t's own location; zero stays zero.
func calendarDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// FeedbackAsked returns when the household was last asked for a rating, or
// the zero time if it never was (or is unknown).
func (s *Store) FeedbackAsked(ctx context.Context, householdID string) (time.Time, error) {
	var at time.Time
	err := s.read.QueryRowContext(ctx, `SELECT feedback_asked_at FROM households WHERE id = ?`, householdID).
		Scan(msTime{&at})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("sqlite: feedback asked of %s: %w", householdID, err)
	}
	return at, nil
}

// MarkFeedbackAsked records that the household was asked for a rating at
// at; ErrNotFound for an unknown household, since the time is kept on the
// household's row.
func (s *Store) MarkFeedbackAsked(ctx context.Context, householdID string, at time.Time) error {
	defer s.changedReads()
	err := s.inClaimedTx(ctx, intents.FeedbackEffect(householdID, at), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE households SET feedback_asked_at = ? WHERE id = ?`,
			millis(at), householdID)
		if err != nil {
			return err
		}
		return rowsAffected(res, "household")
	})
	if err != nil {
		return fmt.Errorf("sqlite: mark feedback asked of %s: %w", householdID, err)
	}
	return nil
}

// ListRepairs lists every repair, newest reported first; of repairs
// reported in the same millisecond, the last saved comes first.
func (s *Store) ListRepairs(ctx context.Context) ([]intents.Repair, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT ref, household_id, problem, room, priority, status, guide_tried, reported_at, description, visit_day, visit_part
		FROM repairs ORDER BY reported_at DESC, rowid DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list repairs: %w", err)
	}
	defer rows.Close()
	var rs []intents.Repair
	for rows.Next() {
		var r intents.Repair
		if err := rows.Scan(&r.Ref, &r.HouseholdID, &r.Problem, &r.Room, &r.Priority, &r.Status,
			&r.GuideTried, msTime{&r.ReportedAt}, &r.Description, msTime{&r.Visit.Day}, &r.Visit.Part); err != nil {
			return nil, fmt.Errorf("sqlite: list repairs: %w", err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list repairs: %w", err)
	}
	rows.Close()
	hand, err := s.repairHandOffs(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list repairs: %w", err)
	}
	for i := range rs {
		rs[i].HandOff = hand[rs[i].Ref]
	}
	return rs, nil
}

// repairDelivery is one outbox row of a repair's hand-off.
type repairDelivery struct {
	dest, state, lastError string
	attempts               int
	sentAt                 time.Time
}

// repairHandOffs reads every repair's outbox rows and says, by repair ref,
// how far its hand-off has got. A repair with no rows (saved before the
// outbox existed) is left out: its state is not known.
func (s *Store) repairHandOffs(ctx context.Context) (map[string]intents.HandOff, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT subject, destination, state, attempts, last_error, sent_at
		FROM outbox WHERE kind = ? ORDER BY subject, destination`, handoff.KindRepair)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string][]repairDelivery{}
	for rows.Next() {
		var (
			ref string
			d   repairDelivery
		)
		if err := rows.Scan(&ref, &d.dest, &d.state, &d.attempts, &d.lastError, msTime{&d.sentAt}); err != nil {
			return nil, err
		}
		by[ref] = append(by[ref], d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]intents.HandOff, len(by))
	for ref, ds := range by {
		out[ref] = repairHandOff(ds)
	}
	return out, nil
}

// repairHandOff sums up a repair's outbox rows: sent only when every
// destination has it (At is the last of them), failed if any has been
// given up on, else waiting. Detail tells of the rows not sent (only the
// failed ones, when any has failed), joined by " | ", each named by its
// destination when there is more than one. The outbox does not keep when
// an attempt was made, so At is zero unless sent.
func repairHandOff(ds []repairDelivery) intents.HandOff {
	state := "sent"
	var at time.Time
	for _, d := range ds {
		switch d.state {
		case handoff.StateFailed:
			state = "failed"
		case handoff.StateSent:
			if d.sentAt.After(at) {
				at = d.sentAt
			}
		default:
			if state == "sent" {
				state = "waiting"
			}
		}
	}
	if state != "sent" {
		at = time.Time{}
	}
	var parts []string
	for _, d := range ds {
		if d.state == handoff.StateSent || (state == "failed" && d.state != handoff.StateFailed) {
			continue
		}
		if d.attempts == 0 && d.lastError == "" {
			continue
		}
		p := strconv.Itoa(d.attempts) + " tries"
		if d.attempts == 1 {
			p = "1 try"
		}
		if d.lastError != "" {
			p += "; last: " + d.lastError
		}
		if len(ds) > 1 {
			p = d.dest + ": " + p
		}
		parts = append(parts, p)
	}
	return intents.HandOff{State: state, At: at, Detail: strings.Join(parts, " | ")}
}

// SetRepairStatus changes a repair's status; ErrNotFound for an unknown
// ref. A status other than the three staff can set is refused: stored, it
// would leave the repair open for ever, since only StatusDone closes one.
func (s *Store) SetRepairStatus(ctx context.Context, ref string, status intents.RepairStatus) error {
	switch status {
	case intents.StatusReported, intents.StatusBooked, intents.StatusDone:
	default:
		return fmt.Errorf("sqlite: set status of repair %s: unknown status %q", ref, status)
	}
	res, err := s.write.ExecContext(ctx, `UPDATE repairs SET status = ? WHERE ref = ?`, string(status), ref)
	if err == nil {
		err = rowsAffected(res, "repair")
	}
	if err != nil {
		return fmt.Errorf("sqlite: set status of repair %s: %w", ref, err)
	}
	return nil
}

// SetRepairVisit books the repairs team's visit: status booked, with its
// day; ErrNotFound for an unknown ref.
func (s *Store) SetRepairVisit(ctx context.Context, ref string, v intents.RepairVisit) error {
	res, err := s.write.ExecContext(ctx, `UPDATE repairs SET status = ?, visit_day = ?, visit_part = ? WHERE ref = ?`,
		string(intents.StatusBooked), millis(v.Day), string(v.Part), ref)
	if err == nil {
		err = rowsAffected(res, "repair")
	}
	if err != nil {
		return fmt.Errorf("sqlite: book a visit for repair %s: %w", ref, err)
	}
	return nil
}

// ListSlots lists slots starting in [from, to), earliest first, each with
// its standing booking, if any.
func (s *Store) ListSlots(ctx context.Context, from, to time.Time) ([]intents.SlotBooking, error) {
	// bookings_one_per_slot both finds the standing booking and promises
	// there is at most one, so the join yields one row per slot.
	rows, err := s.read.QueryContext(ctx, `
		SELECT s.id, s.coach_id, s.coach, s.start, b.id, b.household_id, b.booked_at
		FROM coach_slots AS s
		LEFT JOIN bookings AS b ON b.slot_id = s.id AND b.cancelled_at IS NULL
		WHERE s.start >= ? AND s.start < ?
		ORDER BY s.start, s.id`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("sqlite: list slots: %w", err)
	}
	defer rows.Close()
	var out []intents.SlotBooking
	for rows.Next() {
		var sl intents.CoachSlot
		var b intents.Booking
		if err := rows.Scan(&sl.ID, &sl.CoachID, &sl.Coach, msTime{&sl.Start},
			strCol{&b.ID}, strCol{&b.HouseholdID}, msTime{&b.BookedAt}); err != nil {
			return nil, fmt.Errorf("sqlite: list slots: %w", err)
		}
		sb := intents.SlotBooking{Slot: sl}
		if b.ID != "" {
			b.Slot = sl
			sb.Booking = &b
		}
		out = append(out, sb)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list slots: %w", err)
	}
	return out, nil
}

// RemoveCoachSlot deletes a slot no standing booking holds; ErrConflict if
// one does, ErrNotFound if there is no such slot. The slot's cancelled
// bookings go with it: they refer to it, so the database would refuse to
// delete it otherwise, and a booking of a slot that no longer exists says
// nothing anyone reads.
func (s *Store) RemoveCoachSlot(ctx context.Context, slotID string) error {
	if err := s.removeCoachSlot(ctx, slotID); err != nil {
		return fmt.Errorf("sqlite: remove coach slot %s: %w", slotID, err)
	}
	return nil
}

func (s *Store) removeCoachSlot(ctx context.Context, slotID string) error {
	// One transaction, begun IMMEDIATE (see open), so no Book in this or
	// another process can take the slot between the check and the delete.
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var booked bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM bookings WHERE slot_id = ? AND cancelled_at IS NULL)`,
		slotID).Scan(&booked); err != nil {
		return err
	}
	if booked {
		return fmt.Errorf("slot is booked: %w", intents.ErrConflict)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bookings WHERE slot_id = ?`, slotID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM coach_slots WHERE id = ?`, slotID)
	if err != nil {
		return err
	}
	if err := rowsAffected(res, "slot"); err != nil {
		return err
	}
	return tx.Commit()
}

// Figures returns the landlord's figures; the zero Figures if never set.
func (s *Store) Figures(ctx context.Context) (intents.Figures, error) {
	var f intents.Figures
	err := s.read.QueryRowContext(ctx, `SELECT phone_contact_gbp, repair_visit_gbp, usd_to_gbp, set_by, set_at FROM figures WHERE id = 1`).
		Scan(&f.PhoneContactGBP, &f.RepairVisitGBP, &f.USDToGBP, &f.SetBy, msTime{&f.SetAt})
	if errors.Is(err, sql.ErrNoRows) {
		return intents.Figures{}, nil
	}
	if err != nil {
		return intents.Figures{}, fmt.Errorf("sqlite: landlord figures: %w", err)
	}
	return f, nil
}

// SetFigures replaces the landlord's figures.
func (s *Store) SetFigures(ctx context.Context, f intents.Figures) error {
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO figures (id, phone_contact_gbp, repair_visit_gbp, usd_to_gbp, set_by, set_at) VALUES (1, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET phone_contact_gbp = excluded.phone_contact_gbp, repair_visit_gbp = excluded.repair_visit_gbp,
			usd_to_gbp = excluded.usd_to_gbp, set_by = excluded.set_by, set_at = excluded.set_at`,
		f.PhoneContactGBP, f.RepairVisitGBP, f.USDToGBP, f.SetBy, f.SetAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("sqlite: set landlord figures: %w", err)
	}
	return nil
}
