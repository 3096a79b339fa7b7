package intents

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Link codes are six digits from 100000 to 999999: AMAZON.NUMBER drops
// leading zeros, so a code starting with 0 could never be said.
const (
	minLinkCode = 100000
	maxLinkCode = 999999
)

// linkHome links this speaker to a pilot household with the code staff gave
// at enrolment. Wrong codes count towards a lockout, so codes cannot be
// guessed by saying numbers until one works.
func (t *turn) linkHome(ctx context.Context) Response {
	if t.st.Pending == pendingFeedback {
		// A bare number while a rating is awaited is the rating.
		return t.rate(ctx, t.req.Slots["code"].Value)
	}
	t.flow(FlowLink)
	// Keep the task that needed the link (a repair, a booking), so it can
	// carry on once the speaker is linked, even after a wrong code.
	carryOn := t.st.Flow
	st := t.st
	st.Pending = ""
	if st.Flow == "" {
		st.Flow = FlowLink
	}

	if h, err := t.household(ctx); err == nil && t.linkedHere(ctx) {
		// A repeat of the request that linked it (its first handling
		// died before answering): the first handling's words.
		return t.linked(ctx, h, carryOn, st)
	} else if err == nil {
		t.outcome(OutcomeLinked)
		t.step("already_linked")
		t.hh = &h
		return t.ask(say("This speaker is already linked to your home."), menuQuestion(), menuReprompt(), State{})
	} else if !errors.Is(err, ErrNotFound) {
		return t.storeFault(ctx, "looking up household for link", err)
	}
	if t.req.SpeakerID == "" {
		t.outcome(OutcomeLinkFailed)
		return t.ask(say("I'm sorry, I can't link this device."), menuQuestion(), menuReprompt(), State{})
	}

	failures, err := t.linkFailures(ctx)
	if err != nil {
		return t.storeFault(ctx, "counting link failures", err)
	}
	if failures >= t.cfg.LinkAttempts {
		t.outcome(OutcomeLinkFailed)
		t.step("locked")
		return t.anythingElse(ctx, FlowLink, OutcomeLinkFailed,
			say("For your security, I can't take any more codes on this speaker today.",
				"Please ask your Neighbourhood Coach for help, or call us on").phone(t.cfg.LandlordPhone).text("."))
	}

	code := strings.TrimSpace(t.req.Slots["code"].Value)
	if code == "" || code == "?" {
		t.outcome(OutcomeLinkNeeded)
		t.step("code")
		// "Link my speaker" may come from someone with no code yet: a no
		// is answered with who gives one (haveCode), not asked again.
		st.Pending = pendingHaveCode
		return t.elicit(say("OK. Your Neighbourhood Coach gives you a six-digit code to link this speaker to your home."),
			say("Say the numbers one at a time, or say no if you don't have it. What's your code?"),
			say("Please say the six numbers of your code, or say no if you don't have it. What's your code?"), "LinkHomeIntent", "code", nil, st)
	}

	var h Household
	switch known, kerr, ahead := take(&t.ahead.code, code); {
	case !validLinkCode(code):
		err = fmt.Errorf("code is not six digits: %w", ErrNotFound)
	case ahead && kerr == nil && !known:
		// Read ahead: no household was ever given this code, so there is
		// nothing to try it on.
		err = fmt.Errorf("code never issued: %w", ErrNotFound)
	default:
		t.forgetAhead()
		h, err = t.stores.Households.LinkSpeaker(ctx, code, t.req.SpeakerID, t.req.Time.UTC())
	}
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return t.storeFault(ctx, "linking speaker", err)
		}
		t.forgetAhead()
		// A wrong code counted is a change: its answer is recorded, so
		// Alexa's retry of this request hears it without counting the
		// code twice (LinkSpeaker, when tried, notes it too).
		noteChange(ctx, nil)
		// Beside the answer, not before it: the answer does not depend
		// on it, and it is written before the answer leaves (Handle
		// waits for it), so the next code is counted against it.
		t.beside(ctx, func(ctx context.Context) {
			if rerr := t.stores.Households.RecordLinkFailure(ctx, t.req.SpeakerID, t.req.Time.UTC()); rerr != nil {
				t.log.WarnContext(ctx, "recording link failure", "err", rerr)
			}
		})
		t.outcome(OutcomeLinkFailed)
		t.step("wrong_code")
		left := t.cfg.LinkAttempts - failures - 1
		if left <= 0 {
			return t.anythingElse(ctx, FlowLink, OutcomeLinkFailed,
				say("I'm sorry, that code didn't work, and I can't take any more codes on this speaker today.",
					"Please ask your Neighbourhood Coach for help."))
		}
		return t.elicit(say("I'm sorry, that code didn't work. Codes are six numbers, and each one works only once."),
			say("Please check it and say it again, one number at a time. What's your code?"),
			say("Say the six numbers, or say stop. What's your code?"), "LinkHomeIntent", "code", nil, st)
	}

	return t.linked(ctx, h, carryOn, st)
}

// linkedHere reports whether this very request linked the speaker already
// (another handling of it, which died before its answer was recorded).
func (t *turn) linkedHere(ctx context.Context) bool {
	if t.stores.Replies == nil || t.req.ID == "" || t.req.SpeakerID == "" {
		return false
	}
	code := strings.TrimSpace(t.req.Slots["code"].Value)
	made, err := t.linkMade(ctx, LinkEffect(t.req.SpeakerID, code))
	if err != nil {
		t.log.WarnContext(ctx, "reading what a request changed", "err", err, "request_id", t.req.ID)
	}
	return made
}

// linked answers a speaker just linked to h, and carries on with the task
// that needed the link.
func (t *turn) linked(ctx context.Context, h Household, carryOn Flow, st State) Response {
	t.hh = &h
	t.touch(ctx, h)
	t.outcome(OutcomeLinked)
	t.step("linked")
	s := say("Thank you. This speaker is now linked to your home.").add(consentNotice(h, t))
	t.st = State{Problem: st.Problem, Room: st.Room, GuideTried: st.GuideTried}
	switch {
	case carryOn == FlowRepair || st.Problem != "":
		t.st.Flow = FlowRepair
		r := t.continueRepair(ctx, s.text("Now, about your repair."))
		t.flow(FlowLink)
		t.outcome(OutcomeLinked)
		return r
	case carryOn == FlowCoach:
		t.st.Flow = FlowCoach
		r := t.offerSlot(ctx, PlainText(s.String()))
		t.flow(FlowLink)
		t.outcome(OutcomeLinked)
		return r
	}
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

// consentNotice reminds the tenant, in two sentences, what is kept and why:
// what they agreed to when they joined the trial.
func consentNotice(h Household, t *turn) *speech {
	agreed := "When you joined the trial, you agreed"
	if !h.ConsentDate.IsZero() {
		agreed = "On " + spokenDay(h.ConsentDate.In(t.cfg.Location)) + ", you agreed"
	}
	return say(agreed+" that we keep a note of what you use Home Helper for, like repairs and visits, to see if it helps.",
		"We never keep recordings of your voice.")
}

func validLinkCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	n := 0
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= minLinkCode && n <= maxLinkCode
}
