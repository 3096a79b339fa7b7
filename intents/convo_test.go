package intents_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// monday is a Monday in November: a cold month, so heating rules apply.
var monday = time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC)

// fixture is a skill over a fresh in-memory store, with one enrolled
// household and a week's coach slots.
type fixture struct {
	t      *testing.T
	store  *memstore.Store
	skill  *intents.Skill
	now    time.Time
	pseudo *intents.Pseudonyms
	cfg    intents.Config
	n      int
}

func newFixture(t *testing.T, configure ...func(*intents.Config)) *fixture {
	t.Helper()
	return newGuessingFixture(t, noGuess, configure...)
}

// guess is what a fixture's household store guesses of a speaker's
// household, for the turn to read ahead with (intents.HouseholdHinter).
type guess int

const (
	noGuess    guess = iota // a store in this process: nothing read ahead
	rightGuess              // the household the speaker is linked to now
	wrongGuess              // some other household, as after a move elsewhere
)

func (g guess) String() string { return [...]string{"no guess", "right guess", "wrong guess"}[g] }

// guessingHouseholds makes the in-memory store guess as one a round trip
// away does.
type guessingHouseholds struct {
	intents.Households
	store *memstore.Store
	guess guess
}

func (g guessingHouseholds) HouseholdHint(speaker string) (string, string, bool) {
	ctx := context.Background()
	h, err := g.store.HouseholdForSpeaker(ctx, speaker)
	if g.guess == rightGuess {
		return h.ID, h.CoachID, err == nil
	}
	all, _ := g.store.ListHouseholds(ctx)
	for _, o := range all {
		if o.ID != h.ID {
			return o.ID, o.CoachID, true
		}
	}
	return "hh-nobody", "Nobody", true
}

