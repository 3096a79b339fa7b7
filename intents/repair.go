package intents

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// problemSlot reads the problem slot: the resolved id, else what the
// tenant's words read as (understand.go), else OTHER. heard is false when
// there is no problem yet. Danger was read before any handler ran
// (heardDanger), so this only decides among everyday problems.
func (t *turn) problemSlot() (id string, heard bool) {
	if s, ok := t.req.Slots["problem"]; ok && s.filled() {
		if t.echoed(s) {
			return t.st.Problem, true
		}
		if t.st.Problem != "" && t.st.El != nil && t.st.El.Slot == "room" && t.placeOnly() {
			// "The one over the sink", asked where the window is: the
			// sink says where, it is not a new problem.
			return t.st.Problem, true
		}
		read := t.readProblem(s.Value)
		if general := cmp.Or(s.ID, read); generalProblem[general] && strings.HasPrefix(t.st.Problem, general+"_") && (read == "" || read == general) {
			// "It's the toilet in the bathroom", of a blocked toilet: the
			// problem's family named again, not a new problem.
			return t.st.Problem, true
		}
		if s.ID == "" && read == "" && t.st.Problem != "" {
			if all := t.readProblem(t.slotWords()); generalProblem[all] && strings.HasPrefix(t.st.Problem, all+"_") {
				// "In the loo downstairs", of a running toilet, with "loo"
				// heard as the room: the family named again, and a place.
				return t.st.Problem, true
			}
		}
		if s.ID == "" && read == "" && t.vague(s.Value) {
			// "I want to report something": no problem named yet.
			if t.st.Problem != "" {
				return t.st.Problem, true
			}
			return "", false
		}
		if s.ID == "" && read == "" && t.st.Flow == FlowRepair && t.st.Problem != "" && t.st.Problem != Other && t.readProblem(t.slotWords()) == "" {
			// Words that name nothing ("cupboard", beside the kitchen)
			// don't undo the problem already understood.
			return t.st.Problem, true
		}
		if room := t.req.Slots["room"]; s.ID != "" && room.ID == "" && room.Value != "" && !t.echoedRoom(room) {
			if words := room.Value + " " + s.Value; t.dangerIn(words) == "" && t.readProblem(words) == "" && t.namesAFixture(words) {
				// "My {cupboard} {door won't shut}": the room's words
				// make it a thing with no name here, not a door of the
				// home. The tenant's words say what it is.
				return Other, true
			}
		}
		if q, ask := askSafety[s.ID]; ask {
			// Alexa heard the open question ("the alarm"); the words
			// said with it may settle it ("chirps now and then").
			if all := t.readProblem(t.slotWords()); all == q.no {
				return all, true
			}
		}
		if room := t.req.Slots["room"]; room.Value != "" && generalProblem[t.problemIn(room.Value)] {
			// "The loo" heard as the room, and "keeps running" as a leak:
			// together they are a running toilet.
			if all := t.readProblem(t.slotWords()); strings.HasPrefix(all, t.problemIn(room.Value)+"_") && !alwaysDangerous(all) {
				return all, true
			}
		}
		if s.ID == "DAMP_MOULD" && t.readProblem(t.slotWords()) == "LEAK" {
			// "A damp patch", with "the ceiling under the bathroom" heard
			// as the room: water from above, a leak, with no mould guide.
			return "LEAK", true
		}
		if _, known := problems[s.ID]; known {
			if room := t.req.Slots["room"]; room.Value != "" && !t.echoedRoom(room) && t.read(room.Value).has(thingsHeardAsRooms, nil) {
				// "The {shower} {pull cord} snapped": a thing heard as
				// the room, said before the problem's words, makes them
				// its own (the shower's cord, not a light's).
				if p := t.readProblem(backwards(t.slotValues())); p != "" && p != s.ID && !alwaysDangerous(p) && askSafety[p].yes == "" && t.readProblem(room.Value+" "+s.Value) == p {
					return p, true
				}
			}
			if all := t.readProblem(t.slotWords()); generalProblem[s.ID] && all != "" && all != s.ID && !alwaysDangerous(all) {
				return all, true
			}
			if strings.HasPrefix(read, s.ID+"_") {
				// The words say more than Alexa's match: "the boiler's
				// whistling" is a noisy boiler, not just a boiler.
				return read, true
			}
			if t.readProblem(t.slotWords()) == "" && t.vetoed(s.ID, t.slotWords()) {
				// Alexa matched a word the sentence says is not that
				// problem: "the hob won't {light}" is no light.
				return Other, true
			}
			return s.ID, true
		}
		if read != "" {
			if all := t.readProblem(t.slotWords()); strings.HasPrefix(all, read+"_") {
				// The room's words finish the problem's: "the toilet"
				// (heard as the room) "keeps running".
				return all, true
			} else if all != "" && all != read && !alwaysDangerous(all) && t.read(t.req.Slots["room"].Value).has(thingsHeardAsRooms, nil) {
				// The room's words are the thing the problem's words are
				// about: "just a trickle" from "the shower" (heard as the
				// bathroom) is the shower's weak flow, not a leak.
				return all, true
			} else if all == "" && t.vetoed(read, t.slotWords()) {
				// The sentence whole says it is not that: "the hob won't
				// {light}" is no light. The tenant's words say what it is.
				return Other, true
			}
			return read, true
		}
		if t.namesAFixture(s.Value) {
			// "Could I get a grab rail put in" {by the toilet}: the
			// problem's words say what it is; the room's only where.
			return Other, true
		}
		if p := t.readProblem(t.slotWords()); p != "" {
			return p, true
		}
		if p := t.readProblem(backwards(t.slotValues())); p != "" {
			// "The shower" heard as the room, "head's snapped off" as the
			// problem: the sentence is the room's words first.
			return p, true
		}
		return Other, true
	}
	if t.st.Problem != "" {
		return t.st.Problem, true
	}
	return "", false
}

// placeOnly reports words that name a thing only as where the problem
// is ("the one over the sink", "next to the boiler"): a word of place
// before it, and nothing said to be wrong with it. Alexa may split them
// across slots in either order, so both are read.
func (t *turn) placeOnly() bool {
	values := t.slotValues()
	for _, words := range []string{strings.Join(values, " "), backwards(values)} {
		r := t.read(words)
		if r.has(placeWords, nil) && !r.has(damageCue, nil) && t.dangerIn(words) == "" {
			return true
		}
	}
	return false
}

// placeWords put a thing as where something else is.
var placeWords = cue{"over the", "above the", "by the", "next to the", "near the", "beside the", "under the", "underneath the", "below the", "behind the", "opposite the", "round the", "around the", "over my", "above my", "by my", "next to my", "near my", "beside my", "under my", "behind my", "the one over", "the one by", "the one above", "the one next to", "the one near"}

// thingsHeardAsRooms name things with problems of their own that Alexa may
// hear as the room they are in ("the shower" as the bathroom). Not
// homeParts, the parts with no problem id of their own.
var thingsHeardAsRooms = cue{"shower*", "bath", "baths", "bathtub*", "toilet*", "loo", "loos", "sink*", "basin*", "boiler*", "cooker*", "oven*", "radiator*", "rads", "tap", "taps", "window*", "door*", "fridge*", "cistern*", "smoke alarm*", "fire alarm*", "smoke detector*", "heat alarm*", "heat detector*"}

// afterCorrection is the words after a tenant corrects themself ("the
// lounge, no wait, the dining room"), or all of them.
func (m *readings) afterCorrection(words string) string {
	r := m.read(words)
	last := -1
	for _, c := range []string{"no wait", "i mean", "sorry", "actually", "or rather", "no its", "not that"} {
		for from := 0; ; {
			_, j := r.at(c, from)
			if j < 0 {
				break
			}
			last, from = max(last, j), j
		}
	}
	if last < 0 || last >= len(r.toks) || m.roomIn(strings.Join(r.toks[last:], " ")) == "" {
		return words
	}
	return strings.Join(r.toks[last:], " ")
}

// saidWrong is a tenant putting the read-back right.
// correcting reports words that put right what was said before: "no, it's
// just the pressure"; "sorry, I mean the shower".
func (m *readings) correcting(words string) bool {
	r := m.read(words)
	return m.answerIn(m.firstWord(words)) == "no" || r.has(saidWrong, nil) || r.has(corrections, nil)
}

var corrections = cue{"i mean", "i meant", "actually", "sorry", "it is just", "it is only", "just the", "only the", "or rather", "no wait"}

var saidWrong = cue{"that isnt right", "that is wrong", "not what i said", "did you say", "you said", "i didnt say", "not the", "change that", "change it", "change the room", "should be the", "it should be", "wrong room", "got that wrong", "got it wrong"}

// systems groups the problems that are symptoms of one part of the home:
// in the radiator guide "it's still freezing" (no heating) is the
// radiator still cold, and in the sink guide "the drain's still backing
// up" is the sink still blocked.
var systems = map[string]string{
	"HEATING": "heat", "HOT_WATER": "heat", "HEAT_AND_HOT_WATER": "heat", "BOILER": "heat", "BOILER_LOCKOUT": "heat", "BOILER_PRESSURE": "heat",
	"BOILER_NOISE": "heat", "CONDENSATE_PIPE": "heat", "RADIATOR": "heat",
	"NO_POWER": "power", "TRIP_SWITCH": "power", "LIGHT": "power", "SOCKET": "power", "ELECTRICS": "power",
	"SINK_BLOCKED": "drains", "DRAIN": "drains",
	"TOILET": "toilet", "TOILET_BLOCKED": "toilet", "TOILET_RUNNING": "toilet", "TOILET_NO_FLUSH": "toilet",
}

// sameSystem reports whether two problems are symptoms of one part of the
// home (systems).
func sameSystem(a, b string) bool { return systems[a] != "" && systems[a] == systems[b] }

// generalProblem are the ids Alexa resolves a whole family of problems to
// ("the boiler"): words that say which one ("the white pipe outside has
// frozen, and now the boiler's stopped") say more.
var generalProblem = map[string]bool{"BOILER": true, "TOILET": true, "RADIATOR": true}

// generalThing names what a general problem is a problem with, to read
// words said of it as "it" ("it's making a banging noise", of the boiler).
var generalThing = map[string]string{"BOILER": "the boiler", "TOILET": "the toilet", "RADIATOR": "the radiator"}

// vague reports problem words that name no problem at all: "something",
// "a problem", "an issue".
func (m *readings) vague(words string) bool {
	r := m.read(words)
	for _, tok := range r.toks {
		switch tok {
		case "a", "an", "the", "some", "something", "problem", "problems", "issue", "issues", "repair", "repairs", "fault", "job", "thing", "please", "i", "think", "its", "just", "small", "little", "one", "another", "else":
		default:
			return false
		}
	}
	return len(r.toks) > 0
}

// readProblem reads everyday words as a problem. The danger list is read
// first: it also names the safe side of a danger ("the smoke alarm chirps
// every minute" is a battery, not a fire).
func (m *readings) readProblem(words string) string {
	if d := m.dangerIn(words); d != "" && !alwaysDangerous(d) && askSafety[d].yes == "" {
		return d
	}
	if m.alexaTask(words) {
		// "Turn the heating up" asks Alexa to work it: no fault in it.
		return ""
	}
	return m.problemIn(words)
}

// waterEscaping is water coming out of something.
var waterEscaping = cue{"leak*", "pissing", "pishing", "dripping water", "drips water", "water dripping", "water coming out", "water is coming out", "water pouring", "water is pouring", "pouring water", "puddle*", "water underneath", "wet underneath", "water running out"}

// checkingIn is a tenant checking the skill is still listening, and
// nothing else: "hello?", "are you still there?". Such words are short, so
// longer ones are not read for it.
var checkingIn = rule{only: true, all: []cue{{"hello", "hiya", "hi", "are you there", "are you still there", "you still there", "you there", "can you hear me", "is anyone there", "anyone there", "is anybody there", "anybody there", "are you listening", "are you still listening"}}}

// guideThing names what a guide is about, to read words said of it as
// "it" in the middle of it ("it's flashing red").
var guideThing = map[string]string{"HEAT_AND_HOT_WATER": "the heating", "BOILER_LOCKOUT": "the boiler", "BOILER_PRESSURE": "the boiler", "CONDENSATE_PIPE": "the boiler", "HEATING": "the heating",
	"RADIATOR": "the radiator", "TOILET_BLOCKED": "the toilet", "SINK_BLOCKED": "the sink", "TRIP_SWITCH": "the fuse box", "NO_POWER": "the power"}

// guideSpeaksOf reports words whose every word but the smallest and the
// doing is one the guide the tenant is in says itself: "the taps", in a
// guide that opens the filling loop's taps.
func (t *turn) guideSpeaksOf(words string) bool {
	g, ok := t.guides.For(t.st.Guide)
	if !ok {
		return false
	}
	said := t.read(strings.Join(append([]string{g.Intro}, g.Steps...), " "))
	n := 0
	for _, tok := range t.read(words).toks {
		if determiners[tok] || len(tok) < 3 || strings.HasSuffix(tok, "ed") || tok == "ive" || tok == "weve" || tok == "now" || tok == "just" || tok == "both" {
			// What was done to it ("opened", "turned"), and by whom,
			// is the tenant's to say.
			continue
		}
		if !slices.Contains(said.toks, tok) {
			return false
		}
		n++
	}
	return n > 0
}

