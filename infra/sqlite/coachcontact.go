package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

var _ intents.CoachContacts = (*Store)(nil)

// CoachContact returns coach coachID's hand-off webhook URL, "" if none.
func (s *Store) CoachContact(ctx context.Context, coachID string) (string, error) {
	var u string
	err := s.read.QueryRowContext(ctx, `SELECT webhook_url FROM coach_contacts WHERE coach_id = ?`, coachID).Scan(&u)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: contact of coach %s: %w", coachID, err)
	}
	return u, nil
}

// SetCoachContact sets coach coachID's hand-off webhook URL; "" clears it.
func (s *Store) SetCoachContact(ctx context.Context, coachID, url string) error {
	if coachID == "" {
		return errors.New("sqlite: set coach contact: empty coach id")
	}
	var err error
	if url == "" {
		_, err = s.write.ExecContext(ctx, `DELETE FROM coach_contacts WHERE coach_id = ?`, coachID)
	} else {
		_, err = s.write.ExecContext(ctx, `
			INSERT INTO coach_contacts (coach_id, webhook_url, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (coach_id) DO UPDATE SET webhook_url = excluded.webhook_url, updated_at = excluded.updated_at`,
			coachID, url, time.Now().UnixMilli())
	}
	if err != nil {
		return fmt.Errorf("sqlite: set contact of coach %s: %w", coachID, err)
	}
	return nil
}

// ListCoachContacts returns every coach with a contact, coach id to URL.
func (s *Store) ListCoachContacts(ctx context.Context) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT coach_id, webhook_url FROM coach_contacts`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: coach contacts: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, u string
		if err := rows.Scan(&id, &u); err != nil {
			return nil, fmt.Errorf("sqlite: coach contacts: %w", err)
		}
		m[id] = u
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: coach contacts: %w", err)
	}
	return m, nil
}

// DueContacted lists the pending coach deliveries due at now whose visit is
// with a coach that has a contact, earliest first, at most limit. The
// dispatcher uses it when there is no shared coaches' webhook, so the
// deliveries for coaches without a contact stay pending, untried, instead
// of filling its batches.
func (s *Store) DueContacted(ctx context.Context, now time.Time, limit int) ([]handoff.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	ds, err := queryDeliveries(ctx, s.read, `SELECT `+prefixed("o.", outboxColumns)+` FROM outbox AS o
		JOIN bookings AS b ON b.id = o.subject
		JOIN coach_slots AS s ON s.id = b.slot_id
		JOIN coach_contacts AS c ON c.coach_id = s.coach_id
		WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND o.destination = ?
		ORDER BY o.next_attempt_at, o.id LIMIT ?`, now.UnixMilli(), handoff.DestCoach, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: due coach hand-offs: %w", err)
	}
	return ds, nil
}

// prefixed qualifies each of a comma-separated list of columns with p.
func prefixed(p, columns string) string {
	cs := strings.Split(columns, ",")
	for i, c := range cs {
		cs[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cs, ", ")
}
