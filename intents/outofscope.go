package intents

import (
	"context"
	"maps"
	"slices"
)

// topic is something tenants ask a landlord's speaker for that this skill
// does not do. What they asked for is evidence for the test, so each is
// recorded (outcome out_of_scope, Slots["topic"]) and counted for staff.
type topic struct {
	name string // for staff: "Rent or payments"
	// say is the one short, kind sentence a tenant hears. person is true
	// when a person must help: the landlord's number follows.
	say    string
	person bool
}

// topics is the closed list of out-of-scope topics (docs/usage-events.md).
var topics = map[string]topic{
	"RENT":       {"Rent or payments", "I can't help with rent or payments here, but our team can.", true},
	"BENEFITS":   {"Benefits", "I can't help with benefits here, but our money advice team can.", true},
	"NEIGHBOURS": {"Neighbours or noise", "I'm sorry you're having trouble. I can't sort out neighbour problems here, but our housing team can.", true},
	"ANTISOCIAL": {"Antisocial behaviour", "I'm sorry that's happening. If you're in danger now, call 999. To report antisocial behaviour, our housing team can help.", true},
	"COMPLAINT":  {"A complaint", "I'm sorry you're unhappy. I can't take complaints here, but someone will listen.", true},
	"PESTS":      {"Pests", "I can't arrange pest control here, but our team can tell you what to do.", true},
	"TENANCY":    {"Tenancy or moving home", "I can't help with your tenancy or moving home here, but our housing team can.", true},
	// Nothing here can put a call through or book one back: saying so
	// keeps "of course" from sounding like a promise.
	"PERSON": {"Speak to a person", "I can't connect you from here, but you can talk to someone.", true},
	// The supplier's, not the landlord's: no landlord number to give.
	"ENERGY": {"Gas or electricity supply and bills", "Your gas and electricity, their meters, top-ups and bills are for your energy supplier, not us. Their number is on your bill, or on your meter's card or key.", false},
	// Lost keys, spares and lockouts are the landlord's office's, and not
	// a repair: nothing of the home is broken.
	"KEYS": {"Keys and being locked out", "I can't sort out keys or lockouts here, but our team can tell you what to do.", true},
	// The council's, not the landlord's: no landlord number to give.
	"COUNCIL": {"Bins and other council services", "Bin collections and street lights are for your local council, not us. Their number is on your council tax bill.", false},
	// Advice, not a repair: nothing of the home is at fault, and every
	// minute counts more than a number to ring.
	"FUMES": {"Fumes from cleaning products", "Open the windows and get everyone out of that room until the fumes clear, and don't mix cleaning products. If anyone feels unwell, call 111, or 999 if they're struggling to breathe.", false},
	"FORMS": {"Forms and letters", "I can't help with forms or letters here, but our team can.", true},
	// Only English is spoken here; the team can book an interpreter.
	"LANGUAGE": {"Help in another language", "I can only speak English, but our team can arrange an interpreter.", true},
	// Relay UK is how a deaf tenant rings a number: 18001 before it.
	"CONTACT": {"How the landlord gets in touch", "I can't change how we get in touch with you here, but our team can note what suits you. If you use Relay UK, dial 18001 before our number.", true},
	"COST":    {"What a repair costs", "I can't tell you here whether a repair will cost you anything, but our team can.", true},
	"ABOUT":   {"What Home Helper is", "I'm Home Helper, a voice service your landlord is trying out.", false},
	// What is kept is the consent notice's own words (link.go), and how to
	// have it removed.
	"PRIVACY": {"What is kept about them", "Home Helper keeps a note of what you use it for, like repairs and visits, to see if it helps. It never keeps recordings of your voice. If you'd like your details removed, just say: forget me.", false},
	"THANKS":  {"Thanks", "You're welcome.", false},
	// Said before anything else is read, wherever in a conversation
	// (heardLow, heardHurt and heardAbuse, wellbeing.go): the words of it
	// are not kept.
	"WELLBEING": {"Feeling low, or thoughts of harm", PlainText(wellbeingSpeech().String()), false},
	"HURT":      {"Someone hurt or unwell", PlainText(hurtSpeech().String()), false},
	"ABUSE":     {"Domestic abuse", PlainText(abuseSpeech().String()), false},
	// Asking Alexa to work something ("turn the heating up"), inside Home
	// Helper: not a fault to report (alexaTask).
	"ALEXA": {"Something for Alexa itself", "Home Helper can't do that, but Alexa can. Say stop, then ask Alexa.", false},
	// Cold because heating costs too much: money advice, and grants.
	"WARMTH": {"The cost of heating", "I'm sorry, that's hard. Our money advice team can help with the cost of heating, and any grants you could get.", true},
}

// Topics lists every out-of-scope topic id, for the model's contract test
// and the documentation.
func Topics() []string { return slices.Sorted(maps.Keys(topics)) }

// TopicHandedOn reports a topic the tenant is given the landlord's number
// for: something Home Helper does not do. The others (what it is, what it
// keeps, thanks) it answers itself.
func TopicHandedOn(id string) bool { return topics[id].person }

