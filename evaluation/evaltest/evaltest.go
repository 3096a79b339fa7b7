// Package evaltest makes usage logs whose true figures are known by
// construction, for testing the evaluation and every view built on it.
//
// Generate drives the real conversation (intents.Skill over an in-memory
// store, the real guides and coach roster) through scripted visits on a
// controllable clock. Each scripted action says what each of its requests
// must record (flow, outcome, step, household) and which task it belongs
// to; the generator checks every event against that, so a script that no
// longer matches the conversation fails loudly instead of skewing the
// tally. Want then works out the expected Report from the tally — from
// what was done, never from the events written.
package evaltest

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	// Tests must reckon days in Europe/London even where the system has
	// no time zone database, or the clock-change tests would pass in UTC.
	_ "time/tzdata"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// Household is a pilot household in a scenario.
type Household struct {
	Ref        string
	Vulnerable bool
	// Linked households have their speaker linked by staff before the
	// scenario starts; the others can link by voice (LinkByVoice).
	Linked bool
	// Band is the readiness the scenario is built to give the household
	// at its end (whole scenario, default options); empty is not checked.
	Band evaluation.Band
}

// Visit is one session: a household (or a speaker not linked to any)
// talking to Home Helper on a day at a time.
type Visit struct {
	Day int    // days after Scenario.Start
	At  string // local time, "15:04" or "15:04:05"
	// Who is the household's Ref; empty for a speaker not linked to one.
	Who string
	// Speaker names the device; empty means the household's own speaker,
	// or "visitor" when Who is empty.
	Speaker string
	Demo    bool // as if from the try-it page
	Do      []Action
	// Feedback says, in order, how the tenant answers each "how easy was
	// that?" asked in this visit: "1" to "5"; "?4" (something unclear,
	// then 4); "no"; "stop" (which ends the session); "none" (no answer:
	// the next action must be End). Generate fails if a question comes
	// with no answer planned, or an answer is planned and never asked for.
	Feedback []string
}

// Scenario is a test: households, and the visits they make.
type Scenario struct {
	Start      time.Time // midnight at the start of day 0, in Europe/London
	Days       int       // how long the test runs: days 0 to Days-1
	Households []Household
	Visits     []Visit
}

// Action is one scripted thing a tenant does within a visit.
type Action func(*Session)

// Generated is a usage log made by driving the conversation, and the tally
// of what it should show.
type Generated struct {
	Events     []intents.UsageEvent
	Households []intents.Household // as the store has them at the end
	Config     intents.Config
	Scenario   Scenario
	Tally      *Tally

	tb testing.TB
}

// Period is the whole scenario: days 0 to Days-1.
func (g *Generated) Period() evaluation.Period {
	last := g.Scenario.Start.AddDate(0, 0, g.Scenario.Days-1)
	return evaluation.Days(g.Scenario.Start, last, g.Config.Location)
}

// Location is where the scenario's days are reckoned: Europe/London.
func (g *Generated) Location() *time.Location { return g.Config.Location }

// ID returns the household id (pseudonym) of a Ref.
func (g *Generated) ID(ref string) string {
	for _, h := range g.Households {
		if h.Ref == ref {
			return h.ID
		}
	}
	g.tb.Fatalf("evaltest: no household %q", ref)
	return ""
}

// gen is a scenario being driven.
type gen struct {
	tb     testing.TB
	cfg    intents.Config
	store  *memstore.Store
	skill  *intents.Skill
	guides *intents.Guides
	now    time.Time
	nreq   int
	nsess  int
	tally  *Tally
	hh     map[string]*hhState // by Ref
	// open guide attempts by speaker: the conversation keeps a guide's
	// place per speaker, across sessions.
	open map[string]*Attempt
	// asked is when each household was last asked for a rating.
	asked map[string]time.Time
}

type hhState struct {
	spec      Household
	id        string
	code      string
	linked    bool
	forgotten bool
}

