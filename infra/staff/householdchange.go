package staff

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// The household page's two changes: whether the household is vulnerable
// and who its coach is; and a new link code, for a code that expired
// before the speaker was linked, or a new or replacement speaker. Staff
// would otherwise have to withdraw (erasing everything) and enrol again.

// setDetails checks and stores a household's vulnerability and coach.
func (s *site) setDetails(r *http.Request, id string, vulnerable bool, coachID string) (intents.Household, error) {
	h, err := s.household(r.Context(), id)
	if err != nil {
		return intents.Household{}, err
	}
	if coachID != "" && s.Roster != nil && s.coachName(coachID) == coachID {
		return intents.Household{}, badf("There is no coach %q.", coachID)
	}
	if err := s.Store.SetHouseholdDetails(r.Context(), id, vulnerable, coachID, who(r), s.Now()); err != nil {
		return intents.Household{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: household details changed", "household", id, "vulnerable", vulnerable,
		"coach", coachID, "by", who(r))
	h.Vulnerable, h.CoachID = vulnerable, coachID
	return h, nil
}

// newCode gives a household a new link code.
func (s *site) newCode(r *http.Request, id string) (intents.Household, error) {
	h, err := s.household(r.Context(), id)
	if err != nil {
		return intents.Household{}, err
	}
	code, expires, err := intents.ReissueCode(r.Context(), s.Store, id, who(r), s.Now())
	if err != nil {
		return intents.Household{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: new link code made", "household", id, "by", who(r))
	h.LinkCode, h.CodeExpires = code, expires
	return h, nil
}

// detailsForm is POST /staff/households/{id}/details from the household page.
func (s *site) detailsForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.setDetails(r, id, r.PostFormValue("vulnerable") != "", r.PostFormValue("coach")); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/households/"+url.PathEscape(id)+"?changed=details#household-facts", http.StatusSeeOther)
}

// codeForm is POST /staff/households/{id}/code from the household page.
func (s *site) codeForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.newCode(r, id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/households/"+url.PathEscape(id)+"?changed=code#link", http.StatusSeeOther)
}

// apiSetHousehold is PATCH /staff/api/households/{id} with
// {"vulnerable": true, "coach": ""} (both required); it answers with the
// household.
func (s *site) apiSetHousehold(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Vulnerable *bool   `json:"vulnerable"`
		Coach      *string `json:"coach"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&in); err != nil || in.Vulnerable == nil || in.Coach == nil {
		writeJSONError(w, http.StatusBadRequest, `send JSON: {"vulnerable": false, "coach": ""} (an empty coach means any coach)`)
		return
	}
	h, err := s.setDetails(r, r.PathValue("id"), *in.Vulnerable, *in.Coach)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, s.householdRow(h))
}

// apiNewCode is POST /staff/api/households/{id}/code: a new link code,
// answered with the household, code and expiry included.
func (s *site) apiNewCode(w http.ResponseWriter, r *http.Request) {
	h, err := s.newCode(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, s.householdRow(h))
}

// changedWords says on the household page what was just changed.
func changedWords(what string, h householdRow, when func(time.Time) string) string {
	switch what {
	case "details":
		return "Saved. Home Helper uses the change from the household's next conversation."
	case "code":
		if h.LinkCode != "" {
			return "A new link code is made: " + spaced(h.LinkCode) + ", until " + when(deref(h.CodeExpires)) + ". The old one no longer works."
		}
	}
	return ""
}
