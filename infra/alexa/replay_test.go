package alexa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// TestReplayedSignedRequestChangesNothing: a correctly signed request sent
// again inside its 150 s (Alexa retrying, or anyone who captured it) is
// accepted by verification, so the conversation must make its change once:
// the "yes" that booked a visit, posted twice, books one visit and gets the
// same answer byte for byte.
func TestReplayedSignedRequestChangesNothing(t *testing.T) {
	p := mustPKI(t)
	ctx := context.Background()
	store := memstore.New()
	cfg := intents.DefaultConfig()
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	roster, err := intents.ReadRoster(rf)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := roster.Slots(testNow, 14, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddCoachSlots(ctx, slots); err != nil {
		t.Fatal(err)
	}
	pseudo, guides, _, _ := sampleTenant(t, store)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	skill := intents.New(store.Stores(), guides, cfg, intents.WithClock(func() time.Time { return testNow }), intents.WithLogger(log))
	handler := alexa.NewHandler(skill, pseudo, sampleSkill, log)
	srv := httptest.NewServer(handler.VerifiedHTTP(newVerifier(p, newFakeS3(p), nil), alexa.Options{}))
	defer srv.Close()

	status, offer := post(t, srv.URL, signed(t, p, readEvent(t, "book-coach.json"), goodURL))
	if status != http.StatusOK {
		t.Fatalf("book: %d %s", status, offer)
	}
	var resp struct {
		SessionAttributes map[string]any `json:"sessionAttributes"`
	}
	if err := json.Unmarshal([]byte(offer), &resp); err != nil {
		t.Fatal(err)
	}
	var yes map[string]any
	if err := json.Unmarshal(readEvent(t, "yes-nothing-pending.json"), &yes); err != nil {
		t.Fatal(err)
	}
	yes["session"].(map[string]any)["attributes"] = resp.SessionAttributes
	body, err := json.Marshal(yes)
	if err != nil {
		t.Fatal(err)
	}
	request := signed(t, p, body, goodURL)

	_, first := post(t, srv.URL, request)
	_, again := post(t, srv.URL, request)
	if !bytes.Contains([]byte(first), []byte("booked")) {
		t.Fatalf("the yes answered %s, want a booking", first)
	}
	if again != first {
		t.Errorf("the replay answered\n%s\nwant the first answer\n%s", again, first)
	}
	list, err := store.ListSlots(ctx, testNow, testNow.Add(15*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	booked := 0
	for _, s := range list {
		if s.Booking != nil {
			booked++
		}
	}
	if booked != 1 {
		t.Errorf("%d visits booked after a replayed yes, want 1", booked)
	}
}

// sampleTenant enrols a household in store and links the sample events'
// device to it, as a tenant who gave their code would have: the set-up
// every signed end-to-end test here starts from.
func sampleTenant(t *testing.T, store *memstore.Store) (*intents.Pseudonyms, *intents.Guides, intents.Household, string) {
	t.Helper()
	ctx := context.Background()
	pseudo, err := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	h, err := intents.Enrol(ctx, store, pseudo, intents.Enrolling{Ref: "TEN-1"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	speaker := pseudo.Of("speaker", "amzn1.ask.device.SAMPLEDEVICEAAAA")
	if _, err := store.LinkSpeaker(ctx, h.LinkCode, speaker, testNow); err != nil {
		t.Fatal(err)
	}
	return pseudo, guides, h, speaker
}
