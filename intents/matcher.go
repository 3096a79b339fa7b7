package intents

import (
	"strings"
	"sync"
)

// The rule lists are read on every turn with words in it, several times
// (each slot, then all together), and reading them phrase by phrase over
// the tokens was most of a turn's cost once the danger list grew
// (docs/performance.md). So each list is compiled once: every phrase of
// every list gets a number and is indexed by its first word, a reading
// finds all its phrases in one pass over its tokens, and a rule is then
// decided from which phrases were found where. The result is the same as
// reading.matches over the rules in order (TestCompiledRulesReadAsWritten
// holds the two to each other); reading.matches stays for the few cues
// read outside the lists.

// span is where a phrase was found: tokens [start, end).
type span struct{ start, end int }

// crule is a rule with its phrases numbered.
type crule struct {
	id     string
	all    [][]int32
	mask   []int32
	unless []int32
	only   bool
}

// phraseTable numbers the phrases of every compiled list.
type phraseTable struct {
	phrases []string
	ids     map[string]int32
	// byFirst indexes phrases by an exact first word; byPrefix by the
	// prefix of a first word ending in "*", with prefixLens the lengths
	// such prefixes have, so a token is looked up only at those lengths.
	byFirst    map[string][]int32
	byPrefix   map[string][]int32
	prefixLens []int
}

// compiledList is a rule list with its phrases numbered, and for each
// phrase the rules and groups it belongs to, so a reading visits only the
// rules its phrases could satisfy.
type compiledList struct {
	rules []crule
	uses  map[int32][]use
}

// use is one group of one rule that a phrase belongs to.
type use struct{ rule, group int32 }

var (
	table    = phraseTable{ids: map[string]int32{}, byFirst: map[string][]int32{}, byPrefix: map[string][]int32{}}
	compiled = map[*rule]*compiledList{}
)

func (pt *phraseTable) id(p string) int32 {
	if id, ok := pt.ids[p]; ok {
		return id
	}
	id := int32(len(pt.phrases))
	pt.phrases = append(pt.phrases, p)
	pt.ids[p] = id
	first, _ := nextWord(p)
	if first == "" {
		return id
	}
	if prefix, ok := strings.CutSuffix(first, "*"); ok {
		if _, seen := pt.byPrefix[prefix]; !seen {
			known := false
			for _, n := range pt.prefixLens {
				known = known || n == len(prefix)
			}
			if !known {
				pt.prefixLens = append(pt.prefixLens, len(prefix))
			}
		}
		pt.byPrefix[prefix] = append(pt.byPrefix[prefix], id)
	} else {
		pt.byFirst[first] = append(pt.byFirst[first], id)
	}
	return id
}

func (pt *phraseTable) ids32(c cue) []int32 {
	out := make([]int32, len(c))
	for i, p := range c {
		out[i] = pt.id(p)
	}
	return out
}

// compileOnce compiles the reader's lists on first use rather than at
// start-up: a Lambda's cold start, and every request with no words in it,
// need none of it.
var compileOnce sync.Once

// compiledList returns the compiled form of a list the reader compiles,
// or false for any other list (or part of one).
func compiledFor(rules []rule) (*compiledList, bool) {
	if len(rules) == 0 {
		return nil, false
	}
	compileOnce.Do(func() {
		for _, rules := range readerLists {
			compileRules(rules)
		}
	})
	l, ok := compiled[&rules[0]]
	return l, ok && len(l.rules) == len(rules)
}

// compileRules numbers the phrases of a rule list, once its phrases are
// spelled as the reader reads them (see init).
func compileRules(rules []rule) {
	if len(rules) == 0 {
		return
	}
	out := &compiledList{rules: make([]crule, len(rules)), uses: map[int32][]use{}}
	for i, ru := range rules {
		if len(ru.all) > 64 {
			panic("intents: a rule has more than 64 groups")
		}
		cr := crule{id: ru.id, mask: table.ids32(ru.mask), unless: table.ids32(ru.unless), only: ru.only}
		for g, c := range ru.all {
			ids := table.ids32(c)
			cr.all = append(cr.all, ids)
			for _, id := range ids {
				out.uses[id] = append(out.uses[id], use{int32(i), int32(g)})
			}
		}
		out.rules[i] = cr
	}
	compiled[&rules[0]] = out
}

