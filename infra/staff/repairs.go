package staff

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// repairRow is a repair as staff see it and as the API sends it.
type repairRow struct {
	Ref          string `json:"ref"`
	HouseholdRef string `json:"household_ref"` // empty if the household has left the list
	HouseholdID  string `json:"household_id"`
	Problem      string `json:"problem"` // the id the conversation uses
	ProblemWords string `json:"problem_words"`
	// Description is the tenant's own words where Alexa could not name
	// the problem: for the repairs team to read, never in usage data.
	Description string    `json:"description"`
	Room        string    `json:"room"`
	RoomWords   string    `json:"room_words"`
	Priority    string    `json:"priority"`
	Status      string    `json:"status"`
	GuideTried  bool      `json:"guide_tried"`
	ReportedAt  time.Time `json:"reported_at"`
	AgeHours    int       `json:"age_hours"`
	// Overdue: not done, and older than its priority's timescale
	// (intents.Timescale: emergency 24 hours, urgent 7 days, routine 28).
	Overdue bool `json:"overdue"`
	// DueBy is when the priority's timescale runs out.
	DueBy time.Time `json:"due_by"`
	// Demo: the household is a practice one (intents.Household.Demo), so
	// the repair is never handed off and is listed apart.
	Demo bool `json:"demo"`
	// Vulnerable: the household is marked vulnerable.
	Vulnerable bool `json:"vulnerable"`
	// RecentEmergency: the household reported an emergency in the last
	// recentDays days (this one included).
	RecentEmergency bool `json:"recent_emergency"`
	// HandOff is whether the repairs team has been told (docs/handoff.md):
	// "sent", "waiting", "failed", or "" when the store does not know.
	HandOff       string     `json:"handoff"`
	HandOffAt     *time.Time `json:"handoff_at"` // when sent; null when not (or not known)
	HandOffDetail string     `json:"handoff_detail"`
	// VisitDay (YYYY-MM-DD) and VisitPart ("morning", "afternoon", or ""
	// for all day) are the repairs team's visit, once staff book it.
	VisitDay  string `json:"visit_day"`
	VisitPart string `json:"visit_part"`
	// Heard is what the tenant hears of the status when they ask.
	Heard string `json:"tenant_hears"`

	age, when, told string // in words, for the page
}

var repairHeader = []string{"ref", "household_ref", "household_id", "problem", "problem_words", "description", "room", "room_words",
	"priority", "status", "guide_tried", "reported_at", "age_hours", "due_by", "overdue", "handoff", "handoff_at", "handoff_detail",
	"vulnerable", "recent_emergency", "demo", "visit_day", "visit_part", "tenant_hears"}

func (s *site) repairCSVRow(r repairRow) []string {
	return []string{r.Ref, r.HouseholdRef, r.HouseholdID, r.Problem, r.ProblemWords, r.Description, r.Room, r.RoomWords, r.Priority,
		r.Status, yesNo(r.GuideTried), s.csvWhen(r.ReportedAt), strconv.Itoa(r.AgeHours), s.csvWhen(r.DueBy), yesNo(r.Overdue),
		r.HandOff, s.csvWhen(deref(r.HandOffAt)), r.HandOffDetail, yesNo(r.Vulnerable), yesNo(r.RecentEmergency), yesNo(r.Demo),
		r.VisitDay, r.VisitPart, r.Heard}
}

// TeamTold says whether the repairs team has been told, for the page:
// "yes, 10:02 Mon 23 Nov", "not yet (3 tries; last: …)", or, when the
// hand-off has been given up on, that staff must phone.
func (r repairRow) TeamTold() string { return r.told }

// HandOffFailed: the hand-off was given up on, so the team must be phoned.
func (r repairRow) HandOffFailed() bool { return r.HandOff == "failed" }

// Alert: the row is highlighted, as an overdue repair or as a repair not
// done whose hand-off failed.
func (r repairRow) Alert() bool {
	return r.Overdue || (r.HandOffFailed() && r.Status != string(intents.StatusDone))
}

// OverdueWords says which timescale an overdue repair has passed.
func (r repairRow) OverdueWords() string {
	switch intents.Priority(r.Priority) {
	case intents.Emergency:
		return "Overdue: emergencies within 24 hours"
	case intents.Urgent:
		return "Overdue: urgent within 7 days"
	}
	return "Overdue: routine within 28 days"
}

