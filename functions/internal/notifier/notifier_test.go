package notifier_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/functions/internal/notifier"
	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

var (
	t0     = time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)
	secret = []byte("test-signing-secret-of-32-characters")
)

// recorder is a receiver that answers 503 to its first fail posts, then 200,
// recording the repairs it accepted after checking their signatures.
type recorder struct {
	t        *testing.T
	mu       sync.Mutex
	fail     int
	posts    int
	accepted []handoff.Message
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posts++
	if r.fail > 0 {
		r.fail--
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if err := handoff.Verify(secret, req.Header.Get(handoff.SignatureHeader), body, time.Now(), time.Minute); err != nil {
		r.t.Errorf("signature: %v", err)
	}
	var m handoff.Message
	if err := json.Unmarshal(body, &m); err != nil {
		r.t.Errorf("body: %v", err)
	}
	if got := req.Header.Get(handoff.IdempotencyHeader); got != m.IdempotencyKey {
		r.t.Errorf("Idempotency-Key %q, message key %q", got, m.IdempotencyKey)
	}
	r.accepted = append(r.accepted, m)
}

func (r *recorder) got() []handoff.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]handoff.Message(nil), r.accepted...)
}

// topic records what was published.
type topic struct {
	mu  sync.Mutex
	got []handoff.Message
}

func (p *topic) Publish(_ context.Context, m handoff.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, m)
	return nil
}

type fixture struct {
	store     *dynamo.Store
	client    *dynamodb.Client
	table     string
	repairs   *recorder
	emergency *recorder
	coaches   *recorder
	topic     *topic
	invoke    func(ev []byte) events.DynamoDBEventResponse
}

var seq int

func setup(t *testing.T) *fixture {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	seq++
	tables := dynamo.Tables{Data: fmt.Sprintf("notify-data-%d", seq), Usage: fmt.Sprintf("notify-usage-%d", seq)}
	quiet := slog.New(slog.DiscardHandler)
	store := dynamo.New(client, tables, dynamo.WithLogger(quiet))
	if err := store.CreateTables(t.Context()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, client: client, table: tables.Data,
		repairs: &recorder{t: t, fail: 1}, emergency: &recorder{t: t}, coaches: &recorder{t: t, fail: 1}, topic: &topic{}}
	rs, es, cs := httptest.NewServer(f.repairs), httptest.NewServer(f.emergency), httptest.NewServer(f.coaches)
	t.Cleanup(rs.Close)
	t.Cleanup(es.Close)
	t.Cleanup(cs.Close)
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	h := &notifier.Handler{Log: log, Notifier: &notifier.Notifier{
		Store: store, Publisher: f.topic, RepairsURL: rs.URL, EmergencyURL: es.URL, CoachesURL: cs.URL,
		Secret: func(context.Context) ([]byte, error) { return secret, nil }, Log: log,
	}}
	handler := lambda.NewHandler(h.Invoke)
	f.invoke = func(ev []byte) events.DynamoDBEventResponse {
		t.Helper()
		out, err := handler.Invoke(t.Context(), ev)
		if err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		var resp events.DynamoDBEventResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatalf("response %s: %v", out, err)
		}
		return resp
	}
	if err := store.AddHousehold(t.Context(), intents.Household{ID: "hh-1", Ref: "TEN-00001", LinkCode: "400001",
		CodeExpires: t0.Add(time.Hour), EnrolledAt: t0}); err != nil {
		t.Fatal(err)
	}
	return f
}

// save saves r and returns its item as stored, in a stream record's JSON.
func (f *fixture) save(t *testing.T, r intents.Repair) map[string]any {
	t.Helper()
	if err := f.store.SaveRepair(t.Context(), r); err != nil {
		t.Fatal(err)
	}
	return f.image(t, "REPAIR#"+r.Ref, "REPAIR")
}

// image reads an item as stored now, in a stream record's JSON.
func (f *fixture) image(t *testing.T, pk, sk string) map[string]any {
	t.Helper()
	out, err := f.client.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(f.table),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}}})
	if err != nil || out.Item == nil {
		t.Fatalf("reading item %s back: %v", pk, err)
	}
	return streamImage(t, out.Item)
}

// streamImage writes an item as DynamoDB Streams does in NEW_IMAGE.
func streamImage(t *testing.T, it map[string]types.AttributeValue) map[string]any {
	img := map[string]any{}
	for k, v := range it {
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			img[k] = map[string]any{"S": v.Value}
		case *types.AttributeValueMemberN:
			img[k] = map[string]any{"N": v.Value}
		case *types.AttributeValueMemberBOOL:
			img[k] = map[string]any{"BOOL": v.Value}
		default:
			t.Fatalf("attribute %s: %T not converted", k, v)
		}
	}
	return img
}