// first returns the id of the first rule of the list the found phrases
// satisfy, or "". A rule is read in full only once every one of its groups
// has a phrase found (masks may still blank them).
func (l *compiledList) first(f *found) string {
	hits := make([]uint64, len(l.rules))
	for k, id := range f.at {
		if k > 0 && f.at[k-1] == id {
			continue
		}
		for _, u := range l.uses[id] {
			hits[u.rule] |= 1 << u.group
		}
	}
	for i := range l.rules {
		ru := &l.rules[i]
		if hits[i] != 1<<len(ru.all)-1 {
			continue
		}
		if f.matches(ru) {
			return ru.id
		}
	}
	return ""
}

// found is every phrase of the compiled lists a reading holds, and where:
// spans in order of phrase, then start.
type found struct {
	toks  []string
	at    []int32 // phrase of each span
	spans []span
}

// find reads a reading's tokens once against the phrase table.
func find(toks []string) found {
	f := found{toks: toks}
	for i, tok := range toks {
		if tok == "" {
			continue
		}
		f.tryAll(table.byFirst[tok], i)
		if readsAsNot(tok) {
			f.tryAll(table.byFirst["not"], i)
		} else if tok == "not" {
			for neg := range negations {
				f.tryAll(table.byFirst[neg], i)
			}
		}
		for _, n := range table.prefixLens {
			if n <= len(tok) {
				f.tryAll(table.byPrefix[tok[:n]], i)
			}
		}
	}
	// Order by phrase, then start, for lookups (the list is short).
	for i := 1; i < len(f.at); i++ {
		for j := i; j > 0 && (f.at[j] < f.at[j-1] || f.at[j] == f.at[j-1] && f.spans[j].start < f.spans[j-1].start); j-- {
			f.at[j], f.at[j-1] = f.at[j-1], f.at[j]
			f.spans[j], f.spans[j-1] = f.spans[j-1], f.spans[j]
		}
	}
	return f
}

func (f *found) tryAll(ids []int32, i int) {
	for _, id := range ids {
		first, rest := nextWord(table.phrases[id])
		if rest == "" && f.toks[i] == "not" && negations[first] {
			// A rule's "cant" alone is not read in every "not" (see
			// negations).
			continue
		}
		j := i + 1
		for {
			var w string
			if w, rest = nextWord(rest); w == "" {
				break
			}
			for j+1 < len(f.toks) && hedgeAt(f.toks, j) && !wordMatches(w, f.toks[j]) {
				j++ // a hedge inside the phrase (see hedges)
			}
			if j >= len(f.toks) || !wordMatches(w, f.toks[j]) {
				j = -1
				break
			}
			j++
		}
		if j > 0 {
			f.at = append(f.at, id)
			f.spans = append(f.spans, span{i, j})
		}
	}
}

// of returns the spans of one phrase, in order of start.
func (f *found) of(id int32) []span {
	lo, hi := 0, len(f.at)
	for lo < hi {
		m := (lo + hi) / 2
		if f.at[m] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < len(f.at) && f.at[end] == id {
		end++
	}
	return f.spans[lo:end]
}

// greedy walks a phrase's spans left to right as reading.has does: each
// taken span starts at or after the end of the last, and none touches a
// blanked token. visit returns false to stop.
func greedy(spans []span, blank []bool, visit func(span) bool) {
	from := 0
next:
	for _, sp := range spans {
		if sp.start < from {
			continue
		}
		for k := sp.start; k < sp.end; k++ {
			if blank != nil && blank[k] {
				continue next
			}
		}
		if !visit(sp) {
			return
		}
		from = sp.end
	}
}

func (f *found) matches(ru *crule) bool {
	var blank []bool
	if len(ru.mask) > 0 {
		for _, id := range ru.mask {
			greedy(f.of(id), nil, func(sp span) bool {
				if blank == nil {
					blank = make([]bool, len(f.toks))
				}
				for k := sp.start; k < sp.end; k++ {
					blank[k] = true
				}
				return true
			})
		}
	}
	var used []bool
	if ru.only {
		used = make([]bool, len(f.toks))
	}
	for _, group := range ru.all {
		hit := false
		for _, id := range group {
			greedy(f.of(id), blank, func(sp span) bool {
				hit = true
				if used == nil {
					return false
				}
				for k := sp.start; k < sp.end; k++ {
					used[k] = true
				}
				return true
			})
			if hit && used == nil {
				break
			}
		}
		if !hit {
			return false
		}
	}
	if ru.only {
		for i, u := range used {
			if !u && f.toks[i] != "" && (blank == nil || !blank[i]) && !fillers[f.toks[i]] {
				return false
			}
		}
	}
	for _, id := range ru.unless {
		hit := false
		greedy(f.of(id), blank, func(span) bool { hit = true; return false })
		if hit {
			return false
		}
	}
	return true
}
