package staff

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

// concrete turns a route pattern into a path a request can use.
func concrete(pattern string) string {
	_, path, found := strings.Cut(pattern, " ")
	if !found {
		path = pattern
	}
	path = strings.TrimSuffix(path, "{$}")
	return regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "X1")
}

// TestEveryRouteNeedsSignIn asks every route of the site, with every
// method, without credentials and with wrong ones: the API answers 401,
// pages redirect to the sign-in page, and nothing else answers. The
// routes come from the table Handler serves, so a new route is covered
// the day it is added.
func TestEveryRouteNeedsSignIn(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
	routes := newSite(Options{Store: f.store, Auth: f.auth, Pseudonyms: f.p}).routes()
	// Paths no route names, which must be refused in the same way.
	paths := []string{"/staff/nothing-here", "/staff/api/nothing-here", "/staff/static/vendor/chart.umd.min.js", "/staff/static/staff.js"}
	for _, rt := range routes {
		if !rt.public {
			paths = append(paths, concrete(rt.pattern))
		}
	}
	creds := []struct {
		name string
		hdr  []string
	}{
		{"no credentials", []string{"auth", "none"}},
		{"wrong bearer token", []string{"Authorization", "Bearer not-the-token-0123456789"}},
		{"token sent as basic auth", []string{"Authorization", "Basic " + testToken}},
		{"token as the cookie", []string{"Cookie", CookieName + "=" + testToken}},
		{"forged cookie", []string{"Cookie", CookieName + "=c3RhZmZ8OTk5OTk5OTk5OXxhYmM.bm90LWEtbWFj"}},
	}
	n := 0
	for _, path := range slices.Compact(slices.Sorted(slices.Values(paths))) {
		for _, m := range methods {
			for _, c := range creds {
				// Each from its own address, so the wrong tokens do not
				// throttle the rest (TestThrottle covers that).
				n++
				hdr := append([]string{"Sec-Fetch-Site", "same-origin", "remote", fmt.Sprintf("10.0.%d.%d:4000", n/256, n%256)}, c.hdr...)
				w := f.do(m, path, "", hdr...)
				if strings.HasPrefix(path, "/staff/api/") {
					if w.Code != http.StatusUnauthorized {
						t.Errorf("%s %s, %s: %d, want 401", m, path, c.name, w.Code)
					}
					if strings.Contains(w.Body.String(), "HH-") {
						t.Errorf("%s %s, %s: the refusal shows data: %s", m, path, c.name, w.Body.String())
					}
					continue
				}
				loc := w.Header().Get("Location")
				if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/signin") {
					t.Errorf("%s %s, %s: %d to %q, want 303 to the sign-in page", m, path, c.name, w.Code, loc)
				}
			}
		}
	}
}

// TestEveryRouteAnswersWhenSignedIn: the same routes with the bearer token
// or a session cookie reach their handlers (the status is whatever the
// handler says, never a refusal).
func TestEveryRouteAnswersWhenSignedIn(t *testing.T) {
	p := newPilot(t)
	cookie := p.signIn()
	routes := newSite(Options{Store: p.store, Auth: p.auth, Pseudonyms: p.p}).routes()
	for _, rt := range routes {
		if rt.public {
			continue
		}
		method, _, _ := strings.Cut(rt.pattern, " ")
		path := concrete(rt.pattern)
		for _, hdr := range [][]string{
			{"Authorization", "Bearer " + testToken},
			{"Cookie", cookie.String(), "Sec-Fetch-Site", "same-origin"},
		} {
			w := p.do(method, path, "", hdr...)
			if w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden ||
				(w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/staff/signin")) {
				t.Errorf("%s %s with %s: refused (%d)", method, path, hdr[0], w.Code)
			}
			if method == "GET" && !strings.Contains(path, "X1") && w.Code != http.StatusOK {
				t.Errorf("GET %s with %s: %d, want 200", path, hdr[0], w.Code)
			}
		}
	}
}

