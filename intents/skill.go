package intents

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"
)

// Config is what a landlord sets for their pilot.
type Config struct {
	LandlordPhone  string // the repairs line, read out when something can't be done by voice
	EmergencyPhone string // the 24-hour emergency repairs line
	// ColdMonths are the months in which no heating or hot water is an
	// emergency for a household enrolled as vulnerable.
	ColdMonths []time.Month
	// Location is where "today" and visit times are reckoned: Europe/London.
	Location *time.Location
	// LinkAttempts wrong link codes lock a speaker out for LinkLockout.
	LinkAttempts int
	LinkLockout  time.Duration
	// CoachHorizon is how far ahead coach visits are offered.
	CoachHorizon time.Duration
	// StoreBudget bounds the store calls that decide what the tenant
	// hears, and WriteBudget the usage write after it, both counted from
	// the request's arrival: Alexa waits about 8 seconds for an answer.
	StoreBudget time.Duration
	WriteBudget time.Duration
	// ReminderHour is the hour (local) of a visit's reminder the evening
	// before, within CheckReminderHour's range; zero means 6 pm.
	ReminderHour int
	// RepairsUntold says saved repairs reach nobody by themselves: no
	// hand-off destination is set (serve without -handoff-url). Tenants
	// then hear the landlord's number to call, never that the repairs
	// team will be told (docs/handoff.md).
	RepairsUntold bool
}

// DefaultConfig is a working configuration for local runs and tests; the
// phone numbers are obviously placeholders (Ofcom's drama range).
func DefaultConfig() Config {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		// Binaries import time/tzdata, so this only happens in a broken
		// test environment; UTC keeps the skill working there.
		loc = time.UTC
	}
	return Config{
		LandlordPhone:  "0808 157 0000",
		EmergencyPhone: "0808 157 0999",
		ColdMonths:     []time.Month{time.October, time.November, time.December, time.January, time.February, time.March, time.April},
		Location:       loc,
		LinkAttempts:   5,
		LinkLockout:    24 * time.Hour,
		CoachHorizon:   8 * 7 * 24 * time.Hour,
		StoreBudget:    4 * time.Second,
		WriteBudget:    6 * time.Second,
	}
}

func (c Config) coldMonth(t time.Time) bool {
	return slices.Contains(c.ColdMonths, t.In(c.Location).Month())
}

// Stores is everything the conversation keeps, as small interfaces. The
// last four are optional: without them there are no trial dates, no
// feedback questions and no "forget me".
type Stores struct {
	Households Households
	Repairs    Repairs
	Coaching   Coaching
	Progress   Progress
	Usage      UsageLog
	Trial      TrialDates
	Feedback   FeedbackMarker
	Eraser     Eraser
	Speakers   SpeakerEraser
	// Spill takes a usage event the usage log could not store in time
	// (on AWS, an SQS queue drained back into the table later).
	Spill UsageSpill
	// Replies, when set, makes every request change things at most once
	// and a repeat hear the same answer (once.go).
	Replies Replies
	// Accounts, when set, lets a disabled skill unlink its speakers.
	Accounts AccountSpeakers
	// Reminders, when set, keeps visits' reminders, and booking a visit
	// offers one.
	Reminders BookingReminders
}

// UsageSpill keeps a usage event somewhere other than the usage log, to be
// written there later.
type UsageSpill interface {
	SpillUsage(ctx context.Context, e UsageEvent) error
}

// Skill answers tenants' requests.
type Skill struct {
	stores Stores
	guides *Guides
	cfg    Config
	log    *slog.Logger
	now    func() time.Time
	usage  *usageRecorder
	trial  trialCache
	// hinter is the household store's guesses, when it makes them
	// (readAhead). Only a store a round trip away makes them (see
	// roundTrips).
	hinter HouseholdHinter
	// codes is the household store's one-read check of a link code, when
	// it has one (readAhead).
	codes linkCodes
	// scripts are the safety scripts made so far (turn.script), by
	// problem id.
	scripts sync.Map
}

