package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/homehelper/homehelper/evaluation/evaltest"
)

func TestRollupsMatchEvents(t *testing.T) {
	evaltest.CheckRollups(t, func(t *testing.T) evaltest.RollupStore {
		s, err := Open(t.Context(), filepath.Join(t.TempDir(), "hh.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
