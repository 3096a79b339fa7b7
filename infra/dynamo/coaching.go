package dynamo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

// A coach slot is one item, and it is also the lock that keeps a slot to one
// booking: Book sets booking_id on it only if it has none, in one
// conditional UpdateItem. While free, the slot carries the keys of two
// sparse indexes, gsi1 (its coach's free slots) and gsi2 (every coach's free
// slots that month); booking swaps its gsi1 key to its household's standing
// bookings and drops its gsi2 keys, so the same write that takes the slot
// takes it out of every free list. Cancelling swaps them back.
//
// Every slot, free or booked, also has gsi3 keys in its month's partition
// for the staff view (ListSlots). They never change, so booking and
// cancelling (which change gsi1 and gsi2) write nothing to gsi3.
//
// A booking also has a small item of its own, keyed by booking id, because
// CancelBooking is given only the id: it points at the slot, and keeps the
// booking's history once cancelled. Its gsi3 keys list it under its
// household, for erasure: nothing else leads from a household to the
// bookings it cancelled.
const (
	pfxSlot     = "SLOT#" // pk: SLOT#<slot id>
	skSlot      = "SLOT"
	pfxFree     = "FREE#"    // gsi1pk FREE#<coach id>, gsi2pk FREE#<yyyy-mm>; sk <start ms>#<slot id>
	pfxBooked   = "BOOKED#"  // gsi1pk while booked: BOOKED#<household id>
	pfxSlots    = "SLOTS#"   // gsi3pk of every slot: SLOTS#<yyyy-mm>; gsi3sk <start ms>#<slot id>
	pfxBooking  = "BOOKING#" // pk: BOOKING#<booking id>
	skBooking   = "BOOKING"
	pfxBookings = "BOOKINGS#" // gsi3pk of a booking item: BOOKINGS#<household id>; gsi3sk <booking id>
)

// Slot and booking attributes.
const (
	attrSlotID    = "slot_id"
	attrCoach     = "coach"
	attrStart     = "start"
	attrBookingID = "booking_id"
	// attrReminderID is the Alexa reminder set for the visit, on the
	// booked slot (the standing booking), removed when the slot is freed.
	// Not on the booking item: a MODIFY of that is a hand-off on the stream.
	attrReminderID  = "reminder_id"
	attrBookedAt    = "booked_at"
	attrCancelledAt = "cancelled_at"
	// The gsi1pk and gsi2pk a slot has while free, kept on the slot so
	// that cancelling can restore them in the same conditional write
	// (SET gsi1pk = free_gsi1pk), without first reading the slot.
	attrFreeGSI1PK = "free_gsi1pk"
	attrFreeGSI2PK = "free_gsi2pk"
)

// slotWriters bounds AddCoachSlots' concurrent PutItems: enough to load a
// term's rota in a second or two, few enough not to look like a flood.
const slotWriters = 8

func slotKey(id string) item {
	return item{attrPK: sval(pfxSlot + id), attrSK: sval(skSlot)}
}

// monthKey is the gsi2 partition of free slots starting at t: a month of
// slots is a few hundred items, small enough for one Query, and a month
// bounds the partition so it never grows without end.
func monthKey(t time.Time) string { return pfxFree + month(t) }

// month formats the UTC month of t, the partition of slot lists by time.
func month(t time.Time) string { return t.UTC().Format("2006-01") }

// months yields the first instant of each UTC month that [from, to)
// touches, in order.
func months(from, to time.Time) func(yield func(time.Time) bool) {
	return func(yield func(time.Time) bool) {
		f := from.UTC()
		for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(to); m = m.AddDate(0, 1, 0) {
			if !yield(m) {
				return
			}
		}
	}
}

