package intents_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// memStore is a hand-written in-memory store for the conversation tests.
// It runs the same storetest suite as the real stores (store_test.go), so
// the conversation tests cannot pass against behaviour no real store has.
type memStore struct {
	mu         sync.Mutex
	households map[string]intents.Household
	speakers   map[string]string // speaker → household id
	failures   map[string][]time.Time
	repairs    []intents.Repair
	slots      map[string]intents.CoachSlot
	bookings   []intents.Booking
	progress   map[string]intents.GuideProgress
	events     map[string]intents.UsageEvent
	order      []string

	// failWith, when set, makes every write fail with it (fault tests).
	failWith error
}

func newMemStore() *memStore {
	return &memStore{
		households: map[string]intents.Household{},
		speakers:   map[string]string{},
		failures:   map[string][]time.Time{},
		slots:      map[string]intents.CoachSlot{},
		progress:   map[string]intents.GuideProgress{},
		events:     map[string]intents.UsageEvent{},
	}
}

func (m *memStore) stores() intents.Stores {
	return intents.Stores{Households: m, Repairs: m, Coaching: m, Progress: m, Usage: m}
}

func (m *memStore) fault() error {
	if m.failWith != nil {
		return fmt.Errorf("memstore: %w", m.failWith)
	}
	return nil
}

func (m *memStore) HouseholdForSpeaker(_ context.Context, speakerID string) (intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.speakers[speakerID]
	if !ok {
		return intents.Household{}, intents.ErrNotFound
	}
	return m.households[id], nil
}

func (m *memStore) LinkSpeaker(_ context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return intents.Household{}, err
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

func (m *memStore) LinkFailures(_ context.Context, speakerID string, since time.Time) (int, error) {
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

func (m *memStore) RecordLinkFailure(_ context.Context, speakerID string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures[speakerID] = append(m.failures[speakerID], at)
	return nil
}

func (m *memStore) TouchHousehold(_ context.Context, id string, at time.Time) error {
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

func (m *memStore) AddHousehold(_ context.Context, h intents.Household) error {
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

func (m *memStore) ListHouseholds(context.Context) ([]intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []intents.Household
	for _, h := range m.households {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EnrolledAt.Before(out[j].EnrolledAt) })
	return out, nil
}

func (m *memStore) SaveRepair(_ context.Context, r intents.Repair) error {
	m.mu.Lock()
	defer m.mu.Unlock()
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

func (m *memStore) OpenRepairs(_ context.Context, householdID string) ([]intents.Repair, error) {
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

func (m *memStore) AddCoachSlots(_ context.Context, slots []intents.CoachSlot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range slots {
		if _, ok := m.slots[s.ID]; !ok {
			m.slots[s.ID] = s
		}
	}
	return nil
}

func (m *memStore) held(slotID string) bool {
	for _, b := range m.bookings {
		if b.Slot.ID == slotID && b.CancelledAt.IsZero() {
			return true
		}
	}
	return false
}

func (m *memStore) FreeSlots(_ context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
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

func (m *memStore) Book(_ context.Context, b intents.Booking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	if m.held(b.Slot.ID) {
		return intents.ErrConflict
	}
	m.bookings = append(m.bookings, b)
	return nil
}

func (m *memStore) ActiveBooking(_ context.Context, householdID string, now time.Time) (intents.Booking, error) {
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

func (m *memStore) CancelBooking(_ context.Context, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, b := range m.bookings {
		if b.ID == id && b.CancelledAt.IsZero() {
			m.bookings[i].CancelledAt = at
			return nil
		}
	}
	return intents.ErrNotFound
}

func (m *memStore) GuideProgress(_ context.Context, speakerID string) (intents.GuideProgress, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.progress[speakerID]
	if !ok {
		return intents.GuideProgress{}, intents.ErrNotFound
	}
	return p, nil
}

func (m *memStore) SaveGuideProgress(_ context.Context, speakerID string, p intents.GuideProgress) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.progress[speakerID] = p
	return nil
}

func (m *memStore) ClearGuideProgress(_ context.Context, speakerID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.progress, speakerID)
	return nil
}

func (m *memStore) RecordUsage(_ context.Context, e intents.UsageEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fault(); err != nil {
		return err
	}
	if _, ok := m.events[e.RequestID]; ok {
		return nil
	}
	m.events[e.RequestID] = e
	m.order = append(m.order, e.RequestID)
	return nil
}

func (m *memStore) UsageEvents(_ context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
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

// all returns every usage event in the order written.
func (m *memStore) all() []intents.UsageEvent {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]intents.UsageEvent, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.events[id])
	}
	return out
}

var errStoreDown = errors.New("store is down")
