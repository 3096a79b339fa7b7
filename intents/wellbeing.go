package intents

import (
	"context"
	"slices"
	"strings"
)

// wellbeingSpeech is what a tenant who says they are low, or thinking of
// harming themselves, hears first: who to talk to now, and 999 for danger.
// Samaritans answer free, day and night, across the UK and Ireland.
func wellbeingSpeech() *speech {
	return say("I'm sorry you're feeling like this. You don't have to cope with it on your own.",
		"You can talk to Samaritans, free, any time of the day or night, on").phone(samaritansNumber).
		text(". If you might act on thoughts of harming yourself, or you're in danger now, call 999.")
}

const samaritansNumber = "116 123"

// thoughtsOfHarm are a tenant's words for thoughts of ending their life or
// harming themselves: heard before any task, whatever else is said. Words
// that also fit an injury in the home ("I hurt myself on the step", "cut
// myself on the tile") are not among them.
var thoughtsOfHarm = cue{"kill myself", "killing myself", "end my life", "ending my life", "end it all", "ending it all", "take my own life", "taking my own life", "suicid*", "harm myself", "harming myself", "self harm*", "selfharm*", "overdose", "want to die", "wanna die", "wish i was dead", "wish i were dead", "better off dead", "better off without me", "point in living", "point living", "reason to live", "reason for living", "nothing to live for", "dont want to live", "not want to live", "dont want to be here any more", "dont want to be here anymore",
	// Harm meant, not an accident ("I cut myself on the glass" is
	// someone hurt, hurtOrUnwell).
	"to hurt myself", "to cut myself", "want to hurt myself", "wanna hurt myself", "feel like hurting myself", "going to hurt myself", "gonna hurt myself", "about hurting myself", "of hurting myself", "about cutting myself", "of cutting myself", "hurt myself on purpose", "been hurting myself", "keep hurting myself", "want to cut myself", "feel like cutting myself", "been cutting myself", "dont want to wake up", "dont want to be alive", "not want to be alive", "cant see a way out", "dont feel safe with myself", "not safe with myself",
	// An overdose taken: 999, which the answer gives.
	"taken too many", "took too many", "taken all my tablets", "taken all my pills", "taken all the tablets", "taken all the pills", "swallowed pills", "swallowed tablets", "swallowed some pills", "swallowed some tablets", "swallowed a load of", "taken a load of pills", "taken a load of tablets", "taken loads of pills", "taken loads of tablets", "taken a bottle of"}

// feelingLow are a tenant's words for being low in themselves. Said of a
// problem in the home ("I can't cope with this damp", "the mould is
// making me depressed") they are that problem's, and the report goes on;
// said on their own, the tenant hears who to talk to first. Loneliness is
// a coach's visit (intentRules).
var feelingLow = cue{"feeling low", "feel low", "felt low", "feeling so low", "feel so low", "feeling really low", "feel really low", "feeling very low", "i am so low", "i am really low", "i am very low", "feeling down", "feeling really down", "feeling so down", "low mood", "depressed", "depression", "anxious", "anxiety", "panic attack*", "mental health", "nervous breakdown", "end of my tether", "cant cope", "cannot cope", "can not cope", "cant go on", "cannot go on", "can not go on", "cant take it any more", "cant take it anymore", "cant take any more", "cant do this any more", "cant do this anymore", "cant do it any more", "cant do it anymore", "feel like giving up", "giving up on life", "given up on life", "nobody cares about me", "no one cares about me", "nobody cares if i", "everything is too much", "it is all too much", "all getting too much", "what is the point any more", "what is the point anymore", "what is the point of anything", "no point in anything"}

// heardLow answers a tenant who says they are low, or thinking of harming
// themselves, wherever they say it: before any task, as danger is heard.
func (t *turn) heardLow(ctx context.Context) (Response, bool) {
	words := t.slotWords()
	if words == "" {
		return Response{}, false
	}
	r := t.read(words)
	switch {
	case t.req.Slots["topic"].ID == "WELLBEING", r.has(thoughtsOfHarm, nil):
	case r.has(feelingLow, nil) && t.readProblem(words) == "" && t.topicIn(words) == "":
	default:
		return Response{}, false
	}
	return t.wellbeing(ctx), true
}

