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
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
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
//
// Compute folds the events into the same day counters the stores keep
// (Folder) and reports from those, so a report from a store's rollups
// (FromRollups) and one from its events are the same report.
func Compute(events []intents.UsageEvent, households []intents.Household, o Options) Report {
	loc := o.location()
	idx := make([]int, len(events))
	for i := range idx {
		idx[i] = i
	}
	// Stores list events oldest first, so this is usually a check; ties
	// keep the store's order, which is the order they were written.
	byTime := func(a, b int) int { return cmp.Or(events[a].Time.Compare(events[b].Time), cmp.Compare(a, b)) }
	if !slices.IsSortedFunc(idx, byTime) {
		slices.SortFunc(idx, byTime)
	}
	f := NewFolder(loc)
	for _, i := range idx {
		f.Add(&events[i])
	}
	days := f.Touched()
	past := days
	if !o.Period.IsZero() {
		last := dayNumber(o.Period.To, loc)
		past = slices.DeleteFunc(slices.Clone(days), func(d *Day) bool { return d.Day > last })
	}
	return FromRollups(Rollups{Days: days, History: HistoryOf(past, o.IncludeDemo)}, households, o)
}

// Rollups are the counters a report is made from.
type Rollups struct {
	// Days holds at least every day of the period with any event; other
	// days are ignored. With no period, the days with events make it.
	// With Totals, it needs hold only the days of no household and of the
	// practice households whole, and the other days with Own counters,
	// those alone.
	Days []*Day
	// Totals and Sums, when a store keeps running totals, let a
	// whole-pilot report read neither every household's days nor every
	// counter of every day, so a large pilot's report costs what a small
	// one's does. Totals are each day's Daily counters summed over all its
	// rows (every household, and none), one per day and demo flag,
	// Household ""; Sums are every counter summed over the period the
	// store was asked for, by demo flag (Sums[1] for demo). A report for a
	// group of households cannot use them (FromRollups panics).
	Totals []*Day
	Sums   [2]Counts
	// History is each household's use from the start of the log to the end
	// of the period, demo requests left out unless the report includes
	// them. HistoryOf works it out from days.
	History []History
}

// DemoRequests counts the demo requests in the days of p that a report
// leaving demo out does not count, so an empty view after a demonstration
// can say why.
func (ro Rollups) DemoRequests(p Period, loc *time.Location) int {
	first, last := dayNumber(p.Start(), loc), dayNumber(p.End().Add(-time.Nanosecond), loc)
	n := 0
	rows := ro.Days
	if ro.Totals != nil {
		rows = ro.Totals
	}
	for _, d := range rows {
		if d.Demo && d.Day >= first && d.Day <= last {
			n += int(d.Counts[kRequests])
		}
	}
	return n
}

// WithoutPractice leaves out the practice (demo) households and their
// rows, as intents.WithoutPractice does for events.
func (ro Rollups) WithoutPractice(hs []intents.Household) (Rollups, []intents.Household) {
	practice := map[string]bool{}
	var pilot []intents.Household
	for _, h := range hs {
		if h.Demo {
			practice[h.ID] = true
			continue
		}
		pilot = append(pilot, h)
	}
	if len(practice) == 0 {
		return ro, hs
	}
	out := Rollups{}
	var totals map[DayKey]*Day
	if ro.Totals != nil {
		// The practice households' whole rows come out of the totals
		// and sums.
		totals = make(map[DayKey]*Day, len(ro.Totals))
		for _, t := range ro.Totals {
			c := &Day{Day: t.Day, Demo: t.Demo, Counts: maps.Clone(t.Counts)}
			totals[c.Key()] = c
			out.Totals = append(out.Totals, c)
		}
		for i, sum := range ro.Sums {
			if sum != nil {
				out.Sums[i] = maps.Clone(sum)
			}
		}
	}
	for _, d := range ro.Days {
		if !practice[d.Household] {
			out.Days = append(out.Days, d)
			continue
		}
		if t := totals[DayKey{Day: d.Day, Demo: d.Demo}]; t != nil {
			for k, n := range d.Counts {
				if Daily(k) {
					t.Counts.Add(Counts{k: -n})
				}
			}
			t.Counts.Add(SessionHouseholds(d.Household, d.Counts, nil))
			if sum := out.Sums[demoIndex(d.Demo)]; sum != nil {
				for k, n := range d.Counts {
					sum.Add(Counts{k: -n})
				}
			}
		}
	}
	for _, h := range ro.History {
		if !practice[h.Household] {
			out.History = append(out.History, h)
		}
	}
	return out, pilot
}

