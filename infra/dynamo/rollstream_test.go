package dynamo

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/internal/mototest"
	"github.com/homehelper/homehelper/seed"
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

// TestStreamRollupsAfterErasure: erasing a household, and a speaker by
// voice, takes their counts out of their sessions and rows and keeps them
// anonymously, as the blanked events then say, and leaves no row naming
// the household and no fold state naming the speaker; erasing again
// changes nothing.
func TestStreamRollupsAfterErasure(t *testing.T) {
	srv := mototest.Start(t)
	s := newStreamedStore(t, srv, 9)
	ctx := t.Context()
	loc := intents.DefaultConfig().Location
	last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	if _, err := seed.Run(ctx, s, seed.Options{Households: 4, Days: 3, PerDay: 2, Last: last, Location: loc, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s.pump()
	gone := seed.HouseholdID("seed", 1)
	compare := func(when string) {
		t.Helper()
		hs, err := s.ListHouseholds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		since := last.AddDate(0, 0, -10)
		es, err := s.UsageEvents(ctx, since, last.AddDate(0, 0, 2))
		if err != nil {
			t.Fatal(err)
		}
		o := evaluation.Options{Period: evaluation.Days(last.AddDate(0, 0, -2), last, loc)}
		ro, err := s.UsageRollups(ctx, since, o.Period.Start(), o.Period.End(), false)
		if err != nil {
			t.Fatal(err)
		}
		want := evaluation.Compute(es, hs, o)
		if want.TakeUp.Events == 0 {
			t.Fatalf("%s: no events", when)
		}
		for _, d := range evaltest.Diff(evaluation.FromRollups(ro, hs, o), want) {
			t.Errorf("%s: from rollups %s", when, d)
		}
		for _, d := range ro.Days {
			if d.Household == gone && when != "before erasure" {
				t.Errorf("%s: a day row still names erased household %s: %v", when, d.Household, d.Counts)
			}
		}
	}
	compare("before erasure")
	es, err := s.UsageEvents(ctx, last.AddDate(0, 0, -10), last.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	// The speakers of the household erased, and one of another household,
	// which says "forget me" unlinked: its events are blanked alone.
	var speakers []string
	other := seed.HouseholdID("seed", 2)
	for _, e := range es {
		if (e.HouseholdID == gone || e.HouseholdID == other) && e.SpeakerID != "" && !slices.Contains(speakers, e.SpeakerID) {
			speakers = append(speakers, e.SpeakerID)
		}
	}
	if err := s.EraseHousehold(ctx, gone); err != nil {
		t.Fatal(err)
	}
	var voice string
	for _, e := range es {
		if e.HouseholdID == other && e.SpeakerID != "" {
			voice = e.SpeakerID
		}
	}
	if err := s.EraseSpeaker(ctx, voice); err != nil {
		t.Fatal(err)
	}
	compare("after erasure")
	if err := s.EraseHousehold(ctx, gone); err != nil {
		t.Fatal(err)
	}
	compare("after erasing again")
	for _, sp := range []string{voice} {
		out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Usage), Key: unitKey(sp), ConsistentRead: aws.Bool(true)})
		if err != nil || out.Item != nil {
			t.Errorf("fold state of erased speaker %s: %v, %v", sp, out.Item, err)
		}
	}
}

