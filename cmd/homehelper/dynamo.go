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
	if len(args) == 0 || args[0] != "init" {
		return fmt.Errorf("%w: dynamo init [-data-table NAME] [-usage-table NAME]", errUsage)
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
