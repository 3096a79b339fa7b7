package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/functions/staff/staffenv"
	"github.com/homehelper/homehelper/infra/cognito"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/s3"
	"github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/intents"
)

// maxBody is the largest answer body the function sends. Lambda refuses a
// response over 6 MB, and that counts the JSON envelope API Gateway
// receives, in which the body is a JSON string: a CSV's quotes and line
// ends are escaped there, so a body can grow by half or more. 4 MB keeps
// clear of the limit for any CSV the site writes.
const maxBody = 4 << 20

// tooLarge is what staff read instead of an answer over maxBody. The
// events downloads, the only answers that grow with the usage log, never
// reach it (they go through the export bucket); it guards the rest.
const tooLarge = "This answer is too large for the staff site to send in one go (over 4 MB). " +
	"Choose a shorter period (the from and to dates).\n"

// secretReader is the one Secrets Manager call the function makes.
type secretReader interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// function serves the staff site for one Lambda container. The store and
// sign-in are made at start; the site itself needs the pseudonym key (a
// network call), so it is made by the first request and kept.
type function struct {
	store   *dynamo.Store
	auth    *cognito.Auth
	log     *slog.Logger
	key     []byte // from the environment (tests, local runs); nil in AWS
	secret  string
	secrets func() secretReader
	config  intents.Config
	exports staff.Exporter

	mu      sync.Mutex
	adapter *httpadapter.HandlerAdapterV2
}

// newFunction wires the staff site from the environment. ctx ends the
// background refresh of Cognito's keys; tests pass overrides to reach a
// stand-in for the user pool's keys.
func newFunction(ctx context.Context, getenv func(string) string, log *slog.Logger, overrides ...func(*cognito.Config)) (*function, error) {
	cfg, err := staffenv.Read(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.AWS(getenv)
	if err != nil {
		return nil, err
	}
	cc := cognito.Config{
		Region: awsCfg.Region, UserPoolID: cfg.CognitoPoolID, ClientID: cfg.CognitoClientID, Domain: cfg.CognitoDomain,
		Log: log,
	}
	for _, o := range overrides {
		o(&cc)
	}
	auth, err := cognito.New(ctx, cc)
	if err != nil {
		return nil, err
	}
	// No retention option: the staff site writes no usage events, it
	// only blanks them when a household is withdrawn.
	opts := []dynamo.Option{dynamo.WithLogger(log)}
	if cfg.Rollups {
		opts = append(opts, dynamo.WithRollups())
	}
	return &function{
		store:   lambdaenv.Store(awsCfg, getenv, cfg.Tables, opts...),
		auth:    auth,
		log:     log,
		key:     cfg.Key,
		config:  conversationConfig(cfg),
		secret:  cfg.SecretARN,
		secrets: func() secretReader { return secretsmanager.NewFromConfig(awsCfg) },
		exports: exporter{bucket: s3.New(awsCfg, cfg.ExportBucket), jobs: sqs.NewJobs(awsCfg, cfg.ExportQueueURL)},
	}, nil
}

// Invoke answers one HTTP API (payload 2.0) event. A site that cannot be
// made (the key unreadable) answers 503 rather than failing the
// invocation, which API Gateway would turn into a bare 500; the next
// request tries again.
func (f *function) Invoke(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	a, err := f.site(ctx)
	if err != nil {
		f.log.ErrorContext(ctx, "staff: cannot make the site", "err", err)
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusServiceUnavailable,
			Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30"},
			Body:    "The staff site cannot start just now; try again in a minute.\n"}, nil
	}
	return a.ProxyWithContext(ctx, ev)
}

// site returns the adapter over the staff site, making it first if need be.
func (f *function) site(ctx context.Context) (*httpadapter.HandlerAdapterV2, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.adapter != nil {
		return f.adapter, nil
	}
	key := f.key
	if key == nil {
		var err error
		if key, err = f.readKey(ctx); err != nil {
			return nil, err
		}
	}
	p, err := intents.NewPseudonyms(key)
	if err != nil {
		return nil, err
	}
	var roster *intents.Roster
	if file, err := content.Coaches(); err == nil {
		r, err := intents.ReadRoster(file)
		file.Close()
		if err != nil {
			return nil, fmt.Errorf("reading the coaches' roster: %w", err)
		}
		roster = &r
	}
	h := staff.Handler(staff.Options{Store: f.store, Pseudonyms: p, Auth: f.auth, Log: f.log, Roster: roster, Config: f.config,
		Exporter: f.exports})
	f.adapter = httpadapter.NewV2(capBody(h, f.log))
	return f.adapter, nil
}

func (f *function) readKey(ctx context.Context) ([]byte, error) {
	out, err := f.secrets().GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(f.secret)})
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key secret: %w", err)
	}
	if out.SecretString == nil {
		return nil, errors.New("the pseudonym key secret has no string value")
	}
	return intents.DecodePseudonymKey(strings.TrimSpace(*out.SecretString))
}

// capBody answers 413, in words, instead of a body over maxBody, which
// Lambda would refuse (API Gateway would show a bare 502). The adapter
// holds the whole answer in memory anyway, so holding it here costs
// nothing more.
func capBody(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &cappedWriter{header: http.Header{}}
		h.ServeHTTP(c, r)
		if c.over {
			log.WarnContext(r.Context(), "staff: answer too large for Lambda, refused", "path", r.URL.Path, "query", r.URL.RawQuery)
			hdr := w.Header()
			for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cache-Control"} {
				if v := c.header.Values(k); len(v) > 0 {
					hdr[k] = v
				}
			}
			hdr.Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = w.Write([]byte(tooLarge))
			return
		}
		maps.Copy(w.Header(), c.header)
		if c.code == 0 {
			c.code = http.StatusOK
		}
		w.WriteHeader(c.code)
		_, _ = w.Write(c.body.Bytes())
	})
}

// cappedWriter keeps an answer until it passes maxBody, then only
// remembers that it did.
type cappedWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
	over   bool
}

func (c *cappedWriter) Header() http.Header { return c.header }

func (c *cappedWriter) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	if c.over || c.body.Len()+len(p) > maxBody {
		c.over = true
		c.body = bytes.Buffer{}
		return len(p), nil // the handler finishes; its answer is replaced
	}
	return c.body.Write(p)
}

// exporter asks the export function for an events download through its
// queue, and finds the download it wrote in the bucket.
type exporter struct {
	bucket *s3.Bucket
	jobs   *sqs.Jobs
}

func (x exporter) StartExport(ctx context.Context, e staff.Export) error { return x.jobs.Send(ctx, e) }

func (x exporter) ExportLink(ctx context.Context, e staff.Export) (string, bool, error) {
	return x.bucket.Link(ctx, e.Key())
}

// conversationConfig is the skill's configuration as far as the staff site
// shows it: the phone numbers tenants hear.
func conversationConfig(c staffenv.Config) intents.Config {
	cfg := intents.DefaultConfig()
	cfg.LandlordPhone, cfg.EmergencyPhone = c.LandlordPhone, c.EmergencyPhone
	return cfg
}
