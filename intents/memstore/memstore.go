// Package memstore is an in-memory Home Helper store for tests and
// generated data: every intents storage interface, with the same behaviour
// as the real stores (it passes the same storetest suite), and nothing kept.
package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// Store keeps everything in memory. It is safe for concurrent use.
type Store struct {
	mu         sync.Mutex
	households map[string]intents.Household
	speakers   map[string]string   // speaker → household id
	accounts   map[string][]string // account → its speakers
	failures   map[string][]time.Time
	repairs    []intents.Repair
	slots      map[string]intents.CoachSlot
	bookings   []intents.Booking
	progress   map[string]intents.GuideProgress
	events     map[string]intents.UsageEvent
	order      []string

	failWith error
	trial    intents.Trial
	figures  intents.Figures
	feedback map[string]time.Time
	replies  map[string]reply // request id → claim and answer
}

type reply struct {
	token   string
	effects []string
	answer  []byte
	expires time.Time
}

// New makes an empty store.
func New() *Store {
	return &Store{
		households: map[string]intents.Household{},
		speakers:   map[string]string{},
		accounts:   map[string][]string{},
		failures:   map[string][]time.Time{},
		slots:      map[string]intents.CoachSlot{},
		progress:   map[string]intents.GuideProgress{},
		events:     map[string]intents.UsageEvent{},
		replies:    map[string]reply{},
	}
}

// Stores hands the store to the conversation.
func (m *Store) Stores() intents.Stores {
	return intents.Stores{Households: m, Repairs: m, Coaching: m, Progress: m, Usage: m,
		Trial: m, Feedback: m, Eraser: m, Speakers: m, Replies: m, Accounts: m, Reminders: m}
}

// FailWrites makes every write fail with err (nil to stop), as a store that
// has gone away would, for fault tests.
func (m *Store) FailWrites(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failWith = err
}

func (m *Store) fault() error {
	if m.failWith != nil {
		return fmt.Errorf("memstore: %w", m.failWith)
	}
	return nil
}

func (m *Store) HouseholdForSpeaker(_ context.Context, speakerID string) (intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.speakers[speakerID]
	if !ok {
		return intents.Household{}, intents.ErrNotFound
	}
	return m.households[id], nil
}

func (m *Store) LinkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (_ intents.Household, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.claimed(ctx, ""); err != nil {
		return intents.Household{}, err
	}
	defer m.claim(ctx, &err, "")
	if err := m.fault(); err != nil {
		return intents.Household{}, err
	}
	if code == "" {
		return intents.Household{}, intents.ErrNotFound
	}
	for id, h := range m.households {
		if h.LinkCode == code && now.Before(h.CodeExpires) {
			h.LinkCode = ""
			h.LinkedAt = now
			m.households[id] = h
			m.speakers[speakerID] = id
			return h, nil
		}
	}
	return intents.Household{}, intents.ErrNotFound
}

func (m *Store) LinkFailures(_ context.Context, speakerID string, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, at := range m.failures[speakerID] {
		if !at.Before(since) {
			n++
		}
	}
	return n, nil
}

func (m *Store) RecordLinkFailure(_ context.Context, speakerID string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures[speakerID] = append(m.failures[speakerID], at)
	return nil
}

func (m *Store) TouchHousehold(_ context.Context, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.households[id]
	if !ok {
		return intents.ErrNotFound
	}
	h.LastUsed = at
	m.households[id] = h
	return nil
}

func (m *Store) AddHousehold(_ context.Context, h intents.Household) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.households {
		if o.ID == h.ID || o.Ref == h.Ref || (h.LinkCode != "" && o.LinkCode == h.LinkCode) {
			return intents.ErrConflict
		}
	}
	m.households[h.ID] = h
	return nil
}

func (m *Store) SetHouseholdDetails(_ context.Context, id string, vulnerable bool, coachID, by string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.households[id]
	if !ok {
		return intents.ErrNotFound
	}
	h.Vulnerable, h.CoachID, h.ChangedBy, h.ChangedAt = vulnerable, coachID, by, at
	m.households[id] = h
	return nil
}

func (m *Store) ReissueLinkCode(_ context.Context, id, code string, expires time.Time, by string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.households[id]
	if !ok {
		return intents.ErrNotFound
	}
	for _, o := range m.households {
		if o.ID != id && o.LinkCode == code {
			return intents.ErrConflict
		}
	}
	h.LinkCode, h.CodeExpires, h.ChangedBy, h.ChangedAt = code, expires, by, at
	m.households[id] = h
	return nil
}

func (m *Store) ListHouseholds(context.Context) ([]intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.Household
	for _, h := range m.households {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EnrolledAt.Before(out[j].EnrolledAt) })
	return out, nil
}

