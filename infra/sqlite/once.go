package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.Replies = (*Store)(nil)

// claim claims, within the change's own transaction, the request the change
// is made under (intents.Claim), and records the change's effect
// (intents.Effect; "" for a change that names none). It refuses a change
// under a request another handling claimed first with ErrRepeated, or with
// errMade if that handling recorded this very effect (a repeat, whose
// change is made already). The claim commits or rolls back with the
// change, so a failed change claims nothing.
func claim(ctx context.Context, tx *sql.Tx, effect string) error {
	c, ok := intents.ClaimFrom(ctx)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO replies (request_id, token, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (request_id) DO NOTHING`,
		c.RequestID, c.Token, time.Now().Add(intents.ReplyKeep).UnixMilli()); err != nil {
		return fmt.Errorf("claiming request %s: %w", c.RequestID, err)
	}
	var token string
	if err := tx.QueryRowContext(ctx, `SELECT token FROM replies WHERE request_id = ?`, c.RequestID).Scan(&token); err != nil {
		return fmt.Errorf("claiming request %s: %w", c.RequestID, err)
	}
	if token != c.Token {
		var made bool
		if effect != "" {
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reply_effects WHERE request_id = ? AND effect = ?)`,
				c.RequestID, effect).Scan(&made); err != nil {
				return fmt.Errorf("claiming request %s: %w", c.RequestID, err)
			}
		}
		if made {
			return errMade
		}
		return fmt.Errorf("request %s: %w", c.RequestID, intents.ErrRepeated)
	}
	if effect == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO reply_effects (request_id, effect) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		c.RequestID, effect); err != nil {
		return fmt.Errorf("claiming request %s: %w", c.RequestID, err)
	}
	return nil
}

// errMade is claim finding the change made already by an earlier handling
// of the same request.
var errMade = errors.New("made already under this request")

// inClaimedTx runs change in a transaction with its claim (claim): a
// change made already by an earlier handling of the request is rolled back
// and reported as made.
func (s *Store) inClaimedTx(ctx context.Context, effect string, change func(*sql.Tx) error) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := claim(ctx, tx, effect); err != nil {
			return err
		}
		return change(tx)
	})
	if errors.Is(err, errMade) {
		return nil
	}
	return err
}

// SaveReply records the answer given to a request, and drops the answers
// that have expired.
func (s *Store) SaveReply(ctx context.Context, requestID string, answer []byte, expires time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM replies WHERE expires_at <= ?`, time.Now().UnixMilli()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reply_effects WHERE request_id NOT IN (SELECT request_id FROM replies)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO replies (request_id, token, answer, expires_at) VALUES (?, '', ?, ?)
			ON CONFLICT (request_id) DO UPDATE SET answer = excluded.answer, expires_at = excluded.expires_at`,
			requestID, answer, expires.UnixMilli())
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: save reply to %s: %w", requestID, err)
	}
	return nil
}

// Reply returns the answer recorded for a request, or ErrNotFound.
func (s *Store) Reply(ctx context.Context, requestID string, now time.Time) ([]byte, error) {
	var answer []byte
	err := s.read.QueryRowContext(ctx, `SELECT answer FROM replies WHERE request_id = ? AND answer IS NOT NULL AND expires_at > ?`,
		requestID, now.UnixMilli()).Scan(&answer)
	if errors.Is(err, sql.ErrNoRows) {
		err = intents.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: reply to %s: %w", requestID, err)
	}
	return answer, nil
}

// Made reports whether a handling of the request made effect.
func (s *Store) Made(ctx context.Context, requestID, effect string) (bool, error) {
	var made bool
	err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reply_effects WHERE request_id = ? AND effect = ?)`,
		requestID, effect).Scan(&made)
	if err != nil {
		return false, fmt.Errorf("sqlite: effects of %s: %w", requestID, err)
	}
	return made, nil
}