// TestCrossSiteChangesRefused: with a valid cookie, a change sent from
// another site is refused (403) before it reaches any handler; from the
// site itself, or by a program with the bearer token, it goes through.
func TestCrossSiteChangesRefused(t *testing.T) {
	p := newPilot(t)
	cookie := p.signIn()
	ref := firstRepairRef(t, p.fixture)
	patch := `{"status":"booked"}`
	tests := []struct {
		name string
		hdr  []string
		want int
	}{
		{"cookie, cross-site fetch", []string{"Cookie", cookie.String(), "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"cookie, same-site other origin", []string{"Cookie", cookie.String(), "Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"cookie, old browser, other Origin", []string{"Cookie", cookie.String(), "Origin", "https://evil.example"}, http.StatusForbidden},
		{"bearer, cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"cookie, same origin", []string{"Cookie", cookie.String(), "Sec-Fetch-Site", "same-origin"}, http.StatusOK},
		{"cookie, old browser, same Origin", []string{"Cookie", cookie.String(), "Origin", "http://example.com"}, http.StatusOK},
		{"bearer, a program (no browser headers)", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := p.do("PATCH", "/staff/api/repairs/"+ref, patch, tt.hdr...)
			if w.Code != tt.want {
				t.Errorf("PATCH: %d %s, want %d", w.Code, w.Body.String(), tt.want)
			}
			// The same for a form on a page, and for signing in and out.
			w = p.do("POST", "/staff/trial", "start=2026-10-19&end=2026-11-29", tt.hdr...)
			if (w.Code == http.StatusForbidden) != (tt.want == http.StatusForbidden) {
				t.Errorf("POST /staff/trial: %d, want refused=%v", w.Code, tt.want == http.StatusForbidden)
			}
		})
	}
	// Logging in from another site (login CSRF) is refused too.
	w := p.do("POST", "/staff/signin", "token="+testToken, "auth", "none", "Sec-Fetch-Site", "cross-site")
	if w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 {
		t.Errorf("cross-site sign-in: %d, cookies %v", w.Code, w.Result().Cookies())
	}
}

func TestSignInAndOut(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))

	page := f.do("GET", "/staff/signin", "", "auth", "none")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `name="token"`) {
		t.Fatalf("sign-in page: %d", page.Code)
	}
	css := f.do("GET", "/staff/static/style.css", "", "auth", "none")
	if css.Code != http.StatusOK {
		t.Errorf("the sign-in page's stylesheet needs no sign-in: %d", css.Code)
	}

	wrong := f.do("POST", "/staff/signin", "token=nope", "auth", "none", "Sec-Fetch-Site", "same-origin")
	if wrong.Code != http.StatusUnauthorized || len(wrong.Result().Cookies()) != 0 ||
		!strings.Contains(wrong.Body.String(), "not right") {
		t.Errorf("wrong token: %d, cookies %v", wrong.Code, wrong.Result().Cookies())
	}

	w := f.do("POST", "/staff/signin", "token="+testToken+"&next="+url.QueryEscape("/staff/repairs"), "auth", "none", "Sec-Fetch-Site", "same-origin")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/repairs" {
		t.Fatalf("sign in: %d to %q", w.Code, w.Header().Get("Location"))
	}
	var c *http.Cookie
	for _, k := range w.Result().Cookies() {
		if k.Name == CookieName {
			c = k
		}
	}
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure {
		t.Errorf("cookie: HttpOnly %v SameSite %v Path %q Secure %v; want HttpOnly, Strict, /, not Secure over HTTP",
			c.HttpOnly, c.SameSite, c.Path, c.Secure)
	}
	if strings.Contains(c.Value, testToken) || c.MaxAge != int(SessionLength/time.Second) {
		t.Errorf("cookie value %q (max age %d) must not hold the token, and last %v", c.Value, c.MaxAge, SessionLength)
	}
	if got := f.do("GET", "/staff/", "", "Cookie", c.String()); got.Code != http.StatusOK {
		t.Fatalf("dashboard with the cookie: %d", got.Code)
	}

	// A cookie made with another token is refused: the token signs it.
	other := NewTokenAuth("another-token-0123456789", false)
	v, err := other.newSession("staff", f.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.do("GET", "/staff/api/repairs", "", "Cookie", CookieName+"="+v); got.Code != http.StatusUnauthorized {
		t.Errorf("cookie signed with another token: %d", got.Code)
	}
	// A wrong bearer token is not rescued by a good cookie.
	if got := f.do("GET", "/staff/api/repairs", "", "Cookie", c.String(), "Authorization", "Bearer wrong-0123456789abcdef"); got.Code != http.StatusUnauthorized {
		t.Errorf("wrong bearer with a good cookie: %d", got.Code)
	}

	// After 12 hours the cookie no longer works.
	f.now = f.now.Add(SessionLength + time.Second)
	if got := f.do("GET", "/staff/api/repairs", "", "Cookie", c.String()); got.Code != http.StatusUnauthorized {
		t.Errorf("cookie after %v: %d", SessionLength, got.Code)
	}
	f.now = f.now.Add(-SessionLength)

	out := f.do("POST", "/staff/signout", "", "Cookie", c.String(), "Sec-Fetch-Site", "same-origin")
	if out.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", out.Code)
	}
	cleared := false
	for _, k := range out.Result().Cookies() {
		cleared = cleared || (k.Name == CookieName && k.MaxAge < 0)
	}
	if !cleared {
		t.Error("sign out did not clear the cookie")
	}
	// A copy of the cookie kept after signing out is refused.
	if got := f.do("GET", "/staff/api/repairs", "", "Cookie", c.String()); got.Code != http.StatusUnauthorized {
		t.Errorf("cookie after signing out: %d", got.Code)
	}
}

