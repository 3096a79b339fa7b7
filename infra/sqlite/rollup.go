package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// The evaluation's rollups (docs/evaluation.md, "How the figures are
// kept"): usage_days holds evaluation.Folder's counters per local day ×
// household × demo, and usage_open the state of every session and guide
// place that later events may continue. The usage writer folds each batch
// into both in the transaction that inserts the batch's events, so the
// rollups never disagree with the log. An event older than one already
// folded into its session or guide place folds its speaker's events again
// (foldUsage). An erasure folds the whole log again in its own
// transaction (rare, and it rewrites the file anyway); the retention
// delete refolds one speaker at a time (retention.go).

// rollupLocation is where the rollups' days are reckoned: the pilot's
// (intents.DefaultConfig), which the staff site and report use too.
var rollupLocation = intents.DefaultConfig().Location

// foldUsage folds events, just inserted by tx, into the rollups. An
// event older than one already folded into its session or guide place
// (a late retry, an event kept over a stop) cannot be added on: its unit
// (evaluation.GuideKey: the speaker, or the session of a request with no
// speaker) is folded again from its stored events, with and without the
// batch's, and the difference added (refoldUnits).
func (s *Store) foldUsage(ctx context.Context, tx *sql.Tx, events []*intents.UsageEvent) error {
	if len(events) == 0 {
		return nil
	}
	f := evaluation.NewFolder(rollupLocation)
	load := tx.StmtContext(ctx, s.loadOpen)
	// First the open state each event continues, and which units have an
	// event older than one folded before it (what Folder.Add would flag).
	late := map[string]bool{}
	lastSession, lastUnit := map[string]time.Time{}, map[string]time.Time{}
	for _, e := range events {
		if e.SessionID == "" {
			continue
		}
		unit := evaluation.GuideKey(e)
		if _, ok := f.Sessions[e.SessionID]; !ok {
			var st evaluation.SessionState
			found, err := loadState(ctx, load, "s"+e.SessionID, &st)
			if err != nil {
				return err
			}
			if found {
				f.Sessions[e.SessionID] = &st
				lastSession[e.SessionID] = st.Last
			}
		}
		if _, ok := f.Speakers[unit]; !ok {
			var st evaluation.SpeakerState
			found, err := loadState(ctx, load, "g"+unit, &st)
			if err != nil {
				return err
			}
			if found {
				f.Speakers[unit] = &st
				lastUnit[unit] = st.Last
			}
		}
		if e.Time.Before(lastSession[e.SessionID]) || e.Time.Before(lastUnit[unit]) {
			late[unit] = true
		}
		if e.Time.After(lastSession[e.SessionID]) {
			lastSession[e.SessionID] = e.Time
		}
		if e.Time.After(lastUnit[unit]) {
			lastUnit[unit] = e.Time
		}
	}
	for _, e := range events {
		if e.SessionID == "" || !late[evaluation.GuideKey(e)] {
			f.Add(e)
		}
	}
	if f.OutOfOrder {
		// Cannot happen after the check above; kept as a guard.
		return s.refold(ctx, tx)
	}
	// The late units' state, loaded above and unchanged, is written back
	// here and then replaced by their refold.
	if err := s.writeFolder(ctx, tx, f, true); err != nil {
		return err
	}
	if len(late) == 0 {
		return nil
	}
	batch := map[string]bool{}
	for _, e := range events {
		batch[e.RequestID] = true
	}
	inBatch := func(e *intents.UsageEvent) bool { return !batch[e.RequestID] }
	all := func(*intents.UsageEvent) bool { return true }
	for _, unit := range slices.Sorted(maps.Keys(late)) {
		if _, _, err := s.refoldUnit(ctx, tx, unit, inBatch, all); err != nil {
			return err
		}
	}
	return nil
}

