package alexa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
)

// The tests run at a fixed instant: the sample events' timestamp.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

const (
	goodURL   = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
	sampleTS  = "2026-11-23T10:00:00Z" // the timestamp in events/launch.json
	echoAPI   = "echo-api.amazon.com"
	chainPath = "https://s3.amazonaws.com/echo.api/"
)

// testPKI is a certificate authority made for the tests: a root, an
// intermediate under it, and chains (leaf first, as Amazon serves them)
// for every kind of signing certificate the tests need.
type testPKI struct {
	roots    *x509.CertPool
	signKey  *rsa.PrivateKey // the key of every RSA leaf: only the certificate differs
	otherKey *rsa.PrivateKey // a key no certificate here is for
	chains   map[string][]byte
}

var pki = sync.OnceValues(newPKI)

func mustPKI(t testing.TB) *testPKI {
	t.Helper()
	p, err := pki()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

var serial atomic.Int64

func issue(tmpl *x509.Certificate, pub crypto.PublicKey, parent *issuer, selfKey crypto.Signer) (*x509.Certificate, error) {
	tmpl.SerialNumber = big.NewInt(serial.Add(1))
	parentCert, parentKey := tmpl, selfKey
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, pub, parentKey)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func newCA(name string, parent *issuer, notBefore, notAfter time.Time) (*issuer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	c, err := issue(tmpl, key.Public(), parent, key)
	if err != nil {
		return nil, err
	}
	return &issuer{cert: c, key: key}, nil
}

// leafTemplate is a signing certificate like Amazon's.
func leafTemplate() *x509.Certificate {
	return &x509.Certificate{
		Subject:     pkix.Name{CommonName: echoAPI},
		DNSNames:    []string{echoAPI},
		NotBefore:   testNow.Add(-30 * 24 * time.Hour),
		NotAfter:    testNow.Add(300 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
}

func pemChain(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

func newPKI() (*testPKI, error) {
	year := 365 * 24 * time.Hour
	root, err := newCA("Test Root", nil, testNow.Add(-year), testNow.Add(10*year))
	if err != nil {
		return nil, err
	}
	inter, err := newCA("Test Intermediate", root, testNow.Add(-year), testNow.Add(5*year))
	if err != nil {
		return nil, err
	}
	oldInter, err := newCA("Expired Intermediate", root, testNow.Add(-2*year), testNow.Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	shortInter, err := newCA("Short-lived Intermediate", root, testNow.Add(-year), testNow.Add(time.Hour))
	if err != nil {
		return nil, err
	}
	stranger, err := newCA("Untrusted Root", nil, testNow.Add(-year), testNow.Add(10*year))
	if err != nil {
		return nil, err
	}
	// 2048 bits, as Amazon's; two keys only, because making them is slow.
	signKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}

	p := &testPKI{roots: x509.NewCertPool(), signKey: signKey, otherKey: otherKey, chains: map[string][]byte{}}
	p.roots.AddCert(root.cert)
	leaf := func(name string, edit func(*x509.Certificate), pub crypto.PublicKey, by *issuer, rest ...*x509.Certificate) error {
		tmpl := leafTemplate()
		if edit != nil {
			edit(tmpl)
		}
		c, err := issue(tmpl, pub, by, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p.chains[name] = pemChain(append([]*x509.Certificate{c}, rest...)...)
		return nil
	}
	pub := signKey.Public()
	for _, l := range []struct {
		name string
		edit func(*x509.Certificate)
		pub  crypto.PublicKey
		by   *issuer
		rest []*x509.Certificate
	}{
		{"good", nil, pub, inter, []*x509.Certificate{inter.cert}},
		{"short-lived", func(c *x509.Certificate) { c.NotAfter = testNow.Add(time.Hour) }, pub, inter, []*x509.Certificate{inter.cert}},
		{"short-lived-intermediate", nil, pub, shortInter, []*x509.Certificate{shortInter.cert}},
		{"expired", func(c *x509.Certificate) { c.NotAfter = testNow.Add(-time.Hour) }, pub, inter, []*x509.Certificate{inter.cert}},
		{"not-yet-valid", func(c *x509.Certificate) { c.NotBefore = testNow.Add(time.Hour) }, pub, inter, []*x509.Certificate{inter.cert}},
		{"wrong-san", func(c *x509.Certificate) { c.DNSNames = []string{"echo-api.amazon.com.example"} }, pub, inter, []*x509.Certificate{inter.cert}},
		{"wildcard-san", func(c *x509.Certificate) { c.DNSNames = []string{"*.amazon.com"} }, pub, inter, []*x509.Certificate{inter.cert}},
		// Go, like Amazon's rule, reads names only from the SAN.
		{"name-in-cn-only", func(c *x509.Certificate) { c.DNSNames = nil }, pub, inter, []*x509.Certificate{inter.cert}},
		{"no-digital-signature", func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyEncipherment }, pub, inter, []*x509.Certificate{inter.cert}},
		{"ecdsa-key", nil, ecKey.Public(), inter, []*x509.Certificate{inter.cert}},
		// A chain that brings its own root is still untrusted.
		{"untrusted", nil, pub, stranger, []*x509.Certificate{stranger.cert}},
		{"no-intermediate", nil, pub, inter, nil},
		{"expired-intermediate", nil, pub, oldInter, []*x509.Certificate{oldInter.cert}},
	} {
		if err := leaf(l.name, l.edit, l.pub, l.by, l.rest...); err != nil {
			return nil, err
		}
	}
	p.chains["garbage"] = []byte("this is not PEM at all\n")
	p.chains["bad-der"] = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not DER")})
	p.chains["key-only"] = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("whatever")})
	return p, nil
}

// fakeS3 serves the test chains: goodURL serves "good", and
// https://s3.amazonaws.com/echo.api/NAME.pem serves chain NAME. It counts
// what it is asked for.
type fakeS3 struct {
	chains map[string][]byte

	mu     sync.Mutex
	got    []string
	failN  int // fail this many fetches first
	counts map[string]int
}

func newFakeS3(p *testPKI) *fakeS3 {
	f := &fakeS3{chains: map[string][]byte{goodURL: p.chains["good"]}, counts: map[string]int{}}
	for name, c := range p.chains {
		f.chains[chainPath+name+".pem"] = c
	}
	return f
}

func (f *fakeS3) Fetch(_ context.Context, url string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, url)
	f.counts[url]++
	if f.failN > 0 {
		f.failN--
		return nil, errors.New("connection reset")
	}
	c, ok := f.chains[url]
	if !ok {
		return nil, fmt.Errorf("GET %s: 403 Forbidden", url)
	}
	return c, nil
}

func (f *fakeS3) fetches() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func newVerifier(p *testPKI, s3 *fakeS3, now func() time.Time) *alexa.Verifier {
	if now == nil {
		now = func() time.Time { return testNow }
	}
	return alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Fetch: s3.Fetch, Now: now})
}

