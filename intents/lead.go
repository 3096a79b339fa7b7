package intents

import "strings"

// Tenants rarely open with the words a sample expects: "sparks came out of
// the socket", "water's dripping out the big light", "no, that didn't fix
// it", "how do I bleed a radiator". An AMAZON.SearchQuery slot takes the
// words after a carrier phrase, and Alexa sends only the slot, so a carrier
// made of a word that matters ("sparks", "no", "how") would take that word
// away from the skill. Each lead intent in the interaction model is one
// such opening word, with its spellings as carriers ("water {description}",
// "water's {description}"); the intent's name brings the word back, and the
// request goes on as a repair report with the tenant's whole sentence in
// its description slot, which the skill reads like any other (danger
// first). Openings that carry no meaning ("the", "I", "er") stay carriers of
// the repair report itself.
//
// A test holds this table and the model's lead intents to each other.
var leadWords = map[string]string{
	"SaysYesIntent":         "yes",
	"SaysNoIntent":          "no",
	"SaysNotIntent":         "not",
	"SaysNothingIntent":     "nothing",
	"SaysNoneIntent":        "none",
	"SaysAllIntent":         "all",
	"SaysStillIntent":       "still",
	"SaysNeverIntent":       "never",
	"SaysPleaseIntent":      "please",
	"SaysThanksIntent":      "thanks",
	"SaysHowIntent":         "how",
	"SaysWhatIntent":        "what",
	"SaysWhatsIntent":       "what's",
	"SaysWhenIntent":        "when",
	"SaysWhensIntent":       "when's",
	"SaysWhoIntent":         "who",
	"SaysWhosIntent":        "who's",
	"SaysWhereIntent":       "where",
	"SaysWheresIntent":      "where's",
	"SaysWhyIntent":         "why",
	"SaysCanIntent":         "can",
	"SaysCantIntent":        "can't",
	"SaysWontIntent":        "won't",
	"SaysDontIntent":        "don't",
	"SaysDoesntIntent":      "doesn't",
	"SaysDidntIntent":       "didn't",
	"SaysThatsIntent":       "that's",
	"SaysItsIntent":         "it's",
	"SaysTheresIntent":      "there's",
	"SaysIllIntent":         "I'll",
	"SaysWaterIntent":       "water",
	"SaysSmokeIntent":       "smoke",
	"SaysSmokingIntent":     "smoking",
	"SaysSparksIntent":      "sparks",
	"SaysFlamesIntent":      "flames",
	"SaysFireIntent":        "fire",
	"SaysGasIntent":         "gas",
	"SaysSmellIntent":       "smell",
	"SaysBurningIntent":     "burning",
	"SaysBurntIntent":       "burnt",
	"SaysSewageIntent":      "sewage",
	"SaysWasteIntent":       "waste",
	"SaysIThinkIntent":      "I think",
	"SaysGreyIntent":        "grey",
	"SaysGunkIntent":        "gunk",
	"SaysAgainIntent":       "again",
	"SaysBeforeIntent":      "before",
	"SaysTalkIntent":        "talk",
	"SaysTeachIntent":       "teach",
	"SaysClearedIntent":     "cleared",
	"SaysDirtyIntent":       "dirty",
	"SaysPlasterIntent":     "plaster",
	"SaysCeilingIntent":     "ceiling",
	"SaysElectricIntent":    "electric",
	"SaysPowerIntent":       "power",
	"SaysLightsIntent":      "lights",
	"SaysShockIntent":       "shock",
	"SaysFlashIntent":       "flash",
	"SaysBlueIntent":        "blue",
	"SaysBangIntent":        "bang",
	"SaysDripIntent":        "drip",
	"SaysHeadacheIntent":    "headache",
	"SaysDizzyIntent":       "dizzy",
	"SaysFeelingIntent":     "feeling",
	"SaysSickIntent":        "sick",
	"SaysRottenIntent":      "rotten",
	"SaysEggsIntent":        "eggs",
	"SaysSulphurIntent":     "sulphur",
	"SaysAlarmIntent":       "alarm",
	"SaysBeepingIntent":     "beeping",
	"SaysChirpingIntent":    "chirping",
	"SaysUpstairsIntent":    "upstairs",
	"SaysDownstairsIntent":  "downstairs",
	"SaysOutsideIntent":     "outside",
	"SaysNextIntent":        "next",
	"SaysPutIntent":         "put",
	"SaysSpeakIntent":       "speak",
	"SaysHelpIntent":        "help",
	"SaysCancelIntent":      "cancel",
	"SaysBookIntent":        "book",
	"SaysSendIntent":        "send",
	"SaysGetIntent":         "get",
	"SaysNeedIntent":        "need",
	"SaysRentIntent":        "rent",
	"SaysSortIntent":        "sort",
	"SaysIdIntent":          "I'd",
	"SaysHangOnIntent":      "hang on",
	"SaysHoldOnIntent":      "hold on",
	"SaysWaitIntent":        "wait",
	"SaysBoilerIntent":      "boiler",
	"SaysRadiatorIntent":    "radiator",
	"SaysToiletIntent":      "toilet",
	"SaysSinkIntent":        "sink",
	"SaysBathIntent":        "bath",
	"SaysShowerIntent":      "shower",
	"SaysTapIntent":         "tap",
	"SaysTapsIntent":        "taps",
	"SaysWindowIntent":      "window",
	"SaysDoorIntent":        "door",
	"SaysRoofIntent":        "roof",
	"SaysDrainIntent":       "drain",
	"SaysHeatingIntent":     "heating",
	"SaysPipeIntent":        "pipe",
	"SaysFuseIntent":        "fuse",
	"SaysSocketIntent":      "socket",
	"SaysPlugIntent":        "plug",
	"SaysSwitchIntent":      "switch",
	"SaysCookerIntent":      "cooker",
	"SaysOvenIntent":        "oven",
	"SaysHobIntent":         "hob",
	"SaysKitchenIntent":     "kitchen",
	"SaysBathroomIntent":    "bathroom",
	"SaysBedroomIntent":     "bedroom",
	"SaysDampIntent":        "damp",
	"SaysMouldIntent":       "mould",
	"SaysWiresIntent":       "wires",
	"SaysMeterIntent":       "meter",
	"SaysPardonIntent":      "pardon",
	"SaysDoneIntent":        "done",
	"SaysMightIntent":       "might",
	"SaysShowIntent":        "show",
	"SaysRemindIntent":      "remind",
	"SaysCallIntent":        "call",
	"SaysAmIntent":          "am",
	"SaysStopIntent":        "stop",
	"SaysKindIntent":        "kind",
	"SaysCarbonIntent":      "carbon",
	"SaysBurstIntent":       "burst",
	"SaysHissingIntent":     "hissing",
	"SaysBlackIntent":       "black",
	"SaysCracklingIntent":   "crackling",
	"SaysBuzzingIntent":     "buzzing",
	"SaysBareIntent":        "bare",
	"SaysRainIntent":        "rain",
	"SaysNowIntent":         "now",
	"SaysEverywhereIntent":  "everywhere",
	"SaysPartIntent":        "part",
	"SaysHumanIntent":       "human",
	"SaysFoulIntent":        "foul",
	"SaysEveryIntent":       "every",
	"SaysBrownIntent":       "brown",
	"SaysHorribleIntent":    "horrible",
	"SaysLooIntent":         "loo",
	"SaysManholeIntent":     "manhole",
	"SaysPouringIntent":     "pouring",
	"SaysFloodingIntent":    "flooding",
	"SaysLeakingIntent":     "leaking",
	"SaysSinceIntent":       "since",
	"SaysBeenIntent":        "been",
	"SaysHaventIntent":      "haven't",
	"SaysNowtIntent":        "nowt",
	"SaysTurnedIntent":      "turned",
	"SaysSootIntent":        "soot",
	"SaysYellowIntent":      "yellow",
	"SaysBigIntent":         "big",
	"SaysMumIntent":         "mum",
	"SaysFrontIntent":       "front",
	"SaysBackIntent":        "back",
	"SaysBrokenIntent":      "broken",
	"SaysStrangeIntent":     "strange",
	"SaysNobodyIntent":      "nobody",
	"SaysFloodIntent":       "flood",
	"SaysThroughIntent":     "through",
	"SaysShouldIntent":      "should",
	"SaysIIntent":           "I",
	"SaysWeIntent":          "we",
	"SaysAIntent":           "a",
	"SaysAnIntent":          "an",
	"SaysSoIntent":          "so",
	"SaysInIntent":          "in",
	"SaysOnIntent":          "on",
	"SaysUnderIntent":       "under",
	"SaysUpIntent":          "up",
	"SaysOutIntent":         "out",
	"SaysFromIntent":        "from",
	"SaysOverIntent":        "over",
	"SaysIfIntent":          "if",
	"SaysPeopleIntent":      "people",
	"SaysThereIntent":       "there",
	"SaysItIntent":          "it",
	"SaysKidsIntent":        "kids",
	"SaysEveryoneIntent":    "everyone",
	"SaysTheIntent":         "the",
	"SaysBitsIntent":        "bits",
	"SaysBitIntent":         "bit",
	"SaysRawIntent":         "raw",
	"SaysJustIntent":        "just",
	"SaysGoIntent":          "go",
	"SaysDoIntent":          "do",
	"SaysDidIntent":         "did",
	"SaysDoesIntent":        "does",
	"SaysIsIntent":          "is",
	"SaysAreIntent":         "are",
	"SaysHaveIntent":        "have",
	"SaysHasIntent":         "has",
	"SaysWasIntent":         "was",
	"SaysWereIntent":        "were",
	"SaysLetIntent":         "let",
	"SaysGotIntent":         "got",
	"SaysSorryIntent":       "sorry",
	"SaysHelloIntent":       "hello",
	"SaysHiIntent":          "hi",
	"SaysRightIntent":       "right",
	"SaysAnyIntent":         "any",
	"SaysActuallyIntent":    "actually",
	"SaysSomethingIntent":   "something",
	"SaysSomeoneIntent":     "someone",
	"SaysSomebodyIntent":    "somebody",
	"SaysEverythingIntent":  "everything",
	"SaysEverythingSIntent": "everything's",
	"SaysThatIntent":        "that",
	"SaysSomethingSIntent":  "something's",
	"SaysSomeoneSIntent":    "someone's",
	"SaysSomebodySIntent":   "somebody's",
	"SaysIVeIntent":         "I've",
	"SaysWeVeIntent":        "we've",
	"SaysIMIntent":          "I'm",
}

