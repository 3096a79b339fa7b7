package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Usage events are the hot path: one per Alexa request, each answered only
// once its event is committed. A transaction per event would cost a commit
// (and, with synchronous=FULL, an fsync) per request, so RecordUsage hands
// its event to one writer goroutine, which commits everything queued while
// the previous commit ran in one transaction. Under load the batches grow
// by themselves and a commit's cost is shared; when idle a lone event is
// committed at once, with no timer to wait for.

// maxBatch bounds the events one transaction commits, and so the time a
// batch holds the write lock that staff commands also need.
const maxBatch = 512

// errClosed is returned by RecordUsage after Close.
var errClosed = errors.New("store is closed")

// usageWrite is one RecordUsage call waiting for its batch.
type usageWrite struct {
	args  []any
	event *intents.UsageEvent // folded into the rollups once inserted
	// done receives the batch's result. It is buffered so the writer never
	// waits for a caller that has given up.
	done chan error
}

const usageColumns = `request_id, time, household_id, speaker_id, session_id, request_type, intent, slots,
	flow, step, outcome, repair_ref, guide_tried, session_ended, end_reason, latency_ms, locale, has_screen, demo,
	priority, feedback_asked`

// insertUsageSQL ignores an event whose request id is stored already: a
// retry after a lost reply must not count the request twice. It says
// ON CONFLICT (request_id) rather than INSERT OR IGNORE, which would also
// drop, without a word, an event breaking any other constraint.
const insertUsageSQL = `INSERT INTO usage_events (` + usageColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (request_id) DO NOTHING`

// usageArgs encodes e in usageColumns' order.
func usageArgs(e intents.UsageEvent) ([]any, error) {
	var slots any
	if len(e.Slots) > 0 {
		b, err := json.Marshal(e.Slots)
		if err != nil {
			return nil, fmt.Errorf("encoding slots: %w", err)
		}
		slots = string(b)
	}
	return []any{
		e.RequestID, e.Time.UnixMilli(), e.HouseholdID, e.SpeakerID, e.SessionID, e.RequestType, e.Intent, slots,
		string(e.Flow), e.Step, string(e.Outcome), e.RepairRef, e.GuideTried, e.SessionEnded, e.EndReason,
		e.LatencyMS, e.Locale, e.HasScreen, e.Demo, string(e.Priority), e.FeedbackAsked,
	}, nil
}

// RecordUsage stores one event durably, returning once the transaction that
// holds it has committed. Storing an event whose RequestID is already stored
// is not an error and leaves the first event as it was.
//
// If ctx ends first RecordUsage returns ctx's error, but the event, already
// queued, may still be committed; retrying it with the same RequestID is
// safe.
func (s *Store) RecordUsage(ctx context.Context, e intents.UsageEvent) error {
	if err := s.recordUsage(ctx, e); err != nil {
		return fmt.Errorf("sqlite: record usage %s: %w", e.RequestID, err)
	}
	return nil
}

func (s *Store) recordUsage(ctx context.Context, e intents.UsageEvent) error {
	// Checked here, not left to the NOT NULL constraints, because a bad
	// event inside a batch would fail every other event in it.
	if e.RequestID == "" {
		return errors.New("no request id")
	}
	if e.Time.IsZero() {
		return errors.New("no time")
	}
	if math.IsNaN(e.LatencyMS) {
		return errors.New("latency is NaN") // SQLite would store NULL
	}
	args, err := usageArgs(e)
	if err != nil {
		return err
	}
	w := &usageWrite{args: args, event: &e, done: make(chan error, 1)}
	if err := s.enqueue(ctx, w); err != nil {
		return err
	}
	select {
	case err := <-w.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("waiting for commit: %w", ctx.Err())
	}
}

// enqueue hands w to the writer, unless the store is closed.
func (s *Store) enqueue(ctx context.Context, w *usageWrite) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return errClosed
	}
	s.queued.Add(1)
	select {
	case s.usage <- w:
		return nil
	case <-ctx.Done():
		s.queued.Add(-1)
		return fmt.Errorf("waiting for the writer: %w", ctx.Err())
	}
}

// writeUsage is the writer goroutine: it commits batches until Close closes
// the queue, then commits what is left and stops.
func (s *Store) writeUsage() {
	defer close(s.writerDone)
	batch := make([]*usageWrite, 0, maxBatch)
	for w := range s.usage {
		batch = append(batch[:0], w)
	fill:
		for len(batch) < maxBatch {
			select {
			case w, ok := <-s.usage:
				if !ok {
					break fill
				}
				batch = append(batch, w)
			default:
				break fill
			}
		}
		err := s.commitUsage(batch)
		for _, w := range batch {
			w.done <- err
		}
		s.queued.Add(-int64(len(batch)))
		clear(batch) // let the callers' events be collected
	}
}

// commitUsage inserts batch in one transaction, with its rollups. Its context is not any
// caller's: one caller giving up must not roll back the others' events.
// Every event shares the outcome, but the events are checked before they
// are queued, so what can fail here (disk full, the lock held by another
// process past busyTimeout) would have failed each of them alone too.
func (s *Store) commitUsage(batch []*usageWrite) error {
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt := tx.StmtContext(ctx, s.insertUsage)
	inserted := make([]*intents.UsageEvent, 0, len(batch))
	for _, w := range batch {
		if w.args == nil {
			continue // a barrier from flushUsage (erase.go), not an event
		}
		res, err := stmt.ExecContext(ctx, w.args...)
		if err != nil {
			return err
		}
		// A request id stored already changes nothing, so counts nothing.
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			inserted = append(inserted, w.event)
		}
	}
	if err := s.foldUsage(ctx, tx, inserted); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.batches.Add(1)
	s.batchedEvents.Add(int64(len(batch)))
	return nil
}

// UsageEvents lists events with from <= Time < to, oldest first (in the
// order they were stored, for events in the same millisecond).
func (s *Store) UsageEvents(ctx context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	var es []intents.UsageEvent
	err := s.EachUsageEvent(ctx, from, to, func(e intents.UsageEvent) error {
		es = append(es, e)
		return nil
	})
	return es, err
}

// HouseholdUsage lists one household's events with from <= Time < to, and
// the events of its sessions that name no household (a speaker's first
// words, before saying the link code), oldest first: what the household's
// page tells and works its readiness from, read through two indexes, not
// the whole log.
func (s *Store) HouseholdUsage(ctx context.Context, householdID string, from, to time.Time) ([]intents.UsageEvent, error) {
	es, err := s.householdUsage(ctx, householdID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlite: usage of a household: %w", err)
	}
	return es, nil
}

func (s *Store) householdUsage(ctx context.Context, householdID string, from, to time.Time) ([]intents.UsageEvent, error) {
	if householdID == "" {
		return nil, nil
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var es []intents.UsageEvent
	read := func(query string, keep func(*intents.UsageEvent) bool, args ...any) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+usageColumns+` FROM usage_events WHERE `+query+` ORDER BY time, rowid`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanUsage(rows)
			if err != nil {
				return err
			}
			if keep(&e) {
				es = append(es, e)
			}
		}
		return rows.Err()
	}
	all := func(*intents.UsageEvent) bool { return true }
	// household_id != '' lets SQLite use the partial index.
	if err := read(`household_id = ? AND household_id != '' AND time >= ? AND time < ?`, all, householdID, from.UnixMilli(), to.UnixMilli()); err != nil {
		return nil, err
	}
	sessions, speakers := map[string]bool{}, map[string]bool{}
	for _, e := range es {
		if e.SessionID != "" {
			sessions[e.SessionID] = true
		}
		if e.SpeakerID != "" {
			speakers[e.SpeakerID] = true
		}
	}
	inSession := func(e *intents.UsageEvent) bool { return sessions[e.SessionID] }
	for _, sp := range slices.Sorted(maps.Keys(speakers)) {
		if err := read(`speaker_id = ? AND household_id = '' AND time >= ? AND time < ?`, inSession, sp, from.UnixMilli(), to.UnixMilli()); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(es, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) })
	return es, nil
}

// EachUsageEvent calls fn with each event with from <= Time < to, in
// UsageEvents' order, reading them from the file as it goes: the exports
// stream through it with flat memory. The read is one snapshot, and holds
// one of the store's read connections until fn has seen the last event or
// returned an error, which EachUsageEvent returns.
func (s *Store) EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT `+usageColumns+` FROM usage_events
		WHERE time >= ? AND time < ? ORDER BY time, rowid`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return fmt.Errorf("sqlite: usage events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanUsage(rows)
		if err != nil {
			return fmt.Errorf("sqlite: usage events: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: usage events: %w", err)
	}
	return nil
}

