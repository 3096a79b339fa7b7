package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

type invocation int

const (
	invokeNone invocation = iota
	invokeLaunch
	invokeOneShot
)

// launchVerbs open the skill; followed by "and …" or "to …" they carry a
// request too ("open home helper and report a repair").
var launchVerbs = [][]string{
	{"open"}, {"start"}, {"launch"}, {"begin"}, {"load"}, {"run"}, {"play"},
	{"use"}, {"talk", "to"}, {"speak", "to"}, {"lets", "talk", "to"}, {"let", "us", "talk", "to"},
}

// askVerbs carry a request ("ask home helper to …", "tell home helper …").
var askVerbs = [][]string{{"ask"}, {"tell"}, {"have"}, {"get"}}

// connectors join an invocation to the request and are not part of it.
var connectors = map[string]bool{
	"to": true, "for": true, "about": true, "that": true, "if": true, "whether": true, "and": true,
}

func hasPrefix(toks, prefix []string) bool {
	if len(toks) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if toks[i] != p {
			return false
		}
	}
	return true
}

// invocationOf recognises the ways people open a skill: "open home helper",
// "home helper", "ask home helper to report a repair", "report a repair
// using home helper". toks[lo:hi] is the request of a one-shot.
func (s *Simulator) invocationOf(toks []string) (kind invocation, lo, hi int) {
	inv := s.invocation
	end := len(toks)
	if end > 0 && toks[end-1] == "please" {
		end--
	}
	if hasPrefix(toks, inv) && len(inv) == end {
		return invokeLaunch, 0, 0
	}
	for _, v := range launchVerbs {
		if !hasPrefix(toks, v) || !hasPrefix(toks[len(v):], inv) {
			continue
		}
		start := len(v) + len(inv)
		if start >= end {
			return invokeLaunch, 0, 0
		}
		if (toks[start] == "and" || toks[start] == "to") && start+1 < end {
			return invokeOneShot, start + 1, end
		}
	}
	for _, v := range askVerbs {
		if !hasPrefix(toks, v) || !hasPrefix(toks[len(v):], inv) {
			continue
		}
		start := len(v) + len(inv)
		if start >= end {
			return invokeLaunch, 0, 0
		}
		if connectors[toks[start]] && start+1 < len(toks) {
			start++
		}
		return invokeOneShot, start, len(toks)
	}
	for _, link := range []string{"using", "with", "on", "from", "in"} {
		suffix := append([]string{link}, inv...)
		if n := len(toks) - len(suffix); n > 0 && hasPrefix(toks[n:], suffix) {
			return invokeOneShot, 0, n
		}
	}
	return invokeNone, 0, 0
}

// today is midnight of the current day in Europe/London, which relative
// dates count from.
func (s *Simulator) today() time.Time {
	now := s.now().In(s.london)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.london)
}

// understand decides which intent and slots an utterance in c's session
// means, and the dialogState to send with it.
func (s *Simulator) understand(c *Conversation, toks, surface []string) (Intent, string, error) {
	m := newMatcher(toks, surface, s.today())
	m.vocab = s.vocab
	p := c.Pending

	// An answer to a confirmation question is the intent being confirmed,
	// with its confirmationStatus set, not AMAZON.YesIntent.
	asks := p.asks()
	if asks == asksConfirmSlot || asks == asksConfirmIntent {
		if status, ok := s.yesNo(m); ok {
			intent := *cloneIntent(&p.Intent)
			if asks == asksConfirmSlot {
				sl := intent.Slots[p.Slot]
				sl.ConfirmationStatus = status
				intent.Slots[p.Slot] = sl
			} else {
				intent.ConfirmationStatus = status
			}
			s.fillSlots(&intent)
			return intent, "IN_PROGRESS", nil
		}
	}

	// An answer to a slot prompt: tried first, and taken at once if the
	// value resolves. One that resolves to nothing is kept in reserve in
	// case nothing else fits ("the loft" for a room).
	var reserve *match
	if asks == asksElicit {
		def := s.byName[p.Intent.Name]
		if idx, ok := def.slot(p.Slot); ok {
			var best match
			m.answering = true
			m.bestOf(def.slotSamples[idx], true, 0, &best)
			m.answering = false
			if cp, ok := best.slots[idx]; ok && best.sample != nil {
				if cp.resolved {
					return s.answer(p, best), "IN_PROGRESS", nil
				}
				reserve = &best
			}
		}
	}

	best := s.matchAll(m)
	if best.sample != nil {
		def := best.sample.intent
		// The same request said again in full, mid-dialog, adds to what
		// Alexa already holds for the dialog.
		if p != nil && p.Intent.Name == def.name {
			intent := *cloneIntent(&p.Intent)
			s.addCaptures(&intent, def, best)
			s.fillSlots(&intent)
			return intent, "IN_PROGRESS", nil
		}
		intent := s.intentFrom(def, best)
		state := ""
		if def.dialog != nil {
			state = "STARTED"
		}
		return intent, state, nil
	}
	if reserve != nil {
		return s.answer(p, *reserve), "IN_PROGRESS", nil
	}
	if fb, ok := s.byName["AMAZON.FallbackIntent"]; ok {
		intent := s.intentFrom(fb, match{})
		return intent, "", nil
	}
	return Intent{}, "", ErrNoMatch
}

