// Command staff is the staff site on AWS Lambda: template.yaml's
// StaffFunction behind an API Gateway HTTP API, built by `make
// build-StaffFunction` as the bootstrap of a provided.al2023 function.
package main

import (
	"context"
	"log/slog"
	"os"
	_ "time/tzdata" // Europe/London must work whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	f, err := newFunction(context.Background(), os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(f.Invoke)
}
