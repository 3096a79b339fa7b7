// Package dynamo is Home Helper's DynamoDB store, for the AWS deployment:
// the same storage interfaces as the embedded SQLite store, on two tables
// designed for how the skill reads them. docs/data-model.md is the design:
// every item type, key pattern, index and access pattern, with sizes and
// costs.
//
// Two rules shape the code, both because of how DynamoDB (and dynalite,
// which the tests run against) behave:
//
//   - No request path needs a transaction. Every uniqueness rule is one
//     conditional write on one item (a coach slot, a repair reference, a
//     usage event's key, a claim on a household reference or link code), and
//     where an operation writes more than one item the writes are ordered so
//     that a failure part-way leaves nothing a later request trips over, and
//     a retry finishes the job.
//   - No Scan, anywhere. Every read is a GetItem, a BatchGetItem or a Query
//     on a key the design provides for it.
//
// The store never loads AWS configuration or ends the process: cmd and
// functions build the *dynamodb.Client and hand it to New.
package dynamo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

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

	_ intents.TrialDates     = (*Store)(nil)
	_ intents.FeedbackMarker = (*Store)(nil)
	_ intents.Eraser         = (*Store)(nil)
	_ intents.SpeakerEraser  = (*Store)(nil)
	_ intents.RepairQueue    = (*Store)(nil)
	_ intents.Availability   = (*Store)(nil)
)

// Environment variables the Lambda template sets and `homehelper -store
// dynamodb` reads, naming the two tables.
const (
	EnvDataTable  = "HOMEHELPER_DATA_TABLE"
	EnvUsageTable = "HOMEHELPER_USAGE_TABLE"
)

// TTLAttribute is the attribute DynamoDB's time to live is enabled on in the
// usage table: epoch seconds after which DynamoDB deletes the event.
const TTLAttribute = "expires_at"

// DefaultRetention is how long usage events are kept when WithRetention is
// not given: a year of trial evidence plus a month or so for the final
// report to be written from it.
const DefaultRetention = 400 * 24 * time.Hour

// Tables names the two tables. Data holds households, speaker links, link
// failures, repairs, coach slots, bookings, guide progress and the trial's
// dates in one table
// (single-table design: one item type's reads never need another table).
// Usage holds usage events, apart because they are the only items that
// expire (TTL) and the only high-volume writes.
type Tables struct{ Data, Usage string }

// Store keeps Home Helper's data in DynamoDB. It is safe for concurrent use.
type Store struct {
	db        *dynamodb.Client
	tables    Tables
	retention time.Duration
	now       func() time.Time
	log       *slog.Logger
	// households remembers which household each speaker was last found
	// in, and its coach, so the next lookup can read the link and the
	// household at once (HouseholdForSpeaker), and a turn can read what
	// it needs beside them (HouseholdHint). It decides nothing on its own.
	households hints
	// rollups: the usage table's stream keeps the day rows (RollUp), so
	// UsageRollups reads them.
	rollups bool
	// rowsRead counts the day rows UsageRollups has read, for the test
	// that a report's reads grow with days, not events.
	rowsRead atomic.Int64
	// eventsRead counts the usage events read, for the test that the
	// journeys read day rows, not events, where the rows count them.
	eventsRead atomic.Int64
	// journeysMarked: this process has seen the journeys mark written
	// (markJourneys), so RollUp need not write it again.
	journeysMarked atomic.Bool
}

// hints is a bounded map of speaker → household id and coach, safe for
// concurrent use.
type hints struct {
	mu sync.Mutex
	m  map[string]hint
}

type hint struct{ household, coach string }

// maxHints bounds the map; past it, it starts again. A pilot has a few
// hundred speakers.
const maxHints = 4096

func (h *hints) get(speaker string) (hint, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[speaker]
	return v, ok
}

func (h *hints) put(speaker string, v hint) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil || len(h.m) >= maxHints {
		h.m = make(map[string]hint)
	}
	h.m[speaker] = v
}

func (h *hints) forget(speaker string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.m, speaker)
}

// Option changes a Store's defaults.
type Option func(*Store)

// WithRetention sets how long usage events are kept: each event's TTL
// attribute is its time plus d. The default is DefaultRetention.
func WithRetention(d time.Duration) Option { return func(s *Store) { s.retention = d } }

// WithRollups says the usage table's stream runs RollUp for every event
// (template.yaml's UsageRollupFunction), so UsageRollups reads the day rows
// it keeps instead of folding the period's events.
func WithRollups() Option { return func(s *Store) { s.rollups = true } }

