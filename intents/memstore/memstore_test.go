package memstore_test

import (
	"testing"

	"github.com/homehelper/homehelper/intents/memstore"
	"github.com/homehelper/homehelper/intents/storetest"
)

// The fake passes the same contract as the real stores, so tests that use
// it cannot pass against behaviour no real store has.
func TestContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) storetest.Store { return memstore.New() })
}

func TestStaffContract(t *testing.T) {
	storetest.RunStaff(t, func(*testing.T) storetest.StaffStore { return memstore.New() })
}

func TestOnceContract(t *testing.T) {
	storetest.RunOnce(t, func(*testing.T) storetest.OnceStore { return memstore.New() })
}
