package intents

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Guide is a spoken, step-by-step self-fix guide, loaded from a content
// file (content/guides/*.json) so housing staff can change the words
// without touching code.
type Guide struct {
	Topic string   `json:"topic"` // a RepairProblem id
	Also  []string `json:"also"`  // other RepairProblem ids it helps with
	Title string   `json:"title"` // reads after "I can talk you through"
	Intro string   `json:"intro"`
	Steps []string `json:"steps"`
	// IfFixedEarly are steps still to do when the problem is put right
	// before them, once the step that needs them is reached: the filling
	// loop closed once it is opened, the heating back on once it is off.
	// Steps are numbered from 1, as staff read them.
	IfFixedEarly []struct {
		Reached int `json:"reached"`
		Do      int `json:"do"`
	} `json:"ifFixedEarly"`
	// IfWater is what water coming out means once a step that opens
	// something is reached (the bleed valve, the filling loop): the step
	// that closes it (Do) is the next one, and in a water emergency Now
	// is said before the safety advice, for the stopcock does not stop
	// it.
	IfWater []struct {
		Reached int    `json:"reached"`
		Do      int    `json:"do"`
		Now     string `json:"now"`
	} `json:"ifWater"`
	// IfTripsAgain is what a switch tripping again means. Before the
	// step that unplugs everything (Unplug, numbered from 1) is heard,
	// something plugged in may trip it, so that step is next; as an
	// appliance is put back on, the appliance is at fault, and the step
	// that says so (Appliance) is next; otherwise the fault is the
	// home's, and the guide stops for a report: resetting it again and
	// again is what landlords tell tenants not to do.
	IfTripsAgain struct {
		Unplug    int `json:"unplug"`
		Appliance int `json:"appliance"`
	} `json:"ifTripsAgain"`
	// NotFor are words that put a tenant's problem outside the guide:
	// a storage heater is not a boiler's heating. Said, the guide is not
	// offered, and the words go with the report.
	NotFor  []string `json:"notFor"`
	Sources []struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"sources"`
	Checked string `json:"checked"`

	// opening and steps are the guide as said, made once when loaded:
	// its words were escaped on every step of every guide followed.
	opening string   // the title, the intro and how many steps
	steps   []string // "Step 1 of 6." and the step
	// notForFirst are NotFor's first words, and notForStem those that
	// end in "*": a turn whose words have none of them need not read
	// the phrases, which the reader has not compiled.
	notForFirst map[string]bool
	notForStem  []string
}

// said makes opening and steps.
func (g *Guide) said() {
	g.notForFirst = map[string]bool{}
	for _, w := range g.NotFor {
		first, _, _ := strings.Cut(w, " ")
		if stem, ok := strings.CutSuffix(first, "*"); ok {
			g.notForStem = append(g.notForStem, stem)
		} else {
			g.notForFirst[first] = true
		}
	}
	g.opening = say("I can talk you through " + g.Title + ".").text(g.Intro).
		text("There are " + strconv.Itoa(len(g.Steps)) + " steps. Say next when you've done each one.").String()
	g.steps = make([]string, len(g.Steps))
	for i, step := range g.Steps {
		g.steps[i] = say("Step " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(g.Steps)) + ".").text(step).String()
	}
}

// Limits on a guide, so every step stays short enough to follow by ear.
const (
	minSteps        = 4
	maxSteps        = 9
	maxStepChars    = 220
	minGuideSources = 2
)

// Guides is the set of guides, by the problem each helps with.
type Guides struct {
	byProblem map[string]*Guide
	all       []*Guide
}

// LoadGuides reads every *.json file in fsys and checks it: a dangerous
// problem never gets a guide, and each problem has at most one.
func LoadGuides(fsys fs.FS) (*Guides, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("listing guides: %w", err)
	}
	g := &Guides{byProblem: map[string]*Guide{}}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading guide %s: %w", name, err)
		}
		var guide Guide
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&guide); err != nil {
			return nil, fmt.Errorf("guide %s: %w", name, err)
		}
		if err := guide.check(); err != nil {
			return nil, fmt.Errorf("guide %s: %w", path.Base(name), err)
		}
		guide.said()
		for _, p := range append([]string{guide.Topic}, guide.Also...) {
			if other, dup := g.byProblem[p]; dup {
				return nil, fmt.Errorf("guide %s: %s already has the guide %q", name, p, other.Title)
			}
			g.byProblem[p] = &guide
		}
		g.all = append(g.all, &guide)
	}
	if len(g.all) == 0 {
		return nil, errNoGuides
	}
	return g, nil
}

func (g *Guide) check() error {
	var errs []error
	for _, p := range append([]string{g.Topic}, g.Also...) {
		if _, known := problems[p]; !known || p == Other {
			errs = append(errs, fmt.Errorf("%q is not a RepairProblem id", p))
		}
		if alwaysDangerous(p) {
			errs = append(errs, fmt.Errorf("%s is dangerous: it gets safety advice, never a guide", p))
		}
	}
	if g.Title == "" || g.Intro == "" {
		errs = append(errs, errors.New("title and intro are needed"))
	}
	if n := len(g.Steps); n < minSteps || n > maxSteps {
		errs = append(errs, fmt.Errorf("%d steps, want %d to %d", n, minSteps, maxSteps))
	}
	for i, s := range g.Steps {
		if n := utf8.RuneCountInString(s); n == 0 || n > maxStepChars {
			errs = append(errs, fmt.Errorf("step %d is %d characters, want 1 to %d", i+1, n, maxStepChars))
		}
	}
	for _, u := range g.IfFixedEarly {
		if u.Reached < 1 || u.Do <= u.Reached || u.Do > len(g.Steps) {
			errs = append(errs, fmt.Errorf("ifFixedEarly: reached %d, do %d; want 1 ≤ reached < do ≤ %d", u.Reached, u.Do, len(g.Steps)))
		}
	}
	for _, w := range g.IfWater {
		if w.Reached < 1 || w.Do < w.Reached || w.Do > len(g.Steps) {
			errs = append(errs, fmt.Errorf("ifWater: reached %d, do %d; want 1 ≤ reached ≤ do ≤ %d", w.Reached, w.Do, len(g.Steps)))
		}
		if n := utf8.RuneCountInString(w.Now); n == 0 || n > maxStepChars {
			errs = append(errs, fmt.Errorf("ifWater: now is %d characters, want 1 to %d", n, maxStepChars))
		}
	}
	if u, a := g.IfTripsAgain.Unplug, g.IfTripsAgain.Appliance; u < 0 || u > len(g.Steps) || a < 0 || a > len(g.Steps) || (a != 0 && a <= u) {
		errs = append(errs, fmt.Errorf("ifTripsAgain: unplug %d, appliance %d; want 1 ≤ unplug < appliance ≤ %d, or no appliance step", u, a, len(g.Steps)))
	}
	for _, w := range g.NotFor {
		if p := strings.TrimSuffix(w, "*"); p == "" || strings.Join(newReading(p).toks, " ") != p {
			errs = append(errs, fmt.Errorf("notFor: %q is not written as it is read: lower case, no apostrophes or other marks", w))
		}
	}
	if len(g.Sources) < minGuideSources {
		errs = append(errs, fmt.Errorf("%d sources, want at least %d landlords' published advice", len(g.Sources), minGuideSources))
	}
	return errors.Join(errs...)
}

// For returns the guide for a problem, if there is one.
func (g *Guides) For(problemID string) (*Guide, bool) {
	if g == nil {
		return nil, false
	}
	guide, ok := g.byProblem[problemID]
	return guide, ok
}

// All lists the guides in file-name order.
func (g *Guides) All() []*Guide {
	if g == nil {
		return nil
	}
	return slices.Clone(g.all)
}

func stepName(i int) string { return fmt.Sprint(i + 1) }

// notFor reports words in text that put the problem outside its guide
// (Guide.NotFor).
func (t *turn) notFor(problemID, text string) bool {
	g, ok := t.guides.For(problemID)
	if !ok || len(g.NotFor) == 0 || text == "" {
		return false
	}
	r := t.read(text)
	return slices.ContainsFunc(r.toks, func(tok string) bool {
		return g.notForFirst[tok] || slices.ContainsFunc(g.notForStem, func(stem string) bool { return strings.HasPrefix(tok, stem) })
	}) && r.has(g.NotFor, nil)
}

// waterStep returns what the guide the tenant is in says of water coming
// out at the step they have reached: the step that closes what was
// opened (numbered from 1), and what to do now in an emergency. do is 0
// when the guide has nothing to say.
func (t *turn) waterStep() (do int, now string) {
	if !t.st.inGuide() {
		return 0, ""
	}
	g, ok := t.guides.For(t.st.Guide)
	if !ok {
		return 0, ""
	}
	for _, w := range g.IfWater {
		if w.Reached <= t.st.Step+1 {
			do, now = w.Do, w.Now
		}
	}
	return do, now
}

// trippedAgain answers a switch said to trip again, in a guide that says
// what that means (Guide.IfTripsAgain).
func (t *turn) trippedAgain(ctx context.Context) (Response, bool) {
	if !t.st.inGuide() || (t.st.Pending != pendingGuideNext && t.st.Pending != pendingGuideAgain) {
		return Response{}, false
	}
	g, ok := t.guides.For(t.st.Guide)
	if !ok || g.IfTripsAgain.Unplug == 0 {
		return Response{}, false
	}
	said := t.read(t.slotWords())
	if !said.has(tripsAgain, nil) || said.has(nowStaysUp, nil) {
		return Response{}, false
	}
	if unplug := g.IfTripsAgain.Unplug; t.st.Step+1 < unplug && !said.has(pluggedBackIn, nil) && !said.has(unpluggedAll, nil) {
		t.ev.Intent = "AMAZON.NextIntent"
		return t.guideStep(ctx, t.st.Guide, unplug-1, OutcomeGuideStep, "Something plugged in can make it trip."), true
	}
	if a := g.IfTripsAgain.Appliance; a != 0 && said.has(pluggedBackIn, nil) {
		t.ev.Intent = "AMAZON.NextIntent"
		return t.guideStep(ctx, t.st.Guide, a-1, OutcomeGuideStep, "Then it's probably that appliance."), true
	}
	t.ev.Intent = "AMAZON.NoIntent"
	t.clearProgress(ctx)
	t.st.Desc = clipWords(t.slotWords(), maxDescription)
	return t.guideToReport(ctx, say("Then please leave it off, and don't keep trying it. That means there's a fault. Let's report it, so someone can come and look."), "trips_again"), true
}

// reportAsked is a report asked for by name, with no problem said.
var reportAsked = cue{"report a repair", "report repairs", "report a problem", "report a fault", "report something", "report one", "report it", "log a repair", "make a report", "put a repair in", "put in a repair", "get a repair", "book a repair", "ask for a repair"}

// selfFix starts a guide for the problem the tenant names.
func (t *turn) selfFix(ctx context.Context) Response {
	t.flow(FlowSelfFix)
	if tp := t.unresolvedTopic(); tp != "" {
		return t.outOfScope(ctx, tp)
	}
	if words := t.slotWords(); words != "" && t.readProblem(words) == "" && t.read(words).has(reportAsked, nil) {
		// "How do I report a repair?": the report, asked for the problem,
		// not a guide to "a repair".
		t.ev.Intent = "ReportRepairIntent"
		t.req.Slots = nil
		return t.reportRepair(ctx)
	}
	if words := t.slotWords(); !t.st.inGuide() && words != "" && t.readProblem(words) == "" {
		// "How do I get a code?", "how do I stop {getting these
		// messages}?", "how do I {set a reminder}?" match "how do I
		// {problem}": they ask about the skill's own tasks, not for a
		// guide.
		answer := map[string]func(*turn, context.Context) Response{
			"LinkHomeIntent":         (*turn).linkHome,
			"CheckAppointmentIntent": (*turn).checkAppointment,
			"ReminderOffIntent":      (*turn).reminderOff,
		}
		in := t.intentIn(words)
		if f, ok := answer[in]; ok {
			t.ev.Intent = in
			return f(t, ctx)
		}
	}
	problemID, heard := t.problemSlot()
	if t.st.inGuide() && t.st.Pending != pendingGuideFixed && (!heard || problemID == Other) {
		// "What do I do {now}?" taken for a guide to something unnamed, in
		// the middle of a guide: the tenant is still in this one, and
		// asks for the step again unless they said where to go.
		switch t.guideIn(t.slotWords()) {
		case "next":
			t.ev.Intent = "AMAZON.NextIntent"
			return t.next(ctx)
		case "back":
			t.ev.Intent = "AMAZON.PreviousIntent"
			return t.previous(ctx)
		case "stop":
			t.ev.Intent = "AMAZON.CancelIntent"
			return t.stop(ctx)
		case "start":
			t.ev.Intent = "AMAZON.StartOverIntent"
			return t.startOver(ctx)
		default:
			t.ev.Intent = "AMAZON.RepeatIntent"
			return t.repeat(ctx)
		}
	}
	t.slot("problem", problemID)
	if heard && alwaysDangerous(problemID) {
		return t.emergency(ctx, problemID)
	}
	if !heard {
		t.outcome(OutcomeNotUnderstood)
		t.step("problem")
		st := State{Flow: FlowSelfFix}
		return t.elicit(say("OK."), say("For example, a cold radiator, a blocked sink, or a tripped switch. What would you like to fix?"),
			say("Tell me what's wrong, for example: my sink is blocked. What would you like to fix?"),
			"SelfFixIntent", "problem", nil, st)
	}
	if withoutHeat(problemID) {
		// Only a vulnerable household in the cold months is in danger
		// here; everyone else gets the guide.
		if h, err := t.household(ctx); err == nil && dangerous(problemID, h.Vulnerable, t.req.Time, t.cfg) {
			return t.emergency(ctx, problemID)
		}
	}
	guide, ok := t.guides.For(problemID)
	if words := t.slotWords(); !ok || t.notFor(problemID, words) {
		t.outcome(OutcomeRepairPrompted)
		t.step("no_guide")
		st := State{Flow: FlowRepair, Problem: problemID, Pending: pendingReportInstead}
		what := problemName(problemID)
		if ok {
			// "How do I fix my storage heater": the heating guide is a
			// boiler's, so none, and the words go with the report.
			what, st.Desc, st.Guide = "that", clipWords(cmp.Or(t.ownWords(), words), maxDescription), guideDeclined
		}
		return t.ask(say("I'm sorry, I don't have a guide for", what+".", "I can report it as a repair instead."),
			say("Would you like me to do that?"), say("Please say yes or no. Shall I report it as a repair?"), st)
	}
	room := t.st.Room
	if r := t.roomIn(t.slotWords()); room == "" && r != "" && !(r == "TOILET_ROOM" && strings.HasPrefix(problemID, "TOILET")) {
		// "Show me how to unblock the kitchen sink": kept, so a report
		// after the guide need not ask where.
		room = r
		t.slot("room", r)
	}
	t.st = State{Problem: problemID, Room: room, GuideTried: true}
	t.guideTried(true)
	return t.guideStep(ctx, guide.Topic, 0, OutcomeGuideStarted, "")
}

// guideStep speaks one step of a guide and remembers the place, so a tenant
// who leaves can carry on next time. The first step comes with the intro.
func (t *turn) guideStep(ctx context.Context, topic string, i int, o Outcome, lead string) Response {
	guide, ok := t.guides.For(topic)
	if !ok {
		// The content changed under a saved place: start afresh.
		t.st.Guide = ""
		return t.notUnderstood(ctx)
	}
	i = max(0, min(i, len(guide.Steps)-1))
	t.flow(FlowSelfFix)
	t.outcome(o)
	t.step(stepName(i))
	t.slot("problem", guide.Topic)
	t.guideTried(true)

	s := say(lead)
	if i == 0 && o == OutcomeGuideStarted {
		s.raw(guide.opening)
	}
	s.pause().raw(guide.steps[i])

	st := t.st
	st.Flow, st.Guide, st.Step, st.GuideTried = FlowSelfFix, guide.Topic, i, true
	if st.Problem == "" {
		st.Problem = guide.Topic
	}
	// The step is said whether or not its place is kept.
	t.beside(ctx, func(ctx context.Context) { t.saveProgress(ctx, guide.Topic, i) })

	if i == len(guide.Steps)-1 {
		st.Pending = pendingGuideFixed
		return t.ask(s, say("Did that fix it?"), say("Please say yes or no. Is the problem fixed now?"), st)
	}
	st.Pending = pendingGuideNext
	return t.ask(s, say("Ready for the next step?"),
		say("Say next when you're ready, or repeat to hear that step again. Ready for the next step?"), st)
}

// saveProgress keeps the place in a guide, and reports whether it did, so
// the skill promises to keep a place only when it has.
func (t *turn) saveProgress(ctx context.Context, topic string, step int) bool {
	if t.req.SpeakerID == "" || t.stores.Progress == nil {
		return false
	}
	p := GuideProgress{Topic: topic, Step: step, UpdatedAt: t.req.Time}
	if err := t.stores.Progress.SaveGuideProgress(ctx, t.req.SpeakerID, p); err != nil {
		// The guide still works; only "carry on next time" is lost.
		t.log.WarnContext(ctx, "saving guide progress", "err", err)
		return false
	}
	return true
}

func (t *turn) clearProgress(ctx context.Context) {
	if t.req.SpeakerID == "" || t.stores.Progress == nil {
		return
	}
	if err := t.stores.Progress.ClearGuideProgress(ctx, t.req.SpeakerID); err != nil && !errors.Is(err, ErrNotFound) {
		t.log.WarnContext(ctx, "clearing guide progress", "err", err)
	}
}

func (t *turn) next(ctx context.Context) Response {
	if !t.st.inGuide() {
		if t.st.Q != "" {
			// Guide words at another question: ask it again.
			return t.missed(ctx)
		}
		// "Carry on" at the start of a visit picks up a guide left part-way.
		if r, ok := t.offerResume(ctx); ok {
			t.st = r.State
			return t.resumeAnswered(ctx, true)
		}
		return t.noGuide(ctx)
	}
	guide, ok := t.guides.For(t.st.Guide)
	if ok && t.st.Step >= len(guide.Steps)-1 {
		// Already on the last step: ask the question that ends the guide.
		return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideStep, "That was the last step.")
	}
	return t.guideStep(ctx, t.st.Guide, t.st.Step+1, OutcomeGuideStep, "")
}

func (t *turn) previous(ctx context.Context) Response {
	if !t.st.inGuide() {
		return t.noGuide(ctx)
	}
	lead := ""
	if t.st.Step == 0 {
		lead = "This is the first step."
	}
	return t.guideStep(ctx, t.st.Guide, t.st.Step-1, OutcomeGuideStep, lead)
}

func (t *turn) startOver(ctx context.Context) Response {
	if !t.st.inGuide() {
		return t.navigateHome(ctx)
	}
	return t.guideStep(ctx, t.st.Guide, 0, OutcomeGuideStep, "OK, from the beginning.")
}

// noGuide answers guide words (next, go back) outside a guide.
func (t *turn) noGuide(ctx context.Context) Response {
	if t.st.Q != "" {
		return t.missed(ctx)
	}
	t.flow(FlowHelp)
	t.outcome(OutcomeNotUnderstood)
	s := say("We're not in a guide just now.",
		"To start one, tell me what you'd like to fix, for example: how do I bleed a radiator?")
	return t.ask(s, menuQuestion(), menuReprompt(), State{})
}

func (t *turn) guideNotReady(ctx context.Context) Response {
	t.flow(FlowSelfFix)
	t.outcome(OutcomeGuideStep)
	t.step(stepName(t.st.Step))
	st := t.st
	st.Pending = pendingGuideAgain
	return t.ask(say("No rush."), say("Shall I say that step again?"), say("Please say yes or no. Would you like to hear that step again?"), st)
}

func (t *turn) leaveGuide(ctx context.Context) Response {
	t.step(stepName(t.st.Step))
	if !t.saveProgress(ctx, t.st.Guide, t.st.Step) {
		return t.anythingElse(ctx, FlowSelfFix, OutcomeGuideLeft,
			say("OK. I couldn't save your place this time, so next time just ask for the guide again."))
	}
	return t.anythingElse(ctx, FlowSelfFix, OutcomeGuideLeft,
		say("OK. I'll keep your place, so you can carry on another time. Just say: carry on with my guide."))
}

// guideCantDo leaves a guide the tenant cannot do ("I can't find the
// filling loop", "my hands won't let me"): no shame in it, and the report
// goes on with the guide's problem, so someone can come and look.
func (t *turn) guideCantDo(ctx context.Context) Response {
	t.clearProgress(ctx)
	return t.guideToReport(ctx, say("That's OK. Let's report it, so someone can come and look."), "cant_do")
}

// guideBroke leaves a guide in which something broke ("the valve's
// snapped off"): the tenant is told to leave it as it is, and the report
// goes on with the guide's problem and their words.
func (t *turn) guideBroke(ctx context.Context) Response {
	t.clearProgress(ctx)
	t.st.Desc = clipWords(t.slotWords(), maxDescription)
	return t.guideToReport(ctx, say("Please stop there, and leave it as it is. Let's report it, so someone can come and look."), "broke")
}

// guideFixed answers "Did that fix it?". No hands over to a repair report
// with the problem already filled in, by eliciting the report's next slot.
func (t *turn) guideFixed(ctx context.Context, fixed bool) Response {
	t.clearProgress(ctx)
	t.step(stepName(t.st.Step))
	if fixed {
		t.slot("problem", t.st.Problem)
		t.guideTried(true)
		lead := say("That's great.")
		if g, ok := t.guides.For(t.st.Guide); ok {
			// "It's gone up to one and a half", with the filling loop
			// still open: what the steps not reached undo, before going.
			var left []string
			for _, u := range g.IfFixedEarly {
				if on := t.st.Step + 1; u.Reached <= on && on < u.Do {
					left = append(left, g.Steps[u.Do-1])
				}
			}
			if len(left) > 0 {
				lead.text("Before you finish:").text(left...)
			}
		}
		return t.finished(ctx, FlowSelfFix, OutcomeGuideFixed, lead.text("Well done for sorting it."))
	}
	return t.guideToReport(ctx, say("I'm sorry that didn't fix it. Let's report it, so someone can come and look."), "")
}

// guideToReport hands a guide that did not fix the problem over to a
// repair report with the problem already filled in. The request's outcome
// is the guide's, guide_not_fixed, whatever the report asks next; the
// report follows it (docs/evaluation.md). step, if given, says why.
func (t *turn) guideToReport(ctx context.Context, lead *speech, step string) Response {
	problemID := cmp.Or(t.st.Problem, t.st.Guide)
	t.slot("problem", problemID)
	t.guideTried(true)
	t.st = State{Flow: FlowRepair, Problem: problemID, Room: t.st.Room, GuideTried: true, Desc: t.st.Desc, DescAsked: t.st.Desc != ""}
	r := t.continueRepair(ctx, lead)
	t.flow(FlowSelfFix)
	t.outcome(OutcomeGuideNotFixed)
	if step != "" {
		t.step(step)
	}
	return r
}

// offerResume offers to carry on with a guide left part-way, at the start
// of a visit.
func (t *turn) offerResume(ctx context.Context) (Response, bool) {
	if t.req.SpeakerID == "" || t.stores.Progress == nil {
		return Response{}, false
	}
	p, err := t.guideProgress(ctx)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			t.log.WarnContext(ctx, "reading guide progress", "err", err)
		}
		return Response{}, false
	}
	guide, ok := t.guides.For(p.Topic)
	if !ok {
		return Response{}, false
	}
	st := State{Pending: pendingResumeGuide, Guide: guide.Topic, Step: p.Step, Problem: guide.Topic, GuideTried: true, Flow: FlowSelfFix}
	s := say("Welcome back to Home Helper.", fmt.Sprintf("Last time, you were on step %d of %s.", p.Step+1, guide.Title))
	return t.ask(s, say("Shall we carry on?"), say("Please say yes or no. Would you like to carry on with "+guide.Title+"?"), st), true
}

func (t *turn) resumeAnswered(ctx context.Context, yes bool) Response {
	if yes {
		return t.guideStep(ctx, t.st.Guide, t.st.Step, OutcomeGuideResumed, "OK, here's where you were.")
	}
	t.clearProgress(ctx)
	t.flow(FlowSelfFix)
	t.outcome(OutcomeGuideLeft)
	t.step(stepName(t.st.Step))
	return t.ask(say("OK."), menuQuestion().text("A repair, fixing something yourself, or a coach visit?"), menuReprompt(), State{})
}
