package intents_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// reminderDesk is a hand-written stand-in for the tenant's Alexa
// reminders: it answers as the Reminders API would (permission refused
// until granted, or a failure), and keeps what was set.
type reminderDesk struct {
	allowed bool
	fail    error
	set     map[string]time.Time
	texts   []string
	deleted []string
}

func (d *reminderDesk) CreateReminder(_ context.Context, at time.Time, text string) (string, error) {
	switch {
	case d.fail != nil:
		return "", d.fail
	case !d.allowed:
		return "", fmt.Errorf("403: %w", intents.ErrNoReminderPermission)
	}
	if d.set == nil {
		d.set = map[string]time.Time{}
	}
	id := fmt.Sprintf("alert-%d", len(d.set)+1)
	d.set[id] = at
	d.texts = append(d.texts, text)
	return id, nil
}

func (d *reminderDesk) DeleteReminder(_ context.Context, id string) error {
	if d.fail != nil {
		return d.fail
	}
	d.deleted = append(d.deleted, id)
	delete(d.set, id)
	return nil
}

func TestVisitReminders(t *testing.T) {
	type step struct {
		do      func(c *convo) intents.Response
		says    string
		outcome intents.Outcome
	}
	permission := func(status string) func(c *convo) intents.Response {
		return func(c *convo) intents.Response {
			return c.send(intents.Request{Type: intents.ConnectionsResponse, PermissionStatus: status})
		}
	}
	booked := []step{
		{utter("BookCoachIntent"), "Shall I book it?", intents.OutcomeCoachOffered},
		{yes, "Shall I remind you the evening before?", intents.OutcomeCoachBooked},
	}
	tests := []struct {
		name    string
		desk    reminderDesk
		steps   []step
		kept    bool // the booking keeps a reminder id
		deleted bool // a reminder was deleted
	}{
		{"yes sets a reminder the evening before", reminderDesk{allowed: true},
			append(booked, step{yes, "Done. I'll remind you the evening before.", intents.OutcomeReminderSet}), true, false},
		{"no sets none", reminderDesk{allowed: true},
			append(booked, step{no, "OK, no reminder.", intents.OutcomeReminderDeclined}), false, false},
		{"without permission Alexa asks, then the reminder is set", reminderDesk{},
			append(booked,
				step{yes, "", intents.OutcomeReminderPermission},
				step{func(c *convo) intents.Response {
					c.reminders.(*reminderDesk).allowed = true
					return permission("ACCEPTED")(c)
				},
					"Done. I'll remind you the evening before.", intents.OutcomeReminderSet}), true, false},
		{"permission refused: no reminder, the visit stands", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission},
				step{permission("DENIED"), "OK, I won't set a reminder. Your visit is still booked.", intents.OutcomeReminderDeclined}), false, false},
		{"the API failing never loses the booking", reminderDesk{fail: errors.New("503")},
			append(booked, step{yes, "I couldn't set a reminder just now. Your visit is still booked.", intents.OutcomeReminderFailed}), false, false},
		{"help at the question explains it and asks again", reminderDesk{allowed: true},
			append(booked, step{utter("AMAZON.HelpIntent"), "Shall I remind you the evening before?", intents.OutcomeHelp}), false, false},
		{"cancelling the visit deletes its reminder", reminderDesk{allowed: true},
			append(booked, step{yes, "Done.", intents.OutcomeReminderSet},
				step{utter("CancelAppointmentIntent"), "Are you sure you want to cancel it?", intents.OutcomeCoachChecked},
				step{yes, "I've cancelled your visit", intents.OutcomeCoachCancelled}), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("TEN-1", false)
			desk := tt.desk
			c.reminders = &desk
			for i, s := range tt.steps {
				r := s.do(c)
				if got := plain(r); !strings.Contains(got, s.says) {
					t.Fatalf("step %d: heard %q, want %q", i+1, got, s.says)
				}
				if e := f.lastEvent(); e.Outcome != s.outcome {
					t.Fatalf("step %d: outcome %q, want %q", i+1, e.Outcome, s.outcome)
				}
			}
			b, err := f.store.ActiveBooking(context.Background(), h.ID, f.now)
			cancelled := errors.Is(err, intents.ErrNotFound)
			if err != nil && !cancelled {
				t.Fatal(err)
			}
			if !cancelled && (b.ReminderID != "") != tt.kept {
				t.Errorf("booking's reminder %q; want one kept: %v", b.ReminderID, tt.kept)
			}
			if !cancelled && b.ReminderID != "" {
				at := desk.set[b.ReminderID].In(f.cfg.Location)
				visit := b.Slot.Start.In(f.cfg.Location)
				if at.Hour() != 18 || at.YearDay() != visit.YearDay()-1 {
					t.Errorf("reminder at %v for a visit at %v; want 6 pm the evening before", at, visit)
				}
				if !strings.Contains(desk.texts[0], b.Slot.Coach) {
					t.Errorf("the reminder says %q; want the coach's name", desk.texts[0])
				}
			}
			if got := len(desk.deleted) > 0; got != tt.deleted {
				t.Errorf("reminders deleted: %v, want %v", desk.deleted, tt.deleted)
			}
		})
	}
}

// TestNoReminderOfferWithoutReminders: where the device cannot take
// reminders (the try-it page), a booking ends as before.
func TestNoReminderOfferWithoutReminders(t *testing.T) {
	f := newFixture(t)
	c, _ := f.linked("TEN-1", false)
	c.say("BookCoachIntent")
	if r := plain(yes(c)); strings.Contains(r, "remind") || !strings.Contains(r, "anything else") {
		t.Errorf("booking without reminders answered %q", r)
	}
}
