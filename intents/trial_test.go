package intents_test

import (
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func TestTrialCheckRetention(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	const days = 24 * time.Hour
	tests := []struct {
		name      string
		trial     intents.Trial
		retention time.Duration
		ok        bool
	}{
		{"six months in 400 days", intents.Trial{Start: day("2026-11-01"), End: day("2027-04-30")}, 400 * days, true},
		{"exactly enough: 181 days plus 90", intents.Trial{Start: day("2026-11-01"), End: day("2027-04-30")}, 271 * days, true},
		{"a day short", intents.Trial{Start: day("2026-11-01"), End: day("2027-04-30")}, 270 * days, false},
		{"two years in 400 days", intents.Trial{Start: day("2026-11-01"), End: day("2028-10-31")}, 400 * days, false},
		{"open-ended trial", intents.Trial{Start: day("2026-11-01")}, 30 * days, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.trial.CheckRetention(tt.retention); (err == nil) != tt.ok {
				t.Errorf("CheckRetention = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
