package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// HouseholdUsageStore is a StaffStore that reads one household's events by
// index, for the household's page.
type HouseholdUsageStore interface {
	StaffStore
	HouseholdUsage(ctx context.Context, householdID string, from, to time.Time) ([]intents.UsageEvent, error)
}

// RunHouseholdUsage requires HouseholdUsage to read what picking from the
// whole log reads (intents.HouseholdEvents): the household's events in the
// period, and its sessions' events that name no household, in time order;
// never another household's, nor its speakers' other unlinked sessions.
func RunHouseholdUsage(t *testing.T, s HouseholdUsageStore) {
	ctx := t.Context()
	t0 := time.Date(2026, time.November, 10, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	ev := func(id string, min int, hh, speaker, session string) intents.UsageEvent {
		return intents.UsageEvent{RequestID: id, Time: at(min), HouseholdID: hh, SpeakerID: speaker, SessionID: session,
			RequestType: "IntentRequest", Intent: "AMAZON.HelpIntent", Flow: intents.FlowHelp, Outcome: intents.OutcomeHelp}
	}
	for _, e := range []intents.UsageEvent{
		ev("a-opened", 0, "", "spk-a", "ses-1"),        // before saying the code
		ev("a-linked", 1, "hh-a", "spk-a", "ses-1"),    // the same session, linked
		ev("a-later", 60, "hh-a", "spk-a", "ses-2"),    //
		ev("a-other-ses", 90, "", "spk-a", "ses-3"),    // unlinked again, another session
		ev("a-second", 100, "hh-a", "spk-a2", "ses-4"), // another of its speakers
		ev("b", 30, "hh-b", "spk-b", "ses-5"),
		ev("b-unlinked", 31, "", "spk-b", "ses-5"),
		ev("a-too-late", 24*60, "hh-a", "spk-a", "ses-6"),
		ev("a-too-early", -24*60, "hh-a", "spk-a", "ses-0"),
	} {
		if err := s.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	from, to := t0.Add(-time.Hour), t0.Add(12*time.Hour)
	all, err := s.UsageEvents(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(es []intents.UsageEvent) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.RequestID)
		}
		return out
	}
	want := []string{"a-opened", "a-linked", "a-later", "a-second"}
	if got := ids(intents.HouseholdEvents(all, "hh-a")); !slices.Equal(got, want) {
		t.Fatalf("picked from the log: %v, want %v", got, want)
	}
	got, err := s.HouseholdUsage(ctx, "hh-a", from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), want) {
		t.Errorf("HouseholdUsage: %v, want %v", ids(got), want)
	}
	if got, err := s.HouseholdUsage(ctx, "hh-none", from, to); err != nil || len(got) > 0 {
		t.Errorf("HouseholdUsage of a household with no events: %v, %v", ids(got), err)
	}
}
