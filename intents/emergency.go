package intents

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
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
		return say("This could be carbon monoxide, which can kill, so please listen carefully.",
			"Open doors and windows, turn off any gas appliances if you can, and leave your home now.",
			"If anyone feels unwell, call 999.",
			"Once you're outside, call the National Gas Emergency Service, free, on").
			phone(gasEmergencyNumber).text(". That's").phone(gasEmergencyNumber).text(".")
	case "FIRE":
		return say("If there's a fire, get everyone out now, and close doors behind you.",
			"Call 999 once you're out, and don't go back in.")
	case "SMOKE_ALARM":
		return say("A smoke alarm sounding all the time can mean a fire.",
			"If you see or smell smoke, get everyone out now, close doors behind you, and call 999. Don't go back in.",
			"If you're sure there's no fire, open a window, and don't take the alarm down.")
	case "WATER_ELECTRICS":
		return say("Water near electrics is dangerous.",
			"Don't touch any lights, sockets, switches or appliances near the water.",
			"If your fuse box is dry and safe to reach, switch the electricity off there.",
			"If you can, turn off the water at the stopcock.")
	case "ELECTRICAL_FAULT":
		return say("Stop using it straight away, and don't try to repair it yourself.",
			"If it's safe, switch the electricity off at the fuse box.",
			"If there's smoke or fire, leave your home and call 999.")
	case "FLOODING":
		return say("Turn off the water at the stopcock, which is often under the kitchen sink.",
			"Switch off your boiler and any water heaters.",
			"Don't touch electrics near the water.",
			"If a ceiling is bulging, put a bucket under it and keep away from it.")
	case "CEILING_COLLAPSE":
		return say("A bulging or sagging ceiling can fall, so keep everyone out from under it and close the door to that room if you can.",
			"If water's coming through, turn off the water at the stopcock, and don't touch any lights or switches near it.")
	case "STRUCTURE":
		return say("Something that could fall is dangerous, so keep everyone away from it and out from under it.",
			"Don't try to move or fix it yourself. If anyone is hurt or trapped, call 999.")
	case "SEWAGE":
		return say("Keep away from the sewage, and keep children and pets away from it.",
			"Don't use your toilet, sinks or bath until it's fixed, and wash your hands well if you touch anything.")
	case "NO_WATER":
		return say("First check the stopcock is open. It's often under the kitchen sink.",
			"If your neighbours have no water either, it's probably the water company: check their website or call them.")
	case "INSECURE_HOME":
		return say("A home you can't lock is an emergency repair.",
			"If someone has broken in, or you feel unsafe, call the police on 999 first, and keep yourself safe.")
	case "HEATING", "HOT_WATER", "HEAT_AND_HOT_WATER":
		return say("Being without heating or hot water in cold weather can affect your health, so we treat this as an emergency.",
			"Keep warm: wear layers, close your curtains, and stay in one warm room if you can.")
	}
	return say("This could be dangerous. Please keep yourself safe.")
}

// SafetyOpening is the first sentence of a problem's safety script, for
// tests outside this package that check a tenant heard the right one.
func SafetyOpening(problemID string) string {
	plain := PlainText(safetyScript(problemID).String())
	if i := strings.IndexAny(plain, ".!?"); i > 0 {
		return plain[:i+1]
	}
	return plain
}

// mustLeave reports the emergencies where the tenant should leave home at
// once: the skill then ends the session instead of asking a question, so
// nobody stays indoors to talk to a speaker.
func mustLeave(problemID string) bool {
	switch problemID {
	case "GAS_SMELL", "CO_ALARM", "FIRE", "SMOKE_ALARM":
		return true
	}
	return false
}

