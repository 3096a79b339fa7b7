package evaluation

import (
	"errors"
	"fmt"
	"time"
)

// Period is a range of whole calendar days, both ends included: staff ask
// for "1 to 30 November", never for instants. From and To are midnight at
// the start of the first and of the last day, in the location the days are
// reckoned in (Europe/London), so a day is 23 or 25 hours long when the
// clocks change and the range still covers whole days.
//
// The zero Period means the whole log: from the day of the first event to
// the day of the last.
type Period struct {
	From, To time.Time
}

// ParsePeriod reads two dates written YYYY-MM-DD as the days from..to in
// loc, to included.
func ParsePeriod(from, to string, loc *time.Location) (Period, error) {
	if loc == nil {
		return Period{}, errors.New("period: no location to reckon days in")
	}
	f, err := time.ParseInLocation(time.DateOnly, from, loc)
	if err != nil {
		return Period{}, fmt.Errorf("period: from %q is not a date written YYYY-MM-DD", from)
	}
	t, err := time.ParseInLocation(time.DateOnly, to, loc)
	if err != nil {
		return Period{}, fmt.Errorf("period: to %q is not a date written YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return Period{}, fmt.Errorf("period: to (%s) is before from (%s)", to, from)
	}
	return Period{From: f, To: t}, nil
}

// Days returns the period of the calendar days (in loc) holding first and
// last, whatever their time of day.
func Days(first, last time.Time, loc *time.Location) Period {
	return Period{From: midnight(first, loc), To: midnight(last, loc)}
}

// Start is the first instant of the period.
func (p Period) Start() time.Time { return p.From }

// End is the first instant after the period: midnight at the end of the
// last day. Events are in the period when Start <= Time < End.
func (p Period) End() time.Time {
	return time.Date(p.To.Year(), p.To.Month(), p.To.Day()+1, 0, 0, 0, 0, p.To.Location())
}

// Contains reports whether t falls on one of the period's days.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start()) && t.Before(p.End()) }

// NumDays is how many calendar days the period covers.
func (p Period) NumDays() int {
	if p.To.Before(p.From) {
		return 0
	}
	return dayNumber(p.To, p.To.Location()) - dayNumber(p.From, p.From.Location()) + 1
}

// IsZero reports whether the period was left unset (the whole log).
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// midnight is the start of t's calendar day in loc.
func midnight(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// dayNumber numbers t's calendar day in loc (days since 1 January 1970), so
// days can be counted and compared without daylight-saving arithmetic.
func dayNumber(t time.Time, loc *time.Location) int {
	l := t.In(loc)
	return civilDay(l.Year(), l.Month(), l.Day())
}

func civilDay(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayDate turns a day number back into YYYY-MM-DD.
func dayDate(n int) string { return time.Unix(int64(n)*86400, 0).UTC().Format(time.DateOnly) }

// mondayOf is the day number of the Monday starting day n's ISO week
// (day 0, 1 January 1970, was a Thursday).
func mondayOf(n int) int { return n - (n+3)%7 }

// weekdayIndex is 0 for Monday to 6 for Sunday.
func weekdayIndex(n int) int { return (n + 3) % 7 }
