package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
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
	case "withdraw":
		return pilotWithdraw(ctx, args[1:], stdout, stderr)
	case "dates":
		return pilotDates(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown pilot command %q (want add, list, withdraw or dates)", errUsage, args[0])
}

// pilotWithdraw erases a household's personal data; its usage events stay
// as anonymous counts so the trial's figures stay true.
func pilotWithdraw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pilot withdraw", stderr)
	var st storage
	var ref string
	var yes bool
	storageFlags(fs, &st)
	fs.StringVar(&ref, "household", "", "the landlord's household reference (required)")
	fs.BoolVar(&yes, "yes", false, "really erase: without it, only say what would be erased")
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
	eraser, ok := a.store.(intents.Eraser)
	if !ok {
		return fmt.Errorf("this store cannot erase households")
	}
	id := a.pseudo.Household(ref)
	all, err := a.store.ListHouseholds(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(all, func(h intents.Household) bool { return h.ID == id }) {
		return fmt.Errorf("no household %s is enrolled", shown(ref))
	}
	if !yes {
		fmt.Fprintf(stdout, "This erases %s from Home Helper: the household record, its speakers' links and guide places, "+
			"its repairs and visits reported by voice (freeing the visits' slots), and its ids on the usage events, "+
			"which stay as anonymous counts. A repair the repairs team has not yet been sent is still sent to them "+
			"(the household's reference, the problem, room and priority only) and then erased.\nRun again with --yes to do it.\n", shown(ref))
		return nil
	}
	if err := eraser.EraseHousehold(ctx, id); err != nil {
		return fmt.Errorf("erasing %s: %w", shown(ref), err)
	}
	fmt.Fprintf(stdout, "Withdrew %s: its personal data is erased; its usage stays in the counts, anonymously.\n", shown(ref))
	return nil
}

// pilotDates shows or sets the trial's dates. Outside them tenants are told
// the trial has ended and how to reach the landlord.
func pilotDates(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pilot dates", stderr)
	var st storage
	var start, end string
	var clear bool
	storageFlags(fs, &st)
	fs.StringVar(&start, "start", "", "first day of the trial, YYYY-MM-DD")
	fs.StringVar(&end, "end", "", "last day of the trial, inclusive, YYYY-MM-DD")
	fs.BoolVar(&clear, "clear", false, "remove both dates: the trial is open")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	dates, ok := a.store.(intents.TrialDates)
	if !ok {
		return fmt.Errorf("this store does not keep trial dates")
	}
	tr, err := dates.TrialDates(ctx)
	if err != nil {
		return err
	}
	if start != "" || end != "" || clear {
		if clear {
			tr = intents.Trial{}
		}
		for _, f := range []struct {
			flag, v string
			to      *time.Time
		}{{"--start", start, &tr.Start}, {"--end", end, &tr.End}} {
			if f.v == "" {
				continue
			}
			d, err := time.Parse("2006-01-02", f.v)
			if err != nil {
				return fmt.Errorf("%w: %s %q is not YYYY-MM-DD", errUsage, f.flag, f.v)
			}
			*f.to = d
		}
		if !tr.Start.IsZero() && !tr.End.IsZero() && tr.End.Before(tr.Start) {
			return fmt.Errorf("%w: the trial ends before it starts", errUsage)
		}
		days, err := retentionDays()
		if err != nil {
			return err
		}
		if err := tr.CheckRetention(time.Duration(days) * 24 * time.Hour); err != nil {
			return fmt.Errorf("%w: %v (HOMEHELPER_USAGE_RETENTION_DAYS)", errUsage, err)
		}
		if err := dates.SetTrialDates(ctx, tr); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Trial: %s to %s.\n", dayOrOpen(tr.Start, "open"), dayOrOpen(tr.End, "open"))
	return nil
}

func dayOrOpen(d time.Time, open string) string {
	if d.IsZero() {
		return open
	}
	return d.Format("Monday 2 January 2006")
}

func pilotAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("pilot add", stderr)
	var st storage
	var ref, consent, coach string
	var vulnerable, demo bool
	storageFlags(fs, &st)
	fs.StringVar(&ref, "household", "", "the landlord's household reference (required)")
	fs.BoolVar(&vulnerable, "vulnerable", false, "the household is vulnerable: no heating in the cold months is an emergency")
	fs.StringVar(&consent, "consent-date", "", "date consent was recorded, YYYY-MM-DD (default today)")
	fs.StringVar(&coach, "coach", "", "the household's Neighbourhood Coach id from content/coaches.json (default any coach)")
	fs.BoolVar(&demo, "demo", false, "a practice household for demonstrations: its repairs and visits are never handed off or counted")
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
		Ref: ref, Vulnerable: vulnerable, ConsentDate: consentDate, CoachID: coach, Demo: demo,
	}, now)
	if err != nil {
		return err
	}
	kind := ""
	if h.Demo {
		kind = " as a practice (demo) household: its repairs and visits are never handed off or counted"
	}
	fmt.Fprintf(stdout, "Enrolled %s%s.\nLink code: %s (works once, until %s)\n", shown(h.Ref), kind, h.LinkCode,
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
	fmt.Fprintln(tw, "HOUSEHOLD\tVULNERABLE\tLINKED\tLAST USED\tLINK CODE\tDEMO")
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", shown(h.Ref), yesNo(h.Vulnerable), linked, last, code, yesNo(h.Demo))
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
	fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD (default: the trial's start, else the first enrolment, else 30 days ago)")
	fs.StringVar(&to, "to", "", "last day, inclusive, YYYY-MM-DD (default: today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	if from == "" {
		// Never "since 1970": the DynamoDB store reads day by day, so an
		// open start would mean a query for every day since then.
		first, err := firstDay(ctx, a, time.Now())
		if err != nil {
			return err
		}
		from = first.Format("2006-01-02")
	}
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

// firstDay is where staff listings start by default: the earlier of the
// trial's start and the first household's enrolment, else thirty days ago.
// Events before both can only be from unlinked speakers trying it out.
func firstDay(ctx context.Context, a *app, now time.Time) (time.Time, error) {
	all, err := a.store.ListHouseholds(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var first time.Time
	for _, h := range all {
		if first.IsZero() || h.EnrolledAt.Before(first) {
			first = h.EnrolledAt
		}
	}
	if dates, ok := a.store.(intents.TrialDates); ok {
		tr, err := dates.TrialDates(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if !tr.Start.IsZero() && (first.IsZero() || tr.Start.Before(first)) {
			first = tr.Start
		}
	}
	if first.IsZero() {
		first = now.AddDate(0, 0, -30)
	}
	return first.In(a.cfg.Location), nil
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

// shown is a household reference as a terminal may print it: references
// enrolled before they were checked (intents.CheckRef) may hold control
// characters or escape sequences, which are shown quoted instead of acting
// on the terminal of whoever runs the command.
func shown(ref string) string {
	for _, c := range ref {
		if !intents.RefChar(c) {
			return strconv.QuoteToASCII(ref)
		}
	}
	return ref
}
