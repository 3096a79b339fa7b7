package intents

import (
	"context"
	"strings"
	"time"
)

// This file keeps a pending question alive through answers it did not
// expect. Whatever the skill is waiting on — a slot it elicited, a yes or
// no, "Did that fix it?", a visit offered — help, "say that again", "hang
// on", "thank you" and words it could not understand are answered, and then
// the same question is asked again in full (State.Q, with the same slot
// elicitation, State.El): never the main menu, never another question.

// offScript answers something the pending question did not expect: lead,
// then the pending question again, word for word, with its elicitation.
// It returns false when nothing is pending, so the caller can answer as it
// would at the main menu. The caller sets the event's flow and outcome.
func (t *turn) offScript(ctx context.Context, lead *speech) (Response, bool) {
	if t.st.Q == "" {
		return Response{}, false
	}
	t.reasked = true
	t.slot("problem", t.st.Problem)
	t.slot("room", t.st.Room)
	t.guideTried(t.st.GuideTried)
	s := say().add(lead).add(ssml(t.st.Q))
	r := Response{Speech: s.String(), Reprompt: t.st.Ask, State: t.st, Elicit: t.st.El}
	if r.Reprompt == "" {
		r.Reprompt = t.st.Q
	}
	return r, true
}

// taskFlow records the event under the task in progress, if there is one.
func (t *turn) taskFlow(otherwise Flow) {
	t.flow(otherwise)
	if t.st.Flow != "" {
		t.flow(t.st.Flow)
	}
}

// yesNo reports whether the pending question is answered with yes or no.
func (s State) yesNo() bool {
	switch s.Pending {
	case "", pendingHaveCode, pendingFeedback:
		return false
	}
	return true
}

// inGuide reports whether a guide is being followed (not merely declined).
func (s State) inGuide() bool { return s.Guide != "" && s.Guide != guideDeclined }

// questionHelp explains the pending question, for "help".
func (t *turn) questionHelp() *speech {
	switch t.st.Pending {
	case pendingConfirmRepair:
		return say("I've got the details of your repair. Say yes and I'll report it, or no if something's not right.")
	case pendingOfferGuide:
		return say("There's a short guide that might fix it now, without waiting for a repair.",
			"Say yes to try it, or no and I'll carry on with reporting it.")
	case pendingReportInstead:
		return say("I can report it as a repair for you, so someone comes to look. Say yes to report it, or no to leave it.")
	case pendingOfferReport:
		return say("Say yes and I'll help you report a repair, or no to leave it.")
	case pendingAlso:
		return say("You told me about two things at once. Say yes and I'll help you report the second one now, or no to leave it.")
	case pendingGuideNext:
		return say("I'm talking you through a guide, one step at a time.",
			"Say next for the next step, repeat to hear this step again, or go back for the step before.",
			"Say stop to leave; I'll keep your place.")
	case pendingGuideAgain:
		return say("Say yes and I'll say the step again, or no to stop for now. I'll keep your place.")
	case pendingGuideOrReport:
		return say("You named what the guide is for. Say yes and I'll report it instead, so someone comes to look, or no to carry on with the guide.")
	case pendingGuideFixed:
		return say("That was the last step of the guide. If the problem has gone, say yes.",
			"If it's still there, say no, and I'll help you report it.")
	case pendingResumeGuide:
		return say("Last time, you started a guide and didn't finish it.",
			"Say yes to carry on where you left off, or no to do something else.")
	case pendingBookSlot:
		return say("I'm offering you a time for your Neighbourhood Coach to visit.",
			"Say yes to book it, or no to hear another time. You can also name a day, for example: Thursday afternoon.")
	case pendingWidenSearch:
		return say("There are no free visits at the time you asked for. Say yes and I'll look at other days, or no to leave it.")
	case pendingOfferBooking:
		return say("Your Neighbourhood Coach can visit you at home. Say yes and I'll find you a time, or no to leave it.")
	case pendingCancelVisit:
		return say("Say yes and I'll cancel your visit, or no to keep it.")
	case pendingReminder:
		return say("Your visit is booked. Say yes and Alexa will remind you before it, or no if you don't need a reminder.")
	case pendingSafety:
		return say("I'm asking to make sure you're safe. If you're not sure, say yes.")
	case pendingRepeatEmergency:
		return say("I've just given you safety advice. Say yes to hear it again, or no if you've got it.")
	case pendingAnythingElse:
		return say("I can report a repair, help you fix something yourself, or book a visit from your Neighbourhood Coach.",
			"Just tell me what you need, or say no if that's all.")
	case pendingHaveCode:
		return say("Your code is the six numbers your Neighbourhood Coach gave you, to link this speaker to your home.",
			"Say them one at a time.")
	case pendingFeedback:
		return say("I'd like to know how easy Home Helper was to use, to see if it helps. If you'd rather not say, just say no thanks.")
	case pendingForget:
		return say("Say yes and I'll remove what Home Helper keeps about your home, or no to keep it.")
	}
	if t.st.El != nil {
		switch t.st.El.Intent + "." + t.st.El.Slot {
		case "ReportRepairIntent.problem":
			return say("I'll take down your repair for the repairs team. Tell me what's wrong, in your own words.")
		case "ReportRepairIntent.room":
			return say("I need to know where the problem is, so the repairs team know where to look.")
		case "SelfFixIntent.problem":
			return say("I can talk you through fixing some things yourself. Tell me what you'd like to fix.")
		}
		return say("Just tell me in your own words.")
	}
	if t.st.yesNo() {
		return say("Please answer yes or no.")
	}
	return nil
}

