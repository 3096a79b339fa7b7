package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
)

// foldTimeout bounds one record's fold: a refold of a speaker's events
// (an out-of-order record) reads them all. template.yaml's batch size
// times this fits in the function's timeout.
const foldTimeout = 20 * time.Second

type roller struct {
	store interface {
		RollUp(ctx context.Context, k dynamo.UsageKey) error
	}
	log *slog.Logger
}

// newRoller wires the function from the environment. The store gets the
// skill's retention: day rows and unit state expire with the events.
func newRoller(getenv func(string) string, log *slog.Logger) (*roller, error) {
	settings, err := lambdaenv.ReadUsageDrain(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.BackgroundAWS(getenv)
	if err != nil {
		return nil, err
	}
	store := lambdaenv.Store(awsCfg, getenv, settings.Tables, dynamo.WithRetention(settings.Retention), dynamo.WithLogger(log))
	return &roller{store: store, log: log}, nil
}

// Invoke folds each record's event, in the shard's order, and reports the
// first it could not fold (template.yaml sets ReportBatchItemFailures):
// Lambda retries the batch from that record, and the records before it,
// should they come again, are found marked.
func (r *roller) Invoke(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	for _, rec := range ev.Records {
		k, ok := dynamo.UsageKeyOf(rec)
		if !ok {
			continue
		}
		fctx, cancel := context.WithTimeout(ctx, foldTimeout)
		err := r.store.RollUp(fctx, k)
		cancel()
		if err != nil {
			r.log.ErrorContext(ctx, "usage event not rolled up", "event_id", rec.EventID, "err", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: rec.Change.SequenceNumber})
			return resp, nil
		}
	}
	return resp, nil
}
