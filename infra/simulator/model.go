package simulator

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// askModel is the part of an ASK interactionModels/custom/<locale>.json file
// the simulator reads. Everything else in the file is ignored.
type askModel struct {
	InteractionModel struct {
		LanguageModel *struct {
			InvocationName string `json:"invocationName"`
			Intents        []struct {
				Name  string `json:"name"`
				Slots []struct {
					Name    string   `json:"name"`
					Type    string   `json:"type"`
					Samples []string `json:"samples"`
				} `json:"slots"`
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
		Dialog *struct {
			Intents []struct {
				Name                 string `json:"name"`
				ConfirmationRequired bool   `json:"confirmationRequired"`
				Prompts              struct {
					Confirmation string `json:"confirmation"`
				} `json:"prompts"`
				Slots []struct {
					Name                 string `json:"name"`
					ConfirmationRequired bool   `json:"confirmationRequired"`
					ElicitationRequired  bool   `json:"elicitationRequired"`
					Prompts              struct {
						Elicitation  string `json:"elicitation"`
						Confirmation string `json:"confirmation"`
					} `json:"prompts"`
				} `json:"slots"`
			} `json:"intents"`
		} `json:"dialog"`
		Prompts []struct {
			ID         string `json:"id"`
			Variations []struct {
				Type  string `json:"type"`
				Value string `json:"value"`
			} `json:"variations"`
		} `json:"prompts"`
	} `json:"interactionModel"`
}

// intentDef is one intent of the model, ready for matching.
type intentDef struct {
	name    string
	builtin bool
	slots   []slotDef
	samples []*sample
	// slotSamples are the samples the model gives for answering a prompt
	// for each slot, by slot index.
	slotSamples [][]*sample
	dialog      *dialogDef
}

func (d *intentDef) slot(name string) (int, bool) {
	for i, s := range d.slots {
		if s.name == name {
			return i, true
		}
	}
	return -1, false
}

type slotDef struct {
	name string
	typ  *slotType
}

// dialogDef is an intent's entry in the model's dialog section: what Alexa
// itself asks when a skill answers with Dialog.Delegate.
type dialogDef struct {
	confirmIntent string // prompt text; "" when no confirmation is required
	slots         map[string]dialogSlot
	order         []string
}

type dialogSlot struct {
	elicit  string // prompt text when elicitation is required
	confirm string // prompt text when confirmation is required
}

// slotKind says how a slot type turns words into a value.
type slotKind int

const (
	kindCustom slotKind = iota
	kindNumber
	kindFourDigit
	kindOrdinal
	kindDate
	kindTime
	kindDuration
	kindPhone
	kindFreeText
)

type slotType struct {
	index  int
	name   string
	kind   slotKind
	values []slotValue
	// lookup maps a normalised value name or synonym to the values it names;
	// one synonym may name several values, and Alexa then returns them all.
	lookup   map[string][]int
	maxWords int
}

type slotValue struct {
	id, name string
}

// functionWords are left out of a model's vocabulary: they say nothing of
// what a slot is about.
var functionWords = map[string]bool{
	"with": true, "from": true, "that": true, "have": true, "been": true, "into": true, "your": true,
	"this": true, "them": true, "they": true, "there": true, "their": true, "what": true, "when": true,
	"where": true, "which": true, "keeps": true, "keep": true, "isnt": true, "wont": true, "dont": true,
	"cant": true, "doesnt": true, "about": true, "some": true, "very": true, "just": true, "will": true,
	"does": true, "theres": true, "thats": true, "whats": true, "it's": true, "isn't": true, "won't": true,
	"don't": true, "can't": true, "there's": true, "that's": true, "what's": true, "doesn't": true,
	// Three letters are enough for a word of what is wrong ("tap", "gas",
	// "hob", "fan", "loo"); these three-letter ones are not such words.
	"the": true, "and": true, "for": true, "not": true, "but": true, "out": true, "off": true, "its": true,
	"has": true, "was": true, "all": true, "any": true, "are": true, "can": true, "get": true, "got": true,
	"one": true, "our": true, "you": true, "him": true, "her": true, "his": true, "she": true, "who": true,
	"why": true, "how": true, "too": true, "now": true, "bit": true, "lot": true, "way": true, "did": true,
	"had": true, "may": true, "own": true, "per": true, "yet": true, "ive": true, "won": true,
	"let": true, "put": true, "set": true, "say": true, "see": true, "use": true, "two": true,
}

var builtinKinds = map[string]slotKind{
	"AMAZON.NUMBER":            kindNumber,
	"AMAZON.FOUR_DIGIT_NUMBER": kindFourDigit,
	"AMAZON.Ordinal":           kindOrdinal,
	"AMAZON.DATE":              kindDate,
	"AMAZON.TIME":              kindTime,
	"AMAZON.DURATION":          kindDuration,
	"AMAZON.PhoneNumber":       kindPhone,
}

// compile checks a parsed model and prepares it for matching.
func (s *Simulator) compile(m *askModel) error {
	lm := m.InteractionModel.LanguageModel
	if lm == nil {
		return fmt.Errorf("no interactionModel.languageModel")
	}
	s.invocation = normalize(lm.InvocationName)
	if len(s.invocation) == 0 {
		return fmt.Errorf("no invocationName")
	}
	s.types = map[string]*slotType{}
	s.vocab = map[string]bool{}
	for _, t := range lm.Types {
		if _, dup := s.types[t.Name]; dup {
			return fmt.Errorf("slot type %s declared twice", t.Name)
		}
		st := &slotType{index: len(s.typeList), name: t.Name, kind: kindCustom, lookup: map[string][]int{}}
		for _, v := range t.Values {
			id := v.ID
			if id == "" {
				// Alexa makes up an id for a value that has none; the model
				// should give its own, but the request still needs one.
				sum := md5.Sum([]byte(v.Name.Value))
				id = hex.EncodeToString(sum[:])
			}
			idx := len(st.values)
			st.values = append(st.values, slotValue{id: id, name: v.Name.Value})
			for _, w := range append([]string{v.Name.Value}, v.Name.Synonyms...) {
				p := phrase(w)
				if p == "" {
					continue
				}
				for _, w := range strings.Fields(p) {
					if len(w) >= 3 && !functionWords[w] {
						s.vocab[w] = true
					}
				}
				if !containsInt(st.lookup[p], idx) {
					st.lookup[p] = append(st.lookup[p], idx)
				}
				if n := len(strings.Fields(p)); n > st.maxWords {
					st.maxWords = n
				}
			}
		}
		s.types[t.Name] = st
		s.typeList = append(s.typeList, st)
	}
	typeOf := func(name string) (*slotType, error) {
		if st, ok := s.types[name]; ok {
			return st, nil
		}
		if !strings.HasPrefix(name, "AMAZON.") {
			return nil, fmt.Errorf("slot type %s is not declared in types", name)
		}
		kind, ok := builtinKinds[name]
		if !ok {
			kind = kindFreeText
		}
		st := &slotType{index: len(s.typeList), name: name, kind: kind}
		s.types[name] = st
		s.typeList = append(s.typeList, st)
		return st, nil
	}

	prompts := map[string]string{}
	for _, p := range m.InteractionModel.Prompts {
		if len(p.Variations) > 0 {
			prompts[p.ID] = p.Variations[0].Value
		}
	}

	s.intents = nil
	s.byName = map[string]*intentDef{}
	for _, in := range lm.Intents {
		if in.Name == "" {
			return fmt.Errorf("an intent has no name")
		}
		if _, dup := s.byName[in.Name]; dup {
			return fmt.Errorf("intent %s declared twice", in.Name)
		}
		def := &intentDef{name: in.Name, builtin: strings.HasPrefix(in.Name, "AMAZON.")}
		for _, sl := range in.Slots {
			st, err := typeOf(sl.Type)
			if err != nil {
				return fmt.Errorf("intent %s slot %s: %w", in.Name, sl.Name, err)
			}
			def.slots = append(def.slots, slotDef{name: sl.Name, typ: st})
		}
		for _, text := range in.Samples {
			smp, err := compileSample(def, text)
			if err != nil {
				return fmt.Errorf("intent %s: %w", in.Name, err)
			}
			def.samples = append(def.samples, smp)
		}
		if def.builtin {
			for _, text := range standardUtterances[in.Name] {
				smp, err := compileSample(def, text)
				if err != nil {
					return fmt.Errorf("intent %s standard utterance: %w", in.Name, err)
				}
				smp.standard = true
				def.samples = append(def.samples, smp)
			}
		}
		def.slotSamples = make([][]*sample, len(def.slots))
		for i, sl := range in.Slots {
			// A bare value always answers a prompt for the slot, whether or
			// not the model lists "{slot}" among the slot's samples.
			texts := append([]string{"{" + sl.Name + "}"}, sl.Samples...)
			seen := map[string]bool{}
			for _, text := range texts {
				if seen[text] {
					continue
				}
				seen[text] = true
				smp, err := compileSample(def, text)
				if err != nil {
					return fmt.Errorf("intent %s slot %s: %w", in.Name, sl.Name, err)
				}
				def.slotSamples[i] = append(def.slotSamples[i], smp)
			}
		}
		s.intents = append(s.intents, def)
		s.byName[in.Name] = def
	}
	if len(s.intents) == 0 {
		return fmt.Errorf("no intents")
	}

	if d := m.InteractionModel.Dialog; d != nil {
		for _, di := range d.Intents {
			def, ok := s.byName[di.Name]
			if !ok {
				return fmt.Errorf("dialog intent %s is not in the language model", di.Name)
			}
			dd := &dialogDef{slots: map[string]dialogSlot{}}
			if di.ConfirmationRequired {
				dd.confirmIntent = promptText(prompts, di.Prompts.Confirmation)
			}
			for _, ds := range di.Slots {
				if _, ok := def.slot(ds.Name); !ok {
					return fmt.Errorf("dialog intent %s: slot %s is not in the language model", di.Name, ds.Name)
				}
				var sl dialogSlot
				if ds.ElicitationRequired {
					sl.elicit = promptText(prompts, ds.Prompts.Elicitation)
				}
				if ds.ConfirmationRequired {
					sl.confirm = promptText(prompts, ds.Prompts.Confirmation)
				}
				dd.slots[ds.Name] = sl
				dd.order = append(dd.order, ds.Name)
			}
			def.dialog = dd
		}
	}
	return nil
}

// promptText returns a prompt's first variation; a prompt id that names no
// prompt still yields something to show, as a missing prompt is a model bug
// the person testing should see.
func promptText(prompts map[string]string, id string) string {
	if t, ok := prompts[id]; ok && t != "" {
		return t
	}
	return "(prompt " + id + ")"
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// sample is one compiled sample utterance: literal words and slot
// references, in order.
type sample struct {
	intent *intentDef
	text   string
	parts  []part
	// literals and slots count the parts; a sample cannot match fewer words.
	literals, slots int
	// standard marks Alexa's own utterances for a built-in intent; the
	// model's samples win a tie with them.
	standard bool
}

type part struct {
	word string // a literal word, or "" for a slot
	slot int    // index into intent.slots
}

func compileSample(def *intentDef, text string) (*sample, error) {
	smp := &sample{intent: def, text: text}
	rest := text
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			smp.addWords(rest)
			break
		}
		smp.addWords(rest[:open])
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("sample %q: unclosed {", text)
		}
		name := rest[open+1 : open+end]
		idx, ok := def.slot(name)
		if !ok {
			return nil, fmt.Errorf("sample %q: slot {%s} is not declared", text, name)
		}
		smp.parts = append(smp.parts, part{slot: idx})
		smp.slots++
		rest = rest[open+end+1:]
	}
	if len(smp.parts) == 0 {
		return nil, fmt.Errorf("sample %q has no words", text)
	}
	return smp, nil
}

func (smp *sample) addWords(text string) {
	for _, w := range normalize(text) {
		smp.parts = append(smp.parts, part{word: w, slot: -1})
		smp.literals++
	}
}

func parseModel(b []byte) (*askModel, error) {
	var m askModel
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}
