package sqlite

import (
	"testing"

	"github.com/homehelper/homehelper/intents/storetest"
)

func TestOnceContract(t *testing.T) {
	storetest.RunOnce(t, func(t *testing.T) storetest.OnceStore {
		s, _ := openTemp(t)
		return s
	})
}

func TestHouseholdUsage(t *testing.T) {
	s, _ := openTemp(t)
	storetest.RunHouseholdUsage(t, s)
}
