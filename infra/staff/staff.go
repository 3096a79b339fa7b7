// Package staff is the staff web site of the Home Helper test: the
// dashboard of the measures (package evaluation), the repairs queue, pilot
// management (enrol, list, withdraw households; trial dates; coach
// availability), and the JSON and CSV API behind them.
//
// It is served under /staff/ by `homehelper serve` and, on AWS, by the
// staff Lambda. Everything it shows comes from a Store (the SQLite and
// DynamoDB stores provide one), and who may see it is decided by an Auth:
// TokenAuth locally, an identity provider on AWS. Pages are server-rendered
// HTML that works without JavaScript; a small script draws the charts from
// the tables of numbers under them, with the charting library built into
// the binary, so nothing is ever fetched from elsewhere.
//
// docs/staff-site.md describes the routes, sign-in and the CSRF rule.
package staff

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
	"golang.org/x/sync/semaphore"
)

// Store is what the site needs; the SQLite and DynamoDB stores provide it.
type Store interface {
	intents.Enrolment
	intents.RepairQueue
	intents.Availability
	intents.TrialDates
	intents.Eraser
	intents.UsageReader
	intents.Schedule
	intents.LandlordFigures
	intents.HouseholdChanges
	// UsageRollups returns the evaluation's rollups for the days from
	// from to to, and each household's use since since (the start of the
	// test) up to to: what the measures are computed from.
	UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error)
	// EachUsageEvent calls fn with each event with from <= Time < to,
	// oldest first, holding only a page of them at a time: the exports
	// stream.
	EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error
}

// Auth decides who is signed in.
type Auth interface {
	// Staff returns the signed-in member of staff for a request (from a
	// cookie or bearer token), or ok=false.
	Staff(r *http.Request) (who string, ok bool)
	// SignIn serves GET/POST /staff/signin (a form, or a redirect to an
	// identity provider and its callback under /staff/signin/...).
	SignIn() http.Handler
	// SignOut serves POST /staff/signout.
	SignOut() http.Handler
}

// Options configure the site. Store, Pseudonyms and Auth are required.
type Options struct {
	Store Store
	// Pseudonyms turns a household reference into its id when enrolling.
	Pseudonyms *intents.Pseudonyms
	Auth       Auth
	// Location is where days are reckoned; nil means Config.Location.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Costs are the unit prices behind the cost estimate; zero means
	// evaluation.DefaultCosts().
	Costs evaluation.CostModel
	// Config gives the landlord's phone number (for what tenants hear
	// outside the trial) and the rules repair priorities depend on; the
	// zero value means intents.DefaultConfig().
	Config intents.Config
	// Log receives what staff changed and what went wrong; nil discards.
	Log *slog.Logger
	// Roster is the coaches' weekly availability from the content file,
	// for the coach list on the enrol form and for re-seeding slots; nil
	// leaves both out.
	Roster *intents.Roster
	// Retention is how long usage events are kept; trial dates it would
	// not cover (with the reporting period) are refused. Zero means the
	// default, 400 days.
	Retention time.Duration
	// SeedDays is how far ahead re-seeding lays out the roster and the
	// availability page looks; zero means 56 days, as serve does at start.
	SeedDays int
	// HandOff says which hand-off destinations are set, for the banner
	// that warns of repairs waiting with nowhere to go; nil when the site
	// is not told, and then the banner warns only of failed hand-offs.
	HandOff *HandOffSetup
	// Exporter, when set, writes the events downloads elsewhere and hands
	// them over by link (on AWS Lambda, which cannot stream a long
	// answer); nil streams them as the answer.
	Exporter Exporter
}

// DefaultSeedDays is how far ahead coach availability is shown and seeded.
const DefaultSeedDays = 8 * 7

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// site is the staff site for one set of options.
type site struct {
	Options
	pages *template.Template
	csrf  *http.CrossOriginProtection
	// reports admits as many report computations at once as there are
	// CPUs. Each holds its period's day rows (tens of MB on a large
	// pilot); more at once would only share the same CPUs, finishing no
	// sooner, so a third dashboard on two cores waits its turn rather
	// than raising the server's peak memory by a third.
	reports chan struct{}
	// rows bounds the day rows the reports under way hold together
	// (rowBudget): CPUs alone would let two long periods at once double
	// the server's memory.
	rows *semaphore.Weighted
}

