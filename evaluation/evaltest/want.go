package evaltest

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// Want is the report evaluation.Compute must give for o over the generated
// log, worked out from the tally by the definitions in docs/evaluation.md.
// Readiness reasons are left empty (compare bands and evidence; reasons are
// words).
func (g *Generated) Want(o evaluation.Options) evaluation.Report {
	g.tb.Helper()
	w := &wantCalc{g: g, t: g.Tally, o: o, loc: g.Config.Location}
	return w.report()
}

type wantCalc struct {
	g   *Generated
	t   *Tally
	o   evaluation.Options
	loc *time.Location

	first, last time.Time // the period's first and last day, midnight
	start, end  time.Time
	asOf        time.Time
	group       map[string]bool
}

// date is the local calendar day of t, as midnight UTC so days can be
// compared and counted without clock changes getting in the way.
func (w *wantCalc) date(t time.Time) time.Time {
	l := t.In(w.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

func monday(d time.Time) time.Time { return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) }

// kept: not filtered out by demo or group, and before the period's end.
func (w *wantCalc) kept(r *Request) bool {
	return (w.o.IncludeDemo || !r.Demo) && (w.group == nil || w.group[r.Household]) && r.Time.Before(w.end)
}

func (w *wantCalc) inPeriod(r *Request) bool { return w.kept(r) && !r.Time.Before(w.start) }

func (w *wantCalc) report() evaluation.Report {
	g, t, o := w.g, w.t, w.o
	if len(o.Households) > 0 {
		w.group = map[string]bool{}
		for _, id := range o.Households {
			w.group[id] = true
		}
	}
	if o.Period.IsZero() {
		var times []time.Time
		for _, r := range t.Requests {
			if (o.IncludeDemo || !r.Demo) && (w.group == nil || w.group[r.Household]) {
				times = append(times, r.Time)
			}
		}
		if len(times) == 0 {
			g.tb.Fatal("evaltest: Want with no period and no requests")
		}
		f, l := times[0].In(w.loc), times[len(times)-1].In(w.loc)
		w.first = time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, w.loc)
		w.last = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, w.loc)
	} else {
		w.first, w.last = o.Period.From, o.Period.To
	}
	w.start = w.first
	w.end = time.Date(w.last.Year(), w.last.Month(), w.last.Day()+1, 0, 0, 0, 0, w.loc)
	w.asOf = w.end
	if !o.Now.IsZero() && o.Now.Before(w.end) {
		w.asOf = o.Now
	}

	var r evaluation.Report
	r.Period = evaluation.PeriodInfo{From: w.first.Format(time.DateOnly), To: w.last.Format(time.DateOnly),
		Days: int(w.date(w.last).Sub(w.date(w.first)).Hours()/24) + 1, TimeZone: w.loc.String()}

	r.Households = slices.Clone(o.Households)
	r.IncludeDemo = o.IncludeDemo
	r.AsOf = w.asOf

	// The period's requests (session ends included), and its sessions: a
	// session belongs to the day it began and to the first household it
	// names, with every request it made; requests whose ids were erased
	// belong to no session.
	var reqs []*Request
	var sessions []*wantSession
	byID := map[string]*wantSession{}
	var all []*wantSession
	for _, rq := range t.Requests {
		if w.inPeriod(rq) {
			reqs = append(reqs, rq)
		}
		if rq.Session == "" {
			continue
		}
		s := byID[rq.Session]
		if s == nil {
			s = &wantSession{}
			byID[rq.Session] = s
			all = append(all, s)
		}
		s.reqs = append(s.reqs, rq)
		if s.household == "" {
			s.household = rq.Household
		}
	}
	for _, s := range all {
		first := s.reqs[0]
		if (o.IncludeDemo || !first.Demo) && (w.group == nil || w.group[s.household]) &&
			!first.Time.Before(w.start) && first.Time.Before(w.end) {
			sessions = append(sessions, s)
		}
	}
	inPeriod := func(tm time.Time, hh string, demo bool) bool {
		return (o.IncludeDemo || !demo) && (w.group == nil || w.group[hh]) && !tm.Before(w.start) && tm.Before(w.end)
	}

	w.takeUp(&r, reqs, sessions)
	w.use(&r, reqs, sessions)

	// Completion: each session's tasks as the script declared them; a
	// session with safety advice is left out of repairs.
	var rep, book, link, gd []Track
	oc := &r.Outcomes
	for _, s := range all {
		notFixed := false
		for _, rq := range s.reqs {
			if rq.Outcome == intents.OutcomeGuideNotFixed {
				notFixed = true
			}
			if rq.notFixedReported && notFixed && w.inPeriod(rq) {
				oc.GuidesNotFixedReported++
			}
		}
	}
	for _, s := range sessions {
		emergency := false
		for _, rq := range s.reqs {
			emergency = emergency || rq.Outcome == intents.OutcomeEmergencyAdvised
		}
		if !emergency {
			rep = append(rep, trackOf(s.reqs, repair, false))
		}
		book = append(book, trackOf(s.reqs, booking, false))
		link = append(link, trackOf(s.reqs, linking, false))
	}
	// A guide attempt belongs to the day it began, with every request it
	// made, and to the first household those name; a forgotten speaker's
	// requests belong to no attempt.
	var attempts []*Attempt
	for _, a := range t.Attempts {
		if len(a.Requests) == 0 || a.Requests[0].Session == "" {
			continue
		}
		first, hh := a.Requests[0], ""
		for _, rq := range a.Requests {
			if hh = rq.Household; hh != "" {
				break
			}
		}
		if !(o.IncludeDemo || !first.Demo) || (w.group != nil && !w.group[hh]) || first.Time.Before(w.start) || !first.Time.Before(w.end) {
			continue
		}
		tr := trackOf(a.Requests, guide, true)
		gd = append(gd, tr)
		attempts = append(attempts, &Attempt{Topic: a.Topic, Track: tr, Fixed: a.Fixed && tr.Finished})
	}
	r.Completion = evaluation.Completion{Repair: completion(rep), Booking: completion(book), Linking: completion(link), Guides: completion(gd)}

	// Outcomes.
	byProblem := map[string]int{}
	for _, rq := range reqs {
		if rq.emergency != "" {
			oc.EmergenciesAdvised++
			byProblem[rq.emergency]++
		}
	}
	oc.EmergenciesByProblem = countList(byProblem)
	tenantRepairs := 0
	for _, rp := range t.Repairs {
		if !inPeriod(rp.Time, rp.Household, rp.Demo) {
			continue
		}
		oc.RepairsReported++
		switch rp.Priority {
		case intents.Emergency:
			oc.RepairsByPriority.Emergency++
		case intents.Urgent:
			oc.RepairsByPriority.Urgent++
		default:
			oc.RepairsByPriority.Routine++
		}
		if rp.BySafetyScript {
			oc.RepairsSavedBySafetyScript++
		} else {
			tenantRepairs++
		}
		if rp.AfterGuide {
			oc.RepairsAfterGuide++
		}
	}
	byGuide := map[string]*evaluation.GuideResult{}
	for _, a := range attempts {
		gr := byGuide[a.Topic]
		if gr == nil {
			gr = &evaluation.GuideResult{Guide: a.Topic}
			byGuide[a.Topic] = gr
		}
		gr.Started++
		switch {
		case a.Finished && a.Fixed:
			gr.Fixed++
		case a.Finished:
			gr.NotFixed++
		}
	}
	// Guides finished are counted by the request that finished them, so a
	// forgotten household's still count.
	for _, rq := range reqs {
		switch rq.Outcome {
		case intents.OutcomeGuideFixed:
			oc.GuidesFixed++
		case intents.OutcomeGuideNotFixed:
			oc.GuidesNotFixed++
		}
	}
	oc.ByGuide = []evaluation.GuideResult{}
	for _, gr := range byGuide {
		oc.ByGuide = append(oc.ByGuide, *gr)
	}
	slices.SortFunc(oc.ByGuide, func(a, b evaluation.GuideResult) int {
		return cmp.Or(cmp.Compare(b.Started, a.Started), cmp.Compare(a.Guide, b.Guide))
	})
	oc.RepairVisitsAvoided = oc.GuidesFixed
	for _, tk := range t.Tasks {
		if tk.Kind == "booking" && inPeriod(tk.Time, tk.Household, tk.Demo) {
			oc.VisitsBooked++
		}
	}

	// Understanding and satisfaction, from each request's declared outcome.
	u := &r.Understanding
	nuByFlow := map[string]int{}
	var nu, help, errs int
	for _, rq := range reqs {
		switch rq.Outcome {
		case intents.OutcomeNotUnderstood:
			nu++
			nuByFlow[string(rq.Flow)]++
		case intents.OutcomeHelp:
			help++
		case intents.OutcomeError:
			errs++
		}
	}
	endedBy := map[string]int{}
	for _, s := range sessions {
		for _, rq := range s.reqs {
			if !rq.IsRequest() {
				endedBy[rq.EndReason]++
			}
		}
	}
	u.NotUnderstood = rat(nu, r.TakeUp.Requests)
	u.NotUnderstoodByFlow = countList(nuByFlow)
	u.Help = rat(help, r.TakeUp.Requests)
	u.Errors = rat(errs, r.TakeUp.Requests)
	u.EndedByError = rat(endedBy["ERROR"], len(sessions))
	u.EndedByReprompts = rat(endedBy["EXCEEDED_MAX_REPROMPTS"], len(sessions))
	sat := &r.Satisfaction
	sum := 0
	for _, fb := range t.Feedback {
		if !inPeriod(fb.Time, fb.Household, fb.Demo) {
			continue
		}
		sat.Asked++
		if fb.Rating > 0 {
			sat.Given++
			sat.Ratings[fb.Rating-1]++
			sum += fb.Rating
		}
	}
	sat.Declined = sat.Asked - sat.Given
	sat.ResponseRate = rat(sat.Given, sat.Asked)
	if sat.Given > 0 {
		sat.Mean = float64(sum) / float64(sat.Given)
	}
	sat.Satisfied = rat(sat.Ratings[3]+sat.Ratings[4], sat.Given)

	w.history(&r)

	// Cost.
	m := o.Costs
	if m == (evaluation.CostModel{}) {
		m = evaluation.DefaultCosts()
	}
	c := evaluation.Cost{Assumptions: m, Requests: r.TakeUp.Events, PhonePerTaskGBP: m.PhoneCostPerTaskGBP}
	c.DurationMS, c.DurationMeasured = m.LambdaDurationMS, false
	if c.DurationMS <= 0 {
		// The generator's clock stands still while a request is
		// answered, so every latency is 0 ms.
		c.DurationMS, c.DurationMeasured = m.LambdaOverheadMS, true
	}
	usd := m.LambdaRequestUSDPerMillion/1e6 +
		m.LambdaMemoryMB/1024*c.DurationMS/1000*m.LambdaGBSecondUSD +
		m.DynamoWritesPerRequest*m.DynamoWriteUSDPerMillion/1e6 +
		m.DynamoReadsPerRequest*m.DynamoReadUSDPerMillion/1e6 +
		m.LogBytesPerRequest/(1<<30)*m.LogsUSDPerGB
	c.PerRequestGBP = usd * m.USDToGBP
	c.TotalGBP = c.PerRequestGBP * float64(c.Requests)
	c.CompletedTasks = tenantRepairs + oc.GuidesFixed + oc.GuidesNotFixed + oc.VisitsBooked
	if c.CompletedTasks > 0 {
		c.PerTaskGBP = c.TotalGBP / float64(c.CompletedTasks)
	}
	c.PhoneCalls = tenantRepairs + oc.GuidesFixed + oc.VisitsBooked
	c.PhoneTotalGBP = float64(c.PhoneCalls) * m.PhoneCostPerTaskGBP
	c.EstimatedSavingGBP = c.PhoneTotalGBP - c.TotalGBP
	// Each guide that fixed it is a repair visit avoided, valued at the
	// landlord's cost of one.
	c.RepairVisitsAvoided, c.RepairVisitGBP = oc.GuidesFixed, m.RepairVisitGBP
	c.AvoidedVisitsGBP = float64(oc.GuidesFixed) * m.RepairVisitGBP
	r.Cost = c
	return r
}

