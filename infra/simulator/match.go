package simulator

import (
	"strconv"
	"strings"
	"time"
)

// Scores for aligning an utterance with a sample. Every word the user said
// is either matched by a sample word, captured by a slot or skipped; the
// sample with the highest total wins. A resolved slot value is worth as much
// as the sample words it replaces, so "report a leak" prefers
// "report a {issue}" (issue = leak) over "report {issue}" (issue = "a leak");
// a value that resolves to nothing still matches, as with real Alexa, but
// costs a little per word so any resolving reading beats it.
const (
	scoreLiteral        = 10 // a sample word matched
	scoreResolvedWord   = 10 // per word of a custom value or synonym matched
	scoreBuiltinWord    = 9  // per word of a number, date or time understood
	scoreDeterminer     = 2  // "the" in front of a resolved custom value
	scoreUnresolvedWord = -1 // per word passed through with ER_SUCCESS_NO_MATCH
	scoreFreeWord       = -1 // per word of free text (AMAZON.SearchQuery and the like): below any reading the model resolves
	costFiller          = -2 // "please", "um": skipped
	costCarrierWord     = -1 // per word of "i want to", "can you": stripped
	costSkip            = -13
	// costSkipVocab is leaving out a word of the model's slot vocabulary
	// ("water", "ceiling", "fire"): Alexa keeps such words in the slot
	// rather than drop them, and the skill reads them there. It outweighs
	// what resolving a two-word value gains, so "fire in the bin store"
	// never loses "fire" to resolve "bin store" as a room.
	costSkipVocab      = -35
	maxUnresolvedWords = 12
	// maxFreeWords bounds what free speech costs: less than one carrier
	// word scores, so a carrier and a sentence of any length still rest
	// on the model.
	maxFreeWords = scoreLiteral - 2
	// scoreCatchAll is what a sample that is only a custom slot ("{problem}")
	// scores for words that resolve to none of its values: the least
	// positive score, so any reading that rests on the model wins, but the
	// words reach the skill instead of AMAZON.FallbackIntent, as a
	// catch-all custom slot does on Alexa.
	scoreCatchAll = 1
	impossible    = -1 << 30
)

// capture is what a slot made of some words of the utterance.
type capture struct {
	ok       bool
	score    int
	value    string
	resolved bool  // a custom value matched, or a built-in type understood the words
	custom   bool  // the slot type has values, so the slot carries resolutions
	values   []int // the custom values matched, by index
}

// match is one way an utterance fits one sample.
type match struct {
	sample   *sample
	score    int
	evidence int // sample words matched plus slots resolved
	skipped  int // words skipped that were not filler
	slots    map[int]capture
}

func (m match) better(o match) bool {
	if m.sample == nil {
		return false
	}
	if o.sample == nil {
		return true
	}
	if m.score != o.score {
		return m.score > o.score
	}
	if m.skipped != o.skipped {
		return m.skipped < o.skipped
	}
	return !m.sample.standard && o.sample.standard
}

// matcher holds one utterance and what has been worked out about it, so
// that hundreds of samples can be tried against it without repeating work.
type matcher struct {
	toks    []string
	surface []string // the words as typed, for slot values; see tokenize
	today   time.Time
	words   map[string]bool
	spans   map[int]string
	caps    map[int]capture
	best    []int
	move    []int
	vocab   map[string]bool
	// answering is set while the words are tried as the answer to a slot
	// prompt: there, as on Alexa, a single word that resolves to nothing
	// still fills the slot ("smoke", asked "What's the problem?").
	answering bool
}

func newMatcher(toks, surface []string, today time.Time) *matcher {
	m := &matcher{
		toks:    toks,
		surface: surface,
		today:   today,
		words:   make(map[string]bool, len(toks)),
		spans:   map[int]string{},
		caps:    map[int]capture{},
	}
	for _, t := range toks {
		m.words[t] = true
	}
	return m
}

