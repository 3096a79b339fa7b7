package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// startDynalite starts dynalite for the test (skipping without node or
// dynalite, failing instead when CI is set) and points the default AWS
// configuration chain, which the program loads for -store dynamodb, at it
// and at nothing else: every AWS_ variable of the machine is cleared, the
// shared config and credentials files are empty files, and the instance
// metadata service is off, so no real account's settings are ever read.
func startDynalite(t *testing.T) (endpoint string) {
	t.Helper()
	endpoint = dynalitetest.Start(t)
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "") // restores the old value after the test
			os.Unsetenv(k)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", dynalitetest.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", "homehelper-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "homehelper-test")
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
	return endpoint
}

// uniqueTables names a fresh pair of tables.
func uniqueTables() dynamo.Tables {
	id := strings.ToLower(rand.Text()[:12])
	return dynamo.Tables{Data: "hh-test-" + id + "-data", Usage: "hh-test-" + id + "-usage"}
}

// dynamoFlags select the DynamoDB store on the tables t.
func dynamoFlags(t dynamo.Tables) []string {
	return []string{"-store", "dynamodb", "-data-table", t.Data, "-usage-table", t.Usage}
}

// runOK runs the program and fails the test unless it exits 0.
func runOK(ctx context.Context, t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(ctx, args, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("homehelper %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// TestDynamoInit: `homehelper dynamo init` makes both tables as
// dynamo.Definitions has them and lays out coach availability, so that a
// tenant asking for a visit is offered one without anything else having
// run; and running it again changes nothing.
func TestDynamoInit(t *testing.T) {
	hermeticSettings(t)
	// moto_server, not dynalite: the tenant at the end links, and a
	// tenant's link is a transaction with its request's claim.
	moto := mototest.Start(t)
	dynamoEnv(t, moto.URL)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	client := awsdynamodb.NewFromConfig(moto.Config())
	tables := uniqueTables()
	flags := dynamoFlags(tables)
	store := dynamo.New(client, tables)
	from := time.Now()
	to := from.AddDate(0, 0, seedDays+1)

	var seeded []string
	for i := range 2 {
		stdout, stderr := runOK(ctx, t, append([]string{"dynamo", "init"}, flags...)...)
		want := fmt.Sprintf("Tables %s and %s are ready", tables.Data, tables.Usage)
		if !strings.Contains(stdout, want) {
			t.Errorf("init %d: stdout does not say %q:\n%s\nstderr:\n%s", i+1, want, stdout, stderr)
		}
		checkTables(ctx, t, client, tables)
		slots, err := store.FreeSlots(ctx, "", from, to, 100000)
		if err != nil {
			t.Fatalf("init %d: free slots: %v", i+1, err)
		}
		var ids []string
		for _, s := range slots {
			ids = append(ids, s.ID)
		}
		slices.Sort(ids)
		if len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("init %d: a slot is listed twice: %v", i+1, ids)
		}
		if i == 0 {
			if len(ids) == 0 {
				t.Fatalf("init seeded no free coach slots between %v and %v", from, to)
			}
			seeded = ids
			t.Logf("init seeded %d free coach slots", len(ids))
		} else if !slices.Equal(ids, seeded) {
			t.Errorf("the second init changed the free slots: %d, then %d", len(seeded), len(ids))
		}
	}

	// A tenant enrolled through -store dynamodb links and asks for a visit,
	// through a skill on these tables that seeds nothing itself (serve and
	// chat seed at start, so they would hide an init that did not).
	dir := t.TempDir()
	code := enrol(ctx, t, &e2eBackend{kind: "dynamodb", flags: flags}, dir, "HH-INIT-1")
	r := bookAfterLinking(ctx, t, store, code)
	if r.State.Offer == nil || !strings.Contains(r.Speech, "The next visit I can book is with") {
		t.Errorf("after dynamo init, BookCoachIntent offered no visit: %q (offer %+v)", r.Speech, r.State.Offer)
	} else if !slices.Contains(seeded, r.State.Offer.ID) {
		t.Errorf("the visit offered, %s, is not one init seeded", r.State.Offer.ID)
	}

	// The control: tables made without init's seeding offer nothing, so
	// the offer above is init's doing.
	bare := uniqueTables()
	bareStore := dynamo.New(client, bare, dynamo.WithLogger(newLogger(io.Discard))) // dynalite has no TTL: a warning
	if err := bareStore.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	code = enrol(ctx, t, &e2eBackend{kind: "dynamodb", flags: dynamoFlags(bare)}, dir, "HH-INIT-2")
	if r := bookAfterLinking(ctx, t, bareStore, code); r.State.Offer != nil || !strings.Contains(r.Speech, "any more free visits") {
		t.Errorf("control: tables without seeding offered %+v: %q", r.State.Offer, r.Speech)
	}
}

// TestDynamoInitRefusesAnotherDesign: a table of the same name with other
// keys is reported, not used.
func TestDynamoInitRefusesAnotherDesign(t *testing.T) {
	hermeticSettings(t)
	endpoint := startDynalite(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tables := uniqueTables()
	_, err := dynalitetest.Client(t, endpoint).CreateTable(ctx, &awsdynamodb.CreateTableInput{
		TableName:            aws.String(tables.Data),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"dynamo", "init"}, dynamoFlags(tables)...), strings.NewReader(""), &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), tables.Data) || !strings.Contains(stderr.String(), "key schema") {
		t.Errorf("init over a table with other keys: exit %d, want 1 naming the table and its key schema\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
}

// checkTables: both tables exist, ACTIVE, with the keys, attribute types
// and indexes of dynamo.Definitions, and nothing more.
func checkTables(ctx context.Context, t *testing.T, client *awsdynamodb.Client, tables dynamo.Tables) {
	t.Helper()
	for _, def := range dynamo.Definitions(tables) {
		name := aws.ToString(def.TableName)
		out, err := client.DescribeTable(ctx, &awsdynamodb.DescribeTableInput{TableName: def.TableName})
		if err != nil {
			t.Errorf("table %s: %v", name, err)
			continue
		}
		got := out.Table
		if got.TableStatus != types.TableStatusActive {
			t.Errorf("table %s is %s, want ACTIVE", name, got.TableStatus)
		}
		if k, w := keys(got.KeySchema), keys(def.KeySchema); k != w {
			t.Errorf("table %s has keys %s, want %s", name, k, w)
		}
		if a, w := attrDefs(got.AttributeDefinitions), attrDefs(def.AttributeDefinitions); a != w {
			t.Errorf("table %s defines attributes %s, want %s", name, a, w)
		}
		var gotIdx, wantIdx []string
		for _, g := range got.GlobalSecondaryIndexes {
			p := types.ProjectionType("")
			if g.Projection != nil {
				p = g.Projection.ProjectionType
			}
			gotIdx = append(gotIdx, fmt.Sprintf("%s %s %s %s", aws.ToString(g.IndexName), keys(g.KeySchema), p, g.IndexStatus))
		}
		for _, g := range def.GlobalSecondaryIndexes {
			wantIdx = append(wantIdx, fmt.Sprintf("%s %s %s %s", aws.ToString(g.IndexName), keys(g.KeySchema), g.Projection.ProjectionType, types.IndexStatusActive))
		}
		slices.Sort(gotIdx)
		slices.Sort(wantIdx)
		if !slices.Equal(gotIdx, wantIdx) {
			t.Errorf("table %s has indexes\n  %q\nwant\n  %q", name, gotIdx, wantIdx)
		}
		if len(got.LocalSecondaryIndexes) != 0 {
			t.Errorf("table %s has local indexes, which Definitions does not ask for", name)
		}
	}
}

func keys(ks []types.KeySchemaElement) string {
	var s []string
	for _, k := range ks {
		s = append(s, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
	}
	return "(" + strings.Join(s, ", ") + ")"
}

func attrDefs(ds []types.AttributeDefinition) string {
	var s []string
	for _, d := range ds {
		s = append(s, aws.ToString(d.AttributeName)+" "+string(d.AttributeType))
	}
	slices.Sort(s)
	return "(" + strings.Join(s, ", ") + ")"
}

// bookAfterLinking links a new speaker with code, then asks for a coach
// visit, through a skill on store that seeds nothing, and returns the
// reply to the request for a visit.
func bookAfterLinking(ctx context.Context, t *testing.T, store *dynamo.Store, code string) intents.Response {
	t.Helper()
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	skill := intents.New(stores(dynamoStore{store}), guides, intents.DefaultConfig(), intents.WithLogger(newLogger(&log)))
	defer func() {
		if t.Failed() {
			t.Logf("skill log:\n%s", log.String())
		}
	}()
	id := strings.ToLower(rand.Text()[:16])
	req := intents.Request{
		ID: "init-test-link-" + id, Time: time.Now(), Type: intents.IntentRequest, Locale: "en-GB",
		Intent: "LinkHomeIntent", Slots: map[string]intents.Slot{"code": {Value: code}},
		SessionNew: true, SessionID: "se_" + strings.Repeat("a", 16) + id, SpeakerID: "sp_" + strings.Repeat("b", 16) + id,
	}
	r := skill.Handle(ctx, req)
	if !strings.Contains(r.Speech, "now linked to your home") {
		t.Fatalf("linking with %s: %q", code, r.Speech)
	}
	req.ID, req.Time, req.Intent, req.Slots, req.SessionNew, req.State = "init-test-book-"+id, time.Now(), "BookCoachIntent", nil, false, r.State
	return skill.Handle(ctx, req)
}

// TestEventsDefaultRange: `homehelper events` with no --from, as staff
// would first run it, lists today's events promptly over either store.
func TestEventsDefaultRange(t *testing.T) {
	for _, kind := range []string{"sqlite", "dynamodb"} {
		t.Run(kind, func(t *testing.T) {
			hermeticSettings(t)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			be := sqliteBackend()
			if kind == "dynamodb" {
				be = dynaliteBackend(ctx, t)
			}
			dir := t.TempDir()
			s, closeStore, err := be.open(ctx, t, dir)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			e := intents.UsageEvent{RequestID: "default-range-" + kind, Time: now, RequestType: intents.LaunchRequest,
				SpeakerID: "sp_" + strings.Repeat("1", 32), SessionID: "se_" + strings.Repeat("2", 32),
				Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}
			if err := s.(intents.UsageLog).RecordUsage(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := closeStore(); err != nil {
				t.Fatal(err)
			}
			ectx, ecancel := context.WithTimeout(ctx, 10*time.Second)
			defer ecancel()
			started := time.Now()
			var stdout, stderr bytes.Buffer
			code := run(ectx, be.args(dir, "events"), strings.NewReader(""), &stdout, &stderr)
			took := time.Since(started)
			if code != 0 || !strings.Contains(stdout.String(), e.RequestID) {
				t.Errorf("events with no --from: exit %d after %v, want today's event %s\nstdout:\n%s\nstderr:\n%s",
					code, took.Round(time.Millisecond), e.RequestID, stdout.String(), stderr.String())
			}
			t.Logf("events with no --from over %s: %v", kind, took.Round(time.Millisecond))
		})
	}
}