// namesOnly reports words that name a thing and say nothing of it: "the
// fuse box", "my radiator".
func (m *readings) namesOnly(words string) bool {
	n := 0
	for _, tok := range m.read(words).toks {
		switch {
		case determiners[tok]:
		case tok == "report" || tok == "reporting":
			// "Report the radiator", if Alexa keeps the word.
			return false
		default:
			n++
		}
	}
	return n > 0 && n <= 2 && !m.saysWhatsWrong(words) && m.answerIn(words) == ""
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "my": true, "our": true, "this": true, "that": true, "me": true, "its": true}

// backAgain is a tenant back from a moment away, or sorry for it.
var backAgain = cue{"im back", "i am back", "back now", "im here now", "i am here now", "where were we", "sorry about that", "sorry about the wait", "sorry to keep you", "sorry for the wait", "sorry i was", "thats them gone", "theyve gone", "they have gone"}

// ratingDeclined is a rating the tenant would rather not give.
var ratingDeclined = cue{"rather not", "dont want to say", "dont want to", "not bothered", "no comment", "skip it", "skip that", "pass on that", "not today", "another time", "leave it", "not saying", "wont say"}

// codeNotToHand is a link code the tenant cannot give: lost, never had,
// not to hand.
var codeNotToHand = cue{"hasnt given", "havent been given", "not been given", "not given me", "didnt give me", "never gave me", "not had one", "havent had one", "still waiting for", "dunno where", "dont know where", "no idea where", "not sure where", "cant find", "cannot find", "lost", "mislaid", "misplaced", "never got", "never had", "never received", "never been given", "havent got", "have not got", "dont have", "not got", "no code", "forgotten", "forgot", "cant remember", "dont remember", "threw it away", "thrown it away", "binned it"}

// didTheStep is the tenant saying what they did: a guide's step done,
// whatever else the words say.
var didTheStep = cue{"i", "ive", "we", "weve", "done it", "did it", "done that", "did that"}

// whatINeed asks what a guide needs to hand.
var whatINeed = cue{"what do i need", "what will i need", "what did i need", "what i need", "what do i want", "what tools", "what kit", "what equipment", "what did you say i need", "what should i have", "what do i use", "what am i using", "what was i meant to get", "what do i have to get", "do i need anything", "need anything"}

// vetoed reports words that a rule for the problem id would read but for
// its unless-list: taken whole, they say it is not that problem.
func (m *readings) vetoed(id, words string) bool {
	r := m.read(words)
	for _, ru := range problemRules {
		if ru.id == id && len(ru.unless) > 0 && r.has(ru.unless, nil) && r.matches(rule{id: ru.id, all: ru.all, mask: ru.mask, only: ru.only}) {
			return true
		}
	}
	return false
}

// echoed reports a problem value we sent back in an elicitation's
// updatedIntent: it returns without a resolution, and is the problem we
// already have, not new words from the tenant.
func (t *turn) echoed(s Slot) bool {
	return t.st.Problem != "" && s.ID == "" && s.Value == problemName(t.st.Problem)
}

// echoedRoom is echoed for the room we already have.
func (t *turn) echoedRoom(s Slot) bool {
	return t.st.Room != "" && s.ID == "" && s.Value == roomName(t.st.Room)
}

// echo reports a slot that is not news: what we sent back, or — beside
// the tenant's words in the description — the problem or room we already
// have, which Alexa's dialog carries along from the report's earlier turns.
func (t *turn) echo(name string, s Slot) bool {
	carried := s.ID != "" && t.req.Slots["description"].Value != "" &&
		((name == "problem" && (s.ID == t.st.Problem || s.ID == t.st.Guide)) || (name == "room" && s.ID == t.st.Room))
	return carried || (name == "problem" && t.echoed(s)) || (name == "room" && t.echoedRoom(s))
}

func (t *turn) roomSlot() string {
	if r := t.correctedInOtherSlot(); r != "" {
		return r
	}
	if s, ok := t.req.Slots["room"]; ok && s.filled() {
		if mayNegate(s.Value) {
			if _, _, not := t.read(s.Value).notARoom(); not {
				// "Not the kitchen", which Alexa resolves to the kitchen:
				// the room said is the one it is not.
				if r := t.roomIn(s.Value); r != "" {
					return r
				}
				return t.st.Room
			}
		}
		if _, known := rooms[s.ID]; known {
			return s.ID
		}
		if t.st.Room != "" && s.Value == roomName(t.st.Room) {
			return t.st.Room
		}
		if r := t.roomIn(s.Value); r != "" {
			return r
		}
		if r := t.read(s.Value); r.has(homeParts, nil) || r.has(appliances, nil) || r.has(thingsHeardAsRooms, nil) || r.has(people, nil) {
			// "…running in {the wall}", "the {washing machine's}
			// leaking", "no flashing light" on "the {fire alarm}", "my
			// {little boy} has asthma": a part of the home, a thing in
			// it or a person, not a place, so the room is still to be
			// asked.
			return t.st.Room
		}
		if t.req.State.RoomTries == 0 && t.levelIn(s.Value) != "" {
			// "Upstairs" says where, not which room: asked once
			// (continueRepair).
			return t.st.Room
		}
		if p := t.req.Slots["problem"]; p.Value != "" && (joined(t.read(s.Value+" "+p.Value), s.Value) || joined(t.read(p.Value+" "+s.Value), p.Value)) {
			// "The {front} {door handle}", "the {waste} {pipe}": words
			// heard as the room that make one name with the problem's
			// are the thing's, not a place, so the room is still asked.
			return t.st.Room
		}
		if len(t.read(s.Value).toks) > 3 {
			// "Could the council {come out and look at} my window": words
			// Alexa put in the room slot that are no place's name, so the
			// room is still to be asked.
			return t.st.Room
		}
		return Other
	}
	return t.st.Room
}

// joined reports a phrase the reader knows ("front door", "waste pipe")
// that begins in the words of first and ends after them, in r, which is
// first followed by more words.
func joined(r reading, first string) bool {
	n := len(newReading(first).toks)
	f := r.f
	if f == nil {
		found := find(r.toks)
		f = &found
	} else {
		f = r.found()
	}
	for _, sp := range f.spans {
		if sp.start < n && sp.end > n {
			return true
		}
	}
	return false
}

// roomAskedBefore reports that the last question was which room st's
// problem is in.
func (t *turn) roomAskedBefore(st State) bool {
	el, was := t.req.State.El, t.req.State
	return el != nil && el.Intent == "ReportRepairIntent" && el.Slot == "room" && was.Room == "" && was.Problem == st.Problem
}

// levels are the words for a floor of the home, which say where but not
// which room: "the one upstairs".
var levels = [...]struct {
	words cue
	said  string
}{
	{cue{"upstairs", "up the stairs", "first floor", "top floor", "upper floor", "second floor"}, "upstairs"},
	{cue{"downstairs", "down the stairs", "ground floor", "bottom floor", "lower floor"}, "downstairs"},
}

// levelRooms are the rooms a level's question gives as examples.
var levelRooms = map[string]string{"upstairs": "a bedroom, or the bathroom", "downstairs": "the kitchen, or the living room"}

// levelIn is the floor the words name, "upstairs" or "downstairs", or "".
func (m *readings) levelIn(words string) string {
	r := m.read(words)
	for _, l := range levels {
		if r.has(l.words, nil) {
			return l.said
		}
	}
	return ""
}

// correctedInOtherSlot is a room the tenant put right in words Alexa kept
// apart from the room slot: "the bathroom" as the room, "no wait, the
// kitchen" as the problem. The room after the correction is the one meant.
func (t *turn) correctedInOtherSlot() string {
	room := t.req.Slots["room"]
	if room.Value == "" {
		return ""
	}
	for _, name := range dangerSlots {
		s := t.req.Slots[name]
		if name == "room" || s.Value == "" || t.echo(name, s) {
			continue
		}
		if after := t.afterCorrection(s.Value); after != s.Value {
			return t.roomIn(after)
		}
	}
	return ""
}

// filledSlots names the slots of dangerSlots with the tenant's words in.
func (t *turn) filledSlots() []string {
	var names []string
	for _, name := range dangerSlots {
		if s := t.req.Slots[name]; s.Value != "" && !t.echo(name, s) {
			names = append(names, name)
		}
	}
	return names
}

// slotWords is every word the tenant said in this request's slots, read
// together when one slot alone says too little.
// A turn asks for them a dozen times, so the last words joined are kept
// with the values they joined, and joined again only when the values
// differ (a turn can change its slots or the state that makes one an echo).
func (t *turn) slotWords() string {
	var buf [len(dangerSlots)]string
	vals := t.appendSlotValues(buf[:0])
	if len(vals) == 0 {
		return ""
	}
	if t.said == nil {
		// Kept apart from the turn, which every request makes and most
		// read no words in.
		t.said = new(saidWords)
	} else if t.said.n == len(vals) && slices.Equal(vals, t.said.vals[:t.said.n]) {
		return t.said.words
	}
	t.said.n = copy(t.said.vals[:], vals)
	t.said.words = strings.Join(vals, " ")
	return t.said.words
}

// saidWords is the turn's last slotWords.
type saidWords struct {
	vals  [len(dangerSlots)]string
	n     int
	words string
}

// slotValues are the words of each slot that carries the tenant's words
// about what is wrong, in dangerSlots' order.
func (t *turn) slotValues() []string { return t.appendSlotValues(nil) }

func (t *turn) appendSlotValues(all []string) []string {
	for _, name := range dangerSlots {
		if s := t.req.Slots[name]; s.Value != "" && !t.echo(name, s) {
			all = append(all, s.Value)
		}
	}
	return all
}

// roomIsProblem reports a room value that is really part of the problem,
// as in "my boiler is making a banging noise", where Alexa can hear
// "boiler" as the room: the words of both slots are read together.
func (t *turn) roomIsProblem() (string, bool) {
	room, ok := t.req.Slots["room"]
	if !ok || room.ID != "" || room.Value == "" || t.roomIn(room.Value) != "" || t.problemIn(room.Value) == "" {
		return "", false
	}
	words := room.Value
	if p := t.req.Slots["problem"]; p.Value != "" && !t.echoed(p) {
		words += " " + p.Value
	}
	return t.readProblem(words), true
}

// ownWords are the tenant's words about what is wrong, in the order said
// as far as it can be known: a room slot Alexa could not resolve is the
// start of a sentence "the {room} {problem}" split ("kitchen worktop",
// "is cracked"); a room it resolved is left out.
func (t *turn) ownWords() string {
	var parts []string
	room := t.req.Slots["room"]
	if room.Value != "" && !t.echoedRoom(room) && (room.ID == "" || t.read(room.Value).has(placesThatAreThings, nil)) {
		parts = append(parts, room.Value)
	}
	for _, name := range []string{"problem", "description"} {
		if s := t.req.Slots[name]; s.Value != "" && !t.echo(name, s) {
			parts = append(parts, s.Value)
		}
	}
	if len(parts) > 1 && room.Value == parts[0] && !t.endsOpen(parts[0]) && (t.saysWhatsWrong(parts[0]) && !t.saysWhatsWrong(parts[1]) || t.endsOpen(parts[1]) && !t.wantsSubject(parts[1]) && !t.saysWhatsWrong(parts[0])) {
		// "The {problem} on the {room}" heard as "handrail" and "stairs
		// has come off the wall": the thing first, as the tenant said
		// it, for the words are read back and passed on. Not "{gas fire
		// won't} {light}" nor "{shower's scalding then} {freezing}",
		// whose first words wait for the rest.
		parts[0], parts[1] = parts[1], parts[0]
	}
	return strings.Join(parts, " ")
}

// coverUnsafe is a drain's or manhole's cover broken, loose or gone.
var coverUnsafe = rule{all: []cue{{"manhole*", "drain cover*", "drain lid*", "inspection cover*", "inspection chamber*", "cover", "lid"}, {"broken", "broke", "cracked", "crack*", "missing", "gone", "loose", "rocking", "rocks", "wobbl*", "snapped", "smashed", "collapsed", "caved in", "sunk", "sinking", "come off", "came off", "lifted", "moved", "hole", "open"}}, unless: cue{"block*", "overflow*", "smell*", "stink*", "coming up", "backing up", "backed up"}}

// toolWontFit is a tool that does not fit ("my radiator key doesn't
// fit"): the step can't be done, though "doesn't" reads as the problem
// still there.
var toolWontFit = cue{"doesnt fit", "dont fit", "wont fit", "will not fit", "not fitting", "wrong size"}

// outdoorThings are the tenant's words for things only found outside.
var outdoorThings = cue{"tree*", "branch", "branches", "hedge*", "path", "paths", "pathway", "paving", "driveway", "drive way", "greenhouse*", "shed", "sheds", "manhole*", "washing line*", "rotary line", "bin store*"}

// toiletParts are the parts of a toilet that are not how it works: its
// seat and lid. byTheToilet are the things beside it.
var (
	toiletParts = cue{"seat", "seats", "lid"}
	byTheToilet = cue{"roll holder*", "holder", "brush holder*", "roll*"}
)

