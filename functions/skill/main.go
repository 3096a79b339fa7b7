// Command skill is Home Helper's Alexa skill on AWS Lambda: template.yaml's
// SkillFunction, built by `make build-SkillFunction` as the bootstrap of a
// provided.al2023 function.
package main

import (
	"log/slog"
	"os"
	_ "time/tzdata" // Europe/London must work whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	f, err := newHandler(os.Getenv, log)
	if err != nil {
		// Lambda reports the failed start; the Errors alarm sees it.
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	go f.warmUp()
	lambda.Start(f.Invoke)
}
