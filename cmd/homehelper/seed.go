package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/homehelper/homehelper/seed"
)

// seedCmd writes a synthetic pilot through the store's own write path.
func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seed", stderr)
	var st storage
	var o seed.Options
	var last string
	storageFlags(fs, &st)
	fs.IntVar(&o.Households, "households", 30, "households to enrol")
	fs.IntVar(&o.Days, "days", 60, "days of use, ending yesterday (or on --last)")
	fs.IntVar(&o.PerDay, "per-day", 4, "requests per household per day, on average")
	fs.BoolVar(&o.Demo, "demo", false, "mark the events as the try-it page's, for staff training")
	fs.StringVar(&last, "last", "", "the last day, YYYY-MM-DD (default: yesterday)")
	fs.StringVar(&o.Prefix, "prefix", "seed", "starts every household id, reference and request id")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed writes the same pilot")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	o.Location = a.cfg.Location
	if last != "" {
		if o.Last, err = time.ParseInLocation(time.DateOnly, last, o.Location); err != nil {
			return fmt.Errorf("%w: --last %q is not a date written YYYY-MM-DD", errUsage, last)
		}
	}
	start := time.Now()
	res, err := seed.Run(ctx, a.store, o)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "%d households, %d events from %s to %s, in %s (%.0f events/s)\n", res.Households, res.Events,
		res.First.Format(time.DateOnly), res.Last.AddDate(0, 0, -1).Format(time.DateOnly), took.Round(time.Millisecond),
		float64(res.Events)/took.Seconds())
	return nil
}
