package dynamo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// Item keys in the data table for households and speakers.
const (
	pfxHousehold = "HH#" // pk of a household: HH#<id>, sk skHousehold
	skHousehold  = "HOUSEHOLD"
	pfxRefClaim  = "REF#" // pk of a claim on a landlord reference: REF#<ref>
	skRefClaim   = "REF"
	pfxCodeClaim = "CODE#" // pk of a claim on a live link code: CODE#<code>
	skCodeClaim  = "CODE"
	pfxSpeaker   = "SPK#"       // pk of everything about one speaker: SPK#<speaker id>
	skLink       = "LINK"       // the speaker's link to a household
	pfxFailure   = "FAIL#"      // a wrong link code: FAIL#<ms>#<random>
	gsi3All      = "HOUSEHOLDS" // gsi3pk of every finished household
	// gsi3pk of a household's speaker links: SPEAKERS#<household id>,
	// gsi3sk the speaker id. Only erasure reads it: the link is keyed by
	// speaker, and nothing else leads from a household to its speakers.
	pfxSpeakers = "SPEAKERS#"
)

// Household attributes.
const (
	attrID          = "id"
	attrRef         = "ref"
	attrVulnerable  = "vulnerable"
	attrConsent     = "consent_date"
	attrCoachID     = "coach_id"
	attrLinkCode    = "link_code"
	attrCodeExpires = "code_expires"
	attrEnrolledAt  = "enrolled_at"
	attrLinkedAt    = "linked_at"
	attrLastUsed    = "last_used"
	// attrDemo (usage.go) is also a household's: present, and true, only
	// on a practice household.
	// spent_code and spent_by record which speaker spent which code, so that
	// speaker can finish a LinkSpeaker that failed after spending it.
	attrSpentCode = "spent_code"
	attrSpentBy   = "spent_by"
	// pending and pending_since mark a household AddHousehold has not
	// finished: hidden from ListHouseholds and LinkSpeaker.
	attrPending      = "pending"
	attrPendingSince = "pending_since"
	attrAt           = "at"
	// erasing_since marks a household EraseHousehold has begun on: from
	// that write on, every read treats the household as gone (see erase.go).
	attrErasingSince = "erasing_since"
	// feedback_asked is when the household was last asked for a rating
	// (FeedbackMarker), kept on the household item so erasure removes it
	// with the household and a late write cannot outlive it.
	attrFeedbackAsked = "feedback_asked"
	// changed_by and changed_at: who last changed the household's details
	// or link code on the staff site, and when.
	attrChangedBy = "changed_by"
	attrChangedAt = "changed_at"
)

// lease is how long an unfinished AddHousehold keeps its household ID (and
// the claims it made) from another attempt. AddHousehold undoes its own
// writes when it fails; the lease only matters if the process died
// part-way, and then a retry after the lease finishes the job.
const lease = 5 * time.Minute

func householdKey(id string) item {
	return item{attrPK: sval(pfxHousehold + id), attrSK: sval(skHousehold)}
}

func householdItem(h intents.Household) item {
	it := householdKey(h.ID)
	it[attrID] = sval(h.ID)
	it[attrRef] = sval(h.Ref)
	it[attrVulnerable] = bval(h.Vulnerable)
	putT(it, attrConsent, h.ConsentDate)
	putS(it, attrCoachID, h.CoachID)
	putS(it, attrLinkCode, h.LinkCode)
	putT(it, attrCodeExpires, h.CodeExpires)
	putT(it, attrEnrolledAt, h.EnrolledAt)
	putT(it, attrLinkedAt, h.LinkedAt)
	putT(it, attrLastUsed, h.LastUsed)
	if h.Demo {
		it[attrDemo] = bval(true)
	}
	putS(it, attrChangedBy, h.ChangedBy)
	putT(it, attrChangedAt, h.ChangedAt)
	return it
}

