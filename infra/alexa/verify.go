package alexa

// Request verification for the web-service endpoint, as Amazon's "Host a
// custom skill as a web service" page specifies it (section "Verify that
// the request was sent by Alexa"), cross-checked against Amazon's own SDK
// verifiers (ask-sdk-express-adapter's verifier, the Python SDK's
// verifier_constants). Skills run in Lambda do not need this: the
// AlexaSkill trigger only lets Alexa in.

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// Headers Alexa signs its requests with.
const (
	// SignatureHeader holds the base64 RSA PKCS#1 v1.5 signature of the
	// SHA-256 hash of the raw body. It replaced the SHA-1 "Signature"
	// header, which is not accepted.
	SignatureHeader = "Signature-256"
	// CertChainURLHeader holds the URL of the PEM certificate chain whose
	// first certificate made the signature.
	CertChainURLHeader = "SignatureCertChainUrl"
)

// Limits of verification.
const (
	// DefaultTolerance is how far a request's timestamp may be from now,
	// either way. Amazon does not certify a web service with a looser one.
	DefaultTolerance = 150 * time.Second
	// FetchTimeout bounds fetching a certificate chain. Alexa waits about
	// 8 seconds for the whole answer, and the first request after a start
	// (or a new certificate) pays for the fetch.
	FetchTimeout = 5 * time.Second
	// MaxCertChainBytes is the most of a certificate chain that is read.
	// Amazon's chain is a few kilobytes.
	MaxCertChainBytes = 64 << 10
	// MaxCachedChains is how many chains are kept of each kind: those a
	// verified request was signed with, and those fetched and verified
	// but not yet used by one. Alexa signs with one certificate at a time
	// (a new one comes at a new URL), so a few cover a rotation. Only a
	// verified request puts a chain among the first, so requests nobody
	// signed can churn the second but never push out the chain Alexa uses.
	MaxCachedChains = 16
	// MaxFetches bounds the chains being fetched at once: a request that
	// would start one more is refused at once rather than open another
	// outbound connection.
	MaxFetches = 4
	// FailureMemory is how long a certificate URL whose fetch or chain
	// failed is refused without fetching again.
	FailureMemory = 30 * time.Second
	// maxFailures bounds the failed URLs remembered.
	maxFailures = 1024
)

// Amazon's rules for the certificate URL and the signing certificate.
const (
	certScheme     = "https"            // any case
	certHost       = "s3.amazonaws.com" // any case
	certPort       = "443"              // if a port is given
	certPathPrefix = "/echo.api/"       // case-sensitive, after normalising
	signerDNSName  = "echo-api.amazon.com"
)

// ErrUnverified marks a request that failed Alexa's request verification.
// The error's text says which rule failed.
var ErrUnverified = errors.New("unverified alexa request")

// verifyError is a verification failure: reason names the rule in a few
// words that are safe to send back (no hosts, no network errors); err, for
// some rules, is the underlying cause, for the log only.
type verifyError struct {
	reason string
	err    error
}

func unverified(reason string, cause error) error {
	return &verifyError{reason: reason, err: cause}
}

func (e *verifyError) Error() string {
	if e.err != nil {
		return ErrUnverified.Error() + ": " + e.reason + ": " + e.err.Error()
	}
	return ErrUnverified.Error() + ": " + e.reason
}

func (e *verifyError) Unwrap() []error {
	if e.err != nil {
		return []error{ErrUnverified, e.err}
	}
	return []error{ErrUnverified}
}

// VerifierOptions configure a Verifier. The zero value is production:
// the system's trust roots, HTTPS fetches, the real clock, 150 seconds.
type VerifierOptions struct {
	// Roots are the trusted root certificates; nil means the system's
	// (on Linux, the ca-certificates bundle; SSL_CERT_FILE overrides it).
	Roots *x509.CertPool
	// Fetch gets a certificate chain. It is only given URLs that passed
	// Amazon's rules, normalised (https://s3.amazonaws.com/echo.api/…),
	// and a context that ends after FetchTimeout. Nil means an HTTPS GET
	// through Transport that follows no redirect, wants 200 and reads at
	// most MaxCertChainBytes.
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// Transport carries the default Fetch's requests; nil means
	// http.DefaultTransport (which honours HTTPS_PROXY).
	Transport http.RoundTripper
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Tolerance is how far request.timestamp may be from now; zero means
	// DefaultTolerance.
	Tolerance time.Duration
}

