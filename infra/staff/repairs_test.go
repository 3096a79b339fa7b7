package staff

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
)

// tenant is a linked speaker talking to the real conversation over the
// fixture's store, to hear what staff changes mean for tenants.
type tenant struct {
	f       *fixture
	skill   *intents.Skill
	speaker string
	n       int
}

func newTenant(t *testing.T, f *fixture, code string) *tenant {
	t.Helper()
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	sk := intents.New(f.store.Stores(), guides, intents.DefaultConfig(), intents.WithClock(func() time.Time { return f.now }),
		intents.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	tn := &tenant{f: f, skill: sk, speaker: "sp_tenant"}
	if code != "" {
		if _, err := f.store.LinkSpeaker(context.Background(), code, tn.speaker, f.now); err != nil {
			t.Fatal(err)
		}
	}
	return tn
}

// ask sends one intent in a new session and returns what the tenant hears.
func (tn *tenant) ask(intent string, slots map[string]intents.Slot) string {
	tn.n++
	resp := tn.skill.Handle(context.Background(), intents.Request{ID: fmt.Sprintf("req-%d", tn.n), Time: tn.f.now,
		Type: intents.IntentRequest, Intent: intent, Slots: slots, SessionNew: true,
		SessionID: fmt.Sprintf("se-%d", tn.n), SpeakerID: tn.speaker, Locale: "en-GB"})
	return intents.PlainText(resp.Speech)
}

// TestRepairStatusReachesTheTenant: a status staff set is what the tenant
// hears when they ask about their repair.
func TestRepairStatusReachesTheTenant(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	h, err := intents.Enrol(context.Background(), f.store, f.p, intents.Enrolling{Ref: "HH-0042"}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	tn := newTenant(t, f, h.LinkCode)
	if err := f.store.SaveRepair(context.Background(), intents.Repair{Ref: "HK4721", HouseholdID: h.ID, Problem: "LEAK",
		Room: "KITCHEN", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: f.now.Add(-3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if heard := tn.ask("RepairStatusIntent", nil); !strings.Contains(heard, "with the repairs team") {
		t.Fatalf("before: %q", heard)
	}

	w := f.do("PATCH", "/staff/api/repairs/HK4721", `{"status":"booked"}`)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"status": "booked"`) ||
		!strings.Contains(w.Body.String(), `"household_ref": "HH-0042"`) {
		t.Fatalf("PATCH booked: %d %s", w.Code, w.Body.String())
	}
	if heard := tn.ask("RepairStatusIntent", nil); !strings.Contains(heard, "a visit has been booked") {
		t.Errorf("after booked, the tenant hears %q", heard)
	}

	// A visit day: the tenant hears when the team will come, and the
	// repairs page quotes exactly that.
	w = f.do("PATCH", "/staff/api/repairs/HK4721", `{"status":"booked","visit_day":"2026-11-10","visit_part":"morning"}`)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"visit_day": "2026-11-10"`) {
		t.Fatalf("PATCH with a visit day: %d %s", w.Code, w.Body.String())
	}
	const when = "the repairs team will come on Tuesday the 10th of November, in the morning"
	if heard := tn.ask("RepairStatusIntent", nil); !strings.Contains(heard, when) {
		t.Errorf("after a visit day, the tenant hears %q", heard)
	}
	if page := f.get("/staff/repairs"); !strings.Contains(page, `<q id="heard-HK4721">`+when+`</q>`) || !strings.Contains(page, `value="2026-11-10"`) {
		t.Error("the repairs page does not read back the visit as the tenant hears it")
	}
	if w := f.do("POST", "/staff/repairs/HK4721/status", "status=booked&visit_day=2026-11-01"); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "has passed") {
		t.Errorf("a visit day already past: %d", w.Code)
	}
	w = f.do("POST", "/staff/repairs/HK4721/status", "status=booked&visit_day=2026-11-11&visit_part=")
	if heard := tn.ask("RepairStatusIntent", nil); w.Code != http.StatusSeeOther || !strings.Contains(heard, "will come on Wednesday the 11th of November.") {
		t.Errorf("an all-day visit by the form (%d): the tenant hears %q", w.Code, heard)
	}

	// The form the page falls back to without its script.
	w = f.do("POST", "/staff/repairs/HK4721/status", "status=done")
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/staff/repairs?saved=HK4721") {
		t.Fatalf("form: %d to %q", w.Code, w.Header().Get("Location"))
	}
	loc, _, _ := strings.Cut(w.Header().Get("Location"), "#") // browsers keep the fragment to themselves
	if page := f.get(loc); !strings.Contains(page, "Repair HK4721 saved.") {
		t.Error("the repairs page does not confirm the save")
	}
	if heard := tn.ask("RepairStatusIntent", nil); !strings.Contains(heard, "don't have any open repairs") {
		t.Errorf("after done, the tenant hears %q", heard)
	}
}

func TestSetRepairStatusErrors(t *testing.T) {
	p := newPilot(t)
	ref := firstRepairRef(t, p.fixture)
	for _, tt := range []struct {
		target, body string
		want         int
	}{
		{"/staff/api/repairs/NOPE99", `{"status":"done"}`, http.StatusNotFound},
		{"/staff/api/repairs/" + ref, `{"status":"fixed"}`, http.StatusBadRequest},
		{"/staff/api/repairs/" + ref, `{"status":""}`, http.StatusBadRequest},
		{"/staff/api/repairs/" + ref, `status=done`, http.StatusBadRequest},
	} {
		w := p.do("PATCH", tt.target, tt.body)
		if w.Code != tt.want || !strings.Contains(w.Header().Get("Content-Type"), "application/json") {
			t.Errorf("PATCH %s %s: %d %s, want %d", tt.target, tt.body, w.Code, w.Body.String(), tt.want)
		}
	}
	if w := p.do("POST", "/staff/repairs/NOPE99/status", "status=done"); w.Code != http.StatusNotFound {
		t.Errorf("form for an unknown repair: %d", w.Code)
	}
	var rows []repairRow
	p.getJSON("/staff/api/repairs", &rows)
	for _, r := range rows {
		if r.Status != string(intents.StatusReported) {
			t.Errorf("a refused change changed %s to %s", r.Ref, r.Status)
		}
	}
}

// TestRepairQueue: most urgent first, done last; repairs not done and
// older than their priority's timescale (an emergency over 24 hours, an
// urgent one over 7 days) are highlighted as overdue; households by their
// reference, linked to their page; a practice household's repairs apart.
func TestRepairQueue(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	h, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: "HH-0042", Vulnerable: true}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	demo, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: "DEMO-1", Demo: true}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []intents.Repair{
		{Ref: "R1", Problem: "TAP", Room: "BATHROOM", Priority: intents.Routine, ReportedAt: f.now.Add(-100 * time.Hour)},
		{Ref: "R2", Problem: "GAS_SMELL", Priority: intents.Emergency, ReportedAt: f.now.Add(-25 * time.Hour)},
		{Ref: "R3", Problem: "FLOODING", Priority: intents.Emergency, ReportedAt: f.now.Add(-2 * time.Hour)},
		{Ref: "R4", Problem: "LEAK", Room: "KITCHEN", Priority: intents.Urgent, ReportedAt: f.now.Add(-50 * time.Hour)},
		{Ref: "R5", Problem: "CO_ALARM", Priority: intents.Emergency, Status: intents.StatusDone, ReportedAt: f.now.Add(-90 * time.Hour)},
		{Ref: "R6", Problem: "DOOR", Room: "HALLWAY", Priority: intents.Urgent, ReportedAt: f.now.Add(-1 * time.Hour), HouseholdID: "hh_gone"},
		{Ref: "R7", Problem: "HEATING", Room: "BEDROOM", Priority: intents.Urgent, ReportedAt: f.now.Add(-22 * 24 * time.Hour)},
		{Ref: "D1", Problem: "GAS_SMELL", Priority: intents.Emergency, ReportedAt: f.now.Add(-30 * time.Hour), HouseholdID: demo.ID},
	} {
		if r.HouseholdID == "" {
			r.HouseholdID = h.ID
		}
		if r.Status == "" {
			r.Status = intents.StatusReported
		}
		if err := f.store.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var rows []repairRow
	f.getJSON("/staff/api/repairs", &rows)
	var order []string
	for _, r := range rows {
		order = append(order, r.Ref)
	}
	if got := strings.Join(order, " "); got != "D1 R2 R3 R7 R4 R6 R1 R5" {
		t.Errorf("order %s, want D1 R2 R3 R7 R4 R6 R1 R5", got)
	}
	for _, r := range rows {
		if r.Overdue != (r.Ref == "R2" || r.Ref == "R7" || r.Ref == "D1") {
			t.Errorf("%s overdue %v", r.Ref, r.Overdue)
		}
		want := map[string]string{"R6": "", "D1": "DEMO-1"}[r.Ref]
		if want == "" && r.Ref != "R6" {
			want = "HH-0042"
		}
		if r.HouseholdRef != want || r.Demo != (r.Ref == "D1") || r.Vulnerable != (want == "HH-0042") {
			t.Errorf("%s household %q demo %v vulnerable %v, want %q", r.Ref, r.HouseholdRef, r.Demo, r.Vulnerable, want)
		}
	}
	if r7 := rows[3]; !r7.DueBy.Equal(r7.ReportedAt.Add(7 * 24 * time.Hour)) {
		t.Errorf("R7 due by %v, want 7 days after %v", r7.DueBy, r7.ReportedAt)
	}
	page := f.get("/staff/repairs")
	main, practice, _ := strings.Cut(page, `id="h-practice"`)
	for _, want := range []string{
		`<tr id="repair-R2" class="overdue"`, "Overdue: emergencies within 24 hours", `<tr id="repair-R7" class="overdue"`,
		"Overdue: urgent within 7 days", "Smell of gas", "Hall or stairs", "Not asked (emergency)",
		`<a href="/staff/households/` + h.ID + `">HH-0042</a> <span class="tag tag-vulnerable">vulnerable</span>`,
		`<span class="muted">withdrawn</span>`, "2 are overdue", `<option value="done" selected>Done</option>`,
	} {
		if !strings.Contains(main, want) {
			t.Errorf("repairs page lacks %q", want)
		}
	}
	if strings.Count(main, `class="overdue"`) != 2 || strings.Contains(main, "DEMO-1") {
		t.Error("R2 and R7 only should be highlighted, and the practice repair not listed with them")
	}
	if !strings.Contains(practice, `id="repair-D1"`) || !strings.Contains(practice, "never: practice") {
		t.Error("the practice repair is not listed apart")
	}
	dash := f.get("/staff/")
	if !strings.Contains(dash, `data-queue="open">6<`) || !strings.Contains(dash, `data-queue="overdue">2<`) {
		t.Error("the dashboard should show 6 open repairs, 2 overdue")
	}
	var csvRows [][]string
	w := f.do("GET", "/staff/api/repairs.csv", "")
	for _, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(w.Body.String(), "\ufeff")), "\r\n") {
		csvRows = append(csvRows, strings.Split(line, ","))
	}
	col := slices.Index(csvRows[0], "overdue")
	for _, row := range csvRows[1:] {
		if want := yesNo(row[0] == "R2" || row[0] == "R7" || row[0] == "D1"); row[col] != want {
			t.Errorf("CSV: %s overdue=%s, want %s", row[0], row[col], want)
		}
	}
}

