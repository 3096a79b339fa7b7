package simulator

// standardUtterances are phrases Alexa maps to its standard built-in intents
// without the model listing them. Amazon publishes only "a subset of the
// utterances users can say" for each; these are those plus the everyday
// British forms a tenant is likely to use. A model's own samples for a
// built-in intent are matched as well.
//
// "exit" and "quit" are missing on purpose: Alexa ends the session on them
// and sends a SessionEndedRequest, never StopIntent.
var standardUtterances = map[string][]string{
	"AMAZON.YesIntent": {
		"yes", "yeah", "yep", "yup", "yes please", "yeah please", "sure", "ok", "ok then",
		"please do", "go ahead", "of course", "certainly", "correct", "that's right",
		"that's correct", "absolutely", "definitely", "do it", "i do", "yes i do",
		"sounds good", "all right", "aye", "yes it is", "it is", "right",
	},
	"AMAZON.NoIntent": {
		"no", "nope", "nah", "no thanks", "no thank you", "not really", "no way",
		"not now", "not at the moment", "i don't", "no i don't", "no it isn't",
		"no it's not", "negative", "that's wrong", "that's not right", "wrong",
	},
	"AMAZON.HelpIntent": {
		"help", "help me", "what can i say", "what can you do", "what do i do",
		"how does this work", "i need help", "can you help me", "how do i use this",
		"what are my options", "i'm stuck", "i don't know what to do",
	},
	"AMAZON.StopIntent": {
		"stop", "off", "shut up", "stop it", "be quiet", "goodbye", "bye",
		"that's all", "that's enough", "enough", "i'm done", "finish",
	},
	"AMAZON.CancelIntent": {
		"cancel", "never mind", "forget it", "cancel that", "cancel it",
		"forget about it", "don't worry about it",
	},
	"AMAZON.NextIntent": {
		"next", "skip", "skip it", "skip that", "next one", "skip forward", "go forward",
	},
	"AMAZON.PreviousIntent": {
		"go back", "previous", "back", "back up", "skip back", "previous one", "last one",
	},
	"AMAZON.RepeatIntent": {
		"repeat", "repeat that", "say that again", "again", "what did you say",
		"pardon", "sorry what", "come again", "can you repeat that", "one more time",
	},
	"AMAZON.StartOverIntent": {
		"start over", "start again", "restart", "begin again", "from the beginning",
		"start from the beginning",
	},
	"AMAZON.NavigateHomeIntent": {
		"home", "go home", "main menu", "go to the main menu",
	},
	"AMAZON.PauseIntent":  {"pause", "pause that", "hold on", "wait"},
	"AMAZON.ResumeIntent": {"resume", "continue", "carry on", "keep going"},
	"AMAZON.MoreIntent":   {"more", "tell me more"},
}

// fillerWords may be left out of a match at a small cost: the noises and
// politeness people add around what they mean.
var fillerWords = map[string]bool{
	"please": true, "um": true, "umm": true, "uh": true, "er": true, "erm": true,
	"hmm": true, "alexa": true, "oh": true, "hi": true, "hello": true, "hey": true,
	"just": true, "thanks": true, "thank": true, "you": true, "so": true, "well": true,
	"actually": true, "basically": true, "now": true,
}

// carrierPhrases open a request without adding to it; Alexa's statistical
// model sees past them, so custom intents match with them stripped.
var carrierPhrases = [][]string{
	{"i", "would", "like", "to"}, {"i", "want", "to"}, {"i", "need", "to"},
	{"i", "wanna"}, {"can", "you"}, {"could", "you"}, {"can", "i"}, {"could", "i"},
	{"please", "can", "you"}, {"please", "could", "you"}, {"i", "would", "like"},
	{"i", "want"}, {"i", "need"},
}

// determiners in front of a custom slot value are left out of it when the
// rest names a value, as Alexa does ("the kitchen" resolves as "kitchen").
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "your": true,
	"some": true, "this": true, "that": true,
}
