package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
)

// dynamoCmd manages the DynamoDB tables, for local DynamoDB-compatible
// servers and for people who deploy without SAM (which creates them itself).
func dynamoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "catch-up" {
		return catchUpCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "init" {
		return fmt.Errorf("%w: dynamo init [-data-table NAME] [-usage-table NAME], or dynamo catch-up --from D --to D", errUsage)
	}
	fs := newFlagSet("dynamo init", stderr)
	var st storage
	storageFlags(fs, &st)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	log := newLogger(stderr)
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return fmt.Errorf("loading AWS configuration: %w", err)
	}
	s := dynamo.New(awsdynamodb.NewFromConfig(cfg), dynamo.Tables{Data: st.dataTable, Usage: st.usageTable}, dynamo.WithLogger(log))
	if err := s.CreateTables(ctx); err != nil {
		return err
	}
	a := &app{store: dynamoStore{s}, log: log, cfg: intents.DefaultConfig()}
	if err := a.seedCoaches(ctx, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Tables %s and %s are ready, with coach availability for the next %d days.\n", st.dataTable, st.usageTable, seedDays)
	return nil
}

// catchUpCmd folds into the rollups the usage events of some days that
// are not in them: after the rollup function's dead-letter alarm
// (docs/deploy.md "When a rollup record is dead-lettered").
func catchUpCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("dynamo catch-up", stderr)
	var st storage
	storageFlags(fs, &st)
	from := fs.String("from", "", "first UK day of events to catch up, YYYY-MM-DD")
	to := fs.String("to", "", "last UK day, YYYY-MM-DD (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	loc := intents.DefaultConfig().Location
	if *to == "" {
		*to = time.Now().In(loc).Format(time.DateOnly)
	}
	first, err := time.ParseInLocation(time.DateOnly, *from, loc)
	if err != nil {
		return fmt.Errorf("%w: --from %q is not a day written YYYY-MM-DD", errUsage, *from)
	}
	last, err := time.ParseInLocation(time.DateOnly, *to, loc)
	if err != nil || last.Before(first) {
		return fmt.Errorf("%w: --to %q is not a day on or after --from", errUsage, *to)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return fmt.Errorf("loading AWS configuration: %w", err)
	}
	s := dynamo.New(awsdynamodb.NewFromConfig(cfg), dynamo.Tables{Data: st.dataTable, Usage: st.usageTable}, dynamo.WithLogger(newLogger(stderr)))
	n, err := s.CatchUpRollups(ctx, first, last.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d usage events from %s to %s were not in the figures and now are.\n", n, *from, *to)
	return nil
}
