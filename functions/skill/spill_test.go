package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	spill "github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/infra/sqs/sqstest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// spillEvents are the requests the spill tests send, and what the tenant
// must hear whatever happens to the usage table.
var spillEvents = map[string]string{
	"launch.json":           "",
	"report-gas.json":       "0800 111 999",
	"help.json":             "",
	"report-repair.json":    "",
	"selffix-radiator.json": "",
	"session-ended.json":    "",
}

// readEvent reads a sample request and its request id and timestamp.
func readEvent(t *testing.T, name string) (payload []byte, id string, at time.Time) {
	t.Helper()
	payload, err := os.ReadFile(filepath.Join("..", "..", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Request struct {
			RequestID string    `json:"requestId"`
			Timestamp time.Time `json:"timestamp"`
		} `json:"request"`
	}
	if err := json.Unmarshal(payload, &r); err != nil {
		t.Fatal(err)
	}
	return payload, r.Request.RequestID, r.Request.Timestamp
}

// answerProperly checks the tenant heard a real answer, not an apology.
func answerProperly(t *testing.T, payload []byte, r alexa.Response, raw []byte, mustSay string) {
	t.Helper()
	checkValid(t, requestType(t, payload), r, raw)
	if s := speech(r); strings.Contains(s, "something went wrong") {
		t.Errorf("the tenant heard an apology: %s", s)
	}
	if !strings.Contains(speech(r), mustSay) {
		t.Errorf("speech does not say %q: %s", mustSay, speech(r))
	}
}

func usageBacklog(t *testing.T, f *function) int {
	t.Helper()
	s, ok := f.conv.(*intents.Skill)
	if !ok {
		t.Fatalf("conversation is a %T", f.conv)
	}
	return s.UsageBacklog()
}

// TestUsageSpilledWhenTableDown: with the usage table gone (the function
// points at a table that does not exist) and the data table working, the
// tenant still hears a proper answer, and each request's event goes to
// the spill queue (moto_server's SQS) through the real SQS client: the
// event as JSON, its request id as an attribute, nothing kept in memory,
// nothing logged at ERROR (which would count as a tenant hearing an
// apology).
func TestUsageSpilledWhenTableDown(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	tables := dynamo.Tables{Data: "spill-data", Usage: "spill-usage"}
	if err := dynamo.New(dynalitetest.Client(t, endpoint), tables).CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	moto := mototest.Start(t)
	sqsc := awssqs.NewFromConfig(moto.Config())
	created, err := sqsc.CreateQueue(context.Background(), &awssqs.CreateQueueInput{QueueName: aws.String("usage-spill")})
	if err != nil {
		t.Fatal(err)
	}
	e := env(dynamo.Tables{Data: tables.Data, Usage: "no-such-usage-table"}, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
	e[lambdaenv.UsageSpillQueueURL] = aws.ToString(created.QueueUrl)
	e[lambdaenv.EndpointURLSQS] = moto.URL
	var logs logBuffer
	f := newTestFunction(t, e, io.MultiWriter(t.Output(), &logs))

	ids := map[string]time.Time{}
	for name, mustSay := range spillEvents {
		payload, id, at := readEvent(t, name)
		ids[id] = at
		r, raw, err := invoke(f, payload)
		if err != nil {
			t.Fatalf("%s: Invoke: %v", name, err)
		}
		answerProperly(t, payload, r, raw, mustSay)
	}

	var msgs []types.Message
	for {
		out, err := sqsc.ReceiveMessage(context.Background(), &awssqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}, VisibilityTimeout: 60})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			break
		}
		msgs = append(msgs, out.Messages...)
	}
	if len(msgs) != len(ids) {
		t.Fatalf("%d messages spilled for %d requests", len(msgs), len(ids))
	}
	for _, m := range msgs {
		attr := aws.ToString(m.MessageAttributes[spill.RequestIDAttribute].StringValue)
		ev, err := spill.Decode(aws.ToString(m.Body), attr)
		if err != nil {
			t.Fatalf("spilled message %s: %v", aws.ToString(m.Body), err)
		}
		at, ok := ids[ev.RequestID]
		if !ok {
			t.Errorf("spilled an event for request %q, which was not sent", ev.RequestID)
			continue
		}
		delete(ids, ev.RequestID) // one message per request
		if !ev.Time.Equal(at) || ev.Outcome == "" || ev.Flow == "" || ev.RequestType == "" {
			t.Errorf("spilled event is not the request's: %+v", ev)
		}
	}
	if n := usageBacklog(t, f); n != 0 {
		t.Errorf("%d events kept in memory; they were spilled", n)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a spilled event was logged at ERROR:\n%s", logs.String())
	}
	if got := strings.Count(logs.String(), "usage event spilled"); got != len(msgs) {
		t.Errorf("%d spills logged for %d messages", got, len(msgs))
	}
}

