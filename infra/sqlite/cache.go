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
// generations first, in one small query it may share with other requests
// (generationReads), and uses a copy only if it was read under that same
// generation; so a withdrawn or erased household is never served to a
// request that began after its change committed.
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

// generationsSQL reads both generations in one query: a request reads
// its household and its guide place, so it needs both.
const generationsSQL = `SELECT
	(SELECT n FROM generations WHERE name = 'households'),
	(SELECT n FROM generations WHERE name = 'progress')`

// generations is what generationsSQL reads.
type generations struct{ households, progress int64 }

// generationReads shares readings of the generations. Under load this
// query was a sixth of the server's CPU, twice a request, though its
// answer changes only when a household or a guide place does.
//
// A turn sees the file as it stood when the turn began
// (intents.TurnBegan), so any reading begun after then will do for it: the
// one it made for its household, a neighbour's still under way, or one
// just finished. A caller outside a turn takes only readings begun after
// it asked. Either way no change committed before the asking is missed.
// A change this process makes moves the floor past it (changedReads), so
// a turn reads back its own link or guide place.
type generationReads struct {
	mu      sync.Mutex
	floor   time.Time       // when this process last changed what they count
	last    *generationRead // the latest-begun reading that finished well
	running *generationRead // the latest-begun reading under way
	made    int             // readings made (tests)
}

type generationRead struct {
	began time.Time // this process's monotonic clock
	done  chan struct{}
	gens  generations
	err   error
}

// generations returns the file's generations as they stood at some moment
// after the turn in ctx began (or, outside a turn, after the call).
func (s *Store) generations(ctx context.Context) (generations, error) {
	since, ok := intents.TurnBegan(ctx)
	if !ok {
		since = time.Now()
	}
	g := &s.genReads
	g.mu.Lock()
	if since.Before(g.floor) {
		since = g.floor
	}
	if r := g.last; r != nil && !r.began.Before(since) {
		g.mu.Unlock()
		return r.gens, nil
	}
	if r := g.running; r != nil && !r.began.Before(since) {
		g.mu.Unlock()
		select {
		case <-r.done:
			return r.gens, r.err
		case <-ctx.Done():
			return generations{}, fmt.Errorf("waiting for the generations: %w", ctx.Err())
		}
	}
	r := &generationRead{began: time.Now(), done: make(chan struct{})}
	g.running = r
	g.made++
	g.mu.Unlock()
	// Others may be waiting on this reading: it is not theirs to cancel.
	r.gens, r.err = s.readGenerations(context.WithoutCancel(ctx))
	close(r.done)
	g.mu.Lock()
	if g.running == r {
		g.running = nil
	}
	if r.err == nil && (g.last == nil || r.began.After(g.last.began)) {
		g.last = r
	}
	g.mu.Unlock()
	return r.gens, r.err
}

// changedReads is called once this process has committed a change to a
// household, a speaker's link or a guide place: no reading begun before
// now will do for anyone.
func (s *Store) changedReads() {
	g := &s.genReads
	g.mu.Lock()
	g.floor, g.last = time.Now(), nil
	g.mu.Unlock()
}

func (s *Store) readGenerations(ctx context.Context) (generations, error) {
	var g generations
	if err := s.readGeneration.QueryRowContext(ctx).Scan(&g.households, &g.progress); err != nil {
		return generations{}, fmt.Errorf("reading the generations: %w", err)
	}
	return g, nil
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
