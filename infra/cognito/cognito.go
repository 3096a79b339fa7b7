// Package cognito signs staff in to the staff site with an Amazon Cognito
// user pool's hosted sign-in page (OAuth 2.0 authorization code grant with
// PKCE, a public client with no secret) and checks the tokens it issues.
//
// Auth has the methods of the staff site's Auth interface (infra/staff);
// it satisfies it structurally, because infra packages do not import one
// another. Browsers send no Authorization header on page loads and
// downloads, so the sign-in is completed here, by the staff handler, and
// the id token is kept in an HttpOnly cookie; programs send a token as
// "Authorization: Bearer TOKEN" instead. Either way the token is checked
// here: its signature against the pool's published keys (JWKS, cached and
// fetched again when a token names a key not seen yet), its issuer, its
// audience (id token) or client (access token), its use and its expiry.
package cognito

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

// CookieName holds the id token of a signed-in member of staff.
const CookieName = "homehelper_staff_id"

// stateCookie carries the sign-in's state, PKCE verifier and the page to
// return to, from the redirect to Cognito to the callback.
const stateCookie = "homehelper_staff_signin"

// stateLifetime is how long a sign-in may take on Cognito's page.
const stateLifetime = 10 * time.Minute

// leeway allows for clocks a little apart (Cognito's and Lambda's).
const leeway = 30 * time.Second

// Config says which user pool and app client to trust.
type Config struct {
	// Region and UserPoolID name the pool: tokens must be issued by
	// https://cognito-idp.<Region>.amazonaws.com/<UserPoolID>.
	Region, UserPoolID string
	// ClientID is the app client staff sign in through: an id token's aud
	// and an access token's client_id must be it.
	ClientID string
	// Domain is the hosted sign-in page's host, such as
	// "homehelper-pilot-staff.auth.eu-west-2.amazoncognito.com", or a URL
	// (https://...) for a custom or test domain.
	Domain string

	// Issuer and JWKSURL override the pool's, for tests.
	Issuer, JWKSURL string
	// Client makes the token and JWKS requests; nil means a client with a
	// 5-second timeout.
	Client *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives refused tokens and failed sign-ins; nil discards.
	Log *slog.Logger
}

// Auth is the staff site's sign-in on AWS: Cognito's hosted page, then
// the id token in a cookie.
type Auth struct {
	cfg    Config
	issuer string
	ui     *url.URL // the hosted UI's base URL
	keys   keyfunc.Keyfunc
	client *http.Client
	now    func() time.Time
	log    *slog.Logger
}