// toiletRoomWords say that a toilet is in a room of its own.
var toiletRoomWords = cue{"downstairs", "upstairs", "separate", "own room", "cloakroom", "wc", "w c", "toilet room", "little room", "smallest room", "outside", "outdoor"}

// waterOut is water said to come out of something, in a guide that
// opened it; noWaterOut is none yet ("nothing's coming out").
var (
	waterOut   = cue{"water", "waters", "drip*", "wet", "leak*", "spitting", "squirt*", "spray*", "pouring", "trickl*", "dribbl*", "gushing", "overflow*"}
	noWaterOut = cue{"no water", "not", "nothing", "isnt", "hasnt", "havent", "wont", "doesnt", "didnt", "no air", "only air", "just air", "still air"}
)

// somethingFlushed is a solid thing gone down a toilet.
var somethingFlushed = cue{"toy", "toys", "toy car*", "lego", "nappy", "nappies", "phone", "mobile", "keys", "sanitary", "tampon*", "flannel*", "face cloth*", "toilet brush", "air freshener*", "bottle", "ball", "flushed a", "flushed his", "flushed her", "flushed my", "flushed something", "dropped a", "dropped my", "dropped something", "fell in", "fallen in", "fell down it", "gone down it", "put something down", "stuffed"}

// people are the household named where a place might be: "my {little
// boy} has asthma".
var people = cue{"boy", "boys", "girl", "girls", "son", "sons", "daughter*", "baby", "babies", "child", "children", "kid", "kids", "toddler*", "grandson*", "granddaughter*", "grandchild*", "grandkid*", "husband", "wife", "partner", "mum", "mam", "mom", "dad", "nan", "nana", "gran", "granny", "grandad", "grandma", "grandpa", "carer*", "lodger*", "family", "he", "she", "me", "i", "im", "i am"}

// placesThatAreThings are rooms of the model that are also what is
// broken: "the {lift} is broken" is outside, and it is the lift; "the
// {bath} panel's come off" is in the bathroom, and it is the bath's.
var placesThatAreThings = cue{"lift", "lifts", "balcony", "balconies", "bin store*", "bin room*", "bin area*", "car park*", "bath", "baths", "shower", "showers", "shed", "garden shed", "porch", "conservatory", "loft hatch", "drive", "driveway", "patio", "garden path"}

// endsOpen reports words that stop where more must follow ("the
// heating's packed in and I'm", before "{in my} eighties").
func (m *readings) endsOpen(words string) bool {
	r := m.read(words)
	if len(r.toks) == 0 {
		return false
	}
	last := r.toks[len(r.toks)-1]
	return slices.Contains(waitingForVerb, last) || slices.Contains([]string{"im", "and", "my", "in", "on", "the", "a", "with", "of", "to", "then", "but", "so", "or", "because", "into", "onto", "from", "at", "by", "near", "under", "behind", "get", "reach", "use"}, last)
}

// wantsSubject reports words that start with what is wrong and wait for
// the thing before them: "{bath} {is coming away from the wall and
// water's getting behind}" was said in that order, though its last word
// waits too.
func (m *readings) wantsSubject(words string) bool {
	first := m.firstWord(words)
	return first != "" && (slices.ContainsFunc(whatsWrongVerbs, func(p string) bool { return !strings.Contains(p, " ") && wordMatches(p, first) }) ||
		slices.Contains([]string{"coming", "getting", "falling", "letting", "making"}, first))
}

// saysWhatsWrong reports words that say, whole, what is wrong ("stairs
// has come off the wall"), not only the name of a thing, nor a sentence
// left waiting for its verb ("gas fire won't").
func (m *readings) saysWhatsWrong(words string) bool {
	r := m.read(words)
	if len(r.toks) == 0 || slices.Contains(waitingForVerb, r.toks[len(r.toks)-1]) {
		return false
	}
	return r.has(whatsWrongVerbs, nil)
}

var waitingForVerb = []string{"is", "are", "has", "have", "was", "were", "keeps", "wont", "doesnt", "isnt", "cant", "not", "will", "does", "did", "didnt"}

var whatsWrongVerbs = cue{"is", "are", "has", "have", "was", "were", "keeps", "wont", "doesnt", "isnt", "cant", "come*", "came", "gone", "going", "fallen", "falling", "fell", "broke*", "leak*", "drip*", "stopped", "started", "lifting", "peeling", "curling", "hanging", "cracked", "snapped", "loose", "not"}

// fixtureWords are the tenant's own words when they name a part of the
// home and what is wrong with it, or "". A room Alexa resolved may carry
// the part ("our {bath} {has a crack in it}"), so it is read with them.
func (t *turn) fixtureWords() string {
	words := t.ownWords()
	if t.namesAFixture(words) {
		return words
	}
	if r := t.req.Slots["room"]; r.ID != "" && r.Value != "" && !t.echoedRoom(r) && t.namesAFixture(r.Value+" "+words) {
		return r.Value + " " + words
	}
	return ""
}

// problemInRoomWords reads the problem in a room value that carries more
// than the room, as "the {room} {problem}" splits "the bathroom fan
// doesn't come on with" and "the light": the words are read in the order
// said, room first. It is "" when the room's words name no problem.
func (t *turn) problemInRoomWords() string {
	room, p := t.req.Slots["room"], t.req.Slots["problem"]
	if room.ID != "" || room.Value == "" || p.Value == "" || t.echoed(p) {
		return ""
	}
	if t.problemIn(room.Value) == "" && t.readProblem(p.Value) != "" {
		// The problem's words name it alone; the room's add nothing.
		return ""
	}
	if all := t.readProblem(room.Value + " " + p.Value); all != "" && !alwaysDangerous(all) {
		return all
	}
	return ""
}

// description takes the tenant's own words for their problem, from the
// description slot, and reads them for a problem or a topic.
func (t *turn) description() (problemID, topicID string) {
	d, ok := t.req.Slots["description"]
	if !ok || d.Value == "" {
		return "", ""
	}
	if t.st.DescAsked {
		// Kept only when asked for: words the model's free-speech carriers
		// took are read, not kept.
		t.st.Desc = clipWords(d.Value, maxDescription)
	}
	tp := t.topicIn(d.Value)
	if (tp == "NEIGHBOURS" || tp == "ANTISOCIAL" || tp == "PESTS") && t.read(d.Value).has(plainDamage, nil) {
		// "The people next door knocked a hole in our shared wall": the
		// damage is a repair, whoever did it.
		tp = ""
	}
	if t.asksAdaptation(d.Value) && t.dangerIn(d.Value) == "" {
		// "A grab rail put in by the toilet" is no toilet's fault.
		return "", tp
	}
	return t.readProblem(d.Value), tp
}

// withoutNo is words without the "no" or "not quite" that opened them.
func withoutNo(words string) string {
	for _, lead := range []string{"actually,", "actually", "oh,", "oh", "sorry,", "sorry", "no,", "no", "nope,", "nope", "not quite,", "not quite", "not really,", "not really", "its", "it's", "it is"} {
		if rest, ok := strings.CutPrefix(strings.ToLower(words), lead+" "); ok {
			words = words[len(words)-len(rest):]
		}
	}
	return strings.TrimSpace(words)
}

// joiners open words only to join them to what went before.
var joiners = map[string]bool{"and": true, "oh": true, "also": true, "plus": true, "um": true, "erm": true, "er": true}

// maxDescription bounds the tenant's words kept with a repair: a few
// sentences, enough for the repairs team, small in session attributes.
const maxDescription = 300

// clipWords is the tenant's words as kept for the repairs team and read
// back: without the words that only joined them to what went before ("oh
// and the front door bell doesn't work"), and at most n bytes, cut at a
// word.
func clipWords(s string, n int) string {
	for {
		w, rest, ok := strings.Cut(s, " ")
		if !ok || !joiners[strings.ToLower(w)] {
			break
		}
		s = rest
	}
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut
}

// asideTopic returns the topic of words that turn from the question asked
// to something no answer to it could be (a person, the rent, a complaint,
// the neighbours, mice), or "". Words that name a problem or a room are
// answers, whatever else they say.
func (m *readings) asideTopic(words string) string {
	switch tp := m.topicIn(words); tp {
	case "NEIGHBOURS":
		// Only said of people: "it's still making a noise" is the boiler's.
		if !m.read(words).has(neighbourPeople, nil) {
			return ""
		}
		fallthrough
	case "PERSON", "RENT", "BENEFITS", "COMPLAINT", "TENANCY", "PESTS", "ANTISOCIAL":
		if m.readProblem(words) == "" && m.roomIn(words) == "" {
			return tp
		}
	}
	return ""
}

// neighbourPeople are the people a neighbours' aside is about.
var neighbourPeople = cue{"neighbour*", "neighbor*", "next door", "people", "flat above", "flat below", "upstairs", "downstairs", "them above", "them next door"}

// unresolvedTopic returns the out-of-scope topic of problem words that name
// no problem ("I want to pay my rent" heard as a problem).
func (t *turn) unresolvedTopic() string {
	s, ok := t.req.Slots["problem"]
	if !ok || s.ID != "" || s.Value == "" || t.echoed(s) || t.readProblem(s.Value) != "" {
		return ""
	}
	words := t.slotWords()
	if t.readProblem(words) != "" {
		return ""
	}
	return t.topicIn(words)
}

