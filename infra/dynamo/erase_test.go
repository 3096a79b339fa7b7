package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// Everything the erased household keeps has "gone" in it (ids, reference,
// booking ids, sessions), and nothing else does, so "no item mentions gone"
// is the whole of "erased". Request ids are kept, so they must not say it.
const goneMark = "gone"

// erasureFixture is a store holding two households, one to erase, with one
// of everything erasure must reach.
type erasureFixture struct {
	s            *Store
	c            *dynamodb.Client // not recorded, for reading tables raw
	tables       Tables
	gone, kept   intents.Household
	goneSlot     intents.CoachSlot // held by the erased household
	keptSlot     intents.CoachSlot // held by the other household
	goneEvents   int
	totalEvents  int
	keptEventReq string
}

func newErasureFixture(t *testing.T, c *dynamodb.Client, rec *recorder) *erasureFixture {
	t.Helper()
	ctx := t.Context()
	s, tables := newTestStore(t, rec.client(c))
	f := &erasureFixture{s: s, c: c, tables: tables, gone: testHousehold(1), kept: testHousehold(2)}
	f.gone.ID, f.gone.Ref = "hh-gone", "TEN-GONE"
	f.kept.ID, f.kept.Ref = "hh-kept", "TEN-KEPT"
	must(t, "AddHousehold", s.AddHousehold(ctx, f.gone))
	must(t, "AddHousehold", s.AddHousehold(ctx, f.kept))
	_, err := s.LinkSpeaker(ctx, f.gone.LinkCode, "spk-gone", t0)
	must(t, "LinkSpeaker", err)
	_, err = s.LinkSpeaker(ctx, f.kept.LinkCode, "spk-kept", t0)
	must(t, "LinkSpeaker", err)

	repair := func(ref, hh string) intents.Repair {
		return intents.Repair{Ref: ref, HouseholdID: hh, Problem: "LEAK", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}
	}
	must(t, "SaveRepair", s.SaveRepair(ctx, repair("HK1000", f.gone.ID)))
	must(t, "SaveRepair", s.SaveRepair(ctx, repair("HK1001", f.gone.ID)))
	must(t, "SetRepairStatus", s.SetRepairStatus(ctx, "HK1001", intents.StatusDone)) // done repairs go too
	// Both handed off: a repair not yet handed off outlives the erasure,
	// stripped, until it is (keepPromised; functions/internal/notifier's
	// TestWithdrawalOnAWS).
	for _, ref := range []string{"HK1000", "HK1001"} {
		must(t, "MarkHandedOff", s.MarkHandedOff(ctx, ref, t0))
	}
	must(t, "SaveRepair", s.SaveRepair(ctx, repair("HK2000", f.kept.ID)))

	f.goneSlot, f.keptSlot = slot("coach-a", t0.Add(24*time.Hour)), slot("coach-b", t0.Add(24*time.Hour))
	cancelled, past := slot("coach-a", t0.Add(25*time.Hour)), slot("coach-a", t0.Add(-48*time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(ctx, []intents.CoachSlot{f.goneSlot, f.keptSlot, cancelled, past}))
	book := func(id, hh string, sl intents.CoachSlot) {
		must(t, "Book "+id, s.Book(ctx, intents.Booking{ID: id, HouseholdID: hh, Slot: sl, BookedAt: t0}))
	}
	book("bk-gone-1", f.gone.ID, f.goneSlot)
	book("bk-gone-2", f.gone.ID, cancelled)
	must(t, "CancelBooking", s.CancelBooking(ctx, "bk-gone-2", t0)) // history goes too
	book("bk-gone-3", f.gone.ID, past)                              // a visit that has happened
	book("bk-kept", f.kept.ID, f.keptSlot)

	must(t, "SaveGuideProgress", s.SaveGuideProgress(ctx, "spk-gone", intents.GuideProgress{Topic: "RADIATOR", Step: 2, UpdatedAt: t0}))
	must(t, "RecordLinkFailure", s.RecordLinkFailure(ctx, "spk-gone", t0))
	must(t, "RecordLinkFailure", s.RecordLinkFailure(ctx, "spk-gone", t0.Add(time.Second)))
	must(t, "MarkFeedbackAsked", s.MarkFeedbackAsked(ctx, f.gone.ID, t0))

	event := func(id string, at time.Time, hh, spk, ses string) {
		t.Helper()
		e := intents.UsageEvent{RequestID: id, Time: at, HouseholdID: hh, SpeakerID: spk, SessionID: ses,
			RequestType: "IntentRequest", Flow: intents.FlowSelfFix, Outcome: intents.OutcomeGuideStep}
		must(t, "RecordUsage", s.RecordUsage(ctx, e))
		f.totalEvents++
	}
	// Enough events, over two days, to keep several writers busy.
	for i := range 40 {
		event(fmt.Sprintf("req-a-%02d", i), t0.Add(time.Duration(i)*time.Hour), f.gone.ID, "spk-gone", "ses-gone")
	}
	event("req-before-link", t0.Add(-time.Hour), "", "spk-gone", "ses-gone-0")
	// A visitor's speaker, never linked: its event names the household only.
	event("req-visitor", t0, f.gone.ID, "spk-gone-visitor", "ses-gone-visitor")
	f.goneEvents = f.totalEvents
	f.keptEventReq = "req-kept"
	event(f.keptEventReq, t0, f.kept.ID, "spk-kept", "ses-kept")
	return f
}

// scanAll reads a whole table, for tests only: the store never Scans.
func scanAll(t *testing.T, c *dynamodb.Client, table string) []item {
	t.Helper()
	var items []item
	p := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("Scan %s: %v", table, err)
		}
		items = append(items, page.Items...)
	}
	return items
}

