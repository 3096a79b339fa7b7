package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestEmergencyWrittenWithItsRepair: on DynamoDB a gas report's answer and
// usage event are written in the repair's own transaction (intents'
// settle.go), so the tenant waits on one write. What is stored must be what
// the tenant heard: one usage event naming the reference said, a recorded
// answer word for word the one given, and a repeat of the request that
// hears the same and stores nothing more. On moto_server, which has
// transactions.
func TestEmergencyWrittenWithItsRepair(t *testing.T) {
	ctx := context.Background()
	store, f := onMoto(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	linkSampleSpeaker(t, store, at)

	payload, err := os.ReadFile(filepath.Join("..", "..", "events", "report-gas.json"))
	if err != nil {
		t.Fatal(err)
	}
	first, raw, err := invoke(f, payload)
	if err != nil {
		t.Fatalf("gas report: %v (%s)", err, raw)
	}
	said := first.Body.OutputSpeech.SSML
	ref := regexp.MustCompile(`reference is <say-as interpret-as="spell-out">([A-Z0-9]+)</say-as>`).FindStringSubmatch(said)
	if !strings.Contains(said, "Leave your home now") || !strings.Contains(said, "reported it as an emergency") || ref == nil {
		t.Fatalf("the gas report said %q, want the safety script, then the report and its reference", said)
	}

	const requestID = "amzn1.echo-api.request.report-0002"
	events := func() []intents.UsageEvent {
		t.Helper()
		all, err := store.UsageEvents(ctx, at.Add(-time.Hour), at.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var mine []intents.UsageEvent
		for _, ev := range all {
			if ev.RequestID == requestID {
				mine = append(mine, ev)
			}
		}
		return mine
	}
	evs := events()
	if len(evs) != 1 {
		t.Fatalf("%d usage events for the request, want 1: %+v", len(evs), evs)
	}
	if ev := evs[0]; ev.Outcome != intents.OutcomeEmergencyAdvised || ev.RepairRef != ref[1] || ev.Priority != intents.Emergency || ev.HouseholdID == "" || !ev.SessionEnded {
		t.Errorf("the event recorded %+v, want emergency_advised with the reference said (%s), emergency priority, the household and the session's end", ev, ref[1])
	}
	b, err := store.Reply(ctx, requestID, time.Now())
	if err != nil {
		t.Fatalf("recorded answer: %v", err)
	}
	var recorded intents.Response
	if err := json.Unmarshal(b, &recorded); err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSuffix(strings.TrimPrefix(said, "<speak>"), "</speak>"); recorded.Speech != want {
		t.Errorf("recorded answer %q\n the tenant heard %q", recorded.Speech, want)
	}

	again, raw, err := invoke(f, payload)
	if err != nil {
		t.Fatalf("repeat: %v (%s)", err, raw)
	}
	if got := again.Body.OutputSpeech.SSML; got != said {
		t.Errorf("the repeat said %q\n the first %q", got, said)
	}
	if n := len(events()); n != 1 {
		t.Errorf("%d usage events after the repeat, want 1", n)
	}
	p, err := intents.NewPseudonyms(testKey)
	if err != nil {
		t.Fatal(err)
	}
	h, err := store.HouseholdForSpeaker(ctx, p.Of("speaker", sampleDevice))
	if err != nil {
		t.Fatal(err)
	}
	if open, err := store.OpenRepairs(ctx, h.ID); err != nil || len(open) != 1 || open[0].Ref != ref[1] {
		t.Errorf("open repairs %+v (%v), want the one emergency %s", open, err, ref[1])
	}
}

// TestLinkCodeReadAhead: on DynamoDB a code said to link a speaker is read
// beside the speaker's lookup, and a code no household was given is refused
// without trying it (and counted beside the answer). Refused, it is still
// counted once however often Alexa resends the request; a code that was
// given still links.
func TestLinkCodeReadAhead(t *testing.T) {
	ctx := context.Background()
	store, f := onMoto(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	h, p := enrolSample(t, store, at)
	payload, err := os.ReadFile(filepath.Join("..", "..", "events", "link-home.json"))
	if err != nil {
		t.Fatal(err)
	}
	if h.LinkCode == "472913" {
		t.Fatal("the sample's code is the household's: the test needs a wrong one")
	}
	speaker := p.Of("speaker", sampleDevice)
	failures := func() int {
		t.Helper()
		n, err := store.LinkFailures(ctx, speaker, at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var first string
	for i := range 3 {
		r, raw, err := invoke(f, payload)
		if err != nil {
			t.Fatalf("wrong code, sent %d times: %v (%s)", i+1, err, raw)
		}
		said := r.Body.OutputSpeech.SSML
		if !strings.Contains(said, "that code didn&#39;t work") {
			t.Fatalf("a wrong code heard %q", said)
		}
		if i == 0 {
			first = said
		} else if said != first {
			t.Errorf("resent, a wrong code heard %q, first %q", said, first)
		}
		if n := failures(); n != 1 {
			t.Errorf("after the request sent %d times, %d wrong codes counted, want 1", i+1, n)
		}
	}
	right := strings.ReplaceAll(strings.ReplaceAll(string(payload), "472913", h.LinkCode), "link-0001", "link-0002")
	r, raw, err := invoke(f, []byte(right))
	if err != nil {
		t.Fatalf("right code: %v (%s)", err, raw)
	}
	if got, err := store.HouseholdForSpeaker(ctx, speaker); err != nil || got.ID != h.ID {
		t.Errorf("after the right code the speaker is in %q (%v), want %s; heard %q", got.ID, err, h.ID, r.Body.OutputSpeech.SSML)
	}
}

// onMoto is the function wired as in Lambda against a fresh moto_server,
// which has the transactions dynalite lacks, and the store it uses.
func onMoto(t *testing.T) (*dynamo.Store, *function) {
	t.Helper()
	endpoint := mototest.Start(t).URL
	tables := dynamo.Tables{Data: "moto-data", Usage: "moto-usage"}
	store := dynamo.New(dynalitetest.Client(t, endpoint), tables)
	if err := store.CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := env(tables, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
	return store, newTestFunction(t, e, io.Discard)
}
