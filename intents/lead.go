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
	"SaysYesIntent":        "yes",
	"SaysNoIntent":         "no",
	"SaysNotIntent":        "not",
	"SaysNothingIntent":    "nothing",
	"SaysNoneIntent":       "none of the",
	"SaysAllIntent":        "all the",
	"SaysStillIntent":      "still",
	"SaysNeverIntent":      "never",
	"SaysPleaseIntent":     "please",
	"SaysThanksIntent":     "thanks",
	"SaysHowIntent":        "how",
	"SaysWhatIntent":       "what",
	"SaysWhenIntent":       "when",
	"SaysWhoIntent":        "who",
	"SaysWhereIntent":      "where",
	"SaysWhyIntent":        "why",
	"SaysCanIntent":        "can",
	"SaysCantIntent":       "cant",
	"SaysWontIntent":       "wont",
	"SaysDontIntent":       "dont",
	"SaysDoesntIntent":     "doesnt",
	"SaysDidntIntent":      "didnt",
	"SaysWaterIntent":      "water",
	"SaysSmokeIntent":      "smoke",
	"SaysSparksIntent":     "sparks",
	"SaysFlamesIntent":     "flames",
	"SaysFireIntent":       "fire",
	"SaysGasIntent":        "gas",
	"SaysSmellIntent":      "smell",
	"SaysBurningIntent":    "burning",
	"SaysSewageIntent":     "sewage",
	"SaysDirtyIntent":      "dirty",
	"SaysPlasterIntent":    "plaster",
	"SaysCeilingIntent":    "ceiling",
	"SaysElectricIntent":   "electric",
	"SaysPowerIntent":      "power",
	"SaysLightsIntent":     "lights",
	"SaysShockIntent":      "shock",
	"SaysFlashIntent":      "flash",
	"SaysBangIntent":       "bang",
	"SaysDripIntent":       "drip",
	"SaysUnwellIntent":     "unwell",
	"SaysRottenIntent":     "rotten eggs",
	"SaysAlarmIntent":      "alarm",
	"SaysBeepingIntent":    "beeping",
	"SaysUpstairsIntent":   "upstairs",
	"SaysDownstairsIntent": "downstairs",
	"SaysOutsideIntent":    "outside",
	"SaysNextIntent":       "next",
	"SaysPutIntent":        "put",
	"SaysSpeakIntent":      "speak",
	"SaysHelpIntent":       "help",
	"SaysCancelIntent":     "cancel",
	"SaysBookIntent":       "book",
	"SaysSendIntent":       "send",
	"SaysGetIntent":        "get",
	"SaysNeedIntent":       "need",
	"SaysRentIntent":       "rent",
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

// withLead turns a lead intent back into the sentence the tenant said, as
// a repair report carrying it. A lead said alone is the word itself: "no"
// is the built-in no, "yes" the built-in yes, and any other word is read
// as a description.
func (r Request) withLead() Request {
	lead, ok := leadWords[r.Intent]
	if !ok || r.Type != IntentRequest {
		return r
	}
	rest := strings.TrimSpace(r.Slots["description"].Value)
	switch {
	case rest == "" && lead == "yes":
		r.Intent, r.Slots = "AMAZON.YesIntent", nil
		return r
	case rest == "" && lead == "no":
		r.Intent, r.Slots = "AMAZON.NoIntent", nil
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
