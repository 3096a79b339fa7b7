package dynamo

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// queryAll runs q to its last page and returns every item, in the index's
// (or table's) order.
func (s *Store) queryAll(ctx context.Context, q *dynamodb.QueryInput) ([]item, error) {
	var items []item
	p := dynamodb.NewQueryPaginator(s.db, q)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		items = append(items, page.Items...)
	}
	return items, nil
}

// itemsInOrder reads the data-table items whose keys (pk and sk) the given
// index entries hold, strongly consistent, and returns them in the entries'
// order. It is the second half of every gsi3 list: gsi3 is KEYS_ONLY, so a
// Query on it returns keys and BatchGetItem fetches the items, a hundred at
// a time. An item deleted since the index was read is left out.
func (s *Store) itemsInOrder(ctx context.Context, entries []item) ([]item, error) {
	type key struct{ pk, sk string }
	keyOf := func(it item) (key, error) {
		d := decoder{it: it}
		k := key{d.str(attrPK), d.str(attrSK)}
		return k, d.err
	}
	keys := make([]item, len(entries))
	for i, e := range entries {
		keys[i] = item{attrPK: e[attrPK], attrSK: e[attrSK]}
	}
	byKey := make(map[key]item, len(keys))
	for chunk := range chunks(keys, 100) { // BatchGetItem's limit
		items, err := s.batchGet(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			k, err := keyOf(it)
			if err != nil {
				return nil, err
			}
			byKey[k] = it
		}
	}
	out := make([]item, 0, len(byKey))
	for _, e := range entries {
		k, err := keyOf(e)
		if err != nil {
			return nil, err
		}
		if it, ok := byKey[k]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}

// eachLimit calls fn on every x, at most n at a time, and returns the
// errors joined. After the first error it starts no more calls and cancels
// the context of those running: the caller is failing anyway, and every
// caller's work is idempotent, so a retry redoes what was skipped.
func eachLimit[T any](ctx context.Context, xs []T, n int, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, n)
	)
	skipped := false
	for _, x := range xs {
		sem <- struct{}{}
		if ctx.Err() != nil {
			<-sem
			skipped = true
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(ctx, x); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				cancel()
			}
		})
	}
	wg.Wait()
	if skipped && len(errs) == 0 {
		// Stopped by the caller's context, not by an error of ours: the
		// calls not started must not pass for done.
		return ctx.Err()
	}
	return errors.Join(errs...)
}
