package intents

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCompiledRulesReadAsWritten: the compiled lists give every text the
// same reading as the rules read one by one, over the interaction model's
// words, the corpus and random mixes of the lists' own words (which hit
// masks, unless-lists and "only" rules far more often than speech does).
func TestCompiledRulesReadAsWritten(t *testing.T) {
	texts := modelWords(t)
	for _, name := range []string{"train.jsonl", "heldout.jsonl", "regressions.jsonl"} {
		texts = append(texts, corpusTexts(t, filepath.Join("..", "skill-package", "testdata", "corpus", name))...)
	}
	if _, ok := compiledFor(dangerRules); !ok {
		t.Fatal("the danger list is not compiled")
	}
	vocab := phraseWords("s")
	vocab = append(vocab, "the", "a", "and", "in", "it", "is", "not", "no", "my", "really", "even", "isnt", "keeps", "on", "")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 8000 {
		n := 1 + rng.IntN(10)
		words := make([]string, n)
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		texts = append(texts, strings.Join(words, " "))
	}
	lists := map[string][]rule{"danger": dangerRules, "problem": problemRules, "topic": topicRules, "answer": answerRules, "guide": guideRules, "intent": intentRules, "room": roomRules}
	misses := 0
	for _, text := range texts {
		readings := []reading{newReading(text), withoutDenials(newReading(text))}
		for name, rules := range lists {
			for _, r := range readings {
				if got, want := r.first(rules), r.firstByRule(rules); got != want {
					misses++
					if misses <= 20 {
						t.Errorf("%s list, %q: compiled %q, rule by rule %q", name, text, got, want)
					}
				}
			}
		}
	}
	if misses > 0 {
		t.Errorf("%d readings differ", misses)
	}
	t.Logf("%d texts read the same both ways", len(texts))
}

// modelWords is every sample, slot value and synonym in the model.
func modelWords(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("..", "skill-package", "interactionModels", "custom", "en-GB.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		InteractionModel struct {
			LanguageModel struct {
				Intents []struct{ Samples []string }
				Types   []struct {
					Values []struct {
						Name struct {
							Value    string
							Synonyms []string
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	lm := m.InteractionModel.LanguageModel
	for _, in := range lm.Intents {
		out = append(out, in.Samples...)
	}
	for _, ty := range lm.Types {
		for _, v := range ty.Values {
			out = append(out, v.Name.Value)
			out = append(out, v.Name.Synonyms...)
		}
	}
	return out
}

func corpusTexts(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		var l struct{ Text string }
		if err := json.Unmarshal(s.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l.Text)
	}
	return out
}

// TestFoundWhereAtFindsIt: the trie finds each phrase at every start, and
// to the same end, as reading.at reads it word by word, over random texts
// thick with what makes that reading awkward: hedges and rooms inside a
// phrase, the hedge that is itself the phrase's next word, "not" and the
// words it joins, prefixes, blanked words.
func TestFoundWhereAtFindsIt(t *testing.T) {
	if _, ok := compiledFor(dangerRules); !ok {
		t.Fatal("the danger list is not compiled")
	}
	vocab := phraseWords("ing")
	var awkward []string
	for w := range hedges {
		awkward = append(awkward, w)
	}
	for w := range roomsSaidOfThings {
		awkward = append(awkward, w)
	}
	for w := range negations {
		awkward = append(awkward, w)
	}
	awkward = append(awkward, "not", "keeps", "on", "")
	rng := rand.New(rand.NewPCG(3, 4))
	texts := []string{"not even on", "it keeps on keeps on running", "water through the kitchen kitchen ceiling", "not really really going down"}
	for range 1500 {
		words := make([]string, 2+rng.IntN(9))
		for i := range words {
			if rng.IntN(3) == 0 {
				words[i] = awkward[rng.IntN(len(awkward))]
			} else {
				words[i] = vocab[rng.IntN(len(vocab))]
			}
		}
		texts = append(texts, strings.Join(words, " "))
	}
	for _, text := range texts {
		r := newReading(text)
		// Blank a word now and then, as masks and denials do.
		if len(r.toks) > 2 && rng.IntN(4) == 0 {
			r.toks[rng.IntN(len(r.toks))] = ""
		}
		f := find(r.toks)
		for id, phrase := range table.phrases {
			var want []span
			for from := 0; from < len(r.toks); from++ {
				if i, j := r.at(phrase, from); i == from {
					want = append(want, span{i, j})
				}
			}
			if got := f.of(int32(id)); !slices.Equal(got, want) {
				t.Fatalf("%q in %q: found at %v, at reads %v", phrase, strings.Join(r.toks, " "), got, want)
			}
		}
	}
}

// TestCompiledCuesReadAsWritten: a cue the reader compiles is found, and
// marks the same words, as reading it phrase by phrase does, in the
// model's words, the corpus and random mixes of the cues' own words.
func TestCompiledCuesReadAsWritten(t *testing.T) {
	texts := modelWords(t)
	for _, name := range []string{"train.jsonl", "heldout.jsonl", "regressions.jsonl"} {
		texts = append(texts, corpusTexts(t, filepath.Join("..", "skill-package", "testdata", "corpus", name))...)
	}
	var vocab []string
	for _, c := range readerCues {
		for _, p := range c {
			vocab = append(vocab, strings.Fields(strings.ReplaceAll(p, "*", "s"))...)
		}
	}
	vocab = append(vocab, "not", "really", "the", "")
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		words := make([]string, 1+rng.IntN(9))
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		texts = append(texts, strings.Join(words, " "))
	}
	for _, text := range texts {
		compiled := new(readings).read(text)
		if compiled.f == nil && text != "" {
			t.Fatal("a turn's reading has nowhere to keep its phrases")
		}
		byPhrase := newReading(text)
		for k, c := range readerCues {
			if _, ok := compiledCue(c); !ok {
				t.Fatalf("readerCues[%d] is not compiled", k)
			}
			got, want := make([]bool, len(compiled.toks)), make([]bool, len(byPhrase.toks))
			if compiled.has(c, got) != byPhrase.has(c, want) || !slices.Equal(got, want) || compiled.has(c, nil) != byPhrase.has(c, nil) {
				t.Fatalf("readerCues[%d] in %q: compiled marks %v, phrase by phrase %v", k, text, got, want)
			}
		}
	}
}

// phraseWords are the compiled phrases' words, each as written and with
// end added: a prefix's "leak*" is "leak" and, say, "leaking".
func phraseWords(end string) []string {
	var out []string
	for _, p := range table.phrases {
		for _, w := range strings.Fields(p) {
			out = append(out, strings.TrimSuffix(w, "*"), strings.TrimSuffix(w, "*")+end)
		}
	}
	return out
}
