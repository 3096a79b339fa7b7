package intents

import (
	"context"
	"slices"
)

// ReminderScope is the permission a tenant grants for visit reminders.
const ReminderScope = "alexa::alerts:reminders:skill:readwrite"

// skillEvent handles a skill event: something the tenant did in the Alexa
// app, not something they said. Alexa takes no speech in answer, so it is
// only acted on and recorded, with one usage event.
func (t *turn) skillEvent(ctx context.Context) {
	// The event names an account, not a speaker or a session: it belongs
	// to neither.
	t.ev.SpeakerID, t.ev.SessionID = "", ""
	switch t.req.Type {
	case SkillDisabled:
		t.unlinkAccount(ctx)
	case SkillPermissionAccepted, SkillPermissionChanged:
		// Whether reminders are allowed is asked of Alexa each time one is
		// made (a refusal says so), so nothing is kept; the event is the
		// evidence of the choice.
		t.flow(FlowCoach)
		t.outcome(OutcomePermissionChanged)
		t.step("reminders_off")
		if slices.Contains(t.req.Granted, ReminderScope) {
			t.step("reminders_on")
		}
	default:
		// Events the skill does not subscribe to: nothing to do.
		t.outcome(OutcomeNotUnderstood)
	}
}

// unlinkAccount unlinks the speakers of a tenant who disabled the skill:
// they turned Home Helper off, so their speakers must stop acting for the
// household. The household stays enrolled, and its staff page shows the
// event; enabling the skill again needs a new link code.
func (t *turn) unlinkAccount(ctx context.Context) {
	t.flow(FlowLink)
	if t.stores.Accounts == nil || t.req.AccountID == "" {
		t.log.WarnContext(ctx, "skill disabled, but no speakers can be found for the account", "request_id", t.req.ID)
		t.outcome(OutcomeError)
		return
	}
	t.outcome(OutcomeUnlinked)
	uctx := ctx
	if t.roundTrips() {
		// The event as it will be if the speakers are unlinked, for the
		// store to write with the unlinking (it names the household the
		// store finds): one round trip fewer, and no event without the
		// change (settle.go).
		ev := t.ev
		ev.LatencyMS = float64(t.now().Sub(t.start).Microseconds()) / 1000
		t.settled = &Settled{Event: ev}
		uctx = WithSettled(ctx, t.settled)
	}
	households, err := t.stores.Accounts.UnlinkAccount(uctx, t.req.AccountID)
	if err != nil {
		t.log.ErrorContext(ctx, "unlinking a disabled account's speakers", "err", err, "request_id", t.req.ID)
		t.outcome(OutcomeError)
		return
	}
	if len(households) == 0 {
		t.step("not_linked")
		return
	}
	// One event per request: it names the first household. An account
	// whose speakers live in two homes is not a pilot's case.
	t.ev.HouseholdID = households[0]
	if len(households) > 1 {
		t.log.WarnContext(ctx, "a disabled account's speakers were linked to several households", "households", len(households), "request_id", t.req.ID)
	}
}
