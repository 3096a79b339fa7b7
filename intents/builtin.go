package intents

import (
	"context"
)

// The yes/no questions the skill can be waiting on, kept in State.Pending.
// AMAZON.YesIntent and AMAZON.NoIntent mean whatever the pending question
// asked, so each answer below is tied to exactly one question.
const (
	pendingConfirmRepair   = "confirm_repair"   // "Shall I report it?"
	pendingOfferGuide      = "offer_guide"      // "Would you like to try it first?"
	pendingReportInstead   = "report_instead"   // no guide: "Shall I report it?"
	pendingGuideNext       = "guide_next"       // "Ready for the next step?"
	pendingGuideAgain      = "guide_again"      // "Shall I say that step again?"
	pendingGuideFixed      = "guide_fixed"      // "Did that fix it?"
	pendingGuideOrReport   = "guide_or_report"  // in a guide: "Shall I report it instead?"
	pendingResumeGuide     = "resume_guide"     // "Shall we carry on?"
	pendingBookSlot        = "book_slot"        // "Shall I book it?"
	pendingWidenSearch     = "widen_search"     // "Shall I look at other days?"
	pendingOfferBooking    = "offer_booking"    // "Would you like to book one?"
	pendingCancelVisit     = "cancel_visit"     // "Are you sure?"
	pendingOfferReport     = "offer_report"     // "Would you like to report one?"
	pendingRepeatEmergency = "repeat_emergency" // "Shall I say that again?"
	pendingAnythingElse    = "anything_else"    // "Is there anything else I can help with?"
	pendingHaveCode        = "have_code"        // "What's your code? If you don't have it, say no."
	pendingFeedback        = "feedback"         // "How easy was that?" (a number, or no)
	pendingForget          = "forget"           // "Are you sure you want me to forget you?"
	pendingSafety          = "safety_check"     // "Can you smell gas?" (askSafety)
	pendingReminder        = "reminder"         // "Shall I remind you the evening before?"
)

func menu() *speech {
	return say("You can report a repair, get help to fix something yourself, or book a visit from your Neighbourhood Coach.")
}

func menuQuestion() *speech { return say("What would you like to do?") }

func menuReprompt() *speech {
	return say("You could say: report a repair, help me fix something, or book a visit. What would you like to do?")
}

func anythingElseReprompt() *speech {
	return say("If there's anything else, just tell me. Otherwise, say no. Is there anything else I can help with?")
}

