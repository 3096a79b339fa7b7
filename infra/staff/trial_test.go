package staff

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

func TestTrialDates(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	page := f.get("/staff/trial")
	if !strings.Contains(page, "No dates are set, so it is always open") {
		t.Error("with no dates the page should say the trial is always open")
	}
	w := f.do("POST", "/staff/trial", "start=2026-10-19&end=2026-11-29")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/trial?saved=1" {
		t.Fatalf("save: %d %q", w.Code, w.Header().Get("Location"))
	}
	tr, err := f.store.TrialDates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if dayOf(tr.Start) != "2026-10-19" || dayOf(tr.End) != "2026-11-29" {
		t.Errorf("stored %v to %v", tr.Start, tr.End)
	}
	page = f.get("/staff/trial?saved=1")
	for _, want := range []string{"The trial dates are saved", "from Monday 19 October 2026 to Sunday 29 November 2026", "<strong>open</strong>", `value="2026-10-19"`} {
		if !strings.Contains(page, want) {
			t.Errorf("trial page lacks %q", want)
		}
	}

	if w := f.do("POST", "/staff/trial", "start=2026-11-29&end=2026-10-19"); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "end before it starts") || !strings.Contains(w.Body.String(), `value="2026-11-29"`) {
		t.Errorf("end before start: %d", w.Code)
	}
	if w := f.do("POST", "/staff/trial", "start=19/10/2026"); w.Code != http.StatusBadRequest {
		t.Errorf("not a date: %d", w.Code)
	}

	w = f.do("PUT", "/staff/api/trial", `{"start":"2026-12-01","end":""}`)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"start": "2026-12-01"`) {
		t.Errorf("PUT: %d %s", w.Code, w.Body.String())
	}
	var got trialDates
	f.getJSON("/staff/api/trial", &got)
	if got != (trialDates{Start: "2026-12-01"}) {
		t.Errorf("GET after PUT: %+v", got)
	}
	if page := f.get("/staff/trial"); !strings.Contains(page, "<strong>closed</strong>") {
		t.Error("before its start the trial should show as closed today")
	}

	if w := f.do("POST", "/staff/trial", "clear=1&start=2026-10-01"); w.Code != http.StatusSeeOther {
		t.Errorf("clear: %d", w.Code)
	}
	f.getJSON("/staff/api/trial", &got)
	if got != (trialDates{}) {
		t.Errorf("after clearing: %+v", got)
	}
}

var spaces = regexp.MustCompile(`\s+([.,])|\s+`)

func normalise(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllStringFunc(s, func(m string) string { return strings.TrimSpace(m) + " " }))
}

// TestWhatTenantsHearOutsideTheTrial: the page quotes what the real
// conversation says before the trial starts and after it ends.
func TestWhatTenantsHearOutsideTheTrial(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	h, err := intents.Enrol(context.Background(), f.store, f.p, intents.Enrolling{Ref: "HH-0042"}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	tn := newTenant(t, f, h.LinkCode)
	for _, tt := range []struct {
		start, end string
		id         string
	}{
		{"2026-11-09", "2026-12-31", "before-start"},
		{"2026-10-01", "2026-10-31", "after-end"},
	} {
		if w := f.do("PUT", "/staff/api/trial", `{"start":"`+tt.start+`","end":"`+tt.end+`"}`); w.Code != http.StatusOK {
			t.Fatalf("PUT: %d", w.Code)
		}
		f.now = f.now.Add(2 * time.Minute) // past the skill's minute of caching the dates
		heard := tn.ask("RepairStatusIntent", nil)
		page := f.get("/staff/trial")
		m := regexp.MustCompile(`<blockquote id="` + tt.id + `">([^<]*)</blockquote>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no %s quote on the page", tt.id)
		}
		quoted := strings.ReplaceAll(m[1], "&#39;", "'")
		if normalise(quoted) != normalise(heard) {
			t.Errorf("%s:\n page says %q\n tenant hears %q", tt.id, normalise(quoted), normalise(heard))
		}
	}
}

// TestTrialLongerThanRetentionIsRefused: the usage log must outlive the
// trial by its reporting period, or the evaluation loses its evidence.
func TestTrialLongerThanRetentionIsRefused(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	w := f.do("PUT", "/staff/api/trial", `{"start":"2026-11-01","end":"2028-10-31"}`)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "reporting period") {
		t.Errorf("two-year trial with 400-day retention: %d %s", w.Code, w.Body.String())
	}
	if w := f.do("PUT", "/staff/api/trial", `{"start":"2026-11-01","end":"2027-04-30"}`); w.Code != http.StatusOK {
		t.Errorf("six-month trial: %d %s", w.Code, w.Body.String())
	}
}
