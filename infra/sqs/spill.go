// Package sqs is the AWS side of intents.UsageSpill: a usage event the
// usage table could not store in time is sent to an SQS queue
// (template.yaml's UsageSpillQueue), and UsageDrainFunction writes it to
// the table later. Both ends use this package, so the message format is
// defined once: the body is the event as JSON (intents.UsageEvent's JSON
// tags, as docs/usage-events.md documents them), and the message attribute
// request_id repeats the event's request id, for whoever looks at a message
// in the console or the dead-letter queue.
//
// Only the Lambda functions use it: the self-hosted server keeps its usage
// log in SQLite on the same machine and has nothing to spill to.
package sqs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/homehelper/homehelper/intents"
)

// RequestIDAttribute is the message attribute holding the event's request id.
const RequestIDAttribute = "request_id"

// Sender is the one SQS call the spill makes.
type Sender interface {
	SendMessage(ctx context.Context, in *awssqs.SendMessageInput, optFns ...func(*awssqs.Options)) (*awssqs.SendMessageOutput, error)
}

var _ intents.UsageSpill = (*Queue)(nil)

// Queue spills usage events to one SQS queue. It is safe for concurrent use.
type Queue struct {
	url string
	// client is made on the first spill, not before: most containers
	// never spill, and a cold start should not pay for a client it will
	// not use.
	client func() Sender
}

// New returns a spill to the queue at queueURL, sending with a client made
// from cfg on the first spill. endpoint, when not "", replaces SQS's own
// (tests point it at a stand-in).
func New(cfg aws.Config, queueURL, endpoint string) *Queue {
	return newQueue(queueURL, func() Sender {
		return awssqs.NewFromConfig(cfg, func(o *awssqs.Options) {
			if endpoint != "" {
				o.BaseEndpoint = aws.String(endpoint)
			}
		})
	})
}

func newQueue(queueURL string, newClient func() Sender) *Queue {
	return &Queue{url: queueURL, client: sync.OnceValue(newClient)}
}

// SpillUsage sends e to the queue. The caller bounds the time with ctx;
// SQS is told nothing about duplicates (a standard queue delivers at least
// once anyway), because the drain's write is idempotent on the request id.
func (q *Queue) SpillUsage(ctx context.Context, e intents.UsageEvent) error {
	body, err := Encode(e)
	if err != nil {
		return err
	}
	_, err = q.client().SendMessage(ctx, &awssqs.SendMessageInput{
		QueueUrl:    aws.String(q.url),
		MessageBody: aws.String(body),
		MessageAttributes: map[string]types.MessageAttributeValue{
			RequestIDAttribute: {DataType: aws.String("String"), StringValue: aws.String(e.RequestID)},
		},
	})
	if err != nil {
		return fmt.Errorf("spill: sending usage event %s: %w", e.RequestID, err)
	}
	return nil
}

// ErrMalformed marks a message that is not a usage event: writing it again
// can never succeed.
var ErrMalformed = errors.New("not a spilled usage event")

// Encode is the message body for e. It refuses what the usage table would
// refuse (no request id, no time), so nothing is sent that the drain could
// only pass on to the dead-letter queue.
func Encode(e intents.UsageEvent) (string, error) {
	if err := check(e); err != nil {
		return "", fmt.Errorf("spill: usage event %q: %w", e.RequestID, err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("spill: usage event %s: %w", e.RequestID, err)
	}
	return string(b), nil
}

// Decode reads a message body written by Encode. requestID is the message's
// request_id attribute, "" if it has none (a message sent by hand may
// not); when given, it must be the body's. Fields it does not know are
// ignored, so an event spilled by a newer skill during a deploy is still
// written. Every error wraps ErrMalformed.
func Decode(body, requestID string) (intents.UsageEvent, error) {
	var e intents.UsageEvent
	// Unmarshal, not a Decoder: it refuses anything after the event too.
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		return intents.UsageEvent{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if err := check(e); err != nil {
		return intents.UsageEvent{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if requestID != "" && requestID != e.RequestID {
		return intents.UsageEvent{}, fmt.Errorf("%w: attribute %s is %q, the body's %q", ErrMalformed, RequestIDAttribute, requestID, e.RequestID)
	}
	return e, nil
}

// check is what an event needs to be stored: the usage table's key is made
// of the request id and the time.
func check(e intents.UsageEvent) error {
	switch {
	case e.RequestID == "":
		return errors.New("no request id")
	case e.Time.IsZero():
		return errors.New("no time")
	}
	return nil
}
