// Command handoffsweep hands off repairs the stream path missed:
// template.yaml's HandoffSweepFunction, run every 5 minutes by an
// EventBridge schedule. A stream record that exhausts NotifyFunction's
// retries reaches the dead-letter queue only as a pointer into the stream,
// which keeps records 24 hours; the sweep reads the repairs themselves
// instead, and sends each reported in the last 7 days, more than 5 minutes
// ago, that has no handoff_sent_at, through the same notifier as the
// stream path. docs/handoff.md "On AWS".
package main

import (
	"context"
	"log/slog"
	"os"
	"time"
	_ "time/tzdata" // the SNS text shows UK time whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/homehelper/homehelper/functions/internal/notifier"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	// Lambda's init phase allows 10 s; the secret read is most of it.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	n, err := notifier.FromEnv(ctx, os.Getenv, log)
	cancel()
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	s := &notifier.Sweeper{Notifier: n, Log: log}
	lambda.Start(s.Invoke)
}
