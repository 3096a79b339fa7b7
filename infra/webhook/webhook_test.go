package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/webhook"
	"github.com/homehelper/homehelper/intents"
)

var secret = []byte("repairs-system-shared-secret")

func message() handoff.Message {
	return handoff.ForRepair(intents.Repair{Ref: "HK4721", Problem: "LEAK", Priority: intents.Urgent,
		ReportedAt: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}, "HH-0042", "a leak")
}

// receiver checks every delivery the way docs/handoff.md tells receivers to.
func receiver(t *testing.T, status func(n int32) int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		body, _ := io.ReadAll(r.Body)
		if err := handoff.Verify(secret, r.Header.Get(handoff.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
			t.Errorf("delivery %d: %v", i, err)
		}
		var m handoff.Message
		if err := json.Unmarshal(body, &m); err != nil || m.IdempotencyKey != r.Header.Get(handoff.IdempotencyHeader) || m.Repair == nil {
			t.Errorf("delivery %d: body %s, key header %q", i, body, r.Header.Get(handoff.IdempotencyHeader))
		}
		w.WriteHeader(status(i))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestSend(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		rejected bool
		ok       bool
	}{
		{"accepted", http.StatusOK, false, true},
		{"accepted, nothing to say", http.StatusNoContent, false, true},
		{"receiver down", http.StatusServiceUnavailable, false, false},
		{"too many requests", http.StatusTooManyRequests, false, false},
		{"rejected", http.StatusBadRequest, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := receiver(t, func(int32) int { return tt.status })
			err := webhook.New(srv.URL, secret, nil).Send(context.Background(), message())
			if (err == nil) != tt.ok || errors.Is(err, webhook.ErrRejected) != tt.rejected || n.Load() != 1 {
				t.Errorf("err %v after %d deliveries", err, n.Load())
			}
		})
	}
}

func TestSendTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A receiver that never answers, until the test is over.
		<-release
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	err := webhook.New(srv.URL, secret, &http.Client{Timeout: 200 * time.Millisecond}).Send(context.Background(), message())
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

// TestRedirectsAreNotFollowed: an https receiver answering 307 to a plain
// http address gets a failed attempt; the http address hears nothing, so
// neither the message nor its signature crosses the network in the clear.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Add(1) }))
	defer plain.Close()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, plain.URL+"/hook", code)
		}))
		// Even a client that would follow redirects does not.
		client := tls.Client()
		client.CheckRedirect = nil
		err := webhook.New(tls.URL, secret, client).Send(context.Background(), message())
		tls.Close()
		if !errors.Is(err, webhook.ErrRedirect) {
			t.Errorf("%d: Send = %v, want ErrRedirect", code, err)
		}
	}
	if n := leaked.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}
