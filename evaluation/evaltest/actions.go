package evaltest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// The actions below are what tenants do, each written from what the
// conversation is documented to do (docs/conversation.md,
// docs/usage-events.md): the events each request must leave, and which task
// each request belongs to.

const (
	yesIntent = "AMAZON.YesIntent"
	noIntent  = "AMAZON.NoIntent"
	nextKey   = "AMAZON.NextIntent"
)

// Launch opens Home Helper.
func Launch() Action {
	return func(s *Session) {
		s.say(intents.LaunchRequest, nil, "", expect{flow: intents.FlowLaunch, outcome: intents.OutcomeWelcomed})
		s.in = ""
	}
}

// ReportRepair reports a problem without a guide, naming the problem and
// room at once, and says yes to the read-back. p is the priority the
// problem has for the household (docs/conversation.md, "Repair priorities").
func ReportRepair(problem, room string, p intents.Priority) Action {
	return func(s *Session) {
		s.needLinked("reporting a repair")
		s.noGuide(problem)
		s.say("ReportRepairIntent", slots(resolved("problem", problem), resolved("room", room)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "confirm", starts: []task{repair}})
		s.in = intents.FlowRepair
		s.confirmRepair(problem, p, false)
	}
}

// ReportRepairAskedFor reports a repair one question at a time: "report a
// repair", then the problem, then the room, then yes.
func ReportRepairAskedFor(problem, room string, p intents.Priority) Action {
	return func(s *Session) {
		s.needLinked("reporting a repair")
		s.noGuide(problem)
		s.say("ReportRepairIntent", nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "problem", starts: []task{repair}})
		s.in = intents.FlowRepair
		s.say("ReportRepairIntent", slots(resolved("problem", problem)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "room", touches: []task{repair}})
		s.say("ReportRepairIntent", slots(resolved("room", room)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "confirm", touches: []task{repair}})
		s.confirmRepair(problem, p, false)
	}
}

// confirmRepair says yes to "Shall I report it?".
func (s *Session) confirmRepair(problem string, p intents.Priority, afterGuide bool) {
	s.say(yesIntent, nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairReported, step: "saved", starts: []task{repair}, ends: []task{repair}})
	s.reported = s.last()
	s.g.tally.Repairs = append(s.g.tally.Repairs, &Repair{Time: s.last().Time, Session: s.id, Household: s.hh, Demo: s.demo,
		Problem: problem, Priority: p, AfterGuide: afterGuide})
	s.in = ""
	s.task("repair")
}

// DeclineReadBack names a problem and room, then says no to the read-back.
func DeclineReadBack(problem, room string) Action {
	return func(s *Session) {
		s.needLinked("reporting a repair")
		s.noGuide(problem)
		s.say("ReportRepairIntent", slots(resolved("problem", problem), resolved("room", room)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "confirm", starts: []task{repair}})
		s.say(noIntent, nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairDeclined, step: "confirm", touches: []task{repair}})
		s.in = ""
	}
}

// StartRepair says "report a repair" and nothing more yet: Home Helper
// asks what the problem is.
func StartRepair() Action {
	return func(s *Session) {
		s.say("ReportRepairIntent", nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "problem", starts: []task{repair}})
		s.in = intents.FlowRepair
	}
}

// EmergencyAdvice reports a dangerous problem that does not need the
// tenant to leave (water in electrics; no heating for a vulnerable
// household in the cold months): the safety script, repeated `repeats`
// times on request, then "no" to hearing it again, which ends the session.
// A linked household's repair is saved by the script.
func EmergencyAdvice(problem string, repeats int) Action {
	return func(s *Session) {
		s.say("ReportRepairIntent", slots(resolved("problem", problem)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeEmergencyAdvised, step: "emergency"})
		s.emergency(problem)
		for range repeats {
			s.say(yesIntent, nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeEmergencyAdvised, step: "repeat"})
		}
		s.say(noIntent, nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeStopped, end: true})
		s.in = ""
	}
}

