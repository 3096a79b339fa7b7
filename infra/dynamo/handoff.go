package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// attrHandoffSentAt is when a repair's hand-off was sent (Unix ms), set by
// MarkHandedOff: on AWS the repair item itself records its hand-off, where
// the SQLite store keeps an outbox. functions/notify sets it after it has
// published the repair; a repair without it is still to be handed off.
const attrHandoffSentAt = "handoff_sent_at"

// RepairPrefix is the start of every repair item's pk (REPAIR#<ref>): the
// template's stream filter passes only items whose pk starts with it.
const RepairPrefix = pfxRepair

// attrKeptMessage is the message, as JSON, of a repair kept after its
// household was erased because it had not been handed off yet (erase.go,
// keepPromised): the item then holds nothing else of the repair but its
// ref, priority and repair-queue keys.
const attrKeptMessage = "kept_message"

// HandOff is a repair as stored now, with when its hand-off was sent (zero
// if it has not been).
type HandOff struct {
	Repair      intents.Repair
	SentAt      time.Time // zero until every destination has it
	PublishedAt time.Time // zero until published to the hand-off topic
	// Kept is the message to send, all that is left of a repair whose
	// household was erased before it was handed off (handoff.AfterErasure):
	// send it, then DropKept. Nil for a repair of a household still here.
	Kept *handoff.Message
}

// RepairHandOff reads repair ref and its hand-off state, strongly
// consistent, so a hand-off recorded a moment ago is seen; ErrNotFound if
// there is no such repair (erased, or never saved).
func (s *Store) RepairHandOff(ctx context.Context, ref string) (HandOff, error) {
	h, err := s.repairHandOff(ctx, ref)
	if err != nil {
		return HandOff{}, fmt.Errorf("dynamo: hand-off of repair %s: %w", ref, err)
	}
	return h, nil
}

func (s *Store) repairHandOff(ctx context.Context, ref string) (HandOff, error) {
	if ref == "" {
		return HandOff{}, errors.New("empty ref")
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return HandOff{}, err
	}
	if out.Item == nil {
		return HandOff{}, notFound("repair")
	}
	rs, err := decodeRepairs([]item{out.Item})
	if err != nil {
		return HandOff{}, err
	}
	d := decoder{it: out.Item}
	h := HandOff{Repair: rs[0], SentAt: d.time(attrHandoffSentAt), PublishedAt: d.time(attrHandoffPublishedAt)}
	if d.err != nil {
		return HandOff{}, d.err
	}
	if b, ok := out.Item[attrKeptMessage].(*types.AttributeValueMemberB); ok {
		var m handoff.Message
		if err := json.Unmarshal(b.Value, &m); err != nil {
			return HandOff{}, fmt.Errorf("kept message: %w", err)
		}
		h.Kept = &m
	}
	return h, nil
}

// DropKept deletes repair ref if it is a kept message (HandOff.Kept), once
// it has been sent or, in the end, given up on: it was the last of an
// erased household. Nothing happens to any other repair.
func (s *Store) DropKept(ctx context.Context, ref string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                aws.String(s.tables.Data),
		Key:                      item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		ConditionExpression:      aws.String("attribute_exists(#kept_message)"),
		ExpressionAttributeNames: names(attrKeptMessage),
	})
	if err != nil && !conditionFailed(err) {
		return fmt.Errorf("dynamo: drop kept hand-off of repair %s: %w", ref, err)
	}
	return nil
}

// HouseholdRef returns the landlord's reference of household id, the name
// the repairs team knows it by; ErrNotFound if the household is unknown,
// unfinished or being erased.
func (s *Store) HouseholdRef(ctx context.Context, id string) (string, error) {
	h, err := s.household(ctx, id)
	if err != nil {
		return "", fmt.Errorf("dynamo: household %s: %w", id, err)
	}
	return h.Ref, nil
}

// PracticeHousehold reports whether household id is a practice (demo)
// one, whose repairs and visits are never handed off
// (intents.Household.Demo); false for a household not found, which the
// hand-off deals with as it always has.
func (s *Store) PracticeHousehold(ctx context.Context, id string) (bool, error) {
	h, err := s.household(ctx, id)
	if errors.Is(err, intents.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dynamo: is household %s practice: %w", id, err)
	}
	return h.Demo, nil
}

// MarkHandedOff records that repair ref's hand-off was sent at at: one
// UpdateItem, conditional on the repair existing, so that a repair erased
// meanwhile is not brought back as a stray item; ErrNotFound then. Marking
// again overwrites the time (a resend after a lost mark), harmlessly.
func (s *Store) MarkHandedOff(ctx context.Context, ref string, at time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		UpdateExpression:          aws.String("SET #handoff_sent_at = :at"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrHandoffSentAt, attrPK),
		ExpressionAttributeValues: item{":at": msval(at)},
	})
	if conditionFailed(err) {
		err = notFound("repair")
	}
	if err != nil {
		return fmt.Errorf("dynamo: mark repair %s handed off: %w", ref, err)
	}
	return nil
}

