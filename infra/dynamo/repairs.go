package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/intents"
)

// A repair is one item keyed by its reference, so the reference's
// uniqueness is the item's own: one conditional PutItem, nothing to undo.
// While it is open it also carries gsi1 keys under its household, oldest
// first; a repair marked done drops its gsi1 keys and leaves the index.
const (
	pfxRepair     = "REPAIR#" // pk: REPAIR#<ref>
	skRepair      = "REPAIR"
	pfxOpenRepair = "REPAIRS#" // gsi1pk: REPAIRS#<household id>; gsi1sk: <reported ms>#<ref>
)

// Repair attributes.
const (
	attrProblem    = "problem"
	attrRoom       = "room"
	attrPriority   = "priority"
	attrStatus     = "status"
	attrGuideTried = "guide_tried"
	attrReportedAt = "reported_at"
)

// SaveRepair stores a new repair; ErrConflict if its Ref is taken. Unlike
// SQLite's foreign key, nothing checks that the household exists: DynamoDB
// cannot make a condition on another item, and the conversation saves
// repairs only for a household it has just read.
func (s *Store) SaveRepair(ctx context.Context, r intents.Repair) error {
	if err := s.saveRepair(ctx, r); err != nil {
		return fmt.Errorf("dynamo: save repair %s: %w", r.Ref, err)
	}
	return nil
}

func (s *Store) saveRepair(ctx context.Context, r intents.Repair) error {
	if r.Ref == "" || r.HouseholdID == "" {
		return errors.New("repair needs a Ref and a HouseholdID")
	}
	it := item{
		attrPK:          sval(pfxRepair + r.Ref),
		attrSK:          sval(skRepair),
		attrRef:         sval(r.Ref),
		attrHouseholdID: sval(r.HouseholdID),
		attrGuideTried:  bval(r.GuideTried),
	}
	putS(it, attrProblem, r.Problem)
	putS(it, attrRoom, r.Room)
	putS(it, attrPriority, string(r.Priority))
	putS(it, attrStatus, string(r.Status))
	putT(it, attrReportedAt, r.ReportedAt)
	if r.Status != intents.StatusDone {
		it[attrGSI1PK] = sval(pfxOpenRepair + r.HouseholdID)
		it[attrGSI1SK] = sval(msKey(r.ReportedAt) + "#" + r.Ref)
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.tables.Data),
		Item:                     it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	})
	if conditionFailed(err) {
		return conflict("reference taken", err)
	}
	return err
}

// OpenRepairs lists a household's repairs not yet done, oldest first: one
// Query on gsi1. An index read is eventually consistent, so a repair saved a
// moment ago can be missing for (typically) well under a second; the
// conversation reads repairs in a later turn than it saves them.
func (s *Store) OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	rs, err := s.openRepairs(ctx, householdID)
	if err != nil {
		return nil, fmt.Errorf("dynamo: open repairs of %s: %w", householdID, err)
	}
	return rs, nil
}

func (s *Store) openRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	var rs []intents.Repair
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:              aws.String(s.tables.Data),
		IndexName:              aws.String(indexGSI1),
		KeyConditionExpression: aws.String("#gsi1pk = :pk"),
		// Belt and braces: whatever marks a repair done should also drop
		// its gsi1 keys, but a done repair must never be read out as open.
		FilterExpression:         aws.String("#status <> :done"),
		ExpressionAttributeNames: names(attrGSI1PK, attrStatus),
		ExpressionAttributeValues: item{
			":pk":   sval(pfxOpenRepair + householdID),
			":done": sval(string(intents.StatusDone)),
		},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			d := decoder{it: it}
			r := intents.Repair{
				Ref:         d.str(attrRef),
				HouseholdID: d.str(attrHouseholdID),
				Problem:     d.str(attrProblem),
				Room:        d.str(attrRoom),
				Priority:    intents.Priority(d.str(attrPriority)),
				Status:      intents.RepairStatus(d.str(attrStatus)),
				GuideTried:  d.bool(attrGuideTried),
				ReportedAt:  d.time(attrReportedAt),
			}
			if d.err != nil {
				return nil, fmt.Errorf("repair item %s: %w", r.Ref, d.err)
			}
			rs = append(rs, r)
		}
	}
	return rs, nil
}
