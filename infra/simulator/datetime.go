package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var monthWords = map[string]time.Month{
	"january": time.January, "jan": time.January, "february": time.February, "feb": time.February,
	"march": time.March, "mar": time.March, "april": time.April, "apr": time.April,
	"may": time.May, "june": time.June, "jun": time.June, "july": time.July, "jul": time.July,
	"august": time.August, "aug": time.August, "september": time.September, "sept": time.September,
	"sep": time.September, "october": time.October, "oct": time.October,
	"november": time.November, "nov": time.November, "december": time.December, "dec": time.December,
}

var weekdayWords = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sunday": time.Sunday,
}

func isoDate(t time.Time) string { return t.Format("2006-01-02") }

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// parseDate converts words to an AMAZON.DATE value. today is midnight of the
// current day in the skill's time zone. Like Alexa, a date that names no year
// is the next one on or after today, a week is an ISO week ("2026-W49"), a
// weekend is "2026-W49-WE", a month "2026-12" and a year "2027".
func parseDate(toks []string, today time.Time) (string, bool) {
	if len(toks) > 1 && toks[0] == "on" {
		toks = toks[1:]
	}
	s := strings.Join(toks, " ")
	day := func(n int) string { return isoDate(today.AddDate(0, 0, n)) }
	switch s {
	case "today", "tonight", "this evening":
		return day(0), true
	case "now", "right now":
		return "PRESENT_REF", true
	case "tomorrow", "tomorrow morning", "tomorrow afternoon", "tomorrow evening", "tomorrow night":
		return day(1), true
	case "day after tomorrow", "the day after tomorrow":
		return day(2), true
	case "yesterday":
		return day(-1), true
	case "this week":
		return isoWeek(today), true
	case "next week":
		return isoWeek(today.AddDate(0, 0, 7)), true
	case "the week after next":
		return isoWeek(today.AddDate(0, 0, 14)), true
	case "last week":
		return isoWeek(today.AddDate(0, 0, -7)), true
	case "this weekend", "the weekend", "weekend", "at the weekend":
		return isoWeek(today) + "-WE", true
	case "next weekend":
		return isoWeek(today.AddDate(0, 0, 7)) + "-WE", true
	case "last weekend":
		return isoWeek(today.AddDate(0, 0, -7)) + "-WE", true
	case "this month":
		return today.Format("2006-01"), true
	case "next month":
		return time.Date(today.Year(), today.Month()+1, 1, 0, 0, 0, 0, today.Location()).Format("2006-01"), true
	case "last month":
		return time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, today.Location()).Format("2006-01"), true
	case "this year":
		return strconv.Itoa(today.Year()), true
	case "next year":
		return strconv.Itoa(today.Year() + 1), true
	case "last year":
		return strconv.Itoa(today.Year() - 1), true
	}
	if v, ok := relativeWeekday(toks, today); ok {
		return v, true
	}
	if v, ok := inDays(toks, today); ok {
		return v, true
	}
	if v, ok := typedDate(toks, today); ok {
		return v, true
	}
	return dayMonth(toks, today)
}

// relativeWeekday reads "monday", "this monday", "next monday", "last monday".
// "next monday" is the first Monday after today, which is also what Alexa
// gives for it on every day but a Monday.
func relativeWeekday(toks []string, today time.Time) (string, bool) {
	word := toks[len(toks)-1]
	wd, ok := weekdayWords[word]
	if !ok {
		return "", false
	}
	prefix := strings.Join(toks[:len(toks)-1], " ")
	ahead := (int(wd) - int(today.Weekday()) + 7) % 7
	switch prefix {
	case "", "this", "coming", "this coming", "on":
	case "next":
		if ahead == 0 {
			ahead = 7
		}
	case "last":
		ahead -= 7
		if ahead == 0 {
			ahead = -7
		}
	default:
		return "", false
	}
	return isoDate(today.AddDate(0, 0, ahead)), true
}

// inDays reads "in three days", "in a week", "in two weeks".
func inDays(toks []string, today time.Time) (string, bool) {
	if len(toks) < 3 || toks[0] != "in" {
		return "", false
	}
	unit := toks[len(toks)-1]
	count := toks[1 : len(toks)-1]
	var n int64
	if len(count) == 1 && (count[0] == "a" || count[0] == "one") {
		n = 1
	} else {
		v, ok := parseCardinal(count)
		if !ok {
			return "", false
		}
		n = v
	}
	switch unit {
	case "day", "days":
		return isoDate(today.AddDate(0, 0, int(n))), true
	case "week", "weeks":
		return isoDate(today.AddDate(0, 0, 7*int(n))), true
	}
	return "", false
}

