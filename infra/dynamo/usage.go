package dynamo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// Usage events live in their own table, one item per request:
//
//	pk  day#<yyyy-mm-dd>#<shard>   the event's UTC day, and a shard 00–07
//	sk  <time ms>#<request id>
//
// Reports read by day, so the day is in the partition key; but all of a
// day's writes going to one partition would make it hot, so each day is
// split into usageShards partitions by a hash of the request id, and a
// day's read queries every shard at once and merges them by time.
//
// The key is a function of the request id and its time alone, so a retried
// write of the same event lands on the same key, and attribute_not_exists
// turns the retry into a no-op. The time is Alexa's timestamp of the
// request, which a retry of the request repeats.
const (
	pfxDay = "day#"
	// usageShards is part of the stored format: the reader queries shards
	// 0 to usageShards-1 of every day. Raising it is safe (old days' extra
	// shards are just empty); lowering it would hide the events stored in
	// the shards dropped. Eight shards take about 8,000 writes a second
	// before any partition throttles: far beyond any landlord's tenants.
	usageShards = 8
	// usageReaders bounds the Queries UsageEvents runs at once: a month's
	// report is 240 Queries, and DynamoDB answers each in milliseconds.
	usageReaders = 16
)

// Usage event attributes; the names match docs/usage-events.md's fields.
const (
	attrRequestID    = "request_id"
	attrTime         = "time"
	attrSpeakerID    = "speaker_id"
	attrSessionID    = "session_id"
	attrRequestType  = "request_type"
	attrIntent       = "intent"
	attrSlots        = "slots"
	attrFlow         = "flow"
	attrOutcome      = "outcome"
	attrRepairRef    = "repair_ref"
	attrFeedbackAsk  = "feedback_asked"
	attrSessionEnded = "session_ended"
	attrEndReason    = "end_reason"
	attrLatencyMS    = "latency_ms"
	attrLocale       = "locale"
	attrHasScreen    = "has_screen"
	attrDemo         = "demo"
)

// usageShard picks the shard of a request id: FNV-1a, because it is cheap,
// in the standard library, and spreads similar ids (Alexa's differ in a few
// characters) evenly.
func usageShard(requestID string) int {
	h := fnv.New32a()
	h.Write([]byte(requestID))
	return int(h.Sum32() % usageShards)
}

func dayKey(day time.Time, shard int) string {
	return fmt.Sprintf("%s%s#%02d", pfxDay, day.Format(time.DateOnly), shard)
}

// usageItem encodes e, with its TTL attribute.
func (s *Store) usageItem(e intents.UsageEvent) (item, error) {
	if e.RequestID == "" {
		return nil, errors.New("no request id")
	}
	if e.Time.IsZero() {
		return nil, errors.New("no time")
	}
	if math.IsNaN(e.LatencyMS) || math.IsInf(e.LatencyMS, 0) {
		return nil, fmt.Errorf("latency %v is not a number DynamoDB can store", e.LatencyMS)
	}
	t := e.Time.UTC().Truncate(time.Millisecond)
	it := item{
		attrPK:           sval(dayKey(t, usageShard(e.RequestID))),
		attrSK:           sval(msKey(t) + "#" + e.RequestID),
		attrRequestID:    sval(e.RequestID),
		attrTime:         msval(t),
		attrGuideTried:   bval(e.GuideTried),
		attrSessionEnded: bval(e.SessionEnded),
		attrLatencyMS:    &types.AttributeValueMemberN{Value: strconv.FormatFloat(e.LatencyMS, 'g', -1, 64)},
		attrHasScreen:    bval(e.HasScreen),
		attrDemo:         bval(e.Demo),
		TTLAttribute:     nval(t.Add(s.retention).Unix()),
	}
	// household_id is the by_household index's key, so it must be absent,
	// not empty, for an event with no household.
	putS(it, attrHouseholdID, e.HouseholdID)
	putS(it, attrSpeakerID, e.SpeakerID)
	putS(it, attrSessionID, e.SessionID)
	putS(it, attrRequestType, e.RequestType)
	putS(it, attrIntent, e.Intent)
	putS(it, attrFlow, string(e.Flow))
	putS(it, attrStep, e.Step)
	putS(it, attrOutcome, string(e.Outcome))
	putS(it, attrRepairRef, e.RepairRef)
	putS(it, attrPriority, string(e.Priority))
	putS(it, attrEndReason, e.EndReason)
	if e.FeedbackAsked {
		it[attrFeedbackAsk] = bval(true)
	}
	putS(it, attrLocale, e.Locale)
	if len(e.Slots) > 0 {
		m := make(item, len(e.Slots))
		for k, v := range e.Slots {
			m[k] = sval(v)
		}
		it[attrSlots] = &types.AttributeValueMemberM{Value: m}
	}
	return it, nil
}

