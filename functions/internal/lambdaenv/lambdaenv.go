// Package lambdaenv reads the settings template.yaml gives Home Helper's
// Lambda functions, and makes the AWS clients they share. The names of the
// environment variables live here, once: the functions read them through
// this package, and the template test holds template.yaml to them.
package lambdaenv

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
)

// The environment variables the functions read.
const (
	// SkillID is the Alexa skill id; events for any other skill are refused.
	SkillID = "SKILL_ID"
	// DataTable and UsageTable name the DynamoDB tables.
	DataTable  = dynamo.EnvDataTable
	UsageTable = dynamo.EnvUsageTable
	// UsageRetentionDays is how long a usage event is kept, in whole days.
	UsageRetentionDays = "HOMEHELPER_USAGE_RETENTION_DAYS"
	// PseudonymSecretARN is the Secrets Manager secret holding the
	// pseudonym key (base64, as intents.DecodePseudonymKey reads it).
	PseudonymSecretARN = "HOMEHELPER_PSEUDONYM_SECRET_ARN"
	// PseudonymKey, when set, is the key itself and the secret is not read:
	// for local runs and tests only.
	PseudonymKey = "HOMEHELPER_PSEUDONYM_KEY"
	// LandlordPhone and EmergencyPhone are read out to tenants.
	LandlordPhone  = "HOMEHELPER_LANDLORD_PHONE"
	EmergencyPhone = "HOMEHELPER_EMERGENCY_PHONE"
	// ReminderHour is the hour (UK time) a coach visit's reminder is
	// spoken the evening before (intents.CheckReminderHour's range).
	ReminderHour = "HOMEHELPER_REMINDER_HOUR"
	// UsageSpillQueueURL is the SQS queue a usage event goes to when the
	// usage table cannot store it in time; UsageDrainFunction writes it to
	// the table later. Optional: without it (local runs) such an event is
	// only kept in memory for a retry.
	UsageSpillQueueURL = "HOMEHELPER_USAGE_SPILL_QUEUE_URL"
	// UsageRollupFunction names the function that keeps the usage
	// table's day rows from its stream; set, the staff site reads them
	// (dynamo.WithRollups); unset (local runs), it folds the period's
	// events.
	UsageRollupFunction = "HOMEHELPER_USAGE_ROLLUP_FUNCTION"
	// ExportBucket is the S3 bucket the events downloads are written to
	// (by the export function) and linked from (by the staff site).
	ExportBucket = "HOMEHELPER_EXPORT_BUCKET"
	// ExportQueueURL is the SQS queue the staff site asks the export
	// function for a download through.
	ExportQueueURL = "HOMEHELPER_EXPORT_QUEUE_URL"
)

// EndpointURLSQS is the SDK's own name for an SQS endpoint override, read
// as AWS_ENDPOINT_URL_DYNAMODB is: only tests set it, to reach a stand-in.
const EndpointURLSQS = "AWS_ENDPOINT_URL_SQS"

// LocalOnly lists the variables a function reads that template.yaml must
// never set: a key in the function's configuration would be readable by
// anyone who can read the function, which is what the secret avoids.
var LocalOnly = []string{PseudonymKey}

// Skill is the skill function's configuration.
type Skill struct {
	SkillID   string
	Tables    dynamo.Tables
	Retention time.Duration
	// SecretARN is where the pseudonym key is kept. Key, when not nil,
	// came from PseudonymKey and the secret is not read.
	SecretARN string
	Key       []byte

	LandlordPhone, EmergencyPhone string
	ReminderHour                  int

	// SpillQueueURL is where usage events go that the usage table could
	// not store in time; "" for none.
	SpillQueueURL string
}

// ReadSkill reads the skill function's settings. Every variable is read
// whatever the others hold, so a test can see the whole set; every missing
// or unreadable one is named in the error. Nothing has a default: a skill
// deployed without its landlord's phone numbers would read out numbers
// that reach nobody.
func ReadSkill(getenv func(string) string) (Skill, error) {
	r := reader{getenv: getenv}
	s := Skill{
		SkillID:        r.required(SkillID),
		Tables:         dynamo.Tables{Data: r.required(DataTable), Usage: r.required(UsageTable)},
		Retention:      r.days(UsageRetentionDays),
		SecretARN:      getenv(PseudonymSecretARN),
		LandlordPhone:  r.required(LandlordPhone),
		EmergencyPhone: r.required(EmergencyPhone),
		ReminderHour:   r.reminderHour(ReminderHour),
		SpillQueueURL:  r.optionalURL(UsageSpillQueueURL),
	}
	if k := getenv(PseudonymKey); k != "" {
		key, err := intents.DecodePseudonymKey(strings.TrimSpace(k))
		if err != nil {
			r.fail(fmt.Errorf("%s: %w", PseudonymKey, err))
		}
		s.Key = key
	} else if s.SecretARN == "" {
		r.fail(fmt.Errorf("%s is not set (nor %s, for local runs)", PseudonymSecretARN, PseudonymKey))
	}
	return s, r.err()
}

// CoachSlots is the coach-slot function's configuration: it writes coach
// slots to the data table and touches nothing else.
type CoachSlots struct {
	Tables dynamo.Tables
}

// ReadCoachSlots reads the coach-slot function's settings.
func ReadCoachSlots(getenv func(string) string) (CoachSlots, error) {
	r := reader{getenv: getenv}
	c := CoachSlots{Tables: dynamo.Tables{Data: r.required(DataTable)}}
	return c, r.err()
}