func newGuessingFixture(t *testing.T, g guess, configure ...func(*intents.Config)) *fixture {
	t.Helper()
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatalf("loading guides: %v", err)
	}
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: memstore.New(), now: monday, pseudo: p, cfg: intents.DefaultConfig()}
	for _, c := range configure {
		c(&f.cfg)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Feedback questions have their own tests (lifecycle_test.go); here they
	// would interrupt every finished task.
	stores := f.store.Stores()
	stores.Feedback = nil
	if g != noGuess {
		stores.Households = guessingHouseholds{stores.Households, f.store, g}
	}
	f.skill = intents.New(stores, guides, f.cfg, intents.WithClock(func() time.Time { return f.now }), intents.WithLogger(logger))

	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	roster, err := intents.ReadRoster(rf)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := roster.Slots(monday, 14, f.cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.AddCoachSlots(context.Background(), slots); err != nil {
		t.Fatal(err)
	}
	return f
}

// enrol adds a household and returns its link code.
func (f *fixture) enrol(ref string, vulnerable bool) intents.Household {
	f.t.Helper()
	h, err := intents.Enrol(context.Background(), f.store, f.pseudo, intents.Enrolling{Ref: ref, Vulnerable: vulnerable,
		ConsentDate: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}, f.now)
	if err != nil {
		f.t.Fatalf("enrol: %v", err)
	}
	return h
}

// linked returns a conversation from a speaker already linked to a new household.
func (f *fixture) linked(ref string, vulnerable bool) (*convo, intents.Household) {
	f.t.Helper()
	h := f.enrol(ref, vulnerable)
	c := f.speaker("speaker-" + ref)
	if _, err := f.store.LinkSpeaker(context.Background(), h.LinkCode, c.speaker, f.now); err != nil {
		f.t.Fatal(err)
	}
	return c, h
}

func (f *fixture) speaker(id string) *convo {
	return &convo{f: f, speaker: id, newSession: true}
}

// convo plays Alexa's part for one speaker: it carries session attributes,
// starts a new session after one ends, and fills an elicited slot.
type convo struct {
	f          *fixture
	speaker    string
	session    int
	newSession bool
	state      intents.State
	elicit     *intents.Elicit
	last       intents.Response
	lastReq    intents.Request // as sent, for replaying it
	reminders  intents.VisitReminders
}

func (c *convo) send(req intents.Request) intents.Response {
	c.f.t.Helper()
	c.f.n++
	if c.newSession {
		c.session++
		c.state = intents.State{}
		c.elicit = nil
	}
	req.ID = fmt.Sprintf("req-%d", c.f.n)
	req.Time = c.f.now
	req.SessionNew = c.newSession
	req.SessionID = fmt.Sprintf("%s-session-%d", c.speaker, c.session)
	req.SpeakerID = c.speaker
	req.AccountID = "account-" + c.speaker
	if c.reminders != nil {
		req.Reminders = c.reminders
	}
	req.State = c.state
	req.Locale = "en-GB"

	c.lastReq = req
	before := len(c.f.store.All())
	resp := c.f.skill.Handle(context.Background(), req)
	if got := len(c.f.store.All()); got != before+1 {
		c.f.t.Fatalf("%s %s: %d usage events written, want 1", req.Type, req.Intent, got-before)
	}
	checkResponse(c.f.t, req, resp)
	checkEvent(c.f.t, req, c.f.lastEvent())
	c.last = resp
	c.state = resp.State
	c.elicit = resp.Elicit
	c.newSession = resp.End
	return resp
}

// checkResponse holds every response to the promises made to tenants.
func checkResponse(t *testing.T, req intents.Request, r intents.Response) {
	t.Helper()
	if req.Type == intents.SessionEndedRequest || req.Type == intents.ExceptionEncountered || intents.IsSkillEvent(req.Type) {
		// Alexa takes nothing in answer to these.
		if r.Speech != "" || r.Reprompt != "" || r.Card != nil || r.Elicit != nil || !r.End {
			t.Errorf("%s answered with %+v", req.Type, r)
		}
		return
	}
	if r.AskReminderPermission {
		// Alexa speaks instead: it asks the tenant to allow reminders.
		if r.Speech != "" || r.Elicit != nil {
			t.Errorf("the permission request carries words of ours: %+v", r)
		}
		return
	}
	speech := intents.PlainText(r.Speech)
	if speech == "" {
		t.Errorf("%s %s: no speech", req.Type, req.Intent)
	}
	if s, ok := saidTwice(speech); ok {
		t.Errorf("%s %s: %q said twice in %q", req.Type, req.Intent, s, speech)
	}
	inGuide := func(st intents.State) bool { return st.Guide != "" && st.Guide != "-" }
	// Guide words: "say next ..., repeat ..., or go back ...".
	if strings.Contains(strings.ToLower(speech), "say next") && !inGuide(req.State) && !inGuide(r.State) {
		t.Errorf("%s %s: guide words outside a guide: %q", req.Type, req.Intent, speech)
	}
	if r.End {
		return
	}
	if !strings.HasSuffix(speech, "?") {
		t.Errorf("%s %s: open session does not end with a question: %q", req.Type, req.Intent, speech)
	}
	if rp := intents.PlainText(r.Reprompt); !strings.HasSuffix(rp, "?") {
		t.Errorf("%s %s: reprompt is not a question: %q", req.Type, req.Intent, rp)
	}
	if r.Elicit != nil && r.Elicit.Intent == "" {
		t.Errorf("elicit without an intent")
	}
}

// checkEvent holds every usage event to the documented closed lists.
func checkEvent(t *testing.T, req intents.Request, e intents.UsageEvent) {
	t.Helper()
	if !slices.Contains(intents.Flows, e.Flow) || !slices.Contains(intents.Outcomes, e.Outcome) {
		t.Errorf("%s %s: event flow %q outcome %q not in the documented lists", req.Type, req.Intent, e.Flow, e.Outcome)
	}
	wantSpeaker, wantSession := req.SpeakerID, req.SessionID
	if e.Outcome == intents.OutcomeForgotten {
		wantSpeaker, wantSession = "", "" // the erased tenant is not named again
	}
	if e.RequestID != req.ID || e.SpeakerID != wantSpeaker || e.SessionID != wantSession || !e.Time.Equal(req.Time) {
		t.Errorf("event ids/time do not match the request: %+v", e)
	}
	for name, id := range e.Slots {
		if strings.Contains(id, " ") {
			t.Errorf("slot %s logged as free text %q", name, id)
		}
	}
}

// saidTwice finds a sentence said twice in one answer ("Please say yes or
// no. Please say yes or no.").
func saidTwice(speech string) (string, bool) {
	seen := map[string]bool{}
	for _, s := range sentences(speech) {
		if seen[s] {
			return s, true
		}
		seen[s] = true
	}
	return "", false
}

func sentences(speech string) []string {
	var out []string
	start := 0
	for i, r := range speech {
		if r == '.' || r == '?' || r == '!' {
			if s := strings.TrimSpace(speech[start : i+1]); s != "" {
				out = append(out, strings.ToLower(s))
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(speech[start:]); s != "" {
		out = append(out, strings.ToLower(s))
	}
	return out
}

func (c *convo) launch() intents.Response {
	return c.send(intents.Request{Type: intents.LaunchRequest})
}

// say sends an intent with slots given as "name=ID" (resolved) or
// "name~words" (heard but not resolved). While a slot is being elicited,
// Alexa sends the elicited intent with the slots it already had.
func (c *convo) say(intent string, slots ...string) intents.Response {
	c.f.t.Helper()
	if model := modelSlots(c.f.t); model[intent] == nil && !strings.HasSuffix(intent, "FromTheFuture") {
		// A misspelt intent is one Alexa never sends: the turn would test
		// nothing a tenant can say. (A test of an intent the model does
		// not have says so in its name.)
		c.f.t.Fatalf("%s is not an intent of the interaction model", intent)
	} else {
		for _, s := range slots {
			name, _, _ := strings.Cut(strings.SplitN(s, "~", 2)[0], "=")
			if model[intent] != nil && !model[intent][name] {
				c.f.t.Fatalf("%s has no slot %q in the interaction model", intent, name)
			}
		}
	}
	req := intents.Request{Type: intents.IntentRequest, Intent: intent, Slots: map[string]intents.Slot{}}
	if c.elicit != nil && intent == c.elicit.Intent {
		for k, v := range c.elicit.Slots {
			// Alexa echoes our updatedIntent values without resolving them.
			req.Slots[k] = intents.Slot{Value: v.Value}
		}
	}
	for _, s := range slots {
		if name, id, ok := strings.Cut(s, "="); ok {
			// "room=BATHROOM~bath": resolved, from the words said.
			id, words, said := strings.Cut(id, "~")
			if !said {
				words = id
			}
			req.Slots[name] = intents.Slot{ID: id, Value: words}
		} else if name, words, ok := strings.Cut(s, "~"); ok {
			req.Slots[name] = intents.Slot{Value: words}
		}
	}
	return c.send(req)
}

func (c *convo) end(reason string) intents.Response {
	return c.send(intents.Request{Type: intents.SessionEndedRequest, EndReason: reason})
}

// lastEvent is the usage event the last request left.
func (f *fixture) lastEvent() intents.UsageEvent {
	all := f.store.All()
	if len(all) == 0 {
		f.t.Fatal("no usage events")
	}
	return all[len(all)-1]
}

func plain(r intents.Response) string { return intents.PlainText(r.Speech) }

// modelSlots is the interaction model's intents, each with its slots' names.
var modelSlots = func() func(testing.TB) map[string]map[string]bool {
	var (
		once  sync.Once
		model map[string]map[string]bool
		err   error
	)
	return func(t testing.TB) map[string]map[string]bool {
		t.Helper()
		once.Do(func() {
			var m struct {
				InteractionModel struct {
					LanguageModel struct {
						Intents []struct {
							Name  string
							Slots []struct{ Name string }
						}
					}
				}
			}
			var b []byte
			if b, err = os.ReadFile(filepath.Join("..", "skill-package", "interactionModels", "custom", "en-GB.json")); err != nil {
				return
			}
			if err = json.Unmarshal(b, &m); err != nil {
				return
			}
			model = map[string]map[string]bool{}
			for _, in := range m.InteractionModel.LanguageModel.Intents {
				model[in.Name] = map[string]bool{}
				for _, sl := range in.Slots {
					model[in.Name][sl.Name] = true
				}
			}
		})
		if err != nil {
			t.Fatalf("reading the interaction model: %v", err)
		}
		return model
	}
}()
