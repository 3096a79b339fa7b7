package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.Replies = (*Store)(nil)

// A request's claim and answer are one item in the usage table, whose time
// to live deletes it once expired (reads check the time too, as TTL deletes
// late). Its key sorts apart from the events' day partitions.
const (
	pfxReply    = "reply#"
	skReply     = "reply"
	attrToken   = "token"
	attrEffects = "effects" // string set of the effects made (intents.Effect)
	attrAnswer  = "answer"
	attrDone    = "done" // a change made again on a repeat (onceOrAgain) was made
	attrExpires = TTLAttribute
)

func replyKey(requestID string) item {
	return item{attrPK: sval(pfxReply + requestID), attrSK: sval(skReply)}
}

// once makes change under the request ctx claims (intents.Claim), if any,
// for the changes too wide for one transaction (erasure) or made in steps
// of their own (linking a speaker); the others are claimed (below). It
// writes the claim first, conditional on no other handling of the request
// holding it, then the change; a change that fails releases a claim it
// made (by removing its token). A process that dies between the two leaves
// a claim without its change, and a retry of that request is refused
// rather than risk changing twice (docs/reliability.md); an erasure, safe
// to make again, is retried instead (onceOrAgain).
func (s *Store) once(ctx context.Context, change func() error) error {
	c, ok := intents.ClaimFrom(ctx)
	if !ok {
		return change()
	}
	made, err := s.claimRequest(ctx, c)
	if err != nil {
		return err
	}
	err = change()
	if err != nil && made {
		cctx, cancel := cleanupContext(ctx)
		defer cancel()
		// Released by removing the token (the function may update the
		// usage table, not delete from it).
		if _, derr := s.db.UpdateItem(cctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(s.tables.Usage),
			Key:                       replyKey(c.RequestID),
			UpdateExpression:          aws.String("REMOVE #token"),
			ConditionExpression:       aws.String("#token = :token AND attribute_not_exists(#answer)"),
			ExpressionAttributeNames:  names(attrToken, attrAnswer),
			ExpressionAttributeValues: item{":token": sval(c.Token)},
		}); derr != nil && !conditionFailed(derr) {
			s.log.WarnContext(ctx, "releasing the claim of a failed change", "request_id", c.RequestID, "err", derr)
		}
	}
	return err
}

// onceOrAgain is once for a change that is safe to make again, and again
// at the same time (an erasure: each step finds what is left, and its
// rollup changes are versioned and note the erasure they make). When the
// change is made, the claim is marked done. Another handling's claim
// refuses it only if marked so: a handling that died part way leaves its
// claim unmarked, and the retry of that very request must finish the
// erasure, not hear "I've already done that" of a household half erased.
// A retry of a finished erasure is refused as before, so it cannot erase
// a household enrolled again since.
func (s *Store) onceOrAgain(ctx context.Context, change func() error) error {
	c, ok := intents.ClaimFrom(ctx)
	if !ok {
		return change()
	}
	err := s.once(ctx, change)
	if errors.Is(err, intents.ErrRepeated) {
		out, gerr := s.db.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: aws.String(s.tables.Usage), Key: replyKey(c.RequestID), ConsistentRead: aws.Bool(true),
		})
		if gerr != nil {
			return fmt.Errorf("dynamo: read claim of %s: %w", c.RequestID, gerr)
		}
		if d, ok := out.Item[attrDone].(*types.AttributeValueMemberBOOL); ok && d.Value {
			return err
		}
		// Take the claim over, so this handling's later changes (the
		// speaker's erasure after the household's) are its own.
		_, uerr := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(s.tables.Usage),
			Key:                       replyKey(c.RequestID),
			UpdateExpression:          aws.String("SET #token = :token"),
			ConditionExpression:       aws.String("attribute_not_exists(#done) AND attribute_not_exists(#answer)"),
			ExpressionAttributeNames:  names(attrToken, attrDone, attrAnswer),
			ExpressionAttributeValues: item{":token": sval(c.Token)},
		})
		if conditionFailed(uerr) {
			return err
		}
		if uerr != nil {
			return fmt.Errorf("dynamo: take over claim of %s: %w", c.RequestID, uerr)
		}
		err = change()
	}
	if err != nil {
		return err
	}
	if _, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Usage),
		Key:                       replyKey(c.RequestID),
		UpdateExpression:          aws.String("SET #done = :yes"),
		ExpressionAttributeNames:  names(attrDone),
		ExpressionAttributeValues: item{":yes": bval(true)},
	}); err != nil {
		return fmt.Errorf("dynamo: mark claim of %s done: %w", c.RequestID, err)
	}
	return nil
}