// EmergencyLeave reports a smell of gas or a carbon monoxide alarm: the
// script tells the tenant to leave and the session ends at once.
func EmergencyLeave(problem string) Action {
	return func(s *Session) {
		s.say("ReportRepairIntent", slots(resolved("problem", problem)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeEmergencyAdvised, step: "emergency", end: true})
		s.emergency(problem)
		s.in = ""
	}
}

func (s *Session) emergency(problem string) {
	s.last().emergency = problem
	if s.hh != "" {
		s.g.tally.Repairs = append(s.g.tally.Repairs, &Repair{Time: s.last().Time, Session: s.id, Household: s.hh, Demo: s.demo,
			Problem: problem, Priority: intents.Emergency, BySafetyScript: true})
		// Reporting an emergency by voice, and so having it saved, is a
		// task done for readiness; no rating is asked after one.
		s.g.tally.Tasks = append(s.g.tally.Tasks, &Task{Kind: "emergency", Time: s.last().Time, Session: s.id,
			Household: s.hh, Demo: s.demo, OnOwn: !s.helped})
	}
}

// StartGuide asks for a guide and says "next" until it reaches step.
func StartGuide(problem string, step int) Action {
	return func(s *Session) { s.startGuide(problem, step) }
}

func (s *Session) startGuide(problem string, step int) {
	if n := s.steps(problem); step < 1 || step > n {
		s.fatalf("%s has %d steps, not %d", problem, n, step)
	}
	s.say("SelfFixIntent", slots(resolved("problem", problem)), "",
		expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideStarted, step: "1", starts: []task{guide}})
	s.g.open[s.speaker].Topic = problem
	s.in = intents.FlowSelfFix
	for k := 2; k <= step; k++ {
		s.say(nextKey, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideStep, step: strconv.Itoa(k), touches: []task{guide}})
	}
}

// finishGuide says "next" from the current step to the last, then answers
// "Did that fix it?".
func (s *Session) finishGuide(fixed bool) {
	a := s.g.open[s.speaker]
	n := s.steps(a.Topic)
	from, _ := strconv.Atoi(a.Step)
	for k := from + 1; k <= n; k++ {
		s.say(nextKey, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideStep, step: strconv.Itoa(k), touches: []task{guide}})
	}
	if fixed {
		s.say(yesIntent, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideFixed, step: strconv.Itoa(n), ends: []task{guide}})
		a.Fixed = true
		s.in = ""
		s.task("guide")
		return
	}
	// A linked household is asked for the room of the repair the guide
	// hands over to.
	s.needLinked("reporting a repair after a guide")
	s.say(noIntent, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideNotFixed, step: "room",
		ends: []task{guide}, starts: []task{repair}})
	s.task("guide")
	s.in = intents.FlowRepair
}

// GuideFixed follows a guide from the first step to the last and says it
// fixed the problem.
func GuideFixed(problem string) Action {
	return func(s *Session) {
		s.startGuide(problem, 1)
		s.finishGuide(true)
	}
}

// GuideNotFixed follows a guide to the end and says it did not fix it:
// Home Helper moves on to reporting the repair, asking for the room.
func GuideNotFixed(problem string) Action {
	return func(s *Session) {
		s.startGuide(problem, 1)
		s.finishGuide(false)
	}
}

// GuideNotFixedThenReport follows a guide to the end, says it did not fix
// it, gives the room and says yes to the report.
func GuideNotFixedThenReport(problem, room string, p intents.Priority) Action {
	return func(s *Session) {
		s.startGuide(problem, 1)
		s.finishGuide(false)
		s.say("ReportRepairIntent", slots(resolved("room", room)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "confirm", touches: []task{repair}})
		s.confirmRepair(problem, p, true)
		s.reported.notFixedReported = true
	}
}

