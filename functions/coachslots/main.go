// Command coachslots lays the coaches' weekly availability
// (content/coaches.json) over the weeks ahead in the DynamoDB data table:
// template.yaml's CoachSlotsFunction, run daily by an EventBridge schedule
// and once by hand after each deploy. Seeding here, not in the skill, keeps
// the skill's cold start free of it; slots already stored are left as they
// are, so running it again only adds new days.
package main

import (
	"log/slog"
	"os"
	_ "time/tzdata" // Europe/London must work whatever the runtime image holds

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	s, err := newSeeder(os.Getenv, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(s.Invoke)
}
