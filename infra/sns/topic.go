// Package sns publishes hand-off messages to the hand-off SNS topic, whose
// email and SMS subscriptions reach the landlord's people (template.yaml's
// HandoffTopic; docs/handoff.md "On AWS").
package sns

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/homehelper/homehelper/handoff"
)

// API is the one call the topic adapter makes: *sns.Client.
type API interface {
	Publish(ctx context.Context, in *awssns.PublishInput, optFns ...func(*awssns.Options)) (*awssns.PublishOutput, error)
}

// Topic publishes hand-off messages to an SNS topic, in plain words for
// the people its email and SMS subscriptions reach.
type Topic struct {
	Client API
	ARN    string
}

// Publish sends m's subject and text, with its kind and, for a repair, its
// priority or, for a coach visit, its coach_id as message attributes (for
// subscription filter policies).
func (t Topic) Publish(ctx context.Context, m handoff.Message) error {
	subject, body := m.Text()
	attrs := map[string]types.MessageAttributeValue{
		"kind": {DataType: aws.String("String"), StringValue: aws.String(m.Kind)},
	}
	if m.Repair != nil {
		attrs["priority"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(m.Repair.Priority)}
	}
	if m.Visit != nil && m.Visit.CoachID != "" {
		attrs["coach_id"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(m.Visit.CoachID)}
	}
	_, err := t.Client.Publish(ctx, &awssns.PublishInput{
		TopicArn: aws.String(t.ARN), Subject: aws.String(subject), Message: aws.String(body), MessageAttributes: attrs,
	})
	if err != nil {
		return fmt.Errorf("sns: %w", err)
	}
	return nil
}
