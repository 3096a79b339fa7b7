package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// pilot enrols and lists pilot households.
func pilot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: pilot add|list", errUsage)
	}
	switch args[0] {
	case "add":
		return pilotAdd(ctx, args[1:], stdout, stderr)
	case "list":
		return pilotList(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown pilot command %q (want add or list)", errUsage, args[0])
}

func pilotAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pilot add", stderr)
	var st storage
	var ref, consent, coach string
	var vulnerable bool
	storageFlags(fs, &st)
	fs.StringVar(&ref, "household", "", "the landlord's household reference (required)")
	fs.BoolVar(&vulnerable, "vulnerable", false, "the household is vulnerable: no heating in the cold months is an emergency")
	fs.StringVar(&consent, "consent-date", "", "date consent was recorded, YYYY-MM-DD (default today)")
	fs.StringVar(&coach, "coach", "", "the household's Neighbourhood Coach id from content/coaches.json (default any coach)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if ref == "" {
		return fmt.Errorf("%w: --household is required", errUsage)
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	now := time.Now()
	consentDate := civilDate(now.In(a.cfg.Location))
	if consent != "" {
		d, err := time.Parse("2006-01-02", consent)
		if err != nil {
			return fmt.Errorf("%w: --consent-date %q is not YYYY-MM-DD", errUsage, consent)
		}
		consentDate = d
	}
	h, err := intents.Enrol(ctx, a.store, a.pseudo, intents.Enrolling{
		Ref: ref, Vulnerable: vulnerable, ConsentDate: consentDate, CoachID: coach,
	}, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Enrolled %s.\nLink code: %s (works once, until %s)\n", h.Ref, h.LinkCode,
		h.CodeExpires.In(a.cfg.Location).Format("Monday 2 January 2006"))
	fmt.Fprintf(stdout, "The tenant says: \"Alexa, open home helper\", then \"my code is %s\".\n", spaced(h.LinkCode))
	return nil
}

func pilotList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pilot list", stderr)
	var st storage
	storageFlags(fs, &st)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	all, err := a.store.ListHouseholds(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(stdout, "No households enrolled yet. Add one with: homehelper pilot add --household REF")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOUSEHOLD\tVULNERABLE\tLINKED\tLAST USED\tLINK CODE")
	for _, h := range all {
		linked, code := "no", "-"
		switch {
		case h.Linked():
			linked = h.LinkedAt.In(a.cfg.Location).Format("2 Jan 2006")
		case h.LinkCode != "" && now.Before(h.CodeExpires):
			code = h.LinkCode + " (until " + h.CodeExpires.In(a.cfg.Location).Format("2 Jan") + ")"
		default:
			code = "expired: enrol again for a new code"
		}
		last := "never"
		if !h.LastUsed.IsZero() {
			last = h.LastUsed.In(a.cfg.Location).Format("2 Jan 2006 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", h.Ref, yesNo(h.Vulnerable), linked, last, code)
	}
	return tw.Flush()
}

// events prints usage events as JSON lines, oldest first, for the
// Europe/London calendar days from..to inclusive.
func events(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("events", stderr)
	var st storage
	var from, to string
	storageFlags(fs, &st)
	fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD (default: the first event)")
	fs.StringVar(&to, "to", "", "last day, inclusive, YYYY-MM-DD (default: today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	start, end, err := dayRange(from, to, time.Now(), a.cfg.Location)
	if err != nil {
		return err
	}
	evs, err := a.store.UsageEvents(ctx, start, end)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, e := range evs {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// dayRange turns calendar days in loc into the half-open instant range
// [start of from, start of the day after to).
func dayRange(from, to string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	start := time.Unix(0, 0)
	if from != "" {
		d, err := time.ParseInLocation("2006-01-02", from, loc)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("%w: --from %q is not YYYY-MM-DD", errUsage, from)
		}
		start = d
	}
	n := now.In(loc)
	last := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	if to != "" {
		d, err := time.ParseInLocation("2006-01-02", to, loc)
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("%w: --to %q is not YYYY-MM-DD", errUsage, to)
		}
		last = d
	}
	end := last.AddDate(0, 0, 1)
	if !end.After(start) {
		return time.Time{}, time.Time{}, fmt.Errorf("%w: --to is before --from", errUsage)
	}
	return start, end, nil
}

func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// spaced writes a code as it is best said: one digit at a time.
func spaced(code string) string {
	out := make([]byte, 0, 2*len(code))
	for i := range len(code) {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, code[i])
	}
	return string(out)
}
