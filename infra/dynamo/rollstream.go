package dynamo

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// The evaluation's rollups on DynamoDB (docs/data-model.md, "Rollups";
// docs/evaluation.md, "How the figures are kept"). The usage table's
// stream hands each new event to functions/usagerollup, which calls
// RollUp. Events are folded per unit: a speaker (every session and guide
// place of one speaker), or a session with no speaker. A unit's open state
// (evaluation.Folder's sessions and guide place) is one item, written with
// a version condition, so two deliveries folding the same unit at once
// cannot both win. One transaction marks the event rolled, saves the
// unit's state and ADDs the counters to the day rows, so a redelivered
// record finds the mark and adds nothing. The stream does not keep a
// speaker's events in order (they sit in different partitions, so
// different shards): an event older than its unit's last folds the unit
// again from its rolled events, and adds the difference.
const (
	pfxRollup = "rollup#" // + yyyy-mm: the day rows of a local month
	pfxUnit   = "rollunit#"
	skUnit    = "state"

	attrRolled  = "rolled"   // on a usage event: folded into the rollups
	attrDayN    = "day"      // day row: days since 1970-01-01, local
	attrRollHH  = "hh"       // day row: household pseudonym ("" none); not household_id, which would put the row in by_household
	attrFirstMS = "first_ms" // day row: the day's first request
	attrLastMS  = "last_ms"  // day row: the day's last request
	pfxCounter  = "c:"       // day row: one number attribute per counter
	attrVersion = "v"        // unit state: bumped by every write
	attrState   = "st"       // unit state: JSON of unitState

	// rollAttempts bounds the retries of a unit two deliveries changed
	// at once.
	rollAttempts = 10
	// openSessionKeep is how long a unit keeps a session's state after the
	// unit's newest event: Alexa ends a session after seconds of silence,
	// and an event older than that goes through the unit's refold anyway.
	openSessionKeep = 24 * time.Hour
)

// unitState is a unit's open state, and its newest event folded.
type unitState struct {
	Time      time.Time                           `json:"t"`
	RequestID string                              `json:"r"`
	Sessions  map[string]*evaluation.SessionState `json:"s,omitempty"`
	Speaker   *evaluation.SpeakerState            `json:"g,omitempty"`
	// Forgotten lists the erasures (household ids, or "" for the whole
	// speaker) already taken out of this unit's counters, so a retried
	// erasure does not take them out twice.
	Forgotten []string `json:"f,omitempty"`

	speakerKey string // the unit: the key its guide place is kept under
}

func (u *unitState) after(e *intents.UsageEvent) bool {
	return cmp.Or(u.Time.Compare(e.Time), cmp.Compare(u.RequestID, e.RequestID)) > 0
}

// unitOf is the unit an event is folded in: "" for an event with no
// session, which belongs to no session or guide place and is counted on
// its own.
func unitOf(e *intents.UsageEvent) string {
	if e.SessionID == "" {
		return ""
	}
	return evaluation.GuideKey(e)
}

// UsageKey names one usage event item.
type UsageKey struct{ PK, SK string }

func (k UsageKey) item() item { return item{attrPK: sval(k.PK), attrSK: sval(k.SK)} }

// UsageKeyOf is the event a usage table stream record inserted; ok is
// false for any other record (a rollup's own writes, a mark, an erasure's
// blanking, a TTL delete), which RollUp has nothing to do with. The
// template's filter passes only INSERTs of events; this checks again.
func UsageKeyOf(rec events.DynamoDBEventRecord) (k UsageKey, ok bool) {
	if rec.EventName != string(events.DynamoDBOperationTypeInsert) {
		return k, false
	}
	pk, sk := rec.Change.Keys[attrPK], rec.Change.Keys[attrSK]
	if pk.DataType() != events.DataTypeString || sk.DataType() != events.DataTypeString || !strings.HasPrefix(pk.String(), pfxDay) {
		return k, false
	}
	return UsageKey{pk.String(), sk.String()}, true
}

// RollUp folds the stored event at k into the rollups, once however often
// it is called. It reads the event as stored now, so an event blanked by
// an erasure before its record arrived counts anonymously.
func (s *Store) RollUp(ctx context.Context, k UsageKey) error {
	if err := s.markJourneys(ctx); err != nil {
		return fmt.Errorf("dynamo: roll up %s %s: %w", k.PK, k.SK, err)
	}
	for range rollAttempts {
		done, err := s.rollUp(ctx, k)
		if err != nil {
			return fmt.Errorf("dynamo: roll up %s %s: %w", k.PK, k.SK, err)
		}
		if done {
			return nil
		}
	}
	return fmt.Errorf("dynamo: roll up %s %s: its unit kept changing under it", k.PK, k.SK)
}

