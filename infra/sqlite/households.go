package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/homehelper/homehelper/intents"
)

const householdColumns = `id, ref, vulnerable, consent_date, coach_id, link_code, code_expires, enrolled_at, linked_at, last_used, demo, changed_by, changed_at`

// scanHousehold reads householdColumns, in that order.
func scanHousehold(row interface{ Scan(...any) error }) (intents.Household, error) {
	var h intents.Household
	err := row.Scan(&h.ID, &h.Ref, &h.Vulnerable, msTime{&h.ConsentDate}, &h.CoachID,
		strCol{&h.LinkCode}, msTime{&h.CodeExpires}, msTime{&h.EnrolledAt}, msTime{&h.LinkedAt}, msTime{&h.LastUsed}, &h.Demo, &h.ChangedBy, msTime{&h.ChangedAt})
	return h, err
}

// AddHousehold stores a new household; ErrConflict if its ID, Ref or
// unspent LinkCode is already taken.
func (s *Store) AddHousehold(ctx context.Context, h intents.Household) error {
	defer s.changedReads()
	_, err := s.write.ExecContext(ctx, `INSERT INTO households (`+householdColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.ID, h.Ref, h.Vulnerable, millis(h.ConsentDate), h.CoachID,
		nullString(h.LinkCode), millis(h.CodeExpires), millis(h.EnrolledAt), millis(h.LinkedAt), millis(h.LastUsed), h.Demo,
		h.ChangedBy, millis(h.ChangedAt))
	if err != nil {
		return fmt.Errorf("sqlite: add household %s: %w", h.ID, dbError(err))
	}
	return nil
}

