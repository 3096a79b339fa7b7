package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// writes returns the write operations among a recorder's inputs.
func writes(inputs []any) []any {
	var out []any
	for _, in := range inputs {
		switch in.(type) {
		case *dynamodb.PutItemInput, *dynamodb.UpdateItemInput, *dynamodb.DeleteItemInput,
			*dynamodb.TransactWriteItemsInput, *dynamodb.BatchWriteItemInput:
			out = append(out, in)
		}
	}
	return out
}

// transactKeys returns the pk of each item a transaction writes.
func transactKeys(in *dynamodb.TransactWriteItemsInput) []string {
	var pks []string
	for _, w := range in.TransactItems {
		var it item
		switch {
		case w.Put != nil:
			it = w.Put.Item
		case w.Update != nil:
			it = w.Update.Key
		}
		if v, ok := it[attrPK].(*types.AttributeValueMemberS); ok {
			pks = append(pks, v.Value)
		}
	}
	return pks
}

// TestClaimedChangeIsOneWrite: a tenant's change (a repair filed, a visit
// booked or cancelled, a feedback question marked) and its request's claim
// go to DynamoDB as one TransactWriteItems and nothing else, so there is no
// moment at which a crash leaves one without the other.
func TestClaimedChangeIsOneWrite(t *testing.T) {
	base := dynamodb.NewFromConfig(mototest.Start(t).Config())
	at := time.Now().UTC().Truncate(time.Millisecond)
	h := intents.Household{ID: "hh-1", Ref: "HH-1", LinkCode: "123456", CodeExpires: at.Add(time.Hour), EnrolledAt: at}
	slot := intents.CoachSlot{ID: "slot-1", CoachID: "coach-a", Coach: "Amira", Start: at.Add(48 * time.Hour)}
	for _, c := range []struct {
		name   string
		setup  func(t *testing.T, s *Store)
		change func(s *Store, ctx context.Context) error
		item   string // the pk prefix of the changed item
	}{
		{"SaveRepair", nil, func(s *Store, ctx context.Context) error {
			return s.SaveRepair(ctx, intents.Repair{Ref: "HK0001", HouseholdID: h.ID, Problem: "LEAK", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: at})
		}, pfxRepair},
		{"Book", nil, func(s *Store, ctx context.Context) error {
			return s.Book(ctx, intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: slot, BookedAt: at})
		}, pfxBooking},
		{"CancelBooking", func(t *testing.T, s *Store) {
			if err := s.Book(t.Context(), intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: slot, BookedAt: at}); err != nil {
				t.Fatal(err)
			}
		}, func(s *Store, ctx context.Context) error { return s.CancelBooking(ctx, "bk-1", at) }, pfxSlot},
		{"MarkFeedbackAsked", nil, func(s *Store, ctx context.Context) error { return s.MarkFeedbackAsked(ctx, h.ID, at) }, pfxHousehold},
		{"SetBookingReminder", func(t *testing.T, s *Store) {
			if err := s.Book(t.Context(), intents.Booking{ID: "bk-1", HouseholdID: h.ID, Slot: slot, BookedAt: at}); err != nil {
				t.Fatal(err)
			}
		}, func(s *Store, ctx context.Context) error {
			return s.SetBookingReminder(ctx, "bk-1", intents.ReminderPending)
		}, pfxSlot},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{}
			s, _ := newTestStore(t, rec.client(base))
			if err := s.AddHousehold(t.Context(), h); err != nil {
				t.Fatal(err)
			}
			if err := s.AddCoachSlots(t.Context(), []intents.CoachSlot{slot}); err != nil {
				t.Fatal(err)
			}
			if c.setup != nil {
				c.setup(t, s)
			}
			before := len(rec.recorded())
			ctx := intents.WithClaim(t.Context(), intents.Claim{RequestID: "req-1", Token: "first"})
			if err := c.change(s, ctx); err != nil {
				t.Fatalf("%s under a claim: %v", c.name, err)
			}
			w := writes(rec.recorded()[before:])
			if len(w) != 1 {
				t.Fatalf("%s under a claim made %d writes (%T...), want one transaction", c.name, len(w), w)
			}
			tx, ok := w[0].(*dynamodb.TransactWriteItemsInput)
			if !ok {
				t.Fatalf("%s under a claim wrote with %T, want TransactWriteItems", c.name, w[0])
			}
			keys := strings.Join(transactKeys(tx), " ")
			if !strings.Contains(keys, pfxReply+"req-1") || !strings.Contains(keys, c.item) {
				t.Errorf("%s's transaction writes %s, want the claim (%sreq-1) and the %s item", c.name, keys, pfxReply, c.item)
			}
		})
	}
}

