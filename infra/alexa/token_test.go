package alexa

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBorrowedTokenReadsAsCopied holds Serve's decode, which leaves the
// access token in the body, to Decode: the same token for the Reminders
// API, and the same request otherwise.
func TestBorrowedTokenReadsAsCopied(t *testing.T) {
	full, err := os.ReadFile(filepath.Join("testdata", "envelopes", "launch-full-context.json"))
	if err != nil {
		t.Fatal(err)
	}
	withToken := func(raw string) []byte {
		return []byte(`{"version":"1.0","context":{"System":{"apiEndpoint":"https://api.eu.amazonalexa.com","apiAccessToken":` + raw + `}},"request":{"type":"LaunchRequest","requestId":"r1"}}`)
	}
	tests := []struct {
		name string
		body []byte
	}{
		{"a real envelope", full},
		{"plain", withToken(`"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln"`)},
		{"escaped", withToken(`"ab\/cd\u0041"`)},
		{"empty", withToken(`""`)},
		{"null", withToken(`null`)},
		{"given twice", []byte(strings.Replace(string(withToken(`"first"`)), `"apiEndpoint"`, `"apiAccessToken":"zeroth","apiEndpoint"`, 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := Decode(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decode(tt.body, true)
			if err != nil {
				t.Fatal(err)
			}
			if got.Context.accessToken() != want.Context.System.APIAccessToken {
				t.Errorf("borrowed token %q, copied %q", got.Context.accessToken(), want.Context.System.APIAccessToken)
			}
			if got.Context.hasAccessToken() != (want.Context.System.APIAccessToken != "") {
				t.Errorf("hasAccessToken = %v for %q", got.Context.hasAccessToken(), want.Context.System.APIAccessToken)
			}
			got.Context.System.APIAccessToken, got.Context.System.token = want.Context.System.APIAccessToken, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("borrowing the token changed the request:\n%+v\n%+v", got, want)
			}
		})
	}
}

// TestLoudFindsEveryByteNotQuiet holds the eight-byte test to the byte
// table: any byte not quiet, at any place among quiet ones, is found.
func TestLoudFindsEveryByteNotQuiet(t *testing.T) {
	for _, fill := range []byte{' ', 'a', '!', '#', '[', ']', '~', 0x7f} {
		for c := 0; c < 256; c++ {
			for at := range 8 {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[at] = byte(c)
				if got := loud(binary.LittleEndian.Uint64(b[:])); got != !quiet[c] {
					t.Fatalf("loud(%q) = %v, but byte %#x is quiet: %v", b, got, c, quiet[c])
				}
			}
		}
	}
}
