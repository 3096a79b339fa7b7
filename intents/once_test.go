package intents_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// snapshot is everything a turn could change, to compare before and after
// a repeat.
type snapshot struct {
	households []intents.Household
	repairs    []intents.Repair
	slots      []intents.SlotBooking
	events     int
}

func (f *fixture) snapshot() snapshot {
	f.t.Helper()
	ctx := context.Background()
	hs, err := f.store.ListHouseholds(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	rs, err := f.store.ListRepairs(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	sl, err := f.store.ListSlots(ctx, monday.Add(-24*time.Hour), monday.Add(30*24*time.Hour))
	if err != nil {
		f.t.Fatal(err)
	}
	return snapshot{households: hs, repairs: rs, slots: sl, events: len(f.store.All())}
}

// TestRepeatedRequestChangesNothing: Alexa resends a request it heard no
// answer to, and a signed request can be replayed for 150 s. Each request
// that changes something, sent again with the same id, must hear the same
// words and change nothing: no second repair, booking, cancellation, link
// or erasure, and no second usage event.
func TestRepeatedRequestChangesNothing(t *testing.T) {
	tests := []struct {
		name string
		// to brings the conversation to the turn that changes something,
		// and sends it.
		to   func(f *fixture) *convo
		says string
	}{
		{"repair saved", func(f *fixture) *convo {
			c, _ := f.linked("TEN-1", false)
			c.say("ReportRepairIntent", "problem=TAP", "room=KITCHEN")
			c.say("AMAZON.YesIntent")
			return c
		}, "Your reference is"},
		{"visit booked", func(f *fixture) *convo {
			c, _ := f.linked("TEN-1", false)
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			return c
		}, "booked"},
		{"visit cancelled", func(f *fixture) *convo {
			c, _ := f.linked("TEN-1", false)
			c.say("BookCoachIntent")
			c.say("AMAZON.YesIntent")
			c.say("CancelAppointmentIntent")
			c.say("AMAZON.YesIntent")
			return c
		}, "I've cancelled your visit"},
		{"speaker linked", func(f *fixture) *convo {
			h := f.enrol("TEN-1", false)
			c := f.speaker("speaker-1")
			c.say("LinkHomeIntent", "code="+h.LinkCode)
			return c
		}, "now linked"},
		{"forgotten", func(f *fixture) *convo {
			c, _ := f.linked("TEN-1", false)
			c.say("ForgetMeIntent")
			c.say("AMAZON.YesIntent")
			return c
		}, "removed your details"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := tt.to(f)
			first := c.last
			if !containsFold(plain(first), tt.says) {
				t.Fatalf("the changing turn said %q, want %q in it", plain(first), tt.says)
			}
			before := f.snapshot()
			// Later, a second household links with the next code: a
			// repeated link must not follow it.
			f.now = f.now.Add(30 * time.Second)
			again := f.skill.Handle(context.Background(), c.lastReq)
			if !reflect.DeepEqual(again, first) {
				t.Errorf("the repeat heard\n%q\nwant the same as the first time\n%q", plain(again), plain(first))
			}
			if after := f.snapshot(); !reflect.DeepEqual(after, before) {
				t.Errorf("the repeat changed the store:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

// TestRepeatsAtOnceChangeOnce: Alexa's retry can arrive while the first
// request is still being answered. Of several copies at once, one changes
// something and every copy hears its words.
func TestRepeatsAtOnceChangeOnce(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("TEN-1", false)
	c.say("ReportRepairIntent", "problem=TAP", "room=KITCHEN")
	req := intents.Request{Type: intents.IntentRequest, Intent: "AMAZON.YesIntent", ID: "req-yes",
		Time: f.now, SpeakerID: c.speaker, SessionID: "s", State: c.state, Locale: "en-GB"}
	const n = 8
	var wg sync.WaitGroup
	answers := make([]intents.Response, n)
	for i := range n {
		wg.Go(func() { answers[i] = f.skill.Handle(context.Background(), req) })
	}
	wg.Wait()
	for i, a := range answers {
		if !reflect.DeepEqual(a, answers[0]) {
			t.Errorf("copy %d heard %q, copy 0 %q", i, plain(a), plain(answers[0]))
		}
	}
	open, err := f.store.OpenRepairs(context.Background(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 {
		t.Errorf("%d copies at once saved %d repairs, want 1", n, len(open))
	}
	if !containsFold(plain(answers[0]), "reference is") {
		t.Errorf("answer %q does not give the reference", plain(answers[0]))
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