// heardDanger reads every slot that carries a tenant's words about what is
// wrong (the problem, the room, their own description, an out-of-scope
// topic) against the danger list before any handler runs, so danger gets
// its safety script whatever intent Alexa chose and wherever in the
// conversation it is said.
func (t *turn) heardDanger(ctx context.Context) (Response, bool) {
	if r, ok := t.safetyWords(ctx); ok {
		return r, true
	}
	id := t.firstDanger()
	if id == "" || (t.st.Pending == pendingSafety && id == t.st.Problem) {
		// Nothing dangerous, or the words of the question being answered
		// ("yes, I can smell it"): the answer is read as an answer.
		return Response{}, false
	}
	if _, ask := askSafety[id]; ask {
		// Keep where, so the report need not ask after the question.
		if r := t.roomSlot(); r != "" && r != Other {
			t.st.Room = r
		} else if r := t.roomIn(t.slotWords()); r != "" {
			t.st.Room = r
		}
		return t.askSafety(ctx, id), true
	}
	t.st.Room = t.roomSlot()
	if t.st.Room == Other {
		t.st.Room = ""
	}
	return t.emergency(ctx, id), true
}

// heardFumes gives the advice for fumes from cleaning products before any
// other reading of the words: in the sink's guide, "I've put bleach down
// and now there's fumes" names the sink as well.
func (t *turn) heardFumes(ctx context.Context) (Response, bool) {
	for _, name := range dangerSlots {
		if mayBeChemical(t.req.Slots[name].Value) {
			if t.topicIn(t.slotWords()) != "FUMES" {
				return Response{}, false
			}
			return t.outOfScope(ctx, "FUMES"), true
		}
	}
	return Response{}, false
}

// mayBeChemical reports words that may name a cleaning product, without
// reading them: few turns do.
func mayBeChemical(words string) bool {
	for _, w := range [...]string{"bleach", "clean", "unblocker", "chemical", "caustic", "ammonia"} {
		if strings.Contains(words, w) {
			return true
		}
	}
	return false
}

// backwards joins slot values last first: Alexa does not say which slot
// came first in the sentence.
func backwards(values []string) string {
	r := slices.Clone(values)
	slices.Reverse(r)
	return strings.Join(r, " ")
}

// dangerSlots are the slots whose words are read for danger.
var dangerSlots = [...]string{"problem", "description", "room", "topic"}

// dangerHeard returns the dangerous problem (or the question to ask) the
// request's words describe, or "". The words are read first, each slot and
// then all together (a tenant's sentence can be split across slots: "the
// ceiling" and "in the bedroom is sagging"); a danger read in the words
// wins over what Alexa resolved, since it reads more of them.
func (t *turn) dangerHeard() string {
	// back is the words read last slot first, once read: the slots'
	// words together are read again below.
	values := t.slotValues()
	back, backRead := "", false
	if len(values) > 0 {
		// The whole sentence first: "the flame on the boiler" and "has gone
		// yellow" are carbon monoxide together, a flame alone is not. Alexa
		// does not say which slot came first, so the words are read in
		// both orders: "the {room} {problem}" splits "bathroom floor's
		// covered from" and "the toilet".
		words := strings.Join(values, " ")
		d := t.wetApart(values, t.dangerIn(words))
		if !alwaysDangerous(d) && d != "WET_ELECTRICS_UNSURE" && len(values) > 1 {
			// Not where the words in their order tell two faults
			// apart: read backwards, "doesn't work and the tap's
			// dripping" and "the light" would run the drip into the
			// light.
			d = t.dangerIn(backwards(values))
			back, backRead = d, true
		}
		if alwaysDangerous(d) && len(t.filledSlots()) > 1 {
			return d
		}
	}
	var ask, resolved string
	var all []string
	for _, name := range dangerSlots {
		s, ok := t.req.Slots[name]
		if !ok || !s.filled() || t.echo(name, s) {
			continue
		}
		if name == "problem" && alwaysDangerous(s.ID) {
			resolved = s.ID
		}
		if name == "problem" && askSafety[s.ID].yes != "" && ask == "" {
			ask = s.ID
		}
		if s.Value == "" {
			continue
		}
		all = append(all, s.Value)
		switch d := t.dangerIn(s.Value); {
		case d == "":
		case askSafety[d].yes != "":
			if name == "problem" && answersSafety(s.ID) {
				// Alexa resolved the words to the question's answer
				// already ("smoke alarm chirping"): nothing to ask.
				continue
			}
			if ask == "" {
				ask = d
			}
		case alwaysDangerous(d):
			return d
		}
		if waterProblem(t.st.Problem) && !waterProblem(t.readProblem(s.Value)) && t.nearElectrics(s.Value) {
			// "it's near the light fitting", said of a leak.
			return "WATER_ELECTRICS"
		}
	}
	if len(all) > 1 {
		d := t.wetApart(all, t.dangerIn(strings.Join(all, " ")))
		if d == "" {
			// "{light}" and "oven won't": the other order.
			if backRead && slices.Equal(all, values) {
				d = back
			} else {
				d = t.dangerIn(backwards(all))
			}
		}
		if alwaysDangerous(d) {
			return d
		} else if askSafety[d].yes != "" && d != ask {
			// The words together ask a closer question than one slot's:
			// "the sink" and "is blocked and smells awful" is the drains,
			// not a smell that may be gas.
			ask = d
		} else if ask != "" && d == askSafety[ask].no {
			// The words together answer the question already: "the
			// alarm on the ceiling" and "gives a chirp now and then".
			ask = ""
		} else if ask != "" && d == "" {
			// Read together, in either order, the words rule the question
			// out: "door's come off" and "back bedroom" is an inside door.
			ask = ""
		}
	}
	if resolved != "" {
		return resolved
	}
	if ask == "" && t.st.Problem != "" && t.st.Problem != Other {
		// Words said of the problem in hand name it as "it": "I've felt
		// woozy since it started making that noise", of a boiler; "it's
		// dripping now", of a light. Read them with the problem's name.
		subject := problemName(t.st.Problem)
		if words := t.slotWords(); words != "" && !alwaysDangerous(t.dangerIn(subject)) {
			if d := t.dangerIn(subject + " " + words); alwaysDangerous(d) {
				return d
			}
		}
	}
	return ask
}

