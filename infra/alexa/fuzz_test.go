package alexa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
)

// seeds adds every sample request in events/ to a fuzz corpus, plus the
// regression cases kept in testdata/fuzz (go test runs those on its own).
func seeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "*.json"))
	if len(files) == 0 {
		f.Fatal("no seed events")
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzDecode: any bytes either decode or are refused with ErrBadRequest.
func FuzzDecode(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := alexa.Decode(body)
		if err != nil && !errors.Is(err, alexa.ErrBadRequest) {
			t.Fatalf("error %v does not wrap ErrBadRequest", err)
		}
	})
}

// FuzzServe runs the whole path — decode, the real conversation over an
// in-memory store, encode — on any bytes. Whatever comes in, the answer is
// a refusal or a well-formed Alexa response whose SSML parses, so nothing a
// caller sends can reach speech unescaped.
func FuzzServe(f *testing.F) {
	seeds(f)
	// Slot values a tenant (or an attacker) could make Alexa pass through.
	for _, v := range []string{`<speak>x</speak>`, `"&'<>`, strings.Repeat("a", 9000), "\x00\x01\x1b[31m", "</say-as><audio src='x'/>"} {
		body, _ := json.Marshal(map[string]any{
			"version": "1.0",
			"request": map[string]any{"type": "IntentRequest", "requestId": "r-fuzz", "locale": "en-GB",
				"intent": map[string]any{"name": "ReportRepairIntent", "slots": map[string]any{"problem": map[string]any{"name": "problem", "value": v}}}},
		})
		f.Add(body)
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		f.Fatal(err)
	}
	store := memstore.New()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	skill := intents.New(store.Stores(), guides, intents.DefaultConfig(), intents.WithLogger(quiet),
		intents.WithClock(func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }))
	p, _ := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
	h := alexa.NewHandler(skill, p, "", quiet)

	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := h.Serve(context.Background(), body, alexa.Options{})
		if err != nil {
			if !errors.Is(err, alexa.ErrBadRequest) {
				t.Fatalf("error %v is neither a refusal nor an answer", err)
			}
			return
		}
		var r alexa.Response
		if err := json.Unmarshal(out, &r); err != nil || r.Version != "1.0" {
			t.Fatalf("not an Alexa response: %v %s", err, out)
		}
		for _, s := range []*alexa.OutputSpeech{r.Body.OutputSpeech, reprompt(r)} {
			if s == nil {
				continue
			}
			if err := xml.Unmarshal([]byte(s.SSML), new(struct{})); s.Type == "SSML" && err != nil {
				t.Fatalf("SSML does not parse: %v: %s", err, s.SSML)
			}
			if len(s.SSML) > 8000 || len(s.Text) > 8000 {
				t.Fatalf("speech over Alexa's 8,000 characters")
			}
		}
	})
}

func reprompt(r alexa.Response) *alexa.OutputSpeech {
	if r.Body.Reprompt == nil {
		return nil
	}
	return r.Body.Reprompt.OutputSpeech
}
