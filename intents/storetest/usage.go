package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func requestID(e intents.UsageEvent) string { return e.RequestID }

// event returns a minimal event: only the fields every event has.
func event(id string, at time.Time) intents.UsageEvent {
	return intents.UsageEvent{
		RequestID:   id,
		Time:        at,
		RequestType: "IntentRequest",
		Flow:        intents.FlowHelp,
		Outcome:     intents.OutcomeHelp,
	}
}

// fullEvent returns an event with every field set, none to its zero value.
func fullEvent(id string, at time.Time) intents.UsageEvent {
	return intents.UsageEvent{
		RequestID:     id,
		Time:          at,
		HouseholdID:   "hh-001",
		SpeakerID:     "spk-1",
		SessionID:     "ses-1",
		RequestType:   "IntentRequest",
		Intent:        "ReportRepairIntent",
		Slots:         map[string]string{"problem": "LEAK", "room": "KITCHEN"},
		Flow:          intents.FlowRepair,
		Step:          "confirm",
		Outcome:       intents.OutcomeRepairReported,
		RepairRef:     "HK1001",
		Priority:      intents.Urgent,
		FeedbackAsked: true,
		GuideTried:    true,
		SessionEnded:  true,
		EndReason:     "USER_INITIATED",
		LatencyMS:     12.345678,
		Locale:        "en-GB",
		HasScreen:     true,
		Demo:          true,
	}
}

func recordUsage(t *testing.T, s Store, es ...intents.UsageEvent) {
	t.Helper()
	for _, e := range es {
		if err := s.RecordUsage(t.Context(), e); err != nil {
			t.Fatalf("RecordUsage(%s): %v", e.RequestID, err)
		}
	}
}

func usageEvents(t *testing.T, s Store, from, to time.Time) []intents.UsageEvent {
	t.Helper()
	es, err := s.UsageEvents(t.Context(), from, to)
	if err != nil {
		t.Fatalf("UsageEvents: %v", err)
	}
	return es
}

// allEvents lists the events of the suite's day.
func allEvents(t *testing.T, s Store) []intents.UsageEvent {
	t.Helper()
	return usageEvents(t, s, t0.Add(-24*time.Hour), t0.Add(24*time.Hour))
}

func testUsage(t *testing.T, newStore newFunc) {
	t.Run("every field round-trips", func(t *testing.T) {
		s := newStore(t)
		full := fullEvent("req-full", t0.Add(123456789*time.Nanosecond))
		minimal := event("req-min", t0.Add(time.Second))
		recordUsage(t, s, minimal, full)
		checkList(t, "UsageEvents", allEvents(t, s), []intents.UsageEvent{full, minimal}, requestID)
	})

	t.Run("a time in another zone comes back in UTC", func(t *testing.T) {
		s := newStore(t)
		e := event("req-1", t0.In(time.FixedZone("BST", 3600)))
		recordUsage(t, s, e)
		got := allEvents(t, s)
		if len(got) != 1 {
			t.Fatalf("UsageEvents: got %d events, want 1", len(got))
		}
		// checkEqual compares instants and insists on UTC.
		checkEqual(t, "UsageEvents[0].Time", got[0].Time, t0)
	})

	t.Run("range", func(t *testing.T) {
		s := newStore(t)
		es := make([]intents.UsageEvent, 4)
		for i := range es {
			es[i] = event(fmt.Sprintf("req-%d", i), t0.Add(time.Duration(i)*time.Second))
		}
		recordUsage(t, s, es[2], es[0], es[3], es[1])
		for _, tc := range []struct {
			name     string
			from, to time.Time
			want     []intents.UsageEvent
		}{
			{"covering all, oldest first", t0, t0.Add(time.Hour), es},
			{"includes from, excludes to", es[1].Time, es[3].Time, es[1:3]},
			{"from equal to to is empty", es[1].Time, es[1].Time, nil},
			{"a millisecond wide", es[2].Time, es[2].Time.Add(time.Millisecond), es[2:3]},
			{"after the last", es[3].Time.Add(time.Millisecond), t0.Add(time.Hour), nil},
			{"before the first", t0.Add(-time.Hour), t0, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				checkList(t, "UsageEvents", usageEvents(t, s, tc.from, tc.to), tc.want, requestID)
			})
		}
	})

	t.Run("a retried write leaves one event", func(t *testing.T) {
		s := newStore(t)
		e := fullEvent("req-1", t0)
		recordUsage(t, s, e, e)
		// A retry after a timeout may carry a re-measured latency.
		retry := e
		retry.LatencyMS = 2000
		recordUsage(t, s, retry)
		got := allEvents(t, s)
		if len(got) != 1 {
			t.Fatalf("UsageEvents: got %d events (%s), want 1", len(got), ids(got, requestID))
		}
		if got[0].RequestID != e.RequestID {
			t.Errorf("UsageEvents: got %s, want %s", got[0].RequestID, e.RequestID)
		}
	})

	t.Run("50 concurrent writes are all stored", func(t *testing.T) {
		const n = 50
		s := newStore(t)
		want := make([]intents.UsageEvent, n)
		for i := range want {
			want[i] = fullEvent(fmt.Sprintf("req-%02d", i), t0.Add(time.Duration(i)*time.Millisecond))
		}
		for i, err := range race(n, func(i int) error { return s.RecordUsage(t.Context(), want[i]) }) {
			if err != nil {
				t.Errorf("RecordUsage(%s): %v", want[i].RequestID, err)
			}
		}
		checkList(t, "UsageEvents", allEvents(t, s), want, requestID)
	})

	t.Run("concurrent retries leave one event each", func(t *testing.T) {
		const n, distinct = 50, 10
		s := newStore(t)
		want := make([]intents.UsageEvent, distinct)
		for i := range want {
			want[i] = event(fmt.Sprintf("req-%02d", i), t0.Add(time.Duration(i)*time.Millisecond))
		}
		for i, err := range race(n, func(i int) error { return s.RecordUsage(t.Context(), want[i%distinct]) }) {
			if err != nil {
				t.Errorf("RecordUsage(%s): %v", want[i%distinct].RequestID, err)
			}
		}
		checkList(t, "UsageEvents", allEvents(t, s), want, requestID)
	})
}