func (m *Store) SaveRepair(ctx context.Context, r intents.Repair) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if made, err := m.claimed(ctx, intents.Effect("repair", r.Ref)); made || err != nil {
		return err
	}
	defer m.claim(ctx, &err, intents.Effect("repair", r.Ref))
	if err := m.fault(); err != nil {
		return err
	}
	for _, o := range m.repairs {
		if o.Ref == r.Ref {
			return intents.ErrConflict
		}
	}
	m.repairs = append(m.repairs, r)
	return nil
}

func (m *Store) OpenRepairs(_ context.Context, householdID string) ([]intents.Repair, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.Repair
	for _, r := range m.repairs {
		if r.HouseholdID == householdID && r.Status != intents.StatusDone {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ReportedAt.Before(out[j].ReportedAt) })
	return out, nil
}

func (m *Store) AddCoachSlots(_ context.Context, slots []intents.CoachSlot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range slots {
		if _, ok := m.slots[s.ID]; !ok {
			m.slots[s.ID] = s
		}
	}
	return nil
}

func (m *Store) held(slotID string) bool {
	for _, b := range m.bookings {
		if b.Slot.ID == slotID && b.CancelledAt.IsZero() {
			return true
		}
	}
	return false
}

func (m *Store) FreeSlots(_ context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.CoachSlot
	for _, s := range m.slots {
		if (coachID == "" || s.CoachID == coachID) && !s.Start.Before(from) && s.Start.Before(to) && !m.held(s.ID) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *Store) Book(ctx context.Context, b intents.Booking) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if made, err := m.claimed(ctx, intents.Effect("booking", b.ID)); made || err != nil {
		return err
	}
	defer m.claim(ctx, &err, intents.Effect("booking", b.ID))
	if err := m.fault(); err != nil {
		return err
	}
	if m.held(b.Slot.ID) {
		return intents.ErrConflict
	}
	m.bookings = append(m.bookings, b)
	return nil
}

func (m *Store) ActiveBooking(_ context.Context, householdID string, now time.Time) (intents.Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var found []intents.Booking
	for _, b := range m.bookings {
		if b.HouseholdID == householdID && b.CancelledAt.IsZero() && !b.Slot.Start.Before(now) {
			found = append(found, b)
		}
	}
	if len(found) == 0 {
		return intents.Booking{}, intents.ErrNotFound
	}
	slices.SortFunc(found, func(a, b intents.Booking) int { return a.Slot.Start.Compare(b.Slot.Start) })
	return found[0], nil
}

func (m *Store) CancelBooking(ctx context.Context, id string, at time.Time) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if made, err := m.claimed(ctx, intents.Effect("cancel", id)); made || err != nil {
		return err
	}
	defer m.claim(ctx, &err, intents.Effect("cancel", id))
	for i, b := range m.bookings {
		if b.ID == id && b.CancelledAt.IsZero() {
			m.bookings[i].CancelledAt = at
			return nil
		}
	}
	return intents.ErrNotFound
}

func (m *Store) GuideProgress(_ context.Context, speakerID string) (intents.GuideProgress, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.progress[speakerID]
	if !ok {
		return intents.GuideProgress{}, intents.ErrNotFound
	}
	return p, nil
}

func (m *Store) SaveGuideProgress(_ context.Context, speakerID string, p intents.GuideProgress) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.progress[speakerID] = p
	return nil
}

func (m *Store) ClearGuideProgress(_ context.Context, speakerID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.progress, speakerID)
	return nil
}

func (m *Store) RecordUsage(_ context.Context, e intents.UsageEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	if _, ok := m.events[e.RequestID]; ok {
		return nil
	}
	e.Time = e.Time.UTC()
	m.events[e.RequestID] = e
	m.order = append(m.order, e.RequestID)
	return nil
}