// UsageDrain is the usage-drain function's configuration: it writes spilled
// usage events to the usage table, with the skill's retention, so a
// drained event expires when it would have, had it been written at once.
type UsageDrain struct {
	Tables    dynamo.Tables // Usage only
	Retention time.Duration
}

// ReadUsageDrain reads the usage-drain function's settings.
func ReadUsageDrain(getenv func(string) string) (UsageDrain, error) {
	r := reader{getenv: getenv}
	d := UsageDrain{
		Tables:    dynamo.Tables{Usage: r.required(UsageTable)},
		Retention: r.days(UsageRetentionDays),
	}
	return d, r.err()
}

// Export is the export function's configuration: it reads the usage
// table and writes to the export bucket.
type Export struct {
	Tables dynamo.Tables // Usage only
	Bucket string
}

// ReadExport reads the export function's settings.
func ReadExport(getenv func(string) string) (Export, error) {
	r := reader{getenv: getenv}
	e := Export{Tables: dynamo.Tables{Usage: r.required(UsageTable)}, Bucket: r.required(ExportBucket)}
	return e, r.err()
}

// AWS builds the AWS configuration of a function on the tenant's request
// path (the skill, the staff site): every client retries as
// dynamo.QuickRetries says, a few times within a fraction of a second,
// because Alexa waits 8 seconds and staff a page load. Background functions
// use BackgroundAWS. Both are built from what Lambda puts in the
// environment: the region and the execution role's credentials. Building it
// directly, rather than with config.LoadDefaultConfig, saves 4–8 ms of
// every cold start (measured here: that search for shared files, profiles
// and SSO settings finds nothing in Lambda, and ends with the same static
// credentials from the environment) and keeps the SSO, STS and IMDS
// clients out of the binary. `sam local invoke` sets the same variables;
// for anything else, export them (`aws configure export-credentials
// --format env` prints them).
func AWS(getenv func(string) string) (aws.Config, error) {
	region, id, secret := getenv(awsRegion), getenv(awsAccessKeyID), getenv(awsSecretAccessKey)
	if region == "" || id == "" || secret == "" {
		return aws.Config{}, fmt.Errorf("AWS configuration: %s, %s and %s must be set (Lambda sets them)", awsRegion, awsAccessKeyID, awsSecretAccessKey)
	}
	cfg := aws.Config{
		Retryer:     dynamo.QuickRetryer,
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(id, secret, getenv(awsSessionToken))),
	}
	// The SDK's own override for every service, as LoadDefaultConfig
	// reads it: Lambda never sets it; tests point it at moto_server.
	if u := getenv(awsEndpointURL); u != "" {
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg, nil
}

// BackgroundAWS is AWS for a function no person waits on (the usage
// drain, hand-off notify and sweep, coach-slot seeding): the SDK's standard
// retryer, 3 attempts with exponential backoff and full jitter up to 20 s,
// so a throttled or briefly failing service is given time, and many
// containers retrying at once do not retry in step. Each function's own
// per-item timeout still bounds the whole.
func BackgroundAWS(getenv func(string) string) (aws.Config, error) {
	cfg, err := AWS(getenv)
	cfg.Retryer = func() aws.Retryer { return retry.NewStandard() }
	return cfg, err
}

// The variables Lambda sets for every function; AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_DYNAMODB are the SDK's own names for endpoint overrides
// (tests: moto_server for every service, dynalite for DynamoDB).
const (
	awsEndpointURL         = "AWS_ENDPOINT_URL"
	awsRegion              = "AWS_REGION"
	awsAccessKeyID         = "AWS_ACCESS_KEY_ID"
	awsSecretAccessKey     = "AWS_SECRET_ACCESS_KEY"
	awsSessionToken        = "AWS_SESSION_TOKEN"
	awsEndpointURLDynamoDB = "AWS_ENDPOINT_URL_DYNAMODB"
)

// Store opens the DynamoDB store over the given tables, retrying as cfg
// says (AWS or BackgroundAWS).
func Store(cfg aws.Config, getenv func(string) string, t dynamo.Tables, opts ...dynamo.Option) *dynamo.Store {
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if u := getenv(awsEndpointURLDynamoDB); u != "" {
			o.BaseEndpoint = aws.String(u)
		}
	})
	return dynamo.New(client, t, opts...)
}

// reader gathers every problem with the environment, so one failed start
// says everything that needs fixing.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (r *reader) fail(err error) { r.errs = append(r.errs, err) }

func (r *reader) err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return fmt.Errorf("environment: %w", errors.Join(r.errs...))
}

func (r *reader) required(name string) string {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		r.fail(fmt.Errorf("%s is not set", name))
	}
	return v
}

// optionalURL reads an absolute http(s) URL, or "" when the variable is
// unset: a mistyped queue URL fails the start rather than every spill.
func (r *reader) optionalURL(name string) string {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		r.fail(fmt.Errorf("%s is %q, want a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)", name, v))
		return ""
	}
	return v
}

func (r *reader) reminderHour(name string) int {
	v := r.required(name)
	if v == "" {
		return 0
	}
	h, err := strconv.Atoi(v)
	if err == nil {
		err = intents.CheckReminderHour(h)
	}
	if err != nil {
		r.fail(fmt.Errorf("%s is %q: %w", name, v, err))
		return 0
	}
	return h
}

func (r *reader) days(name string) time.Duration {
	v := r.required(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		r.fail(fmt.Errorf("%s is %q, want a whole number of days, 1 or more", name, v))
		return 0
	}
	return time.Duration(n) * 24 * time.Hour
}
