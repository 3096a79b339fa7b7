package intents

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
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
		_ = xml.EscapeText(&s.b, []byte(t))
	}
	return s
}

// phone reads a number digit by digit, as people say phone numbers.
func (s *speech) phone(number string) *speech {
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(`<say-as interpret-as="telephone">`)
	_ = xml.EscapeText(&s.b, []byte(number))
	s.b.WriteString(`</say-as>`)
	return s
}

// spell reads a reference letter by letter, so "HK4721" is not read as a word.
func (s *speech) spell(ref string) *speech {
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.b.WriteString(`<say-as interpret-as="spell-out">`)
	_ = xml.EscapeText(&s.b, []byte(ref))
	s.b.WriteString(`</say-as>`)
	return s
}

// pause gives a listener a moment between parts, for example before a step.
func (s *speech) pause() *speech {
	s.b.WriteString(` <break time="300ms"/>`)
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
func PlainText(ssml string) string {
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
	return fmt.Sprintf("%s the %s of %s at %s", t.Weekday(), ordinal(t.Day()), t.Month(), spokenClock(t))
}

// spokenDay says a date: "Monday the 2nd of November".
func spokenDay(t time.Time) string {
	return fmt.Sprintf("%s the %s of %s", t.Weekday(), ordinal(t.Day()), t.Month())
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
	switch m {
	case 0:
		return fmt.Sprintf("%d %s", h12, part)
	case 15:
		return fmt.Sprintf("quarter past %d %s", h12, part)
	case 30:
		return fmt.Sprintf("half past %d %s", h12, part)
	default:
		return fmt.Sprintf("%d %02d %s", h12, m, part)
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
	return fmt.Sprintf("%d%s", n, suffix)
}
