package intents_test

import (
	"context"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestLowOrThinkingOfHarmHearsWhoToTalkTo: a tenant who says they are low,
// or thinking of harming themselves, hears Samaritans' number and 999
// first, wherever in a conversation they say it, then is offered a coach
// visit; their words are not kept. Words of a problem in the home that
// only sound like it go on as that problem.
func TestLowOrThinkingOfHarmHearsWhoToTalkTo(t *testing.T) {
	lead := func(intent, words string) func(*convo) intents.Response {
		return utter(intent, "description~"+words)
	}
	tests := []struct {
		name  string
		reach []func(*convo) intents.Response
		say   func(*convo) intents.Response
		low   bool
	}{
		{"thoughts of ending their life, opening", nil, utter("OutOfScopeIntent", "topic~to kill myself"), true},
		{"resolved by Alexa", nil, utter("OutOfScopeIntent", "topic=WELLBEING~thoughts of suicide"), true},
		{"feeling low", nil, lead("SaysIMIntent", "feeling really low"), true},
		{"depressed", nil, lead("SaysIIntent", "feel so depressed"), true},
		{"can't cope", nil, lead("SaysIIntent", "can't cope any more"), true},
		{"panic attacks", nil, utter("ReportRepairIntent", "problem~been having panic attacks"), true},
		{"no reason to live, asked which room", steps(utter("ReportRepairIntent", "problem=WINDOW")), lead("SaysIIntent", "honestly don't see any reason to live"), true},
		{"in a guide", steps(utter("SelfFixIntent", "problem=RADIATOR")), lead("SaysIMIntent", "thinking about ending it all"), true},
		{"damp that is getting them down is the damp", nil, utter("ReportRepairIntent", "problem=DAMP_MOULD~the mould is making me depressed"), false},
		{"can't cope with a problem is the problem", nil, lead("SaysIIntent", "can't cope with the damp any more"), false},
		{"hurt on a broken step is a repair", nil, lead("SaysIIntent", "hurt myself on the broken step"), false},
		{"wanting to hurt themselves, as Alexa splits it", nil, utter("OutOfScopeIntent", "topic~to hurt myself"), true},
		{"feeling like hurting themselves", nil, lead("SaysIIntent", "feel like hurting myself"), true},
		{"thinking about hurting themselves", nil, utter("ReportRepairIntent", "problem~sometimes i think about hurting myself"), true},
		{"an overdose taken", nil, utter("ReportRepairIntent", "problem~i've taken too many pills"), true},
		{"can't do this any more", nil, lead("SaysIIntent", "can't do this anymore"), true},
		{"nobody cares", nil, utter("ReportRepairIntent", "problem~nobody cares about me"), true},
		{"giving up on a boiler is the boiler", nil, lead("SaysIIntent", "give up with this boiler"), false},
		{"low water pressure", nil, utter("ReportRepairIntent", "problem~the water pressure is really low"), false},
		{"low boiler pressure", nil, utter("ReportRepairIntent", "problem=BOILER_PRESSURE~the boiler pressure is low"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, _ := f.linked("HH-W", false)
			for _, do := range tt.reach {
				do(c)
			}
			r := tt.say(c)
			speech := plain(r)
			heard := strings.Contains(speech, "Samaritans") && strings.Contains(speech, "116 123") && strings.Contains(speech, "call 999")
			if heard != tt.low {
				t.Fatalf("heard who to talk to: %v, want %v: %q", heard, tt.low, speech)
			}
			if !tt.low {
				return
			}
			if !strings.Contains(r.Speech, `<say-as interpret-as="telephone">116 123</say-as>`) {
				t.Errorf("the number is not read as a phone number: %s", r.Speech)
			}
			if r.End || !strings.HasSuffix(speech, "Would you like me to find a time for a visit?") {
				t.Errorf("want a coach visit offered, session open: %q", speech)
			}
			ev := f.lastEvent()
			if ev.Outcome != intents.OutcomeOutOfScope || ev.Slots["topic"] != "WELLBEING" || len(ev.Slots) != 1 {
				t.Errorf("event outcome %q slots %v, want out_of_scope with the topic alone", ev.Outcome, ev.Slots)
			}
			if r := yes(c); !strings.Contains(plain(r), "Shall I book it?") {
				t.Errorf("yes to a visit: %q", plain(r))
			}
		})
	}
}

// TestSomeoneHurtHearsNineNineNine: someone hurt or taken ill at home,
// said with nothing in the home named, is told to call 999 (NHS 111 for
// what is not an emergency), never "didn't understand"; a thing that fell,
// or a fall on a thing, is that thing's report.
func TestSomeoneHurtHearsNineNineNine(t *testing.T) {
	tests := []struct {
		name string
		say  func(*convo) intents.Response
		hurt bool
	}{
		{"fallen and can't get up", utter("ReportRepairIntent", "problem~my nan's fallen and can't get up"), true},
		{"had a fall, as Alexa keeps it", utter("ReportRepairIntent", "problem~had a fall"), true},
		{"collapsed", utter("ReportRepairIntent", "problem~my husband's collapsed in the bathroom"), true},
		{"not breathing", utter("ReportRepairIntent", "problem~he's not breathing"), true},
		{"an ambulance", utter("OutOfScopeIntent", "topic~an ambulance"), true},
		{"a doctor needed", utter("SaysIIntent", "description~need to see a doctor"), true},
		{"on the floor after a fall: no floor to repair", utter("SaysIVeIntent", "description~had a fall and i'm on the floor"), true},
		{"a shelf that fell", utter("ReportRepairIntent", "problem~the shelf fell down", "room=KITCHEN"), false},
		{"tiles fallen off", utter("ReportRepairIntent", "problem~the tiles have fallen off the wall"), false},
		{"a fall on a broken step", utter("SaysIIntent", "description~fell on the broken step"), false},
		{"the stairs too much", utter("ReportRepairIntent", "problem~me nan can't get up the stairs any more"), false},
		{"a radiator that needs bleeding", utter("ReportRepairIntent", "problem=RADIATOR~the radiator needs bleeding"), false},
		{"fell down the stairs", utter("ReportRepairIntent", "problem~my nan fell down the stairs"), true},
		{"fell off a ladder", utter("ReportRepairIntent", "problem~my husband fell off the ladder"), true},
		{"nearly fell down the stairs", utter("ReportRepairIntent", "problem~i nearly fell down the stairs the carpet's loose"), false},
		{"a ladder down the stairs", utter("ReportRepairIntent", "problem~the ladder fell down the stairs"), false},
		{"hurt an arm", utter("ReportRepairIntent", "problem~my son fell out of the tree and hurt his arm"), true},
		{"hurt a back", utter("ReportRepairIntent", "problem~hurt my back"), true},
		{"swallowed something", utter("ReportRepairIntent", "problem~my little boy's swallowed something"), true},
		{"a baby with a high temperature", utter("ReportRepairIntent", "problem~baby's got a high temperature"), true},
		{"dizzy", utter("SaysIIntent", "description~feel dizzy"), true},
		{"fallen, as Alexa keeps it", utter("ReportRepairIntent", "problem~fallen and can't reach the phone"), true},
		{"someone not answering the door, as Alexa splits it", utter("ReportRepairIntent", "room~mum's not answering", "problem=DOOR~the door"), true},
		{"a doorbell people can't be heard at", utter("ReportRepairIntent", "problem~the doorbell's not working so i can't hear people at the door"), false},
		{"a part hurting, as Alexa splits it", utter("ReportRepairIntent", "problem~hurting me", "room~back"), true},
		{"a sore chest", utter("ReportRepairIntent", "problem~really sore", "room~chest"), true},
		{"knees hurting on the stairs are the knees", utter("ReportRepairIntent", "problem~knees are killing me", "room=HALLWAY~stairs"), true},
		{"someone lying in the stairwell is there, not a repair", utter("ReportRepairIntent", "problem~there's a man lying in the stairwell"), true},
		{"damp that is killing them is the damp", utter("ReportRepairIntent", "problem=DAMP_MOULD~this damp is killing me"), false},
		{"a back door sore to open is the door", utter("ReportRepairIntent", "problem=DOOR~back door is sore to open"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, _ := f.linked("HH-H", false)
			r := tt.say(c)
			speech := plain(r)
			if heard := strings.Contains(speech, "call 999 now") && strings.Contains(speech, "NHS 111"); heard != tt.hurt {
				t.Fatalf("told to call 999: %v, want %v: %q", heard, tt.hurt, speech)
			}
			if strings.Contains(speech, "didn't understand") {
				t.Errorf("not understood: %q", speech)
			}
			if tt.hurt {
				if ev := f.lastEvent(); ev.Slots["topic"] != "HURT" || r.End {
					t.Errorf("event topic %q, session ended %v", ev.Slots["topic"], r.End)
				}
			}
		})
	}
}

// TestHurtByARepairHearsNineNineNineFirst: someone hurt by a thing in the
// home hears 999 before anything about the thing, is not offered a guide
// for it, and the report made carries their words for the repairs team.
func TestHurtByARepairHearsNineNineNineFirst(t *testing.T) {
	tests := []struct {
		name string
		say  func(*convo) intents.Response
	}{
		{"hit his head on the radiator, as Alexa splits it", utter("ReportRepairIntent", "problem~son hit his head", "room~broken radiator")},
		{"scalded by the boiler's water", utter("ReportRepairIntent", "problem~i scalded myself because the boiler water is boiling hot")},
		{"banged her head, in one sentence", utter("SaysIIntent", "description~think my mum banged her head on the radiator in the hall")},
		{"fell down the stairs, for a loose bannister", utter("SaysIIntent", "description~fell down the stairs because the bannister came loose")},
		{"cut on broken glass, as Alexa splits it", utter("ReportRepairIntent", "problem~i cut myself", "room~broken glass in the back door")},
		{"burnt a hand on the radiator", utter("ReportRepairIntent", "problem~i've burnt my hand on the radiator")},
		{"a baby burnt on the radiator", utter("ReportRepairIntent", "problem~the baby's burnt herself on the radiator")},
		{"hit by a cupboard door, as Alexa splits it", utter("ReportRepairIntent", "problem~cupboard door hit me", "room~face")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("HH-H", false)
			speech := plain(tt.say(c))
			hurtAt, roomAt := strings.Index(speech, "call 999 now"), strings.Index(speech, "Which room")
			if hurtAt < 0 || strings.Contains(speech, "guide") {
				t.Fatalf("not told to call 999 first, or offered a guide: %q", speech)
			}
			if roomAt >= 0 && roomAt < hurtAt {
				t.Fatalf("asked for the room before 999: %q", speech)
			}
			if roomAt >= 0 {
				speech = plain(c.say("ReportRepairIntent", "room=HALL"))
			}
			if !strings.Contains(speech, "Shall I report it?") {
				t.Fatalf("not asked to confirm the report: %q", speech)
			}
			if speech = plain(c.say("AMAZON.YesIntent")); !strings.Contains(speech, "Your reference is") {
				t.Fatalf("report not made: %q", speech)
			}
			open, err := f.store.OpenRepairs(context.Background(), h.ID)
			if err != nil || len(open) != 1 || !strings.Contains(open[0].Description, "head") && !strings.Contains(open[0].Description, "scalded") && !strings.Contains(open[0].Description, "fell") && !strings.Contains(open[0].Description, "cut") && !strings.Contains(open[0].Description, "burnt") && !strings.Contains(open[0].Description, "hit me") {
				t.Fatalf("open repairs %+v, %v: want one with the tenant's words", open, err)
			}
		})
	}
}