// teamTold puts a hand-off in words.
func (s *site) teamTold(h intents.HandOff) string {
	switch h.State {
	case "sent":
		if h.At.IsZero() {
			return "yes"
		}
		return "yes, " + h.At.In(s.Location).Format("15:04 Mon 2 Jan")
	case "waiting":
		if h.Detail == "" {
			return "not yet"
		}
		return "not yet (" + h.Detail + ")"
	case "failed":
		return "FAILED — phone the repairs team"
	default:
		return "not known"
	}
}

// Age is how long ago the repair was reported, in words.
func (r repairRow) Age() string { return r.age }

// When is when the repair was reported, in UK time.
func (r repairRow) When() string { return r.when }

var priorityRank = map[string]int{string(intents.Emergency): 0, string(intents.Urgent): 1, string(intents.Routine): 2}

// repairRows lists the queue in the order staff work it: repairs not done
// first, emergencies before urgent before routine, oldest first; done ones
// last, newest first.
func (s *site) repairRows(ctx context.Context, hs []intents.Household) ([]repairRow, error) {
	rs, err := s.Store.ListRepairs(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]intents.Household, len(hs))
	for _, h := range hs {
		byID[h.ID] = h
	}
	now := s.Now()
	recent := recentEmergencies(rs, now)
	rows := make([]repairRow, 0, len(rs))
	for _, r := range rs {
		old := max(now.Sub(r.ReportedAt), 0)
		h := byID[r.HouseholdID]
		rows = append(rows, repairRow{
			Ref: r.Ref, HouseholdRef: h.Ref, HouseholdID: r.HouseholdID, Demo: h.Demo, Vulnerable: h.Vulnerable,
			RecentEmergency: recent[r.HouseholdID],
			Problem:         r.Problem, ProblemWords: problem(r.Problem), Description: r.Description, Room: r.Room, RoomWords: room(r.Room),
			Priority: string(r.Priority), Status: string(r.Status), GuideTried: r.GuideTried, ReportedAt: r.ReportedAt.UTC(),
			AgeHours: int(old / time.Hour), age: age(old), when: s.when(r.ReportedAt),
			DueBy:   r.ReportedAt.Add(intents.Timescale(r.Priority)).UTC(),
			Overdue: r.Status != intents.StatusDone && old > intents.Timescale(r.Priority),
			HandOff: r.HandOff.State, HandOffAt: ptr(r.HandOff.At), HandOffDetail: r.HandOff.Detail,
			told:      s.teamTold(r.HandOff),
			VisitDay:  dayOf(r.Visit.Day),
			VisitPart: string(r.Visit.Part),
			Heard:     intents.HeardStatus(r),
		})
	}
	slices.SortStableFunc(rows, func(a, b repairRow) int {
		aDone, bDone := a.Status == string(intents.StatusDone), b.Status == string(intents.StatusDone)
		if aDone != bDone {
			if aDone {
				return 1
			}
			return -1
		}
		if aDone {
			return b.ReportedAt.Compare(a.ReportedAt)
		}
		return cmp.Or(cmp.Compare(rank(a.Priority), rank(b.Priority)), a.ReportedAt.Compare(b.ReportedAt))
	})
	return rows, nil
}

// visit reads a repair visit staff booked: a day not yet past, and a part
// of it.
func (s *site) visit(day, part string) (intents.RepairVisit, error) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return intents.RepairVisit{}, badf("The visit day %q is not a date.", day)
	}
	today := s.today()
	if d.Before(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		return intents.RepairVisit{}, badf("The visit day %s has passed.", d.Format("2 January 2006"))
	}
	switch p := intents.VisitPart(part); p {
	case intents.VisitAllDay, intents.VisitMorning, intents.VisitAfternoon:
		return intents.RepairVisit{Day: d, Part: p}, nil
	}
	return intents.RepairVisit{}, badf("The part of the day %q is not morning or afternoon.", part)
}

// recentDays is how far back an emergency marks a household wherever it
// is listed: a coach or officer should know of it before calling.
const recentDays = 30

// recentEmergencies are the households with an emergency repair reported
// in the last recentDays days.
func recentEmergencies(rs []intents.Repair, now time.Time) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		if r.Priority == intents.Emergency && now.Sub(r.ReportedAt) < recentDays*24*time.Hour {
			out[r.HouseholdID] = true
		}
	}
	return out
}

// householdLink is what the layout's "household" template shows of a
// household wherever one is listed: its reference linked to its page, and
// its marks.
type householdLink struct {
	HouseholdRef, HouseholdID         string
	Vulnerable, Demo, RecentEmergency bool
}