// Option changes how a Skill is made.
type Option func(*Skill)

// WithClock makes the skill read the time from now (tests use a fixed clock).
func WithClock(now func() time.Time) Option { return func(s *Skill) { s.now = now } }

// WithLogger sends the skill's logs to l.
func WithLogger(l *slog.Logger) Option { return func(s *Skill) { s.log = l } }

// New makes a Skill.
func New(stores Stores, guides *Guides, cfg Config, opts ...Option) *Skill {
	s := &Skill{stores: stores, guides: guides, cfg: cfg, log: slog.Default(), now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if s.cfg.Location == nil {
		s.cfg.Location = time.UTC
	}
	s.usage = newUsageRecorder(stores.Usage, stores.Spill, s.log)
	s.hinter, _ = stores.Households.(HouseholdHinter)
	s.codes, _ = stores.Households.(linkCodes)
	s.stores = wrapOnce(s.stores)
	return s
}

// UsageBacklog is how many usage events are waiting to be retried after a
// failed write (a health signal: it should be zero).
func (s *Skill) UsageBacklog() int { return s.usage.backlog() }

// Handle answers one request and records one usage event for it. It never
// fails: a fault inside becomes a spoken apology with a way forward, and
// the event records outcome "error".
func (s *Skill) Handle(ctx context.Context, req Request) Response {
	ctx = WithTurnBegan(ctx, time.Now())
	start := s.now()
	req = req.withLead()
	if req.Time.IsZero() {
		req.Time = start
	}
	// The conversation's store calls share one deadline, so a slow store
	// still leaves time for an honest answer; the usage write has until
	// its own, later deadline. Contexts with earlier deadlines (Lambda's)
	// keep theirs.
	answerCtx, cancel := withBudget(ctx, start, s.cfg.StoreBudget)
	defer cancel()
	writeCtx, cancelWrite := withBudget(ctx, start, s.cfg.WriteBudget)
	defer cancelWrite()
	ctx = answerCtx
	var replied chan recorded
	once := s.stores.Replies != nil && req.ID != "" && (req.Type == IntentRequest || req.Type == ConnectionsResponse)
	if once && s.roundTrips() {
		// Whether this request was answered before is asked beside the
		// household lookups below, not before them: one round trip to
		// the store instead of two in a row.
		replied = s.askReplied(ctx, req.ID)
	}
	t := &turn{Skill: s, req: req, st: req.State, start: start, ev: UsageEvent{
		RequestID:   req.ID,
		Time:        req.Time.UTC(),
		SpeakerID:   req.SpeakerID,
		SessionID:   req.SessionID,
		RequestType: req.Type,
		Intent:      req.Intent,
		Locale:      req.Locale,
		HasScreen:   req.HasScreen,
		Demo:        req.Demo,
		Flow:        FlowOther,
	}}
	// Writes made beside the answer end before the turn's contexts do.
	defer t.aside.Wait()
	if IsSkillEvent(req.Type) {
		t.skillEvent(ctx)
		if !t.settled.Written() {
			t.ev.LatencyMS = float64(s.now().Sub(start).Microseconds()) / 1000
			s.usage.record(writeCtx, t.ev)
		}
		return Response{End: true}
	}
	if req.Type == LaunchRequest && s.roundTrips() {
		// A launch always asks for the saved guide place too: ask at the
		// same time as the household, one round trip instead of two.
		t.prefetchProgress(ctx)
	}
	if req.Type != SessionEndedRequest {
		s.prefetchTrial(ctx, start)
	}
	t.readAhead(ctx)
	// Every event carries its household, so per-household counts are
	// whole; the lookup also serves whichever handler needs it.
	if _, err := t.household(ctx); err != nil && !errors.Is(err, ErrNotFound) {
		s.log.WarnContext(ctx, "looking up household", "err", err, "request_id", req.ID)
		t.ev.HouseholdID = req.State.Household
	}
	var changed *changes
	if once {
		var r recorded
		if replied != nil {
			r = <-replied
		} else {
			r.resp, r.ok = s.recordedReply(ctx, req.ID)
		}
		if r.ok {
			// A repeat of a request that changed something: the same
			// words, nothing changed, and no second usage event.
			return r.resp
		}
		var err error
		if ctx, changed, err = claimTurn(ctx, req.ID); err != nil {
			s.log.ErrorContext(ctx, "claiming request", "err", err, "request_id", req.ID)
		}
	}
	var touched chan struct{}
	switch {
	case t.hh == nil || !req.SessionNew:
	case !s.roundTrips():
		t.touch(ctx, *t.hh)
	default:
		// Nothing the tenant hears depends on this write: it runs beside
		// the conversation and the usage write, and is waited for below.
		touched = t.touchBeside(ctx, *t.hh)
	}
	var resp Response
	if closed, ok := t.trialClosed(ctx); ok {
		resp = closed
	} else {
		resp = t.run(ctx)
	}
	if changed != nil && changed.repeated.Load() {
		// Another handling of this request made the change: answer as it
		// did, and leave the usage event to it.
		r, ok := s.awaitReply(ctx, req.ID)
		if !ok {
			r = t.alreadyDone()
		}
		if touched != nil {
			<-touched
		}
		return r
	}
	if t.forgotten {
		// The household is gone: its last event must not name it again.
		t.ev.HouseholdID, t.ev.SpeakerID, t.ev.SessionID = "", "", ""
		t.hh = nil
	}
	resp, t.ev = t.finish(resp)
	if t.settled.Written() {
		// The store wrote the answer and the event with the change.
		if touched != nil {
			<-touched
		}
		return resp
	}
	t.record(writeCtx, resp, changed != nil && changed.made.Load())
	if touched != nil {
		<-touched
	}
	return resp
}

// The goroutines of Handle are begun in these helpers, so that what they
// share is the helper's and not the whole request's: a closure in Handle
// moved the request, its answer and its context to the heap on every turn.

// askReplied asks beside the turn whether the request was answered before.
func (s *Skill) askReplied(ctx context.Context, id string) chan recorded {
	replied := make(chan recorded, 1)
	go func() {
		r, ok := s.recordedReply(ctx, id)
		replied <- recorded{r, ok}
	}()
	return replied
}

// touchBeside is touch beside the turn; the channel closes when it is done.
func (t *turn) touchBeside(ctx context.Context, h Household) chan struct{} {
	touched := make(chan struct{})
	go func() {
		defer close(touched)
		t.touch(ctx, h)
	}()
	return touched
}

// record writes the turn's usage event and, when the turn made a change,
// its answer for a retry to hear again.
func (t *turn) record(ctx context.Context, resp Response, changed bool) {
	switch {
	case !changed:
		t.usage.record(ctx, t.ev)
	case t.roundTrips():
		// Beside the usage event, not before it: on DynamoDB one round
		// trip, not two in a row. Neither needs the other.
		var saved sync.WaitGroup
		saved.Go(func() { t.saveReply(ctx, t.req.ID, resp) })
		t.usage.record(ctx, t.ev)
		saved.Wait()
	default:
		t.saveReply(ctx, t.req.ID, resp)
		t.usage.record(ctx, t.ev)
	}
}

// finish is the answer as given and the usage event as recorded: what the
// session keeps for the next turn, and what the event says of the end.
func (t *turn) finish(resp Response) (Response, UsageEvent) {
	ev := t.ev
	req := t.req
	ev.SessionEnded = (resp.End && req.Type != ExceptionEncountered && !resp.AskReminderPermission) || req.Type == SessionEndedRequest
	ev.GuideTried = ev.GuideTried || resp.State.GuideTried || req.State.GuideTried
	if t.hh != nil {
		ev.HouseholdID = t.hh.ID
	}
	if !resp.End {
		if !t.reasked {
			// Remember the whole answer, for "say that again"; a question
			// asked again keeps the answer it repeats.
			resp.State.Said, resp.State.Ask = resp.Speech, resp.Reprompt
		}
		resp.State.Household = ev.HouseholdID
		if resp.State.Also == "" {
			// Carried through the first problem's questions, whatever
			// they are, to be offered when it is done.
			resp.State.Also = t.also()
		}
		resp.State.Miss = 0
		if ev.Outcome == OutcomeNotUnderstood {
			resp.State.Miss = req.State.Miss + 1
		}
	}
	if req.State.Slow || req.Type == IntentRequest && !resp.End && t.askedSlower() {
		// Asked once, kept for the session; "say that again" repeats
		// the words (Said), which are slowed as they are said.
		resp.State.Slow = !resp.End
		resp.Speech, resp.Reprompt = slowly(resp.Speech), slowly(resp.Reprompt)
	}
	ev.LatencyMS = float64(t.now().Sub(t.start).Microseconds()) / 1000
	return resp, ev
}

// askedSlower reports words asking Home Helper to speak more slowly.
func (t *turn) askedSlower() bool {
	words := t.slotWords()
	return words != "" && t.read(words).has(slower, nil)
}

// run dispatches a request, turning a panic-free error path into speech.
func (t *turn) run(ctx context.Context) (resp Response) {
	switch t.req.Type {
	case LaunchRequest:
		return t.launch(ctx)
	case SessionEndedRequest:
		return t.sessionEnded(ctx)
	case IntentRequest:
		if r, ok := t.heardDanger(ctx); ok {
			return r
		}
		if r, ok := t.heardFumes(ctx); ok {
			return r
		}
		if r, ok := t.heardLow(ctx); ok {
			return r
		}
		if r, ok := t.heardAbuse(ctx); ok {
			return r
		}
		if r, ok := t.heardHurt(ctx); ok {
			return r
		}
		if r, ok := t.strayWords(ctx); ok {
			return r
		}
		if r, ok := t.stillBroken(ctx); ok {
			return r
		}
		if h, ok := intentHandlers[t.req.Intent]; ok {
			return h(t, ctx)
		}
		return t.notUnderstood(ctx)
	case ConnectionsResponse:
		return t.permissionAnswered(ctx)
	case ExceptionEncountered:
		// Alexa reports that it could not use our last response, and
		// takes no speech, reprompt, card or directive in answer.
		t.log.WarnContext(ctx, "alexa could not use a response", "error_type", t.req.ErrorType, "request_id", t.req.ID)
		t.outcome(OutcomeError)
		return Response{End: true}
	default:
		// Alexa sends other request types (for example from a screen or
		// a permissions change); answer them validly, never fail.
		return t.notUnderstood(ctx)
	}
}

// intentHandlers maps every intent in the interaction model to its handler.
// A test keeps it and the model identical.
var intentHandlers = map[string]func(*turn, context.Context) Response{
	"ReportRepairIntent":        (*turn).reportRepair,
	"SelfFixIntent":             (*turn).selfFix,
	"BookCoachIntent":           (*turn).bookCoach,
	"CheckAppointmentIntent":    (*turn).checkAppointment,
	"CancelAppointmentIntent":   (*turn).cancelAppointment,
	"RepairStatusIntent":        (*turn).repairStatus,
	"LinkHomeIntent":            (*turn).linkHome,
	"AMAZON.HelpIntent":         (*turn).help,
	"AMAZON.StopIntent":         (*turn).stop,
	"AMAZON.CancelIntent":       (*turn).stop,
	"AMAZON.FallbackIntent":     (*turn).fallback,
	"AMAZON.NavigateHomeIntent": (*turn).navigateHome,
	"AMAZON.YesIntent":          (*turn).yes,
	"AMAZON.NoIntent":           (*turn).no,
	"AMAZON.NextIntent":         (*turn).next,
	"AMAZON.RepeatIntent":       (*turn).repeat,
	"AMAZON.PreviousIntent":     (*turn).previous,
	"AMAZON.StartOverIntent":    (*turn).startOver,
	"FeedbackIntent":            (*turn).feedback,
	"ForgetMeIntent":            (*turn).forgetMe,
	"OutOfScopeIntent":          (*turn).outOfScopeIntent,
	"MaybeIntent":               (*turn).maybe,
	"HoldOnIntent":              (*turn).holdOn,
	"CheckingInIntent":          (*turn).checkingIn,
	"ThanksIntent":              (*turn).thanks,
	"OtherDayIntent":            (*turn).otherDay,
}

// HandledIntents lists the intents the conversation answers.
// The lead intents are answered as the repair report they turn into.
func HandledIntents() []string {
	return slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(intentHandlers)), LeadIntents()...)))
}