type asking int

const (
	asksNothing asking = iota
	asksElicit
	asksConfirmSlot
	asksConfirmIntent
)

// asks says what the question the next utterance answers asks for. After
// Dialog.Delegate, Alexa asks its own question, worked out by delegate.
func (p *Pending) asks() asking {
	if p == nil {
		return asksNothing
	}
	switch p.Directive {
	case "Dialog.ElicitSlot":
		return asksElicit
	case "Dialog.ConfirmSlot":
		return asksConfirmSlot
	case "Dialog.ConfirmIntent":
		return asksConfirmIntent
	case "Dialog.Delegate":
		switch {
		case p.Completed:
			return asksNothing
		case p.Slot == "":
			return asksConfirmIntent
		case p.Intent.Slots[p.Slot].Value == "":
			return asksElicit
		default:
			return asksConfirmSlot
		}
	}
	return asksNothing
}

// yesNo recognises yes and no, for confirmation prompts.
func (s *Simulator) yesNo(m *matcher) (string, bool) {
	var yes, no match
	m.bestOf(s.yes.samples, false, 0, &yes)
	m.bestOf(s.no.samples, false, 0, &no)
	switch {
	case yes.sample != nil && (no.sample == nil || yes.better(no)):
		return "CONFIRMED", true
	case no.sample != nil:
		return "DENIED", true
	}
	return "", false
}

// matchAll finds the best sample of any intent. Carrier phrases ("i want
// to", "can you") are stripped and tried too, at a small cost, for custom
// intents.
func (s *Simulator) matchAll(m *matcher) match {
	var best match
	for _, def := range s.intents {
		m.bestOf(def.samples, true, 0, &best)
	}
	for _, cp := range carrierPhrases {
		if !hasPrefix(m.toks, cp) || len(m.toks) == len(cp) {
			continue
		}
		sub := newMatcher(m.toks[len(cp):], m.surface[len(cp):], m.today)
		sub.vocab = m.vocab
		var b match
		for _, def := range s.intents {
			if !def.builtin {
				sub.bestOf(def.samples, true, costCarrierWord*len(cp), &b)
			}
		}
		if b.better(best) {
			best = b
		}
	}
	return best
}

// answer adds a slot answer to the pending dialog's intent.
func (s *Simulator) answer(p *Pending, mt match) Intent {
	intent := *cloneIntent(&p.Intent)
	s.addCaptures(&intent, mt.sample.intent, mt)
	s.fillSlots(&intent)
	return intent
}

// intentFrom builds a fresh intent from a match.
func (s *Simulator) intentFrom(def *intentDef, mt match) Intent {
	intent := Intent{Name: def.name, ConfirmationStatus: "NONE", Slots: map[string]Slot{}}
	s.addCaptures(&intent, def, mt)
	s.fillSlots(&intent)
	return intent
}

