package intents

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
)

// CodeLifetime is how long a new link code works, unless staff say otherwise.
const CodeLifetime = 14 * 24 * time.Hour

// Enrolling is what staff give to enrol a household.
type Enrolling struct {
	Ref         string // the landlord's household reference
	Vulnerable  bool
	ConsentDate time.Time
	CoachID     string
	CodeLife    time.Duration // zero means CodeLifetime
	Demo        bool          // a practice household (Household.Demo)
}

// Enrol adds a pilot household with a fresh six-digit link code.
func Enrol(ctx context.Context, store Enrolment, p *Pseudonyms, e Enrolling, now time.Time) (Household, error) {
	ref := strings.TrimSpace(e.Ref)
	if err := CheckRef(ref); err != nil {
		return Household{}, fmt.Errorf("enrol: %w", err)
	}
	life := e.CodeLife
	if life <= 0 {
		life = CodeLifetime
	}
	// A clash with a live code is rare (one in 900,000 per household); a
	// few tries make it vanishingly so.
	for range 5 {
		code, err := newLinkCode()
		if err != nil {
			return Household{}, err
		}
		h := Household{
			ID: p.Household(ref), Ref: ref, Vulnerable: e.Vulnerable, ConsentDate: e.ConsentDate,
			CoachID: e.CoachID, LinkCode: code, CodeExpires: now.Add(life).UTC(), EnrolledAt: now.UTC(),
			Demo: e.Demo,
		}
		err = store.AddHousehold(ctx, h)
		if err == nil {
			return h, nil
		}
		if !errors.Is(err, ErrConflict) {
			return Household{}, fmt.Errorf("enrol %s: %w", ref, err)
		}
		if existing, lerr := findHousehold(ctx, store, h.ID); lerr == nil {
			return Household{}, fmt.Errorf("enrol: household %s is already enrolled (since %s): %w",
				existing.Ref, existing.EnrolledAt.Format("2 January 2006"), ErrConflict)
		}
	}
	return Household{}, fmt.Errorf("enrol %s: no free link code after 5 tries: %w", ref, ErrConflict)
}

// ReissueCode gives an enrolled household a fresh link code, working for
// CodeLifetime from now, in place of any it had (expired, or for another
// speaker); by is the member of staff asking.
func ReissueCode(ctx context.Context, store HouseholdChanges, id, by string, now time.Time) (code string, expires time.Time, err error) {
	expires = now.Add(CodeLifetime).UTC()
	for range 5 {
		code, err = newLinkCode()
		if err != nil {
			return "", time.Time{}, err
		}
		err = store.ReissueLinkCode(ctx, id, code, expires, by, now)
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("new link code for %s: %w", id, err)
	}
	return code, expires, nil
}

// MaxRefLen is the longest household reference accepted.
const MaxRefLen = 40

// RefChars are the characters a household reference may hold besides
// ASCII letters and digits.
const RefChars = " -_/.#"

// CheckRef refuses a household reference that is empty, longer than
// MaxRefLen, or holds anything but ASCII letters, digits and RefChars: a
// reference is shown on staff screens and printed in terminals, where a
// control character or an escape sequence would act rather than show.
func CheckRef(ref string) error {
	if ref == "" {
		return errors.New("a household reference is needed")
	}
	if len(ref) > MaxRefLen {
		return fmt.Errorf("a household reference has at most %d characters; this one has %d", MaxRefLen, len(ref))
	}
	for _, c := range ref {
		if !RefChar(c) {
			return fmt.Errorf("a household reference may hold only letters, digits, spaces and %q; this one holds %q", strings.TrimSpace(RefChars), c)
		}
	}
	return nil
}

// RefChar reports whether c may appear in a household reference.
func RefChar(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(RefChars, c)
}

func findHousehold(ctx context.Context, store Enrolment, id string) (Household, error) {
	all, err := store.ListHouseholds(ctx)
	if err != nil {
		return Household{}, err
	}
	for _, h := range all {
		if h.ID == id {
			return h, nil
		}
	}
	return Household{}, ErrNotFound
}

func newLinkCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(maxLinkCode-minLinkCode+1))
	if err != nil {
		return "", fmt.Errorf("making link code: %w", err)
	}
	return fmt.Sprint(minLinkCode + n.Int64()), nil
}

// Roster is the coaches' weekly availability, from content/coaches.json.
type Roster struct {
	Coaches []struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Visits []struct {
			Day   string   `json:"day"`   // "Tuesday"
			Times []string `json:"times"` // "10:00"
		} `json:"visits"`
	} `json:"coaches"`
}

// ReadRoster parses a roster file.
func ReadRoster(r io.Reader) (Roster, error) {
	var ro Roster
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ro); err != nil {
		return Roster{}, fmt.Errorf("reading coach roster: %w", err)
	}
	return ro, nil
}

// Slots lays the weekly pattern over the days from `from` for `days` days,
// in loc. Slot ids are the coach id and the start time, so seeding the same
// weeks twice adds nothing.
func (ro Roster) Slots(from time.Time, days int, loc *time.Location) ([]CoachSlot, error) {
	var out []CoachSlot
	start := time.Date(from.In(loc).Year(), from.In(loc).Month(), from.In(loc).Day(), 0, 0, 0, 0, loc)
	for d := range days {
		day := start.AddDate(0, 0, d)
		for _, c := range ro.Coaches {
			for _, v := range c.Visits {
				if !strings.EqualFold(v.Day, day.Weekday().String()) {
					continue
				}
				for _, tm := range v.Times {
					clock, err := time.Parse("15:04", tm)
					if err != nil {
						return nil, fmt.Errorf("coach %s: time %q: %w", c.ID, tm, err)
					}
					at := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
					out = append(out, CoachSlot{
						ID:      c.ID + "@" + at.UTC().Format("20060102T1504Z"),
						CoachID: c.ID, Coach: c.Name, Start: at.UTC(),
					})
				}
			}
		}
	}
	return out, nil
}

// WithoutPractice leaves out the practice (demo) households and every usage
// event of theirs, whatever the event's own demo mark: the measures count
// the pilot's households only.
func WithoutPractice(evs []UsageEvent, hs []Household) ([]UsageEvent, []Household) {
	practice := map[string]bool{}
	var pilot []Household
	for _, h := range hs {
		if h.Demo {
			practice[h.ID] = true
			continue
		}
		pilot = append(pilot, h)
	}
	if len(practice) == 0 {
		return evs, hs
	}
	out := make([]UsageEvent, 0, len(evs))
	for _, e := range evs {
		if !practice[e.HouseholdID] {
			out = append(out, e)
		}
	}
	return out, pilot
}

// HouseholdEvents picks from evs, in order, a household's events and its
// sessions' events that name no household (a speaker's first words,
// before saying the link code): what a store's HouseholdUsage reads by
// index.
func HouseholdEvents(evs []UsageEvent, householdID string) []UsageEvent {
	sessions := map[string]bool{}
	for _, e := range evs {
		if e.HouseholdID == householdID && e.SessionID != "" {
			sessions[e.SessionID] = true
		}
	}
	var out []UsageEvent
	for _, e := range evs {
		if e.HouseholdID == householdID || (e.HouseholdID == "" && sessions[e.SessionID]) {
			out = append(out, e)
		}
	}
	return out
}
