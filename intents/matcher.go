package intents

import (
	"slices"
	"strings"
	"sync"
	"unsafe"
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

// phraseTable numbers the phrases of every compiled list and holds them
// as a trie of words, so a reading walks from each of its words only
// along phrases its next words continue: a sentence of ten words tried
// every phrase that any of its words begins (a hundred and more, "the",
// "in", "is") word by word, which was most of reading it. The trie holds
// numbers, not strings or slices: it is most of what a process keeps,
// and the collector would otherwise trace it on every cycle.
type phraseTable struct {
	phrases []string
	ids     map[string]int32
	// words are the phrase words by number, as phrases write them
	// ("leak*" for a prefix); wordIDs numbers the exact ones.
	words   []string
	wordIDs map[string]int32
	nodes   []tnode // nodes[0] is the root
	// kids are the trie's edges by an exact word (edgeKey). A node's
	// children whose word ends in "*" are in wild, except the root's,
	// which are many: rootPrefix indexes them by prefix, with prefixLens
	// the lengths such prefixes have, so a token is looked up only at
	// those.
	kids       map[uint64]int32
	wild       map[int32][]int32
	rootPrefix map[string]int32
	prefixLens []int
	// not and negs are the numbers of "not" and of the words it joins,
	// for reading one as the other (wordMatches).
	not  int32
	negs []int32
}

// tnode is one word of one or more phrases.
type tnode struct {
	word   int32 // in words
	phrase int32 // the phrase that ends here, or -1
	exact  bool  // whether any child is under an exact word
	wild   bool  // whether any child is under a prefix (in wild)
}

func edgeKey(from, word int32) uint64 { return uint64(uint32(from))<<32 | uint64(uint32(word)) }

// compiledList is a rule list with its phrases numbered, and for each
// phrase the rules and groups it belongs to, so a reading visits only the
// rules its phrases could satisfy: those of phrase p are
// uses[useAt[p]:useAt[p+1]].
type compiledList struct {
	rules []crule
	useAt []int32
	uses  []use
	hits  sync.Pool // of *[]uint64, one per rule: see first
}

// usesOf returns the groups phrase id belongs to.
func (l *compiledList) usesOf(id int32) []use {
	if int(id)+1 >= len(l.useAt) {
		return nil
	}
	return l.uses[l.useAt[id]:l.useAt[id+1]]
}

// use is one group of one rule that a phrase belongs to.
type use struct{ rule, group int32 }

var (
	table = phraseTable{ids: map[string]int32{}, wordIDs: map[string]int32{}, nodes: []tnode{{word: -1, phrase: -1}},
		kids: map[uint64]int32{}, wild: map[int32][]int32{}, rootPrefix: map[string]int32{}, not: -1}
	compiled = map[*rule]*compiledList{}
)

func (pt *phraseTable) id(p string) int32 {
	if id, ok := pt.ids[p]; ok {
		return id
	}
	id := int32(len(pt.phrases))
	pt.phrases = append(pt.phrases, p)
	pt.ids[p] = id
	words := strings.Fields(p)
	if len(words) == 0 {
		return id
	}
	at := int32(0)
	for _, w := range words {
		at = pt.child(at, w)
	}
	pt.nodes[at].phrase = id
	return id
}

// word returns the number of a phrase word, numbering it if new.
func (pt *phraseTable) word(w string) int32 {
	if n, ok := pt.wordIDs[w]; ok {
		return n
	}
	n := int32(len(pt.words))
	pt.words = append(pt.words, w)
	pt.wordIDs[w] = n
	switch {
	case w == "not":
		pt.not = n
	case negations[w]:
		pt.negs = append(pt.negs, n)
	}
	return n
}

// child returns the node under from for the phrase word w, made if new.
func (pt *phraseTable) child(from int32, w string) int32 {
	wid := pt.word(w)
	prefix, wild := strings.CutSuffix(w, "*")
	switch {
	case !wild:
		if n, ok := pt.kids[edgeKey(from, wid)]; ok {
			return n
		}
	case from == 0:
		if n, ok := pt.rootPrefix[prefix]; ok {
			return n
		}
	default:
		for _, n := range pt.wild[from] {
			if pt.nodes[n].word == wid {
				return n
			}
		}
	}
	n := int32(len(pt.nodes))
	pt.nodes = append(pt.nodes, tnode{word: wid, phrase: -1})
	switch {
	case !wild:
		pt.kids[edgeKey(from, wid)] = n
		pt.nodes[from].exact = true
	case from == 0:
		pt.rootPrefix[prefix] = n
		if !slices.Contains(pt.prefixLens, len(prefix)) {
			pt.prefixLens = append(pt.prefixLens, len(prefix))
		}
	default:
		pt.wild[from] = append(pt.wild[from], n)
		pt.nodes[from].wild = true
	}
	return n
}

// ids32 returns the numbers of c's phrases, sorted and each once: the
// order of a cue's phrases never changes what it reads (each phrase's
// spans are taken on their own), and sorted they can be met against the
// few phrases a reading holds (found.each).
func (pt *phraseTable) ids32(c cue) []int32 {
	out := make([]int32, len(c))
	for i, p := range c {
		out[i] = pt.id(p)
	}
	slices.Sort(out)
	return slices.Clip(slices.Compact(out))
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
	compileOnce.Do(compileAll)
	l, ok := compiled[&rules[0]]
	return l, ok && len(l.rules) == len(rules)
}

func compileAll() {
	for _, rules := range readerLists {
		compileRules(rules)
	}
	for _, c := range readerCues {
		compiledCues[cueKey{unsafe.SliceData(c), len(c)}] = table.ids32(c)
	}
	// Numbering is done; the collector need not trace the index of it.
	table.ids = nil
}

// cueKey is a cue by where its phrases are held, which for the package's
// cues never changes.
type cueKey struct {
	at *string
	n  int
}

// compiledCues are readerCues' phrase numbers. It is written once, by
// compileAll, so a cue made on the fly is never added to it.
var compiledCues = map[cueKey][]int32{}

// compiledCue returns the phrase numbers of one of readerCues, or false.
func compiledCue(c cue) ([]int32, bool) {
	if len(c) == 0 {
		return nil, false
	}
	compileOnce.Do(compileAll)
	ids, ok := compiledCues[cueKey{unsafe.SliceData(c), len(c)}]
	return ids, ok
}

// hasAny is reading.has for a cue's phrases found: each phrase's spans
// taken left to right as hasPhrase takes them, none touching a blanked
// token.
func (f *found) hasAny(ids []int32, blank, used []bool) bool {
	hit := false
	f.each(ids, func(spans []span) bool {
		greedy(spans, blank, func(sp span) bool {
			hit = true
			if used == nil {
				return false
			}
			for k := sp.start; k < sp.end; k++ {
				used[k] = true
			}
			return true
		})
		return !hit || used != nil
	})
	return hit
}

// each calls visit with the spans of each phrase of ids (sorted, as
// ids32 makes them) the reading holds, until visit returns false. It
// steps through whichever list is shorter: a danger cue has hundreds of
// phrases, and a short reading holds a handful.
func (f *found) each(ids []int32, visit func([]span) bool) {
	if len(ids) <= len(f.at) {
		for _, id := range ids {
			if spans := f.of(id); len(spans) > 0 && !visit(spans) {
				return
			}
		}
		return
	}
	for i := 0; i < len(f.at); {
		id, j := f.at[i], i+1
		for j < len(f.at) && f.at[j] == id {
			j++
		}
		if _, ok := slices.BinarySearch(ids, id); ok && !visit(f.spans[i:j]) {
			return
		}
		i = j
	}
}

// compileRules numbers the phrases of a rule list, which are spelled as
// the reader reads speech (TestPhrasesAreSpelledAsTenantsAreRead).
func compileRules(rules []rule) {
	if len(rules) == 0 {
		return
	}
	out := &compiledList{rules: make([]crule, len(rules))}
	byPhrase := map[int32][]use{}
	for i, ru := range rules {
		if len(ru.all) > 64 {
			panic("intents: a rule has more than 64 groups")
		}
		cr := crule{id: ru.id, mask: table.ids32(ru.mask), unless: table.ids32(ru.unless), only: ru.only}
		for g, c := range ru.all {
			ids := table.ids32(c)
			cr.all = append(cr.all, ids)
			for _, id := range ids {
				byPhrase[id] = append(byPhrase[id], use{int32(i), int32(g)})
			}
		}
		out.rules[i] = cr
	}
	out.useAt = make([]int32, len(table.phrases)+1)
	for id := range table.phrases {
		out.useAt[id] = int32(len(out.uses))
		out.uses = append(out.uses, byPhrase[int32(id)]...)
	}
	out.useAt[len(table.phrases)] = int32(len(out.uses))
	out.hits.New = func() any {
		hits := make([]uint64, len(rules))
		return &hits
	}
	compiled[&rules[0]] = out
}

// first returns the id of the first rule of the list the found phrases
// satisfy, or "". A rule is read in full only once every one of its groups
// has a phrase found (masks may still blank them).
func (l *compiledList) first(f *found) string {
	id := ""
	l.each(f, func(ruleID string) bool {
		id = ruleID
		return false
	})
	return id
}

// each calls yield with the id of every rule the phrases found match, in
// the list's order, until yield returns false.
func (l *compiledList) each(f *found, yield func(id string) bool) {
	// hits are kept zeroed between readings, so a reading clears only the
	// rules it touched rather than making (and zeroing) one per rule.
	hp := l.hits.Get().(*[]uint64)
	hits := *hp
	var buf [64]int32
	touched := buf[:0]
	for k, id := range f.at {
		if k > 0 && f.at[k-1] == id {
			continue
		}
		for _, u := range l.usesOf(id) {
			if hits[u.rule] == 0 {
				touched = append(touched, u.rule)
			}
			hits[u.rule] |= 1 << u.group
		}
	}
	slices.Sort(touched)
	for _, i := range touched {
		ru := &l.rules[i]
		if hits[i] == 1<<len(ru.all)-1 && f.matches(ru) && !yield(ru.id) {
			break
		}
	}
	for _, i := range touched {
		hits[i] = 0
	}
	l.hits.Put(hp)
}

// found is every phrase of the compiled lists a reading holds, and where:
// spans in order of phrase, then start.
type found struct {
	done  bool
	toks  []string
	at    []int32 // phrase of each span
	spans []span
}

// find reads a reading's tokens once against the phrase table: from each
// token, down the trie as far as the tokens after it go.
func find(toks []string) found {
	f := found{done: true, toks: toks}
	// Each token's number among the phrase words, once: the trie is
	// walked by number.
	var buf [24]int32
	w := walker{f: &f, words: buf[:0]}
	if len(toks) > len(buf) {
		w.words = make([]int32, 0, len(toks))
	}
	for _, tok := range toks {
		n, ok := table.wordIDs[tok]
		if !ok {
			n = -1
		}
		w.words = append(w.words, n)
	}
	for i, tok := range toks {
		if tok == "" {
			continue
		}
		w.walk(0, i, i)
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

// walker is find's walk through the trie: what it found, and the number
// of each token among the phrase words (-1 for none).
type walker struct {
	f     *found
	words []int32
}

// walk follows node n's children from token j, for the phrases begun at
// token start. A phrase word is read as reading.at reads it: after the
// first word, hedges the word does not read are stepped over ("not really
// going down"), but never the last token.
func (w *walker) walk(n int32, start, j int) {
	f := w.f
	if n != 0 {
		if p := table.nodes[n].phrase; p >= 0 && !(j == start+1 && f.toks[start] == "not" && negations[table.words[table.nodes[n].word]]) {
			// A rule's "cant" alone is not read in every "not" (see
			// negations).
			if f.at == nil {
				// Room for the phrases a text usually holds, made once:
				// grown from nothing, the two lists took a dozen
				// allocations in a repair turn.
				room := len(f.toks) + 2
				f.at, f.spans = make([]int32, 0, room), make([]span, 0, room)
			}
			f.at = append(f.at, p)
			f.spans = append(f.spans, span{start, j})
		}
	}
	for k := j; k < len(f.toks); k++ {
		w.follow(n, start, j, k)
		if n == 0 || k+1 >= len(f.toks) || !hedgeAt(f.toks, k) {
			return
		}
	}
}

// follow goes down each child of n whose word reads token k, when the
// tokens j to k are hedges that word does not read (it would have been
// read at the first of them).
func (w *walker) follow(n int32, start, j, k int) {
	tok := w.f.toks[k]
	if tok == "" {
		return
	}
	nd := table.nodes[n]
	down := func(c int32) {
		word := table.words[table.nodes[c].word]
		for h := j; h < k; h++ {
			if wordMatches(word, w.f.toks[h]) {
				return
			}
		}
		w.walk(c, start, k+1)
	}
	if nd.exact {
		if id := w.words[k]; id >= 0 {
			if c, ok := table.kids[edgeKey(n, id)]; ok {
				down(c)
			}
		}
		if readsAsNot(tok) {
			if c, ok := table.kids[edgeKey(n, table.not)]; ok {
				down(c)
			}
		} else if tok == "not" {
			for _, neg := range table.negs {
				if c, ok := table.kids[edgeKey(n, neg)]; ok {
					down(c)
				}
			}
		}
	}
	if n == 0 {
		for _, l := range table.prefixLens {
			if l <= len(tok) {
				if c, ok := table.rootPrefix[tok[:l]]; ok {
					down(c)
				}
			}
		}
		return
	}
	if nd.wild {
		for _, c := range table.wild[n] {
			if wordMatches(table.words[table.nodes[c].word], tok) {
				down(c)
			}
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
		f.each(ru.mask, func(spans []span) bool {
			greedy(spans, nil, func(sp span) bool {
				if blank == nil {
					blank = make([]bool, len(f.toks))
				}
				for k := sp.start; k < sp.end; k++ {
					blank[k] = true
				}
				return true
			})
			return true
		})
	}
	var used []bool
	if ru.only {
		used = make([]bool, len(f.toks))
	}
	for _, group := range ru.all {
		if !f.hasAny(group, blank, used) {
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
	hit := false
	f.each(ru.unless, func(spans []span) bool {
		greedy(spans, blank, func(span) bool { hit = true; return false })
		return !hit
	})
	return !hit
}
