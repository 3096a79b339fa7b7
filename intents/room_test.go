package intents_test

import (
	"context"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestTheRoomIsAskedTwiceAtMost: a tenant who cannot name the room, or
// names only the floor, is helped once and then the report goes on
// without it, for the repairs team to ask. The room question is never
// asked a third time, and a room named after help is kept.
func TestTheRoomIsAskedTwiceAtMost(t *testing.T) {
	notSure := utter("MaybeIntent")
	words := func(w string) func(*convo) intents.Response {
		return utter("ReportRepairIntent", "description~"+w)
	}
	tests := []struct {
		name    string
		turns   []func(*convo) intents.Response
		says    []string // each in the answers, in turn
		room    string   // the saved repair's room
		unasked bool     // the last answer asks no room
	}{
		{"not sure, twice", steps(utter("ReportRepairIntent", "problem=WINDOW"), notSure, notSure, yes),
			[]string{"Which room is it in?", "That's OK. For example, you can say the kitchen, the bathroom, or a bedroom. Which room is it in?",
				"The repairs team can ask you where it is when they get in touch. So that's a problem with a window, in your home. Shall I report it?", "Your reference is"},
			intents.Other, true},
		{"words naming no room, twice", steps(utter("ReportRepairIntent", "problem=WINDOW"), words("the back one"), words("the one at the back"), yes),
			[]string{"Which room is it in?", "Sorry, I didn't catch the room.", "That's OK. The repairs team can ask you where it is", "Your reference is"},
			intents.Other, true},
		{"not sure, then the room", steps(utter("ReportRepairIntent", "problem=WINDOW"), notSure, utter("ReportRepairIntent", "room=KITCHEN"), yes),
			[]string{"Which room is it in?", "Which room is it in?", "So that's a problem with a window, in the kitchen.", "Your reference is"},
			"KITCHEN", true},
		{"upstairs, then the room", steps(utter("ReportRepairIntent", "problem=RADIATOR"), no, utter("ReportRepairIntent", "room~upstairs"), utter("ReportRepairIntent", "room=BEDROOM~the back bedroom"), yes),
			[]string{"", "Which room is it in?", "upstairs. For example, a bedroom, or the bathroom. Which room upstairs is it in?", "in a bedroom.", "Your reference is"},
			"BEDROOM", true},
		{"the floor in the first words", steps(utter("ReportRepairIntent", "problem=TOILET_NO_FLUSH~toilet won't flush", "room~downstairs")),
			[]string{"OK, a toilet that won't flush, downstairs. For example, the bathroom, or a separate toilet. Which room downstairs is it in?"},
			"", false},
		{"downstairs, then no room", steps(utter("ReportRepairIntent", "problem=WINDOW"), utter("ReportRepairIntent", "room~the one downstairs"), utter("ReportRepairIntent", "room~the big one"), yes),
			[]string{"Which room is it in?", "Which room downstairs is it in?", "So that's a problem with a window, in your home.", "Your reference is"},
			intents.Other, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("HH-R", false)
			var last intents.Response
			for i, do := range tt.turns {
				last = do(c)
				if !strings.Contains(plain(last), tt.says[i]) {
					t.Fatalf("turn %d said %q, want %q", i+1, plain(last), tt.says[i])
				}
				if last.End {
					t.Fatalf("turn %d ended the session: %q", i+1, plain(last))
				}
			}
			if asks := last.Elicit != nil && last.Elicit.Slot == "room"; asks == tt.unasked {
				t.Errorf("room asked for: %v, want %v (%q)", asks, !tt.unasked, plain(last))
			}
			if tt.room == "" {
				return
			}
			open, err := f.store.OpenRepairs(context.Background(), h.ID)
			if err != nil || len(open) != 1 {
				t.Fatalf("open repairs %+v, %v; want one", open, err)
			}
			if open[0].Room != tt.room {
				t.Errorf("saved room %q, want %q", open[0].Room, tt.room)
			}
		})
	}
}