// addCaptures writes a match's slot values into intent, replacing what was
// there: a value the user says again is a correction.
func (s *Simulator) addCaptures(intent *Intent, def *intentDef, mt match) {
	if intent.Slots == nil {
		intent.Slots = map[string]Slot{}
	}
	for idx, c := range mt.slots {
		sd := def.slots[idx]
		sl := Slot{Name: sd.name, Value: c.value, ConfirmationStatus: "NONE", Source: "USER"}
		if c.custom {
			r := Resolution{Authority: "amzn1.er-authority.echo-sdk." + s.skillID + "." + sd.typ.name}
			if len(c.values) > 0 {
				r.Status.Code = ERMatch
				for _, vi := range c.values {
					var rv ResolutionValue
					rv.Value.Name, rv.Value.ID = sd.typ.values[vi].name, sd.typ.values[vi].id
					r.Values = append(r.Values, rv)
				}
			} else {
				r.Status.Code = ERNoMatch
			}
			sl.Resolutions = &Resolutions{ResolutionsPerAuthority: []Resolution{r}}
		}
		sl.SlotValue = &SlotValue{Type: "Simple", Value: sl.Value, Resolutions: sl.Resolutions}
		intent.Slots[sd.name] = sl
	}
}

// fillSlots makes sure every slot the model declares for the intent is
// present, as Alexa sends them all, filled or not.
func (s *Simulator) fillSlots(intent *Intent) {
	if intent.ConfirmationStatus == "" {
		intent.ConfirmationStatus = "NONE"
	}
	def, ok := s.byName[intent.Name]
	if !ok {
		return
	}
	if intent.Slots == nil {
		intent.Slots = map[string]Slot{}
	}
	for _, sd := range def.slots {
		sl, ok := intent.Slots[sd.name]
		if !ok {
			sl = Slot{Name: sd.name}
		}
		if sl.Name == "" {
			sl.Name = sd.name
		}
		if sl.ConfirmationStatus == "" {
			sl.ConfirmationStatus = "NONE"
		}
		intent.Slots[sd.name] = sl
	}
}

// skillResponse is the part of a skill's response JSON Alexa acts on
// between turns.
type skillResponse struct {
	SessionAttributes json.RawMessage `json:"sessionAttributes"`
	Response          struct {
		ShouldEndSession *bool             `json:"shouldEndSession"`
		Directives       []json.RawMessage `json:"directives"`
	} `json:"response"`
}

type directive struct {
	Type          string  `json:"type"`
	SlotToElicit  string  `json:"slotToElicit"`
	SlotToConfirm string  `json:"slotToConfirm"`
	UpdatedIntent *Intent `json:"updatedIntent"`
}

// Observe feeds the skill's response JSON back: its sessionAttributes come
// back with the next request, shouldEndSession true (or absent, with no
// dialog directive, as on a speaker without a screen) ends the session, and
// a Dialog directive sets what the next utterance answers. It returns an
// error, and leaves c unchanged, for responses the real Alexa service
// would reject, so they are not silently accepted here.
func (s *Simulator) Observe(c *Conversation, response []byte) error {
	if c.Ended {
		// Alexa ignores the response to a SessionEndedRequest.
		return nil
	}
	var r skillResponse
	if err := json.Unmarshal(response, &r); err != nil {
		return fmt.Errorf("simulator: observe: decode response: %w", err)
	}
	attrs := bytes.TrimSpace(r.SessionAttributes)
	if len(attrs) > 0 && string(attrs) != "null" && attrs[0] != '{' {
		return fmt.Errorf("simulator: observe: sessionAttributes is not an object")
	}
	var dialog *directive
	for _, raw := range r.Response.Directives {
		var d directive
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("simulator: observe: decode directive: %w", err)
		}
		if len(d.Type) < 7 || d.Type[:7] != "Dialog." || d.Type == "Dialog.UpdateDynamicEntities" {
			continue
		}
		if dialog != nil {
			return fmt.Errorf("simulator: observe: more than one Dialog directive (%s and %s)", dialog.Type, d.Type)
		}
		var keys map[string]json.RawMessage
		_ = json.Unmarshal(raw, &keys)
		if _, bad := keys["UpdatedIntent"]; bad {
			return fmt.Errorf("simulator: observe: %s has \"UpdatedIntent\"; Alexa reads only \"updatedIntent\"", d.Type)
		}
		dialog = &d
	}
	end := r.Response.ShouldEndSession
	if dialog != nil && end != nil && *end {
		return fmt.Errorf("simulator: observe: %s with shouldEndSession true; Alexa rejects it", dialog.Type)
	}
	var pending *Pending
	if dialog != nil {
		var err error
		if pending, err = s.pendingFrom(c, dialog); err != nil {
			return fmt.Errorf("simulator: observe: %w", err)
		}
	}

	c.Attributes = nil
	if len(attrs) > 0 && string(attrs) != "null" {
		c.Attributes = append(json.RawMessage(nil), attrs...)
	}
	c.Pending = pending
	c.Ended = (end != nil && *end) || (end == nil && dialog == nil)
	return nil
}

