// Package sqlite is Home Helper's embedded store for local mode: every
// household, repair, booking and usage event in one SQLite file next to the
// homehelper binary, with nothing else to install or run.
//
// SQLite because a pilot's data (a few hundred households, some thousand
// events a day) fits one file that staff can copy to back up, and because
// modernc.org/sqlite is pure Go, so the binary still cross-compiles without
// cgo. WAL (write-ahead log) mode because the server is not the file's only
// user: staff commands (enrol, export, add slots) open the same file from
// other homehelper processes while `serve` runs, and in WAL readers never
// block the writer nor it them, while SQLite's own file locks queue the
// writers, each waiting up to busyTimeout for its turn.
//
// Uniqueness rules (one standing booking per slot, a link code spent once,
// one event per request id) are enforced by the database itself, so they
// hold across processes, not just across this process's goroutines.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	modernc "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/homehelper/homehelper/intents"
)

// Every interface the conversation and staff commands use.
var (
	_ intents.Households  = (*Store)(nil)
	_ intents.Repairs     = (*Store)(nil)
	_ intents.Coaching    = (*Store)(nil)
	_ intents.Progress    = (*Store)(nil)
	_ intents.UsageLog    = (*Store)(nil)
	_ intents.Enrolment   = (*Store)(nil)
	_ intents.Schedule    = (*Store)(nil)
	_ intents.UsageReader = (*Store)(nil)
)

// busyTimeout is how long a statement waits for another connection or
// process to release the write lock before failing with SQLITE_BUSY: long
// enough to outlast a staff command's import, short enough that Alexa's
// 8-second limit still leaves time to answer.
const busyTimeout = 5 * time.Second

// synchronous is PRAGMA synchronous for every connection. In WAL mode FULL
// syncs the log to disk at every commit, so an event RecordUsage has
// confirmed survives a power cut or kernel crash; NORMAL syncs only at
// checkpoints, so it survives a crash of this process but a power cut can
// lose the last commits (never corrupt the file).
//
// FULL is chosen by measuring: BenchmarkRecordUsage, random Alexa-style
// request ids, 2 cores shared with other work, 2026-11-23, median of five
// runs. With 64 or 256 requests in flight FULL sustained 25,000 and 24,500
// events/s, NORMAL 21,700 and 23,400 (single runs varied by 40% either
// way, so call it a tie): FULL's slower commits let bigger batches form,
// and each event's random index page, not the fsync, is the main cost. Only with few requests in flight does the fsync show (16 in
// flight: FULL 8,900/s, NORMAL 17,300/s), and there the load is light. A
// lone request waits ~0.5 ms for its commit rather than ~0.05 ms.
const synchronous = "FULL"

// writeCacheKiB is the write connection's page cache (PRAGMA cache_size).
const writeCacheKiB = 64 << 10

// autocheckpoint is PRAGMA wal_autocheckpoint for the write connection, in
// pages (SQLite's default is 1000). The writer copies the log into the file
// at a commit once the log is this long, and the requests waiting on that
// commit wait for the copy too; at 4000 pages (16 MB) the pauses stay in
// the tens of milliseconds, while an index page changed many times between
// checkpoints is copied once.
const autocheckpoint = 4000

// readConns bounds this process's concurrent readers; SQLite serves WAL
// readers in parallel, but more connections than cores only add memory.
const readConns = 4