// attrHandoffPublishedAt is when the repair was published to the hand-off
// topic (Unix ms): a retry after a webhook failed then skips the topic, so
// the staff its email and SMS reach are not told twice.
const attrHandoffPublishedAt = "handoff_published_at"

// MarkPublished records that repair ref was published to the hand-off topic
// at at; ErrNotFound if the repair is gone.
func (s *Store) MarkPublished(ctx context.Context, ref string, at time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		UpdateExpression:          aws.String("SET #handoff_published_at = :at"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrHandoffPublishedAt, attrPK),
		ExpressionAttributeValues: item{":at": msval(at)},
	})
	if conditionFailed(err) {
		err = notFound("repair")
	}
	if err != nil {
		return fmt.Errorf("dynamo: mark repair %s published: %w", ref, err)
	}
	return nil
}

// RepairsAwaitingHandOff lists the references of repairs reported in
// [since, before) that have no handoff_sent_at, oldest first: what
// functions/handoffsweep hands off when the stream path did not. One Query
// on gsi3's repair-queue partition with a key condition on the sort key's
// time prefix (no Scan), then BatchGetItem, strongly consistent, for the
// hand-off state (gsi3 is KEYS_ONLY).
func (s *Store) RepairsAwaitingHandOff(ctx context.Context, since, before time.Time) ([]string, error) {
	refs, err := s.repairsAwaitingHandOff(ctx, since, before)
	if err != nil {
		return nil, fmt.Errorf("dynamo: repairs awaiting hand-off: %w", err)
	}
	return refs, nil
}

func (s *Store) repairsAwaitingHandOff(ctx context.Context, since, before time.Time) ([]string, error) {
	items, err := s.unsentRepairs(ctx, since, before)
	if err != nil {
		return nil, err
	}
	return repairRefs(items)
}

// KeptFor is how long after its report a repair kept to be handed off
// after its household was erased (keepPromised) is kept if it never goes:
// twice the 7 days functions/handoffsweep tries it for, so a person alerted
// by KeptOverdue has a week more to pass it on by hand. It is kept at
// least a day after the erasure, for the stream's retries. DynamoDB's time
// to live then deletes it (within a day or two of expiry).
const KeptFor = 14 * 24 * time.Hour

// Overdue is a kept repair that was never handed off, and when it will be
// deleted.
type Overdue struct {
	Ref       string
	DeletedAt time.Time
}

// KeptOverdue lists the repairs of erased households reported in [since,
// before) still waiting to be handed off, for functions/handoffsweep to
// raise the alarm about each before it is deleted.
func (s *Store) KeptOverdue(ctx context.Context, since, before time.Time) ([]Overdue, error) {
	items, err := s.unsentRepairs(ctx, since, before)
	if err != nil {
		return nil, fmt.Errorf("dynamo: kept repairs overdue: %w", err)
	}
	var out []Overdue
	for _, it := range items {
		if _, kept := it[attrKeptMessage]; !kept {
			continue
		}
		refs, err := repairRefs([]item{it})
		if err != nil {
			return nil, fmt.Errorf("dynamo: kept repairs overdue: %w", err)
		}
		o := Overdue{Ref: refs[0]}
		if n, ok := it[TTLAttribute].(*types.AttributeValueMemberN); ok {
			if sec, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				o.DeletedAt = time.Unix(sec, 0).UTC()
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// unsentRepairs returns the repair items reported in [since, before) not
// yet handed off.
func (s *Store) unsentRepairs(ctx context.Context, since, before time.Time) ([]item, error) {
	if !since.Before(before) {
		return nil, nil
	}
	lo, hi := rangeKeys(since, before)
	keys, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI3),
		KeyConditionExpression:    aws.String("#gsi3pk = :all AND #gsi3sk BETWEEN :lo AND :hi"),
		ExpressionAttributeNames:  names(attrGSI3PK, attrGSI3SK),
		ExpressionAttributeValues: item{":all": sval(gsi3Repairs), ":lo": sval(lo), ":hi": sval(hi)},
	})
	if err != nil {
		return nil, err
	}
	items, err := s.itemsInOrder(ctx, keys)
	if err != nil {
		return nil, err
	}
	var unsent []item
	for _, it := range items {
		if _, sent := it[attrHandoffSentAt]; !sent {
			unsent = append(unsent, it)
		}
	}
	return unsent, nil
}

func repairRefs(items []item) ([]string, error) {
	var refs []string
	for _, it := range items {
		d := decoder{it: it}
		ref := d.str(attrRef)
		if d.err != nil || ref == "" {
			return nil, fmt.Errorf("repair item %v has no ref: %v", it[attrPK], d.err)
		}
		refs = append(refs, ref)
	}
	return refs, nil
}

// BookingPrefix is the start of every booking item's pk (BOOKING#<id>):
// the template's stream filter passes booking items by it.
const BookingPrefix = pfxBooking

