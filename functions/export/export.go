package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/s3"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
)

// exporter writes events downloads into the export bucket.
type exporter struct {
	usage  staff.EventSource
	bucket *s3.Bucket
	loc    *time.Location
	log    *slog.Logger
}

func newExporter(getenv func(string) string, log *slog.Logger) (*exporter, error) {
	cfg, err := lambdaenv.ReadExport(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.BackgroundAWS(getenv)
	if err != nil {
		return nil, err
	}
	return &exporter{
		usage:  lambdaenv.Store(awsCfg, getenv, cfg.Tables, dynamo.WithLogger(log)),
		bucket: s3.New(awsCfg, cfg.Bucket),
		loc:    intents.DefaultConfig().Location,
		log:    log,
	}, nil
}

// Invoke writes each message's download and reports the ones it could
// not write, so SQS delivers only those again (after a few tries, to the
// dead-letter queue, which is alarmed on). A download written twice is
// the same object written again: harmless.
func (x *exporter) Invoke(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var out events.SQSEventResponse
	for _, m := range ev.Records {
		if err := x.write(ctx, m); err != nil {
			x.log.ErrorContext(ctx, "export: not written", "message", m.MessageId, "err", err)
			out.BatchItemFailures = append(out.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return out, nil
}

func (x *exporter) write(ctx context.Context, m events.SQSMessage) error {
	var e staff.Export
	if err := json.Unmarshal([]byte(m.Body), &e); err != nil {
		return err
	}
	if err := e.Check(); err != nil {
		return err
	}
	start := time.Now()
	u, err := x.bucket.Create(ctx, e.Key(), e.ContentType(), e.Disposition())
	if err != nil {
		return err
	}
	if err := staff.WriteExport(ctx, x.usage, x.loc, e, u); err != nil {
		u.Abort()
		return err
	}
	if err := u.Close(); err != nil {
		return err
	}
	x.log.InfoContext(ctx, "export: written", "id", e.ID, "format", e.Format, "from", e.From, "to", e.To,
		"seconds", time.Since(start).Seconds())
	return nil
}
