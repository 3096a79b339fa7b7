// Package spillfile keeps usage events the store could not take when the
// server stopped, in a file in the data folder, until the next start
// writes them to the store. The file's space is reserved when it is
// opened, so a disk that has since filled up cannot refuse them: a full
// disk is the usual reason the store could not take them.
package spillfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/homehelper/homehelper/intents"
)

// Reserve is the space the file holds in advance: room for about ten
// thousand events, the most the conversation keeps waiting in memory.
const Reserve = 4 << 20

// File is a spill file: events as JSON lines from the start, then zeros
// to the end of the reserve.
type File struct {
	mu   sync.Mutex
	f    *os.File
	path string
	end  int64 // where the next event goes
}

var _ intents.UsageSpill = (*File)(nil)

// Open opens the spill file at path, making it (owner-only) and reserving
// its space if need be.
func Open(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spill file: %w", err)
	}
	sf := &File{f: f, path: path}
	if err := sf.open(); err != nil {
		f.Close()
		return nil, fmt.Errorf("spill file %s: %w", path, err)
	}
	return sf, nil
}

func (sf *File) open() error {
	if err := sf.f.Chmod(0o600); err != nil {
		return err
	}
	b, err := io.ReadAll(sf.f)
	if err != nil {
		return err
	}
	sf.end = int64(len(b))
	if i := bytes.IndexByte(b, 0); i >= 0 {
		sf.end = int64(i)
	}
	if size := int64(len(b)); size < Reserve {
		// Zeros written, not a sparse truncate: the blocks must be
		// allocated now, while there is room.
		if _, err := sf.f.WriteAt(make([]byte, Reserve-size), size); err != nil {
			return fmt.Errorf("reserving %d bytes: %w", Reserve, err)
		}
	}
	return sf.f.Sync()
}

// SpillUsage appends e and syncs it to disk.
func (sf *File) SpillUsage(_ context.Context, e intents.UsageEvent) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("spill file: encoding %s: %w", e.RequestID, err)
	}
	line = append(line, '\n')
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if _, err := sf.f.WriteAt(line, sf.end); err != nil {
		return fmt.Errorf("spill file %s: %w", sf.path, err)
	}
	if err := sf.f.Sync(); err != nil {
		return fmt.Errorf("spill file %s: %w", sf.path, err)
	}
	sf.end += int64(len(line))
	return nil
}

// Replay writes the spilled events to log and, once all are written, empties
// the file (keeping its reserve). Writes are idempotent on request id, so an
// event replayed twice (a crash during a replay) counts once.
func (sf *File) Replay(ctx context.Context, log intents.UsageLog) (int, error) {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sf.end == 0 {
		return 0, nil
	}
	b := make([]byte, sf.end)
	if _, err := sf.f.ReadAt(b, 0); err != nil {
		return 0, fmt.Errorf("spill file %s: %w", sf.path, err)
	}
	n := 0
	for line := range bytes.Lines(b) {
		var e intents.UsageEvent
		if err := json.Unmarshal(line, &e); err != nil {
			// A line cut short by a crash mid-write: the event was never
			// acknowledged as spilled, and the rest still counts.
			continue
		}
		if err := log.RecordUsage(ctx, e); err != nil {
			return n, fmt.Errorf("spill file %s: replaying %s: %w", sf.path, e.RequestID, err)
		}
		n++
	}
	if _, err := sf.f.WriteAt(make([]byte, sf.end), 0); err != nil {
		return n, fmt.Errorf("spill file %s: emptying: %w", sf.path, err)
	}
	if err := sf.f.Sync(); err != nil {
		return n, fmt.Errorf("spill file %s: emptying: %w", sf.path, err)
	}
	sf.end = 0
	return n, nil
}

// Close closes the file.
func (sf *File) Close() error {
	if err := sf.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return err
	}
	return nil
}
