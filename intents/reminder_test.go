package intents_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// reminderDesk is a hand-written stand-in for the tenant's Alexa
// reminders: it answers as the Reminders API would (permission refused
// until granted, or a failure), and keeps what was set.
type reminderDesk struct {
	mu      sync.Mutex
	slow    time.Duration // each create takes this long, so copies overlap
	allowed bool
	fail    error
	set     map[string]time.Time
	texts   []string
	deleted []string
}

func (d *reminderDesk) CreateReminder(_ context.Context, at time.Time, text string) (string, error) {
	time.Sleep(d.slow)
	d.mu.Lock()
	defer d.mu.Unlock()
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
	d.mu.Lock()
	defer d.mu.Unlock()
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
		card    bool // the permission card goes to the Alexa app
	}
	permission := func(status string) func(c *convo) intents.Response {
		return func(c *convo) intents.Response {
			return c.send(intents.Request{Type: intents.ConnectionsResponse, PermissionStatus: status})
		}
	}
	askFailed := func(c *convo) intents.Response {
		return c.send(intents.Request{Type: intents.ConnectionsResponse, PermissionAskFailed: true})
	}
	booked := []step{
		{utter("BookCoachIntent"), "Shall I book it?", intents.OutcomeCoachOffered, false},
		{yes, "Shall I remind you the evening before?", intents.OutcomeCoachBooked, false},
	}
	const cardWords = "I've put a card in the Alexa app on your phone: allow reminders there, then ask me when your coach is coming."
	tests := []struct {
		name    string
		desk    reminderDesk
		steps   []step
		kept    bool // the booking keeps a reminder id
		deleted bool // a reminder was deleted
	}{
		{"yes sets a reminder the evening before", reminderDesk{allowed: true},
			append(booked, step{yes, "Done. I'll remind you the evening before.", intents.OutcomeReminderSet, false}), true, false},
		{"no sets none", reminderDesk{allowed: true},
			append(booked, step{no, "OK, no reminder.", intents.OutcomeReminderDeclined, false}), false, false},
		{"without permission Alexa asks, then the reminder is set", reminderDesk{},
			append(booked,
				step{yes, "", intents.OutcomeReminderPermission, false},
				step{func(c *convo) intents.Response {
					c.reminders.(*reminderDesk).allowed = true
					return permission("ACCEPTED")(c)
				},
					"Done. I'll remind you the evening before.", intents.OutcomeReminderSet, false}), true, false},
		{"permission refused: no reminder, the visit stands, and the card offers it", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission, false},
				step{permission("DENIED"), "OK, no reminder. Your visit is still booked. If you'd like a reminder, " + cardWords, intents.OutcomeReminderDeclined, true}), false, false},
		{"not answered is taken as no", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission, false},
				step{permission("NOT_ANSWERED"), "OK, no reminder.", intents.OutcomeReminderDeclined, true}), false, false},
		{"a device that cannot ask by voice: the card, said plainly", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission, false},
				step{askFailed, "I couldn't ask for that on this device. Your visit is still booked. If you'd like a reminder, " + cardWords, intents.OutcomeReminderPermission, true}), false, false},
		{"allowed by voice but still refused: the card, not another question", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission, false},
				step{permission("ACCEPTED"), "I couldn't set a reminder yet. Your visit is still booked. If you'd like a reminder, " + cardWords, intents.OutcomeReminderPermission, true}), false, false},
		{"allowed in the app later: checking the visit offers the reminder", reminderDesk{},
			append(booked, step{yes, "", intents.OutcomeReminderPermission, false},
				step{permission("DENIED"), "OK, no reminder.", intents.OutcomeReminderDeclined, true},
				step{func(c *convo) intents.Response {
					c.reminders.(*reminderDesk).allowed = true
					return c.say("CheckAppointmentIntent")
				}, "Shall I remind you the evening before?", intents.OutcomeCoachChecked, false},
				step{yes, "Done. I'll remind you the evening before.", intents.OutcomeReminderSet, false},
				step{utter("CheckAppointmentIntent"), "Your next visit is with", intents.OutcomeCoachChecked, false}), true, false},
		{"the API failing never loses the booking", reminderDesk{fail: errors.New("503")},
			append(booked, step{yes, "I couldn't set a reminder just now. Your visit is still booked.", intents.OutcomeReminderFailed, false}), false, false},
		{"help at the question explains it and asks again", reminderDesk{allowed: true},
			append(booked, step{utter("AMAZON.HelpIntent"), "Shall I remind you the evening before?", intents.OutcomeHelp, false}), false, false},
		{"asked to stop the reminders: the reminder is removed and the visit kept", reminderDesk{allowed: true},
			append(booked, step{yes, "Done.", intents.OutcomeReminderSet, false},
				step{utter("SaysStopIntent", "description~the reminders"), "Done. I've removed the reminder. Your visit with", intents.OutcomeReminderDeclined, false}), false, true},
		{"how to stop getting these messages, with a reminder set: it is removed", reminderDesk{allowed: true},
			append(booked, step{yes, "Done.", intents.OutcomeReminderSet, false},
				step{utter("SelfFixIntent", "problem~getting these messages"), "I've removed the reminder.", intents.OutcomeReminderDeclined, false}), false, true},
		{"the reminder can't be removed: it is kept, to try again when the visit is cancelled", reminderDesk{allowed: true},
			append(booked, step{yes, "Done.", intents.OutcomeReminderSet, false},
				step{func(c *convo) intents.Response {
					c.reminders.(*reminderDesk).fail = errors.New("503")
					return c.say("SaysStopIntent", "description~the reminders")
				}, "I couldn't remove the reminder just now. You can delete it in the Alexa app", intents.OutcomeReminderFailed, false}), true, false},
		{"asked to stop the reminders with none set: nothing comes from Home Helper", reminderDesk{allowed: true},
			append(booked, step{no, "OK, no reminder.", intents.OutcomeReminderDeclined, false},
				step{utter("SaysDontIntent", "description~want any more reminders"), "there isn't one set now", intents.OutcomeReminderDeclined, false}), false, false},
		{"cancelling the visit deletes its reminder", reminderDesk{allowed: true},
			append(booked, step{yes, "Done.", intents.OutcomeReminderSet, false},
				step{utter("CancelAppointmentIntent"), "Are you sure you want to cancel it?", intents.OutcomeCoachChecked, false},
				step{yes, "I've cancelled your visit", intents.OutcomeCoachCancelled, false}), false, true},
	}
	for i := range tests {
		tt := &tests[i]
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("TEN-1", false)
			desk := &tt.desk
			c.reminders = desk
			for i, s := range tt.steps {
				r := s.do(c)
				if got := plain(r); !strings.Contains(got, s.says) {
					t.Fatalf("step %d: heard %q, want %q", i+1, got, s.says)
				}
				if e := f.lastEvent(); e.Outcome != s.outcome {
					t.Fatalf("step %d: outcome %q, want %q", i+1, e.Outcome, s.outcome)
				}
				if r.ReminderConsentCard != s.card {
					t.Fatalf("step %d: permission card sent: %v, want %v", i+1, r.ReminderConsentCard, s.card)
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

// TestRetriedYesSetsOneReminder: Alexa resends a request it heard no answer
// to, sometimes while the first is still being answered (the Reminders API
// is slow), and a signed request can be replayed. However often the
// tenant's "yes" (or Alexa's Connections.Response) arrives, one reminder is
// set, and every copy hears the same words.
func TestRetriedYesSetsOneReminder(t *testing.T) {
	tests := []struct {
		name string
		to   func(c *convo) // up to the turn that sets the reminder, sent
	}{
		{"yes", func(c *convo) {
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			c.say("AMAZON.YesIntent")
		}},
		{"Connections.Response", func(c *convo) {
			desk := c.reminders.(*reminderDesk)
			desk.allowed = false
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			c.say("AMAZON.YesIntent") // Alexa asks for the permission
			desk.mu.Lock()
			desk.allowed = true
			desk.mu.Unlock()
			c.send(intents.Request{Type: intents.ConnectionsResponse, PermissionStatus: intents.PermissionAccepted})
		}},
	}
	for _, tt := range tests {
		for _, together := range []bool{false, true} {
			name := tt.name + " repeated later"
			if together {
				name = tt.name + " repeated at once"
			}
			t.Run(name, func(t *testing.T) {
				f := newFixture(t)
				c, h := f.linked("TEN-1", false)
				desk := &reminderDesk{allowed: true}
				c.reminders = desk
				tt.to(c)
				req, first := c.lastReq, c.last
				var answers []intents.Response
				if together {
					// The same turn again under a new request id, from no
					// reminder, its copies all arriving while the first
					// is still at Amazon.
					req.ID = "copied"
					desk.slow = 50 * time.Millisecond
					desk.mu.Lock()
					desk.set = nil
					desk.mu.Unlock()
					if err := f.store.SetBookingReminder(context.Background(), mustBooking(t, f, h).ID, ""); err != nil {
						t.Fatal(err)
					}
					const n = 4
					answers = make([]intents.Response, n)
					var wg sync.WaitGroup
					for i := range n {
						wg.Add(1)
						go func() {
							defer wg.Done()
							answers[i] = f.skill.Handle(context.Background(), req)
						}()
					}
					wg.Wait()
					first = answers[0]
				} else {
					f.now = f.now.Add(30 * time.Second)
					answers = []intents.Response{f.skill.Handle(context.Background(), req)}
				}
				if !strings.Contains(plain(first), "Done. I'll remind you the evening before.") {
					t.Fatalf("the reminder's turn said %q", plain(first))
				}
				for i, a := range answers {
					if !reflect.DeepEqual(a, first) {
						t.Errorf("copy %d heard %q, want %q", i, plain(a), plain(first))
					}
				}
				desk.mu.Lock()
				set := len(desk.set)
				desk.mu.Unlock()
				if set != 1 {
					t.Errorf("%d reminders set, want 1", set)
				}
				if b := mustBooking(t, f, h); b.ReminderID == "" || b.ReminderID == intents.ReminderPending {
					t.Errorf("the booking keeps reminder %q, want the one set", b.ReminderID)
				}
			})
		}
	}
}

func mustBooking(t *testing.T, f *fixture, h intents.Household) intents.Booking {
	t.Helper()
	b, err := f.store.ActiveBooking(context.Background(), h.ID, f.now)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReminderHourIsStaffs: the hour staff set (Config.ReminderHour, from
// -reminder-hour or the ReminderHour parameter) is when the reminder is
// spoken; one out of range falls back to 6 pm.
func TestReminderHourIsStaffs(t *testing.T) {
	for _, tt := range []struct{ set, want int }{{20, 20}, {12, 12}, {0, 18}, {3, 18}} {
		t.Run(fmt.Sprint(tt.set), func(t *testing.T) {
			f := newFixture(t, func(c *intents.Config) { c.ReminderHour = tt.set })
			c, h := f.linked("TEN-1", false)
			desk := &reminderDesk{allowed: true}
			c.reminders = desk
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			c.say("AMAZON.YesIntent")
			b := mustBooking(t, f, h)
			if at := desk.set[b.ReminderID].In(f.cfg.Location); at.Hour() != tt.want {
				t.Errorf("reminder at %v, want %d:00 the evening before", at, tt.want)
			}
		})
	}
}

// TestReminderTooLateForTheEvening: booked after the evening-before hour
// has passed, the question and the answer both say the reminder comes two
// hours before the visit, as Amazon asks (the tenant agrees to the time
// they will hear it).
func TestReminderTooLateForTheEvening(t *testing.T) {
	f := newFixture(t)
	f.now = monday.Add(9 * time.Hour) // 7 pm: tomorrow's evening-before hour has passed
	c, h := f.linked("TEN-1", false)
	desk := &reminderDesk{allowed: true}
	c.reminders = desk
	c.say("BookCoachIntent")
	if r := plain(c.say("AMAZON.YesIntent")); !strings.Contains(r, "Shall I remind you two hours before?") {
		t.Fatalf("the offer: %q", r)
	}
	if r := plain(c.say("AMAZON.YesIntent")); !strings.Contains(r, "I'll remind you two hours before.") {
		t.Fatalf("the answer: %q", r)
	}
	b := mustBooking(t, f, h)
	if at := desk.set[b.ReminderID]; !at.Equal(b.Slot.Start.Add(-2 * time.Hour)) {
		t.Errorf("reminder at %v for a visit at %v, want two hours before", at, b.Slot.Start)
	}
}
