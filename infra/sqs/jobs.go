package sqs

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Jobs hands work to another function through an SQS queue, one JSON
// message per job: the staff site asks the export function for a download
// this way (template.yaml's ExportQueue), and the function decodes the
// same JSON.
type Jobs struct {
	url    string
	client func() Sender
}

// NewJobs returns the job queue at queueURL, sending with a client made
// from cfg when the first job is sent.
func NewJobs(cfg aws.Config, queueURL string) *Jobs {
	return &Jobs{url: queueURL, client: sync.OnceValue(func() Sender { return awssqs.NewFromConfig(cfg) })}
}

// Send queues job as JSON.
func (j *Jobs) Send(ctx context.Context, job any) error {
	b, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("sqs: encoding a job: %w", err)
	}
	if _, err := j.client().SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(j.url), MessageBody: aws.String(string(b))}); err != nil {
		return fmt.Errorf("sqs: queueing a job: %w", err)
	}
	return nil
}