// ListHouseholds lists every household, earliest enrolled first.
func (s *Store) ListHouseholds(ctx context.Context) ([]intents.Household, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+householdColumns+` FROM households ORDER BY enrolled_at, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list households: %w", err)
	}
	defer rows.Close()
	var hs []intents.Household
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list households: %w", err)
		}
		hs = append(hs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list households: %w", err)
	}
	return hs, nil
}

// SetHouseholdDetails sets whether a household is vulnerable and its
// coach; ErrNotFound if it is not enrolled.
func (s *Store) SetHouseholdDetails(ctx context.Context, id string, vulnerable bool, coachID, by string, at time.Time) error {
	err := s.changeHousehold(ctx, id, `vulnerable = ?, coach_id = ?`, vulnerable, coachID, by, millis(at))
	if err != nil {
		return fmt.Errorf("sqlite: change household %s: %w", id, err)
	}
	return nil
}

// ReissueLinkCode gives a household a new link code until expires;
// ErrConflict if another household holds the code.
func (s *Store) ReissueLinkCode(ctx context.Context, id, code string, expires time.Time, by string, at time.Time) error {
	err := s.changeHousehold(ctx, id, `link_code = ?, code_expires = ?`, code, millis(expires), by, millis(at))
	if err != nil {
		return fmt.Errorf("sqlite: new link code for household %s: %w", id, err)
	}
	return nil
}

// changeHousehold sets the columns in set (two placeholders) and who
// changed them when.
func (s *Store) changeHousehold(ctx context.Context, id, set string, a, b any, by string, at any) error {
	defer s.changedReads()
	res, err := s.write.ExecContext(ctx, `UPDATE households SET `+set+`, changed_by = ?, changed_at = ? WHERE id = ?`, a, b, by, at, id)
	if err != nil {
		return dbError(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return intents.ErrNotFound
	}
	return nil
}

// householdForSpeakerSQL finds a speaker's household through its link.
const householdForSpeakerSQL = `SELECT ` + householdColumns + ` FROM households
	WHERE id = (SELECT household_id FROM speaker_links WHERE speaker_id = ?)`

// HouseholdForSpeaker returns the household a speaker is linked to, or
// ErrNotFound. It answers from the read cache while the file's households
// generation is unchanged (cache.go).
func (s *Store) HouseholdForSpeaker(ctx context.Context, speakerID string) (intents.Household, error) {
	gens, err := s.generations(ctx)
	gen := gens.households
	if err != nil {
		return intents.Household{}, fmt.Errorf("sqlite: household for speaker %s: %w", speakerID, err)
	}
	if e, ok := s.cache.household(gen, speakerID); ok {
		if !e.found {
			return intents.Household{}, fmt.Errorf("sqlite: household for speaker %s: %w", speakerID, intents.ErrNotFound)
		}
		return e.h, nil
	}
	h, err := scanHousehold(s.householdForSpeaker.QueryRowContext(ctx, speakerID))
	if errors.Is(err, sql.ErrNoRows) {
		s.cache.keepHousehold(gen, speakerID, cachedHousehold{})
		err = intents.ErrNotFound
	}
	if err != nil {
		return intents.Household{}, fmt.Errorf("sqlite: household for speaker %s: %w", speakerID, err)
	}
	s.cache.keepHousehold(gen, speakerID, cachedHousehold{h: h, found: true})
	return h, nil
}

// LinkSpeaker spends a household's link code, linking the speaker to it;
// ErrNotFound for an unknown, spent or expired code. A code stays valid while
// now is before its CodeExpires. A speaker already linked elsewhere moves to
// the new household: the code is the newer proof of where the speaker lives.
func (s *Store) LinkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	h, err := s.linkSpeaker(ctx, code, speakerID, now)
	if err != nil {
		return intents.Household{}, fmt.Errorf("sqlite: link speaker %s: %w", speakerID, err)
	}
	return h, nil
}

func (s *Store) linkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	defer s.changedReads()
	if code == "" {
		return intents.Household{}, fmt.Errorf("empty link code: %w", intents.ErrNotFound)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return intents.Household{}, err
	}
	defer tx.Rollback()
	if err := claim(ctx, tx, ""); err != nil {
		return intents.Household{}, err
	}
	// One UPDATE both checks and spends the code, so of two speakers racing
	// (in this process or another) only one can match it: the second finds
	// link_code already NULL and gets no row back.
	h, err := scanHousehold(tx.QueryRowContext(ctx, `
		UPDATE households SET link_code = NULL, linked_at = ?
		WHERE link_code = ? AND code_expires > ?
		RETURNING `+householdColumns,
		now.UnixMilli(), code, now.UnixMilli()))
	if errors.Is(err, sql.ErrNoRows) {
		return intents.Household{}, fmt.Errorf("link code: %w", intents.ErrNotFound)
	}
	if err != nil {
		return intents.Household{}, err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO speaker_links (speaker_id, household_id, linked_at) VALUES (?, ?, ?)
		ON CONFLICT (speaker_id) DO UPDATE SET household_id = excluded.household_id, linked_at = excluded.linked_at`,
		speakerID, h.ID, now.UnixMilli()); err != nil {
		return intents.Household{}, dbError(err)
	}
	if err := tx.Commit(); err != nil {
		return intents.Household{}, err
	}
	return h, nil
}

// LinkFailures counts a speaker's wrong codes at or after since.
func (s *Store) LinkFailures(ctx context.Context, speakerID string, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM link_failures WHERE speaker_id = ? AND at >= ?`,
		speakerID, since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: link failures of %s: %w", speakerID, err)
	}
	return n, nil
}

// RecordLinkFailure notes one wrong code from a speaker.
func (s *Store) RecordLinkFailure(ctx context.Context, speakerID string, at time.Time) error {
	if _, err := s.write.ExecContext(ctx, `INSERT INTO link_failures (speaker_id, at) VALUES (?, ?)`,
		speakerID, at.UnixMilli()); err != nil {
		return fmt.Errorf("sqlite: record link failure of %s: %w", speakerID, err)
	}
	return nil
}

// TouchHousehold records that the household used the skill at the given
// time; ErrNotFound for an unknown household. LastUsed only moves forward,
// so two requests finishing out of order leave the later time.
func (s *Store) TouchHousehold(ctx context.Context, householdID string, at time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE households SET last_used = max(coalesce(last_used, ?1), ?1) WHERE id = ?2`,
		at.UnixMilli(), householdID)
	if err == nil {
		err = rowsAffected(res, "household")
	}
	if err != nil {
		return fmt.Errorf("sqlite: touch household %s: %w", householdID, err)
	}
	// The copies follow the touch; no reading need be made again
	// (changedReads), as no turn reads its household after touching it.
	s.cache.touched(householdID, at)
	return nil
}
