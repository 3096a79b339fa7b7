// Package storetest is the contract every Home Helper store keeps: one suite
// of tests, written against the intents interfaces only, that the embedded
// SQLite store and the DynamoDB store both run, so the conversation behaves
// the same whichever store a deployment uses.
//
// A store's tests call Run with a function that makes a fresh, empty store:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Store {
//			s, err := Open(t.Context(), filepath.Join(t.TempDir(), "hh.db"))
//			...
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Stores may keep times to the millisecond only, so the suite compares times
// truncated to the millisecond; every time a store returns must be in UTC.
package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Store is everything a Home Helper store provides.
type Store interface {
	intents.Households
	intents.Repairs
	intents.Coaching
	intents.Progress
	intents.UsageLog
	intents.Enrolment
	intents.Schedule
	intents.UsageReader
}

// newFunc makes a fresh, empty store for one test; it closes the store (if
// it needs closing) through t.Cleanup.
type newFunc = func(t *testing.T) Store

// Run runs the contract against stores made by newStore (a fresh, empty store per call).
//
// Each subtest makes its own store, so stores must not share data; some
// subtests call one store from many goroutines at once, to check that the
// uniqueness rules (a slot held once, a link code spent once, one event per
// request id) hold under races and not just in sequence.
func Run(t *testing.T, newStore func(t *testing.T) Store) {
	t.Run("Enrolment", func(t *testing.T) { testEnrolment(t, newStore) })
	t.Run("LinkSpeaker", func(t *testing.T) { testLinkSpeaker(t, newStore) })
	t.Run("LinkFailures", func(t *testing.T) { testLinkFailures(t, newStore) })
	t.Run("TouchHousehold", func(t *testing.T) { testTouchHousehold(t, newStore) })
	t.Run("Repairs", func(t *testing.T) { testRepairs(t, newStore) })
	t.Run("Schedule", func(t *testing.T) { testSchedule(t, newStore) })
	t.Run("Booking", func(t *testing.T) { testBooking(t, newStore) })
	t.Run("Progress", func(t *testing.T) { testProgress(t, newStore) })
	t.Run("Usage", func(t *testing.T) { testUsage(t, newStore) })
}

// t0 is the suite's "now": a Monday morning, so slot times read naturally.
var t0 = time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC)

// household returns a valid, unlinked household whose ID, Ref and LinkCode
// differ from every other n's.
func household(n int) intents.Household {
	return intents.Household{
		ID:          fmt.Sprintf("hh-%03d", n),
		Ref:         fmt.Sprintf("TEN-%05d", n),
		Vulnerable:  n%2 == 1,
		ConsentDate: time.Date(2026, time.November, 2, 0, 0, 0, 0, time.UTC),
		CoachID:     "coach-a",
		LinkCode:    fmt.Sprintf("%06d", 400000+n),
		CodeExpires: t0.Add(7 * 24 * time.Hour),
		EnrolledAt:  t0.Add(-24*time.Hour + time.Duration(n)*time.Minute),
	}
}

// addHouseholds adds hs, failing the test at the first error.
func addHouseholds(t *testing.T, s Store, hs ...intents.Household) {
	t.Helper()
	for _, h := range hs {
		if err := s.AddHousehold(t.Context(), h); err != nil {
			t.Fatalf("AddHousehold(%s): %v", h.ID, err)
		}
	}
}

func listHouseholds(t *testing.T, s Store) []intents.Household {
	t.Helper()
	hs, err := s.ListHouseholds(t.Context())
	if err != nil {
		t.Fatalf("ListHouseholds: %v", err)
	}
	return hs
}

// wantErr fails the test unless err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}

// checkEqual reports every field where got differs from want. Times are
// compared truncated to the millisecond, and must come back in UTC; a nil
// map equals an empty one.
func checkEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	var diffs []string
	diff(&diffs, what, reflect.ValueOf(got), reflect.ValueOf(want))
	for _, d := range diffs {
		t.Error(d)
	}
}

// checkList compares two lists element by element, so a wrong order or a
// missing element is reported with the ids involved.
func checkList[T any](t *testing.T, what string, got, want []T, id func(T) string) {
	t.Helper()
	gotIDs, wantIDs := make([]string, len(got)), make([]string, len(want))
	for i, g := range got {
		gotIDs[i] = id(g)
	}
	for i, w := range want {
		wantIDs[i] = id(w)
	}
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("%s: got %v, want %v", what, gotIDs, wantIDs)
		return
	}
	for i := range got {
		checkEqual(t, fmt.Sprintf("%s[%d]", what, i), got[i], want[i])
	}
}

var timeType = reflect.TypeFor[time.Time]()

func diff(out *[]string, path string, got, want reflect.Value) {
	switch {
	case got.Type() == timeType:
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !g.Truncate(time.Millisecond).Equal(w.Truncate(time.Millisecond)) {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, g, w))
		} else if g.Location() != time.UTC {
			*out = append(*out, fmt.Sprintf("%s: got %v, want it in UTC", path, g))
		}
	case got.Kind() == reflect.Struct:
		for i := range got.NumField() {
			diff(out, path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))
		}
	case got.Kind() == reflect.Map:
		if got.Len() != want.Len() {
			*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, got, want))
			return
		}
		for _, k := range want.MapKeys() {
			g := got.MapIndex(k)
			if !g.IsValid() || !g.Equal(want.MapIndex(k)) {
				*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, got, want))
				return
			}
		}
	default:
		if !got.Equal(want) {
			*out = append(*out, fmt.Sprintf("%s: got %#v, want %#v", path, got, want))
		}
	}
}

// race runs f(i) for i in [0, n) in n goroutines released together, so the
// calls overlap as much as the scheduler allows, and returns their errors.
func race(n int, f func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = f(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// tally counts errs that are nil and that wrap lose; the rest are unexpected.
func tally(errs []error, lose error) (won, lost int, other []error) {
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, lose):
			lost++
		default:
			other = append(other, err)
		}
	}
	return won, lost, other
}

func ids[T any](xs []T, id func(T) string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = id(x)
	}
	return strings.Join(s, ",")
}
