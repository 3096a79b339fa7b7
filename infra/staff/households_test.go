package staff

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

var linkCodeRE = regexp.MustCompile(`data-link-code="(\d{6})"`)

func TestEnrolFromThePage(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	form := url.Values{"ref": {" HH-0042 "}, "consent_date": {"2026-11-01"}, "vulnerable": {"1"}, "coach": {"priya"}}
	w := f.do("POST", "/staff/households", form.Encode())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("enrol: %d %s", w.Code, w.Body.String())
	}
	loc, _, _ := strings.Cut(w.Header().Get("Location"), "#")
	page := f.get(loc)
	m := linkCodeRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "HH-0042 is enrolled") {
		t.Fatalf("the page after enrolling shows no link code")
	}
	code := m[1]
	if !strings.Contains(page, "my code is "+spaced(code)) || !strings.Contains(page, "Alexa, open home helper") {
		t.Error("the page does not give the sentence the tenant says")
	}

	var rows []householdRow
	f.getJSON("/staff/api/households", &rows)
	if len(rows) != 1 {
		t.Fatalf("households: %+v", rows)
	}
	h := rows[0]
	if h.Ref != "HH-0042" || !h.Vulnerable || h.ConsentDate != "2026-11-01" || h.Coach != "priya" ||
		h.LinkState != linkWaiting || h.LinkCode != code || h.CodeExpires == nil || h.HouseholdID != f.p.Household("HH-0042") {
		t.Errorf("household as enrolled: %+v", h)
	}

	// The code links a speaker; then it is spent and no longer shown.
	tn := newTenant(t, f, code)
	f.now = f.now.Add(time.Hour)
	tn.ask("RepairStatusIntent", nil) // first use
	f.getJSON("/staff/api/households", &rows)
	if rows[0].LinkState != linkLinked || rows[0].LinkCode != "" || rows[0].LinkedAt == nil || rows[0].LastUsed == nil {
		t.Errorf("after linking and use: %+v", rows[0])
	}
	if page := f.get("/staff/households"); strings.Contains(page, code) {
		t.Error("a spent code is still shown")
	}
}

