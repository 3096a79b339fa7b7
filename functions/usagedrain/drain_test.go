package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/functions/internal/iamcheck"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	spill "github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/intents"
)

// retentionDays is not infra/dynamo's default, so a drain that forgot the
// setting would show in the items' expiry.
const retentionDays = "30"

// The events in testdata/sqs-batch.json's well-formed messages.
var (
	eventA = intents.UsageEvent{
		RequestID: "amzn1.echo-api.request.spill-0001", Time: time.Date(2026, 11, 23, 10, 0, 0, 123e6, time.UTC),
		HouseholdID: "h_3f9a", SpeakerID: "s_77c1", SessionID: "x_a0b2",
		RequestType: intents.IntentRequest, Intent: "ReportRepairIntent", Slots: map[string]string{"problem": "no_heating"},
		Flow: intents.FlowRepair, Step: "confirm", Outcome: intents.OutcomeRepairReported, RepairRef: "R-4821", Priority: "urgent",
		GuideTried: true, SessionEnded: true, LatencyMS: 41.27, Locale: "en-GB",
	}
	eventB = intents.UsageEvent{
		RequestID: "amzn1.echo-api.request.spill-0002", Time: time.Date(2026, 11, 23, 10, 0, 5, 0, time.UTC),
		SpeakerID: "s_77c1", SessionID: "x_a0b2", RequestType: intents.LaunchRequest,
		Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed, LatencyMS: 8.5, Locale: "en-GB", HasScreen: true,
	}
)

// The malformed messages in testdata/sqs-batch.json: a body that is not
// JSON, and an event without a request id.
var malformedIDs = []string{"059f36b4-87a3-44ab-83d2-661175400002", "059f36b4-87a3-44ab-83d2-661175400004"}

// logBuffer collects log lines safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns the JSON log lines with the given level.
func (l *logBuffer) lines(t *testing.T, level string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(l.b.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if m["level"] == level {
			out = append(out, m)
		}
	}
	return out
}

// lambdaEnv is what template.yaml and Lambda give the function, with
// DynamoDB at endpoint.
func lambdaEnv(usageTable, endpoint string) map[string]string {
	return map[string]string{
		lambdaenv.UsageTable:         usageTable,
		lambdaenv.UsageRetentionDays: retentionDays,
		"AWS_REGION":                 "eu-west-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL_DYNAMODB": endpoint,
	}
}

func newTestDrain(t *testing.T, e map[string]string, logs io.Writer) *drain {
	t.Helper()
	d, err := newDrain(func(k string) string { return e[k] }, slog.New(slog.NewJSONHandler(io.MultiWriter(t.Output(), logs), nil)))
	if err != nil {
		t.Fatalf("newDrain: %v", err)
	}
	return d
}

