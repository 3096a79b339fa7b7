package dynamo

import (
	"cmp"
	"context"
	"errors"
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
// session writes both again (plain puts, harmless twice). Both copies
// name the household, so that unlinking can check and write everything
// at once (UnlinkAccount); a speaker linked to another household since
// is noted again.
func (s *Store) RecordAccountSpeaker(ctx context.Context, accountID, speakerID, householdID string) error {
	mine := speakerAccountKey(speakerID, accountID)
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.tables.Data), Key: mine, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("dynamo: read account note of speaker %s: %w", speakerID, err)
	}
	d := decoder{it: out.Item}
	if n, ok := out.Item[attrNoted].(*types.AttributeValueMemberBOOL); ok && n.Value && d.str(attrHouseholdID) == householdID && d.err == nil {
		return nil
	}
	theirs := accountKey(accountID, speakerID)
	if householdID != "" {
		mine[attrHouseholdID], theirs[attrHouseholdID] = sval(householdID), sval(householdID)
	}
	for _, note := range []item{mine, theirs} {
		if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: note}); err != nil {
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
	homes := make([]string, 0, len(notes))
	for _, n := range notes {
		d := decoder{it: n}
		sk, h := d.str(attrSK), d.str(attrHouseholdID)
		if d.err != nil {
			return nil, fmt.Errorf("account note: %w", d.err)
		}
		sp, ok := strings.CutPrefix(sk, pfxSpeaker)
		if !ok {
			return nil, fmt.Errorf("account note %q names no speaker", sk)
		}
		speakers, homes = append(speakers, sp), append(homes, h)
	}
	if settled, ok := intents.SettledFrom(ctx); ok && len(speakers) > 0 {
		hs, err := s.unlinkAtOnce(ctx, accountID, speakers, homes, settled)
		if err == nil {
			return hs, nil
		}
		if !errors.Is(err, errNotAtOnce) {
			return nil, err
		}
		// A note older than its household, or a speaker linked elsewhere
		// since: one step after another, as below.
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

// errNotAtOnce is unlinkAtOnce declining: what the notes say of the links
// is not so, or not known.
// maxTransactItems is the most writes DynamoDB takes in one
// TransactWriteItems.
const maxTransactItems = 100

var errNotAtOnce = errors.New("the account's notes do not name its speakers' households")

// unlinkAtOnce unlinks the account's speakers, forgets both copies of
// their notes and writes the settled usage event (naming the first
// household) in one transaction: the links' households, which the notes
// name, are checked by its conditions rather than read first. That is two
// round trips for a disabled skill, not four. It returns errNotAtOnce,
// having written nothing, if a note names no household, a link is gone or
// names another, or there are more speakers than a transaction holds.
func (s *Store) unlinkAtOnce(ctx context.Context, accountID string, speakers, homes []string, settled *intents.Settled) ([]string, error) {
	if slices.Contains(homes, "") || 3*len(speakers)+1 > maxTransactItems {
		return nil, errNotAtOnce
	}
	hs := slices.Compact(slices.Sorted(slices.Values(homes)))
	ev := settled.Event
	ev.HouseholdID = hs[0]
	usage, err := s.usageItem(ev)
	if err != nil {
		return nil, fmt.Errorf("settled usage event: %w", err)
	}
	writes := make([]types.TransactWriteItem, 0, 3*len(speakers)+1)
	for i, sp := range speakers {
		writes = append(writes,
			types.TransactWriteItem{Delete: &types.Delete{
				TableName:                 aws.String(s.tables.Data),
				Key:                       linkKey(sp),
				ConditionExpression:       aws.String("#" + attrHouseholdID + " = :h"),
				ExpressionAttributeNames:  names(attrHouseholdID),
				ExpressionAttributeValues: item{":h": sval(homes[i])},
			}},
			types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(s.tables.Data), Key: speakerAccountKey(sp, accountID)}},
			types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(s.tables.Data), Key: accountKey(accountID, sp)}},
		)
	}
	writes = append(writes, types.TransactWriteItem{Put: &types.Put{
		TableName:                aws.String(s.tables.Usage),
		Item:                     usage,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names(attrPK),
	}})
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: writes})
	var tc *types.TransactionCanceledException
	switch {
	case err == nil:
		settled.Event = ev
		settled.Wrote()
		return hs, nil
	case errors.As(err, &tc), unknownOperation(err):
		// A link not as noted, another write to one of these items
		// under way, or an endpoint without transactions: nothing was
		// written, and the careful path decides.
		return nil, errNotAtOnce
	}
	return nil, err
}