// mention returns the name of an attribute of it whose value contains word
// (in maps too), or "".
func mention(it item, word string) string {
	for name, v := range it {
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			if strings.Contains(strings.ToLower(v.Value), word) {
				return name
			}
		case *types.AttributeValueMemberM:
			if n := mention(v.Value, word); n != "" {
				return name + "." + n
			}
		}
	}
	return ""
}

// checkHeldSlotsHaveBookings fails unless every held slot's booking item
// exists: the state CancelBooking and the staff view rely on.
func (f *erasureFixture) checkHeldSlotsHaveBookings(t *testing.T) {
	t.Helper()
	bookings := map[string]bool{}
	var held []string
	for _, it := range scanAll(t, f.c, f.tables.Data) {
		d := decoder{it: it}
		pk := d.str(attrPK)
		switch {
		case strings.HasPrefix(pk, pfxBooking):
			bookings[d.str(attrBookingID)] = true
		case strings.HasPrefix(pk, pfxSlot) && d.str(attrBookingID) != "":
			held = append(held, d.str(attrBookingID))
		}
	}
	for _, id := range held {
		if !bookings[id] {
			t.Errorf("a slot is held by booking %s, which has no booking item", id)
		}
	}
}

// checkErased fails unless nothing in either table mentions the erased
// household, every event is still there with its TTL, and the other
// household is untouched.
func (f *erasureFixture) checkErased(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	for _, table := range []string{f.tables.Data, f.tables.Usage} {
		for _, it := range scanAll(t, f.c, table) {
			if name := mention(it, goneMark); name != "" {
				t.Errorf("after erasure, %s item %s/%s still names the household in %s", table, pkOf(it), (&decoder{it: it}).str(attrSK), name)
			}
		}
	}
	events := scanAll(t, f.c, f.tables.Usage)
	if len(events) != f.totalEvents {
		t.Errorf("%d events after erasure, want all %d kept as counts", len(events), f.totalEvents)
	}
	for _, e := range events {
		if _, ok := e[TTLAttribute]; !ok {
			t.Errorf("event %s lost its %s", (&decoder{it: e}).str(attrRequestID), TTLAttribute)
		}
		if (&decoder{it: e}).str(attrOutcome) == "" {
			t.Errorf("event %s lost its outcome", (&decoder{it: e}).str(attrRequestID))
		}
	}

	if hh, err := f.s.HouseholdForSpeaker(ctx, "spk-kept"); err != nil || hh.ID != f.kept.ID {
		t.Errorf("the other household's speaker: %v, %v", hh.ID, err)
	}
	if hs, err := f.s.ListHouseholds(ctx); err != nil || len(hs) != 1 || hs[0].ID != f.kept.ID {
		t.Errorf("ListHouseholds = %v, %v; want only %s", hs, err, f.kept.ID)
	}
	if rs, err := f.s.ListRepairs(ctx); err != nil || len(rs) != 1 || rs[0].Ref != "HK2000" {
		t.Errorf("ListRepairs = %v, %v; want only HK2000", rs, err)
	}
	if b, err := f.s.ActiveBooking(ctx, f.kept.ID, t0); err != nil || b.ID != "bk-kept" {
		t.Errorf("the other household's booking: %v, %v", b.ID, err)
	}
	sbs, err := f.s.ListSlots(ctx, t0.Add(-72*time.Hour), t0.Add(72*time.Hour))
	must(t, "ListSlots", err)
	for _, sb := range sbs {
		if want := sb.Slot.ID == f.keptSlot.ID; (sb.Booking != nil) != want {
			t.Errorf("slot %s booked: %v, want %v", sb.Slot.ID, sb.Booking != nil, want)
		}
	}
	for _, e := range events {
		d := decoder{it: e}
		if d.str(attrRequestID) == f.keptEventReq && (d.str(attrHouseholdID) != f.kept.ID || d.str(attrSpeakerID) != "spk-kept") {
			t.Errorf("the other household's event was blanked: %v", e)
		}
	}
	// Its reference, ID and claims are free: it can be enrolled again.
	again := f.gone
	again.LinkCode = "499999"
	must(t, "AddHousehold of the erased household again", f.s.AddHousehold(ctx, again))
}

