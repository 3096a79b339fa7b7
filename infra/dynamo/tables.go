package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// Key attributes and indexes. docs/data-model.md lists what each holds for
// each item type; the names are generic because, in a single-table design,
// one index serves several item types, each with its own key pattern.
const (
	attrPK = "pk" // partition key of both tables
	attrSK = "sk" // sort key of both tables

	// gsi1: request-path lists, projection ALL so a list is one Query:
	// a household's repairs (open ones for the conversation, all of them
	// for erasure), a coach's free slots, a household's held slots.
	indexGSI1  = "gsi1"
	attrGSI1PK = "gsi1pk"
	attrGSI1SK = "gsi1sk"

	// gsi2: free slots of every coach, partitioned by month, projection ALL.
	indexGSI2  = "gsi2"
	attrGSI2PK = "gsi2pk"
	attrGSI2SK = "gsi2sk"

	// gsi3: lists read off the request path, by staff and by erasure:
	// every household, the repair queue, coach slots by month, and a
	// household's speakers and booking items. KEYS_ONLY, and its keys are
	// written once when an item is created and never changed, so the
	// writes that run on every request or booking (TouchHousehold,
	// MarkFeedbackAsked, Book, CancelBooking, SetRepairStatus) write
	// nothing to it; the lists pay with a BatchGetItem instead.
	indexGSI3  = "gsi3"
	attrGSI3PK = "gsi3pk"
	attrGSI3SK = "gsi3sk"

	// Usage table: a household's events, oldest first. Sparse: events with
	// no household (a speaker not yet linked) have no household_id.
	indexUsageByHousehold = "by_household"
	attrHouseholdID       = "household_id"

	// Usage table: a speaker's events, so erasure can find the events of a
	// speaker that was not yet linked (they carry no household_id).
	// Sparse on speaker_id; KEYS_ONLY, because erasure needs only each
	// event's key, and an ALL projection would store every event again.
	indexUsageBySpeaker = "by_speaker"
)

// Definitions are the CreateTable inputs for both tables, Data first: keys,
// global secondary indexes and on-demand billing. They are the one
// definition `homehelper dynamo init` (through CreateTables) and the
// template.yaml test both use.
//
// Time to live is not part of CreateTable: after creating the usage table,
// UpdateTimeToLive must enable TTL on TTLAttribute (CreateTables does; a
// CloudFormation template sets TimeToLiveSpecification on the table).
func Definitions(t Tables) []*dynamodb.CreateTableInput {
	str := func(name string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: types.ScalarAttributeTypeS}
	}
	keys := func(pk, sk string) []types.KeySchemaElement {
		return []types.KeySchemaElement{
			{AttributeName: aws.String(pk), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(sk), KeyType: types.KeyTypeRange},
		}
	}
	gsi := func(name, pk, sk string, p types.ProjectionType) types.GlobalSecondaryIndex {
		return types.GlobalSecondaryIndex{
			IndexName:  aws.String(name),
			KeySchema:  keys(pk, sk),
			Projection: &types.Projection{ProjectionType: p},
		}
	}
	return []*dynamodb.CreateTableInput{
		{
			TableName:   aws.String(t.Data),
			BillingMode: types.BillingModePayPerRequest,
			AttributeDefinitions: []types.AttributeDefinition{
				str(attrPK), str(attrSK),
				str(attrGSI1PK), str(attrGSI1SK),
				str(attrGSI2PK), str(attrGSI2SK),
				str(attrGSI3PK), str(attrGSI3SK),
			},
			KeySchema: keys(attrPK, attrSK),
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
				gsi(indexGSI1, attrGSI1PK, attrGSI1SK, types.ProjectionTypeAll),
				gsi(indexGSI2, attrGSI2PK, attrGSI2SK, types.ProjectionTypeAll),
				gsi(indexGSI3, attrGSI3PK, attrGSI3SK, types.ProjectionTypeKeysOnly),
			},
		},
		{
			TableName:   aws.String(t.Usage),
			BillingMode: types.BillingModePayPerRequest,
			AttributeDefinitions: []types.AttributeDefinition{
				str(attrPK), str(attrSK), str(attrHouseholdID), str(attrSpeakerID),
			},
			KeySchema: keys(attrPK, attrSK),
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
				gsi(indexUsageByHousehold, attrHouseholdID, attrSK, types.ProjectionTypeAll),
				gsi(indexUsageBySpeaker, attrSpeakerID, attrSK, types.ProjectionTypeKeysOnly),
			},
		},
	}
}

// activeTimeout bounds CreateTables' wait for a new table to turn ACTIVE;
// DynamoDB usually takes seconds, occasionally a minute or two.
const activeTimeout = 5 * time.Minute

