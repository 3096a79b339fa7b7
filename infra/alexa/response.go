package alexa

import (
	"strings"
	"unicode/utf8"

	"github.com/homehelper/homehelper/intents"
)

// Response is an Alexa response envelope, as Amazon's reference describes it.
type Response struct {
	Version           string         `json:"version"`
	SessionAttributes *intents.State `json:"sessionAttributes,omitempty"`
	Body              ResponseBody   `json:"response"`
}

// ResponseBody is the "response" object. ShouldEndSession is a pointer
// because leaving it out means something of its own to Alexa (for a
// SessionEndedRequest, and for dialog directives, which must not end it).
type ResponseBody struct {
	OutputSpeech     *OutputSpeech `json:"outputSpeech,omitempty"`
	Card             *Card         `json:"card,omitempty"`
	Reprompt         *Reprompt     `json:"reprompt,omitempty"`
	Directives       []Directive   `json:"directives,omitempty"`
	ShouldEndSession *bool         `json:"shouldEndSession,omitempty"`
}

// OutputSpeech is what Alexa says.
type OutputSpeech struct {
	Type string `json:"type"` // "PlainText" or "SSML"
	Text string `json:"text,omitempty"`
	SSML string `json:"ssml,omitempty"`
}

// Reprompt is said if the tenant says nothing.
type Reprompt struct {
	OutputSpeech *OutputSpeech `json:"outputSpeech"`
}

// Card is shown in the Alexa app.
type Card struct {
	Type    string `json:"type"` // "Simple" or "AskForPermissionsConsent"
	Title   string `json:"title,omitempty"`
	Content string `json:"content,omitempty"`
	// Permissions are the scopes an AskForPermissionsConsent card asks for.
	Permissions []string `json:"permissions,omitempty"`
}

// ReminderConsentCard is Amazon's card asking the tenant, in the Alexa
// app, to allow reminders: the fallback when they cannot or did not allow
// them by voice.
func ReminderConsentCard() *Card {
	return &Card{Type: "AskForPermissionsConsent", Permissions: []string{ReminderPermission}}
}

// Directive is a directive the skill sends: Dialog.ElicitSlot, or
// Connections.SendRequest asking for the reminders permission by voice.
type Directive struct {
	Type          string  `json:"type"`
	SlotToElicit  string  `json:"slotToElicit,omitempty"`
	UpdatedIntent *Intent `json:"updatedIntent,omitempty"`
	// Connections.SendRequest (the voice permission request).
	Name    string         `json:"name,omitempty"`
	Payload *AskForPayload `json:"payload,omitempty"`
	Token   string         `json:"token,omitempty"`
}

// AskForPayload asks Alexa to ask the tenant for a permission by voice
// (Amazon's "voice permissions for reminders").
type AskForPayload struct {
	Type            string `json:"@type"`    // AskForPermissionsConsentRequest
	Version         string `json:"@version"` // 1
	PermissionScope string `json:"permissionScope"`
}

// AskForReminders is the directive that has Alexa ask the tenant to allow
// reminders; Alexa answers with a Connections.Response request.
func AskForReminders() Directive {
	return Directive{Type: "Connections.SendRequest", Name: "AskFor", Token: "reminder",
		Payload: &AskForPayload{Type: "AskForPermissionsConsentRequest", Version: "1", PermissionScope: ReminderPermission}}
}

// Limits from Amazon's reference: speech and card text at most 8,000
// characters each.
const (
	maxSpeechChars = 8000
	maxCardChars   = 8000
)

// SSML wraps one of our SSML fragments for Alexa.
func SSML(fragment string) *OutputSpeech {
	return &OutputSpeech{Type: "SSML", SSML: "<speak>" + truncate(fragment, maxSpeechChars-len("<speak></speak>")) + "</speak>"}
}

// PlainText is speech without markup.
func PlainText(text string) *OutputSpeech {
	return &OutputSpeech{Type: "PlainText", Text: truncate(text, maxSpeechChars)}
}

// SimpleCard is a card with a title and text.
func SimpleCard(title, text string) *Card {
	return &Card{Type: "Simple", Title: title, Content: truncate(text, maxCardChars)}
}

// ElicitSlot asks Alexa to listen for one slot of intent. updated carries
// the intent with the slots already known; its name must be the intent
// being elicited, or Alexa rejects the response.
func ElicitSlot(slot string, updated Intent) Directive {
	return Directive{Type: "Dialog.ElicitSlot", SlotToElicit: slot, UpdatedIntent: &updated}
}

// truncate keeps s within n bytes on a rune boundary. Our own speech is far
// shorter; this guards against content files growing past Alexa's limit.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	// Never leave half a tag behind in SSML.
	if i := strings.LastIndexByte(s, '<'); i > strings.LastIndexByte(s, '>') {
		s = s[:i]
	}
	return s
}

func boolPtr(b bool) *bool { return &b }
