package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/simulator"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
	skillpackage "github.com/homehelper/homehelper/skill-package"
)

const staffTestToken = "staff-test-token-0123456789"

func TestStaffToken(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	tok, generated, err := staffToken(dir)
	if err != nil || !generated || len(tok) < staff.MinTokenLen {
		t.Fatalf("first start: %q generated %v, %v", tok, generated, err)
	}
	info, err := os.Stat(filepath.Join(dir, staffTokenFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("staff.token: %v, mode %v; want 0600", err, info.Mode())
	}
	again, generated, err := staffToken(dir)
	if err != nil || generated || again != tok {
		t.Errorf("second start: %q generated %v, %v; want the same token, not shown again", again, generated, err)
	}

	t.Setenv(staffTokenEnv, "short")
	if _, _, err := staffToken(dir); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("a short %s: %v", staffTokenEnv, err)
	}
	t.Setenv(staffTokenEnv, staffTestToken)
	if got, generated, err := staffToken(dir); err != nil || generated || got != staffTestToken {
		t.Errorf("from the environment: %q %v %v", got, generated, err)
	}
	t.Setenv(staffTokenEnv, "")

	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, staffTokenFile), []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := staffToken(bad); err == nil {
		t.Error("a file holding a short token should be refused")
	}
}

// serveOut starts `homehelper serve` with args and returns its address and
// everything it printed on stdout by the time it is listening and has
// announced the staff site.
func serveOut(ctx context.Context, t *testing.T, args ...string) (url string, stdout *syncBuffer) {
	t.Helper()
	sctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	stdout = &syncBuffer{}
	go func() {
		done <- run(sctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			fmt.Fprintln(stdout, sc.Text())
			if _, u, ok := strings.Cut(sc.Text(), "Staff site: "); ok {
				ready <- strings.TrimSuffix(strings.Fields(u)[0], "/staff/")
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	select {
	case url = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d:\n%s", code, stdout.String())
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not announce the staff site:\n%s", stdout.String())
	}
	return url, stdout
}

// TestServeAnnouncesTheStaffSite: the first start says which file holds
// the token it made, never the token; later starts say where it is kept;
// with the environment variable set, neither.
func TestServeAnnouncesTheStaffSite(t *testing.T) {
	hermeticSettings(t)
	ctx := context.Background()
	dir := t.TempDir()
	url, out := serveOut(ctx, t, "-dev", "-data", dir)
	tok, err := os.ReadFile(filepath.Join(dir, staffTokenFile))
	if err != nil {
		t.Fatal(err)
	}
	want := "Staff site: " + url + "/staff/ — a sign-in token was made; read it from " + filepath.Join(dir, staffTokenFile)
	if !strings.Contains(out.String(), want) || strings.Contains(out.String(), strings.TrimSpace(string(tok))) {
		t.Errorf("first start says:\n%s\nwant %q, and never the token (it would land in service logs)", out.String(), want)
	}
	resp := staffGet(t, url+"/staff/api/households", strings.TrimSpace(string(tok)))
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the printed token does not sign in: %d", resp.StatusCode)
	}

	dir2 := t.TempDir()
	if _, _, err := staffToken(dir2); err != nil {
		t.Fatal(err)
	}
	_, out2 := serveOut(ctx, t, "-dev", "-data", dir2)
	tok2, _ := os.ReadFile(filepath.Join(dir2, staffTokenFile))
	if strings.Contains(out2.String(), strings.TrimSpace(string(tok2))) || !strings.Contains(out2.String(), "sign in with the token kept in") {
		t.Errorf("a later start shows the token again, or does not say where it is:\n%s", out2.String())
	}

	t.Setenv(staffTokenEnv, staffTestToken)
	_, out3 := serveOut(ctx, t, "-dev", "-data", t.TempDir())
	if strings.Contains(out3.String(), staffTestToken) || !strings.Contains(out3.String(), "sign in with the token in "+staffTokenEnv) {
		t.Errorf("with %s set:\n%s", staffTokenEnv, out3.String())
	}
}

// TestStaffSiteWithoutDev: the staff site is for signed-in staff, not a
// development aid, so it is served without -dev too, and still refuses
// anyone without the token; the try-it page stays -dev only.
func TestStaffSiteWithoutDev(t *testing.T) {
	hermeticSettings(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	url, _ := serveOut(context.Background(), t, "-data", t.TempDir(), "-skill-id", "amzn1.ask.skill.ours")
	for target, want := range map[string]int{
		"/staff/api/summary": http.StatusUnauthorized,
		"/staff/repairs":     http.StatusSeeOther,
	} {
		if resp := staffGet(t, url+target, ""); resp.StatusCode != want {
			t.Errorf("%s without a token: %d, want %d", target, resp.StatusCode, want)
		}
	}
	if resp := staffGet(t, url+"/staff/api/summary", staffTestToken); resp.StatusCode != http.StatusOK {
		t.Errorf("with the token: %d", resp.StatusCode)
	}
	// Without -dev the try-it page is for signed-in staff only.
	if resp := staffGet(t, url+"/", ""); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("try-it page without -dev or sign-in: %d, want a redirect to sign in", resp.StatusCode)
	}
	if resp := staffGet(t, url+"/", staffTestToken); resp.StatusCode != http.StatusOK {
		t.Errorf("try-it page for signed-in staff: %d", resp.StatusCode)
	}
	// As a browser does it: sign in on the form, come back to the page,
	// and the session cookie opens the try-it page and its API.
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, url+"/staff/signin", strings.NewReader("token="+staffTestToken+"&next=%2F"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == staff.CookieName {
			cookie = c
		}
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || cookie == nil {
		t.Fatalf("signing in to reach the try-it page: %d to %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), cookie)
	}
	for _, r := range []*http.Request{
		must(http.NewRequest(http.MethodGet, url+"/", nil)),
		must(http.NewRequest(http.MethodPost, url+"/try", strings.NewReader(`{"text":"help"}`))),
	} {
		r.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		resp, err := client.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s %s with the staff cookie: %d %s", r.Method, r.URL.Path, resp.StatusCode, b)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// staffGet sends a GET, with the bearer token if given, and does not
// follow redirects.
func staffGet(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp
}

func staffJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp := staffGet(t, url, staffTestToken)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// Both stores serve the staff site.
var (
	_ staff.Store = (*sqlite.Store)(nil)
	_ staff.Store = dynamoStore{}
)

// TestStaffSiteOverDynamoDB: the same conversations over -store dynamodb
// (dynalite), and every list and figure of the staff API from it.
func TestStaffSiteOverDynamoDB(t *testing.T) {
	hermeticSettings(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	ctx := context.Background()
	srv, _, _ := pilotConversations(ctx, t, dynamoBackend(ctx, t))
	var r struct {
		TakeUp struct {
			Requests, ActiveHouseholds, EnrolledHouseholds int
		} `json:"take_up"`
		Outcomes struct {
			RepairsReported int `json:"repairs_reported"`
			VisitsBooked    int `json:"visits_booked"`
		} `json:"outcomes"`
	}
	staffJSON(t, srv.url+"/staff/api/summary", &r)
	if r.Outcomes.RepairsReported != 1 || r.Outcomes.VisitsBooked != 1 {
		t.Errorf("summary over DynamoDB: %+v", r)
	}
	for _, list := range []string{"repairs", "households", "slots", "events"} {
		var rows []map[string]any
		staffJSON(t, srv.url+"/staff/api/"+list, &rows)
		if len(rows) == 0 {
			t.Errorf("/staff/api/%s over DynamoDB is empty", list)
		}
		if resp := staffGet(t, srv.url+"/staff/api/"+list+".csv", staffTestToken); resp.StatusCode != http.StatusOK {
			t.Errorf("/staff/api/%s.csv: %d", list, resp.StatusCode)
		}
	}
	for _, page := range []string{"/staff/", "/staff/repairs", "/staff/households", "/staff/coaches", "/staff/trial"} {
		if resp := staffGet(t, srv.url+page, staffTestToken); resp.StatusCode != http.StatusOK {
			t.Errorf("%s over DynamoDB: %d", page, resp.StatusCode)
		}
	}
}

// TestStaffSiteUnavailable: a store without the staff interfaces does not
// crash serve; the site says what is missing and shows nothing else.
func TestStaffSiteUnavailable(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	s, err := sqlite.Open(context.Background(), filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Only the methods of the program's own store interface: no repair
	// queue, availability, trial dates or erasure.
	a := &app{store: struct{ store }{s}, log: slog.New(slog.NewTextHandler(io.Discard, nil)), cfg: intents.DefaultConfig()}
	mux := http.NewServeMux()
	announce, _, err := mountStaffSite(mux, a, dir, false, handoffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	announce(&out, "http://127.0.0.1:1")
	if !strings.Contains(out.String(), "Staff site: http://127.0.0.1:1/staff/") {
		t.Errorf("announce: %q", out.String())
	}
	req, _ := http.NewRequest(http.MethodGet, "/staff/", nil)
	w := &recorder{header: http.Header{}}
	mux.ServeHTTP(w, req)
	if w.code != http.StatusServiceUnavailable || !strings.Contains(w.body.String(), "the repairs queue, coach availability, trial dates, withdrawing households") {
		t.Errorf("unavailable site: %d %q", w.code, w.body.String())
	}
}

type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

// voice is one Echo talking to a running server's Alexa endpoint: the
// simulator builds each request from the interaction model.
type voice struct {
	t       *testing.T
	sim     *simulator.Simulator
	conv    *simulator.Conversation
	url     string
	replies []string // every raw response body
	said    []string // the transcript, for failures
}

func newVoice(t *testing.T, url, name string) *voice {
	t.Helper()
	sim, err := simulator.New(skillpackage.ModelEnGB, simulator.Options{Locale: "en-GB"})
	if err != nil {
		t.Fatal(err)
	}
	return &voice{t: t, sim: sim, url: url,
		conv: sim.NewConversation("amzn1.ask.account.staffsite-"+name, "amzn1.ask.device.staffsite-"+name)}
}

// say sends what the tenant says ("(launch)" opens Home Helper) and fails
// the test unless the reply holds each of hears.
func (v *voice) say(text string, hears ...string) {
	v.t.Helper()
	var req []byte
	var err error
	if text == "(launch)" {
		req, err = v.sim.Launch(v.conv)
	} else {
		req, err = v.sim.Say(v.conv, text)
		if errors.Is(err, simulator.ErrNotInvoked) {
			req, err = v.sim.Say(v.conv, "ask "+v.sim.InvocationName()+" to "+text)
		}
	}
	if err != nil {
		v.t.Fatalf("%q: %v", text, err)
	}
	resp, err := http.Post(v.url+"/alexa", "application/json", bytes.NewReader(req))
	if err != nil {
		v.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		v.t.Fatalf("%q: HTTP %d %s", text, resp.StatusCode, body)
	}
	v.replies = append(v.replies, string(body))
	if err := v.sim.Observe(v.conv, body); err != nil {
		v.t.Fatal(err)
	}
	d, err := describe(req, body, v.conv)
	if err != nil {
		v.t.Fatal(err)
	}
	v.said = append(v.said, fmt.Sprintf("%q → %q", text, d.Speech))
	for _, h := range hears {
		if !strings.Contains(d.Speech, h) {
			v.t.Fatalf("after %q the tenant does not hear %q; so far:\n%s", text, h, strings.Join(v.said, "\n"))
		}
	}
}

// toTheEnd says "next" through a guide until it asks whether it worked.
func (v *voice) toTheEnd() {
	v.t.Helper()
	for range 20 {
		v.say("next")
		if strings.Contains(v.said[len(v.said)-1], "Did that fix it?") {
			return
		}
	}
	v.t.Fatalf("the guide never asked whether it fixed it:\n%s", strings.Join(v.said, "\n"))
}

// pilotConversations enrols three households with `pilot add`, starts
// serve, and has two of them use Home Helper by voice: a guide that fixed
// it, a repair reported after a guide that did not, a rating, a coach
// visit, and help; plus a practice conversation on the try-it page. It
// returns the server and everything the tenant endpoints answered.
func pilotConversations(ctx context.Context, t *testing.T, be *e2eBackend) (srv *server, codes []string, answers []string) {
	t.Helper()
	return pilotConversationsIn(ctx, t, be, t.TempDir())
}

// pilotConversationsIn is pilotConversations with the store in dir, for a
// test that restarts serve on it.
func pilotConversationsIn(ctx context.Context, t *testing.T, be *e2eBackend, dir string) (srv *server, codes []string, answers []string) {
	t.Helper()
	for _, ref := range []string{"HH-STAFF-1", "HH-STAFF-2", "HH-STAFF-3"} {
		codes = append(codes, enrol(ctx, t, be, dir, ref))
	}
	srv = startServe(ctx, t, be, dir)

	// The dashboard's figures come from the usage log that serve writes
	// as these requests are answered; the announcement follows the
	// "listening" line startServe waits for.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(srv.stdout.String(), "Staff site:") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if ann := srv.stdout.String(); !strings.Contains(ann, "Staff site: "+srv.url+"/staff/ — sign in with the token in "+staffTokenEnv) {
		t.Errorf("serve does not announce the staff site:\n%s", ann)
	}

	a := newVoice(t, srv.url, "a")
	a.say("(launch)", "Welcome to Home Helper")
	a.say("my code is "+codes[0], "This speaker is now linked to your home")
	a.say("how do I bleed a radiator", "Step 1 of")
	a.toTheEnd()
	a.say("yes it did", "That's great", "how easy was that?")
	a.say("5", "Thank you")
	a.say("no", "Goodbye")
	a.say("(launch)", "Welcome")
	a.say("how do I bleed a radiator", "Step 1 of")
	a.toTheEnd()
	a.say("no it didn't", "Which room")
	a.say("in the living room", "Shall I report it?")
	a.say("yes please", "Your reference is")
	a.say("book a visit", "Shall I book it?")
	a.say("yes", "Booked.")
	a.say("no", "Goodbye")

	b := newVoice(t, srv.url, "b")
	b.say("(launch)", "Welcome to Home Helper")
	b.say("my code is "+codes[1], "This speaker is now linked to your home")
	b.say("help", "Home Helper is from your landlord")
	b.say("stop", "Goodbye")
	answers = append(a.replies, b.replies...)

	for _, text := range []string{"help", "how do I bleed a radiator"} {
		body, _ := json.Marshal(map[string]string{"text": text})
		resp, err := http.Post(srv.url+"/try", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("try-it %q: %d %s", text, resp.StatusCode, b)
		}
		answers = append(answers, string(b))
	}
	return srv, codes, answers
}

// TestTenantEndpointsNeverShowStaffData: what the Alexa endpoint and the
// try-it page answer never holds a household reference or an unspent link
// code, and the staff API refuses the try-it page's visitors.
func TestTenantEndpointsNeverShowStaffData(t *testing.T) {
	hermeticSettings(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	srv, codes, answers := pilotConversations(context.Background(), t, sqliteBackend())
	for _, body := range answers {
		for _, secret := range []string{"HH-STAFF", codes[2], staffTestToken} {
			if strings.Contains(body, secret) {
				t.Errorf("a tenant endpoint answered with %q: %s", secret, body)
			}
		}
	}
	page := staffGet(t, srv.url+"/", "")
	b, _ := io.ReadAll(page.Body)
	if strings.Contains(string(b), "HH-STAFF") || strings.Contains(string(b), codes[2]) {
		t.Error("the try-it page shows staff data")
	}
	// The tenant endpoints do not open the staff site to their callers.
	for _, target := range []string{"/alexa", "/try"} {
		req, _ := http.NewRequest(http.MethodPost, srv.url+target, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range resp.Cookies() {
			if c.Name == staff.CookieName {
				t.Errorf("%s set the staff session cookie", target)
			}
		}
		resp.Body.Close()
	}
}

// requireBrowser finds node, playwright-core and Chromium. Without them the
// test skips on a developer's machine and fails in CI (CI non-empty), where
// a silent skip would hide that it never ran.
func requireBrowser(t *testing.T) (node, root, chromium string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	chromium = "/usr/bin/chromium"
	var missing string
	if node, err = exec.LookPath("node"); err != nil {
		missing = "node is not on PATH"
	} else if _, err := os.Stat(filepath.Join(root, "node_modules", "playwright-core", "package.json")); err != nil {
		missing = "playwright-core is not installed (run `npm ci` in " + root + ")"
	} else if _, err := os.Stat(chromium); err != nil {
		missing = chromium + " is missing (apt-get install chromium)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set, so the staff site's browser test must run, but %s", missing)
		}
		t.Skipf("SKIPPING the staff site's browser test: %s. (With CI set this fails instead.)", missing)
	}
	return node, root, chromium
}

// scriptRun is what every testdata/staff script prints (lib.js).
type scriptRun struct {
	Screenshots []string `json:"screenshots"`
	Problems    []string `json:"problems"` // console errors, page errors, failed requests
	Error       string   `json:"error"`
}

func (r *scriptRun) common() *scriptRun { return r }

// runStaffScript runs testdata/staff/<script> with args under node, with
// Chromium and the artifacts folder ($HOMEHELPER_ARTIFACTS, else the
// test's temporary folder) in its environment, and reads what it prints
// into out. A script that fails ends the test (with srv's log); every
// problem it saw in the browser is an error.
func runStaffScript(ctx context.Context, t *testing.T, out interface{ common() *scriptRun }, srv *server, script string, args ...string) {
	t.Helper()
	node, root, chromium := requireBrowser(t)
	artifacts := os.Getenv("HOMEHELPER_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	artifacts, err := filepath.Abs(artifacts)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, append([]string{filepath.Join("testdata", "staff", script)}, args...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(root, "node_modules"), "CHROMIUM="+chromium, "ARTIFACTS_DIR="+artifacts)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("%s: %v (%v)\nstdout:\n%s\nstderr:\n%s", script, err, runErr, stdout.String(), stderr.String())
	}
	r := out.common()
	if r.Error != "" || runErr != nil {
		t.Fatalf("%s failed (%v): %s\nstderr:\n%s\nserver log:\n%s", script, runErr, r.Error, stderr.String(), srv.stderr.String())
	}
	for _, s := range r.Screenshots {
		t.Logf("screenshot: %s", s)
	}
	for _, p := range r.Problems {
		t.Errorf("browser (%s): %s", script, p)
	}
}

// browserRun is what testdata/staff/dashboard.js prints.
type browserRun struct {
	scriptRun
	SignInPage  string  `json:"signInPage"`
	AfterSignIn string  `json:"afterSignIn"`
	Headline    [][]any `json:"headline"`
	Figures     int     `json:"figures"`
	Charts      int     `json:"charts"`
	Keyboard    struct {
		Tabs            int    `json:"tabs"`
		Reached         string `json:"reached"`
		Opened          bool   `json:"opened"`
		TableVisible    bool   `json:"tableVisible"`
		FocusBackground string `json:"focusBackground"`
	} `json:"keyboard"`
	Repair struct {
		Ref     string `json:"ref"`
		Message string `json:"message"`
	} `json:"repair"`
	Enrolled struct {
		Ref  string `json:"ref"`
		Code string `json:"code"`
	} `json:"enrolled"`
	Chosen    struct{ From, To string } `json:"chosen"`
	Household string                    `json:"householdPage"`
	Story     string                    `json:"story"`
	Items     []string                  `json:"storyItems"`
	Changed   struct {
		Facts, Note, OldCode, NewCode string
	} `json:"changed"`
	Journeys [][]any `json:"journeys"`
	Widths   []struct {
		Page        string   `json:"page"`
		Width       int      `json:"width"`
		ScrollWidth int      `json:"scrollWidth"`
		ClientWidth int      `json:"clientWidth"`
		Wide        []string `json:"wide"`
		Banner      bool     `json:"banner"`
	} `json:"widths"`
	CSV        string   `json:"csv"`
	FiguresCSV string   `json:"figuresCSV"`
	Requests   []string `json:"requests"`
}

// TestStaffSiteInChromium is the staff site as a housing officer meets it,
// after real conversations over the Alexa endpoint: signing in with the
// token, the dashboard's headline numbers (the API's), a chart's numbers
// reached by keyboard, a repair's status changed, a household enrolled,
// the usage events downloaded; no request leaves the server; screenshots
// kept under $HOMEHELPER_ARTIFACTS (or the test's temporary folder).
func TestStaffSiteInChromium(t *testing.T) {
	requireBrowser(t) // before the conversations: without a browser, skip (or fail in CI) at once
	hermeticSettings(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, _, _ := pilotConversations(ctx, t, sqliteBackend())

	var before map[string]any
	staffJSON(t, srv.url+"/staff/api/summary", &before)
	for _, path := range []string{"take_up.requests", "take_up.active_households", "outcomes.repairs_reported",
		"outcomes.repair_visits_avoided", "outcomes.visits_booked", "satisfaction.given"} {
		if v, _ := jsonPath(before, path); v == nil || v.(float64) == 0 {
			t.Errorf("after the conversations %s is %v; the dashboard test needs figures that are not zero", path, v)
		}
	}

	var res browserRun
	runStaffScript(ctx, t, &res, srv, "dashboard.js", srv.url, staffTestToken, "HH-STAFF-1")

	if res.SignInPage != "/staff/signin" || res.AfterSignIn != "/staff/" {
		t.Errorf("sign-in: sent to %q, then %q", res.SignInPage, res.AfterSignIn)
	}

	// The headline numbers, as shown, are the API's for the same days
	// (the dashboard's defaults and the API's are the same: the last 30
	// days, as no trial dates are set). The summary is read again: signing
	// in is not a request, but the browser changed nothing before reading.
	if len(res.Headline) < 10 {
		t.Errorf("only %d headline figures found", len(res.Headline))
	}
	for _, h := range res.Headline {
		path, format, text, visible := h[0].(string), h[1].(string), h[2].(string), h[3].(bool)
		if !visible {
			t.Errorf("headline %s is not visible", path)
		}
		if err := figureShows(before, path, format, text); err != nil {
			t.Errorf("headline %s shows %q: %v", path, text, err)
		}
	}
	if res.Figures < 100 || res.Charts < 8 {
		t.Errorf("the dashboard shows %d figures and %d charts; want the full dashboard", res.Figures, res.Charts)
	}

	k := res.Keyboard
	if k.Reached != "Show the numbers" || !k.Opened || !k.TableVisible || k.Tabs > 40 {
		t.Errorf("keyboard: reached %q after %d tabs, opened %v, table visible %v", k.Reached, k.Tabs, k.Opened, k.TableVisible)
	}
	if k.FocusBackground != "rgb(255, 221, 0)" {
		t.Errorf("the focused control is not highlighted: background %q", k.FocusBackground)
	}

	var repairs []struct {
		Ref, Status string
	}
	staffJSON(t, srv.url+"/staff/api/repairs", &repairs)
	found := false
	for _, r := range repairs {
		if r.Ref == res.Repair.Ref {
			found = true
			if r.Status != "booked" {
				t.Errorf("repair %s is %q after the browser set it to booked (page said %q)", r.Ref, r.Status, res.Repair.Message)
			}
		}
	}
	if !found || !strings.Contains(res.Repair.Message, "saved") || !strings.Contains(res.Repair.Message, "the repairs team will come on") ||
		!strings.Contains(res.Repair.Message, "in the morning") {
		t.Errorf("repair %q not found, or the page said %q", res.Repair.Ref, res.Repair.Message)
	}

	var households []struct {
		Ref        string `json:"ref"`
		LinkCode   string `json:"link_code"`
		Vulnerable bool   `json:"vulnerable"`
	}
	staffJSON(t, srv.url+"/staff/api/households", &households)
	enrolled := false
	for _, h := range households {
		if h.Ref == res.Enrolled.Ref {
			enrolled = true
			if h.LinkCode == "" || h.LinkCode != res.Enrolled.Code || !h.Vulnerable {
				t.Errorf("%s: the page showed code %q; the API has %q, vulnerable %v", h.Ref, res.Enrolled.Code, h.LinkCode, h.Vulnerable)
			}
		}
	}
	if !enrolled {
		t.Errorf("%s was not enrolled", res.Enrolled.Ref)
	}

	// The downloads after choosing days: CSVs Excel opens, one row per
	// usage event of exactly those days, and the figures for those days.
	chosen := "from=" + res.Chosen.From + "&to=" + res.Chosen.To
	rows := readCSV(t, res.CSV)
	var evs []intents.UsageEvent
	staffJSON(t, srv.url+"/staff/api/events?"+chosen, &evs)
	if len(rows) < 2 || len(rows)-1 != len(evs) || rows[0][0] != "request_id" {
		t.Errorf("events.csv has %d rows after its header, the API %d events for %s", len(rows)-1, len(evs), chosen)
	}
	period := map[string]string{}
	for _, row := range readCSV(t, res.FiguresCSV) {
		if row[0] == "period" {
			period[row[1]] = row[3]
		}
	}
	if period["from"] != res.Chosen.From || period["to (included)"] != res.Chosen.To || period["days"] != "3" {
		t.Errorf("the figures downloaded after choosing %s cover %v", chosen, period)
	}

	// The household page tells the first household's story in words.
	for _, want := range []string{"Linked the speaker to the home", "asked for help with a radiator that isn't heating properly and started the guide",
		"it fixed it", "rated it 5 out of 5", "it did not fix it", "reported a repair: a radiator that isn't heating properly in the living room, reference",
		"booked a coach visit"} {
		if !strings.Contains(res.Story, want) {
			t.Errorf("the household page's story lacks %q:\n%s", want, res.Story)
		}
	}
	// ... in the order it happened, in words: no codes, no pseudonyms.
	last := -1
	for _, want := range []string{"Linked the speaker to the home", "started the guide", "reported a repair", "booked a coach visit"} {
		at := slices.IndexFunc(res.Items, func(item string) bool { return strings.Contains(item, want) })
		if at < 0 || at < last {
			t.Errorf("the story has %q at line %d, after line %d: not in the order it happened:\n%s", want, at, last, strings.Join(res.Items, "\n"))
		}
		last = max(last, at)
	}
	codes := regexp.MustCompile(`\b(hh|sp|se|ac)_[0-9a-f]{6,}|\b[a-z]+_[a-z_]+\b|[A-Z][A-Za-z]+Intent\b|\bAMAZON\.`)
	for _, item := range res.Items {
		if c := codes.FindString(item); c != "" {
			t.Errorf("the story shows a code or pseudonym %q: %q", c, item)
		}
	}

	// Changed from the household's page in the browser: the page and the
	// API say vulnerable, and the new link code replaced the old.
	if !strings.Contains(res.Changed.Facts, "Vulnerable") || res.Changed.Note == "" {
		t.Errorf("after marking the household vulnerable its page says %q (note %q)", res.Changed.Facts, res.Changed.Note)
	}
	if res.Changed.NewCode == "" || res.Changed.NewCode == res.Changed.OldCode {
		t.Errorf("a new link code: was %q, now %q", res.Changed.OldCode, res.Changed.NewCode)
	}
	staffJSON(t, srv.url+"/staff/api/households", &households)
	for _, h := range households {
		if h.Ref == "HH-STAFF-1" && (!h.Vulnerable || h.LinkCode != res.Changed.NewCode) {
			t.Errorf("HH-STAFF-1 after the browser changed it: vulnerable %v, link code %q (page %q)", h.Vulnerable, h.LinkCode, res.Changed.NewCode)
		}
	}

	// Journeys, as shown, are the API's figures for the same days.
	var journeys map[string]any
	staffJSON(t, srv.url+"/staff/api/journeys", &journeys)
	if len(res.Journeys) < 20 {
		t.Errorf("only %d figures read on the journeys page", len(res.Journeys))
	}
	for _, j := range res.Journeys {
		path, format, text := j[0].(string), j[1].(string), j[2].(string)
		if err := figureShows(journeys, path, format, text); err != nil {
			t.Errorf("journeys %s shows %q: %v", path, text, err)
		}
	}

	// Every page at both widths: no sideways scrolling; the hand-off
	// banner on every staff page, as the repair reported went nowhere.
	if len(res.Widths) != 22 {
		t.Errorf("measured %d pages, want 11 at each of 2 widths", len(res.Widths))
	}
	for _, w := range res.Widths {
		if w.ScrollWidth > w.ClientWidth {
			t.Errorf("%s at %d px scrolls sideways: %d px wide; sticking out: %v", w.Page, w.Width, w.ScrollWidth, w.Wide)
		}
		if w.Banner != (w.Page != "tryit") {
			t.Errorf("%s at %d px: hand-off banner shown %v", w.Page, w.Width, w.Banner)
		}
	}

	for _, u := range res.Requests {
		if !strings.HasPrefix(u, srv.url+"/") {
			t.Errorf("the browser asked for something outside the server: %s", u)
		}
	}
	if len(res.Requests) < 5 {
		t.Errorf("only %d requests recorded: is the recording working?", len(res.Requests))
	}
}

// readCSV reads a downloaded CSV, which must start with a byte-order mark
// so that Excel reads it as UTF-8.
func readCSV(t *testing.T, file string) [][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Errorf("%s has no byte-order mark", filepath.Base(file))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(file), err)
	}
	return rows
}

// jsonPath follows a dotted path in decoded JSON.
func jsonPath(v any, path string) (any, error) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(x) {
				return nil, fmt.Errorf("no item %q", part)
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("nothing at %q", part)
		}
	}
	return v, nil
}

// figureShows checks a figure's text on the page against the summary.
func figureShows(summary map[string]any, path, format, text string) error {
	v, err := jsonPath(summary, path)
	if err != nil {
		return err
	}
	x, ok := v.(float64)
	if !ok {
		return fmt.Errorf("the API has no number at %s", path)
	}
	want := ""
	switch format {
	case "int":
		want = strconv.Itoa(int(x))
		text = strings.ReplaceAll(text, ",", "")
	case "pct":
		den, _ := jsonPath(summary, strings.TrimSuffix(path, ".value")+".denominator")
		want = strconv.Itoa(int(math.Round(100*x))) + "%"
		if d, _ := den.(float64); d == 0 {
			want = "no data"
		}
	case "dec1":
		want = strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	if text != want {
		return fmt.Errorf("the API says %v (want %q)", x, want)
	}
	return nil
}

func TestPilotDatesRespectRetention(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"pilot", "dates", "-data", dir, "--start", "2026-11-01", "--end", "2028-10-31"}, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "reporting period") {
		t.Errorf("two-year trial: exit %d: %s", code, stderr.String())
	}
	t.Setenv("HOMEHELPER_USAGE_RETENTION_DAYS", "900")
	stderr.Reset()
	if code := run(context.Background(), []string{"pilot", "dates", "-data", dir, "--start", "2026-11-01", "--end", "2028-10-31"}, nil, &stdout, &stderr); code != 0 {
		t.Errorf("two-year trial with 900 days' retention: exit %d: %s", code, stderr.String())
	}
}
