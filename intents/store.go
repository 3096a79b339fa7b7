package intents

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors a store returns that the conversation acts on. Stores wrap them
// (fmt.Errorf("...: %w", ErrNotFound)) so callers test with errors.Is.
var (
	// ErrNotFound: no such household, booking, code or progress.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the write lost a race or would break a uniqueness rule
	// (a coach slot already held, a repair reference already used, a link
	// code already spent).
	ErrConflict = errors.New("conflict")
)

type turnBeganKey struct{}

// WithTurnBegan marks ctx as a turn's that began at began, by this
// process's monotonic clock (time.Now, never a test's clock). Handle marks
// every turn's.
func WithTurnBegan(ctx context.Context, began time.Time) context.Context {
	return context.WithValue(ctx, turnBeganKey{}, began)
}

// TurnBegan reports when the turn whose ctx this is began. A turn answers
// from the store as it stood when the tenant spoke, so a store may answer
// its reads from anything it read after then, such as one reading shared
// by the turns in flight; a store that does must still let a turn read
// back its own writes.
func TurnBegan(ctx context.Context) (time.Time, bool) {
	t, ok := ctx.Value(turnBeganKey{}).(time.Time)
	return t, ok
}

// Household is a pilot household. Ref is the landlord's own reference and is
// kept only here; everything else refers to the household by ID, a keyed hash
// of Ref (see Pseudonyms), so usage events never carry the landlord's reference.
type Household struct {
	ID          string
	Ref         string
	Vulnerable  bool
	ConsentDate time.Time // a calendar date, midnight UTC; zero if not recorded
	CoachID     string    // the household's Neighbourhood Coach; empty means any coach
	LinkCode    string    // six digits; empty once used
	CodeExpires time.Time
	EnrolledAt  time.Time
	LinkedAt    time.Time // zero until a speaker has been linked
	LastUsed    time.Time // zero until the household first uses the skill
	// Demo marks a practice household (made on the try-it page or with
	// `pilot add --demo`): its repairs and visits are kept and read back as
	// usual, but never handed off to anyone, and it counts in no measure.
	Demo bool
	// ChangedBy and ChangedAt say which member of staff last changed the
	// household's details or link code, and when; empty until then.
	ChangedBy string
	ChangedAt time.Time
}

// Linked reports whether a speaker has been linked to the household.
func (h Household) Linked() bool { return !h.LinkedAt.IsZero() }

// Priority is how soon a landlord must attend a repair.
type Priority string

// The three priorities landlords use; see priority.go for the rules and timescales.
const (
	Emergency Priority = "emergency"
	Urgent    Priority = "urgent"
	Routine   Priority = "routine"
)

// RepairStatus is where a reported repair has got to.
type RepairStatus string

// Repair statuses staff can set; a repair reported by voice starts as StatusReported.
const (
	StatusReported RepairStatus = "reported"
	StatusBooked   RepairStatus = "booked"
	StatusDone     RepairStatus = "done"
)

// Repair is a repair reported by a tenant.
type Repair struct {
	Ref         string // short speakable reference, e.g. "HK4721"
	HouseholdID string
	Problem     string // a RepairProblem id from the interaction model, or OTHER
	Room        string // a Room id, or empty when not asked (emergencies)
	Priority    Priority
	Status      RepairStatus
	GuideTried  bool // a self-fix guide was tried for this problem before reporting
	ReportedAt  time.Time
	// Description is the tenant's own words, kept where Alexa could not
	// name the problem, so the repairs team reads what the tenant said.
	// Personal data: shown to staff and sent to the team, never logged,
	// erased with the household.
	Description string
	// Visit is the repairs team's visit staff booked, read back to the
	// tenant while the status is StatusBooked; zero until booked.
	Visit RepairVisit
	// HandOff is whether the repairs team has been told of the repair.
	// Only RepairQueue.ListRepairs fills it; elsewhere it is left empty.
	HandOff HandOff
}