// Handler serves everything under /staff/ (mount it at "/staff/").
//
// Every request passes two gates before any page or API route sees it:
// a state-changing request (anything but GET, HEAD, OPTIONS) must not come
// from another site (net/http's CrossOriginProtection: the browser's
// Sec-Fetch-Site header, or else Origin, must match this host; requests
// from programs that send neither pass), and the request must be signed in
// (Auth.Staff) — except the sign-in and sign-out routes and the stylesheet
// the sign-in page needs. Without sign-in, the API answers 401 and pages
// redirect to the sign-in page.
func Handler(o Options) http.Handler {
	s := newSite(o)
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, rt.handler)
	}
	return s.guard(mux)
}

func newSite(o Options) *site {
	if o.Store == nil || o.Auth == nil || o.Pseudonyms == nil {
		// A wiring mistake, not something staff can meet: say so at start.
		panic("staff: Options.Store, Auth and Pseudonyms are required")
	}
	if o.Config.Location == nil {
		o.Config = intents.DefaultConfig()
	}
	if o.Location == nil {
		o.Location = o.Config.Location
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.SeedDays <= 0 {
		o.SeedDays = DefaultSeedDays
	}
	return &site{Options: o, pages: parsePages(), csrf: http.NewCrossOriginProtection(), reports: make(chan struct{}, runtime.GOMAXPROCS(0)), rows: semaphore.NewWeighted(rowBudget)}
}

// route is one pattern the site serves. public routes answer without
// sign-in; the authorization test walks this table, so every route is in it.
type route struct {
	pattern string // a ServeMux pattern: "METHOD /staff/..." or a path for any method
	public  bool
	handler http.Handler
}

func (s *site) routes() []route {
	h := func(pattern string, f func(http.ResponseWriter, *http.Request)) route {
		return route{pattern: pattern, handler: http.HandlerFunc(f)}
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	files := http.StripPrefix("/staff/static/", http.FileServerFS(static))
	return []route{
		{pattern: "/staff/signin", public: true, handler: s.Auth.SignIn()},
		// An identity provider's callback, for Auths that use one.
		{pattern: "/staff/signin/", public: true, handler: s.Auth.SignIn()},
		{pattern: "/staff/signout", public: true, handler: s.Auth.SignOut()},
		// The sign-in page needs its stylesheet before anyone has signed
		// in; it holds no data. Scripts and the charting library are only
		// for signed-in pages.
		{pattern: "GET /staff/static/style.css", public: true, handler: files},
		{pattern: "GET /staff/static/", handler: files},

		h("GET /staff/{$}", s.dashboard),
		h("GET /staff/repairs", s.repairsPage),
		h("POST /staff/repairs/{ref}/status", s.repairStatusForm),
		h("GET /staff/households", s.householdsPage),
		h("POST /staff/households", s.enrolForm),
		h("GET /staff/households/{id}", s.householdPage),
		h("POST /staff/households/{id}/details", s.detailsForm),
		h("POST /staff/households/{id}/code", s.codeForm),
		h("GET /staff/households/{id}/withdraw", s.withdrawPage),
		h("POST /staff/households/{id}/withdraw", s.withdrawForm),
		h("GET /staff/coaches", s.coachesPage),
		h("POST /staff/coaches/slots/{id}/remove", s.removeSlotForm),
		h("POST /staff/coaches/reseed", s.reseedForm),
		h("POST /staff/coaches/contacts", s.contactForm),
		h("GET /staff/settings", s.settingsPage),
		h("POST /staff/settings", s.settingsForm),
		h("GET /staff/trial", s.trialPage),
		h("GET /staff/definitions", s.definitionsPage),
		h("GET /staff/journeys", s.journeysPage),
		h("GET /staff/compare", s.comparePage),
		h("POST /staff/trial", s.trialForm),

		h("GET /staff/api/summary", s.apiSummary),
		h("GET /staff/api/summary.csv", s.apiSummaryCSV),
		h("GET /staff/api/board.csv", s.apiBoardCSV),
		h("GET /staff/api/journeys", s.apiJourneys),
		h("GET /staff/api/compare", s.apiCompare),
		h("GET /staff/api/events", s.apiEvents),
		h("GET /staff/api/events.csv", s.apiEventsCSV),
		h("GET /staff/exports/{id}", s.exportPage),
		h("GET /staff/api/repairs", s.apiRepairs),
		h("GET /staff/api/repairs.csv", s.apiRepairsCSV),
		h("PATCH /staff/api/repairs/{ref}", s.apiSetRepairStatus),
		h("GET /staff/api/households", s.apiHouseholds),
		h("GET /staff/api/households.csv", s.apiHouseholdsCSV),
		h("POST /staff/api/households", s.apiEnrol),
		h("DELETE /staff/api/households/{id}", s.apiWithdraw),
		h("PATCH /staff/api/households/{id}", s.apiSetHousehold),
		h("POST /staff/api/households/{id}/code", s.apiNewCode),
		h("GET /staff/api/slots", s.apiSlots),
		h("GET /staff/api/slots.csv", s.apiSlotsCSV),
		h("DELETE /staff/api/slots/{id}", s.apiRemoveSlot),
		h("GET /staff/api/settings", s.apiSettings),
		h("PUT /staff/api/settings", s.apiSetSettings),
		h("GET /staff/api/trial", s.apiTrial),
		h("PUT /staff/api/trial", s.apiSetTrial),
	}
}

// isPublic reports whether a request may be answered without sign-in.
func isPublic(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/staff/signin", strings.HasPrefix(p, "/staff/signin/"), p == "/staff/signout":
		return true
	case p == "/staff/static/style.css":
		return r.Method == http.MethodGet || r.Method == http.MethodHead
	}
	return false
}

// isAPI reports whether a path is the API, which answers 401 rather than
// redirecting a program to a sign-in page it cannot use.
func isAPI(p string) bool { return strings.HasPrefix(p, "/staff/api/") }

type whoKey struct{}

// throttler is an Auth that refuses an address after wrong tokens
// (TokenAuth; Cognito throttles its own sign-in).
type throttler interface{ Throttled(r *http.Request) bool }

// guard applies the site-wide headers, the cross-site check and sign-in.
func (s *site) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Nothing is ever loaded from elsewhere: the charting library is
		// built in. data: images are what Chart.js may use for a legend.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		// Pages hold tenants' details: no shared or back-button caches.
		h.Set("Cache-Control", "no-store")

		if err := s.csrf.Check(r); err != nil {
			s.Log.Warn("staff: cross-site request refused", "method", r.Method, "path", r.URL.Path)
			if isAPI(r.URL.Path) {
				writeJSONError(w, http.StatusForbidden, "cross-site requests are refused")
				return
			}
			s.renderError(w, r, http.StatusForbidden, "This change came from another web site, so it was refused. Make changes from the staff pages themselves.")
			return
		}
		if isPublic(r) {
			next.ServeHTTP(w, r)
			return
		}
		who, ok := s.Auth.Staff(r)
		if !ok {
			if t, can := s.Auth.(throttler); can && t.Throttled(r) {
				h.Set("Retry-After", strconv.Itoa(int(failureWindow/time.Second)))
				if isAPI(r.URL.Path) {
					writeJSONError(w, http.StatusTooManyRequests, "too many wrong tokens from this address: wait a minute")
					return
				}
			}
			if isAPI(r.URL.Path) {
				h.Set("WWW-Authenticate", `Bearer realm="homehelper-staff"`)
				writeJSONError(w, http.StatusUnauthorized, "sign in first: send Authorization: Bearer TOKEN")
				return
			}
			target := "/staff/signin"
			if r.Method == http.MethodGet && r.URL.Path != "/staff/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), whoKey{}, who)))
	})
}

