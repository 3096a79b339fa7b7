package intents

import (
	"fmt"
	"testing"
	"time"
)

// TestSpokenDatesAsFormatted holds the dates and times said in turns,
// joined by hand for speed, to what fmt made of them: every day of a
// year, every minute of a day.
func TestSpokenDatesAsFormatted(t *testing.T) {
	ordinalWas := func(n int) string {
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
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 366 {
		if got, want := spokenDay(day), fmt.Sprintf("%s the %s of %s", day.Weekday(), ordinalWas(day.Day()), day.Month()); got != want {
			t.Fatalf("spokenDay(%v) = %q, want %q", day, got, want)
		}
		day = day.AddDate(0, 0, 1)
	}
	for n := range 200 {
		if got, want := ordinal(n), ordinalWas(n); got != want {
			t.Fatalf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
	at := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for range 24 * 60 {
		h, m := at.Hour(), at.Minute()
		part := "in the morning"
		switch {
		case h >= 17:
			part = "in the evening"
		case h >= 12:
			part = "in the afternoon"
		}
		h12 := h % 12
		if h12 == 0 {
			h12 = 12
		}
		want := fmt.Sprintf("%d %02d %s", h12, m, part)
		switch {
		case h == 12 && m == 0:
			want = "midday"
		case m == 0:
			want = fmt.Sprintf("%d %s", h12, part)
		case m == 15:
			want = fmt.Sprintf("quarter past %d %s", h12, part)
		case m == 30:
			want = fmt.Sprintf("half past %d %s", h12, part)
		}
		if got := spokenClock(at); got != want {
			t.Fatalf("spokenClock(%v) = %q, want %q", at, got, want)
		}
		if got := spokenWhen(at); got != spokenDay(at)+" at "+want {
			t.Fatalf("spokenWhen(%v) = %q", at, got)
		}
		at = at.Add(time.Minute)
	}
}