func decodeHousehold(it item) (intents.Household, error) {
	d := decoder{it: it}
	h := intents.Household{
		ID:          d.str(attrID),
		Ref:         d.str(attrRef),
		Vulnerable:  d.bool(attrVulnerable),
		ConsentDate: d.time(attrConsent),
		CoachID:     d.str(attrCoachID),
		LinkCode:    d.str(attrLinkCode),
		CodeExpires: d.time(attrCodeExpires),
		EnrolledAt:  d.time(attrEnrolledAt),
		LinkedAt:    d.time(attrLinkedAt),
		Demo:        d.bool(attrDemo),
		LastUsed:    d.time(attrLastUsed),
		ChangedBy:   d.str(attrChangedBy),
		ChangedAt:   d.time(attrChangedAt),
	}
	if d.err != nil {
		return intents.Household{}, fmt.Errorf("household item %s: %w", h.ID, d.err)
	}
	return h, nil
}

// AddHousehold stores a new household; ErrConflict if its ID, Ref or
// unspent LinkCode is already taken.
//
// Three items must be unique (the household, a claim on its Ref, a claim on
// its LinkCode) and there are no transactions, so the household is written
// first, marked pending, as a lock on its ID; then each claim is a
// conditional put; then one conditional update finishes the household,
// making it visible. On a conflict the writes made are undone. A pending
// household is invisible to every read, so a crash part-way leaves nothing a
// tenant or staff member sees, and re-adding the household after the lease
// finishes it.
func (s *Store) AddHousehold(ctx context.Context, h intents.Household) error {
	if err := s.addHousehold(ctx, h); err != nil {
		return fmt.Errorf("dynamo: add household %s: %w", h.ID, err)
	}
	return nil
}

func (s *Store) addHousehold(ctx context.Context, h intents.Household) error {
	if h.ID == "" || h.Ref == "" {
		return errors.New("household needs an ID and a Ref")
	}
	tok, now := token(), s.now()
	it := householdItem(h)
	it[attrPending] = sval(tok)
	it[attrPendingSince] = msval(now)
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.tables.Data),
		Item:                     it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk) OR (attribute_exists(#pending) AND #pending_since < :stale)"),
		ExpressionAttributeNames: names(attrPK, attrPending, attrPendingSince),
		ExpressionAttributeValues: item{
			":stale": msval(now.Add(-lease)),
		},
	})
	if conditionFailed(err) {
		return conflict("household ID taken", err)
	}
	if err != nil {
		return err
	}

	var claimed []item // claim keys to delete if a later step fails
	undo := func(cause error) error {
		cctx, cancel := cleanupContext(ctx)
		defer cancel()
		for _, key := range claimed {
			s.deleteIf(cctx, key, "#household_id = :hid", names(attrHouseholdID), item{":hid": sval(h.ID)})
		}
		s.deleteIf(cctx, householdKey(h.ID), "#pending = :tok", names(attrPending), item{":tok": sval(tok)})
		return cause
	}
	refKey := item{attrPK: sval(pfxRefClaim + h.Ref), attrSK: sval(skRefClaim)}
	if err := s.claim(ctx, refKey, h.ID, ""); err != nil {
		return undo(fmt.Errorf("reference %s: %w", h.Ref, err))
	}
	claimed = append(claimed, refKey)
	if h.LinkCode != "" {
		codeKey := item{attrPK: sval(pfxCodeClaim + h.LinkCode), attrSK: sval(skCodeClaim)}
		if err := s.claim(ctx, codeKey, h.ID, h.LinkCode); err != nil {
			return undo(fmt.Errorf("link code: %w", err))
		}
		claimed = append(claimed, codeKey)
	}

	// Finishing is conditional on the pending token being ours: an attempt
	// that outlived its lease has been taken over, and must not finish.
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                aws.String(s.tables.Data),
		Key:                      householdKey(h.ID),
		UpdateExpression:         aws.String("SET #gsi3pk = :all, #gsi3sk = :order REMOVE #pending, #pending_since"),
		ConditionExpression:      aws.String("#pending = :tok"),
		ExpressionAttributeNames: names(attrGSI3PK, attrGSI3SK, attrPending, attrPendingSince),
		ExpressionAttributeValues: item{
			":all":   sval(gsi3All),
			":order": sval(msKey(h.EnrolledAt) + "#" + h.ID),
			":tok":   sval(tok),
		},
	})
	if conditionFailed(err) {
		return conflict("another AddHousehold took over this one after its lease", err)
	}
	return err
}