// Store keeps Home Helper's data in one SQLite file. It is safe for
// concurrent use, and for use alongside other processes' Stores on the same
// file.
type Store struct {
	// write has one connection: this process's writers queue for it in Go
	// rather than spinning in SQLite's busy handler against each other.
	write *sql.DB
	// read serves queries, in parallel, on connections that cannot write.
	read *sql.DB

	insertUsage *sql.Stmt // prepared on write's connection, reused by every batch
	// The rollups' statements (rollup.go), on the same connection.
	loadOpen, saveOpen, loadDay, saveDay, addHistory, sibling, loadTotal, priorTotal, saveTotal, loadUsed, saveUsed *sql.Stmt

	// The reads every request makes, prepared once: preparing a statement
	// costs more than running it, and was a fifth of the server's CPU.
	householdForSpeaker *sql.Stmt
	guideProgress       *sql.Stmt
	readGeneration      *sql.Stmt
	// cache keeps those two reads' answers while the file says they
	// still hold (cache.go).
	cache readCache
	// genReads shares the generations' reading among requests (cache.go).
	genReads generationReads

	// closeMu guards closed and the sending side of usage: RecordUsage
	// sends under RLock, so Close (under Lock) knows no send is in flight
	// when it closes the channel.
	closeMu    sync.RWMutex
	closed     bool
	usage      chan *usageWrite
	writerDone chan struct{}
	closeOnce  sync.Once
	closeErr   error

	// queued counts events handed to the writer and not yet answered;
	// batches and batchedEvents count commits. Benchmarks and tests read
	// them to see the batching work.
	queued                 atomic.Int64
	batches, batchedEvents atomic.Int64
	// afterRetiredUnit, when set (tests), runs between the retention
	// delete's transactions.
	afterRetiredUnit func()
}

// Open opens the store in the SQLite file at path, creating the file and
// bringing its schema up to date as needed.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, synchronous)
}

// open is Open with a choice of PRAGMA synchronous, so benchmarks can
// measure the alternatives.
func open(ctx context.Context, path, syncMode string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: open: no path")
	}
	if err := ownerOnly(path); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	pragmas := []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
		"foreign_keys(1)",
		"synchronous(" + syncMode + ")",
	}
	writePragmas := append(pragmas[:len(pragmas):len(pragmas)],
		"journal_mode(WAL)",
		// Usage events' request ids are random, so each event updates a
		// different page of their index; a cache that holds the index
		// saves a read per event once it outgrows the 2 MB default.
		fmt.Sprintf("cache_size(-%d)", writeCacheKiB),
		fmt.Sprintf("wal_autocheckpoint(%d)", autocheckpoint),
		// A staff export holding a read open can stop checkpoints and let
		// the log grow; this shrinks it back once they resume.
		fmt.Sprintf("journal_size_limit(%d)", 4*autocheckpoint*4096),
		// Deleted and rewritten rows are overwritten with zeros rather
		// than left in free space. Not enough alone for an erasure, which
		// also vacuums (see erase.go).
		"secure_delete(1)",
	)
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction:
	// a deferred transaction that reads and then writes could find another
	// process has written in between and fail at once with
	// SQLITE_BUSY_SNAPSHOT, which busy_timeout does not retry.
	write, err := sql.Open("sqlite", dsn(path, "_txlock=immediate", writePragmas...))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)

	s := &Store{write: write}
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	var mode string
	if err := write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: reading journal mode: %w", path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		// Without WAL a staff command reading the file would block the
		// server's writes; better to refuse than to stall in the pilot.
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: journal mode is %q, not WAL", path, mode)
	}

	// SQLite gives the log and shared-memory files the database file's
	// mode; set them anyway, in case they were made before this version.
	if err := ownerOnly(path); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.read, err = sql.Open("sqlite", dsn(path, "", append(pragmas[:len(pragmas):len(pragmas)], "query_only(1)")...))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.read.SetMaxOpenConns(readConns)
	s.read.SetMaxIdleConns(readConns)

	s.insertUsage, err = write.PrepareContext(ctx, insertUsageSQL)
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&s.loadOpen, loadOpenSQL}, {&s.saveOpen, saveOpenSQL}, {&s.loadDay, loadDaySQL}, {&s.saveDay, saveDaySQL},
		{&s.addHistory, addHistorySQL}, {&s.sibling, siblingSQL}, {&s.loadTotal, loadTotalSQL}, {&s.priorTotal, priorTotalSQL}, {&s.saveTotal, saveTotalSQL},
		{&s.loadUsed, loadUsedSQL}, {&s.saveUsed, saveUsedSQL}} {
		if err == nil {
			*p.stmt, err = write.PrepareContext(ctx, p.sql)
		}
	}
	if err == nil {
		s.householdForSpeaker, err = s.read.PrepareContext(ctx, householdForSpeakerSQL)
	}
	if err == nil {
		s.guideProgress, err = s.read.PrepareContext(ctx, guideProgressSQL)
	}
	if err == nil {
		s.readGeneration, err = s.read.PrepareContext(ctx, generationsSQL)
	}
	if err != nil {
		s.read.Close()
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: preparing statements: %w", path, err)
	}
	s.usage = make(chan *usageWrite, maxBatch)
	s.writerDone = make(chan struct{})
	go s.writeUsage()
	return s, nil
}