// ReportInsteadOfGuide follows a guide to step, then asks to report the
// problem instead, naming the room, and says yes: a repair reported after
// trying a guide that never said it did not work. The guide keeps its place.
func ReportInsteadOfGuide(problem, room string, p intents.Priority, step int) Action {
	return func(s *Session) {
		s.needLinked("reporting a repair")
		s.startGuide(problem, step)
		s.say("ReportRepairIntent", slots(resolved("problem", problem), resolved("room", room)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairPrompted, step: "confirm", starts: []task{repair}})
		s.in = intents.FlowRepair
		s.confirmRepair(problem, p, true)
	}
}

// GuideLeftAt follows a guide to step and says stop: the place is kept and
// the session ends.
func GuideLeftAt(problem string, step int) Action {
	return func(s *Session) {
		s.startGuide(problem, step)
		s.say("AMAZON.StopIntent", nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideLeft,
			step: strconv.Itoa(step), end: true, touches: []task{guide}})
		s.in = ""
	}
}

// ResumeGuideFixed says yes to carrying on with the guide left part-way
// (offered by Launch), follows it to the end and says it fixed it.
func ResumeGuideFixed() Action {
	return func(s *Session) {
		a := s.openGuide()
		s.say(yesIntent, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideResumed, step: a.Step, touches: []task{guide}})
		s.in = intents.FlowSelfFix
		s.finishGuide(true)
	}
}

// DeclineResume says no to carrying on with the guide left part-way.
func DeclineResume() Action {
	return func(s *Session) {
		a := s.openGuide()
		s.say(noIntent, nil, "", expect{flow: intents.FlowSelfFix, outcome: intents.OutcomeGuideLeft, step: a.Step, touches: []task{guide}})
		s.in = ""
	}
}

func (s *Session) openGuide() *Attempt {
	a := s.g.open[s.speaker]
	if a == nil {
		s.fatalf("no guide left part-way on this speaker")
	}
	return a
}

// BookVisit asks for a coach visit, turns down `declines` offers and books
// the next.
func BookVisit(declines int) Action {
	return func(s *Session) {
		s.needLinked("booking a visit")
		s.say("BookCoachIntent", nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachOffered, step: "offer", starts: []task{booking}})
		s.in = intents.FlowCoach
		for range declines {
			s.say(noIntent, nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachDeclined, step: "offer", touches: []task{booking}})
		}
		s.say(yesIntent, nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachBooked, step: "booked", starts: []task{booking}, ends: []task{booking}})
		s.in = ""
		s.task("booking")
	}
}

// DeclineVisits asks for a coach visit, turns down offers-1 of them and
// says stop at the last: nothing is booked and the session ends.
func DeclineVisits(offers int) Action {
	return func(s *Session) {
		s.needLinked("booking a visit")
		s.say("BookCoachIntent", nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachOffered, step: "offer", starts: []task{booking}})
		for range offers - 1 {
			s.say(noIntent, nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachDeclined, step: "offer", touches: []task{booking}})
		}
		s.say("AMAZON.StopIntent", nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachDeclined, end: true, touches: []task{booking}})
		s.in = ""
	}
}

// CheckVisitNoneDecline asks when the coach is coming when no visit is
// booked, and says no to booking one: a declined offer, not a booking
// started.
func CheckVisitNoneDecline() Action {
	return func(s *Session) {
		s.needLinked("checking a visit")
		s.say("CheckAppointmentIntent", nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachChecked, step: "none_booked"})
		s.say(noIntent, nil, "", expect{flow: intents.FlowCoach, outcome: intents.OutcomeCoachDeclined})
		s.in = ""
	}
}

// RepairStatus asks about repairs when some are open.
func RepairStatus() Action {
	return func(s *Session) {
		s.needLinked("asking about repairs")
		s.say("RepairStatusIntent", nil, "", expect{flow: intents.FlowStatus, outcome: intents.OutcomeStatusRead})
		s.in = ""
	}
}