// AddCoachSlots adds slots; a slot whose ID is already stored is left as it
// is (attribute_not_exists), so a staff command can load the same rota
// twice. Every slot is checked before any is written.
func (s *Store) AddCoachSlots(ctx context.Context, slots []intents.CoachSlot) error {
	for _, sl := range slots {
		if sl.ID == "" || sl.CoachID == "" || sl.Start.IsZero() {
			return fmt.Errorf("dynamo: add coach slots: slot %q needs an ID, a CoachID and a start time", sl.ID)
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, slotWriters)
	)
	for _, sl := range slots {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.addSlot(ctx, sl); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("slot %s: %w", sl.ID, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dynamo: add coach slots: %w", err)
	}
	return nil
}

func (s *Store) addSlot(ctx context.Context, sl intents.CoachSlot) error {
	order := msKey(sl.Start) + "#" + sl.ID
	it := slotKey(sl.ID)
	it[attrSlotID] = sval(sl.ID)
	it[attrCoachID] = sval(sl.CoachID)
	putS(it, attrCoach, sl.Coach)
	it[attrStart] = msval(sl.Start)
	it[attrFreeGSI1PK] = sval(pfxFree + sl.CoachID)
	it[attrFreeGSI2PK] = sval(monthKey(sl.Start))
	it[attrGSI1PK] = it[attrFreeGSI1PK]
	it[attrGSI1SK] = sval(order)
	it[attrGSI2PK] = it[attrFreeGSI2PK]
	it[attrGSI2SK] = sval(order)
	it[attrGSI3PK] = sval(pfxSlots + month(sl.Start))
	it[attrGSI3SK] = sval(order)
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.tables.Data),
		Item:                     it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	})
	if conditionFailed(err) {
		return nil // stored already: left as it is
	}
	return err
}

// FreeSlots lists unbooked slots starting in [from, to), earliest first, for
// one coach (or any coach when coachID is empty), at most limit of them.
// One coach is one Query on gsi1 with Limit; any coach is a Query on gsi2
// per month of the window, in order, stopping once limit slots are found,
// so a window inside one month is one Query too. Index reads are eventually
// consistent: a slot booked a moment ago may still be listed, and Book then
// refuses it with ErrConflict, which the conversation already handles.
func (s *Store) FreeSlots(ctx context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
	if limit <= 0 || !from.Before(to) {
		return nil, nil
	}
	var (
		slots []intents.CoachSlot
		err   error
	)
	if coachID != "" {
		slots, err = s.freeSlots(ctx, indexGSI1, attrGSI1PK, attrGSI1SK, pfxFree+coachID, from, to, limit)
	} else {
		for m := range months(from, to) {
			if len(slots) >= limit {
				break
			}
			var more []intents.CoachSlot
			more, err = s.freeSlots(ctx, indexGSI2, attrGSI2PK, attrGSI2SK, monthKey(m), from, to, limit-len(slots))
			if err != nil {
				break
			}
			slots = append(slots, more...)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("dynamo: free slots: %w", err)
	}
	return slots, nil
}

// freeSlots queries one free-slot partition for up to limit slots in [from, to).
func (s *Store) freeSlots(ctx context.Context, index, pkAttr, skAttr, pk string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
	lo, hi := rangeKeys(from, to)
	var slots []intents.CoachSlot
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		IndexName:                 aws.String(index),
		KeyConditionExpression:    aws.String("#" + pkAttr + " = :pk AND #" + skAttr + " BETWEEN :lo AND :hi"),
		ExpressionAttributeNames:  names(pkAttr, skAttr),
		ExpressionAttributeValues: item{":pk": sval(pk), ":lo": sval(lo), ":hi": sval(hi)},
		Limit:                     aws.Int32(int32(min(limit, 1000))),
	})
	for p.HasMorePages() && len(slots) < limit {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			sl, err := decodeSlot(it)
			if err != nil {
				return nil, err
			}
			slots = append(slots, sl)
		}
	}
	return slots[:min(len(slots), limit)], nil
}

func decodeSlot(it item) (intents.CoachSlot, error) {
	d := decoder{it: it}
	sl := intents.CoachSlot{
		ID:      d.str(attrSlotID),
		CoachID: d.str(attrCoachID),
		Coach:   d.str(attrCoach),
		Start:   d.time(attrStart),
	}
	if d.err != nil {
		return intents.CoachSlot{}, fmt.Errorf("slot item %s: %w", sl.ID, d.err)
	}
	return sl, nil
}

