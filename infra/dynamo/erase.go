package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// Erasure deletes many items with no transaction to make it atomic, so it
// is a sequence of steps in which each step's items are found from items a
// later step deletes. A failure at any point therefore leaves everything
// not yet erased findable, and running the erasure again (it is
// idempotent) finishes it. docs/data-model.md lists the steps and why they
// come in this order.

// eraseWriters bounds the writes an erasure runs at once. A household that
// uses the skill daily for a year has a couple of thousand usage events to
// blank; one at a time that would outlast the eight seconds Alexa waits for
// the "forget me" answer, sixteen at a time it takes about a second.
const eraseWriters = 16

// EraseHousehold removes a household's personal data; erasing an unknown
// household is not an error. The steps, in order:
//
//  1. mark the household erasing_since and drop its gsi3 keys: from this
//     one write on, no speaker reaches it by voice, its link code cannot
//     be spent, and staff no longer see it listed;
//  2. delete its repairs, but keep, stripped, those not yet handed off
//     (keepPromised);
//  3. free the slots it holds, then delete its booking items;
//  4. for each of its speakers, delete the speaker's guide progress and
//     link failures and blank the ids on the speaker's usage events;
//  5. blank the ids on the household's usage events;
//  6. delete its claims on its reference and link code;
//  7. delete the household item (its feedback time goes with it);
//  8. delete its speakers' links.
//
// The links go last because they are how a retry finds the speakers, and a
// link to a household that is gone already reads as "not linked". If the
// household item is already gone (an erasure that got past step 7, or an
// unknown id), steps 2–5 and 8 still run: they need only the id, and they
// catch anything a write racing the earlier erasure left behind.
func (s *Store) EraseHousehold(ctx context.Context, householdID string) error {
	if householdID == "" {
		return errors.New("dynamo: erase household: empty household id")
	}
	if err := s.onceOrAgain(ctx, func() error { return s.eraseHousehold(ctx, householdID, nil) }); err != nil {
		return fmt.Errorf("dynamo: erase household %s: %w", householdID, err)
	}
	return nil
}

// eraseHousehold runs EraseHousehold's steps. knownSpeakers are speakers to
// erase besides those the index lists (EraseSpeaker passes the speaker it
// was asked about, so its link need not have reached the index yet).
func (s *Store) eraseHousehold(ctx context.Context, id string, knownSpeakers []string) error {
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(s.tables.Data),
		Key:       householdKey(id),
		// if_not_exists: a retry keeps the time the erasure began.
		UpdateExpression:          aws.String("SET #erasing_since = if_not_exists(#erasing_since, :now) REMOVE #gsi3pk, #gsi3sk"),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		ExpressionAttributeNames:  names(attrErasingSince, attrGSI3PK, attrGSI3SK, attrPK),
		ExpressionAttributeValues: item{":now": msval(s.now())},
		ReturnValues:              types.ReturnValueAllNew,
	})
	var hh item
	switch {
	case err == nil:
		hh = out.Attributes
	case conditionFailed(err):
		// No household item: sweep what the id alone still leads to.
	default:
		return fmt.Errorf("marking the household erasing: %w", err)
	}
	d := decoder{it: hh}
	ref, code, spentCode, spentBy := d.str(attrRef), d.str(attrLinkCode), d.str(attrSpentCode), d.str(attrSpentBy)
	if d.err != nil {
		return fmt.Errorf("household item: %w", d.err)
	}

	if err := s.eraseRepairs(ctx, id, ref); err != nil {
		return fmt.Errorf("repairs: %w", err)
	}
	if err := s.eraseBookings(ctx, id); err != nil {
		return fmt.Errorf("bookings: %w", err)
	}
	// spent_by names the speaker that spent the code even if writing its
	// link failed, so that speaker's data is found without a link.
	speakers, err := s.householdSpeakers(ctx, id, append(knownSpeakers, spentBy))
	if err != nil {
		return fmt.Errorf("listing speakers: %w", err)
	}
	var erased []string // speakers whose every event is blanked
	for _, sp := range speakers {
		whole, err := s.eraseSpeakerData(ctx, sp, id)
		if err != nil {
			return fmt.Errorf("speaker %s: %w", sp, err)
		}
		if whole {
			erased = append(erased, sp)
		}
	}
	units, err := s.forgetHouseholdEvents(ctx, id)
	if err != nil {
		return fmt.Errorf("usage rollups: %w", err)
	}
	err = s.blankUsage(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Usage),
		IndexName:                 aws.String(indexUsageByHousehold),
		KeyConditionExpression:    aws.String("#household_id = :hid"),
		ExpressionAttributeNames:  names(attrHouseholdID),
		ExpressionAttributeValues: item{":hid": sval(id)},
	})
	if err != nil {
		return fmt.Errorf("usage events: %w", err)
	}

	var claims []item
	if ref != "" {
		claims = append(claims, item{attrPK: sval(pfxRefClaim + ref), attrSK: sval(skRefClaim)})
	}
	// The live code's claim, and the spent code's in case LinkSpeaker could
	// not delete it; each is deleted only while it still names this household.
	for _, c := range []string{code, spentCode} {
		if c != "" {
			claims = append(claims, item{attrPK: sval(pfxCodeClaim + c), attrSK: sval(skCodeClaim)})
		}
	}
	if err := s.deleteOwned(ctx, claims, id); err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	if hh != nil {
		_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: householdKey(id)})
		if err != nil {
			return fmt.Errorf("household item: %w", err)
		}
	}
	links := make([]item, len(speakers))
	for i, sp := range speakers {
		links[i] = linkKey(sp)
	}
	if err := s.anonymiseRows(ctx, id); err != nil {
		return fmt.Errorf("usage rollups: %w", err)
	}
	// With the links: a retry finds the speakers through them.
	for _, u := range units {
		if err := s.forgetDone(ctx, u, id); err != nil {
			return fmt.Errorf("usage rollups: %w", err)
		}
	}
	for _, sp := range erased {
		if err := s.forgetDone(ctx, sp, ""); err != nil {
			return fmt.Errorf("usage rollups: %w", err)
		}
	}
	if err := s.deleteOwned(ctx, links, id); err != nil {
		return fmt.Errorf("speaker links: %w", err)
	}
	return nil
}