func record(seqNo string, img map[string]any) map[string]any {
	keys := map[string]any{"pk": img["pk"], "sk": img["sk"]}
	return map[string]any{
		"eventID": "ev-" + seqNo, "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
		"awsRegion": "eu-west-2", "eventSourceARN": "arn:aws:dynamodb:eu-west-2:123456789012:table/data/stream/2026-12-01T00:00:00.000",
		"dynamodb": map[string]any{
			"ApproximateCreationDateTime": t0.Unix(), "Keys": keys, "NewImage": img,
			"SequenceNumber": seqNo, "SizeBytes": 200, "StreamViewType": "NEW_IMAGE",
		},
	}
}

func event(t *testing.T, recs ...map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"Records": recs})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func failed(resp events.DynamoDBEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

func TestStreamHandOff(t *testing.T) {
	f := setup(t)
	leak := intents.Repair{Ref: "HK1001", HouseholdID: "hh-1", Problem: "LEAK", Room: "KITCHEN",
		Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}
	gas := intents.Repair{Ref: "HK1002", HouseholdID: "hh-1", Problem: "GAS_SMELL",
		Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: t0.Add(time.Minute)}
	leakRec, gasRec := record("100", f.save(t, leak)), record("200", f.save(t, gas))
	malformed := record("300", map[string]any{"pk": map[string]any{"S": "REPAIR#HK1003"}, "sk": map[string]any{"S": "REPAIR"}})

	// First delivery: the repairs webhook fails once (the leak), the gas
	// repair goes everywhere, the malformed record fails.
	resp := f.invoke(event(t, leakRec, gasRec, malformed))
	if got := strings.Join(failed(resp), ","); got != "100,300" {
		t.Errorf("first delivery failed %q, want 100,300", got)
	}
	// Lambda retries from the earliest failure: all three come again.
	resp = f.invoke(event(t, leakRec, gasRec, malformed))
	if got := strings.Join(failed(resp), ","); got != "300" {
		t.Errorf("retry failed %q, want only the malformed record 300", got)
	}
	// A redelivery of everything sends nothing more.
	f.invoke(event(t, leakRec, gasRec))

	keys := func(ms []handoff.Message) []string {
		var ks []string
		for _, m := range ms {
			ks = append(ks, m.IdempotencyKey)
		}
		return ks
	}
	if got := strings.Join(keys(f.repairs.got()), ","); got != "repair:HK1002,repair:HK1001" {
		t.Errorf("repairs webhook accepted %s, want each repair once (the gas first: the leak failed once)", got)
	}
	if got := strings.Join(keys(f.emergency.got()), ","); got != "repair:HK1002" {
		t.Errorf("emergency webhook accepted %s, want only the gas repair", got)
	}
	if got := strings.Join(keys(f.topic.got), ","); got != "repair:HK1001,repair:HK1002" {
		t.Errorf("topic had %s, want each repair once (the leak not again for its webhook retry)", got)
	}
	for _, m := range f.repairs.got() {
		if m.Repair.HouseholdRef != "TEN-00001" || m.Repair.ProblemWords == "" || m.Repair.ProblemWords == m.Repair.Problem {
			t.Errorf("message %+v lacks the household ref or problem words", m.Repair)
		}
	}
	for _, r := range []intents.Repair{leak, gas} {
		h, err := f.store.RepairHandOff(t.Context(), r.Ref)
		if err != nil || h.SentAt.IsZero() {
			t.Errorf("%s: hand-off not recorded (%v)", r.Ref, err)
		}
	}
}

// modify is a MODIFY record of an item's new image.
func modify(seqNo string, img map[string]any) map[string]any {
	r := record(seqNo, img)
	r["eventName"] = "MODIFY"
	return r
}

func TestStreamVisits(t *testing.T) {
	f := setup(t)
	ctx := t.Context()
	slot := intents.CoachSlot{ID: "priya-1", CoachID: "coach-priya", Coach: "Priya", Start: t0.Add(48 * time.Hour)}
	if err := f.store.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: "hh-1", Slot: slot, BookedAt: t0}); err != nil {
		t.Fatal(err)
	}
	booked := record("100", f.image(t, "BOOKING#bk-1", "BOOKING"))

	// The coaches' webhook fails once: the record fails, and its retry
	// posts again without publishing again.
	if got := failed(f.invoke(event(t, booked))); !slices.Equal(got, []string{"100"}) {
		t.Errorf("first delivery failed %v, want [100]", got)
	}
	if got := failed(f.invoke(event(t, booked))); len(got) != 0 {
		t.Errorf("retry failed %v", got)
	}
	// Recording the hand-off is a MODIFY without cancelled_at: the
	// filter stops it, and the code would ignore it.
	if got := failed(f.invoke(event(t, modify("150", f.image(t, "BOOKING#bk-1", "BOOKING"))))); len(got) != 0 {
		t.Errorf("the hand-off's own MODIFY failed %v", got)
	}

	if err := f.store.CancelBooking(ctx, "bk-1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	cancelled := modify("200", f.image(t, "BOOKING#bk-1", "BOOKING"))
	if got := failed(f.invoke(event(t, cancelled))); len(got) != 0 {
		t.Errorf("cancellation failed %v", got)
	}
	// Recording the cancellation's hand-off is a MODIFY with cancelled_at,
	// which the filter passes: acknowledged without sending. So are
	// redeliveries of everything.
	recorded := modify("300", f.image(t, "BOOKING#bk-1", "BOOKING"))
	if got := failed(f.invoke(event(t, booked, cancelled, recorded))); len(got) != 0 {
		t.Errorf("redelivery failed %v", got)
	}

	want := []string{handoff.VisitKey("bk-1", false), handoff.VisitKey("bk-1", true)}
	var topicKeys, hookKeys []string
	for _, m := range f.topic.got {
		topicKeys = append(topicKeys, m.IdempotencyKey)
	}
	for _, m := range f.coaches.got() {
		hookKeys = append(hookKeys, m.IdempotencyKey)
		if m.Visit == nil || m.Visit.HouseholdRef != "TEN-00001" || m.Visit.Coach != "Priya" || m.Visit.CoachID != "coach-priya" ||
			m.Visit.Start != "2026-12-03T09:00:00Z" {
			t.Errorf("message %s: visit %+v", m.IdempotencyKey, m.Visit)
		}
	}
	if !slices.Equal(topicKeys, want) || !slices.Equal(hookKeys, want) {
		t.Errorf("topic had %v, coaches' webhook %v; want each of %v once", topicKeys, hookKeys, want)
	}
	if n := len(f.repairs.got()) + len(f.emergency.got()); n != 0 {
		t.Errorf("the repairs webhooks had %d coach visits", n)
	}
	v, err := f.store.BookingHandOff(ctx, "bk-1")
	if err != nil || v.BookedSentAt.IsZero() || v.CancelSentAt.IsZero() {
		t.Errorf("hand-offs not recorded: %+v, %v", v, err)
	}
}

