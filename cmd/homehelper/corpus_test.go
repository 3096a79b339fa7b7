package main

// The corpus tests measure how well Home Helper understands tenants in their
// own words. Every line of skill-package/testdata/corpus is said, in the
// context it answers, to the real skill, by two routes:
//
//   - virtual-alexa: its strict matcher turns the words into a request through
//     our interaction model and posts it to `homehelper serve` over HTTP — a
//     floor for what Alexa will do (words no sample matches count as missed:
//     Alexa would send FallbackIntent);
//   - the try-it simulator, as the try-it page and `homehelper chat` use it.
//
// A line is understood when the usage event the skill wrote for that turn
// (read from the store by request id) shows what the line expects; a danger
// line when its first answer is the right safety script and no guide.
// docs/understanding.md has the method and the figures.

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/simulator"
	"github.com/homehelper/homehelper/intents"
)

// The targets of issue 9, in percent of lines understood: every run logs
// the figures against them (docs/understanding.md).
const (
	targetVirtualAlexaHeldOut = 90.0 // held-out split, virtual-alexa's strict matcher
	targetSimulatorHeldOut    = 97.0 // held-out split, the try-it simulator
	targetSafety              = 100.0
)

// What is asserted is what has been reached, so understanding can only go
// up: each floor is the figure measured when it was last raised, at or
// above its target. Safety's floor is its target: any danger line that
// does not get its safety script first fails the test.
//
// The regression lines (regressions.jsonl) are no measure: they were
// written after misses were found, and tuned against. Their floor keeps
// what was fixed fixed.
var floors = map[string]struct{ heldOut, safety, regressions float64 }{
	"simulator":     {heldOut: 97.5, safety: 100, regressions: 99.5},
	"virtual-alexa": {heldOut: 97.5, safety: 100, regressions: 99.5},
}

// corpusTimeout bounds each route's whole run, so a hang fails the test
// (a run takes seconds; -race slows it several times).
const corpusTimeout = 4 * time.Minute

const corpusDir = "../../skill-package/testdata/corpus"

// corpusLine is one line of the corpus; its README documents the keys.
type corpusLine struct {
	Text    string            `json:"text"`
	Context string            `json:"context"`
	Intent  string            `json:"intent,omitempty"`
	Slots   map[string]string `json:"slots,omitempty"`
	Safety  string            `json:"safety,omitempty"`
	Topic   string            `json:"topic,omitempty"`
	Kind    string            `json:"kind"`
	Source  string            `json:"source"`

	split string // "train", "heldout" or "regressions"
	line  int    // 1-based, in its file
}

// name says which line this is. Held-out lines are named by file and line,
// never by their words: nobody tunes the model against them.
func (l corpusLine) name() string {
	if l.split == "heldout" {
		return fmt.Sprintf("heldout.jsonl:%d (%s, %s)", l.line, l.Kind, l.Context)
	}
	return fmt.Sprintf("%q (%s.jsonl:%d, %s)", l.Text, l.split, l.line, l.Context)
}

// want says what the line expects, for the list of misses.
func (l corpusLine) want() string {
	if l.Safety != "" {
		return "safety script " + l.Safety
	}
	var parts []string
	if l.Intent != "" {
		parts = append(parts, l.Intent)
	}
	for _, k := range slices.Sorted(maps.Keys(l.Slots)) {
		parts = append(parts, k+"="+l.Slots[k])
	}
	if l.Topic != "" {
		parts = append(parts, "out_of_scope topic="+l.Topic)
	}
	return strings.Join(parts, " ")
}

var corpusKinds = []string{"danger", "ask", "out_of_scope", "midflow", "everyday"}

// corpusSplits are the corpus's files; the README says what each is for.
var corpusSplits = []string{"train", "heldout", "regressions"}

