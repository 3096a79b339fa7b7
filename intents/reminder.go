package intents

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// VisitReminders sets and deletes reminders on the tenant's Alexa account,
// for one request: the adapter makes one from the request's access token
// (infra/alexa's Reminders API client). Nil where the device cannot take
// reminders (the try-it page, `homehelper chat`).
type VisitReminders interface {
	// CreateReminder sets a reminder Alexa speaks at at, and returns its id.
	// ErrNoReminderPermission when the tenant has not allowed reminders.
	CreateReminder(ctx context.Context, at time.Time, text string) (string, error)
	// DeleteReminder removes a reminder; one already gone is not an error.
	DeleteReminder(ctx context.Context, id string) error
}

// ErrNoReminderPermission: the tenant has not allowed Home Helper to set
// reminders (or has withdrawn it). Nothing is wrong; ask for it.
var ErrNoReminderPermission = errors.New("no permission to set reminders")

// BookingReminders keeps the reminder set for a booking, so cancelling the
// visit can delete it. ActiveBooking returns it as Booking.ReminderID.
type BookingReminders interface {
	SetBookingReminder(ctx context.Context, bookingID, reminderID string) error
}

// Permission answers to the voice permission request (Connections.Response).
const (
	ConnectionsResponse = "Connections.Response"
	PermissionAccepted  = "ACCEPTED"
)

// ReminderPending stands as a booking's reminder id while its reminder is
// being set: it is written, claiming the request, before Amazon is asked
// to set the reminder, so a repeat of the tenant's "yes" is refused
// (ErrRepeated) and never sets a second one. Should the process die
// between the two, it stays, and cancelling the visit says the reminder
// may still be heard.
const ReminderPending = "pending"

// reminderHour is when the evening-before reminder is spoken, local time,
// unless Config.ReminderHour says otherwise.
const reminderHour = 18

// Staff may set the reminder's hour (Config.ReminderHour) from noon to
// 10 pm: the tenant is told "the evening before", and a reminder at night
// would wake them.
const (
	MinReminderHour = 12
	MaxReminderHour = 22
)

// CheckReminderHour refuses an hour a reminder the evening before cannot
// be set at.
func CheckReminderHour(h int) error {
	if h < MinReminderHour || h > MaxReminderHour {
		return fmt.Errorf("reminder hour %d: want %d to %d (noon to 10 pm, UK time)", h, MinReminderHour, MaxReminderHour)
	}
	return nil
}

// offerReminder follows a booking: one yes/no question, where the device
// can take reminders and the store can keep them.
func (t *turn) offerReminder(s *speech, b Booking) (Response, bool) {
	if t.req.Reminders == nil || t.stores.Reminders == nil {
		return Response{}, false
	}
	at, ok := t.reminderTime(b.Slot.Start)
	if !ok {
		return Response{}, false // too soon for a reminder to help
	}
	// Amazon asks that the question say when the reminder will be.
	when := t.reminderWhen(at, b.Slot.Start)
	st := State{Flow: FlowCoach, Pending: pendingReminder, Remind: b.ID}
	return t.ask(s, say("Shall I remind you "+when+"?"), say("Please say yes or no. Would you like a reminder "+when+" your visit?"), st), true
}

// reminderWhen says when a reminder at at comes: "the evening before", or
// "two hours before" for a visit too soon for that.
func (t *turn) reminderWhen(at, visit time.Time) string {
	if at.In(t.cfg.Location).YearDay() == visit.In(t.cfg.Location).YearDay() {
		return "two hours before"
	}
	return "the evening before"
}

// reminderTime is when to remind of a visit: the evening before at the
// configured hour, or, when that has passed, two hours before the visit.
func (t *turn) reminderTime(visit time.Time) (time.Time, bool) {
	hour := t.cfg.ReminderHour
	if CheckReminderHour(hour) != nil {
		hour = reminderHour
	}
	local := visit.In(t.cfg.Location)
	eve := time.Date(local.Year(), local.Month(), local.Day()-1, hour, 0, 0, 0, t.cfg.Location)
	if eve.After(t.req.Time) {
		return eve, true
	}
	if soon := visit.Add(-2 * time.Hour); soon.After(t.req.Time) {
		return soon, true
	}
	return time.Time{}, false
}

