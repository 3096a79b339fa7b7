package main

// The stores the end-to-end test runs over, and what it needs of each: the
// flags that select it on every command, a way to open it from the test to
// read back what was kept, and (for DynamoDB) every item, for the privacy
// scan.

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
)

// storeView is what the end-to-end test reads back from a store, the
// same way whichever store it is.
type storeView interface {
	ListHouseholds(ctx context.Context) ([]intents.Household, error)
	HouseholdForSpeaker(ctx context.Context, speakerID string) (intents.Household, error)
	OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error)
	ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error)
	FreeSlots(ctx context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error)
}

// e2eBackend is one store the end-to-end test runs over.
type e2eBackend struct {
	kind   string
	flags  []string // given to every command after -data, selecting the store
	output string   // what setting the store up printed, for the privacy scan

	// open opens the store the program is using, alongside it.
	open func(ctx context.Context, t *testing.T, dir string) (storeView, func() error, error)
	// items returns every item the store holds, by a name for each, or is
	// nil where the data folder already holds everything.
	items func(ctx context.Context, t *testing.T) map[string][]byte
	// checkDataFolder checks which files the data folder holds.
	checkDataFolder func(t *testing.T, when string, files []string)
}

// args is a command's arguments, with the data folder and the store's flags.
func (be *e2eBackend) args(dir string, cmd ...string) []string {
	return slices.Concat(cmd, []string{"-data", dir}, be.flags)
}

// sqliteBackend is the default store: SQLite in the data folder, chosen by
// giving no -store flag at all, as the README's commands do.
func sqliteBackend() *e2eBackend {
	return &e2eBackend{
		kind: "sqlite",
		open: func(ctx context.Context, _ *testing.T, dir string) (storeView, func() error, error) {
			s, err := sqlite.Open(ctx, filepath.Join(dir, dbFile))
			if err != nil {
				return nil, nil, err
			}
			return s, s.Close, nil
		},
		checkDataFolder: func(t *testing.T, when string, files []string) {
			t.Helper()
			for _, f := range []string{dbFile, keyFile} {
				if !slices.Contains(files, f) {
					t.Errorf("%s: no %s in the data folder (%v)", when, f, files)
				}
			}
		},
	}
}

// dynamoBackend starts moto_server (a tenant's change is a transaction,
// which dynalite does not implement), makes fresh tables with `homehelper
// dynamo init`, and returns the store every command then uses through
// -store dynamodb.
func dynamoBackend(ctx context.Context, t *testing.T) *e2eBackend {
	t.Helper()
	moto := mototest.Start(t)
	dynamoEnv(t, moto.URL)
	return dynamoBackendOn(ctx, t, awsdynamodb.NewFromConfig(moto.Config()))
}

// dynaliteBackend is dynamoBackend on dynalite, faster than moto_server,
// for tests that make no tenant's change (a transaction dynalite lacks).
func dynaliteBackend(ctx context.Context, t *testing.T) *e2eBackend {
	t.Helper()
	endpoint := startDynalite(t)
	return dynamoBackendOn(ctx, t, dynalitetest.Client(t, endpoint))
}

// dynamoBackendOn makes fresh tables, through the endpoint the environment
// names, which client reaches too.
func dynamoBackendOn(ctx context.Context, t *testing.T, client *awsdynamodb.Client) *e2eBackend {
	t.Helper()
	tables := uniqueTables()
	flags := dynamoFlags(tables)
	stdout, stderr := runOK(ctx, t, append([]string{"dynamo", "init"}, flags...)...)
	return &e2eBackend{
		kind:   "dynamodb",
		flags:  flags,
		output: stdout + stderr,
		open: func(context.Context, *testing.T, string) (storeView, func() error, error) {
			return dynamo.New(client, tables), func() error { return nil }, nil
		},
		items: func(ctx context.Context, t *testing.T) map[string][]byte {
			return scanItems(ctx, t, client, tables)
		},
		checkDataFolder: func(t *testing.T, when string, files []string) {
			t.Helper()
			// The key, the staff token and the usage spill file alone: a
			// database beside them would mean something fell back to SQLite.
			for _, f := range files {
				if f != keyFile && f != staffTokenFile && f != spillFile {
					t.Errorf("%s: with -store dynamodb the data folder holds %v, want only %s, %s and %s", when, files, keyFile, staffTokenFile, spillFile)
				}
			}
		},
	}
}

// scanPage is the Scan page size: small, so that the data table (hundreds
// of coach slots) takes several pages and the paging is exercised.
const scanPage = 50

// scanItems reads every item of both tables with a paginated Scan (the
// store itself never scans; a test may), and renders each as its attribute
// names and raw values, binary included, so a byte search sees everything
// DynamoDB was given.
func scanItems(ctx context.Context, t *testing.T, client *awsdynamodb.Client, tables dynamo.Tables) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, table := range []string{tables.Data, tables.Usage} {
		pages, n := 0, 0
		p := awsdynamodb.NewScanPaginator(client, &awsdynamodb.ScanInput{
			TableName:      aws.String(table),
			ConsistentRead: aws.Bool(true),
			Limit:          aws.Int32(scanPage),
		})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("scanning %s: %v", table, err)
			}
			pages++
			for _, item := range page.Items {
				n++
				name := fmt.Sprintf("table %s, item %d (pk %s, sk %s)", table, n, attrString(item["pk"]), attrString(item["sk"]))
				out[name] = itemBytes(item)
			}
		}
		if n == 0 {
			t.Errorf("scanning %s: no items", table)
		}
		t.Logf("scanned %d items of %s in %d pages", n, table, pages)
	}
	return out
}

func attrString(v types.AttributeValue) string {
	var b bytes.Buffer
	writeAttr(&b, v)
	return b.String()
}

func itemBytes(item map[string]types.AttributeValue) []byte {
	var b bytes.Buffer
	for _, k := range slices.Sorted(maps.Keys(item)) {
		b.WriteString(k)
		b.WriteByte('=')
		writeAttr(&b, item[k])
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// writeAttr writes an attribute value's content, unescaped, nested values
// included.
func writeAttr(b *bytes.Buffer, v types.AttributeValue) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		b.WriteString(v.Value)
	case *types.AttributeValueMemberN:
		b.WriteString(v.Value)
	case *types.AttributeValueMemberB:
		b.Write(v.Value)
	case *types.AttributeValueMemberSS:
		for _, s := range v.Value {
			b.WriteString(s)
			b.WriteByte(' ')
		}
	case *types.AttributeValueMemberNS:
		for _, s := range v.Value {
			b.WriteString(s)
			b.WriteByte(' ')
		}
	case *types.AttributeValueMemberBS:
		for _, s := range v.Value {
			b.Write(s)
			b.WriteByte(' ')
		}
	case *types.AttributeValueMemberL:
		for _, e := range v.Value {
			writeAttr(b, e)
			b.WriteByte(' ')
		}
	case *types.AttributeValueMemberM:
		for _, k := range slices.Sorted(maps.Keys(v.Value)) {
			b.WriteString(k)
			b.WriteByte('=')
			writeAttr(b, v.Value[k])
			b.WriteByte(' ')
		}
	case *types.AttributeValueMemberBOOL:
		fmt.Fprint(b, v.Value)
	case *types.AttributeValueMemberNULL:
		b.WriteString("null")
	case nil:
	default:
		fmt.Fprintf(b, "%#v", v)
	}
}
