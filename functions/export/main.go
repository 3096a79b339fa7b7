// Command export writes the staff site's events downloads on AWS:
// template.yaml's ExportFunction, triggered by ExportQueue. The staff site
// cannot send a long answer from Lambda (6 MB, 30 s through API Gateway),
// so it queues the download instead; this function streams the period's
// usage events from the usage table into an S3 object in parts, with
// memory that does not grow with the download, and the staff site hands
// the finished object over as a short-lived link (docs/staff-site.md
// "Downloads on AWS").
package main

import (
	"log/slog"
	"os"
	_ "time/tzdata" // Europe/London must work whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	x, err := newExporter(os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(x.Invoke)
}
