package alexa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
)

const sampleSkill = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

// recorder is a Conversation that keeps what it was asked and answers a
// question, so the adapter can be tested on its own.
type recorder struct {
	mu   sync.Mutex
	reqs []intents.Request
}

func (r *recorder) Handle(_ context.Context, req intents.Request) intents.Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	if req.Type == intents.SessionEndedRequest {
		return intents.Response{End: true}
	}
	return intents.Response{Speech: "What would you like to do?", Reprompt: "What would you like to do?",
		State: intents.State{Flow: intents.FlowLaunch, Problem: "TAP"}}
}

func (r *recorder) last() intents.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

func newHandler(t *testing.T, skillID string) (*alexa.Handler, *recorder) {
	t.Helper()
	p, err := intents.NewPseudonyms(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	return alexa.NewHandler(rec, p, skillID, slog.New(slog.NewTextHandler(io.Discard, nil))), rec
}

func readEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeEvents(t *testing.T) {
	tests := []struct {
		file   string
		typ    string
		intent string
		slots  map[string]intents.Slot
		end    string
		state  intents.State
	}{
		{file: "launch.json", typ: intents.LaunchRequest},
		{file: "report-repair.json", typ: intents.IntentRequest, intent: "ReportRepairIntent",
			slots: map[string]intents.Slot{"problem": {Value: "dripping tap", ID: "TAP"}, "room": {Value: "kitchen", ID: "KITCHEN"}}},
		{file: "report-unresolved.json", typ: intents.IntentRequest, intent: "ReportRepairIntent",
			slots: map[string]intents.Slot{"problem": {Value: "the wobbly thing"}, "room": {}}},
		{file: "guide-next.json", typ: intents.IntentRequest, intent: "AMAZON.NextIntent",
			state: intents.State{Flow: intents.FlowSelfFix, Guide: "RADIATOR", Problem: "RADIATOR", GuideTried: true, Pending: "guide_next"}},
		{file: "session-ended.json", typ: intents.SessionEndedRequest, end: "USER_INITIATED"},
		{file: "unknown-request-type.json", typ: "System.ExceptionEncountered"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			h, rec := newHandler(t, sampleSkill)
			body := readEvent(t, tt.file)
			if _, err := h.Serve(context.Background(), body, alexa.Options{}); err != nil {
				t.Fatal(err)
			}
			got := rec.last()
			if got.Type != tt.typ || got.Intent != tt.intent || got.EndReason != tt.end {
				t.Errorf("got type %q intent %q end %q", got.Type, got.Intent, got.EndReason)
			}
			for name, want := range tt.slots {
				if got.Slots[name] != want {
					t.Errorf("slot %s = %+v, want %+v", name, got.Slots[name], want)
				}
			}
			if tt.state.Flow != "" && !reflect.DeepEqual(got.State, tt.state) {
				t.Errorf("state %+v, want %+v", got.State, tt.state)
			}
			if got.Locale != "en-GB" || got.Time.IsZero() || got.ID == "" {
				t.Errorf("locale %q time %v id %q", got.Locale, got.Time, got.ID)
			}
			// No raw Alexa id may pass the adapter.
			b, _ := json.Marshal(got)
			for _, raw := range []string{"amzn1.ask.account", "amzn1.ask.device", "amzn1.echo-api.session", "SAMPLEUSER", "SAMPLEDEVICE"} {
				if bytes.Contains(b, []byte(raw)) {
					t.Errorf("raw id %q reached the conversation: %s", raw, b)
				}
			}
			if got.SpeakerID == "" || got.SessionID == "" {
				t.Errorf("pseudonyms missing: speaker %q session %q", got.SpeakerID, got.SessionID)
			}
		})
	}
}

func TestPseudonymsAreStableAndDistinct(t *testing.T) {
	h, rec := newHandler(t, "")
	body := readEvent(t, "launch.json")
	mustServe(t, h, body)
	a := rec.last()
	mustServe(t, h, body)
	if b := rec.last(); a.SpeakerID != b.SpeakerID || a.SessionID != b.SessionID {
		t.Errorf("same ids gave different pseudonyms")
	}
	other := bytes.ReplaceAll(body, []byte("SAMPLEDEVICEAAAA"), []byte("SAMPLEDEVICEBBBB"))
	mustServe(t, h, other)
	if rec.last().SpeakerID == a.SpeakerID {
		t.Errorf("two devices share a pseudonym")
	}
}

