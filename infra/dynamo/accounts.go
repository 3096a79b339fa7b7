package dynamo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.AccountSpeakers = (*Store)(nil)

// Which account a speaker is used from is kept twice: under the account
// (ACC#<account>, sk SPK#<speaker>), which is how a skill event finds the
// speakers, and in the speaker's own partition (SPK#<speaker>, sk
// ACC#<account>), which is how erasing the speaker finds the account's
// copy. Both are plain puts of keys only, so noting again is harmless.
const (
	pfxAccount    = "ACC#"
	pfxAccountRef = "ACC#" // sk, in a speaker's partition, of its account note
)

func accountKey(accountID, speakerID string) item {
	return item{attrPK: sval(pfxAccount + accountID), attrSK: sval(pfxSpeaker + speakerID)}
}

func speakerAccountKey(speakerID, accountID string) item {
	return item{attrPK: sval(pfxSpeaker + speakerID), attrSK: sval(pfxAccountRef + accountID)}
}

// attrNoted marks a speaker's account note whose account copy is written
// too: a session after the first then reads one item and writes none.
const attrNoted = "noted"

// RecordAccountSpeaker notes that the speaker is used from the account:
// the speaker's copy first, so erasure can always find the account's,
// then the account's, then the speaker's copy marked noted. Every new
// session of a linked speaker asks this, and all but the first find the
// mark in one read: one round trip beside the household's, not two more
// in a row (issue 14). A crash part way leaves no mark, and the next
// session writes both again (plain puts of keys, harmless twice).
func (s *Store) RecordAccountSpeaker(ctx context.Context, accountID, speakerID string) error {
	mine := speakerAccountKey(speakerID, accountID)
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: mine, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("dynamo: read account note of speaker %s: %w", speakerID, err)
	}
	if n, ok := out.Item[attrNoted].(*types.AttributeValueMemberBOOL); ok && n.Value {
		return nil
	}
	for _, key := range []item{mine, accountKey(accountID, speakerID)} {
		if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: key}); err != nil {
			return fmt.Errorf("dynamo: record account of speaker %s: %w", speakerID, err)
		}
	}
	noted := maps.Clone(mine)
	noted[attrNoted] = bval(true)
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: noted}); err != nil {
		return fmt.Errorf("dynamo: mark account of speaker %s noted: %w", speakerID, err)
	}
	return nil
}

// UnlinkAccount deletes the links of the account's speakers, then its
// notes. The account's notes go last, as they are how a retry finds the
// speakers.
func (s *Store) UnlinkAccount(ctx context.Context, accountID string) ([]string, error) {
	hs, err := s.unlinkAccount(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("dynamo: unlink account %s: %w", accountID, err)
	}
	return hs, nil
}

func (s *Store) unlinkAccount(ctx context.Context, accountID string) ([]string, error) {
	notes, err := s.queryAll(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.tables.Data),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  names(attrPK),
		ExpressionAttributeValues: item{":pk": sval(pfxAccount + accountID)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return nil, err
	}
	speakers := make([]string, 0, len(notes))
	for _, n := range notes {
		d := decoder{it: n}
		sk := d.str(attrSK)
		if d.err != nil {
			return nil, fmt.Errorf("account note: %w", d.err)
		}
		sp, ok := strings.CutPrefix(sk, pfxSpeaker)
		if !ok {
			return nil, fmt.Errorf("account note %q names no speaker", sk)
		}
		speakers = append(speakers, sp)
	}
	// Each speaker's link and its note of the account at once, all the
	// speakers at once; then the account's notes of them, which are how a
	// retry finds the speakers, so they go only once the rest has.
	var (
		mu       sync.Mutex
		hs       []string
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		firstErr = cmp.Or(firstErr, err)
	}
	deleteNote := func(key item) {
		wg.Go(func() {
			if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.tables.Data), Key: key}); err != nil {
				fail(fmt.Errorf("account note: %w", err))
			}
		})
	}
	for _, sp := range speakers {
		wg.Go(func() {
			out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
				TableName:    aws.String(s.tables.Data),
				Key:          linkKey(sp),
				ReturnValues: types.ReturnValueAllOld,
			})
			if err != nil {
				fail(fmt.Errorf("speaker link: %w", err))
				return
			}
			if out.Attributes != nil {
				d := decoder{it: out.Attributes}
				if h := d.str(attrHouseholdID); h != "" && d.err == nil {
					mu.Lock()
					hs = append(hs, h)
					mu.Unlock()
				}
			}
		})
		deleteNote(speakerAccountKey(sp, accountID))
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	for _, sp := range speakers {
		deleteNote(accountKey(accountID, sp))
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	slices.Sort(hs)
	return slices.Compact(hs), nil
}