func (s *Store) rollUp(ctx context.Context, k UsageKey) (bool, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Usage), Key: k.item(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return false, err
	}
	if out.Item == nil {
		return true, nil // expired, or never stored
	}
	e, err := decodeUsage(out.Item)
	if err != nil {
		return false, err
	}
	if _, ok := out.Item[attrRolled]; ok {
		return true, s.widenDay(ctx, &e)
	}
	unit := unitOf(&e)
	st, ver, err := s.loadUnit(ctx, unit)
	if err != nil {
		return false, err
	}
	f := evaluation.NewFolder(rollupLocation)
	var days map[evaluation.DayKey]*evaluation.Day
	if unit != "" && st.after(&e) {
		days, err = s.refoldUnit(ctx, unit, &st, &e)
		if err != nil {
			return false, err
		}
	} else {
		st.into(f)
		f.Add(&e)
		days = f.Days
		if f.OutOfOrder { // cannot happen after the cursor check; kept as a guard
			days, err = s.refoldUnit(ctx, unit, &st, &e)
			if err != nil {
				return false, err
			}
		} else {
			st.from(f, &e)
		}
	}
	ops := []types.TransactWriteItem{{Update: &types.Update{
		TableName:                 aws.String(s.tables.Usage),
		Key:                       k.item(),
		UpdateExpression:          aws.String("SET #rolled = :t"),
		ConditionExpression:       aws.String("attribute_exists(#pk) AND attribute_not_exists(#rolled)"),
		ExpressionAttributeNames:  names(attrRolled, attrPK),
		ExpressionAttributeValues: item{":t": bval(true)},
	}}}
	if unit != "" {
		op, err := s.unitPut(unit, ver, &st)
		if err != nil {
			return false, err
		}
		ops = append(ops, op)
	}
	dayOps, err := s.dayAdds(days)
	if err != nil {
		return false, err
	}
	ops = append(ops, dayOps...)
	committed, first, err := s.transact(ctx, ops)
	if err != nil {
		return false, err
	}
	if !committed && !first {
		return false, nil // the unit changed: fold it again
	}
	// Committed, or the mark was already there (a redelivery, or a
	// concurrent delivery that won): the day's first and last request are
	// widened either way, since they are not in the transaction.
	return true, s.widenDay(ctx, &e)
}

// transact runs ops as one transaction. committed is false when a
// condition refused it; first says the first op's condition was the one.
func (s *Store) transact(ctx context.Context, ops []types.TransactWriteItem) (committed, first bool, err error) {
	if len(ops) > 100 {
		return false, false, fmt.Errorf("%d writes are more than a transaction takes", len(ops))
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: ops})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		conditional := false
		for i, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" {
				conditional = true
				if i == 0 {
					first = true
				}
			}
		}
		if conditional {
			return false, first, nil
		}
		// TransactionConflict: another transaction touched one of the
		// items; the fold is run again.
		for _, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "TransactionConflict" {
				return false, false, nil
			}
		}
	}
	if err != nil {
		return false, false, err
	}
	return true, false, nil
}

func (u *unitState) into(f *evaluation.Folder) {
	maps.Copy(f.Sessions, u.Sessions)
	if u.Speaker != nil {
		f.Speakers[u.speakerKey] = u.Speaker
	}
}

// from keeps f's open state for the unit, newest event e, dropping
// sessions idle for openSessionKeep.
func (u *unitState) from(f *evaluation.Folder, e *intents.UsageEvent) {
	if u.Time.IsZero() || !u.after(e) {
		u.Time, u.RequestID = e.Time, e.RequestID
	}
	u.Sessions = map[string]*evaluation.SessionState{}
	for id, ss := range f.Sessions {
		if !ss.Last.Before(u.Time.Add(-openSessionKeep)) {
			u.Sessions[id] = ss
		}
	}
	u.Speaker = f.Speakers[u.speakerKey]
}

