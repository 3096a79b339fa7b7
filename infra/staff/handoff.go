package staff

import (
	"context"
	"reflect"

	"github.com/homehelper/homehelper/intents"
)

// HandOffSetup says which hand-off destinations have somewhere to send
// (docs/handoff.md), so the site can warn of repairs going nowhere.
type HandOffSetup struct {
	// Repairs: reported repairs reach the repairs team. An emergency also
	// goes to the emergency destination, but once the repairs team has
	// it, someone who can act knows of it.
	Repairs bool
}

// handOffAlert is the red banner on every page while repairs wait with
// nowhere to go, or their hand-off has failed: until then nobody but the
// tenant knows of them. Demo households' repairs never count.
type handOffAlert struct {
	// Nowhere counts repairs not done that wait for a destination that is
	// not set; NowhereEmergencies of them are emergencies.
	Nowhere, NowhereEmergencies int
	// Failed counts repairs not done whose hand-off was given up on.
	Failed, FailedEmergencies int
	// NoDestination: no destination for repairs is set at all.
	NoDestination bool
}

// Show reports whether there is anything to warn of.
func (a handOffAlert) Show() bool { return a.Nowhere > 0 || a.Failed > 0 }

// handOffAlert reads the repairs and sums up what is going nowhere. Without
// Options.HandOff the site cannot tell "nowhere" from "not yet", and warns
// only of failures.
func (s *site) handOffAlert(ctx context.Context) (handOffAlert, error) {
	rs, err := s.Store.ListRepairs(ctx)
	if err != nil {
		return handOffAlert{}, err
	}
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return handOffAlert{}, err
	}
	practice := map[string]bool{}
	for _, h := range hs {
		if h.Demo {
			practice[h.ID] = true
		}
	}
	var a handOffAlert
	if s.HandOff != nil {
		a.NoDestination = !s.HandOff.Repairs
	}
	for _, r := range rs {
		if r.Status == intents.StatusDone || practice[r.HouseholdID] {
			continue
		}
		emergency := r.Priority == intents.Emergency
		switch r.HandOff.State {
		case "failed":
			a.Failed++
			if emergency {
				a.FailedEmergencies++
			}
		case "waiting", "":
			if s.HandOff == nil {
				continue
			}
			if !s.HandOff.Repairs {
				a.Nowhere++
				if emergency {
					a.NowhereEmergencies++
				}
			}
		}
	}
	return a, nil
}

// withAlert puts the hand-off banner into a page's data: every page type
// embeds pageData, whose HandOffAlert field the layout shows. It works on
// a copy, as pages are passed by value. A store that cannot be read leaves
// the banner out; the page itself will say what is wrong if it needs it.
func (s *site) withAlert(ctx context.Context, data any) any {
	v := reflect.ValueOf(data)
	if v.Kind() != reflect.Struct {
		return data
	}
	a, err := s.handOffAlert(ctx)
	if err != nil {
		s.Log.ErrorContext(ctx, "staff: reading hand-off state for the banner", "err", err)
		return data
	}
	if !a.Show() {
		return data
	}
	cp := reflect.New(v.Type()).Elem()
	cp.Set(v)
	f := cp.FieldByName("HandOffAlert")
	if !f.IsValid() || !f.CanSet() {
		return data
	}
	f.Set(reflect.ValueOf(&a))
	return cp.Interface()
}