// RepairStatusNoneDecline asks about repairs when none are open, and says
// no to reporting one: a declined offer, not a report started.
func RepairStatusNoneDecline() Action {
	return func(s *Session) {
		s.needLinked("asking about repairs")
		s.say("RepairStatusIntent", nil, "", expect{flow: intents.FlowStatus, outcome: intents.OutcomeStatusRead})
		s.say(noIntent, nil, "", expect{flow: intents.FlowRepair, outcome: intents.OutcomeRepairDeclined})
		s.in = ""
	}
}

// LinkByVoice says wrongCodes wrong link codes, then the household's own.
func LinkByVoice(wrongCodes int) Action {
	return func(s *Session) {
		if s.household == nil || s.household.linked {
			s.fatalf("LinkByVoice needs a household not yet linked")
		}
		for i := range wrongCodes {
			code := fmt.Sprint(100000 + i)
			if code == s.household.code {
				code = fmt.Sprint(200000 + i)
			}
			s.say("LinkHomeIntent", slots(heard("code", code)), "",
				expect{flow: intents.FlowLink, outcome: intents.OutcomeLinkFailed, step: "wrong_code", starts: []task{linking}})
			s.in = intents.FlowLink
		}
		s.say("LinkHomeIntent", slots(heard("code", s.household.code)), "",
			expect{flow: intents.FlowLink, outcome: intents.OutcomeLinked, step: "linked", starts: []task{linking}, ends: []task{linking}, linksHere: true})
		s.in = ""
	}
}

// RepairNeedsCodeNoCode reports a repair from a speaker not linked to a
// home, and says no when asked for the link code: both the report and the
// linking stop there.
func RepairNeedsCodeNoCode(problem string) Action {
	return func(s *Session) {
		if s.hh != "" {
			s.fatalf("RepairNeedsCodeNoCode needs a speaker not linked to a home")
		}
		s.noGuide(problem)
		s.say("ReportRepairIntent", slots(resolved("problem", problem)), "",
			expect{flow: intents.FlowRepair, outcome: intents.OutcomeLinkNeeded, step: "link", starts: []task{repair, linking}})
		s.say(noIntent, nil, "", expect{flow: intents.FlowLink, outcome: intents.OutcomeLinkNeeded, step: "code", touches: []task{repair, linking}})
		s.in = ""
	}
}

// Help asks for help at the main menu.
func Help() Action {
	return func(s *Session) {
		if s.in != "" {
			s.fatalf("Help is scripted for the main menu only")
		}
		s.say("AMAZON.HelpIntent", nil, "", expect{flow: intents.FlowHelp, outcome: intents.OutcomeHelp})
	}
}

// Fallback says something Home Helper cannot match; it belongs to the task
// in progress, if any.
func Fallback() Action {
	return func(s *Session) {
		s.say("AMAZON.FallbackIntent", nil, "", expect{flow: s.flowHere(), outcome: intents.OutcomeNotUnderstood, touches: s.taskHere()})
	}
}

// Stop says stop at the main menu or at "anything else?".
func Stop() Action {
	return func(s *Session) {
		if s.in != "" {
			s.fatalf("Stop is scripted outside a task only")
		}
		s.say("AMAZON.StopIntent", nil, "", expect{flow: intents.FlowOther, outcome: intents.OutcomeStopped, end: true})
	}
}

// NoMore says no to "Is there anything else I can help with?".
func NoMore() Action {
	return func(s *Session) {
		s.anythingElse()
		s.say(noIntent, nil, "", expect{flow: intents.FlowOther, outcome: intents.OutcomeStopped, end: true})
	}
}

// MoreYes says yes to "Is there anything else I can help with?".
func MoreYes() Action {
	return func(s *Session) {
		s.anythingElse()
		s.say(yesIntent, nil, "", expect{flow: intents.FlowLaunch, outcome: intents.OutcomeWelcomed})
		s.in = ""
	}
}

func (s *Session) anythingElse() {
	if s.state.Pending != "anything_else" {
		s.fatalf("the script expects \"anything else?\" to have been asked (pending %q)", s.state.Pending)
	}
}

