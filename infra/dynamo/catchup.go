package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// CatchUpRollups folds into the rollups every stored event with
// from <= Time < to that is not in them yet (it has no rolled mark), as
// the rollup function would have; it returns how many it folded. This is
// what a stream record that failed every retry needs: the dead-letter
// queue's message only points at the stream (kept 24 hours), but the event
// itself is in the table, unmarked. RollUp counts an event once however
// often it is called, so catching up over a wider window than needed, or
// while the stream is still delivering, counts nothing twice. It reads the
// window's events (keys only, the marked ones filtered out by DynamoDB:
// they are read, and paid for, but not sent).
func (s *Store) CatchUpRollups(ctx context.Context, from, to time.Time) (int, error) {
	if !from.Before(to) {
		return 0, nil
	}
	lo, hi := rangeKeys(from, to)
	f := from.UTC()
	last := time.UnixMilli(to.UnixMilli() - 1).UTC()
	n := 0
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC); !day.After(last); day = day.AddDate(0, 0, 1) {
		for shard := range usageShards {
			its, err := s.queryAll(ctx, &dynamodb.QueryInput{
				TableName:                aws.String(s.tables.Usage),
				KeyConditionExpression:   aws.String("#pk = :pk AND #sk BETWEEN :lo AND :hi"),
				FilterExpression:         aws.String("attribute_not_exists(#rolled)"),
				ProjectionExpression:     aws.String("#pk, #sk"),
				ExpressionAttributeNames: names(attrPK, attrSK, attrRolled),
				ExpressionAttributeValues: item{
					":pk": sval(dayKey(day, shard)), ":lo": sval(lo), ":hi": sval(hi),
				},
				ConsistentRead: aws.Bool(true),
			})
			if err != nil {
				return n, fmt.Errorf("dynamo: catching up the rollups: %w", err)
			}
			for _, it := range its {
				var k UsageKey
				d := decoder{it: it}
				k.PK, k.SK = d.str(attrPK), d.str(attrSK)
				if d.err != nil {
					return n, fmt.Errorf("dynamo: catching up the rollups: %w", d.err)
				}
				if err := s.RollUp(ctx, k); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}