func TestEnrolRefusals(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	if w := f.do("POST", "/staff/households", "ref=HH-1&consent_date=2026-11-01"); w.Code != http.StatusSeeOther {
		t.Fatalf("enrol: %d", w.Code)
	}
	for _, tt := range []struct {
		form url.Values
		code int
		says string
	}{
		{url.Values{"ref": {"HH-1"}, "consent_date": {"2026-11-01"}}, http.StatusConflict, "HH-1 is already enrolled (since 2 November 2026)"},
		{url.Values{"ref": {"  "}, "consent_date": {"2026-11-01"}}, http.StatusBadRequest, "Give the household&#39;s reference"},
		{url.Values{"ref": {"HH-2"}}, http.StatusBadRequest, "Give the date the household gave its consent"},
		{url.Values{"ref": {"HH-2"}, "consent_date": {"1 Nov"}}, http.StatusBadRequest, "is not a date"},
		{url.Values{"ref": {"HH-2"}, "consent_date": {"2027-01-01"}}, http.StatusBadRequest, "in the future"},
		{url.Values{"ref": {"HH-2"}, "consent_date": {"2026-11-01"}, "coach": {"nobody"}}, http.StatusBadRequest, "There is no coach"},
		{url.Values{"ref": {strings.Repeat("H", 41)}, "consent_date": {"2026-11-01"}}, http.StatusBadRequest, "at most 40 characters"},
		{url.Values{"ref": {"HH-2!"}, "consent_date": {"2026-11-01"}}, http.StatusBadRequest, "may hold only letters, digits, spaces and"},
	} {
		w := f.do("POST", "/staff/households", tt.form.Encode())
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.says) {
			t.Errorf("%v: %d, want %d saying %q", tt.form, w.Code, tt.code, tt.says)
		}
		// What was typed is kept for correcting.
		if ref := strings.TrimSpace(tt.form.Get("ref")); ref != "" && !strings.Contains(w.Body.String(), `value="`+ref+`"`) {
			t.Errorf("%v: the form lost the reference", tt.form)
		}
	}
	var rows []householdRow
	f.getJSON("/staff/api/households", &rows)
	if len(rows) != 1 {
		t.Errorf("refused enrolments added households: %d", len(rows))
	}

	// The API says the same in JSON, and refuses what a form cannot send.
	for _, ref := range []string{`HH\u001b]0;owned\u0007`, `HH\u0000`, `HH-1\r\nHH-2`, `HH-\u202e2400`} {
		w := f.do("POST", "/staff/api/households", `{"ref":"`+ref+`","consent_date":"2026-11-01"}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "may hold only letters") {
			t.Errorf("API enrol of %s: %d %s, want 400", ref, w.Code, w.Body.String())
		}
	}

	w := f.do("POST", "/staff/api/households", `{"ref":"HH-1","consent_date":"2026-11-01"}`)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "already enrolled") {
		t.Errorf("API duplicate: %d %s", w.Code, w.Body.String())
	}
	w = f.do("POST", "/staff/api/households", `{"ref":"HH-3","consent_date":"2026-11-01","vulnerable":true}`)
	var h householdRow
	if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &h) != nil || len(h.LinkCode) != 6 || !h.Vulnerable {
		t.Errorf("API enrol: %d %s", w.Code, w.Body.String())
	}
}

// TestWithdraw: a confirmation that says what is erased, then the
// household's personal data is gone and its events stay, anonymous.
func TestWithdraw(t *testing.T) {
	p := newPilot(t)
	id := p.g.ID("HH-ADA")
	ctx := context.Background()
	before := p.store.All()
	mine := 0
	for _, e := range before {
		if e.HouseholdID == id {
			mine++
		}
	}
	if mine == 0 {
		t.Fatal("HH-ADA should have used it")
	}

	confirm := p.get("/staff/households/" + id + "/withdraw")
	for _, want := range []string{"Withdraw HH-ADA from the test?", "This cannot be undone", "repairs reported by voice",
		"coach visit still to come", "stays in the test's figures", `name="confirm" value="yes"`} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation page does not say %q", want)
		}
	}
	// Without the confirmation, nothing happens.
	if w := p.do("POST", "/staff/households/"+id+"/withdraw", ""); w.Code != http.StatusSeeOther ||
		!strings.HasSuffix(w.Header().Get("Location"), "/withdraw") {
		t.Errorf("unconfirmed: %d to %q", w.Code, w.Header().Get("Location"))
	}
	w := p.do("POST", "/staff/households/"+id+"/withdraw", "confirm=yes")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/households?withdrawn=1" {
		t.Fatalf("withdraw: %d to %q", w.Code, w.Header().Get("Location"))
	}
	if page := p.get("/staff/households?withdrawn=1"); strings.Contains(page, "HH-ADA") || !strings.Contains(page, "was withdrawn") {
		t.Error("the list still shows HH-ADA, or does not confirm")
	}
	after := p.store.All()
	if len(after) != len(before) {
		t.Errorf("events: %d before, %d after; withdrawal must keep them", len(before), len(after))
	}
	for _, e := range after {
		if e.HouseholdID == id {
			t.Errorf("event %s still names the household", e.RequestID)
		}
	}
	repairs, err := p.store.ListRepairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repairs {
		if r.HouseholdID == id {
			t.Errorf("repair %s kept", r.Ref)
		}
	}
	var slots []slotRow
	p.getJSON("/staff/api/slots", &slots)
	for _, s := range slots {
		if s.Booked {
			t.Errorf("slot %s still booked", s.SlotID)
		}
	}
	if w := p.do("GET", "/staff/households/"+id+"/withdraw", ""); w.Code != http.StatusNotFound {
		t.Errorf("withdrawing again: %d", w.Code)
	}

	// The API does the same.
	ben := p.g.ID("HH-BEN")
	if w := p.do("DELETE", "/staff/api/households/"+ben, ""); w.Code != http.StatusNoContent {
		t.Errorf("DELETE: %d %s", w.Code, w.Body.String())
	}
	if w := p.do("DELETE", "/staff/api/households/"+ben, ""); w.Code != http.StatusNotFound {
		t.Errorf("DELETE again: %d", w.Code)
	}
	hs, err := p.store.ListHouseholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.ID == id || h.ID == ben {
			t.Errorf("%s is still enrolled", h.Ref)
		}
	}
	if len(hs) == 0 {
		t.Fatal("every household went")
	}
}

// TestHouseholdsListRecentEmergency: a household that reported an
// emergency in the last 30 days is marked so on the households list, its
// CSV and its own page; one whose emergency is older is not.
func TestHouseholdsListRecentEmergency(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	ids := map[string]string{}
	for ref, ago := range map[string]time.Duration{"HH-NEW": 24 * time.Hour, "HH-OLD": 40 * 24 * time.Hour} {
		h, err := intents.Enrol(ctx, f.store, f.p, intents.Enrolling{Ref: ref}, f.now.Add(-50*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ids[ref] = h.ID
		if err := f.store.SaveRepair(ctx, intents.Repair{Ref: "E" + ref[3:], HouseholdID: h.ID, Problem: "GAS_SMELL",
			Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: f.now.Add(-ago)}); err != nil {
			t.Fatal(err)
		}
	}
	const tag = ` <span class="tag tag-emergency">emergency in the last 30 days</span>`
	list := f.get("/staff/households")
	if !strings.Contains(list, `>HH-NEW</a>`+tag) || strings.Contains(list, `>HH-OLD</a>`+tag) {
		t.Error("the households list does not mark only HH-NEW's recent emergency")
	}
	if page := f.get("/staff/households/" + ids["HH-NEW"]); !strings.Contains(page, "<h1>Household HH-NEW"+tag) {
		t.Error("HH-NEW's page does not mark its recent emergency")
	}
	csv := f.get("/staff/api/households.csv")
	if !regexp.MustCompile(`HH-NEW,[^\r\n]*,yes\r\n`).MatchString(csv) || !regexp.MustCompile(`HH-OLD,[^\r\n]*,no\r\n`).MatchString(csv) {
		t.Errorf("the CSV's recent_emergency column:\n%s", csv)
	}
}