// claim makes the item at key a claim by household id on a unique value. A
// claim already held by id is taken again, for a retried AddHousehold. A
// claim held by another household is a conflict unless it is stale: its
// household is gone, or never finished and its lease ran out, or (for a
// link code, where code is the code) has spent the code already.
func (s *Store) claim(ctx context.Context, key item, id, code string) error {
	it := item{attrHouseholdID: sval(id)}
	for k, v := range key {
		it[k] = v
	}
	// Two rounds: the first may find a stale claim and take it over; a
	// second is needed only if the stale claim vanished meanwhile.
	for range 2 {
		_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                 aws.String(s.tables.Data),
			Item:                      it,
			ConditionExpression:       aws.String("attribute_not_exists(#pk) OR #household_id = :hid"),
			ExpressionAttributeNames:  names(attrPK, attrHouseholdID),
			ExpressionAttributeValues: item{":hid": sval(id)},
		})
		if !conditionFailed(err) {
			return err
		}
		owner, stale, err := s.staleClaim(ctx, key, code)
		if err != nil {
			return err
		}
		if owner == "" {
			continue // the claim went away: try again
		}
		if !stale {
			return conflict("taken by household "+owner, errors.New("claim held"))
		}
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                 aws.String(s.tables.Data),
			Item:                      it,
			ConditionExpression:       aws.String("#household_id = :owner"),
			ExpressionAttributeNames:  names(attrHouseholdID),
			ExpressionAttributeValues: item{":owner": sval(owner)},
		})
		if conditionFailed(err) {
			return conflict("taken by another household meanwhile", err)
		}
		return err
	}
	return conflict("claim changed hands while being taken", errors.New("claim contended"))
}

// staleClaim reads the claim at key and its household, reporting the owner
// ("" if the claim is gone) and whether the claim can be taken over.
func (s *Store) staleClaim(ctx context.Context, key item, code string) (owner string, stale bool, err error) {
	c, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil || c.Item == nil {
		return "", false, err
	}
	d := decoder{it: c.Item}
	owner = d.str(attrHouseholdID)
	if d.err != nil {
		return "", false, d.err
	}
	o, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: householdKey(owner), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return "", false, err
	}
	if o.Item == nil {
		return owner, true, nil // an AddHousehold undone, or its undo cut short
	}
	d = decoder{it: o.Item}
	pending, since, ownCode := d.str(attrPending), d.time(attrPendingSince), d.str(attrLinkCode)
	if d.err != nil {
		return "", false, d.err
	}
	switch {
	case pending != "" && since.Before(s.now().Add(-lease)):
		return owner, true, nil // an AddHousehold that died part-way
	case code != "" && pending == "" && ownCode != code:
		return owner, true, nil // a code spent by a LinkSpeaker that could not delete its claim
	}
	return owner, false, nil
}

// deleteIf deletes the item at key if cond holds, for undoing part of a
// failed operation. A failure is logged, not returned: the caller is already
// failing for a better reason, and what is left behind is harmless (see
// staleClaim and CancelBooking).
func (s *Store) deleteIf(ctx context.Context, key item, cond string, n map[string]string, v item) {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       key,
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  n,
		ExpressionAttributeValues: v,
	})
	if err != nil && !conditionFailed(err) {
		s.log.WarnContext(ctx, "dynamo: clean-up delete failed; left for a later write to find stale",
			"table", s.tables.Data, "pk", key[attrPK].(*types.AttributeValueMemberS).Value, "err", err)
	}
}

// ListHouseholds lists every household, earliest enrolled first. It is a
// staff command, not a request path: a Query on gsi3's one partition for the
// keys, then BatchGetItem for the households, a hundred at a time.
func (s *Store) ListHouseholds(ctx context.Context) ([]intents.Household, error) {
	hs, err := s.listHouseholds(ctx)
	if err != nil {
		return nil, fmt.Errorf("dynamo: list households: %w", err)
	}
	return hs, nil
}

func (s *Store) listHouseholds(ctx context.Context) ([]intents.Household, error) {
	keys, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI3),
		KeyConditionExpression:    aws.String("#gsi3pk = :all"),
		ExpressionAttributeNames:  names(attrGSI3PK),
		ExpressionAttributeValues: item{":all": sval(gsi3All)},
	})
	if err != nil {
		return nil, err
	}
	items, err := s.itemsInOrder(ctx, keys)
	if err != nil {
		return nil, err
	}
	hs := make([]intents.Household, 0, len(items))
	for _, it := range items {
		// The index is eventually consistent: a household whose erasure
		// has just begun (and dropped its gsi3 keys) can still be listed.
		if !visible(it) {
			continue
		}
		h, err := decodeHousehold(it)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// chunks yields xs in slices of at most n.
func chunks[T any](xs []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(xs) > 0 {
			k := min(n, len(xs))
			if !yield(xs[:k]) {
				return
			}
			xs = xs[k:]
		}
	}
}

