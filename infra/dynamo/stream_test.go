package dynamo_test

import (
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestStreamHandOffOf reads what the store writes back from a real DynamoDB
// stream (moto_server's): a repair saved, a visit booked and the same
// visit cancelled are the three hand-offs, each read for what it is, and
// every other change the store makes along the way is no hand-off.
func TestStreamHandOffOf(t *testing.T) {
	srv := mototest.Start(t)
	ctx := t.Context()
	db := dynamodb.NewFromConfig(srv.Config())
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	store := dynamo.New(db, tables, dynamo.WithLogger(slog.New(slog.DiscardHandler)))
	if err := store.CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	upd, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(tables.Data),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage}})
	if err != nil {
		t.Fatal(err)
	}
	stream := srv.Stream(t, aws.ToString(upd.TableDescription.LatestStreamArn))

	t0 := time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)
	if err := store.AddHousehold(ctx, intents.Household{ID: "hh-1", Ref: "TEN-1", LinkCode: "400001", CodeExpires: t0.Add(time.Hour), EnrolledAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveRepair(ctx, intents.Repair{Ref: "HK1", HouseholdID: "hh-1", Problem: "LEAK", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := store.MarkHandedOff(ctx, "HK1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	slot := intents.CoachSlot{ID: "s-1", CoachID: "coach-a", Coach: "A", Start: t0.Add(48 * time.Hour)}
	if err := store.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := store.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: "hh-1", Slot: slot, BookedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := store.CancelBooking(ctx, "bk-1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	b, n := stream.Next(t)
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Fatalf("the stream carried %d changes", n)
	}
	var got []dynamo.StreamHandOff
	for _, rec := range ev.Records {
		h, err := dynamo.StreamHandOffOf(rec)
		if errors.Is(err, dynamo.ErrNotHandOff) {
			continue
		}
		if err != nil {
			t.Errorf("%s of %v: %v", rec.EventName, rec.Change.Keys, err)
			continue
		}
		got = append(got, h)
	}
	want := []dynamo.StreamHandOff{{RepairRef: "HK1"}, {BookingID: "bk-1"}, {BookingID: "bk-1", Cancelled: true}}
	if !slices.Equal(got, want) {
		t.Errorf("hand-offs read from the stream: %+v, want %+v", got, want)
	}
}