// forgetByVoice is what the conversation does on "forget me", yes: erase
// the household the speaker reaches, if any, then the speaker.
func forgetByVoice(ctx context.Context, s *Store, speakerID string) error {
	h, err := s.HouseholdForSpeaker(ctx, speakerID)
	switch {
	case err == nil:
		if err := s.EraseHousehold(ctx, h.ID); err != nil {
			return err
		}
	case !errors.Is(err, intents.ErrNotFound):
		return err
	}
	return s.EraseSpeaker(ctx, speakerID)
}

// TestEraseHouseholdFailingPartWay fails each kind of write or read the
// erasure makes, once, and checks that what is left misleads no reader and
// that a retry, by staff or by the tenant saying "forget me" again,
// finishes the erasure.
func TestEraseHouseholdFailingPartWay(t *testing.T) {
	eraseFailingPartWay(t, dynalite(t))
}

func eraseFailingPartWay(t *testing.T, c *dynamodb.Client) {
	key := func(in any) (op, pk, sk string) {
		var k item
		switch in := in.(type) {
		case *dynamodb.UpdateItemInput:
			op, k = "update", in.Key
		case *dynamodb.DeleteItemInput:
			op, k = "delete", in.Key
		case *dynamodb.QueryInput:
			return "query " + aws.ToString(in.IndexName), (&decoder{it: in.ExpressionAttributeValues}).str(":pk"), ""
		default:
			return "", "", ""
		}
		d := decoder{it: k}
		return op, d.str(attrPK), d.str(attrSK)
	}
	on := func(wantOp, pfx, skPfx string) func(any) bool {
		return func(in any) bool {
			op, pk, sk := key(in)
			return op == wantOp && strings.HasPrefix(pk, pfx) && strings.HasPrefix(sk, skPfx)
		}
	}
	cases := []struct {
		name   string
		match  func(any) bool
		hidden bool // the household is already out of every reader's sight
	}{
		{"marking the household", on("update", pfxHousehold, ""), false},
		{"deleting a repair", on("delete", pfxRepair, ""), true},
		{"freeing a slot", on("update", pfxSlot, ""), true},
		{"deleting a booking item", on("delete", pfxBooking, ""), true},
		{"listing the booking items", on("query "+indexGSI3, pfxBookings, ""), true},
		{"listing the speakers", on("query "+indexGSI3, pfxSpeakers, ""), true},
		{"deleting a link failure", on("delete", pfxSpeaker, pfxFailure), true},
		{"listing a speaker's events", on("query "+indexUsageBySpeaker, "", ""), true},
		{"blanking an event", on("update", pfxDay, ""), true},
		{"listing the household's events", on("query "+indexUsageByHousehold, "", ""), true},
		{"deleting the reference claim", on("delete", pfxRefClaim, ""), true},
		{"deleting the household", on("delete", pfxHousehold, ""), true},
		{"deleting the speaker's link", on("delete", pfxSpeaker, skLink), true},
	}
	// Twenty-six parallel erasures on one dynalite, beside the rest of a
	// full `go test -race ./...` on two cores, once brought dynalite down:
	// four at a time keeps most of the speed.
	sem := make(chan struct{}, 4)
	for _, tc := range cases {
		for _, retry := range []string{"by staff", "by voice"} {
			t.Run(tc.name+"/retried "+retry, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				var rec recorder
				f := newErasureFixture(t, c, &rec)
				ctx := t.Context()
				fail, failed := failOn(tc.match)
				rec.setFail(fail)
				err := forgetByVoice(ctx, f.s, "spk-gone")
				if err == nil || !failed() {
					t.Fatalf("erasure with %s failing: %v (failure injected: %v), want an error", tc.name, err, failed())
				}
				rec.setFail(nil)

				// Part-way: nothing half-readable.
				_, err = f.s.HouseholdForSpeaker(ctx, "spk-gone")
				if tc.hidden && !errors.Is(err, intents.ErrNotFound) {
					t.Errorf("part-way, the speaker still reaches the household: %v", err)
				}
				if !tc.hidden && err != nil {
					t.Errorf("the erasure failed before changing anything, yet the household is unreachable: %v", err)
				}
				hs, err := f.s.ListHouseholds(ctx)
				must(t, "ListHouseholds", err)
				if listed := slices.ContainsFunc(hs, func(h intents.Household) bool { return h.ID == f.gone.ID }); listed == tc.hidden {
					t.Errorf("part-way, household listed for staff: %v", listed)
				}
				f.checkHeldSlotsHaveBookings(t)

				switch retry {
				case "by staff":
					must(t, "EraseHousehold retried", f.s.EraseHousehold(ctx, f.gone.ID))
				case "by voice":
					must(t, "forget me, again", forgetByVoice(ctx, f.s, "spk-gone"))
				}
				f.checkErased(t)
			})
		}
	}
}

