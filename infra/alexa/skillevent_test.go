package alexa_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// TestSignedSkillEvents: skill events reach the skill through the same
// signed, verified endpoint as speech (`homehelper serve`). Disabling the
// skill unlinks the speaker the account used, and a permission change is
// recorded; neither answer carries speech, and each leaves one usage
// event naming no raw Alexa id.
func TestSignedSkillEvents(t *testing.T) {
	p := mustPKI(t)
	ctx := context.Background()
	store := memstore.New()
	pseudo, guides, h, speaker := sampleTenant(t, store)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	skill := intents.New(store.Stores(), guides, intents.DefaultConfig(), intents.WithClock(func() time.Time { return testNow }), intents.WithLogger(log))
	handler := alexa.NewHandler(skill, pseudo, sampleSkill, log)
	srv := httptest.NewServer(handler.VerifiedHTTP(newVerifier(p, newFakeS3(p), nil), alexa.Options{}))
	defer srv.Close()

	// The tenant talks to the skill once, then changes permissions and
	// disables it in the Alexa app.
	for _, name := range []string{"launch.json", "skill-permission-changed.json", "skill-disabled.json"} {
		status, body := post(t, srv.URL, signed(t, p, readEvent(t, name), goodURL))
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", name, status, body)
		}
		if name != "launch.json" && body != `{"version":"1.0","response":{}}` {
			t.Errorf("%s answered %s, want no speech", name, body)
		}
	}
	if got, err := store.HouseholdForSpeaker(ctx, speaker); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("after the skill was disabled the speaker is still linked to %s (%v)", got.ID, err)
	}
	events, err := store.UsageEvents(ctx, testNow.Add(-time.Hour), testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		intents.LaunchRequest:                  string(intents.OutcomeWelcomed),
		intents.SkillPermissionChanged + " on": string(intents.OutcomePermissionChanged),
		intents.SkillDisabled:                  string(intents.OutcomeUnlinked),
	}
	got := map[string]string{}
	for _, e := range events {
		key := e.RequestType
		if e.Step == "reminders_on" {
			key += " on"
		}
		got[key] = string(e.Outcome)
		for _, id := range []string{e.HouseholdID, e.SpeakerID, e.SessionID} {
			if strings.Contains(id, "amzn1.") {
				t.Errorf("a usage event carries a raw Alexa id: %+v", e)
			}
		}
		if e.RequestType == intents.SkillDisabled && e.HouseholdID != h.ID {
			t.Errorf("the disable event names household %q, want %q", e.HouseholdID, h.ID)
		}
	}
	if len(events) != len(want) {
		t.Errorf("%d usage events, want %d: %+v", len(events), len(want), events)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: outcome %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
}