// Generate drives the scenario through the real conversation.
func Generate(tb testing.TB, sc Scenario) *Generated {
	tb.Helper()
	ctx := context.Background()
	cfg := intents.DefaultConfig()
	if cfg.Location.String() != "Europe/London" {
		tb.Fatalf("evaltest: location %s, want Europe/London", cfg.Location)
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		tb.Fatalf("evaltest: loading guides: %v", err)
	}
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("e", intents.MinKeyLen)))
	if err != nil {
		tb.Fatal(err)
	}
	g := &gen{tb: tb, cfg: cfg, store: memstore.New(), guides: guides, hh: map[string]*hhState{}, open: map[string]*Attempt{}, asked: map[string]time.Time{},
		tally: &Tally{Location: cfg.Location, Households: map[string]*HouseholdFacts{}}}
	g.skill = intents.New(g.store.Stores(), guides, cfg, intents.WithClock(func() time.Time { return g.now }),
		intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))

	// Coach visits for the whole scenario and the booking horizon after it.
	rf, err := content.Coaches()
	if err != nil {
		tb.Fatal(err)
	}
	roster, err := intents.ReadRoster(rf)
	rf.Close()
	if err != nil {
		tb.Fatal(err)
	}
	slots, err := roster.Slots(sc.Start, sc.Days+70, cfg.Location)
	if err != nil {
		tb.Fatal(err)
	}
	if err := g.store.AddCoachSlots(ctx, slots); err != nil {
		tb.Fatal(err)
	}

	// Staff enrol every household a week before the start, and link the
	// speakers of those set up in person the day before.
	g.now = sc.Start.AddDate(0, 0, -7)
	for _, spec := range sc.Households {
		h, err := intents.Enrol(ctx, g.store, p, intents.Enrolling{Ref: spec.Ref, Vulnerable: spec.Vulnerable,
			CodeLife: time.Duration(sc.Days+14) * 24 * time.Hour}, g.now)
		if err != nil {
			tb.Fatalf("evaltest: enrol %s: %v", spec.Ref, err)
		}
		g.hh[spec.Ref] = &hhState{spec: spec, id: h.ID, code: h.LinkCode}
		g.tally.Households[h.ID] = &HouseholdFacts{Ref: spec.Ref, EnrolledAt: g.now}
	}
	g.now = sc.Start.AddDate(0, 0, -1)
	for _, spec := range sc.Households {
		if !spec.Linked {
			continue
		}
		h := g.hh[spec.Ref]
		if _, err := g.store.LinkSpeaker(ctx, h.code, speakerOf(spec.Ref), g.now); err != nil {
			tb.Fatalf("evaltest: link %s: %v", spec.Ref, err)
		}
		h.linked = true
		g.tally.Households[h.id].LinkedAt = g.now
	}

	visits := slices.Clone(sc.Visits)
	slices.SortStableFunc(visits, func(a, b Visit) int { return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.At, b.At)) })
	for _, v := range visits {
		g.visit(sc, v)
	}

	hs, err := g.store.ListHouseholds(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return &Generated{Events: g.store.All(), Households: hs, Config: cfg, Scenario: sc, Tally: g.tally, tb: tb}
}

func speakerOf(ref string) string { return "speaker-" + ref }

// visit drives one session.
func (g *gen) visit(sc Scenario, v Visit) {
	g.tb.Helper()
	clock, err := time.Parse("15:04:05", v.At)
	if err != nil {
		if clock, err = time.Parse("15:04", v.At); err != nil {
			g.tb.Fatalf("evaltest: visit time %q: %v", v.At, err)
		}
	}
	d := sc.Start
	g.now = time.Date(d.Year(), d.Month(), d.Day()+v.Day, clock.Hour(), clock.Minute(), clock.Second(), 0, g.cfg.Location)
	g.nsess++
	s := &Session{g: g, id: fmt.Sprintf("session-%03d", g.nsess), demo: v.Demo, first: true, visit: v, feedback: slices.Clone(v.Feedback)}
	s.speaker = v.Speaker
	if v.Who != "" {
		h := g.hh[v.Who]
		if h == nil {
			g.tb.Fatalf("evaltest: visit by unknown household %q", v.Who)
			return
		}
		if h.forgotten {
			g.tb.Fatalf("evaltest: visit by %s, who asked to be forgotten", v.Who)
		}
		s.household = h
		if s.speaker == "" {
			s.speaker = speakerOf(v.Who)
		}
		if h.linked {
			s.hh = h.id
		}
	} else if s.speaker == "" {
		s.speaker = "visitor"
	}
	s.facts = &SessionFacts{ID: s.id, Demo: v.Demo}
	g.tally.Sessions = append(g.tally.Sessions, s.facts)
	for _, a := range v.Do {
		if s.ended {
			g.tb.Fatalf("evaltest: %s day %d %s: an action after the session ended", v.Who, v.Day, v.At)
		}
		a(s)
	}
	if !s.ended {
		g.tb.Fatalf("evaltest: %s day %d %s: the visit leaves its session open; end it (NoMore, Stop, End)", v.Who, v.Day, v.At)
	}
	if len(s.feedback) > 0 {
		g.tb.Fatalf("evaltest: %s day %d %s: feedback answers %q planned but never asked for", v.Who, v.Day, v.At, s.feedback)
	}
}

