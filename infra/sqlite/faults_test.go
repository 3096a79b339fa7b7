package sqlite

// Faults: the SQLite file turning read-only under a running conversation,
// and its write lock held by another process. The conversation (an
// intents.Skill over this store, wired as cmd wires it) must never confirm
// what was not saved, must keep reading, must answer within its budget,
// and must keep every usage event and write it once when the file is
// writable again.
//
// Tests run as root, so a chmod would prove nothing: the file is made
// read-only from inside SQLite, in two ways. PRAGMA query_only on the
// store's one write connection (the store keeps its read pool), and the
// write connection swapped for one opened with mode=ro, as a reopen of the
// same file read-only. The package has no read-only Open, so the second
// reaches into the Store; it is the same file and the same read pool.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
)

const faultPhone = "0808 157 4242"

// The budgets these tests give the conversation: small, in the same
// proportion as production's 4 s and 6 s.
const (
	faultStoreBudget = 300 * time.Millisecond
	faultWriteBudget = 600 * time.Millisecond
	// faultLimit is what a tenant may wait: the usage write's deadline and
	// slack for a loaded machine (and -race).
	faultLimit = faultWriteBudget + 400*time.Millisecond
)

var (
	falseRepairDone = []string{"Done", "reference", "I've reported"}
	falseBooked     = []string{"Booked", "will visit you"}
)

// faultFixture is a skill over a store in a temporary file, with two
// linked households and a fortnight of coach slots.
type faultFixture struct {
	t     *testing.T
	path  string
	store *Store
	skill *intents.Skill
	hh    map[string]intents.Household // by speaker
	logs  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newFaultFixture(t *testing.T, speakers ...string) *faultFixture {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "homehelper.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	f := &faultFixture{t: t, path: path, store: s, hh: map[string]intents.Household{}, logs: &lockedBuffer{}}
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("f", 32)))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, sp := range speakers {
		h, err := intents.Enrol(ctx, s, p, intents.Enrolling{Ref: "HH-" + sp}, now)
		if err != nil {
			t.Fatal(err)
		}
		if f.hh[sp], err = s.LinkSpeaker(ctx, h.LinkCode, sp, now); err != nil {
			t.Fatal(err)
		}
	}
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	roster, err := intents.ReadRoster(rf)
	if err != nil {
		t.Fatal(err)
	}
	cfg := intents.DefaultConfig()
	cfg.LandlordPhone = faultPhone
	cfg.StoreBudget, cfg.WriteBudget = faultStoreBudget, faultWriteBudget
	slots, err := roster.Slots(now, 14, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddCoachSlots(ctx, slots); err != nil {
		t.Fatal(err)
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// As cmd wires it: every part from the one store.
	stores := intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s,
		Trial: s, Feedback: s, Eraser: s, Speakers: s}
	f.skill = intents.New(stores, guides, cfg, intents.WithLogger(log))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the skill's warnings and errors:\n%s", f.logs.String())
		}
	})
	return f
}

// tenant plays one linked speaker, carrying the session's state.
type tenant struct {
	f       *faultFixture
	speaker string
	session int
	open    bool
	state   intents.State
	sent    []string
}

type reply struct {
	said, heard, id string
	took            time.Duration
	resp            intents.Response
}

var requestSeq sync.Mutex
var requestN int

// say sends an intent with slots given as "name=ID".
func (c *tenant) say(intent string, slots ...string) reply {
	c.f.t.Helper()
	requestSeq.Lock()
	requestN++
	id := fmt.Sprintf("fault-req-%d-%d", time.Now().UnixNano(), requestN)
	requestSeq.Unlock()
	req := intents.Request{ID: id, Time: time.Now(), Type: intents.IntentRequest, Intent: intent,
		SpeakerID: c.speaker, Locale: "en-GB"}
	if !c.open {
		c.session++
		c.open, c.state = true, intents.State{}
		req.SessionNew = true
	}
	req.SessionID = fmt.Sprintf("%s-session-%d", c.speaker, c.session)
	req.State = c.state
	for _, kv := range slots {
		name, v, _ := strings.Cut(kv, "=")
		if req.Slots == nil {
			req.Slots = map[string]intents.Slot{}
		}
		req.Slots[name] = intents.Slot{ID: v, Value: strings.ToLower(v)}
	}
	start := time.Now()
	resp := c.f.skill.Handle(context.Background(), req)
	r := reply{said: strings.TrimSpace(intent + " " + strings.Join(slots, " ")), heard: intents.PlainText(resp.Speech),
		id: id, took: time.Since(start), resp: resp}
	c.state, c.open = resp.State, !resp.End
	c.sent = append(c.sent, id)
	c.f.t.Logf("%s: %s; hears after %v: %q", c.speaker, r.said, r.took.Round(time.Millisecond), r.heard)
	return r
}