// typedDate reads what people type but never say: "2026-12-03", "3/12/2026",
// "3/12" (day first, as in the UK).
func typedDate(toks []string, today time.Time) (string, bool) {
	if len(toks) != 1 {
		return "", false
	}
	t := toks[0]
	if d, err := time.ParseInLocation("2006-01-02", t, today.Location()); err == nil {
		return isoDate(d), true
	}
	parts := strings.Split(t, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return "", false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", false
		}
		nums[i] = n
	}
	year := 0
	if len(nums) == 3 {
		year = nums[2]
		if year < 100 {
			year += 2000
		}
	}
	return calendarDate(nums[0], time.Month(nums[1]), year, today)
}

// calendarDate checks a day of a month and, with no year, picks the next one
// on or after today.
func calendarDate(d int, m time.Month, year int, today time.Time) (string, bool) {
	if m < time.January || m > time.December || d < 1 || d > 31 {
		return "", false
	}
	y := year
	if y == 0 {
		y = today.Year()
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, today.Location())
	if t.Day() != d {
		return "", false // 31st of a short month
	}
	if year == 0 && t.Before(today) {
		t = time.Date(y+1, m, d, 0, 0, 0, 0, today.Location())
		if t.Day() != d {
			return "", false
		}
	}
	return isoDate(t), true
}

// dayNumber reads the day of a month: "third", "twenty third", "3rd", "3",
// "twenty three".
func dayNumber(toks []string) (int, bool) {
	if v, ok := parseOrdinal(toks); ok && v >= 1 && v <= 31 {
		return int(v), true
	}
	if v, ok := parseCardinal(toks); ok && v >= 1 && v <= 31 {
		return int(v), true
	}
	return 0, false
}

