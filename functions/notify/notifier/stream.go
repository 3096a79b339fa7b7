package notifier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/homehelper/homehelper/infra/dynamo"
)

// recordTimeout bounds one record's hand-off: a topic publish and two
// webhook posts of WebhookTimeout at most.
const recordTimeout = 12 * time.Second

// reserve is kept back from Lambda's deadline to answer which records
// failed: a timed-out invocation fails the whole batch.
const reserve = 2 * time.Second

// Handler hands off each repair the data table's stream reports.
type Handler struct {
	Notifier *Notifier
	Log      *slog.Logger
}

// Invoke hands off every record's repair and reports the records that
// failed (template.yaml sets ReportBatchItemFailures): Lambda retries from
// the earliest of them, bisecting, and after MaximumRetryAttempts sends
// the record's pointer to the dead-letter queue. It goes on past a failed
// record, so one repair that cannot go does not hold up an emergency
// behind it; the retry sends those again only if they are not recorded as
// sent. It never returns an error, which would retry the whole batch.
func (h *Handler) Invoke(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-reserve))
		defer cancel()
	}
	resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	for _, rec := range ev.Records {
		if !h.one(ctx, rec) {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: rec.Change.SequenceNumber})
		}
	}
	return resp, nil
}

func (h *Handler) one(ctx context.Context, rec events.DynamoDBEventRecord) bool {
	log := h.Log.With("event_id", rec.EventID, "sequence_number", rec.Change.SequenceNumber)
	if rec.EventName != string(events.DynamoDBOperationTypeInsert) {
		// The template's filter passes only INSERTs; anything else is not
		// a new repair.
		log.WarnContext(ctx, "stream record is not an INSERT; ignored", "event_name", rec.EventName)
		return true
	}
	ref, err := RepairRef(rec.Change.NewImage)
	if err != nil {
		log.ErrorContext(ctx, "stream record is not a repair; it will go to the dead-letter queue after its retries", "err", err)
		return false
	}
	log = log.With("repair", ref)
	if ctx.Err() != nil {
		log.WarnContext(ctx, "no time left for this repair; Lambda will retry it")
		return false
	}
	rctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	out, err := h.Notifier.HandOff(rctx, ref)
	if err != nil {
		log.WarnContext(ctx, "repair not handed off; Lambda will retry it", "err", err)
		return false
	}
	log.InfoContext(ctx, "repair hand-off", "outcome", string(out))
	return true
}

// RepairRef is the reference of the repair a stream record's NEW_IMAGE
// holds, checked against how infra/dynamo writes a repair item.
func RepairRef(img map[string]events.DynamoDBAttributeValue) (string, error) {
	s := func(name string) (string, error) {
		v, ok := img[name]
		if !ok || v.DataType() != events.DataTypeString {
			return "", fmt.Errorf("NEW_IMAGE has no string %q", name)
		}
		return v.String(), nil
	}
	pk, err := s("pk")
	if err != nil {
		return "", err
	}
	ref, ok := strings.CutPrefix(pk, dynamo.RepairPrefix)
	if !ok || ref == "" {
		return "", fmt.Errorf("pk %q is not a repair's", pk)
	}
	attr, err := s("ref")
	if err != nil {
		return "", err
	}
	if attr != ref {
		return "", errors.New("pk and ref disagree")
	}
	if _, err := s("household_id"); err != nil {
		return "", err
	}
	if v, ok := img["reported_at"]; !ok || v.DataType() != events.DataTypeNumber {
		return "", errors.New("NEW_IMAGE has no number \"reported_at\"")
	}
	return ref, nil
}