// Book holds b.Slot for b.HouseholdID; ErrConflict if the slot is already
// held (or b.ID is taken), ErrNotFound if the slot is unknown. Only
// b.Slot.ID is read: the slot's details are the stored ones.
//
// A tenant's booking (made under a request's claim) writes the booking's
// item, takes the slot and claims the request in one transaction. A staff
// booking writes the item first and takes the slot second, so any slot held
// has a booking item CancelBooking can find; a booking item whose slot was
// never taken (the race was lost, or the write failed) points at a slot
// that does not name it, which CancelBooking reads as not standing.
// As with repairs, nothing checks that the household exists.
func (s *Store) Book(ctx context.Context, b intents.Booking) error {
	if err := s.book(ctx, b); err != nil {
		return fmt.Errorf("dynamo: book slot %s for %s: %w", b.Slot.ID, b.HouseholdID, err)
	}
	return nil
}

func (s *Store) book(ctx context.Context, b intents.Booking) error {
	if b.ID == "" || b.HouseholdID == "" || b.Slot.ID == "" {
		return errors.New("booking needs an ID, a HouseholdID and a Slot.ID")
	}
	bk := item{
		attrPK:          sval(pfxBooking + b.ID),
		attrSK:          sval(skBooking),
		attrBookingID:   sval(b.ID),
		attrSlotID:      sval(b.Slot.ID),
		attrHouseholdID: sval(b.HouseholdID),
		attrGSI3PK:      sval(pfxBookings + b.HouseholdID),
		attrGSI3SK:      sval(b.ID),
	}
	putT(bk, attrBookedAt, b.BookedAt)
	put := types.TransactWriteItem{Put: &types.Put{
		TableName:                aws.String(s.tables.Data),
		Item:                     bk,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	}}
	set := "SET #booking_id = :bid, #household_id = :hid, #gsi1pk = :booked"
	values := item{":bid": sval(b.ID), ":hid": sval(b.HouseholdID), ":booked": sval(pfxBooked + b.HouseholdID)}
	if !b.BookedAt.IsZero() {
		set += ", #booked_at = :at"
		values[":at"] = msval(b.BookedAt)
	}
	// The condition is the whole of double-booking prevention: of any number
	// of concurrent Books, DynamoDB lets exactly one find booking_id absent.
	take := types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(s.tables.Data),
		Key:                       slotKey(b.Slot.ID),
		UpdateExpression:          aws.String(set + " REMOVE #gsi2pk, #gsi2sk"),
		ConditionExpression:       aws.String("attribute_exists(#pk) AND attribute_not_exists(#booking_id)"),
		ExpressionAttributeNames:  names(attrPK, attrBookingID, attrHouseholdID, attrGSI1PK, attrBookedAt, attrGSI2PK, attrGSI2SK),
		ExpressionAttributeValues: values,
	}}
	if _, ok := intents.ClaimFrom(ctx); ok {
		// A tenant's booking: the booking, the slot and the request's
		// claim are one transaction, so there is nothing to undo.
		err := s.claimed(ctx, intents.Effect("booking", b.ID), put, take)
		switch {
		case writeFailed(err, 0) && !s.sameItem(ctx, bk, attrSlotID, attrHouseholdID):
			return conflict("booking ID taken", err)
		case writeFailed(err, 0), writeFailed(err, 1):
			return s.slotLost(ctx, b, err)
		}
		return err
	}

	err := s.writeOne(ctx, put)
	if conditionFailed(err) && !s.sameItem(ctx, bk, attrSlotID, attrHouseholdID) {
		return conflict("booking ID taken", err)
	}
	if err != nil && !conditionFailed(err) {
		return err
	}
	err = s.writeOne(ctx, take)
	if err == nil {
		return nil
	}
	if !conditionFailed(err) {
		// The slot may or may not be held (a timeout can hide a success):
		// leave the booking item, which is right either way.
		return err
	}
	lost := s.slotLost(ctx, b, err)
	if lost != nil {
		// Not held by this booking: its item would point at a slot
		// someone else holds.
		cctx, cancel := cleanupContext(ctx)
		defer cancel()
		s.deleteIf(cctx, item{attrPK: bk[attrPK], attrSK: bk[attrSK]}, "attribute_exists(#pk)", names(attrPK), nil)
	}
	return lost
}