// TestUsageKeptWhenSpillFails: with the usage table and SQS both failing,
// the tenant still hears a proper answer; the event is kept in memory for
// a retry and logged at ERROR, with the error of each, and logged in full
// (the container may not live to retry).
func TestUsageKeptWhenSpillFails(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	tables := dynamo.Tables{Data: "fail-data", Usage: "fail-usage"}
	if err := dynamo.New(dynalitetest.Client(t, endpoint), tables).CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	queue := sqstest.Start(t, "usage-spill")
	queue.SetMode(sqstest.Fail)
	e := env(dynamo.Tables{Data: tables.Data, Usage: "no-such-usage-table"}, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint
	e[lambdaenv.UsageSpillQueueURL] = queue.QueueURL
	e[lambdaenv.EndpointURLSQS] = queue.URL
	var logs logBuffer
	f := newTestFunction(t, e, io.MultiWriter(t.Output(), &logs))
	payload, _, _ := readEvent(t, "report-gas.json")
	r, raw, err := invoke(f, payload)
	if err != nil {
		t.Fatal(err)
	}
	answerProperly(t, payload, r, raw, "0800 111 999")
	if n := usageBacklog(t, f); n != 1 {
		t.Errorf("%d events kept in memory, want 1", n)
	}
	l := logs.String()
	if !strings.Contains(l, `"level":"ERROR","msg":"usage event not written; kept for retry"`) || !strings.Contains(l, "ResourceNotFoundException") || !strings.Contains(l, "spill: sending usage event") {
		t.Errorf("want an ERROR line with both the table's and SQS's errors:\n%s", l)
	}
	if queue.Calls() == 0 {
		t.Errorf("SQS was not tried")
	}
	checkLastResort(t, &logs, payload)
}

// checkLastResort: the request's event is in the log in full, as a
// message body the drain would write.
func checkLastResort(t *testing.T, logs *logBuffer, payload []byte) {
	t.Helper()
	var r struct {
		Request struct {
			RequestID string `json:"requestId"`
		} `json:"request"`
	}
	if err := json.Unmarshal(payload, &r); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(logs.String()) {
		var l struct {
			Level string
			Msg   string
			Event json.RawMessage
		}
		if json.Unmarshal([]byte(line), &l) != nil || l.Event == nil {
			continue
		}
		e, err := spill.Decode(string(l.Event), "")
		if err != nil {
			t.Errorf("logged event is not a spill message: %v: %s", err, l.Event)
			continue
		}
		if e.RequestID == r.Request.RequestID && l.Level == "ERROR" && e.Outcome != "" {
			return
		}
	}
	t.Errorf("event of %s not logged in full at ERROR:\n%s", r.Request.RequestID, logs.String())
}

// hangingUsageWrites is a proxy in front of DynamoDB that holds every
// PutItem on the usage table until the caller gives up: a usage table
// that is slow rather than gone.
func hangingUsageWrites(t *testing.T, upstream, usageTable string) string {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	closing := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in struct{ TableName string }
		_ = json.Unmarshal(body, &in)
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".PutItem") && in.TableName == usageTable {
			select {
			case <-r.Context().Done():
			case <-closing:
			}
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { close(closing); srv.Close() })
	return srv.URL
}

// TestSpillFitsInReserve: with the usage table and SQS both hanging, the
// usage write runs to the conversation's deadline (a second before
// Lambda's) and the spill to its own half second after it; the answer
// still reaches Lambda before its deadline, so Alexa hears speech rather
// than a timeout, and the event is kept for a retry and logged in full.
func TestSpillFitsInReserve(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	tables := dynamo.Tables{Data: "slow-data", Usage: "slow-usage"}
	if err := dynamo.New(dynalitetest.Client(t, endpoint), tables).CreateTables(context.Background()); err != nil {
		t.Fatal(err)
	}
	queue := sqstest.Start(t, "usage-spill")
	queue.SetMode(sqstest.Hang)
	e := env(tables, false)
	e["AWS_ENDPOINT_URL_DYNAMODB"] = hangingUsageWrites(t, endpoint, tables.Usage)
	e[lambdaenv.UsageSpillQueueURL] = queue.QueueURL
	e[lambdaenv.EndpointURLSQS] = queue.URL
	var logs logBuffer
	f := newTestFunction(t, e, io.MultiWriter(t.Output(), &logs))
	payload, _, _ := readEvent(t, "report-gas.json")
	// Make the conversation now, as the warm-up would, outside the
	// timed run.
	if _, err := f.alexaHandler(context.Background()); err != nil {
		t.Fatal(err)
	}

	// A short Lambda timeout keeps the test quick; the margins are the
	// same as under template.yaml's 7 s.
	start := time.Now()
	lambdaDeadline := start.Add(2500 * time.Millisecond)
	ctx, cancel := context.WithDeadline(context.Background(), lambdaDeadline)
	defer cancel()
	out, err := lambda.NewHandler(f.Invoke).Invoke(ctx, payload)
	answered := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("answered after %v, %v before Lambda's deadline", answered.Sub(start).Round(time.Millisecond), lambdaDeadline.Sub(answered).Round(time.Millisecond))
	if answered.After(lambdaDeadline) {
		t.Errorf("answered %v after Lambda's deadline", answered.Sub(lambdaDeadline))
	}
	var r alexa.Response
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	answerProperly(t, payload, r, out, "0800 111 999")
	if n := usageBacklog(t, f); n != 1 {
		t.Errorf("%d events kept in memory, want 1", n)
	}
	if queue.Calls() == 0 {
		t.Errorf("SQS was not tried")
	}
	checkLastResort(t, &logs, payload)
}
