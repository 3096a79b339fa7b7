package staff

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/intents/memstore"
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
	for _, want := range []string{`booked by <strong><a href="/staff/households/` + p.g.ID("HH-ADA") + `">HH-ADA</a></strong>`, "Week of Monday", "Priya", "Sam", "1</strong> booked"} {
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

// contactStore adds coach contacts to the in-memory store, as the SQLite
// and DynamoDB stores have them.
type contactStore struct {
	*memstore.Store
	mu       sync.Mutex
	contacts map[string]string
}

func (c *contactStore) CoachContact(_ context.Context, id string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.contacts[id], nil
}

func (c *contactStore) SetCoachContact(_ context.Context, id, u string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u == "" {
		delete(c.contacts, id)
	} else {
		c.contacts[id] = u
	}
	return nil
}

func (c *contactStore) ListCoachContacts(context.Context) (map[string]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.contacts), nil
}

func TestCoachContactForm(t *testing.T) {
	p := newPilot(t)
	// Without contacts in the store, the page has no contact forms, and
	// posting one is refused.
	if page := p.get("/staff/coaches"); strings.Contains(page, "contact_url") {
		t.Error("contact forms shown for a store that does not keep contacts")
	}
	if w := p.do("POST", "/staff/coaches/contacts", "contact_coach=sam&contact_url="+url.QueryEscape("https://sam.example/hook")); w.Code != http.StatusBadRequest {
		t.Errorf("setting a contact on a store without them: %d", w.Code)
	}

	cs := &contactStore{Store: p.store, contacts: map[string]string{}}
	p.site = Handler(Options{Store: cs, Pseudonyms: p.p, Auth: p.auth, Now: func() time.Time { return p.now },
		Roster: newRoster(t), Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})
	page := p.get("/staff/coaches")
	for _, want := range []string{`name="contact_coach" value="sam"`, `name="contact_coach" value="priya"`, "Week of Monday"} {
		if !strings.Contains(page, want) {
			t.Errorf("coaches page lacks %q", want)
		}
	}

	cookie := p.signIn()
	post := func(form url.Values, hdr ...string) *httptest.ResponseRecorder {
		t.Helper()
		if len(hdr) == 0 {
			hdr = []string{"Cookie", cookie.String(), "Sec-Fetch-Site", "same-origin"}
		}
		return p.do("POST", "/staff/coaches/contacts", form.Encode(), hdr...)
	}
	// Set, then shown.
	w := post(url.Values{"contact_coach": {"sam"}, "contact_url": {" https://sam.example/visits?k=1 "}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/staff/coaches?contact=sam" {
		t.Fatalf("set: %d %q %s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	if got := cs.contacts["sam"]; got != "https://sam.example/visits?k=1" {
		t.Errorf("stored %q", got)
	}
	page = p.get("/staff/coaches?contact=sam")
	for _, want := range []string{`value="https://sam.example/visits?k=1"`, "Saved where Sam&#39;s visits are handed off"} {
		if !strings.Contains(page, want) {
			t.Errorf("after setting, the page lacks %q", want)
		}
	}

	// Refused: not https, no host, credentials, an unknown coach.
	for _, bad := range []url.Values{
		{"contact_coach": {"priya"}, "contact_url": {"http://priya.example/hook"}},
		{"contact_coach": {"priya"}, "contact_url": {"ftp://priya.example/hook"}},
		{"contact_coach": {"priya"}, "contact_url": {"priya.example/hook"}},
		{"contact_coach": {"priya"}, "contact_url": {"https://user:pw@priya.example/hook"}},
		{"contact_coach": {"nobody"}, "contact_url": {"https://nobody.example/hook"}},
	} {
		w := post(bad)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "There is a problem") {
			t.Errorf("%v: %d, want 400 with the problem shown", bad, w.Code)
		}
	}
	if len(cs.contacts) != 1 {
		t.Errorf("refused addresses were stored: %v", cs.contacts)
	}

	// Authorization is unchanged: no sign-in, or another site, is refused.
	set := url.Values{"contact_coach": {"priya"}, "contact_url": {"https://evil.example/hook"}}
	if w := post(set, "auth", "none"); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/staff/signin") {
		t.Errorf("signed out: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := post(set, "Cookie", cookie.String(), "Sec-Fetch-Site", "cross-site"); w.Code != http.StatusForbidden {
		t.Errorf("cross-site: %d", w.Code)
	}
	if _, ok := cs.contacts["priya"]; ok {
		t.Error("an unauthorized request set a contact")
	}

	// Clearing goes back to the shared address.
	if w := post(url.Values{"contact_coach": {"sam"}, "contact_url": {"https://sam.example/visits?k=1"}, "clear": {"1"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("clear: %d %s", w.Code, w.Body.String())
	}
	if len(cs.contacts) != 0 {
		t.Errorf("after clearing: %v", cs.contacts)
	}
	// The roster's reseed, beside it, still works.
	if w := p.do("POST", "/staff/coaches/reseed", "", "Cookie", cookie.String(), "Sec-Fetch-Site", "same-origin"); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/staff/coaches?added=") {
		t.Errorf("reseed: %d %q", w.Code, w.Header().Get("Location"))
	}
}

func newRoster(t *testing.T) *intents.Roster {
	t.Helper()
	rf, err := content.Coaches()
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	roster, err := intents.ReadRoster(rf)
	if err != nil {
		t.Fatal(err)
	}
	return &roster
}

// TestPastSlotsAreNotFree: the availability page starts at midnight, so a
// free time earlier today has passed: it is marked so, has no Remove
// button, and is not counted among the free ones tenants are offered.
func TestPastSlotsAreNotFree(t *testing.T) {
	p := newPilot(t)
	var slots []slotRow
	p.getJSON("/staff/api/slots", &slots)
	free, past := 0, 0
	for _, s := range slots {
		switch {
		case s.Booked && s.Past:
			t.Errorf("booked slot %s marked past", s.SlotID)
		case s.Booked:
		case !s.Start.After(p.now):
			past++
			if !s.Past {
				t.Errorf("slot %s at %s, before now (%s), not marked past", s.SlotID, s.Start, p.now)
			}
		default:
			free++
			if s.Past {
				t.Errorf("slot %s at %s, after now, marked past", s.SlotID, s.Start)
			}
		}
	}
	if past == 0 {
		t.Fatalf("no slot earlier today to test with (now %s)", p.now)
	}
	page := p.get("/staff/coaches")
	if !strings.Contains(page, fmt.Sprintf("<strong>%d</strong> free", free)) || !strings.Contains(page, "passed, not booked") {
		t.Errorf("the page should count %d free (not the %d passed) and mark the passed ones", free, past)
	}
}
