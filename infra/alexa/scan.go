package alexa

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// scanner reads the few fields of an envelope the skill uses and steps
// over the rest (viewports, extensions, advertising, units, …) without
// building them. It checks the syntax of everything it steps over, so a
// body it accepts is one encoding/json would accept too.
type scanner struct {
	b     []byte
	i     int
	depth int
	// made are the long strings this envelope has given so far: it
	// gives the application and user ids twice (session, context).
	made [4]string
	n    int
	// borrow: see decode.
	borrow bool
}

// alexaWords are values Alexa sends in every envelope or most, from a
// small set: read as these strings, they are not copied each time.
var alexaWords = func() map[string]string {
	m := map[string]string{}
	for _, w := range []string{"1.0", "LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
		"Connections.Response", "Alexa.Presentation.APL.UserEvent", "en-GB", "en-US", "en-IN", "en-AU", "en-CA",
		"NONE", "CONFIRMED", "DENIED", "STARTED", "IN_PROGRESS", "COMPLETED", "USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS",
		"ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION",
		"https://api.eu.amazonalexa.com", "https://api.amazonalexa.com", "https://api.fe.amazonalexa.com",
		"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.FallbackIntent", "AMAZON.YesIntent", "AMAZON.NoIntent",
		"AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.PauseIntent",
		"AMAZON.ResumeIntent", "AMAZON.NavigateHomeIntent"} {
		m[w] = w
		longestAlexaWord = max(longestAlexaWord, len(w))
	}
	return m
}()

// longestAlexaWord spares ids and tokens, hundreds of bytes long, the
// hashing of a lookup in alexaWords.
var longestAlexaWord int

// text returns b as a string, copying it only when it is not one of
// alexaWords or a long string this envelope gave before.
func (s *scanner) text(b []byte) string {
	if len(b) <= longestAlexaWord {
		if w, ok := alexaWords[string(b)]; ok {
			return w
		}
	}
	if len(b) < 32 {
		return string(b)
	}
	for _, m := range s.made[:s.n] {
		if m == string(b) {
			return m
		}
	}
	t := string(b)
	if s.n < len(s.made) {
		s.made[s.n] = t
		s.n++
	}
	return t
}

// maxDepth bounds nesting; Alexa's envelope is six deep.
const maxDepth = 200