// notCaught is the apology for words not understood, with what the pending
// question takes. The second time in a row, and after, it gives the
// landlord's number, so nobody is stuck talking to a speaker.
func (t *turn) notCaught() *speech {
	var s *speech
	switch t.st.Miss {
	case 0:
		s = say("Sorry, I didn't understand that.")
	case 1:
		s = say("Sorry, I still didn't understand. If you'd like to talk to someone, call us on").
			phone(t.cfg.LandlordPhone).text(". Or we can keep going here.")
	default:
		// Two ways of saying it, in turn: never the same answer twice in
		// a row, however long it goes on.
		if t.st.Miss%2 == 0 {
			s = say("I'm sorry, I'm finding that hard to understand. You can call us on").
				phone(t.cfg.LandlordPhone).text(", or try again here.")
		} else {
			s = say("I'm still not catching that, sorry. If it's easier, our number is").
				phone(t.cfg.LandlordPhone).text(".")
		}
	}
	switch {
	case t.st.Pending == pendingGuideNext:
		s.text("You can say next, repeat, or go back.")
	case t.st.Pending == pendingBookSlot:
		s.text("Please say yes or no, or name a day that suits you.")
	case t.st.yesNo():
		s.text("Please say yes or no.")
	}
	return s
}

// missed answers words that could not be understood: the pending question
// again, or the main menu when nothing is pending; a safety question's
// advice.
func (t *turn) missed(ctx context.Context) Response {
	if _, ok := askSafety[t.st.Problem]; ok && t.st.Pending == pendingSafety {
		// The safety question is asked once: an answer not understood
		// ("possibly, it's quite strong", or words Alexa could not match)
		// is not a no, so the advice comes now rather than another round.
		return t.safetyAnswered(ctx, true)
	}
	t.taskFlow(FlowOther)
	t.outcome(OutcomeNotUnderstood)
	if r, ok := t.offScript(ctx, t.notCaught()); ok {
		return r
	}
	s := t.notCaught().text("For example, you can say: report a repair, or: my radiator is cold.")
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

// strayWords answers words the model could only take as a repair report
// (its catch-all sample) while another question is pending: words that
// name no problem, room or topic ("later in the day", said to a visit
// offer) are that question's answer not understood, so it is asked again
// instead of starting a report of nothing. While the report's own slots
// are being asked for, or "anything else?" leaves the tenant free to start
// afresh, the report reads the words. Danger has been read before this
// runs (heardDanger).
func (t *turn) strayWords(ctx context.Context) (Response, bool) {
	if t.st.Q == "" || t.st.Pending == pendingAnythingElse || t.req.Intent != "ReportRepairIntent" ||
		(t.st.El != nil && t.st.El.Intent == "ReportRepairIntent") {
		return Response{}, false
	}
	var words []string
	for name, s := range t.req.Slots {
		switch {
		case !s.filled() || t.echo(name, s):
		case s.ID != "", t.readProblem(s.Value) != "", t.topicIn(s.Value) != "":
			return Response{}, false
		default:
			words = append(words, s.Value)
		}
	}
	// Alexa may split one description across slots ("the sink" as the
	// room, "is still blocked" as the problem): read them together too.
	if all := strings.Join(words, " "); t.readProblem(all) != "" || t.topicIn(all) != "" {
		return Response{}, false
	}
	// Words that answer the question in the tenant's own way ("aye go on",
	// "it's still not working", "go back one") are answered, not missed.
	if r, ok := t.catchAll(ctx); ok {
		return r, true
	}
	return t.missed(ctx), true
}

// stillBroken answers "Did that fix it?" with the same problem described
// again ("no, the sink's still blocked"): the guide did not fix it. Another
// problem named there is a new report.
func (t *turn) stillBroken(ctx context.Context) (Response, bool) {
	if t.st.Pending != pendingGuideFixed || t.req.Intent != "ReportRepairIntent" {
		return Response{}, false
	}
	var words []string
	named := ""
	carried := t.req.Slots["description"].Value != ""
	for name, s := range t.req.Slots {
		if t.echo(name, s) || (carried && name == "problem" && (s.ID == t.st.Problem || s.ID == t.st.Guide)) {
			// Said back to us, or carried along by Alexa's dialog
			// beside the tenant's new words.
			continue
		}
		if s.ID != "" && named == "" {
			named = s.ID
		}
		words = append(words, s.Value)
	}
	if named == "" || rooms[named] != "" {
		named = t.readProblem(strings.Join(words, " "))
	}
	if all := strings.Join(words, " "); named == "" && (t.answerIn(all) != "" || t.asideTopic(all) != "" || !t.read(all).matches(stillThere)) {
		// An answer in words ("it's a bit better", "yes it's sorted"),
		// for catchAll to read, words asking for something else ("I'd
		// rather speak to a person"), for the report to answer, or words
		// that say nothing of the problem ("cleared it, ta"), to be asked
		// again rather than taken as not fixed.
		return Response{}, false
	}
	if named != "" && named != t.st.Problem && named != t.st.Guide {
		// Another problem: a new report.
		return Response{}, false
	}
	if r := t.read(strings.Join(words, " ")); r.matches(nowFixed) && !r.matches(stillThere) {
		// The problem named with its being put right: "the needle's back
		// up to one and a half now".
		t.ev.Intent = "AMAZON.YesIntent"
		return t.guideFixed(ctx, true), true
	}
	// Answered as a no (docs/usage-events.md, intent).
	t.ev.Intent = "AMAZON.NoIntent"
	return t.guideFixed(ctx, false), true
}

// thanks answers "thank you", "cheers", "ta": the out-of-scope answer for
// THANKS, which asks a pending question again. They are an intent of their
// own because a sample with no slot in it ("thank you") cannot say which
// OutOfScopeIntent topic it was.
func (t *turn) thanks(ctx context.Context) Response { return t.outOfScope(ctx, "THANKS") }

// holdOn answers "hang on" and "wait a minute".
func (t *turn) holdOn(ctx context.Context) Response {
	t.taskFlow(FlowHelp)
	t.outcome(OutcomeHelp)
	t.step("wait")
	if r, ok := t.offScript(ctx, say("No problem, take your time.")); ok {
		return r
	}
	return t.ask(say("No problem, take your time."), menuQuestion(), menuReprompt(), State{})
}

// checkingIn answers "hello?" or "are you still there?": a tenant making
// sure the skill is listening. At the menu it greets them; in a task it
// says so and says the last answer again, since what they missed is what
// they need.
func (t *turn) checkingIn(ctx context.Context) Response {
	const here = "Yes, I'm still here."
	if t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideFixed) {
		return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, here)
	}
	t.taskFlow(FlowHelp)
	t.outcome(OutcomeHelp)
	t.step("still_here")
	if t.st.Said == "" || t.st.Pending == "" && t.st.Flow == "" {
		// A hello with nothing asked yet is often a tenant unsure how to
		// start: what Home Helper does, then the question.
		return t.ask(say("Hello, I'm here.").add(menu()), menuQuestion(), menuReprompt(), State{})
	}
	t.reasked = true
	return Response{Speech: say(here).String() + " " + t.st.Said, Reprompt: t.st.Ask, State: t.st, Elicit: t.st.El}
}

