package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/intents"
)

// A speaker's guide progress is one item in the speaker's partition, next
// to its link and link failures: replaced whole by each save.
const skGuide = "GUIDE"

// Guide progress attributes.
const (
	attrTopic     = "topic"
	attrStep      = "step"
	attrUpdatedAt = "updated_at"
)

func guideKey(speakerID string) item {
	return item{attrPK: sval(pfxSpeaker + speakerID), attrSK: sval(skGuide)}
}

// GuideProgress returns the speaker's unfinished guide, or ErrNotFound.
func (s *Store) GuideProgress(ctx context.Context, speakerID string) (intents.GuideProgress, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            guideKey(speakerID),
		ConsistentRead: aws.Bool(true),
	})
	if err == nil && out.Item == nil {
		err = notFound("guide progress")
	}
	if err != nil {
		return intents.GuideProgress{}, fmt.Errorf("dynamo: guide progress of %s: %w", speakerID, err)
	}
	d := decoder{it: out.Item}
	p := intents.GuideProgress{Topic: d.str(attrTopic), Step: int(d.int(attrStep)), UpdatedAt: d.time(attrUpdatedAt)}
	if d.err != nil {
		return intents.GuideProgress{}, fmt.Errorf("dynamo: guide progress of %s: %w", speakerID, d.err)
	}
	return p, nil
}

// SaveGuideProgress replaces the speaker's progress with p.
func (s *Store) SaveGuideProgress(ctx context.Context, speakerID string, p intents.GuideProgress) error {
	it := guideKey(speakerID)
	it[attrTopic] = sval(p.Topic)
	it[attrStep] = nval(int64(p.Step))
	putT(it, attrUpdatedAt, p.UpdatedAt)
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: it}); err != nil {
		return fmt.Errorf("dynamo: save guide progress of %s: %w", speakerID, err)
	}
	return nil
}

// ClearGuideProgress forgets the speaker's progress; clearing when there is
// none is not an error.
func (s *Store) ClearGuideProgress(ctx context.Context, speakerID string) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: guideKey(speakerID)}); err != nil {
		return fmt.Errorf("dynamo: clear guide progress of %s: %w", speakerID, err)
	}
	return nil
}
