package staff

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// householdRow is a pilot household as staff see it and as the API sends it.
type householdRow struct {
	Ref         string    `json:"ref"`
	HouseholdID string    `json:"household_id"`
	Vulnerable  bool      `json:"vulnerable"`
	ConsentDate string    `json:"consent_date"` // YYYY-MM-DD; empty if not recorded
	Coach       string    `json:"coach"`        // the coach's id; empty means any coach
	EnrolledAt  time.Time `json:"enrolled_at"`
	// LinkState is "linked", "waiting" (the code works) or "code expired".
	LinkState string     `json:"link_state"`
	LinkedAt  *time.Time `json:"linked_at"` // null until a speaker is linked
	LastUsed  *time.Time `json:"last_used"` // null until first use
	// LinkCode is shown while it can still be used; CodeExpires with it.
	LinkCode    string     `json:"link_code"`
	CodeExpires *time.Time `json:"code_expires"`
	// RecentEmergency: an emergency repair reported in the last
	// recentDays days.
	RecentEmergency bool `json:"recent_emergency"`
}

var householdHeader = []string{"ref", "household_id", "vulnerable", "consent_date", "coach", "link_state", "linked_at",
	"last_used", "link_code", "code_expires", "enrolled_at", "recent_emergency"}

func (s *site) householdCSVRow(h householdRow) []string {
	return []string{h.Ref, h.HouseholdID, yesNo(h.Vulnerable), h.ConsentDate, h.Coach, h.LinkState,
		s.csvWhen(deref(h.LinkedAt)), s.csvWhen(deref(h.LastUsed)), h.LinkCode, s.csvWhen(deref(h.CodeExpires)),
		s.csvWhen(h.EnrolledAt), yesNo(h.RecentEmergency)}
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func ptr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// Link states.
const (
	linkLinked  = "linked"
	linkWaiting = "waiting"
	linkExpired = "code expired"
)

func (s *site) householdRow(h intents.Household) householdRow {
	row := householdRow{Ref: h.Ref, HouseholdID: h.ID, Vulnerable: h.Vulnerable, ConsentDate: dayOf(h.ConsentDate),
		Coach: h.CoachID, EnrolledAt: h.EnrolledAt.UTC(), LinkedAt: ptr(h.LinkedAt), LastUsed: ptr(h.LastUsed)}
	live := h.LinkCode != "" && s.Now().Before(h.CodeExpires)
	switch {
	case h.Linked():
		row.LinkState = linkLinked
	case live:
		row.LinkState = linkWaiting
	default:
		row.LinkState = linkExpired
	}
	// A linked household holds a code only when staff made a new one, to
	// link another speaker.
	if live {
		row.LinkCode, row.CodeExpires = h.LinkCode, ptr(h.CodeExpires)
	}
	return row
}

func (s *site) householdRows(ctx context.Context) ([]householdRow, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := s.Store.ListRepairs(ctx)
	if err != nil {
		return nil, err
	}
	recent := recentEmergencies(rs, s.Now())
	rows := make([]householdRow, 0, len(hs))
	for _, h := range hs {
		row := s.householdRow(h)
		row.RecentEmergency = recent[h.ID]
		rows = append(rows, row)
	}
	// Stores list earliest enrolled first; households enrolled together
	// go by reference, so the list and its CSV keep one order.
	slices.SortStableFunc(rows, func(a, b householdRow) int {
		return cmp.Or(a.EnrolledAt.Compare(b.EnrolledAt), strings.Compare(a.Ref, b.Ref))
	})
	return rows, nil
}

// coach is a coach for the enrol form's list.
type coach struct{ ID, Name string }

func (s *site) coaches() []coach {
	if s.Roster == nil {
		return nil
	}
	var cs []coach
	for _, c := range s.Roster.Coaches {
		cs = append(cs, coach{c.ID, c.Name})
	}
	return cs
}

// coachName is a coach's first name, or the id if the roster does not know it.
func (s *site) coachName(id string) string {
	if id == "" {
		return "Any coach"
	}
	for _, c := range s.coaches() {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

type householdsPage struct {
	pageData
	Rows    []householdRow
	Coaches []coach
	// Enrolled is the household just enrolled, to show its code.
	Enrolled *householdRow
	Form     enrolForm
	Today    string
	site     *site
}

// When writes an instant for the page.
func (p householdsPage) When(t *time.Time) string {
	if t == nil {
		return ""
	}
	return p.site.when(*t)
}

// Day writes the day of an instant for the page.
func (p householdsPage) Day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(p.site.Location).Format("2 Jan 2006")
}

// CoachName is a coach's name for the page.
func (p householdsPage) CoachName(id string) string { return p.site.coachName(id) }

// enrolForm is what staff typed, kept when it must be corrected.
type enrolForm struct {
	Ref, ConsentDate, Coach string
	Vulnerable              bool
}

func (s *site) householdsPage(w http.ResponseWriter, r *http.Request) {
	s.showHouseholds(w, r, http.StatusOK, enrolForm{ConsentDate: s.today().Format(time.DateOnly)}, "")
}

func (s *site) showHouseholds(w http.ResponseWriter, r *http.Request, code int, form enrolForm, problem string) {
	rows, err := s.householdRows(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := householdsPage{pageData: pageData{Title: "Households", Section: "households", Error: problem}, Rows: rows,
		Coaches: s.coaches(), Form: form, Today: s.today().Format(time.DateOnly), site: s}
	q := r.URL.Query()
	if id := q.Get("enrolled"); id != "" {
		for i := range rows {
			if rows[i].HouseholdID == id {
				p.Enrolled = &rows[i]
			}
		}
	}
	if q.Get("withdrawn") != "" {
		p.Flash = "The household was withdrawn: its personal data is erased, and its use stays in the figures without its name."
	}
	s.render(w, r, code, "households.html", p)
}

// enrolment reads an enrolment from what staff sent.
func (s *site) enrolment(f enrolForm) (intents.Enrolling, error) {
	ref := strings.TrimSpace(f.Ref)
	if ref == "" {
		return intents.Enrolling{}, badf("Give the household's reference.")
	}
	if err := intents.CheckRef(ref); err != nil {
		return intents.Enrolling{}, badf("%s.", capitalise(err.Error()))
	}
	e := intents.Enrolling{Ref: ref, Vulnerable: f.Vulnerable, CoachID: f.Coach}
	if f.ConsentDate == "" {
		return intents.Enrolling{}, badf("Give the date the household gave its consent.")
	}
	d, err := time.Parse(time.DateOnly, f.ConsentDate)
	if err != nil {
		return intents.Enrolling{}, badf("The consent date %q is not a date.", f.ConsentDate)
	}
	if d.After(s.today().AddDate(0, 0, 1)) {
		return intents.Enrolling{}, badf("The consent date is in the future: record consent once it is given.")
	}
	e.ConsentDate = d // midnight UTC, as intents.Household wants a calendar date
	if f.Coach != "" && s.Roster != nil && s.coachName(f.Coach) == f.Coach {
		return intents.Enrolling{}, badf("There is no coach %q.", f.Coach)
	}
	return e, nil
}

func (s *site) enrol(r *http.Request, f enrolForm) (intents.Household, error) {
	e, err := s.enrolment(f)
	if err != nil {
		return intents.Household{}, err
	}
	h, err := intents.Enrol(r.Context(), s.Store, s.Pseudonyms, e, s.Now())
	if errors.Is(err, intents.ErrConflict) {
		if old, ferr := s.household(r.Context(), s.Pseudonyms.Household(e.Ref)); ferr == nil {
			return intents.Household{}, conflictf("%s is already enrolled (since %s).", old.Ref,
				old.EnrolledAt.In(s.Location).Format("2 January 2006"))
		}
		return intents.Household{}, conflictf("No free link code could be found just now. Try again.")
	}
	if err != nil {
		return intents.Household{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: household enrolled", "household", h.ID, "by", who(r))
	return h, nil
}

// enrolForm enrols a household from the form, then shows its link code.
func (s *site) enrolForm(w http.ResponseWriter, r *http.Request) {
	f := enrolForm{Ref: r.PostFormValue("ref"), ConsentDate: r.PostFormValue("consent_date"),
		Coach: r.PostFormValue("coach"), Vulnerable: r.PostFormValue("vulnerable") != ""}
	h, err := s.enrol(r, f)
	if err != nil {
		code, msg := s.status(r, err)
		s.showHouseholds(w, r, code, f, capitalise(msg))
		return
	}
	http.Redirect(w, r, "/staff/households?enrolled="+url.QueryEscape(h.ID)+"#enrolled", http.StatusSeeOther)
}

// apiEnrol is POST /staff/api/households with
// {"ref", "vulnerable", "consent_date", "coach"}; it answers 201 with the
// household, link code included.
func (s *site) apiEnrol(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Ref         string `json:"ref"`
		Vulnerable  bool   `json:"vulnerable"`
		ConsentDate string `json:"consent_date"`
		Coach       string `json:"coach"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&in); err != nil {
		writeJSONError(w, http.StatusBadRequest, `send JSON: {"ref": "...", "consent_date": "YYYY-MM-DD", "vulnerable": false, "coach": ""}`)
		return
	}
	h, err := s.enrol(r, enrolForm{Ref: in.Ref, ConsentDate: in.ConsentDate, Coach: in.Coach, Vulnerable: in.Vulnerable})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(s.householdRow(h))
}

func (s *site) apiHouseholds(w http.ResponseWriter, r *http.Request) {
	rows, err := s.householdRows(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, rows)
}

func (s *site) apiHouseholdsCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.householdRows(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([][]string, 0, len(rows))
	for _, h := range rows {
		out = append(out, s.householdCSVRow(h))
	}
	s.writeCSV(w, r, "homehelper-households-"+s.today().Format(time.DateOnly)+".csv", householdHeader, out)
}

// household finds an enrolled household by id.
func (s *site) household(ctx context.Context, id string) (intents.Household, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return intents.Household{}, err
	}
	for _, h := range hs {
		if h.ID == id {
			return h, nil
		}
	}
	return intents.Household{}, intents.ErrNotFound
}

type withdrawPage struct {
	pageData
	Household householdRow
	Repairs   int // its repairs reported by voice
	Visits    int // its coach visits booked and still to come
}

// withdrawPage asks staff to confirm a withdrawal, saying exactly what is
// erased and what stays.
func (s *site) withdrawPage(w http.ResponseWriter, r *http.Request) {
	h, err := s.household(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := withdrawPage{pageData: pageData{Title: "Withdraw " + h.Ref, Section: "households"}, Household: s.householdRow(h)}
	rs, err := s.Store.ListRepairs(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, rp := range rs {
		if rp.HouseholdID == h.ID {
			p.Repairs++
		}
	}
	now := s.Now()
	slots, err := s.Store.ListSlots(r.Context(), now, now.AddDate(0, 0, s.SeedDays+7))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, sb := range slots {
		if sb.Booking != nil && sb.Booking.HouseholdID == h.ID {
			p.Visits++
		}
	}
	s.render(w, r, http.StatusOK, "withdraw.html", p)
}

func (s *site) withdraw(r *http.Request, id string) error {
	if _, err := s.household(r.Context(), id); err != nil {
		return err
	}
	if err := s.Store.EraseHousehold(r.Context(), id); err != nil {
		return err
	}
	s.Log.InfoContext(r.Context(), "staff: household withdrawn and erased", "household", id, "by", who(r))
	return nil
}

func (s *site) withdrawForm(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, "/staff/households/"+url.PathEscape(r.PathValue("id"))+"/withdraw", http.StatusSeeOther)
		return
	}
	if err := s.withdraw(r, r.PathValue("id")); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/households?withdrawn=1", http.StatusSeeOther)
}

// apiWithdraw is DELETE /staff/api/households/{id}: the household's
// personal data is erased; 204, or 404 if no such household is enrolled.
func (s *site) apiWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := s.withdraw(r, r.PathValue("id")); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