// loadUnit reads a unit's state and version (0: none yet).
func (s *Store) loadUnit(ctx context.Context, unit string) (unitState, int64, error) {
	st := unitState{speakerKey: unit}
	if unit == "" {
		return st, 0, nil
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Usage), Key: unitKey(unit), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return st, 0, fmt.Errorf("loading the unit's state: %w", err)
	}
	if out.Item == nil {
		return st, 0, nil
	}
	d := decoder{it: out.Item}
	ver := d.int(attrVersion)
	b, ok := out.Item[attrState].(*types.AttributeValueMemberB)
	if d.err != nil || !ok {
		return st, 0, fmt.Errorf("unit state %q is not as written (%v)", unit, d.err)
	}
	if err := json.Unmarshal(b.Value, &st); err != nil {
		return st, 0, fmt.Errorf("decoding unit state %q: %w", unit, err)
	}
	st.speakerKey = unit
	return st, ver, nil
}

func unitKey(unit string) item { return item{attrPK: sval(pfxUnit + unit), attrSK: sval(skUnit)} }

// unitPut writes st as version ver+1, if the stored version is still ver.
func (s *Store) unitPut(unit string, ver int64, st *unitState) (types.TransactWriteItem, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	it := unitKey(unit)
	it[attrVersion] = nval(ver + 1)
	it[attrState] = &types.AttributeValueMemberB{Value: b}
	it[TTLAttribute] = nval(st.Time.Add(s.retention).Unix())
	p := &types.Put{TableName: aws.String(s.tables.Usage), Item: it, ExpressionAttributeNames: names(attrPK)}
	if ver == 0 {
		p.ConditionExpression = aws.String("attribute_not_exists(#pk)")
	} else {
		p.ConditionExpression = aws.String("#v = :v")
		p.ExpressionAttributeNames = names(attrVersion)
		p.ExpressionAttributeValues = item{":v": nval(ver)}
	}
	return types.TransactWriteItem{Put: p}, nil
}

// dayRowKey is a day row's key: rows of a local month share a partition,
// so a report reads a month in one Query.
func dayRowKey(k evaluation.DayKey) item {
	t := time.Unix(int64(k.Day)*86400, 0).UTC()
	demo := "l"
	if k.Demo {
		demo = "d"
	}
	return item{attrPK: sval(pfxRollup + t.Format("2006-01")), attrSK: sval(t.Format(time.DateOnly) + "#" + demo + "#" + k.Household)}
}

// dayAdds are the ADDs of days' counters to their rows; rows whose counters
// all came to zero are left out.
func (s *Store) dayAdds(days map[evaluation.DayKey]*evaluation.Day) ([]types.TransactWriteItem, error) {
	var ops []types.TransactWriteItem
	for _, k := range slices.SortedFunc(maps.Keys(days), cmpDayKey) {
		var expr []string
		an := map[string]string{"#day": attrDayN, "#hh": attrRollHH, "#demo": attrDemo, "#exp": TTLAttribute}
		av := item{":day": nval(int64(k.Day)), ":hh": sval(k.Household), ":demo": bval(k.Demo),
			":exp": nval(time.Unix(int64(k.Day+1)*86400, 0).Add(s.retention).Unix())}
		for i, name := range slices.Sorted(maps.Keys(days[k].Counts)) {
			n := days[k].Counts[name]
			if n == 0 {
				continue
			}
			p := strconv.Itoa(i)
			an["#c"+p] = pfxCounter + name
			av[":c"+p] = nval(n)
			expr = append(expr, "#c"+p+" :c"+p)
		}
		if len(expr) == 0 {
			continue
		}
		ops = append(ops, types.TransactWriteItem{Update: &types.Update{
			TableName:                 aws.String(s.tables.Usage),
			Key:                       dayRowKey(k),
			UpdateExpression:          aws.String("SET #day = :day, #hh = :hh, #demo = :demo, #exp = :exp ADD " + strings.Join(expr, ", ")),
			ExpressionAttributeNames:  an,
			ExpressionAttributeValues: av,
		}})
	}
	return ops, nil
}

func cmpDayKey(a, b evaluation.DayKey) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Household, b.Household), cmpBool(a.Demo, b.Demo))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// widenDay moves the first and last request of e's day row out to e's
// time, if e is a request. Min and max are not ADDs, so they are two
// conditional writes after the transaction, each harmless to repeat.
func (s *Store) widenDay(ctx context.Context, e *intents.UsageEvent) error {
	alone := *e
	alone.SessionID = ""
	f := evaluation.NewFolder(rollupLocation)
	f.Add(&alone)
	for k, d := range f.Days {
		if d.First.IsZero() {
			continue
		}
		ms := nval(e.Time.UnixMilli())
		for _, w := range []struct{ attr, cond string }{
			{attrFirstMS, "attribute_not_exists(#a) OR #a > :t"},
			{attrLastMS, "attribute_not_exists(#a) OR #a < :t"},
		} {
			_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName:                 aws.String(s.tables.Usage),
				Key:                       dayRowKey(k),
				UpdateExpression:          aws.String("SET #a = :t"),
				ConditionExpression:       aws.String("attribute_exists(#pk) AND (" + w.cond + ")"),
				ExpressionAttributeNames:  map[string]string{"#a": w.attr, "#pk": attrPK},
				ExpressionAttributeValues: item{":t": ms},
			})
			if err != nil && !conditionFailed(err) {
				return fmt.Errorf("widening the day's requests: %w", err)
			}
		}
	}
	return nil
}

