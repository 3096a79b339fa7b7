package intents

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Booking words often reach the skill as a sentence, not as Alexa's date
// and time slots: "book me in with the coach next week", "can she come
// Thursday afternoon" arrive through a lead intent or the catch-all, and
// Alexa's AMAZON.DATE and AMAZON.TIME never see them. whenIn reads such
// words into the values those slots would have held, so the offer respects
// them however they were heard.

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "tues": time.Tuesday, "wednesday": time.Wednesday,
	"weds": time.Wednesday, "thursday": time.Thursday, "thurs": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday, "sunday": time.Sunday,
}

// dayParts are the parts of the day tenants name, as AMAZON.TIME's values.
var dayParts = []struct {
	value string
	cue   cue
}{
	{"MO", cue{"morning*", "first thing", "before lunch"}},
	{"AF", cue{"afternoon*", "after lunch"}},
	{"EV", cue{"evening*", "teatime", "tea time", "after tea", "after work", "tonight"}},
}

// whenIn returns the AMAZON.DATE and AMAZON.TIME values the words name,
// each "" when they name none, reading weekdays against now in loc: a
// weekday named on that weekday is today (offerSlot moves on to next week
// when nothing is free later today).
func (m *readings) whenIn(words string, now time.Time, loc *time.Location) (date, clock string) {
	r := m.read(words)
	now = now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	has := func(phrases ...string) bool { return r.has(cue(phrases), nil) }
	switch {
	case has("day after tomorrow"):
		date = today.AddDate(0, 0, 2).Format(time.DateOnly)
	case has("tomorrow", "tomorra", "tomoz"):
		date = today.AddDate(0, 0, 1).Format(time.DateOnly)
	case has("today", "tonight", "this afternoon", "this morning", "this evening"):
		date = today.Format(time.DateOnly)
	case has("next weekend"):
		date = isoWeek(today.AddDate(0, 0, 7)) + "-WE"
	case has("weekend"):
		date = isoWeek(today) + "-WE"
	}
	if date == "" {
		// The last day named is the one wanted: "I'm at work Thursday,
		// what about Friday".
		for i, tok := range r.toks {
			wd, ok := weekdays[tok]
			if !ok {
				continue
			}
			ahead := (int(wd) - int(today.Weekday()) + 7) % 7
			if ahead == 0 && i > 0 && r.toks[i-1] == "next" {
				ahead = 7
			}
			date = today.AddDate(0, 0, ahead).Format(time.DateOnly)
		}
	}
	if date == "" {
		switch {
		case has("week after next", "fortnight"):
			date = isoWeek(today.AddDate(0, 0, 14))
		case has("next week", "week after", "following week"):
			date = isoWeek(today.AddDate(0, 0, 7))
		case has("this week", "later this week", "later in the week"):
			date = isoWeek(today)
		}
	}
	for _, p := range dayParts {
		if r.has(p.cue, nil) {
			clock = p.value
			break
		}
	}
	switch {
	case r.has(partRefused()["MO"], nil) && !r.has(partRefused()["AF"], nil):
		// "I can't do mornings": the rest of a working day.
		clock = "PM"
	case r.has(partRefused()["AF"], nil) && !r.has(partRefused()["MO"], nil):
		clock = "MO"
	}
	if clock == "" && r.has(cue{"lunchtime", "lunch time", "midday", "noon"}, nil) {
		clock = "12:00"
	}
	return date, clock
}