func linkKey(speakerID string) item {
	return item{attrPK: sval(pfxSpeaker + speakerID), attrSK: sval(skLink)}
}

// eraseRepairs deletes every repair of the household, open or done: gsi1
// lists them all under REPAIRS#<id>. A repair not yet handed off is kept
// instead, as handoff.AfterErasure says (keepPromised); hhRef is the
// household's reference its message names ("" if the household item is
// gone already: then nothing can be kept).
func (s *Store) eraseRepairs(ctx context.Context, id, hhRef string) error {
	keys, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String("#gsi1pk = :pk"),
		ExpressionAttributeNames:  names(attrGSI1PK),
		ExpressionAttributeValues: item{":pk": sval(pfxHHRepairs + id)},
	})
	if err != nil {
		return err
	}
	if hhRef != "" {
		items, err := s.itemsInOrder(ctx, keys)
		if err != nil {
			return err
		}
		keys = keys[:0]
		for _, it := range items {
			kept, err := s.keepPromised(ctx, it, hhRef)
			if err != nil {
				return err
			}
			if !kept {
				keys = append(keys, it)
			}
		}
	}
	return s.deleteOwned(ctx, keys, id)
}

// keepPromised replaces repair item it, if it has not been handed off, by
// an item holding only what handoff.AfterErasure keeps: the stripped
// message (attrKeptMessage), the priority that routes it, the keys that let
// functions/handoffsweep find it, and how far its hand-off got. It names no
// household, so erasure never finds it again; functions/notify sends the
// message and then deletes it (DropKept); if it never goes, the time to
// live deletes it after KeptFor. kept is false if the repair is to be
// deleted as usual.
func (s *Store) keepPromised(ctx context.Context, it item, hhRef string) (kept bool, err error) {
	if _, sent := it[attrHandoffSentAt]; sent {
		return false, nil
	}
	rs, err := decodeRepairs([]item{it})
	if err != nil {
		return false, err
	}
	r := rs[0]
	m, keep := handoff.AfterErasure(handoff.ForRepair(r, hhRef, handoff.ProblemWords(r.Problem)))
	if !keep {
		return false, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	expires := r.ReportedAt.Add(KeptFor)
	if least := s.now().Add(24 * time.Hour); expires.Before(least) {
		expires = least
	}
	k := item{attrKeptMessage: &types.AttributeValueMemberB{Value: b}, TTLAttribute: nval(expires.Unix())}
	for _, a := range []string{attrPK, attrSK, attrRef, attrPriority, attrGSI3PK, attrGSI3SK, attrHandoffPublishedAt} {
		if v, ok := it[a]; ok && v != nil {
			k[a] = v
		}
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.tables.Data),
		Item:      k,
		// Not if functions/notify recorded the hand-off meanwhile, nor
		// (the household's id) over an item that is not this repair.
		ConditionExpression:       aws.String("#household_id = :hid AND attribute_not_exists(#handoff_sent_at)"),
		ExpressionAttributeNames:  names(attrHouseholdID, attrHandoffSentAt),
		ExpressionAttributeValues: item{":hid": sval(r.HouseholdID)},
	})
	if conditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("keeping repair %s to hand off: %w", r.Ref, err)
	}
	return true, nil
}

