package intents_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// event sends a skill event for an account, as the Alexa app does: no
// speaker, no session. It holds the answer to "no speech" and the event to
// the documented lists, and returns the usage event.
func (f *fixture) event(account, typ string, granted ...string) intents.UsageEvent {
	f.t.Helper()
	f.n++
	req := intents.Request{ID: "event-" + typ + "-" + account, Time: f.now, Type: typ, AccountID: account, Granted: granted}
	before := len(f.store.All())
	resp := f.skill.Handle(context.Background(), req)
	if got := len(f.store.All()); got != before+1 {
		f.t.Fatalf("%s: %d usage events written, want 1", typ, got-before)
	}
	checkResponse(f.t, req, resp)
	e := f.lastEvent()
	checkEvent(f.t, req, e)
	return e
}

// failingAccounts notes accounts but cannot unlink them.
type failingAccounts struct{ intents.AccountSpeakers }

func (failingAccounts) UnlinkAccount(context.Context, string) ([]string, error) {
	return nil, errors.New("table unavailable")
}

func TestSkillEvents(t *testing.T) {
	tests := []struct {
		name      string
		do        func(f *fixture, c *convo) intents.UsageEvent
		flow      intents.Flow
		outcome   intents.Outcome
		step      string
		household bool // the event names the tenant's household
		unlinked  bool // the tenant's speaker is no longer linked
	}{
		{"disabling after using the skill unlinks the speaker",
			func(f *fixture, c *convo) intents.UsageEvent {
				c.launch()
				return f.event("account-"+c.speaker, intents.SkillDisabled)
			}, intents.FlowLink, intents.OutcomeUnlinked, "", true, true},
		{"disabling an account never seen unlinks nobody",
			func(f *fixture, c *convo) intents.UsageEvent {
				c.launch()
				return f.event("account-elsewhere", intents.SkillDisabled)
			}, intents.FlowLink, intents.OutcomeUnlinked, "not_linked", false, false},
		{"a store that fails leaves the speaker linked and says so in the event",
			func(f *fixture, c *convo) intents.UsageEvent {
				c.launch()
				stores := f.store.Stores()
				stores.Accounts = failingAccounts{f.store}
				f.skill = intents.New(stores, mustGuides(t), f.cfg, intents.WithClock(func() time.Time { return f.now }), intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
				return f.event("account-"+c.speaker, intents.SkillDisabled)
			}, intents.FlowLink, intents.OutcomeError, "", false, false},
		{"granting reminders is recorded",
			func(f *fixture, c *convo) intents.UsageEvent {
				return f.event("account-"+c.speaker, intents.SkillPermissionAccepted, intents.ReminderScope)
			}, intents.FlowCoach, intents.OutcomePermissionChanged, "reminders_on", false, false},
		{"withdrawing reminders is recorded",
			func(f *fixture, c *convo) intents.UsageEvent {
				return f.event("account-"+c.speaker, intents.SkillPermissionChanged)
			}, intents.FlowCoach, intents.OutcomePermissionChanged, "reminders_off", false, false},
		{"an event not subscribed to changes nothing",
			func(f *fixture, c *convo) intents.UsageEvent {
				c.launch()
				return f.event("account-"+c.speaker, "AlexaSkillEvent.SkillEnabled")
			}, intents.FlowOther, intents.OutcomeNotUnderstood, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c, h := f.linked("TEN-1", false)
			e := tt.do(f, c)
			if e.Flow != tt.flow || e.Outcome != tt.outcome || e.Step != tt.step {
				t.Errorf("event flow %q outcome %q step %q, want %q %q %q", e.Flow, e.Outcome, e.Step, tt.flow, tt.outcome, tt.step)
			}
			if got := e.HouseholdID == h.ID; got != tt.household {
				t.Errorf("event names household %q; want it named: %v", e.HouseholdID, tt.household)
			}
			_, err := f.store.HouseholdForSpeaker(context.Background(), c.speaker)
			if got := errors.Is(err, intents.ErrNotFound); got != tt.unlinked {
				t.Errorf("speaker unlinked: %v (%v), want %v", got, err, tt.unlinked)
			}
			if tt.unlinked {
				// Back at the speaker, the tenant is asked to link again.
				c.newSession = true
				if r := c.say("CheckAppointmentIntent"); !strings.Contains(plain(r), "code") {
					t.Errorf("an unlinked speaker reporting when the coach comes heard %q, want to be asked for a code", plain(r))
				}
			}
		})
	}
}
