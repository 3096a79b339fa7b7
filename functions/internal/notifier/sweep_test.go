package notifier_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/functions/internal/notifier"
	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

var sweepNow = time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)

// keys records the idempotency keys that reached it, by webhook or topic.
type keys struct {
	mu  sync.Mutex
	got []string
}

func (k *keys) add(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.got = append(k.got, key)
}

func (k *keys) list() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.got)
}

func (k *keys) Publish(_ context.Context, m handoff.Message) error {
	k.add(m.IdempotencyKey)
	return nil
}

func TestSweep(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	quiet := slog.New(slog.DiscardHandler)
	store := dynamo.New(client, dynamo.Tables{Data: "sweep-data", Usage: "sweep-usage"}, dynamo.WithLogger(quiet))
	ctx := t.Context()
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	if err := store.AddHousehold(ctx, intents.Household{ID: "hh-1", Ref: "TEN-00001", LinkCode: "400001",
		CodeExpires: sweepNow.Add(time.Hour), EnrolledAt: sweepNow.Add(-30 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	save := func(ref string, at time.Time) {
		t.Helper()
		if err := store.SaveRepair(ctx, intents.Repair{Ref: ref, HouseholdID: "hh-1", Problem: "LEAK", Room: "KITCHEN",
			Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	save("HK2001", sweepNow.Add(-10*time.Minute)) // missed by the stream: swept
	save("HK2002", sweepNow.Add(-20*time.Minute)) // handed off by the stream already
	save("HK2003", sweepNow.Add(-time.Minute))    // still the stream's to send
	save("HK2004", sweepNow.Add(-8*24*time.Hour)) // before the window
	if err := store.MarkHandedOff(ctx, "HK2002", sweepNow.Add(-20*time.Minute)); err != nil {
		t.Fatal(err)
	}

	webhook, topic := &keys{}, &keys{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := handoff.Verify(secret, r.Header.Get(handoff.SignatureHeader), body, time.Now(), time.Minute); err != nil {
			t.Errorf("signature: %v", err)
		}
		var m handoff.Message
		if err := json.Unmarshal(body, &m); err != nil {
			t.Errorf("body: %v", err)
		}
		webhook.add(m.IdempotencyKey)
	}))
	t.Cleanup(srv.Close)
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	s := &notifier.Sweeper{Now: func() time.Time { return sweepNow }, Log: log, Notifier: &notifier.Notifier{
		Store: store, Publisher: topic, RepairsURL: srv.URL,
		Secret: func(context.Context) ([]byte, error) { return secret, nil }, Log: log,
	}}

	res, err := s.Invoke(ctx, json.RawMessage(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Found != 1 || !slices.Equal(res.Sent, []string{"HK2001"}) || len(res.Failed) != 0 {
		t.Errorf("first sweep: %+v, want HK2001 found and sent", res)
	}
	// A second sweep finds nothing left to send.
	res, err = s.Invoke(ctx, json.RawMessage(`{}`))
	if err != nil || res.Found != 0 || len(res.Sent) != 0 {
		t.Errorf("second sweep: %+v, %v; want nothing found", res, err)
	}
	for what, k := range map[string]*keys{"webhook": webhook, "topic": topic} {
		if got := k.list(); !slices.Equal(got, []string{handoff.RepairKey("HK2001")}) {
			t.Errorf("%s had %v, want only HK2001, once", what, got)
		}
	}
	h, err := store.RepairHandOff(ctx, "HK2001")
	if err != nil || h.SentAt.IsZero() {
		t.Errorf("HK2001's hand-off not recorded: %+v, %v", h, err)
	}
}
