package notifier

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/sns"
)

// FromEnv builds the Notifier both functions/notify (the stream) and
// functions/handoffsweep (the schedule) hand off with, from the
// environment Read reads and the hand-off secret, read once here, at start:
// the same code, so the two paths send the same messages and record them
// the same way. A secret that cannot be read or is malformed fails the
// start, which the errors alarm reports, rather than every record. A
// changed secret applies to containers started after the change
// (docs/deploy.md says how to make that at once).
func FromEnv(ctx context.Context, getenv func(string) string, log *slog.Logger) (*Notifier, error) {
	cfg, err := Read(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.BackgroundAWS(getenv)
	if err != nil {
		return nil, err
	}
	out, err := secretsmanager.NewFromConfig(awsCfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(cfg.SecretARN)})
	if err != nil {
		return nil, fmt.Errorf("reading the hand-off secret %s: %w", cfg.SecretARN, err)
	}
	sec, err := ParseSecret(aws.ToString(out.SecretString))
	if err != nil {
		return nil, err
	}
	key := []byte(sec.SigningKey)
	return &Notifier{
		Store:        lambdaenv.Store(awsCfg, getenv, cfg.Tables),
		Publisher:    sns.Topic{Client: awssns.NewFromConfig(awsCfg), ARN: cfg.TopicARN},
		RepairsURL:   sec.RepairsURL,
		EmergencyURL: sec.EmergencyURL,
		CoachesURL:   sec.CoachesURL,
		Secret:       func(context.Context) ([]byte, error) { return key, nil },
		Log:          log,
	}, nil
}
