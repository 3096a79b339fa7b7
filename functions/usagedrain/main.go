// Command usagedrain writes usage events the skill spilled to SQS, because
// the usage table could not store them in time, into the usage table:
// template.yaml's UsageDrainFunction, triggered by UsageSpillQueue. A
// message it cannot write is reported as a batch item failure, so SQS
// delivers it again; after a few receives SQS moves it to the dead-letter
// queue, which is alarmed on. Nothing is dropped here.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	d, err := newDrain(os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(d.Invoke)
}
