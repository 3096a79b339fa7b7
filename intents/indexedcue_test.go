package intents

import (
	"slices"
	"testing"
)

// TestIndexedCueReadsAsTheCue: the indexed denials and no-cooking cues find
// what the cues find and mark the same words, on sentences that start
// their phrases in each way a first word is read (itself, "not" for a
// negation, a negation for "not", a prefix).
func TestIndexedCueReadsAsTheCue(t *testing.T) {
	sentences := []string{
		"there's no gas smell but the boiler is off",
		"it is not gas, it's the drains",
		"I can not smell gas now",
		"the cooker smells and nobody's cooking",
		"the socket is sparking and it's not near any electrics",
		"nothing's burning, the fuse box clicked",
		"it doesn't smell like gas, nothing is burning and there's no smoke",
		"we haven't been cooking and there is no food out",
		"the door's fine but the lock is stiff",
		"not",
		"",
		"gas gas gas",
		"it isnt gassy it's sulphur",
		"nowhere near the electricity meter",
	}
	for _, x := range []struct {
		name string
		c    cue
		ix   *indexedCue
	}{{"denials", denials, denialsIndex}, {"noCooking", noCooking, noCookingIndex}} {
		for _, s := range sentences {
			r := newReading(s)
			want, got := make([]bool, len(r.toks)), make([]bool, len(r.toks))
			wf, gf := r.has(x.c, want), r.hasIndexed(x.ix, got)
			if wf != gf || !slices.Equal(want, got) {
				t.Errorf("%s in %q: indexed found %v marking %v; the cue found %v marking %v", x.name, s, gf, got, wf, want)
			}
			if r.has(x.c, nil) != r.hasIndexed(x.ix, nil) {
				t.Errorf("%s in %q: indexed and the cue disagree when nothing is marked", x.name, s)
			}
		}
	}
}