func (t *turn) launch(ctx context.Context) Response {
	t.flow(FlowLaunch)
	t.outcome(OutcomeWelcomed)

	// LastUsed is as it was before this session began (Handle records
	// this session's use after looking the household up).
	h, err := t.household(ctx)
	returning := err == nil && !h.LastUsed.IsZero()

	if r, ok := t.offerResume(ctx); ok {
		return r
	}
	if returning {
		return t.ask(say("Welcome back to Home Helper."), menuQuestion().text("A repair, fixing something yourself, or a coach visit?"), menuReprompt(), State{})
	}
	s := say("Welcome to Home Helper, from your landlord.").add(menu())
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

// help explains the pending question and asks it again; with nothing
// pending, it says what Home Helper can do.
func (t *turn) help(ctx context.Context) Response {
	t.flow(FlowHelp)
	t.outcome(OutcomeHelp)
	if r, ok := t.offScript(ctx, t.questionHelp()); ok {
		return r
	}
	s := say("Home Helper is from your landlord.")
	if words := t.slotWords(); words != "" && t.read(words).has(greeting, nil) {
		s = say("Hello. Home Helper is from your landlord.")
	}
	s.add(menu()).
		text("For example, say: my sink is blocked, or: book a visit from my coach.")
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

// stop ends the session — except straight after a visit was read back,
// where "cancel it" means that visit.
func (t *turn) stop(ctx context.Context) Response {
	if t.req.Intent == "AMAZON.CancelIntent" && t.st.Visit != "" {
		if r, ok := t.cancelReadBack(ctx); ok {
			return r
		}
	}
	switch {
	case t.st.inGuide():
		t.flow(FlowSelfFix)
		t.outcome(OutcomeGuideLeft)
		t.step(stepName(t.st.Step))
		if !t.saveProgress(ctx, t.st.Guide, t.st.Step) {
			return t.goodbye(say("OK. Goodbye, and take care."))
		}
		return t.goodbye(say("OK. I'll keep your place in the guide for next time. Goodbye."))
	case t.st.Pending == pendingConfirmRepair:
		t.flow(FlowRepair)
		t.outcome(OutcomeRepairDeclined)
		return t.goodbye(say("OK, I haven't reported anything. Goodbye."))
	case t.st.Pending == pendingBookSlot:
		t.flow(FlowCoach)
		t.outcome(OutcomeCoachDeclined)
		if t.st.Offer != nil {
			return t.goodbye(say("OK, I haven't booked the visit on " + spokenDay(t.st.Offer.Start.In(t.cfg.Location)) + ". Goodbye."))
		}
		return t.goodbye(say("OK, I haven't booked anything. Goodbye."))
	case t.st.Pending == pendingFeedback:
		t.flow(FlowFeedback)
		t.outcome(OutcomeFeedbackDeclined)
		return t.goodbye(say("Goodbye. Take care."))
	}
	if t.st.Flow != "" {
		t.flow(t.st.Flow)
	}
	t.outcome(OutcomeStopped)
	return t.goodbye(say("Goodbye. Take care."))
}

func (t *turn) navigateHome(ctx context.Context) Response {
	t.flow(FlowLaunch)
	t.outcome(OutcomeWelcomed)
	if t.st.inGuide() {
		t.saveProgress(ctx, t.st.Guide, t.st.Step)
	}
	return t.ask(menu(), menuQuestion(), menuReprompt(), State{})
}

// fallback answers words the model could not match: the pending question
// again, or the main menu with an example.
func (t *turn) fallback(ctx context.Context) Response {
	if t.st.Pending == pendingFeedback {
		return t.rate(ctx, "")
	}
	return t.missed(ctx)
}

// notUnderstood answers an intent or request type the skill does not know.
func (t *turn) notUnderstood(ctx context.Context) Response {
	if t.st.Q != "" {
		return t.missed(ctx)
	}
	t.flow(FlowOther)
	t.outcome(OutcomeNotUnderstood)
	s := say("Sorry, I can't help with that here.").add(menu())
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

func (t *turn) sessionEnded(ctx context.Context) Response {
	t.flow(FlowOther)
	if t.st.Flow != "" {
		t.flow(t.st.Flow)
	}
	t.outcome(OutcomeEnded)
	t.ev.EndReason = t.req.EndReason
	if t.req.EndReason == "ERROR" {
		t.log.WarnContext(ctx, "session ended by an error", "error_type", t.req.ErrorType, "request_id", t.req.ID)
	}
	if t.st.inGuide() {
		t.flow(FlowSelfFix)
		t.step(stepName(t.st.Step))
		t.saveProgress(ctx, t.st.Guide, t.st.Step)
	}
	// Alexa ignores any speech in a response to SessionEndedRequest.
	return Response{End: true}
}

// repeat says the last answer again in full (a reference, a step, safety
// advice), ending with the pending question and its elicitation.
func (t *turn) repeat(ctx context.Context) Response {
	if t.st.inGuide() && t.st.Pending != pendingResumeGuide {
		return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "")
	}
	t.taskFlow(FlowHelp)
	t.outcome(OutcomeHelp)
	t.step("repeat")
	if t.st.Said != "" {
		t.reasked = true
		return Response{Speech: t.st.Said, Reprompt: t.st.Ask, State: t.st, Elicit: t.st.El}
	}
	return t.ask(menu(), menuQuestion(), menuReprompt(), State{})
}

func (t *turn) yes(ctx context.Context) Response { return t.answer(ctx, true) }
func (t *turn) no(ctx context.Context) Response  { return t.answer(ctx, false) }

// answer routes a yes or no to the question it answers.
func (t *turn) answer(ctx context.Context, yes bool) Response {
	switch t.st.Pending {
	case pendingConfirmRepair:
		return t.confirmRepair(ctx, yes)
	case pendingOfferGuide:
		return t.guideOffered(ctx, yes)
	case pendingReportInstead, pendingOfferReport:
		return t.reportOffered(ctx, yes)
	case pendingGuideNext:
		if yes {
			return t.next(ctx)
		}
		return t.guideNotReady(ctx)
	case pendingGuideAgain:
		if yes {
			return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "")
		}
		return t.leaveGuide(ctx)
	case pendingGuideFixed:
		return t.guideFixed(ctx, yes)
	case pendingGuideOrReport:
		if yes {
			t.clearProgress(ctx)
			return t.guideToReport(ctx, say("OK."), "report_instead")
		}
		return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "OK, let's carry on.")
	case pendingResumeGuide:
		return t.resumeAnswered(ctx, yes)
	case pendingBookSlot:
		return t.bookAnswered(ctx, yes)
	case pendingWidenSearch:
		if yes {
			// Other days, but not the visits already turned down.
			t.st.Date, t.st.Time = "", ""
			return t.offerSlot(ctx, "")
		}
		return t.coachGiveUp(ctx, "")
	case pendingOfferBooking:
		if yes {
			t.st = State{}
			return t.offerSlot(ctx, "")
		}
		return t.anythingElse(ctx, FlowCoach, OutcomeCoachDeclined, say("OK."))
	case pendingCancelVisit:
		return t.cancelAnswered(ctx, yes)
	case pendingReminder:
		return t.reminderAnswered(ctx, yes)
	case pendingHaveCode:
		return t.haveCode(ctx, yes)
	case pendingFeedback:
		if yes {
			return t.rate(ctx, "")
		}
		return t.declineFeedback(ctx)
	case pendingForget:
		return t.forgetAnswered(ctx, yes)
	case pendingRepeatEmergency:
		return t.repeatEmergency(ctx, yes)
	case pendingSafety:
		return t.safetyAnswered(ctx, yes)
	case pendingAlso:
		return t.alsoAnswered(ctx, yes)
	case pendingAnythingElse:
		if yes {
			t.flow(FlowLaunch)
			t.outcome(OutcomeWelcomed)
			return t.ask(say("OK."), menuQuestion().text("A repair, fixing something yourself, or a coach visit?"), menuReprompt(), State{})
		}
		t.outcome(OutcomeStopped)
		return t.goodbye(say("OK. Goodbye, and take care."))
	}
	if r, ok := t.slotNotYesNo(ctx, yes); ok {
		return r
	}
	if !yes && t.st.Pending == "" && t.st.Flow == "" {
		// "No thanks" to "What would you like to do?": nothing, for now.
		t.outcome(OutcomeStopped)
		return t.goodbye(say("OK. Goodbye, and take care."))
	}
	// A yes or no with no question asked: say so kindly and offer the menu.
	t.flow(FlowOther)
	t.outcome(OutcomeNotUnderstood)
	s := say("Sorry, I'm not sure what that's a yes or no to.").add(menu())
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

// anythingElse closes a finished task and offers more, so a tenant is never
// left at a dead end and can also simply say no.
func (t *turn) anythingElse(ctx context.Context, f Flow, o Outcome, s *speech) Response {
	if t.also() != "" {
		return t.offerAlso(f, o, s)
	}
	t.flow(f)
	t.outcome(o)
	if t.saidDone() {
		// "No, that's all, love": the tenant has already said there is
		// nothing else.
		return t.goodbye(s.text("Goodbye. Take care."))
	}
	return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
}

// saidDone reports words that end with the tenant done ("no, that's
// all"), asking for nothing more.
func (t *turn) saidDone() bool {
	words := t.slotWords()
	return words != "" && t.answerIn(t.firstWord(words)) != "yes" && t.read(words).has(goodbye, nil) && t.readProblem(words) == "" && t.intentIn(words) == ""
}