// slotLost says why taking b's slot failed its condition (err): nil if the
// slot is held by this very booking (an earlier attempt whose reply was lost
// succeeded), ErrNotFound if it is gone, else ErrConflict.
func (s *Store) slotLost(ctx context.Context, b intents.Booking, err error) error {
	// dynalite ignores ReturnValuesOnConditionCheckFailure, so a read tells
	// a held slot from a missing one; it happens only on this losing path.
	out, gerr := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: slotKey(b.Slot.ID), ConsistentRead: aws.Bool(true)})
	switch {
	case gerr == nil && out.Item != nil && reflect.DeepEqual(out.Item[attrBookingID], sval(b.ID)):
		return nil
	case gerr == nil && out.Item == nil:
		return notFound("slot")
	}
	return conflict("slot already held", err)
}

// ActiveBooking returns the household's standing booking that starts at or
// after now, the earliest if there are several, or ErrNotFound: one Query on
// gsi1 with Limit 1.
func (s *Store) ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error) {
	b, err := s.activeBooking(ctx, householdID, now)
	if err != nil {
		return intents.Booking{}, fmt.Errorf("dynamo: active booking of %s: %w", householdID, err)
	}
	return b, nil
}

func (s *Store) activeBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                aws.String(s.tables.Data),
		IndexName:                aws.String(indexGSI1),
		KeyConditionExpression:   aws.String("#gsi1pk = :pk AND #gsi1sk >= :now"),
		ExpressionAttributeNames: names(attrGSI1PK, attrGSI1SK),
		ExpressionAttributeValues: item{
			":pk":  sval(pfxBooked + householdID),
			":now": sval(msKey(now)),
		},
		Limit: aws.Int32(1),
	})
	if err != nil {
		return intents.Booking{}, err
	}
	if len(out.Items) == 0 {
		return intents.Booking{}, notFound("standing booking")
	}
	it := out.Items[0]
	sl, err := decodeSlot(it)
	if err != nil {
		return intents.Booking{}, err
	}
	d := decoder{it: it}
	b := intents.Booking{
		ID:          d.str(attrBookingID),
		HouseholdID: d.str(attrHouseholdID),
		Slot:        sl,
		BookedAt:    d.time(attrBookedAt),
		ReminderID:  d.str(attrReminderID),
	}
	if d.err != nil {
		return intents.Booking{}, fmt.Errorf("slot item %s: %w", sl.ID, d.err)
	}
	return b, nil
}

// CancelBooking cancels a standing booking, freeing its slot; ErrNotFound if
// it does not stand. The slot is freed by one UpdateItem conditional on the
// slot still naming this booking, so a booking cancels once and a stale
// booking can never free a slot someone else now holds.
func (s *Store) CancelBooking(ctx context.Context, bookingID string, at time.Time) error {
	if err := s.cancelBooking(ctx, bookingID, at); err != nil {
		return fmt.Errorf("dynamo: cancel booking %s: %w", bookingID, err)
	}
	return nil
}

