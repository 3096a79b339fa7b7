package evaluation

import "time"

// Report holds every measure for one period and group of households.
// docs/evaluation.md defines each figure; the JSON names are the ones the
// staff views and the CSV download use. Rates are Ratios: the fraction and
// the two counts it came from, so nobody has to trust a percentage of
// nothing.
type Report struct {
	Period      PeriodInfo `json:"period"`
	Households  []string   `json:"households,omitempty"` // the group asked for; empty means all
	IncludeDemo bool       `json:"include_demo"`
	// AsOf is the moment "stopped" and readiness are judged at: the end
	// of the period, or Options.Now if that is earlier.
	AsOf time.Time `json:"as_of"`

	TakeUp        TakeUp        `json:"take_up"`
	Use           Use           `json:"use"`
	Completion    Completion    `json:"completion"`
	Outcomes      Outcomes      `json:"outcomes"`
	Understanding Understanding `json:"understanding"`
	Satisfaction  Satisfaction  `json:"satisfaction"`
	Retention     Retention     `json:"retention"`
	Cost          Cost          `json:"cost"`
	// Readiness has one row per household, those who may need a visit
	// first: not started, needs support, getting there, independent.
	Readiness []Readiness `json:"readiness"`
}

// PeriodInfo says which days a report covers.
type PeriodInfo struct {
	From     string `json:"from"` // YYYY-MM-DD, the first day
	To       string `json:"to"`   // YYYY-MM-DD, the last day, included
	Days     int    `json:"days"`
	TimeZone string `json:"time_zone"`
}

// Ratio is a measure that is one count divided by another. Value is 0 when
// Denominator is 0: views should say "no data" then, not "0 %".
type Ratio struct {
	Value       float64 `json:"value"`
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
}

func ratio(num, den int) Ratio {
	r := Ratio{Numerator: num, Denominator: den}
	if den != 0 {
		r.Value = float64(num) / float64(den)
	}
	return r
}

// TakeUp is how many households use Home Helper, how much and when.
type TakeUp struct {
	EnrolledHouseholds int `json:"enrolled_households"`
	// LinkedHouseholds have a speaker linked (at the end of the period).
	LinkedHouseholds int `json:"linked_households"`
	ActiveHouseholds int `json:"active_households"`
	// ActiveShare is enrolled households active at least once ÷ enrolled.
	ActiveShare Ratio `json:"active_share"`
	Sessions    int   `json:"sessions"`
	// Requests are what tenants said or did (launches and intents);
	// Alexa's session-end notices are events but not requests.
	Requests int `json:"requests"`
	Events   int `json:"events"`
	// RequestsWithoutHousehold came from speakers not linked to a pilot
	// household: counted here, in no per-household measure.
	RequestsWithoutHousehold int `json:"requests_without_household"`
	// SessionsPerActiveHouseholdWeek is sessions of linked households ÷
	// household-weeks with any use.
	SessionsPerActiveHouseholdWeek Ratio `json:"sessions_per_active_household_week"`
	// Weeks are ISO weeks (Monday to Sunday) overlapping the period.
	Weeks []WeekUse `json:"weeks"`
	// SessionsByHour counts sessions by the hour they began (0 = midnight
	// to 1 am, local time).
	SessionsByHour [24]int `json:"sessions_by_hour"`
	// SessionsByWeekday counts sessions by the day they began, Monday first.
	SessionsByWeekday [7]int `json:"sessions_by_weekday"`
	// TrialClosed counts requests answered "the trial has not started or
	// has ended" for the household.
	TrialClosed int `json:"requests_outside_trial"`
	// Forgotten counts confirmed requests to be forgotten.
	Forgotten int `json:"forgotten"`
}

// WeekUse is one week's use.
type WeekUse struct {
	WeekOf           string `json:"week_of"`        // the Monday, YYYY-MM-DD
	DaysInPeriod     int    `json:"days_in_period"` // fewer than 7 at the ends of the period
	ActiveHouseholds int    `json:"active_households"`
	Sessions         int    `json:"sessions"` // by the day they began
	Requests         int    `json:"requests"`
}

// Use says what people used: requests and sessions per flow and intent.
type Use struct {
	Flows []Usage `json:"flows"` // every documented flow, in the documented order
	// Other is the other flow's requests by outcome (ending a
	// conversation, not understood, asked for something it does not do,
	// …), most first, so that goodbyes and failures are told apart.
	Other   []Count `json:"other"`
	Intents []Usage `json:"intents"` // most requests first
}

// Usage is how often one flow or intent was used. Sessions counts the
// sessions with at least one request of it.
type Usage struct {
	Name     string `json:"name"`
	Requests int    `json:"requests"`
	Sessions int    `json:"sessions"`
}