// LeadIntents lists the model's lead intents.
func LeadIntents() []string {
	out := make([]string, 0, len(leadWords))
	for name := range leadWords {
		out = append(out, name)
	}
	return out
}

// LeadWord is the opening word a lead intent stands for.
func LeadWord(intent string) (string, bool) {
	w, ok := leadWords[intent]
	return w, ok
}

// leadAlone is the intent a lead word said alone stands for, where that
// word is also a whole sample of another intent ("no", "help", "cheers"):
// Alexa gives the whole sample its own intent.
var leadAlone = map[string]string{
	"yes":     "AMAZON.YesIntent",
	"no":      "AMAZON.NoIntent",
	"please":  "AMAZON.YesIntent",
	"thanks":  "ThanksIntent",
	"what":    "AMAZON.RepeatIntent",
	"again":   "AMAZON.RepeatIntent",
	"help":    "AMAZON.HelpIntent",
	"next":    "AMAZON.NextIntent",
	"cancel":  "AMAZON.CancelIntent",
	"pardon":  "AMAZON.RepeatIntent",
	"done":    "AMAZON.NextIntent",
	"hang on": "HoldOnIntent",
	"hold on": "HoldOnIntent",
	"wait":    "HoldOnIntent",
	"stop":    "AMAZON.StopIntent",
	"back":    "AMAZON.PreviousIntent",
	"hello":   "CheckingInIntent",
	"hi":      "CheckingInIntent",
}

// LeadAlone is the intent a lead intent said with nothing after it is
// answered as: another intent, or (ok false) a repair report of the word.
func LeadAlone(intent string) (string, bool) {
	in, ok := leadAlone[leadWords[intent]]
	return in, ok
}

// withLead turns a lead intent back into the sentence the tenant said, as
// a repair report carrying it; a lead said alone is the word itself.
func (r Request) withLead() Request {
	lead, ok := leadWords[r.Intent]
	if !ok || r.Type != IntentRequest {
		return r
	}
	rest := strings.TrimSpace(r.Slots["description"].Value)
	if in, ok := leadAlone[lead]; ok && rest == "" {
		r.Intent, r.Slots = in, nil
		return r
	}
	words := lead
	if rest != "" {
		words += " " + rest
	}
	r.Intent = "ReportRepairIntent"
	r.Slots = map[string]Slot{"description": {Value: words}}
	return r
}