// waterReaches are words that may put water at a thing, in an answer to
// the water question: "no, it's near the socket" is not a plain no.
var waterReaches = cue{"near", "by", "next to", "beside", "on", "onto", "into", "in", "over", "under", "underneath", "behind", "through", "round", "around", "drip*", "leak*", "wet", "water*", "damp", "getting", "going", "coming", "running", "pouring", "splash*"}

// wetApart is d, the danger of the slots' words read together, or the
// question where d is water in the electrics but the other order tells
// the water and the electrics apart: "not working and the window's
// dripping wet" and "extractor fan" read one way run the drip into the
// fan, and Alexa does not say which came first.
func (t *turn) wetApart(values []string, d string) string {
	if d == "WATER_ELECTRICS" && len(values) > 1 && t.dangerIn(backwards(values)) == "WET_ELECTRICS_UNSURE" {
		return "WET_ELECTRICS_UNSURE"
	}
	return d
}

// safetyWords answers a safety question answered in the tenant's own
// words, read together with what the question is about: "a bit eggy",
// asked "Can you smell gas?", is gas.
func (t *turn) safetyWords(ctx context.Context) (Response, bool) {
	q, ok := askSafety[t.st.Problem]
	if t.st.Pending != pendingSafety || !ok {
		return Response{}, false
	}
	words := t.slotWords()
	if words == "" {
		return Response{}, false
	}
	if t.st.Problem == "DOOR_UNSURE" {
		// "It's the back one" or "the bathroom door": which door answers
		// whether it is to the outside.
		switch r := t.read(words); {
		case r.matches(rule{mask: roomsFrontAndBack, all: []cue{outsideDoor}}):
			t.ev.Intent = "AMAZON.YesIntent"
			return t.safetyAnswered(ctx, true), true
		case r.has(insideDoor, nil) || t.roomIn(words) != "":
			t.ev.Intent = "AMAZON.NoIntent"
			return t.safetyAnswered(ctx, false), true
		}
	}
	if t.st.Problem == "WET_ELECTRICS_UNSURE" && t.answerIn(t.firstWord(words)) == "no" && t.dangerIn(words) == "" && !t.read(words).has(waterReaches, nil) {
		// "No, the light switch is just loose": read after the water, the
		// switch would run into it. Words that put water anywhere near
		// are read with it, below.
		t.ev.Intent = "AMAZON.NoIntent"
		return t.safetyAnswered(ctx, false), true
	}
	switch d := t.dangerIn(q.subject + " " + words); {
	case d == q.yes:
		t.ev.Intent = "AMAZON.YesIntent"
		return t.safetyAnswered(ctx, true), true
	case d == q.no || t.readProblem(q.subject+" "+words) == q.no:
		t.ev.Intent = "AMAZON.NoIntent"
		return t.safetyAnswered(ctx, false), true
	}
	if d := t.dangerIn(words); d != "" && d != t.st.Problem {
		// Other danger said with the answer is for dangerHeard.
		return Response{}, false
	}
	// The answer said outright, with words about something else: "I don't
	// think so, it smells of damp". Unsure is yes (maybe).
	switch a := t.answerIn(words); a {
	case "no":
		t.ev.Intent = "AMAZON.NoIntent"
		return t.safetyAnswered(ctx, false), true
	case "yes", "maybe":
		t.ev.Intent = answerIntent[a]
		return t.safetyAnswered(ctx, true), true
	}
	return Response{}, false
}