func (m *Store) UsageEvents(_ context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.UsageEvent
	for _, id := range m.order {
		e := m.events[id]
		if !e.Time.Before(from) && e.Time.Before(to) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// EachUsageEvent calls fn with each of UsageEvents' events in turn.
func (m *Store) EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error {
	es, err := m.UsageEvents(ctx, from, to)
	if err != nil {
		return err
	}
	for _, e := range es {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// UsageRollups folds the whole log into the evaluation's rollups, as the
// stores keep them: the days from from to to, and each household's use
// up to to.
func (m *Store) UsageRollups(ctx context.Context, _, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	es, err := m.UsageEvents(ctx, time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return evaluation.Rollups{}, err
	}
	loc := intents.DefaultConfig().Location
	f := evaluation.NewFolder(loc)
	for i := range es {
		f.Add(&es[i])
	}
	days := f.Touched()
	end := to.Add(-time.Nanosecond).In(loc)
	last := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	past := slices.DeleteFunc(slices.Clone(days), func(d *evaluation.Day) bool { return int64(d.Day) > last })
	return evaluation.Rollups{Days: days, History: evaluation.HistoryOf(past, includeDemo)}, nil
}

// All returns every usage event in the order written.
func (m *Store) All() []intents.UsageEvent {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]intents.UsageEvent, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.events[id])
	}
	return out
}

var (
	_ intents.Households  = (*Store)(nil)
	_ intents.Repairs     = (*Store)(nil)
	_ intents.Coaching    = (*Store)(nil)
	_ intents.Progress    = (*Store)(nil)
	_ intents.UsageLog    = (*Store)(nil)
	_ intents.Enrolment   = (*Store)(nil)
	_ intents.Schedule    = (*Store)(nil)
	_ intents.UsageReader = (*Store)(nil)
)

// The staff and privacy interfaces.

// TrialDates returns the trial's dates.
func (m *Store) TrialDates(context.Context) (intents.Trial, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.trial, nil
}

// SetTrialDates sets the trial's dates.
func (m *Store) SetTrialDates(_ context.Context, t intents.Trial) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trial = t
	return nil
}

// FeedbackAsked returns when a household was last asked for a rating.
func (m *Store) FeedbackAsked(_ context.Context, id string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.feedback[id], nil
}

// MarkFeedbackAsked records that a household was asked for a rating.
func (m *Store) MarkFeedbackAsked(ctx context.Context, id string, at time.Time) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if made, err := m.claimed(ctx, intents.FeedbackEffect(id, at)); made || err != nil {
		return err
	}
	defer m.claim(ctx, &err, intents.FeedbackEffect(id, at))
	if m.feedback == nil {
		m.feedback = map[string]time.Time{}
	}
	m.feedback[id] = at.UTC()
	return nil
}

// EraseHousehold removes a household's personal data.
func (m *Store) EraseHousehold(ctx context.Context, id string) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.claimed(ctx, ""); err != nil {
		return err
	}
	defer m.claim(ctx, &err, "")
	var speakers []string
	for sp, hh := range m.speakers {
		if hh == id {
			speakers = append(speakers, sp)
		}
	}
	for _, sp := range speakers {
		m.eraseSpeaker(sp)
	}
	delete(m.households, id)
	delete(m.feedback, id)
	m.repairs = slices.DeleteFunc(m.repairs, func(r intents.Repair) bool { return r.HouseholdID == id })
	m.bookings = slices.DeleteFunc(m.bookings, func(b intents.Booking) bool { return b.HouseholdID == id })
	for rid, e := range m.events {
		if e.HouseholdID == id {
			e.HouseholdID, e.SpeakerID, e.SessionID, e.RepairRef = "", "", "", ""
			m.events[rid] = e
		}
	}
	return nil
}

// EraseSpeaker removes what is kept about a speaker.
func (m *Store) EraseSpeaker(ctx context.Context, speakerID string) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.claimed(ctx, ""); err != nil {
		return err
	}
	defer m.claim(ctx, &err, "")
	m.eraseSpeaker(speakerID)
	return nil
}

// SetBookingReminder keeps the reminder set for a booking, claiming the
// request it is made under.
func (m *Store) SetBookingReminder(ctx context.Context, bookingID, reminderID string) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	if _, err := m.claimed(ctx, ""); err != nil {
		return err
	}
	defer m.claim(ctx, &err, "")
	for i := range m.bookings {
		if m.bookings[i].ID == bookingID {
			m.bookings[i].ReminderID = reminderID
			return nil
		}
	}
	return fmt.Errorf("memstore: booking %s: %w", bookingID, intents.ErrNotFound)
}

// RecordAccountSpeaker notes that the speaker is used from the account.
func (m *Store) RecordAccountSpeaker(_ context.Context, accountID, speakerID, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	if !slices.Contains(m.accounts[accountID], speakerID) {
		m.accounts[accountID] = append(m.accounts[accountID], speakerID)
	}
	return nil
}

// UnlinkAccount unlinks the account's speakers and forgets them.
func (m *Store) UnlinkAccount(_ context.Context, accountID string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return nil, err
	}
	var households []string
	for _, sp := range m.accounts[accountID] {
		if hh, ok := m.speakers[sp]; ok {
			households = append(households, hh)
			delete(m.speakers, sp)
		}
	}
	delete(m.accounts, accountID)
	slices.Sort(households)
	return slices.Compact(households), nil
}

func (m *Store) eraseSpeaker(sp string) {
	delete(m.speakers, sp)
	for acc, sps := range m.accounts {
		if sps = slices.DeleteFunc(sps, func(s string) bool { return s == sp }); len(sps) == 0 {
			delete(m.accounts, acc)
		} else {
			m.accounts[acc] = sps
		}
	}
	delete(m.failures, sp)
	delete(m.progress, sp)
	for rid, e := range m.events {
		if e.SpeakerID == sp {
			e.HouseholdID, e.SpeakerID, e.SessionID, e.RepairRef = "", "", "", ""
			m.events[rid] = e
		}
	}
}