// signedRequest is what Alexa sends: a body and the headers signing it.
type signedRequest struct {
	body   []byte
	header http.Header
}

// launchAt is events/launch.json sent at ts, byte for byte otherwise.
func launchAt(t testing.TB, ts time.Time) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body, []byte(sampleTS)) {
		t.Fatalf("launch.json no longer has timestamp %s", sampleTS)
	}
	return bytes.Replace(body, []byte(sampleTS), []byte(ts.UTC().Format(time.RFC3339)), 1)
}

func sign(t testing.TB, key *rsa.PrivateKey, body []byte) string {
	t.Helper()
	digest := sha256.Sum256(body)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

func signed(t testing.TB, p *testPKI, body []byte, certURL string) signedRequest {
	t.Helper()
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set(alexa.SignatureHeader, sign(t, p.signKey, body))
	h.Set(alexa.CertChainURLHeader, certURL)
	return signedRequest{body: body, header: h}
}

func chainURL(name string) string { return chainPath + name + ".pem" }

// TestVerifiedHTTP covers Amazon's certification security tests and every
// rule of the verification, through the endpoint Alexa calls: every
// refusal is a 400 naming the rule, counted, with the conversation never
// called; a correctly signed request is answered.
func TestVerifiedHTTP(t *testing.T) {
	p := mustPKI(t)
	resign := func(r *signedRequest) { r.header.Set(alexa.SignatureHeader, sign(t, p.signKey, r.body)) }
	withURL := func(u string) func(*signedRequest) {
		return func(r *signedRequest) { r.header.Set(alexa.CertChainURLHeader, u) }
	}
	at := func(d time.Duration) func(*signedRequest) {
		return func(r *signedRequest) { r.body = launchAt(t, testNow.Add(d)); resign(r) }
	}
	withBody := func(body string) func(*signedRequest) {
		return func(r *signedRequest) { r.body = []byte(body); resign(r) }
	}
	tests := []struct {
		name   string
		edit   func(*signedRequest)
		refuse string // the reason in the 400 answer; "" for accepted
	}{
		{"correctly signed", nil, ""},

		// The signature.
		{"no signature", func(r *signedRequest) { r.header.Del(alexa.SignatureHeader) }, "Signature-256 header is missing"},
		{"empty signature", func(r *signedRequest) { r.header.Set(alexa.SignatureHeader, "") }, "Signature-256 header is empty"},
		{"blank signature", func(r *signedRequest) { r.header.Set(alexa.SignatureHeader, "   ") }, "Signature-256 header is empty"},
		{"signature not base64", func(r *signedRequest) { r.header.Set(alexa.SignatureHeader, "not base64!") }, "Signature-256 is not base64"},
		{"signature is random bytes", func(r *signedRequest) {
			r.header.Set(alexa.SignatureHeader, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 256)))
		}, "signature does not match the body"},
		{"signature by another key", func(r *signedRequest) { r.header.Set(alexa.SignatureHeader, sign(t, p.otherKey, r.body)) }, "signature does not match the body"},
		{"only the old SHA-1 Signature header", func(r *signedRequest) {
			digest := sha1.Sum(r.body)
			sig, _ := rsa.SignPKCS1v15(rand.Reader, p.signKey, crypto.SHA1, digest[:])
			r.header.Del(alexa.SignatureHeader)
			r.header.Set("Signature", base64.StdEncoding.EncodeToString(sig))
		}, "Signature-256 header is missing"},
		{"SHA-1 signature in Signature-256", func(r *signedRequest) {
			digest := sha1.Sum(r.body)
			sig, _ := rsa.SignPKCS1v15(rand.Reader, p.signKey, crypto.SHA1, digest[:])
			r.header.Set(alexa.SignatureHeader, base64.StdEncoding.EncodeToString(sig))
		}, "signature does not match the body"},
		{"body changed after signing, one byte", func(r *signedRequest) {
			r.body = bytes.Replace(r.body, []byte("launch-0001"), []byte("launch-0002"), 1)
		}, "signature does not match the body"},
		{"body re-encoded after signing (same JSON, other bytes)", func(r *signedRequest) {
			var b bytes.Buffer
			_ = json.Compact(&b, r.body)
			r.body = b.Bytes()
		}, "signature does not match the body"},

		// The certificate URL: Amazon's examples, then ours.
		{"no certificate URL", func(r *signedRequest) { r.header.Del(alexa.CertChainURLHeader) }, "SignatureCertChainUrl header is missing"},
		{"empty certificate URL", withURL(""), "SignatureCertChainUrl header is empty"},
		{"URL with port 443", withURL("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem"), ""},
		{"URL with .. inside echo.api", withURL("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem"), ""},
		{"URL scheme and host in capitals", withURL("HTTPS://S3.AmazonAWS.COM/echo.api/echo-api-cert.pem"), ""},
		{"URL over http", withURL("http://s3.amazonaws.com/echo.api/echo-api-cert.pem"), "certificate URL is not https"},
		{"URL on another host", withURL("https://notamazon.com/echo.api/echo-api-cert.pem"), "certificate URL host is not s3.amazonaws.com"},
		{"URL path in other case", withURL("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem"), "certificate URL path does not start with /echo.api/"},
		{"URL on another path", withURL("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem"), "certificate URL path does not start with /echo.api/"},
		{"URL on another port", withURL("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem"), "certificate URL port is not 443"},
		{"URL climbing out of echo.api", withURL("https://s3.amazonaws.com/echo.api/../evil-bucket/echo-api-cert.pem"), "certificate URL path does not start with /echo.api/"},
		{"URL climbing out, percent-encoded", withURL("https://s3.amazonaws.com/echo.api/%2e%2e/evil-bucket/echo-api-cert.pem"), "certificate URL path does not start with /echo.api/"},
		{"URL with the directory only", withURL("https://s3.amazonaws.com/echo.api/"), "certificate URL path does not start with /echo.api/"},
		{"URL host as a prefix", withURL("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem"), "certificate URL host is not s3.amazonaws.com"},
		{"URL with user info", withURL("https://evil.example@s3.amazonaws.com/echo.api/echo-api-cert.pem"), "certificate URL has user info"},
		{"URL without scheme", withURL("s3.amazonaws.com/echo.api/echo-api-cert.pem"), "certificate URL is not https"},
		{"URL not a URL", withURL("https://s3.amazonaws.com:port/echo.api/echo-api-cert.pem"), "certificate URL is not a URL"},
		{"URL with a query", withURL(goodURL + "?x=1"), "certificate URL has a query"},
		{"URL with an empty query", withURL(goodURL + "?"), "certificate URL has a query"},
		{"URL with a fragment", withURL(goodURL + "#x"), "certificate URL has a fragment"},
		{"URL path with other characters", withURL("https://s3.amazonaws.com/echo.api/echo%20api;cert.pem"), "certificate URL path has characters Amazon's do not"},

		// The certificate chain.
		{"chain cannot be fetched", withURL(chainURL("missing")), "could not fetch the certificate chain"},
		{"chain is not PEM", withURL(chainURL("garbage")), "certificate chain holds no certificate"},
		{"chain holds no certificate", withURL(chainURL("key-only")), "certificate chain holds no certificate"},
		{"chain certificate unreadable", withURL(chainURL("bad-der")), "certificate chain is unreadable"},
		{"signing certificate expired", withURL(chainURL("expired")), "signing certificate has expired"},
		{"signing certificate not yet valid", withURL(chainURL("not-yet-valid")), "signing certificate is not valid yet"},
		{"signing certificate for another name", withURL(chainURL("wrong-san")), "signing certificate is not for echo-api.amazon.com"},
		{"signing certificate for *.amazon.com", withURL(chainURL("wildcard-san")), "signing certificate is not for echo-api.amazon.com"},
		{"signing certificate names it only in its CN", withURL(chainURL("name-in-cn-only")), "signing certificate is not for echo-api.amazon.com"},
		{"signing certificate may not sign", withURL(chainURL("no-digital-signature")), "signing certificate may not make signatures"},
		{"signing certificate with an ECDSA key", withURL(chainURL("ecdsa-key")), "signing certificate's key is not RSA"},
		{"chain to an untrusted root", withURL(chainURL("untrusted")), "certificate chain is not trusted"},
		{"chain missing its intermediate", withURL(chainURL("no-intermediate")), "certificate chain is not trusted"},
		{"chain with an expired intermediate", withURL(chainURL("expired-intermediate")), "certificate chain is not trusted"},

		// The timestamp.
		{"timestamp 151 s old", at(-151 * time.Second), "request.timestamp is more than 2m30s old"},
		{"timestamp 151 s ahead", at(151 * time.Second), "request.timestamp is more than 2m30s ahead"},
		{"timestamp 150 s old", at(-150 * time.Second), ""},
		{"timestamp 149 s old", at(-149 * time.Second), ""},
		{"timestamp 149 s ahead", at(149 * time.Second), ""},
		{"timestamp an hour old", at(-time.Hour), "request.timestamp is more than 2m30s old"},
		{"timestamp missing", withBody(`{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r1"}}`), "request.timestamp is missing"},
		{"timestamp not a time", withBody(`{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r1","timestamp":"yesterday"}}`), "request.timestamp is unreadable"},
		{"body not JSON", withBody(`hello`), "request.timestamp is unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, rec := newHandler(t, sampleSkill)
			v := newVerifier(p, newFakeS3(p), nil)
			srv := httptest.NewServer(h.VerifiedHTTP(v, alexa.Options{}))
			defer srv.Close()

			r := signed(t, p, launchAt(t, testNow), goodURL)
			if tt.edit != nil {
				tt.edit(&r)
			}
			status, answer := post(t, srv.URL, r)

			if tt.refuse == "" {
				var resp alexa.Response
				if status != http.StatusOK || json.Unmarshal([]byte(answer), &resp) != nil || resp.Version != "1.0" || resp.Body.OutputSpeech == nil {
					t.Fatalf("status %d, answer %q: want 200 and a response with speech", status, answer)
				}
				if len(rec.reqs) != 1 || h.Refused.Load() != 0 {
					t.Errorf("conversation calls %d, refused %d: want 1 and 0", len(rec.reqs), h.Refused.Load())
				}
				return
			}
			if status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
			if want := "unverified alexa request: " + tt.refuse + "\n"; answer != want {
				t.Errorf("answer %q, want %q", answer, want)
			}
			if len(rec.reqs) != 0 {
				t.Errorf("the conversation ran for a refused request")
			}
			if h.Refused.Load() != 1 {
				t.Errorf("refused count %d, want 1", h.Refused.Load())
			}
		})
	}
}

