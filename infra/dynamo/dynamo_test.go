package dynamo

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

// t0 is a Monday morning, as in the contract suite.
var t0 = time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)

// dynalite starts one dynalite for a test and returns a client for it.
func dynalite(t *testing.T) *dynamodb.Client {
	t.Helper()
	return dynalitetest.Client(t, dynalitetest.Start(t))
}

func testHousehold(n int) intents.Household {
	return intents.Household{
		ID:          fmt.Sprintf("hh-%03d", n),
		Ref:         fmt.Sprintf("TEN-%05d", n),
		CoachID:     "coach-a",
		LinkCode:    fmt.Sprintf("%06d", 400000+n),
		CodeExpires: t0.Add(7 * 24 * time.Hour),
		EnrolledAt:  t0.Add(time.Duration(n) * time.Minute),
	}
}

func testEvent(id string, at time.Time) intents.UsageEvent {
	return intents.UsageEvent{
		RequestID: id, Time: at, HouseholdID: "hh-001", SpeakerID: "spk-1", SessionID: "ses-1",
		RequestType: "IntentRequest", Intent: "ReportRepairIntent",
		Slots: map[string]string{"problem": "LEAK", "room": "KITCHEN"},
		Flow:  intents.FlowRepair, Step: "confirm", Outcome: intents.OutcomeRepairReported, RepairRef: "HK1001",
		GuideTried: true, SessionEnded: true, EndReason: "USER_INITIATED", LatencyMS: 12.5,
		Locale: "en-GB", HasScreen: true, Demo: true,
	}
}

func slot(coachID string, start time.Time) intents.CoachSlot {
	return intents.CoachSlot{ID: coachID + "@" + start.Format(time.RFC3339), CoachID: coachID, Coach: "Amira", Start: start}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// partition reads every item of one partition of table, as stored.
func partition(t *testing.T, c *dynamodb.Client, table, pk string) []item {
	t.Helper()
	out, err := c.Query(t.Context(), &dynamodb.QueryInput{
		TableName:                 aws.String(table),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  names(attrPK),
		ExpressionAttributeValues: item{":pk": sval(pk)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("Query %s: %v", pk, err)
	}
	return out.Items
}

// usageEventItem reads an event's item as stored.
func usageEventItem(t *testing.T, c *dynamodb.Client, tables Tables, e intents.UsageEvent) item {
	t.Helper()
	var found []item
	for _, it := range partition(t, c, tables.Usage, dayKey(e.Time.UTC(), usageShard(e.RequestID))) {
		if (&decoder{it: it}).str(attrRequestID) == e.RequestID {
			found = append(found, it)
		}
	}
	if len(found) != 1 {
		t.Fatalf("usage table holds %d items for %s, want 1", len(found), e.RequestID)
	}
	return found[0]
}

func TestUsageTTL(t *testing.T) {
	c := dynalite(t)
	for _, tc := range []struct {
		name      string
		opts      []Option
		retention time.Duration
	}{
		{"default retention", nil, 400 * 24 * time.Hour},
		{"configured retention", []Option{WithRetention(30 * 24 * time.Hour)}, 30 * 24 * time.Hour},
		// The clock must not matter: an event written late (from the
		// recorder's backlog) expires by its own time, not the write's.
		{"clock far from the event", []Option{WithRetention(time.Hour), WithClock(func() time.Time { return t0.AddDate(1, 0, 0) })}, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, tables := newTestStore(t, c, tc.opts...)
			e := testEvent("req-ttl", t0.Add(1500*time.Millisecond))
			must(t, "RecordUsage", s.RecordUsage(t.Context(), e))
			it := usageEventItem(t, c, tables, e)
			n, ok := it[TTLAttribute].(*types.AttributeValueMemberN)
			if !ok {
				t.Fatalf("item has %s = %#v, want a number", TTLAttribute, it[TTLAttribute])
			}
			if want := fmt.Sprint(e.Time.Add(tc.retention).Unix()); n.Value != want {
				t.Errorf("%s = %s, want %s (event time + retention, in epoch seconds)", TTLAttribute, n.Value, want)
			}
		})
	}
}

func TestUsageSpreadOverShards(t *testing.T) {
	c := dynalite(t)
	s, tables := newTestStore(t, c)
	const n = 200
	for i := range n {
		// Ids shaped like Alexa's, which differ only near the end.
		e := testEvent(fmt.Sprintf("amzn1.echo-api.request.0f1e2d3c-%04d", i), t0.Add(time.Duration(i)*time.Second))
		must(t, "RecordUsage", s.RecordUsage(t.Context(), e))
	}
	total, used := 0, 0
	for shard := range usageShards {
		k := len(partition(t, c, tables.Usage, dayKey(t0, shard)))
		total += k
		if k > 0 {
			used++
		}
		// A fair hash puts 25 in each; 60 would mean one shard takes
		// more than twice its share.
		if k > 60 {
			t.Errorf("shard %d holds %d of %d events", shard, k, n)
		}
	}
	if total != n || used != usageShards {
		t.Errorf("%d events in %d of %d shards, want %d in all", total, used, usageShards, n)
	}
	es, err := s.UsageEvents(t.Context(), t0, t0.Add(time.Hour))
	must(t, "UsageEvents", err)
	if len(es) != n || !slices.IsSortedFunc(es, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) }) {
		t.Errorf("UsageEvents merged %d events (sorted: %v), want %d in time order", len(es), slices.IsSortedFunc(es, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) }), n)
	}
}