// wellbeing gives who to talk to now, then offers a visit from the
// tenant's Neighbourhood Coach: a person the skill can send. The tenant's
// words are not kept, in the event or anywhere else.
func (t *turn) wellbeing(ctx context.Context) Response {
	t.ev.Intent = "OutOfScopeIntent"
	t.flow(FlowOther)
	t.outcome(OutcomeOutOfScope)
	t.slot("topic", "WELLBEING")
	t.step("wellbeing")
	s := wellbeingSpeech().text("Your Neighbourhood Coach can also come and see you at home.")
	return t.ask(s, say("Would you like me to find a time for a visit?"),
		say("Please say yes or no. Would you like a visit from your Neighbourhood Coach?"), State{Pending: pendingOfferBooking})
}

// abuseSpeech is what a tenant who says someone hurts, threatens or
// controls them hears: 999 for danger now, then the National Domestic
// Abuse Helpline, which Refuge runs free and in confidence, day and night.
func abuseSpeech() *speech {
	return say("I'm sorry that's happening to you. If you're in danger now, call 999.",
		"The National Domestic Abuse Helpline is free and confidential, any time of the day or night, on").phone(abuseHelpline).text(".")
}

const abuseHelpline = "0808 2000 247"

// abuse are a tenant's words for being hurt, threatened or controlled by
// someone in their life. A neighbour's, a stranger's or youths' threats
// are antisocial behaviour (topics), and a thing that hit someone ("the
// cupboard door hit me") names no one.
var abuse = [...]rule{
	// Twenty-second session: an ex who will not keep away.
	{all: []cue{{"ex", "my ex", "an ex", "the ex", "ex partner", "ex husband", "ex wife", "ex boyfriend", "ex girlfriend", "kids dad", "childrens dad", "kids mum"}, {"turning up", "turns up", "turned up", "keeps coming", "keeps coming round", "wont leave me alone", "wont stay away", "wont keep away", "harass*", "following me", "follows me", "stalking", "stalks me", "watching me", "watching the house", "banging on", "hanging around", "outside my", "keeps ringing", "keeps texting", "keeps messaging", "trying to get in", "tried to get in", "broke in", "smashed"}}},
	{all: []cue{{"domestic abuse", "domestic violence", "abusive relationship", "abusive partner", "abusive husband", "abusive boyfriend", "abusive wife", "abusive girlfriend", "abusive ex", "abusive son", "abusive daughter", "coercive control*"}}},
	{all: []cue{
		{"hits me", "hit me", "hitting me", "beats me", "beat me", "beating me", "beaten me", "beat me up", "punched me", "punches me", "punching me", "kicked me", "kicks me", "kicking me", "slapped me", "slaps me", "strangled me", "choked me", "pushed me", "shoved me", "hurts me", "hurting me", "hurt me", "going to hurt me", "gonna hurt me", "going to kill me", "gonna kill me", "will kill me", "threatening me", "threatened me", "threatens me", "threatened to kill", "abusing me", "abuses me", "abused me", "controls me", "controlling me", "wont let me leave", "wont let me out", "wont let me go out", "wont let me see", "takes my money", "scared of him", "scared of her", "frightened of him", "frightened of her", "afraid of him", "afraid of her", "terrified of him", "terrified of her"},
		{"he", "she", "he is", "she is", "him", "her", "partner", "husband", "wife", "boyfriend", "girlfriend", "ex", "fella", "bloke", "son", "daughter", "brother", "sister", "dad", "father", "mum", "mother", "stepdad", "stepmum", "carer"}},
		unless: cue{"neighbour*", "next door", "youths", "kids outside", "gang*", "stranger*", "in the street", "outside", "my back", "my knee", "my leg", "my arm", "my head", "my neck", "my chest", "my hip", "my feet", "my foot", "my hand", "my hands", "my eyes", "my ears", "my teeth", "my tooth"}},
}

// heardAbuse answers a tenant who says someone in their life hurts,
// threatens or controls them, wherever they say it, as harm is heard. The
// tenant's words are not kept, in the event or anywhere else.
func (t *turn) heardAbuse(ctx context.Context) (Response, bool) {
	words := t.slotWords()
	if words == "" && t.req.Slots["topic"].ID != "ABUSE" {
		return Response{}, false
	}
	if r := t.read(words); t.req.Slots["topic"].ID != "ABUSE" && !slices.ContainsFunc(abuse[:], r.matches) {
		return Response{}, false
	}
	return t.heardAside("ABUSE", "abuse", abuseSpeech()), true
}