// batchGet reads keys from the data table, strongly consistent, retrying the
// keys DynamoDB leaves unprocessed (it may, under load) with a backoff.
func (s *Store) batchGet(ctx context.Context, keys []item) ([]item, error) {
	return s.batchGetFrom(ctx, s.tables.Data, keys)
}

// batchGetFrom is batchGet from any of the store's tables; at most 100
// keys, DynamoDB's limit.
func (s *Store) batchGetFrom(ctx context.Context, table string, keys []item) ([]item, error) {
	var items []item
	req := map[string]types.KeysAndAttributes{table: {Keys: keys, ConsistentRead: aws.Bool(true)}}
	delay := 20 * time.Millisecond
	for attempt := 0; len(req) > 0; attempt++ {
		if attempt > 0 {
			if attempt > 8 {
				return nil, errors.New("BatchGetItem: keys still unprocessed after 8 retries")
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(delay):
			}
			delay *= 2
		}
		out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return nil, err
		}
		items = append(items, out.Responses[table]...)
		req = out.UnprocessedKeys
	}
	return items, nil
}

// HouseholdForSpeaker returns the household a speaker is linked to, or
// ErrNotFound: the speaker's link and then its household, both strongly
// consistent. When this store has found the speaker's household before, it
// reads the link and that household together, in one BatchGetItem, and
// uses the household only if the link still names it; otherwise (a first
// lookup, or a speaker who has moved) the household is a second read. The
// link decides every time, so a withdrawn speaker or an erased household
// is never served; the remembered id only saves a round trip.
func (s *Store) HouseholdForSpeaker(ctx context.Context, speakerID string) (intents.Household, error) {
	h, err := s.householdForSpeaker(ctx, speakerID)
	if err != nil {
		return intents.Household{}, fmt.Errorf("dynamo: household for speaker %s: %w", speakerID, err)
	}
	return h, nil
}

func (s *Store) householdForSpeaker(ctx context.Context, speakerID string) (intents.Household, error) {
	if speakerID == "" {
		return intents.Household{}, notFound("empty speaker id")
	}
	link := item{attrPK: sval(pfxSpeaker + speakerID), attrSK: sval(skLink)}
	var linked, hinted item
	last, _ := s.households.get(speakerID)
	if last.household != "" {
		items, err := s.batchGet(ctx, []item{link, householdKey(last.household)})
		if err != nil {
			return intents.Household{}, err
		}
		for _, it := range items {
			if sk, ok := it[attrSK].(*types.AttributeValueMemberS); ok && sk.Value == skLink {
				linked = it
			} else {
				hinted = it
			}
		}
	} else {
		out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: link, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return intents.Household{}, err
		}
		linked = out.Item
	}
	if linked == nil {
		s.households.forget(speakerID)
		return intents.Household{}, notFound("speaker link")
	}
	d := decoder{it: linked}
	id := d.str(attrHouseholdID)
	if d.err != nil {
		return intents.Household{}, d.err
	}
	var h intents.Household
	var err error
	if id == last.household {
		if !visible(hinted) {
			s.households.put(speakerID, hint{household: id})
			return intents.Household{}, notFound("household " + id)
		}
		h, err = decodeHousehold(hinted)
	} else {
		h, err = s.household(ctx, id)
	}
	if err != nil {
		s.households.put(speakerID, hint{household: id})
		return intents.Household{}, err
	}
	s.households.put(speakerID, hint{household: id, coach: h.CoachID})
	return h, nil
}

// LinkCodeIssued reports whether a household holds link code: one read of
// the code's claim, which LinkSpeaker reads first too. A turn reads it
// ahead of the household lookup (intents.readAhead), so a code never
// issued is refused without a further round trip.
func (s *Store) LinkCodeIssued(ctx context.Context, code string) (bool, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            item{attrPK: sval(pfxCodeClaim + code), attrSK: sval(skCodeClaim)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return false, fmt.Errorf("dynamo: link code: %w", err)
	}
	return out.Item != nil, nil
}

