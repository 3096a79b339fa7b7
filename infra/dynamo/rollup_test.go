package dynamo

import (
	"testing"

	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
)

// TestRollupsMatchEvents: the figures from UsageRollups equal those from
// the events, on dynalite.
func TestRollupsMatchEvents(t *testing.T) {
	client := dynalitetest.Client(t, dynalitetest.Start(t))
	evaltest.CheckRollups(t, func(t *testing.T) evaltest.RollupStore {
		s, _ := newTestStore(t, client)
		return s
	})
}
