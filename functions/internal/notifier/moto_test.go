package notifier_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/functions/internal/notifier"
	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestHandOffOnAWS follows repairs and a coach visit from the store to the
// people, on moto_server's real AWS APIs: the DynamoDB store writes them,
// the table's stream (as template.yaml configures it) carries them, the
// notify function, configured from its environment and the hand-off secret
// in Secrets Manager, publishes each to the SNS topic (whose SQS
// subscription the test reads, as a person's inbox) and posts it to the
// webhook receivers the secret names. A receiver failing once, Lambda's
// retry of the batch, and a later redelivery of the whole batch all end
// with each hand-off arriving once at each destination.
func TestHandOffOnAWS(t *testing.T) {
	srv := mototest.Start(t)
	ctx := t.Context()
	cfg := srv.Config()

	tables, store, stream := streamedStore(t, srv)

	// The topic, and a queue subscribed to it standing for the repairs
	// team's inbox.
	snsc, sqsc := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("handoff")})
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("inbox")})
	if err != nil {
		t.Fatal(err)
	}
	qa, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: inbox.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String(qa.Attributes[string(sqstypes.QueueAttributeNameQueueArn)])}); err != nil {
		t.Fatal(err)
	}

	// The webhook receivers, named only in the secret.
	repairs, emergency, coaches := &recorder{t: t, fail: 1}, &recorder{t: t}, &recorder{t: t, fail: 1}
	var urls []string
	for _, r := range []*recorder{repairs, emergency, coaches} {
		s := httptest.NewServer(r)
		t.Cleanup(s.Close)
		urls = append(urls, s.URL)
	}
	value, _ := json.Marshal(notifier.Secret{SigningKey: string(secret), RepairsURL: urls[0], EmergencyURL: urls[1], CoachesURL: urls[2]})
	sec, err := secretsmanager.NewFromConfig(cfg).CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("handoff"), SecretString: aws.String(string(value))})
	if err != nil {
		t.Fatal(err)
	}

	env := srv.Env()
	env[lambdaenv.DataTable] = tables.Data
	env[notifier.TopicARN] = aws.ToString(topic.TopicArn)
	env[notifier.SecretARN] = aws.ToString(sec.ARN)
	log := slog.New(slog.NewJSONHandler(t.Output(), nil))
	n, err := notifier.FromEnv(ctx, func(k string) string { return env[k] }, log)
	if err != nil {
		t.Fatalf("FromEnv: %v", err)
	}
	invoke := invoker(t, &notifier.Handler{Notifier: n, Log: log})

	// The tenant's side: what the skill's store writes.
	if err := store.AddHousehold(ctx, intents.Household{ID: "hh-1", Ref: "TEN-00001", LinkCode: "400001", CodeExpires: t0.Add(time.Hour), EnrolledAt: t0}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []intents.Repair{
		{Ref: "HK1001", HouseholdID: "hh-1", Problem: "LEAK", Room: "KITCHEN", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0},
		{Ref: "HK1002", HouseholdID: "hh-1", Problem: "GAS_SMELL", Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: t0.Add(time.Minute)},
	} {
		if err := store.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	slot := intents.CoachSlot{ID: "priya-1", CoachID: "coach-priya", Coach: "Priya", Start: t0.Add(48 * time.Hour)}
	if err := store.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := store.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: "hh-1", Slot: slot, BookedAt: t0}); err != nil {
		t.Fatal(err)
	}

	first, count := stream.Next(t)
	if count == 0 {
		t.Fatal("the stream carried nothing")
	}
	// The repairs and coaches' webhooks each fail once: the leak and the
	// booking are reported failed, and Lambda delivers the batch again.
	if got := invoke(first); len(got) != 2 {
		t.Errorf("first delivery failed %v, want the leak's and the booking's records", got)
	}
	if got := invoke(first); len(got) != 0 {
		t.Errorf("Lambda's retry failed %v", got)
	}
	// What recording the hand-offs wrote comes down the stream too.
	if ev, n := stream.Next(t); n > 0 {
		if got := invoke(ev); len(got) != 0 {
			t.Errorf("the hand-offs' own records failed %v", got)
		}
	}
	if err := store.CancelBooking(ctx, "bk-1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the cancellation, then its recording
		if ev, n := stream.Next(t); n > 0 {
			if got := invoke(ev); len(got) != 0 {
				t.Errorf("failed %v", got)
			}
		}
	}
	// A redelivery of the first batch much later (an expired lease, a
	// replay) sends nothing again.
	if got := invoke(first); len(got) != 0 {
		t.Errorf("redelivery failed %v", got)
	}

	wantTopic := []string{"repair:HK1001", "repair:HK1002", handoff.VisitKey("bk-1", false), handoff.VisitKey("bk-1", true)}
	var inboxKeys []string
	emergencySubject := ""
	refLine := regexp.MustCompile(`Reference for your system: (\S+)`)
	for _, m := range drain(t, sqsc, aws.ToString(inbox.QueueUrl)) {
		var env struct {
			Type, Subject, Message, TopicArn string
			MessageAttributes                map[string]struct{ Type, Value string }
		}
		if err := json.Unmarshal([]byte(m), &env); err != nil {
			t.Fatalf("inbox message is not an SNS notification: %s", m)
		}
		if env.Type != "Notification" || env.TopicArn != aws.ToString(topic.TopicArn) {
			t.Errorf("inbox message %s from %s", env.Type, env.TopicArn)
		}
		key := refLine.FindStringSubmatch(env.Message)
		if key == nil {
			t.Errorf("message has no reference: %s", env.Message)
			continue
		}
		inboxKeys = append(inboxKeys, key[1])
		if key[1] == "repair:HK1002" {
			emergencySubject = env.Subject
		}
		if kind := env.MessageAttributes["kind"].Value; kind == "" {
			t.Errorf("message %s has no kind attribute for filter policies", key[1])
		}
	}
	slices.Sort(inboxKeys)
	slices.Sort(wantTopic)
	if !slices.Equal(inboxKeys, wantTopic) {
		t.Errorf("the inbox got %v, want each hand-off once: %v", inboxKeys, wantTopic)
	}
	if !strings.HasPrefix(emergencySubject, "EMERGENCY") {
		t.Errorf("the gas repair's subject is %q, want it to start EMERGENCY", emergencySubject)
	}

	keys := func(r *recorder) []string {
		var ks []string
		for _, m := range r.got() {
			ks = append(ks, m.IdempotencyKey)
		}
		slices.Sort(ks)
		return ks
	}
	for _, c := range []struct {
		name string
		r    *recorder
		want []string
	}{
		{"repairs", repairs, []string{"repair:HK1001", "repair:HK1002"}},
		{"emergency", emergency, []string{"repair:HK1002"}},
		{"coaches", coaches, []string{handoff.VisitKey("bk-1", true), handoff.VisitKey("bk-1", false)}},
	} {
		slices.Sort(c.want)
		if got := keys(c.r); !slices.Equal(got, c.want) {
			t.Errorf("the %s webhook accepted %v, want each once: %v", c.name, got, c.want)
		}
	}
}

