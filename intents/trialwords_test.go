package intents_test

import (
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestTrialClosedSpeech: the words staff see beside the trial's dates are
// the words tenants hear: when it starts (or that it has ended), the
// landlord's number read as a phone number, and the gas emergency line.
func TestTrialClosedSpeech(t *testing.T) {
	start := time.Date(2026, time.November, 2, 0, 0, 0, 0, time.UTC)
	before := intents.TrialClosedSpeech(start, true, "0808 157 0000")
	if !strings.Contains(before, `<say-as interpret-as="telephone">0808 157 0000</say-as>`) {
		t.Errorf("the landlord's number is not read as a phone number: %s", before)
	}
	for _, c := range []struct {
		ssml string
		want string
	}{
		{before, "The Home Helper trial starts on Monday the 2nd of November, so I can't help with that yet. To report a repair or arrange a visit, please call us on 0808 157 0000. If you smell gas, leave your home and call 0800 111 999."},
		{intents.TrialClosedSpeech(time.Time{}, false, "0808 157 0000"), "The Home Helper trial has ended, so I can't help with that now. Thank you for taking part. To report a repair or arrange a visit, please call us on 0808 157 0000. If you smell gas, leave your home and call 0800 111 999."},
	} {
		if got := intents.PlainText(c.ssml); got != c.want {
			t.Errorf("plain text\n got %q\nwant %q", got, c.want)
		}
	}
}
