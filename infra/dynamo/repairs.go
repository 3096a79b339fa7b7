package dynamo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// A repair is one item keyed by its reference, so the reference's
// uniqueness is the item's own: one conditional put (in one transaction
// with the request's claim, in a conversation), nothing to undo.
// It carries two sets of index keys, both written once and never changed:
// gsi1 under its household, oldest first, for OpenRepairs (which filters
// out done ones) and for erasure, which must find done repairs too; and
// gsi3 in the one repair-queue partition, for ListRepairs. Because no key
// changes with the status, SetRepairStatus is a single UpdateItem that needs
// no read first.
const (
	pfxRepair    = "REPAIR#" // pk: REPAIR#<ref>
	skRepair     = "REPAIR"
	pfxHHRepairs = "REPAIRS#" // gsi1pk: REPAIRS#<household id>; gsi1sk: <reported ms>#<ref>
	// gsi3pk of every repair; gsi3sk <reported ms>#<ref>. One partition:
	// repairs are written a few a day, once each, and an index partition
	// takes a thousand writes a second, so sharding would buy nothing.
	gsi3Repairs = "REPAIRS"
)

// Repair attributes.
const (
	attrProblem    = "problem"
	attrRoom       = "room"
	attrPriority   = "priority"
	attrStatus     = "status"
	attrGuideTried = "guide_tried"
	attrReportedAt = "reported_at"
	// attrDescription is the tenant's own words: personal data, deleted
	// with the repair when the household is erased.
	attrDescription = "description"
	// visit_day and visit_part: the repairs team's visit staff booked.
	attrVisitDay  = "visit_day"
	attrVisitPart = "visit_part"
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
	putS(it, attrDescription, r.Description)
	order := msKey(r.ReportedAt) + "#" + r.Ref
	it[attrGSI1PK] = sval(pfxHHRepairs + r.HouseholdID)
	it[attrGSI1SK] = sval(order)
	it[attrGSI3PK] = sval(gsi3Repairs)
	it[attrGSI3SK] = sval(order)
	err := s.claimed(ctx, intents.Effect("repair", r.Ref), types.TransactWriteItem{Put: &types.Put{
		TableName:                aws.String(s.tables.Data),
		Item:                     it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	}})
	if writeFailed(err, 0) {
		// The SDK retries a write whose reply was lost, and the retry then
		// finds the first attempt's item: that is this repair, saved, not
		// a clash (which would make the conversation save it again under
		// another reference).
		if s.sameItem(ctx, it, attrHouseholdID, attrReportedAt, attrProblem) {
			return nil
		}
		return conflict("reference taken", err)
	}
	return err
}

// sameItem reads the stored item with want's key, consistently, and reports
// whether it matches want on the given attributes: whether a write that
// failed its "must not exist" condition had in fact already happened.
func (s *Store) sameItem(ctx context.Context, want item, attrs ...string) bool {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Data), Key: item{attrPK: want[attrPK], attrSK: want[attrSK]}, ConsistentRead: aws.Bool(true),
	})
	if err != nil || out.Item == nil {
		return false
	}
	for _, a := range attrs {
		if !reflect.DeepEqual(out.Item[a], want[a]) {
			return false
		}
	}
	return true
}

// OpenRepairs lists a household's repairs not yet done, oldest first: one
// Query on gsi1, which holds all of the household's repairs, with a filter
// dropping the done ones (a household reports a handful a year, so reading
// the done ones too costs next to nothing). An index read is eventually
// consistent, so a repair saved a moment ago can be missing for (typically)
// well under a second; the conversation reads repairs in a later turn than
// it saves them.
func (s *Store) OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	rs, err := s.openRepairs(ctx, householdID)
	if err != nil {
		return nil, fmt.Errorf("dynamo: open repairs of %s: %w", householdID, err)
	}
	return rs, nil
}

func (s *Store) openRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	items, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                aws.String(s.tables.Data),
		IndexName:                aws.String(indexGSI1),
		KeyConditionExpression:   aws.String("#gsi1pk = :pk"),
		FilterExpression:         aws.String("#status <> :done"),
		ExpressionAttributeNames: names(attrGSI1PK, attrStatus),
		ExpressionAttributeValues: item{
			":pk":   sval(pfxHHRepairs + householdID),
			":done": sval(string(intents.StatusDone)),
		},
	})
	if err != nil {
		return nil, err
	}
	return decodeRepairs(items)
}