func post(t *testing.T, url string, r signedRequest) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestVerifiedHTTPChecksSkill: a request Alexa really signed, but for
// another skill (anyone can point their own skill at our endpoint), is
// refused when a skill id is configured.
func TestVerifiedHTTPChecksSkill(t *testing.T) {
	p := mustPKI(t)
	h, rec := newHandler(t, "amzn1.ask.skill.someone-else")
	srv := httptest.NewServer(h.VerifiedHTTP(newVerifier(p, newFakeS3(p), nil), alexa.Options{}))
	defer srv.Close()
	status, answer := post(t, srv.URL, signed(t, p, launchAt(t, testNow), goodURL))
	if status != http.StatusBadRequest || !strings.Contains(answer, "another skill") || len(rec.reqs) != 0 || h.Refused.Load() != 1 {
		t.Errorf("status %d answer %q calls %d refused %d", status, answer, len(rec.reqs), h.Refused.Load())
	}
}

func TestVerifiedHTTPNeedsAVerifier(t *testing.T) {
	h, _ := newHandler(t, "")
	defer func() {
		if recover() == nil {
			t.Error("VerifiedHTTP(nil) served, unverified")
		}
	}()
	h.VerifiedHTTP(nil, alexa.Options{})
}

// TestVerifyErrors: Verify's errors wrap ErrUnverified, and keep the cause
// for the log.
func TestVerifyErrors(t *testing.T) {
	p := mustPKI(t)
	v := newVerifier(p, newFakeS3(p), nil)
	r := signed(t, p, launchAt(t, testNow), chainURL("missing"))
	err := v.Verify(context.Background(), r.header, r.body)
	if !errors.Is(err, alexa.ErrUnverified) || !strings.Contains(err.Error(), "403 Forbidden") {
		t.Errorf("err = %v, want ErrUnverified with the fetch's cause", err)
	}
	r = signed(t, p, launchAt(t, testNow), goodURL)
	if err := v.Verify(context.Background(), r.header, r.body); err != nil {
		t.Errorf("good request: %v", err)
	}
}

