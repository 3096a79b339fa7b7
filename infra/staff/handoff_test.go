package staff

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestHandOffBanner: every signed-in page carries a red banner while a
// repair waits with no destination to go to, or its hand-off has failed;
// practice households' repairs and repairs marked done never raise it;
// the banner goes once the repairs have been sent.
func TestHandOffBanner(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	h, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: "HH-0042"}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	demo, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: "DEMO-1", Demo: true}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	save := func(ref, household string, p intents.Priority, st intents.RepairStatus) {
		t.Helper()
		if err := f.store.SaveRepair(ctx, intents.Repair{Ref: ref, HouseholdID: household, Problem: "LEAK",
			Priority: p, Status: st, ReportedAt: f.now.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	save("D1", demo.ID, intents.Emergency, intents.StatusReported)
	save("R0", h.ID, intents.Routine, intents.StatusDone)
	handOffs := map[string]intents.HandOff{"D1": {State: "waiting"}, "R0": {State: "failed"}}
	st := handOffStore{Store: f.store, handOffs: handOffs}
	site := func(setup *HandOffSetup) {
		f.site = Handler(Options{Store: st, Pseudonyms: f.p, Auth: f.auth, Now: func() time.Time { return f.now },
			HandOff: setup, Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})
	}
	pages := []string{"/staff/", "/staff/repairs", "/staff/households", "/staff/coaches", "/staff/trial"}
	banner := func(want string) {
		t.Helper()
		for _, p := range pages {
			page := f.get(p)
			got := strings.Contains(page, `id="handoff-alert"`)
			if got != (want != "") || (want != "" && !strings.Contains(page, want)) {
				t.Errorf("%s: banner %v, want %q", p, got, want)
			}
		}
	}

	site(&HandOffSetup{Repairs: false})
	banner("") // only a practice repair and a done one: nothing to warn of

	save("R1", h.ID, intents.Emergency, intents.StatusReported)
	save("R2", h.ID, intents.Urgent, intents.StatusReported)
	handOffs["R1"], handOffs["R2"] = intents.HandOff{State: "waiting"}, intents.HandOff{State: "waiting"}
	banner("2 repairs are waiting with nowhere to go, 1 of them an emergency.")
	if !strings.Contains(f.get("/staff/"), "set a hand-off destination") {
		t.Error("the banner does not say to set a destination")
	}

	// A destination that works: once sent, the banner goes.
	site(&HandOffSetup{Repairs: true})
	banner("")
	handOffs["R1"], handOffs["R2"] = intents.HandOff{State: "sent", At: f.now}, intents.HandOff{State: "failed"}
	banner("The repairs team could not be told of 1 repair.")
	handOffs["R2"] = intents.HandOff{State: "sent", At: f.now}
	banner("")

	// Not told the setup, the site warns of failures only.
	site(nil)
	handOffs["R2"] = intents.HandOff{State: "failed"}
	banner("The repairs team could not be told of 1 repair.")
}