// maybe answers "sort of", "not sure", "a bit". At "Did that fix it?" it
// asks once more, then takes it as not fixed: a half-fixed problem still
// needs a repair. At a safety question it counts as yes, and after safety
// advice it says the advice again. Elsewhere
// the question is explained and asked again.
func (t *turn) maybe(ctx context.Context) Response {
	if t.st.Pending == pendingSafety {
		// "Can you smell gas?" — "not sure": safety first.
		return t.safetyAnswered(ctx, true)
	}
	if t.st.Pending == pendingRepeatEmergency {
		// Safety first: unsure whether they need the advice again means
		// they hear it again.
		return t.repeatEmergency(ctx, true)
	}
	if t.st.Pending == pendingGuideFixed {
		if t.st.Unsure {
			return t.guideFixed(ctx, false)
		}
		t.flow(FlowSelfFix)
		t.outcome(OutcomeGuideStep)
		t.step(stepName(t.st.Step))
		st := t.st
		r := t.ask(say("OK. If it's still not quite right, I can report it, so someone can look."),
			say("Is it working properly now?"), say("Please say yes or no. Is it working properly now?"), st)
		r.State.Unsure = true
		return r
	}
	if el := t.st.El; el != nil && el.Intent == "ReportRepairIntent" && el.Slot == "room" && t.st.Problem != "" {
		// "I'm not sure which room": examples once, then the report
		// goes on without a room (continueRepair).
		t.st.Pending = ""
		return t.continueRepair(ctx, say("That's OK."))
	}
	t.taskFlow(FlowHelp)
	t.outcome(OutcomeHelp)
	t.step("reask")
	if r, ok := t.offScript(ctx, say("That's OK.").add(t.questionHelp())); ok {
		return r
	}
	return t.missed(ctx)
}