// TestEraseHouseholdAtOnce: the same fixture erased without a fault, which
// is also the baseline the fault cases are held to.
func TestEraseHouseholdAtOnce(t *testing.T) {
	var rec recorder
	f := newErasureFixture(t, dynalite(t), &rec)
	start := time.Now()
	must(t, "forget me", forgetByVoice(t.Context(), f.s, "spk-gone"))
	t.Logf("erased %d events' ids and the household's items in %v", f.goneEvents, time.Since(start))
	f.checkErased(t)
}

// TestEraseHouseholdLeavesAMovedSpeakerAlone: a speaker that spent one
// household's code and then another's belongs to the second. Erasing the
// first blanks the events that name it, but leaves the speaker's link,
// progress and other events to the household it moved to.
func TestEraseHouseholdLeavesAMovedSpeakerAlone(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	first, second := testHousehold(1), testHousehold(2)
	must(t, "AddHousehold", s.AddHousehold(ctx, first))
	must(t, "AddHousehold", s.AddHousehold(ctx, second))
	_, err := s.LinkSpeaker(ctx, first.LinkCode, "spk-1", t0)
	must(t, "LinkSpeaker", err)
	early := testEvent("req-early", t0)
	early.HouseholdID, early.SpeakerID = first.ID, "spk-1"
	must(t, "RecordUsage", s.RecordUsage(ctx, early))
	_, err = s.LinkSpeaker(ctx, second.LinkCode, "spk-1", t0.Add(time.Hour))
	must(t, "LinkSpeaker (moving)", err)
	late := testEvent("req-late", t0.Add(2*time.Hour))
	late.HouseholdID, late.SpeakerID = second.ID, "spk-1"
	must(t, "RecordUsage", s.RecordUsage(ctx, late))
	must(t, "SaveGuideProgress", s.SaveGuideProgress(ctx, "spk-1", intents.GuideProgress{Topic: "RADIATOR", UpdatedAt: t0}))

	// first's spent_by still names spk-1, so erasure considers it.
	must(t, "EraseHousehold", s.EraseHousehold(ctx, first.ID))

	if hh, err := s.HouseholdForSpeaker(ctx, "spk-1"); err != nil || hh.ID != second.ID {
		t.Errorf("the moved speaker's link: %v, %v; want %s", hh.ID, err, second.ID)
	}
	if _, err := s.GuideProgress(ctx, "spk-1"); err != nil {
		t.Errorf("the moved speaker's progress: %v", err)
	}
	es, err := s.UsageEvents(ctx, t0, t0.Add(3*time.Hour))
	must(t, "UsageEvents", err)
	for _, e := range es {
		switch e.RequestID {
		case "req-early":
			if e.HouseholdID != "" || e.SpeakerID != "" || e.SessionID != "" {
				t.Errorf("the erased household's event was not blanked: %+v", e)
			}
		case "req-late":
			if e.HouseholdID != second.ID || e.SpeakerID != "spk-1" {
				t.Errorf("the second household's event was blanked: %+v", e)
			}
		}
	}
}