// demoIndex is the index of Rollups.Sums for a demo flag.
func demoIndex(demo bool) int {
	if demo {
		return 1
	}
	return 0
}

// History is one household's use from the start of the log.
type History struct {
	Household           string
	First, Last         time.Time // first and last request
	Days                int       // distinct days with a request
	Requests            int
	HelpOrNotUnderstood int
	Tasks, OnOwn        int
	// Used holds the days with a request: a report reads which of its
	// days and weeks each household was active in here, not from every
	// household's day rows. It may hold days after the period.
	Used DaySet
}

// DaySet is a set of day numbers (Day.Day), one bit a day from From, a
// multiple of 8: four hundred days in fifty bytes.
type DaySet struct {
	From int
	Bits []byte
}

// Add puts day in the set.
func (s *DaySet) Add(day int) {
	base := day - ((day%8)+8)%8
	switch {
	case len(s.Bits) == 0:
		s.From, s.Bits = base, []byte{0}
	case base < s.From:
		grown := make([]byte, (s.From-base)/8+len(s.Bits))
		copy(grown[(s.From-base)/8:], s.Bits)
		s.From, s.Bits = base, grown
	case base >= s.From+8*len(s.Bits):
		s.Bits = append(s.Bits, make([]byte, (base-s.From)/8+1-len(s.Bits))...)
	}
	i := day - s.From
	s.Bits[i/8] |= 1 << (i % 8)
}

// Has reports whether day is in the set.
func (s DaySet) Has(day int) bool {
	i := day - s.From
	return i >= 0 && i < 8*len(s.Bits) && s.Bits[i/8]&(1<<(i%8)) != 0
}

// HistoryOf sums days into each household's history: every day it holds
// counts, so pass the days up to the end of the period.
func HistoryOf(days []*Day, includeDemo bool) []History {
	type acc struct {
		History
		lastDay int
	}
	byHH := map[string]*acc{}
	sorted := slices.Clone(days)
	slices.SortFunc(sorted, func(a, b *Day) int { return cmp.Compare(a.Day, b.Day) })
	for _, d := range sorted {
		if d.Household == "" || (d.Demo && !includeDemo) {
			continue
		}
		a := byHH[d.Household]
		if a == nil {
			a = &acc{History: History{Household: d.Household}, lastDay: -1 << 31}
			byHH[d.Household] = a
		}
		c := d.Counts
		if c[kRequests] > 0 {
			if a.First.IsZero() || d.First.Before(a.First) {
				a.First = d.First
			}
			if d.Last.After(a.Last) {
				a.Last = d.Last
			}
			if d.Day != a.lastDay {
				a.Days++
				a.lastDay = d.Day
			}
			a.Used.Add(d.Day)
		}
		a.Requests += int(c[kRequests])
		a.HelpOrNotUnderstood += int(c[kHelpNU])
		a.Tasks += int(c[kTasks])
		a.OnOwn += int(c[kOnOwn])
	}
	out := make([]History, 0, len(byHH))
	for _, a := range byHH {
		out = append(out, a.History)
	}
	slices.SortFunc(out, func(a, b History) int { return cmp.Compare(a.Household, b.Household) })
	return out
}

func (o Options) config() intents.Config {
	if o.Config.Location == nil && len(o.Config.ColdMonths) == 0 {
		return intents.DefaultConfig()
	}
	return o.Config
}

// location is where o reckons days.
func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	if l := o.config().Location; l != nil {
		return l
	}
	return time.UTC
}

// FromRollups works out every measure from rollups for households, as o
// says. The rollups' days must be reckoned in o's location.
func FromRollups(ro Rollups, households []intents.Household, o Options) Report {
	c := newCalc(ro, households, o)
	c.history(ro.History)
	c.period()
	return c.report()
}