func mustServe(t *testing.T, h *alexa.Handler, body []byte) []byte {
	t.Helper()
	out, err := h.Serve(context.Background(), body, alexa.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMalformedRequestsAreRefused(t *testing.T) {
	tests := []struct{ name, body string }{
		{"empty", ``},
		{"not json", `hello`},
		{"truncated", `{"version":"1.0","request":{"type":"LaunchRequest"`},
		{"array", `[]`},
		{"null", `null`},
		{"no request", `{"version":"1.0"}`},
		{"no request id", `{"request":{"type":"LaunchRequest"}}`},
		{"intent without name", `{"request":{"type":"IntentRequest","requestId":"r1","intent":{}}}`},
		{"type of wrong kind", `{"request":{"type":5,"requestId":"r1"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, rec := newHandler(t, "")
			_, err := h.Serve(context.Background(), []byte(tt.body), alexa.Options{})
			if !errors.Is(err, alexa.ErrBadRequest) {
				t.Errorf("err = %v, want ErrBadRequest", err)
			}
			if len(rec.reqs) != 0 {
				t.Errorf("conversation ran for a refused request")
			}
			if h.Refused.Load() != 1 {
				t.Errorf("refused count %d, want 1", h.Refused.Load())
			}
		})
	}
}

func TestOddButValidRequestsAreAnswered(t *testing.T) {
	tests := []struct{ name, body string }{
		{"attributes we never wrote", `{"session":{"attributes":{"pending":7,"skipped":"x"}},"request":{"type":"IntentRequest","requestId":"r1","intent":{"name":"AMAZON.YesIntent"}}}`},
		{"no context at all", `{"request":{"type":"LaunchRequest","requestId":"r2"}}`},
		{"attributes of the wrong kind", `{"session":{"attributes":"x"},"request":{"type":"LaunchRequest","requestId":"r4"}}`},
		{"unknown fields", `{"request":{"type":"LaunchRequest","requestId":"r3","shiny":true},"extra":[1,2]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newHandler(t, "")
			out, err := h.Serve(context.Background(), []byte(tt.body), alexa.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var r alexa.Response
			if err := json.Unmarshal(out, &r); err != nil || r.Version != "1.0" {
				t.Errorf("response %s: %v", out, err)
			}
		})
	}
}

func TestWrongSkillIsRefused(t *testing.T) {
	h, rec := newHandler(t, "amzn1.ask.skill.someone-else")
	_, err := h.Serve(context.Background(), readEvent(t, "launch.json"), alexa.Options{})
	if !errors.Is(err, alexa.ErrWrongSkill) || len(rec.reqs) != 0 {
		t.Errorf("err %v, conversation calls %d", err, len(rec.reqs))
	}
}

func TestHTTPEndpoint(t *testing.T) {
	launch := string(readEvent(t, "launch.json"))
	tests := []struct {
		name        string
		method      string
		contentType string
		body        string
		status      int
		says        string
	}{
		{"launch", http.MethodPost, "application/json", launch, http.StatusOK, `"version":"1.0"`},
		{"charset is fine", http.MethodPost, "application/json; charset=utf-8", launch, http.StatusOK, `"outputSpeech"`},
		{"GET", http.MethodGet, "", "", http.StatusMethodNotAllowed, "use POST"},
		{"form post", http.MethodPost, "application/x-www-form-urlencoded", "a=b", http.StatusBadRequest, "content type"},
		{"no content type", http.MethodPost, "", launch, http.StatusBadRequest, "content type"},
		{"malformed", http.MethodPost, "application/json", "{", http.StatusBadRequest, "bad alexa request"},
		{"too large", http.MethodPost, "application/json", `{"x":"` + strings.Repeat("a", alexa.MaxBodyBytes) + `"}`, http.StatusRequestEntityTooLarge, "too large"},
	}
	h, _ := newHandler(t, "")
	srv := httptest.NewServer(h.HTTP(alexa.Options{}))
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.says) {
				t.Errorf("status %d body %q, want %d containing %q", resp.StatusCode, b, tt.status, tt.says)
			}
		})
	}
}

// TestLambdaPath runs every sample event through aws-lambda-go's own handler
// machinery, the JSON path lambda.Start uses in AWS.
func TestLambdaPath(t *testing.T) {
	h, _ := newHandler(t, sampleSkill)
	invoke := lambda.NewHandler(h.Lambda)
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "*.json"))
	if len(files) == 0 {
		t.Fatal("no sample events")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, _ := os.ReadFile(f)
			out, err := invoke.Invoke(context.Background(), body)
			if err != nil {
				t.Fatal(err)
			}
			var r alexa.Response
			if err := json.Unmarshal(out, &r); err != nil || r.Version != "1.0" {
				t.Errorf("response %s: %v", out, err)
			}
		})
	}
	if _, err := invoke.Invoke(context.Background(), []byte(`{"not":"alexa"}`)); !strings.Contains(errString(err), "bad alexa request") {
		t.Errorf("malformed event: %v", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
