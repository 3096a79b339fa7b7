package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// Erasure is the tenant's right to be forgotten, so it must be whole and it
// must be real:
//
//   - Whole: each erase is one transaction, so a failure or crash part way
//     leaves everything as it was, never a household with half its data.
//   - Ordered against the usage writer: RecordUsage queues events for the
//     writer goroutine, and an event of the household still in that queue
//     would otherwise be committed after the erase, naming the household
//     again. An erase first flushes the queue (flushUsage), so every event
//     queued before the erase began is committed before the erase's
//     transaction blanks it.
//   - Gone from the files, not just unreachable (scrub). The write
//     connection runs with secure_delete on (see open), so SQLite zeroes
//     the rows it deletes, but that is not enough on its own: when SQLite
//     rebalances a b-tree page it rewrites the page's cells without zeroing
//     the space they leave, so stale copies of index entries (a speaker id,
//     a household id) can outlive their deletion; TestEraseLeavesNoBytes
//     has a layout where they do. So after the erase commits, VACUUM
//     rewrites the file from its live rows, and a TRUNCATE checkpoint
//     copies the log into the file and empties it, since the -wal file
//     still holds pages as they were before. secure_delete stays on for
//     what it does do: rows deleted outside an erase are zeroed, and an
//     erase whose scrub fails leaves far less behind.
//
// The price is a VACUUM per erase: a whole EraseHousehold took 1.2 s on a
// 117 MB file of 300,000 usage events (2 shared cores, synchronous=FULL,
// 2026-11-23), 0.16 s of it the transaction and the rest the scrub, during
// which the usage writer waits, and VACUUM needs free disk space about the
// size of the file. Erasures are rare and the answer to "forget me" can
// wait that long; if the file grows much larger, the scrub could move to a
// background job, at the cost of a window in which the bytes remain.
//
// The flush orders the erase against this process's writer only: another
// homehelper process on the same file has its own queue, whose events can
// still commit after the erase if they were queued just before it.

// EraseHousehold deletes the household record, its speaker links and those
// speakers' link failures, guide progress and account notes, its repairs, its bookings
// (freeing their slots) and its feedback time, and blanks household_id,
// speaker_id and session_id on its usage events and on every event from its
// speakers, which stay as anonymous counts. Erasing an unknown household is
// not an error.
//
// If the erase commits but the scrub then fails (another connection is
// still reading an older snapshot past busyTimeout, or the disk is too full
// for VACUUM's copy), it returns an error saying so; erasing again is
// harmless and retries the scrub.
func (s *Store) EraseHousehold(ctx context.Context, householdID string) error {
	if err := s.erase(ctx, func(tx *sql.Tx) error { return eraseHousehold(ctx, tx, householdID) }); err != nil {
		return fmt.Errorf("sqlite: erase household %s: %w", householdID, err)
	}
	return nil
}

// EraseSpeaker deletes a speaker's link (if any), link failures, guide
// progress and account notes, and blanks household_id, speaker_id and session_id on its usage
// events. It is ordered against the usage writer and scrubbed from the
// files, as EraseHousehold is.
func (s *Store) EraseSpeaker(ctx context.Context, speakerID string) error {
	if err := s.erase(ctx, func(tx *sql.Tx) error { return eraseSpeaker(ctx, tx, speakerID) }); err != nil {
		return fmt.Errorf("sqlite: erase speaker %s: %w", speakerID, err)
	}
	return nil
}