func TestRetriedUsageWriteKeepsTheFirst(t *testing.T) {
	c := dynalite(t)
	s, tables := newTestStore(t, c)
	e := testEvent("req-1", t0)
	must(t, "RecordUsage", s.RecordUsage(t.Context(), e))
	retry := e
	retry.LatencyMS = 2000 // re-measured after a timeout
	must(t, "RecordUsage (retry)", s.RecordUsage(t.Context(), retry))
	it := usageEventItem(t, c, tables, e) // fails unless exactly one item
	if got := (&decoder{it: it}).float(attrLatencyMS); got != e.LatencyMS {
		t.Errorf("stored latency %v, want the first write's %v", got, e.LatencyMS)
	}
}

func TestUsageEventsAcrossDays(t *testing.T) {
	c := dynalite(t)
	s, _ := newTestStore(t, c)
	midnight := time.Date(2026, time.November, 24, 0, 0, 0, 0, time.UTC)
	ids := []string{"late", "edge", "early", "next"}
	times := []time.Time{midnight.Add(-time.Millisecond), midnight, midnight.Add(time.Millisecond), midnight.Add(48 * time.Hour)}
	for i, id := range ids {
		must(t, "RecordUsage", s.RecordUsage(t.Context(), testEvent(id, times[i])))
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"across midnight", midnight.Add(-time.Hour), midnight.Add(time.Hour), []string{"late", "edge", "early"}},
		{"ends at midnight", midnight.Add(-time.Hour), midnight, []string{"late"}},
		{"three days", midnight.Add(-time.Hour), midnight.Add(72 * time.Hour), ids},
		// Europe/London in summer: a local day is 23:00–23:00 UTC.
		{"a day in another zone", midnight.Add(-time.Hour).In(time.FixedZone("BST", 3600)), midnight.Add(23 * time.Hour), []string{"late", "edge", "early"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := s.UsageEvents(t.Context(), tc.from, tc.to)
			must(t, "UsageEvents", err)
			var got []string
			for _, e := range es {
				got = append(got, e.RequestID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("UsageEvents = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHouseholdUsage(t *testing.T) {
	c := dynalite(t)
	s, _ := newTestStore(t, c)
	mine, other, unlinked := testEvent("req-1", t0), testEvent("req-2", t0.Add(time.Second)), testEvent("req-3", t0.Add(2*time.Second))
	later := testEvent("req-4", t0.Add(48*time.Hour))
	// unlinked is in a session of no household's; the contract
	// (TestHouseholdUsageContract) has those of the household's sessions.
	other.HouseholdID, unlinked.HouseholdID, unlinked.SessionID = "hh-002", "", "ses-9"
	for _, e := range []intents.UsageEvent{later, unlinked, other, mine} {
		must(t, "RecordUsage", s.RecordUsage(t.Context(), e))
	}
	got, err := s.HouseholdUsage(t.Context(), "hh-001", t0, t0.Add(72*time.Hour))
	must(t, "HouseholdUsage", err)
	if len(got) != 2 || got[0].RequestID != "req-1" || got[1].RequestID != "req-4" {
		t.Errorf("HouseholdUsage(hh-001) = %v, want req-1, req-4", got)
	}
	got, err = s.HouseholdUsage(t.Context(), "hh-001", t0.Add(time.Millisecond), t0.Add(24*time.Hour))
	must(t, "HouseholdUsage", err)
	if len(got) != 0 {
		t.Errorf("HouseholdUsage outside the window = %v, want none", got)
	}
}

// TestDefinitionsMatchQueries runs every store method through a recording
// client and checks each request against Definitions: every key the store
// reads or writes is its table's key, every Query's key condition names
// exactly its index's keys, every index is used, and nothing Scans.
func TestDefinitionsMatchQueries(t *testing.T) {
	var rec recorder
	c := rec.client(dynalite(t))
	s, tables := newTestStore(t, c)
	ctx := t.Context()

	h1, h2 := testHousehold(1), testHousehold(2)
	must(t, "AddHousehold", s.AddHousehold(ctx, h1))
	must(t, "AddHousehold", s.AddHousehold(ctx, h2))
	_, err := s.ListHouseholds(ctx)
	must(t, "ListHouseholds", err)
	_, err = s.LinkSpeaker(ctx, h1.LinkCode, "spk-1", t0)
	must(t, "LinkSpeaker", err)
	_, err = s.HouseholdForSpeaker(ctx, "spk-1")
	must(t, "HouseholdForSpeaker", err)
	must(t, "RecordLinkFailure", s.RecordLinkFailure(ctx, "spk-2", t0))
	_, err = s.LinkFailures(ctx, "spk-2", t0.Add(-time.Hour))
	must(t, "LinkFailures", err)
	must(t, "TouchHousehold", s.TouchHousehold(ctx, h1.ID, t0))
	must(t, "SaveRepair", s.SaveRepair(ctx, intents.Repair{Ref: "HK1001", HouseholdID: h1.ID, Status: intents.StatusReported, ReportedAt: t0}))
	_, err = s.OpenRepairs(ctx, h1.ID)
	must(t, "OpenRepairs", err)
	a, b := slot("coach-a", t0.Add(24*time.Hour)), slot("coach-b", t0.Add(25*time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(ctx, []intents.CoachSlot{a, b}))
	_, err = s.FreeSlots(ctx, "coach-a", t0, t0.Add(72*time.Hour), 5)
	must(t, "FreeSlots(coach)", err)
	_, err = s.FreeSlots(ctx, "", t0, t0.Add(72*time.Hour), 5)
	must(t, "FreeSlots(any)", err)
	must(t, "Book", s.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: h1.ID, Slot: a, BookedAt: t0}))
	_, err = s.ActiveBooking(ctx, h1.ID, t0)
	must(t, "ActiveBooking", err)
	must(t, "CancelBooking", s.CancelBooking(ctx, "bk-1", t0))
	must(t, "SaveGuideProgress", s.SaveGuideProgress(ctx, "spk-1", intents.GuideProgress{Topic: "BOILER_PRESSURE", UpdatedAt: t0}))
	_, err = s.GuideProgress(ctx, "spk-1")
	must(t, "GuideProgress", err)
	must(t, "ClearGuideProgress", s.ClearGuideProgress(ctx, "spk-1"))
	must(t, "RecordUsage", s.RecordUsage(ctx, testEvent("req-1", t0)))
	_, err = s.UsageEvents(ctx, t0, t0.Add(time.Hour))
	must(t, "UsageEvents", err)
	_, err = s.HouseholdUsage(ctx, h1.ID, t0, t0.Add(time.Hour))
	must(t, "HouseholdUsage", err)
	// The staff and privacy operations.
	must(t, "SetTrialDates", s.SetTrialDates(ctx, intents.Trial{Start: t0}))
	_, err = s.TrialDates(ctx)
	must(t, "TrialDates", err)
	must(t, "MarkFeedbackAsked", s.MarkFeedbackAsked(ctx, h1.ID, t0))
	_, err = s.FeedbackAsked(ctx, h1.ID)
	must(t, "FeedbackAsked", err)
	_, err = s.ListRepairs(ctx)
	must(t, "ListRepairs", err)
	must(t, "SetRepairStatus", s.SetRepairStatus(ctx, "HK1001", intents.StatusDone))
	must(t, "Book", s.Book(ctx, intents.Booking{ID: "bk-2", HouseholdID: h1.ID, Slot: a, BookedAt: t0}))
	_, err = s.ListSlots(ctx, t0, t0.Add(72*time.Hour))
	must(t, "ListSlots", err)
	must(t, "RemoveCoachSlot", s.RemoveCoachSlot(ctx, b.ID))
	must(t, "EraseHousehold", s.EraseHousehold(ctx, h1.ID))
	must(t, "EraseSpeaker", s.EraseSpeaker(ctx, "spk-2"))

	// keys[table][index] is the index's key attributes; "" is the table's.
	keys := map[string]map[string][]string{}
	for _, def := range Definitions(tables) {
		m := map[string][]string{"": keyNames(def.KeySchema)}
		for _, g := range def.GlobalSecondaryIndexes {
			m[aws.ToString(g.IndexName)] = keyNames(g.KeySchema)
		}
		keys[aws.ToString(def.TableName)] = m
	}
	checkKey := func(op, table string, key item) {
		t.Helper()
		want, ok := keys[table]
		if !ok {
			t.Errorf("%s on table %s, which Definitions does not define", op, table)
			return
		}
		for _, k := range want[""] {
			if _, ok := key[k]; !ok {
				t.Errorf("%s on %s without key attribute %s", op, table, k)
			}
		}
	}
	used := map[string]bool{}
	placeholder := regexp.MustCompile(`#\w+`)
	for _, in := range rec.recorded() {
		switch in := in.(type) {
		case *dynamodb.ScanInput:
			t.Errorf("Scan of %s", aws.ToString(in.TableName))
		case *dynamodb.GetItemInput:
			checkKey("GetItem", aws.ToString(in.TableName), in.Key)
		case *dynamodb.PutItemInput:
			checkKey("PutItem", aws.ToString(in.TableName), in.Item)
		case *dynamodb.UpdateItemInput:
			checkKey("UpdateItem", aws.ToString(in.TableName), in.Key)
		case *dynamodb.DeleteItemInput:
			checkKey("DeleteItem", aws.ToString(in.TableName), in.Key)
		case *dynamodb.BatchGetItemInput:
			for table, ka := range in.RequestItems {
				for _, k := range ka.Keys {
					checkKey("BatchGetItem", table, k)
				}
			}
		case *dynamodb.QueryInput:
			table, index := aws.ToString(in.TableName), aws.ToString(in.IndexName)
			want, ok := keys[table][index]
			if !ok {
				t.Errorf("Query on %s index %q, which Definitions does not define", table, index)
				continue
			}
			used[table+"/"+index] = true
			var got []string
			for _, p := range placeholder.FindAllString(aws.ToString(in.KeyConditionExpression), -1) {
				got = append(got, in.ExpressionAttributeNames[p])
			}
			if len(got) == 0 || got[0] != want[0] || !slices.Contains([]int{1, 2}, len(got)) || (len(got) == 2 && got[1] != want[1]) {
				t.Errorf("Query on %s index %q: key condition %q names %v, want %v", table, index, aws.ToString(in.KeyConditionExpression), got, want)
			}
		}
	}
	for table, m := range keys {
		for index := range m {
			if index != "" && !used[table+"/"+index] {
				t.Errorf("index %s of %s is defined but never queried", index, table)
			}
		}
	}
}

func keyNames(ks []types.KeySchemaElement) []string {
	var ns []string
	for _, k := range ks {
		ns = append(ns, aws.ToString(k.AttributeName))
	}
	return ns
}

func TestCreateTables(t *testing.T) {
	c := dynalite(t)
	var logs syncBuffer
	tables := Tables{Data: "ct-data", Usage: "ct-usage"}
	s := New(c, tables, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	must(t, "CreateTables", s.CreateTables(t.Context()))
	if !strings.Contains(logs.String(), "UpdateTimeToLive") {
		t.Errorf("no warning that TTL could not be enabled; logs: %s", logs.String())
	}
	must(t, "AddHousehold", s.AddHousehold(t.Context(), testHousehold(1)))
	must(t, "CreateTables again", s.CreateTables(t.Context()))
	hs, err := s.ListHouseholds(t.Context())
	must(t, "ListHouseholds", err)
	if len(hs) != 1 {
		t.Errorf("after CreateTables again: %d households, want the 1 already stored", len(hs))
	}
	for _, def := range Definitions(tables) {
		out, err := c.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: def.TableName})
		must(t, "DescribeTable", err)
		if err := sameDesign(def, out.Table); err != nil {
			t.Errorf("table %s: %v", aws.ToString(def.TableName), err)
		}
		if out.Table.BillingModeSummary == nil || out.Table.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
			t.Errorf("table %s is not on-demand: %+v", aws.ToString(def.TableName), out.Table.BillingModeSummary)
		}
	}

	t.Run("an existing table of another design is refused", func(t *testing.T) {
		other := Tables{Data: "ct-other-data", Usage: "ct-other-usage"}
		def := Definitions(other)[0]
		def.GlobalSecondaryIndexes = def.GlobalSecondaryIndexes[:2] // no gsi3
		_, err := c.CreateTable(t.Context(), def)
		must(t, "CreateTable", err)
		err = New(c, other, WithLogger(slog.New(slog.DiscardHandler))).CreateTables(t.Context())
		if err == nil || !strings.Contains(err.Error(), indexGSI3) {
			t.Errorf("CreateTables over a table without %s: %v, want an error naming it", indexGSI3, err)
		}
	})
}

// failOn returns a recorder.fail that fails, once, the first input match
// accepts, and reports whether it has.
func failOn(match func(in any) bool) (fail func(any) error, failed func() bool) {
	var mu sync.Mutex
	done := false
	return func(in any) error {
			mu.Lock()
			defer mu.Unlock()
			if !done && match(in) {
				done = true
				return errors.New("injected failure")
			}
			return nil
		}, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return done
		}
}

func pkOf(it item) string { return (&decoder{it: it}).str(attrPK) }

func TestLinkSpeakerFinishesAfterPartialFailure(t *testing.T) {
	var rec recorder
	c := rec.client(dynalite(t))
	s, _ := newTestStore(t, c)
	h := testHousehold(1)
	must(t, "AddHousehold", s.AddHousehold(t.Context(), h))

	// The code is spent, then writing the speaker's link fails.
	fail, failed := failOn(func(in any) bool {
		p, ok := in.(*dynamodb.PutItemInput)
		return ok && strings.HasPrefix(pkOf(p.Item), pfxSpeaker)
	})
	rec.setFail(fail)
	if _, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", t0); err == nil || !failed() {
		t.Fatalf("LinkSpeaker with the link write failing: %v (failure injected: %v), want an error", err, failed())
	}
	if _, err := s.HouseholdForSpeaker(t.Context(), "spk-1"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("HouseholdForSpeaker after the failure: %v, want ErrNotFound", err)
	}
	// Another speaker cannot use the spent code; the one who spent it can
	// finish, and is then linked.
	if _, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-2", t0.Add(time.Second)); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("LinkSpeaker by another speaker: %v, want ErrNotFound", err)
	}
	got, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", t0.Add(time.Minute))
	must(t, "LinkSpeaker retried", err)
	if got.ID != h.ID || !got.LinkedAt.Equal(t0) || got.LinkCode != "" {
		t.Errorf("retried LinkSpeaker = %+v, want %s linked at the first attempt's %v", got, h.ID, t0)
	}
	if hh, err := s.HouseholdForSpeaker(t.Context(), "spk-1"); err != nil || hh.ID != h.ID {
		t.Errorf("HouseholdForSpeaker after the retry: %v, %v", hh.ID, err)
	}
	// The claim is gone now, so even the same speaker is told the code is spent.
	if _, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", t0.Add(2*time.Minute)); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("LinkSpeaker once finished: %v, want ErrNotFound", err)
	}
}

