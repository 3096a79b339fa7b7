package intents

import "context"

// CoachContacts keeps, for each Neighbourhood Coach, where the coach's own
// hand-offs go: the webhook URL their visits booked and cancelled are
// POSTed to, set by staff on the staff site. A coach without one gets
// their hand-offs through the shared coaches' webhook, as before.
//
// It is kept apart from Store and the staff site's store on purpose: a
// store that does not keep contacts simply does not implement it, and the
// staff site hides the form.
type CoachContacts interface {
	// CoachContact returns coach coachID's hand-off webhook URL, or "" if
	// none is set.
	CoachContact(ctx context.Context, coachID string) (string, error)
	// SetCoachContact sets coach coachID's hand-off webhook URL; "" clears
	// it. The caller validates the URL.
	SetCoachContact(ctx context.Context, coachID, url string) error
	// ListCoachContacts returns every coach with a contact set, coach id
	// to URL.
	ListCoachContacts(ctx context.Context) (map[string]string, error)
}
