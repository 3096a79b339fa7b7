// Package evaluation computes the measures staff use to judge the Home
// Helper test from its usage log: take-up, what people used, completion,
// outcomes, understanding, satisfaction, retention, cost per transaction,
// and each household's digital readiness.
//
// docs/evaluation.md defines every measure in words, over the usage events
// of docs/usage-events.md. This package is their one implementation: the
// staff web pages, the CSV download and `homehelper report` all call
// Compute, so no two views can disagree about a number.
package evaluation

import (
	"cmp"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Options chooses what a report covers and the assumptions behind it.
type Options struct {
	// Period is the calendar days reported on; the zero Period means the
	// whole log.
	Period Period
	// Households limits the report to these household ids (pseudonyms);
	// empty means every household, and requests from unlinked speakers.
	Households []string
	// IncludeDemo counts requests from the try-it page and `homehelper
	// chat`, which are left out by default.
	IncludeDemo bool
	// Costs are the unit prices for the cost per transaction; the zero
	// value means DefaultCosts().
	Costs CostModel
	// Location is where days, hours and weeks are reckoned; nil means
	// Config.Location (Europe/London).
	Location *time.Location
	// Now is when the report is made: "stopped" and readiness are judged
	// at the end of the period, or at Now if that is earlier. Zero means
	// the end of the period.
	Now time.Time
	// Config gives the rules repair priorities depend on (the cold
	// months); the zero value means intents.DefaultConfig().
	Config intents.Config
}

// StoppedAfter is how long without any use before a household that used
// Home Helper counts as having stopped.
const StoppedAfter = 14 // days

// Compute works out every measure over events for households, as o says.
//
// Pass the usage log from the start of the test up to the end of the
// period, not just the period's events: events before the period are not
// counted in it, but retention (when each household first used it) and
// readiness (what each household can do) look back over them. events need
// not be sorted and are not changed.
func Compute(events []intents.UsageEvent, households []intents.Household, o Options) Report {
	c := newCalc(events, households, o)
	c.history()
	c.period()
	return c.report()
}

// calc is one computation: the options resolved, the events kept, and the
// running counts.
type calc struct {
	loc      *time.Location
	cfg      intents.Config
	costs    CostModel
	group    map[string]bool
	hhByID   map[string]*intents.Household
	start    time.Time
	end      time.Time
	asOf     time.Time
	periodOK bool

	events    []*intents.UsageEvent // kept events before the end, oldest first
	days      []int                 // each event's local day (dayNumber)
	inPer     []*intents.UsageEvent // the part of events inside the period
	inPerDays []int

	households map[string]*hhAcc
	r          Report
}

func newCalc(events []intents.UsageEvent, households []intents.Household, o Options) *calc {
	c := &calc{cfg: o.Config, costs: o.Costs, hhByID: map[string]*intents.Household{}, households: map[string]*hhAcc{}}
	if c.cfg.Location == nil && len(c.cfg.ColdMonths) == 0 {
		c.cfg = intents.DefaultConfig()
	}
	c.loc = o.Location
	if c.loc == nil {
		c.loc = c.cfg.Location
	}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.costs == (CostModel{}) {
		c.costs = DefaultCosts()
	}
	if len(o.Households) > 0 {
		c.group = make(map[string]bool, len(o.Households))
		for _, id := range o.Households {
			c.group[id] = true
		}
	}
	for i := range households {
		h := &households[i]
		if c.group == nil || c.group[h.ID] {
			c.hhByID[h.ID] = h
		}
	}

	idx := make([]int, 0, len(events))
	for i := range events {
		e := &events[i]
		if e.Demo && !o.IncludeDemo {
			continue
		}
		if c.group != nil && !c.group[e.HouseholdID] {
			continue
		}
		idx = append(idx, i)
	}
	// Stores list events oldest first, so this is usually a check; ties
	// keep the store's order, which is the order they were written.
	byTime := func(a, b int) int { return cmp.Or(events[a].Time.Compare(events[b].Time), cmp.Compare(a, b)) }
	if !slices.IsSortedFunc(idx, byTime) {
		slices.SortFunc(idx, byTime)
	}
	kept := make([]*intents.UsageEvent, len(idx))
	for k, i := range idx {
		kept[k] = &events[i]
	}

	p := o.Period
	if p.IsZero() && len(kept) > 0 {
		p = Days(kept[0].Time, kept[len(kept)-1].Time, c.loc)
	}
	c.periodOK = !p.IsZero() && !p.To.Before(p.From)
	if c.periodOK {
		c.start, c.end = p.Start(), p.End()
		c.r.Period = PeriodInfo{From: p.From.Format(time.DateOnly), To: p.To.Format(time.DateOnly),
			Days: p.NumDays(), TimeZone: c.loc.String()}
	}
	c.asOf = c.end
	if !o.Now.IsZero() && o.Now.Before(c.end) {
		c.asOf = o.Now
	}
	n := sort.Search(len(kept), func(i int) bool { return !kept[i].Time.Before(c.end) })
	c.events = kept[:n]
	// Each event's local day, worked out once: time zone lookups are a
	// good part of the cost.
	c.days = make([]int, n)
	for i, e := range c.events {
		c.days[i] = dayNumber(e.Time, c.loc)
	}
	s := sort.Search(n, func(i int) bool { return !c.events[i].Time.Before(c.start) })
	if c.periodOK {
		c.inPer, c.inPerDays = c.events[s:], c.days[s:]
	}

	c.r.Households = slices.Clone(o.Households)
	c.r.IncludeDemo = o.IncludeDemo
	c.r.AsOf = c.asOf
	return c
}

func isRequest(e *intents.UsageEvent) bool { return e.RequestType != intents.SessionEndedRequest }

// intentKey names what a request asked for: its intent, or its request
// type when it has none (LaunchRequest).
func intentKey(e *intents.UsageEvent) string {
	if e.RequestType == intents.IntentRequest && e.Intent != "" {
		return e.Intent
	}
	if e.RequestType == "" {
		return "(no request type)"
	}
	return e.RequestType
}

// isTask reports the requests that complete a task: a repair reported, a
// guide finished, a visit booked.
func isTask(o intents.Outcome) bool {
	switch o {
	case intents.OutcomeRepairReported, intents.OutcomeGuideFixed, intents.OutcomeGuideNotFixed, intents.OutcomeCoachBooked:
		return true
	}
	return false
}

// savedEmergency is safety advice after which the skill saved the
// emergency repair: for the household's readiness a task done by voice,
// and done right, though not a finished repair report (see Completion).
func savedEmergency(e *intents.UsageEvent) bool {
	return e.Outcome == intents.OutcomeEmergencyAdvised && e.RepairRef != ""
}

func isHelpOrNotUnderstood(o intents.Outcome) bool {
	return o == intents.OutcomeHelp || o == intents.OutcomeNotUnderstood
}

// hhAcc is what one household did up to the end of the period.
type hhAcc struct {
	id                  string
	first, last         time.Time
	lastDay             int
	days                int
	weeks               []int // Mondays (day numbers) of weeks with use, ascending
	requests            int
	helpOrNotUnderstood int
	tasks, onOwn        int
	activeInPeriod      bool
}

// history goes through every kept event up to the end of the period, for
// the measures that look back: retention and readiness.
func (c *calc) history() {
	helped := map[string]bool{} // session → a help or not-understood request so far
	for i, e := range c.events {
		sk := e.SessionID // empty when erased: then no session to look back in
		if e.HouseholdID != "" {
			h := c.households[e.HouseholdID]
			if h == nil {
				h = &hhAcc{id: e.HouseholdID, lastDay: -1 << 31}
				c.households[e.HouseholdID] = h
			}
			if isRequest(e) {
				if h.requests == 0 {
					h.first = e.Time
				}
				h.last = e.Time
				day := c.days[i]
				// Events come oldest first, so days and weeks only grow.
				if day != h.lastDay {
					h.days++
					h.lastDay = day
					if w := mondayOf(day); len(h.weeks) == 0 || h.weeks[len(h.weeks)-1] != w {
						h.weeks = append(h.weeks, w)
					}
				}
				h.requests++
				if isHelpOrNotUnderstood(e.Outcome) {
					h.helpOrNotUnderstood++
				}
			}
			if isTask(e.Outcome) || savedEmergency(e) {
				h.tasks++
				if !helped[sk] {
					h.onOwn++
				}
			}
		}
		if sk != "" && isHelpOrNotUnderstood(e.Outcome) {
			helped[sk] = true
		}
	}
}

// track follows one task through a session: whether it started and
// finished, and where it had got to.
type track struct {
	started, finished bool
	step              string
	outcome           intents.Outcome
}

func (t *track) see(e *intents.UsageEvent) {
	if e.Step != "" {
		t.step = e.Step
	}
	t.outcome = e.Outcome
}

// session is what one session did inside the period.
type session struct {
	first     time.Time
	firstDay  int
	household string
	flows     []intents.Flow
	intents   []string

	repair, booking, linking track
	emergency                bool
	notFixedPending          int
	endedError, endedRepr    bool
	inFeedback               bool
}

// attempt is one go at a guide, which may take several sessions: the
// guide keeps the speaker's place.
type attempt struct {
	topic    string
	finished bool
	step     string
	outcome  intents.Outcome
}

func (a *attempt) see(e *intents.UsageEvent) {
	if e.Step != "" {
		a.step = e.Step
	}
	a.outcome = e.Outcome
}

// period goes through the period's events once.
func (c *calc) period() {
	r := &c.r
	sessions := map[string]*session{}
	var order []*session
	flowReq := map[intents.Flow]int{}
	flowSess := map[intents.Flow]int{}
	intentReq := map[string]int{}
	intentSess := map[string]int{}
	notUnderstoodByFlow := map[string]int{}
	emergencyByProblem := map[string]int{}

	// Guides: attempts by speaker, since the place is kept per speaker.
	open := map[string]*attempt{}
	var attempts []*attempt
	guides := map[string]*GuideResult{}
	guide := func(topic string) *GuideResult {
		g := guides[topic]
		if g == nil {
			g = &GuideResult{Guide: topic}
			guides[topic] = g
		}
		return g
	}
	startAttempt := func(key, topic string) *attempt {
		a := &attempt{topic: topic}
		open[key] = a
		attempts = append(attempts, a)
		guide(topic).Started++
		return a
	}

	firstMonday := 0
	weeks := []WeekUse{}
	var weekActive []map[string]bool
	if c.periodOK {
		firstDay := dayNumber(c.start, c.loc)
		lastDay := dayNumber(c.end.Add(-time.Nanosecond), c.loc)
		firstMonday = mondayOf(firstDay)
		for m := firstMonday; m <= lastDay; m += 7 {
			in := min(m+6, lastDay) - max(m, firstDay) + 1
			weeks = append(weeks, WeekUse{WeekOf: dayDate(m), DaysInPeriod: in})
			weekActive = append(weekActive, map[string]bool{})
		}
	}
	weekIndex := func(day int) int {
		i := (mondayOf(day) - firstMonday) / 7
		return max(0, min(i, len(weeks)-1))
	}

	var latencySum float64
	for k, e := range c.inPer {
		day := c.inPerDays[k]
		r.TakeUp.Events++
		latencySum += e.LatencyMS
		// An event whose session id was erased (the tenant asked to be
		// forgotten) still counts as a request, but in no session: it gets
		// a session of its own that is not counted.
		anon := e.SessionID == ""
		s := sessions[e.SessionID]
		if anon {
			s = &session{first: e.Time, firstDay: day}
		} else if s == nil {
			s = &session{first: e.Time, firstDay: day}
			sessions[e.SessionID] = s
			order = append(order, s)
		}
		if s.household == "" {
			s.household = e.HouseholdID
		}
		req := isRequest(e)
		if e.HouseholdID != "" && req {
			if h := c.households[e.HouseholdID]; h != nil {
				h.activeInPeriod = true
			}
			if len(weeks) > 0 {
				weekActive[weekIndex(day)][e.HouseholdID] = true
			}
		}
		if req {
			r.TakeUp.Requests++
			if len(weeks) > 0 {
				weeks[weekIndex(day)].Requests++
			}
			if e.HouseholdID == "" {
				r.TakeUp.RequestsWithoutHousehold++
			}
			flowReq[e.Flow]++
			if !slices.Contains(s.flows, e.Flow) {
				s.flows = append(s.flows, e.Flow)
				if !anon {
					flowSess[e.Flow]++
				}
			}
			ik := intentKey(e)
			intentReq[ik]++
			if !slices.Contains(s.intents, ik) {
				s.intents = append(s.intents, ik)
				if !anon {
					intentSess[ik]++
				}
			}
		}

		switch e.Outcome {
		case intents.OutcomeNotUnderstood:
			r.Understanding.NotUnderstood.Numerator++
			notUnderstoodByFlow[string(e.Flow)]++
		case intents.OutcomeHelp:
			r.Understanding.Help.Numerator++
		case intents.OutcomeError:
			r.Understanding.Errors.Numerator++
		case intents.OutcomeTrialClosed:
			r.TakeUp.TrialClosed++
		case intents.OutcomeForgotten:
			r.TakeUp.Forgotten++
		case intents.OutcomeRepairReported:
			o := &r.Outcomes
			o.RepairsReported++
			c.countPriority(&o.RepairsByPriority, e)
			if e.GuideTried {
				o.RepairsAfterGuide++
				if s.notFixedPending > 0 {
					s.notFixedPending--
					o.GuidesNotFixedReported++
				}
			}
		case intents.OutcomeEmergencyAdvised:
			s.emergency = true
			// A repeat of the script ("shall I say that again?") is the
			// same emergency; counting scripts rather than sessions keeps
			// emergencies of forgotten households, whose session ids are
			// gone.
			if e.Step != "repeat" {
				r.Outcomes.EmergenciesAdvised++
				emergencyByProblem[cmp.Or(e.Slots["problem"], intents.Other)]++
			}
			// Only the first script saves the repair; a repeat has no
			// reference.
			if e.RepairRef != "" {
				r.Outcomes.RepairsReported++
				r.Outcomes.RepairsSavedBySafetyScript++
				r.Outcomes.RepairsByPriority.Emergency++
			}
		case intents.OutcomeGuideNotFixed:
			s.notFixedPending++
		case intents.OutcomeCoachBooked:
			r.Outcomes.VisitsBooked++
		case intents.OutcomeCoachCancelled:
			r.Outcomes.VisitsCancelled++
		case intents.OutcomeFeedbackGiven:
			c.countRating(&r.Satisfaction, e)
		}
		// The question rides on the event of the task it follows, which
		// keeps that task's outcome, so an ask is seen by the answer: a run
		// of feedback requests (a rating, a no, a "sorry, a number from 1
		// to 5", the session ending) is one question.
		if e.Flow == intents.FlowFeedback {
			if !s.inFeedback && (!anon || e.Outcome != intents.OutcomeFeedbackAsked) {
				r.Satisfaction.Asked++
			}
			s.inFeedback = true
		} else {
			s.inFeedback = false
		}
		if e.RequestType == intents.SessionEndedRequest {
			switch e.EndReason {
			case "ERROR":
				s.endedError = true
			case "EXCEEDED_MAX_REPROMPTS":
				s.endedRepr = true
			}
		}

		c.followTasks(s, e)

		// Guide attempts, across sessions.
		key := e.SpeakerID
		switch {
		case key != "":
		case !anon:
			key = "session " + e.SessionID
		default:
			// Erased events cannot be told apart: followed as one speaker.
			key = "erased"
		}
		a := open[key]
		topic := e.Slots["problem"]
		switch e.Outcome {
		case intents.OutcomeGuideStarted:
			// Starting a guide replaces any place kept in another.
			a = startAttempt(key, topic)
			a.see(e)
		case intents.OutcomeGuideResumed:
			if a == nil || (topic != "" && a.topic != topic) {
				a = startAttempt(key, topic)
			}
			a.see(e)
		case intents.OutcomeGuideFixed, intents.OutcomeGuideNotFixed:
			if a == nil {
				// Begun before the period (or the log): counted from here.
				a = startAttempt(key, cmp.Or(topic, intents.Other))
			}
			a.see(e)
			a.finished = true
			delete(open, key)
			if e.Outcome == intents.OutcomeGuideFixed {
				guide(a.topic).Fixed++
				r.Outcomes.GuidesFixed++
			} else {
				guide(a.topic).NotFixed++
				r.Outcomes.GuidesNotFixed++
			}
		default:
			if a != nil && e.Flow == intents.FlowSelfFix {
				a.see(e)
			}
		}
	}

	// Sessions.
	r.TakeUp.Sessions = len(order)
	var hhSessions int
	repairDrop, bookingDrop, linkingDrop := dropCounter{}, dropCounter{}, dropCounter{}
	for _, s := range order {
		if len(weeks) > 0 {
			weeks[weekIndex(s.firstDay)].Sessions++
		}
		l := s.first.In(c.loc)
		r.TakeUp.SessionsByHour[l.Hour()]++
		r.TakeUp.SessionsByWeekday[weekdayIndex(s.firstDay)]++
		if s.household != "" {
			hhSessions++
		}
		if s.endedError {
			r.Understanding.EndedByError.Numerator++
		}
		if s.endedRepr {
			r.Understanding.EndedByReprompts.Numerator++
		}
		// A session with safety advice is an emergency, counted there: the
		// script saves the repair itself, so it is neither a finished nor
		// an abandoned report.
		if !s.emergency {
			repairDrop.add(&r.Completion.Repair, s.repair)
		}
		bookingDrop.add(&r.Completion.Booking, s.booking)
		linkingDrop.add(&r.Completion.Linking, s.linking)
	}
	guideDrop := dropCounter{}
	for _, a := range attempts {
		guideDrop.add(&r.Completion.Guides, track{started: true, finished: a.finished, step: a.step, outcome: a.outcome})
	}
	repairDrop.finish(&r.Completion.Repair)
	bookingDrop.finish(&r.Completion.Booking)
	linkingDrop.finish(&r.Completion.Linking)
	guideDrop.finish(&r.Completion.Guides)

	// Take-up.
	householdWeeks := 0
	for i := range weeks {
		weeks[i].ActiveHouseholds = len(weekActive[i])
		householdWeeks += len(weekActive[i])
	}
	r.TakeUp.Weeks = weeks
	r.TakeUp.SessionsPerActiveHouseholdWeek = ratio(hhSessions, householdWeeks)

	// Use.
	for _, f := range intents.Flows {
		r.Use.Flows = append(r.Use.Flows, Usage{Name: string(f), Requests: flowReq[f], Sessions: flowSess[f]})
		delete(flowReq, f)
	}
	// A flow this package does not know yet still shows, after the rest.
	for _, f := range slices.Sorted(maps.Keys(flowReq)) {
		r.Use.Flows = append(r.Use.Flows, Usage{Name: string(f), Requests: flowReq[f], Sessions: flowSess[f]})
	}
	r.Use.Intents = []Usage{}
	for ik, n := range intentReq {
		r.Use.Intents = append(r.Use.Intents, Usage{Name: ik, Requests: n, Sessions: intentSess[ik]})
	}
	slices.SortFunc(r.Use.Intents, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Name, b.Name))
	})

	// Outcomes.
	o := &r.Outcomes
	o.RepairVisitsAvoided = o.GuidesFixed
	o.EmergenciesByProblem = counts(emergencyByProblem)
	o.ByGuide = []GuideResult{}
	for _, g := range guides {
		o.ByGuide = append(o.ByGuide, *g)
	}
	slices.SortFunc(o.ByGuide, func(a, b GuideResult) int {
		return cmp.Or(cmp.Compare(b.Started, a.Started), cmp.Compare(a.Guide, b.Guide))
	})

	// Understanding.
	u := &r.Understanding
	u.NotUnderstood = ratio(u.NotUnderstood.Numerator, r.TakeUp.Requests)
	u.Help = ratio(u.Help.Numerator, r.TakeUp.Requests)
	u.Errors = ratio(u.Errors.Numerator, r.TakeUp.Requests)
	u.EndedByError = ratio(u.EndedByError.Numerator, r.TakeUp.Sessions)
	u.EndedByReprompts = ratio(u.EndedByReprompts.Numerator, r.TakeUp.Sessions)
	u.NotUnderstoodByFlow = counts(notUnderstoodByFlow)

	// Satisfaction.
	sat := &r.Satisfaction
	sat.Declined = max(0, sat.Asked-sat.Given)
	sat.ResponseRate = ratio(sat.Given, sat.Asked)
	rated, sum := 0, 0
	for i, n := range sat.Ratings {
		rated += n
		sum += (i + 1) * n
	}
	if rated > 0 {
		sat.Mean = float64(sum) / float64(rated)
	}
	sat.Satisfied = ratio(sat.Ratings[3]+sat.Ratings[4], rated)

	// Cost.
	tasks := o.RepairsReported - o.RepairsSavedBySafetyScript + o.GuidesFixed + o.GuidesNotFixed + o.VisitsBooked
	calls := o.RepairsReported - o.RepairsSavedBySafetyScript + o.GuidesFixed + o.VisitsBooked
	r.Cost = costOf(c.costs, r.TakeUp.Events, latencySum, tasks, calls, o.RepairVisitsAvoided)
}