// wantSession is a session's requests in the period.
type wantSession struct {
	reqs      []*Request
	household string // the first its requests carry
}

// trackOf follows task t through requests as the script declared them;
// started says the task is under way from the first request.
func trackOf(reqs []*Request, t task, started bool) Track {
	tr := Track{Started: started}
	for _, rq := range reqs {
		if slices.Contains(rq.starts, t) {
			tr.Started = true
		}
		if !tr.Started || !rq.belongs(t) {
			continue
		}
		if rq.Step != "" {
			tr.Step = rq.Step
		}
		tr.Outcome = string(rq.Outcome)
		if slices.Contains(rq.ends, t) {
			tr.Finished = true
		}
	}
	return tr
}

func (w *wantCalc) takeUp(r *evaluation.Report, reqs []*Request, sessions []*wantSession) {
	tu := &r.TakeUp
	tu.Events = len(reqs)
	active := map[string]bool{}
	for _, rq := range reqs {
		if !rq.IsRequest() {
			continue
		}
		tu.Requests++
		if rq.Household == "" {
			tu.RequestsWithoutHousehold++
		} else {
			active[rq.Household] = true
		}
		switch rq.Outcome {
		case intents.OutcomeTrialClosed:
			tu.TrialClosed++
		case intents.OutcomeForgotten:
			tu.Forgotten++
		}
	}
	tu.ActiveHouseholds = len(active)
	tu.Sessions = len(sessions)
	for id, h := range w.t.Households {
		if w.group != nil && !w.group[id] || !h.EnrolledAt.Before(w.end) {
			continue
		}
		tu.EnrolledHouseholds++
		if !h.LinkedAt.IsZero() && h.LinkedAt.Before(w.end) {
			tu.LinkedHouseholds++
		}
		if active[id] {
			tu.ActiveShare.Numerator++
		}
	}
	tu.ActiveShare = rat(tu.ActiveShare.Numerator, tu.EnrolledHouseholds)

	// Weeks: Monday to Sunday, every week the period touches.
	firstDay, lastDay := w.date(w.first), w.date(w.last)
	index := map[time.Time]int{}
	for m := monday(firstDay); !m.After(lastDay); m = m.AddDate(0, 0, 7) {
		days := 0
		for d := m; d.Before(m.AddDate(0, 0, 7)); d = d.AddDate(0, 0, 1) {
			if !d.Before(firstDay) && !d.After(lastDay) {
				days++
			}
		}
		index[m] = len(tu.Weeks)
		tu.Weeks = append(tu.Weeks, evaluation.WeekUse{WeekOf: m.Format(time.DateOnly), DaysInPeriod: days})
	}
	weekActive := map[string]bool{}
	for _, rq := range reqs {
		if !rq.IsRequest() {
			continue
		}
		i := index[monday(w.date(rq.Time))]
		tu.Weeks[i].Requests++
		if rq.Household != "" && !weekActive[fmt.Sprint(i, rq.Household)] {
			weekActive[fmt.Sprint(i, rq.Household)] = true
			tu.Weeks[i].ActiveHouseholds++
		}
	}
	hhSessions := 0
	for _, s := range sessions {
		begun := s.reqs[0].Time
		tu.Weeks[index[monday(w.date(begun))]].Sessions++
		tu.SessionsByHour[begun.In(w.loc).Hour()]++
		tu.SessionsByWeekday[(int(begun.In(w.loc).Weekday())+6)%7]++
		if s.household != "" {
			hhSessions++
		}
	}
	tu.SessionsPerActiveHouseholdWeek = rat(hhSessions, len(weekActive))
}

