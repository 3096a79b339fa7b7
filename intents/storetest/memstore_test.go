package storetest_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/storetest"
)

// TestMemStore runs the contract against the simplest store that keeps it,
// so the suite is known to ask for nothing a store cannot reasonably do and
// to depend on no one storage technology.
func TestMemStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return newMemStore() })
}

// memStore keeps everything in maps behind one mutex.
type memStore struct {
	mu         sync.Mutex
	households map[string]intents.Household
	speakers   map[string]string // speaker id → household id
	failures   map[string][]time.Time
	repairs    map[string]intents.Repair
	slots      map[string]intents.CoachSlot
	bookings   map[string]intents.Booking
	progress   map[string]intents.GuideProgress
	usage      map[string]intents.UsageEvent
}

func newMemStore() *memStore {
	return &memStore{
		households: map[string]intents.Household{},
		speakers:   map[string]string{},
		failures:   map[string][]time.Time{},
		repairs:    map[string]intents.Repair{},
		slots:      map[string]intents.CoachSlot{},
		bookings:   map[string]intents.Booking{},
		progress:   map[string]intents.GuideProgress{},
		usage:      map[string]intents.UsageEvent{},
	}
}

func (m *memStore) AddHousehold(_ context.Context, h intents.Household) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.households {
		if o.ID == h.ID || o.Ref == h.Ref || (h.LinkCode != "" && o.LinkCode == h.LinkCode) {
			return fmt.Errorf("add household %s: %w", h.ID, intents.ErrConflict)
		}
	}
	m.households[h.ID] = h
	return nil
}

func (m *memStore) ListHouseholds(context.Context) ([]intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.SortedFunc(maps.Values(m.households), func(a, b intents.Household) int {
		return cmp.Or(a.EnrolledAt.Compare(b.EnrolledAt), cmp.Compare(a.ID, b.ID))
	}), nil
}

func (m *memStore) HouseholdForSpeaker(_ context.Context, speakerID string) (intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.speakers[speakerID]
	if !ok {
		return intents.Household{}, fmt.Errorf("speaker %s: %w", speakerID, intents.ErrNotFound)
	}
	return m.households[id], nil
}

func (m *memStore) LinkSpeaker(_ context.Context, code, speakerID string, now time.Time) (intents.Household, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, h := range m.households {
		if code != "" && h.LinkCode == code && now.Before(h.CodeExpires) {
			h.LinkCode, h.LinkedAt = "", now
			m.households[id] = h
			m.speakers[speakerID] = id
			return h, nil
		}
	}
	return intents.Household{}, fmt.Errorf("link code: %w", intents.ErrNotFound)
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

func (m *memStore) TouchHousehold(_ context.Context, householdID string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.households[householdID]
	if !ok {
		return fmt.Errorf("household %s: %w", householdID, intents.ErrNotFound)
	}
	h.LastUsed = at
	m.households[householdID] = h
	return nil
}

func (m *memStore) SaveRepair(_ context.Context, r intents.Repair) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.repairs[r.Ref]; ok {
		return fmt.Errorf("repair %s: %w", r.Ref, intents.ErrConflict)
	}
	m.repairs[r.Ref] = r
	return nil
}

func (m *memStore) OpenRepairs(_ context.Context, householdID string) ([]intents.Repair, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rs []intents.Repair
	for _, r := range m.repairs {
		if r.HouseholdID == householdID && r.Status != intents.StatusDone {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b intents.Repair) int { return a.ReportedAt.Compare(b.ReportedAt) })
	return rs, nil
}

// heldLocked reports whether a standing booking holds the slot.
func (m *memStore) heldLocked(slotID string) bool {
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
	var free []intents.CoachSlot
	for _, s := range m.slots {
		if (coachID == "" || s.CoachID == coachID) && !s.Start.Before(from) && s.Start.Before(to) && !m.heldLocked(s.ID) {
			free = append(free, s)
		}
	}
	slices.SortFunc(free, func(a, b intents.CoachSlot) int { return a.Start.Compare(b.Start) })
	return free[:min(limit, len(free))], nil
}

func (m *memStore) Book(_ context.Context, b intents.Booking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.slots[b.Slot.ID]
	if !ok {
		return fmt.Errorf("slot %s: %w", b.Slot.ID, intents.ErrNotFound)
	}
	if _, dup := m.bookings[b.ID]; dup || m.heldLocked(s.ID) {
		return fmt.Errorf("book %s: %w", b.Slot.ID, intents.ErrConflict)
	}
	b.Slot = s
	m.bookings[b.ID] = b
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
		return intents.Booking{}, fmt.Errorf("booking for %s: %w", householdID, intents.ErrNotFound)
	}
	return slices.MinFunc(found, func(a, b intents.Booking) int { return a.Slot.Start.Compare(b.Slot.Start) }), nil
}

func (m *memStore) CancelBooking(_ context.Context, bookingID string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.bookings[bookingID]
	if !ok || !b.CancelledAt.IsZero() {
		return fmt.Errorf("booking %s: %w", bookingID, intents.ErrNotFound)
	}
	b.CancelledAt = at
	m.bookings[bookingID] = b
	return nil
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

func (m *memStore) GuideProgress(_ context.Context, speakerID string) (intents.GuideProgress, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.progress[speakerID]
	if !ok {
		return p, fmt.Errorf("progress of %s: %w", speakerID, intents.ErrNotFound)
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
	if _, ok := m.usage[e.RequestID]; !ok {
		e.Time = e.Time.UTC()
		e.Slots = maps.Clone(e.Slots)
		m.usage[e.RequestID] = e
	}
	return nil
}

func (m *memStore) UsageEvents(_ context.Context, from, to time.Time) ([]intents.UsageEvent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var es []intents.UsageEvent
	for _, e := range m.usage {
		if !e.Time.Before(from) && e.Time.Before(to) {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) })
	return es, nil
}