// HouseholdHint returns the household, and its coach, this store last
// found the speaker in, without a round trip: a guess for reading ahead
// (intents.HouseholdHinter), never an answer.
func (s *Store) HouseholdHint(speakerID string) (householdID, coachID string, ok bool) {
	h, ok := s.households.get(speakerID)
	return h.household, h.coach, ok && h.household != ""
}

// household reads a finished household, or returns ErrNotFound.
func (s *Store) household(ctx context.Context, id string) (intents.Household, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            householdKey(id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return intents.Household{}, err
	}
	if !visible(out.Item) {
		return intents.Household{}, notFound("household " + id)
	}
	return decodeHousehold(out.Item)
}

// visible reports whether a household item is one readers may see: it
// exists, AddHousehold has finished it, and EraseHousehold has not begun.
func visible(it item) bool {
	return it != nil && it[attrPending] == nil && it[attrErasingSince] == nil
}

// SetHouseholdDetails sets whether a household is vulnerable and its
// coach; ErrNotFound if it is not enrolled (or is being erased).
func (s *Store) SetHouseholdDetails(ctx context.Context, id string, vulnerable bool, coachID, by string, at time.Time) error {
	set := "SET #vulnerable = :v, #changed_by = :by, #changed_at = :at"
	n := names(attrVulnerable, attrChangedBy, attrChangedAt, attrPK, attrPending, attrErasingSince)
	v := item{":v": bval(vulnerable), ":by": sval(by), ":at": msval(at)}
	if coachID == "" {
		set += " REMOVE #coach_id"
	} else {
		set += ", #coach_id = :coach"
		v[":coach"] = sval(coachID)
	}
	n["#coach_id"] = attrCoachID
	if err := s.changeHousehold(ctx, id, set, n, v, nil); err != nil {
		return fmt.Errorf("dynamo: change household %s: %w", id, err)
	}
	return nil
}

// ReissueLinkCode gives a household a new link code until expires, in
// place of any it had; ErrConflict if another household holds the code.
//
// No transaction, as in AddHousehold: claim the new code, then set it on
// the household, then let go of the old code's claim. A claim left behind
// by a crash between the steps is stale (its household holds another code)
// and is taken over by the next household to draw that code.
func (s *Store) ReissueLinkCode(ctx context.Context, id, code string, expires time.Time, by string, at time.Time) error {
	if err := s.reissueLinkCode(ctx, id, code, expires, by, at); err != nil {
		return fmt.Errorf("dynamo: new link code for household %s: %w", id, err)
	}
	return nil
}

func (s *Store) reissueLinkCode(ctx context.Context, id, code string, expires time.Time, by string, at time.Time) error {
	codeKey := item{attrPK: sval(pfxCodeClaim + code), attrSK: sval(skCodeClaim)}
	if err := s.claim(ctx, codeKey, id, code); err != nil {
		return err
	}
	var old item
	err := s.changeHousehold(ctx, id, "SET #link_code = :code, #code_expires = :exp, #changed_by = :by, #changed_at = :at",
		names(attrLinkCode, attrCodeExpires, attrChangedBy, attrChangedAt, attrPK, attrPending, attrErasingSince),
		item{":code": sval(code), ":exp": msval(expires), ":by": sval(by), ":at": msval(at)}, &old)
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	if err != nil {
		s.deleteIf(cctx, codeKey, "#household_id = :hid", names(attrHouseholdID), item{":hid": sval(id)})
		return err
	}
	d := decoder{it: old}
	if was := d.str(attrLinkCode); was != "" && was != code && d.err == nil {
		s.deleteIf(cctx, item{attrPK: sval(pfxCodeClaim + was), attrSK: sval(skCodeClaim)},
			"#household_id = :hid", names(attrHouseholdID), item{":hid": sval(id)})
	}
	return nil
}

// changeHousehold applies update to a finished household not being
// erased; ErrNotFound otherwise. old, if not nil, receives the item as it
// was.
func (s *Store) changeHousehold(ctx context.Context, id, update string, n map[string]string, v item, old *item) error {
	in := &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       householdKey(id),
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("attribute_exists(#pk) AND attribute_not_exists(#pending) AND attribute_not_exists(#erasing_since)"),
		ExpressionAttributeNames:  n,
		ExpressionAttributeValues: v,
	}
	if old != nil {
		in.ReturnValues = types.ReturnValueAllOld
	}
	out, err := s.db.UpdateItem(ctx, in)
	if conditionFailed(err) {
		return notFound("household")
	}
	if err != nil {
		return err
	}
	if old != nil {
		*old = out.Attributes
	}
	return nil
}