// Verifier checks that a request really comes from Alexa: its certificate
// URL, the certificate chain there, the signature over the raw body and the
// request's timestamp. Verified chains are cached by URL until their
// certificates expire. A Verifier is safe for concurrent use.
type Verifier struct {
	roots     *x509.CertPool
	fetch     func(context.Context, string) ([]byte, error)
	now       func() time.Time
	tolerance time.Duration

	mu          sync.Mutex
	signers     map[string]*signer    // chains a verified request was signed with, by normalised URL
	unconfirmed map[string]*signer    // chains verified, no request yet verified with them
	inflight    map[string]*fetchCall // fetches under way, by normalised URL
	failures    map[string]failure    // URLs whose fetch or chain failed lately
}

// failure is a certificate URL's recent failure, refused again until until.
type failure struct {
	err   error
	until time.Time
}

// signer is what a verified chain leaves: the key that signs requests and
// the time during which every certificate of the chain is valid.
type signer struct {
	key                 *rsa.PublicKey
	notBefore, notAfter time.Time
}

func (s *signer) validAt(t time.Time) bool {
	return !t.Before(s.notBefore) && !t.After(s.notAfter)
}

// fetchCall is one fetch and verification of a chain, shared by every
// request that wants that URL while it runs.
type fetchCall struct {
	done   chan struct{} // closed when s and err are set
	signer *signer
	err    error
}

// NewVerifier makes a Verifier.
func NewVerifier(o VerifierOptions) *Verifier {
	v := &Verifier{
		roots:       o.Roots,
		fetch:       o.Fetch,
		now:         o.Now,
		tolerance:   o.Tolerance,
		signers:     make(map[string]*signer),
		unconfirmed: make(map[string]*signer),
		inflight:    make(map[string]*fetchCall),
		failures:    make(map[string]failure),
	}
	if v.fetch == nil {
		v.fetch = httpsFetcher(o.Transport)
	}
	if v.now == nil {
		v.now = time.Now
	}
	if v.tolerance <= 0 {
		v.tolerance = DefaultTolerance
	}
	return v
}

// Verify checks a request's headers and its exact raw body, as received:
// the signature is over those bytes, so they must not have been decoded and
// re-encoded. Its error wraps ErrUnverified and says which rule failed.
// It does not check the skill id; the Handler does that.
func (v *Verifier) Verify(ctx context.Context, h http.Header, body []byte) error {
	sigText, err := header(h, SignatureHeader)
	if err != nil {
		return err
	}
	rawURL, err := header(h, CertChainURLHeader)
	if err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if err != nil || len(sig) == 0 {
		return unverified(SignatureHeader+" is not base64", nil)
	}
	certURL, err := normaliseCertURL(rawURL)
	if err != nil {
		return err
	}
	// The timestamp is checked before the chain is fetched: it is cheap,
	// and a replayed request should not cost an outbound fetch.
	now := v.now()
	if err := v.checkTimestamp(body, now); err != nil {
		return err
	}
	s, err := v.signer(ctx, certURL, now)
	if err != nil {
		return err
	}
	digest := sha256.Sum256(body)
	if err := rsa.VerifyPKCS1v15(s.key, crypto.SHA256, digest[:], sig); err != nil {
		return unverified("signature does not match the body", nil)
	}
	v.confirm(certURL, s, now)
	return nil
}

// header returns a header's value, telling missing from empty: a proxy
// that drops headers and one that blanks them are fixed differently.
func header(h http.Header, name string) (string, error) {
	vs := h.Values(name)
	switch {
	case len(vs) == 0:
		return "", unverified(name+" header is missing", nil)
	case strings.TrimSpace(vs[0]) == "":
		return "", unverified(name+" header is empty", nil)
	}
	return strings.TrimSpace(vs[0]), nil
}

// normaliseCertURL applies Amazon's rules to the certificate URL and
// returns the URL to fetch: scheme and host lower-cased, the port dropped
// and the path cleaned, so that what is fetched is exactly what was
// checked, and one chain is cached once however its URL was spelt.
func normaliseCertURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", unverified("certificate URL is not a URL", nil)
	}
	if !strings.EqualFold(u.Scheme, certScheme) {
		return "", unverified("certificate URL is not https", nil)
	}
	// Not one of Amazon's rules, but user info has no business in
	// Amazon's URL and makes a host easy to misread (https://s3…@evil/).
	if u.User != nil {
		return "", unverified("certificate URL has user info", nil)
	}
	if !strings.EqualFold(u.Hostname(), certHost) {
		return "", unverified("certificate URL host is not "+certHost, nil)
	}
	if p := u.Port(); p != "" && p != certPort {
		return "", unverified("certificate URL port is not "+certPort, nil)
	}
	// u.Path is already percent-decoded, so an encoded "%2e%2e" or "%2F"
	// is cleaned like a literal one and cannot climb out of /echo.api/.
	clean := path.Clean(u.Path)
	if !strings.HasPrefix(clean, certPathPrefix) {
		return "", unverified("certificate URL path does not start with "+certPathPrefix, nil)
	}
	// Amazon's chain URLs have neither; each variant would be one more
	// URL to fetch and cache.
	if u.RawQuery != "" || u.ForceQuery {
		return "", unverified("certificate URL has a query", nil)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return "", unverified("certificate URL has a fragment", nil)
	}
	if strings.TrimLeft(clean[len(certPathPrefix):], certPathChars) != "" {
		return "", unverified("certificate URL path has characters Amazon's do not", nil)
	}
	out := url.URL{Scheme: certScheme, Host: certHost, Path: clean}
	return out.String(), nil
}

