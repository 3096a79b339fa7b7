package alexa

import (
	"encoding/json"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/homehelper/homehelper/intents"
)

// AppendJSON appends r as JSON to b: the bytes encoding/json would write
// for it, except that <, > and & are left as they are (JSON needs no
// escape for them; encoding/json adds one for HTML pages). It writes into
// one buffer sized up front, with no reflection for the fields every
// answer has; TestAppendJSONMatchesEncodingJSON holds it to encoding/json.
func (r Response) AppendJSON(b []byte) []byte {
	b = append(b, `{"version":`...)
	b = appendString(b, r.Version)
	if r.SessionAttributes != nil {
		b = append(b, `,"sessionAttributes":`...)
		b = appendState(b, r.SessionAttributes)
	}
	b = append(b, `,"response":{`...)
	comma := false
	field := func(name string) {
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
	}
	body := &r.Body
	if body.OutputSpeech != nil {
		field("outputSpeech")
		b = appendSpeech(b, body.OutputSpeech)
	}
	if body.Card != nil {
		field("card")
		b = append(b, `{"type":`...)
		b = appendString(b, body.Card.Type)
		if body.Card.Title != "" {
			b = append(b, `,"title":`...)
			b = appendString(b, body.Card.Title)
		}
		if body.Card.Content != "" {
			b = append(b, `,"content":`...)
			b = appendString(b, body.Card.Content)
		}
		if len(body.Card.Permissions) > 0 {
			b = append(b, `,"permissions":`...)
			b = appendMarshalled(b, body.Card.Permissions)
		}
		b = append(b, '}')
	}
	if body.Reprompt != nil {
		field("reprompt")
		b = append(b, `{"outputSpeech":`...)
		b = appendSpeech(b, body.Reprompt.OutputSpeech)
		b = append(b, '}')
	}
	if len(body.Directives) > 0 {
		// Rare (a dialog directive) and nested: encoding/json's job.
		field("directives")
		b = appendMarshalled(b, body.Directives)
	}
	if body.ShouldEndSession != nil {
		field("shouldEndSession")
		b = strconv.AppendBool(b, *body.ShouldEndSession)
	}
	return append(b, "}}"...)
}

// Size is a capacity for AppendJSON's buffer that fits nearly every
// answer at once: the words, twice (speech and, for "say that again", the
// session attributes), and room for the rest.
func (r Response) Size() int {
	n := 512
	if s := r.Body.OutputSpeech; s != nil {
		n += 2 * (len(s.SSML) + len(s.Text))
	}
	if p := r.Body.Reprompt; p != nil && p.OutputSpeech != nil {
		n += 2 * (len(p.OutputSpeech.SSML) + len(p.OutputSpeech.Text))
	}
	if c := r.Body.Card; c != nil {
		n += len(c.Title) + len(c.Content)
	}
	return n
}

func appendSpeech(b []byte, s *OutputSpeech) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"type":`...)
	b = appendString(b, s.Type)
	if s.Text != "" {
		b = append(b, `,"text":`...)
		b = appendString(b, s.Text)
	}
	if s.SSML != "" {
		b = append(b, `,"ssml":`...)
		b = appendString(b, s.SSML)
	}
	return append(b, '}')
}

// stateFields is the number of fields appendState writes. When
// intents.State gains one, the state goes to encoding/json until
// appendState learns it (TestAppendStateKnowsEveryField says so).
const stateFields = 30

var stateKnown = reflect.TypeFor[intents.State]().NumField() == stateFields

// appendState writes the session attributes, as encoding/json would by
// State's tags (every field omitempty).
func appendState(b []byte, s *intents.State) []byte {
	if !stateKnown {
		return appendMarshalled(b, s)
	}
	// Each field is written after a comma; the first comma then becomes
	// the opening brace.
	start := len(b)
	str := func(name, v string) {
		if v != "" {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, `":`...)
			b = appendString(b, v)
		}
	}
	flag := func(name string, v bool) {
		if v {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, `":true`...)
		}
	}
	num := func(name string, v int) {
		if v != 0 {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, `":`...)
			b = strconv.AppendInt(b, int64(v), 10)
		}
	}
	other := func(name string, v any, empty bool) {
		if !empty {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, `":`...)
			b = appendMarshalled(b, v)
		}
	}
	str("pending", s.Pending)
	str("flow", string(s.Flow))
	str("problem", s.Problem)
	str("room", s.Room)
	flag("guideTried", s.GuideTried)
	flag("descAsked", s.DescAsked)
	flag("unsure", s.Unsure)
	flag("slow", s.Slow)
	str("guide", s.Guide)
	num("step", s.Step)
	other("offer", s.Offer, s.Offer == nil)
	other("skipped", s.Skipped, len(s.Skipped) == 0)
	str("date", s.Date)
	str("time", s.Time)
	str("desc", s.Desc)
	str("ref", s.Ref)
	str("said", s.Said)
	str("ask", s.Ask)
	str("q", s.Q)
	other("el", s.El, s.El == nil)
	num("miss", s.Miss)
	str("visit", s.Visit)
	other("notDays", s.NotDays, len(s.NotDays) == 0)
	str("coach", s.Coach)
	other("cancel", s.Cancel, s.Cancel == nil)
	str("remind", s.Remind)
	str("hh", s.Household)
	str("was", s.Was)
	num("roomTries", s.RoomTries)
	str("also", s.Also)
	if len(b) == start {
		return append(b, "{}"...)
	}
	b[start] = '{'
	return append(b, '}')
}

// appendMarshalled writes what encoding/json writes for v, for the rare
// and nested parts. Our own types always marshal.
func appendMarshalled(b []byte, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, out...)
}

// appendString writes s as a JSON string, as encoding/json does but for
// <, > and &: control characters escaped, invalid UTF-8 as U+FFFD, and
// U+2028 and U+2029 escaped (JavaScript reads them as line ends).
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
