package simulator

import (
	"strconv"
	"strings"
)

var unitWords = map[string]int64{
	"zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}

var teenWords = map[string]int64{
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tensWords = map[string]int64{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scaleWords = map[string]int64{
	"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}

var ordinalWords = map[string]int64{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
	"twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
	"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
	"hundredth": 100,
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// cardinalParser reads one spoken cardinal number ("one hundred and twenty
// three thousand four hundred and fifty six") from the front of toks.
type cardinalParser struct {
	toks []string
	pos  int
}

func (p *cardinalParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

// below100 reads "seventy", "seventy three", "thirteen", "three" or a run of
// up to two digits.
func (p *cardinalParser) below100() (int64, bool) {
	t := p.peek()
	if v, ok := tensWords[t]; ok {
		p.pos++
		if u, ok := unitWords[p.peek()]; ok && u > 0 {
			p.pos++
			v += u
		}
		return v, true
	}
	if v, ok := teenWords[t]; ok {
		p.pos++
		return v, true
	}
	if v, ok := unitWords[t]; ok {
		p.pos++
		return v, true
	}
	return 0, false
}

// below1000 reads a group that a scale word can multiply: "a hundred",
// "twelve hundred and six", "four hundred", "fifty six", or digits.
func (p *cardinalParser) below1000() (int64, bool) {
	start := p.pos
	if t := p.peek(); isDigits(t) && len(t) <= 3 {
		p.pos++
		v, _ := strconv.ParseInt(t, 10, 64)
		if p.peek() == "hundred" && v < 100 {
			p.pos++
			return v*100 + p.afterHundred(), true
		}
		return v, true
	}
	var lead int64
	if p.peek() == "a" {
		p.pos++
		lead = 1
	} else if v, ok := p.below100(); ok {
		lead = v
	} else {
		return 0, false
	}
	if p.peek() == "hundred" && lead > 0 {
		p.pos++
		return lead*100 + p.afterHundred(), true
	}
	if p.toks[start] == "a" {
		// "a" is a number only in front of "hundred" or a scale word.
		if _, ok := scaleWords[p.peek()]; ok {
			return 1, true
		}
		p.pos = start
		return 0, false
	}
	return lead, true
}

// afterHundred reads the optional "[and] fifty six" that follows "hundred".
func (p *cardinalParser) afterHundred() int64 {
	save := p.pos
	if p.peek() == "and" {
		p.pos++
	}
	if v, ok := p.below100(); ok {
		return v
	}
	p.pos = save
	return 0
}

// cardinal reads groups joined by falling scale words.
func (p *cardinalParser) cardinal() (int64, bool) {
	var total int64
	lastScale := int64(1) << 62
	found := false
	for {
		save := p.pos
		if found && p.peek() == "and" {
			p.pos++
		}
		g, ok := p.below1000()
		if !ok {
			p.pos = save
			break
		}
		found = true
		if s, ok := scaleWords[p.peek()]; ok && s < lastScale {
			p.pos++
			total += g * s
			lastScale = s
			continue
		}
		total += g
		break
	}
	return total, found
}

// parseCardinal reads toks as exactly one cardinal number.
func parseCardinal(toks []string) (int64, bool) {
	if len(toks) == 1 && isDigits(toks[0]) {
		v, err := strconv.ParseInt(toks[0], 10, 64)
		return v, err == nil
	}
	p := cardinalParser{toks: toks}
	v, ok := p.cardinal()
	return v, ok && p.pos == len(toks)
}

// parseNumber converts spoken or typed numbers the way AMAZON.NUMBER does:
// one cardinal becomes its value ("one hundred and twenty three" → "123");
// a run of numbers read one after another, as people read codes and phone
// numbers ("four seven two nine one three", "oh double seven", "twenty three
// forty five"), becomes the digits side by side.
func parseNumber(toks []string) (string, bool) {
	if len(toks) == 0 {
		return "", false
	}
	if toks[0] == "minus" || toks[0] == "negative" {
		v, ok := parseCardinal(toks[1:])
		if !ok {
			return "", false
		}
		return "-" + strconv.FormatInt(v, 10), true
	}
	if v, ok := parseCardinal(toks); ok {
		return strconv.FormatInt(v, 10), true
	}
	var b strings.Builder
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case isDigits(t):
			b.WriteString(t)
			i++
			continue
		case t == "oh" || t == "o":
			b.WriteByte('0')
			i++
			continue
		case (t == "double" || t == "triple") && i+1 < len(toks):
			d, ok := unitWords[toks[i+1]]
			if !ok {
				if toks[i+1] != "oh" && toks[i+1] != "o" {
					return "", false
				}
				d = 0
			}
			n := 2
			if t == "triple" {
				n = 3
			}
			b.WriteString(strings.Repeat(strconv.FormatInt(d, 10), n))
			i += 2
			continue
		}
		// Take the longest run of words that still reads as one number, so
		// "twenty three forty five" is 23 then 45, not 20, 3, 40, 5.
		best := 0
		var bestV int64
		for j := i + 1; j <= len(toks); j++ {
			if v, ok := parseCardinal(toks[i:j]); ok {
				best, bestV = j, v
			}
		}
		if best == 0 {
			return "", false
		}
		b.WriteString(strconv.FormatInt(bestV, 10))
		i = best
	}
	return b.String(), true
}

// parseOrdinal reads "third", "twenty first", "3rd" or "21st".
func parseOrdinal(toks []string) (int64, bool) {
	switch len(toks) {
	case 1:
		t := toks[0]
		if v, ok := ordinalWords[t]; ok {
			return v, true
		}
		if len(t) > 2 {
			num, suf := t[:len(t)-2], t[len(t)-2:]
			if isDigits(num) && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") {
				v, err := strconv.ParseInt(num, 10, 64)
				return v, err == nil
			}
		}
	case 2:
		tens, ok1 := tensWords[toks[0]]
		unit, ok2 := ordinalWords[toks[1]]
		if ok1 && ok2 && unit < 10 {
			return tens + unit, true
		}
	}
	return 0, false
}