// TestVerifyCachesChains: one fetch serves every later request, however
// the URL is spelt, and what is fetched is the normalised URL.
func TestVerifyCachesChains(t *testing.T) {
	p := mustPKI(t)
	s3 := newFakeS3(p)
	v := newVerifier(p, s3, nil)
	body := launchAt(t, testNow)
	for i, u := range []string{
		goodURL,
		"https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
		"https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
		"HTTPS://S3.AMAZONAWS.COM/echo.api/./echo-api-cert.pem",
		goodURL, goodURL, goodURL,
	} {
		r := signed(t, p, body, u)
		if err := v.Verify(context.Background(), r.header, r.body); err != nil {
			t.Fatalf("request %d (%s): %v", i, u, err)
		}
	}
	if got := s3.fetches(); len(got) != 1 || got[0] != goodURL {
		t.Errorf("fetched %q, want %q once", got, goodURL)
	}
}

// TestVerifyFetchesOnceConcurrently: requests arriving together for a
// chain not yet cached share one fetch.
func TestVerifyFetchesOnceConcurrently(t *testing.T) {
	p := mustPKI(t)
	r := signed(t, p, launchAt(t, testNow), goodURL)
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		v := alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Now: func() time.Time { return testNow },
			Fetch: func(ctx context.Context, url string) ([]byte, error) {
				calls.Add(1)
				<-release
				return p.chains["good"], nil
			}})
		const n = 20
		errs := make(chan error, n)
		for range n {
			go func() { errs <- v.Verify(context.Background(), r.header, r.body) }()
		}
		synctest.Wait() // every request is now waiting for the chain
		if c := calls.Load(); c != 1 {
			t.Errorf("%d fetches under way, want 1", c)
		}
		close(release)
		for range n {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		if c := calls.Load(); c != 1 {
			t.Errorf("%d fetches, want 1", c)
		}
	})
}

