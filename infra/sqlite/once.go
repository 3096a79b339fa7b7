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
// is made under (intents.Claim), or refuses it with ErrRepeated if another
// handling of the request claimed it first. The claim commits or rolls back
// with the change, so a failed change claims nothing.
func claim(ctx context.Context, tx *sql.Tx) error {
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
		return fmt.Errorf("request %s: %w", c.RequestID, intents.ErrRepeated)
	}
	return nil
}

// SaveReply records the answer given to a request, and drops the answers
// that have expired.
func (s *Store) SaveReply(ctx context.Context, requestID string, answer []byte, expires time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM replies WHERE expires_at <= ?`, time.Now().UnixMilli()); err != nil {
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