// rolledEvent is a stored event and whether it is in the rollups.
type rolledEvent struct {
	intents.UsageEvent
	rolled bool
}

// unitEvents are the stored events of a unit: a speaker's through the
// by_speaker index; a speakerless session's from the days around e (a
// session lasts minutes).
func (s *Store) unitEvents(ctx context.Context, unit string, e *intents.UsageEvent, st *unitState) ([]rolledEvent, error) {
	var keys []item
	if e.SpeakerID != "" {
		its, err := s.queryAll(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.tables.Usage),
			IndexName:                 aws.String(indexUsageBySpeaker),
			KeyConditionExpression:    aws.String("#speaker_id = :sp"),
			ExpressionAttributeNames:  names(attrSpeakerID),
			ExpressionAttributeValues: item{":sp": sval(e.SpeakerID)},
		})
		if err != nil {
			return nil, err
		}
		for _, it := range its {
			keys = append(keys, item{attrPK: it[attrPK], attrSK: it[attrSK]})
		}
	} else {
		from, to := e.Time, e.Time
		if st.Time.After(to) {
			to = st.Time
		}
		es, err := s.usageEvents(ctx, from.Add(-openSessionKeep), to.Add(time.Millisecond))
		if err != nil {
			return nil, err
		}
		for _, o := range es {
			if o.SpeakerID == "" && o.SessionID == e.SessionID {
				t := o.Time.UTC().Truncate(time.Millisecond)
				keys = append(keys, item{attrPK: sval(dayKey(t, usageShard(o.RequestID))), attrSK: sval(msKey(t) + "#" + o.RequestID)})
			}
		}
	}
	its, err := s.getUsage(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []rolledEvent
	for _, it := range its {
		ev, err := decodeUsage(it)
		if err != nil {
			return nil, err
		}
		_, rolled := it[attrRolled]
		out = append(out, rolledEvent{ev, rolled})
	}
	slices.SortFunc(out, func(a, b rolledEvent) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.RequestID, b.RequestID))
	})
	return out, nil
}

// refoldUnit folds the unit's rolled events with and without e, returning
// the difference, and leaves the new open state in st.
func (s *Store) refoldUnit(ctx context.Context, unit string, st *unitState, e *intents.UsageEvent) (map[evaluation.DayKey]*evaluation.Day, error) {
	stored, err := s.unitEvents(ctx, unit, e, st)
	if err != nil {
		return nil, fmt.Errorf("refolding unit: %w", err)
	}
	var before, after []intents.UsageEvent
	for _, o := range stored {
		if o.RequestID == e.RequestID && o.Time.Equal(e.Time) {
			continue
		}
		if o.rolled {
			before = append(before, o.UsageEvent)
		}
	}
	after = append(slices.Clone(before), *e)
	slices.SortFunc(after, func(a, b intents.UsageEvent) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.RequestID, b.RequestID))
	})
	old, now := fold(before), fold(after)
	last := after[len(after)-1]
	forgotten := st.Forgotten
	*st = unitState{speakerKey: unit, Forgotten: forgotten}
	st.from(now, &last)
	return diffDays(now.Days, old.Days), nil
}

func fold(es []intents.UsageEvent) *evaluation.Folder {
	f := evaluation.NewFolder(rollupLocation)
	for i := range es {
		f.Add(&es[i])
	}
	return f
}

// diffDays is now − old, row by row.
func diffDays(now, old map[evaluation.DayKey]*evaluation.Day) map[evaluation.DayKey]*evaluation.Day {
	out := map[evaluation.DayKey]*evaluation.Day{}
	for k, d := range now {
		out[k] = &evaluation.Day{Day: k.Day, Household: k.Household, Demo: k.Demo, Counts: maps.Clone(d.Counts)}
	}
	for k, d := range old {
		o := out[k]
		if o == nil {
			o = &evaluation.Day{Day: k.Day, Household: k.Household, Demo: k.Demo, Counts: evaluation.Counts{}}
			out[k] = o
		}
		for name, n := range d.Counts {
			o.Counts[name] -= n
		}
	}
	return out
}