// answersSafety reports the everyday problems that are an answer to one of
// the safety questions.
func answersSafety(id string) bool {
	for _, q := range askSafety {
		if q.no == id {
			return true
		}
	}
	return false
}

// askSafety asks the one yes/no question that decides whether words that
// leave a danger open ("a funny smell by the cooker") are an emergency.
func (t *turn) askSafety(ctx context.Context, id string) Response {
	q := askSafety[id]
	t.flow(FlowRepair)
	t.outcome(OutcomeSafetyCheck)
	t.step("safety_check")
	t.slot("problem", id)
	if t.st.Room != "" {
		t.slot("room", t.st.Room)
	}
	st := State{Flow: FlowRepair, Pending: pendingSafety, Problem: id, Room: t.st.Room, Desc: t.st.Desc, GuideTried: t.st.GuideTried}
	if was := t.st.Problem; t.st.Flow == FlowRepair && was != "" && was != Other && was != q.no && !alwaysDangerous(was) && askSafety[was].yes == "" {
		// Asked in the middle of another repair: a no goes back to it,
		// with its guide still turned down if it was.
		st.Was = was
		if t.st.declinedGuide() {
			st.Guide = guideDeclined
		}
	}
	if st.Desc == "" && (q.yes == "GAS_SMELL" || id == "ELECTRICS_UNSURE" || id == "WET_ELECTRICS_UNSURE" || id == "LOCK_UNSURE") {
		// Where the smell is, for the answer (safetyAnswered) and for
		// the repairs team: "a funny smell by the fuse box"; what the
		// electrics are doing: "the electrics are playing up again"; both
		// faults of "the tap's dripping and the light switch is loose";
		// which door's handle is off.
		st.Desc = clipWords(t.ownWords(), maxDescription)
	}
	if id == "WET_ELECTRICS_UNSURE" && st.Was == "" {
		// A no is the repair the words name apart from the danger: the
		// tap, the damp, the leak.
		if p := t.problemIn(t.slotWords()); p != "" && p != q.no && !alwaysDangerous(p) && askSafety[p].yes == "" {
			st.Was = p
		}
	}
	return t.ask(say(), say(q.question), say(q.reprompt), st)
}

