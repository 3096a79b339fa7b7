package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/infra/webhook"
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
// is opened, and returns the signing secret.
func (o handoffOptions) check(st storage) ([]byte, error) {
	if !o.any() {
		return nil, nil
	}
	for dest, u := range o.urls() {
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return nil, fmt.Errorf("%w: the %s hand-off URL %q is not an http(s) URL", errUsage, dest, u)
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
// their deliveries stay pending and show in `homehelper outbox`.
func startHandoff(ctx context.Context, a *app, o handoffOptions, secret []byte, log *slog.Logger) (stop func()) {
	st, ok := a.store.(*sqlite.Store)
	if !ok || !o.any() {
		return func() {}
	}
	senders := map[string]handoff.Sender{}
	for dest, u := range o.urls() {
		if u != "" {
			senders[dest] = webhook.New(u, secret, handoffClient)
		}
	}
	d := &handoff.Dispatcher{Outbox: st, Source: st, Senders: senders, Retry: handoffRetry, Log: log.With("component", "handoff")}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx, handoffEvery) })
	return func() {
		cancel()
		wg.Wait()
	}
}
