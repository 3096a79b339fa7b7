package sqs

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/infra/sqs/sqstest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// sample has every field set, so a round trip that drops one shows.
func sample(id string) intents.UsageEvent {
	return intents.UsageEvent{
		RequestID:     id,
		Time:          time.Date(2026, 11, 23, 10, 0, 0, 123456789, time.UTC),
		HouseholdID:   "h_abc",
		SpeakerID:     "s_def",
		SessionID:     "x_ghi",
		RequestType:   intents.IntentRequest,
		Intent:        "ReportRepairIntent",
		Slots:         map[string]string{"problem": "no_heating"},
		Flow:          intents.FlowRepair,
		Step:          "confirm",
		Outcome:       intents.OutcomeRepairReported,
		RepairRef:     "R-1234",
		Priority:      "urgent",
		FeedbackAsked: true,
		GuideTried:    true,
		SessionEnded:  true,
		EndReason:     "USER_INITIATED",
		LatencyMS:     12.345,
		Locale:        "en-GB",
		HasScreen:     true,
		Demo:          true,
	}
}

func awsConfig() aws.Config {
	return aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
}

// TestSpillUsage sends events through the real SQS client to moto_server's
// SQS: the body is the event as JSON and reads back as the same event, the
// request id is a message attribute, and the queue is the one configured.
func TestSpillUsage(t *testing.T) {
	srv := mototest.Start(t)
	ctx := context.Background()
	client := awssqs.NewFromConfig(srv.Config())
	created, err := client.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("usage-spill")})
	if err != nil {
		t.Fatal(err)
	}
	q := New(srv.Config(), aws.ToString(created.QueueUrl), "")
	want := []intents.UsageEvent{sample("req-1"), {RequestID: "req-2", Time: time.Date(2026, 11, 23, 10, 0, 1, 0, time.UTC), RequestType: intents.LaunchRequest, Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}}
	for _, e := range want {
		if err := q.SpillUsage(ctx, e); err != nil {
			t.Fatalf("SpillUsage(%s): %v", e.RequestID, err)
		}
	}
	out, err := client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	got := out.Messages
	if len(got) != len(want) {
		t.Fatalf("%d messages on the queue, want %d", len(got), len(want))
	}
	slices.SortFunc(got, func(a, b types.Message) int {
		return strings.Compare(aws.ToString(a.MessageAttributes[RequestIDAttribute].StringValue), aws.ToString(b.MessageAttributes[RequestIDAttribute].StringValue))
	})
	for i, m := range got {
		a := m.MessageAttributes[RequestIDAttribute]
		if aws.ToString(a.DataType) != "String" || aws.ToString(a.StringValue) != want[i].RequestID {
			t.Errorf("attribute %s is %s %q, want String %q", RequestIDAttribute, aws.ToString(a.DataType), aws.ToString(a.StringValue), want[i].RequestID)
		}
		e, err := Decode(aws.ToString(m.Body), aws.ToString(a.StringValue))
		if err != nil {
			t.Fatalf("Decode(%s): %v", aws.ToString(m.Body), err)
		}
		if !reflect.DeepEqual(e, want[i]) {
			t.Errorf("round trip changed the event:\n got %+v\nwant %+v", e, want[i])
		}
	}
	// The documented field names, not Go's.
	if b := aws.ToString(got[0].Body); !strings.Contains(b, `"request_id":"req-1"`) || !strings.Contains(b, `"feedback_asked":true`) {
		t.Errorf("body does not use the usage event JSON names: %s", b)
	}
}

