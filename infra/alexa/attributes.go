package alexa

import (
	"encoding/json"
	"strconv"

	"github.com/homehelper/homehelper/intents"
)

// decodeState reads session attributes as encoding/json reads them into
// intents.State. Nearly every turn after the first carries them, as
// appendState wrote them: those are read field by field, without
// reflection. Anything else (a key in other letters, an unknown key, a
// number that is not a plain integer, a value of the wrong kind) is
// handed to encoding/json whole, so the result is always its result
// (FuzzDecodeStateMatchesEncodingJSON).
func decodeState(b []byte) (intents.State, error) {
	if st, ok := readState(b); ok {
		return st, nil
	}
	var st intents.State
	err := json.Unmarshal(b, &st)
	return st, err
}

// readState is decodeState for the attributes appendState writes, or
// false for anything it leaves to encoding/json.
func readState(b []byte) (st intents.State, ok bool) {
	s := scanner{b: b}
	if s.peek() != '{' {
		return st, false
	}
	str := func(dst *string) error { return s.str("attributes", dst) }
	// Nested values are few and rare: encoding/json reads them.
	nested := func(dst any) error {
		raw, err := s.raw()
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, dst)
	}
	errOther := strconv.ErrSyntax // any error: encoding/json decides
	err := s.object("attributes", func(k []byte) error {
		switch string(k) {
		case "pending":
			return str(&st.Pending)
		case "flow":
			var f string
			if s.null() {
				return nil
			}
			if err := str(&f); err != nil {
				return err
			}
			st.Flow = intents.Flow(f)
			return nil
		case "problem":
			return str(&st.Problem)
		case "room":
			return str(&st.Room)
		case "guideTried":
			return s.boolean("attributes", &st.GuideTried)
		case "guide":
			return str(&st.Guide)
		case "step":
			return s.integer(&st.Step)
		case "offer":
			return nested(&st.Offer)
		case "skipped":
			return nested(&st.Skipped)
		case "date":
			return str(&st.Date)
		case "time":
			return str(&st.Time)
		case "desc":
			return str(&st.Desc)
		case "descAsked":
			return s.boolean("attributes", &st.DescAsked)
		case "ref":
			return str(&st.Ref)
		case "said":
			return str(&st.Said)
		case "ask":
			return str(&st.Ask)
		case "q":
			return str(&st.Q)
		case "el":
			return nested(&st.El)
		case "miss":
			return s.integer(&st.Miss)
		case "roomTries":
			return s.integer(&st.RoomTries)
		case "also":
			return str(&st.Also)
		case "unsure":
			return s.boolean("attributes", &st.Unsure)
		case "slow":
			return s.boolean("attributes", &st.Slow)
		case "visit":
			return str(&st.Visit)
		case "notDays":
			return nested(&st.NotDays)
		case "coach":
			return str(&st.Coach)
		case "cancel":
			return nested(&st.Cancel)
		case "remind":
			return str(&st.Remind)
		case "hh":
			return str(&st.Household)
		case "was":
			return str(&st.Was)
		}
		return errOther
	})
	if err != nil || s.peek() != 0 || !stateKnown {
		return intents.State{}, false
	}
	return st, true
}

// integer reads a plain integer (digits, perhaps after a minus), as
// encoding/json reads one into an int; null leaves dst as it was.
// Anything else is an error, left to encoding/json.
func (s *scanner) integer(dst *int) error {
	if s.null() {
		return nil
	}
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	first := s.i
	if n := s.digits(); n == 0 || n > 1 && s.b[first] == '0' {
		return strconv.ErrSyntax
	}
	if s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		return strconv.ErrSyntax
	}
	n, err := strconv.Atoi(string(s.b[start:s.i]))
	if err != nil {
		return err
	}
	*dst = n
	return nil
}