// TestThrottle: wrong tokens from one address, at sign-in or as bearer
// tokens, refuse that address for a minute, the right token included, so
// guessing stops; staff at another address are never refused for it; a
// trusted proxy's header, only when configured, names the address.
func TestThrottle(t *testing.T) {
	const (
		guesser = "203.0.113.9:5000"
		staffer = "198.51.100.7:6000"
	)
	signIn := func(f *fixture, token string, hdr ...string) int {
		return f.do("POST", "/staff/signin", "token="+token, append([]string{"auth", "none"}, hdr...)...).Code
	}
	bearer := func(f *fixture, token string, hdr ...string) int {
		return f.do("GET", "/staff/api/repairs", "", append([]string{"Authorization", "Bearer " + token}, hdr...)...).Code
	}
	for _, guess := range []struct {
		name string
		try  func(f *fixture, token string, hdr ...string) int
	}{{"sign-in", signIn}, {"bearer", bearer}} {
		t.Run(guess.name, func(t *testing.T) {
			f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
			for range maxFailures {
				guess.try(f, "guess-0123456789abcdef", "remote", guesser)
			}
			if got := signIn(f, testToken, "remote", guesser); got != http.StatusTooManyRequests {
				t.Errorf("sign-in from the guessing address, right token: %d, want 429", got)
			}
			if got := bearer(f, testToken, "remote", guesser); got != http.StatusTooManyRequests {
				t.Errorf("bearer from the guessing address, right token: %d, want 429", got)
			}
			if got := signIn(f, testToken, "remote", staffer); got != http.StatusSeeOther {
				t.Errorf("sign-in from another address: %d, want 303", got)
			}
			if got := bearer(f, testToken, "remote", staffer); got != http.StatusOK {
				t.Errorf("bearer from another address: %d, want 200", got)
			}
			if c := f.auth.Counts(); c.WrongTokens != maxFailures || c.Throttled != 2 {
				t.Errorf("counts %+v, want %d wrong and 2 throttled", c, maxFailures)
			}
			f.now = f.now.Add(failureWindow)
			if got := signIn(f, testToken, "remote", guesser); got != http.StatusSeeOther {
				t.Errorf("a minute later: %d, want 303", got)
			}
		})
	}

	t.Run("proxy header", func(t *testing.T) {
		f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
		behind := NewTokenAuth(testToken, true, WithProxyHeader("X-Forwarded-For"), WithClock(func() time.Time { return f.now }))
		const proxy = "127.0.0.1:4000"
		req := func(xff string) *http.Request {
			r := httptest.NewRequest("GET", "/staff/api/repairs", nil)
			r.RemoteAddr = proxy
			r.Header.Set("X-Forwarded-For", xff)
			r.Header.Set("Authorization", "Bearer wrong-0123456789abcdef")
			return r
		}
		for i := range maxFailures {
			// The guesser varies the part it controls; the proxy appends
			// the address it saw, which counts.
			behind.Staff(req(fmt.Sprintf("10.9.9.%d, 203.0.113.9", i)))
		}
		if !behind.Throttled(req("203.0.113.9")) {
			t.Error("behind the proxy: the guessing address is not throttled")
		}
		if behind.Throttled(req("203.0.113.9, 198.51.100.7")) {
			t.Error("behind the proxy: staff at another address are throttled")
		}
		// Without the option, the header is ignored: everyone behind
		// the proxy is one address, and a client cannot choose its own.
		direct := NewTokenAuth(testToken, false, WithClock(func() time.Time { return f.now }))
		for range maxFailures {
			direct.Staff(req("203.0.113.9"))
		}
		if !direct.Throttled(req("198.51.100.7")) {
			t.Error("without the option, the forwarded header was believed")
		}
	})
}

func TestCheckToken(t *testing.T) {
	generated, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	for tok, ok := range map[string]bool{
		generated:                          true,
		"0123456789abcdef0123456789abcdef": true, // openssl rand -hex 16
		"Tr0ub4dor&3-horse-battery-staple": true,
		"short":                            false,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": false, // one character repeated
		"abababababababababababababababab": false,
		"passwordpassword":                 false, // 16 lower-case letters: ~75 bits
		"1234567890123456":                 false,
	} {
		err := CheckToken(tok)
		if (err == nil) != ok {
			t.Errorf("CheckToken(%q) = %v, want ok %v", tok, err, ok)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "/staff/",
		"/staff/repairs":             "/staff/repairs",
		"/staff/?from=2026-11-01":    "/staff/?from=2026-11-01",
		"https://evil.example/staff": "/staff/",
		"//evil.example/staff/":      "/staff/",
		"/staff/\\evil":              "/staff/",
		"/elsewhere":                 "/staff/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSecurityHeaders: every answer, signed in or not, forbids loading
// anything from elsewhere and being framed.
func TestSecurityHeaders(t *testing.T) {
	p := newPilot(t)
	for _, target := range []string{"/staff/", "/staff/signin", "/staff/repairs", "/staff/api/summary", "/staff/static/staff.js"} {
		for _, hdr := range [][]string{{"auth", "none"}, nil} {
			w := p.do("GET", target, "", hdr...)
			csp := w.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: CSP %q", target, csp)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("%s: headers %v", target, w.Header())
			}
		}
	}
}

func firstRepairRef(t *testing.T, f *fixture) string {
	t.Helper()
	var rows []repairRow
	f.getJSON("/staff/api/repairs", &rows)
	if len(rows) == 0 {
		t.Fatal("no repairs in the fixture")
	}
	return rows[0].Ref
}