// catchAll answers words that reached the repair report only because the
// model's catch-all took them and that name no problem: the room asked
// for, an answer to the question pending ("no it didn't fix it", "aye go
// on"), a step of the guide in the tenant's own words, or another of the
// skill's tasks. The usage event then records the intent the words were
// answered as. ok is false when the words are none of these.
func (t *turn) catchAll(ctx context.Context) (Response, bool) {
	p, d, r := t.req.Slots["problem"], t.req.Slots["description"], t.req.Slots["room"]
	if t.st.Flow == FlowRepair && t.st.Problem != "" && t.read(t.slotWords()).has(callInstead, nil) {
		// "I'll ring them instead", part way through a report: not made,
		// and the number to ring.
		t.ev.Intent = "AMAZON.CancelIntent"
		t.slot("problem", t.st.Problem)
		t.step("call_instead")
		return t.anythingElse(ctx, FlowRepair, OutcomeRepairDeclined,
			say("OK, I haven't reported it. Our number is").phone(t.cfg.LandlordPhone).text(".")), true
	}
	if all := t.slotWords(); !t.st.inGuide() && t.st.Q != "" && t.read(all).has(backAgain, nil) && t.readProblem(all) == "" && t.roomIn(all) == "" && t.dangerIn(all) == "" {
		// "Right, I'm back", "where were we", after "hang on": the
		// question again, with no "didn't catch" for words that were
		// never an answer.
		t.taskFlow(FlowHelp)
		t.outcome(OutcomeHelp)
		t.step("back")
		if r, ok := t.offScript(ctx, say("That's alright.")); ok {
			t.ev.Intent = "CheckingInIntent"
			return r, true
		}
	}
	if t.st.Pending == pendingRepeatEmergency && t.read(t.slotWords()).has(doneAsAdvised, nil) {
		// "I've turned the electric off", after the advice said to: done
		// as advised, not a power cut to put right.
		return t.advisedDone(ctx), true
	}
	if t.echo("problem", p) {
		p = Slot{}
	}
	if t.echo("room", r) {
		r = Slot{}
	}
	restated := false
	if t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) && p.ID != "" && r.Value == "" &&
		(p.ID == t.st.Guide || sameSystem(p.ID, t.st.Guide)) && t.readProblem(p.Value) == "" {
		// "Cold at the top", in the radiator's guide, which Alexa
		// resolves to the radiator: how it is now, not a report asked
		// for ("report the radiator" names it), so read as words.
		p.ID, restated = "", true
	}
	if t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) && p.ID != "" && p.ID != t.st.Guide &&
		r.Value == "" && t.guideSpeaksOf(p.Value) && t.dangerIn(t.slotWords()) == "" {
		// "I've opened the taps", in the boiler pressure guide: the
		// filling loop's taps the guide spoke of, not a dripping tap to
		// report. Done, the next step; named alone, this one again.
		switch {
		case t.guideIn(t.slotWords()) == "next":
			t.ev.Intent = "AMAZON.NextIntent"
			return t.next(ctx), true
		case t.namesOnly(p.Value):
			t.ev.Intent = "AMAZON.RepeatIntent"
			return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "Here's that step again."), true
		}
	}
	if t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) && p.ID != "" && r.Value == "" &&
		(p.ID == t.st.Guide || sameSystem(p.ID, t.st.Guide)) && !restated && t.namesOnly(p.Value) && t.dangerIn(t.slotWords()) == "" {
		// "The fuse box", in the guide that finds it: Alexa hears "I've
		// found the fuse box" and "report the fuse box" alike, so ask.
		t.ev.Intent = "ReportRepairIntent"
		t.flow(FlowSelfFix)
		t.outcome(OutcomeGuideStep)
		t.step("report_or_guide")
		st := t.st
		st.Pending = pendingGuideOrReport
		return t.ask(say(), say("Would you like me to report it instead of going on with the guide?"),
			say("Please say yes or no. Shall I report it instead of going on with the guide?"), st), true
	}
	if do, _ := t.waterStep(); do > 0 && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) {
		if said := t.read(t.slotWords()); said.has(waterOut, nil) && !said.has(noWaterOut, nil) {
			// "Water's coming out now", with the bleed valve open: what
			// the step that closes it is for, said next, wherever the
			// tenant had got to.
			t.ev.Intent = "AMAZON.NextIntent"
			return t.guideStep(ctx, t.st.Guide, do-1, OutcomeGuideStep, "OK."), true
		}
	}
	if r, ok := t.trippedAgain(ctx); ok {
		return r, true
	}
	if all := t.slotWords(); t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain || t.st.Pending == pendingGuideFixed) &&
		t.read(all).has(brokeDoingIt, nil) && !t.read(all).has(notBrokeDoingIt, nil) {
		// "The valve's snapped off", doing a step (danger, such as water
		// pouring out, was read first): the guide stops here, and the
		// repair is reported as it now is.
		t.ev.Intent = "AMAZON.NoIntent"
		return t.guideBroke(ctx), true
	}
	if all := t.slotWords(); t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) && (t.read(all).has(cantDoStep, nil) && !t.read(all).matches(stillThere) || t.read(all).has(toolWontFit, nil)) {
		// "I can't find the filling loop", "I haven't got a radiator
		// key": the guide is no use to this tenant, so the repair is
		// reported instead (whatever Alexa made of the thing named).
		t.ev.Intent = "AMAZON.NoIntent"
		return t.guideCantDo(ctx), true
	}
	// In a guide, the tenant's own words about its problem are about the
	// step; a problem Alexa resolved, or a room, is a report asked for
	// ("report the mould in the bathroom"), which leaves the guide.
	if all := t.slotWords(); t.st.inGuide() && t.st.Guide != "" && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain) &&
		p.ID == "" && r.Value == "" {
		said := t.read(all)
		named := t.readProblem(all)
		if thing := guideThing[t.st.Guide]; named == "" && thing != "" {
			// "It's flashing red", in the boiler's guide, is the boiler's,
			// when it says more of the boiler than its name does.
			if named = t.readProblem(thing + " " + all); named == t.readProblem(thing) && !restated {
				named = ""
			}
		}
		if restated && named == "" {
			named = t.st.Guide
		}
		if (named == t.st.Guide || sameSystem(named, t.st.Guide)) && !said.matches(nowFixed) && !said.matches(stillThere) && t.guideIn(all) == "" {
			// "Where's the filling loop?", "it's flashing red": the step
			// again, not a new report.
			t.ev.Intent = "AMAZON.RepeatIntent"
			return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "Here's that step again."), true
		}
	}
	if all := t.slotWords(); t.st.Pending == pendingFeedback && t.read(all).has(ratingDeclined, nil) && !t.read(all).has(cue{"one", "two", "three", "four", "five", "1", "2", "3", "4", "5"}, nil) {
		// "I'd rather not say", asked how easy it was: a no thanks.
		t.ev.Intent = "AMAZON.NoIntent"
		return t.declineFeedback(ctx), true
	}
	if all := t.slotWords(); t.st.Pending != pendingHaveCode && t.read(all).has(codeNotToHand, nil) && t.read(all).has(cue{"code", "codes"}, nil) && t.dangerIn(all) == "" && t.readProblem(all) == "" {
		// "I've lost the code", before it was asked for, from a speaker
		// not linked: what the code's question would have said to a no.
		if _, err := t.household(ctx); errors.Is(err, ErrNotFound) {
			t.ev.Intent = "AMAZON.NoIntent"
			return t.haveCode(ctx, false), true
		}
	}
	if all := t.slotWords(); t.st.Pending == pendingHaveCode && t.read(all).has(codeNotToHand, nil) && t.dangerIn(all) == "" {
		// "I dunno where I put it", asked for the code: not to hand, so
		// a no, which says who can give it and what works without it.
		t.ev.Intent = "AMAZON.NoIntent"
		return t.answerWith(ctx, "no"), true
	}
	if all := t.slotWords(); t.st.Pending == pendingAnythingElse && t.st.Was != "" && all != "" && t.answerIn(t.firstWord(all)) != "no" && t.intentIn(all) == "" {
		if room, p := t.roomIn(all), t.readProblem(all); room != "" && (p == "" || p == t.st.Was || strings.HasPrefix(t.st.Was, p+"_")) {
			// "It's in the bathroom", straight after turning down "a
			// dripping tap, in the kitchen": the same repair, put right.
			t.st = State{Flow: FlowRepair, Problem: t.st.Was, Room: room, Guide: guideDeclined}
			t.ev.Intent = "ReportRepairIntent"
			return t.continueRepair(ctx, say("Sorry about that.")), true
		}
	}
	switch {
	case (p.ID != "" && p.ID != t.st.Problem) || (r.ID != "" && r.ID != t.st.Room):
		// A problem or room named afresh: the report reads it.
		return Response{}, false
	case p.ID != "" || r.ID != "":
		// The problem or room we have, in other words ("the kitchen
		// tap", asked which room): read them with the rest.
	case d.Value != "" && p.Value == "":
		if t.st.DescAsked && t.st.Desc == "" {
			// The answer to "tell me in a few words what's wrong".
			return Response{}, false
		}
	case p.Value == "" || t.echoed(p) || d.Value != "":
		return Response{}, false
	}
	var said []string
	for _, s := range []Slot{p, d, r, t.req.Slots["topic"]} {
		if s.Value != "" {
			said = append(said, s.Value)
		}
	}
	words := strings.Join(said, " ")
	as := func(intent string, r Response) (Response, bool) {
		t.ev.Intent = intent
		return r, true
	}
	if len(words) <= 40 && t.read(words).matches(checkingIn) {
		// "Hello? Are you still there?", carried in other words: not
		// the answer, nor a problem to report.
		return as("CheckingInIntent", t.checkingIn(ctx))
	}
	if r := t.read(words); t.readProblem(words) == "" && t.st.Said == "" && r.has(askedReference, nil) {
		// "What did you say my reference was?", in a new session: there
		// is no last answer to say again, but there are the repairs.
		return as("RepairStatusIntent", t.repairStatus(ctx))
	}
	if r := t.read(words); t.readProblem(words) == "" && (r.has(sayAgain, nil) || (t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch) && r.has(sayWhenAgain, nil)) {
		// "Can you say that again please", at the read-back: asking to
		// hear it again, never a yes because "please" is said too. "When
		// did you say?" asks it again only of a visit on offer; once one
		// is booked, the same words check it.
		return as("AMAZON.RepeatIntent", t.repeat(ctx))
	}
	if (t.st.El != nil || t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch) && !t.st.inGuide() &&
		t.read(words).has(letItGo, nil) && t.readProblem(words) == "" && t.roomIn(words) == "" {
		// "Never mind, forget it", asked which room or offered a visit:
		// the task given up, as "cancel" gives it up. To a yes or no
		// question, the same words are a no (answerRules).
		t.req.Intent = "AMAZON.CancelIntent"
		return as(t.req.Intent, t.stop(ctx))
	}
	if t.st.Pending == pendingAnythingElse && t.vague(words) {
		// "Yes, I've got another problem", heard as the problem "another
		// problem": something else, so yes.
		return as("AMAZON.YesIntent", t.answerWith(ctx, "yes"))
	}
	if t.st.Pending == pendingGuideFixed && t.answerIn(words) != "maybe" {
		// "It's still stone cold at the top"; "lights are back on". A
		// "better, but" is for maybe to ask about.
		r := t.read(words)
		switch still, fixed := r.matches(stillThere), r.matches(nowFixed); {
		case still && fixed:
			return as("MaybeIntent", t.maybe(ctx))
		case still:
			return as("AMAZON.NoIntent", t.answer(ctx, false))
		case fixed:
			return as("AMAZON.YesIntent", t.answer(ctx, true))
		}
	}
	if t.st.Pending == pendingOfferGuide && t.read(words).has(cantDoIt, nil) {
		// "I can't get down to the radiator with my knees".
		return as("AMAZON.NoIntent", t.answer(ctx, false))
	}
	if t.st.Pending == pendingOfferGuide && t.read(words).has(willTry, nil) && !t.read(words).has(sendSomeone, nil) {
		// "No, I'll have a go": the "no" is only a way in.
		return as("AMAZON.YesIntent", t.answer(ctx, true))
	}
	if thing := generalThing[t.st.Problem]; thing != "" && t.st.Flow == FlowRepair && !t.st.inGuide() && t.answerIn(words) == "" && t.readProblem(words) == "" && t.roomIn(words) == "" {
		// "It's making a banging noise", said of the boiler when offered
		// a guide or asked which room: which of the boiler's problems it
		// is, and the report goes on with that one (its own guide, if it
		// has one). Danger in the words was heard before this runs.
		if p := t.readProblem(thing + " " + words); p != "" && p != t.st.Problem && sameSystem(p, t.st.Problem) && !alwaysDangerous(p) && askSafety[p].yes == "" {
			t.req.Slots = map[string]Slot{"problem": {ID: p, Value: words}}
			t.st.Pending = ""
			if t.st.Guide == guideDeclined {
				t.st.Guide = ""
			}
			return as("ReportRepairIntent", t.reportRepair(ctx))
		}
	}
	if t.st.Pending == pendingOfferGuide && t.answerIn(words) == "" && t.readProblem(words) == "" {
		if r := t.roomIn(words); r != "" {
			// "The living room", to "Would you like to try it first?":
			// the question the tenant expected. The report goes on, with
			// the room.
			t.st.Room = r
			return as("AMAZON.NoIntent", t.answer(ctx, false))
		}
	}
	if t.st.Flow == FlowRepair && t.st.Problem != "" && t.st.Room == "" && t.st.Pending == "" && (t.st.Guide == "" || t.st.Guide == guideDeclined) {
		// The room question is waiting: "er, the kitchen I think"; "the
		// lounge, no wait, the dining room".
		if r := t.roomIn(t.afterCorrection(words)); r != "" {
			t.req.Slots = map[string]Slot{"room": {ID: r, Value: words}}
			if p := t.readProblem(words); t.st.Problem == Other && p != "" && p != Other {
				// "The handle on the back bedroom window is loose", after
				// words that named nothing we know: the repair, named at
				// last, takes the place of those words.
				t.req.Slots["problem"] = Slot{ID: p, Value: words}
				t.st.Desc, t.st.DescAsked = "", false
			}
			return t.reportRepair(ctx), true
		}
		if p := t.readProblem(words); p != "" && p != Other && p != t.st.Problem && !alwaysDangerous(p) && t.correcting(words) {
			// "No, it's just the pressure", asked which room: the problem
			// put right, and its own guide offered if it has one.
			t.req.Slots = map[string]Slot{"problem": {ID: p, Value: words}}
			if t.st.Guide == guideDeclined {
				t.st.Guide = ""
			}
			return t.reportRepair(ctx), true
		}
	}
	if t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch {
		// "Thursday afternoon would be better", "Thursday's no good":
		// a day or part of one, named to the offer, moves it.
		if date, clock := t.whenIn(words, t.req.Time, t.cfg.Location); date != "" || clock != "" {
			if o := t.st.Offer; o != nil && t.read(words).has(cue{"week after", "following week"}, nil) && !t.read(words).has(cue{"week after next"}, nil) {
				// "What about the week after?": after the offer's week.
				date = isoWeek(o.Start.In(t.cfg.Location).AddDate(0, 0, 7))
			}
			if t.dayRefused(words) {
				return as("AMAZON.NoIntent", t.notThatDay(ctx, date))
			}
			if (t.answerIn(t.firstWord(words)) == "yes" && !t.asksBack(words) || t.answerIn(words) == "yes") && t.st.Pending == pendingBookSlot && t.st.Offer != nil && offerFits(t.st.Offer.Start.In(t.cfg.Location), date, clock, t.cfg.Location) {
				// "Morning's fine, yes", of a morning visit.
				return as("AMAZON.YesIntent", t.answer(ctx, true))
			}
			if t.answerIn(words) == "no" && t.st.Pending == pendingBookSlot && !t.read(words).has(partRefused()["MO"], nil) && !t.read(words).has(partRefused()["AF"], nil) {
				// "Not that one, Thursday afternoon"; but "I can't do
				// mornings" moves the offer, whichever it was.
				return as("AMAZON.NoIntent", t.bookAnswered(ctx, false))
			}
			t.req.Slots = map[string]Slot{"date": {Value: date}, "time": {Value: clock}}
			return as("BookCoachIntent", t.bookCoach(ctx))
		}
	}
	if t.st.Pending == pendingBookSlot && t.st.Offer != nil && t.offeredDayRefused(words) {
		// "I've got the doctors that day": another day, not that one.
		return as("AMAZON.NoIntent", t.notThatDay(ctx, t.st.Offer.Start.In(t.cfg.Location).Format(time.DateOnly)))
	}
	if t.st.Pending == pendingOfferBooking && t.answerIn(t.firstWord(words)) != "no" && !t.dayRefused(words) {
		// "Yes, in the afternoon", asked whether to book a visit: a visit
		// then, not the first one free.
		if date, clock := t.whenIn(words, t.req.Time, t.cfg.Location); date != "" || clock != "" {
			t.req.Slots = map[string]Slot{"date": {Value: date}, "time": {Value: clock}}
			return as("BookCoachIntent", t.bookCoach(ctx))
		}
	}
	if t.st.inGuide() && t.st.Pending == pendingGuideNext && t.read(words).has(whatINeed, nil) {
		// "What do I need again?": what the guide said at the start
		// (what to have to hand), then the step the tenant is on.
		if guide, ok := t.guides.For(t.st.Guide); ok {
			return as("AMAZON.RepeatIntent", t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "Here's what I said at the start. "+guide.Intro))
		}
	}
	if r := t.read(words); t.st.inGuide() && t.st.Pending == pendingGuideNext && r.matches(nowFixed) && !r.matches(stillThere) && !r.has(didTheStep, nil) {
		// "It's working now", part way through a guide: it has done its
		// job, as a yes to "Did that fix it?" at its end would say. Not
		// "I've switched it back on", which is the step done.
		return as("AMAZON.YesIntent", t.guideFixed(ctx, true))
	}
	if t.st.inGuide() && (t.st.Pending == pendingGuideNext || t.st.Pending == pendingGuideAgain || t.st.Pending == pendingGuideOrReport || t.st.Pending == "") {
		// "Right, carry on" or "OK, done that" in a guide is the next step
		// (not only a yes), and "stop the guide, I'll leave it" leaves it.
		switch t.guideIn(words) {
		case "stop":
			return as("AMAZON.CancelIntent", t.stop(ctx))
		case "next":
			if t.st.Pending != pendingGuideAgain {
				return as("AMAZON.NextIntent", t.next(ctx))
			}
		case "repeat":
			// "What do I do now?" is the step again, not the skill's help;
			// "it's gone off again" is for the step after (below).
			if !t.read(words).matches(stillThere) {
				return as("AMAZON.RepeatIntent", t.repeat(ctx))
			}
		case "back":
			return as("AMAZON.PreviousIntent", t.previous(ctx))
		case "start":
			return as("AMAZON.StartOverIntent", t.startOver(ctx))
		}
		// "Again" of the problem ("it's tripped again") is no repeat asked.
		g := t.guideIn(words)
		if g == "repeat" && t.readProblem(words) != "" {
			g = ""
		}
		if t.st.Pending == pendingGuideNext && g == "" && !t.read(words).has(sayAgain, nil) && t.read(words).matches(stillThere) && !t.read(words).matches(nowFixed) {
			if p := t.readProblem(words); p == "" || p == t.st.Guide || generalProblem[p] || sameSystem(p, t.st.Guide) {
				// "It's still backing up", after a step: the next step is
				// for that.
				return as("AMAZON.NextIntent", t.next(ctx))
			}
		}
		if t.st.Pending == pendingGuideNext && t.read(words).has(cue{"where", "what", "which", "how", "why"}, nil) && !t.read(words).has(holdOn, nil) && t.readProblem(words) == "" && t.topicIn(words) == "" && t.intentIn(words) == "" && t.roomIn(words) == "" {
			// "Where's the valve?": a question about the step, which the
			// step itself answers as well as anything here can.
			return as("AMAZON.RepeatIntent", t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "Here's that step again."))
		}
	}
	if t.read(words).has(sendSomeone, nil) {
		// "You're alright, just send someone round": a visit wanted,
		// whichever way round the question was put.
		switch t.st.Pending {
		case pendingOfferGuide, pendingGuideFixed:
			return as("AMAZON.NoIntent", t.answer(ctx, false))
		case pendingConfirmRepair, pendingReportInstead, pendingOfferReport:
			return as("AMAZON.YesIntent", t.answer(ctx, true))
		}
	}
	if t.st.Pending == pendingConfirmRepair && (t.answerIn(t.openingWord(words)) == "no" || t.read(words).has(saidWrong, nil)) {
		// "No, it's the bathroom, not the bedroom", at the read-back: the
		// room put right, and read back again.
		if r := t.roomIn(words); r != "" && r != t.st.Room {
			t.st.Room, t.st.Pending = r, ""
			return as("AMAZON.NoIntent", t.continueRepair(ctx, say("Sorry about that.")))
		}
		// "No, it's the tap that's leaking": the problem put right, and
		// read back again (danger was heard before this runs).
		p := t.readProblem(words)
		if p != "" && p != t.st.Problem && !alwaysDangerous(p) && askSafety[p].yes == "" {
			t.st.Problem, t.st.Pending = p, ""
			return as("AMAZON.NoIntent", t.continueRepair(ctx, say("Sorry about that.")))
		}
		if r := t.roomIn(words); r == "" && t.levelIn(words) != "" {
			// "Not quite, it's upstairs": the room asked again, upstairs.
			t.st.Room, t.st.Pending = "", ""
			return as("AMAZON.NoIntent", t.continueRepair(ctx, nil))
		}
		if p == t.st.Problem && t.st.Desc == "" {
			// "No, it's the hot tap", of a dripping tap: the same problem,
			// said more exactly, which the repairs team should hear.
			t.st.Desc, t.st.Pending = clipWords(withoutNo(words), maxDescription), ""
			return as("AMAZON.NoIntent", t.continueRepair(ctx, say("Sorry about that. I'll pass that on.")))
		}
	}
	// "The downstairs loo", of a blocked toilet, names the room; the loo
	// is the problem already in hand, not a new one.
	noNewProblem := func() bool {
		p := t.readProblem(words)
		return p == "" || p == t.st.Problem || strings.HasPrefix(t.st.Problem, p+"_")
	}
	if r := t.roomIn(words); t.st.Pending == pendingConfirmRepair && t.st.Room != "" && r != "" && r != t.st.Room && t.answerIn(words) == "" && noNewProblem() {
		// "Actually, it's the bathroom", to "So that's a leak, in the
		// kitchen": another room, said to the read-back, puts it right.
		t.st.Room, t.st.Pending = r, ""
		return as("AMAZON.NoIntent", t.continueRepair(ctx, say("Sorry about that.")))
	}
	if t.st.Pending == pendingConfirmRepair && t.st.Room != "" && t.answerIn(words) == "" && t.roomIn(words) == t.st.Room && noNewProblem() {
		// "The kitchen", said back to "So that's a tap, in the kitchen":
		// the read-back again, for a yes or no, not "didn't understand".
		t.st.Pending = ""
		return as("ReportRepairIntent", t.continueRepair(ctx, say("Right.")))
	}
	if t.st.Pending == pendingConfirmRepair && t.addsDetail(words) && noNewProblem() && (t.roomIn(words) == "" || t.roomIn(words) == t.st.Room) {
		// "Oh, it's the hot one", "it's rotten and the frame is falling
		// apart", to the read-back: more about the same repair, kept for
		// the repairs team and read back with it, not "didn't understand".
		added := clipWords(withoutNo(words), maxDescription)
		lead := say("Thank you, I'll pass that on.")
		if t.st.Problem != Other {
			// The read-back names the problem, not the words: say them,
			// so a tenant misheard can put them right.
			lead = say(fmt.Sprintf("Thank you, I'll pass on: %s.", strings.TrimRight(added, ".!? ")))
		}
		if t.st.Desc != "" {
			added = clipWords(t.st.Desc+", "+added, maxDescription)
		}
		t.st.Desc, t.st.DescAsked, t.st.Pending = added, true, ""
		return as("ReportRepairIntent", t.continueRepair(ctx, lead))
	}
	if t.read(words).has(goodbye, nil) && t.readProblem(words) == "" &&
		((t.st.Pending == pendingAnythingElse && t.answerIn(t.firstWord(words)) != "no") ||
			(t.st.Pending == pendingFeedback && !t.read(words).has(ratingWords, nil))) {
		// "Lovely, that's all", asked if there is anything else: the
		// "lovely" is thanks, not a yes ("no, that's all" is the no it
		// says). Asked how easy it was, it is no rating, and goodbye.
		return as("AMAZON.StopIntent", t.stop(ctx))
	}
	if t.answerIn(t.firstWord(words)) != "" && !t.asksBack(words) && t.st.Pending != "" && t.st.Pending != pendingHaveCode && t.intentIn(words) == "" {
		// "No, it's more like drains": an answer first, whatever follows,
		// unless the words ask for another task ("no, cancel that") or ask
		// something back ("right, what happens to my repairs?").
		a := t.answerIn(words)
		if a == "" {
			// The first word answers and the rest says nothing more
			// ("not a bit of difference").
			a = t.answerIn(t.firstWord(words))
		}
		return as(answerIntent[a], t.answerWith(ctx, a))
	}
	if t.read(words).has(goodbye, nil) && t.readProblem(words) == "" {
		// "That's me done then, ta-ra": leaving, thanks or not.
		return as("AMAZON.StopIntent", t.stop(ctx))
	}
	if t.st.Pending == pendingFeedback && t.readProblem(words) == "" {
		// "Dead easy, thanks", asked how easy it was: a rating, with
		// thanks. Read only at that question: the bands' words are read
		// phrase by phrase, a sixth of a report in the tenant's words.
		if _, ok := t.ratingInWords(words); ok {
			return as("FeedbackIntent", t.rate(ctx, ""))
		}
	}
	if tp := t.topicIn(words); tp != "" && t.readProblem(words) == "" && !(tp == "THANKS" && t.st.Pending != "" && t.st.Pending != pendingAnythingElse && t.answerIn(words) != "") {
		// Something the skill does not do; but "yes thanks" is an answer.
		return Response{}, false
	}
	in := t.intentIn(words)
	switch in {
	case "CheckAppointmentIntent", "BookCoachIntent":
		if p := t.readProblem(words); p != "" && p != Other && t.st.Pending != pendingBookSlot && t.st.Pending != pendingWidenSearch {
			// "Water coming {round the window}": words of a repair, whose
			// "coming round" is not a visit.
			in = ""
		}
	}
	if in == "earlier" {
		if t.st.Pending == pendingBookSlot && t.st.Offer != nil {
			// Offers go earliest first, so the one on offer is the soonest
			// not turned down.
			when := "with " + t.st.Offer.Coach + " on " + spokenWhen(t.st.Offer.Start.In(t.cfg.Location)) + "."
			lead := say("That's the earliest visit I have: " + when)
			if len(t.st.Skipped) > 0 {
				lead = say("That's the earliest I have, after the ones you said no to: " + when)
			}
			t.ev.Intent = "AMAZON.RepeatIntent"
			t.flow(FlowCoach)
			t.outcome(OutcomeCoachOffered)
			if r, ok := t.offScript(ctx, lead); ok {
				return r, true
			}
		}
		// "Can the coach come earlier?", with no visit on offer: what
		// else the words ask for.
		in = t.read(words).first(intentRules[slices.IndexFunc(intentRules, func(r rule) bool { return r.id == "earlier" })+1:])
	}
	if in == "OtherDayIntent" && t.st.Pending != pendingBookSlot && t.st.Pending != pendingWidenSearch {
		// "Next week" with no visit on offer is when, not another day:
		// read what else the words ask for ("book me in next week").
		in = t.read(words).first(intentRules[slices.IndexFunc(intentRules, func(r rule) bool { return r.id == in })+1:])
	}
	if t.st.Pending == pendingRepeatEmergency && (in == "RepairStatusIntent" || in == "CheckAppointmentIntent") {
		// "When will someone come?", "has it been reported?", right after
		// the emergency's advice: about the emergency, not a visit.
		return as("RepairStatusIntent", t.emergencyFollowUp(ctx))
	}
	switch in {
	case "OtherDayIntent":
		return as(in, t.otherDay(ctx))
	case "RepairStatusIntent":
		return as(in, t.repairStatus(ctx))
	case "CheckAppointmentIntent":
		return as(in, t.checkAppointment(ctx))
	case "ForgetMeIntent":
		// Asks first: nothing is removed until the tenant says yes.
		return as(in, t.forgetMe(ctx))
	case "LinkHomeIntent":
		// "Link my speaker", "I've got a code from my coach": asks for
		// the code, or says the speaker is linked already.
		return as(in, t.linkHome(ctx))
	case "AMAZON.HelpIntent":
		return as(in, t.help(ctx))
	case "ReminderOffIntent":
		return as(in, t.reminderOff(ctx))
	case "MoveAppointmentIntent":
		if t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch {
			// "Can I have it another day?", of a visit on offer.
			return as("OtherDayIntent", t.otherDay(ctx))
		}
		if t.st.Flow == FlowCoach || t.st.Visit != "" || t.read(words).has(visitWords, nil) {
			return as(in, t.moveAppointment(ctx))
		}
	case "CancelAppointmentIntent":
		if t.st.Visit != "" && !t.read(words).has(visitWords, nil) {
			// "No, cancel that", right after a visit was read back: the
			// words of AMAZON.CancelIntent, answered as "cancel it please"
			// is there (stop asks about the visit).
			t.req.Intent = "AMAZON.CancelIntent"
			return as(t.req.Intent, t.stop(ctx))
		}
		return as(in, t.cancelAppointment(ctx))
	}
	if tp := t.topicIn(words); t.readProblem(words) != "" || (tp != "" && tp != "THANKS") {
		return Response{}, false
	}
	if t.st.Guide != "" && t.st.Pending != pendingGuideFixed {
		switch t.guideIn(words) {
		case "next":
			return as("AMAZON.NextIntent", t.next(ctx))
		case "repeat":
			return as("AMAZON.RepeatIntent", t.repeat(ctx))
		case "back":
			return as("AMAZON.PreviousIntent", t.previous(ctx))
		case "start":
			return as("AMAZON.StartOverIntent", t.startOver(ctx))
		}
	}
	if t.st.Pending != "" && t.st.Pending != pendingHaveCode {
		if a := t.answerIn(words); a != "" {
			return as(answerIntent[a], t.answerWith(ctx, a))
		}
	}
	if in == "BookCoachIntent" {
		return as(in, t.bookCoach(ctx))
	}
	if t.st.Pending == pendingSafety && t.onlyReferent(words) {
		// "I can smell it", asked "Can you smell gas?": the model's carrier
		// ("I can smell …") took the verb, and "it" is what was asked about.
		return as("AMAZON.YesIntent", t.answerWith(ctx, "yes"))
	}
	if t.read(words).has(sayAgain, nil) {
		return as("AMAZON.RepeatIntent", t.repeat(ctx))
	}
	if (t.st.Pending != "" || t.st.Guide != "" || t.st.El != nil) && t.read(words).has(holdOn, nil) {
		// "Hang on, someone's at the door", asked which room too.
		return as("HoldOnIntent", t.holdOn(ctx))
	}
	if t.st.Pending != "" || t.st.Guide != "" {
		// Nothing we can read, while a question waits: as Fallback would.
		return as("AMAZON.FallbackIntent", t.fallback(ctx))
	}
	return Response{}, false
}