// New makes the Auth. It fetches the pool's keys once now (a failure is
// only logged: the first token checked fetches them again); ctx ends the
// background refresh of the keys.
func New(ctx context.Context, c Config) (*Auth, error) {
	if c.ClientID == "" || c.Domain == "" || (c.Issuer == "" && (c.Region == "" || c.UserPoolID == "")) {
		return nil, errors.New("cognito: Region, UserPoolID, ClientID and Domain are required")
	}
	a := &Auth{cfg: c, client: c.Client, now: c.Now, log: c.Log}
	if a.client == nil {
		a.client = &http.Client{Timeout: 5 * time.Second}
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.issuer = c.Issuer
	if a.issuer == "" {
		a.issuer = "https://cognito-idp." + c.Region + ".amazonaws.com/" + c.UserPoolID
	}
	jwksURL := c.JWKSURL
	if jwksURL == "" {
		jwksURL = a.issuer + "/.well-known/jwks.json"
	}
	base := c.Domain
	if !strings.Contains(base, "://") {
		base = "https://" + base
	}
	ui, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil || ui.Host == "" {
		return nil, fmt.Errorf("cognito: domain %q is not a host name or URL", c.Domain)
	}
	a.ui = ui
	keys, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{jwksURL}, keyfunc.Override{
		Client:      a.client,
		HTTPTimeout: 5 * time.Second,
		// Cognito rotates keys rarely; a token naming an unknown key
		// fetches the set again at most once a minute. The wait bounds
		// both the limiter and that fetch: the limiter refuses at once
		// when its next slot is further off, so a stream of forged kids
		// never holds requests up.
		RefreshUnknownKID: rate.NewLimiter(rate.Every(time.Minute), 1),
		RateLimitWaitMax:  3 * time.Second,
		RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
			return func(ctx context.Context, err error) {
				a.log.WarnContext(ctx, "cognito: fetching the user pool's keys", "url", u, "err", err)
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("cognito: %w", err)
	}
	a.keys = keys
	return a, nil
}

// Staff returns the signed-in member of staff (their email, else their
// user name) for a request with a valid token: the bearer token if the
// request sends an Authorization header (judged by it alone, never by a
// cookie that came with it), else the id token in the cookie.
func (a *Auth) Staff(r *http.Request) (string, bool) {
	var raw string
	idOnly := false
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, found := strings.Cut(h, " ")
		if !found || !strings.EqualFold(scheme, "Bearer") {
			return "", false
		}
		raw = strings.TrimSpace(tok)
	} else {
		c, err := r.Cookie(CookieName)
		if err != nil {
			return "", false
		}
		raw, idOnly = c.Value, true
	}
	claims, err := a.validate(r.Context(), raw)
	if err != nil {
		a.log.InfoContext(r.Context(), "cognito: token refused", "err", err)
		return "", false
	}
	if idOnly && claims["token_use"] != "id" {
		return "", false
	}
	return who(claims), true
}

// validate checks a token and returns its claims.
func (a *Auth) validate(ctx context.Context, raw string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, a.keys.KeyfuncCtx(ctx),
		// Cognito signs with RS256 only; naming it refuses "none" and
		// any attempt to pass the public key off as an HMAC secret.
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(a.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(a.now),
	)
	if err != nil {
		return nil, err
	}
	switch claims["token_use"] {
	case "id":
		aud, err := claims.GetAudience()
		if err != nil || !slices.Contains(aud, a.cfg.ClientID) {
			return nil, fmt.Errorf("id token for audience %v, not this site's client", aud)
		}
	case "access":
		if claims["client_id"] != a.cfg.ClientID {
			return nil, fmt.Errorf("access token for client %v, not this site's", claims["client_id"])
		}
	default:
		return nil, fmt.Errorf("token_use is %v, want id or access", claims["token_use"])
	}
	return claims, nil
}

// who names the member of staff in the log.
func who(c jwt.MapClaims) string {
	for _, k := range []string{"email", "cognito:username", "username", "sub"} {
		if s, _ := c[k].(string); s != "" {
			return s
		}
	}
	return "staff"
}

// SignIn serves GET /staff/signin (a redirect to Cognito's hosted page),
// the callback Cognito returns to, /staff/signin/callback, and the page
// Cognito's sign-out returns to, /staff/signin/signedout.
func (a *Auth) SignIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		switch r.URL.Path {
		case "/staff/signin":
			a.start(w, r)
		case "/staff/signin/callback":
			a.callback(w, r)
		case "/staff/signin/signedout":
			a.page(w, http.StatusOK, "You have signed out", "You have signed out of the Home Helper staff site.")
		default:
			http.NotFound(w, r)
		}
	})
}

