package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/homehelper/homehelper/handoff"
)

// outboxLister is what `homehelper outbox` needs of a store.
type outboxLister interface {
	ListOutbox(ctx context.Context, state string) ([]handoff.Delivery, error)
}

// outboxCmd lists the hand-offs queued, sent and failed, newest first.
func outboxCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("outbox", stderr)
	var st storage
	var state string
	storageFlags(fs, &st)
	fs.StringVar(&state, "state", "", "only deliveries in this state: pending, sent or failed")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch state {
	case "", handoff.StatePending, handoff.StateSent, handoff.StateFailed:
	default:
		return fmt.Errorf("%w: --state %q: want pending, sent or failed", errUsage, state)
	}
	a, err := openData(ctx, st, newLogger(stderr))
	if err != nil {
		return err
	}
	defer a.close()
	l, ok := a.store.(outboxLister)
	if !ok {
		return fmt.Errorf("this store keeps no outbox (use -store sqlite)")
	}
	ds, err := l.ListOutbox(ctx, state)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(stdout, "The outbox is empty.")
		return nil
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "CREATED\tKIND\tSUBJECT\tDESTINATION\tSTATE\tATTEMPTS\tNEXT ATTEMPT\tLAST ERROR")
	for _, d := range ds {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", when(d.CreatedAt), d.Kind, d.Subject, d.Destination,
			d.State, d.Attempts, when(d.NextAttemptAt), oneLine(d.LastError, 80))
	}
	return w.Flush()
}

// when formats a time for the table, "-" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// oneLine keeps an error readable in a table row.
func oneLine(s string, max int) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			r = ' '
		}
		out = append(out, r)
	}
	if len(out) > max {
		return string(out[:max-1]) + "…"
	}
	if len(out) == 0 {
		return "-"
	}
	return string(out)
}