// Hand-off state of a coach visit, on the booking item: when the booked
// and the cancelled message were published to the hand-off topic and sent
// to every destination (Unix ms). A booking item with cancelled_at but no
// handoff_cancel_sent_at still has its cancellation to hand off.
const (
	attrHandoffBookedPublishedAt = "handoff_booked_published_at"
	attrHandoffBookedSentAt      = "handoff_booked_sent_at"
	attrHandoffCancelPublishedAt = "handoff_cancel_published_at"
	attrHandoffCancelSentAt      = "handoff_cancel_sent_at"
)

// VisitHandOff is a booking as stored now, with its slot's details and the
// hand-off state of its booked and cancelled messages.
type VisitHandOff struct {
	Booking intents.Booking // Slot filled in from the slot item
	// Standing: the slot names this booking. A booking item whose slot
	// does not name it and that was never cancelled did not (or does not
	// yet) hold its slot: Book writes the booking item before the slot.
	Standing bool
	// SlotKnown: the slot item was found, so Booking.Slot has its coach
	// and start.
	SlotKnown                       bool
	BookedPublishedAt, BookedSentAt time.Time
	CancelPublishedAt, CancelSentAt time.Time
}

// BookingHandOff reads booking id and its slot, strongly consistent;
// ErrNotFound if the booking item is gone (erased, or deleted by a Book
// that lost its slot).
func (s *Store) BookingHandOff(ctx context.Context, id string) (VisitHandOff, error) {
	v, err := s.bookingHandOff(ctx, id)
	if err != nil {
		return VisitHandOff{}, fmt.Errorf("dynamo: hand-off of booking %s: %w", id, err)
	}
	return v, nil
}

func (s *Store) bookingHandOff(ctx context.Context, id string) (VisitHandOff, error) {
	if id == "" {
		return VisitHandOff{}, errors.New("empty booking id")
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            item{attrPK: sval(pfxBooking + id), attrSK: sval(skBooking)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return VisitHandOff{}, err
	}
	if out.Item == nil {
		return VisitHandOff{}, notFound("booking")
	}
	d := decoder{it: out.Item}
	v := VisitHandOff{
		Booking: intents.Booking{
			ID: d.str(attrBookingID), HouseholdID: d.str(attrHouseholdID), Slot: intents.CoachSlot{ID: d.str(attrSlotID)},
			BookedAt: d.time(attrBookedAt), CancelledAt: d.time(attrCancelledAt),
		},
		BookedPublishedAt: d.time(attrHandoffBookedPublishedAt), BookedSentAt: d.time(attrHandoffBookedSentAt),
		CancelPublishedAt: d.time(attrHandoffCancelPublishedAt), CancelSentAt: d.time(attrHandoffCancelSentAt),
	}
	if d.err != nil {
		return VisitHandOff{}, fmt.Errorf("booking item: %w", d.err)
	}
	if v.Booking.Slot.ID == "" {
		return VisitHandOff{}, errors.New("booking item has no slot_id")
	}
	sl, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Data), Key: slotKey(v.Booking.Slot.ID), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return VisitHandOff{}, err
	}
	if sl.Item != nil {
		slot, err := decodeSlot(sl.Item)
		if err != nil {
			return VisitHandOff{}, err
		}
		v.Booking.Slot, v.SlotKnown = slot, true
		sd := decoder{it: sl.Item}
		v.Standing = sd.str(attrBookingID) == id
		if sd.err != nil {
			return VisitHandOff{}, fmt.Errorf("slot item: %w", sd.err)
		}
	}
	return v, nil
}

// VisitStep is one hand-off step recorded on a booking item.
type VisitStep int

const (
	BookedPublished VisitStep = iota // the booked message went to the topic
	BookedSent                       // ... and to every destination
	CancelPublished                  // the cancelled message went to the topic
	CancelSent                       // ... and to every destination
)

func (st VisitStep) attr() string {
	return [...]string{attrHandoffBookedPublishedAt, attrHandoffBookedSentAt, attrHandoffCancelPublishedAt, attrHandoffCancelSentAt}[st]
}

// MarkVisit records a hand-off step of booking id at at: one UpdateItem,
// conditional on the booking item existing (so an erased booking is not
// brought back as a stray item); ErrNotFound then.
func (s *Store) MarkVisit(ctx context.Context, id string, step VisitStep, at time.Time) error {
	if step < BookedPublished || step > CancelSent {
		return fmt.Errorf("dynamo: mark booking %s: unknown step %d", id, step)
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       item{attrPK: sval(pfxBooking + id), attrSK: sval(skBooking)},
		UpdateExpression:          aws.String("SET #step = :at"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  map[string]string{"#step": step.attr(), "#pk": attrPK},
		ExpressionAttributeValues: item{":at": msval(at)},
	})
	if conditionFailed(err) {
		err = notFound("booking")
	}
	if err != nil {
		return fmt.Errorf("dynamo: mark booking %s %s: %w", id, step.attr(), err)
	}
	return nil
}
