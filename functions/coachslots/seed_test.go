package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/homehelper/homehelper/functions/internal/iamcheck"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

// TestSeed runs the function as EventBridge would, twice, against
// dynalite: the first run lays out the weeks ahead, the second adds nothing
// and frees no booked slot; every call is one its policy allows.
func TestSeed(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	calls, proxied := iamcheck.Start(t, endpoint)
	ctx := context.Background()
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	store := dynamo.New(dynalitetest.Client(t, endpoint), tables)
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{
		lambdaenv.DataTable: tables.Data,
		// What Lambda sets, and dynalite behind the recording proxy.
		"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL_DYNAMODB": proxied,
	}
	s, err := newSeeder(func(k string) string { return e[k] }, slog.New(slog.NewTextHandler(t.Output(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 2, 15, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	event, err := os.ReadFile(filepath.Join("testdata", "scheduled-event.json"))
	if err != nil {
		t.Fatal(err)
	}
	run := func() Result {
		t.Helper()
		out, err := lambda.NewHandler(s.Invoke).Invoke(ctx, event)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		var r Result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		return r
	}
	free := func() []intents.CoachSlot {
		t.Helper()
		slots, err := store.FreeSlots(ctx, "", now, now.Add(60*24*time.Hour), 1000)
		if err != nil {
			t.Fatal(err)
		}
		return slots
	}

	calls.Record()
	first := run()
	calls.Check(t, map[string]string{tables.Data: "DynamoDBWritePolicy"}) // CoachSlotsFunction's policy
	cfg := intents.DefaultConfig()
	if horizon := now.Add(cfg.CoachHorizon); first.Days*24 < int(cfg.CoachHorizon.Hours()) {
		t.Errorf("laid out %d days, short of the %v horizon (%v)", first.Days, cfg.CoachHorizon, horizon)
	}
	// content/coaches.json: ten visits a week between the two coaches.
	if first.Slots < 8*10 {
		t.Errorf("laid out %d slots, want at least eight weeks of ten", first.Slots)
	}
	slots := free()
	if len(slots) != first.Slots {
		t.Fatalf("%d free slots stored, want %d", len(slots), first.Slots)
	}
	last := slots[len(slots)-1].Start
	if last.Before(now.Add(cfg.CoachHorizon - 7*24*time.Hour)) {
		t.Errorf("last slot %v: the final week of the horizon is empty", last)
	}

	booked := slots[3]
	if err := store.Book(ctx, intents.Booking{ID: "b1", HouseholdID: "h_1", Slot: booked, BookedAt: now}); err != nil {
		t.Fatal(err)
	}
	if again := run(); again.Slots != first.Slots {
		t.Errorf("second run laid out %d slots, first %d", again.Slots, first.Slots)
	}
	after := free()
	if len(after) != len(slots)-1 {
		t.Errorf("after booking one and seeding again, %d free slots, want %d", len(after), len(slots)-1)
	}
	for _, sl := range after {
		if sl.ID == booked.ID {
			t.Errorf("seeding again freed booked slot %s", booked.ID)
		}
	}
}

func TestSeederEnvironment(t *testing.T) {
	_, err := newSeeder(func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), lambdaenv.DataTable) {
		t.Errorf("started without %s: %v", lambdaenv.DataTable, err)
	}
}
