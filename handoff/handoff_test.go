package handoff_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

var at = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestSignAndVerify(t *testing.T) {
	secret := []byte("shared-secret-with-the-repairs-system")
	body := []byte(`{"kind":"repair.reported"}`)
	sig := handoff.Sign(secret, at, body)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		now    time.Time
		ok     bool
	}{
		{"as sent", secret, sig, body, at.Add(10 * time.Second), true},
		{"body changed", secret, sig, []byte(`{"kind":"repair.reported "}`), at, false},
		{"other secret", []byte("guess"), sig, body, at, false},
		{"replayed much later", secret, sig, body, at.Add(10 * time.Minute), false},
		{"from the future", secret, sig, body, at.Add(-10 * time.Minute), false},
		{"no signature", secret, "t=1", body, at, false},
		{"garbage", secret, "hello", body, at, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := handoff.Verify(tt.secret, tt.header, tt.body, tt.now, 5*time.Minute)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, handoff.ErrBadSignature)) {
				t.Errorf("Verify = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestRepairMessage(t *testing.T) {
	r := intents.Repair{Ref: "HK4721", HouseholdID: "hh_x", Problem: "GAS_SMELL", Priority: intents.Emergency,
		ReportedAt: at, GuideTried: false}
	m := handoff.ForRepair(r, "HH-0042", "a smell of gas")
	b, _ := json.Marshal(m)
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	rep := got["repair"].(map[string]any)
	if got["idempotency_key"] != "repair:HK4721" || rep["household_ref"] != "HH-0042" || rep["emergency"] != true ||
		rep["attend_by"] != "2026-11-24T10:00:00Z" {
		t.Errorf("message %s", b)
	}
	for _, banned := range []string{"hh_x", "amzn1"} {
		if bytes.Contains(b, []byte(banned)) {
			t.Errorf("message carries %q: %s", banned, b)
		}
	}
}

func TestVisitKeysDiffer(t *testing.T) {
	b := intents.Booking{ID: "b_1", Slot: intents.CoachSlot{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: at}}
	booked, cancelled := handoff.ForVisit(b, "HH-1", false), handoff.ForVisit(b, "HH-1", true)
	if booked.IdempotencyKey == cancelled.IdempotencyKey || cancelled.Kind != handoff.KindVisitCancelled {
		t.Errorf("booked %+v cancelled %+v", booked, cancelled)
	}
}

func TestRetrySchedule(t *testing.T) {
	prev := at
	for attempt := 1; attempt < handoff.MaxAttempts; attempt++ {
		next, ok := handoff.NextAttempt(prev, attempt)
		if !ok || !next.After(prev) {
			t.Fatalf("attempt %d: next %v ok %v", attempt, next, ok)
		}
		prev = next
	}
	if _, ok := handoff.NextAttempt(at, handoff.MaxAttempts); ok {
		t.Errorf("a try after the last")
	}
	if d := prev.Sub(at); d < 8*time.Hour || d > 24*time.Hour {
		t.Errorf("last retry %v after the first failure; want within a day", d)
	}
}

// TestAfterErasure: what still goes of a hand-off when its household is
// erased before it went.
func TestAfterErasure(t *testing.T) {
	r := intents.Repair{Ref: "HK0001", HouseholdID: "hh-1", Problem: "OTHER", Room: "KITCHEN", Priority: intents.Emergency,
		GuideTried: true, ReportedAt: at, Description: "sparks from the socket"}
	b := intents.Booking{ID: "bk-1", HouseholdID: "hh-1", Slot: intents.CoachSlot{ID: "s-1", CoachID: "c", Coach: "Priya", Start: at}}
	for _, c := range []struct {
		name string
		in   handoff.Message
		keep bool
	}{
		{"repair", handoff.ForRepair(r, "TEN-1", "a problem"), true},
		{"visit booked", handoff.ForVisit(b, "TEN-1", false), false},
		{"visit cancelled", handoff.ForVisit(b, "TEN-1", true), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, keep := handoff.AfterErasure(c.in)
			if keep != c.keep {
				t.Fatalf("kept %v, want %v", keep, c.keep)
			}
			if !keep {
				return
			}
			want := *c.in.Repair
			want.GuideTried = false // not needed to attend
			if *got.Repair != want || got.IdempotencyKey != c.in.IdempotencyKey {
				t.Errorf("kept %+v, want %+v under %s", *got.Repair, want, c.in.IdempotencyKey)
			}
			if !c.in.Repair.GuideTried {
				t.Error("AfterErasure changed the message it was given")
			}
		})
	}
}
