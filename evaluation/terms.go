package evaluation

import "strings"

// Term is one figure's name and meaning in the words a housing officer
// uses. `homehelper report`, the staff pages, both CSVs and the site's
// definitions page all take a figure's name from here, so one thing is
// never called two things; docs/evaluation.md gives the exact counting
// rules behind each, under the same name.
type Term struct {
	// Key is where the figure sits in the report's JSON (and in the staff
	// pages' data-measure attributes): "take_up.sessions".
	Key string
	// Name is what every view calls it.
	Name string
	// Meaning says what it counts, in a sentence or two.
	Meaning string
}

// FlowName names a flow as the task it is, in every view: the report, the
// staff pages. An unknown flow is named as the log names it.
func FlowName(flow string) string {
	if n, ok := flowNames[flow]; ok {
		return n
	}
	return flow
}

var flowNames = map[string]string{
	"launch": "Opening it and the main menu", "repair": "Reporting a repair", "selffix": "Self-fix guides",
	"coach": "Coach visits", "status": "Checking on a repair", "link": "Linking a speaker to a home",
	"help": "Asking for help", "feedback": "Giving a rating",
	// Goodbyes and failures alike: every view breaks it down by outcome.
	"other": "Other: ending, not understood, not offered",
}

// Section is the part of the report a term belongs to, in words.
func (t Term) Section() string { return sectionWords[strings.SplitN(t.Key, ".", 2)[0]] }

var sectionWords = map[string]string{
	"take_up": "Who uses it, and how much", "completion": "How often they finished what they started",
	"outcomes": "What it achieved", "understanding": "Did Home Helper understand?",
	"satisfaction": "How easy tenants found it", "retention": "Are they still using it?",
	"cost": "What it cost, beside the phone", "readiness": "Digital readiness",
}

var terms = []Term{
	{"take_up.enrolled_households", "Households enrolled",
		"Households in the enrolment list by the end of the days shown. Practice households made on the try-it page are never counted."},
	{"take_up.linked_households", "Households with a speaker linked",
		"Of the households enrolled, those whose Echo speaker has been linked to their home with its link code."},
	{"take_up.active_households", "Households using it",
		"Households that said anything at all to Home Helper in the days shown."},
	{"take_up.active_share", "Enrolled households that used it",
		"Households using it, out of the households enrolled."},
	{"take_up.sessions", "Conversations",
		`Each "Alexa, open Home Helper" (or a question asked of it straight away) and everything said until Alexa closed it. Engineers call these sessions.`},
	{"take_up.requests", "Requests",
		"Each thing a tenant said or asked for. Opening Home Helper counts as one."},
	{"take_up.sessions_per_active_household_week", "Conversations per household per week",
		"Conversations of households in the test, divided by the weeks in which each of them used it at least once."},
	{"take_up.requests_without_household", "Requests from speakers not linked to a home",
		"Requests from a speaker before its link code was said, or from one never linked. They count in the requests, and in no household's figures."},
	{"take_up.requests_outside_trial", "Requests outside the trial dates",
		"Requests answered \"the trial has not started\" or \"has ended\"."},
	{"take_up.forgotten", "Asked to be forgotten",
		"Times a tenant asked Home Helper to forget their speaker."},

	{"completion.repair", "Repair reports finished",
		"Of the repair reports tenants began, how many ended with the repair saved."},
	{"completion.guides", "Self-fix guides finished",
		"Of the self-fix guides begun, how many were taken to the end, whether or not they fixed the problem."},
	{"completion.booking", "Coach visit bookings finished",
		"Of the times a tenant asked for a coach visit, how many ended with one booked."},
	{"completion.linking", "Speaker linking finished",
		"Of the times a speaker was asked for its link code, how many ended linked."},

	{"outcomes.repairs_reported", "Repairs reported",
		"Repairs saved by voice, at every priority: emergency, urgent and routine."},
	{"outcomes.emergencies_advised", "Emergencies: safety advice given",
		"Times Home Helper gave the safety advice for a danger (gas, carbon monoxide, flooding, fire, electrics and the like)."},
	{"outcomes.guides_fixed", "Guides that fixed it",
		`Self-fix guides finished where the tenant said "yes" to "Did that fix it?".`},
	{"outcomes.guides_not_fixed", "Guides that did not fix it",
		"Self-fix guides finished where the tenant said it did not fix the problem."},
	{"outcomes.repair_visits_avoided", "Repair visits avoided",
		"Guides that fixed it: each is a repair visit that was not needed. At most: some problems might never have been reported."},
	{"outcomes.visits_booked", "Coach visits booked",
		"Neighbourhood Coach visits booked by voice."},
	{"outcomes.visits_cancelled", "Coach visits cancelled",
		"Coach visits the tenant cancelled by voice."},

	{"understanding.not_understood", "Requests not understood",
		"Requests Home Helper could not make sense of, out of all requests."},
	{"understanding.help", "Requests for help",
		`Requests asking "what can I say?" or for help, out of all requests.`},
	{"understanding.errors", "Requests answered with an apology",
		"Requests where something went wrong and Home Helper said sorry, out of all requests."},
	{"understanding.sessions_ended_by_too_many_reprompts", "Conversations that ended with no answer",
		"Conversations Alexa closed because the tenant did not answer, out of all conversations."},

	{"satisfaction.given", "Ratings given",
		`Answers to "how easy was that?", asked after a finished task at most once a fortnight.`},
	{"satisfaction.mean_rating", "Average rating",
		"The average of the ratings given, from 1 (very hard) to 5 (very easy)."},
	{"satisfaction.satisfied", "Tenants who found it easy",
		"Ratings of 4 or 5, out of all ratings given."},

	{"retention.stopped", "Households that stopped",
		"Households that used Home Helper, then not at all in the last 14 days, out of the households that could have."},

	{"cost.phone_calls_replaced", "Phone calls replaced",
		"Tasks done by voice that would otherwise be a phone call: repairs reported, guides that fixed it, coach visits booked."},
	{"cost.phone_total_gbp", "Cost of those calls by phone",
		"Phone calls replaced, at the landlord's cost of one phone contact (Figures page)."},
	{"cost.total_gbp", "Estimated cost of running Home Helper (AWS)",
		"What Amazon Web Services would charge for the requests, at list prices and the exchange rate on the Figures page."},
	{"cost.per_task_gbp", "Estimated cost of one completed task",
		"The estimated AWS cost divided by the tasks finished."},
	{"cost.estimated_saving_gbp", "Estimated saving",
		"Cost of those calls by phone, less the estimated cost of running Home Helper. Speakers, setting up and coaches' time are left out."},
	{"cost.avoided_visits_gbp", "Value of repair visits avoided",
		"Repair visits avoided, at the landlord's cost of a repair visit (Figures page); not added to the saving."},

	{"readiness.band", "Digital readiness",
		"What each household can do on its own, from everything it has done since it started: not started, needs support, getting there, or independent."},
}

// Terms lists every term, in the order the report reads.
func Terms() []Term { return terms }

// TermName is the name of the figure at key. An unknown key is a mistake
// in a view, so it panics: the views' tests meet it at once.
func TermName(key string) string {
	for _, t := range terms {
		if t.Key == key {
			return t.Name
		}
	}
	panic("evaluation: no term " + key)
}

// csvName is a term's name as the tidy CSV's measure column writes it:
// lower case, like its other measures.
func csvName(key string) string {
	n := TermName(key)
	if len(n) > 1 && n[1] >= 'a' && n[1] <= 'z' {
		return strings.ToLower(n[:1]) + n[1:]
	}
	return n
}
