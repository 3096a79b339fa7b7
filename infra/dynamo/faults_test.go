package dynamo

// Faults: DynamoDB throttling (ProvisionedThroughputExceededException,
// ThrottlingException) and lost replies, injected by client middleware
// below the SDK's retry loop, so every attempt sees them and the SDK's own
// retries and backoff run as they would in production. The conversation
// (an intents.Skill over this store) must never confirm what was not
// saved, must answer within its budget, and must keep every usage event.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

const faultPhone = "0808 157 4242"

// throttleKinds are the two errors DynamoDB throttles with: a table or
// index over its capacity, and a request rate over an account or on-demand
// limit.
var throttleKinds = []string{"ProvisionedThroughputExceededException", "ThrottlingException"}

func throttleError(kind string) error {
	if kind == "ProvisionedThroughputExceededException" {
		return &types.ProvisionedThroughputExceededException{Message: aws.String("injected: capacity exceeded")}
	}
	return &smithy.GenericAPIError{Code: kind, Message: "injected: rate of requests exceeds the allowed throughput"}
}

// injector is client middleware that, for the operations its rule picks,
// either throttles every attempt, or lets one attempt reach DynamoDB and
// then loses its reply (a connection reset after the write landed), which
// the SDK retries.
type injector struct {
	mu       sync.Mutex
	rule     func(in any) bool
	kind     string       // a throttle error; "" with lost set
	lost     bool         // lose the next reply the rule picks, once
	attempts atomic.Int64 // attempts the rule picked
}

type paramsKey struct{}

func (j *injector) set(kind string, lost bool, rule func(in any) bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.kind, j.lost, j.rule = kind, lost, rule
}

// client returns a copy of base that goes through j.
func (j *injector) client(base *dynamodb.Client) *dynamodb.Client {
	o := base.Options()
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		// The operation's input is only at hand in Initialize; Deserialize
		// runs once per attempt, inside the retry loop.
		if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("faultParams",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(middleware.WithStackValue(ctx, paramsKey{}, in.Parameters), in)
			}), middleware.Before); err != nil {
			return err
		}
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("faultInject",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				j.mu.Lock()
				rule, kind, lose := j.rule, j.kind, j.lost
				picked := rule != nil && (kind != "" || lose) && rule(middleware.GetStackValue(ctx, paramsKey{}))
				if picked && lose {
					j.lost = false // once
				}
				j.mu.Unlock()
				if !picked {
					return next.HandleDeserialize(ctx, in)
				}
				j.attempts.Add(1)
				if !lose {
					return middleware.DeserializeOutput{}, middleware.Metadata{}, throttleError(kind)
				}
				_, md, err := next.HandleDeserialize(ctx, in)
				if err != nil {
					return middleware.DeserializeOutput{}, md, err
				}
				return middleware.DeserializeOutput{}, md, &smithyhttp.RequestSendError{Err: io.ErrUnexpectedEOF}
			}), middleware.Before)
	})
	return dynamodb.New(o)
}

// keyOf returns the table and partition key an input writes, or ok false
// for a read.
func keyOf(in any) (table, pk, sk string, ok bool) {
	s := func(it item, name string) string {
		if v, ok := it[name].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		return ""
	}
	switch v := in.(type) {
	case *dynamodb.PutItemInput:
		return aws.ToString(v.TableName), s(v.Item, attrPK), s(v.Item, attrSK), true
	case *dynamodb.UpdateItemInput:
		return aws.ToString(v.TableName), s(v.Key, attrPK), s(v.Key, attrSK), true
	case *dynamodb.DeleteItemInput:
		return aws.ToString(v.TableName), s(v.Key, attrPK), s(v.Key, attrSK), true
	}
	return "", "", "", false
}

// Rules picking the writes of one kind.
func repairWrites(in any) bool {
	_, pk, _, ok := keyOf(in)
	return ok && strings.HasPrefix(pk, pfxRepair)
}

func bookingWrites(in any) bool {
	_, pk, _, ok := keyOf(in)
	return ok && (strings.HasPrefix(pk, pfxBooking) || strings.HasPrefix(pk, pfxSlot))
}

func progressWrites(in any) bool {
	_, pk, sk, ok := keyOf(in)
	return ok && strings.HasPrefix(pk, pfxSpeaker) && sk == skGuide
}

func usageWrites(tables Tables) func(any) bool {
	return func(in any) bool {
		table, _, _, ok := keyOf(in)
		return ok && table == tables.Usage
	}
}

func everything(any) bool { return true }

func either(rules ...func(any) bool) func(any) bool {
	return func(in any) bool {
		for _, r := range rules {
			if r(in) {
				return true
			}
		}
		return false
	}
}