// CreateTables creates each table of Definitions that does not exist and
// waits until it and its indexes are ACTIVE; a table that exists is checked
// against its definition (same keys and indexes) and left as it is. It then
// enables TTL on the usage table and the data table (where only repairs
// kept after an erasure carry it). An endpoint without UpdateTimeToLive
// (dynalite) is logged as a warning, not an error: items there simply never
// expire. Calling it again is harmless.
func (s *Store) CreateTables(ctx context.Context) error {
	for _, def := range Definitions(s.tables) {
		if err := s.ensureTable(ctx, def); err != nil {
			return fmt.Errorf("dynamo: create table %s: %w", aws.ToString(def.TableName), err)
		}
	}
	for _, table := range []string{s.tables.Usage, s.tables.Data} {
		if err := s.enableTTL(ctx, table); err != nil {
			return fmt.Errorf("dynamo: enable TTL on %s: %w", table, err)
		}
	}
	return nil
}

func (s *Store) ensureTable(ctx context.Context, def *dynamodb.CreateTableInput) error {
	out, err := s.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: def.TableName})
	var missing *types.ResourceNotFoundException
	switch {
	case errors.As(err, &missing):
		_, err = s.db.CreateTable(ctx, def)
		var inUse *types.ResourceInUseException
		if err != nil && !errors.As(err, &inUse) { // in use: another init got there first
			return err
		}
	case err != nil:
		return err
	default:
		if err := sameDesign(def, out.Table); err != nil {
			return err
		}
	}
	return s.waitActive(ctx, def.TableName)
}

// sameDesign reports how an existing table's keys or indexes differ from
// def: the store's queries would fail on them, so better to say so at init.
func sameDesign(def *dynamodb.CreateTableInput, got *types.TableDescription) error {
	if !sameKeys(def.KeySchema, got.KeySchema) {
		return fmt.Errorf("table exists with key schema %s, want %s", keyString(got.KeySchema), keyString(def.KeySchema))
	}
	for _, want := range def.GlobalSecondaryIndexes {
		i := slices.IndexFunc(got.GlobalSecondaryIndexes, func(g types.GlobalSecondaryIndexDescription) bool {
			return aws.ToString(g.IndexName) == aws.ToString(want.IndexName)
		})
		if i < 0 {
			return fmt.Errorf("table exists without index %s", aws.ToString(want.IndexName))
		}
		g := got.GlobalSecondaryIndexes[i]
		if !sameKeys(want.KeySchema, g.KeySchema) {
			return fmt.Errorf("index %s has key schema %s, want %s", aws.ToString(want.IndexName), keyString(g.KeySchema), keyString(want.KeySchema))
		}
		if g.Projection == nil || g.Projection.ProjectionType != want.Projection.ProjectionType {
			return fmt.Errorf("index %s has a different projection, want %s", aws.ToString(want.IndexName), want.Projection.ProjectionType)
		}
	}
	return nil
}

func sameKeys(a, b []types.KeySchemaElement) bool {
	return slices.EqualFunc(a, b, func(x, y types.KeySchemaElement) bool {
		return aws.ToString(x.AttributeName) == aws.ToString(y.AttributeName) && x.KeyType == y.KeyType
	})
}

func keyString(ks []types.KeySchemaElement) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		s += aws.ToString(k.AttributeName) + " " + string(k.KeyType)
	}
	return "(" + s + ")"
}

// waitActive polls until the table and every index on it are ACTIVE. The
// SDK's TableExists waiter looks at the table only, and an index still
// CREATING refuses queries.
func (s *Store) waitActive(ctx context.Context, table *string) error {
	ctx, cancel := context.WithTimeout(ctx, activeTimeout)
	defer cancel()
	delay := 20 * time.Millisecond
	for {
		out, err := s.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: table})
		var missing *types.ResourceNotFoundException
		if err != nil && !errors.As(err, &missing) { // just created: may not be visible yet
			return err
		}
		if err == nil && active(out.Table) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the table to turn ACTIVE: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

func active(t *types.TableDescription) bool {
	if t.TableStatus != types.TableStatusActive {
		return false
	}
	for _, g := range t.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive {
			return false
		}
	}
	return true
}

// enableTTL turns on TTL for a table's TTLAttribute, unless it is on.
func (s *Store) enableTTL(ctx context.Context, table string) error {
	out, err := s.db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(table)})
	if err != nil {
		return err
	}
	if d := out.TimeToLiveDescription; d != nil {
		switch d.TimeToLiveStatus {
		case types.TimeToLiveStatusEnabled, types.TimeToLiveStatusEnabling:
			if a := aws.ToString(d.AttributeName); a != TTLAttribute {
				return fmt.Errorf("TTL is enabled on %q, want %q", a, TTLAttribute)
			}
			return nil
		}
	}
	_, err = s.db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(TTLAttribute),
			Enabled:       aws.Bool(true),
		},
	})
	if unknownOperation(err) {
		// dynalite: it has no TTL at all. Events keep their expires_at,
		// so enabling TTL later (on real DynamoDB) still applies to them.
		s.log.WarnContext(ctx, "dynamo: this endpoint does not support UpdateTimeToLive; nothing in this table will expire",
			"table", table, "err", err)
		return nil
	}
	return err
}

// unknownOperation reports whether err is the endpoint not knowing the
// operation: dynalite, which has no TTL and no transactions.
func unknownOperation(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "UnknownOperationException"
}
