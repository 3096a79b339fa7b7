package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// rollupLocation is where the rollups' days are reckoned: the pilot's.
var rollupLocation = intents.DefaultConfig().Location

// UsageRollups returns the rollups for a report of the days from from to
// to, and each household's use since since up to to (demo left out unless
// includeDemo).
//
// With WithRollups (on AWS, where the usage table's stream runs RollUp for
// every event) it reads the day rows: one Query per local month since
// since. Without (dynalite, which has no stream) it folds the events since
// since, as Compute would.
func (s *Store) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	if s.rollups {
		ro, err := s.readRollups(ctx, earlier(since, from), from, to, includeDemo)
		if err != nil {
			return evaluation.Rollups{}, fmt.Errorf("dynamo: usage rollups: %w", err)
		}
		return ro, nil
	}
	f := evaluation.NewFolder(rollupLocation)
	// To now, not to: a session or guide attempt belongs to the day it
	// began, with everything it did since (docs/evaluation.md).
	err := s.EachUsageEvent(ctx, earlier(since, from), time.Now().Add(24*time.Hour), func(e intents.UsageEvent) error {
		f.Add(&e)
		return nil
	})
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("dynamo: usage rollups: %w", err)
	}
	days := f.Touched()
	last := dayNumber(to.Add(-time.Millisecond))
	past := slices.DeleteFunc(slices.Clone(days), func(d *evaluation.Day) bool { return d.Day > last })
	return evaluation.Rollups{Days: days, History: evaluation.HistoryOf(past, includeDemo)}, nil
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// dayNumber numbers t's calendar day in rollupLocation as evaluation does.
func dayNumber(t time.Time) int {
	l := t.In(rollupLocation)
	return int(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// EachUsageEvent calls fn with each event with from <= Time < to, in
// UsageEvents' order, a UTC day at a time: it holds one day's events, not
// the period's, so the exports stream with memory that does not grow with
// the period.
func (s *Store) EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error {
	for day := from.UTC().Truncate(24 * time.Hour); day.Before(to); day = day.Add(24 * time.Hour) {
		lo, hi := day, day.Add(24*time.Hour)
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		es, err := s.UsageEvents(ctx, lo, hi)
		if err != nil {
			return err
		}
		for _, e := range es {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// readRollups reads the day rows from since's month to to's: the period's
// days, and every earlier one for the households' history.
func (s *Store) readRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	first, last := dayNumber(from), dayNumber(to.Add(-time.Millisecond))
	start := dayNumber(since)
	var ro evaluation.Rollups
	var past []*evaluation.Day
	interned := map[string]string{}
	m := time.Unix(int64(start)*86400, 0).UTC()
	m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
	for ; m.Unix()/86400 <= int64(last); m = m.AddDate(0, 1, 0) {
		its, err := s.queryAll(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.tables.Usage),
			KeyConditionExpression:    aws.String("#pk = :pk"),
			ExpressionAttributeNames:  names(attrPK),
			ExpressionAttributeValues: item{":pk": sval(pfxRollup + m.Format("2006-01"))},
		})
		if err != nil {
			return ro, err
		}
		s.rowsRead.Add(int64(len(its)))
		for _, it := range its {
			d, err := decodeDayRow(it, interned)
			if err != nil {
				return ro, err
			}
			if d == nil || d.Day > last {
				continue
			}
			past = append(past, d)
			if d.Day >= first {
				ro.Days = append(ro.Days, d)
			}
		}
	}
	ro.History = evaluation.HistoryOf(past, includeDemo)
	return ro, nil
}

// decodeDayRow reads a day row; nil if all its counters are zero (a row
// whose counts all moved elsewhere).
func decodeDayRow(it item, interned map[string]string) (*evaluation.Day, error) {
	dec := decoder{it: it}
	d := &evaluation.Day{Day: int(dec.int(attrDayN)), Household: dec.str(attrRollHH), Demo: dec.bool(attrDemo), Counts: evaluation.Counts{}}
	if v, ok := it[attrFirstMS]; ok && v != nil {
		d.First = dec.time(attrFirstMS)
		d.Last = dec.time(attrLastMS)
	}
	for a, v := range it {
		name, ok := strings.CutPrefix(a, pfxCounter)
		if !ok {
			continue
		}
		n, isNum := v.(*types.AttributeValueMemberN)
		if !isNum {
			return nil, fmt.Errorf("day row counter %q is not a number", name)
		}
		c, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("day row counter %q: %w", name, err)
		}
		if c == 0 {
			continue
		}
		if in, ok := interned[name]; ok {
			name = in
		} else {
			interned[name] = name
		}
		d.Counts[name] = c
	}
	if dec.err != nil {
		return nil, fmt.Errorf("day row: %w", dec.err)
	}
	if len(d.Counts) == 0 {
		return nil, nil
	}
	return d, nil
}

// The journeys (evaluation.JourneysFromRollups) are counted in the day
// rows only by a fold that knows them; a deployment whose stream ran an
// older fold holds rows without them. The first RollUp of each process
// writes, if no process has, the first day whose conversations this fold
// will have folded whole: the day after the one it ran, an hour on, so a
// deployment's old instances finishing their batches are done. The
// journeys read the day rows from that day, and fold the events before.
const (
	pkRollMark   = "rollmark"
	skJourneys   = "journeys"
	attrFromDay  = "from_day" // days since 1970-01-01, local
	markLeadTime = time.Hour
)

func journeysMarkKey() item { return item{attrPK: sval(pkRollMark), attrSK: sval(skJourneys)} }

// markJourneys writes the journeys' first day, unless it is written.
func (s *Store) markJourneys(ctx context.Context) error {
	if s.journeysMarked.Load() {
		return nil
	}
	it := journeysMarkKey()
	it[attrFromDay] = nval(int64(dayNumber(s.now().Add(markLeadTime)) + 1))
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.tables.Usage), Item: it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	})
	if err != nil && !conditionFailed(err) {
		return fmt.Errorf("marking the journeys' first day: %w", err)
	}
	s.journeysMarked.Store(true)
	return nil
}

