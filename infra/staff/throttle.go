package staff

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Throttle: after maxFailures wrong tokens within failureWindow from one
// client address, that address is refused — sign-in and bearer tokens
// alike, the right token included, or guessing would go on at full speed —
// until its oldest failure leaves the window. Other addresses are not
// affected, so nobody's guessing locks staff out.
const (
	maxFailures   = 10
	failureWindow = time.Minute
	// maxClients bounds the addresses remembered. Past it (a guesser with
	// very many addresses), addresses not yet remembered share one
	// "overflow" count, throttled together; those remembered keep theirs.
	maxClients = 4096
)

// overflowClient is the key addresses share once maxClients are remembered.
const overflowClient = "overflow"

// throttle counts wrong tokens per client address.
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time // client → its wrong tokens in the window, oldest first

	wrong   atomic.Int64 // wrong tokens, ever
	refused atomic.Int64 // attempts refused while throttled, ever
}

// prune drops a client's failures older than the window; with a.mu held.
func (t *throttle) prune(client string, now time.Time) []time.Time {
	fs := t.failures[client]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= failureWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, client)
		return nil
	}
	t.failures[client] = fs
	return fs
}

// limited reports whether client is throttled now, counting the refusal.
func (t *throttle) limited(client string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.prune(client, now)) < maxFailures {
		return false
	}
	t.refused.Add(1)
	return true
}

// fail notes a wrong token from client, and reports whether it has just
// reached the limit (so the throttle is logged once per episode).
func (t *throttle) fail(client string, now time.Time) (reached bool) {
	t.wrong.Add(1)
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, known := t.failures[client]; !known && len(t.failures) >= maxClients {
		for c := range t.failures {
			t.prune(c, now)
		}
		if len(t.failures) >= maxClients {
			client = overflowClient
		}
	}
	fs := append(t.prune(client, now), now)
	t.failures[client] = fs
	return len(fs) == maxFailures
}

// ThrottleCounts are the throttle's counters, for /healthz.
type ThrottleCounts struct {
	WrongTokens int64 // wrong tokens sent, at sign-in or as bearer tokens
	Throttled   int64 // attempts refused because their address was throttled
}

// clientAddr is who a request comes from, for the throttle: the peer's
// address, or, with a trusted proxy header, the address the proxy says it
// served. IPv6 addresses count by their /64, which one subscriber usually
// holds whole.
func clientAddr(r *http.Request, proxyHeader string) string {
	if proxyHeader != "" {
		if v := r.Header.Values(proxyHeader); len(v) > 0 {
			// The last entry is the one our proxy added; earlier ones
			// come from the client and prove nothing.
			parts := strings.Split(v[len(v)-1], ",")
			if ip, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return addrKey(ip)
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	return addrKey(ip)
}

func addrKey(ip netip.Addr) string {
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// TokenOption changes how a TokenAuth is made.
type TokenOption func(*TokenAuth)

// WithProxyHeader makes the throttle count wrong tokens by the client
// address a reverse proxy puts in header (X-Forwarded-For's last entry, or
// X-Real-IP) instead of the peer's. Only for a server every request reaches
// through that proxy: otherwise anyone could send the header and choose the
// address their guesses count against.
func WithProxyHeader(header string) TokenOption {
	return func(a *TokenAuth) { a.proxyHeader = http.CanonicalHeaderKey(header) }
}

// WithLogger sets where throttling is logged; slog.Default() otherwise.
func WithLogger(l *slog.Logger) TokenOption { return func(a *TokenAuth) { a.log = l } }

// WithClock sets the clock sessions and the throttle read; for tests.
func WithClock(now func() time.Time) TokenOption { return func(a *TokenAuth) { a.now = now } }

// Throttled reports whether r's client address is throttled now, without
// counting it: the site answers such a request 429 rather than 401.
func (a *TokenAuth) Throttled(r *http.Request) bool {
	t := &a.throttle
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.prune(clientAddr(r, a.proxyHeader), a.now())) >= maxFailures
}

// Counts returns the throttle's counters.
func (a *TokenAuth) Counts() ThrottleCounts {
	return ThrottleCounts{WrongTokens: a.throttle.wrong.Load(), Throttled: a.throttle.refused.Load()}
}

// MinTokenBits is the least guessing work a hand-set token must need,
// estimated from its length and the kinds of character in it: 80 bits is
// beyond any online guessing, throttled or not.
const MinTokenBits = 80

// minDistinct is the fewest different characters a token may have: a hex
// token has 16, "abab…" 2.
const minDistinct = 8

// ErrWeakToken is a hand-set token refused as guessable.
var ErrWeakToken = errors.New("staff token is too weak")

// CheckToken refuses a token shorter than MinTokenLen, with fewer than
// MinTokenBits by a character-class estimate, or made of a few characters
// repeated ("aaaa…", "abab…"). A generated token (NewToken) always passes.
func CheckToken(tok string) error {
	if len(tok) < MinTokenLen {
		return fmt.Errorf("%w: too short: use at least %d characters (for example `openssl rand -base64 24`)", ErrWeakToken, MinTokenLen)
	}
	var lower, upper, digit, other bool
	distinct := map[rune]bool{}
	for _, c := range tok {
		distinct[c] = true
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9':
			digit = true
		default:
			other = true
		}
	}
	pool := 0
	for _, in := range []struct {
		has  bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 33}} {
		if in.has {
			pool += in.size
		}
	}
	bits := float64(len(tok)) * math.Log2(float64(pool))
	if bits < MinTokenBits || len(distinct) < minDistinct {
		return fmt.Errorf("%w: about %.0f bits of guessing, from %d different characters; use %d bits or more, for example `openssl rand -base64 24`",
			ErrWeakToken, bits, len(distinct), MinTokenBits)
	}
	return nil
}
