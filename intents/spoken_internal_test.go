package intents

import (
	"fmt"
	"testing"
	"time"
)

// TestSpokenDatesAsFormatted holds the dates said in turns, joined by hand
// for speed, to what fmt made of them, every day of a year; and the
// ordinals and times that catch out a rule.
func TestSpokenDatesAsFormatted(t *testing.T) {
	ordinals := map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th", 13: "13th", 14: "14th",
		21: "21st", 22: "22nd", 23: "23rd", 24: "24th", 30: "30th", 31: "31st", 101: "101st", 111: "111th", 112: "112th", 113: "113th", 122: "122nd"}
	for n, want := range ordinals {
		if got := ordinal(n); got != want {
			t.Fatalf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 366 {
		if got, want := spokenDay(day), fmt.Sprintf("%s the %s of %s", day.Weekday(), ordinal(day.Day()), day.Month()); got != want {
			t.Fatalf("spokenDay(%v) = %q, want %q", day, got, want)
		}
		day = day.AddDate(0, 0, 1)
	}
	clocks := map[string]string{"00:00": "12 in the morning", "00:15": "quarter past 12 in the morning", "09:05": "9 05 in the morning",
		"10:30": "half past 10 in the morning", "11:59": "11 59 in the morning", "12:00": "midday", "12:15": "quarter past 12 in the afternoon",
		"12:30": "half past 12 in the afternoon", "13:45": "1 45 in the afternoon", "16:59": "4 59 in the afternoon", "17:00": "5 in the evening",
		"23:10": "11 10 in the evening"}
	for clock, want := range clocks {
		at, err := time.Parse("2006-01-02 15:04", "2026-12-07 "+clock)
		if err != nil {
			t.Fatal(err)
		}
		if got := spokenClock(at); got != want {
			t.Errorf("spokenClock(%s) = %q, want %q", clock, got, want)
		}
		if got := spokenWhen(at); got != "Monday the 7th of December at "+want {
			t.Errorf("spokenWhen(%s) = %q", clock, got)
		}
	}
}