func rank(p string) int {
	if r, ok := priorityRank[p]; ok {
		return r
	}
	return len(priorityRank)
}

type repairsPage struct {
	pageData
	Rows []repairRow
	// Practice are the practice households' repairs, listed apart.
	Practice []repairRow
	Open     int
	Overdue  int
	Untold   int // repairs not done whose hand-off failed
	Statuses []intents.RepairStatus
}

func (s *site) repairsPage(w http.ResponseWriter, r *http.Request) {
	hs, err := s.Store.ListHouseholds(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rows, err := s.repairRows(r.Context(), hs)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := repairsPage{pageData: pageData{Title: "Repairs", Section: "repairs"}, Statuses: statuses}
	for _, row := range rows {
		if row.Demo {
			p.Practice = append(p.Practice, row)
			continue
		}
		p.Rows = append(p.Rows, row)
		if row.Status != string(intents.StatusDone) {
			p.Open++
		}
		if row.Overdue {
			p.Overdue++
		}
		if row.HandOffFailed() && row.Status != string(intents.StatusDone) {
			p.Untold++
		}
	}
	if ref := r.URL.Query().Get("saved"); ref != "" {
		p.Flash = "Repair " + ref + " saved."
	}
	s.render(w, r, http.StatusOK, "repairs.html", p)
}

// parseStatus accepts the three statuses staff can set.
func parseStatus(v string) (intents.RepairStatus, error) {
	st := intents.RepairStatus(v)
	if !slices.Contains(statuses, st) {
		return "", badf("status must be reported, booked or done, not %q", v)
	}
	return st, nil
}

// setStatus changes a repair's status and returns it as it now stands.
func (s *site) setStatus(r *http.Request, ref, value, visitDay, visitPart string) (repairRow, error) {
	st, err := parseStatus(value)
	if err != nil {
		return repairRow{}, err
	}
	if st == intents.StatusBooked && visitDay != "" {
		v, err := s.visit(visitDay, visitPart)
		if err != nil {
			return repairRow{}, err
		}
		err = s.Store.SetRepairVisit(r.Context(), ref, v)
		if err != nil {
			return repairRow{}, err
		}
	} else if err := s.Store.SetRepairStatus(r.Context(), ref, st); err != nil {
		return repairRow{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: repair status set", "repair", ref, "status", st, "visit_day", visitDay, "by", who(r))
	hs, err := s.Store.ListHouseholds(r.Context())
	if err != nil {
		return repairRow{}, err
	}
	rows, err := s.repairRows(r.Context(), hs)
	if err != nil {
		return repairRow{}, err
	}
	for _, row := range rows {
		if row.Ref == ref {
			return row, nil
		}
	}
	return repairRow{}, intents.ErrNotFound
}

// repairStatusForm is the status form on the repairs page, for browsers
// without the script (which sends the PATCH instead).
func (s *site) repairStatusForm(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("ref")
	if _, err := s.setStatus(r, ref, r.PostFormValue("status"), r.PostFormValue("visit_day"), r.PostFormValue("visit_part")); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/repairs?saved="+url.QueryEscape(ref)+"#repair-"+ref, http.StatusSeeOther)
}

// apiSetRepairStatus is PATCH /staff/api/repairs/{ref} with
// {"status": "booked"}, and for a booked visit optionally
// "visit_day": "YYYY-MM-DD" and "visit_part": "morning" | "afternoon" | "".
func (s *site) apiSetRepairStatus(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Status    string `json:"status"`
		VisitDay  string `json:"visit_day"`
		VisitPart string `json:"visit_part"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&in); err != nil {
		writeJSONError(w, http.StatusBadRequest, `send JSON: {"status": "reported" | "booked" | "done", "visit_day": "YYYY-MM-DD", "visit_part": "morning" | "afternoon" | ""}`)
		return
	}
	row, err := s.setStatus(r, r.PathValue("ref"), in.Status, in.VisitDay, in.VisitPart)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, row)
}

func (s *site) repairList(r *http.Request) ([]repairRow, error) {
	hs, err := s.Store.ListHouseholds(r.Context())
	if err != nil {
		return nil, err
	}
	return s.repairRows(r.Context(), hs)
}

func (s *site) apiRepairs(w http.ResponseWriter, r *http.Request) {
	rows, err := s.repairList(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, rows)
}

func (s *site) apiRepairsCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.repairList(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		out = append(out, s.repairCSVRow(row))
	}
	s.writeCSV(w, r, "homehelper-repairs-"+s.today().Format(time.DateOnly)+".csv", repairHeader, out)
}