// isoWeek is d's week as AMAZON.DATE writes one ("2026-W49").
func isoWeek(d time.Time) string {
	y, w := d.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// dayRefused reports words that turn a named day down ("Thursday's no
// good, I've got the hospital") rather than ask for it.
func (m *readings) dayRefused(words string) bool {
	r := m.read(words)
	named := 0
	for _, tok := range r.toks {
		if _, ok := weekdays[tok]; ok {
			named++
		}
	}
	if named != 1 {
		return false
	}
	if r.has(refusesDay, nil) && !dayAskedFor(r.toks) {
		return true
	}
	for i, tok := range r.toks {
		if _, ok := weekdays[tok]; !ok {
			continue
		}
		// The word before the day, past any "on a": "not on a Monday",
		// "except Tuesday", "other than Friday", "apart from Monday",
		// "any day but Thursday" (not "yes, but Thursday afternoon").
		j := i - 1
		for j >= 0 && (r.toks[j] == "on" || r.toks[j] == "a" || r.toks[j] == "the") {
			j--
		}
		if j < 0 {
			continue
		}
		before := ""
		if j > 0 {
			before = r.toks[j-1]
		}
		switch r.toks[j] {
		case "not", "except":
			return true
		case "than":
			return before == "other"
		case "from":
			return before == "apart"
		case "but":
			return before == "day" || before == "anything" || before == "anytime" || before == "time"
		}
	}
	return false
}

// dayAskedFor reports the one day named asked for in the words before or
// after it: "that's no good, what about Friday", "Friday instead". The
// refusal is then of the visit offered.
func dayAskedFor(toks []string) bool {
	i := slices.IndexFunc(toks, func(tok string) bool { _, ok := weekdays[tok]; return ok })
	if i < 0 {
		return false
	}
	before := strings.Join(toks[max(0, i-4):i], " ")
	for _, ask := range []string{"what about", "how about", "you got", "have got", "you do", "we do", "you come", "she come", "he come", "they come", "anything on", "any on", "something on", "chance of", "rather have", "prefer"} {
		if strings.HasSuffix(before, ask) || strings.HasSuffix(before, ask+" on") || strings.HasSuffix(before, ask+" a") {
			return true
		}
	}
	after := strings.Join(toks[i+1:min(len(toks), i+4)], " ")
	for _, ask := range []string{"instead", "would be better", "is better", "would suit", "suits me", "would be good", "is good", "would be fine", "is fine", "please"} {
		if strings.HasPrefix(after, ask) {
			return true
		}
	}
	return false
}

// refusesDay is a day turned down, and why.
var refusesDay = cue{"no good", "not good", "cant do", "cant make", "cant", "busy", "not free", "wont be in", "wont be here", "not in", "out all day", "away", "hospital", "doctors", "dentist", "working", "at work", "rather not", "not that day", "no use"}

// partRefused is each part of the day turned down, in the words that
// turn it down: "I can't do mornings", "not in the afternoon", "I'm at
// work in the mornings", "mornings are no good". A day named is not
// enough: "at work Tuesday, what about Thursday afternoon" asks for one.
// Built on first use, not at start-up: few turns book a visit.
var partRefused = sync.OnceValue(func() map[string]cue {
	parts := map[string][]string{"MO": {"morning", "mornings"}, "AF": {"afternoon", "afternoons"}}
	before := []string{"cant do", "cant do the", "cannot do", "no", "not", "not in the", "not the", "not a", "busy in the", "busy", "at work in the", "working", "work", "at work", "out in the", "out", "out all", "dont do", "not free in the", "not around in the", "not in in the", "wont be in in the", "never in in the"}
	after := []string{"are no good", "is no good", "no good", "are not good", "not good", "are bad", "are out", "dont suit me", "are difficult", "are hard", "are busy", "im busy", "im at work", "im out"}
	m := map[string]cue{}
	for id, words := range parts {
		for _, w := range words {
			for _, b := range before {
				m[id] = append(m[id], b+" "+w)
			}
			for _, a := range after {
				m[id] = append(m[id], w+" "+a)
			}
		}
	}
	return m
})

// offeredDayRefused reports words that turn down the day of the visit on
// offer without naming it: "I've got the doctors that day".
func (m *readings) offeredDayRefused(words string) bool {
	r := m.read(words)
	return r.has(cue{"that day", "that morning", "that afternoon"}, nil) && r.has(refusesDay, nil)
}

// offerFits reports whether a visit at start is on the day and in the part
// of the day the words named.
func offerFits(start time.Time, date, clock string, loc *time.Location) bool {
	if from, to, ok := dateRange(date, loc); ok && (start.Before(from) || !start.Before(to)) {
		return false
	}
	if accept, ok := timeFilter(clock); ok && !accept(start) {
		return false
	}
	return true
}
