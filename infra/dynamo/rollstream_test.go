package dynamo

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/internal/mototest"
)

// streamedStore is a store on moto_server whose usage table's stream is
// read, as Lambda's event source mapping would, before each report: every
// INSERT record is handed to RollUp in a shuffled order (as records from
// different shards arrive), and again, concurrently, as a redelivery.
type streamedStore struct {
	*Store
	t      *testing.T
	stream *mototest.Stream
	rnd    *rand.Rand
}

func (s *streamedStore) pump() {
	s.t.Helper()
	for {
		raw, n := s.stream.Next(s.t)
		if n == 0 {
			return
		}
		var ev events.DynamoDBEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			s.t.Fatal(err)
		}
		var keys []UsageKey
		for _, r := range ev.Records {
			if k, ok := UsageKeyOf(r); ok {
				keys = append(keys, k)
			}
		}
		start := time.Now()
		defer func() { s.t.Logf("rolled up %d events twice in %v", len(keys), time.Since(start)) }()
		// Records from different shards arrive out of order: here one in
		// eight changes places with the next.
		for i := 0; i+1 < len(keys); i++ {
			if s.rnd.IntN(8) == 0 {
				keys[i], keys[i+1] = keys[i+1], keys[i]
			}
		}
		// Then every record again, newest first, as a redelivery after a
		// failed batch would. (One after the other: moto_server applies
		// concurrent ADDs to one item without a lock, which DynamoDB does
		// not, so concurrent deliveries cannot be tested on it.)
		again := slices.Clone(keys)
		slices.Reverse(again)
		for _, k := range slices.Concat(keys, again) {
			if err := s.RollUp(s.t.Context(), k); err != nil {
				s.t.Fatal(err)
			}
		}
	}
}

func (s *streamedStore) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	s.pump()
	return s.Store.UsageRollups(ctx, since, from, to, includeDemo)
}

func newStreamedStore(t *testing.T, srv *mototest.Server, seed uint64) *streamedStore {
	t.Helper()
	client := dynamodb.NewFromConfig(srv.Config())
	s, tables := newTestStore(t, client, WithRollups())
	out, err := client.UpdateTable(t.Context(), &dynamodb.UpdateTableInput{
		TableName:           aws.String(tables.Usage),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(out.TableDescription.LatestStreamArn)
	return &streamedStore{Store: s, t: t, stream: srv.Stream(t, arn), rnd: rand.New(rand.NewPCG(seed, 1))}
}

// TestStreamRollupsMatchEvents: the day rows the stream keeps give every
// figure the events give, on moto_server's real stream and transactions,
// with records delivered out of order and every one delivered twice.
func TestStreamRollupsMatchEvents(t *testing.T) {
	srv := mototest.Start(t)
	seed := uint64(1)
	evaltest.CheckRollups(t, func(t *testing.T) evaltest.RollupStore {
		seed++
		return newStreamedStore(t, srv, seed)
	})
}
