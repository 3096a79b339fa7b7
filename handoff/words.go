package handoff

import "github.com/homehelper/homehelper/intents"

// problemWords says each RepairProblem id in words for the repairs team.
// A test checks it covers intents.ProblemIDs(), so a new problem cannot
// reach the team as a bare id unnoticed.
var problemWords = map[string]string{
	"GAS_SMELL":        "a smell of gas",
	"CO_ALARM":         "a carbon monoxide alarm going off",
	"WATER_ELECTRICS":  "water getting into the electrics",
	"FLOODING":         "flooding or a burst pipe",
	"INSECURE_HOME":    "a home that can't be made secure",
	"ELECTRICAL_FAULT": "a burning smell or sparking from the electrics",
	"LEAK":             "a leak",
	"TOILET":           "a toilet that isn't working",
	"HOT_WATER":        "no hot water",
	"HEATING":          "no heating",
	"BOILER":           "a boiler that isn't working",
	"BOILER_LOCKOUT":   "a boiler that has locked out",
	"CONDENSATE_PIPE":  "a frozen boiler pipe",
	"NO_POWER":         "no power",
	"TRIP_SWITCH":      "a switch that keeps tripping",
	"DOOR":             "a problem with a door",
	"ROOF":             "a problem with the roof",
	"DRAIN":            "a blocked drain",
	"BOILER_PRESSURE":  "low boiler pressure",
	"TAP":              "a dripping or broken tap",
	"RADIATOR":         "a radiator that isn't heating properly",
	"SINK_BLOCKED":     "a blocked sink",
	"DAMP_MOULD":       "damp or mould",
	"WINDOW":           "a problem with a window",
	"LIGHT":            "a light that isn't working",
	"EXTRACTOR_FAN":    "an extractor fan that isn't working",
	"PEST":             "pests",
	intents.Other:      "a repair the tenant could not name (call them for details)",
}

// ProblemWords is problem id in words, or the id itself if it is unknown.
func ProblemWords(id string) string {
	if w, ok := problemWords[id]; ok {
		return w
	}
	return id
}
