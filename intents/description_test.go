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