// ListRepairs lists every repair, newest first.
func (m *Store) ListRepairs(context.Context) ([]intents.Repair, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.repairs)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ReportedAt.After(out[j].ReportedAt) })
	return out, nil
}

// SetRepairStatus changes a repair's status.
func (m *Store) SetRepairStatus(_ context.Context, ref string, status intents.RepairStatus) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, r := range m.repairs {
		if r.Ref == ref {
			m.repairs[i].Status = status
			return nil
		}
	}
	return intents.ErrNotFound
}

func (m *Store) SetRepairVisit(_ context.Context, ref string, v intents.RepairVisit) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, r := range m.repairs {
		if r.Ref == ref {
			m.repairs[i].Status, m.repairs[i].Visit = intents.StatusBooked, v
			return nil
		}
	}
	return intents.ErrNotFound
}

// ListSlots lists slots in a window with their standing bookings.
func (m *Store) ListSlots(_ context.Context, from, to time.Time) ([]intents.SlotBooking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.SlotBooking
	for _, s := range m.slots {
		if s.Start.Before(from) || !s.Start.Before(to) {
			continue
		}
		sb := intents.SlotBooking{Slot: s}
		for _, b := range m.bookings {
			if b.Slot.ID == s.ID && b.CancelledAt.IsZero() {
				b := b
				sb.Booking = &b
			}
		}
		out = append(out, sb)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Slot.Start.Equal(out[j].Slot.Start) {
			return out[i].Slot.Start.Before(out[j].Slot.Start)
		}
		return out[i].Slot.ID < out[j].Slot.ID
	})
	return out, nil
}

// RemoveCoachSlot deletes a free slot.
func (m *Store) RemoveCoachSlot(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.slots[id]; !ok {
		return intents.ErrNotFound
	}
	if m.held(id) {
		return intents.ErrConflict
	}
	delete(m.slots, id)
	return nil
}

var (
	_ intents.TrialDates      = (*Store)(nil)
	_ intents.LandlordFigures = (*Store)(nil)
	_ intents.FeedbackMarker  = (*Store)(nil)
	_ intents.Eraser          = (*Store)(nil)
	_ intents.SpeakerEraser   = (*Store)(nil)
	_ intents.RepairQueue     = (*Store)(nil)
	_ intents.Availability    = (*Store)(nil)
)

// claimed refuses a change under a request id another turn has claimed,
// or reports it made already if that turn recorded effect
// (intents.Effect), as the real stores do.
func (m *Store) claimed(ctx context.Context, effect string) (made bool, err error) {
	c, ok := intents.ClaimFrom(ctx)
	if !ok {
		return false, nil
	}
	if r, ok := m.replies[c.RequestID]; ok && r.token != c.Token {
		if effect != "" && slices.Contains(r.effects, effect) {
			return true, nil
		}
		return false, fmt.Errorf("memstore: request %s: %w", c.RequestID, intents.ErrRepeated)
	}
	return false, nil
}

// claim records the claim and effect of a change that succeeded, as the
// real stores do in the change's own transaction.
func (m *Store) claim(ctx context.Context, err *error, effect string) {
	c, ok := intents.ClaimFrom(ctx)
	if !ok || *err != nil {
		return
	}
	r, ok := m.replies[c.RequestID]
	if !ok {
		r = reply{token: c.Token}
	}
	if effect != "" && !slices.Contains(r.effects, effect) {
		r.effects = append(r.effects, effect)
	}
	m.replies[c.RequestID] = r
}

func (m *Store) Made(_ context.Context, requestID, effect string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return false, err
	}
	return slices.Contains(m.replies[requestID].effects, effect), nil
}

func (m *Store) SaveReply(_ context.Context, requestID string, answer []byte, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	r := m.replies[requestID]
	r.answer, r.expires = slices.Clone(answer), expires
	m.replies[requestID] = r
	return nil
}

func (m *Store) Reply(_ context.Context, requestID string, now time.Time) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.replies[requestID]
	if !ok || r.answer == nil || !now.Before(r.expires) {
		return nil, fmt.Errorf("memstore: reply to %s: %w", requestID, intents.ErrNotFound)
	}
	return slices.Clone(r.answer), nil
}

// Figures returns the landlord's figures.
func (m *Store) Figures(context.Context) (intents.Figures, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.figures, nil
}

// SetFigures sets the landlord's figures.
func (m *Store) SetFigures(_ context.Context, f intents.Figures) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.figures = f
	return nil
}
