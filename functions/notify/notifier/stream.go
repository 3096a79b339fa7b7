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
	sub, err := SubjectOf(rec)
	if errors.Is(err, errIgnored) {
		// The template's filter passes only what SubjectOf accepts.
		log.WarnContext(ctx, "stream record is not a hand-off; ignored", "event_name", rec.EventName, "err", err)
		return true
	}
	if err != nil {
		log.ErrorContext(ctx, "stream record is malformed; it will go to the dead-letter queue after its retries", "err", err)
		return false
	}
	log = log.With(sub.logAttrs()...)
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

// Subject is what a stream record is to hand off: a repair (RepairRef), or
// a coach visit booked or cancelled (BookingID, Cancelled).
type Subject struct {
	RepairRef string
	BookingID string
	Cancelled bool
}

func (s Subject) logAttrs() []any {
	if s.RepairRef != "" {
		return []any{"repair", s.RepairRef}
	}
	return []any{"booking_id", s.BookingID, "cancelled", s.Cancelled}
}

// errIgnored marks a record that is no hand-off (not a malformed one).
var errIgnored = errors.New("not a hand-off")

// SubjectOf reads what a stream record hands off, as the template's filter
// passes them: the INSERT of a repair item, the INSERT of a booking item
// (booked), a MODIFY of a booking item with cancelled_at (cancelled).
func SubjectOf(rec events.DynamoDBEventRecord) (Subject, error) {
	img := rec.Change.NewImage
	pk, _ := imageString(img, "pk")
	insert := rec.EventName == string(events.DynamoDBOperationTypeInsert)
	modify := rec.EventName == string(events.DynamoDBOperationTypeModify)
	switch {
	case insert && strings.HasPrefix(pk, dynamo.RepairPrefix):
		ref, err := RepairRef(img)
		return Subject{RepairRef: ref}, err
	case (insert || modify) && strings.HasPrefix(pk, dynamo.BookingPrefix):
		cancelled := false
		if v, ok := img["cancelled_at"]; ok {
			if v.DataType() != events.DataTypeNumber {
				return Subject{}, errors.New("NEW_IMAGE's \"cancelled_at\" is not a number")
			}
			cancelled = true
		}
		if modify && !cancelled {
			return Subject{}, fmt.Errorf("%w: MODIFY of a booking without cancelled_at", errIgnored)
		}
		id, err := BookingID(img)
		return Subject{BookingID: id, Cancelled: cancelled}, err
	}
	return Subject{}, fmt.Errorf("%w: %s of pk %q", errIgnored, rec.EventName, pk)
}

func imageString(img map[string]events.DynamoDBAttributeValue, name string) (string, error) {
	v, ok := img[name]
	if !ok || v.DataType() != events.DataTypeString {
		return "", fmt.Errorf("NEW_IMAGE has no string %q", name)
	}
	return v.String(), nil
}

// RepairRef is the reference of the repair a stream record's NEW_IMAGE
// holds, checked against how infra/dynamo writes a repair item.
func RepairRef(img map[string]events.DynamoDBAttributeValue) (string, error) {
	s := func(name string) (string, error) { return imageString(img, name) }
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

// BookingID is the id of the booking a stream record's NEW_IMAGE holds,
// checked against how infra/dynamo writes a booking item.
func BookingID(img map[string]events.DynamoDBAttributeValue) (string, error) {
	s := func(name string) (string, error) { return imageString(img, name) }
	pk, err := s("pk")
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(pk, dynamo.BookingPrefix)
	if !ok || id == "" {
		return "", fmt.Errorf("pk %q is not a booking's", pk)
	}
	attr, err := s("booking_id")
	if err != nil {
		return "", err
	}
	if attr != id {
		return "", errors.New("pk and booking_id disagree")
	}
	for _, name := range []string{"slot_id", "household_id"} {
		if _, err := s(name); err != nil {
			return "", err
		}
	}
	return id, nil
}
