package intents

import (
	"maps"
	"slices"
	"time"
)

// This file is the one place that says how serious each problem is. It
// follows how UK social landlords class repairs (see docs/conversation.md):
//
//   - emergency: danger to people or the home; make safe within 24 hours,
//     and the tenant hears safety advice at once, never a self-fix guide;
//   - urgent: a loss of an essential service; within 7 days;
//   - routine: everything else; within 28 days.
//
// No heating or hot water is an emergency for a household enrolled as
// vulnerable during the cold months (Config.ColdMonths).

// Other is the problem id for anything Alexa could not resolve to one of
// ours. Free text is never kept.
const Other = "OTHER"

type problem struct {
	name     string // spoken after "you've told me about"; staff and the repairs team read it too
	priority Priority
}

// problems is every RepairProblem id. The emergencies here are the danger
// list's ids (understand.go reads tenants' words for them); the ids in
// askSafety are words that leave the danger open, answered with one
// question before anything else.
var problems = map[string]problem{
	"GAS_SMELL":            {"a smell of gas", Emergency},
	"CO_ALARM":             {"a carbon monoxide alarm or fumes", Emergency},
	"WATER_ELECTRICS":      {"water getting into the electrics", Emergency},
	"FLOODING":             {"flooding or a burst pipe", Emergency},
	"INSECURE_HOME":        {"a home that can't be made secure", Emergency},
	"ELECTRICAL_FAULT":     {"sparking, burning or a shock from the electrics", Emergency},
	"FIRE":                 {"a fire", Emergency},
	"SMOKE_ALARM":          {"a smoke alarm sounding", Emergency},
	"CEILING_COLLAPSE":     {"a bulging or falling ceiling", Emergency},
	"STRUCTURE":            {"a wall, chimney, balcony or tree that could fall", Emergency},
	"SEWAGE":               {"sewage coming into the home", Emergency},
	"NO_WATER":             {"no water at all", Emergency},
	"SMELL_UNSURE":         {"a smell", Routine},
	"COOKER_UNSURE":        {"a gas cooker, fire or pilot light that won't light, or won't turn off", Urgent},
	"HISS_UNSURE":          {"a hissing boiler", Urgent},
	"CO_UNSURE":            {"headaches or sickness that keep coming back", Urgent},
	"METER_UNSURE":         {"a noise from the gas meter", Urgent},
	"ALARM_UNSURE":         {"an alarm going off", Urgent},
	"DOOR_UNSURE":          {"a door that won't close", Urgent},
	"LOCK_UNSURE":          {"a broken handle on an outside door", Urgent},
	"ELECTRICS_UNSURE":     {"something wrong with the electrics", Urgent},
	"WET_ELECTRICS_UNSURE": {"water that may reach the electrics", Urgent},
	"DRAIN_UNSURE":         {"a blocked sink, bath or shower that smells", Urgent},
	"ELECTRICS":            {"a problem with the electrics", Urgent},
	"SMOKE_ALARM_BEEPING":  {"a smoke alarm that beeps or isn't working", Urgent},
	"SMELL":                {"a bad smell", Routine},
	"LEAK":                 {"a leak", Urgent},
	"TOILET":               {"a toilet that isn't working", Urgent},
	"TOILET_BLOCKED":       {"a blocked toilet", Urgent},
	"TOILET_RUNNING":       {"a toilet that keeps running", Routine},
	"TOILET_NO_FLUSH":      {"a toilet that won't flush", Urgent},
	"HOT_WATER":            {"no hot water", Urgent},
	"HEATING":              {"no heating", Urgent},
	"HEAT_AND_HOT_WATER":   {"no heating or hot water", Urgent},
	"BOILER":               {"a boiler that isn't working", Urgent},
	"BOILER_LOCKOUT":       {"a boiler that has locked out", Urgent},
	"CONDENSATE_PIPE":      {"a frozen boiler pipe", Urgent},
	"NO_POWER":             {"no power", Urgent},
	"TRIP_SWITCH":          {"a switch that keeps tripping", Urgent},
	"DOOR":                 {"a problem with a door", Urgent},
	"ROOF":                 {"a problem with the roof", Urgent},
	"DRAIN":                {"a blocked drain", Urgent},
	"BOILER_PRESSURE":      {"low boiler pressure", Routine},
	"BOILER_NOISE":         {"a noisy boiler", Routine},
	"TAP":                  {"a dripping or broken tap", Routine},
	"RADIATOR":             {"a radiator that isn't heating properly", Routine},
	"SINK_BLOCKED":         {"a blocked sink, bath or shower", Routine},
	"DAMP_MOULD":           {"damp or mould", Routine},
	"WINDOW":               {"a problem with a window", Routine},
	"LIGHT":                {"a light that isn't working", Routine},
	"EXTRACTOR_FAN":        {"an extractor fan that isn't working", Routine},
	"SOCKET":               {"a plug socket that isn't working", Urgent},
	"SHOWER":               {"a shower that isn't working", Urgent},
	"FENCE_GATE":           {"a problem with a fence or gate", Routine},
	Other:                  {"a repair", Routine},
}