// turn is one request being answered: the request, the session state, the
// household once looked up, and the usage event being filled in. Every
// request makes one, so what only some turns need is kept behind a
// pointer: at 1,528 bytes, with the 8 the allocator adds, it fills the
// 1,536-byte size class, and the next one up is 1,792.
type turn struct {
	*Skill
	// readings is the turn's words, each text read once.
	readings
	// said is the last slotWords, made on the first turn with any.
	said *saidWords
	req  Request
	st   State
	ev   UsageEvent
	hh   *Household
	// hhErr caches a failed lookup so one request asks the store once.
	hhErr error
	// forgotten is set when this request erased the tenant's data.
	forgotten bool
	// reasked is set when this answer asks the pending question again.
	reasked bool
	// progress, when set, delivers the speaker's saved guide place,
	// fetched while the household was being looked up.
	progress chan progressResult
	// ahead is the reads begun beside the household lookup (readAhead).
	ahead ahead
	// start is when the turn began, for the event's latency.
	start time.Time
	// settled is the answer and event handed to the store with the
	// turn's change (settle.go), if any.
	settled *Settled
	// aside is the writes the answer does not wait for (beside), waited
	// for before Handle returns.
	aside sync.WaitGroup
}

// roundTrips reports whether the stores are a round trip away (DynamoDB),
// so that reads and writes made side by side save the tenant time. A
// store in this process answers in microseconds, which a goroutine's
// start and wake-up would only add to (on two CPUs, more than the rest of
// a launch: docs/performance.md), so it is asked in turn. Only such a
// store guesses households ahead (HouseholdHinter).
func (s *Skill) roundTrips() bool { return s.hinter != nil }

