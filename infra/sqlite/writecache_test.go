package sqlite

import (
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestRetentionGivesTheWriteCacheBack: a retention pass reads the log with
// a small page cache (so it does not leave the whole log in memory), and
// the usage writer has its large cache back after it, pass or no pass.
func TestRetentionGivesTheWriteCacheBack(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i, age := range []time.Duration{500 * 24 * time.Hour, time.Hour} {
		e := intents.UsageEvent{RequestID: fmt.Sprintf("r%d", i), Time: now.Add(-age), RequestType: "LaunchRequest",
			Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}
		if err := s.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var during int
	s.afterRetiredUnit = func() {
		if err := s.write.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&during); err != nil {
			t.Error(err)
		}
	}
	if n, err := s.DeleteUsageBefore(ctx, now.Add(-400*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("deleted %d, %v; want 1", n, err)
	}
	if during != -2000 {
		t.Errorf("cache_size during the pass: %d, want -2000 (the default)", during)
	}
	var after int
	if err := s.write.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != -writeCacheKiB {
		t.Errorf("cache_size after the pass: %d, want %d", after, -writeCacheKiB)
	}
}