// eraseBookings frees every slot the household holds (gsi1 BOOKED#<id>,
// past ones included: a past slot must not keep the household's id
// either), then deletes its booking items (gsi3 BOOKINGS#<id>), cancelled
// ones included. Slots first, so that a held slot always has its booking.
func (s *Store) eraseBookings(ctx context.Context, id string) error {
	held, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String("#gsi1pk = :pk"),
		ExpressionAttributeNames:  names(attrGSI1PK),
		ExpressionAttributeValues: item{":pk": sval(pfxBooked + id)},
	})
	if err != nil {
		return err
	}
	err = eachLimit(ctx, held, eraseWriters, func(ctx context.Context, sl item) error {
		d := decoder{it: sl}
		slotID, bookingID := d.str(attrSlotID), d.str(attrBookingID)
		if d.err != nil {
			return fmt.Errorf("slot item: %w", d.err)
		}
		// Not found: freed meanwhile (the index lags), which is the aim.
		if err := s.freeSlot(ctx, slotID, bookingID); err != nil && !errors.Is(err, intents.ErrNotFound) {
			return fmt.Errorf("freeing slot %s: %w", slotID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	bookings, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI3),
		KeyConditionExpression:    aws.String("#gsi3pk = :pk"),
		ExpressionAttributeNames:  names(attrGSI3PK),
		ExpressionAttributeValues: item{":pk": sval(pfxBookings + id)},
	})
	if err != nil {
		return err
	}
	return s.deleteOwned(ctx, bookings, id)
}

// householdSpeakers lists the speakers whose links gsi3 files under the
// household, with extra (empty strings ignored), without repeats.
func (s *Store) householdSpeakers(ctx context.Context, id string, extra []string) ([]string, error) {
	links, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(indexGSI3),
		KeyConditionExpression:    aws.String("#gsi3pk = :pk"),
		ExpressionAttributeNames:  names(attrGSI3PK),
		ExpressionAttributeValues: item{":pk": sval(pfxSpeakers + id)},
	})
	if err != nil {
		return nil, err
	}
	speakers := slices.Clone(extra)
	for _, l := range links {
		d := decoder{it: l}
		sp := d.str(attrGSI3SK)
		if d.err != nil {
			return nil, fmt.Errorf("link entry: %w", d.err)
		}
		speakers = append(speakers, sp)
	}
	slices.Sort(speakers)
	speakers = slices.Compact(speakers)
	return slices.DeleteFunc(speakers, func(sp string) bool { return sp == "" }), nil
}

// eraseSpeakerData deletes everything in the speaker's partition except
// its link (guide progress, link failures, account notes and their copies
// under the account) and blanks the ids on its usage
// events. The link is left for the caller to delete last, because it is
// how a retry finds the speaker. With householdID set, a speaker whose link
// now names another household is left alone: it moved, and what it keeps
// belongs to its new household. whole reports that the speaker's events
// were blanked (it was not left alone).
//
// Before blanking, what the speaker's events counted in the rollups is
// counted again as blanked events count (forgetUnit).
func (s *Store) eraseSpeakerData(ctx context.Context, speakerID, householdID string) (whole bool, err error) {
	its, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  names(attrPK),
		ExpressionAttributeValues: item{":pk": sval(pfxSpeaker + speakerID)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return false, err
	}
	var keys, mirrors []item
	for _, it := range its {
		d := decoder{it: it}
		sk, owner := d.str(attrSK), d.str(attrHouseholdID)
		if d.err != nil {
			return false, fmt.Errorf("speaker item: %w", d.err)
		}
		if sk == skLink {
			if householdID != "" && owner != householdID {
				return false, nil
			}
			continue
		}
		if acc, ok := strings.CutPrefix(sk, pfxAccountRef); ok {
			// The account's copy first: this one is how a retry finds it.
			mirrors = append(mirrors, accountKey(acc, speakerID))
		}
		keys = append(keys, item{attrPK: it[attrPK], attrSK: it[attrSK]})
	}
	del := func(ctx context.Context, key item) error {
		_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: key})
		return err
	}
	if err := eachLimit(ctx, mirrors, eraseWriters, del); err != nil {
		return false, err
	}
	if err := eachLimit(ctx, keys, eraseWriters, del); err != nil {
		return false, err
	}
	probe := intents.UsageEvent{SpeakerID: speakerID}
	if err := s.forgetUnit(ctx, speakerID, &probe, "", func(*intents.UsageEvent) bool { return true }); err != nil {
		return false, fmt.Errorf("usage rollups: %w", err)
	}
	return true, s.blankUsage(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Usage),
		IndexName:                 aws.String(indexUsageBySpeaker),
		KeyConditionExpression:    aws.String("#speaker_id = :sp"),
		ExpressionAttributeNames:  names(attrSpeakerID),
		ExpressionAttributeValues: item{":sp": sval(speakerID)},
	})
}

