package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestCacheNeverServesWhatAnotherProcessChanged: the serving store (with
// its cache warm) and a second store on the same file, as a staff command
// or another server would open it, with its own connections. Each change
// the second makes is seen by the first's very next read: a withdrawn or
// erased household is never served from the cache.
func TestCacheNeverServesWhatAnotherProcessChanged(t *testing.T) {
	ctx := context.Background()
	serving, path := openTemp(t)
	other := openAt(t, path)
	h1, h2 := testHousehold(1), testHousehold(2)
	for _, h := range []intents.Household{h1, h2} {
		if err := other.AddHousehold(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	warm := func(speaker string) (intents.Household, error) {
		t.Helper()
		// Twice: the second answer is the cache's.
		if _, err := serving.HouseholdForSpeaker(ctx, speaker); err != nil && !errors.Is(err, intents.ErrNotFound) {
			t.Fatal(err)
		}
		return serving.HouseholdForSpeaker(ctx, speaker)
	}
	wantHousehold := func(step, speaker, id string) {
		t.Helper()
		got, err := warm(speaker)
		switch {
		case id == "" && !errors.Is(err, intents.ErrNotFound):
			t.Fatalf("%s: %s is in %q (err %v), want no household", step, speaker, got.ID, err)
		case id != "" && (err != nil || got.ID != id):
			t.Fatalf("%s: %s is in %q (err %v), want %s", step, speaker, got.ID, err, id)
		}
	}

	wantHousehold("before linking", "sp-a", "")
	if _, err := other.LinkSpeaker(ctx, h1.LinkCode, "sp-a", now); err != nil {
		t.Fatal(err)
	}
	wantHousehold("linked by the other process", "sp-a", h1.ID)
	if _, err := other.LinkSpeaker(ctx, h2.LinkCode, "sp-a", now); err != nil {
		t.Fatal(err)
	}
	wantHousehold("moved by the other process", "sp-a", h2.ID)

	got, _ := warm("sp-a")
	if !got.LastUsed.IsZero() {
		t.Fatalf("LastUsed %v before any use", got.LastUsed)
	}
	if err := other.TouchHousehold(ctx, h2.ID, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := serving.HouseholdForSpeaker(ctx, "sp-a"); !got.LastUsed.Equal(now) {
		t.Fatalf("first use by the other process: LastUsed %v, want %v (a returning tenant would be welcomed as new)", got.LastUsed, now)
	}

	if err := other.EraseSpeaker(ctx, "sp-a"); err != nil {
		t.Fatal(err)
	}
	wantHousehold("speaker withdrawn by the other process", "sp-a", "")

	h3 := testHousehold(3)
	if err := other.AddHousehold(ctx, h3); err != nil {
		t.Fatal(err)
	}
	if _, err := other.LinkSpeaker(ctx, h3.LinkCode, "sp-b", now); err != nil {
		t.Fatal(err)
	}
	wantHousehold("linked again", "sp-b", h3.ID)
	if err := other.EraseHousehold(ctx, h3.ID); err != nil {
		t.Fatal(err)
	}
	wantHousehold("household erased by the other process", "sp-b", "")

	// The saved guide place, the other read every launch makes.
	place := intents.GuideProgress{Topic: "RADIATOR", Step: 2, UpdatedAt: now}
	if err := other.SaveGuideProgress(ctx, "sp-c", place); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if got, err := serving.GuideProgress(ctx, "sp-c"); err != nil || got.Step != 2 {
			t.Fatalf("guide place saved by the other process: %+v, %v", got, err)
		}
	}
	place.Step = 3
	if err := other.SaveGuideProgress(ctx, "sp-c", place); err != nil {
		t.Fatal(err)
	}
	if got, err := serving.GuideProgress(ctx, "sp-c"); err != nil || got.Step != 3 {
		t.Fatalf("guide place moved by the other process: %+v, %v, want step 3", got, err)
	}
	if err := other.ClearGuideProgress(ctx, "sp-c"); err != nil {
		t.Fatal(err)
	}
	if got, err := serving.GuideProgress(ctx, "sp-c"); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("guide place cleared by the other process: still %+v (%v)", got, err)
	}
}

// TestCacheAnswersWithoutTheRow: a copy is really used while nothing has
// changed (the test reaches under the cache: it removes the row without
// bumping the generation, which no writer can do).
func TestCacheAnswersWithoutTheRow(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkSpeaker(ctx, h.LinkCode, "sp", now); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchHousehold(ctx, h.ID, now); err != nil { // the first use, which bumps
		t.Fatal(err)
	}
	if _, err := s.HouseholdForSpeaker(ctx, "sp"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `DROP TRIGGER speaker_unlinked; DELETE FROM speaker_links`); err != nil {
		t.Fatal(err)
	}
	if got, err := s.HouseholdForSpeaker(ctx, "sp"); err != nil || got.ID != h.ID {
		t.Fatalf("not answered from the cache: %+v, %v", got, err)
	}
	if err := s.TouchHousehold(ctx, h.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.HouseholdForSpeaker(ctx, "sp"); !got.LastUsed.Equal(now.Add(time.Hour)) {
		t.Errorf("the copy's LastUsed did not follow this process's touch: %v", got.LastUsed)
	}
}

// TestEveryHouseholdColumnBumpsTheGeneration: a column added to households
// without adding it to the households_changed trigger would let a copy
// outlive a change to it.
func TestEveryHouseholdColumnBumpsTheGeneration(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	var trigger string
	if err := s.read.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'households_changed'`).Scan(&trigger); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range strings.Split(trigger[strings.Index(trigger, "UPDATE OF")+len("UPDATE OF"):strings.Index(trigger, "ON households")], ",") {
		listed[strings.TrimSpace(c)] = true
	}
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM pragma_table_info('households')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			t.Fatal(err)
		}
		n++
		if col != "last_used" && !listed[col] {
			t.Errorf("households.%s is not in the households_changed trigger", col)
		}
	}
	if n < 10 {
		t.Fatalf("read %d columns of households", n)
	}
}

// TestATurnSharesOneReading: a turn's reads share one reading of what has
// changed, yet the turn reads back what it wrote itself, and a turn that
// begins after another process's change never takes a reading from
// before it.
func TestATurnSharesOneReading(t *testing.T) {
	s, path := openTemp(t)
	other := openAt(t, path)
	h := testHousehold(1)
	if err := s.AddHousehold(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	readings := func() int {
		s.genReads.mu.Lock()
		defer s.genReads.mu.Unlock()
		return s.genReads.made
	}

	turn := intents.WithTurnBegan(context.Background(), time.Now())
	before := readings()
	if _, err := s.HouseholdForSpeaker(turn, "sp"); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("before linking: %v, want not found", err)
	}
	if _, err := s.GuideProgress(turn, "sp"); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("no guide place yet: %v", err)
	}
	if n := readings() - before; n != 1 {
		t.Errorf("a turn's two reads made %d readings, want 1", n)
	}

	// The turn links the speaker and saves a guide place, then reads both.
	if _, err := s.LinkSpeaker(turn, h.LinkCode, "sp", now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.HouseholdForSpeaker(turn, "sp"); err != nil || got.ID != h.ID {
		t.Fatalf("the turn's own link not read back: %+v, %v", got, err)
	}
	place := intents.GuideProgress{Topic: "RADIATOR", Step: 1, UpdatedAt: now}
	if err := s.SaveGuideProgress(turn, "sp", place); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GuideProgress(turn, "sp"); err != nil || got.Step != 1 {
		t.Fatalf("the turn's own guide place not read back: %+v, %v", got, err)
	}

	// Another process withdraws the speaker; the next turn is told.
	if err := other.EraseSpeaker(context.Background(), "sp"); err != nil {
		t.Fatal(err)
	}
	next := intents.WithTurnBegan(context.Background(), time.Now())
	if got, err := s.HouseholdForSpeaker(next, "sp"); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("a turn after the withdrawal served %+v (%v) from before it", got, err)
	}
	if got, err := s.GuideProgress(next, "sp"); !errors.Is(err, intents.ErrNotFound) {
		t.Fatalf("a turn after the withdrawal served the guide place %+v (%v)", got, err)
	}
}