// LinkSpeaker spends a household's link code, linking the speaker to it;
// ErrNotFound for an unknown, spent or expired code. A code stays valid while
// now is before its CodeExpires. A speaker already linked elsewhere moves to
// the new household: the code is the newer proof of where the speaker lives.
//
// Four steps, no transaction: read the code's claim (which household);
// spend the code with one conditional UpdateItem on the household, which of
// any number of racing speakers only one can pass; write the speaker's link;
// delete the claim so the code can be issued again. If the link write fails
// the code is spent but the speaker unlinked; the household remembers who
// spent it, so the same speaker saying the same code again finishes the job
// instead of hearing that the code is spent.
func (s *Store) LinkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	h, err := s.linkSpeaker(ctx, code, speakerID, now)
	if err != nil {
		return intents.Household{}, fmt.Errorf("dynamo: link speaker %s: %w", speakerID, err)
	}
	return h, nil
}

// linkSpeaker spends the code on the household and writes the speaker's
// link in one transaction, with the request's claim and its effect
// (intents.LinkEffect), so a process that dies part way leaves either
// all of it or none: its retry links the speaker, or hears the first
// handling's words (intents checks the effect), never "already done" for
// nothing done.
func (s *Store) linkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	if code == "" {
		return intents.Household{}, notFound("empty link code")
	}
	if speakerID == "" {
		return intents.Household{}, errors.New("empty speaker id")
	}
	codeKey := item{attrPK: sval(pfxCodeClaim + code), attrSK: sval(skCodeClaim)}
	c, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: codeKey, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return intents.Household{}, err
	}
	if c.Item == nil {
		return intents.Household{}, notFound("link code")
	}
	d := decoder{it: c.Item}
	id := d.str(attrHouseholdID)
	if d.err != nil {
		return intents.Household{}, d.err
	}
	cur, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: householdKey(id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return intents.Household{}, err
	}
	if !visible(cur.Item) {
		return intents.Household{}, notFound("household of link code")
	}
	// The household as the update leaves it, for the caller.
	spent := maps.Clone(cur.Item)
	spent[attrLinkedAt], spent[attrSpentCode], spent[attrSpentBy] = msval(now), sval(code), sval(speakerID)
	delete(spent, attrLinkCode)
	link := item{
		attrPK:          sval(pfxSpeaker + speakerID),
		attrSK:          sval(skLink),
		attrHouseholdID: sval(id),
		attrLinkedAt:    msval(now),
		attrGSI3PK:      sval(pfxSpeakers + id),
		attrGSI3SK:      sval(speakerID),
	}
	// Not while erasing: a link made after EraseHousehold listed the
	// household's speakers would survive the erasure.
	spend := types.Update{
		TableName:                aws.String(s.tables.Data),
		Key:                      householdKey(id),
		UpdateExpression:         aws.String("SET #linked_at = :now, #spent_code = :code, #spent_by = :spk REMOVE #link_code"),
		ConditionExpression:      aws.String("#link_code = :code AND #code_expires > :now AND attribute_not_exists(#pending) AND attribute_not_exists(#erasing_since)"),
		ExpressionAttributeNames: names(attrLinkedAt, attrSpentCode, attrSpentBy, attrLinkCode, attrCodeExpires, attrPending, attrErasingSince),
		ExpressionAttributeValues: item{
			":now":  msval(now),
			":code": sval(code),
			":spk":  sval(speakerID),
		},
	}
	if _, ok := intents.ClaimFrom(ctx); ok {
		err = s.claimed(ctx, intents.LinkEffect(speakerID, code), types.TransactWriteItem{Update: &spend},
			types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.tables.Data), Item: link}})
	} else {
		// Outside a conversation (staff, tests) there is no request to
		// answer twice: spend, then link, as two writes; a link that
		// fails after the spend is finished by the same speaker's retry.
		_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: spend.TableName, Key: spend.Key,
			UpdateExpression: spend.UpdateExpression, ConditionExpression: spend.ConditionExpression,
			ExpressionAttributeNames: spend.ExpressionAttributeNames, ExpressionAttributeValues: spend.ExpressionAttributeValues})
		if conditionFailed(err) {
			err = &writeFailedError{index: 0, err: err}
		} else if err == nil {
			_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: link})
		}
	}
	var wf *writeFailedError
	switch {
	case err == nil:
	case errors.As(err, &wf) && wf.index == 0:
		// Lost a race, or a wrong, expired or spent code, or this speaker
		// finishing a link written before this transaction existed.
		if spent, err = s.spentBy(ctx, id, code, speakerID); err != nil {
			return intents.Household{}, err
		}
		if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: link}); err != nil {
			return intents.Household{}, fmt.Errorf("code spent but link not written (the same speaker may retry): %w", err)
		}
	default:
		return intents.Household{}, err
	}
	h, err := decodeHousehold(spent)
	if err != nil {
		return intents.Household{}, err
	}
	// The claim is only a pointer now. If deleting it fails, the code stays
	// unusable by others (the household no longer holds it) and AddHousehold
	// treats the claim as stale; so a failure here is not the tenant's.
	cctx, cancel := cleanupContext(ctx)
	defer cancel()
	s.deleteIf(cctx, codeKey, "#household_id = :hid", names(attrHouseholdID), item{":hid": sval(h.ID)})
	return h, nil
}

