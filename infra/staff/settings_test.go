package staff

import (
	"strings"
	"testing"
)

// TestLandlordFigures: staff set the cost of a phone contact, of a repair
// visit and the exchange rate on the site; they are kept with who set them
// and when, and the dashboard, the API and the CSV use them, saying so
// beside the cost figures. Nonsense is refused and changes nothing.
func TestLandlordFigures(t *testing.T) {
	p := newPilot(t)
	q := p.periodQuery()
	var before struct {
		Cost struct {
			PhoneCalls  int     `json:"phone_calls_replaced"`
			PhoneTotal  float64 `json:"phone_total_gbp"`
			Avoided     int     `json:"repair_visits_avoided"`
			AvoidedGBP  float64 `json:"avoided_visits_gbp"`
			Assumptions struct {
				USDToGBP float64 `json:"usd_to_gbp"`
				SetBy    string  `json:"set_by"`
			} `json:"assumptions"`
		} `json:"cost"`
	}
	p.getJSON("/staff/api/summary?"+q, &before)
	if before.Cost.Assumptions.SetBy != "" || before.Cost.AvoidedGBP != 0 || before.Cost.Avoided == 0 {
		t.Fatalf("before any figures are set: %+v", before.Cost)
	}
	if !strings.Contains(p.get("/staff/?"+q), "defaults, not yet the landlord's own") {
		t.Error("the dashboard does not say its figures are defaults")
	}

	for _, bad := range []string{"phone_contact_gbp=abc", "phone_contact_gbp=-3", "usd_to_gbp=79"} {
		if w := p.do("POST", "/staff/settings", bad, "Sec-Fetch-Site", "same-origin"); w.Code != 400 {
			t.Errorf("POST %s: %d, want 400", bad, w.Code)
		}
	}
	w := p.do("POST", "/staff/settings", "phone_contact_gbp=%C2%A36.20&repair_visit_gbp=140&usd_to_gbp=0.75", "Sec-Fetch-Site", "same-origin")
	if w.Code != 303 {
		t.Fatalf("saving the figures: %d %s", w.Code, w.Body.String())
	}
	var set figuresJSON
	p.getJSON("/staff/api/settings", &set)
	if set.PhoneContactGBP != 6.20 || set.RepairVisitGBP != 140 || set.USDToGBP != 0.75 || set.SetBy != "staff" || set.SetAt == "" {
		t.Errorf("kept: %+v", set)
	}

	var after = before
	p.getJSON("/staff/api/summary?"+q, &after)
	c := after.Cost
	if c.PhoneTotal != float64(c.PhoneCalls)*6.20 || c.AvoidedGBP != float64(c.Avoided)*140 ||
		c.Assumptions.USDToGBP != 0.75 || c.Assumptions.SetBy != "staff" {
		t.Errorf("the summary does not use the figures: %+v", c)
	}
	page := p.get("/staff/?" + q)
	for _, want := range []string{"set by staff on", "(at £6.20 a phone contact)", "$1 = £0.75", "(at £140.00 a visit;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	csv := p.do("GET", "/staff/api/summary.csv?"+q, "").Body.String()
	for _, want := range []string{`cost,"assumption: cost of the same task by phone, pounds",,6.2`, `cost,"assumption: cost of a repair visit, pounds (0 = not set)",,140`,
		"cost,assumptions set by,,set by staff on "} {
		if !strings.Contains(csv, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, csv)
		}
	}
	if !strings.Contains(p.get("/staff/settings"), "Last set by <strong>staff</strong>") {
		t.Error("the settings page does not say who set the figures")
	}
}
