package notifier_test

import (
	"strings"
	"testing"

	"github.com/homehelper/homehelper/functions/internal/notifier"
)

// TestParseSecret: the hand-off secret is JSON with a long signing key and
// https addresses, any of them empty; anything else stops the functions
// starting, with an error that says what is wrong and never shows the
// value (it would reach the logs).
func TestParseSecret(t *testing.T) {
	key := strings.Repeat("k", 64)
	for _, c := range []struct {
		name, value string
		wantErr     string // "" for none
	}{
		{"generated, no webhooks yet", `{"signing_key":"` + key + `","repairs_url":"","emergency_url":"","coaches_url":""}`, ""},
		{"all webhooks", `{"signing_key":"` + key + `","repairs_url":"https://r.example/h","emergency_url":"https://e.example/h","coaches_url":"https://c.example/h"}`, ""},
		{"a bare key, as before", key, "not JSON"},
		{"short key", `{"signing_key":"short-secret-value"}`, "signing_key is shorter"},
		{"not a URL", `{"signing_key":"` + key + `","repairs_url":"hooks.example/secret-token"}`, "repairs_url is not an https URL"},
		{"misspelt field", `{"signing_key":"` + key + `","repair_url":"https://r.example/h"}`, "not JSON of the form"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := notifier.ParseSecret(c.value)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("error %v, want %q", err, c.wantErr)
			case c.wantErr == "" && s.SigningKey != key:
				t.Errorf("signing key %q", s.SigningKey)
			}
			if err != nil {
				for _, secret := range []string{key, "short-secret-value", "secret-token"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("the error shows the secret: %v", err)
					}
				}
			}
		})
	}
}
