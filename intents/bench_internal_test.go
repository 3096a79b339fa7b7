package intents

import "testing"

// BenchmarkRead reads a turn's kinds of text afresh: a resolved slot, two
// slots together and a sentence in the tenant's own words. Figures are in
// docs/performance.md.
func BenchmarkRead(b *testing.B) {
	compileOnce.Do(compileAll)
	for _, text := range []string{"radiator", "tap kitchen", "the sink in the kitchen is blocked and smells awful"} {
		r := newReading(text)
		b.Run("find/"+text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = find(r.toks)
			}
		})
		// A cue of a hundred phrases, asked of every turn with words.
		b.Run("hurtOrUnwell/"+text, func(b *testing.B) {
			f := new(readings).read(text)
			for b.Loop() {
				_ = f.has(hurtOrUnwell, nil)
			}
		})
		b.Run("dangerIn/"+text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = afresh.dangerIn(text)
			}
		})
	}
}
