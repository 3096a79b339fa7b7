package evaluation

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// stepWords and OutcomeWords say where an unfinished task stopped, for the
// text report; the CSV keeps the names the usage log uses.
var stepWords = map[string]string{
	"problem": "asked what the problem is", "offer_guide": "offered a guide first", "room": "asked which room",
	"confirm": "read back, asked to confirm", "link": "asked for the link code", "code": "asked for the link code",
	"wrong_code": "after a wrong code", "locked": "locked out after wrong codes", "offer": "a visit offered",
	"none_free": "no visit free", "booked": "visit booked", "saved": "repair saved",
}

// OutcomeWords says what happened last, in a clause: "the tenant said
// stop". Every view takes an outcome's words from here; an unknown
// outcome is its name, spaced.
func OutcomeWords(o string) string {
	if w, ok := outcomeWords[intents.Outcome(o)]; ok {
		return w
	}
	return strings.ReplaceAll(o, "_", " ")
}

var outcomeWords = map[intents.Outcome]string{
	intents.OutcomeWelcomed:           "the main menu was read",
	intents.OutcomeRepairPrompted:     "the tenant moved on to something else",
	intents.OutcomeRepairReported:     "the repair was reported",
	intents.OutcomeRepairDeclined:     "the tenant said no",
	intents.OutcomeEmergencyAdvised:   "safety advice was given",
	intents.OutcomeGuideStarted:       "the tenant moved on to something else",
	intents.OutcomeGuideStep:          "the tenant moved on to something else",
	intents.OutcomeGuideResumed:       "the tenant moved on to something else",
	intents.OutcomeGuideFixed:         "it fixed the problem",
	intents.OutcomeGuideNotFixed:      "it did not fix the problem",
	intents.OutcomeGuideLeft:          "the tenant left the guide",
	intents.OutcomeCoachOffered:       "the tenant moved on to something else",
	intents.OutcomeCoachBooked:        "the visit was booked",
	intents.OutcomeCoachDeclined:      "the tenant turned it down",
	intents.OutcomeCoachNoneFree:      "no visit was free",
	intents.OutcomeCoachChecked:       "the visit was read back",
	intents.OutcomeCoachCancelled:     "the visit was cancelled",
	intents.OutcomeStatusRead:         "open repairs were read back",
	intents.OutcomeLinkNeeded:         "no code was given",
	intents.OutcomeLinked:             "the speaker was linked",
	intents.OutcomeLinkFailed:         "the code did not work",
	intents.OutcomeHelp:               "the tenant asked for help",
	intents.OutcomeNotUnderstood:      "Home Helper did not understand",
	intents.OutcomeStopped:            "the tenant said stop",
	intents.OutcomeEnded:              "the conversation ended (no answer, or Alexa closed it)",
	intents.OutcomeError:              "something went wrong",
	intents.OutcomeFeedbackAsked:      "a rating was asked for",
	intents.OutcomeFeedbackGiven:      "a rating was given",
	intents.OutcomeFeedbackDeclined:   "no rating was given",
	intents.OutcomeTrialClosed:        "the trial was closed",
	intents.OutcomeForgetAsked:        "the tenant asked to be forgotten",
	intents.OutcomeForgotten:          "the tenant was forgotten",
	intents.OutcomeSafetyCheck:        "the tenant was asked one safety question",
	intents.OutcomeOutOfScope:         "the tenant asked for something Home Helper does not do",
	intents.OutcomeUnlinked:           "the tenant turned Home Helper off in the Alexa app",
	intents.OutcomePermissionChanged:  "the tenant changed Home Helper's permissions in the Alexa app",
	intents.OutcomeReminderSet:        "a reminder of the visit was set",
	intents.OutcomeReminderDeclined:   "the tenant wanted no reminder",
	intents.OutcomeReminderPermission: "Alexa asked the tenant to allow reminders",
	intents.OutcomeReminderFailed:     "the reminder could not be set (the visit stands)",
}