// Erasure and the rollups. An erasure blanks events (docs/data-model.md,
// "Erasure"), and a blanked event counts as one with no session, so each
// unit whose events it blanks is folded again as it will be, and the
// difference added, before the blanking. The unit's state records the
// erasure (Forgotten) in the same transaction, so a retried erasure does
// not take it out twice; the record, and a wholly erased speaker's state,
// go at the end of the erasure (forgetDone), when the blanked events can
// no longer be found through the speaker. Last, the household's day rows
// are added into the anonymous rows and deleted (anonymiseRows), so no
// rollup key names it.

// blanked is e as blankUsage leaves it.
func blanked(e intents.UsageEvent) intents.UsageEvent {
	e.HouseholdID, e.SpeakerID, e.SessionID, e.RepairRef = "", "", "", ""
	return e
}

// forgetUnit takes out of the rollups what unit counted for its events
// that blank picks, and counts them blanked instead. probe is one of the
// unit's events (it says how to find the rest); erasure names the
// erasure: a household id, or "" for the whole speaker.
func (s *Store) forgetUnit(ctx context.Context, unit string, probe *intents.UsageEvent, erasure string, blank func(*intents.UsageEvent) bool) error {
	for range rollAttempts {
		st, ver, err := s.loadUnit(ctx, unit)
		if err != nil {
			return err
		}
		// No state: the unit has nothing counted (every fold of a unit
		// writes its state), or no stream keeps rollups here (dynalite).
		if ver == 0 || slices.Contains(st.Forgotten, erasure) {
			return nil
		}
		stored, err := s.unitEvents(ctx, unit, probe, &st)
		if err != nil {
			return err
		}
		var before, after []intents.UsageEvent
		for _, o := range stored {
			if !o.rolled {
				continue
			}
			before = append(before, o.UsageEvent)
			if blank(&o.UsageEvent) {
				after = append(after, blanked(o.UsageEvent))
			} else {
				after = append(after, o.UsageEvent)
			}
		}
		now := fold(after)
		next := unitState{speakerKey: unit, Time: st.Time, RequestID: st.RequestID, Forgotten: append(slices.Clone(st.Forgotten), erasure)}
		next.Sessions = map[string]*evaluation.SessionState{}
		for id, ss := range now.Sessions {
			if !ss.Last.Before(next.Time.Add(-openSessionKeep)) {
				next.Sessions[id] = ss
			}
		}
		next.Speaker = now.Speakers[unit]
		op, err := s.unitPut(unit, ver, &next)
		if err != nil {
			return err
		}
		adds, err := s.dayAdds(diffDays(now.Days, fold(before).Days))
		if err != nil {
			return err
		}
		committed, _, err := s.transact(ctx, append([]types.TransactWriteItem{op}, adds...))
		if err != nil {
			return fmt.Errorf("forgetting in the rollups: %w", err)
		}
		if committed {
			return nil
		}
	}
	return errors.New("forgetting in the rollups: the unit kept changing")
}

// forgetDone ends an erasure's record in unit: a wholly erased speaker's
// state is deleted, a moved speaker's keeps no note of the household.
func (s *Store) forgetDone(ctx context.Context, unit, erasure string) error {
	if erasure == "" {
		_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Usage), Key: unitKey(unit)})
		return err
	}
	for range rollAttempts {
		st, ver, err := s.loadUnit(ctx, unit)
		if err != nil || ver == 0 || !slices.Contains(st.Forgotten, erasure) {
			return err
		}
		st.Forgotten = slices.DeleteFunc(st.Forgotten, func(f string) bool { return f == erasure })
		op, err := s.unitPut(unit, ver, &st)
		if err != nil {
			return err
		}
		committed, _, err := s.transact(ctx, []types.TransactWriteItem{op})
		if err != nil || committed {
			return err
		}
	}
	return errors.New("ending an erasure in the rollups: the unit kept changing")
}

