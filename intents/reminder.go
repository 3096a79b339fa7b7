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

// reminderHour is when the evening-before reminder is spoken, local time,
// unless Config.ReminderHour says otherwise.
const reminderHour = 18

// offerReminder follows a booking: one yes/no question, where the device
// can take reminders and the store can keep them.
func (t *turn) offerReminder(s *speech, b Booking) (Response, bool) {
	if t.req.Reminders == nil || t.stores.Reminders == nil {
		return Response{}, false
	}
	if _, ok := t.reminderTime(b.Slot.Start); !ok {
		return Response{}, false // too soon for a reminder to help
	}
	st := State{Flow: FlowCoach, Pending: pendingReminder, Remind: b.ID}
	return t.ask(s, say("Shall I remind you the evening before?"), say("Please say yes or no. Would you like a reminder the evening before your visit?"), st), true
}

// reminderTime is when to remind of a visit: the evening before at the
// configured hour, or, when that has passed, two hours before the visit.
func (t *turn) reminderTime(visit time.Time) (time.Time, bool) {
	hour := t.cfg.ReminderHour
	if hour <= 0 || hour > 23 {
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
// allow reminders: the reminder is set if they did.
func (t *turn) permissionAnswered(ctx context.Context) Response {
	t.flow(FlowCoach)
	t.step("reminder")
	if t.req.PermissionStatus != PermissionAccepted {
		return t.anythingElse(ctx, FlowCoach, OutcomeReminderDeclined, say("OK, I won't set a reminder. Your visit is still booked."))
	}
	b, resp, ok := t.booking(ctx, "set a reminder")
	if !ok {
		return resp
	}
	return t.setReminder(ctx, b)
}

// setReminder sets the visit's reminder. Whatever happens, the booking
// stands, and the tenant is told plainly.
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
	text := fmt.Sprintf("Your Neighbourhood Coach, %s, is visiting you on %s.", b.Slot.Coach, spokenWhen(visit))
	id, err := t.req.Reminders.CreateReminder(ctx, at, text)
	switch {
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
	if err := t.stores.Reminders.SetBookingReminder(ctx, b.ID, id); err != nil {
		// The reminder is set; only cancelling will not find it.
		t.log.ErrorContext(ctx, "keeping a visit's reminder", "err", err, "request_id", t.req.ID)
	}
	when := "the evening before"
	if at.In(t.cfg.Location).YearDay() == visit.YearDay() {
		when = "two hours before"
	}
	return t.anythingElse(ctx, FlowCoach, OutcomeReminderSet, say(fmt.Sprintf("Done. I'll remind you %s.", when)))
}

// deleteReminder removes a cancelled visit's reminder, and says so only if
// it could not.
func (t *turn) deleteReminder(ctx context.Context, b Booking) *speech {
	if b.ReminderID == "" {
		return nil
	}
	if t.req.Reminders == nil {
		return say("You may still hear its reminder: you can delete it in the Alexa app.")
	}
	if err := t.req.Reminders.DeleteReminder(ctx, b.ReminderID); err != nil {
		t.log.WarnContext(ctx, "deleting a cancelled visit's reminder", "err", err, "request_id", t.req.ID)
		return say("I couldn't remove its reminder, so you may still hear it: you can delete it in the Alexa app.")
	}
	return nil
}