// heardAside answers words heard before any task that no task is for
// (abuse, someone hurt): what to do now, then anything else. Only the
// topic is kept in the event.
func (t *turn) heardAside(topic, step string, s *speech) Response {
	t.ev.Intent = "OutOfScopeIntent"
	t.flow(FlowOther)
	t.outcome(OutcomeOutOfScope)
	t.slot("topic", topic)
	t.step(step)
	return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
}

// personOnFloor is someone on the floor, not a floor to repair.
var personOnFloor = cue{"im on the floor", "i am on the floor", "shes on the floor", "she is on the floor", "hes on the floor", "he is on the floor", "theyre on the floor", "they are on the floor", "lying on the floor", "laid on the floor", "stuck on the floor", "on the floor and", "off the floor", "up off the floor", "still on the floor"}

// hurtOrUnwell are words for someone hurt or taken ill at home: said on
// their own, they are never a repair, and the answer is 999.
var hurtOrUnwell = append(cue{"had a fall", "having a fall", "took a fall", "taken a fall", "not breathing", "stopped breathing", "unconscious", "passed out", "fainted", "heart attack", "having a stroke", "had a stroke", "having a fit", "had a fit", "seizure*", "chest pain*", "pains in my chest", "pain in my chest", "bleeding badly", "bleeding heavily", "bleeding a lot", "lot of blood", "lots of blood", "hit my head", "hit her head", "hit his head", "banged my head", "banged her head", "banged his head", "fell on my head", "fell on her head", "fell on his head", "fell on me", "fell on him", "fell on her", "fell on top of me", "came down on me", "came down on my head", "hit me on the head", "knocked me out", "knocked out", "ambulance", "paramedic*", "need a doctor", "need to see a doctor", "need the doctor", "need a gp", "need to see the doctor", "need to see my doctor", "badly hurt", "hurt badly", "really hurt", "seriously hurt", "scalded", "burnt myself", "burned myself", "injured", "been injured", "cut myself", "cut himself", "cut herself", "hurt myself", "hurt himself", "hurt herself",
	"swallowed something", "has swallowed", "is choking", "was choking", "started choking", "choking on", "high temperature", "fever", "feverish", "very poorly", "really poorly", "very ill", "really ill", "seriously ill", "dizzy", "feel faint", "feeling faint", "light headed", "lightheaded",
	"fallen and cant", "fell and cant", "cant reach the phone", "cant get to the phone", "cant get off the floor", "on the floor and cant",
	"burnt herself", "burnt himself", "burned herself", "burned himself", "burnt themselves", "burned themselves", "scalded myself", "scalded herself", "scalded himself", "scalded themselves", "hurt themselves", "cut themselves",
	"lying unconscious", "wont wake up", "cant wake him", "cant wake her", "cant wake them", "unresponsive"},
	append(brokenBones(), hurtParts()...)...)

// noAnswer is someone who should be at home not answering: 999, for a
// check on them, whatever door or phone is named.
var noAnswer = rule{all: []cue{{"not answering", "isnt answering", "wont answer", "no answer from", "not opening the door", "wont open the door"}, {"mum", "mam", "mom", "dad", "nan", "nana", "gran", "granny", "grandad", "grandma", "husband", "wife", "partner", "son", "daughter", "neighbour", "brother", "sister", "auntie", "aunty", "uncle", "friend", "she", "he", "her", "him"}}}

// brokenBones are a bone said broken ("I've broken my wrist"), not a thing
// ("they've broken my window").
func brokenBones() cue {
	var c cue
	for _, v := range [...]string{"broken", "broke"} {
		for _, whose := range [...]string{"my", "her", "his"} {
			for _, part := range [...]string{"arm", "leg", "wrist", "hip", "ankle", "foot", "hand", "nose", "back", "neck", "ribs", "collarbone", "shoulder", "elbow", "knee"} {
				c = append(c, v+" "+whose+" "+part)
			}
		}
	}
	return c
}

