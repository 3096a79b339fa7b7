package handoff

import (
	"slices"

	"github.com/homehelper/homehelper/intents"
)

// ProblemWords is a problem id in words for the repairs team: the
// conversation's own words (intents.ProblemName), so the team reads what
// the tenant heard; an id the conversation does not know is passed on as
// it is rather than hidden.
func ProblemWords(id string) string {
	switch {
	case id == intents.Other:
		return "a repair the tenant could not name (their own words are in the description)"
	case slices.Contains(intents.ProblemIDs(), id):
		return intents.ProblemName(id)
	}
	return id
}
