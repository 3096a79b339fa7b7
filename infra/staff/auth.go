package staff

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SessionLength is how long a sign-in lasts: a working day and a bit, so
// staff sign in once a day and a forgotten session ends by itself.
const SessionLength = 12 * time.Hour

// CookieName is the session cookie.
const CookieName = "homehelper_staff"

// CookiePath is the session cookie's path: the whole host, not just
// /staff/, because serve's try-it page at / is for signed-in staff when it
// runs without -dev (docs/staff-site.md). The cookie stays HttpOnly and
// SameSite=Strict, so the tenant endpoints it is also sent to gain nothing.
const CookiePath = "/"

// MinTokenLen is the shortest shared token accepted: anything shorter could
// be guessed by trying.
const MinTokenLen = 16

// TokenAuth is the local Auth: one shared token (HOMEHELPER_STAFF_TOKEN or
// generated), proved once on the sign-in page for an HttpOnly,
// SameSite=Strict session cookie, or sent by programs as
// "Authorization: Bearer TOKEN".
//
// The cookie is not the token: it is "staff", an expiry and a random id,
// signed with a key derived from the token (HMAC-SHA-256), so a stolen
// cookie works only until it expires or is signed out and never reveals the
// token, and changing the token ends every session. Signing out remembers
// the session's id until it would have expired, in this process.
type TokenAuth struct {
	token  [32]byte // SHA-256 of the token: compared in constant time, whatever the lengths
	key    []byte   // signs session cookies
	secure bool
	now    func() time.Time
	page   *template.Template

	// proxyHeader, when set, names the header a trusted reverse proxy
	// puts the client's address in (WithProxyHeader).
	proxyHeader string
	log         *slog.Logger
	throttle    throttle

	mu      sync.Mutex
	revoked map[string]time.Time // session id → when it would have expired
}

// NewTokenAuth makes the local Auth for a shared token. secure marks the
// cookie Secure: set it when the site is reached over HTTPS, directly or
// through a proxy.
func NewTokenAuth(token string, secure bool, opts ...TokenOption) *TokenAuth {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("homehelper staff session v1"))
	a := &TokenAuth{
		token:    sha256.Sum256([]byte(token)),
		key:      m.Sum(nil),
		secure:   secure,
		now:      time.Now,
		page:     parsePages(),
		revoked:  map[string]time.Time{},
		log:      slog.Default(),
		throttle: throttle{failures: map[string][]time.Time{}},
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// NewToken makes a random shared token for staff to sign in with.
func NewToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Staff returns "staff" for a request with the right bearer token or a
// valid session cookie. A request that sends an Authorization header is
// judged by it alone, never by a cookie that came along with it. Bearer
// tokens are throttled as sign-in is, by client address.
func (a *TokenAuth) Staff(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		now := a.now()
		client := clientAddr(r, a.proxyHeader)
		if a.throttle.limited(client, now) {
			return "", false
		}
		scheme, tok, found := strings.Cut(h, " ")
		if !found || !strings.EqualFold(scheme, "Bearer") || !a.tokenOK(strings.TrimSpace(tok)) {
			a.fail(r, client, now)
			return "", false
		}
		return "staff", true
	}
	c, err := r.Cookie(CookieName)
	if err != nil {
		return "", false
	}
	return a.session(c.Value)
}

func (a *TokenAuth) tokenOK(tok string) bool {
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], a.token[:]) == 1
}

// newSession returns a signed cookie value for who, valid until exp.
func (a *TokenAuth) newSession(who string, exp time.Time) (string, error) {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return "", err
	}
	payload := who + "|" + strconv.FormatInt(exp.Unix(), 10) + "|" + base64.RawURLEncoding.EncodeToString(id)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + a.sign(payload), nil
}

