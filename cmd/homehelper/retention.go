package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"
)

// defaultRetentionDays matches DynamoDB's time to live in template.yaml: a
// pilot plus the months it takes to evaluate it.
const defaultRetentionDays = 400

// retentionDays reads HOMEHELPER_USAGE_RETENTION_DAYS.
func retentionDays() (int, error) {
	v := os.Getenv("HOMEHELPER_USAGE_RETENTION_DAYS")
	if v == "" {
		return defaultRetentionDays, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 30 {
		return 0, fmt.Errorf("%w: HOMEHELPER_USAGE_RETENTION_DAYS=%q: want a number of days, 30 or more", errUsage, v)
	}
	return n, nil
}

// usagePruner is a store that deletes old usage events itself (SQLite);
// DynamoDB's time to live does it there.
type usagePruner interface {
	DeleteUsageBefore(ctx context.Context, before time.Time) (int64, error)
}

// keepRetention deletes usage events older than the retention now and then
// daily, until ctx ends.
func keepRetention(ctx context.Context, s store, days int, log *slog.Logger) {
	p, ok := s.(usagePruner)
	if !ok {
		return
	}
	prune := func() {
		before := time.Now().AddDate(0, 0, -days)
		n, err := p.DeleteUsageBefore(ctx, before)
		switch {
		case err != nil:
			log.Error("deleting usage events past retention", "err", err)
		case n > 0:
			log.Info("deleted usage events past retention", "events", n, "before", before.Format(time.DateOnly))
		}
	}
	prune()
	tick := time.NewTicker(24 * time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			prune()
		}
	}
}