// TestVerifyCallerGivingUp: a request whose caller goes away stops
// waiting, but the fetch goes on and serves the next request.
func TestVerifyCallerGivingUp(t *testing.T) {
	p := mustPKI(t)
	r := signed(t, p, launchAt(t, testNow), goodURL)
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		v := alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Now: func() time.Time { return testNow },
			Fetch: func(ctx context.Context, url string) ([]byte, error) {
				calls.Add(1)
				select {
				case <-release:
					return p.chains["good"], nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}})
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- v.Verify(ctx, r.header, r.body) }()
		synctest.Wait()
		cancel()
		if err := <-errc; !errors.Is(err, alexa.ErrUnverified) || !errors.Is(err, context.Canceled) {
			t.Errorf("abandoned request: %v", err)
		}
		close(release)
		synctest.Wait() // the fetch finishes and caches the chain
		if err := v.Verify(context.Background(), r.header, r.body); err != nil {
			t.Errorf("next request: %v", err)
		}
		if c := calls.Load(); c != 1 {
			t.Errorf("%d fetches, want 1", c)
		}
	})
}

// TestVerifyFetchTimeout: a certificate host that never answers fails the
// request after FetchTimeout, even when the caller would wait longer.
func TestVerifyFetchTimeout(t *testing.T) {
	p := mustPKI(t)
	r := signed(t, p, launchAt(t, testNow), goodURL)
	synctest.Test(t, func(t *testing.T) {
		v := alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Now: func() time.Time { return testNow },
			Fetch: func(ctx context.Context, url string) ([]byte, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			}})
		start := time.Now()
		err := v.Verify(context.Background(), r.header, r.body)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "could not fetch") {
			t.Errorf("err = %v, want a fetch timeout", err)
		}
		if waited := time.Since(start); waited != alexa.FetchTimeout {
			t.Errorf("waited %v, want %v", waited, alexa.FetchTimeout)
		}
	})
}

