package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/s3"
	"github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestExportThroughSQSAndS3 follows an events download the whole way on
// moto_server's real DynamoDB, SQS and S3: the staff site's job goes on
// the queue, Lambda's poller hands it to the function, which writes the
// period's events from the usage table into the bucket; the link the
// staff site signs downloads exactly what the local server would stream,
// every event of the period and none outside it.
func TestExportThroughSQSAndS3(t *testing.T) {
	moto := mototest.Start(t)
	ctx := context.Background()
	cfg := moto.Config()

	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	store := dynamo.New(dynamodb.NewFromConfig(cfg), tables)
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	s3c := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String("exports"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(mototest.Region)}}); err != nil {
		t.Fatal(err)
	}
	q := awssqs.NewFromConfig(cfg)
	created, err := q.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("exports")})
	if err != nil {
		t.Fatal(err)
	}

	// Three days of use, and a day either side that the period leaves out.
	loc := intents.DefaultConfig().Location
	first := time.Date(2026, 11, 9, 0, 0, 0, 0, loc)
	var inPeriod int
	for d := -1; d <= 3; d++ {
		for i := range 12 {
			e := intents.UsageEvent{
				RequestID: fmt.Sprintf("req-%d-%d", d, i), Time: first.AddDate(0, 0, d).Add(time.Duration(8*60+i*37) * time.Minute),
				HouseholdID: "hh-" + fmt.Sprint(i%4), SpeakerID: "sp-" + fmt.Sprint(i%5), SessionID: fmt.Sprintf("s-%d-%d", d, i/3),
				RequestType: intents.IntentRequest, Intent: "ReportRepairIntent", Flow: intents.FlowRepair,
				Outcome: intents.OutcomeRepairPrompted, Slots: map[string]string{"problem": "=HYPERLINK(\"x\")", "room": "kitchen, upstairs"},
				LatencyMS: 12.5, Locale: "en-GB", Demo: i == 7,
			}
			if err := store.RecordUsage(ctx, e); err != nil {
				t.Fatal(err)
			}
			if d >= 0 && d <= 2 {
				inPeriod++
			}
		}
	}

	env := moto.Env()
	env[lambdaenv.UsageTable] = tables.Usage
	env[lambdaenv.ExportBucket] = "exports"
	x, err := newExporter(func(k string) string { return env[k] }, slog.New(slog.NewTextHandler(t.Output(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	h := lambda.NewHandler(x.Invoke)
	bucket := s3.New(cfg, "exports")

	for _, format := range []string{"csv", "json"} {
		t.Run(format, func(t *testing.T) {
			e := staff.Export{ID: strings.Repeat(map[string]string{"csv": "c", "json": "d"}[format], 32), Format: format, From: "2026-11-09", To: "2026-11-11"}
			// The staff site's side.
			if err := sqs.NewJobs(cfg, aws.ToString(created.QueueUrl)).Send(ctx, e); err != nil {
				t.Fatal(err)
			}
			if _, ready, err := bucket.Link(ctx, e.Key()); err != nil || ready {
				t.Fatalf("before the function ran: ready %v, err %v", ready, err)
			}
			// Lambda's poller.
			out, err := q.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10})
			if err != nil || len(out.Messages) != 1 {
				t.Fatalf("received %d messages, err %v; want the one job", len(out.Messages), err)
			}
			resp := invoke(t, h, out.Messages)
			if len(resp.BatchItemFailures) != 0 {
				t.Fatalf("failed: %+v", resp.BatchItemFailures)
			}

			link, ready, err := bucket.Link(ctx, e.Key())
			if err != nil || !ready {
				t.Fatalf("after the function ran: ready %v, err %v", ready, err)
			}
			got := download(t, link)
			var want bytes.Buffer
			if err := staff.WriteExport(ctx, store, loc, e, &want); err != nil {
				t.Fatal(err)
			}
			if got != want.String() {
				t.Errorf("the export differs from what the local server streams:\n%s\nwant\n%s", got, want.String())
			}
			n := 0
			if format == "csv" {
				rows, err := csv.NewReader(strings.NewReader(got)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				n = len(rows) - 1
			} else {
				var evs []intents.UsageEvent
				if err := json.Unmarshal([]byte(got), &evs); err != nil {
					t.Fatal(err)
				}
				n = len(evs)
			}
			if n != inPeriod {
				t.Errorf("%d events exported, want the period's %d", n, inPeriod)
			}
		})
	}

	// A job the staff site did not make is refused, and reported failed
	// so that it ends in the dead-letter queue.
	resp := invoke(t, h, []types.Message{{MessageId: aws.String("m-bad"), Body: aws.String(`{"id":"../../x","format":"csv","from":"2026-11-09","to":"2026-11-11"}`)}})
	if len(resp.BatchItemFailures) != 1 {
		t.Errorf("a job with a made-up id was not reported failed: %+v", resp)
	}
}

func invoke(t *testing.T, h lambda.Handler, msgs []types.Message) events.SQSEventResponse {
	t.Helper()
	var ev events.SQSEvent
	for _, m := range msgs {
		ev.Records = append(ev.Records, events.SQSMessage{MessageId: aws.ToString(m.MessageId), ReceiptHandle: aws.ToString(m.ReceiptHandle),
			Body: aws.ToString(m.Body), EventSource: "aws:sqs", AWSRegion: mototest.Region})
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v (SQS would deliver the whole batch again)", err)
	}
	var resp events.SQSEventResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

func download(t *testing.T, link string) string {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET link: %d %v", resp.StatusCode, err)
	}
	return string(b)
}
