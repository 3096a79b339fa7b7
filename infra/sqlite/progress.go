package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/homehelper/homehelper/intents"
)

// guideProgressSQL reads a speaker's place in a guide.
const guideProgressSQL = `SELECT topic, step, updated_at FROM guide_progress WHERE speaker_id = ?`

// GuideProgress returns the speaker's unfinished guide, or ErrNotFound. It
// answers from the read cache while the file's progress generation is
// unchanged (cache.go).
func (s *Store) GuideProgress(ctx context.Context, speakerID string) (intents.GuideProgress, error) {
	gens, err := s.generations(ctx)
	gen := gens.progress
	if err != nil {
		return intents.GuideProgress{}, fmt.Errorf("sqlite: guide progress of %s: %w", speakerID, err)
	}
	if e, ok := s.cache.guide(gen, speakerID); ok {
		if !e.found {
			return intents.GuideProgress{}, fmt.Errorf("sqlite: guide progress of %s: %w", speakerID, intents.ErrNotFound)
		}
		return e.p, nil
	}
	var p intents.GuideProgress
	err = s.guideProgress.QueryRowContext(ctx, speakerID).Scan(&p.Topic, &p.Step, msTime{&p.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		s.cache.keepGuide(gen, speakerID, cachedProgress{})
		err = intents.ErrNotFound
	}
	if err != nil {
		return intents.GuideProgress{}, fmt.Errorf("sqlite: guide progress of %s: %w", speakerID, err)
	}
	s.cache.keepGuide(gen, speakerID, cachedProgress{p: p, found: true})
	return p, nil
}

// SaveGuideProgress replaces the speaker's progress with p.
func (s *Store) SaveGuideProgress(ctx context.Context, speakerID string, p intents.GuideProgress) error {
	defer s.changedReads()
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO guide_progress (speaker_id, topic, step, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (speaker_id) DO UPDATE SET topic = excluded.topic, step = excluded.step, updated_at = excluded.updated_at`,
		speakerID, p.Topic, p.Step, millis(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: save guide progress of %s: %w", speakerID, err)
	}
	return nil
}

// ClearGuideProgress forgets the speaker's progress; clearing when there is
// none is not an error.
func (s *Store) ClearGuideProgress(ctx context.Context, speakerID string) error {
	defer s.changedReads()
	if _, err := s.write.ExecContext(ctx, `DELETE FROM guide_progress WHERE speaker_id = ?`, speakerID); err != nil {
		return fmt.Errorf("sqlite: clear guide progress of %s: %w", speakerID, err)
	}
	return nil
}