// TestVerifyRemembersFailuresBriefly: a failed fetch is not tried again
// for FailureMemory (a flood of requests naming a bad URL costs one fetch),
// and is tried again after it.
func TestVerifyRemembersFailuresBriefly(t *testing.T) {
	p := mustPKI(t)
	s3 := newFakeS3(p)
	s3.failN = 1
	clk := &clock{t: testNow}
	v := newVerifier(p, s3, clk.Now)
	r := signed(t, p, launchAt(t, testNow), goodURL)
	for range 50 {
		if err := v.Verify(context.Background(), r.header, r.body); err == nil || !strings.Contains(err.Error(), "could not fetch") {
			t.Fatalf("request while the failure is remembered: %v", err)
		}
	}
	if n := len(s3.fetches()); n != 1 {
		t.Errorf("%d fetches within %v of a failure, want 1", n, alexa.FailureMemory)
	}
	clk.Set(testNow.Add(alexa.FailureMemory))
	if err := v.Verify(context.Background(), r.header, r.body); err != nil {
		t.Fatalf("after %v: %v", alexa.FailureMemory, err)
	}
	if n := len(s3.fetches()); n != 2 {
		t.Errorf("%d fetches, want 2", n)
	}
}

// TestVerifyBoundsFetches: against a slow S3, requests naming hundreds of
// distinct chain URLs start at most MaxFetches fetches; the rest are
// refused at once instead of each opening an outbound connection.
func TestVerifyBoundsFetches(t *testing.T) {
	p := mustPKI(t)
	body := launchAt(t, testNow)
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls, most, now atomic.Int32
		v := alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Now: func() time.Time { return testNow },
			Fetch: func(ctx context.Context, url string) ([]byte, error) {
				calls.Add(1)
				n := now.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				defer now.Add(-1)
				select {
				case <-release:
					return nil, errors.New("503 Slow Down")
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}})
		const n = 300
		errs := make(chan error, n)
		for i := range n {
			r := signed(t, p, body, chainURL(fmt.Sprint("slow-", i)))
			go func() { errs <- v.Verify(context.Background(), r.header, r.body) }()
		}
		synctest.Wait()
		refused := 0
		for range n - alexa.MaxFetches {
			if err := <-errs; strings.Contains(fmt.Sprint(err), "too many certificate chains") {
				refused++
			}
		}
		if got := most.Load(); got > alexa.MaxFetches {
			t.Errorf("%d fetches at once, want at most %d", got, alexa.MaxFetches)
		}
		if refused != n-alexa.MaxFetches {
			t.Errorf("%d of %d requests refused at once, want %d", refused, n, n-alexa.MaxFetches)
		}
		close(release)
		for range alexa.MaxFetches {
			<-errs
		}
		if c := calls.Load(); c != alexa.MaxFetches {
			t.Errorf("%d fetches in all, want %d", c, alexa.MaxFetches)
		}
	})
}