// followTasks moves a session's repair, booking and linking tasks on by
// one event. docs/evaluation.md ("Completion") says in words what starts,
// finishes and belongs to each.
func (c *calc) followTasks(s *session, e *intents.UsageEvent) {
	o := e.Outcome
	// Repair: a report asked for (problem, guide offer, room, read-back,
	// or the code it needs), or a guide that did not fix it handing over.
	// An offer declined ("shall I report it?" – "no") starts nothing.
	if (e.Flow == intents.FlowRepair && (o == intents.OutcomeRepairPrompted || o == intents.OutcomeLinkNeeded || o == intents.OutcomeRepairReported)) ||
		o == intents.OutcomeGuideNotFixed {
		s.repair.started = true
	}
	if s.repair.started && (e.Flow == intents.FlowRepair || e.Flow == intents.FlowLink || o == intents.OutcomeGuideNotFixed) {
		s.repair.see(e)
	}
	if o == intents.OutcomeRepairReported {
		s.repair.finished = true
	}

	// Booking: a visit offered, none free to offer, a visit booked, or
	// the code asked for to book one.
	if o == intents.OutcomeCoachOffered || o == intents.OutcomeCoachNoneFree || o == intents.OutcomeCoachBooked ||
		(e.Flow == intents.FlowCoach && o == intents.OutcomeLinkNeeded && e.Intent == "BookCoachIntent") {
		s.booking.started = true
	}
	if s.booking.started && (e.Flow == intents.FlowCoach || e.Flow == intents.FlowLink) {
		s.booking.see(e)
	}
	if o == intents.OutcomeCoachBooked {
		s.booking.finished = true
	}

	// Linking: the code asked for, a code tried.
	newlyLinked := o == intents.OutcomeLinked && e.Step != "already_linked"
	if o == intents.OutcomeLinkNeeded || o == intents.OutcomeLinkFailed || newlyLinked {
		s.linking.started = true
	}
	if s.linking.started && (e.Flow == intents.FlowLink || o == intents.OutcomeLinkNeeded) {
		s.linking.see(e)
	}
	if newlyLinked {
		s.linking.finished = true
	}
}