// TopicName is an out-of-scope topic in words, for staff.
func TopicName(id string) string {
	if tp, ok := topics[id]; ok {
		return tp.name
	}
	return id
}

// someoneShutIn is a child, or someone who needs care, inside a home the
// tenant is locked out of.
var someoneShutIn = rule{all: []cue{{"baby", "babies", "child", "children", "kid", "kids", "toddler", "little one", "son", "daughter", "boy", "girl", "nan", "gran", "mum", "dad", "husband", "wife"}, {"inside", "in there", "in the house", "in the flat", "indoors", "on their own", "on her own", "on his own", "still in", "locked in", "shut in"}}}

// topicSlot reads the topic slot: the resolved id, or the tenant's words
// read against the topic list.
func (t *turn) topicSlot() string {
	s, ok := t.req.Slots["topic"]
	if !ok || !s.filled() {
		return ""
	}
	if _, known := topics[s.ID]; known {
		return s.ID
	}
	return t.topicIn(s.Value)
}

// outOfScopeIntent answers OutOfScopeIntent. Words that turn out to name a
// repair ("I need help with my boiler") go to the repair report instead.
func (t *turn) outOfScopeIntent(ctx context.Context) Response {
	if id := t.topicSlot(); id != "" {
		return t.outOfScope(ctx, id)
	}
	if s := t.req.Slots["topic"]; s.Value != "" {
		// "I want {to cancel my coach visit}": the carrier took the
		// asking, and the rest is one of the skill's own tasks.
		switch in := t.intentIn(s.Value); in {
		case "CancelAppointmentIntent", "MoveAppointmentIntent", "CheckAppointmentIntent", "RepairStatusIntent", "BookCoachIntent", "ForgetMeIntent":
			t.ev.Intent = in
			switch in {
			case "MoveAppointmentIntent":
				return t.moveAppointment(ctx)
			case "ForgetMeIntent":
				// "I want {to leave the pilot}": asked first, as always.
				return t.forgetMe(ctx)
			case "CancelAppointmentIntent":
				return t.cancelAppointment(ctx)
			case "CheckAppointmentIntent":
				return t.checkAppointment(ctx)
			case "RepairStatusIntent":
				return t.repairStatus(ctx)
			default:
				return t.bookCoach(ctx)
			}
		}
		if p := t.readProblem(s.Value); p != "" {
			t.req.Slots = map[string]Slot{"problem": {ID: p, Value: s.Value}}
			if t.howTo(s.Value) || slices.Contains([]string{"fix", "sort", "unblock", "bleed", "reset", "top", "clear", "thaw", "try"}, t.secondWord(s.Value)) && t.firstWord(s.Value) == "to" {
				// "I want {to fix my sink}": the carrier took the asking.
				t.ev.Intent = "SelfFixIntent"
				return t.selfFix(ctx)
			}
			t.ev.Intent = "ReportRepairIntent"
			return t.reportRepair(ctx)
		}
		if t.read(s.Value).matches(rule{all: []cue{{"someone", "somebody", "anyone", "anybody", "person", "people", "staff", "officer", "manager", "the housing", "the council", "the office", "human", "a real", "supervisor"}}}) {
			// "let me speak to somebody at the housing": a person.
			return t.outOfScope(ctx, "PERSON")
		}
		if t.st.Pending != "" {
			// "What about {the week after}", to a visit on offer: the
			// carrier took the asking, and the rest answers the question
			// as words carried by any other would.
			slots := t.req.Slots
			t.req.Slots = map[string]Slot{"description": {Value: s.Value}}
			if r, ok := t.catchAll(ctx); ok {
				return r
			}
			t.req.Slots = slots
		}
	}
	return t.fallback(ctx)
}

// outOfScope says who can help with something the skill does not do, then
// goes back to what the tenant was doing, or offers what the skill can do.
func (t *turn) outOfScope(ctx context.Context, id string) Response {
	tp := topics[id]
	// Whichever intent Alexa chose, this was answered as out of scope.
	t.ev.Intent = "OutOfScopeIntent"
	if t.st.Flow != "" {
		t.flow(t.st.Flow)
	} else {
		t.flow(FlowOther)
	}
	t.outcome(OutcomeOutOfScope)
	t.slot("topic", id)
	s := say(tp.say)
	if id == "KEYS" && t.read(t.slotWords()).matches(someoneShutIn) {
		// "I'm locked out and my baby's inside": someone who can't look
		// after themselves, shut in, is for 999 first.
		s = say("If a child, or anyone who can't look after themselves, is inside on their own, call 999 now.").text(tp.say)
	}
	if tp.person {
		s.text("Please call us on").phone(t.cfg.LandlordPhone).text(".")
	}
	// A question is waiting: answer, then ask it again in full.
	if r, ok := t.offScript(ctx, s); ok {
		return r
	}
	if id == "THANKS" {
		return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
	}
	return t.ask(s.add(menu()), menuQuestion(), menuReprompt(), State{})
}
