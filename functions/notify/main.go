// Command notify hands each new repair off to the landlord's people:
// template.yaml's NotifyFunction, triggered by the data table's stream,
// filtered to INSERTs of repair items. notifier does the work; records it
// cannot hand off are reported as batch item failures, so Lambda retries
// them with backoff and, after its last try, sends a pointer to the
// dead-letter queue, which is alarmed on. docs/handoff.md "On AWS".
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/functions/notify/notifier"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	h, err := newHandler(os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(h.Invoke)
}

func newHandler(getenv func(string) string, log *slog.Logger) (*notifier.Handler, error) {
	cfg, err := notifier.Read(getenv)
	if err != nil {
		return nil, err
	}
	awsCfg, err := lambdaenv.AWS(getenv)
	if err != nil {
		return nil, err
	}
	secrets := secretsmanager.NewFromConfig(awsCfg)
	n := &notifier.Notifier{
		Store:        lambdaenv.Store(awsCfg, getenv, cfg.Tables),
		Publisher:    notifier.Topic{Client: sns.NewFromConfig(awsCfg), ARN: cfg.TopicARN},
		RepairsURL:   cfg.RepairsURL,
		EmergencyURL: cfg.EmergencyURL,
		Secret: func(ctx context.Context) ([]byte, error) {
			out, err := secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(cfg.SecretARN)})
			if err != nil {
				return nil, err
			}
			return []byte(aws.ToString(out.SecretString)), nil
		},
		Log: log,
	}
	return &notifier.Handler{Notifier: n, Log: log}, nil
}
