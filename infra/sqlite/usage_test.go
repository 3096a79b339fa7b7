package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// holdWriteLock takes the file's write lock from another connection, as a
// staff command's long import would, until the returned func is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			tx.Rollback()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// waitQueued waits until n events are in the writer's hands.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(busyTimeout / 2)
	for s.queued.Load() < int64(n) {
		if time.Now().After(deadline) {
			t.Fatalf("%d events queued after %v, want %d", s.queued.Load(), busyTimeout/2, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func storedIDs(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	es, err := s.UsageEvents(t.Context(), now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatalf("UsageEvents: %v", err)
	}
	ids := make(map[string]bool, len(es))
	for _, e := range es {
		ids[e.RequestID] = true
	}
	return ids
}

func TestRecordUsageGivesUpWithItsContext(t *testing.T) {
	s, path := openTemp(t)
	release := holdWriteLock(t, path)

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.RecordUsage(ctx, testEvent("req-1"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("RecordUsage with the write lock held: %v, want DeadlineExceeded", err)
	}
	if waited := time.Since(start); waited > busyTimeout/2 {
		t.Errorf("RecordUsage returned after %v, not when its context ended", waited)
	}

	release()
	// The queue is first in, first out: once req-2 is committed, so is req-1.
	if err := s.RecordUsage(t.Context(), testEvent("req-2")); err != nil {
		t.Fatalf("RecordUsage after the lock was released: %v", err)
	}
	if ids := storedIDs(t, s); !ids["req-1"] || !ids["req-2"] {
		t.Errorf("stored %v, want req-1 (queued before its caller gave up) and req-2", ids)
	}
}

func TestRecordUsageBatches(t *testing.T) {
	const n = 100
	s, path := openTemp(t)
	release := holdWriteLock(t, path)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = s.RecordUsage(t.Context(), testEvent(fmt.Sprintf("req-%d", i))) })
	}
	waitQueued(t, s, n)
	release()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("RecordUsage(req-%d): %v", i, err)
		}
	}
	if got := len(storedIDs(t, s)); got != n {
		t.Errorf("stored %d events, want %d", got, n)
	}
	// The batch the writer took before it met the lock, then the rest.
	if b := s.batches.Load(); b > 2 {
		t.Errorf("%d events took %d transactions; want them batched", n, b)
	}
}

func TestCloseCommitsQueuedEvents(t *testing.T) {
	const n = 50
	path := filepath.Join(t.TempDir(), "homehelper.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	results := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i] = s.RecordUsage(context.Background(), testEvent(fmt.Sprintf("req-%d", i))) })
	}
	waitQueued(t, s, n)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	release()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(busyTimeout):
		t.Fatal("Close did not return")
	}
	wg.Wait()

	s = openAt(t, path)
	stored := storedIDs(t, s)
	for i, err := range results {
		id := fmt.Sprintf("req-%d", i)
		if err != nil {
			t.Errorf("RecordUsage(%s), queued before Close: %v", id, err)
		}
		if !stored[id] {
			t.Errorf("%s, queued before Close, is not stored", id)
		}
	}
}

func TestRecordUsageAfterClose(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "homehelper.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordUsage(t.Context(), testEvent("req-1")); !errors.Is(err, errClosed) {
		t.Errorf("RecordUsage after Close: %v, want errClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestRecordUsageRefusesIncompleteEvents(t *testing.T) {
	s, _ := openTemp(t)
	noID, noTime, nan := testEvent(""), testEvent("req-1"), testEvent("req-2")
	noTime.Time = time.Time{}
	nan.LatencyMS = math.NaN()
	for name, e := range map[string]intents.UsageEvent{"no request id": noID, "no time": noTime, "NaN latency": nan} {
		if err := s.RecordUsage(t.Context(), e); err == nil {
			t.Errorf("RecordUsage with %s succeeded, want an error", name)
		}
	}
	if ids := storedIDs(t, s); len(ids) != 0 {
		t.Errorf("stored %v, want nothing", ids)
	}
}

// alexaRequestID makes an id like Alexa's: random, so each event's index
// entry lands on a different page, as in production.
func alexaRequestID() string {
	return fmt.Sprintf("amzn1.echo-api.request.%08x-%04x-%04x-%04x-%012x",
		rand.Uint32(), rand.Uint32N(1<<16), rand.Uint32N(1<<16), rand.Uint32N(1<<16), rand.Uint64N(1<<48))
}

// BenchmarkRecordUsage measures the usage log's throughput with many
// requests in flight at once, as under the HTTP server: each RunParallel
// goroutine is one request waiting for its event's commit.
func BenchmarkRecordUsage(b *testing.B) {
	for _, mode := range []string{"FULL", "NORMAL"} {
		for _, callers := range []int{1, 8, 32, 128} {
			b.Run(fmt.Sprintf("synchronous=%s/callers=%dxGOMAXPROCS", mode, callers), func(b *testing.B) {
				s, err := open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), mode)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				var seq atomic.Int64
				var mu sync.Mutex
				var waits []time.Duration
				b.SetParallelism(callers)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					var mine []time.Duration
					for pb.Next() {
						i := seq.Add(1)
						e := testEvent(alexaRequestID())
						e.Time = now.Add(time.Duration(i) * time.Microsecond)
						start := time.Now()
						if err := s.RecordUsage(context.Background(), e); err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(start))
					}
					mu.Lock()
					waits = append(waits, mine...)
					mu.Unlock()
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
				if len(waits) == 0 {
					return // every caller failed, and said so
				}
				slices.Sort(waits)
				b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(waits[len(waits)*99/100].Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "max-ms")
				b.ReportMetric(float64(s.batchedEvents.Load())/float64(max(1, s.batches.Load())), "events/batch")
			})
		}
	}
}

// TestPlainSlotsReadAsJSONDoes: the slots column read without encoding/json
// gives what encoding/json gives, or leaves the column to it.
func TestPlainSlotsReadAsJSONDoes(t *testing.T) {
	cases := []map[string]string{
		{"problem": "TAP"},
		{"problem": "TAP", "room": "KITCHEN"},
		{"description": "the plug's gone black, and it crackles: help"},
		{"description": `he said "no" <twice> & left`},
		{"description": "tab\there, a new\nline"},
		{"description": "café, naïve, £5"},
		{"": ""},
		{"a": "", "b": ","},
		{"description": "{\"nested\":1}"},
	}
	for _, m := range cases {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got := plainSlots(string(b))
		if got == nil {
			// Left to encoding/json: only when it had to escape.
			if !strings.Contains(string(b), `\`) && len(b) >= 7 {
				t.Errorf("%s: not read, though it has no escape", b)
			}
			continue
		}
		if !maps.Equal(got, m) {
			t.Errorf("%s: read as %v, want %v", b, got, m)
		}
	}
	for _, bad := range []string{`{}`, `{"a"}`, `{"a":1}`, `{"a":"b",}`, `{"a":"b"`, `["a","b"]`, `{"a":"b" "c":"d"}`} {
		if got := plainSlots(bad); got != nil {
			t.Errorf("%s: read as %v; encoding/json should have had it", bad, got)
		}
	}
}