// hurtParts are a part of someone hurt or cut ("he's hurt his arm", "I've
// cut my hand"). "Hurt myself" is not among them: "I want to hurt myself"
// is for the wellbeing answer, read before this.
func hurtParts() cue {
	var c cue
	for _, v := range [...]string{"hurt", "cut", "injured", "sprained", "twisted", "gashed", "burnt", "burned", "scalded", "trapped"} {
		for _, whose := range [...]string{"my", "her", "his", "their"} {
			for _, part := range [...]string{"arm", "leg", "wrist", "hip", "ankle", "foot", "hand", "head", "back", "neck", "knee", "shoulder", "face", "finger", "fingers", "eye"} {
				c = append(c, v+" "+whose+" "+part)
			}
		}
	}
	return c
}

// bodyParts are the parts of someone that can be hurt. Alexa leaves out
// "my" when it takes one for the room ("my back is hurting me" as "hurting
// me" in "back"), so they are read alone.
var bodyParts = cue{"arm", "arms", "leg", "legs", "wrist", "wrists", "hip", "hips", "ankle", "ankles", "foot", "feet", "hand", "hands", "back", "neck", "knee", "knees", "shoulder", "shoulders", "face", "finger", "fingers", "thumb", "eye", "eyes", "chest", "tummy", "stomach", "belly", "head", "nose", "mouth", "teeth", "tooth", "toe", "toes", "ribs"}

// notBodyParts are the home's parts named with a body's: the back door, a
// shower head.
var notBodyParts = cue{"back door*", "back bedroom*", "back garden*", "back room*", "back of", "back wall*", "back step*", "back yard*", "back gate*", "shower head*", "head of the", "foot of the", "face of the", "door face", "arm of"}

// inPain is a part of someone hurting: "my back is killing me". "This
// damp is killing me" names no part.
var inPain = rule{all: []cue{{"hurting", "hurts", "killing me", "killing her", "killing him", "in agony", "in pain", "aching", "sore", "throbbing"}, bodyParts}, unless: notBodyParts}

// struckBy is a thing that hit someone: "the cupboard door hit me in the
// face". Hit by a person is abuse, heard before.
var struckBy = rule{all: []cue{{"hit me", "hit her", "hit him", "hit the baby", "smacked me", "whacked me", "landed on me", "landed on my", "fell on my", "caught me in the", "caught me on the"}, bodyParts}, unless: notBodyParts}

// saysHurt reports words that say someone is hurt by something in the
// home, or a fall: with a repair, the person comes first.
func saysHurt(r reading) bool {
	return r.has(hurtOrUnwell, nil) || r.matches(fallDown) || r.matches(struckBy)
}

// someoneLying is a person found lying somewhere, who may be hurt: the
// place named is where they are, not a repair.
var someoneLying = rule{all: []cue{{"man lying", "woman lying", "someone lying", "somebody lying", "person lying", "lady lying", "bloke lying", "lad lying", "girl lying", "boy lying", "child lying", "kid lying", "neighbour lying", "body"}}, unless: cue{"body of", "car body", "body work", "bodywork"}}

// cantGetUp is someone unable to get up: from a fall, not the stairs ("me
// nan can't get up the stairs any more" is an adaptation's report).
var cantGetUp = rule{all: []cue{{"cant get up", "cannot get up", "can not get up", "cant get herself up", "cant get himself up", "cant get myself up"}},
	unless: cue{"stair*", "step*", "up the", "up to", "upstairs", "bath*", "in the morning", "in the mornings", "for work"}}

// aFall is a person fallen or collapsed: "my nan's fallen", "my
// husband's collapsed". A thing that fell ("the shelf fell down") is not a
// person, and a fall on or over a thing ("I fell on the broken step") is
// that thing's report.
var aFall = rule{all: []cue{{"fallen", "fell", "had a fall", "collapsed", "come over faint", "taken ill", "taken poorly"}, {"i", "i am", "i have", "me", "my nan", "nan", "nana", "gran", "granny", "grandad", "grandma", "grandpa", "mum", "mam", "mom", "dad", "husband", "wife", "partner", "son", "daughter", "baby", "child", "he", "she", "he is", "she is", "someone", "somebody", "him", "her", "neighbour"}},
	unless: cue{"off", "down the", "out of the", "through the", "on the", "over the", "because of", "broken", "loose", "tripped", "tile*", "ceiling", "plaster", "shelf", "shelves", "fence", "tree", "gutter*", "wall", "door", "handle", "cupboard", "curtain*", "blind*", "pole", "rail", "slate*", "fell apart", "fallen apart", "fell to bits", "fallen to bits"}}

