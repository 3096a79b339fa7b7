package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.CoachContacts = (*Store)(nil)

// Each coach's hand-off contact is one settings item: pk SETTINGS, sk
// COACH#<coach id>, holding the webhook URL. Staff set it; a coach with no
// item has no contact of their own.
const (
	pfxCoachContact = "COACH#"
	attrWebhookURL  = "webhook_url"
)

func coachContactKey(coachID string) item {
	return item{attrPK: sval(pkSettings), attrSK: sval(pfxCoachContact + coachID)}
}

// CoachContact returns coach coachID's hand-off webhook URL, "" if none:
// one strongly consistent GetItem.
func (s *Store) CoachContact(ctx context.Context, coachID string) (string, error) {
	if coachID == "" {
		return "", nil
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.tables.Data),
		Key:            coachContactKey(coachID),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return "", fmt.Errorf("dynamo: contact of coach %s: %w", coachID, err)
	}
	d := decoder{it: out.Item}
	u := d.str(attrWebhookURL)
	if d.err != nil {
		return "", fmt.Errorf("dynamo: contact of coach %s: %w", coachID, d.err)
	}
	return u, nil
}

// SetCoachContact sets coach coachID's hand-off webhook URL, one PutItem;
// "" clears it, one DeleteItem.
func (s *Store) SetCoachContact(ctx context.Context, coachID, url string) error {
	if coachID == "" {
		return errors.New("dynamo: set coach contact: empty coach id")
	}
	var err error
	if url == "" {
		_, err = s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: coachContactKey(coachID)})
	} else {
		it := coachContactKey(coachID)
		it[attrWebhookURL] = sval(url)
		putT(it, "updated_at", s.now())
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: it})
	}
	if err != nil {
		return fmt.Errorf("dynamo: set contact of coach %s: %w", coachID, err)
	}
	return nil
}

// ListCoachContacts returns every coach with a contact, coach id to URL:
// a strongly consistent Query of the settings partition.
func (s *Store) ListCoachContacts(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                aws.String(s.tables.Data),
		KeyConditionExpression:   aws.String("#pk = :pk AND begins_with(#sk, :pfx)"),
		ExpressionAttributeNames: names(attrPK, attrSK),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": sval(pkSettings), ":pfx": sval(pfxCoachContact),
		},
		ConsistentRead: aws.Bool(true),
	})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("dynamo: coach contacts: %w", err)
		}
		for _, it := range out.Items {
			d := decoder{it: it}
			id, u := strings.TrimPrefix(d.str(attrSK), pfxCoachContact), d.str(attrWebhookURL)
			if d.err != nil {
				return nil, fmt.Errorf("dynamo: coach contacts: %w", d.err)
			}
			m[id] = u
		}
	}
	return m, nil
}