// TestClaimedChangeAllOrNothing: when any part of the transaction fails its
// condition, no part is written: a change refused leaves no claim (Alexa's
// retry can still make it), and a claim refused leaves no change.
func TestClaimedChangeAllOrNothing(t *testing.T) {
	client := dynamodb.NewFromConfig(mototest.Start(t).Config())
	s, tables := newTestStore(t, client)
	ctx := t.Context()
	at := time.Now().UTC()
	h := intents.Household{ID: "hh-1", Ref: "HH-1", LinkCode: "123456", CodeExpires: at.Add(time.Hour), EnrolledAt: at}
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	claimOf := func(requestID string) item {
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(tables.Usage), Key: replyKey(requestID), ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item
	}
	rp := func(ref string) intents.Repair {
		return intents.Repair{Ref: ref, HouseholdID: h.ID, Problem: "LEAK", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: at}
	}

	// The change fails (its reference is taken): no claim is left.
	if err := s.SaveRepair(ctx, rp("HK0001")); err != nil {
		t.Fatal(err)
	}
	other := rp("HK0001")
	other.HouseholdID, other.Problem = "hh-2", "DAMP"
	err := s.SaveRepair(intents.WithClaim(ctx, intents.Claim{RequestID: "req-1", Token: "first"}), other)
	if !errors.Is(err, intents.ErrConflict) {
		t.Fatalf("SaveRepair of a taken reference: %v, want ErrConflict", err)
	}
	if it := claimOf("req-1"); it[attrToken] != nil {
		t.Errorf("a change that failed left its request claimed: %v", it)
	}

	// The claim fails (another handling holds it): no change is made.
	if err := s.SaveRepair(intents.WithClaim(ctx, intents.Claim{RequestID: "req-2", Token: "first"}), rp("HK0002")); err != nil {
		t.Fatal(err)
	}
	err = s.SaveRepair(intents.WithClaim(ctx, intents.Claim{RequestID: "req-2", Token: "repeat"}), rp("HK0003"))
	if !errors.Is(err, intents.ErrRepeated) {
		t.Fatalf("SaveRepair under another handling's claim: %v, want ErrRepeated", err)
	}
	if _, err := s.RepairHandOff(ctx, "HK0003"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("a repair refused by its request's claim was saved: %v", err)
	}
}