// askSafety is the one yes/no question asked when a tenant's words leave
// a danger open; the answer decides between the two ids.
var askSafety = map[string]struct {
	question, reprompt string
	yes, no            string
	// subject is what the question is about, read in front of an answer
	// in the tenant's own words: "a bit eggy" is a smell that is gas,
	// "just a beep now and then" an alarm that wants a battery.
	subject string
}{
	"SMELL_UNSURE":     {"Can you smell gas?", "Please say yes or no. Can you smell gas, or something like rotten eggs?", "GAS_SMELL", "SMELL", "a smell"},
	"ALARM_UNSURE":     {"Is it sounding all the time, rather than a beep now and then?", "Please say yes or no. Is the alarm sounding all the time?", "SMOKE_ALARM", "SMOKE_ALARM_BEEPING", "the smoke alarm"},
	"ELECTRICS_UNSURE": {"Is anything sparking, smoking, hot, or smelling of burning?", "Please say yes or no. Is anything sparking, smoking, hot to touch, or smelling of burning?", "ELECTRICAL_FAULT", "ELECTRICS", "the electrics"},
	"DOOR_UNSURE":      {"Is it a door to the outside of your home?", "Please say yes or no. Is it your front door, back door, or another door to the outside?", "INSECURE_HOME", "DOOR", "the door"},
	// No is the door's report in the tenant's words: the handle, not the
	// door, is what's broken.
	"LOCK_UNSURE": {"Does it stop you locking the door?", "Please say yes or no. Does it stop you locking the door?", "INSECURE_HOME", "DOOR", "the door"},
	// Two faults told together, one wet and one electrical ("the tap's
	// dripping and the light switch is loose"), may be one: water in the
	// electrics. No is the everyday repair the words name (askSafety).
	"WET_ELECTRICS_UNSURE": {"Is the water getting into, or onto, anything electrical, like a light, a switch, a socket or the fuse box?", "Please say yes or no. Is water getting into or onto a light, a switch, a socket or the fuse box?", "WATER_ELECTRICS", "LEAK", "the water"},
	// A gas hob, oven or fire that clicks but will not light may be
	// letting gas out unburnt. No is the tenant's words for the repairs
	// team, with the appliance left off meanwhile (safetyAnswered).
	"COOKER_UNSURE": {"Can you smell gas?", "Please say yes or no. Can you smell gas, or something like rotten eggs?", "GAS_SMELL", Other, "the cooker"},
	// A boiler hisses with water too. No is the noisy boiler's report.
	"HISS_UNSURE": {"Can you smell gas?", "Please say yes or no. Can you smell gas, or something like rotten eggs?", "GAS_SMELL", "BOILER_NOISE", "the hissing"},
	// Headaches that keep coming back may be many things; easing away
	// from home is carbon monoxide's sign. No is no repair: who can help
	// with someone unwell (safetyAnswered).
	"CO_UNSURE": {"Does it get better when you're away from home?", "Please say yes or no. Does it get better when you're out of the house?", "CO_ALARM", Other, "the headaches"},
	// A gas meter ticks as it turns. No is the tenant's words for the
	// repairs team.
	"METER_UNSURE": {"Can you smell gas?", "Please say yes or no. Can you smell gas, or something like rotten eggs?", "GAS_SMELL", Other, "the meter"},
	// A blocked trap smells too; sewage from the drains comes up unasked.
	"DRAIN_UNSURE": {"Is dirty water coming up the plughole by itself, when no tap is running?", "Please say yes or no. Is dirty water, or anything from a toilet, coming up the plughole on its own?", "SEWAGE", "SINK_BLOCKED", "the plughole"},
}

// rooms gives each Room id its spoken form.
var rooms = map[string]string{
	"KITCHEN":         "the kitchen",
	"BATHROOM":        "the bathroom",
	"TOILET_ROOM":     "the toilet",
	"BEDROOM":         "a bedroom",
	"LIVING_ROOM":     "the living room",
	"DINING_ROOM":     "the dining room",
	"HALLWAY":         "the hall or stairs",
	"LOFT":            "the loft",
	"UTILITY":         "the utility room",
	"AIRING_CUPBOARD": "the airing cupboard",
	"GARDEN":          "the garden",
	"OUTSIDE":         "outside",
	"WHOLE_HOME":      "the whole home",
	Other:             "your home",
}

