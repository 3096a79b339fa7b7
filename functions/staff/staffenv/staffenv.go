// Package staffenv reads the settings template.yaml gives the staff site's
// Lambda function (StaffFunction). The tables and the pseudonym key are
// named as the skill's are (functions/internal/lambdaenv); the Cognito
// settings are the staff site's own. The template test holds
// template.yaml to what Read reads.
package staffenv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
)

// The Cognito variables. AWS_REGION, which the pool's issuer also needs,
// is Lambda's own and read with the AWS configuration (lambdaenv.AWS).
const (
	// CognitoDomain is the hosted sign-in page's host
	// (PREFIX.auth.REGION.amazoncognito.com).
	CognitoDomain = "HOMEHELPER_COGNITO_DOMAIN"
	// CognitoClientID is the app client staff sign in through.
	CognitoClientID = "HOMEHELPER_COGNITO_CLIENT_ID"
	// CognitoPoolID is the user pool whose tokens are trusted.
	CognitoPoolID = "HOMEHELPER_COGNITO_POOL_ID"
)

// Config is the staff function's configuration.
type Config struct {
	Tables dynamo.Tables
	// SecretARN is where the pseudonym key is kept (enrolling turns a
	// household reference into its id with it). Key, when not nil, came
	// from lambdaenv.PseudonymKey (local runs, tests) and the secret is
	// not read.
	SecretARN string
	Key       []byte

	CognitoDomain, CognitoClientID, CognitoPoolID string

	// The numbers the skill reads out, so the staff site quotes what
	// tenants really hear (outside the trial's dates, for example).
	LandlordPhone, EmergencyPhone string

	// Rollups: a function keeps the usage table's day rows, so reports
	// read them (lambdaenv.UsageRollupFunction is set).
	Rollups bool

	// ExportBucket and ExportQueueURL are where the events downloads are
	// written, and how the export function is asked for one: Lambda
	// cannot send a long answer itself.
	ExportBucket, ExportQueueURL string
}

// Read reads the staff function's settings, naming every missing or
// unreadable variable in one error.
func Read(getenv func(string) string) (Config, error) {
	var errs []error
	required := func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			errs = append(errs, fmt.Errorf("%s is not set", name))
		}
		return v
	}
	c := Config{
		Tables:          dynamo.Tables{Data: required(lambdaenv.DataTable), Usage: required(lambdaenv.UsageTable)},
		SecretARN:       strings.TrimSpace(getenv(lambdaenv.PseudonymSecretARN)),
		CognitoDomain:   required(CognitoDomain),
		CognitoClientID: required(CognitoClientID),
		CognitoPoolID:   required(CognitoPoolID),
		LandlordPhone:   required(lambdaenv.LandlordPhone),
		EmergencyPhone:  required(lambdaenv.EmergencyPhone),
		Rollups:         strings.TrimSpace(getenv(lambdaenv.UsageRollupFunction)) != "",
		ExportBucket:    required(lambdaenv.ExportBucket),
		ExportQueueURL:  required(lambdaenv.ExportQueueURL),
	}
	if k := strings.TrimSpace(getenv(lambdaenv.PseudonymKey)); k != "" {
		key, err := intents.DecodePseudonymKey(k)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", lambdaenv.PseudonymKey, err))
		}
		c.Key = key
	} else if c.SecretARN == "" {
		errs = append(errs, fmt.Errorf("%s is not set (nor %s, for local runs)", lambdaenv.PseudonymSecretARN, lambdaenv.PseudonymKey))
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("environment: %w", errors.Join(errs...))
	}
	return c, nil
}