// syntaxError says where the body stopped being JSON.
func (s *scanner) syntaxError(what string) error {
	if s.i >= len(s.b) {
		return fmt.Errorf("unexpected end of JSON input (%s)", what)
	}
	return fmt.Errorf("invalid JSON at byte %d: %s", s.i, what)
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// null consumes a null if one comes next. encoding/json leaves a field
// alone for null, and so does every reader here.
func (s *scanner) null() bool {
	if s.peek() == 'n' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// object calls member for each key of an object; member must consume the
// value. A null object has no members.
func (s *scanner) object(field string, member func(key []byte) error) error {
	if s.null() {
		return nil
	}
	if s.peek() != '{' {
		return fmt.Errorf("%s: want an object", field)
	}
	s.depth++
	if s.depth > maxDepth {
		return s.syntaxError("nested too deeply")
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		s.depth--
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.syntaxError("want a key")
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.syntaxError("want ':'")
		}
		s.i++
		if err := member(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntaxError("want ',' or '}'")
		}
	}
}

// str reads a string value; null leaves dst as it was.
func (s *scanner) str(field string, dst *string) error {
	if s.null() {
		return nil
	}
	if s.peek() != '"' {
		return fmt.Errorf("%s: want a string", field)
	}
	start, plain, err := s.skipString()
	if err != nil {
		return err
	}
	if plain {
		*dst = s.text(s.b[start+1 : s.i-1])
		return nil
	}
	return json.Unmarshal(s.b[start:s.i], dst)
}

// key reads an object key without copying it when it is plain.
func (s *scanner) key() ([]byte, error) {
	start, plain, err := s.skipString()
	if err != nil {
		return nil, err
	}
	if plain {
		return s.b[start+1 : s.i-1], nil
	}
	var k string
	if err := json.Unmarshal(s.b[start:s.i], &k); err != nil {
		return nil, err
	}
	return []byte(k), nil
}

// boolean reads true or false; null leaves dst as it was.
func (s *scanner) boolean(field string, dst *bool) error {
	if s.null() {
		return nil
	}
	switch {
	case s.peek() == 't' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "true":
		s.i += 4
		*dst = true
	case s.peek() == 'f' && len(s.b)-s.i >= 5 && string(s.b[s.i:s.i+5]) == "false":
		s.i += 5
		*dst = false
	default:
		return fmt.Errorf("%s: want true or false", field)
	}
	return nil
}

// raw steps over any value and returns its bytes (a slice of the body).
func (s *scanner) raw() ([]byte, error) {
	s.ws()
	start := s.i
	if err := s.skip(); err != nil {
		return nil, err
	}
	return s.b[start:s.i], nil
}

// quiet marks the bytes a string can hold as they are: printable ASCII
// other than the quote and backslash.
var quiet = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// loud reports whether any of the eight bytes in x is not quiet: a quote,
// a backslash, a control character or a byte of a longer UTF-8 sequence.
// (A byte is below b where x-b borrows into its top bit and its top bit was
// clear; it equals c where x^c has a zero byte.)
func loud(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := func(x uint64, b byte) uint64 { return (x - ones*uint64(b)) &^ x & highs }
	return (below(x, 0x20) | below(x^(ones*'"'), 1) | below(x^(ones*'\\'), 1) | x&highs) != 0
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// skip steps over one value of any kind, checking its syntax.
func (s *scanner) skip() error {
	switch c := s.peek(); {
	case c == '{':
		return s.object("", func([]byte) error { return s.skip() })
	case c == '[':
		return s.array(s.skip)
	case c == '"':
		_, _, err := s.skipString()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	default:
		return s.syntaxError("want a value")
	}
}

// skipString checks the string at s.i and steps over it. It reports
// where it started, and whether it is plain: no escapes and valid UTF-8,
// so its bytes are its value. Nearly all of Alexa's strings are; the
// others are read by encoding/json, so escapes and bad UTF-8 read exactly
// as they always have.
func (s *scanner) skipString() (start int, plain bool, err error) {
	start = s.i
	s.i++
	plain = true
	ascii := true
	for s.i < len(s.b) {
		// Eight bytes at a time while none is special: ids and tokens
		// are long runs of quiet bytes.
		for s.i+8 <= len(s.b) && !loud(binary.LittleEndian.Uint64(s.b[s.i:])) {
			s.i += 8
		}
		for s.i < len(s.b) && quiet[s.b[s.i]] {
			s.i++
		}
		if s.i >= len(s.b) {
			break
		}
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			if plain && !ascii {
				plain = utf8.Valid(s.b[start+1 : s.i-1])
			}
			return start, plain, nil
		case c == '\\':
			plain = false
			s.i++
			if s.i >= len(s.b) {
				return start, false, s.syntaxError("unterminated string")
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if len(s.b)-s.i < 5 || !isHex4(s.b[s.i+1:s.i+5]) {
					return start, false, s.syntaxError("bad \\u escape")
				}
				s.i += 5
			default:
				return start, false, s.syntaxError("bad escape")
			}
		case c < 0x20:
			return start, false, s.syntaxError("control character in string")
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			s.i++
		}
	}
	return start, false, s.syntaxError("unterminated string")
}

// array calls elem for each element; elem must consume it.
func (s *scanner) array(elem func() error) error {
	if s.null() {
		return nil
	}
	if s.peek() != '[' {
		return s.syntaxError("want an array")
	}
	s.depth++
	if s.depth > maxDepth {
		return s.syntaxError("nested too deeply")
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		s.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntaxError("want ',' or ']'")
		}
	}
}

func (s *scanner) literal(word string) error {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return s.syntaxError("want " + word)
	}
	s.i += len(word)
	return nil
}

// number checks JSON's number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (s *scanner) number() error {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && '1' <= s.b[s.i] && s.b[s.i] <= '9':
		s.digits()
	default:
		return s.syntaxError("bad number")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return s.syntaxError("bad number")
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return s.syntaxError("bad number")
		}
	}
	return nil
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// is matches an object key as encoding/json does: exactly, or else
// ignoring case.
func is(key []byte, name string) bool {
	return string(key) == name || bytes.EqualFold(key, []byte(name))
}
