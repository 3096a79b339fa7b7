package alexa_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// TestExceptionEncounteredGetsAnEmptyResponse: Amazon allows no speech,
// reprompt, card or directive in answer to System.ExceptionEncountered; the
// request still leaves its one usage event.
func TestExceptionEncounteredGetsAnEmptyResponse(t *testing.T) {
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	store := memstore.New()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	skill := intents.New(store.Stores(), guides, intents.DefaultConfig(), intents.WithLogger(quiet),
		intents.WithClock(func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }))
	p, err := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	h := alexa.NewHandler(skill, p, "", quiet)
	out, err := h.Serve(context.Background(), readEvent(t, "unknown-request-type.json"), alexa.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"version":"1.0","response":{}}`; string(out) != want {
		t.Errorf("response %s\n want %s", out, want)
	}
	events := store.All()
	if len(events) != 1 {
		t.Fatalf("%d usage events, want 1", len(events))
	}
	if e := events[0]; e.RequestType != intents.ExceptionEncountered || e.Outcome != intents.OutcomeError || e.SessionEnded {
		t.Errorf("event %+v", e)
	}
}
