// Command homehelper runs Home Helper on one machine: the Alexa endpoint
// and try-it page (serve), a terminal conversation (chat), and the staff
// commands (pilot, events). Everything it keeps is in one data folder, in
// SQLite, so no AWS account is needed. The same conversation runs on AWS
// Lambda from functions/skill.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // Europe/London must work on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `homehelper: Home Helper, the Alexa skill for tenants, on one machine.

Usage:
  homehelper serve  [-addr 127.0.0.1:8080] [-data ./data] [-dev | -skill-id ID [-tls-cert F -tls-key F]]
                    [-handoff-url URL] [-handoff-emergency-url URL] [-handoff-coach-url URL]
  homehelper outbox [-data ./data] [--state pending|sent|failed]
  homehelper chat   [-data ./data]
  homehelper pilot add --household REF [--vulnerable] [--consent-date YYYY-MM-DD] [--coach ID] [-data ./data]
  homehelper pilot list [-data ./data]
  homehelper pilot withdraw --household REF [--yes] [-data ./data]
  homehelper pilot dates [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--clear] [-data ./data]
  homehelper events [-data ./data] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  homehelper report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|csv|json] [--demo] [-data ./data]
  homehelper dynamo init [-data-table NAME] [-usage-table NAME]
  homehelper seed   [--households 30] [--days 60] [--per-day 4] [--demo] [--last YYYY-MM-DD] [-data ./data]
  homehelper loadtest -url http://127.0.0.1:PORT [-tenants 50] [-duration 30s] [-short] [-seed 1] [-data ./data]

Every command that reads or writes data takes -store sqlite (the default, in
the data folder) or -store dynamodb (the default AWS configuration chain;
AWS_ENDPOINT_URL_DYNAMODB points it at a local DynamoDB-compatible server).

Every flag can also be set with an environment variable (see docs/configuration.md);
a flag given on the command line wins.
`

// run is main without the process: tests call it with their own arguments
// and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr)
	case "chat":
		err = chat(ctx, args[1:], stdin, stdout, stderr)
	case "pilot":
		err = pilot(ctx, args[1:], stdout, stderr)
	case "events":
		err = events(ctx, args[1:], stdout, stderr)
	case "dynamo":
		err = dynamoCmd(ctx, args[1:], stdout, stderr)
	case "report":
		err = report(ctx, args[1:], stdout, stderr)
	case "outbox":
		err = outboxCmd(ctx, args[1:], stdout, stderr)
	case "seed":
		err = seedCmd(ctx, args[1:], stdout, stderr)
	case "loadtest":
		err = loadtest(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "homehelper: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "homehelper %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "homehelper %s: %v\n", args[0], err)
		return 1
	}
}

var errUsage = errors.New("usage")