// beside makes a write nothing the tenant hears depends on at the same
// time as the rest of the turn and its usage event, rather than before
// them: on DynamoDB a round trip fewer, one after another, before the
// answer. Handle waits for it before returning.
func (t *turn) beside(ctx context.Context, write func(context.Context)) {
	if !t.roundTrips() {
		write(ctx)
		return
	}
	t.aside.Add(1)
	go func() {
		defer t.aside.Done()
		write(ctx)
	}()
}

type progressResult struct {
	p   GuideProgress
	err error
}

func (t *turn) prefetchProgress(ctx context.Context) {
	if t.req.SpeakerID == "" || t.stores.Progress == nil {
		return
	}
	t.progress = make(chan progressResult, 1)
	go func() {
		p, err := t.stores.Progress.GuideProgress(ctx, t.req.SpeakerID)
		t.progress <- progressResult{p, err}
	}()
}

// guideProgress returns the speaker's saved guide place, from the prefetch
// when there was one.
func (t *turn) guideProgress(ctx context.Context) (GuideProgress, error) {
	if t.progress != nil {
		r := <-t.progress
		t.progress = nil
		return r.p, r.err
	}
	return t.stores.Progress.GuideProgress(ctx, t.req.SpeakerID)
}

func (t *turn) flow(f Flow)        { t.ev.Flow = f }
func (t *turn) outcome(o Outcome)  { t.ev.Outcome = o }
func (t *turn) step(s string)      { t.ev.Step = s }
func (t *turn) repairRef(r string) { t.ev.RepairRef = r }
func (t *turn) guideTried(b bool)  { t.ev.GuideTried = t.ev.GuideTried || b }
func (t *turn) slot(name, id string) {
	if id == "" {
		return
	}
	if t.ev.Slots == nil {
		t.ev.Slots = map[string]string{}
	}
	t.ev.Slots[name] = id
}