func (s *Store) cancelBooking(ctx context.Context, bookingID string, at time.Time) error {
	if at.IsZero() {
		return errors.New("no cancellation time")
	}
	key := item{attrPK: sval(pfxBooking + bookingID), attrSK: sval(skBooking)}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return err
	}
	if out.Item == nil {
		return notFound("booking")
	}
	d := decoder{it: out.Item}
	slotID, cancelled := d.str(attrSlotID), d.time(attrCancelledAt)
	if d.err != nil {
		return fmt.Errorf("booking item: %w", d.err)
	}
	_, claimed := intents.ClaimFrom(ctx)
	if !cancelled.IsZero() && !claimed {
		return notFound("standing booking (cancelled already)")
	}
	mark := types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(s.tables.Data),
		Key:                       key,
		UpdateExpression:          aws.String("SET #cancelled_at = :at"),
		ConditionExpression:       aws.String("attribute_not_exists(#cancelled_at)"),
		ExpressionAttributeNames:  names(attrCancelledAt),
		ExpressionAttributeValues: item{":at": msval(at)},
	}}
	if claimed {
		// A tenant's cancellation: slot, history and the request's claim
		// in one transaction; tried even if cancelled already, as that
		// may be this request's other handling's doing (ErrRepeated).
		err := s.claimed(ctx, intents.Effect("cancel", bookingID), freeSlotWrite(s.tables.Data, slotID, bookingID), mark)
		if writeFailed(err, 0) || writeFailed(err, 1) {
			return notFound("standing booking")
		}
		return err
	}
	if err := s.freeSlot(ctx, slotID, bookingID); err != nil {
		return err
	}
	// History only: the slot is the truth, and it is free now.
	err = s.writeOne(ctx, mark)
	if err != nil && !conditionFailed(err) {
		s.log.WarnContext(ctx, "dynamo: slot freed but booking's cancellation time not recorded",
			"booking_id", bookingID, "err", err)
	}
	return nil
}

// SetBookingReminder keeps the reminder set for a booking on the slot it
// holds: a GetItem of the booking for its slot, then an update of the slot
// conditional on it still naming the booking (with the request's claim, in
// a conversation).
func (s *Store) SetBookingReminder(ctx context.Context, bookingID, reminderID string) error {
	if err := s.setBookingReminder(ctx, bookingID, reminderID); err != nil {
		return fmt.Errorf("dynamo: reminder of booking %s: %w", bookingID, err)
	}
	return nil
}

func (s *Store) setBookingReminder(ctx context.Context, bookingID, reminderID string) error {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            item{attrPK: sval(pfxBooking + bookingID), attrSK: sval(skBooking)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return err
	}
	if out.Item == nil {
		return notFound("booking")
	}
	d := decoder{it: out.Item}
	slotID := d.str(attrSlotID)
	if d.err != nil {
		return fmt.Errorf("booking item: %w", d.err)
	}
	// In a conversation the request's claim goes in the same transaction:
	// the reminder is set once however often the tenant's "yes" arrives.
	// It names no effect (intents.Effect): a repeat is refused, as the
	// reminder it would keep is another one.
	err = s.claimed(ctx, "", types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(s.tables.Data),
		Key:                       slotKey(slotID),
		UpdateExpression:          aws.String("SET #reminder_id = :rid"),
		ConditionExpression:       aws.String("#booking_id = :bid"),
		ExpressionAttributeNames:  names(attrReminderID, attrBookingID),
		ExpressionAttributeValues: item{":rid": sval(reminderID), ":bid": sval(bookingID)},
	}})
	if writeFailed(err, 0) {
		return notFound("standing booking")
	}
	return err
}

// freeSlot frees a slot held by bookingID, restoring its free-list keys;
// ErrNotFound if the slot is not held by that booking (never was, or was
// freed already, or is gone). One UpdateItem conditional on the slot still
// naming the booking, so a stale booking can never free a slot someone else
// now holds.
func (s *Store) freeSlot(ctx context.Context, slotID, bookingID string) error {
	err := s.writeOne(ctx, freeSlotWrite(s.tables.Data, slotID, bookingID))
	if conditionFailed(err) {
		return notFound("standing booking")
	}
	return err
}

