package evaltest

import (
	"slices"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Tally is what the scripted visits did, recorded as they were driven:
// each request's declared flow and outcome (checked against its event),
// each session's tasks, guide attempts, repairs and completed tasks.
type Tally struct {
	Location   *time.Location
	Households map[string]*HouseholdFacts // by household id
	Requests   []*Request                 // every request, in order
	Sessions   []*SessionFacts
	Attempts   []*Attempt
	Repairs    []*Repair
	Tasks      []*Task
	Feedback   []*Feedback
}

// Feedback is one "how easy was that?" and its answer.
type Feedback struct {
	Time      time.Time // of the request that finished the task
	Session   string
	Household string
	Demo      bool
	Rating    int // 1 to 5; 0 when none was given
}

// HouseholdFacts is what staff did for a household.
type HouseholdFacts struct {
	Ref        string
	EnrolledAt time.Time
	LinkedAt   time.Time // zero if never linked
}

// Request is one request sent, as the script declared it.
type Request struct {
	Time      time.Time
	Session   string
	Speaker   string
	Household string // empty before the speaker is linked
	Demo      bool
	Type      string
	Intent    string // the intent, or the request type when there is none
	Flow      intents.Flow
	Outcome   intents.Outcome
	EndReason string
	Step      string // as declared; empty when the script does not say

	// What the script says the request did to the tasks.
	starts, touches, ends []task
	emergency             string // the problem, when a safety script was given (not a repeat)
	notFixedReported      bool   // a report following a guide that did not fix it
}

// belongs reports whether the request starts, continues or finishes t.
func (r *Request) belongs(t task) bool {
	return slices.Contains(r.starts, t) || slices.Contains(r.touches, t) || slices.Contains(r.ends, t)
}

// IsRequest is false for Alexa's session-end notices.
func (r *Request) IsRequest() bool { return r.Type != intents.SessionEndedRequest }

// SessionFacts is one session's requests.
type SessionFacts struct {
	ID       string // empty once the household asked to be forgotten
	Demo     bool
	Requests []*Request
}

// Track is how far one task got: whether it started and finished, the last
// step it reached and the outcome of its last request.
type Track struct {
	Started, Finished bool
	Step, Outcome     string
}

// Attempt is one go at a guide by a speaker.
type Attempt struct {
	Speaker string
	Topic   string
	Track
	Fixed    bool
	Requests []*Request
}

// Repair is one repair saved.
type Repair struct {
	Time           time.Time
	Session        string
	Household      string
	Demo           bool
	Problem        string
	Priority       intents.Priority
	BySafetyScript bool
	AfterGuide     bool
}

// Task is one task completed: a repair reported, a guide finished, a
// visit booked.
type Task struct {
	Kind      string // "repair", "guide", "booking"
	Time      time.Time
	Session   string
	Household string
	Demo      bool
	// OnOwn: no help or not-understood request before it in its session.
	OnOwn bool
}