func withBudget(ctx context.Context, start time.Time, budget time.Duration) (context.Context, context.CancelFunc) {
	if budget <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, start.Add(budget))
}

// touch records that a household used the skill, and from which Alexa
// account, so disabling the skill can unlink the speaker. It runs when a
// speaker is linked and at the start of each session (speakers linked
// before accounts were noted are noted then). lastUsed keeps the value
// from before, so a launch can still tell a returning household.
func (t *turn) touch(ctx context.Context, h Household) {
	var wg sync.WaitGroup
	if t.stores.Accounts != nil && t.req.AccountID != "" && t.req.SpeakerID != "" {
		id := h.ID // not h, which the closure would move to the heap
		note := func() {
			if err := t.stores.Accounts.RecordAccountSpeaker(ctx, t.req.AccountID, t.req.SpeakerID, id); err != nil {
				t.log.WarnContext(ctx, "noting the speaker's account", "err", err)
			}
		}
		if t.roundTrips() {
			// Side by side with the household's write: the answer waits
			// for both, and one round trip is all they should cost.
			wg.Go(note)
		} else {
			note()
		}
	}
	if err := t.stores.Households.TouchHousehold(ctx, h.ID, t.req.Time); err != nil {
		t.log.WarnContext(ctx, "recording household use", "err", err)
	}
	wg.Wait()
}

