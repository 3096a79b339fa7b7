package dynamo

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// The repairs queue shows a repair as sent once the notify function has
// marked it handed off, and as waiting until then.
func TestListRepairsShowsHandOff(t *testing.T) {
	s, _ := newTestStore(t, dynalite(t))
	ctx := t.Context()
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	for i, ref := range []string{"HK1001", "HK1002"} {
		r := intents.Repair{Ref: ref, HouseholdID: h.ID, Problem: "LEAK", Room: "KITCHEN",
			Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := s.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	at := t0.Add(3 * time.Second)
	if err := s.MarkHandedOff(ctx, "HK1001", at); err != nil {
		t.Fatal(err)
	}
	// Published to the topic but not yet confirmed is still waiting.
	if err := s.MarkPublished(ctx, "HK1002", at); err != nil {
		t.Fatal(err)
	}
	rs, err := s.ListRepairs(ctx)
	if err != nil || len(rs) != 2 {
		t.Fatalf("ListRepairs = %+v, %v", rs, err)
	}
	got := map[string]intents.HandOff{}
	for _, r := range rs {
		got[r.Ref] = r.HandOff
	}
	if g := got["HK1001"]; g.State != "sent" || !g.At.Equal(at) || g.Detail != "" {
		t.Errorf("HK1001 hand-off = %+v, want sent at %v", g, at)
	}
	if g := got["HK1002"]; g != (intents.HandOff{State: "waiting"}) {
		t.Errorf("HK1002 hand-off = %+v, want waiting", g)
	}

	// The marks do not disturb the household's open repairs.
	open, err := s.OpenRepairs(ctx, h.ID)
	if err != nil || len(open) != 2 {
		t.Fatalf("OpenRepairs = %+v, %v", open, err)
	}
}
