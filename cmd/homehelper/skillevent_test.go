package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestSkillDisabledOverServe: `homehelper serve` on SQLite, a tenant links
// a speaker with their code, then disables the skill in the Alexa app.
// The skill event gets an empty answer, and from then on the speaker acts
// for nobody: its next request carries no household.
func TestSkillDisabledOverServe(t *testing.T) {
	hermeticSettings(t)
	ctx := context.Background()
	be := sqliteBackend()
	dir := t.TempDir()
	code := enrol(ctx, t, be, dir, "HH-0042")
	srv := startServe(ctx, t, be, dir)

	send := func(name string, edit func(string) string) string {
		t.Helper()
		b, err := os.ReadFile("../../events/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body := string(b)
		if edit != nil {
			body = edit(body)
		}
		resp, err := http.Post(srv.url+"/alexa", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", name, resp.StatusCode, out)
		}
		return string(out)
	}
	if got := send("link-home.json", func(s string) string { return strings.ReplaceAll(s, `"472913"`, `"`+code+`"`) }); !strings.Contains(got, "now linked") {
		t.Fatalf("linking answered %s", got)
	}
	if got := send("skill-disabled.json", nil); got != `{"version":"1.0","response":{}}` {
		t.Errorf("the skill event answered %s, want nothing spoken", got)
	}
	// The same device, afterwards (a fresh request id).
	send("help.json", func(s string) string { return strings.Replace(s, `"requestId": "`, `"requestId": "after-`, 1) })

	evs, out := readEvents(ctx, t, be, dir, "2026-11-01")
	var linked, unlinked, after *intents.UsageEvent
	for i, e := range evs {
		switch {
		case e.Outcome == intents.OutcomeLinked:
			linked = &evs[i]
		case e.RequestType == intents.SkillDisabled:
			unlinked = &evs[i]
		case strings.HasPrefix(e.RequestID, "after-"):
			after = &evs[i]
		}
	}
	if linked == nil || unlinked == nil || after == nil {
		t.Fatalf("events: want the link, the disable and the request after it:\n%s", out)
	}
	if unlinked.Outcome != intents.OutcomeUnlinked || unlinked.HouseholdID != linked.HouseholdID || unlinked.SpeakerID != "" {
		t.Errorf("the disable event: %+v; want outcome unlinked for household %s, no speaker", unlinked, linked.HouseholdID)
	}
	if after.HouseholdID != "" || after.SpeakerID != linked.SpeakerID {
		t.Errorf("the same speaker after disabling: %+v; want no household", after)
	}
	for _, raw := range []string{"amzn1.ask.account.", "amzn1.ask.device.", "amzn1.echo-api.session."} {
		if strings.Contains(out, raw) {
			t.Errorf("a raw Alexa id (%s…) reached the usage events:\n%s", raw, out)
		}
	}
}