// erase flushes the usage writer's queue, runs do in one write
// transaction, and scrubs the files once it has committed.
func (s *Store) erase(ctx context.Context, do func(*sql.Tx) error) error {
	defer s.changedReads()
	if err := s.flushUsage(ctx); err != nil {
		return fmt.Errorf("flushing queued usage events: %w", err)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := claim(ctx, tx, ""); err != nil {
		return err
	}
	if err := do(tx); err != nil {
		return err
	}
	// The rollups name the household and hold its sessions and guide
	// places: folded again from the blanked log, its counts stay, as
	// anonymous requests, and nothing names it.
	if err := s.refold(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := s.scrub(ctx); err != nil {
		return fmt.Errorf("erased, but %w", err)
	}
	return nil
}

// scrub rewrites the database file from its live rows and empties the log,
// so no deleted row's bytes remain in either.
func (s *Store) scrub(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("vacuuming: %w", err)
	}
	return s.truncateLog(ctx)
}

// eraseHousehold erases the household and its speakers within tx.
func eraseHousehold(ctx context.Context, tx *sql.Tx, householdID string) error {
	if householdID == "" {
		// Unlinked speakers' events have an empty household_id; erasing
		// "" must not blank those.
		return nil
	}
	// The speakers' rows go before their links, which are how they are
	// found; the events are blanked in one statement because usage_events
	// has no index on household_id or speaker_id (see migration 2), so
	// each statement on it is a scan of the whole log. Bookings and
	// repairs go before the household, since their foreign keys refer to
	// it; deleting a booking frees its slot.
	if err := keepPromisedRepairs(ctx, tx, householdID); err != nil {
		return err
	}
	const speakers = `SELECT speaker_id FROM speaker_links WHERE household_id = ?1 AND speaker_id != ''`
	for _, q := range []string{
		`UPDATE usage_events SET household_id = '', speaker_id = '', session_id = '', repair_ref = ''
			WHERE household_id = ?1 OR speaker_id IN (` + speakers + `)`,
		`DELETE FROM link_failures WHERE speaker_id IN (` + speakers + `)`,
		`DELETE FROM guide_progress WHERE speaker_id IN (` + speakers + `)`,
		`DELETE FROM account_speakers WHERE speaker_id IN (` + speakers + `)`,
		`DELETE FROM speaker_links WHERE household_id = ?1`,
		// Every other hand-off row goes: sent ones name the repair or
		// booking, and a visit not yet told of is freed with its slot.
		`DELETE FROM outbox WHERE (subject IN (SELECT ref FROM repairs WHERE household_id = ?1)
			OR subject IN (SELECT id FROM bookings WHERE household_id = ?1)) AND message IS NULL`,
		`DELETE FROM bookings WHERE household_id = ?1`,
		`DELETE FROM repairs WHERE household_id = ?1`,
		`DELETE FROM households WHERE id = ?1`,
	} {
		if _, err := tx.ExecContext(ctx, q, householdID); err != nil {
			return err
		}
	}
	return nil
}

// eraseSpeaker erases what is kept about one speaker within tx.
func eraseSpeaker(ctx context.Context, tx *sql.Tx, speakerID string) error {
	if speakerID == "" {
		return nil // as for households: "" would match every event without a speaker
	}
	for _, q := range []string{
		`DELETE FROM speaker_links WHERE speaker_id = ?`,
		`DELETE FROM link_failures WHERE speaker_id = ?`,
		`DELETE FROM guide_progress WHERE speaker_id = ?`,
		`DELETE FROM account_speakers WHERE speaker_id = ?`,
		`UPDATE usage_events SET household_id = '', speaker_id = '', session_id = '', repair_ref = '' WHERE speaker_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, speakerID); err != nil {
			return err
		}
	}
	return nil
}

// flushUsage returns once every usage event queued before it was called has
// been committed, or has failed (its own caller hears why). It queues a
// barrier, an entry with no event, which the writer answers with the batch
// it lands in: the queue is first in, first out, so that batch's commit
// follows every earlier event's.
func (s *Store) flushUsage(ctx context.Context) error {
	barrier := &usageWrite{done: make(chan error, 1)}
	if err := s.enqueue(ctx, barrier); err != nil {
		return err
	}
	select {
	case <-barrier.done:
		// The batch's error, if any, is its events' to report; what matters
		// here is only that the writer has finished with them.
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for the writer: %w", ctx.Err())
	}
}

// errLogBusy is returned, wrapped, when an erase committed but the log
// could not be truncated, so the erased rows' old pages may remain in the
// -wal file until the next full checkpoint.
var errLogBusy = errors.New("the write-ahead log could not be truncated: another connection is using it")

// truncateLog copies every page in the log into the database file and
// truncates the log to zero bytes. It waits, up to busyTimeout, for readers
// of older snapshots (a staff export in another process) to finish, since
// the log cannot be emptied while they need its pages.
func (s *Store) truncateLog(ctx context.Context) error {
	var busy, logFrames, checkpointed int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("checkpointing the log: %w", err)
	}
	if busy != 0 {
		return errLogBusy
	}
	return nil
}

// keepPromisedRepairs keeps the hand-offs not yet sent of the household's
// repairs, as handoff.AfterErasure says: each keeps its stripped message in
// the outbox row alone (visits, which that rule drops, are not read); the
// row goes once the message is sent or has failed for good, and with it
// the last of the household (docs/privacy.md).
func keepPromisedRepairs(ctx context.Context, tx *sql.Tx, householdID string) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT o.id, r.ref, r.problem, r.room, r.priority, r.reported_at, r.description, h.ref
		FROM outbox AS o JOIN repairs AS r ON r.ref = o.subject JOIN households AS h ON h.id = r.household_id
		WHERE o.kind = ? AND o.state = 'pending' AND o.message IS NULL AND r.household_id = ?`,
		handoff.KindRepair, householdID)
	if err != nil {
		return err
	}
	type kept struct {
		id  int64
		msg []byte
	}
	var keep []kept
	for rows.Next() {
		var (
			id  int64
			r   intents.Repair
			ref string
		)
		if err := rows.Scan(&id, &r.Ref, &r.Problem, &r.Room, &r.Priority, msTime{&r.ReportedAt}, &r.Description, &ref); err != nil {
			rows.Close()
			return err
		}
		m, ok := handoff.AfterErasure(handoff.ForRepair(r, ref, handoff.ProblemWords(r.Problem)))
		if !ok {
			continue
		}
		b, err := json.Marshal(m)
		if err != nil {
			rows.Close()
			return err
		}
		keep = append(keep, kept{id, b})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range keep {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET message = ? WHERE id = ?`, k.msg, k.id); err != nil {
			return err
		}
	}
	return nil
}