// TestVerifyUnsignedRequestsCannotEvict: the chain a verified request used
// stays cached however many requests, not signed by Alexa, name other
// chains that verify; and URL variants (a query, a fragment) are refused
// without a fetch.
func TestVerifyUnsignedRequestsCannotEvict(t *testing.T) {
	p := mustPKI(t)
	s3 := newFakeS3(p)
	const n = 3 * alexa.MaxCachedChains
	for i := range n {
		s3.chains[chainURL(fmt.Sprint("other-", i))] = p.chains["good"]
	}
	v := newVerifier(p, s3, nil)
	body := launchAt(t, testNow)
	good := signed(t, p, body, goodURL)
	if err := v.Verify(context.Background(), good.header, good.body); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		r := signed(t, p, body, chainURL(fmt.Sprint("other-", i)))
		r.header.Set(alexa.SignatureHeader, sign(t, p.otherKey, body))
		if err := v.Verify(context.Background(), r.header, r.body); err == nil {
			t.Fatal("a request signed with another key was accepted")
		}
		for _, variant := range []string{goodURL + "?x=" + fmt.Sprint(i), goodURL + "#" + fmt.Sprint(i), goodURL + "?"} {
			r.header.Set(alexa.CertChainURLHeader, variant)
			if err := v.Verify(context.Background(), r.header, r.body); err == nil {
				t.Fatalf("%s accepted", variant)
			}
		}
	}
	before := s3.counts[goodURL]
	if err := v.Verify(context.Background(), good.header, good.body); err != nil {
		t.Fatal(err)
	}
	if after := s3.counts[goodURL]; after != before || before != 1 {
		t.Errorf("the genuine chain was fetched %d times, then %d: unsigned requests evicted it", before, after)
	}
	for _, u := range s3.fetches() {
		if strings.ContainsAny(u, "?#") {
			t.Errorf("fetched a URL variant: %s", u)
		}
	}
}

// TestVerifyCacheHonoursExpiry: a cached chain is used only while all its
// certificates are valid (the leaf's dates, or an intermediate's if it
// expires first); after that it is fetched again and, still expired,
// refused.
func TestVerifyCacheHonoursExpiry(t *testing.T) {
	p := mustPKI(t)
	tests := []struct{ chain, refuse string }{
		{"short-lived", "signing certificate has expired"},               // leaf expires at testNow + 1h
		{"short-lived-intermediate", "certificate chain is not trusted"}, // intermediate expires at testNow + 1h
	}
	for _, tt := range tests {
		t.Run(tt.chain, func(t *testing.T) {
			s3 := newFakeS3(p)
			clk := &clock{t: testNow}
			v := newVerifier(p, s3, clk.Now)
			u := chainURL(tt.chain)
			for _, d := range []time.Duration{0, 30 * time.Minute, 59 * time.Minute} {
				clk.Set(testNow.Add(d))
				r := signed(t, p, launchAt(t, testNow.Add(d)), u)
				if err := v.Verify(context.Background(), r.header, r.body); err != nil {
					t.Fatalf("at +%v: %v", d, err)
				}
			}
			if n := len(s3.fetches()); n != 1 {
				t.Fatalf("%d fetches while valid, want 1", n)
			}
			clk.Set(testNow.Add(61 * time.Minute))
			r := signed(t, p, launchAt(t, testNow.Add(61*time.Minute)), u)
			err := v.Verify(context.Background(), r.header, r.body)
			if err == nil || !strings.Contains(err.Error(), tt.refuse) {
				t.Errorf("after expiry: %v, want %q", err, tt.refuse)
			}
			if n := len(s3.fetches()); n != 2 {
				t.Errorf("%d fetches, want 2 (the expired chain fetched again)", n)
			}
		})
	}
}