// TestSpillUsageFails: whatever SQS says no with, or a queue that is
// gone, is an error for the recorder, which then keeps the event itself.
func TestSpillUsageFails(t *testing.T) {
	srv := sqstest.Start(t, "usage-spill")
	ctx := context.Background()
	gone := New(awsConfig(), srv.URL+"/"+sqstest.Account+"/deleted", srv.URL)
	if err := gone.SpillUsage(ctx, sample("req-1")); err == nil || !strings.Contains(err.Error(), "QueueDoesNotExist") {
		t.Errorf("spill to a missing queue: %v", err)
	}
	q := New(awsConfig(), srv.QueueURL, srv.URL)
	srv.SetMode(sqstest.Fail)
	// The recorder allows a spill half a second; the client's retries
	// stop there.
	failCtx, cancelFail := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancelFail()
	if err := q.SpillUsage(failCtx, sample("req-1")); err == nil {
		t.Errorf("spill while SQS fails: no error")
	}
	// A hanging SQS holds the spill no longer than the caller allows.
	srv.SetMode(sqstest.Hang)
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := q.SpillUsage(ctx, sample("req-1")); err == nil {
		t.Errorf("spill while SQS hangs: no error")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("spill took %v against a 200 ms deadline", d)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages stored", n)
	}
	// Nothing the drain would refuse is sent.
	before := srv.Calls()
	if err := q.SpillUsage(context.Background(), intents.UsageEvent{Time: time.Now()}); err == nil {
		t.Errorf("spilled an event without a request id")
	}
	if srv.Calls() != before {
		t.Errorf("an event without a request id reached SQS")
	}
}

// countingSender counts SendMessage calls.
type countingSender struct {
	mu    sync.Mutex
	calls int
}

func (c *countingSender) SendMessage(context.Context, *awssqs.SendMessageInput, ...func(*awssqs.Options)) (*awssqs.SendMessageOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	return &awssqs.SendMessageOutput{}, nil
}

// TestClientMadeOnFirstSpill: a container that never spills never makes
// the SQS client; one that spills from many requests at once makes one.
func TestClientMadeOnFirstSpill(t *testing.T) {
	var made int
	var mu sync.Mutex
	sender := &countingSender{}
	q := newQueue("https://sqs.eu-west-1.amazonaws.com/123456789012/q", func() Sender {
		mu.Lock()
		defer mu.Unlock()
		made++
		return sender
	})
	if made != 0 {
		t.Fatalf("client made before any spill")
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := q.SpillUsage(context.Background(), sample("req-"+string(rune('a'+i)))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if made != 1 || sender.calls != 20 {
		t.Errorf("%d clients made for %d spills, want 1 for 20", made, sender.calls)
	}
}

func TestDecode(t *testing.T) {
	good, err := Encode(sample("req-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(good, ""); err != nil {
		t.Errorf("a message without the attribute (sent by hand): %v", err)
	}
	// A field a newer skill added during a deploy is no reason to lose
	// the event.
	newer := strings.Replace(good, `{`, `{"new_field":1,`, 1)
	if e, err := Decode(newer, "req-1"); err != nil || e.RequestID != "req-1" {
		t.Errorf("a message with an unknown field: %v", err)
	}
	for name, tt := range map[string]struct{ body, attr string }{
		"not JSON":             {"not json", ""},
		"empty":                {"", ""},
		"null":                 {"null", ""},
		"an array":             {"[]", ""},
		"trailing data":        {good + "]", ""},
		"two events":           {good + good, ""},
		"no request id":        {`{"time":"2026-11-23T10:00:00Z","request_type":"LaunchRequest"}`, ""},
		"no time":              {`{"request_id":"req-1","request_type":"LaunchRequest"}`, ""},
		"time not a time":      {`{"request_id":"req-1","time":"yesterday"}`, ""},
		"field of wrong type":  {`{"request_id":"req-1","time":"2026-11-23T10:00:00Z","latency_ms":"fast"}`, ""},
		"attribute disagrees":  {good, "req-2"},
		"another kind of body": {`{"Records":[]}`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Decode(tt.body, tt.attr); !errors.Is(err, ErrMalformed) {
				t.Errorf("Decode: %v, want ErrMalformed", err)
			}
		})
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, e := range map[string]intents.UsageEvent{
		"no request id": {Time: time.Now()},
		"no time":       {RequestID: "req-1"},
	} {
		if _, err := Encode(e); err == nil {
			t.Errorf("%s: encoded", name)
		}
	}
}
