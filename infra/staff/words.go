package staff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// The usage log and the stores keep ids (GAS_SMELL, KITCHEN, selffix,
// guide_left); staff read words. These tables are the site's only
// translation, and words_test.go checks they cover every id the
// conversation knows, so a new problem or room cannot reach the page as a
// bare id.

var roomWords = map[string]string{
	"KITCHEN":         "Kitchen",
	"BATHROOM":        "Bathroom",
	"TOILET_ROOM":     "Toilet",
	"BEDROOM":         "Bedroom",
	"LIVING_ROOM":     "Living room",
	"DINING_ROOM":     "Dining room",
	"HALLWAY":         "Hall or stairs",
	"LOFT":            "Loft",
	"UTILITY":         "Utility room",
	"AIRING_CUPBOARD": "Airing cupboard",
	"GARDEN":          "Garden",
	"OUTSIDE":         "Outside",
	"WHOLE_HOME":      "Whole home",
	intents.Other:     "Somewhere else",
}

// problem puts a problem id in words, the conversation's own
// (intents.ProblemName) as a label; an id the conversation does not know is
// shown as it is rather than hidden.
func problem(id string) string {
	switch {
	case id == intents.Other:
		return "Something else (see the tenant's words)"
	case !slices.Contains(intents.ProblemIDs(), id):
		return id
	}
	w := intents.ProblemName(id)
	for _, article := range []string{"a ", "an "} {
		w = strings.TrimPrefix(w, article)
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// room puts a room id in words. Emergencies are saved without asking which
// room, so an empty room says so.
func room(id string) string {
	if id == "" {
		return "Not asked (emergency)"
	}
	return cmp.Or(roomWords[id], id)
}

// otherRest is the other flow's requests not counted by outcome: those
// of days rolled up before the count was kept (docs/evaluation.md).
func otherRest(u evaluation.Use) int {
	rest := 0
	for _, f := range u.Flows {
		if f.Name == string(intents.FlowOther) {
			rest = f.Requests
		}
	}
	for _, o := range u.Other {
		rest -= o.Count
	}
	return max(rest, 0)
}

// outcome says what happened, as a sentence's start.
func outcome(name string) string {
	return capitalise(evaluation.OutcomeWords(name))
}

// stepWords say where in a task someone stopped (docs/usage-events.md).
var stepWords = map[string]string{
	"problem": "asked what the problem is", "offer_guide": "offered a self-fix guide first",
	"room": "asked which room", "confirm": "read back, asked to confirm", "saved": "repair saved",
	"link": "asked for the link code", "emergency": "safety advice given",
	"offer": "a visit offered", "booked": "visit booked", "check": "checking the visit",
	"cancel": "asked to cancel", "none_free": "no visit free", "none_booked": "no visit booked",
	"code": "asked for the link code", "wrong_code": "after a wrong code",
	"locked": "locked out after wrong codes", "linked": "speaker linked", "already_linked": "already linked",
	"repeat": "safety advice repeated", "reminder": "offered a reminder",
}

// whereStopped puts a drop-off in words: "asked which room, then the
// conversation ended".
func whereStopped(d evaluation.DropOff) string {
	step := stepWords[d.Step]
	switch {
	case step != "":
	case d.Step == "":
		step = "before any step"
	case d.Step[0] >= '0' && d.Step[0] <= '9':
		step = "at step " + d.Step + " of the guide"
	default:
		step = strings.ReplaceAll(d.Step, "_", " ")
	}
	return capitalise(step + ", then " + evaluation.OutcomeWords(d.Outcome))
}

// bandAdvice is what a coach might do for each readiness band
// (docs/evaluation.md).
var bandAdvice = map[evaluation.Band]string{
	evaluation.NotStarted:   "Visit to set it up, or find out why not.",
	evaluation.NeedsSupport: "Visit: it is being tried but is not working for them.",
	evaluation.GettingThere: "Check in when passing.",
	evaluation.Independent:  "No visit needed for Home Helper.",
}

var priorityWords = map[intents.Priority]string{
	intents.Emergency: "Emergency (24 hours)",
	intents.Urgent:    "Urgent (7 days)",
	intents.Routine:   "Routine (28 days)",
}

var statusWords = map[intents.RepairStatus]string{
	intents.StatusReported: "Reported",
	intents.StatusBooked:   "Visit booked",
	intents.StatusDone:     "Done",
}

// statuses are the repair statuses staff can set, in the order of a repair's life.
var statuses = []intents.RepairStatus{intents.StatusReported, intents.StatusBooked, intents.StatusDone}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
