package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// DeleteUsageBefore deletes usage events older than the day before falls
// in (whole days, in the pilot's time zone, so no day's rollup is left
// half counted): the SQLite counterpart of DynamoDB's time to live, run on
// the retention schedule.
//
// The log is retired one speaker (or speakerless session) at a time, each
// in its own short transaction on the write connection: that speaker's
// events are folded again without the old ones and the difference added
// to the rollups, as DynamoDB's stream does for the speakers an expiry
// touches. The usage writer's batches go between them, so a retention run
// over a large log never holds up usage writes for long (it once refolded
// the whole log in one transaction: a minute at a million events). Once no
// old event is left, the emptied days' rows go and each household's
// history row is summed again from its day rows.
func (s *Store) DeleteUsageBefore(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.deleteUsageBefore(ctx, before)
	if err != nil {
		return n, fmt.Errorf("sqlite: deleting usage events before %s: %w", before.Format(time.DateOnly), err)
	}
	return n, nil
}

func (s *Store) deleteUsageBefore(ctx context.Context, before time.Time) (int64, error) {
	// Retiring refolds each speaker's whole log through the write
	// connection, whose page cache is large for the usage writer's sake:
	// left at that size it would keep most of the log in memory after the
	// pass (64 MiB that the server then holds all day). The pass reads
	// with the default cache instead, and gives the memory back after.
	if _, err := s.write.ExecContext(ctx, "PRAGMA cache_size(-2000)"); err != nil {
		return 0, fmt.Errorf("shrinking the write cache for the pass: %w", err)
	}
	defer func() {
		// A context already cancelled must not leave the writer with the
		// small cache.
		ctx := context.WithoutCancel(ctx)
		s.write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size(-%d)", writeCacheKiB))
		s.write.ExecContext(ctx, "PRAGMA shrink_memory")
	}()
	local := before.In(rollupLocation)
	cutoff := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, rollupLocation)
	var total int64
	for {
		n, err := s.retireUnit(ctx, cutoff)
		if err != nil {
			return total, err
		}
		if n == 0 {
			break
		}
		total += n
		if s.afterRetiredUnit != nil {
			s.afterRetiredUnit()
		}
	}
	if total == 0 {
		return 0, nil
	}
	return total, s.retireDays(ctx, cutoff)
}

// retireUnit deletes the old events of the speaker (or speakerless
// session) with the oldest event before cutoff, and takes them out of the
// rollups, in one transaction. It returns how many it deleted: none once
// no event before cutoff is left.
func (s *Store) retireUnit(ctx context.Context, cutoff time.Time) (int64, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var speaker, session string
	err = tx.QueryRowContext(ctx, `SELECT speaker_id, session_id FROM usage_events WHERE time < ? ORDER BY time LIMIT 1`, cutoff.UnixMilli()).Scan(&speaker, &session)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	unit := speaker
	del, arg := `DELETE FROM usage_events WHERE speaker_id = ? AND time < ?`, speaker
	if speaker == "" {
		unit = "session " + session
		del, arg = `DELETE FROM usage_events WHERE speaker_id = '' AND session_id = ? AND time < ?`, session
	}
	kept := func(e *intents.UsageEvent) bool { return !e.Time.Before(cutoff) }
	counted, left, err := s.refoldUnit(ctx, tx, unit, func(*intents.UsageEvent) bool { return true }, kept)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, del, arg, cutoff.UnixMilli())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if err := s.dropOpenState(ctx, tx, unit, counted, left); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// dropOpenState removes the open state of the unit's sessions and guide
// place that no kept event continues: refoldUnit wrote back the state of
// those that go on.
func (s *Store) dropOpenState(ctx context.Context, tx *sql.Tx, unit string, counted, left *evaluation.Folder) error {
	var keys []string
	for id := range counted.Sessions {
		if _, ok := left.Sessions[id]; !ok {
			keys = append(keys, "s"+id)
		}
	}
	if _, ok := left.Speakers[unit]; !ok {
		keys = append(keys, "g"+unit)
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `DELETE FROM usage_open WHERE key = ?`, k); err != nil {
			return fmt.Errorf("dropping a retired session or guide place: %w", err)
		}
	}
	return nil
}

