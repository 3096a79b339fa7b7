package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/spillfile"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
)

const (
	dbFile = "homehelper.db"
	// spillFile keeps usage events the store could not take when serve
	// stopped, until the next start (infra/spillfile).
	spillFile = "usage-spill.jsonl"
	keyFile   = "pseudonym.key"
	// seedDays is how far ahead coach availability is laid out from the
	// roster at each start; seeding is idempotent, so restarts add only
	// the new days.
	seedDays = 8 * 7
)

// store is what the local program needs of a store; both the embedded
// SQLite store and the DynamoDB store provide it.
type store interface {
	intents.Households
	intents.Repairs
	intents.Coaching
	intents.Progress
	intents.UsageLog
	intents.Enrolment
	intents.Schedule
	intents.UsageReader
	intents.AccountSpeakers
	intents.BookingReminders
	// UsageRollups: see infra/staff.Store.
	UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error)
	Close() error
}

// app is the local program's wiring: one store, one key, one skill.
type app struct {
	store   store
	pseudo  *intents.Pseudonyms
	cfg     intents.Config
	log     *slog.Logger
	skill   *intents.Skill
	handler *alexa.Handler
	spill   *spillfile.File
	// skillID is the skill the handler answers for ("" for any), which
	// the try-it page's requests must name.
	skillID string
}

type appOptions struct {
	storage
	skillID, landlordPhone, emergencyPhone string
	// reminderHour is when a visit's reminder is spoken the evening
	// before; 0 (chat, which sets none) leaves the default.
	reminderHour int
	// repairsUntold: no hand-off destination for repairs is set, so
	// tenants are told to phone (intents.Config.RepairsUntold).
	repairsUntold bool
}

// storage says which store to open: the data folder always holds the
// pseudonym key; with -store dynamodb the rest lives in DynamoDB.
type storage struct {
	data, kind, dataTable, usageTable string
}

func storageFlags(fs *flag.FlagSet, s *storage) {
	stringFlag(fs, &s.data, "data")
	stringFlag(fs, &s.kind, "store")
	stringFlag(fs, &s.dataTable, "data-table")
	stringFlag(fs, &s.usageTable, "usage-table")
}

// openData opens the data folder's store and key, creating both on first
// use. Staff commands use this alone; serve and chat go on to build the skill.
func openData(ctx context.Context, st storage, log *slog.Logger) (*app, error) {
	if err := os.MkdirAll(st.data, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	warnOpenFolder(st.data, log)
	key, err := pseudonymKey(st.data, log)
	if err != nil {
		return nil, err
	}
	p, err := intents.NewPseudonyms(key)
	if err != nil {
		return nil, err
	}
	s, err := openStore(ctx, st, log)
	if err != nil {
		return nil, err
	}
	a := &app{store: s, pseudo: p, cfg: intents.DefaultConfig(), log: log}
	// Events spilled when serve last stopped are stored before anything
	// else reads or erases: every command opens the data through here.
	if a.spill, err = spillfile.Open(filepath.Join(st.data, spillFile)); err != nil {
		s.Close()
		return nil, err
	}
	if n, err := a.spill.Replay(ctx, s); err != nil {
		log.Warn("usage events spilled at the last stop are not all stored yet; the next start tries again", "stored", n, "err", err)
	} else if n > 0 {
		log.Info("usage events spilled at the last stop are stored", "events", n)
	}
	return a, nil
}

func openStore(ctx context.Context, st storage, log *slog.Logger) (store, error) {
	switch st.kind {
	case "", "sqlite":
		return sqlite.Open(ctx, filepath.Join(st.data, dbFile))
	case "dynamodb":
		// The default chain: environment, shared config, instance role;
		// AWS_ENDPOINT_URL_DYNAMODB points it at any DynamoDB-compatible
		// server (dynalite in the tests).
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading AWS configuration: %w", err)
		}
		tables := dynamo.Tables{Data: st.dataTable, Usage: st.usageTable}
		return dynamoStore{dynamo.New(awsdynamodb.NewFromConfig(cfg, dynamo.QuickRetries), tables, dynamo.WithLogger(log))}, nil
	}
	return nil, fmt.Errorf("%w: -store %q: want sqlite or dynamodb", errUsage, st.kind)
}