// journeysFrom is the first day whose day rows count the journeys; ok is
// false if no fold that counts them has run.
func (s *Store) journeysFrom(ctx context.Context) (day int, ok bool, err error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Usage), Key: journeysMarkKey(), ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil {
		return 0, false, err
	}
	d := decoder{it: out.Item}
	day = int(d.int(attrFromDay))
	if d.err != nil {
		return 0, false, fmt.Errorf("the journeys' mark: %w", d.err)
	}
	return day, true, nil
}

// UsageJourneyDays returns the days of the period from from to to, for its
// journeys (evaluation.JourneysFromRollups): the day rows where they count
// the journeys, and before that the days folded from the events, from the
// period's start to a day after the last such day, since a conversation
// counts on the day it began with all it did.
func (s *Store) UsageJourneyDays(ctx context.Context, from, to time.Time) ([]*evaluation.Day, error) {
	if !s.rollups {
		ro, err := s.UsageRollups(ctx, from, from, to, true)
		return ro.Days, err
	}
	first, last := dayNumber(from), dayNumber(to.Add(-time.Millisecond))
	split, marked, err := s.journeysFrom(ctx)
	if err != nil {
		return nil, fmt.Errorf("dynamo: journey days: %w", err)
	}
	if !marked || split > last+1 {
		split = last + 1
	}
	split = max(split, first)
	var days []*evaluation.Day
	if split > first {
		splitAt := dayStart(split)
		f := evaluation.NewFolder(rollupLocation)
		err := s.EachUsageEvent(ctx, from, splitAt.Add(openSessionKeep), func(e intents.UsageEvent) error {
			f.Add(&e)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("dynamo: journey days: %w", err)
		}
		for _, d := range f.Touched() {
			if d.Day >= first && d.Day < split {
				days = append(days, d)
			}
		}
	}
	if split <= last {
		at := dayStart(split)
		ro, err := s.readRollups(ctx, at, at, to, true)
		if err != nil {
			return nil, fmt.Errorf("dynamo: journey days: %w", err)
		}
		days = append(days, ro.Days...)
	}
	return days, nil
}

// dayStart is when day (dayNumber's) begins in rollupLocation.
func dayStart(day int) time.Time {
	u := time.Unix(int64(day)*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, rollupLocation)
}
