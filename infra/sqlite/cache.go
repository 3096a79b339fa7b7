package sqlite

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// readCache keeps the two things every request reads — which household a
// speaker is in, and a speaker's saved guide place — for as long as the
// file says they have not changed. Every change to them, by this process
// or any other on the same file (a staff command withdrawing or erasing a
// household, another server linking a speaker), bumps a generation in the
// same transaction (migration 12's triggers). A request reads the
// generation first, in one small query, and uses a copy only if it was
// read under that same generation; so a withdrawn or erased household is
// never served once its change has committed.
//
// Copies are tagged with the generation read before the row itself, never
// after: the row is then at least as new as its tag, and a change that
// slips in between only makes the copy look older than it is.
type readCache struct {
	mu         sync.Mutex
	hhGen      int64
	households map[string]cachedHousehold // by speaker
	pgGen      int64
	progress   map[string]cachedProgress // by speaker
}

type cachedHousehold struct {
	h     intents.Household
	found bool
}

type cachedProgress struct {
	p     intents.GuideProgress
	found bool
}

// maxCached bounds each map; past it the map starts again. A pilot has
// a few hundred speakers.
const maxCached = 4096

const generationSQL = `SELECT n FROM generations WHERE name = ?`

func (s *Store) generation(ctx context.Context, name string) (int64, error) {
	var n int64
	if err := s.readGeneration.QueryRowContext(ctx, name).Scan(&n); err != nil {
		return 0, fmt.Errorf("reading the %s generation: %w", name, err)
	}
	return n, nil
}

// household returns the cached household of speaker if it was read under
// generation gen. A newer generation empties the cache.
func (c *readCache) household(gen int64, speaker string) (cachedHousehold, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen > c.hhGen || c.households == nil {
		c.hhGen, c.households = gen, make(map[string]cachedHousehold)
	}
	if gen != c.hhGen {
		return cachedHousehold{}, false
	}
	e, ok := c.households[speaker]
	return e, ok
}

// keepHousehold keeps what was read under gen, unless the cache has moved
// on since.
func (c *readCache) keepHousehold(gen int64, speaker string, e cachedHousehold) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.hhGen {
		return
	}
	if len(c.households) >= maxCached {
		clear(c.households)
	}
	c.households[speaker] = e
}

// touched moves the copies' LastUsed forward as TouchHousehold moves the
// row's; the generation is not bumped for it (migration 12).
func (c *readCache) touched(householdID string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for sp, e := range c.households {
		if e.found && e.h.ID == householdID && at.After(e.h.LastUsed) {
			e.h.LastUsed = at
			c.households[sp] = e
		}
	}
}

func (c *readCache) guide(gen int64, speaker string) (cachedProgress, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen > c.pgGen || c.progress == nil {
		c.pgGen, c.progress = gen, make(map[string]cachedProgress)
	}
	if gen != c.pgGen {
		return cachedProgress{}, false
	}
	e, ok := c.progress[speaker]
	return e, ok
}

func (c *readCache) keepGuide(gen int64, speaker string, e cachedProgress) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.pgGen {
		return
	}
	if len(c.progress) >= maxCached {
		clear(c.progress)
	}
	c.progress[speaker] = e
}
