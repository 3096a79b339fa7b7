package cognito_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/homehelper/homehelper/infra/cognito"
)

const (
	clientID = "test-client"
	issuer   = "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_TEST"
)

// idp is a stand-in for a Cognito user pool: its JWKS and token endpoint,
// and the keys it signs with.
type idp struct {
	srv *httptest.Server

	mu       sync.Mutex
	keys     map[string]*rsa.PrivateKey // kid → key, published in the JWKS
	jwksHits int
	// token endpoint
	tokenForm url.Values
	idToken   string
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	p := &idp{keys: map[string]*rsa.PrivateKey{}}
	p.addKey(t, "k1")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.jwksHits++
		var keys []map[string]string
		for kid, k := range p.keys {
			keys = append(keys, map[string]string{
				"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
				"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
			})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	})
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		p.mu.Lock()
		p.tokenForm = r.PostForm
		tok := p.idToken
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id_token": tok, "access_token": "a", "token_type": "Bearer", "expires_in": 3600})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *idp) addKey(t *testing.T, kid string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys[kid] = k
}

// sign makes a token signed with the key kid, over good id-token claims
// changed by edit.
func (p *idp) sign(t *testing.T, kid string, edit func(jwt.MapClaims)) string {
	t.Helper()
	now := time.Now()
	c := jwt.MapClaims{
		"iss": issuer, "aud": clientID, "token_use": "id", "sub": "u1", "email": "officer@example.org",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	if edit != nil {
		edit(c)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = kid
	p.mu.Lock()
	k := p.keys[kid]
	p.mu.Unlock()
	if k == nil {
		var err error
		if k, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
	}
	s, err := tok.SignedString(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newAuth(t *testing.T, p *idp) *cognito.Auth {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, err := cognito.New(ctx, cognito.Config{
		ClientID: clientID, Domain: p.srv.URL, Issuer: issuer,
		JWKSURL: p.srv.URL + "/.well-known/jwks.json", Client: p.srv.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func bearer(tok string) *http.Request {
	r := httptest.NewRequest("GET", "https://staff.example/staff/api/summary", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

func TestStaffTokens(t *testing.T) {
	p := newIDP(t)
	a := newAuth(t, p)

	if who, ok := a.Staff(bearer(p.sign(t, "k1", nil))); !ok || who != "officer@example.org" {
		t.Fatalf("good id token: Staff = %q, %v", who, ok)
	}
	access := p.sign(t, "k1", func(c jwt.MapClaims) {
		delete(c, "aud")
		delete(c, "email")
		c["token_use"], c["client_id"], c["username"] = "access", clientID, "officer1"
	})
	if who, ok := a.Staff(bearer(access)); !ok || who != "officer1" {
		t.Errorf("good access token: Staff = %q, %v", who, ok)
	}

	// A key added to the pool after start is fetched when a token names it.
	p.addKey(t, "k2")
	if _, ok := a.Staff(bearer(p.sign(t, "k2", nil))); !ok {
		t.Errorf("token signed with a key published after start was refused")
	}

	// alg none, built by hand: jwt refuses to sign one without a flag.
	noneTok := func() string {
		enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
		return enc(map[string]string{"alg": "none", "typ": "JWT", "kid": "k1"}) + "." +
			enc(map[string]any{"iss": issuer, "aud": clientID, "token_use": "id", "exp": time.Now().Add(time.Hour).Unix()}) + "."
	}()
	good := p.sign(t, "k1", nil)
	badSig := good[:len(good)-4] + "AAAA"
	if badSig == good {
		t.Fatal("signature unchanged")
	}
	refused := map[string]string{
		"wrong issuer":         p.sign(t, "k1", func(c jwt.MapClaims) { c["iss"] = "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_OTHER" }),
		"wrong audience":       p.sign(t, "k1", func(c jwt.MapClaims) { c["aud"] = "other-client" }),
		"access, wrong client": p.sign(t, "k1", func(c jwt.MapClaims) { delete(c, "aud"); c["token_use"], c["client_id"] = "access", "other" }),
		"wrong token_use":      p.sign(t, "k1", func(c jwt.MapClaims) { c["token_use"] = "refresh" }),
		"expired":              p.sign(t, "k1", func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }),
		"no expiry":            p.sign(t, "k1", func(c jwt.MapClaims) { delete(c, "exp") }),
		"bad signature":        badSig,
		"unknown kid":          p.sign(t, "nobody", nil),
		"alg none":             noneTok,
		"HS256 with public key": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": issuer, "aud": clientID, "token_use": "id", "exp": time.Now().Add(time.Hour).Unix()})
			tok.Header["kid"] = "k1"
			s, _ := tok.SignedString(p.keys["k1"].N.Bytes())
			return s
		}(),
		"garbage": "not.a.token",
	}
	for name, tok := range refused {
		if who, ok := a.Staff(bearer(tok)); ok {
			t.Errorf("%s: accepted as %q", name, who)
		}
	}

	// The cookie holds id tokens only.
	r := httptest.NewRequest("GET", "https://staff.example/staff/", nil)
	r.AddCookie(&http.Cookie{Name: cognito.CookieName, Value: good})
	if _, ok := a.Staff(r); !ok {
		t.Errorf("good id token in the cookie refused")
	}
	r = httptest.NewRequest("GET", "https://staff.example/staff/", nil)
	r.AddCookie(&http.Cookie{Name: cognito.CookieName, Value: access})
	if _, ok := a.Staff(r); ok {
		t.Errorf("access token in the cookie accepted")
	}
	// An Authorization header is judged alone, whatever cookie comes along.
	r = bearer("wrong")
	r.AddCookie(&http.Cookie{Name: cognito.CookieName, Value: good})
	if _, ok := a.Staff(r); ok {
		t.Errorf("a bad bearer token passed on the strength of the cookie")
	}
}

// cookies returns the response's cookies by name.
func cookies(w *httptest.ResponseRecorder) map[string]*http.Cookie {
	m := map[string]*http.Cookie{}
	for _, c := range w.Result().Cookies() {
		m[c.Name] = c
	}
	return m
}

func TestSignInFlow(t *testing.T) {
	p := newIDP(t)
	a := newAuth(t, p)
	h := a.SignIn()

	// 1. /staff/signin sends the browser to the hosted page.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "https://staff.example/staff/signin?next=/staff/repairs", nil))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", w.Code)
	}
	loc, err := url.Parse(w.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != p.srv.URL+"/oauth2/authorize" {
		t.Errorf("redirect to %s", got)
	}
	q := loc.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": clientID, "scope": "openid email",
		"redirect_uri": "https://staff.example/staff/signin/callback", "code_challenge_method": "S256"} {
		if q.Get(k) != want {
			t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
		}
	}
	st := cookies(w)["homehelper_staff_signin"]
	if st == nil || !st.HttpOnly || !st.Secure || st.SameSite != http.SameSiteLaxMode || st.MaxAge <= 0 || st.MaxAge > 600 {
		t.Fatalf("state cookie %+v", st)
	}
	if q.Get("state") == "" || !strings.HasPrefix(st.Value, q.Get("state")+".") {
		t.Fatalf("state %q not in its cookie", q.Get("state"))
	}

	callback := func(state string, withCookie bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "https://staff.example/staff/signin/callback?code=c0de&state="+url.QueryEscape(state), nil)
		if withCookie {
			r.AddCookie(st)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	// 2. A wrong or missing state is refused before any exchange.
	p.idToken = p.sign(t, "k1", nil)
	for name, w := range map[string]*httptest.ResponseRecorder{
		"state mismatch": callback("forged", true),
		"no cookie":      callback(q.Get("state"), false),
	} {
		if w.Code != http.StatusBadRequest || cookies(w)[cognito.CookieName] != nil {
			t.Errorf("%s: %d, cookies %v", name, w.Code, cookies(w))
		}
	}
	if p.tokenForm != nil {
		t.Errorf("the code was exchanged despite a bad state")
	}

	// 3. The callback with the right state exchanges the code (with the
	// verifier whose hash was sent) and sets the session cookie.
	w = callback(q.Get("state"), true)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/repairs" {
		t.Fatalf("callback: %d to %q: %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	f := p.tokenForm
	if f.Get("grant_type") != "authorization_code" || f.Get("client_id") != clientID || f.Get("code") != "c0de" ||
		f.Get("redirect_uri") != "https://staff.example/staff/signin/callback" {
		t.Errorf("token request %v", f)
	}
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
		t.Errorf("code_verifier does not match the code_challenge")
	}
	c := cookies(w)[cognito.CookieName]
	if c == nil || c.Value != p.idToken || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/staff/" {
		t.Fatalf("session cookie %+v", c)
	}
	if c.MaxAge < 3500 || c.MaxAge > 3600 {
		t.Errorf("session cookie Max-Age %d, want the token's remaining hour", c.MaxAge)
	}
	if s := cookies(w)["homehelper_staff_signin"]; s == nil || s.MaxAge >= 0 {
		t.Errorf("state cookie not cleared: %+v", s)
	}

	// 4. A token endpoint handing back a token for another client fails.
	p.idToken = p.sign(t, "k1", func(c jwt.MapClaims) { c["aud"] = "other" })
	if w := callback(q.Get("state"), true); w.Code != http.StatusUnauthorized || cookies(w)[cognito.CookieName] != nil {
		t.Errorf("bad id token from the exchange: %d", w.Code)
	}

	// 5. Signing out clears the cookie and ends Cognito's session.
	w = httptest.NewRecorder()
	a.SignOut().ServeHTTP(w, httptest.NewRequest("POST", "https://staff.example/staff/signout", nil))
	loc, _ = url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusSeeOther || loc.Path != "/logout" || loc.Query().Get("client_id") != clientID ||
		loc.Query().Get("logout_uri") != "https://staff.example/staff/signin/signedout" {
		t.Errorf("sign-out: %d to %s", w.Code, loc)
	}
	if c := cookies(w)[cognito.CookieName]; c == nil || c.MaxAge >= 0 {
		t.Errorf("sign-out left the cookie: %+v", c)
	}
}

func TestSafeNext(t *testing.T) {
	p := newIDP(t)
	a := newAuth(t, p)
	for _, next := range []string{"https://evil.example/", "//evil.example/staff/", "/staff/\\evil", "/other"} {
		w := httptest.NewRecorder()
		a.SignIn().ServeHTTP(w, httptest.NewRequest("GET", "https://staff.example/staff/signin?next="+url.QueryEscape(next), nil))
		c := cookies(w)["homehelper_staff_signin"]
		parts := strings.Split(c.Value, ".")
		b, _ := base64.RawURLEncoding.DecodeString(parts[2])
		if string(b) != "/staff/" {
			t.Errorf("next %q kept as %q", next, b)
		}
	}
}