// calc is one computation: the options resolved, the days kept, and the
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

	firstDay, lastDay int
	days              []*Day // the period's days, kept by the options, by day
	totals            []*Day // their sums over households, per day and demo, by day: at least their Daily counters
	sum               Counts // every counter over the period, when the store gave Sums

	households map[string]*hhAcc
	r          Report
}

func newCalc(ro Rollups, households []intents.Household, o Options) *calc {
	c := &calc{cfg: o.config(), loc: o.location(), costs: o.Costs, hhByID: map[string]*intents.Household{}, households: map[string]*hhAcc{}}
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
	keep := func(d *Day) bool {
		return (!d.Demo || o.IncludeDemo) && (c.group == nil || c.group[d.Household])
	}

	p := o.Period
	if p.IsZero() {
		first, last := 1<<31-1, -1<<31
		rows := ro.Days
		if ro.Totals != nil {
			rows = ro.Totals
		}
		for _, d := range rows {
			if keep(d) && d.Counts[kEvents] > 0 {
				first, last = min(first, d.Day), max(last, d.Day)
			}
		}
		if first <= last {
			p = Period{From: dayTime(first, c.loc), To: dayTime(last, c.loc)}
		}
	}
	c.periodOK = !p.IsZero() && !p.To.Before(p.From)
	if c.periodOK {
		c.start, c.end = p.Start(), p.End()
		c.firstDay, c.lastDay = dayNumber(c.start, c.loc), dayNumber(c.end.Add(-time.Nanosecond), c.loc)
		c.r.Period = PeriodInfo{From: p.From.Format(time.DateOnly), To: p.To.Format(time.DateOnly),
			Days: p.NumDays(), TimeZone: c.loc.String()}
		for _, d := range ro.Days {
			if keep(d) && d.Day >= c.firstDay && d.Day <= c.lastDay {
				c.days = append(c.days, d)
			}
		}
		slices.SortFunc(c.days, func(a, b *Day) int {
			return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Household, b.Household), boolCmp(a.Demo, b.Demo))
		})
		c.totals = c.sums(ro.Totals, o.IncludeDemo)
		if ro.Totals != nil {
			c.sum = Counts{}
			c.sum.Add(ro.Sums[0])
			if o.IncludeDemo {
				c.sum.Add(ro.Sums[1])
			}
		}
	}
	c.asOf = c.end
	if !o.Now.IsZero() && o.Now.Before(c.end) {
		c.asOf = o.Now
	}
	c.r.Households = slices.Clone(o.Households)
	c.r.IncludeDemo = o.IncludeDemo
	c.r.AsOf = c.asOf
	return c
}

// sums are the period's totals per day and demo: the store's, or else the
// kept days added up. Either way one computation follows, so the two
// cannot count differently.
func (c *calc) sums(totals []*Day, includeDemo bool) []*Day {
	var out []*Day
	if totals != nil {
		if c.group != nil {
			panic("evaluation: a group's report needs its households' whole day rows, not Totals")
		}
		for _, t := range totals {
			if (!t.Demo || includeDemo) && t.Day >= c.firstDay && t.Day <= c.lastDay {
				out = append(out, t)
			}
		}
	} else {
		byKey := map[DayKey]*Day{}
		for _, d := range c.days {
			k := DayKey{Day: d.Day, Demo: d.Demo}
			t := byKey[k]
			if t == nil {
				t = &Day{Day: d.Day, Demo: d.Demo, Counts: make(Counts, len(d.Counts))}
				byKey[k] = t
				out = append(out, t)
			}
			t.Counts.Add(d.Counts)
		}
	}
	slices.SortFunc(out, func(a, b *Day) int { return cmp.Or(cmp.Compare(a.Day, b.Day), boolCmp(a.Demo, b.Demo)) })
	return out
}

// dayTime is midnight at the start of day n in loc.
func dayTime(n int, loc *time.Location) time.Time {
	u := time.Unix(int64(n)*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
}

// isRequest reports the events that are a tenant speaking: not a session
// ending, and not a skill event (a choice made in the Alexa app).
func isRequest(e *intents.UsageEvent) bool {
	return e.RequestType != intents.SessionEndedRequest && !intents.IsSkillEvent(e.RequestType)
}

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
	days                int
	used                DaySet
	weeks               []int // Mondays (day numbers) of the period's weeks with use, ascending
	requests            int
	helpOrNotUnderstood int
	tasks, onOwn        int
	activeInPeriod      bool
}