// TestStreamRollupsReadDaysNotEvents: a report reads one row per day ×
// household (and one per day for requests from none), however many events
// those days hold.
func TestStreamRollupsReadDaysNotEvents(t *testing.T) {
	srv := mototest.Start(t)
	loc := intents.DefaultConfig().Location
	last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	const households, days = 2, 3
	var read []int64
	for _, perDay := range []int{1, 5} {
		s := newStreamedStore(t, srv, uint64(perDay))
		res, err := seed.Run(t.Context(), s, seed.Options{Households: households, Days: days, PerDay: perDay, Last: last, Location: loc, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		s.pump()
		p := evaluation.Days(last.AddDate(0, 0, -days+1), last, loc)
		before := s.rowsRead.Load()
		if _, err := s.UsageRollups(t.Context(), p.Start(), p.Start(), p.End(), false); err != nil {
			t.Fatal(err)
		}
		n := s.rowsRead.Load() - before
		t.Logf("%d events: %d day rows read", res.Events, n)
		if n > days*(households+1) {
			t.Errorf("%d events: %d day rows read, want at most %d (days × (households + none))", res.Events, n, days*(households+1))
		}
		read = append(read, n)
	}
	if read[1] > read[0]+days {
		t.Errorf("five times the events read %d rows, against %d", read[1], read[0])
	}
}

// TestStreamJourneysFromDayRows: the journeys page reads the day rows where
// the fold that wrote them counted journeys (no events at all), and folds
// the events for the days before, which an older fold wrote without them.
func TestStreamJourneysFromDayRows(t *testing.T) {
	srv := mototest.Start(t)
	loc := intents.DefaultConfig().Location
	last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	const days = 4
	s := newStreamedStore(t, srv, 9)
	if _, err := seed.Run(t.Context(), s, seed.Options{Households: 2, Days: days, PerDay: 4, Last: last, Location: loc, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	s.pump()
	if day, ok, err := s.journeysFrom(t.Context()); err != nil || !ok || day != dayNumber(time.Now().Add(markLeadTime))+1 {
		t.Fatalf("after the fold, the journeys' first day is %d (%v, %v); want tomorrow's, %d", day, ok, err, dayNumber(time.Now().Add(markLeadTime))+1)
	}
	firstDay := last.AddDate(0, 0, -days+1)
	all, err := s.Store.UsageEvents(t.Context(), firstDay.AddDate(0, 0, -1), last.AddDate(0, 0, 3))
	if err != nil {
		t.Fatal(err)
	}
	periods := []evaluation.Period{
		evaluation.Days(firstDay, last, loc),
		evaluation.Days(firstDay, firstDay.AddDate(0, 0, 1), loc),
		evaluation.Days(last.AddDate(0, 0, -1), last, loc),
	}
	mark := func(day time.Time) {
		it := journeysMarkKey()
		it[attrFromDay] = nval(int64(dayNumber(day)))
		if _, err := s.db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(s.tables.Usage), Item: it}); err != nil {
			t.Fatal(err)
		}
	}
	// check compares each period's journeys with the events'; it returns
	// the events read.
	check := func(when string) (read int64, same bool) {
		same = true
		for _, p := range periods {
			o := evaluation.Options{Period: p, Location: loc}
			want := evaluation.ComputeJourneys(all, o)
			if len(want.Paths) == 0 {
				t.Fatalf("%s: no journeys in %v from %d events", when, p, len(all))
			}
			before := s.eventsRead.Load()
			ds, err := s.UsageJourneyDays(t.Context(), p.Start(), p.End())
			if err != nil {
				t.Fatal(err)
			}
			read += s.eventsRead.Load() - before
			if got := evaluation.JourneysFromRollups(evaluation.Rollups{Days: ds}, o); !reflect.DeepEqual(got, want) {
				same = false
				t.Logf("%s, %v: journeys from the days\n%+v\nfrom events\n%+v", when, p, got, want)
			}
		}
		return read, same
	}

	// The fold here marked today: every day of the pilot is before it.
	if read, same := check("marked today"); !same || read == 0 {
		t.Errorf("marked today: same %v, %d events read; want the same from the events", same, read)
	}
	mark(firstDay.AddDate(0, 0, -10))
	if read, same := check("marked before the pilot"); !same || read != 0 {
		t.Errorf("marked before the pilot: same %v, %d events read; want the same from day rows alone", same, read)
	}

	// An older fold's rows: the first two days' rows lose their journey
	// counters.
	split := firstDay.AddDate(0, 0, 2)
	out, err := s.db.Query(t.Context(), &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Usage),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  names(attrPK),
		ExpressionAttributeValues: item{":pk": sval(pfxRollup + "2026-11")},
	})
	if err != nil {
		t.Fatal(err)
	}
	stripped := 0
	for _, it := range out.Items {
		d := decoder{it: it}
		if int(d.int(attrDayN)) >= dayNumber(split) {
			continue
		}
		an := map[string]string{}
		var rm []string
		for a := range it {
			if strings.HasPrefix(a, pfxCounter+"journey_") {
				an["#j"+strconv.Itoa(len(rm))] = a
				rm = append(rm, "#j"+strconv.Itoa(len(rm)))
			}
		}
		if len(rm) == 0 {
			continue
		}
		stripped++
		if _, err := s.db.UpdateItem(t.Context(), &dynamodb.UpdateItemInput{
			TableName: aws.String(s.tables.Usage), Key: item{attrPK: it[attrPK], attrSK: it[attrSK]},
			UpdateExpression: aws.String("REMOVE " + strings.Join(rm, ", ")), ExpressionAttributeNames: an,
		}); err != nil {
			t.Fatal(err)
		}
	}
	if stripped == 0 {
		t.Fatal("no day rows before the split had journey counters")
	}
	if _, same := check("older rows, marked before the pilot"); same {
		t.Fatal("the rows without journey counters gave the events' journeys: the test cannot tell")
	}
	mark(split)
	if read, same := check("older rows, marked after them"); !same || read == 0 {
		t.Errorf("older rows, marked after them: same %v, %d events read; want the same, the early days from the events", same, read)
	}
}