// safetyAnswered takes the answer to askSafety: the emergency's script, or
// the everyday repair carried on. An unsure answer counts as yes.
func (t *turn) safetyAnswered(ctx context.Context, yes bool) Response {
	q, ok := askSafety[t.st.Problem]
	if !ok {
		t.st.Pending = ""
		return t.continueRepair(ctx, nil)
	}
	if yes {
		return t.emergency(ctx, q.yes)
	}
	if q.yes == "GAS_SMELL" && t.st.Problem != "METER_UNSURE" && t.st.Desc != "" && t.read(t.st.Desc).has(cue{"fuse*", "fusebox*", "consumer unit*", "trip switch*", "circuit breaker*", "electric*", "leccy*", "lecky*", "fuse board", "trip box", "meter", "meters"}, nil) {
		// Not gas, by the fuse box or the electrics: a smell there is
		// the electrics burning until someone has looked.
		return t.emergency(ctx, "ELECTRICAL_FAULT")
	}
	if t.st.Problem == "CO_UNSURE" {
		// Unwell, but not carbon monoxide's way: no repair to report.
		return t.heardAside("HURT", "hurt", say("OK, thank you.").add(hurtSpeech()))
	}
	if was := t.st.Was; was != "" {
		// "No", to a smell said of a cold radiator: the radiator's report
		// again, with any words the question kept for the team.
		t.st.Problem, t.st.Pending, t.st.Was = was, "", ""
		return t.continueRepair(ctx, say("OK, thank you."))
	}
	thanks := say("OK, thank you.")
	switch {
	case t.st.Problem == "COOKER_UNSURE" && t.read(t.st.Desc).has(stuckAlight, nil):
		// Alight with no way to stop it: the gas to it is what can be.
		thanks.text("If it's still alight and won't turn off, turn off the gas at the meter, and don't leave it burning on its own. Please don't use it again until it's been looked at.")
	case t.st.Problem == "COOKER_UNSURE":
		// No smell now is no promise the next try won't let gas out.
		thanks.text("Please leave it turned off until it's been looked at.")
	}
	t.st.Problem, t.st.Pending = q.no, ""
	if p := t.readProblem(t.st.Desc); t.st.Desc != "" && p != q.no && sameSystem(p, q.no) && !alwaysDangerous(p) && askSafety[p].yes == "" {
		// "The telly went bang and now there's no power", nothing
		// burning: the power off, whose guide may put it right, not
		// the electrics in general.
		if _, ok := t.guides.For(p); ok {
			t.st.Problem = p
		}
	}
	if words := t.slotWords(); words != "" {
		// "No, just the kitchen lights flicker": the answer may say
		// which of the everyday problems it is, and where.
		if p := t.readProblem(words); p != "" && p != q.no && sameSystem(p, q.no) && !alwaysDangerous(p) && askSafety[p].yes == "" {
			t.st.Problem = p
		}
		if t.st.Room == "" {
			t.st.Room = t.roomIn(words)
		}
	}
	return t.continueRepair(ctx, thanks)
}

// emergency gives the safety script at once, then the landlord's emergency
// line, then — for a linked household — saves the repair as an emergency,
// or reads back the reference of the same emergency reported in the last
// day rather than file it twice. It runs before any other check, whichever
// intent asked.
// shockSpeech is what someone who has had an electric shock needs, after
// the power is off.
func shockSpeech() *speech {
	return say("If someone has had an electric shock, call 999 if they are hurt, burnt or unwell.",
		"If they seem fine, NHS 111 can tell you what to look out for.")
}

func (t *turn) emergency(ctx context.Context, problemID string) Response {
	t.flow(FlowRepair)
	t.outcome(OutcomeEmergencyAdvised)
	t.step("emergency")
	t.slot("problem", problemID)

	sc := t.script(problemID)
	also := t.interrupted(problemID)
	var now string
	if problemID == "FLOODING" || problemID == "WATER_ELECTRICS" {
		// Water pouring from the bleed valve or the filling loop a guide
		// had the tenant open: closing it stops the water, where the
		// stopcock does not stop a sealed heating system's.
		_, now = t.waterStep()
	}
	// rest is what follows the script: said after it, and shown after it
	// on the card.
	answer := func(rest *speech, ref string) Response {
		s := ssml(sc.ssml).add(rest)
		card := sc.plainWith(rest)
		if i := strings.Index(sc.ssml, ". "); now != "" && i > 0 {
			// Right after the script's first sentence, so the script is
			// still what the tenant hears first.
			s = ssml(sc.ssml[:i+1]).add(say(now)).add(ssml(sc.ssml[i+2:])).add(rest)
			card = PlainText(s.String())
		}
		st := State{Problem: problemID, Ref: ref, Also: also}
		if mustLeave(problemID) {
			return Response{Speech: s.String(), End: true, Card: &Card{Title: "Home Helper: Emergency", Text: card}, State: st}
		}
		st.Pending = pendingRepeatEmergency
		st.Flow = FlowRepair
		return t.ask(s, say("Shall I say that again?"), say("Would you like me to say that again?"), st)
	}
	// lead is what follows the script before the report.
	lead := func() *speech { return &speech{} }
	if (problemID == "ELECTRICAL_FAULT" || problemID == "WATER_ELECTRICS") && t.read(t.slotWords()).has(shocked, nil) {
		// Someone may have had a shock: the power off first (the script),
		// then help for them.
		lead = shockSpeech
	}
	if problemID == "INSECURE_HOME" && t.read(t.slotWords()).has(lockedIn, nil) {
		// Locked in, not out: the way out matters before the lock.
		lead = func() *speech {
			return say("If you can't get out and there's a fire, or anyone needs help urgently, call 999.")
		}
	}
	rest := lead()
	var ref string
	h, err := t.household(ctx)
	switch {
	case err == nil:
		if open := t.openEmergency(ctx, h, problemID); open != "" {
			ref = open
			rest.text("You reported this as an emergency earlier, so it's already with the team. Your reference is").spell(ref).text(".")
			break
		}
		saved, saveErr := t.saveRepair(ctx, h, problemID, t.st.Room, Emergency, func(ref string) Response {
			return answer(t.reported(lead(), h, ref), ref)
		})
		if saveErr != nil {
			t.log.ErrorContext(ctx, "saving emergency repair", "err", saveErr)
			rest.text("I couldn't save a report just now, so please make sure you call.")
		} else {
			ref = saved
			rest = t.reported(rest, h, ref)
		}
	case errors.Is(err, ErrNotFound):
		// An unlinked speaker still hears everything; nothing can be saved.
		rest.text("This speaker isn't linked to your home, so please make sure you call.")
	default:
		t.log.ErrorContext(ctx, "looking up household for emergency", "err", err)
		rest.text("Please make sure you call.")
	}
	return answer(rest, ref)
}

