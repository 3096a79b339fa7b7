package notifier_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/functions/internal/notifier"
	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestWithdrawalOnAWS: the repairs webhook is down when staff withdraw a
// household that has just reported a repair and booked a visit, so neither
// hand-off has gone. As on the local outbox (handoff.AfterErasure), the
// repair the tenant was told would be passed on still goes when Lambda
// retries the stream's batch, stripped to what the team needs, and then
// nothing of the household is left; the visit is not sent. On moto_server:
// the real stream, the store's erasure, the notify function's handler.
func TestWithdrawalOnAWS(t *testing.T) {
	srv := mototest.Start(t)
	ctx := t.Context()
	tables, store, stream := streamedStore(t, srv)
	db := dynamodb.NewFromConfig(srv.Config())
	repairs, coaches, published := &recorder{t: t, fail: 1_000}, &recorder{t: t, fail: 1_000}, &topic{}
	rs, cs := httptest.NewServer(repairs), httptest.NewServer(coaches)
	t.Cleanup(rs.Close)
	t.Cleanup(cs.Close)
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	invoke := invoker(t, &notifier.Handler{Log: log, Notifier: &notifier.Notifier{
		Store: store, Publisher: published, RepairsURL: rs.URL, CoachesURL: cs.URL,
		Secret: func(context.Context) ([]byte, error) { return secret, nil }, Log: log,
	}})

	if err := store.AddHousehold(ctx, intents.Household{ID: "hh-1", Ref: "TEN-00001", LinkCode: "400001", CodeExpires: t0.Add(time.Hour), EnrolledAt: t0}); err != nil {
		t.Fatal(err)
	}
	leak := intents.Repair{Ref: "HK3001", HouseholdID: "hh-1", Problem: "OTHER", Room: "KITCHEN", Priority: intents.Urgent,
		Status: intents.StatusReported, GuideTried: true, ReportedAt: t0, Description: "water coming through the light"}
	if err := store.SaveRepair(ctx, leak); err != nil {
		t.Fatal(err)
	}
	slot := intents.CoachSlot{ID: "priya-1", CoachID: "coach-priya", Coach: "Priya", Start: t0.Add(48 * time.Hour)}
	if err := store.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := store.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: "hh-1", Slot: slot, BookedAt: t0}); err != nil {
		t.Fatal(err)
	}
	batch, n := stream.Next(t)
	if n == 0 {
		t.Fatal("the stream carried nothing")
	}
	if got := invoke(batch); len(got) != 2 {
		t.Fatalf("with both webhooks down, %d records failed, want the repair's and the visit's", len(got))
	}

	// Staff withdraw the household while Lambda waits to retry.
	if err := store.EraseHousehold(ctx, "hh-1"); err != nil {
		t.Fatal(err)
	}
	listed, err := store.ListRepairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 0 {
		t.Errorf("after the withdrawal staff still see repairs %+v", listed)
	}
	repairs.mu.Lock()
	repairs.fail = 0
	repairs.mu.Unlock()
	coaches.mu.Lock()
	coaches.fail = 0
	coaches.mu.Unlock()
	if got := invoke(batch); len(got) != 0 {
		t.Errorf("Lambda's retry failed %v", got)
	}

	got := repairs.got()
	if len(got) != 1 || got[0].Repair == nil || got[0].IdempotencyKey != handoff.RepairKey(leak.Ref) {
		t.Fatalf("the repairs team got %+v, want the promised repair %s once", got, leak.Ref)
	}
	want, _ := handoff.AfterErasure(handoff.ForRepair(leak, "TEN-00001", handoff.ProblemWords(leak.Problem)))
	r := *got[0].Repair
	if r != *want.Repair {
		t.Errorf("the repairs team got %+v, want what the withdrawal keeps: %+v", r, *want.Repair)
	}
	if r.GuideTried || r.HouseholdRef != "TEN-00001" || r.Description != leak.Description {
		t.Errorf("the kept repair is not stripped to what the team needs: %+v", r)
	}
	if v := coaches.got(); len(v) != 0 {
		t.Errorf("the coach was told of a visit of a withdrawn household: %+v", v)
	}
	if _, err := store.RepairHandOff(ctx, leak.Ref); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("after the kept repair went, RepairHandOff: %v, want it gone", err)
	}
	// Nothing names the household, and nothing holds the tenant's words.
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(tables.Data)})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range out.Items {
		b, _ := json.Marshal(it)
		if s := string(b); strings.Contains(s, "hh-1") || strings.Contains(s, "TEN-00001") || strings.Contains(s, "through the light") {
			t.Errorf("after the withdrawal and the hand-off, an item still holds the household: %s", s)
		}
	}
}

