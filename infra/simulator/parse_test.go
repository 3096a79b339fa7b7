package simulator

import (
	"testing"
	"time"
)

// monday23 is the fixed "now" of the tests: Monday 23 November 2026, ISO
// week 48, 10:00 in London (GMT).
var monday23 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		said, want string
	}{
		{"123456", "123456"},
		{"123,456", "123456"},
		{"123 456", "123456"},
		{"one two three four five six", "123456"},
		{"one hundred and twenty three thousand four hundred and fifty six", "123456"},
		{"one hundred twenty three thousand four hundred fifty six", "123456"},
		{"four seven two nine one three", "472913"},
		{"four seven two, nine one three", "472913"},
		{"oh seven seven double oh", "07700"},
		{"triple five", "555"},
		{"twenty three", "23"},
		{"twenty-three", "23"},
		{"twenty three forty five", "2345"},
		{"nineteen eighty four", "1984"},
		{"two thousand and twenty six", "2026"},
		{"a hundred", "100"},
		{"a thousand", "1000"},
		{"twelve hundred", "1200"},
		{"zero", "0"},
		{"minus five", "-5"},
		{"5", "5"},
	}
	for _, tt := range tests {
		got, ok := parseNumber(normalize(tt.said))
		if !ok || got != tt.want {
			t.Errorf("parseNumber(%q) = %q, %v; want %q", tt.said, got, ok, tt.want)
		}
	}
	for _, said := range []string{"a", "hundred", "one and two", "banana", "five apples", "and"} {
		if got, ok := parseNumber(normalize(said)); ok {
			t.Errorf("parseNumber(%q) = %q; want no number", said, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		said, want string
	}{
		{"today", "2026-11-23"},
		{"tonight", "2026-11-23"},
		{"tomorrow", "2026-11-24"},
		{"the day after tomorrow", "2026-11-25"},
		{"yesterday", "2026-11-22"},
		{"right now", "PRESENT_REF"},
		{"monday", "2026-11-23"}, // on or after today
		{"on monday", "2026-11-23"},
		{"next monday", "2026-11-30"},
		{"tuesday", "2026-11-24"},
		{"next tuesday", "2026-11-24"},
		{"this friday", "2026-11-27"},
		{"last friday", "2026-11-20"},
		{"sunday", "2026-11-29"},
		{"the third of december", "2026-12-03"},
		{"3rd december", "2026-12-03"},
		{"3rd of december", "2026-12-03"},
		{"december the 3rd", "2026-12-03"},
		{"december third", "2026-12-03"},
		{"december 3", "2026-12-03"},
		{"the twenty third of november", "2026-11-23"},
		{"the first of november", "2027-11-01"}, // already past this year
		{"the third of december twenty twenty seven", "2027-12-03"},
		{"3 dec 2027", "2027-12-03"},
		{"monday the 7th of december", "2026-12-07"},
		{"the 22nd", "2026-12-22"},
		{"the twenty fourth", "2026-11-24"},
		{"this week", "2026-W48"},
		{"next week", "2026-W49"},
		{"last week", "2026-W47"},
		{"this weekend", "2026-W48-WE"},
		{"the weekend", "2026-W48-WE"},
		{"next weekend", "2026-W49-WE"},
		{"this month", "2026-11"},
		{"next month", "2026-12"},
		{"december", "2026-12"},
		{"january", "2027-01"},
		{"next year", "2027"},
		{"in three days", "2026-11-26"},
		{"in a week", "2026-11-30"},
		{"3/12/2026", "2026-12-03"},
		{"3/12", "2026-12-03"},
		{"2027-01-05", "2027-01-05"},
	}
	sim := newTestSim(t)
	for _, tt := range tests {
		got, ok := parseDate(normalize(tt.said), sim.today())
		if !ok || got != tt.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", tt.said, got, ok, tt.want)
		}
	}
	for _, said := range []string{"the 31st of november", "the thirty second", "banana", "monday at", "3rd", "next"} {
		if got, ok := parseDate(normalize(said), sim.today()); ok {
			t.Errorf("parseDate(%q) = %q; want no date", said, got)
		}
	}
}

