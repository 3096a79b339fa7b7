// Command usagerollup keeps the evaluation's day rows from the usage
// table's stream: template.yaml's UsageRollupFunction, triggered by the
// usage table's stream, filtered to INSERTs of usage events. Each event
// is folded once however often its record is delivered
// (dynamo.Store.RollUp); a record it cannot fold is reported as a batch
// item failure, so Lambda retries it and, after its last try, sends a
// pointer to the dead-letter queue, which is alarmed on. docs/data-model.md
// "Rollups".
package main

import (
	"log/slog"
	"os"
	_ "time/tzdata" // days are reckoned in Europe/London whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	r, err := newRoller(os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(r.Invoke)
}