// reminderAnswered answers "Shall I remind you the evening before?".
func (t *turn) reminderAnswered(ctx context.Context, yes bool) Response {
	t.flow(FlowCoach)
	t.step("reminder")
	if !yes {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderDeclined, say("OK, no reminder."))
	}
	b, resp, ok := t.booking(ctx, "set a reminder")
	if !ok {
		return resp
	}
	return t.setReminder(ctx, b)
}

// permissionAnswered follows Alexa's own question asking the tenant to
// allow reminders: the reminder is set if they did. If they did not, or
// Alexa could not ask on this device, a card in the Alexa app offers the
// permission instead, and the tenant hears how to come back for it.
func (t *turn) permissionAnswered(ctx context.Context) Response {
	t.flow(FlowCoach)
	t.step("reminder")
	switch {
	case t.req.PermissionAskFailed:
		return t.consentCard(ctx, OutcomeReminderPermission, say("I couldn't ask for that on this device."))
	case t.req.PermissionStatus != PermissionAccepted:
		return t.consentCard(ctx, OutcomeReminderDeclined, say("OK, no reminder."))
	}
	b, resp, ok := t.booking(ctx, "set a reminder")
	if !ok {
		return resp
	}
	return t.setReminder(ctx, b)
}

// consentCard sends Amazon's permission card to the Alexa app and says
// plainly what to do with it.
func (t *turn) consentCard(ctx context.Context, outcome Outcome, lead *speech) Response {
	r := t.anythingElse(ctx, FlowCoach, outcome, lead.text(
		"Your visit is still booked. If you'd like a reminder, I've put a card in the Alexa app on your phone:",
		"allow reminders there, then ask me when your coach is coming."))
	r.ReminderConsentCard = true
	return r
}

// setReminder sets the visit's reminder, once however often the request
// arrives. Whatever happens, the booking stands, and the tenant is told
// plainly.
func (t *turn) setReminder(ctx context.Context, b Booking) Response {
	if t.req.Reminders == nil || t.stores.Reminders == nil {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say("I'm sorry, I can't set reminders on this device. Your visit is still booked."))
	}
	at, ok := t.reminderTime(b.Slot.Start)
	if !ok {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say("Your visit is too soon for a reminder, but it's still booked."))
	}
	visit := b.Slot.Start.In(t.cfg.Location)
	when := t.reminderWhen(at, visit)
	if b.ReminderID != "" && b.ReminderID != ReminderPending {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderSet, say(fmt.Sprintf("You already have a reminder: I'll remind you %s.", when)))
	}
	// Claim the request before Amazon sets anything (ReminderPending).
	t.forgetAhead()
	switch err := t.stores.Reminders.SetBookingReminder(ctx, b.ID, ReminderPending); {
	case errors.Is(err, ErrRepeated):
		return t.alreadyDone() // Handle answers as the first handling did
	case err != nil:
		t.log.ErrorContext(ctx, "claiming a visit's reminder", "err", err, "request_id", t.req.ID)
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say("I'm sorry, I couldn't set a reminder just now. Your visit is still booked."))
	}
	text := fmt.Sprintf("Your Neighbourhood Coach, %s, is visiting you on %s.", b.Slot.Coach, spokenWhen(visit))
	id, err := t.req.Reminders.CreateReminder(ctx, at, text)
	if err != nil {
		t.keepReminder(ctx, b.ID, "") // none was set
	}
	switch {
	case errors.Is(err, ErrNoReminderPermission) && t.req.Type == ConnectionsResponse:
		// Allowed by voice a moment ago, yet still refused: the card is
		// the other way to allow it, rather than asking again.
		return t.consentCard(ctx, OutcomeReminderPermission, say("I couldn't set a reminder yet."))
	case errors.Is(err, ErrNoReminderPermission):
		// Alexa asks the tenant itself, then tells us the answer
		// (Connections.Response); it takes no words of ours with it.
		t.outcome(OutcomeReminderPermission)
		return Response{AskReminderPermission: true, End: true}
	case err != nil:
		t.log.ErrorContext(ctx, "setting a visit reminder", "err", err, "request_id", t.req.ID)
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say("I'm sorry, I couldn't set a reminder just now. Your visit is still booked."))
	}
	t.keepReminder(ctx, b.ID, id)
	return t.anythingElse(ctx, FlowCoach, OutcomeReminderSet, say(fmt.Sprintf("Done. I'll remind you %s.", when)))
}

