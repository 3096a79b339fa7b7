package dynamo

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/intents/storetest"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestContract runs the contract every store keeps, each subtest on a fresh
// pair of tables in one dynalite.
func TestContract(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, _ := newTestStore(t, client)
		return s
	})
}

// TestStaffContract runs the staff and privacy contract (trial dates,
// feedback timing, erasure, the repair queue, coach availability) the same
// way.
func TestStaffContract(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	storetest.RunStaff(t, func(t *testing.T) storetest.StaffStore {
		s, _ := newTestStore(t, client)
		return s
	})
}

var tableSeq atomic.Int64

// newTestStore makes a store on new, empty tables, created by CreateTables
// from Definitions, and returns it with its table names.
func newTestStore(t testing.TB, client *dynamodb.Client, opts ...Option) (*Store, Tables) {
	t.Helper()
	n := tableSeq.Add(1)
	tables := Tables{Data: fmt.Sprintf("hh-data-%d", n), Usage: fmt.Sprintf("hh-usage-%d", n)}
	// Quietly: on dynalite CreateTables always warns that it cannot
	// enable TTL (TestCreateTables checks that warning).
	quiet := slog.New(slog.DiscardHandler)
	if err := New(client, tables, WithLogger(quiet)).CreateTables(t.Context()); err != nil {
		t.Fatalf("CreateTables: %v", err)
	}
	opts = append([]Option{WithLogger(testLogger(t))}, opts...)
	return New(client, tables, opts...), tables
}

// testLogger sends the store's log lines to the test's output.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

// recorder is client middleware that records every operation's input and
// can fail chosen ones, to check what the store asks of DynamoDB and how it
// copes when a write fails part-way.
type recorder struct {
	mu     sync.Mutex
	inputs []any
	// fail, if set, is asked about each input before it is sent; an error
	// it returns is the operation's result.
	fail func(input any) error
}

// client returns a copy of base that goes through r.
func (r *recorder) client(base *dynamodb.Client) *dynamodb.Client {
	o := base.Options()
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("record",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				r.mu.Lock()
				r.inputs = append(r.inputs, in.Parameters)
				fail := r.fail
				r.mu.Unlock()
				if fail != nil {
					if err := fail(in.Parameters); err != nil {
						return middleware.InitializeOutput{}, middleware.Metadata{}, err
					}
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	})
	return dynamodb.New(o)
}

func (r *recorder) setFail(f func(input any) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

func (r *recorder) recorded() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]any(nil), r.inputs...)
}

// TestOnceContract runs the exactly-once contract on moto_server: a
// tenant's change and its request's claim are one transaction, which
// dynalite does not implement.
func TestOnceContract(t *testing.T) {
	client := dynamodb.NewFromConfig(mototest.Start(t).Config())
	storetest.RunOnce(t, func(t *testing.T) storetest.OnceStore {
		s, _ := newTestStore(t, client)
		return s
	})
}

// TestHouseholdUsageContract reads a household's events through the by_household
// and by_speaker indexes.
func TestHouseholdUsageContract(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	s, _ := newTestStore(t, client)
	storetest.RunHouseholdUsage(t, s)
}