// TestVerifyCacheIsBounded: distinct URLs beyond MaxCachedChains push
// older chains out rather than growing the cache.
func TestVerifyCacheIsBounded(t *testing.T) {
	p := mustPKI(t)
	s3 := newFakeS3(p)
	const n = 2 * alexa.MaxCachedChains
	for i := range n {
		s3.chains[chainURL(fmt.Sprint("cert-", i))] = p.chains["good"]
	}
	v := newVerifier(p, s3, nil)
	body := launchAt(t, testNow)
	sig := sign(t, p.signKey, body)
	verifyAll := func() {
		for i := range n {
			r := signedRequest{body: body, header: http.Header{}}
			r.header.Set(alexa.SignatureHeader, sig)
			r.header.Set(alexa.CertChainURLHeader, chainURL(fmt.Sprint("cert-", i)))
			if err := v.Verify(context.Background(), r.header, r.body); err != nil {
				t.Fatal(err)
			}
		}
	}
	verifyAll()
	verifyAll()
	// Each round asks for n distinct URLs; at most MaxCachedChains of
	// them can still be cached from the first round.
	if got := len(s3.fetches()); got < 2*n-alexa.MaxCachedChains {
		t.Errorf("%d fetches for two rounds of %d URLs: the cache holds more than %d chains", got, n, alexa.MaxCachedChains)
	}
}

// TestVerifySystemRoots: without Roots, the system's roots are trusted,
// and they do not include a test CA.
func TestVerifySystemRoots(t *testing.T) {
	p := mustPKI(t)
	v := alexa.NewVerifier(alexa.VerifierOptions{Fetch: newFakeS3(p).Fetch, Now: func() time.Time { return testNow }})
	r := signed(t, p, launchAt(t, testNow), goodURL)
	if err := v.Verify(context.Background(), r.header, r.body); err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Errorf("err = %v, want an untrusted chain", err)
	}
}

// roundTripper answers the default fetcher's requests without a network.
type roundTripper func(*http.Request) *http.Response

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r), nil }

func answer(status int, header http.Header, body []byte) *http.Response {
	w := httptest.NewRecorder()
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return w.Result()
}

// TestDefaultFetcher covers the production fetch: a GET of the normalised
// URL, 200 only, no redirect followed, a bounded body.
func TestDefaultFetcher(t *testing.T) {
	p := mustPKI(t)
	tests := []struct {
		name   string
		answer func(*http.Request) *http.Response
		refuse string
	}{
		{"200 with the chain", func(*http.Request) *http.Response { return answer(200, nil, p.chains["good"]) }, ""},
		{"404", func(*http.Request) *http.Response { return answer(404, nil, nil) }, "could not fetch the certificate chain: GET " + goodURL + ": 404 Not Found"},
		{"redirect elsewhere", func(*http.Request) *http.Response {
			return answer(302, http.Header{"Location": {"https://evil.example/cert.pem"}}, nil)
		}, "302 Found"},
		{"body too long", func(*http.Request) *http.Response {
			return answer(200, nil, append(bytes.Repeat([]byte("\n"), alexa.MaxCertChainBytes), p.chains["good"]...))
		}, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			v := alexa.NewVerifier(alexa.VerifierOptions{Roots: p.roots, Now: func() time.Time { return testNow },
				Transport: roundTripper(func(r *http.Request) *http.Response {
					got = append(got, r.Method+" "+r.URL.String())
					return tt.answer(r)
				})})
			r := signed(t, p, launchAt(t, testNow), "https://s3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert.pem")
			err := v.Verify(context.Background(), r.header, r.body)
			switch {
			case tt.refuse == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.refuse != "" && (err == nil || !strings.Contains(err.Error(), tt.refuse)):
				t.Errorf("err = %v, want %q", err, tt.refuse)
			}
			if len(got) != 1 || got[0] != "GET "+goodURL {
				t.Errorf("requests %q, want one GET %s", got, goodURL)
			}
		})
	}
}

// BenchmarkVerify measures a request whose chain is cached: the cost added
// to every request in production.
func BenchmarkVerify(b *testing.B) {
	p := mustPKI(b)
	v := newVerifier(p, newFakeS3(p), nil)
	r := signed(b, p, launchAt(b, testNow), goodURL)
	ctx := context.Background()
	for b.Loop() {
		if err := v.Verify(ctx, r.header, r.body); err != nil {
			b.Fatal(err)
		}
	}
}
