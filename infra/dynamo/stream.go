package dynamo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// The data table's stream, as Lambda hands it to functions/notify: the
// decoding lives here, beside the writes it must agree with.

// StreamHandOff is what a data table stream record is to hand off: a
// repair (RepairRef), or a coach visit booked or cancelled (BookingID,
// Cancelled).
type StreamHandOff struct {
	RepairRef string
	BookingID string
	Cancelled bool
}

// ErrNotHandOff marks a record that is no hand-off (not a malformed one):
// a change the stream's filter in template.yaml would not have passed.
var ErrNotHandOff = errors.New("not a hand-off")

// StreamHandOffOf reads what a stream record (NEW_IMAGE) hands off, as the
// template's filter passes them: the INSERT of a repair item, the INSERT
// of a booking item (booked), a MODIFY of a booking item with cancelled_at
// (cancelled). The image is checked against how this package writes those
// items, so a change to either shows here.
func StreamHandOffOf(rec events.DynamoDBEventRecord) (StreamHandOff, error) {
	img := rec.Change.NewImage
	pk, _ := streamString(img, attrPK)
	insert := rec.EventName == string(events.DynamoDBOperationTypeInsert)
	modify := rec.EventName == string(events.DynamoDBOperationTypeModify)
	switch {
	case insert && strings.HasPrefix(pk, pfxRepair):
		ref, err := streamRepairRef(img)
		return StreamHandOff{RepairRef: ref}, err
	case (insert || modify) && strings.HasPrefix(pk, pfxBooking):
		cancelled := false
		if v, ok := img[attrCancelledAt]; ok {
			if v.DataType() != events.DataTypeNumber {
				return StreamHandOff{}, errors.New("NEW_IMAGE's \"cancelled_at\" is not a number")
			}
			cancelled = true
		}
		if modify && !cancelled {
			return StreamHandOff{}, fmt.Errorf("%w: MODIFY of a booking without cancelled_at", ErrNotHandOff)
		}
		id, err := streamBookingID(img)
		return StreamHandOff{BookingID: id, Cancelled: cancelled}, err
	}
	return StreamHandOff{}, fmt.Errorf("%w: %s of pk %q", ErrNotHandOff, rec.EventName, pk)
}

func streamString(img map[string]events.DynamoDBAttributeValue, name string) (string, error) {
	v, ok := img[name]
	if !ok || v.DataType() != events.DataTypeString {
		return "", fmt.Errorf("NEW_IMAGE has no string %q", name)
	}
	return v.String(), nil
}

// streamRepairRef is the reference of the repair a stream record's NEW_IMAGE
// holds, checked against how Store writes a repair item.
func streamRepairRef(img map[string]events.DynamoDBAttributeValue) (string, error) {
	s := func(name string) (string, error) { return streamString(img, name) }
	pk, err := s(attrPK)
	if err != nil {
		return "", err
	}
	ref, ok := strings.CutPrefix(pk, pfxRepair)
	if !ok || ref == "" {
		return "", fmt.Errorf("pk %q is not a repair's", pk)
	}
	attr, err := s(attrRef)
	if err != nil {
		return "", err
	}
	if attr != ref {
		return "", errors.New("pk and ref disagree")
	}
	if _, err := s(attrHouseholdID); err != nil {
		return "", err
	}
	if v, ok := img[attrReportedAt]; !ok || v.DataType() != events.DataTypeNumber {
		return "", errors.New("NEW_IMAGE has no number \"reported_at\"")
	}
	return ref, nil
}

// streamBookingID is the id of the booking a stream record's NEW_IMAGE holds,
// checked against how infra/dynamo writes a booking item.
func streamBookingID(img map[string]events.DynamoDBAttributeValue) (string, error) {
	s := func(name string) (string, error) { return streamString(img, name) }
	pk, err := s(attrPK)
	if err != nil {
		return "", err
	}
	id, ok := strings.CutPrefix(pk, pfxBooking)
	if !ok || id == "" {
		return "", fmt.Errorf("pk %q is not a booking's", pk)
	}
	attr, err := s(attrBookingID)
	if err != nil {
		return "", err
	}
	if attr != id {
		return "", errors.New("pk and booking_id disagree")
	}
	for _, name := range []string{attrSlotID, attrHouseholdID} {
		if _, err := s(name); err != nil {
			return "", err
		}
	}
	return id, nil
}
