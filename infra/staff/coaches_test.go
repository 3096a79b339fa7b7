package staff

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCoachAvailability(t *testing.T) {
	p := newPilot(t)
	var slots []slotRow
	p.getJSON("/staff/api/slots", &slots)
	var booked, free *slotRow
	for i := range slots {
		if slots[i].Booked && booked == nil {
			booked = &slots[i]
		}
		if !slots[i].Booked && free == nil {
			free = &slots[i]
		}
	}
	if booked == nil || free == nil || booked.HouseholdRef != "HH-ADA" {
		t.Fatalf("the pilot should have a slot booked by HH-ADA and free ones: %+v", booked)
	}
	page := p.get("/staff/coaches")
	for _, want := range []string{"booked by <strong>HH-ADA</strong>", "Week of Monday", "Priya", "Sam", "1</strong> booked"} {
		if !strings.Contains(page, want) {
			t.Errorf("availability page lacks %q", want)
		}
	}

	// A free slot can be removed; a booked one cannot.
	w := p.do("POST", "/staff/coaches/slots/"+url.PathEscape(free.SlotID)+"/remove", "")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("remove free: %d %s", w.Code, w.Body.String())
	}
	if w := p.do("DELETE", "/staff/api/slots/"+url.PathEscape(booked.SlotID), ""); w.Code != http.StatusConflict ||
		!strings.Contains(w.Body.String(), "booked") {
		t.Errorf("remove booked: %d %s", w.Code, w.Body.String())
	}
	if w := p.do("DELETE", "/staff/api/slots/nobody@20260101T1000Z", ""); w.Code != http.StatusNotFound {
		t.Errorf("remove unknown: %d", w.Code)
	}
	var after []slotRow
	p.getJSON("/staff/api/slots", &after)
	if len(after) != len(slots)-1 {
		t.Fatalf("slots: %d, want %d", len(after), len(slots)-1)
	}

	// Laying out the roster again brings the removed time back, and only it.
	w = p.do("POST", "/staff/coaches/reseed", "")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/coaches?added=1" {
		t.Errorf("reseed: %d to %q", w.Code, w.Header().Get("Location"))
	}
	p.getJSON("/staff/api/slots", &after)
	if len(after) != len(slots) {
		t.Errorf("after reseeding: %d slots, want %d", len(after), len(slots))
	}
	if page := p.get("/staff/coaches?added=1"); !strings.Contains(page, "1 visit times added") {
		t.Error("the page does not say what reseeding added")
	}
}
