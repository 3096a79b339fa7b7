// Package simulator turns what a person types into the request JSON the
// Alexa service would send the skill, working from the skill's own
// interaction model (an ASK interactionModels/custom/<locale>.json file).
//
// It backs the "try it" web page and `homehelper chat`: each turn, the
// caller passes the typed text to Say, sends the returned request through the
// same Alexa handler the real endpoint uses, and hands the skill's response
// to Observe so the next turn continues the session, answers a dialog prompt
// or starts a new session, as Alexa would.
//
//	sim, err := simulator.New(modelJSON, simulator.Options{})
//	conv := sim.NewConversation("", "")
//	req, err := sim.Say(conv, "ask home helper to report a leak in the kitchen")
//	resp := handler(req)
//	err = sim.Observe(conv, resp)
//	for { // Alexa's own follow-up after Dialog.Delegate, if any
//		req, err = sim.Continue(conv)
//		if req == nil { break }
//		resp = handler(req); err = sim.Observe(conv, resp)
//	}
//
// Matching is a deterministic stand-in for Alexa's statistical language
// model: it is stricter in some ways (see the README in this folder) but
// follows the same rules for slot types, entity resolution, built-in
// intents, dialog directives and session lifecycle.
package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // dates are relative to Europe/London wherever this runs
)

// Errors Say returns for turns in which Alexa would not call the skill, or
// could not. Callers test them with errors.Is and tell the person what
// happened instead of showing a skill response.
var (
	// ErrNotInvoked: no session is open and the text does not name the
	// skill ("open home helper", "ask home helper to …").
	ErrNotInvoked = errors.New("the skill was not invoked")
	// ErrNoRequest: Alexa handles this turn itself, such as silence in an
	// open session, which Alexa answers by repeating the skill's reprompt.
	ErrNoRequest = errors.New("alexa sends no request for this turn")
	// ErrNoMatch: nothing in the model matches and the model has no
	// AMAZON.FallbackIntent to send instead.
	ErrNoMatch = errors.New("no intent matches")
)

// Session-ended reasons Alexa sends.
const (
	ReasonUserInitiated        = "USER_INITIATED"
	ReasonError                = "ERROR"
	ReasonExceededMaxReprompts = "EXCEEDED_MAX_REPROMPTS"
)

// Options configures a Simulator. Zero values take the defaults.
type Options struct {
	SkillID string           // default "amzn1.ask.skill.simulator"
	Locale  string           // default "en-GB"
	Now     func() time.Time // default time.Now; dates are relative to it in Europe/London
}

// Simulator plays the Alexa service for one interaction model. It is safe
// for concurrent use: all conversation state lives in Conversation.
type Simulator struct {
	skillID    string
	locale     string
	now        func() time.Time
	london     *time.Location
	invocation []string
	intents    []*intentDef
	byName     map[string]*intentDef
	types      map[string]*slotType
	typeList   []*slotType
	// yes and no recognise answers to Alexa's confirmation prompts, which
	// are understood whether or not the model declares the intents.
	yes, no *intentDef
	// vocab holds the content words of every custom slot value and
	// synonym: words Alexa would not drop from a slot (see skipCost).
	vocab map[string]bool
}

// New parses an interaction model (the JSON of an ASK
// interactionModels/custom/<locale>.json file) and compiles its samples.
func New(model []byte, opts Options) (*Simulator, error) {
	s := &Simulator{skillID: opts.SkillID, locale: opts.Locale, now: opts.Now}
	if s.skillID == "" {
		s.skillID = "amzn1.ask.skill.simulator"
	}
	if s.locale == "" {
		s.locale = "en-GB"
	}
	if s.now == nil {
		s.now = time.Now
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil, fmt.Errorf("simulator: load Europe/London: %w", err)
	}
	s.london = loc
	m, err := parseModel(model)
	if err != nil {
		return nil, fmt.Errorf("simulator: parse interaction model: %w", err)
	}
	if err := s.compile(m); err != nil {
		return nil, fmt.Errorf("simulator: interaction model: %w", err)
	}
	for _, name := range []string{"AMAZON.YesIntent", "AMAZON.NoIntent"} {
		def := &intentDef{name: name, builtin: true}
		for _, text := range standardUtterances[name] {
			smp, err := compileSample(def, text)
			if err != nil {
				return nil, fmt.Errorf("simulator: %s: %w", name, err)
			}
			def.samples = append(def.samples, smp)
		}
		if name == "AMAZON.YesIntent" {
			s.yes = def
		} else {
			s.no = def
		}
	}
	return s, nil
}