// topicFirst returns the out-of-scope topic of words about other people,
// or pests, that name a fitting only as where it happened: "kids keep
// throwing stones at my window", "the neighbour's hedge is blocking my
// light", "a wasps' nest under the roof". A fitting said to be damaged
// ("they've smashed my window") is a repair.
func (m *readings) topicFirst(words string) string {
	tp := m.topicIn(words)
	if tp == "ALEXA" && m.dangerIn(words) == "" {
		return tp
	}
	if tp == "THANKS" && m.read(words).has(thanksFor, nil) && !m.read(words).has(damageCue, nil) && m.dangerIn(words) == "" {
		// "Thanks to the lad who fixed my boiler": a thank-you, not a boiler.
		return tp
	}
	if tp == "WARMTH" && m.dangerIn(words) == "" && !m.read(words).has(plainDamage, nil) {
		// "I can't afford to put the heating on": nothing is broken.
		return tp
	}
	if tp != "ANTISOCIAL" && tp != "NEIGHBOURS" && tp != "PESTS" {
		return ""
	}
	if tp == "NEIGHBOURS" && m.read(words).has(neighboursGrowth, nil) && !m.read(words).has(plainDamage, nil) && m.dangerIn(words) == "" {
		// "The neighbour's tree is hanging over my fence": their tree, our
		// fence only where it is.
		return tp
	}
	switch m.problemIn(words) {
	case "WINDOW", "DOOR", "LIGHT", "ROOF", "EXTRACTOR_FAN", "":
		// What comes in from next door by it ("their smoke comes
		// through the vents"), or happens to it, not a fault of it.
	default:
		return ""
	}
	if m.dangerIn(words) != "" || m.read(words).has(damageCue, nil) {
		return ""
	}
	return tp
}

