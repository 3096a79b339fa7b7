package dynamo

import (
	"context"
	"fmt"
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
	attrAnswer  = "answer"
	attrExpires = TTLAttribute
)

func replyKey(requestID string) item {
	return item{attrPK: sval(pfxReply + requestID), attrSK: sval(skReply)}
}

// once makes change under the request ctx claims (intents.Claim), if any.
// DynamoDB writes the claim first, conditional on no other handling of the
// request holding it, then the change; a change that fails releases a claim
// it made (by removing its token). The claim and the change are two writes: a process that dies
// between them leaves a claim without its change, and a retry of that
// request is refused rather than risk changing twice (docs/reliability.md).
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