// ProblemIDs lists every RepairProblem id the conversation knows, for the
// contract test against the interaction model.
func ProblemIDs() []string { return slices.Sorted(maps.Keys(problems)) }

// RoomIDs lists every Room id the conversation knows.
func RoomIDs() []string { return slices.Sorted(maps.Keys(rooms)) }

func problemName(id string) string {
	if p, ok := problems[id]; ok {
		return p.name
	}
	return problems[Other].name
}

// ProblemName is a problem in words ("a smell of gas"), as tenants hear it,
// for the staff site and the repairs team: one table for everyone.
func ProblemName(id string) string { return problemName(id) }

func roomName(id string) string {
	if r, ok := rooms[id]; ok {
		return r
	}
	return rooms[Other]
}

// inRoom says where a problem is, as a sentence carries it: "in the
// kitchen", but "outside", never "in outside".
func inRoom(id string) string {
	switch id {
	case "OUTSIDE":
		return "outside"
	case "WHOLE_HOME":
		return "throughout your home"
	}
	return "in " + roomName(id)
}

// outdoors are the problems that can only be outside the home, so the
// tenant is not asked which room a roof or a blocked drain is in (a
// sink's or a toilet's is its own problem).
var outdoors = map[string]bool{"ROOF": true, "FENCE_GATE": true, "DRAIN": true}

// wholeHome are the problems of the whole home, so the tenant is not asked
// which room the hot water is in; a room said with them is kept ("no
// heating in the back bedroom").
var wholeHome = map[string]bool{"HEATING": true, "HOT_WATER": true, "HEAT_AND_HOT_WATER": true, "NO_WATER": true, "NO_POWER": true}

// PriorityOf says how soon a problem must be attended for a household at a
// time (the cold months make no heating an emergency for vulnerable homes).
func PriorityOf(problemID string, h Household, at time.Time, cfg Config) Priority {
	if dangerous(problemID, h.Vulnerable, at, cfg) {
		return Emergency
	}
	if p, ok := problems[problemID]; ok {
		return p.priority
	}
	return Routine
}

// dangerous reports whether a problem needs safety advice at once. It needs
// the household only for heating and hot water, so callers can decide every
// other case before touching the store.
func dangerous(problemID string, vulnerable bool, at time.Time, cfg Config) bool {
	if alwaysDangerous(problemID) {
		return true
	}
	if PriorityNeedsHousehold(problemID) {
		return vulnerable && cfg.coldMonth(at)
	}
	return false
}

// PriorityNeedsHousehold reports the problems whose priority depends on
// who reports them (and when): the evaluation works theirs out household
// by household, and every other problem's from pilot-wide counts.
func PriorityNeedsHousehold(problemID string) bool {
	return withoutHeat(problemID)
}

// withoutHeat are the problems that leave a home without heating or hot
// water, an emergency for a vulnerable household in the cold months.
func withoutHeat(problemID string) bool {
	return problemID == "HEATING" || problemID == "HOT_WATER" || problemID == "HEAT_AND_HOT_WATER"
}

// Dangerous reports the problems that are emergencies for everyone: safety
// advice at once, never a guide.
func Dangerous(problemID string) bool { return alwaysDangerous(problemID) }

// AsksSafety reports the ids that stand for words leaving a danger open,
// answered with one question first.
func AsksSafety(problemID string) bool { _, ok := askSafety[problemID]; return ok }

// alwaysDangerous reports the problems that are emergencies for everyone.
func alwaysDangerous(problemID string) bool {
	p, ok := problems[problemID]
	return ok && p.priority == Emergency
}

// Timescale is how long the landlord has to attend a repair of a priority.
func Timescale(p Priority) time.Duration {
	switch p {
	case Emergency:
		return 24 * time.Hour
	case Urgent:
		return 7 * 24 * time.Hour
	default:
		return 28 * 24 * time.Hour
	}
}

func spokenTimescale(p Priority) string {
	switch p {
	case Emergency:
		return "As it's an emergency, we aim to attend within 24 hours."
	case Urgent:
		return "As it's urgent, someone should come within 7 days."
	default:
		return "Someone should come within 28 days."
	}
}

// AsksFirst reports a problem id whose words leave a danger open, so the
// skill asks its one yes/no question before any advice.
func AsksFirst(problemID string) bool {
	_, ok := askSafety[problemID]
	return ok
}