func TestDateIsLondonDate(t *testing.T) {
	// 23:30 UTC on 30 June is already 1 July in London (BST).
	b := readFile(t, "testdata/model.json")
	sim, err := New(b, Options{Now: func() time.Time { return time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := parseDate([]string{"today"}, sim.today()); got != "2026-07-01" {
		t.Errorf("today at 23:30 UTC on 30 June = %s; want 2026-07-01", got)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		said, want string
	}{
		{"10 in the morning", "10:00"},
		{"ten in the morning", "10:00"},
		{"10am", "10:00"},
		{"10 am", "10:00"},
		{"ten a.m.", "10:00"},
		{"ten o'clock", "10:00"}, // an hour alone is kept as said
		{"at ten", "10:00"},
		{"half past two", "02:30"},
		{"half past two in the afternoon", "14:30"},
		{"half two", "02:30"},
		{"2pm", "14:00"},
		{"two p.m.", "14:00"},
		{"two pm", "14:00"},
		{"2.30pm", "14:30"},
		{"14:30", "14:30"},
		{"quarter past ten", "10:15"},
		{"quarter to three", "02:45"},
		{"quarter to one in the afternoon", "12:45"},
		{"twenty past six in the evening", "18:20"},
		{"ten minutes to four pm", "15:50"},
		{"ten thirty", "10:30"},
		{"ten oh five", "10:05"},
		{"seven thirty this evening", "19:30"},
		{"eleven at night", "23:00"},
		{"twelve pm", "12:00"},
		{"12am", "00:00"},
		{"fourteen hundred", "14:00"},
		{"noon", "12:00"},
		{"midday", "12:00"},
		{"midnight", "00:00"},
		{"morning", "MO"},
		{"in the morning", "MO"},
		{"this morning", "MO"},
		{"afternoon", "AF"},
		{"in the afternoon", "AF"},
		{"evening", "EV"},
		{"this evening", "EV"},
		{"night", "NI"},
		{"tonight", "NI"},
	}
	for _, tt := range tests {
		got, ok := parseTime(normalize(tt.said))
		if !ok || got != tt.want {
			t.Errorf("parseTime(%q) = %q, %v; want %q", tt.said, got, ok, tt.want)
		}
	}
	for _, said := range []string{"thirteen pm", "half past", "banana", "25:00", "ten fifty nine sixty", "0am"} {
		if got, ok := parseTime(normalize(said)); ok {
			t.Errorf("parseTime(%q) = %q; want no time", said, got)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		said, want string
	}{
		{"five minutes", "PT5M"},
		{"two hours", "PT2H"},
		{"half an hour", "PT30M"},
		{"an hour and a half", "PT1H30M"},
		{"two hours and ten minutes", "PT2H10M"},
		{"three days", "P3D"},
		{"a week", "P1W"},
		{"six months", "P6M"},
	}
	for _, tt := range tests {
		got, ok := parseDuration(normalize(tt.said))
		if !ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %q, %v; want %q", tt.said, got, ok, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"What's happening?", "what is happening"},
		{"whats happening", "what is happening"},
		{"It's the KITCHEN!", "it is the kitchen"},
		{"I've got a leak", "i have got a leak"},
		{"ive got a leak", "i have got a leak"},
		{"I'd like a visit", "i would like a visit"},
		{"id card", "id card"}, // without the apostrophe, an ordinary word
		{"kids' room", "kids room"},
		{"ten o’clock", "ten oclock"},
		{"at 14:30, please", "at 14:30 please"},
		{"123,456", "123456"},
		{"twenty-three", "twenty three"},
		{"  lots   of   space ", "lots of space"},
		{"Okay", "ok"},
		{"nevermind", "never mind"},
		{"fish & chips", "fish and chips"},
	}
	for _, tt := range tests {
		if got := phrase(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
