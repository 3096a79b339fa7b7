package dynamo

import (
	"errors"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestRememberedHouseholdNeverOutlivesTheLink: a store that has found a
// speaker's household (and so reads link and household together next
// time) sees at once what another container did meanwhile: the speaker
// moved to another household, withdrawn, or the household erased.
func TestRememberedHouseholdNeverOutlivesTheLink(t *testing.T) {
	ctx := t.Context()
	client := dynalite(t)
	tables := Tables{Data: "hints-data", Usage: "hints-usage"}
	serving, other := New(client, tables), New(client, tables)
	must(t, "CreateTables", serving.CreateTables(ctx))
	h1, h2, h3 := testHousehold(1), testHousehold(2), testHousehold(3)
	h2.CoachID = "coach-b"
	coachOf := map[string]string{h1.ID: h1.CoachID, h2.ID: h2.CoachID, h3.ID: h3.CoachID}
	for _, h := range []intents.Household{h1, h2, h3} {
		must(t, "AddHousehold", other.AddHousehold(ctx, h))
	}
	want := func(step, speaker, id string) {
		t.Helper()
		for range 2 { // the second lookup uses what the first remembered
			got, err := serving.HouseholdForSpeaker(ctx, speaker)
			switch {
			case id == "" && !errors.Is(err, intents.ErrNotFound):
				t.Fatalf("%s: %s is in %q (err %v), want no household", step, speaker, got.ID, err)
			case id != "" && (err != nil || got.ID != id):
				t.Fatalf("%s: %s is in %q (err %v), want %s", step, speaker, got.ID, err, id)
			}
		}
		// The guess a turn reads ahead with: the household and its coach.
		if hh, coach, ok := serving.HouseholdHint(speaker); id != "" && (!ok || hh != id || coach != coachOf[id]) {
			t.Fatalf("%s: guesses %q with %q (%v), want %s with %s", step, hh, coach, ok, id, coachOf[id])
		}
	}
	_, err := other.LinkSpeaker(ctx, h1.LinkCode, "spk-1", t0)
	must(t, "LinkSpeaker", err)
	want("linked", "spk-1", h1.ID)
	_, err = other.LinkSpeaker(ctx, h2.LinkCode, "spk-1", t0)
	must(t, "LinkSpeaker", err)
	want("moved by another container", "spk-1", h2.ID)
	must(t, "EraseSpeaker", other.EraseSpeaker(ctx, "spk-1"))
	want("withdrawn by another container", "spk-1", "")

	_, err = other.LinkSpeaker(ctx, h3.LinkCode, "spk-2", t0)
	must(t, "LinkSpeaker", err)
	want("linked", "spk-2", h3.ID)
	must(t, "EraseHousehold", other.EraseHousehold(ctx, h3.ID))
	want("household erased by another container", "spk-2", "")
}
