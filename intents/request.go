// Package intents is Home Helper's conversation: what a tenant hears for each
// thing they say, and what is saved and logged as a result. It knows nothing
// of Alexa's JSON, HTTP, Lambda or any database: adapters in infra/ translate
// Alexa requests into Request values and Response values back into Alexa
// responses, and implement the small storage interfaces in store.go. That
// keeps every word a tenant hears testable here, with plain Go values.
package intents

import (
	"strings"
	"time"
)

// Request types, as Alexa names them.
const (
	LaunchRequest       = "LaunchRequest"
	IntentRequest       = "IntentRequest"
	SessionEndedRequest = "SessionEndedRequest"
	// ExceptionEncountered tells the skill that Alexa could not use its
	// last response. Alexa allows no answer to it.
	ExceptionEncountered = "System.ExceptionEncountered"

	// Skill events (skill.json events.subscriptions) tell the skill what a
	// tenant did in the Alexa app: they name the Alexa account, never a
	// device, and take no speech in answer (skillevent.go).
	SkillDisabled           = "AlexaSkillEvent.SkillDisabled"
	SkillPermissionAccepted = "AlexaSkillEvent.SkillPermissionAccepted"
	SkillPermissionChanged  = "AlexaSkillEvent.SkillPermissionChanged"
)

// IsSkillEvent reports whether a request type is a skill event rather than
// something a tenant said.
func IsSkillEvent(requestType string) bool {
	return strings.HasPrefix(requestType, "AlexaSkillEvent.")
}

// Request is one thing a tenant said (or a session ending), already
// translated by an adapter. Every id in it is a pseudonym: adapters hash
// Alexa's ids with Pseudonyms before a Request is built, so raw ids never
// reach the conversation, the stores or the logs.
type Request struct {
	ID         string    // Alexa's request id (not personal; used for idempotent logging)
	Time       time.Time // when the request arrived
	Type       string    // LaunchRequest, IntentRequest, SessionEndedRequest or anything else Alexa sends
	Intent     string    // for IntentRequest
	Slots      map[string]Slot
	SessionNew bool
	SessionID  string // pseudonym
	SpeakerID  string // pseudonym of the device (or of the account when there is no device id)
	// AccountID is the pseudonym of the Alexa account (Alexa's userId), the
	// only id a skill event carries: AccountSpeakers leads from it to the
	// account's speakers.
	AccountID string
	// Reminders sets reminders on the tenant's Alexa account for this
	// request; nil where the device cannot.
	Reminders VisitReminders
	// PermissionStatus is, for a Connections.Response, the tenant's answer
	// to Alexa's question asking them to allow reminders (ACCEPTED,
	// DENIED or NOT_ANSWERED).
	PermissionStatus string
	// PermissionAskFailed is, for a Connections.Response, Alexa saying it
	// could not ask at all (a status code other than 200), as on a device
	// that cannot take permissions by voice.
	PermissionAskFailed bool
	// Granted lists the permission scopes a permission skill event says
	// the tenant has granted, e.g. ReminderScope.
	Granted   []string
	State     State // session attributes from our previous response
	Locale    string
	HasScreen bool
	Demo      bool   // from the try-it page or `homehelper chat`: left out of staff measures
	EndReason string // for SessionEndedRequest: USER_INITIATED, ERROR, EXCEEDED_MAX_REPROMPTS
	ErrorType string // for SessionEndedRequest with reason ERROR
}

// Slot is a slot value as Alexa heard it.
type Slot struct {
	Value string `json:"value,omitempty"` // what Alexa heard; free text, never stored or logged
	ID    string `json:"id,omitempty"`    // the resolved value id (ER_SUCCESS_MATCH), empty when unresolved
}

// filled reports whether Alexa heard anything for the slot.
func (s Slot) filled() bool { return s.Value != "" || s.ID != "" }

// CancelAsked is the visit a tenant is asked to confirm cancelling.
type CancelAsked struct {
	ID       string    `json:"id"`
	Coach    string    `json:"coach"`
	Start    time.Time `json:"start"`
	Reminder string    `json:"rem,omitempty"`
	// Move is set when the tenant asked to change the visit: once it is
	// cancelled, another is offered, not the visit's own slot (Slot).
	Move bool   `json:"move,omitempty"`
	Slot string `json:"slot,omitempty"`
}

