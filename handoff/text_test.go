package handoff

import (
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

func TestText(t *testing.T) {
	m := ForRepair(intents.Repair{Ref: "HK1002", Problem: "GAS_SMELL", Priority: intents.Emergency, ReportedAt: t0},
		"TEN-00001", ProblemWords("GAS_SMELL"))
	subject, body := m.Text()
	for _, want := range []string{"EMERGENCY", "HK1002", "a smell of gas"} {
		if !strings.Contains(subject, want) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}
	for _, want := range []string{"EMERGENCY", "HK1002", "TEN-00001", "a smell of gas", "emergency", "Tue 1 Dec 2026 09:00 GMT"} {
		if !strings.Contains(body, want) {
			t.Errorf("body %q lacks %q", body, want)
		}
	}
}

func TestVisitText(t *testing.T) {
	m := ForVisit(intents.Booking{ID: "bk-1", Slot: intents.CoachSlot{CoachID: "coach-priya", Coach: "Priya", Start: t0}},
		"TEN-00001", true)
	subject, body := m.Text()
	for _, want := range []string{"CANCELLED", "Priya", "Tue 1 Dec 2026 09:00 GMT"} {
		if !strings.Contains(subject, want) {
			t.Errorf("subject %q lacks %q", subject, want)
		}
	}
	for _, want := range []string{"TEN-00001", "bk-1", "coach-priya", "visit:bk-1:cancelled"} {
		if !strings.Contains(body, want) {
			t.Errorf("body %q lacks %q", body, want)
		}
	}
}