// countPriority adds a reported repair under its priority. The event has
// no priority field, so it is worked out again from the problem, the
// household and the time, by the conversation's own rule.
func (c *calc) countPriority(p *Priorities, e *intents.UsageEvent) {
	var h intents.Household
	if hh := c.hhByID[e.HouseholdID]; hh != nil {
		h = *hh
	}
	switch intents.PriorityOf(cmp.Or(e.Slots["problem"], intents.Other), h, e.Time, c.cfg) {
	case intents.Emergency:
		p.Emergency++
	case intents.Urgent:
		p.Urgent++
	default:
		p.Routine++
	}
}

func (c *calc) countRating(s *Satisfaction, e *intents.UsageEvent) {
	s.Given++
	switch v := e.Slots["rating"]; v {
	case "1", "2", "3", "4", "5":
		s.Ratings[v[0]-'1']++
	default:
		s.Unreadable++
	}
}

// dropCounter gathers a task's completion and drop-off.
type dropCounter map[DropOff]int

func (d dropCounter) add(fc *FlowCompletion, t track) {
	if !t.started {
		return
	}
	fc.Rate.Denominator++
	if t.finished {
		fc.Rate.Numerator++
		return
	}
	d[DropOff{Step: t.step, Outcome: string(t.outcome)}]++
}

func (d dropCounter) finish(fc *FlowCompletion) {
	fc.Rate = ratio(fc.Rate.Numerator, fc.Rate.Denominator)
	fc.DropOff = []DropOff{}
	for k, n := range d {
		k.Count = n
		fc.DropOff = append(fc.DropOff, k)
	}
	slices.SortFunc(fc.DropOff, func(a, b DropOff) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Outcome, b.Outcome))
	})
}

// counts lists a map's counts, most first.
func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Name: k, Count: n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name)) })
	return out
}