// history takes each household's use up to the end of the period, for the
// measures that look back: retention and readiness.
func (c *calc) history(hs []History) {
	for _, h := range hs {
		if c.group != nil && !c.group[h.Household] {
			continue
		}
		c.households[h.Household] = &hhAcc{id: h.Household, first: h.First, last: h.Last, days: h.Days, used: h.Used,
			requests: h.Requests, helpOrNotUnderstood: h.HelpOrNotUnderstood, tasks: h.Tasks, onOwn: h.OnOwn}
	}
}

// householdPriorities are the problems intents.PriorityNeedsHousehold
// names.
var householdPriorities = slices.DeleteFunc(slices.Clone(intents.ProblemIDs()), func(p string) bool {
	return !intents.PriorityNeedsHousehold(p)
})

// period sums the period's days.
func (c *calc) period() {
	r := &c.r
	sum := Counts{}
	firstMonday := 0
	weeks := []WeekUse{}
	if c.periodOK {
		firstMonday = mondayOf(c.firstDay)
		for m := firstMonday; m <= c.lastDay; m += 7 {
			in := min(m+6, c.lastDay) - max(m, c.firstDay) + 1
			weeks = append(weeks, WeekUse{WeekOf: dayDate(m), DaysInPeriod: in})
		}
	}
	weekIndex := func(day int) int {
		i := (mondayOf(day) - firstMonday) / 7
		return max(0, min(i, len(weeks)-1))
	}
	for _, d := range c.totals {
		cs := d.Counts
		if c.sum == nil {
			sum.Add(cs)
		}
		if len(weeks) > 0 {
			w := weekIndex(d.Day)
			weeks[w].Requests += int(cs[kRequests])
			weeks[w].Sessions += int(cs[kSessions])
		}
		r.TakeUp.SessionsByWeekday[weekdayIndex(d.Day)] += int(cs[kSessions])
		// The problems whose priority depends on the day (and household)
		// day by day; the rest from the period's sum, below.
		for _, p := range householdPriorities {
			if n := cs[kReported+p]; n != 0 {
				c.countPriority(&r.Outcomes.RepairsByPriority, p, d.Day, nil, int(n))
			}
		}
	}
	if c.sum != nil {
		sum = c.sum
	}
	for k, n := range sum {
		if p, ok := strings.CutPrefix(k, kReported); ok && !intents.PriorityNeedsHousehold(p) {
			c.countPriority(&r.Outcomes.RepairsByPriority, p, c.firstDay, nil, int(n))
		}
	}
	// Which days and weeks each household used, from its history.
	householdWeeks := 0
	if c.periodOK {
		// One array holds every household's weeks.
		all := make([]int, len(c.households)*len(weeks))
		for _, h := range c.households {
			h.weeks, all = all[:0:len(weeks)], all[len(weeks):]
			for day := c.firstDay; day <= c.lastDay; day++ {
				if !h.used.Has(day) {
					continue
				}
				h.activeInPeriod = true
				if m := mondayOf(day); len(h.weeks) == 0 || h.weeks[len(h.weeks)-1] != m {
					h.weeks = append(h.weeks, m)
					weeks[weekIndex(day)].ActiveHouseholds++
					householdWeeks++
				}
			}
		}
	}
	// Then what needs the household from its days (Own).
	noHHSessions := 0
	for _, d := range c.days {
		cs := d.Counts
		if d.Household == "" {
			r.TakeUp.RequestsWithoutHousehold += int(cs[kRequests])
			noHHSessions += int(cs[kSessions])
		} else {
			// The sums counted these with no household; this one's may
			// differ.
			for k, n := range cs {
				if p, ok := strings.CutPrefix(k, kReported); ok && intents.PriorityNeedsHousehold(p) {
					c.countPriority(&r.Outcomes.RepairsByPriority, p, d.Day, nil, -int(n))
					c.countPriority(&r.Outcomes.RepairsByPriority, p, d.Day, c.hhByID[d.Household], int(n))
				}
			}
		}
	}
	n := func(k string) int { return int(sum[k]) }
	hhSessions := n(kSessions) - noHHSessions

	t := &r.TakeUp
	t.Events = n(kEvents)
	t.Requests = n(kRequests)
	t.Sessions = n(kSessions)
	t.TrialClosed = n(kTrial)
	t.Forgotten = n(kForgotten)
	for h := range t.SessionsByHour {
		t.SessionsByHour[h] = n(kHour + strconv.Itoa(h))
	}
	t.Weeks = weeks
	t.SessionsPerActiveHouseholdWeek = ratio(hhSessions, householdWeeks)

	// Use.
	flowReq, flowSess := byPrefix(sum, kFlowReq), byPrefix(sum, kFlowSess)
	for _, f := range intents.Flows {
		r.Use.Flows = append(r.Use.Flows, Usage{Name: string(f), Requests: flowReq[string(f)], Sessions: flowSess[string(f)]})
		delete(flowReq, string(f))
	}
	// A flow this package does not know yet still shows, after the rest.
	for _, f := range slices.Sorted(maps.Keys(flowReq)) {
		r.Use.Flows = append(r.Use.Flows, Usage{Name: f, Requests: flowReq[f], Sessions: flowSess[f]})
	}
	r.Use.Other = counts(byPrefix(sum, kOther))
	intentSess := byPrefix(sum, kIntentSess)
	r.Use.Intents = []Usage{}
	for ik, q := range byPrefix(sum, kIntentReq) {
		r.Use.Intents = append(r.Use.Intents, Usage{Name: ik, Requests: q, Sessions: intentSess[ik]})
	}
	slices.SortFunc(r.Use.Intents, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Name, b.Name))
	})

	// Completion.
	r.Completion.Repair = completion(sum, "repair")
	r.Completion.Guides = completion(sum, "guide")
	r.Completion.Booking = completion(sum, "booking")
	r.Completion.Linking = completion(sum, "linking")

	// Outcomes.
	o := &r.Outcomes
	o.RepairsSavedBySafetyScript = n(kSaved)
	o.RepairsReported = o.RepairsByPriority.Emergency + o.RepairsByPriority.Urgent + o.RepairsByPriority.Routine + o.RepairsSavedBySafetyScript
	o.RepairsByPriority.Emergency += o.RepairsSavedBySafetyScript
	o.RepairsAfterGuide = n(kAfterGuide)
	o.GuidesNotFixedReported = n(kNFReported)
	emergencies := byPrefix(sum, kEmergency)
	for _, q := range emergencies {
		o.EmergenciesAdvised += q
	}
	o.EmergenciesByProblem = counts(emergencies)
	o.GuidesFixed = n(kFixed)
	o.GuidesNotFixed = n(kNotFixed)
	o.RepairVisitsAvoided = o.GuidesFixed
	o.VisitsBooked = n(kBooked)
	o.VisitsCancelled = n(kCancelled)
	fixed, notFixed := byPrefix(sum, kGuideFixed), byPrefix(sum, kGuideNotFix)
	o.ByGuide = []GuideResult{}
	for topic, started := range byPrefix(sum, kGuideStart) {
		o.ByGuide = append(o.ByGuide, GuideResult{Guide: topic, Started: started, Fixed: fixed[topic], NotFixed: notFixed[topic]})
	}
	slices.SortFunc(o.ByGuide, func(a, b GuideResult) int {
		return cmp.Or(cmp.Compare(b.Started, a.Started), cmp.Compare(a.Guide, b.Guide))
	})

	// Understanding.
	u := &r.Understanding
	u.NotUnderstood = ratio(n(kNU), t.Requests)
	u.Help = ratio(n(kHelp), t.Requests)
	u.Errors = ratio(n(kError), t.Requests)
	u.EndedByError = ratio(n(kEndedError), t.Sessions)
	u.EndedByReprompts = ratio(n(kEndedRepr), t.Sessions)
	u.NotUnderstoodByFlow = counts(byPrefix(sum, kNUFlow))

	// Satisfaction.
	sat := &r.Satisfaction
	sat.Asked = n(kAsked)
	sat.Given = n(kGiven)
	sat.Unreadable = n(kRating + "?")
	for i := range sat.Ratings {
		sat.Ratings[i] = n(kRating + strconv.Itoa(i+1))
	}
	sat.Declined = max(0, sat.Asked-sat.Given)
	sat.ResponseRate = ratio(sat.Given, sat.Asked)
	rated, total := 0, 0
	for i, q := range sat.Ratings {
		rated += q
		total += (i + 1) * q
	}
	if rated > 0 {
		sat.Mean = float64(total) / float64(rated)
	}
	sat.Satisfied = ratio(sat.Ratings[3]+sat.Ratings[4], rated)

	// Cost.
	tasks := o.RepairsReported - o.RepairsSavedBySafetyScript + o.GuidesFixed + o.GuidesNotFixed + o.VisitsBooked
	calls := o.RepairsReported - o.RepairsSavedBySafetyScript + o.GuidesFixed + o.VisitsBooked
	r.Cost = costOf(c.costs, t.Events, float64(sum[kLatencyUS])/1000, tasks, calls, o.RepairVisitsAvoided)
}