func (m *matcher) span(j, k int) string {
	key := j*(len(m.toks)+1) + k
	if s, ok := m.spans[key]; ok {
		return s
	}
	s := strings.Join(m.toks[j:k], " ")
	m.spans[key] = s
	return s
}

// value is the slot value for words j..k-1: the words as typed, except a
// contraction the span splits ("it's" → "it is", cut after "it"), whose
// expanded words stand in for it alone.
func (m *matcher) value(j, k int) string {
	var out []string
	for i := j; i < k; {
		if m.surface[i] == "" {
			out = append(out, m.toks[i])
			i++
			continue
		}
		end := i + 1
		for end < len(m.surface) && m.surface[end] == "" {
			end++
		}
		if end <= k {
			out = append(out, m.surface[i])
			i = end
			continue
		}
		out = append(out, m.toks[i:k]...)
		break
	}
	return strings.Join(out, " ")
}

// capture decides whether words j..k-1 can fill a slot of type t.
func (m *matcher) capture(t *slotType, j, k int) capture {
	n := len(m.toks) + 1
	key := (t.index*n+j)*n + k
	if c, ok := m.caps[key]; ok {
		return c
	}
	c := m.computeCapture(t, j, k)
	m.caps[key] = c
	return c
}

func (m *matcher) computeCapture(t *slotType, j, k int) capture {
	words := m.toks[j:k]
	w := k - j
	switch t.kind {
	case kindCustom:
		if vals, ok := t.lookup[m.span(j, k)]; ok {
			return capture{ok: true, score: scoreResolvedWord * w, value: m.value(j, k), resolved: true, custom: true, values: vals}
		}
		if w > 1 && determiners[words[0]] {
			if vals, ok := t.lookup[m.span(j+1, k)]; ok {
				return capture{ok: true, score: scoreResolvedWord*(w-1) + scoreDeterminer, value: m.value(j+1, k), resolved: true, custom: true, values: vals}
			}
		}
		if w <= max(t.maxWords+1, maxUnresolvedWords) {
			v := m.value(j, k)
			if w > 1 && determiners[words[0]] {
				v = m.value(j+1, k)
			}
			return capture{ok: true, score: scoreUnresolvedWord * w, value: v, custom: true}
		}
	case kindNumber:
		if v, ok := parseNumber(words); ok {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindFourDigit:
		if v, ok := parseNumber(words); ok && len(v) == 4 && isDigits(v) {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindPhone:
		if v, ok := parseNumber(words); ok && isDigits(v) && len(v) >= 3 {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindOrdinal:
		if v, ok := parseOrdinal(words); ok {
			return capture{ok: true, score: scoreBuiltinWord * w, value: strconv.FormatInt(v, 10), resolved: true}
		}
	case kindDate:
		if v, ok := parseDate(words, m.today); ok {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindTime:
		if v, ok := parseTime(words); ok {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindDuration:
		if v, ok := parseDuration(words); ok {
			return capture{ok: true, score: scoreBuiltinWord * w, value: v, resolved: true}
		}
	case kindFreeText:
		// Free speech has no length limit: a long sentence costs no more
		// than a carrier word is worth, so it is kept whole rather than
		// cut to fit a custom slot with the rest skipped.
		return capture{ok: true, score: scoreFreeWord * min(w, maxFreeWords), value: m.value(j, k)}
	}
	return capture{}
}

func maxCaptureWords(t *slotType, n int) int {
	if t.kind == kindCustom {
		return max(t.maxWords+1, maxUnresolvedWords)
	}
	return n
}

// skipCost says what leaving word j out of a match costs, and whether it may
// be left out at all. Built-in intents need an exact match, as with Alexa,
// apart from filler.
func (m *matcher) skipCost(j int, lenient bool) (int, bool) {
	if fillerWords[m.toks[j]] {
		return costFiller, true
	}
	if lenient {
		if m.vocab[m.toks[j]] {
			return costSkipVocab, true
		}
		return costSkip, true
	}
	return 0, false
}

// try aligns the utterance with one sample by dynamic programming over
// (sample part, utterance word) and returns the best alignment, if any.
func (m *matcher) try(smp *sample, lenient bool) (match, bool) {
	n := len(m.toks)
	if n < smp.literals+smp.slots {
		return match{}, false
	}
	for _, p := range smp.parts {
		if p.word != "" && !m.words[p.word] {
			return match{}, false
		}
	}
	parts := smp.parts
	s := len(parts)
	size := (s + 1) * (n + 1)
	if cap(m.best) < size {
		m.best = make([]int, size)
		m.move = make([]int, size)
	}
	best, move := m.best[:size], m.move[:size]
	at := func(i, j int) int { return i*(n+1) + j }
	const (
		moveLiteral = -1
		moveSkip    = -2
	)
	for i := s; i >= 0; i-- {
		for j := n; j >= 0; j-- {
			b, mv := impossible, 0
			if i == s && j == n {
				b = 0
			}
			if i < s {
				p := parts[i]
				if p.word != "" {
					if j < n && m.toks[j] == p.word && best[at(i+1, j+1)] != impossible {
						b, mv = scoreLiteral+best[at(i+1, j+1)], moveLiteral
					}
				} else {
					t := smp.intent.slots[p.slot].typ
					limit := min(n, j+maxCaptureWords(t, n))
					for k := j + 1; k <= limit; k++ {
						rest := best[at(i+1, k)]
						if rest == impossible {
							continue
						}
						c := m.capture(t, j, k)
						if c.ok && c.score+rest > b {
							b, mv = c.score+rest, k
						}
					}
				}
			}
			if j < n && best[at(i, j+1)] != impossible {
				cost, ok := m.skipCost(j, lenient)
				if ok && cost == costSkip && i > 0 && parts[i-1].word == "" && smp.intent.slots[parts[i-1].slot].typ.kind == kindCustom {
					// A word said after a custom slot's words: Alexa keeps it
					// in the slot ("the {light switch fizzed}") rather than
					// drop it to resolve the words before it.
					cost = costSkipVocab
				}
				if ok && cost+best[at(i, j+1)] > b {
					b, mv = cost+best[at(i, j+1)], moveSkip
				}
			}
			best[at(i, j)], move[at(i, j)] = b, mv
		}
	}
	if best[0] == impossible {
		return match{}, false
	}
	res := match{sample: smp, score: best[0]}
	for i, j := 0, 0; i < s || j < n; {
		switch mv := move[at(i, j)]; mv {
		case moveLiteral:
			res.evidence++
			i, j = i+1, j+1
		case moveSkip:
			if !fillerWords[m.toks[j]] {
				res.skipped++
			}
			j++
		default:
			c := m.capture(smp.intent.slots[parts[i].slot].typ, j, mv)
			if res.slots == nil {
				res.slots = map[int]capture{}
			}
			res.slots[parts[i].slot] = c
			if c.resolved {
				res.evidence++
			}
			i, j = i+1, mv
		}
	}
	// A match must rest on something the model said: a sample word or a
	// value it understood. Otherwise "{issue}" would swallow anything —
	// except that a sample which is only a custom slot is a catch-all, and
	// takes what nothing else does.
	if res.evidence == 0 || res.score <= 0 {
		if smp.literals == 0 && smp.slots == 1 && len(res.slots) == 1 && (n >= 2 || m.answering) {
			for _, c := range res.slots {
				if c.custom {
					// Words it leaves out still cost, so a reading that
					// keeps the whole sentence (free speech) wins.
					res.score = scoreCatchAll + costSkip*res.skipped
					return res, true
				}
			}
		}
		return match{}, false
	}
	return res, true
}

// bestOf tries every sample and keeps the best match.
func (m *matcher) bestOf(samples []*sample, lenient bool, bonus int, into *match) {
	for _, smp := range samples {
		r, ok := m.try(smp, lenient && !smp.intent.builtin)
		if !ok {
			continue
		}
		r.score += bonus
		if r.better(*into) {
			*into = r
		}
	}
}