// start sends the browser to the hosted sign-in page, remembering the
// state, the PKCE verifier and where to go back to in a short-lived cookie.
func (a *Auth) start(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, ok := a.Staff(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	state, err1 := random()
	verifier, err2 := random()
	if err := errors.Join(err1, err2); err != nil {
		http.Error(w, "could not start signing in", http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {a.cfg.ClientID},
		"redirect_uri":          {redirectURI(r)},
		"scope":                 {"openid email"},
		"state":                 {state},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
	}
	value := state + "." + verifier + "." + base64.RawURLEncoding.EncodeToString([]byte(next))
	a.setCookie(w, stateCookie, value, "/staff/signin/", int(stateLifetime/time.Second))
	http.Redirect(w, r, a.endpoint("/oauth2/authorize")+"?"+q.Encode(), http.StatusSeeOther)
}

// callback completes the sign-in: the state must match the cookie's, and
// the code is exchanged (with the PKCE verifier) for tokens, whose id
// token is checked and kept in the session cookie.
func (a *Auth) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	// The state cookie is for one sign-in only, whatever happens next.
	a.setCookie(w, stateCookie, "", "/staff/signin/", -1)
	if e := q.Get("error"); e != "" {
		a.log.WarnContext(r.Context(), "cognito: sign-in refused by Cognito", "error", e, "description", q.Get("error_description"))
		a.page(w, http.StatusUnauthorized, "Not signed in", "Signing in did not finish. Try again from the staff site's address.")
		return
	}
	c, err := r.Cookie(stateCookie)
	var state, verifier, next64 string
	ok := err == nil
	if ok {
		parts := strings.Split(c.Value, ".")
		ok = len(parts) == 3
		if ok {
			state, verifier, next64 = parts[0], parts[1], parts[2]
		}
	}
	if !ok || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(state), []byte(q.Get("state"))) != 1 {
		a.log.WarnContext(r.Context(), "cognito: sign-in callback with a missing or wrong state")
		a.page(w, http.StatusBadRequest, "Not signed in", "This sign-in link has expired or was not started here. Go to the staff site and sign in again.")
		return
	}
	idToken, err := a.exchange(r.Context(), q.Get("code"), verifier, redirectURI(r))
	if err != nil {
		a.log.WarnContext(r.Context(), "cognito: exchanging the sign-in code", "err", err)
		a.page(w, http.StatusBadGateway, "Not signed in", "Signing in could not be finished. Try again in a minute.")
		return
	}
	claims, err := a.validate(r.Context(), idToken)
	if err != nil || claims["token_use"] != "id" {
		a.log.WarnContext(r.Context(), "cognito: the id token from the sign-in was refused", "err", err)
		a.page(w, http.StatusUnauthorized, "Not signed in", "Signing in could not be finished. Try again.")
		return
	}
	exp, _ := claims.GetExpirationTime()
	maxAge := int(exp.Sub(a.now()) / time.Second)
	if maxAge <= 0 {
		maxAge = 1
	}
	a.setCookie(w, CookieName, idToken, "/staff/", maxAge)
	next := "/staff/"
	if b, err := base64.RawURLEncoding.DecodeString(next64); err == nil {
		next = safeNext(string(b))
	}
	a.log.InfoContext(r.Context(), "cognito: signed in", "who", who(claims))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// exchange swaps an authorization code for tokens at the pool's token
// endpoint and returns the id token.
func (a *Auth) exchange(ctx context.Context, code, verifier, redirect string) (string, error) {
	if code == "" {
		return "", errors.New("no code")
	}
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {a.cfg.ClientID},
		"code":          {code},
		"redirect_uri":  {redirect},
		"code_verifier": {verifier},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint("/oauth2/token"), strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token endpoint answered %s: %.200s", resp.Status, body)
	}
	var tokens struct {
		IDToken string `json:"id_token"`
	}
	if err := json.Unmarshal(body, &tokens); err != nil || tokens.IDToken == "" {
		return "", fmt.Errorf("token endpoint's answer has no id_token (%v)", err)
	}
	return tokens.IDToken, nil
}

// SignOut serves POST /staff/signout: the session cookie is cleared and
// the browser goes to Cognito's sign-out, which ends the hosted page's own
// session too (otherwise the next sign-in would pass without a password)
// and comes back to /staff/signin/signedout.
func (a *Auth) SignOut() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		a.setCookie(w, CookieName, "", "/staff/", -1)
		q := url.Values{"client_id": {a.cfg.ClientID}, "logout_uri": {siteURL(r) + "/staff/signin/signedout"}}
		http.Redirect(w, r, a.endpoint("/logout")+"?"+q.Encode(), http.StatusSeeOther)
	})
}

// setCookie sets (maxAge > 0) or clears (maxAge < 0) a cookie. Every
// cookie is HttpOnly (no script reads a token) and Secure (API Gateway
// speaks only HTTPS). SameSite is Lax, not Strict: the callback is a
// top-level navigation that starts on Cognito's domain, so a Strict
// cookie would not be sent on that hop (the state check would fail) nor
// on the redirect to /staff/ that follows it (the new session would look
// signed out). Lax still keeps the cookies off cross-site POSTs, and the
// site refuses cross-site changes anyway (CrossOriginProtection).
func (a *Auth) setCookie(w http.ResponseWriter, name, value, path string, maxAge int) {
	c := &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		c.Expires = a.now().Add(time.Duration(maxAge) * time.Second)
	}
	http.SetCookie(w, c)
}

func (a *Auth) endpoint(path string) string { return a.ui.String() + path }

// siteURL is the staff site's own origin, as the browser reached it. A
// forged Host header only makes a redirect URI Cognito refuses, since it
// accepts only the callback and sign-out URLs registered on the client.
func siteURL(r *http.Request) string { return "https://" + r.Host }

func redirectURI(r *http.Request) string { return siteURL(r) + "/staff/signin/callback" }

// random returns 32 random bytes, base64url: a state, or a PKCE verifier
// (43 characters, the shortest RFC 7636 allows).
func random() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// safeNext keeps a redirect after sign-in on the staff site: anything else
// (another host, "//evil", a backslash trick) goes to the dashboard.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/staff/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/staff/"
	}
	return next
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – Home Helper staff</title><link rel="stylesheet" href="/staff/static/style.css"></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p><p><a href="/staff/signin">Sign in</a></p></main></body></html>
`))

// page answers with a short page of words, for the ends of sign-in and
// sign-out that have no page of the site to go to.
func (a *Auth) page(w http.ResponseWriter, code int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = pageTemplate.Execute(w, struct{ Title, Text string }{title, text})
}