// dynamoStore gives the DynamoDB store the Close the local program calls;
// its client holds nothing that needs closing.
type dynamoStore struct{ *dynamo.Store }

func (dynamoStore) Close() error { return nil }

// openSkill opens the data folder and builds the conversation over it.
func openSkill(ctx context.Context, o appOptions, log *slog.Logger) (*app, error) {
	a, err := openData(ctx, o.storage, log)
	if err != nil {
		return nil, err
	}
	if o.landlordPhone != "" {
		a.cfg.LandlordPhone = o.landlordPhone
	}
	if o.emergencyPhone != "" {
		a.cfg.EmergencyPhone = o.emergencyPhone
	}
	a.cfg.RepairsUntold = o.repairsUntold
	if o.reminderHour != 0 {
		a.cfg.ReminderHour = o.reminderHour
	}
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		a.close()
		return nil, err
	}
	if err := a.seedCoaches(ctx, time.Now()); err != nil {
		a.close()
		return nil, err
	}
	a.skill = intents.New(stores(a.store), guides, a.cfg, intents.WithLogger(log))
	a.handler = alexa.NewHandler(a.skill, a.pseudo, o.skillID, log)
	a.skillID = o.skillID
	return a, nil
}

func (a *app) seedCoaches(ctx context.Context, now time.Time) error {
	f, err := content.Coaches()
	if err != nil {
		return fmt.Errorf("coach roster: %w", err)
	}
	defer f.Close()
	roster, err := intents.ReadRoster(f)
	if err != nil {
		return err
	}
	slots, err := roster.Slots(now, seedDays, a.cfg.Location)
	if err != nil {
		return err
	}
	if err := a.store.AddCoachSlots(ctx, slots); err != nil {
		return fmt.Errorf("seeding coach slots: %w", err)
	}
	return nil
}

func (a *app) close() {
	if err := a.store.Close(); err != nil {
		a.log.Error("closing store", "err", err)
	}
	if a.spill != nil {
		if err := a.spill.Close(); err != nil {
			a.log.Error("closing the usage spill file", "err", err)
		}
	}
}

// pseudonymKey returns the key from HOMEHELPER_PSEUDONYM_KEY, or from the
// data folder, making one there on first start. Losing it only means new
// pseudonyms from then on; leaking it lets someone test guessed ids.
func pseudonymKey(data string, log *slog.Logger) ([]byte, error) {
	if v := os.Getenv("HOMEHELPER_PSEUDONYM_KEY"); v != "" {
		return intents.DecodePseudonymKey(v)
	}
	path := filepath.Join(data, keyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, kerr := intents.NewPseudonymKey()
		if kerr != nil {
			return nil, kerr
		}
		// O_EXCL: if another homehelper process made it first, use theirs.
		f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if ferr == nil {
			_, werr := f.WriteString(k + "\n")
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return nil, fmt.Errorf("writing %s: %w", path, werr)
			}
			log.Info("made a new pseudonym key", "path", path)
		} else if !errors.Is(ferr, fs.ErrExist) {
			return nil, fmt.Errorf("creating %s: %w", path, ferr)
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading pseudonym key: %w", err)
	}
	return intents.DecodePseudonymKey(strings.TrimSpace(string(b)))
}

func newLogger(w interface{ Write([]byte) (int, error) }) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// stores hands a store to the conversation, with the optional parts (trial
// dates, feedback, erasure) the store provides.
func stores(s store) intents.Stores {
	out := intents.Stores{Households: s, Repairs: s, Coaching: s, Progress: s, Usage: s, Accounts: s, Reminders: s}
	out.Trial, _ = s.(intents.TrialDates)
	out.Feedback, _ = s.(intents.FeedbackMarker)
	out.Eraser, _ = s.(intents.Eraser)
	out.Speakers, _ = s.(intents.SpeakerEraser)
	out.Replies, _ = s.(intents.Replies)
	return out
}

// warnOpenFolder warns when others may list or enter the data folder. Its
// files are made owner-only anyway; the folder's mode is the operator's
// to change, so this is a warning, not a refusal.
func warnOpenFolder(dir string, log *slog.Logger) {
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm()&0o077 == 0 {
		return
	}
	log.Warn("the data folder is open to other users: its files are kept private, but run chmod 700 on it",
		"folder", dir, "mode", info.Mode().Perm().String())
}