// WithClock sets the store's clock, for tests. The store reads it only where
// the interfaces pass no time: the lease on an unfinished AddHousehold, and
// the time an erasure began (erasing_since).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithLogger sets where the store reports what it tolerates rather than
// fails on (a clean-up write that failed, an endpoint without TTL). The
// default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// New returns a store on the tables t, reached through client.
func New(client *dynamodb.Client, t Tables, opts ...Option) *Store {
	s := &Store{db: client, tables: t, retention: DefaultRetention, now: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// cleanupTimeout bounds the writes that undo part of a failed operation.
// They run on a context detached from the caller's, because the caller
// giving up is often why the operation failed, and the undo must still run.
const cleanupTimeout = 5 * time.Second

// cleanupContext returns a context for undoing part of a failed operation.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
}

// conditionFailed reports whether err is DynamoDB refusing a conditional write.
func conditionFailed(err error) bool {
	var e *types.ConditionalCheckFailedException
	return errors.As(err, &e)
}

// conflict wraps err (a failed condition) as intents.ErrConflict, saying why.
func conflict(why string, err error) error {
	return fmt.Errorf("%s: %w (%w)", why, intents.ErrConflict, err)
}

// notFound returns intents.ErrNotFound, saying what was missing.
func notFound(what string) error {
	return fmt.Errorf("%s: %w", what, intents.ErrNotFound)
}

// token returns a random identifier, for claim leases and for making keys
// unique where two items could otherwise share one.
func token() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// Expression placeholders. Every expression names attributes through
// #placeholders, because DynamoDB reserves hundreds of words (status, step,
// start, time, ...) that cannot appear bare.

// names maps "#a" to "a" for each attribute name given.
func names(attrs ...string) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m["#"+a] = a
	}
	return m
}

// item is one DynamoDB item.
type item = map[string]types.AttributeValue

// Attribute values. Times are Unix milliseconds (the precision the stores
// promise), stored as numbers so conditions compare them as numbers; a zero
// time, an empty string and a nil map are left out of the item, so "not
// yet" and "none" read back as such and sparse indexes stay sparse.

func sval(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func nval(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

func msval(t time.Time) types.AttributeValue { return nval(t.UnixMilli()) }

func bval(b bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: b} }

// putS sets it[name] to s unless s is empty.
func putS(it item, name, s string) {
	if s != "" {
		it[name] = sval(s)
	}
}

// putT sets it[name] to t in milliseconds unless t is zero.
func putT(it item, name string, t time.Time) {
	if !t.IsZero() {
		it[name] = msval(t)
	}
}

// msKey formats t as a fixed-width, zero-padded count of Unix milliseconds,
// so that sort keys built from it order as the times do. Thirteen digits
// last until the year 2286; times before 1970 (a zero time) sort first.
func msKey(t time.Time) string {
	return msKeyN(t.UnixMilli())
}

func msKeyN(ms int64) string {
	if ms < 0 {
		ms = 0
	}
	return fmt.Sprintf("%013d", ms)
}

// rangeKeys returns the bounds of a sort-key BETWEEN that selects keys
// "<ms>#<id>" with from <= ms < to. '$' sorts just after '#', so the upper
// bound is past every id at the last included millisecond and before the
// first key at to. Callers check from < to first.
func rangeKeys(from, to time.Time) (lo, hi string) {
	return msKey(from), msKeyN(to.UnixMilli()-1) + "$"
}

// decoder reads attributes from an item, remembering the first attribute of
// the wrong type: a sign the item was not written by this code.
type decoder struct {
	it  item
	err error
}

func (d *decoder) fail(name string, v types.AttributeValue, want string) {
	if d.err == nil {
		d.err = fmt.Errorf("attribute %s holds %T, want %s", name, v, want)
	}
}

func (d *decoder) str(name string) string {
	switch v := d.it[name].(type) {
	case nil:
		return ""
	case *types.AttributeValueMemberS:
		return v.Value
	default:
		d.fail(name, v, "a string")
		return ""
	}
}

func (d *decoder) num(name string) string {
	switch v := d.it[name].(type) {
	case nil:
		return ""
	case *types.AttributeValueMemberN:
		return v.Value
	default:
		d.fail(name, v, "a number")
		return ""
	}
}

func (d *decoder) int(name string) int64 {
	s := d.num(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("attribute %s: %w", name, err)
	}
	return n
}

func (d *decoder) float(name string) float64 {
	s := d.num(name)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("attribute %s: %w", name, err)
	}
	return f
}

// time reads milliseconds as a UTC time; a missing attribute is the zero time.
func (d *decoder) time(name string) time.Time {
	if _, ok := d.it[name]; !ok {
		return time.Time{}
	}
	return time.UnixMilli(d.int(name)).UTC()
}

func (d *decoder) bool(name string) bool {
	switch v := d.it[name].(type) {
	case nil:
		return false
	case *types.AttributeValueMemberBOOL:
		return v.Value
	default:
		d.fail(name, v, "a boolean")
		return false
	}
}

// strMap reads a map of strings; a missing attribute is a nil map.
func (d *decoder) strMap(name string) map[string]string {
	switch v := d.it[name].(type) {
	case nil:
		return nil
	case *types.AttributeValueMemberM:
		m := make(map[string]string, len(v.Value))
		for k, e := range v.Value {
			s, ok := e.(*types.AttributeValueMemberS)
			if !ok {
				d.fail(name+"."+k, e, "a string")
				continue
			}
			m[k] = s.Value
		}
		return m
	default:
		d.fail(name, v, "a map")
		return nil
	}
}

// QuickRetries is a client option for the tenant's request path: a few
// quick retries, because the conversation has seconds, not minutes. The
// SDK's default backs off for up to 20 seconds, so a DynamoDB that has gone
// away would spend the whole of Alexa's 8 seconds in backoff before the
// tenant heard anything.
func QuickRetries(o *dynamodb.Options) { o.Retryer = QuickRetryer() }

// QuickRetryer is QuickRetries' retryer, for an aws.Config whose every
// client is on the request path.
func QuickRetryer() aws.Retryer {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 3
		so.MaxBackoff = 200 * time.Millisecond
	})
}
