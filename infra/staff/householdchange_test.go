package staff

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestChangeHousehold: from the household page, staff unmark a household
// vulnerable, give it a coach and a new link code; the lists show the
// change, the page says who made it, the new code links a speaker and the
// old one does not. A change from another site is refused.
func TestChangeHousehold(t *testing.T) {
	p := newPilot(t)
	ben := p.g.ID("HH-BEN")
	page := "/staff/households/" + ben
	if w := p.do("POST", page+"/details", "coach=", "Sec-Fetch-Site", "cross-site"); w.Code != 403 {
		t.Fatalf("a change from another site: %d", w.Code)
	}
	w := p.do("POST", page+"/details", "coach=sam", "Sec-Fetch-Site", "same-origin")
	if w.Code != 303 || w.Header().Get("Location") != page+"?changed=details#household-facts" {
		t.Fatalf("saving the details: %d %s", w.Code, w.Header().Get("Location"))
	}
	got := p.get(page + "?changed=details")
	for _, want := range []string{"Not marked vulnerable.", "Neighbourhood Coach: Sam.", "Last changed by staff, ", "Saved. Home Helper uses the change"} {
		if !strings.Contains(got, want) {
			t.Errorf("after unmarking vulnerable, the page lacks %q", want)
		}
	}
	if list := p.get("/staff/repairs"); strings.Contains(list, `>HH-BEN</a> <span class="tag tag-vulnerable">`) {
		t.Error("the repairs list still marks HH-BEN vulnerable")
	}
	if w := p.do("POST", page+"/details", "coach=nobody", "Sec-Fetch-Site", "same-origin"); w.Code != 400 {
		t.Errorf("an unknown coach: %d", w.Code)
	}

	old := p.household(t, ben).LinkCode
	w = p.do("POST", page+"/code", "", "Sec-Fetch-Site", "same-origin")
	if w.Code != 303 {
		t.Fatalf("a new code: %d %s", w.Code, w.Body.String())
	}
	h := p.household(t, ben)
	if h.LinkCode == "" || h.LinkCode == old || !h.CodeExpires.After(p.now.Add(13*24*time.Hour)) {
		t.Fatalf("the new code %q (was %q) until %v", h.LinkCode, old, h.CodeExpires)
	}
	if got := p.get(page + "?changed=code"); !strings.Contains(got, "A new link code is made: "+spaced(h.LinkCode)) ||
		!strings.Contains(got, `data-link-code="`+h.LinkCode+`"`) {
		t.Errorf("the page does not show the new code %s", h.LinkCode)
	}
	ctx := context.Background()
	if old != "" {
		if _, err := p.store.LinkSpeaker(ctx, old, "spk-new", p.now); err == nil {
			t.Error("the old code still links")
		}
	}
	if linked, err := p.store.LinkSpeaker(ctx, h.LinkCode, "spk-new", p.now); err != nil || linked.ID != ben {
		t.Errorf("the new code: %v %v", linked.ID, err)
	}

	// The API does the same.
	var row householdRow
	w = p.do("PATCH", "/staff/api/households/"+ben, `{"vulnerable": true, "coach": ""}`)
	if w.Code != 200 {
		t.Fatalf("PATCH: %d %s", w.Code, w.Body.String())
	}
	if h := p.household(t, ben); !h.Vulnerable || h.CoachID != "" {
		t.Errorf("after PATCH: %+v", row)
	}
	if w := p.do("POST", "/staff/api/households/nobody/code", ""); w.Code != 404 {
		t.Errorf("a code for nobody: %d", w.Code)
	}
}

// household is the stored household with id.
func (f *fixture) household(t *testing.T, id string) intents.Household {
	t.Helper()
	hs, err := f.store.ListHouseholds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.ID == id {
			return h
		}
	}
	t.Fatalf("no household %s", id)
	return intents.Household{}
}
