package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
)

// seeder writes coach slots from the roster.
type seeder struct {
	store intents.Schedule
	cfg   intents.Config
	now   func() time.Time
}

func newSeeder(getenv func(string) string, log *slog.Logger) (*seeder, error) {
	settings, err := lambdaenv.ReadCoachSlots(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.BackgroundAWS(getenv)
	if err != nil {
		return nil, err
	}
	store := lambdaenv.Store(awsCfg, getenv, settings.Tables, dynamo.WithLogger(log))
	return &seeder{store: store, cfg: intents.DefaultConfig(), now: time.Now}, nil
}

// Result says what a run did, for whoever invoked it by hand.
type Result struct {
	Slots int       `json:"slots"` // slots laid out (those already stored included)
	From  time.Time `json:"from"`
	Days  int       `json:"days"`
}

// Invoke seeds the slots. The event (EventBridge's, or {} by hand) is not
// read. An error is returned to Lambda: nobody is waiting on this run,
// and the Errors alarm should see it.
func (s *seeder) Invoke(ctx context.Context, _ json.RawMessage) (Result, error) {
	now := s.now()
	// One day past the horizon, so the last day the skill may offer is
	// always laid out, whatever the hour of the run.
	days := int(s.cfg.CoachHorizon/(24*time.Hour)) + 1
	f, err := content.Coaches()
	if err != nil {
		return Result{}, fmt.Errorf("coach roster: %w", err)
	}
	defer f.Close()
	roster, err := intents.ReadRoster(f)
	if err != nil {
		return Result{}, err
	}
	slots, err := roster.Slots(now, days, s.cfg.Location)
	if err != nil {
		return Result{}, err
	}
	if err := s.store.AddCoachSlots(ctx, slots); err != nil {
		return Result{}, fmt.Errorf("seeding coach slots: %w", err)
	}
	return Result{Slots: len(slots), From: now.UTC(), Days: days}, nil
}
