package simulator

import (
	"strings"
	"unicode"
)

// contractions maps a word with its apostrophe removed to the words Alexa's
// speech recogniser would most likely write. Typed text arrives as "what's",
// "whats" or "what is"; samples in the model use any of the three. Expanding
// both sides the same way lets them meet. Forms that are also ordinary words
// ("well", "were", "ill", "id", "shell", "wed", "hell", "wont") are left alone.
var contractions = map[string][]string{
	"whats": {"what", "is"}, "thats": {"that", "is"}, "theres": {"there", "is"},
	"heres": {"here", "is"}, "wheres": {"where", "is"}, "whos": {"who", "is"},
	"hows": {"how", "is"}, "whens": {"when", "is"}, "its": {"it", "is"},
	"im": {"i", "am"}, "ive": {"i", "have"}, "youve": {"you", "have"},
	"weve": {"we", "have"}, "theyve": {"they", "have"},
	"youre": {"you", "are"}, "theyre": {"they", "are"},
	"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"isnt": {"is", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"},
	"werent": {"were", "not"}, "cant": {"can", "not"}, "cannot": {"can", "not"},
	"couldnt": {"could", "not"}, "shouldnt": {"should", "not"},
	"wouldnt": {"would", "not"}, "hasnt": {"has", "not"}, "havent": {"have", "not"},
	"hadnt": {"had", "not"}, "lets": {"let", "us"},
	"itll": {"it", "will"}, "youll": {"you", "will"}, "theyll": {"they", "will"},
	"youd": {"you", "would"}, "theyd": {"they", "would"},
	"nevermind": {"never", "mind"}, "alright": {"all", "right"},
	"okay": {"ok"}, "oclock": {"oclock"},
}

// apostropheContractions are expanded only when the apostrophe was really
// there, because without it they are ordinary words ("well", "ill", "wed").
var apostropheContractions = map[string][]string{
	"id": {"i", "would"}, "ill": {"i", "will"}, "well": {"we", "will"},
	"were": {"we", "are"}, "wed": {"we", "would"}, "wont": {"will", "not"},
	"shell": {"she", "will"}, "hell": {"he", "will"}, "hed": {"he", "would"},
	"shed": {"she", "would"},
}

// normalize turns typed text into the lower-case word tokens the matcher
// compares: punctuation goes, apostrophes join their word ("kids'" is
// "kids"), contractions expand, and digits keep the separators that carry
// meaning inside them ("14:30", "2.30", "3/12/2026", "123,456" → "123456").
func normalize(s string) []string {
	toks, _ := tokenize(s)
	return toks
}

// tokenize is normalize that also returns, for each token, the word as typed
// (lower case, apostrophes kept), which is what Alexa would put in a custom
// slot's value: "boiler's", not "boilers". A contraction that expands to
// several tokens gives its word to the first and "" to the rest.
func tokenize(s string) (toks, surface []string) {
	s = strings.ToLower(s)
	rs := []rune(s)
	var cur, raw []rune
	hadApostrophe := false
	flush := func() {
		if len(cur) == 0 {
			return
		}
		w, typed := string(cur), string(raw)
		cur, raw = cur[:0], raw[:0]
		exp, ok := contractions[w]
		if !ok && hadApostrophe {
			exp, ok = apostropheContractions[w]
		}
		if !ok {
			exp = []string{w}
		}
		for i, t := range exp {
			toks = append(toks, t)
			if i == 0 {
				surface = append(surface, typed)
			} else {
				surface = append(surface, "")
			}
		}
		hadApostrophe = false
	}
	isDigit := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsDigit(rs[i]) }
	isLetter := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsLetter(rs[i]) }
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
			raw = append(raw, r)
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			// An apostrophe inside a word disappears; one at either end
			// ("kids'", "'cause") is just dropped.
			if isLetter(i-1) && isLetter(i+1) {
				hadApostrophe = true
				raw = append(raw, '\'')
			}
		case (r == ':' || r == '.' || r == '/' || r == '-') && isDigit(i-1) && isDigit(i+1):
			cur = append(cur, r)
			raw = append(raw, r)
		case r == ',' && isDigit(i-1) && isDigit(i+1):
			// a thousands separator: keep the digits together
		case r == '&':
			flush()
			toks = append(toks, "and")
			surface = append(surface, "and")
		default:
			flush()
		}
	}
	flush()
	return toks, surface
}

// phrase is the key under which slot values and synonyms are looked up.
func phrase(s string) string { return strings.Join(normalize(s), " ") }
