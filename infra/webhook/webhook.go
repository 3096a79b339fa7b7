// Package webhook delivers hand-off messages to a receiver over HTTPS: a
// JSON POST signed with handoff.Sign and carrying the message's idempotency
// key, so the landlord's repairs system can check who sent it and act on it
// once however often it arrives.
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/homehelper/homehelper/handoff"
)

// Timeout bounds one delivery attempt: a receiver that does not answer in
// time is tried again later, on the retry schedule.
const Timeout = 10 * time.Second

// Sender posts messages to one URL.
type Sender struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// New makes a Sender. A nil client means one with Timeout. Whatever the
// client, redirects are not followed: the receiver's address is checked
// (handoff.CheckURL) and a redirect would send the message and its
// signature wherever the receiver, or whoever answers in its place, says.
func New(url string, secret []byte, client *http.Client) *Sender {
	c := http.Client{Timeout: Timeout}
	if client != nil {
		c = *client
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Sender{url: url, secret: secret, client: &c, now: time.Now}
}

// ErrRejected marks a receiver's 4xx answer other than 408 and 429: the
// message will not be accepted however often it is sent, so it needs a
// person (it is still retried on the schedule, in case the receiver is
// being fixed).
var ErrRejected = errors.New("webhook: receiver rejected the message")

// ErrRedirect is a receiver answering with a redirect, which is not
// followed: a failed attempt, tried again on the schedule.
var ErrRedirect = errors.New("webhook: receiver redirected; redirects are not followed")

// Send posts m, signed, and succeeds only on a 2xx answer.
func (s *Sender) Send(ctx context.Context, m handoff.Message) error {
	at := s.now().UTC()
	m.SentAt = at.Format(time.RFC3339)
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("webhook: encoding %s: %w", m.IdempotencyKey, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "HomeHelper-Handoff/1")
	req.Header.Set(handoff.IdempotencyHeader, m.IdempotencyKey)
	req.Header.Set(handoff.SignatureHeader, handoff.Sign(s.secret, at, body))
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: posting %s: %w", m.IdempotencyKey, err)
	}
	defer resp.Body.Close()
	// Read a little of the answer for the log; never the whole of it.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		// The target is not logged: it may carry a token.
		return fmt.Errorf("%w: %s for %s", ErrRedirect, resp.Status, m.IdempotencyKey)
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests:
		return fmt.Errorf("%w: %s for %s: %q", ErrRejected, resp.Status, m.IdempotencyKey, snippet)
	default:
		return fmt.Errorf("webhook: %s for %s: %q", resp.Status, m.IdempotencyKey, snippet)
	}
}