// RepairVisit is when the repairs team will call: a calendar day (midnight
// UTC, like ConsentDate) and the part of it, as landlords book visits.
type RepairVisit struct {
	Day  time.Time
	Part VisitPart
}

// VisitPart is the part of the day a repair visit is booked for.
type VisitPart string

// The parts of the day a visit can be booked for; VisitAllDay is the zero value.
const (
	VisitAllDay    VisitPart = ""
	VisitMorning   VisitPart = "morning"
	VisitAfternoon VisitPart = "afternoon"
)

// HandOff is how far a repair's hand-off to the repairs team has got, as
// the staff queue shows it (docs/handoff.md).
type HandOff struct {
	State  string    // "sent", "waiting", "failed", or "" when the store does not know
	At     time.Time // when sent (or last tried); zero when the store does not know
	Detail string    // e.g. "3 tries; last: 503 Service Unavailable"
}

// CoachSlot is a time a Neighbourhood Coach can visit.
type CoachSlot struct {
	ID      string // stable: coach id and start time
	CoachID string
	Coach   string // the coach's first name, as tenants know them
	Start   time.Time
}

// Booking is a household's hold on a coach slot.
type Booking struct {
	ID          string
	HouseholdID string
	Slot        CoachSlot
	BookedAt    time.Time
	CancelledAt time.Time // zero while the booking stands
	// ReminderID is the Alexa reminder set for the visit, if any.
	ReminderID string
}

// GuideProgress is where a speaker got to in a self-fix guide, so a later
// visit can offer to carry on.
type GuideProgress struct {
	Topic     string
	Step      int // zero-based index of the step last spoken
	UpdatedAt time.Time
}

// Households finds and links pilot households.
type Households interface {
	// HouseholdForSpeaker returns the household a speaker is linked to, or ErrNotFound.
	HouseholdForSpeaker(ctx context.Context, speakerID string) (Household, error)
	// LinkSpeaker spends a household's link code, linking the speaker to it.
	// It returns ErrNotFound for an unknown, spent or expired code. A code can
	// be spent once only, even by two speakers racing.
	LinkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (Household, error)
	// LinkFailures counts a speaker's wrong codes since since.
	LinkFailures(ctx context.Context, speakerID string, since time.Time) (int, error)
	// RecordLinkFailure notes one wrong code from a speaker.
	RecordLinkFailure(ctx context.Context, speakerID string, at time.Time) error
	// TouchHousehold records that the household used the skill at the given time.
	TouchHousehold(ctx context.Context, householdID string, at time.Time) error
}

// Repairs keeps reported repairs. A store need not check that the
// household exists (DynamoDB cannot condition a write on another item).
type Repairs interface {
	// SaveRepair stores a new repair; ErrConflict if its Ref is taken.
	SaveRepair(ctx context.Context, r Repair) error
	// OpenRepairs lists a household's repairs not yet done, oldest first.
	OpenRepairs(ctx context.Context, householdID string) ([]Repair, error)
}

// Coaching books Neighbourhood Coach visits.
type Coaching interface {
	// FreeSlots lists unbooked slots starting in [from, to), earliest first,
	// for one coach (or any coach when coachID is empty), at most limit of them.
	FreeSlots(ctx context.Context, coachID string, from, to time.Time, limit int) ([]CoachSlot, error)
	// Book holds a slot for a household; ErrConflict if the slot is already held.
	Book(ctx context.Context, b Booking) error
	// ActiveBooking returns the household's standing booking that starts at or
	// after now, or ErrNotFound.
	ActiveBooking(ctx context.Context, householdID string, now time.Time) (Booking, error)
	// CancelBooking cancels a booking, freeing its slot; ErrNotFound if it does not stand.
	CancelBooking(ctx context.Context, bookingID string, at time.Time) error
}

// Progress remembers where a speaker got to in a guide.
type Progress interface {
	// GuideProgress returns the speaker's unfinished guide, or ErrNotFound.
	GuideProgress(ctx context.Context, speakerID string) (GuideProgress, error)
	SaveGuideProgress(ctx context.Context, speakerID string, p GuideProgress) error
	ClearGuideProgress(ctx context.Context, speakerID string) error
}