// claimed makes writes, the change one handling of a request makes, as one
// TransactWriteItems together with the request's claim (intents.Claim) and
// the name of its effect (intents.Effect), so that no crash or failure can
// leave the one without the other. A repeat of the request that names an
// effect the claim records was made already: nothing is written and it
// returns nil, so the repeat carries on to the first handling's words.
// Outside a conversation (no claim) a single write is made as itself and
// several as one transaction. It returns ErrRepeated if another handling
// of the request holds the claim with another effect, and an error
// writeFailed reads if one of writes' own conditions failed; nothing was
// written in either case.
func (s *Store) claimed(ctx context.Context, effect string, writes ...types.TransactWriteItem) error {
	c, ok := intents.ClaimFrom(ctx)
	if !ok && len(writes) == 1 {
		return s.writeOne(ctx, writes[0])
	}
	settled, settling := intents.SettledFrom(ctx)
	settling = settling && ok
	if ok {
		set := "SET #token = :token, #" + attrExpires + " = if_not_exists(#" + attrExpires + ", :expires)"
		values := item{":token": sval(c.Token), ":expires": nval(s.now().Add(intents.ReplyKeep).Unix())}
		attrs := []string{attrToken, attrExpires}
		if settling {
			// The turn's answer and usage event, in the change's own
			// transaction: neither is stored without the change, and
			// the turn waits on one write, not three in a row.
			ev, err := s.usageItem(settled.Event)
			if err != nil {
				return fmt.Errorf("settled usage event: %w", err)
			}
			writes = append(writes, types.TransactWriteItem{Put: &types.Put{
				TableName:                aws.String(s.tables.Usage),
				Item:                     ev,
				ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
				ExpressionAttributeNames: names(attrPK),
			}})
			set += ", #" + attrAnswer + " = :answer"
			values[":answer"] = &types.AttributeValueMemberB{Value: settled.Answer}
			attrs = append(attrs, attrAnswer)
		}
		if effect != "" {
			set += " ADD #" + attrEffects + " :effect"
			values[":effect"] = &types.AttributeValueMemberSS{Value: []string{effect}}
			attrs = append(attrs, attrEffects)
		}
		writes = append(writes, types.TransactWriteItem{Update: &types.Update{
			TableName: aws.String(s.tables.Usage),
			Key:       replyKey(c.RequestID),
			// The same handling may change more than once (another
			// reference when the first was taken); a claim released by
			// a failed change of the two-step path is free.
			UpdateExpression:          aws.String(set),
			ConditionExpression:       aws.String("attribute_not_exists(#token) OR #token = :token"),
			ExpressionAttributeNames:  names(attrs...),
			ExpressionAttributeValues: values,
		}})
	}
	var (
		err error
		tc  *types.TransactionCanceledException
	)
	for attempt := 0; ; attempt++ {
		_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: writes})
		if err == nil && settling {
			settled.Wrote()
		}
		if !errors.As(err, &tc) {
			return err
		}
		// Another transaction on one of these items was under way (a
		// repeat of this request claiming at the same moment, say):
		// DynamoDB refused this one unseen, so try again, and the
		// conditions then decide.
		if attempt == 2 || !slices.ContainsFunc(tc.CancellationReasons, func(r types.CancellationReason) bool {
			return aws.ToString(r.Code) == "TransactionConflict"
		}) {
			break
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(20*(attempt+1)) * time.Millisecond):
		}
	}
	failed := func(i int) bool {
		return i < len(tc.CancellationReasons) && aws.ToString(tc.CancellationReasons[i].Code) == "ConditionalCheckFailed"
	}
	// The claim first: a repeat's change usually fails its own condition
	// too (the slot it would take is held, by the first handling).
	if ok && failed(len(writes)-1) {
		made, rerr := effect != "", error(nil)
		if made {
			made, rerr = s.effectMade(ctx, c.RequestID, effect)
		}
		switch {
		case rerr != nil:
			return fmt.Errorf("request %s: %w", c.RequestID, rerr)
		case made:
			return nil
		}
		return fmt.Errorf("request %s: %w", c.RequestID, intents.ErrRepeated)
	}
	for i := range writes {
		if failed(i) {
			return &writeFailedError{index: i, err: err}
		}
	}
	return err
}

// Made reports whether a handling of the request made effect.
func (s *Store) Made(ctx context.Context, requestID, effect string) (bool, error) {
	made, err := s.effectMade(ctx, requestID, effect)
	if err != nil {
		return false, fmt.Errorf("dynamo: effects of %s: %w", requestID, err)
	}
	return made, nil
}

