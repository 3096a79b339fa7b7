package intents

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Tenants often tell of two things in one breath: "the toilet's blocked
// and the kitchen tap is dripping". The report takes the first (the one
// the whole sentence reads as), with the room said of it, and keeps the
// other in the session (State.Also) until the first is done, when it is
// offered: "You also told me about a dripping or broken tap in the
// kitchen. Shall I report that too?". Words that say more of one thing
// ("the boiler's broken and there's no hot water") are one complaint.

const pendingAlso = "also" // "You also told me about … Shall I report that too?"

// complaint is one problem the tenant told of, with the room said of it.
type complaint struct{ problem, room string }

// clauseBreaks are the words and marks between one complaint and the
// next.
var clauseBreaks = map[string]bool{"and": true, "also": true, "plus": true, "aswell": true, ",": true, ".": true, ";": true, "!": true, "?": true}

// markSpacer sets marks apart as words of their own.
var markSpacer = strings.NewReplacer(",", " , ", ".", " . ", ";", " ; ", "!", " ! ", "?", " ? ", " as well as ", " and ")

// complaints returns the problems the words tell of, clause by clause, in
// the order said. Words that read as no problem ("in the kitchen", "it's
// going everywhere") belong to the clause before them, or before the
// first, to the first.
func (m *readings) complaints(words string) []complaint {
	var (
		out   []complaint
		piece []string
		text  string // the clause so far
	)
	flush := func() {
		if len(piece) == 0 {
			return
		}
		p := strings.Join(piece, " ")
		piece = piece[:0]
		if text != "" && len(out) == 0 {
			p = text + " " + p // "in the kitchen, the tap drips"
		}
		if c := m.readProblem(p); c != "" && c != Other {
			text = p
			out = append(out, complaint{c, m.roomIn(p)})
			return
		}
		if len(out) == 0 {
			text = p
			return
		}
		text += " " + p
		if last := &out[len(out)-1]; last.room == "" {
			last.room = m.roomIn(text)
		}
	}
	for _, w := range strings.Fields(markSpacer.Replace(strings.ToLower(words))) {
		if clauseBreaks[w] {
			flush()
			continue
		}
		piece = append(piece, w)
	}
	flush()
	return out
}

// mayTellOfTwo reports whether the words might tell of a problem besides
// problemID: a break between clauses, and another problem read in the
// whole. It is asked on every report in the tenant's words, so it reads
// only what the turn has read already; each clause is read apart only
// when it says yes.
func (m *readings) mayTellOfTwo(words, problemID string) bool {
	r := m.read(words)
	if !strings.ContainsAny(words, ",.;!?") && !slices.ContainsFunc(r.toks, func(t string) bool { return clauseBreaks[t] || t == "as" }) {
		return false
	}
	other := false
	visit := func(id string) bool {
		other = !oneComplaint(id, problemID)
		return !other
	}
	if l, ok := compiledFor(problemRules); ok && r.f != nil {
		l.each(r.found(), visit)
		return other
	}
	for i := range problemRules {
		if r.matches(problemRules[i]) && !visit(problemRules[i].id) {
			break
		}
	}
	return other
}

// oneComplaint reports whether two problems are one thing told of twice:
// the same, symptoms of one part of the home (systems), or cause and
// effect (alike).
func oneComplaint(a, b string) bool {
	if a == b || sameSystem(a, b) {
		return true
	}
	if slices.Contains(waterComingIn, a) && slices.Contains(waterComingIn, b) {
		return true
	}
	// Damp with what causes it, but not two causes: "the fan isn't
	// working and the window won't shut" are two repairs.
	return a == "DAMP_MOULD" && slices.Contains(dampCauses, b) || b == "DAMP_MOULD" && slices.Contains(dampCauses, a)
}

// waterComingIn are problems told of together as one ("the roof's leaking
// and it's coming through the ceiling"); dampCauses are what damp is told
// of with as its cause ("there's mould because the extractor fan's
// broken").
var (
	waterComingIn = []string{"LEAK", "TAP", "ROOF", "FLOODING", "CEILING_COLLAPSE"}
	dampCauses    = []string{"LEAK", "ROOF", "EXTRACTOR_FAN", "WINDOW"}
)

// secondComplaint finds, in the tenant's words about problemID, another
// problem told of in the same breath. It returns the room said of
// problemID's own clause ("" for none), and the other as State.Also; with
// no other, room as given and "".
//
// whole says the words came in one slot, as said. Alexa splits a long
// sentence across slots at places of its own ("sink is blocked and the
// light" in the "hall doesn't work"), and the order of the parts is then a
// guess: a room read there is nobody's, and both are asked.
func (m *readings) secondComplaint(words string, whole bool, problemID, room string) (string, string) {
	cs := m.complaints(words)
	if len(cs) < 2 {
		return room, ""
	}
	first, other := -1, -1
	for i, c := range cs {
		switch {
		case oneComplaint(c.problem, problemID):
			if first < 0 {
				first = i
			}
		case other < 0 && c.problem != "" && c.problem != Other && !alwaysDangerous(c.problem):
			other = i
		}
	}
	if first < 0 || other < 0 {
		return room, ""
	}
	// Only a room said of the first problem is its room; the room the
	// whole words read may be the other's ("the toilet's blocked and the
	// kitchen tap…"), so with none of its own the room is asked.
	room = cs[first].room
	if room == "TOILET_ROOM" && strings.HasPrefix(problemID, "TOILET") || !whole {
		room = "" // "the toilet" of the toilet's own words
	}
	also := cs[other].problem
	if cs[other].room != "" && whole {
		also += "/" + cs[other].room
	}
	return room, also
}

// alsoDropped is State.Also in a turn that has let the second problem go
// (or taken it up): never sent on.
const alsoDropped = "-"

// also is the second problem still to offer, or "": one this turn heard,
// or the session's (the first problem's own steps make their states
// afresh), but not when this turn answers the offer, whatever the answer.
func (t *turn) also() string {
	switch {
	case t.st.Also == alsoDropped:
		return ""
	case t.req.State.Pending == pendingAlso && (t.st.Also == "" || t.st.Also == t.req.State.Also):
		return ""
	}
	return cmp.Or(t.st.Also, t.req.State.Also)
}

// offerAlso closes a finished task by offering the second problem told of
// with it, in place of "anything else?" (and of the feedback question,
// which waits for the second's end).
func (t *turn) offerAlso(f Flow, o Outcome, s *speech) Response {
	t.flow(f)
	t.outcome(o)
	also := t.also()
	problem, room, _ := strings.Cut(also, "/")
	what := problemName(problem)
	if room != "" {
		what += " " + inRoom(room)
	}
	return t.ask(s, say("You also told me about "+what+". Shall I report that too?"),
		say("Say yes or no. Shall I report "+problemName(problem)+" too?"),
		State{Pending: pendingAlso, Also: also})
}

// alsoAnswered answers the offer of the second problem: yes reports it
// as if just said.
func (t *turn) alsoAnswered(ctx context.Context, yes bool) Response {
	problem, room, _ := strings.Cut(t.req.State.Also, "/")
	if !yes || problem == "" {
		return t.anythingElse(ctx, FlowRepair, OutcomeRepairDeclined, say("OK."))
	}
	t.st = State{Flow: FlowRepair, Problem: problem, Room: room}
	if _, ask := askSafety[problem]; ask {
		return t.askSafety(ctx, problem)
	}
	return t.continueRepair(ctx, nil)
}
