package notifier

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
)

// FromEnv builds the Notifier both functions/notify (the stream) and
// functions/handoffsweep (the schedule) hand off with, from the
// environment Read reads: the same code, so the two paths send the same
// messages and record them the same way.
func FromEnv(getenv func(string) string, log *slog.Logger) (*Notifier, error) {
	cfg, err := Read(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.AWS(getenv)
	if err != nil {
		return nil, err
	}
	secrets := secretsmanager.NewFromConfig(awsCfg)
	return &Notifier{
		Store:        lambdaenv.Store(awsCfg, getenv, cfg.Tables),
		Publisher:    Topic{Client: sns.NewFromConfig(awsCfg), ARN: cfg.TopicARN},
		RepairsURL:   cfg.RepairsURL,
		EmergencyURL: cfg.EmergencyURL,
		CoachesURL:   cfg.CoachesURL,
		Secret: func(ctx context.Context) ([]byte, error) {
			out, err := secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(cfg.SecretARN)})
			if err != nil {
				return nil, err
			}
			return []byte(aws.ToString(out.SecretString)), nil
		},
		Log: log,
	}, nil
}
