package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// loadTestTimeout bounds a short load test with its server and store: the
// run itself takes about three seconds, the race detector slows the rest.
const loadTestTimeout = 90 * time.Second

// TestLoadShort runs `homehelper loadtest -short` as make test does, against
// `homehelper serve -dev` running in this process, once over each store:
// every tenant's conversations must go as a tenant expects and the books
// must balance.
func TestLoadShort(t *testing.T) {
	for _, kind := range []string{"sqlite", "dynamodb"} {
		t.Run(kind, func(t *testing.T) {
			hermeticSettings(t)
			ctx, cancel := context.WithTimeout(t.Context(), loadTestTimeout)
			defer cancel()
			be := sqliteBackend()
			if kind == "dynamodb" {
				be = dynamoBackend(ctx, t)
			}
			dir := t.TempDir()
			srv := startServe(ctx, t, be, dir)
			stdout, stderr := runOK(ctx, t, be.args(dir, "loadtest", "-short", "-url", srv.url)...)
			t.Logf("loadtest -short over %s:\n%s", kind, stdout)
			for _, want := range []string{
				"tenants        8\n",
				"PASS  no errors: ",
				"PASS  one usage event per request: ",
				"PASS  every event of a linked speaker names its household: ",
				"PASS  every repair heard is stored: ",
				"PASS  every visit heard is booked, no slot held twice: ",
				"ListSlots: ",
				"The books balance.",
			} {
				if !strings.Contains(stdout, want) {
					t.Errorf("loadtest output does not say %q\nstderr:\n%s", want, stderr)
				}
			}
			if strings.Contains(stdout, "FAIL") {
				t.Errorf("a check failed")
			}
			if code := srv.stop(t); code != 0 {
				t.Errorf("serve exited %d\nstderr:\n%s", code, srv.stderr.String())
			}
		})
	}
}

// TestLoadBooksCanFail shows each check can fail: after a real run over
// SQLite, the store is tampered with as a fault in the server would leave
// it (a usage event lost, an event nobody sent, an event without its
// household, a repair reference read out but not kept, a repair kept but
// not read out, a booking heard but not standing, one slot held by two
// households), and the books are checked again. The tampering adds
// up, so each case asserts only on the check it aims at.
func TestLoadBooksCanFail(t *testing.T) {
	hermeticSettings(t)
	ctx, cancel := context.WithTimeout(t.Context(), loadTestTimeout)
	defer cancel()
	be := sqliteBackend()
	dir := t.TempDir()
	srv := startServe(ctx, t, be, dir)
	a, l := driveLoad(ctx, t, be, dir, srv.url)

	now := time.Now()
	for _, c := range checkBooks(ctx, a.store, l, now) {
		if !c.ok {
			t.Fatalf("before tampering, %q failed: %s %v", c.name, c.detail, c.faults)
		}
	}
	var booked, reported *vtenant
	for _, tn := range l.tenants {
		if tn.booking != nil && booked == nil {
			booked = tn
		}
		if len(tn.repairs) > 0 && reported == nil {
			reported = tn
		}
	}
	if booked == nil || reported == nil {
		t.Fatalf("after %d requests no tenant both booked and reported; the test needs one of each", l.requests)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, dbFile)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(query string, args ...any) {
		t.Helper()
		res, err := db.ExecContext(ctx, query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s %v: %d rows, want 1", query, args, n)
		}
	}
	var oneRequest, linkedRequest string
	for id, sent := range reported.sent {
		if oneRequest == "" {
			oneRequest = id
		} else if sent.linked && linkedRequest == "" {
			linkedRequest = id
		}
	}

	tampers := []struct {
		name   string
		tamper func() booksStore
		fails  string // the check that must fail
		says   string // in its faults
	}{
		// First, while every booking the tenants heard still stands.
		{"one slot held by two households", func() booksStore {
			return twoHolders{store: a.store, l: l}
		}, "every visit heard is booked, no slot held twice", "is held by both"},
		{"a usage event lost", func() booksStore {
			exec(`DELETE FROM usage_events WHERE request_id = ?`, oneRequest)
			return a.store
		}, "one usage event per request", "no usage event for request " + oneRequest},
		{"an event no tenant sent", func() booksStore {
			err := a.store.RecordUsage(ctx, intents.UsageEvent{RequestID: "amzn1.echo-api.request.forged", Time: l.start.Add(time.Second),
				SpeakerID: reported.speakerID, RequestType: intents.LaunchRequest, Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed})
			if err != nil {
				t.Fatal(err)
			}
			return a.store
		}, "one usage event per request", "an event no tenant sent: request amzn1.echo-api.request.forged"},
		{"an event that lost its household", func() booksStore {
			exec(`UPDATE usage_events SET household_id = '' WHERE request_id = ?`, linkedRequest)
			return a.store
		}, "every event of a linked speaker names its household", "event " + linkedRequest + " "},
		{"a false done", func() booksStore {
			exec(`DELETE FROM repairs WHERE ref = ?`, reported.repairs[0].ref)
			return a.store
		}, "every repair heard is stored", "heard reference " + reported.repairs[0].ref + ", which the store does not hold"},
		{"a repair saved but not read out", func() booksStore {
			err := a.store.SaveRepair(ctx, intents.Repair{Ref: "QQ0000", HouseholdID: reported.household.ID, Problem: "TAP", Room: "KITCHEN",
				Priority: intents.Routine, Status: intents.StatusReported, ReportedAt: now})
			if err != nil {
				t.Fatal(err)
			}
			return a.store
		}, "every repair heard is stored", "the store holds repair QQ0000 for " + reported.name},
		{"a booking heard but not standing", func() booksStore {
			b, err := a.store.ActiveBooking(ctx, booked.household.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.store.CancelBooking(ctx, b.ID, now); err != nil {
				t.Fatal(err)
			}
			return a.store
		}, "every visit heard is booked, no slot held twice", "heard \"Booked.\" for " + booked.booking.slotID},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			checks := checkBooks(ctx, tc.tamper(), l, now)
			var out bytes.Buffer
			writeSummary(&out, "sqlite", l, checks)
			found := false
			for _, c := range checks {
				if c.name != tc.fails {
					continue
				}
				found = true
				if c.ok {
					t.Errorf("%q passed after %s:\n%s", c.name, tc.name, out.String())
				}
				if !strings.Contains(strings.Join(c.faults, "\n"), tc.says) {
					t.Errorf("%q does not say %q:\n%s", c.name, tc.says, out.String())
				}
			}
			if !found {
				t.Fatalf("no check %q", tc.fails)
			}
			if !strings.Contains(out.String(), "  FAIL  "+tc.fails) || !strings.Contains(out.String(), "The books do not balance") {
				t.Errorf("the summary does not show the failure:\n%s", out.String())
			}
		})
	}
}