// effectMade reports whether the claim on a request records effect.
func (s *Store) effectMade(ctx context.Context, requestID, effect string) (bool, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Usage), Key: replyKey(requestID), ConsistentRead: aws.Bool(true),
		ProjectionExpression: aws.String("#e"), ExpressionAttributeNames: map[string]string{"#e": attrEffects},
	})
	if err != nil {
		return false, fmt.Errorf("reading claim: %w", err)
	}
	e, _ := out.Item[attrEffects].(*types.AttributeValueMemberSS)
	return e != nil && slices.Contains(e.Value, effect), nil
}

// writeFailedError is a transaction refused because the condition of one of
// its writes failed.
type writeFailedError struct {
	index int // of the write whose condition failed
	err   error
}

func (e *writeFailedError) Error() string {
	return fmt.Sprintf("write %d: condition failed: %v", e.index, e.err)
}

func (e *writeFailedError) Unwrap() error { return e.err }

// writeFailed reports whether err is the condition of write i of a
// claimed change, or of its only write, failing.
func writeFailed(err error, i int) bool {
	var w *writeFailedError
	if errors.As(err, &w) {
		return w.index == i
	}
	return i == 0 && conditionFailed(err)
}

// writeOne makes one transaction item as a plain write.
func (s *Store) writeOne(ctx context.Context, w types.TransactWriteItem) error {
	var err error
	switch {
	case w.Put != nil:
		p := w.Put
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: p.TableName, Item: p.Item, ConditionExpression: p.ConditionExpression,
			ExpressionAttributeNames: p.ExpressionAttributeNames, ExpressionAttributeValues: p.ExpressionAttributeValues,
		})
	case w.Update != nil:
		u := w.Update
		_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression, ConditionExpression: u.ConditionExpression,
			ExpressionAttributeNames: u.ExpressionAttributeNames, ExpressionAttributeValues: u.ExpressionAttributeValues,
		})
	default:
		err = errors.New("dynamo: a change is a Put or an Update")
	}
	return err
}

// claimRequest writes c unless the request is claimed already: made reports that
// this call wrote it, and another handling's claim is ErrRepeated.
func (s *Store) claimRequest(ctx context.Context, c intents.Claim) (made bool, err error) {
	it := replyKey(c.RequestID)
	it[attrToken] = sval(c.Token)
	it[attrExpires] = nval(s.now().Add(intents.ReplyKeep).Unix())
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.tables.Usage),
		Item:                     it,
		ConditionExpression:      aws.String("attribute_not_exists(#pk) OR attribute_not_exists(#token)"),
		ExpressionAttributeNames: names(attrPK, attrToken),
	})
	if err == nil {
		return true, nil
	}
	if !conditionFailed(err) {
		return false, fmt.Errorf("dynamo: claim request %s: %w", c.RequestID, err)
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Usage), Key: replyKey(c.RequestID), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return false, fmt.Errorf("dynamo: claim request %s: %w", c.RequestID, err)
	}
	if t, ok := out.Item[attrToken].(*types.AttributeValueMemberS); ok && t.Value == c.Token {
		return false, nil
	}
	return false, fmt.Errorf("dynamo: request %s: %w", c.RequestID, intents.ErrRepeated)
}

// SaveReply records the answer given to a request.
func (s *Store) SaveReply(ctx context.Context, requestID string, answer []byte, expires time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.tables.Usage),
		Key:                       replyKey(requestID),
		UpdateExpression:          aws.String("SET #answer = :answer, #" + attrExpires + " = :expires"),
		ExpressionAttributeNames:  names(attrAnswer, attrExpires),
		ExpressionAttributeValues: item{":answer": &types.AttributeValueMemberB{Value: answer}, ":expires": nval(expires.Unix())},
	})
	if err != nil {
		return fmt.Errorf("dynamo: save reply to %s: %w", requestID, err)
	}
	return nil
}

// Reply returns the answer recorded for a request, or ErrNotFound.
func (s *Store) Reply(ctx context.Context, requestID string, now time.Time) ([]byte, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Usage), Key: replyKey(requestID), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("dynamo: reply to %s: %w", requestID, err)
	}
	a, ok := out.Item[attrAnswer].(*types.AttributeValueMemberB)
	if !ok || expired(out.Item, now) {
		return nil, fmt.Errorf("dynamo: reply to %s: %w", requestID, intents.ErrNotFound)
	}
	return a.Value, nil
}

// expired reports whether an item's time to live has passed at now.
func expired(it item, now time.Time) bool {
	n, ok := it[attrExpires].(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	sec, err := strconv.ParseInt(n.Value, 10, 64)
	return err != nil || !now.Before(time.Unix(sec, 0))
}
