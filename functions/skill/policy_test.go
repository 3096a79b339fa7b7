package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/functions/internal/iamcheck"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestChangesAllowedByPolicy drives the function, on moto_server (which has
// transactions, unlike dynalite), through every turn that changes
// something — a repair filed, a visit booked and cancelled, a household
// forgotten — each made with its request's claim in one TransactWriteItems,
// and holds every item of those transactions, as IAM does, to the
// SkillFunction's policies in template.yaml.
func TestChangesAllowedByPolicy(t *testing.T) {
	srv := mototest.Start(t)
	calls, proxied := iamcheck.Start(t, srv.URL)
	ctx := t.Context()
	tables := dynamo.Tables{Data: "policy-data", Usage: "policy-usage"}
	store := dynamo.New(dynamodb.NewFromConfig(srv.Config()), tables)
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	eventTime := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // the timestamp in events/
	linkSampleSpeaker(t, store, eventTime)
	e := env(tables, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = proxied
	f := newTestFunction(t, e, t.Output())
	calls.Record()

	n := 0
	say := func(payload []byte, want string) []byte {
		t.Helper()
		r, raw, err := invoke(f, payload)
		if err != nil {
			t.Fatalf("Invoke: %v (%s)", err, raw)
		}
		if !strings.Contains(speech(r), want) {
			t.Fatalf("said %q, want %q", speech(r), want)
		}
		return raw
	}
	// then is the tenant's next turn in the session: intent, after the
	// answer raw.
	then := func(payload, raw []byte, intent string) []byte {
		t.Helper()
		n++
		var req, resp map[string]any
		if err := json.Unmarshal(payload, &req); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &resp); err != nil {
			t.Fatal(err)
		}
		session := req["session"].(map[string]any)
		session["new"] = false
		session["attributes"] = resp["sessionAttributes"]
		r := req["request"].(map[string]any)
		r["requestId"] = "amzn1.echo-api.request.policy-" + string(rune('a'+n))
		r["intent"] = map[string]any{"name": intent, "confirmationStatus": "NONE", "slots": map[string]any{}}
		delete(r, "dialogState")
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	event := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "events", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	report := event("report-repair.json")
	say(then(report, say(report, "Shall I"), "AMAZON.YesIntent"), "Your reference is")
	book := event("book-coach.json")
	say(then(book, say(book, "Sam"), "AMAZON.YesIntent"), "Booked")
	cancel := then(book, []byte(`{}`), "CancelAppointmentIntent")
	say(then(cancel, say(cancel, "Are you sure"), "AMAZON.YesIntent"), "cancelled")
	say(event("forget-me-confirmed.json"), "removed your details")

	transacted := 0
	for _, c := range calls.Calls() {
		if c.Transact {
			transacted++
		}
	}
	t.Logf("%d items written in transactions", transacted)
	if transacted == 0 {
		t.Fatal("no transaction was recorded: the check would prove nothing")
	}
	calls.Check(t, map[string]string{tables.Data: "DynamoDBCrudPolicy", tables.Usage: "DynamoDBCrudPolicy"})
}
