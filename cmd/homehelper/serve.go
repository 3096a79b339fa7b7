package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var addr string
	var dev bool
	var o appOptions
	stringFlag(fs, &addr, "addr")
	stringFlag(fs, &o.data, "data")
	if err := boolFlag(fs, &dev, "dev"); err != nil {
		return err
	}
	stringFlag(fs, &o.skillID, "skill-id")
	stringFlag(fs, &o.landlordPhone, "landlord-phone")
	stringFlag(fs, &o.emergencyPhone, "emergency-phone")
	if err := parse(fs, args); err != nil {
		return err
	}
	// Until Alexa's request signatures are checked, anything that can reach
	// the endpoint can talk to the skill as any speaker: so only in
	// development, and only on this machine.
	if !dev {
		return fmt.Errorf("%w: Alexa request signature checks are not built yet, so serve runs only with -dev (on a loopback address)", errUsage)
	}
	if err := loopbackOnly(addr); err != nil {
		return err
	}

	log := newLogger(stderr)
	a, err := openSkill(ctx, o, log)
	if err != nil {
		return err
	}
	defer a.close()

	mux := http.NewServeMux()
	mux.Handle("POST /alexa", a.handler.HTTP(alexa.Options{}))
	mux.Handle("/alexa", a.handler.HTTP(alexa.Options{})) // answers other methods with 405
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "ok\nusage_backlog %d\nrefused_requests %d\n", a.skill.UsageBacklog(), a.handler.Refused.Load())
	})
	if dev {
		try, err := newTryIt(a)
		if err != nil {
			return err
		}
		mux.Handle("GET /{$}", try.page())
		mux.Handle("POST /try", try.api())
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		// Alexa gives up after about 8 seconds; nothing we do takes longer.
		WriteTimeout: 10 * time.Second,
		IdleTimeout:  60 * time.Second,
		ErrorLog:     nil,
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Home Helper is listening on %s\n", url)
	if dev {
		fmt.Fprintf(stdout, "Try it: open %s/ in a browser. Alexa endpoint: %s/alexa\n", url, url)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
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
