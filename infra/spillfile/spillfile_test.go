package spillfile_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/spillfile"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

func event(id string) intents.UsageEvent {
	return intents.UsageEvent{RequestID: id, Time: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), RequestType: intents.LaunchRequest,
		Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed, HouseholdID: "hh_1"}
}

// TestSpillAndReplay: events spilled go into space reserved when the file
// was opened (so a full disk cannot refuse them), survive a reopen, are
// stored by a replay, and leave the file empty of them; a second replay
// stores nothing more.
func TestSpillAndReplay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "usage-spill.jsonl")
	f, err := spillfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Size() != spillfile.Reserve || info.Mode().Perm() != 0o600 {
		t.Fatalf("new spill file: %v, %v; want %d bytes, owner-only", info, err, spillfile.Reserve)
	}
	for _, id := range []string{"r1", "r2", "r3"} {
		if err := f.SpillUsage(ctx, event(id)); err != nil {
			t.Fatal(err)
		}
	}
	if after, _ := os.Stat(path); after.Size() != spillfile.Reserve {
		t.Errorf("spilling grew the file to %d bytes: it must write into its reserve", after.Size())
	}
	f.Close()

	f, err = spillfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	store := memstore.New()
	n, err := f.Replay(ctx, store)
	if err != nil || n != 3 || len(store.All()) != 3 {
		t.Fatalf("replay: %d, %v; store holds %d events, want 3", n, err, len(store.All()))
	}
	if got := store.All()[0]; got.HouseholdID != "hh_1" || got.RequestID != "r1" {
		t.Errorf("replayed event %+v", got)
	}
	if n, err := f.Replay(ctx, store); n != 0 || err != nil {
		t.Errorf("second replay: %d, %v; want nothing", n, err)
	}
	b, _ := os.ReadFile(path)
	for _, c := range b {
		if c != 0 {
			t.Fatal("the replayed events are still in the file")
		}
	}
}

// TestReplayKeepsEventsTheStoreRefuses: a replay that fails leaves the
// events for the next start.
func TestReplayKeepsEventsTheStoreRefuses(t *testing.T) {
	ctx := context.Background()
	f, err := spillfile.Open(filepath.Join(t.TempDir(), "spill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SpillUsage(ctx, event("r1")); err != nil {
		t.Fatal(err)
	}
	down := memstore.New()
	down.FailWrites(os.ErrDeadlineExceeded)
	if _, err := f.Replay(ctx, down); err == nil {
		t.Fatal("replay into a failing store reported success")
	}
	up := memstore.New()
	if n, err := f.Replay(ctx, up); n != 1 || err != nil {
		t.Errorf("replay once the store is back: %d, %v; want the event", n, err)
	}
}

// TestFlushSpillsWhatTheStoreRefuses: the shutdown path with a store that
// refuses writes (as a full disk makes SQLite do): the events waiting in
// memory go to the spill file, and the next start stores each once.
func TestFlushSpillsWhatTheStoreRefuses(t *testing.T) {
	ctx := context.Background()
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	store := memstore.New()
	skill := intents.New(store.Stores(), guides, intents.DefaultConfig(), intents.WithLogger(slog.New(slog.DiscardHandler)))
	store.FailWrites(errors.New("disk full"))
	for i := range 5 {
		skill.Handle(ctx, intents.Request{ID: fmt.Sprint("req-", i), Type: intents.IntentRequest, Intent: "AMAZON.HelpIntent", SpeakerID: "sp"})
	}
	if n := skill.UsageBacklog(); n != 5 {
		t.Fatalf("backlog %d, want 5", n)
	}
	path := filepath.Join(t.TempDir(), "spill")
	f, err := spillfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	written, spilled, err := skill.FlushUsage(ctx, f)
	if written != 0 || spilled != 5 || err != nil || skill.UsageBacklog() != 0 {
		t.Fatalf("flush: %d written, %d spilled, %v; want 5 spilled", written, spilled, err)
	}
	f.Close()

	store.FailWrites(nil)
	f, err = spillfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, err := f.Replay(ctx, store); n != 5 || err != nil || len(store.All()) != 5 {
		t.Errorf("replay at the next start: %d, %v; store holds %d; want 5", n, err, len(store.All()))
	}
}
