package intents

import (
	"context"
	"testing"
)

// TestAWriteDropsReadsAhead: a read begun before the turn wrote must not
// answer a read after the write, whatever its key.
func TestAWriteDropsReadsAhead(t *testing.T) {
	tu := &turn{}
	read := func(context.Context) (Booking, error) { return Booking{ID: "read before the write"}, nil }
	tu.ahead.booking = begin(t.Context(), "hh-1", read)
	if b, _, ok := take(&tu.ahead.booking, "hh-1"); !ok || b.ID == "" {
		t.Fatalf("a read ahead with the same key was not used: %+v %v", b, ok)
	}
	if _, _, ok := take(&tu.ahead.booking, "hh-1"); ok {
		t.Fatal("a read ahead answered twice")
	}
	tu.ahead.booking = begin(t.Context(), "hh-1", read)
	tu.forgetAhead()
	if _, _, ok := take(&tu.ahead.booking, "hh-1"); ok {
		t.Fatal("a booking read before the turn's write answered after it")
	}
}
