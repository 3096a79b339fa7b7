package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/dynamo"
	spill "github.com/homehelper/homehelper/infra/sqs"
	"github.com/homehelper/homehelper/intents"
)

// apologyLog is the message logged whenever a tenant hears the apology
// instead of an answer. It is logged at ERROR level, which template.yaml's
// log metric filter counts and alarms on: an apology is a successful
// Lambda invocation, so the Errors metric never sees it.
const apologyLog = "answered with an apology"

// reserve is kept back from Lambda's deadline: the conversation's store
// calls run out of time first, so a slow DynamoDB still ends in a spoken
// answer instead of a Lambda timeout, which Alexa reads out as "there was
// a problem with the requested skill's response". It also covers the
// usage spill, which intents gives half a second of its own after the
// usage write's deadline (TestSpillFitsInReserve).
const reserve = time.Second

// secretReader is the one Secrets Manager call the skill makes.
type secretReader interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// function answers Alexa events for one Lambda container. Clients and
// settings are made at start; the conversation (which parses the guides)
// and the pseudonym key (a network call) are made once, by warmUp in the
// background or by the first event, whichever comes first, and kept for
// the container's life.
type function struct {
	newConv func() (alexa.Conversation, error)
	store   intents.Households // for warmUp
	skillID string
	cfg     intents.Config // the phone numbers the apology reads out
	log     *slog.Logger

	key        []byte // from the environment (local runs, tests); nil in AWS
	secretARN  string
	newSecrets func() secretReader

	mu      sync.Mutex
	conv    alexa.Conversation // made on first use
	secrets secretReader       // made on first use, and only without a key in the environment
	handler *alexa.Handler     // made once the conversation and the key are
}

// newHandler wires the skill from the environment: settings, the AWS
// clients, the DynamoDB store, and how to make the conversation. It makes
// no network call and parses nothing, so the process reaches Lambda's
// event loop as soon as it can.
func newHandler(getenv func(string) string, log *slog.Logger) (*function, error) {
	settings, err := lambdaenv.ReadSkill(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.AWS(getenv)
	if err != nil {
		return nil, err
	}
	store := lambdaenv.Store(awsCfg, getenv, settings.Tables, dynamo.WithRetention(settings.Retention), dynamo.WithLogger(log))
	// The spill's SQS client is made on the first spill, so a container
	// whose usage writes all succeed never pays for it.
	var usageSpill intents.UsageSpill
	if settings.SpillQueueURL != "" {
		usageSpill = lastResort{spill: spill.New(awsCfg, settings.SpillQueueURL, getenv(lambdaenv.EndpointURLSQS)), log: log}
	}
	cfg := intents.DefaultConfig()
	cfg.LandlordPhone, cfg.EmergencyPhone = settings.LandlordPhone, settings.EmergencyPhone
	cfg.ReminderHour = settings.ReminderHour
	return &function{
		newConv: func() (alexa.Conversation, error) {
			// The guides are embedded and checked by content's tests; an
			// error here is a broken build, answered with apologies (and
			// alarmed on) rather than a container that cannot start.
			guides, err := intents.LoadGuides(content.Guides())
			if err != nil {
				return nil, err
			}
			return intents.New(skillStores(store, usageSpill), guides, cfg, intents.WithLogger(log)), nil
		},
		store:      store,
		skillID:    settings.SkillID,
		cfg:        cfg,
		log:        log,
		key:        settings.Key,
		secretARN:  settings.SecretARN,
		newSecrets: func() secretReader { return secretsmanager.NewFromConfig(awsCfg) },
	}, nil
}

// warmUpTimeout bounds the background warm-up. The first event waits for
// the part it shares (the conversation and the key) at most this long,
// and still has time to try again within Lambda's timeout.
const warmUpTimeout = 3 * time.Second

// warmUp does, in the background while Lambda hands over the first event,
// the slow parts of a first request that do not depend on it: making the
// conversation and reading the pseudonym key; and a first DynamoDB call (a
// lookup of a speaker that cannot exist), which opens the connection —
// DNS, TCP, TLS — and runs the SDK's first-call set-up. The two run side by
// side, so a cold start pays for the longer of them rather than both in
// turn. The first event waits for the key if it is still being read, and
// reads it again if this failed; a failed warm-up call costs nothing but
// its log line.
func (f *function) warmUp() {
	ctx, cancel := context.WithTimeout(context.Background(), warmUpTimeout)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := f.alexaHandler(ctx); err != nil {
			f.log.WarnContext(ctx, "preparing at start (conversation, pseudonym key); the first event will try again", "err", err)
		}
	})
	wg.Go(func() {
		if _, err := f.store.HouseholdForSpeaker(ctx, "warm-up"); err != nil && !errors.Is(err, intents.ErrNotFound) {
			f.log.WarnContext(ctx, "warming up DynamoDB", "err", err)
		}
	})
	wg.Wait()
}

