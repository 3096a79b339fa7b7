package staff

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

const testToken = "test-token-0123456789abcdef"

// testNow is a Monday in the cold months, mid-morning in London.
var testNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// fixture is a staff site over an in-memory store.
type fixture struct {
	t     *testing.T
	store *memstore.Store
	site  http.Handler
	auth  *TokenAuth
	now   time.Time
	p     *intents.Pseudonyms
}

func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	p, err := intents.NewPseudonyms([]byte(strings.Repeat("k", intents.MinKeyLen)))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: memstore.New(), now: now, p: p, auth: NewTokenAuth(testToken, false)}
	f.auth.now = func() time.Time { return f.now }
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	roster, err := intents.ReadRoster(rf)
	rf.Close()
	if err != nil {
		t.Fatal(err)
	}
	f.site = Handler(Options{Store: f.store, Pseudonyms: p, Auth: f.auth, Now: func() time.Time { return f.now },
		Roster: &roster, Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})
	return f
}

// pilot is a fixture holding evaltest's six-week pilot: the usage log and
// households made by the real conversation, its trial dates, and a repair
// for each repair reported (the generator's store keeps its own).
type pilot struct {
	*fixture
	g *evaltest.Generated
}

func newPilot(t *testing.T) *pilot {
	t.Helper()
	g := evaltest.Generate(t, evaltest.Pilot())
	p := g.Period()
	// Two days after the end, so "stopped" and ages are judged then.
	f := newFixture(t, p.End().Add(36*time.Hour))
	ctx := context.Background()
	for _, h := range g.Households {
		if err := f.store.AddHousehold(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range g.Events {
		if err := f.store.RecordUsage(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.Outcome == intents.OutcomeRepairReported || (e.Outcome == intents.OutcomeEmergencyAdvised && e.RepairRef != "") {
			pr := e.Priority
			if pr == "" {
				pr = intents.Routine
			}
			if err := f.store.SaveRepair(ctx, intents.Repair{Ref: e.RepairRef, HouseholdID: e.HouseholdID, Problem: e.Slots["problem"],
				Room: e.Slots["room"], Priority: pr, Status: intents.StatusReported, GuideTried: e.GuideTried, ReportedAt: e.Time}); err != nil {
				t.Fatal(err)
			}
		}
	}
	start := g.Scenario.Start
	last := start.AddDate(0, 0, g.Scenario.Days-1)
	if err := f.store.SetTrialDates(ctx, intents.Trial{
		Start: time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC),
		End:   time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC),
	}); err != nil {
		t.Fatal(err)
	}
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	roster, err := intents.ReadRoster(rf)
	rf.Close()
	if err != nil {
		t.Fatal(err)
	}
	slots, err := roster.Slots(f.now, DefaultSeedDays, g.Location())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.AddCoachSlots(ctx, slots); err != nil {
		t.Fatal(err)
	}
	// A visit booked by HH-ADA, so the availability shows a booked slot.
	if err := f.store.Book(ctx, intents.Booking{ID: "b-ada", HouseholdID: g.ID("HH-ADA"), Slot: slots[1], BookedAt: f.now}); err != nil {
		t.Fatal(err)
	}
	return &pilot{fixture: f, g: g}
}

// periodQuery is the pilot's whole period as a query string.
func (p *pilot) periodQuery() string {
	per := p.g.Period()
	return "from=" + per.From.Format(time.DateOnly) + "&to=" + per.To.Format(time.DateOnly)
}

// do sends a request to the site, signed in with the bearer token unless
// the request already carries credentials or asks for none (auth "none").
func (f *fixture) do(method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	bearer := true
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "auth" {
			bearer = hdr[i+1] != "none"
			continue
		}
		if hdr[i] == "remote" { // the client's address, host:port
			req.RemoteAddr = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if bearer && req.Header.Get("Authorization") == "" && req.Header.Get("Cookie") == "" {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		if strings.HasPrefix(body, "{") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	w := httptest.NewRecorder()
	f.site.ServeHTTP(w, req)
	return w
}

// get is a signed-in GET that must answer 200.
func (f *fixture) get(target string) string {
	f.t.Helper()
	w := f.do("GET", target, "")
	if w.Code != http.StatusOK {
		f.t.Fatalf("GET %s: %d %s", target, w.Code, w.Body.String())
	}
	return w.Body.String()
}

// getJSON is a signed-in GET decoded into v.
func (f *fixture) getJSON(target string, v any) {
	f.t.Helper()
	if err := json.Unmarshal([]byte(f.get(target)), v); err != nil {
		f.t.Fatalf("GET %s: %v", target, err)
	}
}

// signIn posts the token on the sign-in form and returns the session cookie.
func (f *fixture) signIn() *http.Cookie {
	f.t.Helper()
	w := f.do("POST", "/staff/signin", "token="+url.QueryEscape(testToken), "auth", "none",
		"Sec-Fetch-Site", "same-origin")
	if w.Code != http.StatusSeeOther {
		f.t.Fatalf("sign in: %d %s", w.Code, w.Body.String())
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == CookieName {
			return c
		}
	}
	f.t.Fatal("sign in set no session cookie")
	return nil
}

// report is what Compute gives for the pilot over its whole period.
func (p *pilot) report(demo bool) evaluation.Report {
	hs, err := p.store.ListHouseholds(context.Background())
	if err != nil {
		p.t.Fatal(err)
	}
	return evaluation.Compute(p.store.All(), hs, evaluation.Options{Period: p.g.Period(), IncludeDemo: demo, Now: p.now})
}

// testLogWriter sends the site's log to the test's, shown when it fails.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