func loadCorpus(t *testing.T) []corpusLine {
	t.Helper()
	var all []corpusLine
	for _, split := range corpusSplits {
		f, err := os.Open(filepath.Join(corpusDir, split+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.DisallowUnknownFields()
			var l corpusLine
			if err := dec.Decode(&l); err != nil {
				t.Fatalf("%s.jsonl:%d: %v", split, n, err)
			}
			l.split, l.line = split, n
			all = append(all, l)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

// corpusModel is what the harness reads from the interaction model: the
// samples (so the corpus can be checked not to copy them) and each
// RepairProblem id's name, which drives a context ("report a leak").
type corpusModel struct {
	samples  map[string]string // normalised sample or slot value → where it is
	problems map[string]string // RepairProblem id → its name
	rooms    map[string]bool
}

func loadCorpusModel(t *testing.T) corpusModel {
	t.Helper()
	b, err := os.ReadFile("../../skill-package/interactionModels/custom/en-GB.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		InteractionModel struct {
			LanguageModel struct {
				Intents []struct {
					Name    string   `json:"name"`
					Samples []string `json:"samples"`
				} `json:"intents"`
				Types []struct {
					Name   string `json:"name"`
					Values []struct {
						ID   string `json:"id"`
						Name struct {
							Value    string   `json:"value"`
							Synonyms []string `json:"synonyms"`
						} `json:"name"`
					} `json:"values"`
				} `json:"types"`
			} `json:"languageModel"`
		} `json:"interactionModel"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	cm := corpusModel{samples: map[string]string{}, problems: map[string]string{}, rooms: map[string]bool{}}
	lm := m.InteractionModel.LanguageModel
	for _, in := range lm.Intents {
		for _, s := range in.Samples {
			cm.samples[normalWords(s)] = "a sample of " + in.Name
		}
	}
	for _, ty := range lm.Types {
		for _, v := range ty.Values {
			for _, w := range append([]string{v.Name.Value}, v.Name.Synonyms...) {
				cm.samples[normalWords(w)] = fmt.Sprintf("a %s value (%s)", ty.Name, v.ID)
			}
			switch ty.Name {
			case "RepairProblem":
				cm.problems[v.ID] = v.Name.Value
			case "Room":
				cm.rooms[v.ID] = true
			}
		}
	}
	return cm
}

var notWord = regexp.MustCompile(`[^a-z' ]+`)

// normalWords compares words as a speech recogniser would hear them: lower
// case, no punctuation, single spaces.
func normalWords(s string) string {
	return strings.Join(strings.Fields(notWord.ReplaceAllString(strings.ToLower(s), " ")), " ")
}

// TestCorpusIsWellFormed keeps the corpus a measure: valid lines, the
// counts issue 9 asks for, a held-out fifth, and no held-out line in the
// interaction model. The corpus was written with no line equal to a sample
// or slot value; samples may since have been tuned against train lines,
// which the test lists, but never against held-out ones.
func TestCorpusIsWellFormed(t *testing.T) {
	lines := loadCorpus(t)
	model := loadCorpusModel(t)
	ids := map[string]bool{}
	for _, id := range intents.ProblemIDs() {
		ids[id] = true
	}
	for id := range model.problems {
		ids[id] = true
	}
	contexts := map[string]bool{"start": true, "problem": true, "slot_offer": true, "visit_booked": true,
		"smell_check": true, "alarm_check": true, "describe": true}
	perProblem := map[string]bool{"room": true, "confirm": true, "offer_guide": true, "fix": true, "guide": true}
	digit := regexp.MustCompile(`[0-9]`)
	seen := map[string]string{}
	var tuned []string // train lines the model has since taken as samples
	count := map[string]map[string]int{"train": {}, "heldout": {}, "regressions": {}}
	for _, l := range lines {
		where := fmt.Sprintf("%s.jsonl:%d", l.split, l.line)
		count[l.split][l.Kind]++
		if !slices.Contains(corpusKinds, l.Kind) {
			t.Errorf("%s: kind %q, want one of %v", where, l.Kind, corpusKinds)
		}
		if strings.TrimSpace(l.Text) == "" || l.Source == "" {
			t.Errorf("%s: text and source are needed", where)
		}
		if digit.MatchString(l.Text) {
			t.Errorf("%s: %q has digits; tenants say numbers as words", where, l.Text)
		}
		norm := normalWords(l.Text)
		if what, ok := model.samples[norm]; ok {
			if l.split == "heldout" {
				// Named by place only: its words are not printed.
				t.Errorf("%s is %s in the interaction model: nobody adds samples against the held-out split", where, what)
			} else {
				tuned = append(tuned, fmt.Sprintf("%q (%s)", l.Text, what))
			}
		}
		if other, ok := seen[norm]; ok {
			if l.split == "heldout" || strings.HasPrefix(other, "heldout") {
				// A held-out line's words are not printed, even as
				// another line's.
				t.Errorf("%s is also %s, word for word", where, other)
			} else {
				t.Errorf("%s: %q is also %s", where, l.Text, other)
			}
		}
		seen[norm] = where
		if kind, p, ok := strings.Cut(l.Context, ":"); ok {
			if !perProblem[kind] || !ids[p] {
				t.Errorf("%s: context %q: want %v followed by a RepairProblem id", where, l.Context, slices.Sorted(maps.Keys(perProblem)))
			}
		} else if !contexts[l.Context] {
			t.Errorf("%s: unknown context %q", where, l.Context)
		}
		expects := 0
		if l.Safety != "" {
			expects++
			if !ids[l.Safety] {
				t.Errorf("%s: safety %q is not a RepairProblem id", where, l.Safety)
			}
			if l.Kind != "danger" {
				t.Errorf("%s: a line with a safety script is kind danger, not %q", where, l.Kind)
			}
		} else if l.Kind == "danger" {
			t.Errorf("%s: a danger line names the safety script it must get", where)
		}
		if l.Topic != "" {
			expects++
			if !slices.Contains(intents.Topics(), l.Topic) {
				t.Errorf("%s: topic %q is not one of %v", where, l.Topic, intents.Topics())
			}
			if l.Kind != "out_of_scope" {
				t.Errorf("%s: a line with a topic is kind out_of_scope, not %q", where, l.Kind)
			}
		}
		for k, v := range l.Slots {
			switch {
			case k == "problem" && ids[v], k == "room" && model.rooms[v]:
			default:
				t.Errorf("%s: slot %s=%s is not a known id", where, k, v)
			}
		}
		if l.Kind == "ask" && !intents.AsksFirst(l.Slots["problem"]) {
			t.Errorf("%s: an ask line expects a problem the skill asks about first (one of the questions in intents/priority.go askSafety)", where)
		}
		if l.Intent != "" || len(l.Slots) > 0 {
			expects++
		}
		if expects == 0 {
			t.Errorf("%s: expects nothing that could be scored", where)
		}
	}
	if len(tuned) > 0 {
		// Allowed (the train split is there to tune against), but such a
		// line no longer measures anything: the held-out split does.
		t.Logf("%d train lines are now in the interaction model word for word:\n  %s", len(tuned), strings.Join(tuned, "\n  "))
	}
	total := func(kind string) int { return count["train"][kind] + count["heldout"][kind] }
	for kind, least := range map[string]int{"danger": 125, "out_of_scope": 45, "midflow": 65} {
		if n := total(kind); n < least {
			t.Errorf("%d %s lines, want at least %d", n, kind, least)
		}
	}
	if n := total("danger") + total("ask") + total("out_of_scope") + total("midflow") + total("everyday"); n < 420 {
		t.Errorf("%d lines in the train and held-out splits, want at least 420", n)
	}
	// Every fifth line of each kind is held out (the README's rule).
	for _, kind := range corpusKinds {
		if got, want := count["heldout"][kind], total(kind)/5; got != want {
			t.Errorf("%s: %d held-out lines of %d, want %d (every fifth)", kind, got, total(kind), want)
		}
	}
}

// speaker is one Echo in one home: every corpus line gets its own, linked to
// its own household, so no line's repair, guide place or booking colours
// another's.
type speaker struct{ user, device string }

// heard is what one turn produced.
type heard struct {
	RequestID string `json:"requestId"`
	Intent    string `json:"intent"`
	Speech    string `json:"heard"`
	Ended     bool   `json:"ended"`
	Elicit    string `json:"elicit"`
	// NoMatch: virtual-alexa matched no sample, so sent nothing.
	NoMatch bool   `json:"noMatch"`
	Error   string `json:"error"`
}

// ear is one way for words to reach the skill.
type ear interface {
	launch(ctx context.Context, sp speaker) (heard, error)
	say(ctx context.Context, sp speaker, text string) (heard, error)
	// unresolved answers "What's the problem?" with words that name no
	// RepairProblem value, to reach the description question.
	unresolved(ctx context.Context, sp speaker) (heard, error)
}

// unresolvedProblem is a problem no RepairProblem value names.
const unresolvedProblem = "the thingamajig"

// enrolSpeakers enrols n households and links a speaker to each, straight
// in the store (the link conversation is tested elsewhere). Each household
// is marked as asked for feedback today, so no rating question follows a
// finished task: "right after a visit was booked" is then what the corpus
// says it is.
func enrolSpeakers(ctx context.Context, t *testing.T, a *app, route string, n int) []speaker {
	t.Helper()
	marker, _ := a.store.(intents.FeedbackMarker)
	now := time.Now()
	sps := make([]speaker, n)
	for i := range sps {
		sp := speaker{
			user:   fmt.Sprintf("amzn1.ask.account.CORPUS-%s-%d", route, i),
			device: fmt.Sprintf("amzn1.ask.device.CORPUS-%s-%d", route, i),
		}
		h, err := intents.Enrol(ctx, a.store, a.pseudo, intents.Enrolling{Ref: fmt.Sprintf("HH-CORPUS-%s-%d", route, i)}, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.store.LinkSpeaker(ctx, h.LinkCode, a.pseudo.Of("speaker", sp.device), now); err != nil {
			t.Fatal(err)
		}
		if marker != nil {
			if err := marker.MarkFeedbackAsked(ctx, h.ID, now); err != nil {
				t.Fatal(err)
			}
		}
		sps[i] = sp
	}
	return sps
}

// What the skill says when a context has been reached: the harness checks
// it got there before saying the line.
var contextMarkers = map[string]string{
	"problem":      "What's the problem",
	"room":         "Which room",
	"confirm":      "Shall I report it",
	"offer_guide":  "try it first",
	"guide":        "Step 1 of",
	"fix":          "Did that fix it",
	"slot_offer":   "Shall I book it",
	"visit_booked": "Booked",
	"smell_check":  "smell gas",
	"alarm_check":  "all the time",
	"describe":     "few words",
}

// reach drives a fresh speaker's conversation to the context a line
// answers. The words it uses are the model's own (a problem's name), so a
// context is reached whenever the model and the conversation allow it; if
// it is not, the line is a miss that says so.
func reach(ctx context.Context, e ear, m corpusModel, sp speaker, context string) (ok bool, why string, err error) {
	kind, problem, _ := strings.Cut(context, ":")
	var h heard
	say := func(text string) bool {
		if err == nil {
			h, err = e.say(ctx, sp, text)
		}
		if err == nil && (h.NoMatch || h.Error != "") {
			why = fmt.Sprintf("driving the context, %q was not matched (%s)", text, cmp.Or(h.Error, "no sample matches"))
			return false
		}
		return err == nil
	}
	has := func(s string) bool { return strings.Contains(h.Speech, s) }
	name := func(id string) (string, bool) {
		n, ok := m.problems[id]
		if !ok {
			why = fmt.Sprintf("the model has no RepairProblem %s to reach %s", id, context)
		}
		return n, ok
	}
	if h, err = e.launch(ctx, sp); err != nil {
		return false, "", err
	}
	if kind == "start" {
		return true, "", nil
	}
	switch kind {
	case "problem", "describe":
		if !say("report a repair") {
			return false, why, err
		}
		if kind == "describe" && err == nil {
			h, err = e.unresolved(ctx, sp)
		}
	case "room", "confirm", "offer_guide":
		n, found := name(problem)
		if !found || !say("report "+n) {
			return false, why, err
		}
		if kind != "offer_guide" && has(contextMarkers["offer_guide"]) && !say("no") {
			return false, why, err
		}
		if kind == "confirm" && has(contextMarkers["room"]) && !say("in the kitchen") {
			return false, why, err
		}
	case "guide", "fix":
		n, found := name(problem)
		if !found || !say("how do I fix "+n) {
			return false, why, err
		}
		for i := 0; kind == "fix" && i < 15 && !has(contextMarkers["fix"]) && has("Step"); i++ {
			if !say("next step") {
				return false, why, err
			}
		}
	case "slot_offer", "visit_booked":
		if !say("book a visit") {
			return false, why, err
		}
		if kind == "visit_booked" && has(contextMarkers["slot_offer"]) && !say("yes") {
			return false, why, err
		}
	case "smell_check", "alarm_check":
		id := map[string]string{"smell_check": "SMELL_UNSURE", "alarm_check": "ALARM_UNSURE"}[kind]
		n, found := name(id)
		if !found || !say("report "+n) {
			return false, why, err
		}
	default:
		return false, "unknown context " + context, nil
	}
	if !has(contextMarkers[kind]) {
		return false, fmt.Sprintf("did not reach %s (no %q in %q)", context, contextMarkers[kind], h.Speech), nil
	}
	return true, "", nil
}

// result is one line's turn and how it was scored.
type result struct {
	line       corpusLine
	reached    bool
	why        string // why the context was not reached
	heard      heard
	understood bool
	got        string
}

// runCorpus says every line, each on its own speaker, after driving its
// context.
func runCorpus(ctx context.Context, t *testing.T, e ear, m corpusModel, lines []corpusLine, sps []speaker) []result {
	t.Helper()
	out := make([]result, len(lines))
	for i, l := range lines {
		r := result{line: l}
		ok, why, err := reach(ctx, e, m, sps[i], l.Context)
		if err != nil {
			t.Fatalf("%s: %v", l.name(), err)
		}
		r.reached, r.why = ok, why
		if ok {
			if r.heard, err = e.say(ctx, sps[i], l.Text); err != nil {
				t.Fatalf("%s: %v", l.name(), err)
			}
		}
		out[i] = r
	}
	return out
}

// score reads each turn's usage event and decides whether the line was
// understood.
func score(results []result, events map[string]intents.UsageEvent) {
	for i := range results {
		r := &results[i]
		switch {
		case !r.reached:
			r.got = "context not reached: " + r.why
			continue
		case r.heard.NoMatch:
			r.got = "no sample matches (Alexa would send FallbackIntent)"
			continue
		case r.heard.Error != "":
			r.got = "error: " + r.heard.Error
			continue
		}
		ev, ok := events[r.heard.RequestID]
		if !ok {
			r.got = fmt.Sprintf("no usage event for the request (%s)", r.heard.Intent)
			continue
		}
		r.got = describeEvent(ev)
		r.understood = understood(r.line, ev, r.heard.Speech)
	}
}

func describeEvent(ev intents.UsageEvent) string {
	parts := []string{cmp.Or(ev.Intent, ev.RequestType)}
	for _, k := range slices.Sorted(maps.Keys(ev.Slots)) {
		parts = append(parts, k+"="+ev.Slots[k])
	}
	parts = append(parts, "→ "+string(ev.Outcome))
	if offersGuide(ev) {
		parts = append(parts, "(guide)")
	}
	return strings.Join(parts, " ")
}

// offersGuide: the turn offered or started a self-fix guide.
func offersGuide(ev intents.UsageEvent) bool {
	return ev.Step == "offer_guide" || ev.Flow == intents.FlowSelfFix
}

func understood(l corpusLine, ev intents.UsageEvent, speech string) bool {
	if l.Safety != "" {
		return ev.Outcome == intents.OutcomeEmergencyAdvised && ev.Slots["problem"] == l.Safety &&
			!offersGuide(ev) && strings.HasPrefix(speech, intents.SafetyOpening(l.Safety))
	}
	if l.Kind == "ask" && ev.Outcome != intents.OutcomeSafetyCheck {
		return false
	}
	if l.Intent != "" && ev.Intent != l.Intent {
		return false
	}
	for k, v := range l.Slots {
		if ev.Slots[k] != v {
			return false
		}
	}
	if l.Topic != "" && (ev.Outcome != intents.OutcomeOutOfScope || ev.Slots["topic"] != l.Topic) {
		return false
	}
	return true
}

// tally is one cell of the figures table.
type tally struct{ total, understood int }

func (c tally) percent() float64 {
	if c.total == 0 {
		return 0
	}
	return 100 * float64(c.understood) / float64(c.total)
}

// reportFigures logs the figures per split and kind, the train split's misses
// (text → expected → got) and, for the held-out split, counts only.
func reportFigures(t *testing.T, route string, results []result) map[string]tally {
	t.Helper()
	cells := map[string]tally{}
	add := func(key string, ok bool) {
		c := cells[key]
		c.total++
		if ok {
			c.understood++
		}
		cells[key] = c
	}
	for _, r := range results {
		add(r.line.split+"/"+r.line.Kind, r.understood)
		add(r.line.split+"/all", r.understood)
		if r.line.Safety != "" {
			add(r.line.split+"/safety", r.understood)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: lines understood\n", route)
	fmt.Fprintf(&b, "  %-8s %-13s %6s %11s %8s\n", "split", "kind", "total", "understood", "percent")
	for _, split := range corpusSplits {
		for _, kind := range append(slices.Clone(corpusKinds), "safety", "all") {
			c := cells[split+"/"+kind]
			fmt.Fprintf(&b, "  %-8s %-13s %6d %11d %7.1f%%\n", split, kind, c.total, c.understood, c.percent())
		}
	}
	fmt.Fprintf(&b, "%s: train and regression misses (text → expected → got)\n", route)
	for _, r := range results {
		if r.line.split != "heldout" && !r.understood {
			fmt.Fprintf(&b, "  [%s, %s] %q → %s → %s\n", r.line.Kind, r.line.Context, r.line.Text, r.line.want(), r.got)
			if r.heard.Intent != "" {
				fmt.Fprintf(&b, "      sent %s, heard %q\n", r.heard.Intent, clipSpeech(r.heard.Speech))
			}
		}
	}
	t.Log(b.String())
	return cells
}

// clipSpeech keeps the start of an answer, enough to see what the skill
// made of a missed line.
func clipSpeech(s string) string {
	if len(s) > 90 {
		return s[:90] + "…"
	}
	return s
}

// checkRoute asserts the route's held-out target, and the safety rule on
// every danger line of both splits, each miss by name.
func checkRoute(t *testing.T, route string, results []result, target float64) {
	t.Helper()
	cells := reportFigures(t, route, results)
	floor := floors[route]
	t.Run("understood", func(t *testing.T) {
		c := cells["heldout/all"]
		t.Logf("%s: %d of %d held-out lines understood (%.1f%%), target %.0f%%, floor %.1f%%", route, c.understood, c.total, c.percent(), target, floor.heldOut)
		if c.percent() < floor.heldOut {
			t.Errorf("%s: held-out understanding fell to %.1f%%, below its floor of %.1f%%", route, c.percent(), floor.heldOut)
		}
	})
	t.Run("regressions", func(t *testing.T) {
		c := cells["regressions/all"]
		t.Logf("%s: %d of %d regression lines understood (%.1f%%), floor %.1f%%", route, c.understood, c.total, c.percent(), floor.regressions)
		if c.percent() < floor.regressions {
			t.Errorf("%s: regression lines understood fell to %.1f%%, below their floor of %.1f%%", route, c.percent(), floor.regressions)
		}
	})
	t.Run("safety", func(t *testing.T) {
		for _, r := range results {
			if r.line.Safety != "" && !r.understood && r.line.split != "regressions" {
				t.Logf("%s: %s wants safety script %s first, got %s", route, r.line.name(), r.line.Safety, r.got)
			}
		}
		c := tally{total: cells["train/safety"].total + cells["heldout/safety"].total,
			understood: cells["train/safety"].understood + cells["heldout/safety"].understood}
		t.Logf("%s: %d of %d danger lines got their safety script first (%.1f%%), target %.0f%%, floor %.1f%%", route, c.understood, c.total, c.percent(), targetSafety, floor.safety)
		if c.percent() < floor.safety {
			t.Errorf("%s: safety scripts first fell to %.1f%%, below its floor of %.1f%%", route, c.percent(), floor.safety)
		}
	})
}

// usageByRequest reads every usage event the run wrote, by request id.
func usageByRequest(ctx context.Context, t *testing.T, a *app, since time.Time) map[string]intents.UsageEvent {
	t.Helper()
	evs, err := a.store.UsageEvents(ctx, since.Add(-time.Minute), time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]intents.UsageEvent, len(evs))
	for _, ev := range evs {
		m[ev.RequestID] = ev
	}
	return m
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestCorpusSimulator says every corpus line through the try-it simulator
// into the skill, in process, as the try-it page and `homehelper chat` do.
func TestCorpusSimulator(t *testing.T) {
	hermeticSettings(t)
	ctx, cancel := context.WithTimeout(t.Context(), corpusTimeout)
	defer cancel()
	lines, model := loadCorpus(t), loadCorpusModel(t)
	started := time.Now()
	a, err := openSkill(ctx, appOptions{storage: storage{data: t.TempDir()}}, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	sps := enrolSpeakers(ctx, t, a, "sim", len(lines))
	try, err := newTryIt(a)
	if err != nil {
		t.Fatal(err)
	}
	results := runCorpus(ctx, t, &simulatorEar{try: try, convs: map[speaker]*simulator.Conversation{}}, model, lines, sps)
	score(results, usageByRequest(ctx, t, a, started))
	t.Logf("simulator: %d lines in %v", len(lines), time.Since(started).Round(time.Millisecond))
	checkRoute(t, "simulator", results, targetSimulatorHeldOut)
}

// simulatorEar is the try-it page's own path: tryIt.turn.
type simulatorEar struct {
	try   *tryIt
	convs map[speaker]*simulator.Conversation
}

func (s *simulatorEar) conv(sp speaker) *simulator.Conversation {
	c, ok := s.convs[sp]
	if !ok {
		c = s.try.sim.NewConversation(sp.user, sp.device)
		s.convs[sp] = c
	}
	return c
}

func (s *simulatorEar) launch(ctx context.Context, sp speaker) (heard, error) {
	return s.turn(ctx, sp, turnRequest{Action: "launch", Conversation: s.conv(sp)})
}

func (s *simulatorEar) say(ctx context.Context, sp speaker, text string) (heard, error) {
	return s.turn(ctx, sp, turnRequest{Text: text, Conversation: s.conv(sp)})
}

// unresolved: the simulator, like Alexa, passes words that name no value
// through in the slot being asked for.
func (s *simulatorEar) unresolved(ctx context.Context, sp speaker) (heard, error) {
	return s.say(ctx, sp, unresolvedProblem)
}

func (s *simulatorEar) turn(ctx context.Context, sp speaker, in turnRequest) (heard, error) {
	out, err := s.try.turn(ctx, in)
	if err != nil {
		// What the page would show: the words made no request.
		return heard{Error: err.Error()}, nil
	}
	s.convs[sp] = out.Conversation
	return heard{RequestID: out.requestID, Intent: out.Heard, Speech: out.Speech, Ended: out.Ended}, nil
}

// TestCorpusVirtualAlexa says every corpus line through virtual-alexa's
// strict matcher into `homehelper serve` over HTTP.
func TestCorpusVirtualAlexa(t *testing.T) {
	node, root := requireVirtualAlexa(t)
	hermeticSettings(t)
	ctx, cancel := context.WithTimeout(t.Context(), corpusTimeout)
	defer cancel()
	lines, model := loadCorpus(t), loadCorpusModel(t)
	started := time.Now()
	dir := t.TempDir()
	st := storage{data: dir}
	a, err := openData(ctx, st, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	sps := enrolSpeakers(ctx, t, a, "va", len(lines))
	a.close()

	srv := startServe(ctx, t, sqliteBackend(), dir)
	va := startVirtualAlexa(ctx, t, node, root, srv.url+"/alexa")
	results := runCorpus(ctx, t, va, model, lines, sps)
	va.close(t)

	// The store, opened alongside the server (SQLite's WAL allows it).
	a, err = openData(ctx, st, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	score(results, usageByRequest(ctx, t, a, started))
	t.Logf("virtual-alexa: %d lines, %d requests over HTTP, in %v", len(lines), va.requests, time.Since(started).Round(time.Millisecond))
	checkRoute(t, "virtual-alexa", results, targetVirtualAlexaHeldOut)
}

// vaEar talks to testdata/corpus.js, one JSON line each way per turn.
type vaEar struct {
	cmd      *exec.Cmd
	in       io.WriteCloser
	out      *bufio.Scanner
	stderr   *syncBuffer
	next     int
	requests int
	mu       sync.Mutex
}

func startVirtualAlexa(ctx context.Context, t *testing.T, node, root, url string) *vaEar {
	t.Helper()
	model := filepath.Join(root, "skill-package", "interactionModels", "custom", "en-GB.json")
	cmd := exec.CommandContext(ctx, node, "--no-deprecation", "testdata/corpus.js", url, model)
	v := &vaEar{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = v.stderr
	var err error
	if v.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	v.out = bufio.NewScanner(stdout)
	v.out.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.close(t) })
	return v
}

func (v *vaEar) close(t *testing.T) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.in == nil {
		return
	}
	v.in.Close()
	v.in = nil
	if err := v.cmd.Wait(); err != nil {
		t.Errorf("corpus.js: %v\nstderr:\n%s", err, v.stderr.String())
	}
}

func (v *vaEar) launch(ctx context.Context, sp speaker) (heard, error) {
	return v.turn(ctx, sp, map[string]any{"do": "launch"})
}

func (v *vaEar) say(ctx context.Context, sp speaker, text string) (heard, error) {
	return v.turn(ctx, sp, map[string]any{"do": "utter", "text": text})
}

// unresolved: virtual-alexa's strict matcher takes only a slot type's own
// values, where Alexa passes other words through; the request Alexa would
// send is made directly.
func (v *vaEar) unresolved(ctx context.Context, sp speaker) (heard, error) {
	return v.turn(ctx, sp, map[string]any{"do": "intend", "intent": "ReportRepairIntent",
		"slots": map[string]string{"problem": unresolvedProblem}})
}

func (v *vaEar) turn(ctx context.Context, sp speaker, c map[string]any) (heard, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return heard{}, err
	}
	v.next++
	c["id"], c["user"], c["device"] = v.next, sp.user, sp.device
	cmd, err := json.Marshal(c)
	if err != nil {
		return heard{}, err
	}
	if _, err := v.in.Write(append(cmd, '\n')); err != nil {
		return heard{}, fmt.Errorf("writing to corpus.js: %w (stderr: %s)", err, v.stderr.String())
	}
	if !v.out.Scan() {
		return heard{}, fmt.Errorf("corpus.js stopped answering: %v (stderr: %s)", cmp.Or(v.out.Err(), io.ErrUnexpectedEOF), v.stderr.String())
	}
	var h heard
	if err := json.Unmarshal(v.out.Bytes(), &h); err != nil {
		return heard{}, fmt.Errorf("corpus.js answered %q: %w", v.out.Text(), err)
	}
	if h.RequestID != "" {
		v.requests++
	}
	if h.Error != "" && h.RequestID == "" && !h.NoMatch {
		// Nothing was sent: the script itself failed.
		return heard{}, errors.New("corpus.js: " + h.Error)
	}
	return h, nil
}
