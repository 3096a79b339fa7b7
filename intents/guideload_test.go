package intents_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/homehelper/homehelper/intents"
)

// TestGuidesAreCheckedWhenLoaded: a guide staff edited wrongly is refused
// with the reason, rather than read to tenants.
func TestGuidesAreCheckedWhenLoaded(t *testing.T) {
	const steps = `"steps": ["One.", "Two.", "Three.", "Four."], "sources": [{"name": "a", "url": "u"}, {"name": "b", "url": "v"}], "checked": "2026-12-06"`
	tests := []struct {
		name, guide, refused string
	}{
		{"a good guide", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifFixedEarly": [{"reached": 1, "do": 4}]}`, ""},
		{"a dangerous problem", `{"topic": "GAS_SMELL", "also": [], "title": "t", "intro": "i", ` + steps + `}`, "never a guide"},
		{"a step to undo that the guide lacks", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifFixedEarly": [{"reached": 1, "do": 5}]}`, "ifFixedEarly"},
		{"a step undone before it is done", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifFixedEarly": [{"reached": 3, "do": 2}]}`, "ifFixedEarly"},
		{"water's step, with what to do now", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifWater": [{"reached": 2, "do": 3, "now": "Close it now."}]}`, ""},
		{"water's step before the step that opens it", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifWater": [{"reached": 3, "do": 2, "now": "Close it now."}]}`, "ifWater"},
		{"a trip's unplugging and appliance steps", `{"topic": "TRIP_SWITCH", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifTripsAgain": {"unplug": 2, "appliance": 4}}`, ""},
		{"a trip's appliance step before its unplugging step", `{"topic": "TRIP_SWITCH", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifTripsAgain": {"unplug": 3, "appliance": 2}}`, "ifTripsAgain"},
		{"a trip's unplugging step past the last", `{"topic": "TRIP_SWITCH", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifTripsAgain": {"unplug": 9}}`, "ifTripsAgain"},
		{"water's step with nothing to do now", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifWater": [{"reached": 2, "do": 3}]}`, "ifWater"},
		{"words it is not for, as read", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "notFor": ["storage heater*", "oil filled"]}`, ""},
		{"words it is not for, not as read", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "notFor": ["Storage heater's"]}`, "notFor"},
		{"a misspelt field", `{"topic": "RADIATOR", "also": [], "title": "t", "intro": "i", ` + steps + `, "ifFixedEarley": []}`, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := intents.LoadGuides(fstest.MapFS{"g.json": {Data: []byte(tt.guide)}})
			switch {
			case tt.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.refused != "" && (err == nil || !strings.Contains(err.Error(), tt.refused)):
				t.Fatalf("error %v, want one saying %q", err, tt.refused)
			}
		})
	}
}