// Session is a visit being driven: it plays Alexa's part (session ids,
// attributes, elicited slots) and records what each request must show.
type Session struct {
	g         *gen
	visit     Visit
	id        string
	speaker   string
	household *hhState
	hh        string // household id the events carry: set once linked
	demo      bool
	first     bool
	ended     bool
	state     intents.State
	elicit    *intents.Elicit
	// in is the task the tenant is in the middle of, which a fallback or
	// a session end belongs to; empty at the menu.
	in       intents.Flow
	helped   bool
	facts    *SessionFacts
	feedback []string // answers still to give
	reported *Request // the last repair_reported request
}

// task is one of the tasks completion is measured for.
type task int

const (
	repair task = iota
	booking
	linking
	guide
)

// expect is what one request must record, and the tasks it belongs to.
type expect struct {
	flow    intents.Flow
	outcome intents.Outcome
	step    string
	end     bool
	starts  []task
	touches []task // starting and finishing imply touching
	ends    []task // finished
	// linksHere: the household is linked by this request, which already
	// carries its id.
	linksHere bool
	// forgets: the household is erased by this request.
	forgets bool
}

type slot struct{ name, id, value string }

// resolved is a slot Alexa resolved to an id; heard is one it did not.
func resolved(name, id string) slot { return slot{name, id, id} }
func heard(name, value string) slot { return slot{name: name, value: value} }
func slots(ss ...slot) []slot       { return ss }
func (s *Session) fatalf(f string, a ...any) {
	s.g.tb.Helper()
	s.g.tb.Fatalf("evaltest: %s day %d %s: %s", cmp.Or(s.visit.Who, s.speaker), s.visit.Day, s.visit.At, fmt.Sprintf(f, a...))
}

// say sends an intent (or a launch or session end when intent is one of
// those request types) and checks its event against w.
func (s *Session) say(intent string, sl []slot, endReason string, w expect) intents.Response {
	s.g.tb.Helper()
	g := s.g
	req := intents.Request{Type: intents.IntentRequest, Intent: intent, Slots: map[string]intents.Slot{}}
	switch intent {
	case intents.LaunchRequest, intents.SessionEndedRequest:
		req = intents.Request{Type: intent, EndReason: endReason}
	default:
		if s.elicit != nil && s.elicit.Intent == intent {
			// Alexa sends an elicited intent back with the slots we
			// gave it, unresolved.
			for k, v := range s.elicit.Slots {
				req.Slots[k] = intents.Slot{Value: v.Value}
			}
		}
		for _, x := range sl {
			req.Slots[x.name] = intents.Slot{ID: x.id, Value: x.value}
		}
	}
	g.nreq++
	req.ID = fmt.Sprintf("req-%05d", g.nreq)
	req.Time = g.now
	req.SessionNew = s.first
	req.SessionID = s.id
	req.SpeakerID = s.speaker
	req.State = s.state
	req.Locale = "en-GB"
	req.Demo = s.demo

	before := len(g.store.All())
	resp := g.skill.Handle(context.Background(), req)
	all := g.store.All()
	if len(all) != before+1 {
		s.fatalf("%s %s wrote %d usage events, want 1", req.Type, intent, len(all)-before)
	}
	ev := all[len(all)-1]
	if w.linksHere {
		s.hh = s.household.id
		s.household.linked = true
		s.g.tally.Households[s.hh].LinkedAt = g.now
	}
	wantHH, wantSession := s.hh, s.id
	if w.forgets {
		// The household is erased: its last event names nobody.
		wantHH, wantSession = "", ""
	}
	if ev.Flow != w.flow || ev.Outcome != w.outcome || (w.step != "" && ev.Step != w.step) || ev.HouseholdID != wantHH ||
		ev.SessionID != wantSession || ev.Demo != s.demo || resp.End != w.end {
		s.fatalf("%s %s recorded flow %q outcome %q step %q household %q demo %v, session ended %v;\n"+
			"the script expects flow %q outcome %q step %q household %q demo %v, session ended %v\n(speech: %q)",
			req.Type, intent, ev.Flow, ev.Outcome, ev.Step, ev.HouseholdID, ev.Demo, resp.End,
			w.flow, w.outcome, w.step, wantHH, s.demo, w.end, intents.PlainText(resp.Speech))
	}

	rq := &Request{Time: g.now, Session: s.id, Speaker: s.speaker, Household: s.hh, Demo: s.demo, Type: req.Type,
		Intent: intentKey(req), Flow: w.flow, Outcome: w.outcome, EndReason: endReason, Step: w.step,
		starts: w.starts, touches: w.touches, ends: w.ends}
	g.tally.Requests = append(g.tally.Requests, rq)
	s.facts.Requests = append(s.facts.Requests, rq)
	s.follow(rq, w)
	if w.forgets {
		g.forget(s)
	}
	if w.outcome == intents.OutcomeHelp || w.outcome == intents.OutcomeNotUnderstood {
		s.helped = true
	}

	s.first = false
	s.state = resp.State
	s.elicit = resp.Elicit
	s.ended = resp.End
	g.now = g.now.Add(20 * time.Second)
	return resp
}