// yearNumber reads "2027", "twenty twenty seven" or "two thousand and
// twenty seven".
func yearNumber(toks []string) (int, bool) {
	v, ok := parseNumber(toks)
	if !ok || len(v) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// dayMonth reads "the third of december", "3rd december", "december the
// 3rd", "december third 2027", "monday the 7th of december", "the 3rd" and
// "december".
func dayMonth(toks []string, today time.Time) (string, bool) {
	// A weekday in front of a date adds nothing Alexa keeps.
	if len(toks) > 1 {
		if _, ok := weekdayWords[toks[0]]; ok {
			toks = toks[1:]
		}
	}
	var rest []string
	for _, t := range toks {
		if t != "the" && t != "of" {
			rest = append(rest, t)
		}
	}
	if len(rest) == 0 || len(rest) > 6 {
		return "", false
	}
	monthAt := -1
	for i, t := range rest {
		if _, ok := monthWords[t]; ok {
			monthAt = i
			break
		}
	}
	if monthAt < 0 {
		// "the third": this month if it is still to come, else next month.
		if toks[0] != "the" {
			return "", false
		}
		d, ok := dayNumber(rest)
		if !ok {
			return "", false
		}
		for i := 0; i < 3; i++ {
			m := time.Date(today.Year(), today.Month()+time.Month(i), 1, 0, 0, 0, 0, today.Location())
			t := time.Date(m.Year(), m.Month(), d, 0, 0, 0, 0, today.Location())
			if t.Day() == d && !t.Before(today) {
				return isoDate(t), true
			}
		}
		return "", false
	}
	m := monthWords[rest[monthAt]]
	before, after := rest[:monthAt], rest[monthAt+1:]
	// The day sits on one side of the month, a year may follow.
	tryYear := func(ys []string) (int, bool) {
		if len(ys) == 0 {
			return 0, true
		}
		return yearNumber(ys)
	}
	if len(before) > 0 {
		d, ok := dayNumber(before)
		if !ok {
			return "", false
		}
		y, ok := tryYear(after)
		if !ok {
			return "", false
		}
		return calendarDate(d, m, y, today)
	}
	if len(after) == 0 {
		// A month alone: the next such month.
		y := today.Year()
		if m < today.Month() {
			y++
		}
		return fmt.Sprintf("%d-%02d", y, int(m)), true
	}
	for split := 1; split <= len(after) && split <= 2; split++ {
		d, ok := dayNumber(after[:split])
		if !ok {
			continue
		}
		y, ok := tryYear(after[split:])
		if !ok {
			continue
		}
		return calendarDate(d, m, y, today)
	}
	if y, ok := yearNumber(after); ok {
		return fmt.Sprintf("%d-%02d", y, int(m)), true
	}
	return "", false
}

// timePeriods are the parts of the day AMAZON.TIME returns as codes.
var timePeriods = map[string]string{
	"morning": "MO", "the morning": "MO", "this morning": "MO", "in the morning": "MO",
	"afternoon": "AF", "the afternoon": "AF", "this afternoon": "AF", "in the afternoon": "AF",
	"evening": "EV", "the evening": "EV", "this evening": "EV", "in the evening": "EV",
	"night": "NI", "the night": "NI", "tonight": "NI", "at night": "NI", "in the night": "NI",
	"noon": "12:00", "midday": "12:00", "twelve noon": "12:00", "midnight": "00:00",
	"twelve midnight": "00:00",
}

// mergeTimeWords joins what the tokenizer split: "a m" → "am", "o clock" →
// "oclock".
func mergeTimeWords(toks []string) []string {
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		if i+1 < len(toks) {
			pair := toks[i] + " " + toks[i+1]
			switch pair {
			case "a m":
				out = append(out, "am")
				i++
				continue
			case "p m":
				out = append(out, "pm")
				i++
				continue
			case "o clock":
				out = append(out, "oclock")
				i++
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out
}

// parseTime converts words to an AMAZON.TIME value: "10:00", "14:30", or a
// part of the day ("MO", "AF", "EV", "NI"). An hour said with nothing to place
// it in the day ("ten o'clock", "half past two") is kept as said, on the
// morning side, as Alexa does.
func parseTime(toks []string) (string, bool) {
	toks = mergeTimeWords(toks)
	if len(toks) > 1 && toks[0] == "at" {
		toks = toks[1:]
	}
	if v, ok := timePeriods[strings.Join(toks, " ")]; ok {
		return v, true
	}
	// Find what says which half of the day it is.
	period := ""
	n := len(toks)
	suffix := func(words ...string) bool {
		if n < len(words)+1 {
			return false
		}
		for i, w := range words {
			if toks[n-len(words)+i] != w {
				return false
			}
		}
		return true
	}
	switch {
	case suffix("am"):
		period, n = "am", n-1
	case suffix("pm"):
		period, n = "pm", n-1
	case suffix("in", "the", "morning"):
		period, n = "am", n-3
	case suffix("this", "morning"):
		period, n = "am", n-2
	case suffix("in", "the", "afternoon"), suffix("in", "the", "evening"):
		period, n = "pm", n-3
	case suffix("this", "afternoon"), suffix("this", "evening"):
		period, n = "pm", n-2
	case suffix("at", "night"):
		period, n = "night", n-2
	case suffix("tonight"):
		period, n = "night", n-1
	}
	core := toks[:n]
	if len(core) > 1 && core[len(core)-1] == "oclock" {
		core = core[:len(core)-1]
	}
	h, m, ok := clockTime(core, period)
	if !ok {
		return "", false
	}
	switch period {
	case "am":
		if h > 12 || h == 0 {
			return "", false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h > 12 || h == 0 {
			return "", false
		}
		if h < 12 {
			h += 12
		}
	case "night":
		switch {
		case h == 12:
			h = 0
		case h >= 6 && h < 12:
			h += 12
		}
	}
	if h > 23 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// clockTime reads the hour and minute from "ten", "ten thirty", "ten oh
// five", "half past two", "quarter to three", "twenty past six", "half two",
// "fourteen hundred", "14:30", "2.30", "10am".
func clockTime(toks []string, period string) (h, m int, ok bool) {
	if len(toks) == 0 {
		return 0, 0, false
	}
	if len(toks) == 1 {
		if h, m, ok := typedClock(toks[0], period); ok {
			return h, m, true
		}
	}
	hour := func(ts []string) (int, bool) {
		v, ok := parseCardinal(ts)
		if !ok || v > 24 {
			return 0, false
		}
		return int(v), true
	}
	minutes := func(ts []string) (int, bool) {
		if len(ts) == 2 && (ts[0] == "oh" || ts[0] == "o") {
			v, ok := unitWords[ts[1]]
			return int(v), ok && v > 0
		}
		v, ok := parseCardinal(ts)
		if !ok || v < 10 || v > 59 {
			return 0, false
		}
		return int(v), true
	}
	// "half past two", "quarter to three", "twenty five past six"
	for i, t := range toks {
		if t != "past" && t != "to" && t != "after" {
			continue
		}
		before, after := toks[:i], toks[i+1:]
		if len(before) > 0 && (before[len(before)-1] == "minutes" || before[len(before)-1] == "minute") {
			before = before[:len(before)-1]
		}
		hr, ok := hour(after)
		if !ok || hr < 1 || hr > 12 {
			return 0, 0, false
		}
		var mins int
		switch strings.Join(before, " ") {
		case "half":
			mins = 30
		case "quarter", "a quarter":
			mins = 15
		default:
			v, ok := parseCardinal(before)
			if !ok || v < 1 || v > 59 {
				return 0, 0, false
			}
			mins = int(v)
		}
		if t == "to" {
			if hr--; hr == 0 {
				hr = 12
			}
			return hr, 60 - mins, true
		}
		return hr, mins, true
	}
	if toks[0] == "half" && len(toks) > 1 {
		// British "half two" is 2:30.
		if hr, ok := hour(toks[1:]); ok && hr >= 1 && hr <= 12 {
			return hr, 30, true
		}
		return 0, 0, false
	}
	if len(toks) >= 2 && toks[len(toks)-1] == "hundred" {
		if hr, ok := hour(toks[:len(toks)-1]); ok {
			return hr, 0, true
		}
	}
	if hr, ok := hour(toks); ok {
		return hr, 0, true
	}
	for split := 1; split < len(toks); split++ {
		hr, ok1 := hour(toks[:split])
		mn, ok2 := minutes(toks[split:])
		if ok1 && ok2 {
			return hr, mn, true
		}
	}
	return 0, 0, false
}

// typedClock reads "14:30", "2.30", "10am", "2.30pm", "10". A suffix on the
// token is applied here; the caller applies a separate one ("10 am").
func typedClock(t, period string) (h, m int, ok bool) {
	suffix := ""
	if strings.HasSuffix(t, "am") || strings.HasSuffix(t, "pm") {
		if period != "" {
			return 0, 0, false // "10am in the morning"
		}
		suffix, t = t[len(t)-2:], t[:len(t)-2]
	}
	hs, ms, found := strings.Cut(t, ":")
	if !found {
		hs, ms, found = strings.Cut(t, ".")
	}
	if !isDigits(hs) || len(hs) > 2 || (found && (!isDigits(ms) || len(ms) != 2)) {
		return 0, 0, false
	}
	h, _ = strconv.Atoi(hs)
	if found {
		m, _ = strconv.Atoi(ms)
	}
	switch suffix {
	case "am":
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		if h < 12 {
			h += 12
		}
	}
	return h, m, h <= 24 && m <= 59
}

var durationUnits = map[string]string{
	"second": "S", "seconds": "S", "minute": "TM", "minutes": "TM", "hour": "H", "hours": "H",
	"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M",
	"year": "Y", "years": "Y",
}

// parseDuration converts "five minutes", "an hour and a half", "two days" to
// an ISO-8601 duration as AMAZON.DURATION does ("PT5M", "PT1H30M", "P2D").
func parseDuration(toks []string) (string, bool) {
	s := strings.Join(toks, " ")
	switch s {
	case "half an hour", "a half hour":
		return "PT30M", true
	case "an hour and a half", "one hour and a half", "one and a half hours":
		return "PT1H30M", true
	}
	parts := map[string]int64{}
	i := 0
	for i < len(toks) {
		if len(parts) > 0 && toks[i] == "and" {
			i++
		}
		j := i
		for j < len(toks) {
			if _, ok := durationUnits[toks[j]]; ok {
				break
			}
			j++
		}
		if j == len(toks) || j == i {
			return "", false
		}
		var n int64
		if j == i+1 && (toks[i] == "a" || toks[i] == "an") {
			n = 1
		} else {
			v, ok := parseCardinal(toks[i:j])
			if !ok {
				return "", false
			}
			n = v
		}
		unit := durationUnits[toks[j]]
		if _, dup := parts[unit]; dup {
			return "", false
		}
		parts[unit] = n
		i = j + 1
	}
	if len(parts) == 0 {
		return "", false
	}
	var b strings.Builder
	b.WriteString("P")
	for _, u := range []string{"Y", "M", "W", "D"} {
		if n, ok := parts[u]; ok {
			fmt.Fprintf(&b, "%d%s", n, u)
		}
	}
	if parts["H"] > 0 || parts["TM"] > 0 || parts["S"] > 0 {
		b.WriteString("T")
		for _, u := range []string{"H", "TM", "S"} {
			if n, ok := parts[u]; ok {
				fmt.Fprintf(&b, "%d%s", n, strings.TrimPrefix(u, "T"))
			}
		}
	}
	return b.String(), true
}
