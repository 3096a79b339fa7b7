package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// report prints the measures staff judge the trial by, for a period.
func report(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	var st storage
	var from, to, format string
	var demo bool
	storageFlags(fs, &st)
	fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD (default: the trial's start, else 30 days ago)")
	fs.StringVar(&to, "to", "", "last day, inclusive, YYYY-MM-DD (default: the trial's end if it has passed, else today)")
	fs.StringVar(&format, "format", "text", "text, csv or json")
	fs.BoolVar(&demo, "demo", false, "count requests from the try-it page and chat too")
	if err := parse(fs, args); err != nil {
		return err
	}
	if format != "text" && format != "csv" && format != "json" {
		return fmt.Errorf("%w: --format %q: want text, csv or json", errUsage, format)
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()

	now := time.Now()
	period, err := reportPeriod(ctx, a, from, to, now)
	if err != nil {
		return err
	}
	// The measures look back before the period (when each household first
	// used it), so read from the start of the test, not the period's start.
	since, err := firstDay(ctx, a, now)
	if err != nil {
		return err
	}
	if period.Start().Before(since) {
		since = period.Start()
	}
	ro, err := evaluation.ReadRollups(ctx, a.store, since, period, demo, nil)
	if err != nil {
		return err
	}
	households, err := a.store.ListHouseholds(ctx)
	if err != nil {
		return err
	}
	ro, households = ro.WithoutPractice(households)
	var costs evaluation.CostModel
	if fs, ok := a.store.(intents.LandlordFigures); ok {
		f, err := fs.Figures(ctx)
		if err != nil {
			return err
		}
		if !f.SetAt.IsZero() {
			costs = costs.WithLandlordFigures(f.PhoneContactGBP, f.RepairVisitGBP, f.USDToGBP, f.SetBy, f.SetAt)
		}
	}
	r := evaluation.FromRollups(ro, households, evaluation.Options{
		Period: period, IncludeDemo: demo, Location: a.cfg.Location, Now: now, Config: a.cfg, Costs: costs,
	})
	switch format {
	case "csv":
		return r.WriteCSV(stdout)
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return r.WriteText(stdout)
}

// reportPeriod is the period asked for, filling gaps from the trial's dates.
func reportPeriod(ctx context.Context, a *app, from, to string, now time.Time) (evaluation.Period, error) {
	loc := a.cfg.Location
	today := now.In(loc).Format(time.DateOnly)
	var tr intents.Trial
	if dates, ok := a.store.(intents.TrialDates); ok {
		var err error
		if tr, err = dates.TrialDates(ctx); err != nil {
			return evaluation.Period{}, err
		}
	}
	if from == "" {
		from = now.In(loc).AddDate(0, 0, -29).Format(time.DateOnly)
		if !tr.Start.IsZero() {
			from = tr.Start.Format(time.DateOnly)
		}
	}
	if to == "" {
		to = today
		if !tr.End.IsZero() && tr.End.Format(time.DateOnly) < today {
			to = tr.End.Format(time.DateOnly)
		}
	}
	p, err := evaluation.ParsePeriod(from, to, loc)
	if err != nil {
		return evaluation.Period{}, fmt.Errorf("%w: %v", errUsage, err)
	}
	return p, nil
}
