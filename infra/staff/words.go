package staff

import (
	"cmp"
	"strings"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// The usage log and the stores keep ids (GAS_SMELL, KITCHEN, selffix,
// guide_left); staff read words. These tables are the site's only
// translation, and words_test.go checks they cover every id the
// conversation knows, so a new problem or room cannot reach the page as a
// bare id.

var problemWords = map[string]string{
	"GAS_SMELL":        "Smell of gas",
	"CO_ALARM":         "Carbon monoxide alarm going off",
	"WATER_ELECTRICS":  "Water getting into the electrics",
	"FLOODING":         "Flooding or a burst pipe",
	"INSECURE_HOME":    "Home can't be made secure",
	"ELECTRICAL_FAULT": "Burning smell or sparking from the electrics",
	"LEAK":             "Leak",
	"TOILET":           "Toilet not working",
	"HOT_WATER":        "No hot water",
	"HEATING":          "No heating",
	"BOILER":           "Boiler not working",
	"BOILER_LOCKOUT":   "Boiler has locked out",
	"CONDENSATE_PIPE":  "Frozen boiler pipe",
	"NO_POWER":         "No power",
	"TRIP_SWITCH":      "Switch keeps tripping",
	"DOOR":             "Problem with a door",
	"ROOF":             "Problem with the roof",
	"DRAIN":            "Blocked drain",
	"BOILER_PRESSURE":  "Low boiler pressure",
	"TAP":              "Dripping or broken tap",
	"RADIATOR":         "Radiator not heating properly",
	"SINK_BLOCKED":     "Blocked sink",
	"DAMP_MOULD":       "Damp or mould",
	"WINDOW":           "Problem with a window",
	"LIGHT":            "Light not working",
	"EXTRACTOR_FAN":    "Extractor fan not working",
	"PEST":             "Pests",
	intents.Other:      "Something else (Alexa did not recognise the words)",
}

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

// problem puts a problem id in words; an id not in the table is shown as
// it is rather than hidden.
func problem(id string) string { return cmp.Or(problemWords[id], id) }

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
	intents.FlowOther:    "Other (not understood, conversations ending)",
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
	"repeat": "safety advice repeated",
}

// outcomeWords say what happened last.
var outcomeWords = map[intents.Outcome]string{
	intents.OutcomeWelcomed:         "the main menu was read",
	intents.OutcomeRepairPrompted:   "the tenant moved on to something else",
	intents.OutcomeRepairReported:   "the repair was reported",
	intents.OutcomeRepairDeclined:   "the tenant said no",
	intents.OutcomeEmergencyAdvised: "safety advice was given",
	intents.OutcomeGuideStarted:     "the tenant moved on to something else",
	intents.OutcomeGuideStep:        "the tenant moved on to something else",
	intents.OutcomeGuideResumed:     "the tenant moved on to something else",
	intents.OutcomeGuideFixed:       "it fixed the problem",
	intents.OutcomeGuideNotFixed:    "it did not fix the problem",
	intents.OutcomeGuideLeft:        "the tenant left the guide",
	intents.OutcomeCoachOffered:     "the tenant moved on to something else",
	intents.OutcomeCoachBooked:      "the visit was booked",
	intents.OutcomeCoachDeclined:    "the tenant turned it down",
	intents.OutcomeCoachNoneFree:    "no visit was free",
	intents.OutcomeCoachChecked:     "the visit was read back",
	intents.OutcomeCoachCancelled:   "the visit was cancelled",
	intents.OutcomeStatusRead:       "open repairs were read back",
	intents.OutcomeLinkNeeded:       "no code was given",
	intents.OutcomeLinked:           "the speaker was linked",
	intents.OutcomeLinkFailed:       "the code did not work",
	intents.OutcomeHelp:             "the tenant asked for help",
	intents.OutcomeNotUnderstood:    "Home Helper did not understand",
	intents.OutcomeStopped:          "the tenant said stop",
	intents.OutcomeEnded:            "the conversation ended (no answer, or Alexa closed it)",
	intents.OutcomeError:            "something went wrong",
	intents.OutcomeFeedbackAsked:    "a rating was asked for",
	intents.OutcomeFeedbackGiven:    "a rating was given",
	intents.OutcomeFeedbackDeclined: "no rating was given",
	intents.OutcomeTrialClosed:      "the trial was closed",
	intents.OutcomeForgetAsked:      "the tenant asked to be forgotten",
	intents.OutcomeForgotten:        "the tenant was forgotten",
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
