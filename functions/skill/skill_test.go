package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/homehelper/homehelper/functions/internal/iamcheck"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

// sampleSkillID is the skill id in every file in events/.
const sampleSkillID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

// sampleDevice is the device in every file in events/.
const sampleDevice = "amzn1.ask.device.SAMPLEDEVICEAAAA"

var testKey = bytes.Repeat([]byte{7}, intents.MinKeyLen)

// env is the environment the function has in Lambda (the template's
// settings, and the region and credentials Lambda adds), with the key in
// the environment (as for local runs) unless noKey. DynamoDB and SQS are
// unreachable until a test points them somewhere.
func env(tables dynamo.Tables, noKey bool) map[string]string {
	e := map[string]string{
		lambdaenv.SkillID:            sampleSkillID,
		lambdaenv.DataTable:          tables.Data,
		lambdaenv.UsageTable:         tables.Usage,
		lambdaenv.UsageRetentionDays: "400",
		lambdaenv.PseudonymSecretARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:homehelper/test/pseudonym-key",
		lambdaenv.LandlordPhone:      "0808 157 0000",
		lambdaenv.EmergencyPhone:     "0808 157 0999",
		lambdaenv.ReminderHour:       "18",
		lambdaenv.UsageSpillQueueURL: unreachable + "/123456789012/usage-spill",
		"AWS_REGION":                 "eu-west-1",
		"AWS_ACCESS_KEY_ID":          "test",
		"AWS_SECRET_ACCESS_KEY":      "test",
		"AWS_ENDPOINT_URL_DYNAMODB":  unreachable,
		lambdaenv.EndpointURLSQS:     unreachable,
	}
	if !noKey {
		e[lambdaenv.PseudonymKey] = base64.StdEncoding.EncodeToString(testKey)
	}
	return e
}

// unreachable is an endpoint nothing listens on: tests that must not
// reach DynamoDB point the function there.
const unreachable = "http://127.0.0.1:1"

// logBuffer collects log lines safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestFunction(t *testing.T, e map[string]string, logs io.Writer) *function {
	t.Helper()
	f, err := newHandler(func(k string) string { return e[k] }, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatalf("newHandler: %v", err)
	}
	return f
}

// invoke sends payload through aws-lambda-go's own handler, the JSON path
// lambda.Start uses.
func invoke(f *function, payload []byte) (alexa.Response, []byte, error) {
	out, err := lambda.NewHandler(f.Invoke).Invoke(context.Background(), payload)
	if err != nil {
		return alexa.Response{}, nil, err
	}
	var r alexa.Response
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return alexa.Response{}, out, err
	}
	return r, out, nil
}

func speech(r alexa.Response) string {
	if r.Body.OutputSpeech == nil {
		return ""
	}
	return r.Body.OutputSpeech.SSML
}

// checkValid holds a response to what Alexa accepts for the request type.
func checkValid(t *testing.T, reqType string, r alexa.Response, raw []byte) {
	t.Helper()
	if r.Version != "1.0" {
		t.Errorf("version is %q, want 1.0: %s", r.Version, raw)
	}
	if reqType == intents.SessionEndedRequest || reqType == intents.ExceptionEncountered || intents.IsSkillEvent(reqType) {
		// Alexa ignores any answer to SessionEndedRequest and to skill
		// events, and allows none to System.ExceptionEncountered; we send
		// none.
		if r.Body.OutputSpeech != nil || r.Body.Reprompt != nil || r.Body.Card != nil || len(r.Body.Directives) > 0 || r.Body.ShouldEndSession != nil {
			t.Errorf("answer to %s carries speech, a card or directives: %s", reqType, raw)
		}
		return
	}
	s := speech(r)
	if r.Body.OutputSpeech == nil || r.Body.OutputSpeech.Type != "SSML" || !strings.HasPrefix(s, "<speak>") || !strings.HasSuffix(s, "</speak>") {
		t.Fatalf("no SSML speech: %s", raw)
	}
	if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
		t.Errorf("speech is not well-formed SSML: %v: %s", err, s)
	}
	ends := r.Body.ShouldEndSession != nil && *r.Body.ShouldEndSession
	if !ends && r.Body.Reprompt == nil && len(r.Body.Directives) == 0 {
		t.Errorf("session left open without a reprompt: %s", raw)
	}
}

