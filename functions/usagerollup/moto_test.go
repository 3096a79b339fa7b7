package main

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// pumped is the staff side's store (WithRollups) over tables whose usage
// stream is handed, before each report, to this function as Lambda would:
// each batch with some records out of order (as records of one speaker
// from different shards arrive), then the whole batch again, as a
// redelivery after a failure would.
//
// The from-events side of the comparison reads the events as written, kept
// here (the first of each request id, as the table keeps): reading them
// back from moto_server, day by day and shard by shard, for each of the
// comparison's sixteen periods would take longer than the test may.
type pumped struct {
	*dynamo.Store
	written []intents.UsageEvent
	t       *testing.T
	stream  *mototest.Stream
	handler lambda.Handler
	rnd     *rand.Rand
}

func (p *pumped) RecordUsage(ctx context.Context, e intents.UsageEvent) error {
	if err := p.Store.RecordUsage(ctx, e); err != nil {
		return err
	}
	if !slices.ContainsFunc(p.written, func(w intents.UsageEvent) bool { return w.RequestID == e.RequestID }) {
		p.written = append(p.written, e)
	}
	return nil
}

func (p *pumped) UsageEvents(_ context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	var out []intents.UsageEvent
	for _, e := range p.written {
		if !e.Time.Before(from) && e.Time.Before(to) {
			out = append(out, e)
		}
	}
	// As the table lists them: by time, then request id.
	slices.SortFunc(out, func(a, b intents.UsageEvent) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.RequestID, b.RequestID))
	})
	return out, nil
}

func (p *pumped) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	for {
		raw, n := p.stream.Next(p.t)
		if n == 0 {
			break
		}
		var ev events.DynamoDBEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			p.t.Fatal(err)
		}
		for i := 0; i+1 < len(ev.Records); i++ {
			if p.rnd.IntN(8) == 0 {
				ev.Records[i], ev.Records[i+1] = ev.Records[i+1], ev.Records[i]
			}
		}
		for range 2 {
			// Lambda hands a function at most BatchSize (10) records.
			for lo := 0; lo < len(ev.Records); lo += 10 {
				batch, _ := json.Marshal(events.DynamoDBEvent{Records: ev.Records[lo:min(lo+10, len(ev.Records))]})
				out, err := p.handler.Invoke(ctx, batch)
				if err != nil {
					p.t.Fatal(err)
				}
				var resp events.DynamoDBEventResponse
				if err := json.Unmarshal(out, &resp); err != nil || len(resp.BatchItemFailures) > 0 {
					p.t.Fatalf("the function failed records: %s (%v)", out, err)
				}
			}
		}
	}
	return p.Store.UsageRollups(ctx, since, from, to, includeDemo)
}

// TestRollupsFromTheStream: the day rows this function keeps from the
// usage table's stream (moto_server's real stream and transactions) give
// every figure the events give, on the test pilot, with records out of
// order and every one delivered twice. The pilot only: moto_server takes
// 0.1–0.4 s a delivery on these machines, so the seeded log's thousands of
// events would take most of an hour (infra/dynamo's
// TestStreamRollupsAfterErasure covers erasure on a small seeded log).
// Some minutes long, so not under -short.
func TestRollupsFromTheStream(t *testing.T) {
	if testing.Short() {
		t.Skip("some minutes on moto_server")
	}
	srv := mototest.Start(t)
	client := dynamodb.NewFromConfig(srv.Config())
	n := 0
	evaltest.CheckRollupsPilot(t, func(t *testing.T) evaltest.RollupStore {
		n++
		tables := dynamo.Tables{Data: "data-" + string(rune('a'+n)), Usage: "usage-" + string(rune('a'+n))}
		quiet := slog.New(slog.DiscardHandler)
		if err := dynamo.New(client, tables, dynamo.WithLogger(quiet)).CreateTables(t.Context()); err != nil {
			t.Fatal(err)
		}
		out, err := client.UpdateTable(t.Context(), &dynamodb.UpdateTableInput{
			TableName:           aws.String(tables.Usage),
			StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly},
		})
		if err != nil {
			t.Fatal(err)
		}
		env := srv.Env()
		env["HOMEHELPER_USAGE_TABLE"] = tables.Usage
		env["HOMEHELPER_USAGE_RETENTION_DAYS"] = "400"
		r, err := newRoller(func(k string) string { return env[k] }, slog.New(slog.NewTextHandler(t.Output(), nil)))
		if err != nil {
			t.Fatal(err)
		}
		return &pumped{
			Store:   dynamo.New(client, tables, dynamo.WithRollups(), dynamo.WithLogger(quiet)),
			t:       t,
			stream:  srv.Stream(t, aws.ToString(out.TableDescription.LatestStreamArn)),
			handler: lambda.NewHandler(r.Invoke),
			rnd:     rand.New(rand.NewPCG(uint64(n), 2)),
		}
	})
}
