package handoff

import "github.com/homehelper/homehelper/intents"

// The routing rules: who hears of what. Both the local outbox
// (infra/sqlite) and the AWS notifier route by these, so the two paths
// cannot disagree.

// RepairDestinations are the destinations a saved repair goes to: the
// repairs team always, and the emergency destination as well (not instead)
// for an emergency.
func RepairDestinations(r intents.Repair) []string {
	if r.Priority == intents.Emergency {
		return []string{DestRepairs, DestEmergency}
	}
	return []string{DestRepairs}
}

// VisitDestinations are the destinations a coach visit booked or cancelled
// goes to: the Neighbourhood Coaches.
func VisitDestinations() []string { return []string{DestCoach} }

// CoachAddress is where a coach's visits go: the coach's own address when
// staff have set one (looked up on every try, so a change applies to the
// next), else the coaches' shared one; "" when there is neither.
func CoachAddress(own, shared string) string {
	if own != "" {
		return own
	}
	return shared
}
