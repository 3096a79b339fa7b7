//go:build goexperiment.jsonv2

package alexa_test

import (
	jsonv2 "encoding/json/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/homehelper/homehelper/infra/alexa"
)

// BenchmarkDecodeJSONv2 is the candidate the issue named: encoding/json/v2
// reading the same Request (GOEXPERIMENT=jsonv2 go test -bench DecodeJSONv2).
func BenchmarkDecodeJSONv2(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "envelopes", "launch-full-context.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var r alexa.Request
		if err := jsonv2.Unmarshal(body, &r); err != nil {
			b.Fatal(err)
		}
	}
}