func TestSpentCodeWhoseClaimSurvivedCanBeReissued(t *testing.T) {
	var rec recorder
	c := rec.client(dynalite(t))
	s, _ := newTestStore(t, c)
	a, b := testHousehold(1), testHousehold(2)
	b.LinkCode = a.LinkCode
	must(t, "AddHousehold", s.AddHousehold(t.Context(), a))
	fail, failed := failOn(func(in any) bool {
		d, ok := in.(*dynamodb.DeleteItemInput)
		return ok && strings.HasPrefix(pkOf(d.Key), pfxCodeClaim)
	})
	rec.setFail(fail)
	_, err := s.LinkSpeaker(t.Context(), a.LinkCode, "spk-a", t0)
	must(t, "LinkSpeaker with the claim's delete failing", err)
	if !failed() {
		t.Fatal("the claim's delete was never attempted")
	}
	must(t, "AddHousehold reissuing the spent code", s.AddHousehold(t.Context(), b))
	got, err := s.LinkSpeaker(t.Context(), b.LinkCode, "spk-b", t0)
	must(t, "LinkSpeaker with the reissued code", err)
	if got.ID != b.ID {
		t.Errorf("reissued code linked %s, want %s", got.ID, b.ID)
	}
}

func TestAddHouseholdFailingPartWay(t *testing.T) {
	t.Run("a failed claim is undone", func(t *testing.T) {
		var rec recorder
		c := rec.client(dynalite(t))
		s, tables := newTestStore(t, c)
		h := testHousehold(1)
		fail, failed := failOn(func(in any) bool {
			p, ok := in.(*dynamodb.PutItemInput)
			return ok && strings.HasPrefix(pkOf(p.Item), pfxCodeClaim)
		})
		rec.setFail(fail)
		if err := s.AddHousehold(t.Context(), h); err == nil || !failed() {
			t.Fatalf("AddHousehold with the code claim failing: %v, want an error", err)
		}
		if hs, err := s.ListHouseholds(t.Context()); err != nil || len(hs) != 0 {
			t.Errorf("ListHouseholds after the failure: %v, %v; want none", hs, err)
		}
		// Undone: neither the pending household nor the reference's claim
		// is left, so the household can be added again at once.
		for _, pk := range []string{pfxHousehold + h.ID, pfxRefClaim + h.Ref} {
			if its := partition(t, c, tables.Data, pk); len(its) != 0 {
				t.Errorf("item %s left behind: %v", pk, its)
			}
		}
		must(t, "AddHousehold again", s.AddHousehold(t.Context(), h))
	})

	t.Run("an attempt that died is taken over after its lease", func(t *testing.T) {
		var rec recorder
		c := rec.client(dynalite(t))
		var mu sync.Mutex
		now := t0
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		s, _ := newTestStore(t, c, WithClock(clock))
		h := testHousehold(1)
		// Finishing fails: as if the process died before it.
		fail, failed := failOn(func(in any) bool {
			u, ok := in.(*dynamodb.UpdateItemInput)
			return ok && strings.HasPrefix(pkOf(u.Key), pfxHousehold)
		})
		rec.setFail(fail)
		if err := s.AddHousehold(t.Context(), h); err == nil || !failed() {
			t.Fatalf("AddHousehold with finishing failing: %v, want an error", err)
		}
		if _, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", t0); !errors.Is(err, intents.ErrNotFound) {
			t.Errorf("LinkSpeaker on an unfinished household: %v, want ErrNotFound", err)
		}
		if hs, _ := s.ListHouseholds(t.Context()); len(hs) != 0 {
			t.Errorf("ListHouseholds shows an unfinished household: %v", hs)
		}
		if err := s.AddHousehold(t.Context(), h); !errors.Is(err, intents.ErrConflict) {
			t.Errorf("AddHousehold within the lease: %v, want ErrConflict", err)
		}
		mu.Lock()
		now = now.Add(lease + time.Second)
		mu.Unlock()
		must(t, "AddHousehold after the lease", s.AddHousehold(t.Context(), h))
		if hs, _ := s.ListHouseholds(t.Context()); len(hs) != 1 {
			t.Errorf("ListHouseholds: %d households, want 1", len(hs))
		}
		_, err := s.LinkSpeaker(t.Context(), h.LinkCode, "spk-1", t0)
		must(t, "LinkSpeaker", err)
	})
}