// TestKeptRepairThatNeverGoes: the repairs webhook stays down after a
// withdrawal. The kept repair is tried by the sweep for its 7 days; after
// that every sweep raises the errors alarm naming it (not the household),
// for a person to pass it on by hand, until DynamoDB's time to live
// deletes it, 14 days after its report. Before, it was kept for ever and
// the sweep no longer mentioned it.
func TestKeptRepairThatNeverGoes(t *testing.T) {
	srv := mototest.Start(t)
	ctx := t.Context()
	tables, store, _ := streamedStore(t, srv)
	db := dynamodb.NewFromConfig(srv.Config())
	repairs := &recorder{t: t, fail: 1_000}
	rs := httptest.NewServer(repairs)
	t.Cleanup(rs.Close)
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	n := &notifier.Notifier{Store: store, Publisher: &topic{}, RepairsURL: rs.URL, CoachesURL: rs.URL,
		Secret: func(context.Context) ([]byte, error) { return secret, nil }, Log: log}

	if err := store.AddHousehold(ctx, intents.Household{ID: "hh-1", Ref: "TEN-00001", LinkCode: "400001", CodeExpires: t0.Add(time.Hour), EnrolledAt: t0}); err != nil {
		t.Fatal(err)
	}
	leak := intents.Repair{Ref: "HK3001", HouseholdID: "hh-1", Problem: "LEAK", Room: "KITCHEN", Priority: intents.Urgent,
		Status: intents.StatusReported, ReportedAt: t0}
	if err := store.SaveRepair(ctx, leak); err != nil {
		t.Fatal(err)
	}
	if err := store.EraseHousehold(ctx, "hh-1"); err != nil {
		t.Fatal(err)
	}
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(tables.Data)})
	if err != nil {
		t.Fatal(err)
	}
	var expires string
	for _, it := range out.Items {
		if v, ok := it["expires_at"].(*types.AttributeValueMemberN); ok {
			expires = v.Value
		}
	}
	if want := fmt.Sprint(t0.Add(dynamo.KeptFor).Unix()); expires != want {
		t.Errorf("the kept repair expires at %q, want %s (14 days after its report)", expires, want)
	}

	sweep := func(at time.Time) (notifier.Result, error) {
		s := &notifier.Sweeper{Notifier: n, Log: log, Now: func() time.Time { return at }}
		return s.Invoke(ctx, nil)
	}
	res, err := sweep(t0.Add(3 * 24 * time.Hour))
	if err == nil || len(res.Failed) != 1 || len(res.Overdue) != 0 {
		t.Errorf("a sweep within 7 days: %+v, %v; want the repair tried and failed, not yet overdue", res, err)
	}
	res, err = sweep(t0.Add(8 * 24 * time.Hour))
	if err == nil || len(res.Failed) != 0 || len(res.Overdue) != 1 || res.Overdue[0] != leak.Ref {
		t.Errorf("a sweep after 7 days: %+v, %v; want %s overdue and an error for the alarm", res, err, leak.Ref)
	}
	if !strings.Contains(logged.String(), "pass it on by hand") || strings.Contains(logged.String(), "TEN-00001") {
		t.Errorf("the sweep's log does not ask a person to act, or names the household:\n%s", logged.String())
	}
	res, err = sweep(t0.Add(15 * 24 * time.Hour))
	if err != nil || len(res.Overdue) != 0 {
		t.Errorf("a sweep after the kept repair expired: %+v, %v; want nothing left to report", res, err)
	}
}