func (r reply) never(t *testing.T, why string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(r.heard, b) {
			t.Errorf("%s, yet after %s the tenant hears %q: %q", why, r.said, b, r.heard)
		}
	}
}

func (r reply) hears(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.heard, w) {
			t.Errorf("after %s the tenant does not hear %q: %q", r.said, w, r.heard)
		}
	}
}

func (r reply) within(t *testing.T, limit time.Duration) {
	t.Helper()
	if r.took > limit {
		t.Errorf("after %s the answer took %v, more than %v", r.said, r.took.Round(time.Millisecond), limit)
	}
}

// checkEachOnce fails the test unless each id in sent has exactly one
// stored usage event.
func (f *faultFixture) checkEachOnce(from time.Time, sent []string) {
	f.t.Helper()
	evs, err := f.store.UsageEvents(f.t.Context(), from, time.Now().Add(time.Minute))
	if err != nil {
		f.t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range evs {
		count[e.RequestID]++
	}
	for _, id := range sent {
		if count[id] != 1 {
			f.t.Errorf("request %s has %d usage events, want exactly 1", id, count[id])
		}
	}
}

// readOnly makes the store's writes fail as on a read-only file, and
// returns the function that makes them work again.
type readOnly func(t *testing.T, s *Store, path string) (restore func())

// queryOnly sets PRAGMA query_only on the store's one write connection.
func queryOnly(t *testing.T, s *Store, _ string) func() {
	t.Helper()
	set := func(on int) {
		if _, err := s.write.ExecContext(t.Context(), fmt.Sprintf("PRAGMA query_only = %d", on)); err != nil {
			t.Fatal(err)
		}
		var got int
		if err := s.write.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&got); err != nil || got != on {
			t.Fatalf("query_only is %d (%v), want %d: the write pool has another connection", got, err, on)
		}
	}
	set(1)
	return func() { set(0) }
}

// reopenReadOnly swaps the store's write pool for the same file opened with
// mode=ro. Nothing is using the store when it is called: the swap happens
// before the next request, which the writer goroutine receives by channel.
func reopenReadOnly(t *testing.T, s *Store, path string) func() {
	t.Helper()
	ro, err := sql.Open("sqlite", dsn(path, "mode=ro",
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()), "foreign_keys(1)", "synchronous("+synchronous+")"))
	if err != nil {
		t.Fatal(err)
	}
	ro.SetMaxOpenConns(1)
	stmt, err := ro.PrepareContext(t.Context(), insertUsageSQL)
	if err != nil {
		t.Fatal(err)
	}
	write, insert := s.write, s.insertUsage
	s.write, s.insertUsage = ro, stmt
	return func() {
		s.write, s.insertUsage = write, insert
		if err := errors.Join(stmt.Close(), ro.Close()); err != nil {
			t.Error(err)
		}
	}
}