// retireDays deletes the day rows before cutoff (their events are gone, so
// they count nothing) and sums every household's history row again from
// the day rows that remain: a history row only ever widens as events come
// in, and retention is the one thing that narrows it.
func (s *Store) retireDays(ctx context.Context, cutoff time.Time) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// usage_days numbers its days from 1 January 1970 (evaluation.Day).
	day := time.Date(cutoff.Year(), cutoff.Month(), cutoff.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	if _, err := tx.ExecContext(ctx, `DELETE FROM usage_days WHERE day < ?`, day); err != nil {
		return fmt.Errorf("deleting retired days: %w", err)
	}
	if err := retireTotals(ctx, tx, int(day)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM usage_history;
		INSERT INTO usage_history (household_id, demo, days, requests, help_nu, tasks, on_own, first_ms, last_ms)
		SELECT household_id, 0, SUM(requests > 0), SUM(requests), SUM(help_nu), SUM(tasks), SUM(on_own), MIN(first_ms), MAX(last_ms)
			FROM usage_days WHERE household_id != '' AND demo = 0 GROUP BY household_id
		UNION ALL
		SELECT household_id, 1, COUNT(DISTINCT CASE WHEN requests > 0 THEN day END), SUM(requests), SUM(help_nu), SUM(tasks), SUM(on_own), MIN(first_ms), MAX(last_ms)
			FROM usage_days WHERE household_id != '' GROUP BY household_id`); err != nil {
		return fmt.Errorf("summing history rows again: %w", err)
	}
	if err := s.usedAgain(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// retireTotals deletes the running totals before day and takes what they
// held out of the rest, so the totals always sum the day rows left. (The
// retention's refolds have already taken the retired events' counts out,
// so what is left before day is normally nothing.)
func retireTotals(ctx context.Context, tx *sql.Tx, day int) error {
	for _, demo := range []bool{false, true} {
		var b []byte
		err := tx.QueryRowContext(ctx, priorTotalSQL, demo, day).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading retired totals: %w", err)
		}
		retired := evaluation.Counts{}
		if err := evaluation.ParseCounts(retired, b, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM usage_totals WHERE demo = ? AND day < ?`, demo, day); err != nil {
			return fmt.Errorf("deleting retired totals: %w", err)
		}
		rows, err := scanTotals(tx.QueryContext(ctx, loadTotalSQL, demo, day))
		if err != nil {
			return err
		}
		for _, r := range rows {
			upto := evaluation.Counts{}
			if err := evaluation.ParseCounts(upto, r.upto, nil); err != nil {
				return err
			}
			for k, n := range retired {
				upto.Add(evaluation.Counts{k: -n})
			}
			b := evaluation.AppendCounts(nil, upto)
			if b == nil {
				b = []byte{}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE usage_totals SET upto = ? WHERE demo = ? AND day = ?`, b, demo, r.day); err != nil {
				return fmt.Errorf("writing running totals: %w", err)
			}
		}
	}
	return nil
}

// usedAgain works out every history row's days used again from the day
// rows, as retireDays sums the rest.
func (s *Store) usedAgain(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT household_id, demo, day FROM usage_days WHERE household_id != '' AND requests > 0`)
	if err != nil {
		return fmt.Errorf("reading days used: %w", err)
	}
	used := map[usedKey]*evaluation.DaySet{}
	add := func(k usedKey, day int) {
		if used[k] == nil {
			used[k] = &evaluation.DaySet{}
		}
		used[k].Add(day)
	}
	for rows.Next() {
		var id string
		var demo bool
		var day int
		if err := rows.Scan(&id, &demo, &day); err != nil {
			rows.Close()
			return fmt.Errorf("reading days used: %w", err)
		}
		add(usedKey{id, true}, day)
		if !demo {
			add(usedKey{id, false}, day)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading days used: %w", err)
	}
	for k, set := range used {
		if _, err := tx.ExecContext(ctx, saveUsedSQL, set.From, set.Bits, k.household, k.all); err != nil {
			return fmt.Errorf("writing days used: %w", err)
		}
	}
	return nil
}
