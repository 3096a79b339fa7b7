package intents

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// speech builds an SSML fragment. Everything that is not markup goes through
// text(), which escapes it, so nothing from content files, slots or stores
// can break the SSML Alexa parses.
type speech struct{ b strings.Builder }

func say(parts ...string) *speech { return (&speech{}).text(parts...) }

// text adds sentences, escaped. A part that starts with punctuation joins
// the previous part without a space.
func (s *speech) text(parts ...string) *speech {
	for _, t := range parts {
		if t == "" {
			continue
		}
		if s.b.Len() > 0 && !strings.ContainsAny(t[:1], ".,;:?!") {
			s.b.WriteByte(' ')
		}
		escapeText(&s.b, t)
	}
	return s
}

// phone reads a number digit by digit, as people say phone numbers.
func (s *speech) phone(number string) *speech {
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(`<say-as interpret-as="telephone">`)
	escapeText(&s.b, number)
	s.b.WriteString(`</say-as>`)
	return s
}

// spell reads a reference letter by letter, so "HK4721" is not read as a word.
func (s *speech) spell(ref string) *speech {
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(`<say-as interpret-as="spell-out">`)
	escapeText(&s.b, ref)
	s.b.WriteString(`</say-as>`)
	return s
}

// escapeText writes t escaped as xml.EscapeText escapes it. Every turn's
// speech is escaped, nearly all of it plain ASCII with apostrophes, so
// that is done here without a copy; anything else from the first byte
// that is not goes to xml.EscapeText (FuzzEscapeText holds them equal).
func escapeText(b *strings.Builder, t string) {
	last := 0
	for i := 0; i < len(t); i++ {
		var esc string
		switch c := t[i]; c {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if c < 0x20 || c >= utf8.RuneSelf {
				b.WriteString(t[last:i])
				_ = xml.EscapeText(b, []byte(t[i:]))
				return
			}
			continue
		}
		b.WriteString(t[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(t[last:])
}

// pause gives a listener a moment between parts, for example before a step.
func (s *speech) pause() *speech {
	s.b.WriteString(` <break time="300ms"/>`)
	return s
}

// raw adds SSML that text made earlier, spaced as text spaces it.
func (s *speech) raw(fragment string) *speech {
	if fragment == "" {
		return s
	}
	if s.b.Len() > 0 && !strings.ContainsAny(fragment[:1], ".,;:?!") {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(fragment)
	return s
}

// ssml wraps a fragment this package built earlier (kept in the session
// state), so it is not escaped twice.
func ssml(fragment string) *speech {
	s := &speech{}
	s.b.WriteString(fragment)
	return s
}

func (s *speech) add(o *speech) *speech {
	if o == nil || o.b.Len() == 0 {
		return s
	}
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(o.String())
	return s
}

func (s *speech) String() string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(s.b.String())
}

// PlainText turns one of our SSML fragments into the words on a card, in
// the terminal chat or on the try-it page.
//
// It reads the fragment by hand: every card of a turn is made with it, and
// encoding/xml's decoder was a tenth of the gas script's time
// (docs/performance.md). Anything our speech does not make (a comment, a
// processing instruction, an unknown entity, bytes XML refuses) goes to
// the decoder, whose reading the hand-made one must equal (FuzzPlainText).
func PlainText(ssml string) string {
	if s, ok := plainText(ssml); ok {
		return s
	}
	return plainTextXML(ssml)
}

func plainText(ssml string) (string, bool) {
	if !utf8.ValidString(ssml) {
		return "", false
	}
	b := make([]byte, 0, len(ssml))
	space := true // the last byte written was a space, or none was
	for i := 0; i < len(ssml); {
		c := ssml[i]
		switch {
		case c == '<':
			if i+1 < len(ssml) && (ssml[i+1] == '!' || ssml[i+1] == '?') {
				return "", false
			}
			end := tagEnd(ssml, i+1)
			if end < 0 {
				return "", false
			}
			i = end + 1
			continue
		case c == '&':
			r, n := entity(ssml[i:])
			if n == 0 {
				return "", false
			}
			i += n
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				if !space {
					b = append(b, ' ')
					space = true
				}
				continue
			}
			b = utf8.AppendRune(b, r)
			space = false
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if !space {
				b = append(b, ' ')
				space = true
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(ssml[i:])
			if !plainRune(r) {
				return "", false
			}
			b = append(b, ssml[i:i+n]...)
			space = false
			i += n
			continue
		case c < 0x20:
			return "", false // control bytes, which XML refuses
		default:
			b = append(b, c)
			space = false
		}
		i++
	}
	if space && len(b) > 0 {
		b = b[:len(b)-1]
	}
	return string(b), true
}

// tagEnd is the index of the '>' closing the tag whose name starts at i,
// past any quoted attribute values; -1 if none.
func tagEnd(s string, i int) int {
	var quote byte
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		case c == '<':
			return -1
		}
	}
	return -1
}

// entity reads the character reference at the start of s: the character
// and the bytes read, or 0 bytes for one the decoder is left to judge.
func entity(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	digits, base := strings.CutPrefix(name, "#x")
	b := 16
	if !base {
		digits, base = strings.CutPrefix(name, "#")
		b = 10
	}
	if !base || digits == "" {
		return 0, 0
	}
	n, err := strconv.ParseUint(digits, b, 32)
	if err != nil {
		return 0, 0
	}
	if r := rune(n); r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r < utf8.RuneSelf || r >= utf8.RuneSelf && plainRune(r) {
		return r, end + 1
	}
	return 0, 0
}

// plainRune reports a character beyond ASCII that PlainText copies as it
// is: not one XML refuses (the decoder's to judge) nor a space of another
// script, which strings.Fields would split at.
func plainRune(r rune) bool {
	return r != utf8.RuneError && !unicode.IsSpace(r) && (r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF)
}

// plainTextXML is PlainText by encoding/xml's decoder.
func plainTextXML(ssml string) string {
	var b strings.Builder
	d := xml.NewDecoder(strings.NewReader("<speak>" + ssml + "</speak>"))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// spokenWhen says a visit time the way people say it:
// "Tuesday the 3rd of December at 10 in the morning".
func spokenWhen(t time.Time) string {
	return spokenDay(t) + " at " + spokenClock(t)
}

// spokenDay says a date: "Monday the 2nd of November".
func spokenDay(t time.Time) string {
	// Joined, not formatted: dates are said in most coach and status
	// turns, and fmt was a tenth of a status turn.
	return t.Weekday().String() + " the " + ordinal(t.Day()) + " of " + t.Month().String()
}

func spokenClock(t time.Time) string {
	h, m := t.Hour(), t.Minute()
	part := "in the morning"
	switch {
	case h == 12 && m == 0:
		return "midday"
	case h >= 17:
		part = "in the evening"
	case h >= 12:
		part = "in the afternoon"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	hour := strconv.Itoa(h12)
	switch m {
	case 0:
		return hour + " " + part
	case 15:
		return "quarter past " + hour + " " + part
	case 30:
		return "half past " + hour + " " + part
	default:
		return hour + " " + string(rune('0'+m/10)) + string(rune('0'+m%10)) + " " + part
	}
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// slowly reads an SSML fragment more slowly, for a tenant who asked.
func slowly(ssml string) string {
	if ssml == "" {
		return ""
	}
	return `<prosody rate="slow">` + ssml + `</prosody>`
}
