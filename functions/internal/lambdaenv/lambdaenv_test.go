package lambdaenv

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// throttled is an error every retryer retries.
type throttled struct{}

func (throttled) Error() string        { return "throttled" }
func (throttled) ErrorCode() string    { return "ThrottlingException" }
func (throttled) ErrorMessage() string { return "slow down" }
func (throttled) ErrorFault() int      { return 0 }

// TestRetries: a function on the tenant's request path gives up within a
// fraction of a second of backoff, so Alexa still hears an answer; a
// background function backs off for seconds, with jitter, so a throttled
// table is given time and containers do not retry in step.
func TestRetries(t *testing.T) {
	env := map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
	getenv := func(k string) string { return env[k] }
	delays := func(cfg aws.Config, attempt int) (lo, hi time.Duration) {
		r := cfg.Retryer()
		lo = time.Hour
		for range 200 {
			d, err := r.RetryDelay(attempt, throttled{})
			if err != nil {
				t.Fatal(err)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		return lo, hi
	}

	request, err := AWS(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if n := request.Retryer().MaxAttempts(); n != 3 {
		t.Errorf("request path makes %d attempts, want 3", n)
	}
	if _, hi := delays(request, 5); hi > 200*time.Millisecond {
		t.Errorf("request path waits up to %v between attempts, want 200 ms at most", hi)
	}

	background, err := BackgroundAWS(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if n := background.Retryer().MaxAttempts(); n < 3 {
		t.Errorf("background functions make %d attempts", n)
	}
	lo, hi := delays(background, 4)
	if hi < time.Second {
		t.Errorf("background functions wait at most %v before a 4th try; the standard retryer backs off for seconds", hi)
	}
	if lo == hi {
		t.Errorf("background backoff is always %v: no jitter", lo)
	}
	if !background.Retryer().IsErrorRetryable(throttled{}) || background.Retryer().IsErrorRetryable(errors.New("plain")) {
		t.Errorf("background retryer does not tell throttling from other errors")
	}
}

// TestEndpoint: AWS_ENDPOINT_URL points every client elsewhere (tests:
// moto_server), as the SDK's own configuration loader does; Lambda never
// sets it.
func TestEndpoint(t *testing.T) {
	env := map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
	cfg, err := AWS(func(k string) string { return env[k] })
	if err != nil || cfg.BaseEndpoint != nil {
		t.Errorf("without AWS_ENDPOINT_URL: endpoint %v, %v", cfg.BaseEndpoint, err)
	}
	env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000"
	cfg, err = BackgroundAWS(func(k string) string { return env[k] })
	if err != nil || aws.ToString(cfg.BaseEndpoint) != "http://127.0.0.1:5000" {
		t.Errorf("with AWS_ENDPOINT_URL: endpoint %v, %v", aws.ToString(cfg.BaseEndpoint), err)
	}
}
