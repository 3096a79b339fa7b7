package staff

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/intents"
)

// slotRow is a coach slot as staff see it and as the API sends it.
type slotRow struct {
	SlotID  string    `json:"slot_id"`
	CoachID string    `json:"coach_id"`
	Coach   string    `json:"coach"`
	Start   time.Time `json:"start"`
	Booked  bool      `json:"booked"`
	// Past is a free slot whose time has gone (the page starts at
	// midnight): never offered, and not counted free.
	Past         bool       `json:"past"`
	HouseholdRef string     `json:"household_ref"` // of the booking; empty if free or the household left
	HouseholdID  string     `json:"household_id"`
	BookedAt     *time.Time `json:"booked_at"`
}

var slotHeader = []string{"slot_id", "coach_id", "coach", "start", "booked", "past", "household_ref", "household_id", "booked_at"}

func (s *site) slotCSVRow(r slotRow) []string {
	return []string{r.SlotID, r.CoachID, r.Coach, s.csvWhen(r.Start), yesNo(r.Booked), yesNo(r.Past), r.HouseholdRef, r.HouseholdID,
		s.csvWhen(deref(r.BookedAt))}
}

// slotRows lists the slots from the start of today for SeedDays, with the
// booking households' references.
func (s *site) slotRows(ctx context.Context) ([]slotRow, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return nil, err
	}
	refs := make(map[string]string, len(hs))
	for _, h := range hs {
		refs[h.ID] = h.Ref
	}
	from, now := s.today(), s.Now()
	sbs, err := s.Store.ListSlots(ctx, from, from.AddDate(0, 0, s.SeedDays))
	if err != nil {
		return nil, err
	}
	rows := make([]slotRow, 0, len(sbs))
	for _, sb := range sbs {
		row := slotRow{SlotID: sb.Slot.ID, CoachID: sb.Slot.CoachID, Coach: sb.Slot.Coach, Start: sb.Slot.Start.UTC()}
		if b := sb.Booking; b != nil {
			row.Booked, row.HouseholdID, row.HouseholdRef, row.BookedAt = true, b.HouseholdID, refs[b.HouseholdID], ptr(b.BookedAt)
		} else {
			row.Past = !sb.Slot.Start.After(now)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// week is one week of slots on the page: a row for each coach, a column
// for each day with any slot.
type week struct {
	Label string   // "Week of Monday 2 November"
	Days  []string // "Tue 3 Nov"
	Rows  []coachWeek
}

// coachWeek is one coach's slots in a week, a cell for each of its days.
type coachWeek struct {
	Coach string
	Cells [][]slotView
}

type slotView struct {
	slotRow
	Time string // "10:00"
	Day  string // "Tuesday 3 November", for the remove button's label
}

type coachesPage struct {
	pageData
	Weeks     []week
	Free      int
	Booked    int
	HasRoster bool
	SeedDays  int
	// Contacts are the coaches' own hand-off webhooks, one form each;
	// nil (and the forms hidden) when the store does not keep them.
	Contacts []coachContact
}

// coachContact is one coach's hand-off contact on the page.
type coachContact struct {
	CoachID, Coach string
	URL            string // "" when the coach uses the shared coaches' webhook
}

// weeks lays slots out week by week, coach by coach, day by day.
func (s *site) weeks(rows []slotRow) []week {
	var out []week
	var days []time.Time // of the week being built
	for _, row := range rows {
		local := row.Start.In(s.Location)
		date := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.Location)
		mon := date.AddDate(0, 0, -((int(date.Weekday()) + 6) % 7))
		label := "Week of " + mon.Format("Monday 2 January")
		if len(out) == 0 || out[len(out)-1].Label != label {
			out = append(out, week{Label: label})
			days = nil
		}
		wk := &out[len(out)-1]
		d := slices.IndexFunc(days, date.Equal)
		if d < 0 {
			days = append(days, date)
			wk.Days = append(wk.Days, date.Format("Mon 2 Jan"))
			d = len(days) - 1
			for i := range wk.Rows {
				wk.Rows[i].Cells = append(wk.Rows[i].Cells, nil)
			}
		}
		c := slices.IndexFunc(wk.Rows, func(cw coachWeek) bool { return cw.Coach == row.Coach })
		if c < 0 {
			wk.Rows = append(wk.Rows, coachWeek{Coach: row.Coach, Cells: make([][]slotView, len(days))})
			c = len(wk.Rows) - 1
		}
		wk.Rows[c].Cells[d] = append(wk.Rows[c].Cells[d], slotView{slotRow: row, Time: local.Format("15:04"), Day: date.Format("Monday 2 January")})
	}
	for i := range out {
		slices.SortStableFunc(out[i].Rows, func(a, b coachWeek) int { return strings.Compare(a.Coach, b.Coach) })
	}
	return out
}

func (s *site) coachesPage(w http.ResponseWriter, r *http.Request) {
	p := coachesPage{}
	q := r.URL.Query()
	switch {
	case q.Get("removed") != "":
		p.Flash = "The visit time was removed."
	case q.Get("added") != "":
		p.Flash = "Laid out the coaches' usual weeks again: " + q.Get("added") + " visit times added."
	case q.Get("contact") != "":
		p.Flash = "Saved where " + s.coachLabel(r, q.Get("contact")) + "'s visits are handed off."
	}
	s.renderCoaches(w, r, http.StatusOK, p)
}

// renderCoaches shows the availability page with p's flash or error.
func (s *site) renderCoaches(w http.ResponseWriter, r *http.Request, code int, p coachesPage) {
	rows, err := s.slotRows(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.pageData.Title, p.pageData.Section = "Coach visits", "coaches"
	p.HasRoster, p.SeedDays, p.Weeks = s.Roster != nil, s.SeedDays, s.weeks(rows)
	for _, row := range rows {
		switch {
		case row.Booked:
			p.Booked++
		case !row.Past:
			p.Free++
		}
	}
	if p.Contacts, err = s.coachContacts(r.Context(), rows); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, code, "coaches.html", p)
}

// contacts is the store's coach contacts, if it keeps them. The site's
// Store interface does not include them, so a store without them still
// serves the rest of the site.
func (s *site) contacts() (intents.CoachContacts, bool) {
	c, ok := s.Store.(intents.CoachContacts)
	return c, ok
}

// contactCoaches lists the coaches staff can set a contact for, by id: the
// roster's, then any others that have visit times or a contact.
func (s *site) contactCoaches(rows []slotRow, set map[string]string) []coachContact {
	var out []coachContact
	seen := map[string]bool{}
	add := func(id, name string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		if name == "" {
			name = id
		}
		out = append(out, coachContact{CoachID: id, Coach: name, URL: set[id]})
	}
	if s.Roster != nil {
		for _, c := range s.Roster.Coaches {
			add(c.ID, c.Name)
		}
	}
	for _, row := range rows {
		add(row.CoachID, row.Coach)
	}
	ids := slices.Sorted(maps.Keys(set))
	for _, id := range ids {
		add(id, "")
	}
	return out
}

func (s *site) coachContacts(ctx context.Context, rows []slotRow) ([]coachContact, error) {
	cc, ok := s.contacts()
	if !ok {
		return nil, nil
	}
	set, err := cc.ListCoachContacts(ctx)
	if err != nil {
		return nil, err
	}
	return s.contactCoaches(rows, set), nil
}

// coachLabel is coach id's name for a message, or the id itself.
func (s *site) coachLabel(r *http.Request, id string) string {
	if s.Roster != nil {
		for _, c := range s.Roster.Coaches {
			if c.ID == id {
				return c.Name
			}
		}
	}
	rows, err := s.slotRows(r.Context())
	if err == nil {
		for _, row := range rows {
			if row.CoachID == id {
				return row.Coach
			}
		}
	}
	return id
}

// maxContactURL bounds a contact URL: a webhook address, not a document.
const maxContactURL = 2000

// checkContactURL refuses anything but an absolute https URL with a host
// and no user name or password in it (the page shows it to every member
// of staff). "" is allowed: it clears the contact.
func checkContactURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	const how = "Give the coach's hand-off address as a full https:// web address, such as https://coaches.example.org/visits, or leave it empty to use the shared coaches' address."
	if len(raw) > maxContactURL {
		return "", badf("That address is too long. %s", how)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Hostname() == "":
		return "", badf("That is not a web address. %s", how)
	}
	// The hand-off's own rule, as serve applies it to -handoff-*-url
	// without -dev.
	if err := handoff.CheckURL(u.String(), false); err != nil {
		return "", badf("The address is refused: %s. %s", strings.TrimPrefix(err.Error(), handoff.ErrInsecureURL.Error()+": "), how)
	}
	return u.String(), nil
}