func (w *wantCalc) use(r *evaluation.Report, reqs []*Request, sessions []*wantSession) {
	flowReq, flowSess := map[intents.Flow]int{}, map[intents.Flow]int{}
	intentReq, intentSess := map[string]int{}, map[string]int{}
	other := map[string]int{}
	for _, rq := range reqs {
		if rq.IsRequest() {
			flowReq[rq.Flow]++
			intentReq[rq.Intent]++
			if rq.Flow == intents.FlowOther {
				other[string(rq.Outcome)]++
			}
		}
	}
	r.Use.Other = countList(other)
	for _, s := range sessions {
		flows, ints := map[intents.Flow]bool{}, map[string]bool{}
		for _, rq := range s.reqs {
			if rq.IsRequest() {
				flows[rq.Flow], ints[rq.Intent] = true, true
			}
		}
		for f := range flows {
			flowSess[f]++
		}
		for i := range ints {
			intentSess[i]++
		}
	}
	for _, f := range intents.Flows {
		r.Use.Flows = append(r.Use.Flows, evaluation.Usage{Name: string(f), Requests: flowReq[f], Sessions: flowSess[f]})
	}
	r.Use.Intents = []evaluation.Usage{}
	for i, n := range intentReq {
		r.Use.Intents = append(r.Use.Intents, evaluation.Usage{Name: i, Requests: n, Sessions: intentSess[i]})
	}
	slices.SortFunc(r.Use.Intents, func(a, b evaluation.Usage) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Name, b.Name))
	})
}

