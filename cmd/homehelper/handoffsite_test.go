package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// handoffRun is what testdata/staff/handoff.js prints.
type handoffRun struct {
	scriptRun
	Banners []struct {
		Page    string `json:"page"`
		Visible bool   `json:"visible"`
		Text    string `json:"text"`
	} `json:"banners"`
	Print struct {
		Pages        int    `json:"pages"`
		PDF          string `json:"pdf"`
		OpenTables   int    `json:"openTables"`
		ClosedTables int    `json:"closedTables"`
		Assumptions  string `json:"assumptions"`
		Charts       int    `json:"charts"`
		ChartTitles  int    `json:"chartTitles"`
	} `json:"print"`
	Demo struct {
		ActingAs string      `json:"actingAs"`
		Said     [][2]string `json:"said"`
	} `json:"demo"`
	BannerGoneAfter int `json:"bannerGoneAfter"`
}

// TestHandOffAndDemoInChromium is hand-off health and practice as people
// meet them in a browser. Served with nowhere to send repairs, every staff
// page carries the red banner, and the dashboard prints as an A4 board
// report of two or three pages with its tables open, its charts titled and
// the cost assumptions on it. Restarted with a working destination, a
// stranger practising on the try-it page as a demo household reports a
// repair and a gas emergency; the pilot's waiting repair reaches the
// repairs team, the banner goes, and nothing of the demo household's does.
func TestHandOffAndDemoInChromium(t *testing.T) {
	requireBrowser(t) // before the conversations: without a browser, skip (or fail in CI) at once
	hermeticSettings(t)
	shortHandoff(t)
	t.Setenv(staffTokenEnv, staffTestToken)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	be, dir := sqliteBackend(), t.TempDir()

	srv, _, _ := pilotConversationsIn(ctx, t, be, dir)
	var nowhere handoffRun
	runStaffScript(ctx, t, &nowhere, srv, "handoff.js", "nowhere", srv.url, staffTestToken)
	if len(nowhere.Banners) != 9 {
		t.Errorf("read the banner on %d staff pages, want 9", len(nowhere.Banners))
	}
	for _, b := range nowhere.Banners {
		if !b.Visible || !strings.Contains(b.Text, "1 repair is waiting with nowhere to go") {
			t.Errorf("%s with a repair going nowhere: banner visible %v, says %q", b.Page, b.Visible, b.Text)
		}
	}
	p := nowhere.Print
	if p.Pages < 2 || p.Pages > 3 {
		t.Errorf("the dashboard prints on %d A4 pages, want 2 or 3 (%s)", p.Pages, p.PDF)
	}
	if p.ClosedTables != 0 || p.OpenTables < 8 {
		t.Errorf("printed, %d tables of numbers are open and %d closed; want all open", p.OpenTables, p.ClosedTables)
	}
	if p.Charts < 8 || p.ChartTitles != p.Charts {
		t.Errorf("printed, %d of %d charts show their titles", p.ChartTitles, p.Charts)
	}
	for _, want := range []string{"£", "phone", "visit"} {
		if !strings.Contains(p.Assumptions, want) {
			t.Errorf("printed, the cost assumptions lack %q: %q", want, p.Assumptions)
		}
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exit %d", code)
	}

	repairs := newReceiver(t)
	t.Setenv("HOMEHELPER_HANDOFF_URL", repairs.srv.URL)
	t.Setenv(handoffSecretEnv, testHandoffSecret)
	srv = startServe(ctx, t, be, dir)
	var working handoffRun
	runStaffScript(ctx, t, &working, srv, "handoff.js", "working", srv.url, staffTestToken)
	if !strings.Contains(working.Demo.ActingAs, "DEMO-") {
		t.Errorf("the try-it page says it acts as %q", working.Demo.ActingAs)
	}
	wantSaid := [][2]string{{"report a leak in the kitchen", "Shall I report it?"}, {"yes", "Your reference is"}, {"I can smell gas", "Your reference is"}}
	for i, w := range wantSaid {
		if i >= len(working.Demo.Said) || working.Demo.Said[i][0] != w[0] || !strings.Contains(working.Demo.Said[i][1], w[1]) {
			t.Errorf("on the try-it page, %q: want an answer with %q; the conversation went %q", w[0], w[1], working.Demo.Said)
		}
	}
	if working.BannerGoneAfter < 0 {
		t.Error("the banner stayed on the dashboard with a working destination")
	}
	for _, b := range working.Banners {
		if b.Visible {
			t.Errorf("%s with a working destination still shows %q", b.Page, b.Text)
		}
	}
	_, acc, _, _ := repairs.state()
	if len(acc) != 1 {
		t.Errorf("the repairs team was told of %d repairs, want the pilot's one", len(acc))
	}
	for key, m := range acc {
		if m.Repair == nil || m.Repair.HouseholdRef != "HH-STAFF-1" {
			t.Errorf("the repairs team was told of %s: %+v", key, m.Repair)
		}
	}
}
