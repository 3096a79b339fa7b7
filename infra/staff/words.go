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

// flowWords name the flows as tasks.
var flowWords = map[intents.Flow]string{
	intents.FlowLaunch:   "Opening it and the main menu",
	intents.FlowRepair:   "Reporting a repair",
	intents.FlowSelfFix:  "Self-fix guides",
	intents.FlowCoach:    "Coach visits",
	intents.FlowStatus:   "Checking on a repair",
	intents.FlowLink:     "Linking a speaker to a home",
	intents.FlowHelp:     "Asking for help",
	intents.FlowFeedback: "Giving a rating",
	intents.FlowOther:    "Other: ending a conversation, or not understood",
}

func flow(name string) string { return cmp.Or(flowWords[intents.Flow(name)], name) }

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

// outcomeWords say what happened last.
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
	return capitalise(step + ", then " + cmp.Or(outcomeWords[intents.Outcome(d.Outcome)], strings.ReplaceAll(d.Outcome, "_", " ")))
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
