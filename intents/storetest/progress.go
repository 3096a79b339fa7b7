package storetest

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func saveProgress(t *testing.T, s Store, speakerID string, p intents.GuideProgress) {
	t.Helper()
	if err := s.SaveGuideProgress(t.Context(), speakerID, p); err != nil {
		t.Fatalf("SaveGuideProgress(%s): %v", speakerID, err)
	}
}

func checkProgress(t *testing.T, s Store, speakerID string, want intents.GuideProgress) {
	t.Helper()
	got, err := s.GuideProgress(t.Context(), speakerID)
	if err != nil {
		t.Fatalf("GuideProgress(%s): %v", speakerID, err)
	}
	checkEqual(t, "GuideProgress("+speakerID+")", got, want)
}

func testProgress(t *testing.T, newStore newFunc) {
	boiler := intents.GuideProgress{Topic: "BOILER_PRESSURE", Step: 2, UpdatedAt: t0}
	later := intents.GuideProgress{Topic: "BOILER_PRESSURE", Step: 3, UpdatedAt: t0.Add(time.Minute + time.Microsecond)}
	sink := intents.GuideProgress{Topic: "BLOCKED_SINK", Step: 0, UpdatedAt: t0.Add(time.Hour)}

	t.Run("none saved is not found", func(t *testing.T) {
		s := newStore(t)
		_, err := s.GuideProgress(t.Context(), "spk-1")
		wantErr(t, "GuideProgress", err, intents.ErrNotFound)
	})

	t.Run("saving replaces the speaker's own progress only", func(t *testing.T) {
		s := newStore(t)
		saveProgress(t, s, "spk-1", boiler)
		checkProgress(t, s, "spk-1", boiler)
		saveProgress(t, s, "spk-2", sink)
		saveProgress(t, s, "spk-1", later)
		checkProgress(t, s, "spk-1", later)
		checkProgress(t, s, "spk-2", sink)
	})

	t.Run("clearing forgets the speaker's progress only", func(t *testing.T) {
		s := newStore(t)
		saveProgress(t, s, "spk-1", boiler)
		saveProgress(t, s, "spk-2", sink)
		if err := s.ClearGuideProgress(t.Context(), "spk-1"); err != nil {
			t.Fatalf("ClearGuideProgress: %v", err)
		}
		_, err := s.GuideProgress(t.Context(), "spk-1")
		wantErr(t, "GuideProgress after clearing", err, intents.ErrNotFound)
		checkProgress(t, s, "spk-2", sink)
		// A guide can end twice (finished, then the session ends), and
		// the second clear must not fail the turn.
		if err := s.ClearGuideProgress(t.Context(), "spk-1"); err != nil {
			t.Errorf("ClearGuideProgress with nothing saved: %v", err)
		}
	})
}