// neighboursGrowth is what grows from next door over the tenant's side.
var neighboursGrowth = cue{"tree*", "hedge*", "branch*", "bush*", "ivy", "overhang*", "roots", "leylandii", "conifer*"}

var thanksFor = cue{"who fixed", "for fixing", "fixed my", "sorted my", "for sorting", "came out", "came round", "for coming", "last week", "yesterday", "the other day"}

// ratingWords are the answers to "how easy was that?".
var ratingWords = cue{"one", "two", "three", "four", "five", "1", "2", "3", "4", "5"}

// plainDamage is damage said outright, unlike damageCue's wider words
// ("can't", "hanging", "fallen") that a neighbour trouble also uses ("I
// can't sleep", "we've fallen out").
var plainDamage = cue{"broken", "broke", "smashed", "cracked", "damaged", "leak*", "hole", "chewed", "dont work", "doesnt work", "not working", "stopped working", "kicked in", "shattered", "come off", "came off", "water is coming", "water coming", "coming through"}

var damageCue = cue{"broken", "broke", "smashed", "cracked", "damaged", "wont", "doesnt", "dont work", "dont come on", "stopped working", "chewed", "cant", "leak*", "stuck", "jammed", "bust*", "hole", "fell", "fallen", "hanging", "loose", "draught*", "rotten", "mould*", "damp*", "not working", "kicked in", "split", "shattered", "come off", "came off"}

// onlyReferent reports words that only point back at what was asked
// about: "it", "that now", "it a bit".
func (m *readings) onlyReferent(words string) bool {
	r := m.read(words)
	for _, tok := range r.toks {
		switch tok {
		case "it", "that", "this", "them", "there", "now", "still", "definitely", "really", "too", "a", "bit", "little", "yes", "yeah":
		default:
			return false
		}
	}
	return len(r.toks) > 0
}

// answerIntent is the built-in intent each reading of an answer stands for.
var answerIntent = map[string]string{"yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent", "maybe": "MaybeIntent"}

// answerWith answers the pending question as answerIn read it.
func (t *turn) answerWith(ctx context.Context, a string) Response {
	if a == "maybe" {
		return t.maybe(ctx)
	}
	return t.answer(ctx, a == "yes")
}

// firstWord is the first word of a tenant's words, as read.
func (m *readings) firstWord(words string) string {
	if r := m.read(words); len(r.toks) > 0 {
		return r.toks[0]
	}
	return ""
}

// addsDetail reports words that say something more, and ask for nothing:
// no answer, question, task, topic or goodbye, and at least two words that
// are not fillers.
func (m *readings) addsDetail(words string) bool {
	r := m.read(words)
	n := 0
	for _, tok := range r.toks {
		if !fillers[tok] && !hesitations[tok] {
			n++
		}
	}
	return n >= 2 && (m.saysWhatsWrong(words) || slices.Contains(detailOpenings, m.openingWord(words))) &&
		m.answerIn(words) == "" && !r.asksBack() && m.intentIn(words) == "" && m.topicIn(words) == "" &&
		!r.has(goodbye, nil) && m.guideIn(words) == ""
}

// detailOpenings open words about a thing already named: "it's the hot
// one", "the frame's rotten too".
var detailOpenings = []string{"its", "it", "the", "there", "theres", "both", "one", "they", "theyre"}

// openingWord is the first word of a tenant's words after any that only
// hesitate: "actually, no, it's the kitchen one" opens with no.
func (m *readings) openingWord(words string) string {
	for _, tok := range m.read(words).toks {
		if !hesitations[tok] {
			return tok
		}
	}
	return ""
}

var hesitations = map[string]bool{"actually": true, "oh": true, "well": true, "um": true, "er": true, "erm": true, "ah": true, "hmm": true, "uh": true, "sorry": true}

// secondWord is the second word of a tenant's words, as read.
func (m *readings) secondWord(words string) string {
	if r := m.read(words); len(r.toks) > 1 {
		return r.toks[1]
	}
	return ""
}

// howTo reads words that ask to be talked through a fix, so "can you talk
// me through bleeding a radiator" is a guide, not a report. Someone hurt
// never is: "I scalded myself on the hot tap" says "myself" of a person.
func (m *readings) howTo(words string) bool {
	r := m.read(words)
	return r.has(howToWords, nil) && !r.has(howToNot, nil) && !r.has(hurtOrUnwell, nil)
}

var (
	howToWords = cue{"how do i", "how can i", "how to", "how would i", "talk me through", "walk me through", "show me how", "help me fix", "help me sort", "help me unblock", "help me bleed", "help me reset", "help me top up", "help me clear", "guide me", "take me through", "go through how", "teach me", "explain how", "can i fix", "fix it myself", "sort it myself", "do it myself", "myself", "tell me how", "whats the best way", "what is the best way", "how should i", "how do you", "how does one", "how is that done", "how is it done", "how do i do that", "how would i do that", "want to fix", "like to fix", "try and fix", "try to fix", "have a go at", "is there a guide", "guide for", "guide on", "guide to", "anything i can try", "something i can try", "what can i try", "can i try", "what do i do about", "what do i do when", "what do i do if", "what should i do about", "what should i do when", "what should i do if", "what can i do about", "what can i do when", "help me get", "whats the trick", "what is the trick", "the trick for", "the trick to", "any tips", "tips for", "tips on"}
	howToNot   = cue{"locked myself", "hurt myself", "cut myself", "burnt myself", "burned myself", "shocked myself", "by myself", "live by"}
)

// reportRepair gathers what is wrong and where, reads it back and saves it
// once the tenant says yes. Danger was answered before this runs
// (heardDanger); a problem dangerous for everyone still goes straight to
// its safety script here, whichever way it was named.
func (t *turn) reportRepair(ctx context.Context) Response {
	t.flow(FlowRepair)
	if asked := t.st.Pending != "" || t.st.El != nil; asked {
		// "Can I just talk to somebody instead?", asked which room: who
		// can help, then the same question again; the report waits.
		// (With nothing asked, the report below reads topics itself.)
		if tp := t.asideTopic(t.slotWords()); tp != "" {
			return t.outOfScope(ctx, tp)
		}
	}
	if r, ok := t.catchAll(ctx); ok {
		return r
	}
	if t.st.Flow != FlowRepair && len(t.filledSlots()) > 0 && t.howTo(t.slotWords()) {
		t.ev.Intent = "SelfFixIntent"
		if d := t.req.Slots["description"]; d.Value != "" && !t.req.Slots["problem"].filled() {
			// The guide is chosen from the problem slot: the words that
			// asked for it are the problem.
			t.req.Slots["problem"] = Slot{Value: d.Value}
		}
		return t.selfFix(ctx)
	}
	if tp := t.topicFirst(t.slotWords()); tp != "" && (t.st.Flow != FlowRepair || t.st.Problem == "") {
		return t.outOfScope(ctx, tp)
	}
	problemID, heard := t.problemSlot()
	room := t.roomSlot()
	if p, ok := t.roomIsProblem(); ok {
		room = t.st.Room
		if p != "" {
			problemID, heard = p, true
		}
	} else if tp := t.unresolvedTopic(); tp != "" {
		return t.outOfScope(ctx, tp)
	} else if p := t.problemInRoomWords(); p != "" {
		problemID, heard = p, true
	}
	fitting := ""
	if el := t.req.State.El; room == "TOILET_ROOM" && room != t.st.Room && strings.HasPrefix(problemID, "TOILET") && (el == nil || el.Slot != "room") {
		switch p := t.req.Slots["problem"]; {
		case problemID != "TOILET":
		case t.read(p.Value).has(toiletParts, nil):
			// "The {toilet} seat's broken": the toilet's repair, and the
			// tenant's words say which part.
			fitting = t.req.Slots["room"].Value + " " + p.Value
		case t.read(p.Value).has(byTheToilet, nil):
			// "The {loo} roll holder's come off": not the toilet at all.
			problemID, heard, fitting = Other, true, t.req.Slots["room"].Value+" "+p.Value
		}
		if !t.read(t.req.Slots["room"].Value).has(toiletRoomWords, nil) {
			// "The {loo} seat's broken", "the {toilet seat} is cracked":
			// the toilet's own name heard as the room. Whether it is in
			// the bathroom or a toilet of its own is still to be asked.
			room = ""
		}
	}
	fresh := t.st.Flow != FlowRepair
	if fresh {
		// A fresh report: forget anything left from another task, but keep
		// whether a guide was tried, for the evaluation, and a second
		// problem told of before that this is not.
		also := t.also()
		if p, _, _ := strings.Cut(also, "/"); p == problemID {
			also = alsoDropped // this is it
		}
		t.st = State{GuideTried: t.st.GuideTried && t.st.Problem == problemID, Also: also}
	}
	if fitting != "" && t.st.Desc == "" {
		t.st.Desc, t.st.DescAsked = clipWords(fitting, maxDescription), true
	}
	if p, tp := t.description(); p != "" && (problemID == "" || problemID == Other || generalProblem[problemID] && strings.HasPrefix(p, problemID+"_")) {
		// Also words that say more about the problem we have: "it keeps
		// losing pressure", of the boiler, is the boiler's pressure.
		problemID, heard = p, true
	} else if tp != "" && (problemID == "" || problemID == Other) {
		return t.outOfScope(ctx, tp)
	} else if t.st.DescAsked && t.st.Desc == "" && (problemID == "" || problemID == Other) {
		// The answer to "tell me in a few words what's wrong" that Alexa
		// split into a problem and a room ("hot tap" and "bathroom is
		// loose"): all of it is the tenant's description, read as one.
		if words := t.slotWords(); words != "" {
			t.st.Desc = clipWords(words, maxDescription)
			if p := t.readProblem(words); p != "" {
				problemID, heard = p, true
			}
		}
	}
	if (room == "" || room == Other) && heard && problemID != Other {
		// "My kitchen tap won't stop dripping" says where, too: no need to
		// ask (the read-back lets the tenant put it right).
		if r := t.roomIn(t.slotWords()); r != "" && !(r == "TOILET_ROOM" && strings.HasPrefix(problemID, "TOILET")) {
			room = r
		}
	}
	var lead *speech
	if fresh && heard && problemID != Other && t.mayTellOfTwo(t.slotWords(), problemID) {
		words, whole := cmp.Or(t.ownWords(), t.slotWords()), false
		if names := t.filledSlots(); len(names) == 1 {
			words, whole = t.req.Slots[names[0]].Value, true
		}
		var also string
		if room, also = t.secondComplaint(words, whole, problemID, room); also != "" {
			t.st.Also = also
			second, _, _ := strings.Cut(also, "/")
			lead = say("You've told me about two things. Let's start with " + problemName(problemID) + ", then I'll ask about " + problemName(second) + ".")
		}
	}
	if heard && alwaysDangerous(problemID) {
		t.st.Room = room
		return t.emergency(ctx, problemID)
	}
	outOfTheBlue := t.st.Flow != FlowRepair && room == ""
	if d := t.req.Slots["description"]; d.Value != "" && !t.st.DescAsked && (problemID == "" || problemID == Other) {
		// Words the model's free-speech carriers took ("there's …"), not an
		// answer to our question, that read as no problem: not understood.
		problemID, heard = Other, true
	}
	if words := t.fixtureWords(); problemID == Other && t.st.Desc == "" && words != "" {
		// A part of the home and what is wrong with it, of a kind with no
		// name here ("the bannister's come loose"): the tenant has said
		// what's wrong, so their words are the report, kept for the
		// repairs team as if asked for, not met with "I didn't understand".
		t.st.Desc, t.st.DescAsked = clipWords(words, maxDescription), true
		if room == Other {
			room = "" // the room slot's words were the problem's ("skirting board")
		}
		if room == "" {
			// "There's a crack in the bedroom ceiling", all in one slot.
			room = t.roomIn(words)
		}
	} else if problemID == Other && outOfTheBlue && t.st.Desc == "" {
		// Words that name nothing we know, out of the blue (the model's
		// catch-all takes anything): say so honestly, and ask for the
		// problem in the tenant's own words, which are read for danger.
		// "Can you send someone today?" was understood: someone is wanted,
		// for what is still to say.
		lead := say("Sorry, I didn't understand that.")
		question := say("If something in your home needs fixing, can you tell me in a few words what's wrong?")
		switch r := t.read(t.slotWords()); {
		case r.has(sendSomeone, nil):
			t.outcome(OutcomeRepairPrompted)
			lead = say("I can report a repair, so someone can come and look.")
		case r.matches(stillThere):
			// "It's still not working", with nothing named: understood,
			// only not what.
			t.outcome(OutcomeRepairPrompted)
			lead, question = say("I'm sorry it's still not working."), say("In a few words, what is it that's not working?")
		default:
			t.outcome(OutcomeNotUnderstood)
		}
		t.step("describe")
		st := State{Flow: FlowRepair, Problem: Other, DescAsked: true, GuideTried: t.st.GuideTried}
		return t.elicit(lead, question,
			say("For example: the light in the hall keeps flickering. Or say stop if you've finished. What's wrong, in a few words?"),
			"ReportRepairIntent", "description", map[string]Slot{"description": {}}, st)
	}
	if _, ask := askSafety[problemID]; ask {
		t.st.Room = room
		return t.askSafety(ctx, problemID)
	}
	t.st.Flow = FlowRepair
	if heard {
		t.st.Problem = problemID
	}
	t.st.Room = room
	t.st.Pending = ""
	return t.continueRepair(ctx, lead)
}

