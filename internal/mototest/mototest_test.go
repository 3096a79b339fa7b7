package mototest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/internal/mototest"
)

// TestStreamIsLambdasEvent: what a table's stream gives, through Next,
// decodes as the event Lambda hands a function, with each change once.
func TestStreamIsLambdasEvent(t *testing.T) {
	srv := mototest.Start(t)
	ctx := context.Background()
	db := dynamodb.NewFromConfig(srv.Config())
	out, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("t"),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage},
	})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.Stream(t, aws.ToString(out.TableDescription.LatestStreamArn))
	put := func(v string) {
		t.Helper()
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "a"}, "v": &types.AttributeValueMemberN{Value: v},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	put("1")
	put("2")
	b, n := st.Next(t)
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if n != 2 || len(ev.Records) != 2 {
		t.Fatalf("%d records, want 2: %s", n, b)
	}
	for i, want := range []struct{ name, v string }{{"INSERT", "1"}, {"MODIFY", "2"}} {
		r := ev.Records[i]
		if r.EventName != want.name || r.Change.NewImage["v"].Number() != want.v || r.EventSourceArn == "" || r.Change.SequenceNumber == "" {
			t.Errorf("record %d: %s v=%s arn=%q seq=%q, want %s v=%s", i, r.EventName, r.Change.NewImage["v"].Number(), r.EventSourceArn, r.Change.SequenceNumber, want.name, want.v)
		}
	}
	if _, n := st.Next(t); n != 0 {
		t.Errorf("Next again gave %d records, want none", n)
	}
}
