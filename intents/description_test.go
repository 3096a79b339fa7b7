package intents_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
)

// TestTenantWordsStayWithTheRepair: the tenant's own description reaches
// the repair (for the repairs team) and nowhere else — not the usage
// events staff evaluate with, not the logs, even at debug level.
func TestTenantWordsStayWithTheRepair(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	stores := f.store.Stores()
	stores.Feedback = nil
	f.skill = intents.New(stores, guides, f.cfg, intents.WithClock(func() time.Time { return f.now }), intents.WithLogger(logger))

	c, h := f.linked("HH-0001", false)
	const words = "the wooden rail going up the stairs has come loose"
	c.say("ReportRepairIntent", "problem~the thingy by the stairs", "room=HALLWAY")
	c.say("ReportRepairIntent", "description~"+words)
	if r := c.say("AMAZON.YesIntent"); !strings.Contains(r.Speech, "Your reference is") {
		t.Fatalf("repair not saved: %q", r.Speech)
	}

	open, err := f.store.OpenRepairs(context.Background(), h.ID)
	if err != nil || len(open) != 1 {
		t.Fatalf("OpenRepairs: %v, %d repairs", err, len(open))
	}
	if got := open[0].Description; got != words {
		t.Errorf("repair description %q, want the tenant's words %q", got, words)
	}
	events, err := json.Marshal(f.store.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"wooden rail", "thingy"} {
		if bytes.Contains(events, []byte(w)) {
			t.Errorf("usage events carry the tenant's words %q: %s", w, events)
		}
		if strings.Contains(logs.String(), w) {
			t.Errorf("logs carry the tenant's words %q", w)
		}
	}
}

// TestWhoIsAtRiskReachesTheRepair: a tenant without heat, hot water or
// power who says who is at risk at home is reported at once, with their
// words for the repairs team (and the battery advice first when someone
// relies on power for medical equipment), not offered a guide before it.
func TestWhoIsAtRiskReachesTheRepair(t *testing.T) {
	tests := []struct {
		name, problem, words, says string
		advice                     bool
	}{
		{"no heating at eighty five", "HEATING", "no heating and I'm eighty five", "about who's at home", false},
		{"no hot water, a disabled husband", "HOT_WATER", "no hot water and my husband's disabled", "about who's at home", false},
		{"no power, oxygen at home", "NO_POWER", "the electrics have all gone off and I need my oxygen machine", "you rely on power for medical equipment", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("HH-0001", false)
			r := c.say("ReportRepairIntent", "problem="+tt.problem+"~"+tt.words)
			if !strings.Contains(plain(r), tt.says) || strings.Contains(plain(r), "guide") {
				t.Fatalf("first answer %q: want %q and no guide", plain(r), tt.says)
			}
			if got := strings.Contains(plain(r), "use its battery or backup now"); got != tt.advice {
				t.Errorf("battery advice said %v, want %v: %q", got, tt.advice, plain(r))
			}
			if r := c.say("AMAZON.YesIntent"); !strings.Contains(r.Speech, "Your reference is") {
				t.Fatalf("repair not saved: %q", r.Speech)
			}
			open, err := f.store.OpenRepairs(context.Background(), h.ID)
			if err != nil || len(open) != 1 {
				t.Fatalf("OpenRepairs: %v, %d repairs", err, len(open))
			}
			if got := open[0].Description; got != tt.words {
				t.Errorf("repair description %q, want the tenant's words %q", got, tt.words)
			}
		})
	}
}