// refoldUnit folds a unit's stored events twice, those counted holds (what
// the rollups hold for it) and those kept holds (what they should hold),
// and adds the difference: the cost of a late event, or of the retention
// delete, is its speaker's events, not the log's. It returns both folders,
// so a caller that drops events can drop the open state they leave.
func (s *Store) refoldUnit(ctx context.Context, tx *sql.Tx, unit string, counted, kept func(*intents.UsageEvent) bool) (before, after *evaluation.Folder, err error) {
	query, arg := `SELECT `+usageColumns+` FROM usage_events WHERE speaker_id = ? ORDER BY time, rowid`, unit
	if id, ok := strings.CutPrefix(unit, "session "); ok {
		query, arg = `SELECT `+usageColumns+` FROM usage_events WHERE speaker_id = '' AND session_id = ? ORDER BY time, rowid`, id
	}
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("refolding a speaker's rollups: %w", err)
	}
	before, after = evaluation.NewFolder(rollupLocation), evaluation.NewFolder(rollupLocation)
	for rows.Next() {
		e, err := scanUsage(rows)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("refolding a speaker's rollups: %w", err)
		}
		if counted(&e) {
			old := e
			before.Add(&old)
		}
		if kept(&e) {
			after.Add(&e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("refolding a speaker's rollups: %w", err)
	}
	diff := evaluation.NewFolder(rollupLocation)
	diff.Sessions, diff.Speakers = after.Sessions, after.Speakers
	for k, d := range after.Days {
		diff.Days[k] = &evaluation.Day{Day: k.Day, Household: k.Household, Demo: k.Demo, First: d.First, Last: d.Last, Counts: maps.Clone(d.Counts)}
	}
	for k, d := range before.Days {
		o := diff.Days[k]
		if o == nil {
			o = &evaluation.Day{Day: k.Day, Household: k.Household, Demo: k.Demo, Counts: evaluation.Counts{}}
			diff.Days[k] = o
		}
		for name, n := range d.Counts {
			o.Counts[name] -= n
		}
	}
	if err := s.writeFolder(ctx, tx, diff, true); err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

func loadState(ctx context.Context, stmt *sql.Stmt, key string, v any) (bool, error) {
	var b []byte
	err := stmt.QueryRowContext(ctx, key).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("loading rollup state: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("decoding rollup state %q: %w", key, err)
	}
	return true, nil
}

// The rollups' statements, prepared once on the write connection (see
// Store.rollupStmts): preparing costs more than running them.
const (
	loadOpenSQL = `SELECT state FROM usage_open WHERE key = ?`
	saveOpenSQL = `INSERT INTO usage_open (key, last_ms, state) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET last_ms = excluded.last_ms, state = excluded.state`
	loadDaySQL = `SELECT first_ms, last_ms, counts FROM usage_days WHERE day = ? AND household_id = ? AND demo = ?`
	saveDaySQL = `INSERT OR REPLACE INTO usage_days
		(day, household_id, demo, requests, help_nu, tasks, on_own, first_ms, last_ms, counts, own)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// The running totals from a day on, and the last before it.
	loadTotalSQL  = `SELECT day, daily, upto FROM usage_totals WHERE demo = ? AND day >= ? ORDER BY day`
	priorTotalSQL = `SELECT upto FROM usage_totals WHERE demo = ? AND day < ? ORDER BY day DESC LIMIT 1`
	loadUsedSQL   = `SELECT used_from, used FROM usage_history WHERE household_id = ? AND demo = ?`
	saveUsedSQL   = `UPDATE usage_history SET used_from = ?, used = ? WHERE household_id = ? AND demo = ?`
	saveTotalSQL  = `INSERT OR REPLACE INTO usage_totals (day, demo, daily, upto) VALUES (?, ?, ?, ?)`
	// addHistorySQL adds a day's change to a household's history row;
	// first and last only ever widen (a fold never takes a request back:
	// an erasure folds again from empty tables, and the retention delete
	// sums the history rows again from the day rows).
	addHistorySQL = `INSERT INTO usage_history (household_id, demo, days, requests, help_nu, tasks, on_own, first_ms, last_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (household_id, demo) DO UPDATE SET
			days = days + excluded.days, requests = requests + excluded.requests, help_nu = help_nu + excluded.help_nu,
			tasks = tasks + excluded.tasks, on_own = on_own + excluded.on_own,
			first_ms = CASE WHEN first_ms IS NULL OR excluded.first_ms < first_ms THEN excluded.first_ms ELSE first_ms END,
			last_ms = CASE WHEN last_ms IS NULL OR excluded.last_ms > last_ms THEN excluded.last_ms ELSE last_ms END`
	// siblingSQL: the requests of the same day and household's other row
	// (demo or not), for the all-rows history's count of days.
	siblingSQL = `SELECT requests FROM usage_days WHERE day = ? AND household_id = ? AND demo = ?`
)

// writeFolder saves f's open state and adds its day counters to
// usage_days (merge), or writes them as they are (a refold, into empty
// tables).
func (s *Store) writeFolder(ctx context.Context, tx *sql.Tx, f *evaluation.Folder, merge bool) error {
	put, err := s.txStmt(ctx, tx, s.saveOpen, saveOpenSQL)
	if err != nil {
		return err
	}
	get, err := s.txStmt(ctx, tx, s.loadDay, loadDaySQL)
	if err != nil {
		return err
	}
	set, err := s.txStmt(ctx, tx, s.saveDay, saveDaySQL)
	if err != nil {
		return err
	}
	save := func(key string, last time.Time, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = put.ExecContext(ctx, key, last.UnixMilli(), b)
		return err
	}
	for id, st := range f.Sessions {
		if err := save("s"+id, st.Last, st); err != nil {
			return fmt.Errorf("saving session state: %w", err)
		}
	}
	for k, st := range f.Speakers {
		if err := save("g"+k, st.Last, st); err != nil {
			return fmt.Errorf("saving guide state: %w", err)
		}
	}

	addHistory, err := s.txStmt(ctx, tx, s.addHistory, addHistorySQL)
	if err != nil {
		return err
	}
	sibling, err := s.txStmt(ctx, tx, s.sibling, siblingSQL)
	if err != nil {
		return err
	}

	var buf, own []byte
	// What the batch adds to each day's totals: the folder's counters are
	// already the change it makes.
	totals := map[evaluation.DayKey]evaluation.Counts{}
	// The days that gained their first request, by history row.
	used := map[usedKey][]int{}
	for _, d := range f.Touched() {
		// A refold's days come back unchanged but for the few a late
		// event moved: only those run forward through the totals.
		if k := (evaluation.DayKey{Day: d.Day, Demo: d.Demo}); len(d.Counts) > 0 {
			if totals[k] == nil {
				totals[k] = evaluation.Counts{}
			}
			totals[k].Add(d.Counts)
		}
		before := evaluation.Counts{}
		if merge {
			old := evaluation.Day{Day: d.Day, Household: d.Household, Demo: d.Demo, Counts: evaluation.Counts{}}
			var b []byte
			err := get.QueryRowContext(ctx, d.Day, d.Household, d.Demo).Scan(msTime{&old.First}, msTime{&old.Last}, &b)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("reading rollup: %w", err)
			default:
				if err := evaluation.ParseCounts(old.Counts, b, nil); err != nil {
					return err
				}
				before = maps.Clone(old.Counts)
				old.Merge(d)
				d = &old
				for k, n := range d.Counts {
					if n == 0 {
						delete(d.Counts, k)
					}
				}
			}
		}
		c := d.Counts
		if more := evaluation.SessionHouseholds(d.Household, before, c); more != nil {
			k := evaluation.DayKey{Day: d.Day, Demo: d.Demo}
			if totals[k] == nil {
				totals[k] = evaluation.Counts{}
			}
			totals[k].Add(more)
		}
		buf = evaluation.AppendCounts(buf[:0], c)
		if buf == nil {
			// A day whose counts all went (the retention delete): an
			// empty text, not NULL.
			buf = []byte{}
		}
		own = evaluation.AppendOwnCounts(own[:0], c)
		if own == nil {
			own = []byte{}
		}
		if _, err := set.ExecContext(ctx, d.Day, d.Household, d.Demo, c["requests"], c["help_nu"], c["tasks"], c["on_own"],
			millis(d.First), millis(d.Last), buf, own); err != nil {
			return fmt.Errorf("writing rollup: %w", err)
		}
		if d.Household != "" {
			if err := addToHistory(ctx, addHistory, sibling, d, before); err != nil {
				return err
			}
			if before["requests"] <= 0 && c["requests"] > 0 {
				all := usedKey{d.Household, true}
				used[all] = append(used[all], d.Day)
				if !d.Demo {
					k := usedKey{d.Household, false}
					used[k] = append(used[k], d.Day)
				}
			}
		}
	}
	if err := s.addUsed(ctx, tx, used); err != nil {
		return err
	}
	return s.addTotals(ctx, tx, totals, buf)
}

// usedKey names a usage_history row: all is its demo column (every row,
// or those with demo 0 only).
type usedKey struct {
	household string
	all       bool
}

// addUsed adds days to history rows' sets of days used (written by
// addToHistory just before).
func (s *Store) addUsed(ctx context.Context, tx *sql.Tx, used map[usedKey][]int) error {
	if len(used) == 0 {
		return nil
	}
	get, err := s.txStmt(ctx, tx, s.loadUsed, loadUsedSQL)
	if err != nil {
		return err
	}
	set, err := s.txStmt(ctx, tx, s.saveUsed, saveUsedSQL)
	if err != nil {
		return err
	}
	for k, days := range used {
		var set0 evaluation.DaySet
		if err := get.QueryRowContext(ctx, k.household, k.all).Scan(&set0.From, &set0.Bits); err != nil {
			return fmt.Errorf("reading a household's days used: %w", err)
		}
		for _, d := range days {
			set0.Add(d)
		}
		if _, err := set.ExecContext(ctx, set0.From, set0.Bits, k.household, k.all); err != nil {
			return fmt.Errorf("writing a household's days used: %w", err)
		}
	}
	return nil
}

// totalRow is a usage_totals row as loadTotalSQL reads it.
type totalRow struct {
	day         int
	daily, upto []byte
}

// scanTotals reads the rows of a loadTotalSQL query, all of them, so the
// caller may write before it is done with them.
func scanTotals(rs *sql.Rows, err error) ([]totalRow, error) {
	if err != nil {
		return nil, fmt.Errorf("reading running totals: %w", err)
	}
	defer rs.Close()
	var out []totalRow
	for rs.Next() {
		var r totalRow
		if err := rs.Scan(intCol{&r.day}, &r.daily, &r.upto); err != nil {
			return nil, fmt.Errorf("reading running totals: %w", err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("reading running totals: %w", err)
	}
	return out, nil
}

// addTotals adds each day's change to the running totals: to its day's
// daily counters, and to the upto sums of that day and every later one. A
// batch of today's events touches today's row alone; a late event, the
// rows since its day.
func (s *Store) addTotals(ctx context.Context, tx *sql.Tx, deltas map[evaluation.DayKey]evaluation.Counts, buf []byte) error {
	get, err := s.txStmt(ctx, tx, s.loadTotal, loadTotalSQL)
	if err != nil {
		return err
	}
	prior, err := s.txStmt(ctx, tx, s.priorTotal, priorTotalSQL)
	if err != nil {
		return err
	}
	set, err := s.txStmt(ctx, tx, s.saveTotal, saveTotalSQL)
	if err != nil {
		return err
	}
	for _, demo := range []bool{false, true} {
		var days []int
		for k := range deltas {
			if k.Demo == demo {
				days = append(days, k.Day)
			}
		}
		if len(days) == 0 {
			continue
		}
		slices.Sort(days)
		rows, err := scanTotals(get.QueryContext(ctx, demo, days[0]))
		if err != nil {
			return err
		}
		// before is the upto of the last row before the one being
		// written, as it was: a new row starts from it.
		before := evaluation.Counts{}
		if len(rows) == 0 || rows[0].day != days[0] {
			var b []byte
			err := prior.QueryRowContext(ctx, demo, days[0]).Scan(&b)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("reading running totals: %w", err)
			}
			if err := evaluation.ParseCounts(before, b, nil); err != nil {
				return err
			}
		}
		added := evaluation.Counts{}
		for i, j := 0, 0; i < len(rows) || j < len(days); {
			day := 0
			switch {
			case j == len(days) || (i < len(rows) && rows[i].day < days[j]):
				day = rows[i].day
			default:
				day = days[j]
			}
			daily, upto := evaluation.Counts{}, evaluation.Counts{}
			if i < len(rows) && rows[i].day == day {
				if err := evaluation.ParseCounts(daily, rows[i].daily, nil); err != nil {
					return err
				}
				before = evaluation.Counts{}
				if err := evaluation.ParseCounts(before, rows[i].upto, nil); err != nil {
					return err
				}
				i++
			}
			if j < len(days) && days[j] == day {
				delta := deltas[evaluation.DayKey{Day: day, Demo: demo}]
				added.Add(delta)
				daily.Add(delta)
				j++
			}
			upto.Add(before)
			upto.Add(added)
			d := evaluation.AppendDailyCounts(nil, daily)
			buf = evaluation.AppendCounts(buf[:0], upto)
			if d == nil {
				d = []byte{}
			}
			if buf == nil {
				buf = []byte{}
			}
			if _, err := set.ExecContext(ctx, day, demo, d, buf); err != nil {
				return fmt.Errorf("writing running totals: %w", err)
			}
		}
	}
	return nil
}

// addToHistory adds the change of one day row (before → d) to its
// household's history rows: the row of demo 0 only when d is not demo,
// and the row of every row (demo 1) always. A day counts once in the
// latter however many of its two rows have requests.
func addToHistory(ctx context.Context, add, sibling *sql.Stmt, d *evaluation.Day, before evaluation.Counts) error {
	had, has := before["requests"] > 0, d.Counts["requests"] > 0
	newDay := int64(0)
	if has && !had {
		newDay = 1
	}
	delta := func(k string) int64 { return d.Counts[k] - before[k] }
	rows := []bool{true}
	if !d.Demo {
		rows = append(rows, false)
	}
	for _, all := range rows {
		days := newDay
		if all && newDay == 1 {
			var other int64
			err := sibling.QueryRowContext(ctx, d.Day, d.Household, !d.Demo).Scan(&other)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("reading rollup: %w", err)
			}
			if other > 0 {
				days = 0
			}
		}
		if _, err := add.ExecContext(ctx, d.Household, all, days, delta("requests"), delta("help_nu"), delta("tasks"), delta("on_own"),
			millis(d.First), millis(d.Last)); err != nil {
			return fmt.Errorf("writing rollup history: %w", err)
		}
	}
	return nil
}

// txStmt is prepared in tx, or prepared now when the store is still
// opening (a migration refolds before the statements are prepared).
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, prepared *sql.Stmt, query string) (*sql.Stmt, error) {
	if prepared != nil {
		return tx.StmtContext(ctx, prepared), nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing rollup statement: %w", err)
	}
	return st, nil
}

// refold throws the rollups away and folds the whole log again, oldest
// first, within tx.
func (s *Store) refold(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM usage_days; DELETE FROM usage_open; DELETE FROM usage_history; DELETE FROM usage_totals`); err != nil {
		return fmt.Errorf("refolding rollups: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+usageColumns+` FROM usage_events ORDER BY time, rowid`)
	if err != nil {
		return fmt.Errorf("refolding rollups: %w", err)
	}
	defer rows.Close()
	f := evaluation.NewFolder(rollupLocation)
	for rows.Next() {
		e, err := scanUsage(rows)
		if err != nil {
			return fmt.Errorf("refolding rollups: %w", err)
		}
		f.Add(&e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("refolding rollups: %w", err)
	}
	rows.Close()
	return s.writeFolder(ctx, tx, f, false)
}

// UsageRollups returns the rollups for a report of the days from from up
// to (not including) to: those days' counters, demo or not, and each
// household's use from the start of the log to the end of the last day,
// demo requests left out unless includeDemo. The days are reckoned in
// Europe/London. since is where the caller's log starts; the whole log is
// here, so it is not needed.
func (s *Store) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	ro, err := s.usageRollups(ctx, from, to, includeDemo, "")
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("sqlite: usage rollups: %w", err)
	}
	return ro, nil
}

// UsageRollupsOf is UsageRollups with the days of the households named
// only, for a group's report: a comparison of groups reads each day row
// once in all, not once a group.
func (s *Store) UsageRollupsOf(ctx context.Context, since, from, to time.Time, includeDemo bool, households []string) (evaluation.Rollups, error) {
	b, err := json.Marshal(households)
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("sqlite: usage rollups of households: %w", err)
	}
	ro, err := s.usageRollups(ctx, from, to, includeDemo, `AND household_id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("sqlite: usage rollups of households: %w", err)
	}
	return ro, nil
}

func (s *Store) usageRollups(ctx context.Context, from, to time.Time, includeDemo bool, only string, args ...any) (evaluation.Rollups, error) {
	var ro evaluation.Rollups
	first, last := dayOf(from), dayOf(to.Add(-time.Millisecond))
	// One snapshot for both reads, so the days and the history agree.
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ro, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT day, household_id, demo, first_ms, last_ms, counts FROM usage_days
		WHERE day BETWEEN ? AND ? `+only, append([]any{first, last}, args...)...)
	if err != nil {
		return ro, err
	}
	defer rows.Close()
	names := map[string]string{}
	// RawBytes: the counts are parsed before the next row, so the
	// driver's copy need not be copied again.
	var b sql.RawBytes
	for rows.Next() {
		d := &evaluation.Day{}
		if err := rows.Scan(&d.Day, &d.Household, &d.Demo, msTime{&d.First}, msTime{&d.Last}, &b); err != nil {
			return ro, err
		}
		// Sized for its lines: a map grown one counter at a time leaves
		// twice its size behind, and a report holds thousands of them.
		d.Counts = make(evaluation.Counts, bytes.Count(b, []byte{'\n'})+1)
		if err := evaluation.ParseCounts(d.Counts, b, names); err != nil {
			return ro, err
		}
		ro.Days = append(ro.Days, d)
	}
	if err := rows.Err(); err != nil {
		return ro, err
	}
	ro.History, err = history(ctx, tx, last, includeDemo)
	return ro, err
}

// UsageTotals returns the rollups for a whole-pilot report of the days
// from from up to (not including) to, as UsageRollups does, but with the
// days' sums (evaluation.Rollups.Totals) and each household's days with
// their own counters only, whole for the practice households (a report
// takes theirs back out of the sums). So a report reads a row a day and a
// few bytes a household and day, not every counter of every household:
// a year-old pilot's report costs about what a new one's does.
func (s *Store) UsageTotals(ctx context.Context, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	ro, err := s.usageTotals(ctx, from, to, includeDemo)
	if err != nil {
		return evaluation.Rollups{}, fmt.Errorf("sqlite: usage totals: %w", err)
	}
	return ro, nil
}

func (s *Store) usageTotals(ctx context.Context, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	ro := evaluation.Rollups{Totals: []*evaluation.Day{}}
	first, last := dayOf(from), dayOf(to.Add(-time.Millisecond))
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ro, err
	}
	defer tx.Rollback()
	names := map[string]string{}
	var b sql.RawBytes
	rows, err := tx.QueryContext(ctx, `SELECT day, demo, daily FROM usage_totals WHERE demo IN (0, 1) AND day BETWEEN ? AND ?`, first, last)
	if err != nil {
		return ro, err
	}
	for rows.Next() {
		d := &evaluation.Day{Counts: evaluation.Counts{}}
		if err := rows.Scan(intCol{&d.Day}, &d.Demo, &b); err != nil {
			rows.Close()
			return ro, err
		}
		if err := evaluation.ParseCounts(d.Counts, b, names); err != nil {
			rows.Close()
			return ro, err
		}
		ro.Totals = append(ro.Totals, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ro, err
	}
	// The period's sums: the running totals at its end less those before
	// its start.
	for _, demo := range []bool{false, true} {
		if demo && !includeDemo {
			continue
		}
		sum := evaluation.Counts{}
		for _, at := range []struct {
			day  int
			sign int64
		}{{last, 1}, {first - 1, -1}} {
			var b []byte
			err := tx.QueryRowContext(ctx, `SELECT upto FROM usage_totals WHERE demo = ? AND day <= ? ORDER BY day DESC LIMIT 1`, demo, at.day).Scan(&b)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return ro, err
			}
			c := evaluation.Counts{}
			if err := evaluation.ParseCounts(c, b, names); err != nil {
				return ro, err
			}
			for k, n := range c {
				c[k] = at.sign * n
			}
			sum.Add(c)
		}
		ro.Sums[btoi(demo)] = sum
	}

	// The days of no household and of the practice households whole;
	// then the few others with own counters (the partial index
	// usage_days_own), those alone.
	days := func(query string, args ...any) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d := &evaluation.Day{}
			if err := rows.Scan(intCol{&d.Day}, &d.Household, &d.Demo, &b); err != nil {
				return err
			}
			d.Counts = make(evaluation.Counts, bytes.Count(b, []byte{'\n'})+1)
			if err := evaluation.ParseCounts(d.Counts, b, names); err != nil {
				return err
			}
			ro.Days = append(ro.Days, d)
		}
		return rows.Err()
	}
	const practice = `SELECT id FROM households WHERE demo = 1`
	if err := days(`SELECT day, household_id, demo, counts FROM usage_days
		WHERE day BETWEEN ? AND ? AND (household_id = '' OR household_id IN (`+practice+`))`, first, last); err != nil {
		return ro, err
	}
	if err := days(`SELECT day, household_id, demo, own FROM usage_days INDEXED BY usage_days_own
		WHERE day BETWEEN ? AND ? AND own != x'' AND household_id != '' AND household_id NOT IN (`+practice+`)`, first, last); err != nil {
		return ro, err
	}
	ro.History, err = history(ctx, tx, last, includeDemo)
	return ro, err
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// history is each household's use up to the end of day last: its history
// row (the whole log) less its days after last. So a report reads its
// period's days and the days since the period ended (none, for a period
// that ends today), never every day since the test began.
func history(ctx context.Context, tx *sql.Tx, last int, includeDemo bool) ([]evaluation.History, error) {
	demoRow, demo := 0, " AND demo = 0"
	if includeDemo {
		demoRow, demo = 1, ""
	}
	type after struct{ days, requests, helpNU, tasks, onOwn int }
	later := map[string]after{}
	rows, err := tx.QueryContext(ctx, `SELECT household_id, COUNT(DISTINCT CASE WHEN requests > 0 THEN day END),
		SUM(requests), SUM(help_nu), SUM(tasks), SUM(on_own)
		FROM usage_days INDEXED BY usage_days_by_day WHERE day > ? AND household_id != ''`+demo+` GROUP BY household_id`, last)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var a after
		if err := rows.Scan(&id, &a.days, &a.requests, &a.helpNU, &a.tasks, &a.onOwn); err != nil {
			rows.Close()
			return nil, err
		}
		later[id] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = tx.QueryContext(ctx, `SELECT household_id, days, requests, help_nu, tasks, on_own, first_ms, last_ms, used_from, used
		FROM usage_history WHERE demo = ? ORDER BY household_id`, demoRow)
	if err != nil {
		return nil, err
	}
	var out []evaluation.History
	for rows.Next() {
		var h evaluation.History
		if err := rows.Scan(&h.Household, intCol{&h.Days}, intCol{&h.Requests}, intCol{&h.HelpOrNotUnderstood}, intCol{&h.Tasks}, intCol{&h.OnOwn},
			msTime{&h.First}, msTime{&h.Last}, intCol{&h.Used.From}, &h.Used.Bits); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Households still in use after the period: take those days off, and
	// find their last request up to the period's end (an index seek).
	kept := out[:0]
	for _, h := range out {
		a, ok := later[h.Household]
		if ok {
			h.Days -= a.days
			h.Requests -= a.requests
			h.HelpOrNotUnderstood -= a.helpNU
			h.Tasks -= a.tasks
			h.OnOwn -= a.onOwn
			if h.Requests == 0 {
				h.First, h.Last = time.Time{}, time.Time{}
				// Counted only if it has a row by then at all.
				var one int
				err := tx.QueryRowContext(ctx, `SELECT 1 FROM usage_days WHERE household_id = ? AND day <= ?`+demo+` LIMIT 1`, h.Household, last).Scan(&one)
				if errors.Is(err, sql.ErrNoRows) {
					continue
				}
				if err != nil {
					return nil, err
				}
			} else if a.requests > 0 {
				err := tx.QueryRowContext(ctx, `SELECT last_ms FROM usage_days WHERE household_id = ? AND day <= ? AND requests > 0`+demo+`
					ORDER BY day DESC, last_ms DESC LIMIT 1`, h.Household, last).Scan(msTime{&h.Last})
				if err != nil {
					return nil, err
				}
			}
		}
		kept = append(kept, h)
	}
	return kept, nil
}

// dayOf numbers t's calendar day in rollupLocation as evaluation does.
func dayOf(t time.Time) int {
	l := t.In(rollupLocation)
	return int(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