func (a *TokenAuth) sign(payload string) string {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// parse checks a cookie value's signature and returns its parts.
func (a *TokenAuth) parse(v string) (who string, exp time.Time, id string, ok bool) {
	p64, mac, found := strings.Cut(v, ".")
	if !found {
		return "", time.Time{}, "", false
	}
	payload, err := base64.RawURLEncoding.DecodeString(p64)
	if err != nil || !hmac.Equal([]byte(mac), []byte(a.sign(string(payload)))) {
		return "", time.Time{}, "", false
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 3 {
		return "", time.Time{}, "", false
	}
	secs, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", time.Time{}, "", false
	}
	return parts[0], time.Unix(secs, 0), parts[2], true
}

func (a *TokenAuth) session(v string) (string, bool) {
	who, exp, id, ok := a.parse(v)
	if !ok || !a.now().Before(exp) {
		return "", false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, gone := a.revoked[id]; gone {
		return "", false
	}
	return who, true
}

// fail counts a wrong token from client, logging when it throttles them.
func (a *TokenAuth) fail(r *http.Request, client string, now time.Time) {
	if a.throttle.fail(client, now) {
		a.log.Warn("staff: wrong tokens from one address: refusing it for up to a minute",
			"client", client, "wrong_tokens", maxFailures, "window", failureWindow, "path", r.URL.Path)
	}
}

// signInPage is what the sign-in template shows.
type signInPage struct {
	pageData
	Next  string
	Error string
}

// SignIn serves the sign-in form (GET) and checks the token sent with it
// (POST), setting the session cookie and going on to the page asked for.
func (a *TokenAuth) SignIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/staff/signin" {
			http.NotFound(w, r)
			return
		}
		next := safeNext(r.FormValue("next"))
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			if _, ok := a.Staff(r); ok {
				http.Redirect(w, r, next, http.StatusSeeOther)
				return
			}
			a.render(w, http.StatusOK, signInPage{Next: next})
		case http.MethodPost:
			now := a.now()
			client := clientAddr(r, a.proxyHeader)
			if a.throttle.limited(client, now) {
				w.Header().Set("Retry-After", "60")
				a.render(w, http.StatusTooManyRequests, signInPage{Next: next,
					Error: "Too many wrong tokens in the last minute. Wait a minute, then try again."})
				return
			}
			if !a.tokenOK(strings.TrimSpace(r.PostFormValue("token"))) {
				a.fail(r, client, now)
				a.render(w, http.StatusUnauthorized, signInPage{Next: next,
					Error: "That sign-in token is not right. Check it and try again."})
				return
			}
			exp := now.Add(SessionLength)
			v, err := a.newSession("staff", exp)
			if err != nil {
				http.Error(w, "could not start a session", http.StatusInternalServerError)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: CookieName, Value: v, Path: CookiePath, Expires: exp,
				MaxAge: int(SessionLength / time.Second), HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, next, http.StatusSeeOther)
		default:
			w.Header().Set("Allow", "GET, HEAD, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

func (a *TokenAuth) render(w http.ResponseWriter, code int, p signInPage) {
	p.Title = "Sign in"
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = a.page.ExecuteTemplate(w, "signin.html", p)
}

// SignOut ends the session: the cookie is cleared, and its id is refused
// from now on even if a copy of the cookie is kept.
func (a *TokenAuth) SignOut() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if c, err := r.Cookie(CookieName); err == nil {
			if _, exp, id, ok := a.parse(c.Value); ok {
				a.revoke(id, exp)
			}
		}
		http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: CookiePath, MaxAge: -1,
			HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/staff/signin", http.StatusSeeOther)
	})
}

func (a *TokenAuth) revoke(id string, exp time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	for k, t := range a.revoked {
		if !now.Before(t) {
			delete(a.revoked, k) // expired anyway
		}
	}
	a.revoked[id] = exp
}

// safeNext keeps a redirect after sign-in on the staff site or the try-it
// page ("/"): anything else (another host, "//evil", a backslash trick)
// goes to the dashboard.
func safeNext(next string) string {
	if next == "/" {
		return next
	}
	if !strings.HasPrefix(next, "/staff/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/staff/"
	}
	return next
}

var _ Auth = (*TokenAuth)(nil)
