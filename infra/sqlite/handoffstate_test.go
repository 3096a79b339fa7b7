package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// The repairs queue shows how far each repair's hand-off has got, from its
// outbox rows.
func TestListRepairsShowsHandOff(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	repair := func(ref string, p intents.Priority, at time.Time) {
		t.Helper()
		if err := s.SaveRepair(ctx, intents.Repair{Ref: ref, HouseholdID: h.ID, Problem: "LEAK", Priority: p,
			Status: intents.StatusReported, ReportedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	repair("HK0001", intents.Urgent, now)                       // sent
	repair("HK0002", intents.Urgent, now.Add(time.Minute))      // failed
	repair("HK0003", intents.Routine, now.Add(2*time.Minute))   // pending, tried
	repair("HK0004", intents.Routine, now.Add(3*time.Minute))   // pending, untried
	repair("HK0005", intents.Emergency, now.Add(4*time.Minute)) // repairs sent, emergency pending
	repair("HK0006", intents.Emergency, now.Add(5*time.Minute)) // both sent

	ids := map[string]int64{}
	for _, d := range outboxOf(t, s) {
		ids[d.Subject+" "+d.Destination] = d.ID
	}
	sentAt := now.Add(10 * time.Minute)
	mustDo := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mustDo("sent", s.MarkSent(ctx, ids["HK0001 repairs"], sentAt))
	mustDo("try", s.MarkFailed(ctx, ids["HK0002 repairs"], 1, sentAt, false, "timeout"))
	mustDo("give up", s.MarkFailed(ctx, ids["HK0002 repairs"], 2, time.Time{}, true, "503 Service Unavailable"))
	for i := 1; i <= 3; i++ {
		mustDo("retry", s.MarkFailed(ctx, ids["HK0003 repairs"], i, sentAt.Add(time.Duration(i)*time.Minute), false, "503 Service Unavailable"))
	}
	mustDo("sent", s.MarkSent(ctx, ids["HK0005 repairs"], sentAt))
	mustDo("try", s.MarkFailed(ctx, ids["HK0005 emergency"], 1, sentAt.Add(time.Minute), false, "connection refused"))
	mustDo("sent", s.MarkSent(ctx, ids["HK0006 repairs"], sentAt))
	mustDo("sent", s.MarkSent(ctx, ids["HK0006 emergency"], sentAt.Add(time.Second)))

	rs, err := s.ListRepairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]intents.HandOff{}
	for _, r := range rs {
		got[r.Ref] = r.HandOff
	}
	want := map[string]intents.HandOff{
		"HK0001": {State: "sent", At: sentAt.UTC()},
		"HK0002": {State: "failed", Detail: "2 tries; last: 503 Service Unavailable"},
		"HK0003": {State: "waiting", Detail: "3 tries; last: 503 Service Unavailable"},
		"HK0004": {State: "waiting"},
		"HK0005": {State: "waiting", Detail: "emergency: 1 try; last: connection refused"},
		"HK0006": {State: "sent", At: sentAt.Add(time.Second).UTC()},
	}
	for ref, w := range want {
		g := got[ref]
		if g.State != w.State || !g.At.Equal(w.At) || g.Detail != w.Detail {
			t.Errorf("%s hand-off = %+v, want %+v", ref, g, w)
		}
	}
	if len(rs) != len(want) {
		t.Errorf("ListRepairs lists %d repairs, want %d", len(rs), len(want))
	}
}

// A repair without outbox rows (saved before the outbox existed) has an
// unknown hand-off, not a made-up one.
func TestListRepairsHandOffUnknownWithoutOutbox(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	h := testHousehold(1)
	if err := s.AddHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRepair(ctx, intents.Repair{Ref: "HK0001", HouseholdID: h.ID, Problem: "LEAK", Priority: intents.Urgent,
		Status: intents.StatusReported, ReportedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ?`, handoff.KindRepair); err != nil {
		t.Fatal(err)
	}
	rs, err := s.ListRepairs(ctx)
	if err != nil || len(rs) != 1 {
		t.Fatalf("ListRepairs = %+v, %v", rs, err)
	}
	if rs[0].HandOff != (intents.HandOff{}) {
		t.Errorf("hand-off = %+v, want unknown (zero)", rs[0].HandOff)
	}
}
