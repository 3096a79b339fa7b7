package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/homehelper/homehelper/functions/internal/iamcheck"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

// TestSkillDisabledUnlinks: a tenant who used the skill from a linked
// speaker, then disabled it in the Alexa app, is no longer linked. The
// event, which names only the account, gets no speech and leaves one usage
// event naming the household and no speaker; every DynamoDB call is one
// template.yaml allows.
func TestSkillDisabledUnlinks(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	calls, proxied := iamcheck.Start(t, endpoint)
	ctx := context.Background()
	tables := dynamo.Tables{Data: "disable-data", Usage: "disable-usage"}
	store := dynamo.New(dynalitetest.Client(t, endpoint), tables)
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	eventTime := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	linkSampleSpeaker(t, store, eventTime)
	p, err := intents.NewPseudonyms(testKey)
	if err != nil {
		t.Fatal(err)
	}
	speaker := p.Of("speaker", sampleDevice)
	h, err := store.HouseholdForSpeaker(ctx, speaker)
	if err != nil {
		t.Fatal(err)
	}

	e := env(tables, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = proxied
	f := newTestFunction(t, e, t.Output())
	calls.Record()
	for _, name := range []string{"launch.json", "skill-disabled.json"} {
		payload, err := os.ReadFile(filepath.Join("..", "..", "events", name))
		if err != nil {
			t.Fatal(err)
		}
		r, raw, err := invoke(f, payload)
		if err != nil {
			t.Fatalf("%s: %v (%s)", name, err, raw)
		}
		checkValid(t, requestType(t, payload), r, raw)
	}
	calls.Check(t, map[string]string{tables.Data: "DynamoDBCrudPolicy", tables.Usage: "DynamoDBCrudPolicy"})

	if got, err := store.HouseholdForSpeaker(ctx, speaker); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("after the skill was disabled the speaker is still linked to %s (%v)", got.ID, err)
	}
	if hs, err := store.ListHouseholds(ctx); err != nil || len(hs) != 1 {
		t.Errorf("households after disabling: %v, %v; want the household still enrolled", hs, err)
	}
	events, err := store.UsageEvents(ctx, eventTime.Add(-time.Hour), eventTime.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, ev := range events {
		if ev.RequestType != intents.SkillDisabled {
			continue
		}
		found = true
		if ev.Outcome != intents.OutcomeUnlinked || ev.HouseholdID != h.ID || ev.SpeakerID != "" || ev.SessionID != "" {
			t.Errorf("the disable event: %+v; want outcome unlinked, household %s, no speaker or session", ev, h.ID)
		}
	}
	if !found || len(events) != 2 {
		t.Errorf("usage events %+v; want the launch's and one for the disable", events)
	}
}
