package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var addr, tlsCert, tlsKey, proxyHeader string
	var dev, secureCookies bool
	var o appOptions
	stringFlag(fs, &addr, "addr")
	stringFlag(fs, &tlsCert, "tls-cert")
	stringFlag(fs, &tlsKey, "tls-key")
	stringFlag(fs, &proxyHeader, "proxy-header")
	fs.BoolVar(&secureCookies, "secure-cookies", false, lookup("secure-cookies").help+" (env "+lookup("secure-cookies").env+"; default true with -tls-cert)")
	storageFlags(fs, &o.storage)
	if err := boolFlag(fs, &dev, "dev"); err != nil {
		return err
	}
	stringFlag(fs, &o.skillID, "skill-id")
	stringFlag(fs, &o.landlordPhone, "landlord-phone")
	stringFlag(fs, &o.emergencyPhone, "emergency-phone")
	if err := intFlag(fs, &o.reminderHour, "reminder-hour"); err != nil {
		return err
	}
	var ho handoffOptions
	handoffFlags(fs, &ho)
	if err := parse(fs, args); err != nil {
		return err
	}
	ho.dev = dev
	if err := intents.CheckReminderHour(o.reminderHour); err != nil {
		return fmt.Errorf("%w: -reminder-hour: %v", errUsage, err)
	}
	secret, err := ho.check(o.storage)
	if err != nil {
		return err
	}
	if dev {
		// Development mode skips Alexa's signature checks, so anything
		// that reaches the endpoint could talk as any speaker: only on
		// this machine.
		if err := loopbackOnly(addr); err != nil {
			return err
		}
	} else if o.skillID == "" {
		// A signature proves only that Alexa sent the request; anyone can
		// point their own skill at this URL, so the skill id must be ours.
		return fmt.Errorf("%w: -skill-id is required (or -dev for local use)", errUsage)
	}
	if (tlsCert == "") != (tlsKey == "") {
		return fmt.Errorf("%w: give both -tls-cert and -tls-key, or neither", errUsage)
	}
	if secureCookies, err = secureDefault(fs, secureCookies, tlsCert != ""); err != nil {
		return err
	}

	retention, err := retentionDays()
	if err != nil {
		return err
	}
	log := newLogger(stderr)
	if o.repairsUntold = ho.repairsURL == ""; o.repairsUntold {
		log.Warn("no hand-off destination for repairs (-handoff-url): repairs are saved but reach nobody, "+
			"tenants are told to phone the landlord, and the staff site shows a red banner while any wait (docs/handoff.md)",
			"landlord_phone", cmp.Or(o.landlordPhone, intents.DefaultConfig().LandlordPhone))
	}
	a, err := openSkill(ctx, o, log)
	if err != nil {
		return err
	}
	defer a.close()
	// Stopped and waited for before the store closes (defers run last
	// first), so a prune never meets a closed database.
	rctx, stopRetention := context.WithCancel(ctx)
	pruned := make(chan struct{})
	go func() {
		defer close(pruned)
		keepRetention(rctx, a.store, retention, log)
	}()
	defer func() {
		stopRetention()
		<-pruned
	}()
	stopHandoff := startHandoff(ctx, a, ho, secret, log)
	defer stopHandoff()

	if !dev {
		// Only Alexa's own requests carry a token the Reminders API takes;
		// local tools' (-dev) never reach Amazon.
		a.handler.ReminderClient = alexa.NewReminderClient()
	}
	endpoint := a.handler.HTTP(alexa.Options{})
	if !dev {
		// The zero options are production's: system roots, the real
		// clock, certificate chains fetched over HTTPS.
		endpoint = a.handler.VerifiedHTTP(alexa.NewVerifier(alexa.VerifierOptions{}), alexa.Options{})
	}
	mux := http.NewServeMux()
	mux.Handle("/alexa", endpoint) // answers methods other than POST with 405
	var authOpts []staff.TokenOption
	if proxyHeader != "" {
		authOpts = append(authOpts, staff.WithProxyHeader(proxyHeader))
	}
	announceStaff, staffAuth, err := mountStaffSite(mux, a, o.data, secureCookies, ho, authOpts...)
	if err != nil {
		return err
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "ok\nusage_backlog %d\nrefused_requests %d\n", a.skill.UsageBacklog(), a.handler.Refused.Load())
		if staffAuth != nil {
			c := staffAuth.Counts()
			fmt.Fprintf(w, "staff_wrong_tokens %d\nstaff_throttled %d\n", c.WrongTokens, c.Throttled)
		}
	})
	try, err := newTryIt(a)
	if err != nil {
		return err
	}
	switch {
	case dev:
		mux.Handle("GET /{$}", try.page())
		mux.Handle("POST /try", try.api())
	case staffAuth != nil:
		// The try-it page talks to the skill without Alexa's signature:
		// outside development, only for signed-in staff.
		mux.Handle("GET /{$}", staffOnly(staffAuth, try.page()))
		mux.Handle("POST /try", staffOnly(staffAuth, try.api()))
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	var handler http.Handler = mux
	if secureCookies {
		handler = hsts(mux)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		// Alexa gives up after about 8 seconds; nothing we do takes longer.
		WriteTimeout: 10 * time.Second,
		IdleTimeout:  60 * time.Second,
		ErrorLog:     nil,
	}
	scheme := "http"
	if tlsCert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Home Helper is listening on %s\n", url)
	if dev {
		fmt.Fprintf(stdout, "Try it: open %s/ in a browser. Alexa endpoint: %s/alexa\n", url, url)
	} else {
		fmt.Fprintf(stdout, "Alexa endpoint: %s/alexa (requests must be signed by Alexa, for skill %s)\n", url, o.skillID)
	}
	announceStaff(stdout, url)

	errc := make(chan error, 1)
	go func() {
		if tlsCert != "" {
			errc <- srv.ServeTLS(ln, tlsCert, tlsKey)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests and let those in flight finish, then write
	// what usage they left waiting, before the store closes.
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutErr := srv.Shutdown(shutdown)
	if shutErr != nil {
		shutErr = fmt.Errorf("shutting down: %w", shutErr)
	}
	written, spilled, flushErr := a.skill.FlushUsage(shutdown, a.spill)
	if written+spilled > 0 || flushErr != nil {
		log.Info("usage events waiting at shutdown", "written", written, "spilled", spilled,
			"spill_file", filepath.Join(o.data, spillFile), "err", flushErr)
	}
	if shutErr != nil {
		return shutErr
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return flushErr
}

// loopbackOnly refuses development mode on an address other machines can reach.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: -addr %q: %v", errUsage, addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: -dev turns off Alexa's request checks, so it listens only on a loopback address such as 127.0.0.1, not %q", errUsage, host)
	}
	return nil
}

// secureDefault settles -secure-cookies: as given by flag or environment,
// else on exactly when serve speaks HTTPS itself.
func secureDefault(fs *flag.FlagSet, v, tls bool) (bool, error) {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "secure-cookies" })
	if set {
		return v, nil
	}
	if env, ok := os.LookupEnv(lookup("secure-cookies").env); ok && env != "" {
		b, err := strconv.ParseBool(env)
		if err != nil {
			return false, fmt.Errorf("%s=%q is not true or false", lookup("secure-cookies").env, env)
		}
		return b, nil
	}
	return tls, nil
}

// hsts tells browsers to reach this host over HTTPS only, for a year: sent
// when the site is served over HTTPS (-secure-cookies), directly or through
// a proxy.
func hsts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		h.ServeHTTP(w, r)
	})
}