// who is the signed-in member of staff, for the log.
func who(r *http.Request) string {
	s, _ := r.Context().Value(whoKey{}).(string)
	return s
}

// userError is an error in what staff asked for, shown to them as it is,
// with its HTTP status.
type userError struct {
	code int
	msg  string
}

func (e userError) Error() string { return e.msg }

// badf is a request staff must correct (400).
func badf(format string, a ...any) error {
	return userError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

// conflictf is a change that clashes with how things stand (409).
func conflictf(format string, a ...any) error {
	return userError{http.StatusConflict, fmt.Sprintf(format, a...)}
}

// status maps an error to the HTTP status and the words staff see: store
// and other unexpected errors are logged and shown only as "something went
// wrong", never in detail.
func (s *site) status(r *http.Request, err error) (int, string) {
	var ue userError
	switch {
	case errors.As(err, &ue):
		return ue.code, ue.msg
	case errors.Is(err, intents.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, intents.ErrConflict):
		return http.StatusConflict, "that clashes with something already there"
	}
	s.Log.ErrorContext(r.Context(), "staff site", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "something went wrong; the details are in the server's log"
}

func (s *site) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.status(r, err)
	writeJSONError(w, code, msg)
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// today is midnight at the start of today, in the site's location.
func (s *site) today() time.Time {
	n := s.Now().In(s.Location)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, s.Location)
}
