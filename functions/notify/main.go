// Command notify hands each new repair, and each coach visit booked or
// cancelled, off to the landlord's people: template.yaml's NotifyFunction,
// triggered by the data table's stream, filtered to INSERTs of repair and
// booking items and MODIFYs of booking items that have cancelled_at.
// notifier does the work; records it cannot hand off are reported as batch
// item failures, so Lambda retries them with backoff and, after its last
// try, sends a pointer to the dead-letter queue, which is alarmed on.
// functions/handoffsweep sends repairs the stream path missed.
// docs/handoff.md "On AWS".
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
	h := &notifier.Handler{Notifier: n, Log: log}
	lambda.Start(h.Invoke)
}