// Intents lists the model's intent names in the model's order.
func (s *Simulator) Intents() []string {
	out := make([]string, len(s.intents))
	for i, d := range s.intents {
		out[i] = d.name
	}
	return out
}

// SlotValueIDs lists the ids of a custom slot type's values in the model's
// order, or nil if the model declares no such type. Contract tests use it to
// check the skill handles every id Alexa can send.
func (s *Simulator) SlotValueIDs(slotType string) []string {
	t, ok := s.types[slotType]
	if !ok || t.kind != kindCustom {
		return nil
	}
	out := make([]string, len(t.values))
	for i, v := range t.values {
		out[i] = v.id
	}
	return out
}

// InvocationName is the model's invocation name, which people must say to
// open the skill.
func (s *Simulator) InvocationName() string {
	return strings.Join(s.invocation, " ")
}

// Conversation is one speaker's session state. It is JSON-serialisable, so
// a stateless web page can carry it between turns.
type Conversation struct {
	// UserID and DeviceID are sent with every request, as one speaker would.
	UserID   string `json:"userId"`
	DeviceID string `json:"deviceId"`
	// SessionID is the current or last session; empty before the first request.
	SessionID string `json:"sessionId,omitempty"`
	// New is session.new of the last request sent.
	New bool `json:"new"`
	// Attributes are the sessionAttributes of the skill's last response,
	// which Alexa sends back with the next request of the session.
	Attributes json.RawMessage `json:"attributes,omitempty"`
	// Pending is the dialog directive the next utterance answers, if any.
	Pending *Pending `json:"pending,omitempty"`
	// LastIntent is the intent of the last IntentRequest of the session; a
	// dialog directive without updatedIntent refers to it.
	LastIntent *Intent `json:"lastIntent,omitempty"`
	// Ended is true once the session is over; the next utterance must open
	// a new one.
	Ended bool `json:"ended"`
	// Silences counts empty turns since the skill last spoke; Alexa gives up
	// after the reprompt goes unanswered.
	Silences int `json:"silences,omitempty"`
}

// Pending is a dialog directive from the skill's last response that the next
// utterance answers.
type Pending struct {
	// Directive is "Dialog.ElicitSlot", "Dialog.ConfirmSlot",
	// "Dialog.ConfirmIntent" or "Dialog.Delegate".
	Directive string `json:"directive"`
	// Slot is the slot being elicited or confirmed.
	Slot string `json:"slot,omitempty"`
	// Intent is the updatedIntent the answer is added to.
	Intent Intent `json:"intent"`
	// Prompt is what Alexa itself says after Dialog.Delegate, from the
	// model's prompts; the skill says nothing then, so a UI should show it.
	Prompt string `json:"prompt,omitempty"`
	// Completed marks a Dialog.Delegate with nothing left to ask: Alexa sends
	// the intent back with dialogState COMPLETED straight away (see Continue).
	Completed bool `json:"completed,omitempty"`
}

// NewConversation starts state for one speaker. Empty ids are replaced by
// random ones in Alexa's formats.
func (s *Simulator) NewConversation(userID, deviceID string) *Conversation {
	if userID == "" {
		userID = "amzn1.ask.account.SIMULATOR" + randomID()
	}
	if deviceID == "" {
		deviceID = "amzn1.ask.device.SIMULATOR" + randomID()
	}
	return &Conversation{UserID: userID, DeviceID: deviceID, Ended: true}
}

func (c *Conversation) open() bool { return c.SessionID != "" && !c.Ended }

// startSession opens a new session for the next request.
func (c *Conversation) startSession() {
	c.SessionID = "amzn1.echo-api.session." + randomID()
	c.New = true
	c.Ended = false
	c.Attributes = nil
	c.Pending = nil
	c.LastIntent = nil
	c.Silences = 0
}

// Launch returns the LaunchRequest for "open <invocation name>". It always
// opens a new session.
func (s *Simulator) Launch(c *Conversation) ([]byte, error) {
	c.startSession()
	return s.request(c, wireRequest{Type: "LaunchRequest"})
}