// TestReplayAfterFailedCommit: the process handling a tenant's "yes" to a
// repair dies as it writes the repair (the write never lands, no answer is
// recorded). Alexa sends the same request again: the repair is filed once,
// and a further replay hears the very words the filing turn said. With the
// claim and the repair as two writes the claim could land alone, and every
// retry heard "I've already done that" of a repair never filed.
func TestReplayAfterFailedCommit(t *testing.T) {
	base := dynamodb.NewFromConfig(mototest.Start(t).Config())
	plain, tables := newTestStore(t, base)
	ctx := t.Context()
	now := time.Now()
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("r", 32)))
	if err != nil {
		t.Fatal(err)
	}
	hh, err := intents.Enrol(ctx, plain, p, intents.Enrolling{Ref: "HH-REPLAY"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.LinkSpeaker(ctx, hh.LinkCode, "speaker-replay", now); err != nil {
		t.Fatal(err)
	}

	// The crash: the process dies as it writes the repair. That write,
	// and every write after it until the process is started again (the
	// answer's record, any undoing), never reaches DynamoDB.
	var crashed, dead atomic.Bool
	rec := &recorder{fail: func(in any) error {
		if len(writes([]any{in})) == 0 {
			return nil
		}
		carriesRepair := false
		switch v := in.(type) {
		case *dynamodb.TransactWriteItemsInput:
			carriesRepair = strings.Contains(strings.Join(transactKeys(v), " "), pfxRepair)
		case *dynamodb.PutItemInput:
			pk, ok := v.Item[attrPK].(*types.AttributeValueMemberS)
			carriesRepair = ok && strings.HasPrefix(pk.Value, pfxRepair)
		}
		if carriesRepair && crashed.CompareAndSwap(false, true) {
			dead.Store(true)
		}
		if dead.Load() {
			return errors.New("injected: the process died")
		}
		return nil
	}}
	s := New(rec.client(base), tables, WithLogger(testLogger(t)))
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	cfg := intents.DefaultConfig()
	cfg.LandlordPhone = faultPhone
	skill := intents.New(intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s,
		Trial: s, Feedback: s, Eraser: s, Speakers: s, Replies: s}, guides, cfg)

	req := intents.Request{ID: "replay-1", Time: now, Type: intents.IntentRequest, Intent: "ReportRepairIntent",
		SpeakerID: "speaker-replay", SessionID: "s-1", SessionNew: true, Locale: "en-GB",
		Slots: map[string]intents.Slot{"problem": {ID: "LEAK", Value: "leak"}, "room": {ID: "KITCHEN", Value: "kitchen"}}}
	r := skill.Handle(ctx, req)
	if !strings.Contains(intents.PlainText(r.Speech), "Shall I report it?") {
		t.Fatalf("report: %q", intents.PlainText(r.Speech))
	}
	yes := intents.Request{ID: "replay-2", Time: time.Now(), Type: intents.IntentRequest, Intent: "AMAZON.YesIntent",
		SpeakerID: "speaker-replay", SessionID: "s-1", Locale: "en-GB", State: r.State}
	first := intents.PlainText(skill.Handle(ctx, yes).Speech)
	if !crashed.Load() {
		t.Fatal("the repair's write was never attempted")
	}
	t.Logf("the handling that died would have said: %q", first)
	dead.Store(false) // started again

	again := skill.Handle(ctx, yes)
	heard := intents.PlainText(again.Speech)
	if !strings.Contains(heard, "Your reference is") {
		t.Errorf("Alexa's retry after the crash heard %q, want the repair filed and its reference", heard)
	}
	open, err := plain.OpenRepairs(ctx, hh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || !strings.Contains(heard, open[0].Ref) {
		t.Fatalf("after the crash and a retry, repairs %+v; the retry heard %q; want one, the one read out", open, heard)
	}
	if replay := intents.PlainText(skill.Handle(ctx, yes).Speech); replay != heard {
		t.Errorf("a further replay heard %q, want the filing turn's words %q", replay, heard)
	}
	if open, _ := plain.OpenRepairs(ctx, hh.ID); len(open) != 1 {
		t.Errorf("after a further replay, %d repairs, want 1", len(open))
	}
}

// TestRetryAfterCrashBeforeAnswer: the process dies just after a turn's
// change is committed, before its answer is recorded; Alexa, having heard
// nothing, sends the request again. The retry must hear what the first
// handling would have said (the same reference, the same visit), and
// nothing is done twice. On the code that stored the answer apart from the
// change and refused a repeat it could not answer, the retry heard "I've
// already done that".
func TestRetryAfterCrashBeforeAnswer(t *testing.T) {
	base := dynamodb.NewFromConfig(mototest.Start(t).Config())
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	cases := []struct {
		name  string
		setup func(t *testing.T, s *Store, hh intents.Household)
		// the turns before the one that changes something
		lead []intents.Request
		// the transaction after which the process dies
		dies  string
		check func(t *testing.T, s *Store, hh intents.Household, heard string)
		// change is the turn that changes something (yes, unless set),
		// made by a speaker not yet linked when unlinked.
		change   func(hh intents.Household) intents.Request
		unlinked bool
	}{{
		name: "repair",
		lead: []intents.Request{{Intent: "ReportRepairIntent",
			Slots: map[string]intents.Slot{"problem": {ID: "LEAK", Value: "leak"}, "room": {ID: "KITCHEN", Value: "kitchen"}}}},
		dies: pfxRepair,
		check: func(t *testing.T, s *Store, hh intents.Household, heard string) {
			open, err := s.OpenRepairs(t.Context(), hh.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(open) != 1 || !strings.Contains(heard, open[0].Ref) {
				t.Errorf("repairs %+v after a crash and a retry that heard %q; want one, the one read out", open, heard)
			}
		},
	}, {
		name: "booking",
		setup: func(t *testing.T, s *Store, _ intents.Household) {
			must(t, "AddCoachSlots", s.AddCoachSlots(t.Context(), []intents.CoachSlot{slot("coach-a", start), slot("coach-a", start.Add(24*time.Hour))}))
		},
		lead: []intents.Request{{Intent: "BookCoachIntent"}},
		dies: pfxBooking,
		check: func(t *testing.T, s *Store, hh intents.Household, heard string) {
			b, err := s.ActiveBooking(t.Context(), hh.ID, time.Now())
			if err != nil || !b.Slot.Start.Equal(start) {
				t.Errorf("booking after a crash and a retry: %+v, %v; want the first offered", b, err)
			}
			free, err := s.FreeSlots(t.Context(), "", time.Now(), start.Add(72*time.Hour), 10)
			if err != nil || len(free) != 1 {
				t.Errorf("free slots after a crash and a retry: %v, %v; want the other one", free, err)
			}
		},
	}, {
		name: "cancellation",
		setup: func(t *testing.T, s *Store, hh intents.Household) {
			sl := slot("coach-a", start)
			must(t, "AddCoachSlots", s.AddCoachSlots(t.Context(), []intents.CoachSlot{sl}))
			must(t, "Book", s.Book(t.Context(), intents.Booking{ID: "bk-1", HouseholdID: hh.ID, Slot: sl, BookedAt: time.Now()}))
		},
		lead: []intents.Request{{Intent: "CancelAppointmentIntent"}},
		dies: pfxBooking,
		check: func(t *testing.T, s *Store, hh intents.Household, heard string) {
			if b, err := s.ActiveBooking(t.Context(), hh.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) {
				t.Errorf("after a crash and a retried cancel: booking %+v, %v; want none", b, err)
			}
		},
	}, {
		// "Cancel it", right after the visit was read back, asks "Do you
		// want to cancel your visit on …?": the yes must be retried as
		// safely as "cancel my visit".
		name: "cancellation after the read-back",
		setup: func(t *testing.T, s *Store, hh intents.Household) {
			sl := slot("coach-a", start)
			must(t, "AddCoachSlots", s.AddCoachSlots(t.Context(), []intents.CoachSlot{sl}))
			must(t, "Book", s.Book(t.Context(), intents.Booking{ID: "bk-2", HouseholdID: hh.ID, Slot: sl, BookedAt: time.Now()}))
		},
		lead: []intents.Request{{Intent: "CheckAppointmentIntent"}, {Intent: "AMAZON.CancelIntent"}},
		dies: pfxBooking,
		check: func(t *testing.T, s *Store, hh intents.Household, heard string) {
			if b, err := s.ActiveBooking(t.Context(), hh.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) || !strings.Contains(heard, "cancelled") {
				t.Errorf("after a crash and a retried cancel: booking %+v, %v, heard %q; want none, and told it is cancelled", b, err, heard)
			}
		},
	}, {
		name:     "link",
		unlinked: true,
		change: func(hh intents.Household) intents.Request {
			return intents.Request{Intent: "LinkHomeIntent", Slots: map[string]intents.Slot{"code": {Value: hh.LinkCode}}}
		},
		dies: pfxSpeaker,
		check: func(t *testing.T, s *Store, hh intents.Household, heard string) {
			got, err := s.HouseholdForSpeaker(t.Context(), "speaker-crash-4")
			if err != nil || got.ID != hh.ID || !strings.Contains(heard, "now linked") {
				t.Errorf("after a crash and a retried link: %+v, %v, heard %q; want linked, and told so", got, err, heard)
			}
		},
	}}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			plain, tables := newTestStore(t, base)
			p, err := intents.NewPseudonyms([]byte(strings.Repeat("c", 32)))
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			hh, err := intents.Enrol(ctx, plain, p, intents.Enrolling{Ref: fmt.Sprint("HH-CRASH-", i)}, now)
			if err != nil {
				t.Fatal(err)
			}
			speaker := fmt.Sprint("speaker-crash-", i)
			if !c.unlinked {
				if _, err := plain.LinkSpeaker(ctx, hh.LinkCode, speaker, now); err != nil {
					t.Fatal(err)
				}
			}
			if c.setup != nil {
				c.setup(t, plain, hh)
			}
			// Every write after the change's transaction fails, as if the
			// process had died the moment it was committed.
			var dead atomic.Bool
			rec := &recorder{fail: func(in any) error {
				if dead.Load() && len(writes([]any{in})) > 0 {
					return errors.New("injected: the process died")
				}
				if v, ok := in.(*dynamodb.TransactWriteItemsInput); ok && strings.Contains(strings.Join(transactKeys(v), " "), c.dies) {
					dead.Store(true)
				}
				return nil
			}}
			s := New(rec.client(base), tables, WithLogger(testLogger(t)))
			guides, err := intents.LoadGuides(content.Guides())
			if err != nil {
				t.Fatal(err)
			}
			cfg := intents.DefaultConfig()
			cfg.LandlordPhone = faultPhone
			skill := intents.New(intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s,
				Trial: s, Feedback: s, Eraser: s, Speakers: s, Replies: s}, guides, cfg)

			var st intents.State
			change := intents.Request{Intent: "AMAZON.YesIntent"}
			if c.change != nil {
				change = c.change(hh)
			}
			for j, r := range append(c.lead, change) {
				r.ID, r.Time, r.Type = fmt.Sprintf("%s-%d", c.name, j), time.Now(), intents.IntentRequest
				r.SpeakerID, r.SessionID, r.SessionNew, r.Locale, r.State = speaker, "s-"+c.name, j == 0, "en-GB", st
				if j < len(c.lead) {
					st = skill.Handle(ctx, r).State
					continue
				}
				first := intents.PlainText(skill.Handle(ctx, r).Speech)
				if !dead.Load() {
					t.Fatalf("the change was never committed; the turn said %q", first)
				}
				dead.Store(false) // started again
				heard := intents.PlainText(skill.Handle(ctx, r).Speech)
				if heard != first {
					t.Errorf("Alexa's retry after the crash heard %q,\nwant what the first handling said: %q", heard, first)
				}
				c.check(t, plain, hh, heard)
				if again := intents.PlainText(skill.Handle(ctx, r).Speech); again != first {
					t.Errorf("a further replay heard %q, want %q", again, first)
				}
				c.check(t, plain, hh, heard)
			}
		})
	}
}

