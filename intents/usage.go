package intents

import "time"

// UsageEvent is the record one Alexa request leaves: the evidence staff use to
// judge the trial. docs/usage-events.md documents every field; the ids are
// pseudonyms, never Alexa's own ids.
type UsageEvent struct {
	RequestID     string            `json:"request_id"`
	Time          time.Time         `json:"time"` // UTC, when the request arrived
	HouseholdID   string            `json:"household_id,omitempty"`
	SpeakerID     string            `json:"speaker_id,omitempty"`
	SessionID     string            `json:"session_id,omitempty"`
	RequestType   string            `json:"request_type"`
	Intent        string            `json:"intent,omitempty"`
	Slots         map[string]string `json:"slots,omitempty"` // slot name → resolved id; never free text
	Flow          Flow              `json:"flow"`
	Step          string            `json:"step,omitempty"`
	Outcome       Outcome           `json:"outcome"`
	RepairRef     string            `json:"repair_ref,omitempty"`
	Priority      Priority          `json:"priority,omitempty"`       // of the repair saved by this request
	FeedbackAsked bool              `json:"feedback_asked,omitempty"` // this response asked for a 1–5 rating
	GuideTried    bool              `json:"guide_tried,omitempty"`
	SessionEnded  bool              `json:"session_ended"`
	EndReason     string            `json:"end_reason,omitempty"`
	LatencyMS     float64           `json:"latency_ms"`
	Locale        string            `json:"locale,omitempty"`
	HasScreen     bool              `json:"has_screen"`
	Demo          bool              `json:"demo"`
}

// Flow is the task a request belongs to.
type Flow string

// The closed list of flows; docs/usage-events.md says when each is written.
const (
	FlowLaunch   Flow = "launch"
	FlowRepair   Flow = "repair"
	FlowSelfFix  Flow = "selffix"
	FlowCoach    Flow = "coach"
	FlowStatus   Flow = "status"
	FlowLink     Flow = "link"
	FlowHelp     Flow = "help"
	FlowFeedback Flow = "feedback"
	FlowOther    Flow = "other"
)

// Flows lists every flow, for documentation and validation.
var Flows = []Flow{FlowLaunch, FlowRepair, FlowSelfFix, FlowCoach, FlowStatus, FlowLink, FlowHelp, FlowFeedback, FlowOther}

// Outcome is what a request achieved.
type Outcome string

// The closed list of outcomes; docs/usage-events.md says when each is written.
const (
	OutcomeWelcomed         Outcome = "welcomed"
	OutcomeRepairPrompted   Outcome = "repair_prompted"
	OutcomeRepairReported   Outcome = "repair_reported"
	OutcomeRepairDeclined   Outcome = "repair_declined"
	OutcomeEmergencyAdvised Outcome = "emergency_advised"
	OutcomeGuideStarted     Outcome = "guide_started"
	OutcomeGuideStep        Outcome = "guide_step"
	OutcomeGuideResumed     Outcome = "guide_resumed"
	OutcomeGuideFixed       Outcome = "guide_fixed"
	OutcomeGuideNotFixed    Outcome = "guide_not_fixed"
	OutcomeGuideLeft        Outcome = "guide_left"
	OutcomeCoachOffered     Outcome = "coach_offered"
	OutcomeCoachBooked      Outcome = "coach_booked"
	OutcomeCoachDeclined    Outcome = "coach_declined"
	OutcomeCoachNoneFree    Outcome = "coach_none_free"
	OutcomeCoachChecked     Outcome = "coach_checked"
	OutcomeCoachCancelled   Outcome = "coach_cancelled"
	OutcomeStatusRead       Outcome = "status_read"
	OutcomeLinkNeeded       Outcome = "link_needed"
	OutcomeLinked           Outcome = "linked"
	OutcomeLinkFailed       Outcome = "link_failed"
	OutcomeHelp             Outcome = "help"
	OutcomeNotUnderstood    Outcome = "not_understood"
	OutcomeStopped          Outcome = "stopped"
	OutcomeEnded            Outcome = "ended"
	OutcomeError            Outcome = "error"
	// Feedback: after a finished task, at most once a fortnight per
	// household, the skill asks for a 1–5 rating (slot "rating").
	OutcomeFeedbackAsked    Outcome = "feedback_asked"
	OutcomeFeedbackGiven    Outcome = "feedback_given"
	OutcomeFeedbackDeclined Outcome = "feedback_declined"
	// The trial has not started or has ended for this household.
	OutcomeTrialClosed Outcome = "trial_closed"
	// "Forget me": the question, then the erasure once confirmed.
	OutcomeForgetAsked Outcome = "forget_asked"
	OutcomeForgotten   Outcome = "forgotten"

	// OutcomeSafetyCheck: the words left a danger open, and the one
	// question that decides it was asked (Slots["problem"] says which).
	OutcomeSafetyCheck Outcome = "safety_check"
	// OutcomeOutOfScope: the tenant asked for something the skill does not
	// do (Slots["topic"] says what, from Topics) and was told who can help.
	OutcomeOutOfScope Outcome = "out_of_scope"

	// OutcomeUnlinked: the tenant disabled the skill in the Alexa app, and
	// the account's speakers were unlinked (a skill event; no speech).
	OutcomeUnlinked Outcome = "unlinked"
	// OutcomePermissionChanged: the tenant granted or withdrew permissions
	// in the Alexa app; Step says whether reminders are now allowed.
	OutcomePermissionChanged Outcome = "permission_changed"

	// Visit reminders, offered after a booking (step "reminder").
	OutcomeReminderSet        Outcome = "reminder_set"
	OutcomeReminderDeclined   Outcome = "reminder_declined"
	OutcomeReminderPermission Outcome = "reminder_permission_asked"
	OutcomeReminderFailed     Outcome = "reminder_failed"
)

// Outcomes lists every outcome, for documentation and validation.
var Outcomes = []Outcome{
	OutcomeWelcomed, OutcomeRepairPrompted, OutcomeRepairReported, OutcomeRepairDeclined,
	OutcomeEmergencyAdvised, OutcomeGuideStarted, OutcomeGuideStep, OutcomeGuideResumed,
	OutcomeGuideFixed, OutcomeGuideNotFixed, OutcomeGuideLeft, OutcomeCoachOffered,
	OutcomeCoachBooked, OutcomeCoachDeclined, OutcomeCoachNoneFree, OutcomeCoachChecked,
	OutcomeCoachCancelled, OutcomeStatusRead, OutcomeLinkNeeded, OutcomeLinked,
	OutcomeLinkFailed, OutcomeHelp, OutcomeNotUnderstood, OutcomeStopped, OutcomeEnded,
	OutcomeError, OutcomeFeedbackAsked, OutcomeFeedbackGiven, OutcomeFeedbackDeclined,
	OutcomeTrialClosed, OutcomeForgetAsked, OutcomeForgotten, OutcomeSafetyCheck, OutcomeOutOfScope,
	OutcomeUnlinked, OutcomePermissionChanged,
	OutcomeReminderSet, OutcomeReminderDeclined, OutcomeReminderPermission, OutcomeReminderFailed,
}