func intentKey(r intents.Request) string {
	if r.Type == intents.IntentRequest {
		return r.Intent
	}
	return r.Type
}

// follow keeps the speaker's guide attempt up to date: which requests
// belong to it, and the step and outcome it has reached (a later visit
// resumes from there).
func (s *Session) follow(rq *Request, w expect) {
	if slices.Contains(w.starts, guide) {
		a := &Attempt{Speaker: s.speaker, Track: Track{Started: true}}
		s.g.open[s.speaker] = a
		s.g.tally.Attempts = append(s.g.tally.Attempts, a)
	}
	if !rq.belongs(guide) {
		return
	}
	a := s.g.open[s.speaker]
	if a == nil {
		s.fatalf("request %s belongs to a guide, but the speaker has none open", rq.Intent)
		return
	}
	a.Requests = append(a.Requests, rq)
	if w.step != "" {
		a.Step = w.step
	}
	a.Outcome = string(w.outcome)
	if slices.Contains(w.ends, guide) {
		a.Finished = true
		delete(s.g.open, s.speaker)
	}
}

// forget does what "forget me" does to the record: every event of the
// household, and of its speaker, loses its household, speaker and session
// ids, and the household leaves the enrolment list.
func (g *gen) forget(s *Session) {
	id, sp := s.household.id, s.speaker
	for _, rq := range g.tally.Requests {
		if rq.Household == id || rq.Speaker == sp {
			rq.Household, rq.Speaker, rq.Session = "", "", ""
		}
	}
	for _, f := range g.tally.Sessions {
		if len(f.Requests) > 0 && f.Requests[0].Session == "" {
			f.ID = ""
		}
	}
	for _, r := range g.tally.Repairs {
		if r.Household == id {
			r.Household, r.Session = "", ""
		}
	}
	for _, t := range g.tally.Tasks {
		if t.Household == id {
			t.Household, t.Session = "", ""
		}
	}
	for _, f := range g.tally.Feedback {
		if f.Household == id {
			f.Household, f.Session = "", ""
		}
	}
	for _, a := range g.tally.Attempts {
		if a.Speaker == sp {
			a.Speaker = ""
		}
	}
	delete(g.tally.Households, id)
	delete(g.open, sp)
	s.hh, s.id = "", ""
	s.household.forgotten = true
}

// task records a completed task for the household's readiness. A task
// Home Helper closes as finished (a repair reported, a guide that fixed it,
// a visit booked) may bring the feedback question.
func (s *Session) task(kind string) {
	s.g.tally.Tasks = append(s.g.tally.Tasks, &Task{Kind: kind, Time: s.last().Time, Session: s.id,
		Household: s.hh, Demo: s.demo, OnOwn: !s.helped})
	if s.last().Outcome != intents.OutcomeGuideNotFixed {
		s.answerFeedback()
	}
}

func (s *Session) last() *Request { return s.facts.Requests[len(s.facts.Requests)-1] }

// needLinked stops a script that asks a household for something only a
// linked speaker can do.
func (s *Session) needLinked(what string) {
	if s.hh == "" {
		s.fatalf("%s needs a linked household", what)
	}
}

func (s *Session) steps(problem string) int {
	gd, ok := s.g.guides.For(problem)
	if !ok {
		s.fatalf("no guide for %s", problem)
	}
	return len(gd.Steps)
}

func (s *Session) noGuide(problem string) {
	if _, ok := s.g.guides.For(problem); ok {
		s.fatalf("%s has a guide, which the report would offer first: use another problem", problem)
	}
}