// scanUsage reads one row of usageColumns.
func scanUsage(rows *sql.Rows) (intents.UsageEvent, error) {
	var e intents.UsageEvent
	var slots string
	if err := rows.Scan(&e.RequestID, msTime{&e.Time}, &e.HouseholdID, &e.SpeakerID, &e.SessionID, &e.RequestType,
		&e.Intent, strCol{&slots}, &e.Flow, &e.Step, &e.Outcome, &e.RepairRef, &e.GuideTried, &e.SessionEnded,
		&e.EndReason, &e.LatencyMS, &e.Locale, &e.HasScreen, &e.Demo, &e.Priority, &e.FeedbackAsked); err != nil {
		return e, err
	}
	if slots != "" {
		if e.Slots = plainSlots(slots); e.Slots != nil {
			return e, nil
		}
		if err := json.Unmarshal([]byte(slots), &e.Slots); err != nil {
			return e, fmt.Errorf("usage event %s: decoding slots: %w", e.RequestID, err)
		}
	}
	return e, nil
}

// plainSlots reads the slots column as json.Marshal writes a map of
// plain words ({"problem":"TAP","room":"KITCHEN"}), without reflection:
// the exports read a million of them. Anything else (an escape, an empty
// map) gives nil, and encoding/json reads it.
func plainSlots(s string) map[string]string {
	if len(s) < 7 || s[0] != '{' || s[len(s)-1] != '}' || strings.IndexByte(s, '\\') >= 0 {
		return nil
	}
	m := make(map[string]string, strings.Count(s, ",")+1)
	rest := s[1 : len(s)-1]
	for rest != "" {
		k, after, ok := quoted(rest)
		if !ok || after == "" || after[0] != ':' {
			return nil
		}
		v, after, ok := quoted(after[1:])
		if !ok {
			return nil
		}
		m[k] = v
		if after == "" {
			break
		}
		if after[0] != ',' || len(after) == 1 {
			return nil
		}
		rest = after[1:]
	}
	return m
}

// quoted splits a leading JSON string without escapes from what follows.
func quoted(s string) (word, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	return s[1 : 1+end], s[2+end:], true
}