// certPathChars are the characters of Amazon's chain paths
// (echo-api-cert-12.pem; "/" in case a chain is ever put in a folder).
const certPathChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./"

// checkTimestamp holds request.timestamp within the tolerance of now, both
// ways: an old request may be a replay, and one from the future could be
// replayed for longer. Only the timestamp is decoded; Serve decodes the rest.
func (v *Verifier) checkTimestamp(body []byte, now time.Time) error {
	var env struct {
		Request struct {
			Timestamp string `json:"timestamp"`
		} `json:"request"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return unverified("request.timestamp is unreadable", err)
	}
	if env.Request.Timestamp == "" {
		return unverified("request.timestamp is missing", nil)
	}
	ts, err := time.Parse(time.RFC3339, env.Request.Timestamp)
	if err != nil {
		return unverified("request.timestamp is unreadable", err)
	}
	switch age := now.Sub(ts); {
	case age > v.tolerance:
		return unverified(fmt.Sprintf("request.timestamp is more than %v old", v.tolerance), nil)
	case -age > v.tolerance:
		return unverified(fmt.Sprintf("request.timestamp is more than %v ahead", v.tolerance), nil)
	}
	return nil
}

// signer returns the verified signing key for a certificate URL: cached if
// its chain is still valid, otherwise fetched and verified, once however
// many requests ask at the same time, at most MaxFetches URLs at a time,
// and not again for FailureMemory after a failure.
func (v *Verifier) signer(ctx context.Context, certURL string, now time.Time) (*signer, error) {
	v.mu.Lock()
	for _, cache := range []map[string]*signer{v.signers, v.unconfirmed} {
		if s, ok := cache[certURL]; ok {
			if s.validAt(now) {
				v.mu.Unlock()
				return s, nil
			}
			// Expired (or the clock went back): fetch again, in case
			// Amazon has put a renewed certificate at the same URL.
			delete(cache, certURL)
		}
	}
	if f, ok := v.failures[certURL]; ok {
		if now.Before(f.until) {
			v.mu.Unlock()
			return nil, f.err
		}
		delete(v.failures, certURL)
	}
	c, ok := v.inflight[certURL]
	if !ok {
		if len(v.inflight) >= MaxFetches {
			v.mu.Unlock()
			return nil, unverified("too many certificate chains being fetched at once", nil)
		}
		c = &fetchCall{done: make(chan struct{})}
		v.inflight[certURL] = c
		// The fetch runs on its own, so that a request whose caller gives
		// up does not fail the others waiting for the same chain.
		go v.load(context.WithoutCancel(ctx), certURL, c)
	}
	v.mu.Unlock()

	select {
	case <-c.done:
		return c.signer, c.err
	case <-ctx.Done():
		return nil, unverified("could not fetch the certificate chain", ctx.Err())
	}
}

// load fetches and verifies a chain, keeps it among the unconfirmed if
// good or remembers the failure, and wakes the requests waiting for it.
func (v *Verifier) load(ctx context.Context, certURL string, c *fetchCall) {
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	chain, err := v.fetch(ctx, certURL)
	if err != nil {
		c.err = unverified("could not fetch the certificate chain", err)
	} else {
		c.signer, c.err = v.verifyChain(chain, v.now())
	}

	now := v.now()
	v.mu.Lock()
	delete(v.inflight, certURL)
	if c.err == nil {
		keep(v.unconfirmed, certURL, c.signer, now)
	} else {
		v.rememberFailure(certURL, c.err, now)
	}
	v.mu.Unlock()
	close(c.done)
}

// confirm moves a chain a request has just been verified with into the
// confirmed cache, where only other verified requests' chains compete.
func (v *Verifier) confirm(certURL string, s *signer, now time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.signers[certURL]; ok {
		return
	}
	delete(v.unconfirmed, certURL)
	keep(v.signers, certURL, s, now)
}

// rememberFailure refuses certURL for FailureMemory. v.mu must be held.
func (v *Verifier) rememberFailure(certURL string, err error, now time.Time) {
	if len(v.failures) >= maxFailures {
		for u, f := range v.failures {
			if !now.Before(f.until) || len(v.failures) >= maxFailures {
				delete(v.failures, u)
			}
		}
	}
	v.failures[certURL] = failure{err: err, until: now.Add(FailureMemory)}
}

// keep caches a chain, making room first by dropping expired chains and
// then the one that expires soonest.
func keep(cache map[string]*signer, certURL string, s *signer, now time.Time) {
	if len(cache) >= MaxCachedChains {
		for u, old := range cache {
			if !old.validAt(now) {
				delete(cache, u)
			}
		}
	}
	for len(cache) >= MaxCachedChains {
		var soonest string
		for u, old := range cache {
			if soonest == "" || old.notAfter.Before(cache[soonest].notAfter) {
				soonest = u
			}
		}
		delete(cache, soonest)
	}
	cache[certURL] = s
}

// verifyChain checks a PEM chain as Amazon specifies: the first certificate
// signs, is within its dates, names echo-api.amazon.com among its DNS
// names, and chains through the others to a trusted root.
func (v *Verifier) verifyChain(chain []byte, now time.Time) (*signer, error) {
	var certs []*x509.Certificate
	for rest := chain; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue // Amazon's file holds only certificates; anything else says nothing
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, unverified("certificate chain is unreadable", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, unverified("certificate chain holds no certificate", nil)
	}
	leaf := certs[0]
	// Dates and name are checked on their own first, so the reason given
	// is the rule Amazon names rather than a generic chain error.
	switch {
	case now.Before(leaf.NotBefore):
		return nil, unverified("signing certificate is not valid yet", nil)
	case now.After(leaf.NotAfter):
		return nil, unverified("signing certificate has expired", nil)
	}
	if !hasDNSName(leaf, signerDNSName) {
		return nil, unverified("signing certificate is not for "+signerDNSName, nil)
	}
	// Without a key-usage extension a key may do anything (RFC 5280);
	// with one, it must allow signatures.
	if leaf.KeyUsage != 0 && leaf.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return nil, unverified("signing certificate may not make signatures", nil)
	}
	key, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, unverified("signing certificate's key is not RSA", nil)
	}
	intermediates := x509.NewCertPool()
	for _, c := range certs[1:] {
		intermediates.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots:         v.roots,
		Intermediates: intermediates,
		CurrentTime:   now,
		// Amazon names no extended key usage for request signing.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, unverified("certificate chain is not trusted", err)
	}
	s := &signer{key: key, notBefore: leaf.NotBefore, notAfter: leaf.NotAfter}
	for _, c := range chains[0] {
		// The cache keeps the chain only while every certificate in it
		// is valid, so an intermediate expiring first is noticed too.
		if c.NotBefore.After(s.notBefore) {
			s.notBefore = c.NotBefore
		}
		if c.NotAfter.Before(s.notAfter) {
			s.notAfter = c.NotAfter
		}
	}
	return s, nil
}

// hasDNSName reports whether name is one of the certificate's DNS subject
// alternative names, exactly: a wildcard such as *.amazon.com is not
// Amazon's signing certificate.
func hasDNSName(c *x509.Certificate, name string) bool {
	for _, n := range c.DNSNames {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// httpsFetcher is the production Fetch: a GET that follows no redirect
// (the chain is at the URL just checked, not somewhere it points to),
// wants 200 and reads a bounded body.
func httpsFetcher(rt http.RoundTripper) func(context.Context, string) ([]byte, error) {
	client := &http.Client{
		Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return func(ctx context.Context, u string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, MaxCertChainBytes+1))
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", u, err)
		}
		if len(b) > MaxCertChainBytes {
			return nil, fmt.Errorf("GET %s: longer than %d bytes", u, MaxCertChainBytes)
		}
		return b, nil
	}
}

// VerifiedHTTP is HTTP with every request verified by v first, on the raw
// body: a request that fails answers 400 with the rule it broke, is counted
// in Refused, and never reaches the conversation. This is the endpoint to
// give Alexa; HTTP alone is for development on this machine.
func (h *Handler) VerifiedHTTP(v *Verifier, opts Options) http.Handler {
	if v == nil {
		// Failing open here would serve anyone as any speaker.
		panic("alexa: VerifiedHTTP needs a Verifier; use HTTP for an unverified development endpoint")
	}
	return h.serveHTTP(opts, v)
}

// refuseUnverified answers a request that failed verification.
func (h *Handler) refuseUnverified(ctx context.Context, w http.ResponseWriter, err error) {
	h.Refused.Add(1)
	h.log.WarnContext(ctx, "refused unverified alexa request", "err", err)
	reason := ErrUnverified.Error()
	var ve *verifyError
	if errors.As(err, &ve) {
		reason += ": " + ve.reason
	}
	refuse(w, http.StatusBadRequest, reason)
}