func freeSlotWrite(table, slotID, bookingID string) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(table),
		Key:                       slotKey(slotID),
		UpdateExpression:          aws.String("SET #gsi1pk = #free_gsi1pk, #gsi2pk = #free_gsi2pk, #gsi2sk = #gsi1sk REMOVE #booking_id, #household_id, #booked_at, #reminder_id"),
		ConditionExpression:       aws.String("#booking_id = :bid"),
		ExpressionAttributeNames:  names(attrGSI1PK, attrFreeGSI1PK, attrGSI2PK, attrFreeGSI2PK, attrGSI2SK, attrGSI1SK, attrBookingID, attrHouseholdID, attrBookedAt, attrReminderID),
		ExpressionAttributeValues: item{":bid": sval(bookingID)},
	}}
}

// ListSlots lists slots starting in [from, to), earliest first, each with
// the booking that holds it. It is a staff command: a Query on gsi3 per
// month of the window for the keys of every slot, free or booked, then
// BatchGetItem for the slots themselves, strongly consistent, so whether a
// slot is booked is read from the slot and not from a lagging index.
func (s *Store) ListSlots(ctx context.Context, from, to time.Time) ([]intents.SlotBooking, error) {
	sbs, err := s.listSlots(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("dynamo: list slots: %w", err)
	}
	return sbs, nil
}

func (s *Store) listSlots(ctx context.Context, from, to time.Time) ([]intents.SlotBooking, error) {
	if !from.Before(to) {
		return nil, nil
	}
	lo, hi := rangeKeys(from, to)
	var keys []item
	for m := range months(from, to) {
		got, err := s.queryAll(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.tables.Data),
			IndexName:                 aws.String(indexGSI3),
			KeyConditionExpression:    aws.String("#gsi3pk = :pk AND #gsi3sk BETWEEN :lo AND :hi"),
			ExpressionAttributeNames:  names(attrGSI3PK, attrGSI3SK),
			ExpressionAttributeValues: item{":pk": sval(pfxSlots + month(m)), ":lo": sval(lo), ":hi": sval(hi)},
		})
		if err != nil {
			return nil, err
		}
		keys = append(keys, got...) // months in order, each sorted: sorted
	}
	items, err := s.itemsInOrder(ctx, keys)
	if err != nil {
		return nil, err
	}
	sbs := make([]intents.SlotBooking, 0, len(items))
	for _, it := range items {
		sl, err := decodeSlot(it)
		if err != nil {
			return nil, err
		}
		sb := intents.SlotBooking{Slot: sl}
		d := decoder{it: it}
		if id := d.str(attrBookingID); id != "" {
			sb.Booking = &intents.Booking{ID: id, HouseholdID: d.str(attrHouseholdID), Slot: sl, BookedAt: d.time(attrBookedAt)}
		}
		if d.err != nil {
			return nil, fmt.Errorf("slot item %s: %w", sl.ID, d.err)
		}
		sbs = append(sbs, sb)
	}
	return sbs, nil
}

// RemoveCoachSlot deletes a free slot; ErrConflict if it is booked,
// ErrNotFound if there is no such slot. The delete is conditional on the
// slot having no booking, so it cannot remove a slot that a Book racing it
// has just taken: one of the two writes wins, and the other is refused.
func (s *Store) RemoveCoachSlot(ctx context.Context, slotID string) error {
	if err := s.removeCoachSlot(ctx, slotID); err != nil {
		return fmt.Errorf("dynamo: remove coach slot %s: %w", slotID, err)
	}
	return nil
}

func (s *Store) removeCoachSlot(ctx context.Context, slotID string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                aws.String(s.tables.Data),
		Key:                      slotKey(slotID),
		ConditionExpression:      aws.String("attribute_exists(#pk) AND attribute_not_exists(#booking_id)"),
		ExpressionAttributeNames: names(attrPK, attrBookingID),
	})
	if !conditionFailed(err) {
		return err
	}
	// dynalite ignores ReturnValuesOnConditionCheckFailure, so a read tells
	// a booked slot from a missing one, as in Book.
	out, gerr := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: slotKey(slotID), ConsistentRead: aws.Bool(true)})
	switch {
	case gerr != nil:
		return gerr
	case out.Item == nil:
		return notFound("slot")
	}
	return conflict("slot is booked", err)
}