// Completion is GOV.UK's completion rate for each task, and where the
// unfinished ones stopped.
type Completion struct {
	Repair  FlowCompletion `json:"repair"`  // repairs reported ÷ repair reports started
	Guides  FlowCompletion `json:"guides"`  // guides finished ÷ guides started
	Booking FlowCompletion `json:"booking"` // visits booked ÷ bookings started
	Linking FlowCompletion `json:"linking"` // speakers linked ÷ linkings started
}

// FlowCompletion is one task's completion: Rate.Numerator finished of
// Rate.Denominator started; the rest are in DropOff.
type FlowCompletion struct {
	Rate    Ratio     `json:"rate"`
	DropOff []DropOff `json:"drop_off"` // most first
}

// DropOff counts unfinished tasks by where they stopped: the last step
// reached and the outcome of the task's last request.
type DropOff struct {
	Step    string `json:"step"`
	Outcome string `json:"outcome"`
	Count   int    `json:"count"`
}

// Outcomes are what the test achieved for tenants.
type Outcomes struct {
	// RepairsReported counts every repair saved: reports the tenant
	// finished, and emergencies saved by the safety script.
	RepairsReported   int        `json:"repairs_reported"`
	RepairsByPriority Priorities `json:"repairs_reported_by_priority"`
	// RepairsSavedBySafetyScript are the emergencies among
	// RepairsReported, saved while safety advice was given.
	RepairsSavedBySafetyScript int `json:"repairs_saved_by_safety_script"`
	// RepairsAfterGuide were reported after a self-fix guide was tried.
	RepairsAfterGuide int `json:"repairs_reported_after_guide"`
	// EmergenciesAdvised counts safety scripts given; a repeat of the
	// script on request is the same emergency.
	EmergenciesAdvised   int     `json:"emergencies_advised"`
	EmergenciesByProblem []Count `json:"emergencies_by_problem"`
	GuidesFixed          int     `json:"guides_fixed"`
	GuidesNotFixed       int     `json:"guides_not_fixed"`
	// GuidesNotFixedReported did not fix it and became repair reports in
	// the same session.
	GuidesNotFixedReported int `json:"guides_not_fixed_then_reported"`
	// RepairVisitsAvoided is guides that fixed the problem.
	RepairVisitsAvoided int           `json:"repair_visits_avoided"`
	VisitsBooked        int           `json:"visits_booked"`
	VisitsCancelled     int           `json:"visits_cancelled"`
	ByGuide             []GuideResult `json:"by_guide"`
}

// Priorities counts repairs by how soon they must be attended.
type Priorities struct {
	Emergency int `json:"emergency"`
	Urgent    int `json:"urgent"`
	Routine   int `json:"routine"`
}

// Count is a named count.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// GuideResult is how one guide did.
type GuideResult struct {
	Guide    string `json:"guide"` // its topic, a RepairProblem id
	Started  int    `json:"started"`
	Fixed    int    `json:"fixed"`
	NotFixed int    `json:"not_fixed"`
}

// Understanding is how often Home Helper did not understand, and sessions
// that ended badly.
type Understanding struct {
	NotUnderstood       Ratio   `json:"not_understood"` // not-understood requests ÷ requests
	NotUnderstoodByFlow []Count `json:"not_understood_by_flow"`
	Help                Ratio   `json:"help"`   // help requests ÷ requests
	Errors              Ratio   `json:"errors"` // requests answered with an apology ÷ requests
	// EndedByError and EndedByReprompts are sessions Alexa ended with that
	// reason ÷ sessions.
	EndedByError     Ratio `json:"sessions_ended_by_error"`
	EndedByReprompts Ratio `json:"sessions_ended_by_too_many_reprompts"`
}

// Satisfaction is the 1–5 ratings tenants gave when asked ("how easy was
// that?", after a finished task, at most once a fortnight per household).
type Satisfaction struct {
	// Asked counts the questions answered in any way, or left unanswered
	// when the session ended: a question the tenant talked over (asking
	// for something else instead) leaves no trace in the log.
	Asked int `json:"asked"`
	Given int `json:"given"`
	// Declined is Asked − Given: no, stop, no number, or no answer.
	Declined     int    `json:"declined"`
	ResponseRate Ratio  `json:"response_rate"` // ratings given ÷ times asked
	Ratings      [5]int `json:"ratings"`       // Ratings[0] counts 1s … Ratings[4] counts 5s
	// Mean is the mean rating, 0 when there is none.
	Mean float64 `json:"mean_rating"`
	// Satisfied is ratings of 4 or 5 ÷ ratings.
	Satisfied Ratio `json:"satisfied"`
	// Unreadable counts feedback_given events without a rating 1–5.
	Unreadable int `json:"unreadable_ratings"`
}