// continueRepair asks for whatever the report still needs, one question at
// a time, in a fixed order: linked home, problem, guide offer, room, read-back.
func (t *turn) continueRepair(ctx context.Context, lead *speech) Response {
	t.flow(FlowRepair)
	t.slot("problem", t.st.Problem)
	t.slot("room", t.st.Room)
	t.guideTried(t.st.GuideTried)
	st := t.st
	st.Flow = FlowRepair

	slots := map[string]Slot{}
	if st.Problem != "" {
		slots["problem"] = Slot{ID: st.Problem, Value: problemName(st.Problem)}
	}
	if st.Room != "" {
		slots["room"] = Slot{ID: st.Room, Value: roomName(st.Room)}
	}
	if st.Problem == "" {
		// The problem comes first, before the home is checked, so a
		// dangerous one gets its advice whatever else is missing.
		t.outcome(OutcomeRepairPrompted)
		t.step("problem")
		return t.elicit(say().add(lead), say("For example, a leaking tap, a broken door, or no heating. What's the problem?"),
			say("Tell me what's wrong, in a few words. What's the problem?"),
			"ReportRepairIntent", "problem", slots, st)
	}
	if st.Problem == Other && st.Desc == "" && !st.DescAsked {
		// Alexa could not name it: the tenant's own words, once, so the
		// repairs team knows what to bring and danger is read in them too.
		t.outcome(OutcomeRepairPrompted)
		t.step("describe")
		st.DescAsked = true
		slots["description"] = Slot{}
		return t.elicit(say().add(lead), say("Can you tell me in a few words what's wrong?"),
			say("For example: the light in the hall keeps flickering. What's wrong, in a few words?"),
			"ReportRepairIntent", "description", slots, st)
	}
	if withoutHeat(st.Problem) {
		// Only this case needs the household before advice: whether it is
		// an emergency depends on the household's vulnerability.
		if h, err := t.household(ctx); err == nil && dangerous(st.Problem, h.Vulnerable, t.req.Time, t.cfg) {
			return t.emergency(ctx, st.Problem)
		}
	}
	t.outcome(OutcomeRepairPrompted)
	// A guide needs no linked home, so it is offered before the home is
	// checked: an unlinked tenant may fix it there and then.
	said := t.read(t.slotWords()) // read once for every cue below
	escaping := said.has(waterEscaping, nil) || st.Desc != "" && t.read(st.Desc).has(waterEscaping, nil)
	if escaping && st.Problem != "LEAK" && st.Desc == "" {
		// "The boiler's leaking" is more than "a boiler that isn't
		// working": the repairs team has the tenant's words.
		st.Desc = t.ownWords()
	}
	harming := st.Problem == "DAMP_MOULD" && (said.has(healthHarm, nil) || st.Desc != "" && t.read(st.Desc).has(healthHarm, nil))
	if harming && st.Desc == "" {
		// Damp or mould that is making someone ill is a hazard the
		// landlord must look at quickly (Awaab's Law): the repairs team
		// has the tenant's words, and no guide stands in for a visit.
		st.Desc = t.ownWords()
	}
	risky := needed[st.Problem] && (said.has(atRisk, nil) || st.Desc != "" && t.read(st.Desc).has(atRisk, nil))
	if risky && st.Desc == "" {
		// "No heating and I'm eighty five", "the power's off and I need
		// my oxygen": the repairs team has the tenant's words, and the
		// report is made now, not after a guide.
		st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		if t.read(st.Desc).has(reliesOnPower, nil) && powerProblem[st.Problem] {
			lead = say().add(lead).text("If you rely on power for medical equipment, use its battery or backup now, and if anyone feels unwell, call 999.")
		}
	}
	hurt := saysHurt(said)
	if hurt {
		// "My son hit his head on the broken radiator": the person comes
		// first, then the repair, which the repairs team hears about in
		// the tenant's words and no guide stands in for.
		lead = say().add(lead).add(hurtSpeech()).text("I can report the repair too.")
		if st.Desc == "" {
			st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		}
	}
	hurt = hurt || st.Desc != "" && saysHurt(t.read(st.Desc))
	if st.Guide == "" && said.has(sendSomeone, nil) {
		// "Can you send someone to look at my boiler": someone asked for
		// outright is not offered a guide instead, now or once the room
		// is said.
		st.Guide = guideDeclined
	}
	if st.Guide == "" && !st.GuideTried && (t.notFor(st.Problem, t.slotWords()) || t.notFor(st.Problem, st.Desc)) {
		// "The storage heaters aren't working": the heating guide is a
		// boiler's, so it is not offered, and the repairs team hears
		// which heaters.
		st.Guide = guideDeclined
		if st.Desc == "" {
			st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		}
	}
	lodged := st.Problem == "TOILET_BLOCKED" && (said.has(somethingFlushed, nil) || st.Desc != "" && t.read(st.Desc).has(somethingFlushed, nil))
	if lodged {
		// "My little one flushed a toy car": a plunger can push a solid
		// thing further in, so the report, with the tenant's words.
		if st.Desc == "" {
			st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		}
		if t.req.State.Problem != st.Problem {
			lead = say().add(lead).text("As something has gone down it, it's best not to use a plunger: that can push it further in.")
		}
	}
	if st.Problem == "DRAIN" && said.matches(coverUnsafe) {
		// "The manhole cover's broken": someone could fall in or trip,
		// and it is the cover, not a blocked drain, that the repairs
		// team must hear of.
		st.Problem, st.Desc, st.DescAsked = Other, clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription), true
		t.slot("problem", Other)
		if st.Room == "" || st.Room == Other {
			st.Room = "OUTSIDE"
		}
		lead = say().add(lead).text("Please keep everyone, especially children, away from it until it's made safe.")
	}
	asbestos := said.has(cue{"asbestos"}, nil) && !said.has(cue{"no asbestos", "not asbestos", "asbestos free", "asbestos survey*", "asbestos check*"}, nil)
	if asbestos {
		// Damaged, it can put fibres in the air: left alone until someone
		// has looked, and the repairs team told.
		if st.Desc == "" {
			st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		}
		if t.req.State.Problem != st.Problem || t.req.State.Flow != FlowRepair {
			lead = say().add(lead).text("Please don't touch, drill or sand anything that may have asbestos in it, and keep people away from the damaged part until it's been looked at.")
		}
	}
	if !st.GuideTried && !st.declinedGuide() && !escaping && !harming && !risky && !hurt && !lodged && !asbestos {
		// Water coming out of it is for the repairs team, whatever the
		// thing's guide is for.
		if guide, ok := t.guides.For(st.Problem); ok {
			if was := t.req.State; lead.String() == "" && was.Pending == pendingOfferGuide && was.Problem == st.Problem {
				// Said to the offer of this same guide: "it's in the
				// bathroom" is heard; anything else, the offer is a yes or
				// no. Either way not the same sentence again.
				lead = say("Please say yes or no.")
				if st.Room != "" && st.Room != was.Room {
					lead = say("OK, " + inRoom(st.Room) + ".")
				}
			}
			t.step("offer_guide")
			st.Pending = pendingOfferGuide
			return t.ask(say().add(lead).text("There's a short guide for "+guide.Title+" that might fix it now."),
				say("Would you like to try it first?"), say("Please say yes or no. Would you like me to talk you through it?"), st)
		}
	}
	if _, err := t.household(ctx); err != nil {
		if errors.Is(err, ErrNotFound) {
			return t.linkNeeded(ctx, lead, "report a repair", st)
		}
		return t.storeFault(ctx, "looking up household for repair", err)
	}
	if st.Room == "" && st.Problem == Other && t.read(cmp.Or(st.Desc, t.slotWords())).has(outdoorThings, nil) {
		// "A tree branch hanging over the path": outside, not asked which
		// room.
		st.Room = "OUTSIDE"
	}
	if (st.Room == "" || st.Room == Other) && outdoors[st.Problem] {
		// A fence is outside, whatever else was heard as its room ("blew
		// down in the {wind}").
		st.Room = "OUTSIDE"
	}
	if st.Room == "" && st.Problem == "DOOR" && (t.read(cmp.Or(st.Desc, t.slotWords())).has(namedOutsideDoor, nil) || t.read(t.ownWords()).has(namedOutsideDoor, nil)) {
		// The back door is no room's: asked which room, the tenant could
		// only say the door again. Which door it is goes in their words.
		st.Room = Other
		if st.Desc == "" {
			st.Desc = clipWords(cmp.Or(t.ownWords(), t.slotWords()), maxDescription)
		}
	}
	if (st.Room == "" || st.Room == Other) && wholeHome[st.Problem] {
		st.Room = "WHOLE_HOME"
	}
	question := say("Which room is it in?")
	if level := t.levelIn(t.slotWords()); st.Room == "" && (level != "" || t.roomAskedBefore(st)) {
		// Where, but not which room ("the one upstairs"), or no answer
		// to the question: once more, helped along; then the report goes
		// on without a room, rather than asking for ever.
		switch {
		case st.RoomTries > 0:
			st.Room, st.RoomTries = Other, 0
			if lead.String() == "" {
				lead = say("That's OK.")
			}
			lead = say().add(lead).text("The repairs team can ask you where it is when they get in touch.")
		case level != "":
			st.RoomTries = 1
			if lead.String() == "" {
				lead = say("OK, " + problemName(st.Problem) + ", " + level + ".")
			}
			examples := levelRooms[level]
			if strings.HasPrefix(st.Problem, "TOILET") {
				examples = "the bathroom, or a separate toilet"
			}
			lead.text("For example, " + examples + ".")
			question = say("Which room " + level + " is it in?")
		default:
			st.RoomTries = 1
			unheard := lead.String() == ""
			if unheard {
				lead = say("Sorry, I didn't catch the room.")
			}
			lead = say().add(lead).text("For example, you can say the kitchen, the bathroom, or a bedroom.")
			if unheard {
				lead.text("If you're not sure, just say so.")
			}
		}
	}
	if st.Room != "" && st.Room != Other {
		st.RoomTries = 0
	}
	if st.Room == "" {
		t.step("room")
		st.Pending = ""
		if lead.String() == "" {
			// Asked straight after the problem was heard: say what was
			// heard, so the tenant knows before answering.
			lead = say("OK.")
			if st.Problem != Other && !t.notFor(st.Problem, st.Desc) {
				// Not for words its guide is not for: "a radiator that
				// isn't heating properly" is no name for one off the wall.
				lead = say("OK, " + problemName(st.Problem) + ".")
			}
		}
		return t.elicit(say().add(lead), question,
			say("Tell me the room, for example: the bathroom. Which room is it in?"),
			"ReportRepairIntent", "room", slots, st)
	}
	t.step("confirm")
	st.Pending = pendingConfirmRepair
	s := say().add(lead).text(fmt.Sprintf("So that's %s, %s.", problemName(st.Problem), inRoom(st.Room)))
	switch {
	case st.Problem == "DOOR" && st.Room == Other && st.Desc != "":
		s = say().add(lead).text(fmt.Sprintf("So that's a problem with a door. I'll pass on what you told me: %s.", strings.TrimRight(st.Desc, ".!? ")))
	case st.Desc != "" && (t.notFor(st.Problem, st.Desc) || st.Problem == "TOILET" && t.read(st.Desc).has(toiletParts, nil)):
		// Words that say more than the problem's name: a guide's "not
		// for" (storage heaters), which part of the toilet (its seat).
		s = say().add(lead).text(fmt.Sprintf("So that's %s, %s. I'll pass on what you told me: %s.", problemName(st.Problem), inRoom(st.Room), strings.TrimRight(st.Desc, ".!? ")))
	case st.Problem == Other && st.Desc != "":
		s = say().add(lead).text(fmt.Sprintf("So that's a repair %s. I'll pass on what you told me: %s.", inRoom(st.Room), strings.TrimRight(st.Desc, ".!? ")))
	case st.Problem == "DAMP_MOULD" && st.Desc != "" && t.read(st.Desc).has(healthHarm, nil):
		s = say().add(lead).text(fmt.Sprintf("So that's damp or mould, %s, and I'll tell the team it's affecting someone's health.", inRoom(st.Room)))
	case risky && powerProblem[st.Problem] && t.read(st.Desc).has(reliesOnPower, nil):
		s = say().add(lead).text(fmt.Sprintf("So that's %s, %s, and I'll tell the team you rely on power for medical equipment.", problemName(st.Problem), inRoom(st.Room)))
	case risky:
		s = say().add(lead).text(fmt.Sprintf("So that's %s, %s, and I'll pass on what you told me about who's at home.", problemName(st.Problem), inRoom(st.Room)))
	}
	return t.ask(s, say("Shall I report it?"), say("Please say yes or no. Shall I report "+problemName(st.Problem)+"?"), st)
}

