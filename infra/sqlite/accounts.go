package sqlite

import (
	"context"
	"fmt"
	"slices"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.AccountSpeakers = (*Store)(nil)

// RecordAccountSpeaker notes that the speaker is used from the account.
// The household is not kept: unlinking here is one local transaction
// whichever households it finds.
func (s *Store) RecordAccountSpeaker(ctx context.Context, accountID, speakerID, _ string) error {
	if _, err := s.write.ExecContext(ctx,
		`INSERT INTO account_speakers (account_id, speaker_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		accountID, speakerID); err != nil {
		return fmt.Errorf("sqlite: record account of speaker %s: %w", speakerID, dbError(err))
	}
	return nil
}

// UnlinkAccount deletes the links of the account's speakers, and its
// notes, in one transaction.
func (s *Store) UnlinkAccount(ctx context.Context, accountID string) ([]string, error) {
	hs, err := s.unlinkAccount(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: unlink account %s: %w", accountID, err)
	}
	return hs, nil
}

func (s *Store) unlinkAccount(ctx context.Context, accountID string) ([]string, error) {
	defer s.changedReads()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		DELETE FROM speaker_links
		WHERE speaker_id IN (SELECT speaker_id FROM account_speakers WHERE account_id = ?)
		RETURNING household_id`, accountID)
	if err != nil {
		return nil, dbError(err)
	}
	var hs []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return nil, err
		}
		hs = append(hs, h)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM account_speakers WHERE account_id = ?`, accountID); err != nil {
		return nil, dbError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	slices.Sort(hs)
	return slices.Compact(hs), nil
}