// byPrefix gathers the counters named prefix+name, by name.
func byPrefix(c Counts, prefix string) map[string]int {
	out := map[string]int{}
	for k, n := range c {
		if name, ok := strings.CutPrefix(k, prefix); ok && n != 0 {
			out[name] += int(n)
		}
	}
	return out
}

// completion reads one task's completion from its counters.
func completion(c Counts, task string) FlowCompletion {
	p := kTask + task + ":"
	fc := FlowCompletion{Rate: ratio(int(c[p+"finished"]), int(c[p+"started"])), DropOff: []DropOff{}}
	for k, n := range byPrefix(c, p+"stopped:") {
		step, outcome, _ := strings.Cut(k, "\x1f")
		fc.DropOff = append(fc.DropOff, DropOff{Step: step, Outcome: outcome, Count: n})
	}
	slices.SortFunc(fc.DropOff, func(a, b DropOff) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Outcome, b.Outcome))
	})
	return fc
}

// countPriority adds n repairs of problem reported on day d under their
// priority. The event has no priority field, so it is worked out again
// from the problem, the household and the day, by the conversation's own
// rule (which depends on the time only through the month).
func (c *calc) countPriority(p *Priorities, problem string, day int, hh *intents.Household, n int) {
	var h intents.Household
	if hh != nil {
		h = *hh
	}
	at := dayTime(day, c.loc).Add(12 * time.Hour)
	switch intents.PriorityOf(problem, h, at, c.cfg) {
	case intents.Emergency:
		p.Emergency += n
	case intents.Urgent:
		p.Urgent += n
	default:
		p.Routine += n
	}
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

// RollupReader is a store's rollups (every store keeps them).
type RollupReader interface {
	UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (Rollups, error)
}

// TotalsReader is a store that keeps running totals too (the SQLite
// store): Rollups.Totals and Sums, for the whole pilot.
type TotalsReader interface {
	UsageTotals(ctx context.Context, from, to time.Time, includeDemo bool) (Rollups, error)
}

// GroupReader is a store that reads a group's days alone (the SQLite
// store).
type GroupReader interface {
	UsageRollupsOf(ctx context.Context, since, from, to time.Time, includeDemo bool, households []string) (Rollups, error)
}

// ReadRollups reads what a report of p needs from st: its running totals
// when it keeps them and the report is of the whole pilot (group empty),
// else the group's days (or every household's). since is where the test
// began.
func ReadRollups(ctx context.Context, st RollupReader, since time.Time, p Period, includeDemo bool, group []string) (Rollups, error) {
	if ts, ok := st.(TotalsReader); ok && len(group) == 0 {
		return ts.UsageTotals(ctx, p.Start(), p.End(), includeDemo)
	}
	if gr, ok := st.(GroupReader); ok && len(group) > 0 {
		return gr.UsageRollupsOf(ctx, since, p.Start(), p.End(), includeDemo, group)
	}
	return st.UsageRollups(ctx, since, p.Start(), p.End(), includeDemo)
}
