package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/simulator"
)

// tryTurn is one turn on the try-it page's API, as its script sends it.
func tryTurn(t *testing.T, base string, conv *simulator.Conversation, action, text string, hears ...string) turnResponse {
	t.Helper()
	body, _ := json.Marshal(turnRequest{Action: action, Text: text, Conversation: conv})
	resp, err := http.Post(base+"/try", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("try-it %s %q: %d %s", action, text, resp.StatusCode, b)
	}
	var out turnResponse
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	for _, h := range hears {
		if !strings.Contains(out.Speech, h) {
			t.Fatalf("try-it %s %q answered %q; want %q", action, text, out.Speech, h)
		}
	}
	return out
}

// TestDemoHouseholdsAreNeverHandedOff: a practice household made on the
// try-it page, and one made with `pilot add --demo` and linked by voice,
// report repairs (an emergency among them) and book a visit; all are saved
// and read back on the staff site, marked practice, but none reaches the
// repairs, emergency or coach webhook, and none is counted, while a pilot
// household's repair does reach the repairs team. Two tabs of the try-it
// page are two speakers: linking one leaves the other unlinked.
func TestDemoHouseholdsAreNeverHandedOff(t *testing.T) {
	hermeticSettings(t)
	shortHandoff(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	ctx := context.Background()
	repairs, emergency, coach := newReceiver(t), newReceiver(t), newReceiver(t)
	t.Setenv("HOMEHELPER_HANDOFF_URL", repairs.srv.URL)
	t.Setenv("HOMEHELPER_HANDOFF_EMERGENCY_URL", emergency.srv.URL)
	t.Setenv("HOMEHELPER_HANDOFF_COACH_URL", coach.srv.URL)
	t.Setenv(handoffSecretEnv, testHandoffSecret)

	be, dir := sqliteBackend(), t.TempDir()
	realCode := enrol(ctx, t, be, dir, "HH-REAL-1")
	var stdout, stderr bytes.Buffer
	if code := run(ctx, be.args(dir, "pilot", "add", "--household", "DEMO-CLI", "--demo"), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("pilot add --demo: %d %s", code, stderr.String())
	}
	cliCode := linkCodeLine.FindStringSubmatch(stdout.String())
	if cliCode == nil || !strings.Contains(stdout.String(), "practice (demo) household") {
		t.Fatalf("pilot add --demo said:\n%s", stdout.String())
	}
	srv := startServe(ctx, t, be, dir)

	// Tab one practises as a demo household; tab two is a stranger.
	tab := tryTurn(t, srv.url, nil, "demo", "", "Welcome")
	if !strings.HasPrefix(tab.ActingAs, "DEMO-") {
		t.Fatalf("the page acts as %q after making a demo household", tab.ActingAs)
	}
	demoRef := tab.ActingAs
	conv := tab.Conversation
	out := tryTurn(t, srv.url, conv, "say", "report a leak in the kitchen", "Shall I report it?")
	out = tryTurn(t, srv.url, out.Conversation, "say", "yes", "Your reference is")
	out = tryTurn(t, srv.url, out.Conversation, "say", "I can smell gas", "Your reference is")
	out = tryTurn(t, srv.url, out.Conversation, "say", "book a visit", "Shall I book it?")
	tryTurn(t, srv.url, out.Conversation, "say", "yes", "Booked.")
	stranger := tryTurn(t, srv.url, nil, "launch", "", "Welcome")
	if stranger.ActingAs != "" || stranger.Conversation.DeviceID == conv.DeviceID {
		t.Errorf("a second tab acts as %q, speaker %s (first tab %s)", stranger.ActingAs, stranger.Conversation.DeviceID, conv.DeviceID)
	}

	cli := newVoice(t, srv.url, "demo-cli")
	cli.say("(launch)", "Welcome")
	cli.say("my code is "+cliCode[1], "now linked")
	cli.say("report a leak in the bathroom", "Shall I report it?")
	cli.say("yes", "Your reference is")

	// The pilot household's repair is the barrier: once it has arrived,
	// anything queued before it has had its chance to go.
	real := newVoice(t, srv.url, "real")
	real.say("(launch)", "Welcome")
	real.say("my code is "+realCode, "now linked")
	real.say("report a leak in the kitchen", "Shall I report it?")
	real.say("yes", "Your reference is")
	waitUntil(t, "the pilot household's repair reaches the repairs team", 10*time.Second, func() bool {
		_, acc, _, _ := repairs.state()
		return len(acc) >= 1
	})
	time.Sleep(500 * time.Millisecond) // ten polls more

	_, acc, _, _ := repairs.state()
	for key, m := range acc {
		if m.Repair == nil || m.Repair.HouseholdRef != "HH-REAL-1" {
			t.Errorf("the repairs team was told of %s: %+v", key, m.Repair)
		}
	}
	if len(acc) != 1 {
		t.Errorf("the repairs team was told of %d repairs, want only the pilot household's", len(acc))
	}
	for name, rx := range map[string]*receiver{"emergency": emergency, "coach": coach} {
		if n, _, _, _ := rx.state(); n != 0 {
			t.Errorf("the %s webhook received %d requests from practice households", name, n)
		}
	}
	var pending bytes.Buffer
	if code := run(ctx, be.args(dir, "outbox"), nil, &pending, &stderr); code != 0 || strings.Count(pending.String(), handoff.KindRepair) != 1 {
		t.Errorf("outbox: exit %d, want one repair row only:\n%s", code, pending.String())
	}

	// Saved and read back: the staff API lists every repair, marked.
	var list []struct {
		Ref       string
		Household string `json:"household_ref"`
		Demo      bool
	}
	staffJSON(t, srv.url+"/staff/api/repairs", &list)
	practice := 0
	for _, r := range list {
		if r.Demo {
			practice++
			if r.Household != demoRef && r.Household != "DEMO-CLI" {
				t.Errorf("practice repair %s is of %q", r.Ref, r.Household)
			}
		} else if r.Household != "HH-REAL-1" {
			t.Errorf("repair %s of %s is not marked practice", r.Ref, r.Household)
		}
	}
	if practice != 3 || len(list) != 4 {
		t.Errorf("the staff API lists %d repairs, %d of them practice; want 4 and 3", len(list), practice)
	}
	// Never counted, even when try-it requests are.
	for _, q := range []string{"", "?demo=1"} {
		var sum struct {
			TakeUp struct {
				Enrolled int `json:"enrolled_households"`
			} `json:"take_up"`
			Outcomes struct {
				Repairs int `json:"repairs_reported"`
				Visits  int `json:"visits_booked"`
			} `json:"outcomes"`
		}
		staffJSON(t, srv.url+"/staff/api/summary"+q, &sum)
		if sum.Outcomes.Repairs != 1 || sum.Outcomes.Visits != 0 || sum.TakeUp.Enrolled != 1 {
			t.Errorf("summary%s counts %+v; want the pilot household's one repair only", q, sum)
		}
	}
}
