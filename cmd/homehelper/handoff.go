package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/infra/webhook"
	"github.com/homehelper/homehelper/intents"
)

// handoffSecretEnv holds the hand-off signing secret: environment only,
// so it stays out of the process list and shell history.
const handoffSecretEnv = "HOMEHELPER_HANDOFF_SECRET"

// Test hooks: the end-to-end test shortens the webhook timeout, the retry
// schedule and the polling interval so a whole retry story runs in seconds.
var (
	handoffClient *http.Client // nil: webhook.New's default, with webhook.Timeout
	handoffRetry  func(time.Time, int) (time.Time, bool)
	handoffEvery  = 2 * time.Second
)

// handoffOptions are serve's hand-off settings: one webhook URL per
// destination, empty for none.
type handoffOptions struct {
	repairsURL, emergencyURL, coachURL string
	// dev allows http:// to loopback receivers (handoff.CheckURL).
	dev bool
}

func handoffFlags(fs *flag.FlagSet, o *handoffOptions) {
	stringFlag(fs, &o.repairsURL, "handoff-url")
	stringFlag(fs, &o.emergencyURL, "handoff-emergency-url")
	stringFlag(fs, &o.coachURL, "handoff-coach-url")
}

func (o handoffOptions) urls() map[string]string {
	return map[string]string{
		handoff.DestRepairs: o.repairsURL, handoff.DestEmergency: o.emergencyURL, handoff.DestCoach: o.coachURL,
	}
}

func (o handoffOptions) any() bool {
	return o.repairsURL != "" || o.emergencyURL != "" || o.coachURL != ""
}

// check refuses settings the hand-off cannot work with, before anything
// is opened, and returns the signing secret. With no URL at all, the
// hand-off still runs for coaches whose own contact staff set on the staff
// site, if the secret is set and the store is SQLite; otherwise it is off
// (a nil secret).
func (o handoffOptions) check(st storage) ([]byte, error) {
	if !o.any() {
		if secret := os.Getenv(handoffSecretEnv); len(secret) >= 16 && (st.kind == "" || st.kind == "sqlite") {
			return []byte(secret), nil
		}
		return nil, nil
	}
	for dest, u := range o.urls() {
		if u == "" {
			continue
		}
		if err := handoff.CheckURL(u, o.dev); err != nil {
			return nil, fmt.Errorf("%w: the %s hand-off URL: %v", errUsage, dest, err)
		}
	}
	if st.kind != "" && st.kind != "sqlite" {
		return nil, fmt.Errorf("%w: hand-off webhooks need -store sqlite (the outbox is kept in the data folder)", errUsage)
	}
	secret := os.Getenv(handoffSecretEnv)
	if len(secret) < 16 {
		return nil, fmt.Errorf("%w: %s (16 characters or more) is required with a hand-off URL, so receivers can check messages came from us", errUsage, handoffSecretEnv)
	}
	return []byte(secret), nil
}

// startHandoff runs the dispatcher over the store's outbox until the
// returned stop is called. Destinations without a URL are not sent to:
// their deliveries stay pending and show in `homehelper outbox`. A coach
// visit goes to the coach's own contact when staff have set one (looked up
// for each delivery, so a change on the staff site applies to the next
// try), else to -handoff-coach-url; with neither it stays pending.
func startHandoff(ctx context.Context, a *app, o handoffOptions, secret []byte, log *slog.Logger) (stop func()) {
	st, ok := a.store.(*sqlite.Store)
	if !ok || secret == nil {
		return func() {}
	}
	senders := map[string]handoff.Sender{}
	for dest, u := range o.urls() {
		if u != "" {
			senders[dest] = webhook.New(u, secret, handoffClient)
		}
	}
	var outbox handoff.Outbox = st
	senders[handoff.DestCoach] = coachSender{contacts: st, sharedURL: o.coachURL, secret: secret, dev: o.dev}
	if o.coachURL == "" {
		// Only coaches with their own contact can be sent to: take just
		// their deliveries, leaving the others pending and untried.
		outbox = contactedOutbox{st}
	}
	d := &handoff.Dispatcher{Outbox: outbox, Source: st, Senders: senders, Retry: handoffRetry, Log: log.With("component", "handoff")}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx, handoffEvery) })
	return func() {
		cancel()
		wg.Wait()
	}
}

// coachSender sends a coach visit where handoff.CoachAddress says: the
// coach's own webhook when staff have set one, else the shared coaches'
// webhook.
type coachSender struct {
	contacts  intents.CoachContacts
	sharedURL string // "" when there is no -handoff-coach-url
	secret    []byte
	dev       bool
}

func (c coachSender) Send(ctx context.Context, m handoff.Message) error {
	coachID := ""
	if m.Visit != nil {
		coachID = m.Visit.CoachID
	}
	own, err := c.contacts.CoachContact(ctx, coachID)
	if err != nil {
		return fmt.Errorf("handoff: looking up coach %q's contact: %w", coachID, err)
	}
	if u := handoff.CoachAddress(own, c.sharedURL); u != "" {
		// Checked again here: a contact stored before the rule, or by
		// hand, must not send in the clear.
		if err := handoff.CheckURL(u, c.dev); err != nil {
			return fmt.Errorf("handoff: coach %q's contact: %w", coachID, err)
		}
		return webhook.New(u, c.secret, handoffClient).Send(ctx, m)
	}
	// Only when the contact was cleared since the delivery was taken.
	return fmt.Errorf("handoff: coach %q has no hand-off contact and there is no -handoff-coach-url", coachID)
}

// contactedOutbox is the outbox as the dispatcher sees it when there is
// no shared coaches' webhook: the coach deliveries due are only those for
// coaches with their own contact.
type contactedOutbox struct{ *sqlite.Store }

func (o contactedOutbox) Due(ctx context.Context, now time.Time, destinations []string, limit int) ([]handoff.Delivery, error) {
	others := slices.DeleteFunc(slices.Clone(destinations), func(d string) bool { return d == handoff.DestCoach })
	ds, err := o.Store.Due(ctx, now, others, limit)
	if err != nil || len(others) == len(destinations) {
		return ds, err
	}
	coach, err := o.DueContacted(ctx, now, limit)
	if err != nil {
		return nil, err
	}
	ds = append(ds, coach...)
	slices.SortStableFunc(ds, func(a, b handoff.Delivery) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(ds) > limit {
		ds = ds[:limit]
	}
	return ds, nil
}