// whereStopped puts a drop-off in words: "step 3 of the guide, then the
// tenant left the guide".
func whereStopped(d DropOff) string {
	step := stepWords[d.Step]
	switch {
	case step != "":
	case d.Step == "":
		step = "before any step"
	case d.Step[0] >= '0' && d.Step[0] <= '9':
		step = "step " + d.Step + " of the guide"
	default:
		step = d.Step
	}
	return step + ", then " + OutcomeWords(d.Outcome)
}

var weekdays = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// figure is one number of the report, as the CSV has it.
type figure struct {
	section, measure, breakdown, value string
}

// figures lists every figure of the report, in reading order. WriteCSV
// writes them as rows; a test checks every field of the Report reaches it.
func (r Report) figures() []figure {
	var fs []figure
	add := func(section, measure, breakdown, value string) {
		fs = append(fs, figure{section, measure, breakdown, value})
	}
	num := func(section, measure, breakdown string, n int) { add(section, measure, breakdown, strconv.Itoa(n)) }
	flt := func(section, measure, breakdown string, v float64) {
		add(section, measure, breakdown, strconv.FormatFloat(v, 'f', -1, 64))
	}
	// A share is written as a percentage a spreadsheet reads as one
	// ("66.7%", not 0.6666666666666666), and left empty with nothing to
	// divide by; its numerator and denominator follow it exactly.
	rat := func(section, measure, breakdown string, q Ratio) {
		v := ""
		if q.Denominator > 0 {
			v = strconv.FormatFloat(100*q.Value, 'f', 1, 64) + "%"
		}
		add(section, measure, breakdown, v)
		sep := ""
		if breakdown != "" {
			sep = ", "
		}
		num(section, measure, breakdown+sep+"numerator", q.Numerator)
		num(section, measure, breakdown+sep+"denominator", q.Denominator)
	}

	const per = "period"
	add(per, "from", "", r.Period.From)
	add(per, "to (included)", "", r.Period.To)
	num(per, "days", "", r.Period.Days)
	add(per, "time zone", "", r.Period.TimeZone)
	add(per, "households", "", groupWords(r.Households))
	add(per, "demo requests", "", map[bool]string{true: "included", false: "left out"}[r.IncludeDemo])
	add(per, "as of", "", r.AsOf.Format(time.RFC3339))

	const tu = "take-up"
	t := r.TakeUp
	num(tu, csvName("take_up.enrolled_households"), "", t.EnrolledHouseholds)
	num(tu, csvName("take_up.linked_households"), "", t.LinkedHouseholds)
	num(tu, csvName("take_up.active_households"), "", t.ActiveHouseholds)
	rat(tu, csvName("take_up.active_share"), "", t.ActiveShare)
	num(tu, csvName("take_up.sessions"), "", t.Sessions)
	num(tu, csvName("take_up.requests"), "", t.Requests)
	num(tu, "events", "", t.Events)
	num(tu, csvName("take_up.requests_without_household"), "", t.RequestsWithoutHousehold)
	rat(tu, csvName("take_up.sessions_per_active_household_week"), "", t.SessionsPerActiveHouseholdWeek)
	num(tu, csvName("take_up.requests_outside_trial"), "", t.TrialClosed)
	num(tu, csvName("take_up.forgotten"), "", t.Forgotten)
	for _, w := range t.Weeks {
		b := "week of " + w.WeekOf
		num(tu, "days in period", b, w.DaysInPeriod)
		num(tu, csvName("take_up.active_households"), b, w.ActiveHouseholds)
		num(tu, csvName("take_up.sessions"), b, w.Sessions)
		num(tu, csvName("take_up.requests"), b, w.Requests)
	}
	for h, n := range t.SessionsByHour {
		num(tu, csvName("take_up.sessions")+" by hour begun", fmt.Sprintf("%02d:00-%02d:00", h, (h+1)%24), n)
	}
	for d, n := range t.SessionsByWeekday {
		num(tu, csvName("take_up.sessions")+" by day begun", weekdays[d], n)
	}

	const us = "use"
	for _, u := range r.Use.Flows {
		num(us, "requests", "flow "+u.Name, u.Requests)
		num(us, csvName("take_up.sessions"), "flow "+u.Name, u.Sessions)
	}
	for _, o := range r.Use.Other {
		num(us, "requests", "flow other, outcome "+o.Name, o.Count)
	}
	for _, u := range r.Use.Intents {
		num(us, "requests", "intent "+u.Name, u.Requests)
		num(us, csvName("take_up.sessions"), "intent "+u.Name, u.Sessions)
	}

	const co = "completion"
	for _, task := range r.Completion.tasks() {
		rat(co, csvName(task.key), "", task.fc.Rate)
		for _, d := range task.fc.DropOff {
			num(co, task.name+": not finished", "step "+orNone(d.Step)+", outcome "+d.Outcome, d.Count)
		}
	}

	const ou = "outcomes"
	o := r.Outcomes
	num(ou, csvName("outcomes.repairs_reported"), "", o.RepairsReported)
	num(ou, csvName("outcomes.repairs_reported"), "priority emergency", o.RepairsByPriority.Emergency)
	num(ou, csvName("outcomes.repairs_reported"), "priority urgent", o.RepairsByPriority.Urgent)
	num(ou, csvName("outcomes.repairs_reported"), "priority routine", o.RepairsByPriority.Routine)
	num(ou, "repairs saved by the emergency safety script", "", o.RepairsSavedBySafetyScript)
	num(ou, "repairs reported after trying a guide", "", o.RepairsAfterGuide)
	num(ou, csvName("outcomes.emergencies_advised"), "", o.EmergenciesAdvised)
	for _, e := range o.EmergenciesByProblem {
		num(ou, csvName("outcomes.emergencies_advised"), "problem "+e.Name, e.Count)
	}
	num(ou, csvName("outcomes.guides_fixed"), "", o.GuidesFixed)
	num(ou, csvName("outcomes.guides_not_fixed"), "", o.GuidesNotFixed)
	num(ou, "guides that did not fix it, then reported", "", o.GuidesNotFixedReported)
	num(ou, csvName("outcomes.repair_visits_avoided"), "", o.RepairVisitsAvoided)
	num(ou, csvName("outcomes.visits_booked"), "", o.VisitsBooked)
	num(ou, csvName("outcomes.visits_cancelled"), "", o.VisitsCancelled)
	for _, g := range o.ByGuide {
		b := "guide " + g.Guide
		num(ou, "guides started", b, g.Started)
		num(ou, csvName("outcomes.guides_fixed"), b, g.Fixed)
		num(ou, csvName("outcomes.guides_not_fixed"), b, g.NotFixed)
	}

	const un = "understanding"
	u := r.Understanding
	rat(un, csvName("understanding.not_understood"), "", u.NotUnderstood)
	for _, n := range u.NotUnderstoodByFlow {
		num(un, csvName("understanding.not_understood"), "flow "+n.Name, n.Count)
	}
	rat(un, csvName("understanding.help"), "", u.Help)
	rat(un, csvName("understanding.errors"), "", u.Errors)
	rat(un, "sessions ended by an error, of sessions", "", u.EndedByError)
	rat(un, csvName("understanding.sessions_ended_by_too_many_reprompts"), "", u.EndedByReprompts)

	const sa = "satisfaction"
	s := r.Satisfaction
	num(sa, "feedback asked", "", s.Asked)
	num(sa, csvName("satisfaction.given"), "", s.Given)
	num(sa, "feedback declined", "", s.Declined)
	rat(sa, "ratings given, of times asked", "", s.ResponseRate)
	for i, n := range s.Ratings {
		num(sa, "ratings", "rating "+strconv.Itoa(i+1), n)
	}
	add(sa, csvName("satisfaction.mean_rating")+" (1-5)", "", strconv.FormatFloat(s.Mean, 'f', 2, 64))
	rat(sa, csvName("satisfaction.satisfied")+" (4 or 5)", "", s.Satisfied)
	num(sa, "unreadable ratings", "", s.Unreadable)

	const re = "retention"
	for _, c := range r.Retention.Cohorts {
		b := "first used week of " + c.WeekOf
		num(re, "households", b, c.Households)
		for k, n := range c.ActiveByWeek {
			num(re, "households active", fmt.Sprintf("%s, week %d", b, k), n)
		}
	}
	rat(re, fmt.Sprintf("%s (no use in %d days)", csvName("retention.stopped"), r.Retention.StoppedAfterDays), "", r.Retention.Stopped)
	for _, h := range r.Retention.StoppedHouseholds {
		add(re, "stopped: last used", householdWords(h.Ref, h.HouseholdID), h.LastUsed)
	}

	const cs = "cost"
	c := r.Cost
	m := c.Assumptions
	flt(cs, "assumption: US dollars to pounds", "", m.USDToGBP)
	flt(cs, "assumption: Lambda, US dollars per million requests", "", m.LambdaRequestUSDPerMillion)
	flt(cs, "assumption: Lambda, US dollars per GB-second", "", m.LambdaGBSecondUSD)
	flt(cs, "assumption: Lambda memory, MB", "", m.LambdaMemoryMB)
	flt(cs, "assumption: Lambda run time per request, ms (0 = measured)", "", m.LambdaDurationMS)
	flt(cs, "assumption: Lambda overhead added to measured time, ms", "", m.LambdaOverheadMS)
	flt(cs, "assumption: DynamoDB write units per request", "", m.DynamoWritesPerRequest)
	flt(cs, "assumption: DynamoDB read units per request", "", m.DynamoReadsPerRequest)
	flt(cs, "assumption: DynamoDB, US dollars per million write units", "", m.DynamoWriteUSDPerMillion)
	flt(cs, "assumption: DynamoDB, US dollars per million read units", "", m.DynamoReadUSDPerMillion)
	flt(cs, "assumption: log bytes per request", "", m.LogBytesPerRequest)
	flt(cs, "assumption: CloudWatch Logs, US dollars per GB", "", m.LogsUSDPerGB)
	flt(cs, "assumption: cost of the same task by phone, pounds", "", m.PhoneCostPerTaskGBP)
	flt(cs, "assumption: cost of a repair visit, pounds (0 = not set)", "", m.RepairVisitGBP)
	add(cs, "assumptions set by", "", figuresSource(m))
	flt(cs, "Lambda run time charged per request, ms", map[bool]string{true: "measured", false: "assumed"}[c.DurationMeasured], c.DurationMS)
	num(cs, "requests (session ends included)", "", c.Requests)
	flt(cs, "estimated AWS cost per request, pounds", "", c.PerRequestGBP)
	flt(cs, csvName("cost.total_gbp")+", pounds", "", c.TotalGBP)
	num(cs, "completed tasks", "", c.CompletedTasks)
	flt(cs, csvName("cost.per_task_gbp")+", pounds", "", c.PerTaskGBP)
	num(cs, csvName("cost.phone_calls_replaced"), "", c.PhoneCalls)
	flt(cs, "cost per task by phone, pounds", "", c.PhonePerTaskGBP)
	flt(cs, csvName("cost.phone_total_gbp")+", pounds", "", c.PhoneTotalGBP)
	flt(cs, csvName("cost.estimated_saving_gbp")+", pounds", "", c.EstimatedSavingGBP)
	num(cs, csvName("outcomes.repair_visits_avoided"), "", c.RepairVisitsAvoided)
	flt(cs, csvName("cost.avoided_visits_gbp")+", pounds", "", c.AvoidedVisitsGBP)

	const rd = "readiness"
	for _, h := range r.Readiness {
		b := householdWords(h.Ref, h.HouseholdID)
		add(rd, csvName("readiness.band"), b, h.Band.Label())
		add(rd, "why", b, h.Reason)
		add(rd, "speaker linked", b, yesNo(h.Linked))
		num(rd, "days used", b, h.DaysUsed)
		num(rd, "requests", b, h.Requests)
		num(rd, "tasks completed", b, h.TasksCompleted)
		num(rd, "tasks completed on its own", b, h.TasksOnOwn)
		rat(rd, "help or not understood, of requests", b, h.HelpOrNotUnderstood)
		add(rd, "first used", b, h.FirstUsed)
		add(rd, "last used", b, h.LastUsed)
		add(rd, "stopped", b, yesNo(h.Stopped))
	}
	return fs
}