// household returns the speaker's household, or an error wrapping
// ErrNotFound when the speaker is not linked.
func (t *turn) household(ctx context.Context) (Household, error) {
	if t.hh != nil {
		return *t.hh, nil
	}
	if t.hhErr != nil {
		return Household{}, t.hhErr
	}
	if t.req.SpeakerID == "" {
		t.hhErr = fmt.Errorf("no speaker id: %w", ErrNotFound)
		return Household{}, t.hhErr
	}
	h, err := t.stores.Households.HouseholdForSpeaker(ctx, t.req.SpeakerID)
	if err != nil {
		t.hhErr = fmt.Errorf("household for speaker: %w", err)
		return Household{}, t.hhErr
	}
	t.hh = &h
	return h, nil
}

// ask keeps the session open with a question and a reprompt. Every open
// response goes through here, so none can leave a tenant without a question.
// A yes/no question (st.Pending) is remembered with it, so it can be asked
// again after an answer it did not expect.
func (t *turn) ask(s, question, reprompt *speech, st State) Response {
	s.add(question)
	st.Q, st.El, st.Unsure = "", nil, false
	if st.Pending != "" {
		st.Q = question.String()
	}
	r := Response{Speech: s.String(), Reprompt: reprompt.String(), State: st}
	if r.Reprompt == "" {
		r.Reprompt = question.String()
	}
	return r
}

// elicit asks for one slot of an intent with our own words, and remembers
// the question and the elicitation, to ask them again if need be.
func (t *turn) elicit(s, question, reprompt *speech, intent, slot string, slots map[string]Slot, st State) Response {
	r := t.ask(s, question, reprompt, st)
	r.Elicit = &Elicit{Intent: intent, Slot: slot, Slots: slots}
	r.State.Q = question.String()
	r.State.El = r.Elicit
	return r
}

func (t *turn) goodbye(s *speech) Response {
	return Response{Speech: s.String(), End: true}
}

// storeFault is what a tenant hears when something could not be saved or
// read: honest, with a way to get it done another way.
func (t *turn) storeFault(ctx context.Context, what string, err error) Response {
	t.log.ErrorContext(ctx, what, "err", err, "request_id", t.req.ID)
	t.outcome(OutcomeError)
	s := say("I'm sorry, something went wrong and I couldn't do that just now.",
		"Please try again later, or call us on").phone(t.cfg.LandlordPhone).text(".")
	return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
}

var errNoGuides = errors.New("no guides loaded")