// TestErasingHouseholdRefusesItsCode: once an erasure has begun, the
// household's unspent code links no one, so no link can appear after the
// erasure listed the household's speakers.
func TestErasingHouseholdRefusesItsCode(t *testing.T) {
	var rec recorder
	s, _ := newTestStore(t, rec.client(dynalite(t)))
	ctx := t.Context()
	h := testHousehold(1)
	must(t, "AddHousehold", s.AddHousehold(ctx, h))
	// Stop the erasure right after the mark.
	fail, _ := failOn(func(in any) bool { q, ok := in.(*dynamodb.QueryInput); return ok && q.IndexName != nil })
	rec.setFail(fail)
	if err := s.EraseHousehold(ctx, h.ID); err == nil {
		t.Fatal("EraseHousehold with its first Query failing: no error")
	}
	rec.setFail(nil)
	if _, err := s.LinkSpeaker(ctx, h.LinkCode, "spk-1", t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("LinkSpeaker with the code of a household being erased: %v, want ErrNotFound", err)
	}
	must(t, "EraseHousehold retried", s.EraseHousehold(ctx, h.ID))
	if _, err := s.LinkSpeaker(ctx, h.LinkCode, "spk-1", t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("LinkSpeaker with the code of an erased household: %v, want ErrNotFound", err)
	}
}

// TestTrialDatesKeepCalendarDates: a trial day is a calendar day in Europe
// London, and a summer midnight there is 23:00 UTC the day before. The
// stored date must be the London date, or the trial would open a day early.
func TestTrialDatesKeepCalendarDates(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	bst := time.FixedZone("BST", 3600)
	start := time.Date(2027, time.June, 1, 0, 0, 0, 0, bst)
	end := time.Date(2027, time.June, 30, 0, 0, 0, 0, bst)
	must(t, "SetTrialDates", s.SetTrialDates(t.Context(), intents.Trial{Start: start, End: end}))
	tr, err := s.TrialDates(t.Context())
	must(t, "TrialDates", err)
	for _, tc := range []struct {
		at   time.Time
		open bool
	}{
		{time.Date(2027, time.May, 31, 12, 0, 0, 0, bst), false},
		{time.Date(2027, time.June, 1, 0, 30, 0, 0, bst), true},
		{time.Date(2027, time.June, 30, 23, 30, 0, 0, bst), true},
		{time.Date(2027, time.July, 1, 0, 30, 0, 0, bst), false},
	} {
		if got := tr.Open(tc.at, bst); got != tc.open {
			t.Errorf("trial %v–%v open at %v: %v, want %v", tr.Start, tr.End, tc.at, got, tc.open)
		}
	}
	if tr.Start.Location() != time.UTC || tr.End.Location() != time.UTC {
		t.Errorf("trial dates come back in %v and %v, want UTC", tr.Start.Location(), tr.End.Location())
	}
}

// TestListSlotsAcrossMonths: a window over a month's end reads both months'
// partitions, in order, with each slot's booking read from the slot.
func TestListSlotsAcrossMonths(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	endOfMonth := time.Date(2026, time.November, 30, 16, 0, 0, 0, time.UTC)
	nov, dec, later := slot("coach-a", endOfMonth), slot("coach-b", endOfMonth.Add(18*time.Hour)), slot("coach-a", endOfMonth.Add(40*24*time.Hour))
	must(t, "AddCoachSlots", s.AddCoachSlots(ctx, []intents.CoachSlot{later, dec, nov}))
	must(t, "Book", s.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: "hh-001", Slot: dec, BookedAt: t0}))
	got, err := s.ListSlots(ctx, endOfMonth, endOfMonth.Add(48*time.Hour))
	must(t, "ListSlots", err)
	if len(got) != 2 || got[0].Slot.ID != nov.ID || got[1].Slot.ID != dec.ID {
		t.Fatalf("ListSlots = %+v, want %s then %s", got, nov.ID, dec.ID)
	}
	if got[0].Booking != nil || got[1].Booking == nil || got[1].Booking.ID != "bk-1" || !got[1].Booking.BookedAt.Equal(t0) {
		t.Errorf("bookings: %+v, %+v; want the December slot held by bk-1", got[0].Booking, got[1].Booking)
	}
	if err := s.CancelBooking(ctx, "bk-1", t0); err != nil {
		t.Fatal(err)
	}
	must(t, "RemoveCoachSlot once free", s.RemoveCoachSlot(ctx, dec.ID))
}

func TestEachLimit(t *testing.T) {
	t.Run("stops starting calls after an error", func(t *testing.T) {
		var calls int
		err := eachLimit(t.Context(), []int{1, 2, 3, 4}, 1, func(_ context.Context, i int) error {
			calls++
			if i == 2 {
				return errors.New("two")
			}
			return nil
		})
		if err == nil || calls != 2 {
			t.Errorf("eachLimit = %v after %d calls, want the error after 2", err, calls)
		}
	})
	t.Run("a cancelled context is an error, not success", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := eachLimit(ctx, []int{1}, 1, func(context.Context, int) error { return nil }); !errors.Is(err, context.Canceled) {
			t.Errorf("eachLimit on a cancelled context = %v, want context.Canceled", err)
		}
	})
}
