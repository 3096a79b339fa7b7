package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
)

const (
	// staffTokenFile holds the generated staff sign-in token, in the data folder.
	staffTokenFile = "staff.token"
	// staffTokenEnv sets the token instead; environment only, so it never
	// shows in a process list.
	staffTokenEnv = "HOMEHELPER_STAFF_TOKEN"
)

// staffToken is the shared token staff sign in with: HOMEHELPER_STAFF_TOKEN,
// else the one kept in the data folder, made there on first start.
// generated is true only when this call made it, so serve shows it once.
func staffToken(data string) (token string, generated bool, err error) {
	if v := os.Getenv(staffTokenEnv); v != "" {
		if err := staff.CheckToken(v); err != nil {
			return "", false, fmt.Errorf("%s: %w", staffTokenEnv, err)
		}
		return v, false, nil
	}
	path := filepath.Join(data, staffTokenFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		tok, terr := staff.NewToken()
		if terr != nil {
			return "", false, fmt.Errorf("making a staff token: %w", terr)
		}
		// O_EXCL: if another homehelper process made it first, use theirs.
		f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if ferr == nil {
			_, werr := f.WriteString(tok + "\n")
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return "", false, fmt.Errorf("writing %s: %w", path, werr)
			}
			return tok, true, nil
		}
		if !errors.Is(ferr, fs.ErrExist) {
			return "", false, fmt.Errorf("creating %s: %w", path, ferr)
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", false, fmt.Errorf("reading the staff token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < staff.MinTokenLen {
		return "", false, fmt.Errorf("%s holds a token shorter than %d characters: delete it to have a new one made", path, staff.MinTokenLen)
	}
	return tok, false, nil
}

// mountStaffSite serves the staff site under /staff/ and returns what serve
// prints once it knows its address: where the site is and how to sign in.
//
// serve.go calls it after building its mux, whether or not -dev is set (the
// site is for signed-in staff, not a development aid), with secure set when
// serving HTTPS so the session cookie is marked Secure.
func mountStaffSite(mux *http.ServeMux, a *app, data string, secure bool, ho handoffOptions, authOpts ...staff.TokenOption) (announce func(w io.Writer, base string), auth *staff.TokenAuth, err error) {
	tok, generated, err := staffToken(data)
	if err != nil {
		return nil, nil, err
	}
	where := "sign in with the token kept in " + filepath.Join(data, staffTokenFile)
	switch {
	case os.Getenv(staffTokenEnv) != "":
		where = "sign in with the token in " + staffTokenEnv
	case generated:
		// The token goes to its file only: what serve prints ends up in
		// service logs.
		where = "a sign-in token was made; read it from " + filepath.Join(data, staffTokenFile) + " (readable only by this user)"
	}
	announce = func(w io.Writer, base string) {
		fmt.Fprintf(w, "Staff site: %s/staff/ — %s\n", base, where)
	}

	st, ok := a.store.(staff.Store)
	if !ok {
		// Not a crash: the skill still works; the staff site says why it
		// cannot run, to whoever opens it.
		a.log.Warn("staff site unavailable: the store does not provide what it needs", "store", fmt.Sprintf("%T", a.store))
		mux.Handle("/staff/", staffUnavailable(a.store))
		return announce, nil, nil
	}
	var roster *intents.Roster
	if f, err := content.Coaches(); err == nil {
		ro, rerr := intents.ReadRoster(f)
		f.Close()
		if rerr != nil {
			return nil, nil, rerr
		}
		roster = &ro
	}
	days, err := retentionDays()
	if err != nil {
		return nil, nil, err
	}
	auth = staff.NewTokenAuth(tok, secure, append([]staff.TokenOption{staff.WithLogger(a.log)}, authOpts...)...)
	mux.Handle("/staff/", staff.Handler(staff.Options{
		Store:      st,
		Pseudonyms: a.pseudo,
		Auth:       auth,
		Config:     a.cfg,
		Log:        a.log,
		Roster:     roster,
		SeedDays:   seedDays,
		Retention:  time.Duration(days) * 24 * time.Hour,
		HandOff:    &staff.HandOffSetup{Repairs: ho.repairsURL != ""},
	}))
	return announce, auth, nil
}

// staffOnly serves h to signed-in staff and sends anyone else to sign in:
// without -dev the try-it page reaches the skill without Alexa, so only
// staff may use it.
func staffOnly(auth *staff.TokenAuth, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := auth.Staff(r); !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/staff/signin?next=%2F", http.StatusSeeOther)
				return
			}
			http.Error(w, "sign in to the staff site first", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// staffUnavailable answers every staff page when the store cannot serve
// the site, saying which store and what is missing. It shows no data, so
// it needs no sign-in.
func staffUnavailable(s store) http.Handler {
	var missing []string
	for _, c := range []struct {
		ok   bool
		what string
	}{
		{isA[intents.RepairQueue](s), "the repairs queue"},
		{isA[intents.Availability](s), "coach availability"},
		{isA[intents.TrialDates](s), "trial dates"},
		{isA[intents.Eraser](s), "withdrawing households"},
	} {
		if !c.ok {
			missing = append(missing, c.what)
		}
	}
	msg := fmt.Sprintf("The staff site cannot run on this store (%T): it does not keep %s yet. "+
		"The Alexa endpoint works as usual, and the pilot commands (homehelper pilot list, events) still work.\n",
		s, strings.Join(missing, ", "))
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, msg)
	})
}

func isA[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