// setContact sets (or with "" clears) a coach's hand-off contact.
func (s *site) setContact(r *http.Request, coachID, raw string) error {
	cc, ok := s.contacts()
	if !ok {
		return badf("This site's store does not keep coaches' own hand-off addresses.")
	}
	rows, err := s.slotRows(r.Context())
	if err != nil {
		return err
	}
	set, err := cc.ListCoachContacts(r.Context())
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(s.contactCoaches(rows, set), func(c coachContact) bool { return c.CoachID == coachID }) {
		return badf("There is no coach %q.", coachID)
	}
	u, err := checkContactURL(raw)
	if err != nil {
		return err
	}
	if err := cc.SetCoachContact(r.Context(), coachID, u); err != nil {
		return err
	}
	// The URL itself is not logged: it may carry a receiver's token.
	s.Log.InfoContext(r.Context(), "staff: coach hand-off contact set", "coach", coachID, "cleared", u == "", "by", who(r))
	return nil
}

// contactForm sets a coach's hand-off contact from the coaches page
// (POST /staff/coaches/contacts).
func (s *site) contactForm(w http.ResponseWriter, r *http.Request) {
	coachID := r.PostFormValue("contact_coach")
	raw := r.PostFormValue("contact_url")
	if r.PostFormValue("clear") != "" {
		raw = ""
	}
	if err := s.setContact(r, coachID, raw); err != nil {
		var ue userError
		if errors.As(err, &ue) {
			s.renderCoaches(w, r, ue.code, coachesPage{pageData: pageData{Error: ue.msg}})
			return
		}
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/coaches?contact="+url.QueryEscape(coachID), http.StatusSeeOther)
}

func (s *site) removeSlot(r *http.Request, id string) error {
	if err := s.Store.RemoveCoachSlot(r.Context(), id); err != nil {
		if errors.Is(err, intents.ErrConflict) {
			return conflictf("That visit time is booked, so it cannot be removed. Ask the household to cancel first, or withdraw it.")
		}
		return err
	}
	s.Log.InfoContext(r.Context(), "staff: coach slot removed", "slot", id, "by", who(r))
	return nil
}

func (s *site) removeSlotForm(w http.ResponseWriter, r *http.Request) {
	if err := s.removeSlot(r, r.PathValue("id")); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/coaches?removed=1", http.StatusSeeOther)
}

// reseed lays the roster over the coming weeks again; slots already there
// are left as they are, so only removed or new times come back.
func (s *site) reseed(r *http.Request) (int, error) {
	if s.Roster == nil {
		return 0, badf("This site was started without the coaches' roster, so it cannot lay out their weeks.")
	}
	from := s.today()
	to := from.AddDate(0, 0, s.SeedDays)
	before, err := s.Store.ListSlots(r.Context(), from, to)
	if err != nil {
		return 0, err
	}
	slots, err := s.Roster.Slots(s.Now(), s.SeedDays, s.Location)
	if err != nil {
		return 0, err
	}
	if err := s.Store.AddCoachSlots(r.Context(), slots); err != nil {
		return 0, err
	}
	after, err := s.Store.ListSlots(r.Context(), from, to)
	if err != nil {
		return 0, err
	}
	s.Log.InfoContext(r.Context(), "staff: coach slots re-seeded", "added", len(after)-len(before), "by", who(r))
	return len(after) - len(before), nil
}

func (s *site) reseedForm(w http.ResponseWriter, r *http.Request) {
	n, err := s.reseed(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/coaches?added="+strconv.Itoa(n), http.StatusSeeOther)
}

func (s *site) apiSlots(w http.ResponseWriter, r *http.Request) {
	rows, err := s.slotRows(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, rows)
}

func (s *site) apiSlotsCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.slotRows(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		out = append(out, s.slotCSVRow(row))
	}
	s.writeCSV(w, r, "homehelper-coach-visits-"+s.today().Format(time.DateOnly)+".csv", slotHeader, out)
}

// apiRemoveSlot is DELETE /staff/api/slots/{id}: 204; 404 for no such
// slot; 400 if it is booked.
func (s *site) apiRemoveSlot(w http.ResponseWriter, r *http.Request) {
	if err := s.removeSlot(r, r.PathValue("id")); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
