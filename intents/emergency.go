package intents

import (
	"context"
	"errors"
	"fmt"
)

// The National Gas Emergency Service number is set by law, not by the
// landlord, so it is not configuration.
const gasEmergencyNumber = "0800 111 999"

// safetyScript is what a tenant hears first for a dangerous problem, in the
// words UK landlords use (docs/conversation.md lists the sources). It is
// short: the tenant may need to act now.
func safetyScript(problemID string) *speech {
	switch problemID {
	case "GAS_SMELL":
		return say("This could be dangerous, so please listen carefully.",
			"Leave your home now. Don't use light switches or anything electric, and don't light any flames.",
			"If it's safe, turn off the gas at the meter and open doors and windows on your way out.",
			"Once you're outside, call the National Gas Emergency Service, free, on").
			phone(gasEmergencyNumber).text(". That's").phone(gasEmergencyNumber).text(".")
	case "CO_ALARM":
		return say("A carbon monoxide alarm means you could be in danger.",
			"Open doors and windows, turn off any gas appliances if you can, and leave your home now.",
			"If anyone feels unwell, call 999.",
			"Once you're outside, call the National Gas Emergency Service, free, on").
			phone(gasEmergencyNumber).text(". That's").phone(gasEmergencyNumber).text(".")
	case "WATER_ELECTRICS":
		return say("Water near electrics is dangerous.",
			"Don't touch any sockets, switches or appliances near the water.",
			"If your fuse box is dry and safe to reach, switch the electricity off there.")
	case "FLOODING":
		return say("Turn off the water at the stopcock. It's often under the kitchen sink.",
			"Switch off your boiler and any water heaters.",
			"Don't touch electrics near the water.",
			"If a ceiling is bulging, put a bucket under it and keep away from it.")
	case "ELECTRICAL_FAULT":
		return say("Stop using it straight away, and don't try to repair it yourself.",
			"If it's safe, switch the electricity off at the fuse box.",
			"If there's smoke or fire, leave your home and call 999.")
	case "INSECURE_HOME":
		return say("If you think someone has broken in, or you feel unsafe, call the police on 999.",
			"Keep yourself safe first.")
	case "HEATING", "HOT_WATER":
		return say("Being without heating or hot water in cold weather can affect your health, so we treat this as an emergency.",
			"Keep warm: wear layers, close your curtains, and stay in one warm room if you can.")
	}
	return say("This could be dangerous. Please keep yourself safe.")
}

// mustLeave reports the emergencies where the tenant should leave home at
// once: the skill then ends the session instead of asking a question, so
// nobody stays indoors to talk to a speaker.
func mustLeave(problemID string) bool {
	return problemID == "GAS_SMELL" || problemID == "CO_ALARM"
}

// emergency gives the safety script at once, then the landlord's emergency
// line, then — for a linked household — saves the repair as an emergency.
// It runs before any other check, whichever intent asked.
func (t *turn) emergency(ctx context.Context, problemID string) Response {
	t.flow(FlowRepair)
	t.outcome(OutcomeEmergencyAdvised)
	t.step("emergency")
	t.slot("problem", problemID)

	s := safetyScript(problemID)
	s.text("Then call our emergency repairs line on").phone(t.cfg.EmergencyPhone).text(".")

	h, err := t.household(ctx)
	switch {
	case err == nil:
		ref, saveErr := t.saveRepair(ctx, h, problemID, t.st.Room, Emergency)
		if saveErr != nil {
			t.log.ErrorContext(ctx, "saving emergency repair", "err", saveErr)
			s.text("I couldn't save a report just now, so please make sure you call.")
		} else {
			s.text("I've also reported it as an emergency. Your reference is").spell(ref).text(".")
		}
	case errors.Is(err, ErrNotFound):
		// An unlinked speaker still hears everything; nothing can be saved.
		s.text("This speaker isn't linked to your home, so please make sure you call.")
	default:
		t.log.ErrorContext(ctx, "looking up household for emergency", "err", err)
		s.text("Please make sure you call.")
	}

	st := State{Problem: problemID}
	if mustLeave(problemID) {
		return Response{Speech: s.String(), End: true, Card: t.card("Emergency", s), State: st}
	}
	st.Pending = pendingRepeatEmergency
	st.Flow = FlowRepair
	return t.ask(s, say("Shall I say that again?"), say("Would you like me to say that again?"), st)
}

// repeatEmergency answers "Shall I say that again?" after emergency advice.
func (t *turn) repeatEmergency(ctx context.Context, yes bool) Response {
	if yes {
		t.st.Pending = ""
		// The same script again: the repair is already saved, so say it
		// without saving twice.
		s := safetyScript(t.st.Problem)
		s.text("Then call our emergency repairs line on").phone(t.cfg.EmergencyPhone).text(".")
		t.flow(FlowRepair)
		t.outcome(OutcomeEmergencyAdvised)
		t.step("repeat")
		st := State{Problem: t.st.Problem, Pending: pendingRepeatEmergency, Flow: FlowRepair}
		return t.ask(s, say("Shall I say that again?"), say("Would you like me to say that again?"), st)
	}
	t.flow(FlowRepair)
	t.outcome(OutcomeStopped)
	return t.goodbye(say("Please do call now. Take care."))
}

func (t *turn) card(title string, s *speech) *Card {
	return &Card{Title: fmt.Sprintf("Home Helper: %s", title), Text: PlainText(s.String())}
}