// Retention is whether households keep using Home Helper.
type Retention struct {
	Cohorts          []Cohort `json:"cohorts"`
	StoppedAfterDays int      `json:"stopped_after_days"`
	// Stopped is households with no use in the StoppedAfterDays before
	// AsOf ÷ households that first used it before then.
	Stopped           Ratio              `json:"stopped"`
	StoppedHouseholds []StoppedHousehold `json:"stopped_households"`
}

// Cohort is the households whose first use fell in one week.
type Cohort struct {
	WeekOf     string `json:"week_of"` // the Monday, YYYY-MM-DD
	Households int    `json:"households"`
	// ActiveByWeek[k] counts the cohort's households active in the k-th
	// week after their first (ActiveByWeek[0] == Households), up to the
	// week of the period's last day.
	ActiveByWeek []int `json:"active_by_week"`
}

// StoppedHousehold is a household that has stopped using Home Helper.
type StoppedHousehold struct {
	HouseholdID string `json:"household_id"`
	Ref         string `json:"ref"`
	LastUsed    string `json:"last_used"` // YYYY-MM-DD
}

// Cost is the estimated cost per transaction.
type Cost struct {
	Assumptions CostModel `json:"assumptions"`
	// DurationMS is the Lambda run time charged per request: the model's
	// if set, else the mean measured latency plus the model's overhead.
	DurationMS       float64 `json:"duration_ms"`
	DurationMeasured bool    `json:"duration_measured"`
	// Requests counts every request Alexa sent, session ends included:
	// each is one Lambda invocation.
	Requests      int     `json:"requests"`
	PerRequestGBP float64 `json:"per_request_gbp"`
	TotalGBP      float64 `json:"total_gbp"`
	// CompletedTasks is repairs reported by tenants + guides finished +
	// visits booked.
	CompletedTasks int     `json:"completed_tasks"`
	PerTaskGBP     float64 `json:"per_task_gbp"`
	// PhoneCalls is the tasks a phone call would otherwise have done:
	// repairs reported by tenants + guides that fixed it + visits booked.
	PhoneCalls         int     `json:"phone_calls_replaced"`
	PhonePerTaskGBP    float64 `json:"phone_per_task_gbp"`
	PhoneTotalGBP      float64 `json:"phone_total_gbp"`
	EstimatedSavingGBP float64 `json:"estimated_saving_gbp"` // PhoneTotalGBP − TotalGBP
	// RepairVisitsAvoided are the guides that fixed it (Outcomes), valued
	// at the landlord's cost of a repair visit: AvoidedVisitsGBP is zero
	// while RepairVisitGBP is not set. Not added to the saving: a guide
	// that fixed it might never have been reported.
	RepairVisitsAvoided int     `json:"repair_visits_avoided"`
	RepairVisitGBP      float64 `json:"repair_visit_gbp"`
	AvoidedVisitsGBP    float64 `json:"avoided_visits_gbp"`
}

// Band is a household's digital readiness.
type Band string

// The bands, in the order a coach would visit.
const (
	NotStarted   Band = "not_started"
	NeedsSupport Band = "needs_support"
	GettingThere Band = "getting_there"
	Independent  Band = "independent"
)

// Bands lists the bands in order.
var Bands = []Band{NotStarted, NeedsSupport, GettingThere, Independent}

// Label is the band in words.
func (b Band) Label() string {
	switch b {
	case NotStarted:
		return "not started"
	case NeedsSupport:
		return "needs support"
	case GettingThere:
		return "getting there"
	case Independent:
		return "independent"
	}
	return string(b)
}

// Readiness is one household's band and the evidence for it, over
// everything it did up to the end of the period.
type Readiness struct {
	HouseholdID string `json:"household_id"`
	// Ref is the landlord's reference; empty for a household that is in
	// the usage log but not in the enrolment list.
	Ref    string `json:"ref"`
	Band   Band   `json:"band"`
	Reason string `json:"reason"` // the rule that gave the band, in words
	Linked bool   `json:"linked"`
	// DaysUsed counts distinct calendar days with any request.
	DaysUsed int `json:"days_used"`
	Requests int `json:"requests"`
	// TasksCompleted: repairs reported, guides finished, visits booked.
	TasksCompleted int `json:"tasks_completed"`
	// TasksOnOwn were completed in a session with no help or
	// not-understood request before them.
	TasksOnOwn          int    `json:"tasks_on_own"`
	HelpOrNotUnderstood Ratio  `json:"help_or_not_understood"` // ÷ its requests
	FirstUsed           string `json:"first_used"`             // YYYY-MM-DD; empty if never
	LastUsed            string `json:"last_used"`
	Stopped             bool   `json:"stopped"`
}