// handOffStore is the in-memory store with each repair's hand-off as a
// store that knows it (SQLite, DynamoDB) would say it; memstore does not.
type handOffStore struct {
	Store
	handOffs map[string]intents.HandOff
}

func (s handOffStore) ListRepairs(ctx context.Context) ([]intents.Repair, error) {
	rs, err := s.Store.ListRepairs(ctx)
	for i := range rs {
		rs[i].HandOff = s.handOffs[rs[i].Ref]
	}
	return rs, err
}

// TestRepairQueueShowsHandOff: the "Team told" column, and the same in
// the JSON and the CSV; a failed hand-off is highlighted.
func TestRepairQueueShowsHandOff(t *testing.T) {
	f := newFixture(t, testNow)
	ctx := context.Background()
	h, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: "HH-0042"}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 11, 2, 9, 2, 0, 0, time.UTC) // GMT in November
	for i, ref := range []string{"R1", "R2", "R3", "R4"} {
		if err := f.store.SaveRepair(ctx, intents.Repair{Ref: ref, HouseholdID: h.ID, Problem: "LEAK", Room: "KITCHEN",
			Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: f.now.Add(-time.Duration(4-i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	st := handOffStore{Store: f.store, handOffs: map[string]intents.HandOff{
		"R1": {State: "sent", At: sent},
		"R2": {State: "waiting", Detail: "3 tries; last: 503 Service Unavailable"},
		"R3": {State: "failed", Detail: "8 tries; last: 404 Not Found"},
	}}
	f.site = Handler(Options{Store: st, Pseudonyms: f.p, Auth: f.auth, Now: func() time.Time { return f.now },
		Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})

	page := f.get("/staff/repairs")
	for _, want := range []string{
		`<th scope="col">Team told</th>`,
		"<td>yes, 09:02 Mon 2 Nov</td>",
		"<td>not yet (3 tries; last: 503 Service Unavailable)</td>",
		`<tr id="repair-R3" class="overdue"`,
		`<strong class="overdue-text">FAILED — phone the repairs team</strong><br><span class="hint">8 tries; last: 404 Not Found</span>`,
		`<span class="muted">not known</span>`,
		"the repairs team could not be told of 1 repair: phone them",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("repairs page lacks %q", want)
		}
	}
	if strings.Count(page, `class="overdue"`) != 1 {
		t.Error("only R3, whose hand-off failed, should be highlighted")
	}

	var rows []repairRow
	f.getJSON("/staff/api/repairs", &rows)
	got := map[string]repairRow{}
	for _, r := range rows {
		got[r.Ref] = r
	}
	if r := got["R1"]; r.HandOff != "sent" || r.HandOffAt == nil || !r.HandOffAt.Equal(sent) || r.HandOffDetail != "" {
		t.Errorf("R1 JSON hand-off %q %v %q, want sent at %v", r.HandOff, r.HandOffAt, r.HandOffDetail, sent)
	}
	if r := got["R2"]; r.HandOff != "waiting" || r.HandOffAt != nil || r.HandOffDetail != "3 tries; last: 503 Service Unavailable" {
		t.Errorf("R2 JSON hand-off %q %v %q", r.HandOff, r.HandOffAt, r.HandOffDetail)
	}
	if r := got["R3"]; r.HandOff != "failed" || r.HandOffDetail != "8 tries; last: 404 Not Found" {
		t.Errorf("R3 JSON hand-off %q %q", r.HandOff, r.HandOffDetail)
	}
	if r := got["R4"]; r.HandOff != "" || r.HandOffAt != nil {
		t.Errorf("R4 JSON hand-off %q %v, want not known", r.HandOff, r.HandOffAt)
	}

	csv := readCSV(t, f, "/staff/api/repairs.csv")
	col := map[string]int{}
	for i, name := range csv[0] {
		col[name] = i
	}
	want := map[string][3]string{
		"R1": {"sent", "2026-11-02 09:02:00", ""},
		"R2": {"waiting", "", "3 tries; last: 503 Service Unavailable"},
		"R3": {"failed", "", "8 tries; last: 404 Not Found"},
		"R4": {"", "", ""},
	}
	for _, row := range csv[1:] {
		w := want[row[col["ref"]]]
		if g := [3]string{row[col["handoff"]], row[col["handoff_at"]], row[col["handoff_detail"]]}; g != w {
			t.Errorf("CSV %s hand-off %q, want %q", row[col["ref"]], g, w)
		}
	}
	if len(csv) != 5 {
		t.Errorf("CSV has %d rows, want a header and 4", len(csv))
	}
}
