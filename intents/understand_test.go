package intents

import (
	"strings"
	"testing"
)

// The phrases here are the issue's own symptoms and the words in
// docs/conversation.md's sources; the measure of understanding is the
// tenant-language corpus (docs/understanding.md), not this table.
func TestDangerIn(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"there's a whiff of sulphur", "GAS_SMELL"},
		{"it smells like rotten eggs in the kitchen", "GAS_SMELL"},
		{"I can hear hissing from the gas meter", "GAS_SMELL"},
		{"gas", "GAS_SMELL"},
		{"my gas bill is too high", ""},
		{"the plug's gone black and it crackles", "ELECTRICAL_FAULT"},
		{"sparks came out of the socket", "ELECTRICAL_FAULT"},
		{"the fuse box is smoking", "ELECTRICAL_FAULT"},
		{"I switched it off at the fuse box because it was smoking", "ELECTRICAL_FAULT"},
		{"I got a shock off the light switch", "ELECTRICAL_FAULT"},
		{"there are bare wires hanging out of the wall", "ELECTRICAL_FAULT"},
		{"water's dripping out of the big light", "WATER_ELECTRICS"},
		{"water is coming through the light fitting", "WATER_ELECTRICS"},
		{"there's water near the fuse box", "WATER_ELECTRICS"},
		{"the sink plug is leaking water", ""},
		{"no hot water and the red light on the boiler is on", ""},
		{"the kitchen is full of smoke", "FIRE"},
		{"the chip pan caught fire", "FIRE"},
		{"my gas fire won't light", ""},
		{"the fire in the living room isn't working", ""},
		{"the smoke alarm is going off and won't stop", "SMOKE_ALARM"},
		{"the smoke alarm chirps every minute", "SMOKE_ALARM_BEEPING"},
		{"the alarm keeps going off", "ALARM_UNSURE"},
		{"the burglar alarm is broken", ""},
		{"my head's pounding and the boiler flame is orange", "CO_ALARM"},
		{"we all get headaches at home but feel fine outside", "CO_ALARM"},
		{"the carbon monoxide alarm is beeping", "CO_ALARM"},
		{"the ceiling's sagging and there's a bulge", "CEILING_COLLAPSE"},
		{"sewage coming up the bath plughole", "SEWAGE"},
		{"there's a smell of sewage from the drain", ""},
		{"we've got no water at all", "NO_WATER"},
		{"no hot water", ""},
		{"a pipe has burst", "FLOODING"},
		{"someone's broken in", "INSECURE_HOME"},
		{"the front door won't lock", "INSECURE_HOME"},
		{"my bedroom door won't shut", ""},
		{"a funny smell from the cooker", "SMELL_UNSURE"},
		{"a musty smell in the bedroom", ""},
		{"my tap is dripping", ""},
		{"the boiler is making a banging noise", ""},
	}
	for _, tt := range tests {
		if got := dangerIn(tt.text); got != tt.want {
			t.Errorf("dangerIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestProblemAndTopicIn(t *testing.T) {
	tests := []struct {
		text, problem, topic string
	}{
		{"my boiler is making a banging noise", "BOILER_NOISE", "NEIGHBOURS"},
		{"the thing on the wall is dripping", "LEAK", ""},
		{"radiator's stone cold at the top", "RADIATOR", ""},
		{"I want to pay my rent", "", "RENT"},
		{"the neighbours are really noisy", "", "NEIGHBOURS"},
		{"put me through to someone", "", "PERSON"},
		{"there are mice in the kitchen", "", "PESTS"},
		{"who are you", "", "ABOUT"},
		{"thank you", "", "THANKS"},
		{"I want to make a complaint", "", "COMPLAINT"},
		{"my universal credit hasn't come through", "", "BENEFITS"},
		{"the lads upstairs are dealing drugs", "", "ANTISOCIAL"},
	}
	for _, tt := range tests {
		if got := problemIn(tt.text); got != tt.problem {
			t.Errorf("problemIn(%q) = %q, want %q", tt.text, got, tt.problem)
		}
		if got := topicIn(tt.text); got != tt.topic {
			t.Errorf("topicIn(%q) = %q, want %q", tt.text, got, tt.topic)
		}
	}
}

func TestNearElectrics(t *testing.T) {
	for text, want := range map[string]bool{
		"it's near the light fitting":    true,
		"next to the plug socket":        true,
		"by the fuse box":                true,
		"in the kitchen":                 false,
		"by the red light on the boiler": false,
		"near the sink plug":             false,
	} {
		if got := nearElectrics(text); got != want {
			t.Errorf("nearElectrics(%q) = %v, want %v", text, got, want)
		}
	}
}

// Phrases are matched word by word against newReading's tokens, so one
// spelled otherwise (capitals, apostrophes, doubled spaces, punctuation)
// could never be heard.
func TestPhrasesAreSpelledAsTenantsAreRead(t *testing.T) {
	check := func(where string, c cue) {
		for _, phrase := range c {
			want := strings.Join(newReading(strings.ReplaceAll(phrase, "*", "")).toks, " ")
			if strings.ReplaceAll(phrase, "*", "") != want {
				t.Errorf("%s: phrase %q is read as %q", where, phrase, want)
			}
		}
	}
	for _, rules := range [][]rule{dangerRules, problemRules, topicRules} {
		for _, ru := range rules {
			check(ru.id+" mask", ru.mask)
			check(ru.id+" unless", ru.unless)
			for _, c := range ru.all {
				check(ru.id, c)
			}
		}
	}
}