func decodeRepairs(items []item) ([]intents.Repair, error) {
	rs := make([]intents.Repair, 0, len(items))
	for _, it := range items {
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
			Description: d.str(attrDescription),
			Visit:       intents.RepairVisit{Day: d.time(attrVisitDay), Part: intents.VisitPart(d.str(attrVisitPart))},
		}
		if d.err != nil {
			return nil, fmt.Errorf("repair item %s: %w", r.Ref, d.err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// ListRepairs lists every repair, newest first. It is a staff command: a
// Query on gsi3's repair-queue partition in reverse for the keys, then
// BatchGetItem for the repairs, so each status is read strongly consistent.
func (s *Store) ListRepairs(ctx context.Context) ([]intents.Repair, error) {
	rs, err := s.listRepairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("dynamo: list repairs: %w", err)
	}
	return rs, nil
}

func (s *Store) listRepairs(ctx context.Context) ([]intents.Repair, error) {
	keys, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI3),
		KeyConditionExpression:    aws.String("#gsi3pk = :all"),
		ExpressionAttributeNames:  names(attrGSI3PK),
		ExpressionAttributeValues: item{":all": sval(gsi3Repairs)},
		ScanIndexForward:          aws.Bool(false), // newest first
	})
	if err != nil {
		return nil, err
	}
	items, err := s.itemsInOrder(ctx, keys)
	if err != nil {
		return nil, err
	}
	// A repair kept only to be handed off belongs to no household now.
	items = slices.DeleteFunc(items, func(it item) bool { return it[attrKeptMessage] != nil })
	rs, err := decodeRepairs(items)
	if err != nil {
		return nil, err
	}
	for i, it := range items {
		if rs[i].HandOff, err = decodeHandOff(it); err != nil {
			return nil, fmt.Errorf("repair item %s: %w", rs[i].Ref, err)
		}
	}
	return rs, nil
}

// decodeHandOff reads how far a repair item's hand-off has got: sent once
// functions/notify has recorded handoff_sent_at (handoff.go), else waiting.
// The item keeps no failures or attempts (those are the notify function's
// retries and its dead-letter queue), so waiting carries no detail.
func decodeHandOff(it item) (intents.HandOff, error) {
	d := decoder{it: it}
	at := d.time(attrHandoffSentAt)
	if d.err != nil {
		return intents.HandOff{}, d.err
	}
	if at.IsZero() {
		return intents.HandOff{State: "waiting"}, nil
	}
	return intents.HandOff{State: "sent", At: at}, nil
}

// SetRepairStatus changes a repair's status; ErrNotFound for an unknown
// ref. One UpdateItem, conditional on the repair existing so that an
// unknown ref does not create a stray item.
func (s *Store) SetRepairStatus(ctx context.Context, ref string, status intents.RepairStatus) error {
	err := s.setRepairStatus(ctx, ref, status)
	if err != nil {
		return fmt.Errorf("dynamo: set status of repair %s: %w", ref, err)
	}
	return nil
}

// SetRepairVisit books the repairs team's visit: status booked, with its
// day; ErrNotFound for an unknown ref.
func (s *Store) SetRepairVisit(ctx context.Context, ref string, v intents.RepairVisit) error {
	set := "SET #status = :status, #visit_day = :day"
	val := item{":status": sval(string(intents.StatusBooked)), ":day": msval(v.Day)}
	if v.Part == intents.VisitAllDay {
		set += " REMOVE #visit_part"
	} else {
		set += ", #visit_part = :part"
		val[":part"] = sval(string(v.Part))
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		UpdateExpression:          aws.String(set),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrStatus, attrVisitDay, attrVisitPart, attrPK),
		ExpressionAttributeValues: val,
	})
	if conditionFailed(err) {
		err = notFound("repair")
	}
	if err != nil {
		return fmt.Errorf("dynamo: book a visit for repair %s: %w", ref, err)
	}
	return nil
}

func (s *Store) setRepairStatus(ctx context.Context, ref string, status intents.RepairStatus) error {
	if status == "" {
		return errors.New("empty status")
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       item{attrPK: sval(pfxRepair + ref), attrSK: sval(skRepair)},
		UpdateExpression:          aws.String("SET #status = :status"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrStatus, attrPK),
		ExpressionAttributeValues: item{":status": sval(string(status))},
	})
	if conditionFailed(err) {
		return notFound("repair")
	}
	return err
}
