package intents

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"testing"
)

// TestRepairRefsDrawnAsEver: a request's repair reference is what
// crypto/rand.Int drew from its id stream before references were drawn
// by hand, so a retry across a release still finds its repair.
func TestRepairRefsDrawnAsEver(t *testing.T) {
	for i := range 2000 {
		id := fmt.Sprintf("amzn1.echo-api.request.%d", i)
		got, err := newRepairRef(RequestIDs(id, "repair 0"))
		if err != nil {
			t.Fatal(err)
		}
		src := RequestIDs(id, "repair 0")
		var want []byte
		for k := range 6 {
			alphabet := "0123456789"
			if k < 2 {
				alphabet = refLetters
			}
			n, err := rand.Int(src, big.NewInt(int64(len(alphabet))))
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, alphabet[n.Int64()])
		}
		if got != string(want) {
			t.Fatalf("request %s: reference %s, drawn as before %s", id, got, want)
		}
	}
}