// faultFixture is a skill over a store whose client goes through an
// injector, on fresh tables with one linked household and coach slots.
type faultFixture struct {
	t      *testing.T
	inj    *injector
	plain  *Store // the same tables without faults, to read back what was kept
	tables Tables
	skill  *intents.Skill
	cfg    intents.Config
	hh     intents.Household
	logs   *strings.Builder
	logMu  *sync.Mutex
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func newFaultFixture(t *testing.T, client *dynamodb.Client, cfg intents.Config) *faultFixture {
	t.Helper()
	plain, tables := newTestStore(t, client)
	f := &faultFixture{t: t, inj: &injector{}, plain: plain, tables: tables, cfg: cfg, logs: &strings.Builder{}, logMu: &sync.Mutex{}}
	log := slog.New(slog.NewTextHandler(lockedWriter{f.logMu, f.logs}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s := New(f.inj.client(client), tables, WithLogger(log))
	ctx := t.Context()
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("f", 32)))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	f.hh, err = intents.Enrol(ctx, plain, p, intents.Enrolling{Ref: "HH-THROTTLE"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.LinkSpeaker(ctx, f.hh.LinkCode, "speaker-throttle", now); err != nil {
		t.Fatal(err)
	}
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	roster, err := intents.ReadRoster(rf)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := roster.Slots(now, 14, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.AddCoachSlots(ctx, slots); err != nil {
		t.Fatal(err)
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	// As cmd and the Lambda function wire it: every part from the one store.
	stores := intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s,
		Trial: s, Feedback: s, Eraser: s, Speakers: s}
	f.skill = intents.New(stores, guides, cfg, intents.WithLogger(log))
	t.Cleanup(func() {
		if t.Failed() {
			f.logMu.Lock()
			defer f.logMu.Unlock()
			t.Logf("the skill's warnings and errors:\n%s", f.logs.String())
		}
	})
	return f
}

// tenant plays the linked speaker: it carries the session's state and
// starts a new session once one ends.
type tenant struct {
	f       *faultFixture
	session int
	open    bool
	state   intents.State
	n       int
	sent    []string
}

type reply struct {
	said  string
	heard string
	id    string
	took  time.Duration
	resp  intents.Response
}

// say sends an intent with slots given as "name=ID".
func (c *tenant) say(intent string, slots ...string) reply {
	c.f.t.Helper()
	c.n++
	req := intents.Request{
		ID: fmt.Sprintf("%s-req-%d", c.f.tables.Data, c.n), Time: time.Now(), Type: intents.IntentRequest, Intent: intent,
		SpeakerID: "speaker-throttle", Locale: "en-GB",
	}
	if !c.open {
		c.session++
		c.open, c.state = true, intents.State{}
		req.SessionNew = true
	}
	req.SessionID = fmt.Sprintf("session-%d", c.session)
	req.State = c.state
	for _, kv := range slots {
		name, id, _ := strings.Cut(kv, "=")
		if req.Slots == nil {
			req.Slots = map[string]intents.Slot{}
		}
		req.Slots[name] = intents.Slot{ID: id, Value: strings.ToLower(id)}
	}
	start := time.Now()
	resp := c.f.skill.Handle(context.Background(), req)
	r := reply{said: strings.TrimSpace(intent + " " + strings.Join(slots, " ")), heard: intents.PlainText(resp.Speech),
		id: req.ID, took: time.Since(start), resp: resp}
	c.state, c.open = resp.State, !resp.End
	c.sent = append(c.sent, req.ID)
	c.f.t.Logf("%s; hears after %v: %q", r.said, r.took.Round(time.Millisecond), r.heard)
	return r
}

func (r reply) never(t *testing.T, why string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(r.heard, b) {
			t.Errorf("%s, yet after %s the tenant hears %q: %q", why, r.said, b, r.heard)
		}
	}
}

func (r reply) hears(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.heard, w) {
			t.Errorf("after %s the tenant does not hear %q: %q", r.said, w, r.heard)
		}
	}
}

func (r reply) within(t *testing.T, limit time.Duration) {
	t.Helper()
	if r.took > limit {
		t.Errorf("after %s the answer took %v, more than %v", r.said, r.took.Round(time.Millisecond), limit)
	}
}

// productionConfig is the production budgets (4 s for the store calls, 6 s
// for the usage write) with a landlord phone from configuration.
func productionConfig() intents.Config {
	cfg := intents.DefaultConfig()
	cfg.LandlordPhone = faultPhone
	return cfg
}

// answerLimit is what a tenant may wait: the usage write's deadline, and
// slack for a loaded machine (and -race).
func answerLimit(cfg intents.Config) time.Duration { return cfg.WriteBudget + 500*time.Millisecond }

var (
	falseRepairDone = []string{"Done", "reference", "I've reported"}
	falseBooked     = []string{"Booked", "will visit you"}
)

// TestFaultsThrottledWrites runs each throttling error against the repair
// write, the booking writes and the guide's progress writes, with the
// production budgets and the SDK's default retries.
func TestFaultsThrottledWrites(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	for _, kind := range throttleKinds {
		t.Run(kind, func(t *testing.T) {
			t.Run("repair", func(t *testing.T) {
				t.Parallel()
				f := newFaultFixture(t, client, productionConfig())
				c := &tenant{f: f}
				c.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN").hears(t, "Shall I report it?")
				f.inj.set(kind, false, repairWrites)
				r := c.say("AMAZON.YesIntent")
				r.never(t, "the repair write was throttled", falseRepairDone...)
				r.hears(t, "couldn't save your repair", "has not been reported", "call us on "+faultPhone)
				r.within(t, answerLimit(f.cfg))
				if f.inj.attempts.Load() < 2 {
					t.Errorf("%d throttled attempts: the SDK did not retry", f.inj.attempts.Load())
				}
				if open, err := f.plain.OpenRepairs(t.Context(), f.hh.ID); err != nil || len(open) != 0 {
					t.Errorf("repairs stored although every write was throttled: %+v (%v)", open, err)
				}
			})
			t.Run("booking", func(t *testing.T) {
				t.Parallel()
				f := newFaultFixture(t, client, productionConfig())
				c := &tenant{f: f}
				c.say("BookCoachIntent").hears(t, "Shall I book it?")
				offer := c.state.Offer
				f.inj.set(kind, false, bookingWrites)
				r := c.say("AMAZON.YesIntent")
				r.never(t, "the booking writes were throttled", falseBooked...)
				r.hears(t, "couldn't book that", "nothing has been booked", "call us on "+faultPhone)
				r.within(t, answerLimit(f.cfg))
				if _, err := f.plain.ActiveBooking(t.Context(), f.hh.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) {
					t.Errorf("active booking after throttled writes: %v, want none", err)
				}
				free, err := f.plain.FreeSlots(t.Context(), "", offer.Start, offer.Start.Add(time.Minute), 10)
				if err != nil || len(free) != 1 || free[0].ID != offer.ID {
					t.Errorf("the offered slot %s is not free after the failed booking: %+v (%v)", offer.ID, free, err)
				}
			})
			t.Run("guide", func(t *testing.T) {
				t.Parallel()
				f := newFaultFixture(t, client, productionConfig())
				c := &tenant{f: f}
				f.inj.set(kind, false, either(repairWrites, bookingWrites))
				c.say("SelfFixIntent", "problem=RADIATOR").hears(t, "Step 1 of")
				c.say("AMAZON.NextIntent").hears(t, "Step 2 of")
				if p, err := f.plain.GuideProgress(t.Context(), "speaker-throttle"); err != nil || p.Step != 1 {
					t.Errorf("place %+v (%v), want step index 1 kept while progress writes work", p, err)
				}
				f.inj.set(kind, false, either(repairWrites, bookingWrites, progressWrites))
				r := c.say("AMAZON.NextIntent")
				r.hears(t, "Step 3 of")
				r.within(t, answerLimit(f.cfg))
				if p, err := f.plain.GuideProgress(t.Context(), "speaker-throttle"); err != nil || p.Step != 1 {
					t.Errorf("place %+v (%v), want step index 1 still (the write was throttled)", p, err)
				}
			})
		})
	}
}

// TestFaultsThrottledUsage: while usage writes are throttled the answers
// still come, the events wait in the backlog, and the first write after
// the throttling stops writes them all, each once.
func TestFaultsThrottledUsage(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	cfg := productionConfig()
	// Shorter budgets keep the test quick; throttling retries fill them
	// either way.
	cfg.StoreBudget, cfg.WriteBudget = time.Second, 2*time.Second
	f := newFaultFixture(t, client, cfg)
	c := &tenant{f: f}
	from := time.Now().Add(-time.Minute)
	c.say("AMAZON.HelpIntent")
	for i, kind := range throttleKinds {
		f.inj.set(kind, false, usageWrites(f.tables))
		for _, turn := range [][]string{{"SelfFixIntent", "problem=RADIATOR"}, {"AMAZON.NextIntent"}} {
			r := c.say(turn[0], turn[1:]...)
			r.within(t, answerLimit(cfg))
			if r.heard == "" || r.resp.End {
				t.Errorf("%s: no answer while usage writes are throttled", r.said)
			}
		}
		if got, want := f.skill.UsageBacklog(), 2*(i+1); got != want {
			t.Errorf("backlog %d, want %d", got, want)
		}
	}
	f.inj.set("", false, nil)
	c.say("AMAZON.HelpIntent")
	if got := f.skill.UsageBacklog(); got != 0 {
		t.Errorf("backlog %d after throttling stopped, want 0", got)
	}
	evs, err := f.plain.UsageEvents(t.Context(), from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range evs {
		count[e.RequestID]++
	}
	for _, id := range c.sent {
		if count[id] != 1 {
			t.Errorf("request %s has %d usage events, want exactly 1", id, count[id])
		}
	}
	if len(evs) != len(c.sent) {
		t.Errorf("%d usage events for %d requests", len(evs), len(c.sent))
	}
}

// TestFaultsEverythingThrottled: every call throttled, reads included.
// Honest answers for repairs, bookings and status; guides still start; the
// answer inside the budget.
func TestFaultsEverythingThrottled(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	f := newFaultFixture(t, client, productionConfig())
	c := &tenant{f: f}
	c.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN").hears(t, "Shall I report it?")
	f.inj.set("ThrottlingException", false, everything)
	r := c.say("AMAZON.YesIntent")
	r.never(t, "every call was throttled", falseRepairDone...)
	r.hears(t, "call us on "+faultPhone)
	r.within(t, answerLimit(f.cfg))
	r = c.say("SelfFixIntent", "problem=RADIATOR")
	r.hears(t, "Step 1 of")
	r.within(t, answerLimit(f.cfg))
	if open, err := f.plain.OpenRepairs(t.Context(), f.hh.ID); err != nil || len(open) != 0 {
		t.Errorf("repairs stored: %+v (%v)", open, err)
	}
	if f.skill.UsageBacklog() != 2 {
		t.Errorf("backlog %d, want 2", f.skill.UsageBacklog())
	}
}

// TestFaultsLostReplyRepair: the repair's PutItem lands, but its reply is
// lost (the connection resets) and the SDK retries it. What the tenant
// hears must match what is stored: one report, one repair, under the
// reference read out.
func TestFaultsLostReplyRepair(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	f := newFaultFixture(t, client, productionConfig())
	c := &tenant{f: f}
	c.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN").hears(t, "Shall I report it?")
	f.inj.set("", true, repairWrites)
	r := c.say("AMAZON.YesIntent")
	open, err := f.plain.OpenRepairs(t.Context(), f.hh.ID)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, o := range open {
		refs = append(refs, o.Ref)
	}
	if len(open) != 1 {
		t.Errorf("one report stored %d repairs %v (the tenant heard %q): a retried write that had landed "+
			"was taken for a reference clash, and the repair saved again under a new reference", len(open), refs, r.heard)
	}
	if strings.Contains(r.heard, "Done") {
		for _, ref := range refs {
			if !strings.Contains(r.resp.Speech, ref) {
				t.Errorf("repair %s is stored but the tenant was never told its reference", ref)
			}
		}
	} else if len(open) != 0 {
		t.Errorf("the tenant heard %q, yet repairs %v are stored", r.heard, refs)
	}
}

// TestFaultsLostReplyBooking: the same for a booking's two writes, the
// booking item and then the slot. The tenant must never hear "Booked"
// unless a visit is booked, must be told of any visit that is booked, and
// must be able to cancel it.
func TestFaultsLostReplyBooking(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	for _, which := range []string{pfxBooking, pfxSlot} {
		t.Run(strings.TrimSuffix(which, "#"), func(t *testing.T) {
			f := newFaultFixture(t, client, productionConfig())
			c := &tenant{f: f}
			c.say("BookCoachIntent").hears(t, "Shall I book it?")
			offer := c.state.Offer
			f.inj.set("", true, func(in any) bool {
				_, pk, _, ok := keyOf(in)
				return ok && strings.HasPrefix(pk, which)
			})
			r := c.say("AMAZON.YesIntent")
			b, err := f.plain.ActiveBooking(t.Context(), f.hh.ID, time.Now())
			booked := err == nil
			if err != nil && !errors.Is(err, intents.ErrNotFound) {
				t.Fatal(err)
			}
			told := strings.Contains(r.heard, "Booked") || strings.Contains(r.heard, "You already have a visit booked")
			switch {
			case !booked && told:
				t.Errorf("the tenant heard %q but nothing is booked", r.heard)
			case booked && !told:
				t.Errorf("a visit is booked (%s) but the tenant heard %q", b.Slot.ID, r.heard)
			}
			if !booked {
				return
			}
			// What is booked can be cancelled by voice.
			c.say("CancelAppointmentIntent").hears(t, "Are you sure you want to cancel it?")
			r = c.say("AMAZON.YesIntent")
			if b, err := f.plain.ActiveBooking(t.Context(), f.hh.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) {
				t.Errorf("the tenant cancelled and heard %q, yet a visit is still booked: %+v (%v)", r.heard, b, err)
			}
			free, err := f.plain.FreeSlots(t.Context(), "", offer.Start, offer.Start.Add(time.Minute), 10)
			if err != nil || len(free) != 1 {
				t.Errorf("after the tenant cancelled, slot %s is not free: %+v (%v)", offer.ID, free, err)
			}
		})
	}
}