// history works out retention and readiness from everything kept up to
// the end of the period.
func (w *wantCalc) history(r *evaluation.Report) {
	type hh struct {
		first, last time.Time
		days, weeks map[time.Time]bool
		requests    int
		helpNU      int
		tasks, own  int
	}
	hs := map[string]*hh{}
	for _, rq := range w.t.Requests {
		if !w.kept(rq) || rq.Household == "" || !rq.IsRequest() {
			continue
		}
		h := hs[rq.Household]
		if h == nil {
			h = &hh{first: rq.Time, days: map[time.Time]bool{}, weeks: map[time.Time]bool{}}
			hs[rq.Household] = h
		}
		h.last = rq.Time
		h.days[w.date(rq.Time)] = true
		h.weeks[monday(w.date(rq.Time))] = true
		h.requests++
		if rq.Outcome == intents.OutcomeHelp || rq.Outcome == intents.OutcomeNotUnderstood {
			h.helpNU++
		}
	}
	for _, tk := range w.t.Tasks {
		if tk.Household == "" || !(w.o.IncludeDemo || !tk.Demo) || (w.group != nil && !w.group[tk.Household]) || !tk.Time.Before(w.end) {
			continue
		}
		hs[tk.Household].tasks++
		if tk.OnOwn {
			hs[tk.Household].own++
		}
	}

	// Cohorts.
	re := &r.Retention
	re.StoppedAfterDays = evaluation.StoppedAfter
	lastMonday := monday(w.date(w.last))
	cohorts := map[time.Time]*evaluation.Cohort{}
	for _, h := range hs {
		if h.first.Before(w.start) {
			continue
		}
		m := monday(w.date(h.first))
		c := cohorts[m]
		if c == nil {
			n := int(lastMonday.Sub(m).Hours()/24)/7 + 1
			c = &evaluation.Cohort{WeekOf: m.Format(time.DateOnly), ActiveByWeek: make([]int, n)}
			cohorts[m] = c
		}
		c.Households++
		for k := range c.ActiveByWeek {
			if h.weeks[m.AddDate(0, 0, 7*k)] {
				c.ActiveByWeek[k]++
			}
		}
	}
	re.Cohorts = []evaluation.Cohort{}
	for _, c := range cohorts {
		re.Cohorts = append(re.Cohorts, *c)
	}
	slices.SortFunc(re.Cohorts, func(a, b evaluation.Cohort) int { return cmp.Compare(a.WeekOf, b.WeekOf) })

	// Stopped.
	quiet := w.asOf.In(w.loc).AddDate(0, 0, -evaluation.StoppedAfter)
	could := 0
	stopped := map[string]bool{}
	re.StoppedHouseholds = []evaluation.StoppedHousehold{}
	for id, h := range hs {
		if !h.first.Before(quiet) {
			continue
		}
		could++
		if h.last.Before(quiet) {
			stopped[id] = true
			re.StoppedHouseholds = append(re.StoppedHouseholds, evaluation.StoppedHousehold{HouseholdID: id, Ref: w.ref(id),
				LastUsed: w.date(h.last).Format(time.DateOnly)})
		}
	}
	re.Stopped = rat(len(stopped), could)
	slices.SortFunc(re.StoppedHouseholds, func(a, b evaluation.StoppedHousehold) int {
		return cmp.Or(cmp.Compare(a.LastUsed, b.LastUsed), cmp.Compare(a.Ref, b.Ref))
	})

	// Readiness, by the rules in docs/evaluation.md.
	r.Readiness = []evaluation.Readiness{}
	for id, f := range w.t.Households {
		if w.group != nil && !w.group[id] || !f.EnrolledAt.Before(w.end) {
			continue
		}
		rd := evaluation.Readiness{HouseholdID: id, Ref: f.Ref, Linked: !f.LinkedAt.IsZero(), Stopped: stopped[id]}
		h := hs[id]
		if h == nil {
			rd.Band = evaluation.NotStarted
			r.Readiness = append(r.Readiness, rd)
			continue
		}
		rd.DaysUsed, rd.Requests, rd.TasksCompleted, rd.TasksOnOwn = len(h.days), h.requests, h.tasks, h.own
		rd.HelpOrNotUnderstood = rat(h.helpNU, h.requests)
		rd.FirstUsed, rd.LastUsed = w.date(h.first).Format(time.DateOnly), w.date(h.last).Format(time.DateOnly)
		share := rd.HelpOrNotUnderstood.Value
		switch {
		case h.tasks == 0 || share > 0.40 || (len(h.days) == 1 && rd.Stopped):
			rd.Band = evaluation.NeedsSupport
		case len(h.days) >= 5 && h.own >= 3 && share <= 0.20:
			rd.Band = evaluation.Independent
		default:
			rd.Band = evaluation.GettingThere
		}
		r.Readiness = append(r.Readiness, rd)
	}
	slices.SortFunc(r.Readiness, func(a, b evaluation.Readiness) int {
		return cmp.Or(cmp.Compare(slices.Index(evaluation.Bands, a.Band), slices.Index(evaluation.Bands, b.Band)), cmp.Compare(a.Ref, b.Ref))
	})
}