// skillStores is what the conversation may use of the DynamoDB store. The
// optional stores (trial dates, feedback, erasure) are left out until the
// adapter has them and their DynamoDB calls have been checked against
// template.yaml's policies (TestEvents does, call by call); a test fails
// as soon as the adapter has one that is not wired here. usageSpill takes
// the usage events the table could not store in time; nil for none (it
// must be a nil interface, not a nil *spill.Queue).
func skillStores(store *dynamo.Store, usageSpill intents.UsageSpill) intents.Stores {
	return intents.Stores{Households: store, Repairs: store, Coaching: store, Progress: store, Usage: store,
		Trial: store, Feedback: store, Eraser: store, Speakers: store, Replies: store, Accounts: store, Reminders: store, Spill: usageSpill}
}

// lastResort logs in full each usage event the spill could not take. The
// conversation then keeps the event in memory for a retry, but a Lambda
// container may be frozen or ended before it makes one; the log line
// outlives it. Its "event" is the spill's message body (the same JSON
// names), so sending it to the spill queue by hand puts it in the usage
// table (docs/deploy.md); the write is idempotent, so an event both
// retried and restored counts once.
type lastResort struct {
	spill intents.UsageSpill
	log   *slog.Logger
}

// SpillUsage spills e, logging it in full if that fails.
func (l lastResort) SpillUsage(ctx context.Context, e intents.UsageEvent) error {
	err := l.spill.SpillUsage(ctx, e)
	if err != nil {
		l.log.ErrorContext(ctx, "usage event neither written nor spilled; in full here, as a last resort",
			"request_id", e.RequestID, "event", e, "err", err)
	}
	return err
}

// Invoke answers one Alexa event. An event that is not an Alexa request,
// or is for another skill, is refused with an error (Lambda reports it):
// that is bad input, not a failure. Anything that goes wrong inside, even
// a panic, becomes a spoken apology in a valid response.
func (f *function) Invoke(ctx context.Context, event json.RawMessage) (out json.RawMessage, err error) {
	defer func() {
		if p := recover(); p != nil {
			f.log.ErrorContext(ctx, apologyLog, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = f.apologise(event)
		}
	}()
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-reserve))
		defer cancel()
	}
	h, err := f.alexaHandler(ctx)
	if err != nil {
		f.log.ErrorContext(ctx, apologyLog, "err", err)
		return f.apologise(event)
	}
	return h.Lambda(ctx, event)
}

// alexaHandler returns the Alexa handler, making the conversation and
// reading the pseudonym key first if nobody has yet. A failure is not
// kept: the next event tries again.
func (f *function) alexaHandler(ctx context.Context) (*alexa.Handler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.handler != nil {
		return f.handler, nil
	}
	if f.conv == nil {
		conv, err := f.newConv()
		if err != nil {
			return nil, fmt.Errorf("making the conversation: %w", err)
		}
		f.conv = conv
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
	f.handler = alexa.NewHandler(f.conv, p, f.skillID, f.log)
	f.handler.ReminderClient = alexa.NewReminderClient()
	return f.handler, nil
}

func (f *function) readKey(ctx context.Context) ([]byte, error) {
	if f.secrets == nil {
		f.secrets = f.newSecrets()
	}
	out, err := f.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(f.secretARN)})
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key secret: %w", err)
	}
	if out.SecretString == nil {
		return nil, errors.New("the pseudonym key secret has no string value")
	}
	return intents.DecodePseudonymKey(strings.TrimSpace(*out.SecretString))
}

// apologise answers an event the skill could not handle. It refuses what
// the handler would have refused, so a broken container still never
// answers a malformed event or another skill's.
func (f *function) apologise(event json.RawMessage) (json.RawMessage, error) {
	req, err := alexa.Decode(event)
	if err != nil {
		return nil, err
	}
	if f.skillID != "" && req.ApplicationID() != f.skillID {
		return nil, fmt.Errorf("%w: got %q", alexa.ErrWrongSkill, req.ApplicationID())
	}
	resp := intents.Response{End: true}
	if req.Body.Type != intents.SessionEndedRequest {
		// Alexa speaks nothing in answer to SessionEndedRequest.
		resp.Speech = apology(f.cfg)
	}
	return json.Marshal(alexa.Encode(resp))
}

// apology is what a tenant hears when the skill fails: sorry, the repairs
// line, and — because the tenant may have been reporting something
// dangerous — the emergency line.
func apology(cfg intents.Config) string {
	var b strings.Builder
	b.WriteString("Sorry, something went wrong and I couldn't do that just now. Please try again later, or call us on ")
	phone(&b, cfg.LandlordPhone)
	b.WriteString(". If it's an emergency, call ")
	phone(&b, cfg.EmergencyPhone)
	b.WriteString(".")
	return b.String()
}

// phone reads a number digit by digit, as the conversation does.
func phone(b *strings.Builder, number string) {
	b.WriteString(`<say-as interpret-as="telephone">`)
	_ = xml.EscapeText(b, []byte(number))
	b.WriteString(`</say-as>`)
}