// spentBy returns household id's item if speakerID already spent code on it
// (a LinkSpeaker being finished), and ErrNotFound otherwise.
func (s *Store) spentBy(ctx context.Context, id, code, speakerID string) (item, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: householdKey(id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	d := decoder{it: out.Item}
	if !visible(out.Item) || d.str(attrSpentCode) != code || d.str(attrSpentBy) != speakerID || d.err != nil {
		return nil, notFound("link code (unknown, expired or spent)")
	}
	return out.Item, nil
}

// LinkFailures counts a speaker's wrong codes at or after since: a COUNT
// Query on the speaker's partition, reading only failures in the window.
func (s *Store) LinkFailures(ctx context.Context, speakerID string, since time.Time) (int, error) {
	n := 0
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                aws.String(s.tables.Data),
		KeyConditionExpression:   aws.String("#pk = :pk AND #sk BETWEEN :from AND :end"),
		ExpressionAttributeNames: names(attrPK, attrSK),
		ExpressionAttributeValues: item{
			":pk":   sval(pfxSpeaker + speakerID),
			":from": sval(pfxFailure + msKey(since)),
			":end":  sval(pfxFailure + "~"), // past every digit
		},
		Select:         types.SelectCount,
		ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("dynamo: link failures of %s: %w", speakerID, err)
		}
		n += int(page.Count)
	}
	return n, nil
}

// RecordLinkFailure notes one wrong code from a speaker. The random suffix
// keeps two failures in the same millisecond apart.
func (s *Store) RecordLinkFailure(ctx context.Context, speakerID string, at time.Time) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.tables.Data),
		Item: item{
			attrPK: sval(pfxSpeaker + speakerID),
			attrSK: sval(pfxFailure + msKey(at) + "#" + token()),
			attrAt: msval(at),
		},
	})
	if err != nil {
		return fmt.Errorf("dynamo: record link failure of %s: %w", speakerID, err)
	}
	return nil
}

// TouchHousehold records that the household used the skill at the given
// time; ErrNotFound for an unknown household. LastUsed only moves forward,
// so two requests finishing out of order leave the later time: the
// condition refuses the earlier, and only then does a read tell a
// refusal for that reason from a missing household.
func (s *Store) TouchHousehold(ctx context.Context, householdID string, at time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Data),
		Key:                       householdKey(householdID),
		UpdateExpression:          aws.String("SET #last_used = :at"),
		ConditionExpression:       aws.String("attribute_exists(#pk) AND (attribute_not_exists(#last_used) OR #last_used < :at)"),
		ExpressionAttributeNames:  names(attrPK, attrLastUsed),
		ExpressionAttributeValues: item{":at": msval(at)},
	})
	if conditionFailed(err) {
		_, err = s.household(ctx, householdID)
	}
	if err != nil {
		return fmt.Errorf("dynamo: touch household %s: %w", householdID, err)
	}
	return nil
}
