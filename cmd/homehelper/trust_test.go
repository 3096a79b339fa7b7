package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
)

// TestSecureCookies: with -secure-cookies (as behind a TLS proxy) the
// session cookie is Secure and every answer carries HSTS; without it, over
// plain HTTP, neither (a Secure cookie would never come back).
func TestSecureCookies(t *testing.T) {
	hermeticSettings(t)
	for _, secure := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "secure"}[secure], func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"-dev", "-data", dir}
			if secure {
				args = append(args, "-secure-cookies")
			}
			base, _ := serveOut(context.Background(), t, args...)
			tok, err := os.ReadFile(filepath.Join(dir, staffTokenFile))
			if err != nil {
				t.Fatal(err)
			}
			client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			req, _ := http.NewRequest(http.MethodPost, base+"/staff/signin",
				strings.NewReader(url.Values{"token": {strings.TrimSpace(string(tok))}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			cookies := resp.Cookies()
			if resp.StatusCode != http.StatusSeeOther || len(cookies) != 1 {
				t.Fatalf("sign-in: %d, cookies %v", resp.StatusCode, cookies)
			}
			if cookies[0].Secure != secure {
				t.Errorf("cookie Secure = %v, want %v", cookies[0].Secure, secure)
			}
			if got := resp.Header.Get("Strict-Transport-Security"); (got != "") != secure {
				t.Errorf("HSTS %q with secure=%v", got, secure)
			}
		})
	}
}

// TestHealthzCountsThrottling: wrong staff tokens and the refusals of a
// throttled address show on /healthz, for monitoring.
func TestHealthzCountsThrottling(t *testing.T) {
	hermeticSettings(t)
	base, _ := serveOut(context.Background(), t, "-dev", "-data", t.TempDir())
	for range 11 {
		staffGet(t, base+"/staff/api/households", "wrong-token-0123456789abcdef")
	}
	resp := staffGet(t, base+"/healthz", "")
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"staff_wrong_tokens 10\n", "staff_throttled 1\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/healthz says:\n%s\nwant %q", body, want)
		}
	}
}

// TestDataFolderWarning: a data folder others may enter is warned about at
// start, and its files are still owner-only.
func TestDataFolderWarning(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"pilot", "list", "-data", dir}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pilot list: %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the data folder is open to other users") {
		t.Errorf("no warning about a 0755 data folder:\n%s", stderr.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v, want owner-only", e.Name(), info.Mode().Perm())
		}
	}
}

// TestReferencesInTheTerminal: pilot add refuses a reference that is not
// printable, and pilot list shows one stored before that check escaped, so
// it cannot act on the terminal of whoever runs it.
func TestReferencesInTheTerminal(t *testing.T) {
	hermeticSettings(t)
	ctx := context.Background()
	dir := t.TempDir()
	evil := "HH\x1b]0;owned\x07\x1b[2J\u202e\r\nHH-FAKE"
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"pilot", "add", "-data", dir, "--household", evil}, strings.NewReader(""), &stdout, &stderr); code == 0 ||
		!strings.Contains(stderr.String(), "may hold only letters, digits, spaces") {
		t.Errorf("pilot add of a reference with escape sequences: exit %d\n%s", code, stderr.String())
	}
	if strings.ContainsAny(stdout.String()+stderr.String(), "\x1b\x07\r\u202e") {
		t.Errorf("the refusal printed the raw reference: %q", stderr.String())
	}

	a, err := openData(ctx, storage{data: dir, kind: "sqlite"}, newLogger(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.AddHousehold(ctx, intents.Household{ID: a.pseudo.Household(evil), Ref: evil, EnrolledAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	a.close()
	stdout.Reset()
	if code := run(ctx, []string{"pilot", "list", "-data", dir}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pilot list: %d\n%s", code, stderr.String())
	}
	if strings.ContainsAny(stdout.String(), "\x1b\x07\r\u202e") || !strings.Contains(stdout.String(), `\x1b]0;owned\a`) {
		t.Errorf("pilot list printed %q, want the reference escaped", stdout.String())
	}
}

// Both stores serve answers to repeated requests (intents.Replies), so
// `stores` wires them whichever -store is chosen.
var (
	_ intents.Replies = dynamoStore{}
	_ intents.Replies = (*sqlite.Store)(nil)
)