// TestAbuseHearsTheHelpline: a tenant who says someone in their life
// hurts, threatens or controls them hears 999 for danger now and the
// National Domestic Abuse Helpline, before any task; their words are not
// kept. A thing that hit them, or a part of them that hurts, is not abuse.
func TestAbuseHearsTheHelpline(t *testing.T) {
	tests := []struct {
		name  string
		say   func(*convo) intents.Response
		abuse bool
	}{
		{"scared of being hurt", utter("SaysIMIntent", "description~scared he's going to hurt me"), true},
		{"a partner who hits", utter("ReportRepairIntent", "problem~my partner hits me"), true},
		{"said by name", utter("OutOfScopeIntent", "topic~domestic abuse"), true},
		{"resolved by Alexa", utter("OutOfScopeIntent", "topic=ABUSE~domestic violence"), true},
		{"kept in", utter("ReportRepairIntent", "problem~my husband won't let me leave the house"), true},
		{"in the middle of a report", utter("SaysIIntent", "description~am frightened of him he hit me last night"), true},
		{"an ex who keeps turning up, split by Alexa", utter("ReportRepairIntent", "problem~the door", "room~ex keeps turning up at"), true},
		{"an ex council flat", utter("ReportRepairIntent", "problem~it's an ex council flat and the door is broken"), false},
		{"a cupboard door that hit them", utter("ReportRepairIntent", "problem~cupboard door hit me", "room~face"), false},
		{"a back that hurts", utter("ReportRepairIntent", "problem~my back is hurting me"), false},
		{"youths threatening them", utter("ReportRepairIntent", "problem~the kids next door keep threatening me"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, _ := f.linked("HH-A", false)
			r := tt.say(c)
			speech := plain(r)
			if heard := strings.Contains(speech, "0808 2000 247") && strings.Contains(speech, "call 999"); heard != tt.abuse {
				t.Fatalf("heard the helpline: %v, want %v: %q", heard, tt.abuse, speech)
			}
			if !tt.abuse {
				return
			}
			if !strings.Contains(r.Speech, `<say-as interpret-as="telephone">0808 2000 247</say-as>`) || r.End {
				t.Errorf("the number is not read as a phone number, or the session ended: %s", r.Speech)
			}
			if ev := f.lastEvent(); ev.Outcome != intents.OutcomeOutOfScope || ev.Slots["topic"] != "ABUSE" || len(ev.Slots) != 1 {
				t.Errorf("event outcome %q slots %v, want out_of_scope with the topic alone", ev.Outcome, ev.Slots)
			}
		})
	}
}