func decodeUsage(it item) (intents.UsageEvent, error) {
	d := decoder{it: it}
	e := intents.UsageEvent{
		RequestID:     d.str(attrRequestID),
		Time:          d.time(attrTime),
		HouseholdID:   d.str(attrHouseholdID),
		SpeakerID:     d.str(attrSpeakerID),
		SessionID:     d.str(attrSessionID),
		RequestType:   d.str(attrRequestType),
		Intent:        d.str(attrIntent),
		Slots:         d.strMap(attrSlots),
		Flow:          intents.Flow(d.str(attrFlow)),
		Step:          d.str(attrStep),
		Outcome:       intents.Outcome(d.str(attrOutcome)),
		RepairRef:     d.str(attrRepairRef),
		GuideTried:    d.bool(attrGuideTried),
		SessionEnded:  d.bool(attrSessionEnded),
		EndReason:     d.str(attrEndReason),
		LatencyMS:     d.float(attrLatencyMS),
		Locale:        d.str(attrLocale),
		HasScreen:     d.bool(attrHasScreen),
		Demo:          d.bool(attrDemo),
		Priority:      intents.Priority(d.str(attrPriority)),
		FeedbackAsked: d.bool(attrFeedbackAsk),
	}
	if d.err != nil {
		return intents.UsageEvent{}, fmt.Errorf("usage item %s: %w", e.RequestID, d.err)
	}
	return e, nil
}

// RecordUsage stores one event: one conditional PutItem. Storing an event
// whose RequestID (at the same time) is already stored is not an error and
// leaves the first event as it was.
func (s *Store) RecordUsage(ctx context.Context, e intents.UsageEvent) error {
	it, err := s.usageItem(e)
	if err == nil {
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                aws.String(s.tables.Usage),
			Item:                     it,
			ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
			ExpressionAttributeNames: names(attrPK),
		})
		if conditionFailed(err) {
			err = nil // a retry: the first write counts
		}
	}
	if err != nil {
		return fmt.Errorf("dynamo: record usage %s: %w", e.RequestID, err)
	}
	return nil
}

// UsageEvents lists events with from <= Time < to, oldest first (by request
// id within a millisecond). It queries every shard of every UTC day the
// window touches, usageReaders at a time, each for the window's key range
// only, and merges the results. Reads are eventually consistent, at half
// the cost: a report can miss events of the last second or so.
func (s *Store) UsageEvents(ctx context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	es, err := s.usageEvents(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("dynamo: usage events: %w", err)
	}
	return es, nil
}

func (s *Store) usageEvents(ctx context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	if !from.Before(to) {
		return nil, nil
	}
	lo, hi := rangeKeys(from, to)
	f := from.UTC()
	first := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
	last := time.UnixMilli(to.UnixMilli() - 1).UTC()
	var partitions []string
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		for shard := range usageShards {
			partitions = append(partitions, dayKey(day, shard))
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		es       []intents.UsageEvent
		firstErr error
		sem      = make(chan struct{}, usageReaders)
	)
	for _, pk := range partitions {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			got, err := s.queryUsage(ctx, &dynamodb.QueryInput{
				TableName:                aws.String(s.tables.Usage),
				KeyConditionExpression:   aws.String("#pk = :pk AND #sk BETWEEN :lo AND :hi"),
				ExpressionAttributeNames: names(attrPK, attrSK),
				ExpressionAttributeValues: item{
					":pk": sval(pk), ":lo": sval(lo), ":hi": sval(hi),
				},
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("partition %s: %w", pk, err)
					cancel()
				}
				return
			}
			s.eventsRead.Add(int64(len(got)))
			es = append(es, got...)
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	slices.SortFunc(es, func(a, b intents.UsageEvent) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.RequestID, b.RequestID))
	})
	return es, nil
}