// TestVisitGoesToTheCoachsOwnAddress: a coach whose address staff set on
// the Coaches page hears of their visits there, not at the shared webhook.
func TestVisitGoesToTheCoachsOwnAddress(t *testing.T) {
	f := setup(t)
	ctx := t.Context()
	own := &recorder{t: t}
	srv := httptest.NewServer(own)
	t.Cleanup(srv.Close)
	if err := f.store.SetCoachContact(ctx, "coach-sam", srv.URL); err != nil {
		t.Fatal(err)
	}
	slot := intents.CoachSlot{ID: "sam-1", CoachID: "coach-sam", Coach: "Sam", Start: t0.Add(48 * time.Hour)}
	if err := f.store.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Book(ctx, intents.Booking{ID: "bk-sam", HouseholdID: "hh-1", Slot: slot, BookedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if got := failed(f.invoke(event(t, record("500", f.image(t, "BOOKING#bk-sam", "BOOKING"))))); len(got) != 0 {
		t.Fatalf("failed %v", got)
	}
	if got := own.got(); len(got) != 1 || got[0].IdempotencyKey != handoff.VisitKey("bk-sam", false) {
		t.Errorf("the coach's own address had %d messages, want the booking once", len(got))
	}
	if n := len(f.coaches.got()); n != 0 {
		t.Errorf("the shared coaches' webhook had %d messages for a coach with their own address", n)
	}
}

// TestPracticeRepairsNeverGo: a demo household's repair, even an
// emergency, reaches no webhook and no topic, and its record is not
// retried; a real household's repair in the same batch goes as usual.
func TestPracticeRepairsNeverGo(t *testing.T) {
	f := setup(t)
	f.repairs.fail = 0
	if err := f.store.AddHousehold(t.Context(), intents.Household{ID: "hh-demo", Ref: "DEMO-1", LinkCode: "400002",
		CodeExpires: t0.Add(time.Hour), EnrolledAt: t0, Demo: true}); err != nil {
		t.Fatal(err)
	}
	gas := intents.Repair{Ref: "HK2001", HouseholdID: "hh-demo", Problem: "GAS_SMELL",
		Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: t0}
	leak := intents.Repair{Ref: "HK2002", HouseholdID: "hh-1", Problem: "LEAK", Room: "KITCHEN",
		Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}
	resp := f.invoke(event(t, record("100", f.save(t, gas)), record("200", f.save(t, leak))))
	if len(resp.BatchItemFailures) != 0 {
		t.Errorf("failed records %v: a practice repair is done with, not retried", failed(resp))
	}
	for name, got := range map[string][]handoff.Message{"repairs": f.repairs.got(), "emergency": f.emergency.got(), "topic": f.topic.got} {
		for _, m := range got {
			if m.IdempotencyKey == "repair:HK2001" {
				t.Errorf("the practice emergency reached the %s destination", name)
			}
		}
	}
	if got := f.repairs.got(); len(got) != 1 || got[0].IdempotencyKey != "repair:HK2002" {
		t.Errorf("the real repair did not go: %v", got)
	}
	if h, err := f.store.RepairHandOff(t.Context(), "HK2001"); err != nil || !h.SentAt.IsZero() {
		t.Errorf("the practice repair is recorded as sent (%v, %v)", h.SentAt, err)
	}
}