// scriptText is a safety script with the emergency line after it, as said
// and as shown.
type scriptText struct{ ssml, plain string }

// plainWith is the card's words: the script's, then rest's.
func (sc scriptText) plainWith(rest *speech) string {
	if r := PlainText(rest.String()); r != "" {
		return sc.plain + " " + r
	}
	return sc.plain
}

// script is problemID's scriptText, made once a skill: the same sentences
// were escaped, and read back into words for the card, on every emergency.
func (t *turn) script(problemID string) scriptText {
	if v, ok := t.scripts.Load(problemID); ok {
		return v.(scriptText)
	}
	s := safetyScript(problemID).text("Then call our emergency repairs line on").phone(t.cfg.EmergencyPhone).text(".").String()
	sc := scriptText{ssml: s, plain: PlainText(s)}
	t.scripts.Store(problemID, sc)
	return sc
}

// reported says an emergency was saved as a repair, with its reference.
func (t *turn) reported(s *speech, h Household, ref string) *speech {
	switch {
	case h.Demo:
		return s.text("This is a practice home, so I've noted it as an emergency but nobody will be told. Your reference is").spell(ref).text(".")
	case t.cfg.RepairsUntold:
		return s.text("I've noted it as an emergency, but it doesn't reach the repairs team by itself, so you must call. Your reference is").spell(ref).text(".")
	default:
		return s.text("I've also reported it as an emergency. Your reference is").spell(ref).text(".")
	}
}

// openEmergency returns the reference of an open emergency repair for the
// same problem reported in the last 24 hours, or "".
func (t *turn) openEmergency(ctx context.Context, h Household, problemID string) string {
	open, err := t.openRepairs(ctx, h.ID)
	if err != nil {
		// Not knowing is no reason to hold back a report: file it.
		t.log.WarnContext(ctx, "reading open repairs before an emergency", "err", err)
		return ""
	}
	for _, r := range open {
		if r.Problem == problemID && r.Priority == Emergency && t.req.Time.Sub(r.ReportedAt) < 24*time.Hour {
			return r.Ref
		}
	}
	return ""
}

// emergencyFollowUp answers a tenant who asks, after an emergency's
// advice, whether someone is coming: the emergency line arranges that,
// whatever was saved here.
func (t *turn) emergencyFollowUp(ctx context.Context) Response {
	t.flow(FlowStatus)
	t.outcome(OutcomeStatusRead)
	t.slot("problem", t.st.Problem)
	s := say("Our emergency repairs team will tell you when someone can come. Please call them now, if you haven't already, on").phone(t.cfg.EmergencyPhone).text(".")
	if t.st.Ref != "" {
		s.text("Your reference is").spell(t.st.Ref).text(".")
	}
	st := State{Problem: t.st.Problem, Ref: t.st.Ref, Pending: pendingRepeatEmergency, Flow: FlowRepair, Also: t.st.Also}
	return t.ask(s, say("Shall I say the safety advice again?"), say("Would you like me to say the safety advice again?"), st)
}