// slotNotYesNo answers a yes or no where a slot was asked for ("Which room
// is it in?" — "yes"): the question again, with the report kept.
func (t *turn) slotNotYesNo(ctx context.Context, yes bool) (Response, bool) {
	if t.st.El == nil {
		return Response{}, false
	}
	t.taskFlow(FlowOther)
	t.outcome(OutcomeHelp)
	t.step("reask")
	lead := say("OK, go ahead.")
	if !yes {
		lead = say("That's OK. If you'd rather stop, just say stop.")
	}
	return t.offScript(ctx, lead)
}

// visitReadBack marks a response that has just read a booked visit back,
// so "cancel it" next means that visit.
func (t *turn) visitReadBack(r Response, start time.Time) Response {
	if !r.End {
		r.State.Visit = start.UTC().Format(time.RFC3339)
	}
	return r
}

// cancelReadBack asks whether to cancel the visit just read back, for
// "cancel it" said straight after it.
func (t *turn) cancelReadBack(ctx context.Context) (Response, bool) {
	start, err := time.Parse(time.RFC3339, t.st.Visit)
	if err != nil {
		return Response{}, false
	}
	t.flow(FlowCoach)
	t.outcome(OutcomeCoachChecked)
	t.step("cancel")
	day := spokenDay(start.In(t.cfg.Location))
	st := State{Flow: FlowCoach, Pending: pendingCancelVisit}
	// Keep which visit is asked about, as "cancel my visit" does, so a
	// yes retried after its cancellation was made still names it
	// (cancelledHere).
	if h, err := t.household(ctx); err == nil {
		if b, err := t.activeBooking(ctx, h.ID); err == nil && b.Slot.Start.Equal(start) {
			st.Cancel = cancelAsked(b)
		}
	}
	return t.ask(say(), say("Do you want to cancel your visit on "+day+"?"),
		say("Please say yes or no. Shall I cancel your visit on "+day+"?"), st), true
}