// completionTask names one of the four tasks for the writers.
type completionTask struct {
	key, name string
	fc        FlowCompletion
}

func (c Completion) tasks() []completionTask {
	return []completionTask{
		{"completion.repair", "repair reports", c.Repair},
		{"completion.guides", "self-fix guides", c.Guides},
		{"completion.booking", "coach visit bookings", c.Booking},
		{"completion.linking", "speaker linking", c.Linking},
	}
}

// WriteCSV writes the report as one row per figure — section, measure,
// breakdown, value — in a form Excel opens cleanly: UTF-8 with a byte-order
// mark, CRLF line ends, numbers in plain decimal.
func (r Report) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write([]string{"section", "measure", "breakdown", "value"}); err != nil {
		return err
	}
	for _, f := range r.figures() {
		if err := cw.Write([]string{cell(f.section), cell(f.measure), cell(f.breakdown), cellValue(f.value)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// cell keeps a text cell from being read as a formula by a spreadsheet (a
// household reference typed as "=..." by staff, say).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// cellValue leaves numbers alone (a saving can be negative) and guards text.
func cellValue(s string) string {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return cell(s)
}

// WriteText writes the report in plain words for a terminal, for a housing
// officer rather than an engineer.
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	line := func(label string, value any) { fmt.Fprintf(tw, "  %s\t%v\n", label, value) }
	heading := func(h string) { p(""); p("%s", strings.ToUpper(h)) }

	if r.Period.From == "" {
		p("Home Helper test: no usage recorded.")
	} else {
		p("Home Helper test: %s to %s (%d %s, %s time)", longDate(r.Period.From), longDate(r.Period.To),
			r.Period.Days, plural(r.Period.Days, "day", "days"), r.Period.TimeZone)
	}
	demo := "demo requests (try-it page, chat) left out"
	if r.IncludeDemo {
		demo = "demo requests (try-it page, chat) included"
	}
	p("%s; %s.", capitalise(groupWords(r.Households)), demo)

	t := r.TakeUp
	heading("Take-up")
	line(TermName("take_up.enrolled_households"), t.EnrolledHouseholds)
	line(TermName("take_up.linked_households"), t.LinkedHouseholds)
	line(TermName("take_up.active_share"), pct(t.ActiveShare))
	line(TermName("take_up.active_households"), t.ActiveHouseholds)
	line(TermName("take_up.sessions"), t.Sessions)
	line(TermName("take_up.requests"), t.Requests)
	line(TermName("take_up.requests_without_household"), t.RequestsWithoutHousehold)
	line(TermName("take_up.sessions_per_active_household_week"), fmt.Sprintf("%.1f", t.SessionsPerActiveHouseholdWeek.Value))
	line(TermName("take_up.requests_outside_trial"), t.TrialClosed)
	if t.Forgotten > 0 {
		line(TermName("take_up.forgotten"), t.Forgotten)
	}
	if len(t.Weeks) > 0 {
		p("  Week of\t%s\t%s\t%s", TermName("take_up.active_households"), TermName("take_up.sessions"), TermName("take_up.requests"))
		for _, wk := range t.Weeks {
			note := ""
			if wk.DaysInPeriod < 7 {
				note = fmt.Sprintf(" (%d %s)", wk.DaysInPeriod, plural(wk.DaysInPeriod, "day", "days"))
			}
			p("  %s%s\t%d\t%d\t%d", wk.WeekOf, note, wk.ActiveHouseholds, wk.Sessions, wk.Requests)
		}
	}
	line("Busiest times", busiest(t))

	heading("What people used")
	p("  Task\t%s\t%s", TermName("take_up.requests"), TermName("take_up.sessions"))
	for _, u := range r.Use.Flows {
		if u.Requests > 0 {
			p("  %s\t%d\t%d", FlowName(u.Name), u.Requests, u.Sessions)
		}
		if u.Name == string(intents.FlowOther) {
			for _, o := range r.Use.Other {
				p("    of which: %s\t%d\t", OutcomeWords(o.Name), o.Count)
			}
		}
	}

	heading("Completion (finished, of those started; where the others stopped)")
	for _, task := range r.Completion.tasks() {
		line(TermName(task.key), pct(task.fc.Rate))
		for _, d := range task.fc.DropOff {
			p("      %d × %s", d.Count, whereStopped(d))
		}
	}

	o := r.Outcomes
	heading("Outcomes")
	line(TermName("outcomes.repairs_reported"), fmt.Sprintf("%d (emergency %d, urgent %d, routine %d)", o.RepairsReported,
		o.RepairsByPriority.Emergency, o.RepairsByPriority.Urgent, o.RepairsByPriority.Routine))
	line("  of which saved by the emergency safety script", o.RepairsSavedBySafetyScript)
	line("  of which reported after trying a guide", o.RepairsAfterGuide)
	line(TermName("outcomes.emergencies_advised"), o.EmergenciesAdvised)
	line(TermName("outcomes.guides_fixed"), o.GuidesFixed)
	line(TermName("outcomes.guides_not_fixed"), fmt.Sprintf("%d (%d then reported as repairs)", o.GuidesNotFixed, o.GuidesNotFixedReported))
	line(TermName("outcomes.repair_visits_avoided"), o.RepairVisitsAvoided)
	line(TermName("outcomes.visits_booked"), o.VisitsBooked)
	line(TermName("outcomes.visits_cancelled"), o.VisitsCancelled)

	u := r.Understanding
	heading("Understanding")
	line(TermName("understanding.not_understood"), pct(u.NotUnderstood))
	line(TermName("understanding.help"), pct(u.Help))
	line(TermName("understanding.errors"), pct(u.Errors))
	line("Conversations ended by an error", pct(u.EndedByError))
	line(TermName("understanding.sessions_ended_by_too_many_reprompts"), pct(u.EndedByReprompts))

	s := r.Satisfaction
	heading("Satisfaction")
	if s.Asked == 0 && s.Given == 0 {
		line("Ratings", "none yet")
	} else {
		line(TermName("satisfaction.given"), fmt.Sprintf("%d, when asked %d %s", s.Given, s.Asked, plural(s.Asked, "time", "times")))
		line(TermName("satisfaction.mean_rating")+" (1 to 5)", fmt.Sprintf("%.1f", s.Mean))
		line(TermName("satisfaction.satisfied")+" (4 or 5)", pct(s.Satisfied))
		line("Ratings 1 / 2 / 3 / 4 / 5", fmt.Sprintf("%d / %d / %d / %d / %d", s.Ratings[0], s.Ratings[1], s.Ratings[2], s.Ratings[3], s.Ratings[4]))
	}

	re := r.Retention
	heading("Retention")
	if len(re.Cohorts) > 0 {
		p("  First used, week of\tHouseholds\tStill using it, week by week")
		for _, c := range re.Cohorts {
			weeks := make([]string, len(c.ActiveByWeek))
			for i, n := range c.ActiveByWeek {
				weeks[i] = strconv.Itoa(n)
			}
			p("  %s\t%d\t%s", c.WeekOf, c.Households, strings.Join(weeks, " "))
		}
	}
	line(fmt.Sprintf("%s (no use for %d days)", TermName("retention.stopped"), re.StoppedAfterDays), pct(re.Stopped))
	for _, h := range re.StoppedHouseholds {
		p("    %s\tlast used %s", householdWords(h.Ref, h.HouseholdID), longDate(h.LastUsed))
	}

	c := r.Cost
	heading("Cost per transaction (an estimate)")
	line("AWS cost per request", money(c.PerRequestGBP))
	line(TermName("cost.total_gbp"), money(c.TotalGBP))
	line("Completed tasks", c.CompletedTasks)
	line(TermName("cost.per_task_gbp"), money(c.PerTaskGBP))
	line(TermName("cost.phone_calls_replaced"), c.PhoneCalls)
	line(TermName("cost.phone_total_gbp"), fmt.Sprintf("%s (%s each, an assumption)", money(c.PhoneTotalGBP), money(c.PhonePerTaskGBP)))
	line(TermName("cost.estimated_saving_gbp"), money(c.EstimatedSavingGBP))
	p("  Assumes AWS list prices, a %.0f MB Lambda running %.0f ms a request (%s), %.0f database writes and %.0f reads a request,",
		c.Assumptions.LambdaMemoryMB, c.DurationMS, map[bool]string{true: "measured", false: "assumed"}[c.DurationMeasured],
		c.Assumptions.DynamoWritesPerRequest, c.Assumptions.DynamoReadsPerRequest)
	p("  $1 = £%.2f. Leaves out speakers, set-up, coaches' time and Amazon's own costs.", c.Assumptions.USDToGBP)
	if c.RepairVisitGBP > 0 {
		line(TermName("cost.avoided_visits_gbp"), fmt.Sprintf("%s for %d visits at %s a visit (not added to the saving)", money(c.AvoidedVisitsGBP), c.RepairVisitsAvoided, money(c.RepairVisitGBP)))
	} else {
		line(TermName("cost.avoided_visits_gbp"), fmt.Sprintf("not valued for %d visits (the cost of a repair visit is not set)", c.RepairVisitsAvoided))
	}
	p("  The landlord's figures (phone, visit, exchange rate): %s.", figuresSource(c.Assumptions))

	heading(TermName("readiness.band"))
	if len(r.Readiness) == 0 {
		line("Households", "none enrolled")
	} else {
		p("  Household\tBand\tDays\tTasks (on own)\tHelp/not understood\tLast used\tWhy")
		for _, h := range r.Readiness {
			p("  %s\t%s\t%d\t%d (%d)\t%s\t%s\t%s", householdWords(h.Ref, h.HouseholdID), h.Band.Label(), h.DaysUsed,
				h.TasksCompleted, h.TasksOnOwn, pctShort(h.HelpOrNotUnderstood), cmp.Or(h.LastUsed, "never"), h.Reason)
		}
	}
	return tw.Flush()
}

func pct(q Ratio) string {
	if q.Denominator == 0 {
		return "no data (0 of 0)"
	}
	return fmt.Sprintf("%.0f%% (%d of %d)", 100*q.Value, q.Numerator, q.Denominator)
}

func pctShort(q Ratio) string {
	if q.Denominator == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*q.Value)
}

// money shows pounds; amounts under a penny in tenths of a penny, so a
// per-request cost is not shown as £0.00.
func money(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if v != 0 && v < 0.01 {
		return fmt.Sprintf("%s%.4fp", sign, v*100)
	}
	return fmt.Sprintf("%s£%.2f", sign, v)
}

func busiest(t TakeUp) string {
	if t.Sessions == 0 {
		return "-"
	}
	h, d := 0, 0
	for i, n := range t.SessionsByHour {
		if n > t.SessionsByHour[h] {
			h = i
		}
	}
	for i, n := range t.SessionsByWeekday {
		if n > t.SessionsByWeekday[d] {
			d = i
		}
	}
	return fmt.Sprintf("%02d:00 to %02d:00; %ss", h, (h+1)%24, weekdays[d])
}

func groupWords(ids []string) string {
	if len(ids) == 0 {
		return "all households"
	}
	return fmt.Sprintf("a group of %d %s", len(ids), plural(len(ids), "household", "households"))
}

func householdWords(ref, id string) string {
	if ref == "" {
		return id + " (not in the enrolment list)"
	}
	return ref
}

func longDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}

func orNone(s string) string { return cmp.Or(s, "(none)") }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
