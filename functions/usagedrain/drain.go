package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	spill "github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/intents"
)

// writeTimeout bounds one event's write. template.yaml's batch size times
// this, plus reserve, fits in the function's timeout, so even a hanging
// table leaves time to report which messages failed.
const writeTimeout = 5 * time.Second

// reserve is kept back from Lambda's deadline for answering: a function
// that times out fails its whole batch, written messages included, and
// they would come back (harmlessly, but for nothing).
const reserve = 2 * time.Second

// maxLoggedBody caps how much of a malformed message is logged: enough to
// see what it is; the whole message is kept in the dead-letter queue.
const maxLoggedBody = 1024

// drain writes spilled usage events to the usage table.
type drain struct {
	usage intents.UsageLog
	log   *slog.Logger
}

// newDrain wires the function from the environment. The store gets the
// skill's retention, so a drained event expires when it would have had
// the skill written it at once.
func newDrain(getenv func(string) string, log *slog.Logger) (*drain, error) {
	settings, err := lambdaenv.ReadUsageDrain(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.BackgroundAWS(getenv)
	if err != nil {
		return nil, err
	}
	store := lambdaenv.Store(awsCfg, getenv, settings.Tables, dynamo.WithRetention(settings.Retention), dynamo.WithLogger(log))
	return &drain{usage: store, log: log}, nil
}

// Invoke writes each message's event and reports the messages it could
// not write (template.yaml's event sets ReportBatchItemFailures), so SQS
// deletes the rest and delivers only those again. It never returns an
// error: that would make SQS deliver the whole batch again. A redelivered
// event counts once, because the usage table's write is idempotent on the
// request id.
func (d *drain) Invoke(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-reserve))
		defer cancel()
	}
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, m := range ev.Records {
		if !d.write(ctx, m) {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

// write writes one message's event, and reports whether it is written
// (or was already). Failures are logged here, with what identifies the
// message in the queue.
func (d *drain) write(ctx context.Context, m events.SQSMessage) bool {
	log := d.log.With("message_id", m.MessageId, "receive_count", m.Attributes["ApproximateReceiveCount"])
	var requestID string
	if a, ok := m.MessageAttributes[spill.RequestIDAttribute]; ok && a.StringValue != nil {
		requestID = *a.StringValue
	}
	e, err := spill.Decode(m.Body, requestID)
	if err != nil {
		// It will never be written: ERROR, though SQS keeps it (and the
		// dead-letter queue's alarm fires once it gets there).
		body := m.Body
		if len(body) > maxLoggedBody {
			body = body[:maxLoggedBody]
		}
		log.ErrorContext(ctx, "spilled usage message is malformed; it will go to the dead-letter queue",
			"err", err, "body_bytes", len(m.Body), "body", body)
		return false
	}
	wctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	if err := d.usage.RecordUsage(wctx, e); err != nil {
		// Most likely the table is still failing; SQS delivers the
		// message again after its visibility timeout, and the queue's
		// age alarm fires if that goes on.
		log.WarnContext(ctx, "spilled usage event not written; SQS will deliver it again",
			"request_id", e.RequestID, "err", err)
		return false
	}
	log.InfoContext(ctx, "spilled usage event written", "request_id", e.RequestID, "event_time", e.Time)
	return true
}