func TestBookFailingPartWay(t *testing.T) {
	var rec recorder
	c := rec.client(dynalite(t))
	s, _ := newTestStore(t, c)
	a := slot("coach-a", t0.Add(time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(t.Context(), []intents.CoachSlot{a}))
	fail, _ := failOn(func(in any) bool {
		u, ok := in.(*dynamodb.UpdateItemInput)
		return ok && strings.HasPrefix(pkOf(u.Key), pfxSlot)
	})
	rec.setFail(fail)
	if err := s.Book(t.Context(), intents.Booking{ID: "bk-1", HouseholdID: "hh-001", Slot: a, BookedAt: t0}); err == nil {
		t.Fatal("Book with the slot write failing: no error")
	}
	// The booking item was written but the slot never taken: the booking
	// does not stand, and the slot is free for anyone.
	if err := s.CancelBooking(t.Context(), "bk-1", t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("CancelBooking of the failed booking: %v, want ErrNotFound", err)
	}
	if _, err := s.ActiveBooking(t.Context(), "hh-001", t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("ActiveBooking: %v, want ErrNotFound", err)
	}
	must(t, "Book by another household", s.Book(t.Context(), intents.Booking{ID: "bk-2", HouseholdID: "hh-002", Slot: a, BookedAt: t0}))
}

func TestBookUnknownSlot(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	err := s.Book(t.Context(), intents.Booking{ID: "bk-1", HouseholdID: "hh-001", Slot: intents.CoachSlot{ID: "nope"}, BookedAt: t0})
	if !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("Book of an unknown slot: %v, want ErrNotFound", err)
	}
}