// eventFiles are the sample requests in events/, which `sam local invoke`
// uses too.
func eventFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "events", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no events: %v", err)
	}
	return files
}

func requestType(t *testing.T, payload []byte) string {
	t.Helper()
	var r struct {
		Request struct{ Type string } `json:"request"`
	}
	if err := json.Unmarshal(payload, &r); err != nil {
		t.Fatal(err)
	}
	return r.Request.Type
}

// TestEvents drives the function, wired as in Lambda against DynamoDB
// (dynalite), with every request in events/: once for a speaker that is not
// linked to a household, once for one that is. Every answer must be valid,
// none may be an apology (which would mean a store call failed), each
// request must leave its usage event in the usage table, and every
// DynamoDB call must be one template.yaml's policies allow.
func TestEvents(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	calls, proxied := iamcheck.Start(t, endpoint)
	ctx := context.Background()
	client := dynalitetest.Client(t, endpoint)

	// What some requests must say, whatever else they say.
	mustSay := map[string]map[bool][]string{
		"report-gas.json": {false: {"0800 111 999"}, true: {"0800 111 999"}},
		"book-coach.json": {true: {"Sam"}},
		// Erases the linked household midway: the requests after it run
		// as an unlinked speaker, and its Query on the usage table must
		// be one the template allows.
		"forget-me-confirmed.json": {false: {"removed your details"}, true: {"removed your details"}},
	}
	for _, linked := range []bool{false, true} {
		name := map[bool]string{false: "unlinked", true: "linked"}[linked]
		t.Run(name, func(t *testing.T) {
			tables := dynamo.Tables{Data: name + "-data", Usage: name + "-usage"}
			store := dynamo.New(client, tables)
			if err := store.CreateTables(ctx); err != nil {
				t.Fatal(err)
			}
			eventTime := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // the timestamp in events/
			if linked {
				linkSampleSpeaker(t, store, eventTime)
			}
			e := env(tables, false)
			e["AWS_ENDPOINT_URL_DYNAMODB"] = proxied
			var logs logBuffer
			f := newTestFunction(t, e, io.MultiWriter(t.Output(), &logs))
			files := eventFiles(t)
			calls.Record()
			f.warmUp() // as main does; its DynamoDB call must be allowed too
			if strings.Contains(logs.String(), "WARN") {
				t.Errorf("warm-up failed:\n%s", logs.String())
			}
			for _, file := range files {
				t.Run(filepath.Base(file), func(t *testing.T) {
					payload, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					r, raw, err := invoke(f, payload)
					if err != nil {
						t.Fatalf("Invoke: %v (%s)", err, raw)
					}
					checkValid(t, requestType(t, payload), r, raw)
					if s := speech(r); strings.Contains(s, "something went wrong") {
						t.Errorf("the skill apologised, so a store call failed: %s", s)
					}
					for _, want := range mustSay[filepath.Base(file)][linked] {
						if !strings.Contains(speech(r), want) {
							t.Errorf("speech does not say %q: %s", want, speech(r))
						}
					}
				})
			}
			// SkillFunction's policies in template.yaml (which
			// functions/template_test.go holds to these).
			calls.Check(t, map[string]string{tables.Data: "DynamoDBCrudPolicy", tables.Usage: "DynamoDBCrudPolicy"})

			events, err := store.UsageEvents(ctx, eventTime.Add(-time.Hour), eventTime.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range events {
				ids = append(ids, e.RequestID)
			}
			// Each sample has its own request id, so one event each.
			if len(events) != len(files) {
				t.Errorf("usage table holds %d events for %d requests: %v", len(events), len(files), ids)
			}
		})
	}
}

// linkSampleSpeaker enrols a household, links the sample device to it as
// a tenant saying the code would, and lays out coach slots for the week
// of the sample requests.
// enrolSample enrols the samples' household, not yet linked, and returns
// it with the pseudonyms the function uses.
func enrolSample(t *testing.T, store *dynamo.Store, at time.Time) (intents.Household, *intents.Pseudonyms) {
	t.Helper()
	p, err := intents.NewPseudonyms(testKey)
	if err != nil {
		t.Fatal(err)
	}
	h, err := intents.Enrol(context.Background(), store, p, intents.Enrolling{Ref: "HH-0042", CoachID: "sam"}, at.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return h, p
}

func linkSampleSpeaker(t *testing.T, store *dynamo.Store, at time.Time) {
	t.Helper()
	ctx := context.Background()
	h, p := enrolSample(t, store, at)
	// The handler hashes the device id in the "speaker" namespace.
	if _, err := store.LinkSpeaker(ctx, h.LinkCode, p.Of("speaker", sampleDevice), at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	cfg := intents.DefaultConfig()
	roster, err := intents.ReadRoster(strings.NewReader(`{"coaches":[{"id":"sam","name":"Sam","visits":[{"day":"Tuesday","times":["10:00"]},{"day":"Thursday","times":["14:00"]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	slots, err := roster.Slots(at, 14, cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddCoachSlots(ctx, slots); err != nil {
		t.Fatal(err)
	}
}

// TestMalformed: what is not an Alexa request for this skill is refused
// with an error, which Lambda reports; the store is never reached.
func TestMalformed(t *testing.T) {
	tests := map[string]error{
		"not-json.txt":             nil, // aws-lambda-go refuses it before the handler
		"truncated.json":           nil,
		"array.json":               alexa.ErrBadRequest,
		"null.json":                alexa.ErrBadRequest,
		"empty-object.json":        alexa.ErrBadRequest,
		"no-request-id.json":       alexa.ErrBadRequest,
		"no-request-type.json":     alexa.ErrBadRequest,
		"intent-without-name.json": alexa.ErrBadRequest,
		"api-gateway-event.json":   alexa.ErrBadRequest,
		"another-skill.json":       alexa.ErrWrongSkill,
	}
	files, err := filepath.Glob(filepath.Join("testdata", "malformed", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, file := range files {
		names = append(names, filepath.Base(file))
	}
	for name := range tests {
		if !slices.Contains(names, name) {
			t.Errorf("testdata/malformed/%s is missing", name)
		}
	}
	var logs logBuffer
	f := newTestFunction(t, env(dynamo.Tables{Data: "d", Usage: "u"}, false), &logs)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			want, ok := tests[name]
			if !ok {
				t.Fatalf("no expectation for testdata/malformed/%s", name)
			}
			payload, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, raw, err := invoke(f, payload)
			if err == nil {
				t.Fatalf("answered %s", raw)
			}
			if want != nil && !errors.Is(err, want) {
				t.Errorf("error %v, want %v", err, want)
			}
		})
	}
	if strings.Contains(logs.String(), apologyLog) {
		t.Errorf("a refused event was answered with an apology:\n%s", logs.String())
	}
}

// panicky is a conversation that panics.
type panicky struct{}

func (panicky) Handle(context.Context, intents.Request) intents.Response { panic("boom") }

// TestPanicBecomesApology: a panic inside is a spoken apology with the
// landlord's numbers, logged at ERROR, and never a Lambda error; what
// would have been refused is still refused.
func TestPanicBecomesApology(t *testing.T) {
	var logs logBuffer
	e := env(dynamo.Tables{Data: "d", Usage: "u"}, false)
	f := newTestFunction(t, e, &logs)
	f.conv = panicky{}

	payload, err := os.ReadFile(filepath.Join("..", "..", "events", "report-gas.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, raw, err := invoke(f, payload)
	if err != nil {
		t.Fatalf("a panic became a Lambda error: %v", err)
	}
	checkValid(t, "IntentRequest", r, raw)
	s := speech(r)
	for _, want := range []string{"Sorry", e[lambdaenv.LandlordPhone], e[lambdaenv.EmergencyPhone]} {
		if !strings.Contains(s, want) {
			t.Errorf("apology does not say %q: %s", want, s)
		}
	}
	if r.Body.ShouldEndSession == nil || !*r.Body.ShouldEndSession {
		t.Errorf("apology leaves the session open, with no state to carry on from: %s", raw)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR","msg":"`+apologyLog+`"`) || !strings.Contains(logs.String(), "boom") {
		t.Errorf("panic not logged at ERROR with its value:\n%s", logs.String())
	}

	ended, err := os.ReadFile(filepath.Join("..", "..", "events", "session-ended.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, raw, err = invoke(f, ended)
	if err != nil {
		t.Fatal(err)
	}
	checkValid(t, intents.SessionEndedRequest, r, raw)

	other, err := os.ReadFile(filepath.Join("testdata", "malformed", "another-skill.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := invoke(f, other); !errors.Is(err, alexa.ErrWrongSkill) {
		t.Errorf("another skill's event: error %v, want ErrWrongSkill", err)
	}
}

// fakeSecrets is Secrets Manager, failing the first fail calls.
type fakeSecrets struct {
	fail, calls int
	value       string
}

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.calls++
	if f.calls <= f.fail {
		return nil, errors.New("secrets manager is down")
	}
	return &secretsmanager.GetSecretValueOutput{ARN: in.SecretId, SecretString: aws.String(f.value + "\n")}, nil
}

// recorder is a conversation that remembers its requests.
type recorder struct{ reqs []intents.Request }

func (r *recorder) Handle(_ context.Context, req intents.Request) intents.Response {
	r.reqs = append(r.reqs, req)
	return intents.Response{Speech: "Hello.", End: true}
}

// TestKeyFromSecret: without a key in the environment the key is read from
// Secrets Manager on the first event, once; a failed read is an apology
// and is tried again on the next event.
func TestKeyFromSecret(t *testing.T) {
	var logs logBuffer
	f := newTestFunction(t, env(dynamo.Tables{Data: "d", Usage: "u"}, true), &logs)
	if f.secrets != nil {
		t.Fatalf("Secrets Manager client made at start")
	}
	secrets := &fakeSecrets{fail: 1, value: base64.StdEncoding.EncodeToString(testKey)}
	made := 0
	f.newSecrets = func() secretReader { made++; return secrets }
	conv := &recorder{}
	f.conv = conv

	launch, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, raw, err := invoke(f, launch)
	if err != nil {
		t.Fatalf("failed key read became a Lambda error: %v", err)
	}
	if !strings.Contains(speech(r), "Sorry") || len(conv.reqs) != 0 {
		t.Errorf("without a key, want an apology and no conversation; got %s", raw)
	}
	for range 3 {
		r, raw, err = invoke(f, launch)
		if err != nil || !strings.Contains(speech(r), "Hello.") {
			t.Fatalf("after the secret came back: %v %s", err, raw)
		}
	}
	if secrets.calls != 2 || made != 1 {
		t.Errorf("secret read %d times by %d clients, want 2 (one failed) by 1", secrets.calls, made)
	}
	// The secret's key is the one used: the speaker's pseudonym matches.
	p, _ := intents.NewPseudonyms(testKey)
	if got, want := conv.reqs[0].SpeakerID, p.Of("speaker", sampleDevice); got != want {
		t.Errorf("speaker pseudonym %q, want %q under the secret's key", got, want)
	}
}

// households is a store with no households, counting lookups.
type households struct{ lookups int }

func (h *households) HouseholdForSpeaker(context.Context, string) (intents.Household, error) {
	h.lookups++
	return intents.Household{}, intents.ErrNotFound
}
func (h *households) LinkSpeaker(context.Context, string, string, time.Time) (intents.Household, error) {
	return intents.Household{}, intents.ErrNotFound
}
func (h *households) LinkFailures(context.Context, string, time.Time) (int, error) { return 0, nil }
func (h *households) RecordLinkFailure(context.Context, string, time.Time) error   { return nil }
func (h *households) TouchHousehold(context.Context, string, time.Time) error      { return nil }

// TestWarmUp: the background warm-up reads the key and makes one store
// call; the first event then uses that key without reading it again. A
// warm-up that could not read the key leaves it to the first event.
func TestWarmUp(t *testing.T) {
	launch, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, fail := range []int{0, 1} {
		t.Run(fmt.Sprintf("key read fails %d times", fail), func(t *testing.T) {
			var logs logBuffer
			f := newTestFunction(t, env(dynamo.Tables{Data: "d", Usage: "u"}, true), &logs)
			secrets := &fakeSecrets{fail: fail, value: base64.StdEncoding.EncodeToString(testKey)}
			f.newSecrets = func() secretReader { return secrets }
			store := &households{}
			f.store = store
			f.conv = &recorder{}

			f.warmUp()
			if secrets.calls != 1 || store.lookups != 1 {
				t.Errorf("warm-up read the key %d times and the store %d times, want 1 and 1", secrets.calls, store.lookups)
			}
			if got := strings.Contains(logs.String(), "first event will try again"); got != (fail > 0) {
				t.Errorf("warm-up's failed key read logged: %v, want %v:\n%s", got, fail > 0, logs.String())
			}
			r, raw, err := invoke(f, launch)
			if err != nil || !strings.Contains(speech(r), "Hello.") {
				t.Fatalf("first event: %v %s", err, raw)
			}
			if want := 1 + fail; secrets.calls != want {
				t.Errorf("key read %d times in all, want %d", secrets.calls, want)
			}
		})
	}
}

// TestKeyFromEnvironment: with the key in the environment no Secrets
// Manager client is ever made.
func TestKeyFromEnvironment(t *testing.T) {
	f := newTestFunction(t, env(dynamo.Tables{Data: "d", Usage: "u"}, false), io.Discard)
	f.newSecrets = func() secretReader {
		t.Fatal("Secrets Manager client made though the key is in the environment")
		return nil
	}
	f.conv = &recorder{}
	launch, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, raw, err := invoke(f, launch); err != nil {
		t.Fatalf("%v %s", err, raw)
	}
}

// deadlineSpy records the deadline the conversation is given.
type deadlineSpy struct {
	dl time.Time
	ok bool
}

func (d *deadlineSpy) Handle(ctx context.Context, _ intents.Request) intents.Response {
	d.dl, d.ok = ctx.Deadline()
	return intents.Response{Speech: "Hello.", End: true}
}

// TestDeadlineReserve: the conversation must finish a second before
// Lambda's deadline, so a slow store ends in speech, not a timeout.
func TestDeadlineReserve(t *testing.T) {
	f := newTestFunction(t, env(dynamo.Tables{Data: "d", Usage: "u"}, false), io.Discard)
	spy := &deadlineSpy{}
	f.conv = spy
	launch, err := os.ReadFile(filepath.Join("..", "..", "events", "launch.json"))
	if err != nil {
		t.Fatal(err)
	}
	lambdaDeadline := time.Now().Add(7 * time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), lambdaDeadline)
	defer cancel()
	if _, err := lambda.NewHandler(f.Invoke).Invoke(ctx, launch); err != nil {
		t.Fatal(err)
	}
	if !spy.ok || !spy.dl.Equal(lambdaDeadline.Add(-reserve)) {
		t.Errorf("conversation's deadline is %v (set %v), want %v", spy.dl, spy.ok, lambdaDeadline.Add(-reserve))
	}
}

// TestNewHandlerEnvironment: a function missing its settings does not
// start, and says everything that is wrong at once.
func TestNewHandlerEnvironment(t *testing.T) {
	full := env(dynamo.Tables{Data: "d", Usage: "u"}, true)
	tests := []struct {
		name  string
		set   map[string]string
		wants []string // in the error
	}{
		{"complete, key from the secret", nil, nil},
		{"nothing", map[string]string{
			lambdaenv.SkillID: "", lambdaenv.DataTable: "", lambdaenv.UsageTable: "", lambdaenv.UsageRetentionDays: "",
			lambdaenv.PseudonymSecretARN: "", lambdaenv.LandlordPhone: "", lambdaenv.EmergencyPhone: "", lambdaenv.ReminderHour: "",
		}, []string{
			lambdaenv.SkillID, lambdaenv.DataTable, lambdaenv.UsageTable, lambdaenv.UsageRetentionDays,
			lambdaenv.PseudonymSecretARN, lambdaenv.LandlordPhone, lambdaenv.EmergencyPhone, lambdaenv.ReminderHour,
		}},
		{"reminder hour at night", map[string]string{lambdaenv.ReminderHour: "2"}, []string{lambdaenv.ReminderHour}},
		{"reminder hour not a number", map[string]string{lambdaenv.ReminderHour: "6pm"}, []string{lambdaenv.ReminderHour}},
		{"retention not a number", map[string]string{lambdaenv.UsageRetentionDays: "a year"}, []string{lambdaenv.UsageRetentionDays}},
		{"retention zero", map[string]string{lambdaenv.UsageRetentionDays: "0"}, []string{lambdaenv.UsageRetentionDays}},
		{"key not base64", map[string]string{lambdaenv.PseudonymKey: "not a key!"}, []string{lambdaenv.PseudonymKey}},
		{"key too short", map[string]string{lambdaenv.PseudonymKey: "c2hvcnQ="}, []string{lambdaenv.PseudonymKey}},
		{"no AWS credentials", map[string]string{"AWS_ACCESS_KEY_ID": ""}, []string{"AWS_ACCESS_KEY_ID"}},
		{"key but no secret", map[string]string{lambdaenv.PseudonymSecretARN: "", lambdaenv.PseudonymKey: base64.StdEncoding.EncodeToString(testKey)}, nil},
		{"no spill queue (local runs)", map[string]string{lambdaenv.UsageSpillQueueURL: ""}, nil},
		{"spill queue not a URL", map[string]string{lambdaenv.UsageSpillQueueURL: "homehelper-pilot-usage-spill"}, []string{lambdaenv.UsageSpillQueueURL}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := map[string]string{}
			for k, v := range full {
				e[k] = v
			}
			for k, v := range tt.set {
				e[k] = v
			}
			_, err := newHandler(func(k string) string { return e[k] }, slog.New(slog.DiscardHandler))
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("newHandler: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("started without %v", tt.wants)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not name %s: %v", w, err)
				}
			}
		})
	}
}

// TestApologyEscapesPhones: the numbers come from the deployment, so they
// are escaped like any other text in SSML.
func TestApologyEscapesPhones(t *testing.T) {
	cfg := intents.Config{LandlordPhone: "0808 <157> & 0000", EmergencyPhone: "0808 157 0999"}
	s := "<speak>" + apology(cfg) + "</speak>"
	if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
		t.Fatalf("apology is not well-formed SSML: %v: %s", err, s)
	}
	if !strings.Contains(s, `<say-as interpret-as="telephone">0808 &lt;157&gt; &amp; 0000</say-as>`) {
		t.Errorf("landlord's number not read as a phone number: %s", s)
	}
}

// TestOptionalStoresWired fails when the DynamoDB store gains one of the
// conversation's optional stores that skillStores leaves out: wire it, and
// make sure template.yaml's policies allow its calls.
func TestOptionalStoresWired(t *testing.T) {
	store := dynamo.New(nil, dynamo.Tables{Data: "d", Usage: "u"})
	got := skillStores(store, nil)
	if got.Spill != nil {
		t.Errorf("no spill given, but Stores.Spill is %#v", got.Spill)
	}
	if given := (lastResort{}); skillStores(store, given).Spill != given {
		t.Errorf("the spill given is not wired")
	}
	var s any = store
	for name, wired := range map[string]struct{ has, set bool }{
		"Trial (intents.TrialDates)":           {isA[intents.TrialDates](s), got.Trial != nil},
		"Feedback (intents.FeedbackMarker)":    {isA[intents.FeedbackMarker](s), got.Feedback != nil},
		"Eraser (intents.Eraser)":              {isA[intents.Eraser](s), got.Eraser != nil},
		"Speakers (intents.SpeakerEraser)":     {isA[intents.SpeakerEraser](s), got.Speakers != nil},
		"Accounts (intents.AccountSpeakers)":   {isA[intents.AccountSpeakers](s), got.Accounts != nil},
		"Reminders (intents.BookingReminders)": {isA[intents.BookingReminders](s), got.Reminders != nil},
	} {
		if wired.has != wired.set {
			t.Errorf("the DynamoDB store implements %s: %v; skillStores wires it: %v", name, wired.has, wired.set)
		}
	}
}

func isA[I any](v any) bool {
	_, ok := v.(I)
	return ok
}
