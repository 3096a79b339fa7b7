package intents

import (
	"strings"
	"sync"
	"testing"
)

// TestPseudonymsNeverChange: a pseudonym is how the stores find a
// household's data again, so the same key and id must give the same
// pseudonym in every version (values from HMAC-SHA256 worked out apart
// from this code).
func TestPseudonymsNeverChange(t *testing.T) {
	p, err := NewPseudonyms([]byte(strings.Repeat("k", MinKeyLen)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ namespace, id, want string }{
		{"speaker", "amzn1.ask.account.TEST", "sp_5c6312dd76d9ea08f754994de56a5f66"},
		{"household", "HH-0001", "hh_5ac3162e46ff52ef07b36c255bc02a6e"},
		{"session", "amzn1.echo-api.session.1", "se_3e0e96c92a983efb4039379b7caa5e62"},
		{"speaker", "", ""},
	}
	// Twice over, and at once from many goroutines: the reused hashes
	// must carry nothing from one id to the next.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 2 {
				for _, tt := range tests {
					if got := p.Of(tt.namespace, tt.id); got != tt.want {
						t.Errorf("Of(%q, %q) = %q, want %q", tt.namespace, tt.id, got, tt.want)
					}
				}
			}
		})
	}
	wg.Wait()
}