// TestErasureRetriedAfterDyingPartWay: the handling of a tenant's "yes,
// forget me" claims the request and dies before erasing anything. Alexa
// sends the same request again: the retry erases the household and its
// speaker, where before it was refused by the dead handling's claim and
// the tenant heard "I've already done that" of data still kept.
func TestErasureRetriedAfterDyingPartWay(t *testing.T) {
	s, _ := newTestStore(t, dynamodb.NewFromConfig(mototest.Start(t).Config()))
	ctx := t.Context()
	now := time.Now()
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("e", 32)))
	if err != nil {
		t.Fatal(err)
	}
	hh, err := intents.Enrol(ctx, s, p, intents.Enrolling{Ref: "HH-ERASE-RETRY"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkSpeaker(ctx, hh.LinkCode, "speaker-erase", now); err != nil {
		t.Fatal(err)
	}
	if made, err := s.claimRequest(ctx, intents.Claim{RequestID: "forget-1", Token: "the-handling-that-died"}); err != nil || !made {
		t.Fatalf("claiming as the first handling: made %v, %v", made, err)
	}

	retry := intents.WithClaim(ctx, intents.Claim{RequestID: "forget-1", Token: "the-retry"})
	if err := s.EraseHousehold(retry, hh.ID); err != nil {
		t.Fatalf("the retry's erasure: %v", err)
	}
	if err := s.EraseSpeaker(retry, "speaker-erase"); err != nil {
		t.Fatalf("the retry's speaker erasure: %v", err)
	}
	if _, err := s.HouseholdForSpeaker(ctx, "speaker-erase"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("after the retry the speaker still finds a household: %v", err)
	}
	list, err := s.ListHouseholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range list {
		if h.ID == hh.ID {
			t.Errorf("after the retry the household is still kept: %+v", h)
		}
	}
}