// pendingFrom checks a dialog directive against the model, as Alexa does,
// and records what the next turn answers.
func (s *Simulator) pendingFrom(c *Conversation, d *directive) (*Pending, error) {
	var intent Intent
	switch {
	case d.UpdatedIntent != nil:
		intent = *cloneIntent(d.UpdatedIntent)
	case c.LastIntent != nil:
		intent = *cloneIntent(c.LastIntent)
	default:
		return nil, fmt.Errorf("%s without updatedIntent and no intent to refer to", d.Type)
	}
	def, ok := s.byName[intent.Name]
	if !ok {
		return nil, fmt.Errorf("%s: updatedIntent %q is not in the interaction model", d.Type, intent.Name)
	}
	for name := range intent.Slots {
		if _, ok := def.slot(name); !ok {
			return nil, fmt.Errorf("%s: updatedIntent %s has slot %q the model does not declare", d.Type, def.name, name)
		}
	}
	s.fillSlots(&intent)
	p := &Pending{Directive: d.Type, Intent: intent}
	needSlot := func(name string) error {
		if name == "" {
			return fmt.Errorf("%s without the slot it names", d.Type)
		}
		if _, ok := def.slot(name); !ok {
			return fmt.Errorf("%s: intent %s has no slot %q", d.Type, def.name, name)
		}
		return nil
	}
	switch d.Type {
	case "Dialog.ElicitSlot":
		if err := needSlot(d.SlotToElicit); err != nil {
			return nil, err
		}
		p.Slot = d.SlotToElicit
	case "Dialog.ConfirmSlot":
		if err := needSlot(d.SlotToConfirm); err != nil {
			return nil, err
		}
		p.Slot = d.SlotToConfirm
	case "Dialog.ConfirmIntent":
	case "Dialog.Delegate":
		if def.dialog == nil {
			return nil, fmt.Errorf("Dialog.Delegate for %s, which has no dialog model", def.name)
		}
		s.delegate(p, def)
	default:
		return nil, fmt.Errorf("unknown directive %s", d.Type)
	}
	return p, nil
}

// delegate works out what Alexa asks next when the skill delegates the
// dialog: the first required slot still empty, then any slot or intent
// confirmation the model requires; with nothing left, the dialog is
// complete.
func (s *Simulator) delegate(p *Pending, def *intentDef) {
	dd := def.dialog
	for _, name := range dd.order {
		if ds := dd.slots[name]; ds.elicit != "" && p.Intent.Slots[name].Value == "" {
			p.Slot, p.Prompt = name, fillPrompt(ds.elicit, p.Intent)
			return
		}
	}
	for _, name := range dd.order {
		sl := p.Intent.Slots[name]
		if ds := dd.slots[name]; ds.confirm != "" && sl.Value != "" && sl.ConfirmationStatus == "NONE" {
			p.Slot, p.Prompt = name, fillPrompt(ds.confirm, p.Intent)
			return
		}
	}
	if dd.confirmIntent != "" && p.Intent.ConfirmationStatus == "NONE" {
		p.Prompt = fillPrompt(dd.confirmIntent, p.Intent)
		return
	}
	p.Completed = true
}

// fillPrompt puts slot values into a prompt's {slot} references.
func fillPrompt(text string, intent Intent) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(text, '{')
		end := strings.IndexByte(text[max(open, 0):], '}')
		if open < 0 || end < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:open])
		b.WriteString(intent.Slots[text[open+1:open+end]].Value)
		text = text[open+end+1:]
	}
}
