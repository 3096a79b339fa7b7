package evaltest

import (
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// PilotStart is day 0 of the standard scenario: Monday 19 October 2026,
// in British Summer Time; the clocks go back on Sunday 25 October (day 6),
// so the scenario's days are 23, 24 and 25 hours long.
var PilotStart = time.Date(2026, time.October, 19, 0, 0, 0, 0, london())

func london() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // time/tzdata is imported, so this cannot happen
	}
	return loc
}

// Pilot is the standard scenario: six weeks, nine households who use Home
// Helper in different ways, a speaker not linked to any household, and the
// try-it page. Every measure has something to count in it:
//
//   - HH-ADA uses it on eight days (one session runs past midnight):
//     repairs of two priorities, two guides fixed (one left and resumed the
//     next day), a visit booked after turning one down, and a report made
//     in the middle of a guide. Independent.
//   - HH-BEN, vulnerable: no heating in October is an emergency (the script
//     repeated once); a guide that did not fix it became a report; visits
//     offered and turned down; later another guide does not fix it and he
//     leaves it there. Getting there.
//   - HH-CAT needs help on her one day in week 1, reports a repair, and
//     never comes back: stopped. Needs support.
//   - HH-DAN is enrolled and never links a speaker. Not started.
//   - HH-EVE is not understood, asks for help, lets two sessions time out
//     (one in the middle of a report) and turns down reporting a repair.
//     Needs support.
//   - HH-FAY links her speaker by voice after a wrong code, books a visit,
//     fixes a switch, then turns down a read-back. Getting there.
//   - HH-GUS's session ends in an error in the middle of a guide; weeks
//     later he turns down carrying on with it. Needs support.
//   - A visitor's speaker, not linked: a guide fixed, a gas emergency, a
//     repair that stops at the link code, and one that turns out to be a
//     carbon monoxide alarm.
//   - HH-HAL, in the last week, mostly is not understood before booking a
//     visit. Needs support.
//   - HH-IVY reports a repair, rates it 5, and two days later asks to be
//     forgotten: her events lose their ids and she leaves the list.
//   - The try-it page: a guide and help, marked demo.
func Pilot() Scenario {
	hs := []Household{
		{Ref: "HH-ADA", Linked: true, Band: evaluation.Independent},
		{Ref: "HH-BEN", Linked: true, Vulnerable: true, Band: evaluation.GettingThere},
		{Ref: "HH-CAT", Linked: true, Band: evaluation.NeedsSupport},
		{Ref: "HH-DAN", Band: evaluation.NotStarted},
		{Ref: "HH-EVE", Linked: true, Band: evaluation.NeedsSupport},
		{Ref: "HH-FAY", Band: evaluation.GettingThere},
		{Ref: "HH-GUS", Linked: true, Band: evaluation.NeedsSupport},
		{Ref: "HH-HAL", Linked: true, Band: evaluation.NeedsSupport},
		{Ref: "HH-IVY", Linked: true},
	}
	const (
		ada, ben, cat, eve, fay, gus, hal, ivy = "HH-ADA", "HH-BEN", "HH-CAT", "HH-EVE", "HH-FAY", "HH-GUS", "HH-HAL", "HH-IVY"
	)
	vs := []Visit{
		{Day: 0, At: "09:15", Who: ada, Do: []Action{ReportRepair("LEAK", "KITCHEN", intents.Urgent), NoMore()}, Feedback: []string{"4"}},
		{Day: 1, At: "07:10", Who: ben, Do: []Action{EmergencyAdvice("HEATING", 1)}},
		{Day: 2, At: "19:40", Who: ada, Do: []Action{Launch(), GuideFixed("RADIATOR"), NoMore()}},
		{Day: 3, At: "20:30", Who: cat, Do: []Action{Launch(), Help(), ReportRepairAskedFor("DOOR", "HALLWAY", intents.Urgent), NoMore()}, Feedback: []string{"?3"}},
		{Day: 4, At: "11:00", Who: eve, Do: []Action{Launch(), Fallback(), Fallback(), Help(), End("EXCEEDED_MAX_REPROMPTS")}},
		{Day: 5, At: "18:00", Who: fay, Do: []Action{Launch(), LinkByVoice(1), Stop()}},
		// Sunday 25 October, after the clocks went back.
		{Day: 6, At: "18:10", Who: fay, Do: []Action{BookVisit(0)}, Feedback: []string{"stop"}},
		{Day: 7, At: "12:00", Who: gus, Do: []Action{StartGuide("RADIATOR", 2), End("ERROR")}},
		{Day: 8, At: "10:05", Who: ada, Do: []Action{BookVisit(1), NoMore()}},
		{Day: 9, At: "13:30", Who: ben, Do: []Action{GuideNotFixedThenReport("SINK_BLOCKED", "KITCHEN", intents.Routine), NoMore()}, Feedback: []string{"no"}},
		{Day: 10, At: "13:35", Who: ben, Do: []Action{DeclineVisits(2)}},
		{Day: 11, At: "11:20", Who: eve, Do: []Action{StartRepair(), Fallback(), End("EXCEEDED_MAX_REPROMPTS")}},
		{Day: 12, At: "09:00", Who: fay, Do: []Action{GuideFixed("TRIP_SWITCH"), MoreYes(), DeclineReadBack("WINDOW", "LIVING_ROOM"), NoMore()}},
		{Day: 13, At: "15:00", Do: []Action{GuideFixed("SINK_BLOCKED"), NoMore()}},
		{Day: 14, At: "10:00", Speaker: "tryit", Demo: true, Do: []Action{Launch(), GuideFixed("RADIATOR"), NoMore()}},
		{Day: 14, At: "10:10", Speaker: "tryit", Demo: true, Do: []Action{Launch(), Help(), Stop()}},
		{Day: 15, At: "08:30", Who: ada, Do: []Action{GuideLeftAt("BOILER_PRESSURE", 3)}},
		{Day: 16, At: "08:45", Who: ada, Do: []Action{Launch(), ResumeGuideFixed(), NoMore()}, Feedback: []string{"5"}},
		{Day: 17, At: "10:00", Who: ivy, Do: []Action{ReportRepair("TAP", "BATHROOM", intents.Routine), NoMore()}, Feedback: []string{"5"}},
		{Day: 19, At: "10:00", Who: ivy, Do: []Action{Launch(), ForgetMe()}},
		{Day: 20, At: "21:00", Do: []Action{EmergencyLeave("GAS_SMELL")}},
		// Runs past midnight: two days of use for Ada.
		{Day: 22, At: "23:59:50", Who: ada, Do: []Action{RepairStatus(), NoMore()}},
		{Day: 25, At: "16:00", Who: eve, Do: []Action{Launch(), RepairStatusNoneDecline(), NoMore()}},
		{Day: 27, At: "12:00", Do: []Action{RepairNeedsCodeNoCode("DOOR"), Stop()}},
		{Day: 29, At: "11:00", Who: ada, Do: []Action{Launch(), Fallback(), ReportRepair("WINDOW", "BEDROOM", intents.Routine), NoMore()}},
		{Day: 30, At: "10:00", Who: gus, Do: []Action{Launch(), DeclineResume(), Stop()}},
		{Day: 33, At: "17:00", Who: ben, Do: []Action{RepairStatus(), MoreYes(), GuideNotFixed("TOILET_BLOCKED"), End("EXCEEDED_MAX_REPROMPTS")}},
		// A report that turns out to be an emergency is counted as one,
		// not as a report abandoned.
		{Day: 34, At: "06:50", Do: []Action{StartRepair(), EmergencyLeave("CO_ALARM")}},
		{Day: 36, At: "10:30", Who: fay, Do: []Action{CheckVisitNoneDecline(), NoMore()}},
		{Day: 40, At: "19:05", Who: ada, Do: []Action{ReportInsteadOfGuide("DAMP_MOULD", "BATHROOM", intents.Routine, 2), NoMore()}, Feedback: []string{"1"}},
		{Day: 38, At: "15:00", Who: hal, Do: []Action{Launch(), Help(), Fallback(), Fallback(), Fallback(), BookVisit(0), NoMore()}, Feedback: []string{"no"}},
	}
	return Scenario{Start: PilotStart, Days: 42, Households: hs, Visits: vs}
}