// twoHolders reports one tenant's standing booking as another's too: what
// the books would see if two households held one slot.
type twoHolders struct {
	store
	l *ledger
}

func (s twoHolders) ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error) {
	var holders []*vtenant
	for _, t := range s.l.tenants {
		if t.booking != nil {
			holders = append(holders, t)
		}
	}
	if len(holders) >= 2 && householdID == holders[1].household.ID {
		return s.store.ActiveBooking(ctx, holders[0].household.ID, now)
	}
	return s.store.ActiveBooking(ctx, householdID, now)
}

// driveLoad runs the short load test's tenants against url without
// checking the books, and returns the store the program would check and
// what the tenants did.
func driveLoad(ctx context.Context, t *testing.T, be *e2eBackend, dir, url string) (*app, *ledger) {
	t.Helper()
	var st storage
	fs := flag.NewFlagSet("storage", flag.ContinueOnError)
	storageFlags(fs, &st)
	if err := fs.Parse(append([]string{"-data", dir}, be.flags...)); err != nil {
		t.Fatal(err)
	}
	a, err := openData(ctx, st, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	lr, err := newLoadRun(loadOptions{url: url, tenants: shortTenants, duration: shortDuration, seed: 1}, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := lr.enrol(ctx); err != nil {
		t.Fatal(err)
	}
	l := lr.drive(ctx)
	if l.errors > 0 {
		t.Fatalf("%d errors: %v", l.errors, l.errorLines)
	}
	return a, l
}

// TestLoadFlags: the load test refuses to run without a loopback -url,
// before it enrols anyone.
func TestLoadFlags(t *testing.T) {
	hermeticSettings(t)
	for _, tc := range []struct {
		args []string
		says string
	}{
		{nil, "-url is required"},
		{[]string{"-url", "http://192.0.2.1:8080"}, "loopback"},
		{[]string{"-url", "https://127.0.0.1:8080"}, "want http://127.0.0.1:PORT"},
		{[]string{"-url", "http://127.0.0.1:8080", "-tenants", "0"}, "-tenants must be at least 1"},
	} {
		var stdout, stderr bytes.Buffer
		dir := t.TempDir()
		code := run(t.Context(), append([]string{"loadtest", "-data", dir}, tc.args...), strings.NewReader(""), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.says) {
			t.Errorf("loadtest %v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.says)
		}
		if files, err := os.ReadDir(dir); err != nil || len(files) != 0 {
			t.Errorf("loadtest %v: the data folder holds %v (%v), want nothing", tc.args, files, err)
		}
	}
}
