package dynamo

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestDisabledSkillUnlinkedInOneWrite: a disabled skill's speakers are
// unlinked, their notes forgotten and the event written in one transaction
// when the notes name the links' households, and step by step, with the
// event left to the turn, when they do not. Either way every speaker is
// unlinked and the households it returns are the links'.
func TestDisabledSkillUnlinkedInOneWrite(t *testing.T) {
	base := dynamodb.NewFromConfig(mototest.Start(t).Config())
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("a", 32)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// note records the account's speakers as sessions would, after
		// each is linked to its household; it may change things after.
		note   func(t *testing.T, s *Store, homes []intents.Household)
		atOnce bool
		want   func(homes []intents.Household) []string
	}{
		{
			name: "notes name the households",
			note: func(t *testing.T, s *Store, homes []intents.Household) {
				noteAccount(t, s, "spk-kitchen", homes[0].ID)
				noteAccount(t, s, "spk-lounge", homes[1].ID)
			},
			atOnce: true,
			want:   func(homes []intents.Household) []string { return []string{homes[0].ID, homes[1].ID} },
		},
		{
			name: "notes made before households were kept",
			note: func(t *testing.T, s *Store, homes []intents.Household) {
				noteAccount(t, s, "spk-kitchen", "")
				noteAccount(t, s, "spk-lounge", homes[1].ID)
			},
			want: func(homes []intents.Household) []string { return []string{homes[0].ID, homes[1].ID} },
		},
		{
			name: "a speaker relinked since its note",
			note: func(t *testing.T, s *Store, homes []intents.Household) {
				noteAccount(t, s, "spk-kitchen", homes[0].ID)
				noteAccount(t, s, "spk-lounge", homes[1].ID)
				if _, err := s.LinkSpeaker(t.Context(), homes[2].LinkCode, "spk-kitchen", time.Now()); err != nil {
					t.Fatal(err)
				}
			},
			want: func(homes []intents.Household) []string { return []string{homes[1].ID, homes[2].ID} },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			s, _ := newTestStore(t, rec.client(base))
			ctx := t.Context()
			now := time.Now()
			var homes []intents.Household
			for i, sp := range []string{"spk-kitchen", "spk-lounge", ""} {
				h, err := intents.Enrol(ctx, s, p, intents.Enrolling{Ref: "HH-UNLINK-" + string(rune('A'+i))}, now)
				if err != nil {
					t.Fatal(err)
				}
				if sp != "" {
					if _, err := s.LinkSpeaker(ctx, h.LinkCode, sp, now); err != nil {
						t.Fatal(err)
					}
				}
				homes = append(homes, h)
			}
			tc.note(t, s, homes)
			before := len(rec.recorded())

			settled := &intents.Settled{Event: intents.UsageEvent{
				RequestID: "disable-" + strings.ReplaceAll(tc.name, " ", "-"), Time: now.UTC(),
				RequestType: intents.SkillDisabled, Flow: intents.FlowLink, Outcome: intents.OutcomeUnlinked,
			}}
			got, err := s.UnlinkAccount(intents.WithSettled(ctx, settled), "acc-1")
			if err != nil {
				t.Fatalf("UnlinkAccount: %v", err)
			}
			want := tc.want(homes)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("UnlinkAccount = %v, want %v", got, want)
			}
			for _, sp := range []string{"spk-kitchen", "spk-lounge"} {
				if _, err := s.HouseholdForSpeaker(ctx, sp); !errors.Is(err, intents.ErrNotFound) {
					t.Errorf("%s still linked: %v", sp, err)
				}
			}
			if again, err := s.UnlinkAccount(ctx, "acc-1"); err != nil || len(again) != 0 {
				t.Errorf("the account's notes are kept: unlinking again found %v, %v", again, err)
			}
			if settled.Written() != tc.atOnce {
				t.Errorf("event written with the unlinking: %v, want %v", settled.Written(), tc.atOnce)
			}
			made := writes(rec.recorded()[before:])
			es, err := s.UsageEvents(ctx, now.Add(-time.Minute), now.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tc.atOnce {
				// The second UnlinkAccount above wrote nothing: no notes.
				if len(made) != 1 {
					t.Errorf("%d writes, want the one transaction: %T", len(made), made)
				}
				if len(es) != 1 || es[0].HouseholdID != want[0] || es[0].Outcome != intents.OutcomeUnlinked {
					t.Errorf("usage events %+v, want one naming %s", es, want[0])
				}
			} else if len(es) != 0 {
				t.Errorf("usage events %+v written by the store, want them left to the turn", es)
			}
		})
	}
}

// noteAccount notes the speaker's account as a session of the household
// does.
func noteAccount(t *testing.T, s *Store, speakerID, householdID string) {
	t.Helper()
	if err := s.RecordAccountSpeaker(t.Context(), "acc-1", speakerID, householdID); err != nil {
		t.Fatal(err)
	}
}