// State is what the skill remembers between turns of one session, carried
// in Alexa's session attributes. Field names are short because they travel
// with every request and response.
type State struct {
	Pending    string `json:"pending,omitempty"` // which yes/no question awaits an answer
	Flow       Flow   `json:"flow,omitempty"`    // the task in progress, for help and fallback
	Problem    string `json:"problem,omitempty"` // RepairProblem id
	Room       string `json:"room,omitempty"`    // Room id
	GuideTried bool   `json:"guideTried,omitempty"`
	// DescAsked is set once the tenant was asked what's wrong in their
	// own words (Desc).
	DescAsked bool `json:"descAsked,omitempty"`
	// Unsure is set once "sort of" has been said to "Did that fix it?".
	// (The flags sit together: State is in every turn twice.)
	Unsure bool `json:"unsure,omitempty"`
	// Slow is set once the tenant asked for slower speech ("slow down,
	// love"): every answer after it is read more slowly.
	Slow    bool       `json:"slow,omitempty"`
	Guide   string     `json:"guide,omitempty"` // topic of the guide being followed
	Step    int        `json:"step,omitempty"`  // zero-based
	Offer   *CoachSlot `json:"offer,omitempty"` // the coach slot just offered
	Skipped []string   `json:"skipped,omitempty"`
	Date    string     `json:"date,omitempty"` // AMAZON.DATE narrowing the coach search
	Time    string     `json:"time,omitempty"` // AMAZON.TIME narrowing the coach search
	// Desc is the tenant's own words for a problem Alexa could not
	// resolve, kept for the repairs team with the repair. It lives only in
	// the session and the repair, never in usage events or logs.
	Desc string `json:"desc,omitempty"`
	// Ref is the emergency repair's reference, so a repeated safety script
	// repeats it too.
	Ref  string `json:"ref,omitempty"`
	Said string `json:"said,omitempty"` // last answer in full, for "say that again"
	Ask  string `json:"ask,omitempty"`  // last reprompt
	// Q is the question awaiting an answer, and El the slot it elicits,
	// so an answer it did not expect (help, "hang on", words not
	// understood) can be answered and the same question asked again in
	// full. Q is empty when nothing is pending (the main menu).
	Q  string  `json:"q,omitempty"`
	El *Elicit `json:"el,omitempty"`
	// Miss counts the not-understood answers in a row: after two, the
	// tenant hears the landlord's number.
	Miss int `json:"miss,omitempty"`
	// Visit is the start (RFC 3339) of a visit just read back, so
	// "cancel it" asks about that visit instead of ending the session.
	Visit string `json:"visit,omitempty"`
	// NotDays are the days ("2006-01-02") the tenant turned down with
	// "any other day".
	NotDays []string `json:"notDays,omitempty"`
	// Coach is the coach a home with none of its own asked for by name:
	// later offers are that coach's while there are any.
	Coach string `json:"coach,omitempty"`
	// Cancel is the visit "Are you sure you want to cancel it?" asks
	// about, so a repeat of the "yes" (which no longer finds it standing)
	// answers as the first did when the store says this very request
	// cancelled it (Replies.Made).
	Cancel *CancelAsked `json:"cancel,omitempty"`
	// Remind is the booking a reminder is being offered for.
	Remind string `json:"remind,omitempty"`
	// Household is the pseudonym of the speaker's household, so a usage
	// event keeps it when a later lookup fails. It labels events only: it
	// never decides what a speaker may do.
	Household string `json:"hh,omitempty"`
	// Was is the everyday repair in hand when a safety question was asked
	// ("a funny smell too", said of a cold radiator): a no goes back to it.
	// After a read-back turned down, it is the repair turned down, so "it's
	// in the bathroom" puts it right rather than starting again.
	Was string `json:"was,omitempty"`
	// RoomTries counts the answers to "Which room is it in?" that named
	// none ("I don't know", "the one upstairs"): the second goes on
	// without a room, for the repairs team to ask, rather than asking
	// again for ever.
	RoomTries int `json:"roomTries,omitempty"`
	// Also is a second problem the tenant told of in the same breath
	// ("the toilet's blocked and the kitchen tap is dripping"), as
	// "PROBLEM" or "PROBLEM/ROOM": offered once the first is done.
	Also string `json:"also,omitempty"`
}

// Response is what the skill says back.
type Response struct {
	Speech   string // SSML fragment (no <speak> wrapper); see speech.go
	Reprompt string // SSML fragment; empty when the session ends
	Card     *Card
	Elicit   *Elicit // ask for one slot of an intent, with our own Speech
	// AskReminderPermission hands the turn to Alexa, which asks the
	// tenant to allow reminders and answers with a Connections.Response.
	AskReminderPermission bool
	// ReminderConsentCard sends the Alexa app Amazon's card asking the
	// tenant to allow reminders, in place of any other card.
	ReminderConsentCard bool
	End                 bool
	State               State
}

// Card is what the Alexa app (or a screen) shows.
type Card struct {
	Title string
	Text  string
}

// Elicit asks Alexa to listen for one slot of Intent. Slots carries the
// values already known (slot name → value), so they come back filled.
type Elicit struct {
	Intent string          `json:"intent"`
	Slot   string          `json:"slot"`
	Slots  map[string]Slot `json:"slots,omitempty"`
}

// Empty reports whether there is nothing to remember.
func (s State) Empty() bool {
	return s.Pending == "" && s.Flow == "" && s.Problem == "" && s.Room == "" && !s.GuideTried &&
		s.Guide == "" && s.Step == 0 && s.Offer == nil && len(s.Skipped) == 0 && s.Date == "" &&
		s.Time == "" && s.Said == "" && s.Ask == "" && s.Household == "" && s.Desc == "" && !s.DescAsked && s.Ref == "" &&
		s.Q == "" && s.El == nil && s.Miss == 0 && !s.Unsure && s.Visit == "" && len(s.NotDays) == 0 && s.Coach == "" && s.Remind == "" && s.Cancel == nil && s.RoomTries == 0 && s.Also == ""
}
