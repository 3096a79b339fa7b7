package intents_test

import (
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestCheckRef: references are printable, so no screen or terminal that
// shows one can be made to act on it.
func TestCheckRef(t *testing.T) {
	for _, tt := range []struct {
		ref string
		ok  bool
	}{
		{"HH-0042", true},
		{"Flat 3/12 Rose Court #2_b.", true},
		{strings.Repeat("A", intents.MaxRefLen), true},
		{strings.Repeat("A", intents.MaxRefLen+1), false},
		{"", false},
		{"HH\x1b[31m-0042", false},    // ANSI colour
		{"HH\x1b]0;owned\x07", false}, // OSC: sets the terminal's title
		{"HH\x00", false},             // NUL
		{"HH-1\r\nHH-2", false},       // a second line
		{"HH-\u202e2400", false},      // right-to-left override
		{"HH-\u00e9", false},          // not ASCII
		{"HH-0042;rm", false},         // punctuation not in the set
		{"<script>alert(1)</script>", false},
	} {
		if err := intents.CheckRef(tt.ref); (err == nil) != tt.ok {
			t.Errorf("CheckRef(%q) = %v, want ok %v", tt.ref, err, tt.ok)
		}
	}
}
