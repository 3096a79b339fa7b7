package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/storetest"
)

// openTemp opens a store in a new file under t.TempDir, closed when the test ends.
func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "homehelper.db")
	return openAt(t, path), path
}

// openAt opens a store on path, closed when the test ends.
func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, _ := openTemp(t)
		return s
	})
}

var now = time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)

func testHousehold(n int) intents.Household {
	return intents.Household{
		ID:          fmt.Sprintf("hh-%d", n),
		Ref:         fmt.Sprintf("REF-%d", n),
		LinkCode:    fmt.Sprintf("%06d", 100000+n),
		CodeExpires: now.Add(24 * time.Hour),
		EnrolledAt:  now.Add(time.Duration(n) * time.Second),
	}
}

func testEvent(id string) intents.UsageEvent {
	return intents.UsageEvent{
		RequestID:   id,
		Time:        now,
		RequestType: "LaunchRequest",
		Slots:       map[string]string{"problem": "LEAK"},
		Flow:        intents.FlowLaunch,
		Outcome:     intents.OutcomeWelcomed,
		LatencyMS:   3.5,
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "homehelper.db")
	ctx := t.Context()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatalf("AddHousehold: %v", err)
	}
	if _, err := s.LinkSpeaker(ctx, h.LinkCode, "spk-1", now); err != nil {
		t.Fatalf("LinkSpeaker: %v", err)
	}
	if err := s.RecordUsage(ctx, testEvent("req-1")); err != nil {
		t.Fatalf("RecordUsage: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = openAt(t, path)
	got, err := s.HouseholdForSpeaker(ctx, "spk-1")
	if err != nil || got.ID != h.ID {
		t.Errorf("HouseholdForSpeaker after reopening = %v, %v; want %s", got.ID, err, h.ID)
	}
	es, err := s.UsageEvents(ctx, now, now.Add(time.Second))
	if err != nil || len(es) != 1 || es[0].Slots["problem"] != "LEAK" {
		t.Errorf("UsageEvents after reopening = %+v, %v; want req-1", es, err)
	}
	var version int
	if err := s.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("user_version = %d, %v; want %d", version, err, len(migrations))
	}
}

func TestOpenPathNeedingEscapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pilot #1?v=2 50%.db")
	s := openAt(t, path)
	if err := s.AddHousehold(t.Context(), testHousehold(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the store is not in the file named: %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.write.ExecContext(t.Context(), fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(t.Context(), path); err == nil {
		s2.Close()
		t.Fatal("Open of a file from a newer homehelper succeeded; want an error")
	}
}

func TestPragmas(t *testing.T) {
	s, _ := openTemp(t)
	type querier interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	for _, tc := range []struct {
		conn   string
		db     querier
		pragma string
		want   string
	}{
		{"write", s.write, "journal_mode", "wal"},
		{"write", s.write, "busy_timeout", "5000"},
		{"write", s.write, "foreign_keys", "1"},
		{"write", s.write, "synchronous", "2"}, // FULL
		{"write", s.write, "cache_size", fmt.Sprint(-writeCacheKiB)},
		{"write", s.write, "wal_autocheckpoint", fmt.Sprint(autocheckpoint)},
		{"read", s.read, "journal_mode", "wal"},
		{"read", s.read, "busy_timeout", "5000"},
		{"read", s.read, "query_only", "1"},
	} {
		var got string
		if err := tc.db.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("%s connection: PRAGMA %s: %v", tc.conn, tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("%s connection: PRAGMA %s = %s, want %s", tc.conn, tc.pragma, got, tc.want)
		}
	}
}

// TestTwoStoresOnOneFile is `serve` and a staff command at once: two
// Stores, each with its own connections, reading and writing one file
// concurrently.
func TestTwoStoresOnOneFile(t *testing.T) {
	server, path := openTemp(t)
	staff := openAt(t, path)
	ctx := t.Context()

	const events, households = 200, 20
	var wg sync.WaitGroup
	errs := make(chan error, events+households+1)
	for i := range events {
		wg.Go(func() {
			if err := server.RecordUsage(ctx, testEvent(fmt.Sprintf("req-%d", i))); err != nil {
				errs <- err
			}
		})
	}
	wg.Go(func() {
		for i := range households {
			if err := staff.AddHousehold(ctx, testHousehold(i)); err != nil {
				errs <- err
			}
			if _, err := staff.UsageEvents(ctx, now, now.Add(time.Second)); err != nil {
				errs <- err
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	hs, err := server.ListHouseholds(ctx)
	if err != nil || len(hs) != households {
		t.Errorf("server sees %d households (%v), want %d", len(hs), err, households)
	}
	es, err := staff.UsageEvents(ctx, now, now.Add(time.Second))
	if err != nil || len(es) != events {
		t.Errorf("staff command sees %d events (%v), want %d", len(es), err, events)
	}
}

// TestTwoStoresRaceForOneSlot shows the one-booking-per-slot rule is the
// database's, not this process's: two Stores, each with its own write
// connection, race households for one slot.
func TestTwoStoresRaceForOneSlot(t *testing.T) {
	a, path := openTemp(t)
	b := openAt(t, path)
	ctx := t.Context()
	const n = 10
	for i := range n {
		if err := a.AddHousehold(ctx, testHousehold(i)); err != nil {
			t.Fatal(err)
		}
	}
	slot := intents.CoachSlot{ID: "slot-1", CoachID: "coach-a", Coach: "Amira", Start: now.Add(time.Hour)}
	if err := a.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		s := []*Store{a, b}[i%2]
		wg.Go(func() {
			<-start
			errs[i] = s.Book(ctx, intents.Booking{ID: fmt.Sprintf("bk-%d", i), HouseholdID: testHousehold(i).ID, Slot: slot, BookedAt: now})
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, intents.ErrConflict):
			t.Errorf("Book: %v, want nil or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d bookings won the slot, want 1", won)
	}
}

func TestBookUnknownSlotOrHousehold(t *testing.T) {
	s, _ := openTemp(t)
	ctx := t.Context()
	h := testHousehold(1)
	slot := intents.CoachSlot{ID: "slot-1", CoachID: "coach-a", Coach: "Amira", Start: now.Add(time.Hour)}
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		b    intents.Booking
	}{
		{"unknown slot", intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: intents.CoachSlot{ID: "slot-x"}, BookedAt: now}},
		{"unknown household", intents.Booking{ID: "bk-2", HouseholdID: "hh-x", Slot: slot, BookedAt: now}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.Book(ctx, tc.b); !errors.Is(err, intents.ErrNotFound) {
				t.Errorf("Book: %v, want ErrNotFound", err)
			}
		})
	}
}

func TestTouchUnknownHousehold(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.TouchHousehold(t.Context(), "hh-x", now); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("TouchHousehold: %v, want ErrNotFound", err)
	}
}

func TestTouchHouseholdKeepsLatest(t *testing.T) {
	s, _ := openTemp(t)
	ctx := t.Context()
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{now.Add(time.Hour), now} {
		if err := s.TouchHousehold(ctx, h.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	hs, err := s.ListHouseholds(ctx)
	if err != nil || len(hs) != 1 || !hs[0].LastUsed.Equal(now.Add(time.Hour)) {
		t.Errorf("ListHouseholds = %+v, %v; want LastUsed %v", hs, err, now.Add(time.Hour))
	}
}