// End is Alexa ending the session (reason USER_INITIATED, ERROR or
// EXCEEDED_MAX_REPROMPTS); it belongs to the task in progress, and a guide
// keeps its place.
func End(reason string) Action {
	return func(s *Session) {
		w := expect{flow: s.flowHere(), outcome: intents.OutcomeEnded, end: true, touches: s.taskHere()}
		if s.in == intents.FlowSelfFix {
			w.step = s.openGuide().Step
		}
		s.say(intents.SessionEndedRequest, nil, reason, w)
		s.in = ""
	}
}

func (s *Session) flowHere() intents.Flow {
	if s.in == "" {
		return intents.FlowOther
	}
	return s.in
}

func (s *Session) taskHere() []task {
	switch s.in {
	case intents.FlowRepair:
		return []task{repair}
	case intents.FlowSelfFix:
		return []task{guide}
	case intents.FlowCoach:
		return []task{booking}
	case intents.FlowLink:
		return []task{linking}
	}
	return nil
}

// feedbackEvery is how often a household may be asked for a rating
// (intents/usage.go: at most once a fortnight).
const feedbackEvery = 14 * 24 * time.Hour

// answerFeedback follows a finished task: a linked household not asked in
// the last fortnight is asked how easy it was, and answers as the visit
// planned.
func (s *Session) answerFeedback() {
	at := s.last().Time
	last, asked := s.g.asked[s.hh]
	due := s.hh != "" && (!asked || at.Sub(last) >= feedbackEvery)
	if got := s.state.Pending == "feedback"; got != due {
		s.fatalf("feedback asked = %v after this task, the script expects %v", got, due)
	}
	if !due {
		return
	}
	s.g.asked[s.hh] = at
	if len(s.feedback) == 0 {
		s.fatalf("\"how easy was that?\" is asked here: plan an answer in Visit.Feedback")
	}
	answer := s.feedback[0]
	s.feedback = s.feedback[1:]
	fb := &Feedback{Time: at, Session: s.id, Household: s.hh, Demo: s.demo}
	s.g.tally.Feedback = append(s.g.tally.Feedback, fb)
	s.in = intents.FlowFeedback
	rate := func(n string) {
		s.say("FeedbackIntent", slots(heard("rating", n)), "", expect{flow: intents.FlowFeedback, outcome: intents.OutcomeFeedbackGiven})
		fb.Rating, _ = strconv.Atoi(n)
		s.in = ""
	}
	switch answer {
	case "1", "2", "3", "4", "5":
		rate(answer)
	case "?1", "?2", "?3", "?4", "?5":
		s.say("AMAZON.FallbackIntent", nil, "", expect{flow: intents.FlowFeedback, outcome: intents.OutcomeFeedbackAsked})
		rate(answer[1:])
	case "no":
		s.say(noIntent, nil, "", expect{flow: intents.FlowFeedback, outcome: intents.OutcomeFeedbackDeclined})
		s.in = ""
	case "stop":
		s.say("AMAZON.StopIntent", nil, "", expect{flow: intents.FlowFeedback, outcome: intents.OutcomeFeedbackDeclined, end: true})
		s.in = ""
	case "none":
	default:
		s.fatalf("feedback answer %q: want 1-5, ?1-?5, no, stop or none", answer)
	}
}

// ForgetMe asks Home Helper to forget the household, and says yes: the
// household's events lose their ids and the session ends.
func ForgetMe() Action {
	return func(s *Session) {
		s.needLinked("forgetting a household")
		if s.in != "" {
			s.fatalf("ForgetMe is scripted outside a task only")
		}
		// Asking is recorded as help given (intents/lifecycle.go).
		s.say("ForgetMeIntent", nil, "", expect{flow: intents.FlowOther, outcome: intents.OutcomeForgetAsked})
		s.say(yesIntent, nil, "", expect{flow: intents.FlowOther, outcome: intents.OutcomeForgotten, end: true, forgets: true})
	}
}
