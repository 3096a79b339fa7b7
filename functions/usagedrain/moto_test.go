package main

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	spill "github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestSpillThroughSQS follows a spilled usage event the whole way on
// moto_server's real SQS and DynamoDB APIs: the skill's spill sends it to
// the queue, Lambda's poller receives it and invokes the drain, which
// writes it to the usage table with its expiry, and TTL is on for that
// table. SQS delivers again a message whose deletion did not happen (here:
// its visibility timeout runs out before the delete), and the tables
// still count each event once.
func TestSpillThroughSQS(t *testing.T) {
	srv := mototest.Start(t)
	ctx := context.Background()
	cfg := srv.Config()
	q := sqs.NewFromConfig(cfg)
	created, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("usage-spill")})
	if err != nil {
		t.Fatal(err)
	}
	queueURL := aws.ToString(created.QueueUrl)
	attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: created.QueueUrl, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	queueARN := attrs.Attributes[string(types.QueueAttributeNameQueueArn)]

	db := dynamodb.NewFromConfig(cfg)
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	if err := dynamo.New(db, tables).CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	ttl, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(tables.Usage)})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d == nil || d.TimeToLiveStatus != dbtypes.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != dynamo.TTLAttribute {
		t.Errorf("usage table TTL is %+v, want ENABLED on %s", d, dynamo.TTLAttribute)
	}

	// The skill's side: its spill adapter, with the configuration Lambda's
	// environment gives it.
	env := srv.Env()
	skillCfg, err := lambdaenv.AWS(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	sp := spill.New(skillCfg, queueURL, "")
	for _, e := range []intents.UsageEvent{eventA, eventB} {
		if err := sp.SpillUsage(ctx, e); err != nil {
			t.Fatalf("SpillUsage: %v", err)
		}
	}

	// The drain's side, as template.yaml and Lambda configure it.
	drainEnv := maps.Clone(env)
	drainEnv[lambdaenv.UsageTable] = tables.Usage
	drainEnv[lambdaenv.UsageRetentionDays] = retentionDays
	d := newTestDrain(t, drainEnv, t.Output())

	poll := func(wantReceives string) []types.Message {
		t.Helper()
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10,
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) != 2 {
			t.Fatalf("received %d messages, want the 2 spilled", len(out.Messages))
		}
		for _, m := range out.Messages {
			if got := m.Attributes["ApproximateReceiveCount"]; got != wantReceives {
				t.Errorf("message received %s times, want %s", got, wantReceives)
			}
		}
		if failed := invoke(t, ctx, d, lambdaSQSEvent(t, queueARN, out.Messages)); len(failed) != 0 {
			t.Fatalf("drain reported %v failed", failed)
		}
		return out.Messages
	}
	first := poll("1")
	// The batch was written, but its delete never happened: SQS delivers
	// it again once the visibility timeout runs out.
	for _, m := range first {
		if _, err := q.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: created.QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}); err != nil {
			t.Fatal(err)
		}
	}
	again := poll("2")
	for _, m := range again { // Lambda deletes a batch that succeeded
		if _, err := q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: created.QueueUrl, ReceiptHandle: m.ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
	}
	left, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: created.QueueUrl})
	if err != nil {
		t.Fatal(err)
	}
	if len(left.Messages) != 0 {
		t.Errorf("%d messages left on the queue", len(left.Messages))
	}

	got, err := dynamo.New(db, tables).UsageEvents(ctx, eventA.Time.Add(-time.Hour), eventA.Time.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []intents.UsageEvent{eventA, eventB}) {
		t.Errorf("usage table holds\n%+v\nwant each spilled event once:\n%+v", got, []intents.UsageEvent{eventA, eventB})
	}
	stored := items(t, db, tables.Usage)
	if len(stored) != 2 {
		t.Fatalf("%d items in the usage table, want 2", len(stored))
	}
	days, _ := strconv.Atoi(retentionDays)
	for i, e := range []intents.UsageEvent{eventA, eventB} {
		want := strconv.FormatInt(e.Time.Add(time.Duration(days)*24*time.Hour).Unix(), 10)
		if n, ok := stored[i][dynamo.TTLAttribute].(*dbtypes.AttributeValueMemberN); !ok || n.Value != want {
			t.Errorf("event %s expires at %v, want %s (its time plus the retention)", e.RequestID, stored[i][dynamo.TTLAttribute], want)
		}
	}
}

// lambdaSQSEvent is the event Lambda's SQS poller invokes the function with
// for msgs, as received from the queue queueARN.
func lambdaSQSEvent(t *testing.T, queueARN string, msgs []types.Message) []byte {
	t.Helper()
	var ev events.SQSEvent
	for _, m := range msgs {
		rec := events.SQSMessage{
			MessageId: aws.ToString(m.MessageId), ReceiptHandle: aws.ToString(m.ReceiptHandle),
			Body: aws.ToString(m.Body), Md5OfBody: aws.ToString(m.MD5OfBody),
			Attributes: m.Attributes, MessageAttributes: map[string]events.SQSMessageAttribute{},
			EventSource: "aws:sqs", EventSourceARN: queueARN, AWSRegion: mototest.Region,
		}
		for name, a := range m.MessageAttributes {
			rec.MessageAttributes[name] = events.SQSMessageAttribute{DataType: aws.ToString(a.DataType), StringValue: a.StringValue}
		}
		ev.Records = append(ev.Records, rec)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
