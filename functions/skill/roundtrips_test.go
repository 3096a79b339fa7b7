package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/internal/mototest"
)

// maxSequentialRoundTrips is issue 14's bound: the DynamoDB calls a turn
// makes one after another before it answers. Calls made side by side
// count once.
const maxSequentialRoundTrips = 2

// firstSession is the round trips of a linked speaker's first session's
// launch, which notes the speaker's Alexa account once, one write after
// another (dynamo.Store.RecordAccountSpeaker).
const firstSession = 6

// TestDynamoDBRoundTripsBeforeTheAnswer drives every sample request, for a
// linked speaker and an unlinked one, through the function wired as in
// Lambda against moto_server behind a proxy that times each DynamoDB call.
// From the calls made before the answer it takes the longest chain in
// which each call starts after the one before it has finished: the round
// trips a tenant waits for one after another. Figures are in
// docs/performance.md.
func TestDynamoDBRoundTripsBeforeTheAnswer(t *testing.T) {
	// moto_server, not dynalite: a turn's change is a transaction, which
	// dynalite refuses (and a refused save is not the path to count).
	endpoint := mototest.Start(t).URL
	client := dynalitetest.Client(t, endpoint)
	calls := &callLog{}
	proxy := httptest.NewServer(calls.proxy(t, endpoint))
	t.Cleanup(proxy.Close)
	ctx := context.Background()
	eventTime := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

	for _, linked := range []bool{false, true} {
		name := map[bool]string{false: "unlinked", true: "linked"}[linked]
		t.Run(name, func(t *testing.T) {
			tables := dynamo.Tables{Data: "rt-" + name + "-data", Usage: "rt-" + name + "-usage"}
			store := dynamo.New(client, tables)
			if err := store.CreateTables(ctx); err != nil {
				t.Fatal(err)
			}
			if linked {
				linkSampleSpeaker(t, store, eventTime)
			}
			e := env(tables, false)
			e["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.URL
			f := newTestFunction(t, e, io.Discard)
			f.warmUp()
			turn := 0
			if linked {
				// The speaker's first session after linking notes its
				// Alexa account (both copies, then the mark); the turns
				// below are later sessions, which find the mark in one
				// read. Measured apart, with its own bound.
				payload, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
				if err != nil {
					t.Fatal(err)
				}
				payload = []byte(strings.ReplaceAll(string(payload), "amzn1.echo-api.request.", "amzn1.echo-api.request.first-"))
				calls.reset()
				if _, raw, err := invoke(f, payload); err != nil {
					t.Fatalf("first session: %v (%s)", err, raw)
				}
				made := calls.before(time.Now())
				depth := sequential(made)
				t.Logf("%-28s %d calls, %d in a row: %s", "first session's launch", len(made), depth, ops(made))
				if depth > firstSession {
					t.Errorf("a linked speaker's first session: %d DynamoDB round trips one after another before the answer, want at most %d: %s", depth, firstSession, ops(made))
				}
			}
			for _, file := range eventFiles(t) {
				base := filepath.Base(file)
				if strings.HasPrefix(base, "forget-me-confirmed") {
					continue // erases the household: the turns after it would be unlinked
				}
				payload, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				// Each turn a minute after the last, as real ones come:
				// the samples share one timestamp, and a household used
				// again at the same instant costs a write an extra read.
				turn++
				payload = []byte(strings.ReplaceAll(string(payload), eventTime.Format(time.RFC3339), eventTime.Add(time.Duration(turn)*time.Minute).Format(time.RFC3339)))
				calls.reset()
				if _, raw, err := invoke(f, payload); err != nil {
					t.Fatalf("%s: %v (%s)", base, err, raw)
				}
				made := calls.before(time.Now())
				depth := sequential(made)
				t.Logf("%-28s %d calls, %d in a row: %s", base, len(made), depth, ops(made))
				if depth > maxSequentialRoundTrips {
					t.Errorf("%s (%s): %d DynamoDB round trips one after another before the answer, want at most %d: %s",
						base, name, depth, maxSequentialRoundTrips, ops(made))
				}
			}
		})
	}
}

// callLatency is added to every call by the proxy: long enough that a
// call the code makes side by side with another, started a few
// milliseconds late by a busy machine (CI runs under -race on two cores),
// still overlaps it, rather than counting as one more in a row. At 15 ms
// one such late start was once counted so.
const callLatency = 50 * time.Millisecond

type call struct {
	op         string
	start, end time.Time
}

// callLog is a proxy in front of DynamoDB that notes when each call
// started and when its answer came back.
type callLog struct {
	mu    sync.Mutex
	calls []call
}

func (l *callLog) proxy(t *testing.T, upstream string) http.Handler {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := call{op: strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810."), start: time.Now()}
		if os.Getenv("RT_DEBUG") != "" {
			b, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(strings.NewReader(string(b)))
			c.op += fmt.Sprintf("%.140s", b)
		}
		// DynamoDB's own latency, a few milliseconds in-region: calls
		// made side by side then surely overlap, however the machine
		// schedules them, and calls made in turn surely do not.
		time.Sleep(callLatency)
		rp.ServeHTTP(w, r)
		c.end = time.Now()
		l.mu.Lock()
		l.calls = append(l.calls, c)
		l.mu.Unlock()
	})
}

func (l *callLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}

// before returns the calls that had started by t (the answer).
func (l *callLog) before(t time.Time) []call {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []call
	for _, c := range l.calls {
		if c.start.Before(t) {
			out = append(out, c)
		}
	}
	return out
}

// sequential is the length of the longest chain of calls each starting
// after the previous one ended.
func sequential(calls []call) int {
	calls = slices.Clone(calls)
	slices.SortFunc(calls, func(a, b call) int { return a.start.Compare(b.start) })
	longest := make([]int, len(calls))
	best := 0
	for i, c := range calls {
		longest[i] = 1
		for j := range i {
			if !calls[j].end.After(c.start) && longest[j]+1 > longest[i] {
				longest[i] = longest[j] + 1
			}
		}
		best = max(best, longest[i])
	}
	return best
}

func ops(calls []call) string {
	var s []string
	t0 := time.Time{}
	if len(calls) > 0 {
		t0 = calls[0].start
	}
	for _, c := range calls {
		s = append(s, fmt.Sprintf("%s [%d–%d µs]", c.op, c.start.Sub(t0).Microseconds(), c.end.Sub(t0).Microseconds()))
	}
	return strings.Join(s, ", ")
}

func TestSequential(t *testing.T) {
	at := func(s, e int) call {
		t0 := time.Unix(0, 0)
		return call{start: t0.Add(time.Duration(s) * time.Millisecond), end: t0.Add(time.Duration(e) * time.Millisecond)}
	}
	for _, tc := range []struct {
		calls []call
		want  int
	}{
		{nil, 0},
		{[]call{at(0, 2), at(1, 3)}, 1},
		{[]call{at(0, 2), at(1, 3), at(3, 5)}, 2},
		{[]call{at(0, 1), at(1, 2), at(2, 3)}, 3},
		{[]call{at(4, 6), at(0, 1), at(0, 5), at(2, 3)}, 3},
	} {
		if got := sequential(tc.calls); got != tc.want {
			t.Errorf("sequential(%v) = %d, want %d", tc.calls, got, tc.want)
		}
	}
}