// needed are the problems that leave a home without heat, hot water or
// power, where who is at risk there matters to the repairs team.
var needed = map[string]bool{"HEATING": true, "HOT_WATER": true, "HEAT_AND_HOT_WATER": true, "BOILER": true, "BOILER_LOCKOUT": true, "BOILER_PRESSURE": true, "CONDENSATE_PIPE": true, "NO_POWER": true, "TRIP_SWITCH": true}

// powerProblem are those of them that leave the home without power.
var powerProblem = map[string]bool{"NO_POWER": true, "TRIP_SWITCH": true}

// declinedGuide is set by guideOffered when the tenant says no to a guide,
// so the offer is made once per report.
func (s State) declinedGuide() bool { return s.Guide == guideDeclined }

const guideDeclined = "-"

func (t *turn) guideOffered(ctx context.Context, yes bool) Response {
	if yes {
		guide, ok := t.guides.For(t.st.Problem)
		if ok {
			t.st = State{Problem: t.st.Problem, Room: t.st.Room, GuideTried: true}
			return t.guideStep(ctx, guide.Topic, 0, OutcomeGuideStarted, "OK.")
		}
	}
	t.st.Pending = ""
	t.st.Guide = guideDeclined
	return t.continueRepair(ctx, say("OK, let's report it."))
}

// reportOffered answers "Shall I report it?" asked outside the repair flow.
func (t *turn) reportOffered(ctx context.Context, yes bool) Response {
	if !yes {
		return t.anythingElse(ctx, FlowRepair, OutcomeRepairDeclined, say("OK."))
	}
	t.st = State{Flow: FlowRepair, Problem: t.st.Problem, Guide: guideDeclined, GuideTried: t.st.GuideTried, Desc: t.st.Desc, DescAsked: t.st.DescAsked}
	return t.continueRepair(ctx, nil)
}

// confirmRepair answers the read-back. Yes saves the repair; only once the
// store says it is saved does the tenant hear a reference.
func (t *turn) confirmRepair(ctx context.Context, yes bool) Response {
	t.flow(FlowRepair)
	t.slot("problem", t.st.Problem)
	t.slot("room", t.st.Room)
	t.guideTried(t.st.GuideTried)
	if !yes {
		t.step("confirm")
		was := t.st.Problem
		r := t.anythingElse(ctx, FlowRepair, OutcomeRepairDeclined,
			say("OK, I haven't reported it. If something wasn't right, just tell me the problem again."))
		if r.State.Pending == pendingAnythingElse && was != Other {
			r.State.Was = was
		}
		return r
	}
	h, err := t.household(ctx)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return t.linkNeeded(ctx, nil, "report a repair", t.st)
		}
		return t.storeFault(ctx, "looking up household to save repair", err)
	}
	priority := PriorityOf(t.st.Problem, h, t.req.Time, t.cfg)
	ref, err := t.saveRepair(ctx, h, t.st.Problem, t.st.Room, priority, nil)
	if err != nil {
		t.step("confirm")
		t.log.ErrorContext(ctx, "saving repair", "err", err, "request_id", t.req.ID)
		saved, known := t.repairLanded(ctx, h, ref)
		if !saved {
			t.outcome(OutcomeError)
			s := say("I'm sorry, I couldn't save your repair just now, so it has not been reported.")
			if !known {
				// The save may yet have gone through: say so, rather than
				// have the tenant report it twice or not at all.
				s = say("I'm sorry, something went wrong, and I can't tell whether your repair was saved.")
			}
			s.text("Please call us on").phone(t.cfg.LandlordPhone).text("to report it, or try again later.")
			return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
		}
		t.repairRef(ref)
		t.ev.Priority = priority
	}
	t.step("saved")
	// Said only now the repair is saved: from here the hand-off (the
	// outbox locally, the table's stream on AWS) guarantees the team hears.
	var s *speech
	switch {
	case h.Demo:
		s = say(fmt.Sprintf("Done. I've noted %s %s. This is a practice home, so nobody will be told.", problemName(t.st.Problem), inRoom(t.st.Room)),
			"Your reference is").spell(ref).text(".")
	case t.cfg.RepairsUntold:
		s = say(fmt.Sprintf("Done. I've noted %s %s, but it doesn't reach the repairs team by itself yet, so please also call us on", problemName(t.st.Problem), inRoom(t.st.Room))).
			phone(t.cfg.LandlordPhone).text(". Your reference is").spell(ref).text(".").text(spokenTimescale(priority))
	default:
		s = say(fmt.Sprintf("Done. I've reported %s %s, and the repairs team will be told.", problemName(t.st.Problem), inRoom(t.st.Room)),
			"Your reference is").spell(ref).text(".").text(spokenTimescale(priority))
	}
	r := t.finished(ctx, FlowRepair, OutcomeRepairReported, s)
	r.Card = &Card{Title: "Repair reported: " + ref, Text: PlainText(s.String())}
	return r
}

// repairLanded looks for a repair whose save failed, since a write cut off
// by the budget (or whose reply was lost) may still have been stored.
// known is false when the store cannot be asked either.
func (t *turn) repairLanded(ctx context.Context, h Household, ref string) (saved, known bool) {
	if ref == "" {
		return false, true
	}
	rctx, cancel := readBackContext(ctx)
	defer cancel()
	open, err := t.stores.Repairs.OpenRepairs(rctx, h.ID)
	if err != nil {
		t.log.WarnContext(ctx, "reading back a repair whose save failed", "err", err, "ref", ref)
		return false, false
	}
	for _, r := range open {
		if r.Ref == ref {
			t.log.InfoContext(ctx, "repair saved although its write reported an error", "ref", ref)
			return true, true
		}
	}
	return false, true
}

// readBackContext gives a read-back its own short time: the store budget
// may be spent by the write it is checking.
func readBackContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), readBackTimeout)
}

// readBackTimeout keeps a read-back well inside the write budget.
const readBackTimeout = 1500 * time.Millisecond

// saveRepair stores a repair under a fresh reference, trying another
// reference if one is already taken.
// answered, when not nil, is the answer the turn will give once the repair
// is saved under ref, handed to the store with the first try (settle.go).
func (t *turn) saveRepair(ctx context.Context, h Household, problemID, room string, p Priority, answered func(ref string) Response) (string, error) {
	for attempt := range 5 {
		ref, err := newRepairRef(t.idSource(fmt.Sprintf("repair %d", attempt)))
		if err != nil {
			return "", err
		}
		r := Repair{
			Ref: ref, HouseholdID: h.ID, Problem: problemID, Room: room, Priority: p,
			Status: StatusReported, GuideTried: t.st.GuideTried, ReportedAt: t.req.Time.UTC(),
			Description: t.st.Desc,
		}
		t.forgetAhead()
		sctx := ctx
		if answered != nil && attempt == 0 {
			// Another reference (a clash, rare) is another answer: only
			// the first try carries one.
			t.settled = t.settle(func() Response { return answered(ref) }, func(e *UsageEvent) { e.RepairRef, e.Priority = ref, p })
			if t.settled != nil {
				sctx = WithSettled(ctx, t.settled)
			}
		}
		err = t.stores.Repairs.SaveRepair(sctx, r)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			// The reference goes back with the error: the write may still
			// have landed, and repairLanded looks for it.
			return ref, fmt.Errorf("saving repair %s: %w", ref, err)
		}
		t.repairRef(ref)
		t.ev.Priority = p
		return ref, nil
	}
	return "", errors.New("saving repair: no free reference after 5 tries")
}

// refLetters avoids letters that sound alike when read out (B, D, E, G, P,
// T, V rhyme; M and N; S and F) and letters that look like digits.
const refLetters = "HJKLQRWXY"

// newRepairRef makes a reference like "HK4721": two letters then four
// digits, short enough to write down while it is read out, drawn from src.
func newRepairRef(src io.Reader) (string, error) {
	var ref [6]byte
	var b [1]byte
	for i := range ref {
		alphabet := "0123456789"
		if i < 2 {
			alphabet = refLetters
		}
		for {
			// Drawn as crypto/rand.Int draws below nine or ten (the low
			// four bits of a byte, again while too large), without its
			// big numbers: a request's reference stays what it was.
			if _, err := io.ReadFull(src, b[:]); err != nil {
				return "", fmt.Errorf("making repair reference: %w", err)
			}
			if v := int(b[0] & 0x0f); v < len(alphabet) {
				ref[i] = alphabet[v]
				break
			}
		}
	}
	return string(ref[:]), nil
}

// linkNeeded explains how to link a speaker when a task needs the tenant's
// home, and asks for the code right away; the task carries on once linked.
func (t *turn) linkNeeded(ctx context.Context, lead *speech, task string, st State) Response {
	t.outcome(OutcomeLinkNeeded)
	t.step("link")
	st.Pending = pendingHaveCode
	s := say().add(lead).text("To "+task+", I need to know which home you're in.",
		"Your coach gave you a six-digit code for this.")
	return t.elicit(s, say("If you don't have it, just say no. What's your code?"),
		say("Please say the six numbers of your code, or say no if you don't have it. What's your code?"),
		"LinkHomeIntent", "code", nil, st)
}

// haveCode answers "If not, just say no" after linkNeeded.
func (t *turn) haveCode(ctx context.Context, yes bool) Response {
	t.flow(FlowLink)
	t.outcome(OutcomeLinkNeeded)
	t.step("code")
	st := t.st
	st.Pending = pendingHaveCode
	if yes {
		return t.elicit(say("Good."), say("Say the six numbers one at a time. What's your code?"),
			say("Please say the six numbers of your code. What's your code?"), "LinkHomeIntent", "code", nil, st)
	}
	s := say("That's fine. Your Neighbourhood Coach can give you your code.")
	// What the tenant came for can still be done today, by phone.
	switch t.st.Flow {
	case FlowRepair:
		s.text("To report the repair now, please call us on").phone(t.cfg.LandlordPhone).text(".")
	case FlowCoach:
		s.text("To arrange a visit now, please call us on").phone(t.cfg.LandlordPhone).text(".")
	}
	s.text("In the meantime, I can still talk you through fixing things yourself, like bleeding a radiator.")
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}
