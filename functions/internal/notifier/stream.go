package notifier

import (
	"context"
	"errors"
	"log/slog"
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

// Handler hands off each repair and coach visit the data table's stream
// reports.
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
	sub, err := dynamo.StreamHandOffOf(rec)
	if errors.Is(err, dynamo.ErrNotHandOff) {
		// The template's filter passes only what SubjectOf accepts.
		log.WarnContext(ctx, "stream record is not a hand-off; ignored", "event_name", rec.EventName, "err", err)
		return true
	}
	if err != nil {
		log.ErrorContext(ctx, "stream record is malformed; it will go to the dead-letter queue after its retries", "err", err)
		return false
	}
	log = log.With(logAttrs(sub)...)
	if ctx.Err() != nil {
		log.WarnContext(ctx, "no time left for this record; Lambda will retry it")
		return false
	}
	rctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	var out Outcome
	if sub.RepairRef != "" {
		out, err = h.Notifier.HandOff(rctx, sub.RepairRef)
	} else {
		out, err = h.Notifier.HandOffVisit(rctx, sub.BookingID, sub.Cancelled)
	}
	if err != nil {
		log.WarnContext(ctx, "not handed off; Lambda will retry it", "err", err)
		return false
	}
	if out == SlotGone {
		log.ErrorContext(ctx, "coach visit not handed off: its slot is gone; tell the coach by hand", "outcome", string(out))
		return true
	}
	log.InfoContext(ctx, "hand-off", "outcome", string(out))
	return true
}

func logAttrs(s dynamo.StreamHandOff) []any {
	if s.RepairRef != "" {
		return []any{"repair", s.RepairRef}
	}
	return []any{"booking_id", s.BookingID, "cancelled", s.Cancelled}
}