// forgetHouseholdEvents does forgetUnit for every unit among a
// household's remaining events (speakers not wholly erased, speakerless
// sessions), and for events with no session blanks each with the change
// to its day rows in one transaction. It returns the units to pass to
// forgetDone.
func (s *Store) forgetHouseholdEvents(ctx context.Context, householdID string) ([]string, error) {
	its, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Usage),
		IndexName:                 aws.String(indexUsageByHousehold),
		KeyConditionExpression:    aws.String("#household_id = :hid"),
		ExpressionAttributeNames:  names(attrHouseholdID),
		ExpressionAttributeValues: item{":hid": sval(householdID)},
	})
	if err != nil {
		return nil, err
	}
	probes := map[string]*intents.UsageEvent{}
	var units []string
	for _, it := range its {
		e, err := decodeUsage(it)
		if err != nil {
			return nil, err
		}
		unit := unitOf(&e)
		if unit != "" {
			if probes[unit] == nil {
				probes[unit] = &e
				units = append(units, unit)
			}
			continue
		}
		if _, rolled := it[attrRolled]; !rolled {
			continue // not counted yet: blankUsage blanks it, and the stream counts it blanked
		}
		if err := s.blankLoneEvent(ctx, it, &e, householdID); err != nil {
			return nil, err
		}
	}
	for _, unit := range units {
		err := s.forgetUnit(ctx, unit, probes[unit], householdID, func(e *intents.UsageEvent) bool { return e.HouseholdID == householdID })
		if err != nil {
			return nil, err
		}
	}
	return units, nil
}

// blankLoneEvent blanks a rolled-up event with no session and moves its
// counts to the anonymous row, in one transaction: the blank's condition
// makes a retry a no-op.
func (s *Store) blankLoneEvent(ctx context.Context, it item, e *intents.UsageEvent, householdID string) error {
	ops := []types.TransactWriteItem{{Update: &types.Update{
		TableName:                 aws.String(s.tables.Usage),
		Key:                       item{attrPK: it[attrPK], attrSK: it[attrSK]},
		UpdateExpression:          aws.String("REMOVE #household_id, #speaker_id, #session_id, #repair_ref"),
		ConditionExpression:       aws.String("#household_id = :hid"),
		ExpressionAttributeNames:  names(attrHouseholdID, attrSpeakerID, attrSessionID, attrRepairRef),
		ExpressionAttributeValues: item{":hid": sval(householdID)},
	}}}
	adds, err := s.dayAdds(diffDays(fold([]intents.UsageEvent{blanked(*e)}).Days, fold([]intents.UsageEvent{*e}).Days))
	if err != nil {
		return err
	}
	if _, _, err := s.transact(ctx, append(ops, adds...)); err != nil {
		return fmt.Errorf("blanking an event with no session: %w", err)
	}
	return nil
}

// anonymiseRows adds each of a household's day rows into the anonymous
// row of its day and deletes it, one transaction per row (the delete's
// condition makes a retry a no-op). After forgetUnit these rows hold
// only what an event racing the erasure added.
func (s *Store) anonymiseRows(ctx context.Context, householdID string) error {
	now := s.now()
	for m := now.Add(-s.retention).AddDate(0, -1, 0); !m.After(now.AddDate(0, 1, 0)); m = m.AddDate(0, 1, 0) {
		its, err := s.queryAll(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.tables.Usage),
			KeyConditionExpression:    aws.String("#pk = :pk"),
			FilterExpression:          aws.String("#hh = :hh"),
			ExpressionAttributeNames:  names(attrPK, attrRollHH),
			ExpressionAttributeValues: item{":pk": sval(pfxRollup + m.UTC().Format("2006-01")), ":hh": sval(householdID)},
			ConsistentRead:            aws.Bool(true),
		})
		if err != nil {
			return fmt.Errorf("anonymising day rows: %w", err)
		}
		for _, it := range its {
			d, err := decodeDayRow(it, map[string]string{})
			if err != nil {
				return err
			}
			ops := []types.TransactWriteItem{{Delete: &types.Delete{
				TableName:                aws.String(s.tables.Usage),
				Key:                      item{attrPK: it[attrPK], attrSK: it[attrSK]},
				ConditionExpression:      aws.String("attribute_exists(#pk)"),
				ExpressionAttributeNames: names(attrPK),
			}}}
			if d != nil {
				adds, err := s.dayAdds(map[evaluation.DayKey]*evaluation.Day{{Day: d.Day, Demo: d.Demo}: {Counts: d.Counts}})
				if err != nil {
					return err
				}
				ops = append(ops, adds...)
			}
			if _, _, err := s.transact(ctx, ops); err != nil {
				return fmt.Errorf("anonymising day rows: %w", err)
			}
		}
	}
	return nil
}