// doneAsAdvised is a tenant saying, after safety advice, that they have
// done what it said: turned something off, rung someone, got out.
var doneAsAdvised = cue{"ive turned", "i have turned", "ive switched", "i have switched", "weve turned", "weve switched", "i turned", "i switched", "turned it off", "turned them off", "turned that off", "switched it off", "switched them off", "switched that off", "turned the * off", "switched the * off", "turned off the", "switched off the", "turned off at", "switched off at", "ive done that", "done that", "already done", "ive done it", "done it", "ive rung", "ive called", "ive phoned", "weve rung", "weve called", "weve phoned", "ive rang", "rung them", "called them", "phoned them", "rang them", "rung the", "called the", "phoned the", "rang the", "were out", "we are out", "im out", "i am out", "were outside", "im outside", "we are outside", "i am outside", "were all out", "we are all out", "got out", "left the house", "left the flat", "out of the house", "out of the flat", "opened the windows", "opened the doors", "opened all the", "put a bucket", "put buckets"}

// advisedDone answers a tenant who has done what the safety advice said:
// well done, the emergency line if they have not rung it, and the advice
// again if they want it. Nothing new is reported.
func (t *turn) advisedDone(ctx context.Context) Response {
	t.flow(FlowRepair)
	t.outcome(OutcomeHelp)
	t.step("advice_done")
	t.slot("problem", t.st.Problem)
	s := say("That's the right thing to do. If you haven't yet, please call our emergency repairs line now, on").phone(t.cfg.EmergencyPhone).text(".")
	if t.st.Ref != "" {
		s.text("Your reference is").spell(t.st.Ref).text(".")
	}
	st := State{Problem: t.st.Problem, Ref: t.st.Ref, Pending: pendingRepeatEmergency, Flow: FlowRepair, Also: t.st.Also}
	return t.ask(s, say("Shall I say the safety advice again?"), say("Would you like me to say the safety advice again?"), st)
}

// repeatEmergency answers "Shall I say that again?" after emergency advice.
func (t *turn) repeatEmergency(ctx context.Context, yes bool) Response {
	if yes {
		t.st.Pending = ""
		// The same script again, with its reference: the repair is already
		// saved, so nothing is saved twice.
		s := safetyScript(t.st.Problem)
		s.text("Then call our emergency repairs line on").phone(t.cfg.EmergencyPhone).text(".")
		if t.st.Ref != "" {
			s.text("Your reference is").spell(t.st.Ref).text(".")
		}
		t.flow(FlowRepair)
		t.outcome(OutcomeEmergencyAdvised)
		t.step("repeat")
		t.slot("problem", t.st.Problem)
		st := State{Problem: t.st.Problem, Ref: t.st.Ref, Pending: pendingRepeatEmergency, Flow: FlowRepair, Also: t.st.Also}
		return t.ask(s, say("Shall I say that again?"), say("Would you like me to say that again?"), st)
	}
	if t.also() != "" {
		// The repair the tenant was reporting when the emergency came
		// up is not dropped: offered, once they have the advice.
		return t.offerAlso(FlowRepair, OutcomeStopped, say("Please do call now."))
	}
	t.flow(FlowRepair)
	t.outcome(OutcomeStopped)
	return t.goodbye(say("Please do call now. Take care."))
}

// interrupted is the everyday repair the tenant was reporting when an
// emergency came up, or one told of beside it, as State.Also: offered
// once they have the advice, unless they must leave their home.
func (t *turn) interrupted(problemID string) string {
	if mustLeave(problemID) {
		return ""
	}
	if a := t.also(); a != "" {
		return a
	}
	was := t.req.State
	if was.Flow != FlowRepair || was.Problem == "" || was.Problem == Other || was.Problem == problemID || was.Ref != "" ||
		alwaysDangerous(was.Problem) || askSafety[was.Problem].yes != "" || oneComplaint(was.Problem, problemID) {
		return ""
	}
	if was.Room != "" && was.Room != Other {
		return was.Problem + "/" + was.Room
	}
	return was.Problem
}