// TestFaultsReadOnlyUnderneath: two tenants are mid-conversation (one at a
// repair's read-back, one in a guide) when the file turns read-only. Reads
// go on (status, visit checks, offers); every write gets an honest answer
// inside the budget; nothing is falsely done; and once the file is
// writable the next request writes the outage's usage events, each once.
func TestFaultsReadOnlyUnderneath(t *testing.T) {
	for name, ro := range map[string]readOnly{"query_only": queryOnly, "mode=ro": reopenReadOnly} {
		t.Run(name, func(t *testing.T) {
			f := newFaultFixture(t, "speaker-repair", "speaker-guide")
			rep := &tenant{f: f, speaker: "speaker-repair"}
			gd := &tenant{f: f, speaker: "speaker-guide"}
			from := time.Now().Add(-time.Minute)
			rep.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN").hears(t, "Shall I report it?")
			gd.say("SelfFixIntent", "problem=RADIATOR").hears(t, "Step 1 of")

			restore := ro(t, f.store, f.path)
			before := len(rep.sent) + len(gd.sent)
			r := rep.say("AMAZON.YesIntent")
			r.never(t, "the file is read-only", falseRepairDone...)
			r.hears(t, "couldn't save your repair", "has not been reported", "call us on "+faultPhone)
			r.within(t, faultLimit)
			if strings.Contains(f.logs.String(), "context deadline") {
				t.Logf("a write waited for its deadline rather than failing at once")
			}

			// Reads work.
			r = rep.say("RepairStatusIntent")
			r.hears(t, "You don't have any open repairs")
			r.within(t, faultLimit)
			rep.say("AMAZON.NoIntent")
			rep.say("CheckAppointmentIntent").hears(t, "You don't have a visit booked")
			rep.say("AMAZON.YesIntent").hears(t, "Shall I book it?")
			r = rep.say("AMAZON.YesIntent")
			r.never(t, "the file is read-only", falseBooked...)
			r.hears(t, "couldn't book that", "nothing has been booked", "call us on "+faultPhone)
			r.within(t, faultLimit)

			// The guide goes on; its place stays where it was.
			r = gd.say("AMAZON.NextIntent")
			r.hears(t, "Step 2 of")
			r.within(t, faultLimit)
			gd.say("AMAZON.NextIntent").hears(t, "Step 3 of")
			if p, err := f.store.GuideProgress(t.Context(), "speaker-guide"); err != nil || p.Step != 0 {
				t.Errorf("guide place %+v (%v), want step index 0 (saved before the file turned read-only)", p, err)
			}

			outage := len(rep.sent) + len(gd.sent) - before
			if got := f.skill.UsageBacklog(); got != outage {
				t.Errorf("usage backlog %d, want %d (every event of the outage kept)", got, outage)
			}
			if open, err := f.store.OpenRepairs(t.Context(), f.hh["speaker-repair"].ID); err != nil || len(open) != 0 {
				t.Errorf("repairs stored on a read-only file: %+v (%v)", open, err)
			}

			restore()
			gd.say("AMAZON.NextIntent").hears(t, "Step 4 of")
			if got := f.skill.UsageBacklog(); got != 0 {
				t.Errorf("usage backlog %d once the file is writable, want 0", got)
			}
			f.checkEachOnce(from, append(rep.sent, gd.sent...))
			if p, err := f.store.GuideProgress(t.Context(), "speaker-guide"); err != nil || p.Step != 3 {
				t.Errorf("guide place %+v (%v), want step index 3 once writable", p, err)
			}
		})
	}
}

// TestFaultsWriteLockHeld: another process (a staff command) holds the
// file's write lock. SQLite waits for it up to busy_timeout (5 s), longer
// than the store budget: the answer must still come within the budget,
// honest, and the events must be written once the lock is released.
func TestFaultsWriteLockHeld(t *testing.T) {
	f := newFaultFixture(t, "speaker-lock")
	c := &tenant{f: f, speaker: "speaker-lock"}
	from := time.Now().Add(-time.Minute)
	c.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN").hears(t, "Shall I report it?")

	other, err := sql.Open("sqlite", dsn(f.path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(t.Context(), nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			if err := tx.Rollback(); err != nil {
				t.Error(err)
			}
		}
	}
	defer release()

	r := c.say("AMAZON.YesIntent")
	r.never(t, "the write lock was held elsewhere", falseRepairDone...)
	r.hears(t, "call us on "+faultPhone)
	r.within(t, faultLimit)
	r = c.say("SelfFixIntent", "problem=RADIATOR")
	r.hears(t, "Step 1 of")
	r.within(t, faultLimit)
	if open, err := f.store.OpenRepairs(t.Context(), f.hh["speaker-lock"].ID); err != nil || len(open) != 0 {
		t.Errorf("repairs stored while the lock was held: %+v (%v)", open, err)
	}

	release()
	// The usage writer may still be waiting out busy_timeout for a batch
	// queued while the lock was held; give it that long.
	deadline := time.Now().Add(busyTimeout + 2*time.Second)
	for {
		c.say("AMAZON.NextIntent")
		if f.skill.UsageBacklog() == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := f.skill.UsageBacklog(); got != 0 {
		t.Errorf("usage backlog %d after the lock was released, want 0", got)
	}
	f.checkEachOnce(from, c.sent)
}
