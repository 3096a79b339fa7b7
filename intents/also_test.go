package intents_test

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestTwoProblemsInOneBreath: a tenant who tells of two things at once has
// the first reported, with a room said of it and no other, and is then
// offered the second, with its own room; words that say more about one
// thing are one report, with no second offered.
func TestTwoProblemsInOneBreath(t *testing.T) {
	tests := []struct {
		name   string
		words  string
		second string // what the offer names; "" for no offer
		no     bool   // the offer declined
		rooms  map[string]string
		want   []string // problem/room of each repair stored
	}{
		{
			name:   "the toilet, then the kitchen tap",
			words:  "the toilets blocked and the kitchen tap is dripping",
			second: "a dripping or broken tap in the kitchen",
			rooms:  map[string]string{"toilet": "BATHROOM"},
			want:   []string{"TAP/KITCHEN", "TOILET_BLOCKED/BATHROOM"},
		},
		{
			name:   "the order said is kept for the rooms",
			words:  "the sink in the kitchen is blocked and the light in the hall doesnt work",
			second: "a light that isn't working in the hall or stairs",
			want:   []string{"LIGHT/HALLWAY", "SINK_BLOCKED/KITCHEN"},
		},
		{
			name:   "said with as well",
			words:  "theres mould in the bedroom as well as a dripping tap in the kitchen",
			second: "damp or mould in a bedroom",
			want:   []string{"DAMP_MOULD/BEDROOM", "TAP/KITCHEN"},
		},
		{
			name:   "the second declined",
			words:  "the kitchen light is broken, also the bathroom extractor fan doesnt work",
			second: "a light that isn't working in the kitchen",
			no:     true,
			want:   []string{"EXTRACTOR_FAN/BATHROOM"},
		},
		{name: "the boiler and its hot water", words: "the boilers broken and theres no hot water in the kitchen", want: []string{"HOT_WATER/KITCHEN"}},
		{name: "a tap leaking and dripping", words: "the bathroom tap is leaking and dripping everywhere", want: []string{"TAP/BATHROOM"}},
		{name: "one radiator of several", words: "the radiator in the back bedroom has gone stone cold and the others are fine", want: []string{"RADIATOR/BEDROOM"}},
		{name: "mould, and the fan that would stop it", words: "theres mould in the bathroom and the extractor fan is broken", want: []string{"DAMP_MOULD/BATHROOM"}},
		{name: "damp and mould", words: "theres damp and mould in the bathroom", want: []string{"DAMP_MOULD/BATHROOM"}},
		// Twenty-second session: two of damp's causes are two repairs.
		{
			name:   "the fan and the window, two causes of damp but no damp",
			words:  "the bathroom fan isnt working and the window wont shut",
			second: "an extractor fan that isn't working in the bathroom",
			rooms:  map[string]string{"window": "BEDROOM"},
			want:   []string{"EXTRACTOR_FAN/BATHROOM", "WINDOW/BEDROOM"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("HH-TWO", false)
			speech := plain(c.say("ReportRepairIntent", "problem~"+tt.words))
			if told := strings.Contains(speech, "two things"); told != (tt.second != "") {
				t.Fatalf("told of two things: %v, want %v: %q", told, tt.second != "", speech)
			}
			offered := false
			for range 12 {
				switch {
				case strings.Contains(speech, "try it first?"):
					speech = plain(c.say("AMAZON.NoIntent"))
				case strings.Contains(speech, "Which room"):
					room := ""
					for k, v := range tt.rooms {
						if strings.Contains(speech, k) || len(tt.rooms) == 1 {
							room = v
						}
					}
					if room == "" {
						t.Fatalf("asked the room, which the words said: %q", speech)
					}
					speech = plain(c.say("ReportRepairIntent", "room="+room))
				case strings.Contains(speech, "Shall I report it?"):
					speech = plain(c.say("AMAZON.YesIntent"))
				case strings.Contains(speech, "Shall I report that too?"):
					if offered || !strings.Contains(speech, "You also told me about "+tt.second+".") {
						t.Fatalf("offered again, or not %q: %q", tt.second, speech)
					}
					offered = true
					if tt.no {
						speech = plain(c.say("AMAZON.NoIntent"))
					} else {
						speech = plain(c.say("AMAZON.YesIntent"))
					}
				case strings.Contains(speech, "how easy was that?"), strings.Contains(speech, "anything else"):
					if offered != (tt.second != "") {
						t.Fatalf("the second problem offered: %v, want %v: %q", offered, tt.second != "", speech)
					}
					open, err := f.store.OpenRepairs(context.Background(), h.ID)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, r := range open {
						got = append(got, r.Problem+"/"+r.Room)
					}
					slices.Sort(got)
					if !slices.Equal(got, tt.want) {
						t.Fatalf("repairs stored %v, want %v", got, tt.want)
					}
					return
				default:
					t.Fatalf("unexpected: %q", speech)
				}
			}
			t.Fatalf("no end in sight: %q", speech)
		})
	}
}