func (w *wantCalc) ref(id string) string {
	if h := w.t.Households[id]; h != nil {
		return h.Ref
	}
	return ""
}

func completion(ts []Track) evaluation.FlowCompletion {
	var fc evaluation.FlowCompletion
	drops := map[evaluation.DropOff]int{}
	for _, t := range ts {
		if !t.Started {
			continue
		}
		fc.Rate.Denominator++
		if t.Finished {
			fc.Rate.Numerator++
		} else {
			drops[evaluation.DropOff{Step: t.Step, Outcome: t.Outcome}]++
		}
	}
	fc.Rate = rat(fc.Rate.Numerator, fc.Rate.Denominator)
	fc.DropOff = []evaluation.DropOff{}
	for d, n := range drops {
		d.Count = n
		fc.DropOff = append(fc.DropOff, d)
	}
	slices.SortFunc(fc.DropOff, func(a, b evaluation.DropOff) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Outcome, b.Outcome))
	})
	return fc
}

func countList(m map[string]int) []evaluation.Count {
	out := []evaluation.Count{}
	for k, n := range m {
		out = append(out, evaluation.Count{Name: k, Count: n})
	}
	slices.SortFunc(out, func(a, b evaluation.Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	return out
}

func rat(num, den int) evaluation.Ratio {
	r := evaluation.Ratio{Numerator: num, Denominator: den}
	if den > 0 {
		r.Value = float64(num) / float64(den)
	}
	return r
}

// Diff lists every figure where got differs from want, by its path in the
// Report ("TakeUp.Weeks[2].Sessions: got 3, want 4"). Floats are equal
// within a relative 1e-9 (sums in another order); a nil and an empty list
// are equal.
func Diff(got, want evaluation.Report) []string {
	var out []string
	diff(&out, "", reflect.ValueOf(got), reflect.ValueOf(want))
	return out
}

var timeType = reflect.TypeFor[time.Time]()

func diff(out *[]string, path string, a, b reflect.Value) {
	if a.Type() == timeType {
		if ta, tb := a.Interface().(time.Time), b.Interface().(time.Time); !ta.Equal(tb) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, ta, tb))
		}
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			diff(out, join(path, a.Type().Field(i).Name), a.Field(i), b.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: got %d items %v, want %d items %v", path, a.Len(), a.Interface(), b.Len(), b.Interface()))
			return
		}
		for i := range a.Len() {
			diff(out, path+"["+strconv.Itoa(i)+"]", a.Index(i), b.Index(i))
		}
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.Abs(x-y) > 1e-9*math.Max(math.Abs(x), math.Abs(y)) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, x, y))
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, a.Interface(), b.Interface()))
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