// HouseholdUsage lists one household's events with from <= Time < to, and
// the events of its sessions that name no household (a speaker's first
// words, before saying the link code), oldest first: what the household's
// page tells and works its readiness from. One Query on the by_household
// index, then one on by_speaker for each of its speakers and a
// BatchGetItem of the events found there and not already read.
func (s *Store) HouseholdUsage(ctx context.Context, householdID string, from, to time.Time) ([]intents.UsageEvent, error) {
	if !from.Before(to) || householdID == "" {
		return nil, nil
	}
	lo, hi := rangeKeys(from, to)
	es, err := s.queryUsage(ctx, &dynamodb.QueryInput{
		TableName:                aws.String(s.tables.Usage),
		IndexName:                aws.String(indexUsageByHousehold),
		KeyConditionExpression:   aws.String("#household_id = :hid AND #sk BETWEEN :lo AND :hi"),
		ExpressionAttributeNames: names(attrHouseholdID, attrSK),
		ExpressionAttributeValues: item{
			":hid": sval(householdID), ":lo": sval(lo), ":hi": sval(hi),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: usage of household %s: %w", householdID, err)
	}
	read, sessions, speakers := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range es {
		read[e.RequestID] = true
		if e.SessionID != "" {
			sessions[e.SessionID] = true
		}
		if e.SpeakerID != "" {
			speakers[e.SpeakerID] = true
		}
	}
	var keys []item
	for _, sp := range slices.Sorted(maps.Keys(speakers)) {
		its, err := s.queryAll(ctx, &dynamodb.QueryInput{
			TableName:                aws.String(s.tables.Usage),
			IndexName:                aws.String(indexUsageBySpeaker),
			KeyConditionExpression:   aws.String("#speaker_id = :sp AND #sk BETWEEN :lo AND :hi"),
			ExpressionAttributeNames: names(attrSpeakerID, attrSK),
			ExpressionAttributeValues: item{
				":sp": sval(sp), ":lo": sval(lo), ":hi": sval(hi),
			},
		})
		if err != nil {
			return nil, fmt.Errorf("dynamo: usage of household %s: %w", householdID, err)
		}
		for _, it := range its {
			// The sort key is the time and the request id.
			if sk, ok := it[attrSK].(*types.AttributeValueMemberS); ok {
				if _, id, ok := strings.Cut(sk.Value, "#"); ok && read[id] {
					continue
				}
			}
			keys = append(keys, item{attrPK: it[attrPK], attrSK: it[attrSK]})
		}
	}
	its, err := s.getUsage(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("dynamo: usage of household %s: %w", householdID, err)
	}
	for _, it := range its {
		e, err := decodeUsage(it)
		if err != nil {
			return nil, err
		}
		if e.HouseholdID == "" && sessions[e.SessionID] {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b intents.UsageEvent) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.RequestID, b.RequestID))
	})
	return es, nil
}

// getUsage reads usage items by key, 100 to a BatchGetItem (batchGetFrom).
func (s *Store) getUsage(ctx context.Context, keys []item) ([]item, error) {
	var out []item
	for chunk := range slices.Chunk(keys, 100) {
		got, err := s.batchGetFrom(ctx, s.tables.Usage, chunk)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// queryUsage runs q to its last page and decodes the events.
func (s *Store) queryUsage(ctx context.Context, q *dynamodb.QueryInput) ([]intents.UsageEvent, error) {
	var es []intents.UsageEvent
	p := dynamodb.NewQueryPaginator(s.db, q)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			e, err := decodeUsage(it)
			if err != nil {
				return nil, err
			}
			es = append(es, e)
		}
	}
	return es, nil
}