// End returns the SessionEndedRequest Alexa sends when a session ends other
// than by the skill's choice: reason is USER_INITIATED ("exit"), ERROR (the
// skill's response was invalid) or EXCEEDED_MAX_REPROMPTS (no answer).
func (s *Simulator) End(c *Conversation, reason string) ([]byte, error) {
	if !c.open() {
		return nil, fmt.Errorf("simulator: end session: no session is open: %w", ErrNoRequest)
	}
	r := wireRequest{Type: "SessionEndedRequest", Reason: reason}
	switch reason {
	case ReasonUserInitiated, ReasonExceededMaxReprompts:
	case ReasonError:
		r.Error = &wireError{Type: "INVALID_RESPONSE", Message: "The skill's response was not valid (simulated)."}
	default:
		return nil, fmt.Errorf("simulator: end session: unknown reason %q", reason)
	}
	c.New = false
	b, err := s.request(c, r)
	if err != nil {
		return nil, err
	}
	c.Ended = true
	c.Pending = nil
	return b, nil
}

// Say returns the request JSON Alexa would send for this utterance.
//
// With no session open, only a launch phrase ("open home helper", "home
// helper", "") or a one-shot ("ask home helper to …", "tell home helper …",
// "… using home helper") reaches the skill; anything else returns
// ErrNotInvoked. In an open session the text is matched against the model,
// answering any pending dialog directive first. "exit" and "quit" end the
// session with a SessionEndedRequest; an empty turn returns ErrNoRequest the
// first time (Alexa repeats the reprompt) and a SessionEndedRequest
// (EXCEEDED_MAX_REPROMPTS) the second.
func (s *Simulator) Say(c *Conversation, text string) ([]byte, error) {
	toks, surface := tokenize(text)
	for len(toks) > 0 && toks[0] == "alexa" {
		toks, surface = toks[1:], surface[1:]
	}
	if len(toks) == 0 {
		if !c.open() {
			return s.Launch(c)
		}
		c.Silences++
		if c.Silences >= 2 {
			return s.End(c, ReasonExceededMaxReprompts)
		}
		return nil, fmt.Errorf("simulator: nothing said; Alexa repeats the reprompt: %w", ErrNoRequest)
	}
	c.Silences = 0

	switch kind, lo, hi := s.invocationOf(toks); kind {
	case invokeLaunch:
		return s.Launch(c)
	case invokeOneShot:
		c.startSession()
		return s.intentRequest(c, toks[lo:hi], surface[lo:hi], text)
	}
	if !c.open() {
		return nil, fmt.Errorf("simulator: %q: say \"open %s\" or \"ask %s to …\" first: %w",
			text, s.InvocationName(), s.InvocationName(), ErrNotInvoked)
	}
	if len(toks) == 1 && (toks[0] == "exit" || toks[0] == "quit") {
		return s.End(c, ReasonUserInitiated)
	}
	c.New = false
	return s.intentRequest(c, toks, surface, text)
}

// intentRequest matches toks in c's session and builds the IntentRequest.
func (s *Simulator) intentRequest(c *Conversation, toks, surface []string, text string) ([]byte, error) {
	intent, state, err := s.understand(c, toks, surface)
	if err != nil {
		return nil, fmt.Errorf("simulator: %q: %w", text, err)
	}
	c.Pending = nil
	c.LastIntent = cloneIntent(&intent)
	return s.request(c, wireRequest{Type: "IntentRequest", DialogState: state, Intent: &intent})
}

// Continue returns the request Alexa sends without the user speaking, or nil
// if there is none. That happens after a Dialog.Delegate once every required
// slot is filled and confirmed: Alexa sends the intent back with dialogState
// COMPLETED. Callers call it after each Observe and loop while it returns a
// request.
func (s *Simulator) Continue(c *Conversation) ([]byte, error) {
	if !c.open() || c.Pending == nil || !c.Pending.Completed {
		return nil, nil
	}
	intent := c.Pending.Intent
	s.fillSlots(&intent)
	c.Pending = nil
	c.New = false
	c.LastIntent = cloneIntent(&intent)
	return s.request(c, wireRequest{Type: "IntentRequest", DialogState: "COMPLETED", Intent: &intent})
}

func cloneIntent(in *Intent) *Intent {
	out := *in
	out.Slots = make(map[string]Slot, len(in.Slots))
	for k, v := range in.Slots {
		out.Slots[k] = v
	}
	return &out
}
