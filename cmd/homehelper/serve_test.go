package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestServeRefusesUnsafeSettings(t *testing.T) {
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"dev on an address others can reach", []string{"-dev", "-addr", "0.0.0.0:0"}, "loopback"},
		{"dev on a host name", []string{"-dev", "-addr", "example.org:8080"}, "loopback"},
		{"no skill id without dev", []string{"-addr", "127.0.0.1:0"}, "-skill-id is required"},
		{"a certificate without its key", []string{"-dev", "-addr", "127.0.0.1:0", "-tls-cert", "c.pem"}, "both -tls-cert and -tls-key"},
		{"stray argument", []string{"-dev", "now"}, "unexpected"},
		{"a reminder at night", []string{"-dev", "-addr", "127.0.0.1:0", "-reminder-hour", "3"}, "reminder hour 3: want 12 to 22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			args := append([]string{"serve", "-data", t.TempDir()}, tt.args...)
			if code := run(context.Background(), args, nil, io.Discard, &stderr); code != 2 {
				t.Errorf("exit %d, want 2 (%s)", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.says) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tt.says)
			}
		})
	}
}

// TestServeVerifiesByDefault: without -dev, a request that Alexa did not
// sign is refused before the skill sees it, and there is no try-it page.
func TestServeVerifiesByDefault(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-data", t.TempDir(), "-skill-id", "amzn1.ask.skill.ours"}, nil, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no listening line: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	url := strings.TrimSpace(line[strings.Index(line, "http"):])

	body, _ := os.ReadFile("../../events/launch.json")
	resp, err := http.Post(url+"/alexa", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "unverified") {
		t.Errorf("unsigned request: %d %q", resp.StatusCode, b)
	}
	// Without -dev the try-it page is for signed-in staff only.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := noRedirect.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != http.StatusSeeOther || page.Header.Get("Location") != "/staff/signin?next=%2F" {
		t.Errorf("try-it page without -dev: %d to %q, want a redirect to sign in", page.StatusCode, page.Header.Get("Location"))
	}
	try, err := http.Post(url+"/try", "application/json", strings.NewReader(`{"text":"help"}`))
	if err != nil {
		t.Fatal(err)
	}
	try.Body.Close()
	if try.StatusCode != http.StatusUnauthorized {
		t.Errorf("try-it API without -dev or sign-in: %d", try.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
