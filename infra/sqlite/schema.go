package sqlite

import (
	"context"
	"fmt"
)

// migrations bring a file's schema up to date: migrations[i] takes a file
// from PRAGMA user_version i to i+1. Append to change the schema; never edit
// one that has shipped, since pilot files already ran it.
//
// Conventions: times are INTEGER Unix milliseconds, NULL for "not yet"; ids
// are TEXT; booleans are INTEGER 0 or 1; tables are STRICT so a value of the
// wrong type is an error, not silently stored.
var migrations = []string{
	// 1: the pilot's first schema.
	`
CREATE TABLE households (
	id           TEXT PRIMARY KEY,
	ref          TEXT NOT NULL UNIQUE,
	vulnerable   INTEGER NOT NULL,
	consent_date INTEGER,
	coach_id     TEXT NOT NULL,
	link_code    TEXT UNIQUE, -- NULL once spent, so spent codes never collide
	code_expires INTEGER,
	enrolled_at  INTEGER,
	linked_at    INTEGER,
	last_used    INTEGER
) STRICT;
CREATE INDEX households_by_enrolment ON households (enrolled_at, id);

-- One row per linked speaker; a household may have several speakers.
CREATE TABLE speaker_links (
	speaker_id   TEXT PRIMARY KEY,
	household_id TEXT NOT NULL REFERENCES households (id),
	linked_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE link_failures (
	speaker_id TEXT NOT NULL,
	at         INTEGER NOT NULL
) STRICT;
CREATE INDEX link_failures_by_speaker ON link_failures (speaker_id, at);

CREATE TABLE repairs (
	ref          TEXT PRIMARY KEY,
	household_id TEXT NOT NULL REFERENCES households (id),
	problem      TEXT NOT NULL,
	room         TEXT NOT NULL,
	priority     TEXT NOT NULL,
	status       TEXT NOT NULL,
	guide_tried  INTEGER NOT NULL,
	reported_at  INTEGER
) STRICT;
CREATE INDEX repairs_by_household ON repairs (household_id, reported_at);

CREATE TABLE coach_slots (
	id       TEXT PRIMARY KEY,
	coach_id TEXT NOT NULL,
	coach    TEXT NOT NULL,
	start    INTEGER NOT NULL
) STRICT;
CREATE INDEX coach_slots_by_start ON coach_slots (start);
CREATE INDEX coach_slots_by_coach ON coach_slots (coach_id, start);

CREATE TABLE bookings (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL REFERENCES households (id),
	slot_id      TEXT NOT NULL REFERENCES coach_slots (id),
	booked_at    INTEGER,
	cancelled_at INTEGER -- NULL while the booking stands
) STRICT;
-- A slot is held by one standing booking at most: the database refuses a
-- second, whichever process or goroutine tries, so no read-then-write race
-- can double-book a coach.
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (slot_id) WHERE cancelled_at IS NULL;
CREATE INDEX bookings_by_household ON bookings (household_id) WHERE cancelled_at IS NULL;

CREATE TABLE guide_progress (
	speaker_id TEXT PRIMARY KEY,
	topic      TEXT NOT NULL,
	step       INTEGER NOT NULL,
	updated_at INTEGER
) STRICT;

-- No foreign keys: an event is evidence and is kept even when its ids
-- match nothing else here (a speaker not yet linked, a demo household).
CREATE TABLE usage_events (
	request_id    TEXT PRIMARY KEY,
	time          INTEGER NOT NULL,
	household_id  TEXT NOT NULL,
	speaker_id    TEXT NOT NULL,
	session_id    TEXT NOT NULL,
	request_type  TEXT NOT NULL,
	intent        TEXT NOT NULL,
	slots         TEXT, -- JSON object of slot name to resolved id; NULL when none
	flow          TEXT NOT NULL,
	step          TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	repair_ref    TEXT NOT NULL,
	guide_tried   INTEGER NOT NULL,
	session_ended INTEGER NOT NULL,
	end_reason    TEXT NOT NULL,
	latency_ms    REAL NOT NULL,
	locale        TEXT NOT NULL,
	has_screen    INTEGER NOT NULL,
	demo          INTEGER NOT NULL
) STRICT;
CREATE INDEX usage_events_by_time ON usage_events (time);
`,
	// 2: staff and privacy: trial dates, feedback timing, erasure, the
	// repair queue and coach availability (staff.go, erase.go).
	`
-- The trial's dates: one row at most, absent until staff first set them.
CREATE TABLE trial (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	start_date INTEGER, -- midnight UTC of the first day; NULL leaves the start open
	end_date   INTEGER  -- midnight UTC of the last day, inclusive; NULL leaves the end open
) STRICT;

-- On the household's own row, so erasing the household erases it too.
ALTER TABLE households ADD COLUMN feedback_asked_at INTEGER;

-- Erasure finds a household's speakers and bookings through these.
-- Deleting a household or slot also makes SQLite look up the rows whose
-- foreign keys refer to it, which without an index is a scan per delete.
CREATE INDEX speaker_links_by_household ON speaker_links (household_id);
-- Replaces the partial index of standing bookings: erasure must find
-- cancelled bookings too, and (household_id, cancelled_at) still serves
-- ActiveBooking's "standing bookings of a household".
DROP INDEX bookings_by_household;
CREATE INDEX bookings_by_household ON bookings (household_id, cancelled_at);
-- bookings_one_per_slot covers standing bookings only; removing a slot
-- must also find its cancelled ones.
CREATE INDEX bookings_by_slot ON bookings (slot_id);
-- usage_events gets no index on household_id or speaker_id, though erasure
-- looks events up by them. Each would be written by every Alexa request,
-- in the middle of the index rather than at its end: with 300 households
-- and 400 speakers the two doubled the cost of inserting an event
-- (50,000 inserts into a 100,000-event log: 2.4 s without, 5.6 s with),
-- while erasure, which is rare and rewrites the whole file afterwards
-- anyway (see erase.go), scans the log once per erase.

-- The staff repair queue, newest first: read backwards, rowid breaking ties.
CREATE INDEX repairs_by_report ON repairs (reported_at);
`,
	// 3: the saved repair's priority and whether a rating was asked, so the
	// evaluation need not work them out again later.
	`
ALTER TABLE usage_events ADD COLUMN priority TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_events ADD COLUMN feedback_asked INTEGER NOT NULL DEFAULT 0;
`,
	// 4: the hand-off outbox (outbox.go): one row per message per
	// destination, written in the same transaction as the repair or
	// booking it tells of.
	`
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,
	key             TEXT NOT NULL, -- the idempotency key
	subject         TEXT NOT NULL, -- repair reference or booking id
	destination     TEXT NOT NULL CHECK (destination IN ('repairs', 'emergency', 'coach')),
	state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER,
	UNIQUE (key, destination)
) STRICT;
-- The dispatcher's question: what is pending and due, earliest first.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
`,
	// 5: each coach's own hand-off webhook, set on the staff site
	// (coachcontact.go); a coach without a row uses the shared one.
	`
CREATE TABLE coach_contacts (
	coach_id    TEXT PRIMARY KEY,
	webhook_url TEXT NOT NULL,
	updated_at  INTEGER NOT NULL
) STRICT;
`,
	// 6: the tenant's own words for a problem Alexa could not name, kept
	// with the repair for the repairs team (erased with the repair).
	`
ALTER TABLE repairs ADD COLUMN description TEXT NOT NULL DEFAULT '';
`,
	// 7: requests that changed something, claimed in the change's own
	// transaction, and the answer they were given (once.go).
	`
CREATE TABLE replies (
	request_id TEXT PRIMARY KEY,
	token      TEXT NOT NULL,
	answer     BLOB, -- NULL until the turn has answered
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX replies_by_expiry ON replies (expires_at);
`,
	// 8: a repair hand-off promised to a household erased before it was
	// sent keeps its message, stripped, until it is sent (erase.go).
	`
ALTER TABLE outbox ADD COLUMN message BLOB;
`,
	// 9: practice households (try-it page, pilot add --demo), whose
	// repairs and visits are never handed off (outbox.go).
	`
ALTER TABLE households ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
`,
	// 10: the landlord's own figures behind the cost estimate, set by
	// staff (staff.go): one row at most.
	`
CREATE TABLE figures (
	id                INTEGER PRIMARY KEY CHECK (id = 1),
	phone_contact_gbp REAL NOT NULL,
	repair_visit_gbp  REAL NOT NULL,
	usd_to_gbp        REAL NOT NULL,
	set_by            TEXT NOT NULL,
	set_at            INTEGER NOT NULL

) STRICT;
`,
	// 11: the evaluation's rollups (rollup.go), filled from the log the
	// file already holds as the migration commits.
	`
-- evaluation.Folder's counters for one Europe/London day, household ('' for
-- none) and demo flag. requests to on_own repeat four of the counters so
-- each household's history can be summed in SQL.
CREATE TABLE usage_days (
	day          INTEGER NOT NULL, -- days since 1970-01-01
	household_id TEXT NOT NULL,
	demo         INTEGER NOT NULL,
	requests     INTEGER NOT NULL,
	help_nu      INTEGER NOT NULL,
	tasks        INTEGER NOT NULL,
	on_own       INTEGER NOT NULL,
	first_ms     INTEGER, -- the day's first and last request; NULL when none
	last_ms      INTEGER,
	counts       BLOB NOT NULL, -- evaluation.AppendCounts
	PRIMARY KEY (day, household_id, demo)
) STRICT;
-- Not WITHOUT ROWID: a day's counts run to a kilobyte or two, which an
-- index b-tree (as a WITHOUT ROWID table is) would spill to an overflow page
-- per row. Each household's history is summed from this covering index,
-- which leaves the counts out: 400 days × 300 households of counts is a
-- lot to read for four columns.
CREATE INDEX usage_days_history ON usage_days
	(household_id, demo, day, requests, help_nu, tasks, on_own, first_ms, last_ms);

-- Open sessions and guide places: 's' + session id, 'g' + guide key.
CREATE TABLE usage_open (
	key     TEXT PRIMARY KEY,
	last_ms INTEGER NOT NULL,
	state   BLOB NOT NULL -- JSON of evaluation.SessionState or SpeakerState
) STRICT;
`,
	// 12: generations, bumped in the same transaction as every change to
	// what a request reads (which household a speaker is in, and its saved
	// guide place), by whichever process makes it; cache.go trusts its
	// copies only while the number is unchanged. A household's last_used
	// moves on every session and is left out, except its first setting,
	// which changes what a tenant hears ("welcome back"). A column added
	// to households must be added to households_changed
	// (TestEveryHouseholdColumnBumpsTheGeneration).
	`
CREATE TABLE generations (
	name TEXT PRIMARY KEY,
	n    INTEGER NOT NULL
) STRICT;
INSERT INTO generations (name, n) VALUES ('households', 0), ('progress', 0);
CREATE TRIGGER speaker_linked AFTER INSERT ON speaker_links BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER speaker_relinked AFTER UPDATE ON speaker_links BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER speaker_unlinked AFTER DELETE ON speaker_links BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER household_added AFTER INSERT ON households BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER household_erased AFTER DELETE ON households BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER households_changed AFTER UPDATE OF
	id, ref, vulnerable, consent_date, coach_id, link_code, code_expires, enrolled_at, linked_at, feedback_asked_at, demo
	ON households BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER household_first_used AFTER UPDATE OF last_used ON households
	WHEN coalesce(OLD.last_used, 0) = 0 BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
CREATE TRIGGER progress_saved AFTER INSERT ON guide_progress BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'progress'; END;
CREATE TRIGGER progress_moved AFTER UPDATE ON guide_progress BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'progress'; END;
CREATE TRIGGER progress_cleared AFTER DELETE ON guide_progress BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'progress'; END;
`,
	// 13: which Alexa account each linked speaker is used from (both
	// pseudonyms), so a skill disabled in the Alexa app, an event naming
	// the account only, unlinks the account's speakers.
	`
CREATE TABLE account_speakers (
	account_id TEXT NOT NULL,
	speaker_id TEXT NOT NULL,
	PRIMARY KEY (account_id, speaker_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX account_speakers_by_speaker ON account_speakers (speaker_id);
`,
	// 14: the Alexa reminder set for a coach visit (its alertToken), so
	// cancelling the visit deletes it; erased with the booking.
	`
ALTER TABLE bookings ADD COLUMN reminder_id TEXT NOT NULL DEFAULT '';
`,
	// 15: who last changed a household's details or link code, and when
	// (households.go); the generation trigger names every column, these
	// too.
	`
ALTER TABLE households ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN changed_at INTEGER;
DROP TRIGGER households_changed;
CREATE TRIGGER households_changed AFTER UPDATE OF
	id, ref, vulnerable, consent_date, coach_id, link_code, code_expires, enrolled_at, linked_at, feedback_asked_at, demo,
	changed_by, changed_at
	ON households BEGIN
	UPDATE generations SET n = n + 1 WHERE name = 'households'; END;
`,
	// 16: the repairs team's visit staff booked, read back to the tenant
	// (staff.go).
	`
ALTER TABLE repairs ADD COLUMN visit_day INTEGER;
ALTER TABLE repairs ADD COLUMN visit_part TEXT NOT NULL DEFAULT '';
`,
	// 17: each household's use over the whole log (rollup.go), so a report
	// reads its period's days, not every day since the test began;
	// out-of-scope topics in the day counters; and usage events by speaker,
	// so a late event folds its speaker's events again, not the log. Both are filled by folding
	// the log again as the migration commits (refoldFrom).
	`
-- Sums of a household's usage_days rows: demo 0 sums its rows with demo 0,
-- demo 1 all its rows. days counts the days with a request.
CREATE TABLE usage_history (
	household_id TEXT NOT NULL,
	demo         INTEGER NOT NULL,
	days         INTEGER NOT NULL,
	requests     INTEGER NOT NULL,
	help_nu      INTEGER NOT NULL,
	tasks        INTEGER NOT NULL,
	on_own       INTEGER NOT NULL,
	first_ms     INTEGER,
	last_ms      INTEGER,
	PRIMARY KEY (household_id, demo)
) STRICT;
CREATE INDEX usage_days_by_household ON usage_days (household_id, day);
-- A late event folds its speaker's events again, not the whole log.
CREATE INDEX usage_events_by_speaker ON usage_events (speaker_id, time);
`,
	// 18: the effects each claimed request made (once.go), written in the
	// change's transaction, so a repeat naming one is told it is made.
	`
CREATE TABLE reply_effects (
	request_id TEXT NOT NULL,
	effect     TEXT NOT NULL,
	PRIMARY KEY (request_id, effect)
) STRICT, WITHOUT ROWID;
`,
	// 19: the other flow's requests by outcome in the day counters; no
	// table changes, the log is folded again (refoldFrom).
	`SELECT 1;`,
	// 20: running totals of the day rows, so a whole-pilot report reads
	// two rows of sums and a few counters a day (UsageTotals); the days
	// each household used in its history rows; and each day row's own
	// counters (evaluation.Own), read from an index without its counts.
	// All are filled by folding the log again as the migration commits
	// (refoldFrom). And a household's events by time, for its page.
	`
ALTER TABLE usage_days ADD COLUMN own BLOB NOT NULL DEFAULT x'';
-- The few day rows with counters a report reads household by household.
CREATE INDEX usage_days_own ON usage_days (day, household_id, demo, own) WHERE own != x'';
-- A household's events, for its page (HouseholdUsage).
CREATE INDEX usage_events_by_household ON usage_events (household_id, time) WHERE household_id != '';
-- By day, covering what history (rollup.go) reads of the days after a
-- period.
CREATE INDEX usage_days_by_day ON usage_days (day, household_id, demo, requests, help_nu, tasks, on_own);
-- evaluation.History.Used: bit i of used is day used_from + i.
ALTER TABLE usage_history ADD COLUMN used_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_history ADD COLUMN used BLOB NOT NULL DEFAULT x'';
-- Running totals of the usage_days rows with one demo flag, every
-- household and none: daily sums the day's rows' evaluation.Daily
-- counters, upto every counter of every day up to and including it, so a
-- period's sums are two rows' difference (evaluation.Rollups.Sums).
CREATE TABLE usage_totals (
	day   INTEGER NOT NULL,
	demo  INTEGER NOT NULL,
	daily BLOB NOT NULL, -- evaluation.AppendCounts
	upto  BLOB NOT NULL,
	PRIMARY KEY (demo, day)
) STRICT;
`,
	// 21: the journeys in the day counters (evaluation.ComputeJourneys);
	// no table changes, the log is folded again (refoldFrom).
	`SELECT 1;`,
}

// refoldFrom is the latest schema version that changed what the rollups
// hold: a file migrated across it folds its log into them again.
const refoldFrom = 21

// migrate applies the migrations the file lacks, all in one transaction:
// BEGIN IMMEDIATE makes two processes opening a new file at once take turns,
// and the second then finds nothing left to do.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this homehelper's %d: upgrade homehelper", version, len(migrations))
	}
	if version == len(migrations) {
		return nil
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrating schema to version %d: %w", v+1, err)
		}
	}
	if version < refoldFrom {
		if err := s.refold(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("setting schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	return nil
}