// keepReminder records what Amazon did with a booking's reminder. A
// failure is only logged: the tenant's answer does not depend on it, and
// at worst cancelling the visit says its reminder may still be heard.
func (t *turn) keepReminder(ctx context.Context, bookingID, reminderID string) {
	if err := t.stores.Reminders.SetBookingReminder(ctx, bookingID, reminderID); err != nil {
		t.log.ErrorContext(ctx, "keeping a visit's reminder", "err", err, "request_id", t.req.ID)
	}
}

// deleteReminder removes a cancelled visit's reminder, and says so only if
// it could not.
func (t *turn) deleteReminder(ctx context.Context, b Booking) *speech {
	if b.ReminderID == "" {
		return nil
	}
	if t.req.Reminders == nil || b.ReminderID == ReminderPending {
		return say("You may still hear its reminder: you can delete it in the Alexa app.")
	}
	if err := t.req.Reminders.DeleteReminder(ctx, b.ReminderID); err != nil {
		t.log.WarnContext(ctx, "deleting a cancelled visit's reminder", "err", err, "request_id", t.req.ID)
		return say("I couldn't remove its reminder, so you may still hear it: you can delete it in the Alexa app.")
	}
	return nil
}

// reminderOff answers "stop the reminders" or "how do I stop getting these
// messages": the visit's reminder removed and the visit kept. Home Helper
// sends nothing else, so with no reminder set the tenant hears that, and
// where other reminders are turned off. Like setting one, removing one
// claims the request first (ReminderPending), so a repeat removes nothing
// twice.
func (t *turn) reminderOff(ctx context.Context) Response {
	t.flow(FlowCoach)
	t.step("reminder_removed")
	var b Booking
	switch h, err := t.household(ctx); {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return t.storeFault(ctx, "looking up household", err)
	default:
		if b, err = t.activeBooking(ctx, h.ID); err != nil && !errors.Is(err, ErrNotFound) {
			return t.storeFault(ctx, "reading booking", err)
		}
	}
	appToo := "Other reminders and notifications can be turned off in the Alexa app."
	if b.ReminderID == "" {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderDeclined,
			say("Home Helper only sends a reminder of a visit you've booked, when you ask for one, and there isn't one set now.", appToo))
	}
	kept := fmt.Sprintf("Your visit with %s on %s is still booked.", b.Slot.Coach, spokenWhen(b.Slot.Start.In(t.cfg.Location)))
	const couldNot = "I'm sorry, I couldn't remove the reminder just now. You can delete it in the Alexa app, under Reminders."
	if t.req.Reminders == nil || t.stores.Reminders == nil || b.ReminderID == ReminderPending {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say("I can't remove the reminder from this device, but you can delete it in the Alexa app, under Reminders.", kept))
	}
	t.forgetAhead()
	switch err := t.stores.Reminders.SetBookingReminder(ctx, b.ID, ReminderPending); {
	case errors.Is(err, ErrRepeated):
		return t.alreadyDone()
	case err != nil:
		t.log.ErrorContext(ctx, "claiming a visit's reminder to remove it", "err", err, "request_id", t.req.ID)
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say(couldNot, kept))
	}
	if err := t.req.Reminders.DeleteReminder(ctx, b.ReminderID); err != nil {
		t.log.WarnContext(ctx, "removing a visit's reminder", "err", err, "request_id", t.req.ID)
		t.keepReminder(ctx, b.ID, b.ReminderID) // still set: cancelling the visit tries again
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderFailed,
			say(couldNot, kept))
	}
	t.keepReminder(ctx, b.ID, "")
	return t.anythingElse(ctx, FlowCoach, OutcomeReminderDeclined, say("Done. I've removed the reminder.", kept))
}
