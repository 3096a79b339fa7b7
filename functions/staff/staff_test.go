package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/golang-jwt/jwt/v5"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/functions/staff/staffenv"
	"github.com/homehelper/homehelper/infra/cognito"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents"
)

const (
	poolID   = "eu-west-1_TEST"
	clientID = "staff-client"
	// issuer is what the code must build from AWS_REGION and the pool id.
	issuer = "https://cognito-idp.eu-west-1.amazonaws.com/" + poolID
)

// jwks serves a JWKS holding key's public half as kid "k1".
func jwks(t *testing.T, key *rsa.PrivateKey) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func env(tables dynamo.Tables, endpoint, domain string) map[string]string {
	return map[string]string{
		lambdaenv.DataTable:         tables.Data,
		lambdaenv.UsageTable:        tables.Usage,
		lambdaenv.PseudonymKey:      strings.Repeat("A", 44),
		staffenv.CognitoDomain:      domain,
		staffenv.CognitoClientID:    clientID,
		staffenv.CognitoPoolID:      poolID,
		lambdaenv.LandlordPhone:     "0808 157 4242",
		lambdaenv.EmergencyPhone:    "0808 157 4343",
		lambdaenv.ExportBucket:      "exports",
		lambdaenv.ExportQueueURL:    "https://sqs.eu-west-1.amazonaws.com/123456789012/exports",
		"AWS_REGION":                "eu-west-1",
		"AWS_ACCESS_KEY_ID":         "test",
		"AWS_SECRET_ACCESS_KEY":     "test",
		"AWS_ENDPOINT_URL_DYNAMODB": endpoint,
	}
}

// event is an HTTP API payload 2.0 event as API Gateway sends it.
func event(method, path, query string, headers map[string]string) events.APIGatewayV2HTTPRequest {
	if headers == nil {
		headers = map[string]string{}
	}
	headers["host"] = "abc123.execute-api.eu-west-1.amazonaws.com"
	return events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: "ANY /staff/{proxy+}", RawPath: path, RawQueryString: query, Headers: headers,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			DomainName: "abc123.execute-api.eu-west-1.amazonaws.com", Stage: "$default",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "192.0.2.1"},
		},
	}
}

