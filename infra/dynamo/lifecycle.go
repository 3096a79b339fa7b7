package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// The trial's dates are one item. The skill reads it about once a minute
// per running instance (it caches the dates), so it is a single GetItem;
// staff replace it whole.
const (
	pkSettings = "SETTINGS" // pk of deployment-wide settings
	skTrial    = "TRIAL"
	// start_date and end_date are calendar dates, "yyyy-mm-dd", absent for
	// an open side. A date rather than a time, because a trial day is a day
	// in Europe/London: a midnight stored as an instant and read back in
	// UTC would move a summer date back by one (intents.Trial.Open reads
	// the date in the time's own location).
	attrStartDate = "start_date"
	attrEndDate   = "end_date"
)

func trialKey() item { return item{attrPK: sval(pkSettings), attrSK: sval(skTrial)} }

// TrialDates returns the trial's dates, each a midnight UTC on its calendar
// date; the zero Trial if they were never set. One strongly consistent
// GetItem, so a change staff have just made is seen by the next read.
func (s *Store) TrialDates(ctx context.Context) (intents.Trial, error) {
	tr, err := s.trialDates(ctx)
	if err != nil {
		return intents.Trial{}, fmt.Errorf("dynamo: trial dates: %w", err)
	}
	return tr, nil
}

func (s *Store) trialDates(ctx context.Context) (intents.Trial, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            trialKey(),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil || out.Item == nil {
		return intents.Trial{}, err
	}
	d := decoder{it: out.Item}
	start, end := d.str(attrStartDate), d.str(attrEndDate)
	if d.err != nil {
		return intents.Trial{}, d.err
	}
	var tr intents.Trial
	if tr.Start, err = parseDate(start); err != nil {
		return intents.Trial{}, fmt.Errorf("attribute %s: %w", attrStartDate, err)
	}
	if tr.End, err = parseDate(end); err != nil {
		return intents.Trial{}, fmt.Errorf("attribute %s: %w", attrEndDate, err)
	}
	return tr, nil
}

// parseDate reads "yyyy-mm-dd" as midnight UTC; "" is the zero time.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// SetTrialDates replaces the trial's dates: one PutItem. Each date is kept
// as the calendar date it has in its own location; a zero time leaves that
// side open.
func (s *Store) SetTrialDates(ctx context.Context, t intents.Trial) error {
	it := trialKey()
	if !t.Start.IsZero() {
		it[attrStartDate] = sval(t.Start.Format(time.DateOnly))
	}
	if !t.End.IsZero() {
		it[attrEndDate] = sval(t.End.Format(time.DateOnly))
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: it}); err != nil {
		return fmt.Errorf("dynamo: set trial dates: %w", err)
	}
	return nil
}

// FeedbackAsked returns when the household was last asked for a rating, or
// the zero time (also for an unknown household). The time is an attribute
// of the household item, so this is one strongly consistent GetItem that
// projects just that attribute.
func (s *Store) FeedbackAsked(ctx context.Context, householdID string) (time.Time, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:                aws.String(s.tables.Data),
		Key:                      householdKey(householdID),
		ProjectionExpression:     aws.String("#feedback_asked"),
		ExpressionAttributeNames: names(attrFeedbackAsked),
		ConsistentRead:           aws.Bool(true),
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("dynamo: feedback asked of %s: %w", householdID, err)
	}
	d := decoder{it: out.Item}
	at := d.time(attrFeedbackAsked)
	if d.err != nil {
		return time.Time{}, fmt.Errorf("dynamo: feedback asked of %s: %w", householdID, d.err)
	}
	return at, nil
}

// MarkFeedbackAsked records that the household was asked for a rating at
// at; ErrNotFound for an unknown household. One update of the household
// item (with the request's claim, in a conversation), conditional on it
// existing, so that a mark racing an erasure cannot recreate the household
// it belonged to.
func (s *Store) MarkFeedbackAsked(ctx context.Context, householdID string, at time.Time) error {
	err := s.claimed(ctx, intents.FeedbackEffect(householdID, at), types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(s.tables.Data),
		Key:                       householdKey(householdID),
		UpdateExpression:          aws.String("SET #feedback_asked = :at"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrFeedbackAsked, attrPK),
		ExpressionAttributeValues: item{":at": msval(at)},
	}})
	if writeFailed(err, 0) {
		err = notFound("household")
	}
	if err != nil {
		return fmt.Errorf("dynamo: mark feedback asked of %s: %w", householdID, err)
	}
	return nil
}