// UsageLog keeps usage events, the evidence the trial is judged on.
type UsageLog interface {
	// RecordUsage stores one event durably. Storing an event whose RequestID
	// is already stored is not an error and leaves one event; a retry
	// carries the same event, Time included.
	RecordUsage(ctx context.Context, e UsageEvent) error
}

// Enrolment adds and lists pilot households for staff.
type Enrolment interface {
	// AddHousehold stores a new household; ErrConflict if its ID, Ref or
	// LinkCode is already taken.
	AddHousehold(ctx context.Context, h Household) error
	// ListHouseholds lists every household, earliest enrolled first.
	ListHouseholds(ctx context.Context) ([]Household, error)
}

// HouseholdChanges are staff's corrections to an enrolled household, kept
// with who made the last one and when (Household.ChangedBy, ChangedAt).
type HouseholdChanges interface {
	// SetHouseholdDetails sets whether a household is vulnerable and its
	// coach; ErrNotFound if it is not enrolled.
	SetHouseholdDetails(ctx context.Context, id string, vulnerable bool, coachID string, by string, at time.Time) error
	// ReissueLinkCode gives a household a new link code working until
	// expires, in place of any it had; ErrNotFound if it is not enrolled,
	// ErrConflict if another household holds the code.
	ReissueLinkCode(ctx context.Context, id, code string, expires time.Time, by string, at time.Time) error
}

// Schedule keeps coach availability.
type Schedule interface {
	// AddCoachSlots adds slots; a slot whose ID is already stored is left as it is.
	AddCoachSlots(ctx context.Context, slots []CoachSlot) error
}

// UsageReader reads the usage log for staff.
type UsageReader interface {
	// UsageEvents lists events with from <= Time < to, oldest first.
	UsageEvents(ctx context.Context, from, to time.Time) ([]UsageEvent, error)
}

// Trial is when the pilot runs: calendar dates in Europe/London, End
// inclusive. A zero Start or End leaves that side open.
type Trial struct {
	Start, End time.Time
}

// Open reports whether the trial is running on the day of t.
func (tr Trial) Open(t time.Time, loc *time.Location) bool {
	day := t.In(loc)
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if !tr.Start.IsZero() && d.Before(civil(tr.Start)) {
		return false
	}
	if !tr.End.IsZero() && d.After(civil(tr.End)) {
		return false
	}
	return true
}

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Figures are the landlord's own numbers behind the cost estimate, as
// staff set them on the staff site. A zero amount is not set (the
// estimate's default stands).
type Figures struct {
	PhoneContactGBP float64 // what one phone contact costs the landlord
	RepairVisitGBP  float64 // what one repair visit costs
	USDToGBP        float64 // pounds to the US dollar, for AWS's prices
	SetBy           string  // who set them
	SetAt           time.Time
}

// LandlordFigures keeps the landlord's own numbers.
type LandlordFigures interface {
	// Figures returns the figures last set; the zero Figures if never.
	Figures(ctx context.Context) (Figures, error)
	SetFigures(ctx context.Context, f Figures) error
}

// TrialDates keeps the trial's start and end.
type TrialDates interface {
	// TrialDates returns the trial's dates; the zero Trial if never set.
	TrialDates(ctx context.Context) (Trial, error)
	SetTrialDates(ctx context.Context, t Trial) error
}

// FeedbackMarker remembers when a household was last asked for a rating,
// so nobody is asked more than once a fortnight.
type FeedbackMarker interface {
	// FeedbackAsked returns when the household was last asked, or the zero time.
	FeedbackAsked(ctx context.Context, householdID string) (time.Time, error)
	MarkFeedbackAsked(ctx context.Context, householdID string, at time.Time) error
}