// TestStaffFunction drives the function as Lambda does (aws-lambda-go's
// handler, JSON in and out) against DynamoDB (dynalite) and a stand-in for
// the user pool's keys.
func TestStaffFunction(t *testing.T) {
	endpoint := dynalitetest.Start(t)
	ctx := context.Background()
	tables := dynamo.Tables{Data: "staff-data", Usage: "staff-usage"}
	if err := dynamo.New(dynalitetest.Client(t, endpoint), tables).CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keys := jwks(t, key)
	e := env(tables, endpoint, "homehelper-test-staff.auth.eu-west-1.amazoncognito.com")
	fnCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	f, err := newFunction(fnCtx, func(k string) string { return e[k] }, slog.New(slog.NewTextHandler(t.Output(), nil)),
		func(c *cognito.Config) { c.JWKSURL = keys.URL })
	if err != nil {
		t.Fatal(err)
	}
	h := lambda.NewHandler(f.Invoke)
	invoke := func(t *testing.T, ev events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
		t.Helper()
		payload, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		out, err := h.Invoke(ctx, payload)
		if err != nil {
			t.Fatalf("invoke: %v", err)
		}
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatal(err)
		}
		return resp
	}
	sign := func(edit func(jwt.MapClaims)) string {
		c := jwt.MapClaims{"iss": issuer, "aud": clientID, "token_use": "id", "email": "officer@example.org",
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
		if edit != nil {
			edit(c)
		}
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	t.Run("page without sign-in", func(t *testing.T) {
		resp := invoke(t, event("GET", "/staff/repairs", "", nil))
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Headers["Location"], "/staff/signin") {
			t.Errorf("%d to %q, want 303 to the sign-in", resp.StatusCode, resp.Headers["Location"])
		}
	})
	t.Run("sign-in goes to the hosted page", func(t *testing.T) {
		resp := invoke(t, event("GET", "/staff/signin", "", nil))
		loc := resp.Headers["Location"]
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "https://homehelper-test-staff.auth.eu-west-1.amazoncognito.com/oauth2/authorize?") ||
			!strings.Contains(loc, "redirect_uri=https%3A%2F%2Fabc123.execute-api.eu-west-1.amazonaws.com%2Fstaff%2Fsignin%2Fcallback") {
			t.Errorf("%d to %q", resp.StatusCode, loc)
		}
		if len(resp.Cookies) != 1 || !strings.Contains(resp.Cookies[0], "HttpOnly") {
			t.Errorf("cookies %v, want the HttpOnly state cookie", resp.Cookies)
		}
	})
	t.Run("API without sign-in", func(t *testing.T) {
		resp := invoke(t, event("GET", "/staff/api/summary", "", nil))
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%d, want 401", resp.StatusCode)
		}
	})
	t.Run("API with a token for another client", func(t *testing.T) {
		resp := invoke(t, event("GET", "/staff/api/summary", "", map[string]string{"authorization": "Bearer " + sign(func(c jwt.MapClaims) { c["aud"] = "x" })}))
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%d, want 401", resp.StatusCode)
		}
	})
	t.Run("API with a bearer token", func(t *testing.T) {
		resp := invoke(t, event("GET", "/staff/api/summary", "from=2026-11-01&to=2026-11-30", map[string]string{"authorization": "Bearer " + sign(nil)}))
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Headers["Content-Type"], "application/json") {
			t.Fatalf("%d %v: %s", resp.StatusCode, resp.Headers, resp.Body)
		}
		var report struct {
			Period struct {
				From string `json:"from"`
			} `json:"period"`
			TakeUp struct {
				Enrolled *int `json:"enrolled_households"`
			} `json:"take_up"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &report); err != nil {
			t.Fatalf("%v: %s", err, resp.Body)
		}
		if report.TakeUp.Enrolled == nil || *report.TakeUp.Enrolled != 0 {
			t.Errorf("summary %s", resp.Body)
		}
	})
	t.Run("journeys on DynamoDB", func(t *testing.T) {
		st := dynamo.New(dynalitetest.Client(t, endpoint), tables)
		at := time.Date(2026, time.November, 10, 18, 0, 0, 0, time.UTC)
		for i, o := range []intents.Outcome{intents.OutcomeWelcomed, intents.OutcomeHelp} {
			e := intents.UsageEvent{RequestID: fmt.Sprintf("journey-%d", i), Time: at.Add(time.Duration(i) * 20 * time.Second),
				SpeakerID: "sp_journey", SessionID: "session-journey", RequestType: intents.IntentRequest, Flow: intents.FlowHelp, Outcome: o}
			if o == intents.OutcomeWelcomed {
				e.RequestType, e.Flow = intents.LaunchRequest, intents.FlowLaunch
			}
			if err := st.RecordUsage(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		resp := invoke(t, event("GET", "/staff/api/journeys", "from=2026-11-01&to=2026-11-30", map[string]string{"authorization": "Bearer " + sign(nil)}))
		var j evaluation.Journeys
		if err := json.Unmarshal([]byte(resp.Body), &j); resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("%d %v: %s", resp.StatusCode, err, resp.Body)
		}
		if len(j.Paths) != 1 || j.Paths[0].Name != "opened → help" || j.Paths[0].Conversations != 1 {
			t.Errorf("paths %+v, want the one conversation, opened → help", j.Paths)
		}
	})
	t.Run("page with the session cookie", func(t *testing.T) {
		ev := event("GET", "/staff/", "", nil)
		ev.Cookies = []string{cognito.CookieName + "=" + sign(nil)}
		resp := invoke(t, ev)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Body, "<html") {
			t.Errorf("%d: %.200s", resp.StatusCode, resp.Body)
		}
	})
	t.Run("trial page quotes the landlord's number", func(t *testing.T) {
		ev := event("GET", "/staff/trial", "", nil)
		ev.Cookies = []string{cognito.CookieName + "=" + sign(nil)}
		resp := invoke(t, ev)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Body, "0808 157 4242") {
			t.Errorf("%d: what tenants hear outside the trial does not quote the configured number: %.300s", resp.StatusCode, resp.Body)
		}
	})
}

// TestCapBody: an answer over maxBody becomes a 413 that says what to do;
// one under it passes unchanged.
func TestCapBody(t *testing.T) {
	big := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Content-Disposition", "attachment; filename=x.csv")
		w.Header().Set("Cache-Control", "no-store")
		row := strings.Repeat("x", 1023) + "\n"
		for range 5 << 10 { // 5 MB
			_, _ = io.WriteString(w, row)
		}
	})
	w := httptest.NewRecorder()
	capBody(big, slog.New(slog.DiscardHandler)).ServeHTTP(w, httptest.NewRequest("GET", "/staff/api/events.csv", nil))
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "shorter period") ||
		w.Header().Get("Content-Disposition") != "" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("%d %v: %s", w.Code, w.Header(), w.Body)
	}

	small := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Test", "1")
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, "hello")
	})
	w = httptest.NewRecorder()
	capBody(small, slog.New(slog.DiscardHandler)).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusTeapot || w.Body.String() != "hello" || w.Header().Get("X-Test") != "1" {
		t.Errorf("%d %v: %s", w.Code, w.Header(), w.Body)
	}
}

// TestReadEnv: every missing variable is named.
func TestReadEnv(t *testing.T) {
	_, err := staffenv.Read(func(string) string { return "" })
	for _, name := range []string{lambdaenv.DataTable, lambdaenv.UsageTable, lambdaenv.PseudonymSecretARN, staffenv.CognitoDomain, staffenv.CognitoClientID, staffenv.CognitoPoolID,
		lambdaenv.ExportBucket, lambdaenv.ExportQueueURL} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}