func TestFreeSlotsAnyCoachAcrossMonths(t *testing.T) {
	var rec recorder
	c := rec.client(dynalite(t))
	s, _ := newTestStore(t, c)
	endOfMonth := time.Date(2026, time.November, 30, 16, 0, 0, 0, time.UTC)
	nov, dec1, dec2 := slot("coach-a", endOfMonth), slot("coach-b", endOfMonth.Add(18*time.Hour)), slot("coach-a", endOfMonth.Add(19*time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(t.Context(), []intents.CoachSlot{dec2, nov, dec1}))

	queries := func(f func()) int {
		before := len(rec.recorded())
		f()
		n := 0
		for _, in := range rec.recorded()[before:] {
			if _, ok := in.(*dynamodb.QueryInput); ok {
				n++
			}
		}
		return n
	}
	var got []intents.CoachSlot
	var err error
	n := queries(func() { got, err = s.FreeSlots(t.Context(), "", t0, endOfMonth.Add(48*time.Hour), 10) })
	must(t, "FreeSlots", err)
	if ids := slotIDs(got); !slices.Equal(ids, slotIDs([]intents.CoachSlot{nov, dec1, dec2})) || n != 2 {
		t.Errorf("FreeSlots over two months = %v in %d queries, want all three in 2", ids, n)
	}
	// The first month fills the limit: December is never read.
	n = queries(func() { got, err = s.FreeSlots(t.Context(), "", t0, endOfMonth.Add(48*time.Hour), 1) })
	must(t, "FreeSlots", err)
	if ids := slotIDs(got); !slices.Equal(ids, []string{nov.ID}) || n != 1 {
		t.Errorf("FreeSlots limit 1 = %v in %d queries, want %s in 1", ids, n, nov.ID)
	}
}

func slotIDs(ss []intents.CoachSlot) []string {
	var ids []string
	for _, s := range ss {
		ids = append(ids, s.ID)
	}
	return ids
}

// TestItemSizes checks that every item type stays within one write unit
// (1 KB): the cost estimates in docs/data-model.md assume it. Sizes are
// computed by DynamoDB's published rules on items as stored, with keys.
func TestItemSizes(t *testing.T) {
	c := dynalite(t)
	s, tables := newTestStore(t, c)
	ctx := t.Context()
	// Ids shaped like the real ones: pseudonyms are a prefix and 32 hex
	// digits (intents.Pseudonyms); Alexa's request ids are about 60 characters.
	pseudonym := func(prefix string) string { return prefix + strings.Repeat("0f", 16) }
	speaker := pseudonym("sp_")
	h := testHousehold(1)
	h.ID, h.ConsentDate, h.Vulnerable = pseudonym("hh_"), t0, true
	must(t, "AddHousehold", s.AddHousehold(ctx, h))
	_, err := s.LinkSpeaker(ctx, h.LinkCode, speaker, t0)
	must(t, "LinkSpeaker", err)
	must(t, "RecordLinkFailure", s.RecordLinkFailure(ctx, speaker, t0))
	must(t, "TouchHousehold", s.TouchHousehold(ctx, h.ID, t0))
	must(t, "MarkFeedbackAsked", s.MarkFeedbackAsked(ctx, h.ID, t0))
	must(t, "SaveRepair", s.SaveRepair(ctx, intents.Repair{Ref: "HK4721", HouseholdID: h.ID, Problem: "BOILER_PRESSURE", Room: "KITCHEN",
		Priority: intents.Urgent, Status: intents.StatusReported, GuideTried: true, ReportedAt: t0}))
	a := slot("coach-a", t0.Add(time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(ctx, []intents.CoachSlot{a}))
	must(t, "Book", s.Book(ctx, intents.Booking{ID: "f3a9c2e1b4d5a6f7", HouseholdID: h.ID, Slot: a, BookedAt: t0}))
	must(t, "SaveGuideProgress", s.SaveGuideProgress(ctx, speaker, intents.GuideProgress{Topic: "BOILER_PRESSURE", Step: 3, UpdatedAt: t0}))
	// A worst case event: long Alexa-style ids, every field set, five slots.
	e := testEvent("amzn1.echo-api.request.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", t0)
	e.HouseholdID, e.SpeakerID, e.SessionID = strings.Repeat("h", 43), strings.Repeat("s", 43), strings.Repeat("x", 43)
	e.Slots = map[string]string{"problem": "BOILER_PRESSURE", "room": "KITCHEN", "date": "given", "time": "given", "answer": "OTHER"}
	must(t, "RecordUsage", s.RecordUsage(ctx, e))
	typical := intents.UsageEvent{
		RequestID: "amzn1.echo-api.request.1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", Time: t0,
		HouseholdID: h.ID, SpeakerID: speaker, SessionID: pseudonym("se_"),
		RequestType: "IntentRequest", Intent: "AMAZON.NextIntent", Flow: intents.FlowSelfFix, Step: "3",
		Outcome: intents.OutcomeGuideStep, GuideTried: true, LatencyMS: 41.873, Locale: "en-GB",
	}
	must(t, "RecordUsage", s.RecordUsage(ctx, typical))

	get := func(table string, pk, sk string) item {
		out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: item{attrPK: sval(pk), attrSK: sval(sk)}})
		must(t, "GetItem "+pk, err)
		if out.Item == nil {
			t.Fatalf("no item %s/%s", pk, sk)
		}
		return out.Item
	}
	for _, tc := range []struct {
		name string
		it   item
	}{
		{"household", get(tables.Data, pfxHousehold+h.ID, skHousehold)},
		{"speaker link", get(tables.Data, pfxSpeaker+speaker, skLink)},
		{"link failure", partition(t, c, tables.Data, pfxSpeaker+speaker)[0]},
		{"repair", get(tables.Data, pfxRepair+"HK4721", skRepair)},
		{"booked slot", get(tables.Data, pfxSlot+a.ID, skSlot)},
		{"booking", get(tables.Data, pfxBooking+"f3a9c2e1b4d5a6f7", skBooking)},
		{"guide progress", get(tables.Data, pfxSpeaker+speaker, skGuide)},
		{"usage event, worst case", usageEventItem(t, c, tables, e)},
		{"usage event, typical", usageEventItem(t, c, tables, typical)},
	} {
		size := itemSize(tc.it)
		t.Logf("%-24s %4d bytes", tc.name, size)
		if size > 1024 {
			t.Errorf("%s item is %d bytes: more than one write unit", tc.name, size)
		}
	}
}

// itemSize is an item's size by DynamoDB's rules: attribute names plus
// values; strings by UTF-8 length, numbers about one byte per two
// significant digits plus one, booleans one byte, maps three bytes plus
// one per element.
func itemSize(it item) int {
	n := 0
	for name, v := range it {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(v.Value), "0")
		return (len(digits)+1)/2 + 1
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range v.Value {
			n += len(k) + valueSize(e) + 1
		}
		return n
	default:
		panic(fmt.Sprintf("valueSize: %T", v))
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