// SpeakerEraser removes what is kept about a speaker that is not linked to
// a household: its guide progress, link failures and account notes, and
// the speaker and session ids on its usage events.
type SpeakerEraser interface {
	EraseSpeaker(ctx context.Context, speakerID string) error
}

// AccountSpeakers remembers which Alexa account each linked speaker is
// used from. A skill event (the skill disabled in the Alexa app) names the
// account only, never a device, so this is how it reaches the speakers.
// Both ids are pseudonyms.
type AccountSpeakers interface {
	// RecordAccountSpeaker notes that the speaker, linked to the
	// household, is used from the account; noting it again is not an
	// error. A store a round trip away may keep the household with the
	// note, so that unlinking can be written at once (UnlinkAccount).
	RecordAccountSpeaker(ctx context.Context, accountID, speakerID, householdID string) error
	// UnlinkAccount unlinks every speaker noted for the account from its
	// household (the household stays enrolled) and forgets the notes. It
	// returns the households those speakers were linked to, sorted and
	// without repeats; an account with none is not an error. Given a
	// Settled (SettledFrom), a store may write its event, naming the
	// first of those households, in the unlinking's own transaction, and
	// say so (Settled.Wrote).
	UnlinkAccount(ctx context.Context, accountID string) ([]string, error)
}

// Eraser removes a household's personal data when it withdraws or asks to
// be forgotten.
type Eraser interface {
	// EraseHousehold deletes the household record, its speaker links and
	// their link failures, guide progress and account notes, its repairs and bookings
	// (freeing the slots), and blanks household_id, speaker_id, session_id
	// and repair_ref (which the landlord's repairs system could trace back)
	// on its usage events and on every event from its speakers,
	// which stay as anonymous counts. Erasing an unknown household is not
	// an error.
	EraseHousehold(ctx context.Context, householdID string) error
}

// RepairQueue is the staff view of reported repairs.
type RepairQueue interface {
	// ListRepairs lists every repair, newest first.
	ListRepairs(ctx context.Context) ([]Repair, error)
	// SetRepairStatus changes a repair's status; ErrNotFound for an unknown ref.
	SetRepairStatus(ctx context.Context, ref string, status RepairStatus) error
	// SetRepairVisit books the repairs team's visit: the repair's status
	// becomes StatusBooked with the visit's day; ErrNotFound for an
	// unknown ref.
	SetRepairVisit(ctx context.Context, ref string, v RepairVisit) error
}

// SlotBooking is a coach slot with the booking that holds it, if any.
type SlotBooking struct {
	Slot    CoachSlot
	Booking *Booking // nil when free
}

// Availability is the staff view of coach slots.
type Availability interface {
	// ListSlots lists slots starting in [from, to), earliest first, with
	// their standing bookings.
	ListSlots(ctx context.Context, from, to time.Time) ([]SlotBooking, error)
	// RemoveCoachSlot deletes a free slot; ErrConflict if it is booked,
	// ErrNotFound if there is no such slot.
	RemoveCoachSlot(ctx context.Context, slotID string) error
}

// ReportingPeriod is how long after a trial ends its usage events are still
// needed, to write the evaluation.
const ReportingPeriod = 90 * 24 * time.Hour

// CheckRetention refuses trial dates that the usage retention would not
// cover: events from the trial's first day must outlive its end by the
// reporting period, or the evaluation would lose its evidence.
func (tr Trial) CheckRetention(retention time.Duration) error {
	if tr.Start.IsZero() || tr.End.IsZero() || retention <= 0 {
		return nil
	}
	need := tr.End.Sub(tr.Start) + 24*time.Hour + ReportingPeriod
	if retention < need {
		return fmt.Errorf("usage events are kept for %d days, but a trial of %d days and its %d-day reporting period need %d: shorten the trial or lengthen the retention",
			int(retention.Hours()/24), int((tr.End.Sub(tr.Start)+24*time.Hour).Hours()/24), int(ReportingPeriod.Hours()/24), int(need.Hours()/24))
	}
	return nil
}