// dsn builds a modernc.org/sqlite data source name. Pragmas go in the DSN,
// not in an Exec after Open, because database/sql opens connections on its
// own and each must have them.
func dsn(path, extra string, pragmas ...string) string {
	q := make([]string, 0, len(pragmas)+1)
	for _, p := range pragmas {
		q = append(q, "_pragma="+url.QueryEscape(p))
	}
	if extra != "" {
		q = append(q, extra)
	}
	// A file: URI, so that a path containing '?' or '#' is escaped rather
	// than taken for the start of the parameters.
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + strings.Join(q, "&")
}

// Close writes the usage events already handed to RecordUsage, then closes
// the database. Calls after the first return the first's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closeMu.Lock()
		s.closed = true
		close(s.usage)
		s.closeMu.Unlock()
		<-s.writerDone
		s.closeErr = errors.Join(s.insertUsage.Close(), s.loadOpen.Close(), s.saveOpen.Close(), s.loadDay.Close(), s.saveDay.Close(), s.addHistory.Close(), s.sibling.Close(), s.loadTotal.Close(), s.priorTotal.Close(), s.saveTotal.Close(), s.loadUsed.Close(), s.saveUsed.Close(), s.householdForSpeaker.Close(), s.guideProgress.Close(), s.read.Close(), s.write.Close())
		if s.closeErr != nil {
			s.closeErr = fmt.Errorf("sqlite: close: %w", s.closeErr)
		}
	})
	return s.closeErr
}

// dbError gives err the intents sentinel its SQLite result code calls for,
// keeping err itself in the chain for logs.
func dbError(err error) error {
	var se *modernc.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %w", intents.ErrConflict, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		// The row refers to a household or slot the store does not have.
		return fmt.Errorf("%w: %w", intents.ErrNotFound, err)
	}
	return err
}

// rowsAffected returns ErrNotFound, wrapped with what, when res changed no row.
func rowsAffected(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, intents.ErrNotFound)
	}
	return nil
}

// Times are stored as integer Unix milliseconds: they sort and compare as
// numbers, and a millisecond is finer than anything the pilot measures. A
// zero time is stored as NULL, so "not yet" reads as such in SQL.

func millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// msTime scans a millisecond column into a UTC time, NULL into the zero time.
type msTime struct{ t *time.Time }

func (m msTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*m.t = time.Time{}
	case int64:
		*m.t = time.UnixMilli(v).UTC()
	default:
		return fmt.Errorf("time column holds %T, want integer milliseconds", v)
	}
	return nil
}

// nullString stores an empty string as NULL, for columns where empty means
// absent and NULLs must not collide in a UNIQUE index.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// strCol scans a nullable text column, NULL as the empty string.
// intCol scans an integer column into an int. database/sql would format
// the driver's int64 as text and parse it again, allocating for any
// number over 99: a report scans thousands.
type intCol struct{ n *int }

func (c intCol) Scan(v any) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("integer column holds %T", v)
	}
	*c.n = int(n)
	return nil
}

type strCol struct{ s *string }

func (c strCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("text column holds %T", v)
	}
	return nil
}

// ownerOnly makes the database file (creating it if need be) and its log
// and shared-memory files readable and writable by their owner only,
// whatever the folder's mode or the umask: they hold tenants' data.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("making %s private: %w", p, err)
		}
	}
	return nil
}