// streamedStore makes the store's tables on srv, with the stream
// template.yaml gives the data table, and opens that stream.
func streamedStore(t *testing.T, srv *mototest.Server) (dynamo.Tables, *dynamo.Store, *mototest.Stream) {
	t.Helper()
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	db := dynamodb.NewFromConfig(srv.Config())
	store := dynamo.New(db, tables, dynamo.WithLogger(slog.New(slog.DiscardHandler)))
	if err := store.CreateTables(t.Context()); err != nil {
		t.Fatal(err)
	}
	upd, err := db.UpdateTable(t.Context(), &dynamodb.UpdateTableInput{TableName: aws.String(tables.Data),
		StreamSpecification: &dbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: dbtypes.StreamViewTypeNewImage}})
	if err != nil {
		t.Fatal(err)
	}
	return tables, store, srv.Stream(t, aws.ToString(upd.TableDescription.LatestStreamArn))
}

// invoker invokes h as Lambda does with a stream event, returning the
// records it reports failed.
func invoker(t *testing.T, h *notifier.Handler) func(ev []byte) []string {
	handler := lambda.NewHandler(h.Invoke)
	return func(ev []byte) []string {
		t.Helper()
		out, err := handler.Invoke(t.Context(), ev)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		var resp events.DynamoDBEventResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatalf("response %s: %v", out, err)
		}
		return failed(resp)
	}
}

// drain reads every message on the queue, deleting each.
func drain(t *testing.T, c *sqs.Client, url string) []string {
	t.Helper()
	var bodies []string
	for {
		out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			return bodies
		}
		for _, m := range out.Messages {
			bodies = append(bodies, aws.ToString(m.Body))
			if _, err := c.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