// fallDown is a person fallen down the stairs or off a ladder: hurt, or
// may be, whatever thing is named with it. A near miss ("I nearly fell
// down the stairs, the carpet's loose") is the thing's report alone.
var fallDown = rule{all: []cue{{"fell over", "fallen over", "tripped over", "tripped on", "tripped up", "slipped on", "slipped in", "slipped over", "went flying", "fell down the stairs", "fallen down the stairs", "fell down the stair", "fell down the steps", "fallen down the steps", "fell down the step", "fell down them", "fallen down them", "fell off the ladder", "fallen off the ladder", "fell off a ladder", "fallen off a ladder", "fell off the step ladder", "fell off a step ladder", "fell off the steps", "fell off a chair", "fell off the chair", "fell out of bed", "fallen out of bed", "fell in the bath", "fallen in the bath", "fell in the shower", "fallen in the shower"}, aFall.all[1]},
	unless: cue{"nearly", "almost", "could have", "could of", "might have", "might of", "going to", "gonna", "will fall", "someone will", "somebody will", "before someone", "before somebody", "in case", "scared", "frightened", "afraid", "worried"}}

// withoutFall is r's words without the fall itself: "my nan fell down the
// stairs" names stairs, but nothing wrong with them.
func withoutFall(r reading) string {
	used := make([]bool, len(r.toks))
	if !r.has(fallDown.all[0], used) {
		return strings.Join(r.toks, " ")
	}
	var b strings.Builder
	for i, tok := range r.toks {
		if !used[i] && tok != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(tok)
		}
	}
	return b.String()
}

// heardHurt answers words that say someone is hurt or unwell and name
// nothing in the home: 999 first, NHS 111 for what is not an emergency.
func (t *turn) heardHurt(ctx context.Context) (Response, bool) {
	words := t.slotWords()
	if words == "" {
		return Response{}, false
	}
	r := t.read(words)
	if !r.has(hurtOrUnwell, nil) && !r.matches(aFall) && !r.matches(cantGetUp) && !r.matches(fallDown) && !r.matches(noAnswer) && !r.matches(inPain) && !r.matches(struckBy) && !r.matches(someoneLying) {
		return Response{}, false
	}
	rest := withoutFall(r)
	if r.matches(noAnswer) || r.matches(someoneLying) || r.matches(inPain) {
		// "My mum's not answering the door": the door is hers, and fine;
		// "a man lying in the stairwell" is there, not broken; "my knees
		// are killing me on the stairs" is the knees.
		rest = ""
	}
	if t.readProblem(rest) != "" || t.namesAFixture(rest) {
		// "I fell down the stairs because the bannister came loose": a
		// thing to repair too, which the report hears (continueRepair).
		return Response{}, false
	}
	if t.read(rest).matches(rule{mask: personOnFloor, all: []cue{homeParts}}) {
		// "The loft hatch fell on my head": a repair of a part with no
		// problem of its own, in the tenant's words, and the person first
		// (continueRepair).
		desc := words
		if room, p := t.req.Slots["room"], t.req.Slots["problem"]; room.Value != "" && p.Value != "" && t.read(room.Value).has(homeParts, nil) {
			desc = room.Value + " " + p.Value
		}
		t.ev.Intent = "ReportRepairIntent"
		t.st = State{Flow: FlowRepair, Problem: Other, Room: t.roomSlot(), Desc: clipWords(desc, maxDescription), GuideTried: t.st.GuideTried}
		if t.st.Room == Other {
			t.st.Room = ""
		}
		return t.continueRepair(ctx, nil), true // which hears the hurt first
	}
	return t.heardAside("HURT", "hurt", hurtSpeech()), true
}

// hurtSpeech is the answer to someone hurt or unwell at home.
func hurtSpeech() *speech {
	return say("If someone is hurt or very unwell, call 999 now, or ask someone near you to.",
		"If it isn't an emergency, NHS 111 can help, day or night.")
}
