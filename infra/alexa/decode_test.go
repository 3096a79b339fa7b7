package alexa_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/homehelper/homehelper/infra/alexa"
)

// envelopes are every request body kept as a sample: ours in events/, and
// full ones from real devices (viewports, extensions, advertising) in
// testdata/envelopes/.
func envelopes(tb testing.TB) map[string][]byte {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "*.json"))
	more, _ := filepath.Glob(filepath.Join("testdata", "envelopes", "*.json"))
	out := map[string][]byte{}
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out[f] = b
	}
	if len(out) < 10 {
		tb.Fatalf("only %d sample envelopes", len(out))
	}
	return out
}

// viaEncodingJSON is how requests were read before Decode stepped over
// what it does not use: the reference Decode is held to.
func viaEncodingJSON(body []byte) (alexa.Request, error) {
	var r alexa.Request
	err := json.Unmarshal(body, &r)
	if len(r.Context.Viewport) > 0 && string(r.Context.Viewport) == "null" {
		// encoding/json keeps a null viewport as the word null; Decode
		// keeps it as no viewport at all (a null one shows nothing).
		r.Context.Viewport = nil
	}
	return r, err
}

func TestDecodeReadsWhatEncodingJSONReads(t *testing.T) {
	for name, body := range envelopes(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			got, err := alexa.Decode(body)
			if err != nil {
				t.Fatal(err)
			}
			want, err := viaEncodingJSON(body)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(compact(t, got), compact(t, want)) {
				t.Errorf("Decode read\n%+v\nencoding/json read\n%+v", got, want)
			}
			if got.Body.Type == "" || got.Body.RequestID == "" || got.UserID() == "" {
				t.Errorf("missing what every request has: %+v", got.Body)
			}
		})
	}
}

func TestDecodeReadsAFullEnvelope(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "envelopes", "report-repair-full-context.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := alexa.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body.Intent.Name != "ReportRepairIntent" || r.Body.Intent.Slots["problem"].ResolvedID() == "" || !r.Context.HasScreen() {
		t.Errorf("got intent %+v, screen %v", r.Body.Intent, r.Context.HasScreen())
	}
}

// compact makes raw JSON fields comparable whatever their spacing.
func compact(t testing.TB, r alexa.Request) alexa.Request {
	t.Helper()
	c := func(raw json.RawMessage) json.RawMessage {
		if raw == nil {
			return nil
		}
		var out json.RawMessage
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("raw field %q: %v", raw, err)
		}
		b, _ := json.Marshal(out)
		return b
	}
	r.Session.Attributes = c(r.Session.Attributes)
	r.Context.Viewport = c(r.Context.Viewport)
	if ifaces := r.Context.System.Device.SupportedInterfaces; ifaces != nil {
		m := make(map[string]json.RawMessage, len(ifaces))
		for k, v := range ifaces {
			m[k] = c(v)
		}
		r.Context.System.Device.SupportedInterfaces = m
	}
	return r
}

func TestDecodeRefusesWhatIsNotJSON(t *testing.T) {
	for _, body := range []string{
		`{"request":{"type":"LaunchRequest","requestId":"r1"}} x`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"context":{"Viewport":{"dpi":01}}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"context":{"Extensions":[1,]}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"context":{"Advertising":{"id":"a` + "\x01" + `"}}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"context":{"x":"\q"}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"context":{"x":tru}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"session":{"new":"yes"}}`,
		`{"request":{"type":"LaunchRequest","requestId":"r1"},"session":[]}`,
	} {
		if _, err := alexa.Decode([]byte(body)); !errors.Is(err, alexa.ErrBadRequest) {
			t.Errorf("%s: err = %v, want ErrBadRequest", body, err)
		}
		if json.Valid([]byte(body)) {
			if _, err := viaEncodingJSON([]byte(body)); err == nil {
				t.Errorf("%s: encoding/json takes it; the case tests nothing", body)
			}
		}
	}
}

// FuzzDecodeMatchesEncodingJSON: whatever the bytes, Decode refuses what
// is not JSON, and where encoding/json reads a request, Decode reads the
// same one. (Decode may refuse a little more: a field it uses of the
// wrong type; and it may accept a wrong type in a field it steps over.)
func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, b := range envelopes(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"request":{"type":"IntentRequest","requestId":"r","intent":{"name":"X","slots":{"a":{"name":"a","value":"caf\u00e9 \"x\"","resolutions":{"resolutionsPerAuthority":[{"status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"id":"Y"}}]}]}}}}}}`))
	f.Add([]byte(`{"REQUEST":{"Type":"LaunchRequest","requestid":"r","locale":"\xff"},"context":{"Viewport":null,"System":{"device":{"supportedInterfaces":{"Display":{}}}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := alexa.Decode(body)
		if err != nil && !errors.Is(err, alexa.ErrBadRequest) {
			t.Fatalf("error %v does not wrap ErrBadRequest", err)
		}
		if err == nil && !json.Valid(body) {
			t.Fatalf("Decode took what is not JSON: %q", body)
		}
		want, werr := viaEncodingJSON(body)
		if werr != nil || err != nil {
			return
		}
		if !reflect.DeepEqual(compact(t, got), compact(t, want)) {
			t.Fatalf("Decode read\n%+v\nencoding/json read\n%+v", got, want)
		}
	})
}

// BenchmarkDecode compares Decode with encoding/json reading the same
// Request, on a full envelope from a device with a screen (about 5 KB).
// Figures are in docs/performance.md.
func BenchmarkDecode(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "envelopes", "launch-full-context.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := alexa.Decode(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := viaEncodingJSON(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