// invoke sends payload through aws-lambda-go's own handler, the JSON path
// lambda.Start uses, and returns the message ids reported as failed.
func invoke(t *testing.T, ctx context.Context, d *drain, payload []byte) []string {
	t.Helper()
	out, err := lambda.NewHandler(d.Invoke).Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("Invoke: %v (SQS would deliver the whole batch again)", err)
	}
	var resp events.SQSEventResponse
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		t.Fatalf("response %s: %v", out, err)
	}
	if resp.BatchItemFailures == nil {
		t.Errorf("response %s: batchItemFailures should be a list", out)
	}
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// batch is an SQS event of one message per body, shaped as Lambda sends it.
func batch(t *testing.T, bodies ...string) []byte {
	t.Helper()
	var ev events.SQSEvent
	for i, b := range bodies {
		m := events.SQSMessage{
			MessageId: "msg-" + string(rune('a'+i)), ReceiptHandle: "rh", Body: b,
			Attributes:  map[string]string{"ApproximateReceiveCount": "1"},
			EventSource: "aws:sqs", EventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:spill", AWSRegion: "eu-west-1",
		}
		if e, err := spill.Decode(b, ""); err == nil {
			m.MessageAttributes = map[string]events.SQSMessageAttribute{spill.RequestIDAttribute: {DataType: "String", StringValue: aws.String(e.RequestID)}}
		}
		ev.Records = append(ev.Records, m)
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return payload
}

func encode(t *testing.T, e intents.UsageEvent) string {
	t.Helper()
	b, err := spill.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// items returns every item in a table, by sort key: the test reads
// directly, past the function's policy.
func items(t *testing.T, client *dynamodb.Client, table string) []map[string]types.AttributeValue {
	t.Helper()
	out, err := client.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	got := out.Items
	slices.SortFunc(got, func(a, b map[string]types.AttributeValue) int {
		return strings.Compare(a["sk"].(*types.AttributeValueMemberS).Value, b["sk"].(*types.AttributeValueMemberS).Value)
	})
	return got
}

// TestDrain runs the function as Lambda's SQS poller would, against the
// usage table on dynalite: the good events are stored exactly as the skill
// would have stored them (expiry included), a redelivered event once, the
// malformed messages are reported as failures and logged while the rest
// are written, and every call is one the template's policy allows.
func TestDrain(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	calls, proxied := iamcheck.Start(t, endpoint)
	client := dynalitetest.Client(t, endpoint)
	ctx := context.Background()
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	if err := dynamo.New(client, tables).CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	// What the skill's own write would have left, for comparison.
	direct := dynamo.Tables{Data: "direct-data", Usage: "direct-usage"}
	directStore := dynamo.New(client, direct, dynamo.WithRetention(30*24*time.Hour))
	if err := directStore.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	for _, e := range []intents.UsageEvent{eventA, eventB} {
		if err := directStore.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
	}

	var logs logBuffer
	d := newTestDrain(t, lambdaEnv(tables.Usage, proxied), &logs)
	payload, err := os.ReadFile(filepath.Join("testdata", "sqs-batch.json"))
	if err != nil {
		t.Fatal(err)
	}
	calls.Record()
	failed := invoke(t, ctx, d, payload)
	if !reflect.DeepEqual(failed, malformedIDs) {
		t.Errorf("failures reported %v, want the malformed messages %v", failed, malformedIDs)
	}
	// The same event delivered again in a later batch.
	if failed := invoke(t, ctx, d, batch(t, encode(t, eventA))); len(failed) != 0 {
		t.Errorf("redelivery reported failed: %v", failed)
	}
	calls.Check(t, map[string]string{tables.Usage: "DynamoDBWritePolicy"}) // UsageDrainFunction's policy

	store := dynamo.New(client, tables)
	from, to := eventA.Time.Add(-time.Hour), eventA.Time.Add(time.Hour)
	got, err := store.UsageEvents(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want, err := directStore.UsageEvents(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("usage table holds\n%+v\nwant, as written directly,\n%+v", got, want)
	}
	if g, w := items(t, client, tables.Usage), items(t, client, direct.Usage); !reflect.DeepEqual(g, w) {
		t.Errorf("drained items differ from directly written ones (expiry?):\n got %v\nwant %v", g, w)
	}

	errs := logs.lines(t, "ERROR")
	if len(errs) != len(malformedIDs) {
		t.Fatalf("%d ERROR lines, want one per malformed message: %v", len(errs), errs)
	}
	for i, line := range errs {
		if line["message_id"] != malformedIDs[i] || line["body"] == "" || line["err"] == "" {
			t.Errorf("ERROR line does not say which message, what it held and why: %v", line)
		}
	}
	if n := len(logs.lines(t, "INFO")); n != 4 {
		t.Errorf("%d INFO lines for 4 writes (one a redelivery)", n)
	}
}

// TestDrainTableDown: while the usage table cannot be written, every
// message is reported failed, so SQS keeps them all, and each is logged.
func TestDrainTableDown(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	var logs logBuffer
	d := newTestDrain(t, lambdaEnv("no-such-table", endpoint), &logs)
	bodies := []string{encode(t, eventA), encode(t, eventB)}
	failed := invoke(t, context.Background(), d, batch(t, bodies...))
	if !reflect.DeepEqual(failed, []string{"msg-a", "msg-b"}) {
		t.Errorf("failures reported %v, want both", failed)
	}
	warns := logs.lines(t, "WARN")
	if len(warns) != 2 || warns[0]["request_id"] != eventA.RequestID {
		t.Errorf("want a WARN line per unwritten event, naming it: %v", warns)
	}
}

// TestDrainAnswersBeforeDeadline: a table that hangs holds the function no
// later than its reserve before Lambda's deadline, and the messages not
// written are reported, rather than the whole batch failing on a timeout.
func TestDrainAnswersBeforeDeadline(t *testing.T) {
	closing := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The server notices the client hanging up only once the body
		// is read.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-closing:
		}
	}))
	t.Cleanup(func() { close(closing); hang.Close() })
	d := newTestDrain(t, lambdaEnv("usage", hang.URL), io.Discard)
	deadline := time.Now().Add(reserve + time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	failed := invoke(t, ctx, d, batch(t, encode(t, eventA), encode(t, eventB)))
	if time.Now().After(deadline) {
		t.Errorf("answered after Lambda's deadline")
	}
	if len(failed) != 2 {
		t.Errorf("failures reported %v, want both", failed)
	}
}

func TestDrainEnvironment(t *testing.T) {
	_, err := newDrain(func(string) string { return "" }, slog.New(slog.DiscardHandler))
	for _, name := range []string{lambdaenv.UsageTable, lambdaenv.UsageRetentionDays} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("started without %s: %v", name, err)
		}
	}
}
