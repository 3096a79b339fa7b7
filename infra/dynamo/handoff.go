package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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

// HandOff is a repair as stored now, with when its hand-off was sent (zero
// if it has not been).
type HandOff struct {
	Repair      intents.Repair
	SentAt      time.Time // zero until every destination has it
	PublishedAt time.Time // zero until published to the hand-off topic
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
	return h, nil
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