// blankUsage removes household_id, speaker_id and session_id from every
// event the query q (on the by_household or by_speaker index) finds, one
// UpdateItem each, eraseWriters at a time. The rest of the event, its TTL
// included, stays: the event still counts, anonymously. Removing the
// attributes also removes the event from both indexes, so a retry finds
// only the events not yet blanked. The update is conditional on the event
// existing, so one that expired meanwhile is not brought back as a stub.
func (s *Store) blankUsage(ctx context.Context, q *dynamodb.QueryInput) error {
	events, err := s.queryAll(ctx, q)
	if err != nil {
		return err
	}
	return eachLimit(ctx, events, eraseWriters, func(ctx context.Context, e item) error {
		_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                aws.String(s.tables.Usage),
			Key:                      item{attrPK: e[attrPK], attrSK: e[attrSK]},
			UpdateExpression:         aws.String("REMOVE #household_id, #speaker_id, #session_id, #repair_ref"),
			ConditionExpression:      aws.String("attribute_exists(#pk)"),
			ExpressionAttributeNames: names(attrHouseholdID, attrSpeakerID, attrSessionID, attrRepairRef, attrPK),
		})
		if err != nil && !conditionFailed(err) {
			return err
		}
		return nil
	})
}

// deleteOwned deletes the data-table items at keys that still name
// householdID, eraseWriters at a time. An item that is gone, or now names
// another household (a reference or code claim issued again, a speaker that
// moved), is left as it is.
func (s *Store) deleteOwned(ctx context.Context, keys []item, householdID string) error {
	return eachLimit(ctx, keys, eraseWriters, func(ctx context.Context, k item) error {
		_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
			TableName:                 aws.String(s.tables.Data),
			Key:                       item{attrPK: k[attrPK], attrSK: k[attrSK]},
			ConditionExpression:       aws.String("#household_id = :hid"),
			ExpressionAttributeNames:  names(attrHouseholdID),
			ExpressionAttributeValues: item{":hid": sval(householdID)},
		})
		if err != nil && !conditionFailed(err) {
			return err
		}
		return nil
	})
}

// EraseSpeaker removes what is kept about a speaker: its guide progress,
// link failures and link, and the ids on its usage events.
//
// If the speaker's link names a household that is being erased (or is
// gone), an EraseHousehold failed part-way, and the tenant's only way to
// retry by voice lands here, because the household no longer answers to
// the speaker. So EraseSpeaker first finishes that household's erasure.
func (s *Store) EraseSpeaker(ctx context.Context, speakerID string) error {
	if speakerID == "" {
		return errors.New("dynamo: erase speaker: empty speaker id")
	}
	if err := s.onceOrAgain(ctx, func() error { return s.eraseSpeaker(ctx, speakerID) }); err != nil {
		return fmt.Errorf("dynamo: erase speaker %s: %w", speakerID, err)
	}
	return nil
}

func (s *Store) eraseSpeaker(ctx context.Context, speakerID string) error {
	link, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: linkKey(speakerID), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return err
	}
	if link.Item != nil {
		d := decoder{it: link.Item}
		hid := d.str(attrHouseholdID)
		if d.err != nil {
			return fmt.Errorf("link item: %w", d.err)
		}
		hh, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
			TableName:                aws.String(s.tables.Data),
			Key:                      householdKey(hid),
			ProjectionExpression:     aws.String("#pk, #pending, #erasing_since"),
			ExpressionAttributeNames: names(attrPK, attrPending, attrErasingSince),
			ConsistentRead:           aws.Bool(true),
		})
		if err != nil {
			return err
		}
		if !visible(hh.Item) {
			if err := s.eraseHousehold(ctx, hid, []string{speakerID}); err != nil {
				return fmt.Errorf("finishing the erasure of household %s: %w", hid, err)
			}
		}
	}
	if _, err := s.eraseSpeakerData(ctx, speakerID, ""); err != nil {
		return err
	}
	if err := s.forgetDone(ctx, speakerID, ""); err != nil {
		return fmt.Errorf("usage rollups: %w", err)
	}
	_, err = s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: linkKey(speakerID)})
	return err
}
