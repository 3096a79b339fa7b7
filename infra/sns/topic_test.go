package sns_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/sns"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestPublish publishes to moto_server's SNS a repair and a coach visit,
// and reads them where a subscriber gets them (an SQS subscription): the
// plain-words subject and body, and the attributes subscription filter
// policies select on (kind; priority for a repair; coach_id for a visit).
func TestPublish(t *testing.T) {
	srv := mototest.Start(t)
	ctx := context.Background()
	cfg := srv.Config()
	snsc, sqsc := awssns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &awssns.CreateTopicInput{Name: aws.String("handoff")})
	if err != nil {
		t.Fatal(err)
	}
	q, err := sqsc.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("inbox")})
	if err != nil {
		t.Fatal(err)
	}
	qa, err := sqsc.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.Subscribe(ctx, &awssns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(qa.Attributes["QueueArn"])}); err != nil {
		t.Fatal(err)
	}

	t0 := time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)
	gas := handoff.ForRepair(intents.Repair{Ref: "HK1002", Problem: "GAS_SMELL", Priority: intents.Emergency, ReportedAt: t0}, "TEN-00001", handoff.ProblemWords("GAS_SMELL"))
	visit := handoff.ForVisit(intents.Booking{ID: "bk-1", Slot: intents.CoachSlot{CoachID: "coach-priya", Coach: "Priya", Start: t0}}, "TEN-00001", false)
	p := sns.Topic{Client: snsc, ARN: aws.ToString(topic.TopicArn)}
	for _, m := range []handoff.Message{gas, visit} {
		if err := p.Publish(ctx, m); err != nil {
			t.Fatalf("Publish %s: %v", m.IdempotencyKey, err)
		}
	}

	out, err := sqsc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 2 {
		t.Fatalf("the subscriber got %d messages, want 2", len(out.Messages))
	}
	got := map[string]map[string]string{}
	subjects := map[string]string{}
	for _, m := range out.Messages {
		var n struct {
			Subject, Message  string
			MessageAttributes map[string]struct{ Type, Value string }
		}
		if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &n); err != nil {
			t.Fatal(err)
		}
		attrs := map[string]string{}
		for k, v := range n.MessageAttributes {
			attrs[k] = v.Value
		}
		got[attrs["kind"]] = attrs
		subjects[attrs["kind"]] = n.Subject + "\n" + n.Message
	}
	if a := got[handoff.KindRepair]; a["priority"] != "emergency" || a["coach_id"] != "" {
		t.Errorf("repair attributes %v, want priority emergency", a)
	}
	if a := got[handoff.KindVisitBooked]; a["coach_id"] != "coach-priya" || a["priority"] != "" {
		t.Errorf("visit attributes %v, want coach_id coach-priya", a)
	}
	for kind, want := range map[string]string{handoff.KindRepair: "EMERGENCY", handoff.KindVisitBooked: "Priya"} {
		if !strings.Contains(subjects[kind], want) {
			t.Errorf("%s reads %q, want %q in it", kind, subjects[kind], want)
		}
	}
}
