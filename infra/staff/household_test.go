package staff

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// TestHouseholdPage: every household reference on the lists links to the
// household's page, which tells what it did day by day in words (never
// ids), with its repairs, visits and readiness; an unknown id is 404.
func TestHouseholdPage(t *testing.T) {
	p := newPilot(t)
	ben := p.g.ID("HH-BEN")
	link := `<a href="/staff/households/` + ben + `">HH-BEN</a>`
	for list, marks := range map[string]string{
		"/staff/households":          "", // vulnerable has its own column there
		"/staff/repairs":             ` <span class="tag tag-vulnerable">vulnerable</span>`,
		"/staff/?" + p.periodQuery(): ` <span class="tag tag-vulnerable">vulnerable</span>`,
	} {
		if !strings.Contains(p.get(list), link+marks) {
			t.Errorf("%s does not link HH-BEN to its page", list)
		}
	}
	page := p.get("/staff/households/" + ben)
	for _, want := range []string{
		"<h1>Household HH-BEN", "<strong>Vulnerable</strong>", "What the household did, day by day",
		"Was given the safety advice for no heating, and it was saved as emergency",
		"reported a repair: a blocked sink, bath or shower in the kitchen, reference", "Readiness: <strong>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HH-BEN's page lacks %q", want)
		}
	}
	story := page[strings.Index(page, `id="story"`):strings.Index(page, `id="h-hh-repairs"`)]
	for _, id := range []string{"HEATING", "selffix", "emergency_advised", "_"} {
		if strings.Contains(story, id) {
			t.Errorf("the story shows the code %q:\n%s", id, story)
		}
	}
	if w := p.do("GET", "/staff/households/nobody", ""); w.Code != 404 {
		t.Errorf("an unknown household: %d", w.Code)
	}
}

// TestDashboardOutOfScope: what tenants asked for that Home Helper does not
// do shows on the dashboard by topic, in words; and in the household's story.
func TestDashboardOutOfScope(t *testing.T) {
	p := newPilot(t)
	ada := p.g.ID("HH-ADA")
	at := p.g.Period().Start().Add(30 * time.Hour)
	for i, topic := range []string{"RENT", "RENT", "PESTS", "PRIVACY", "WELLBEING"} {
		if err := p.store.RecordUsage(context.Background(), intents.UsageEvent{RequestID: fmt.Sprint("oos-", i), SessionID: fmt.Sprint("oos-s-", i),
			Time: at.Add(time.Duration(i) * time.Minute), HouseholdID: ada, RequestType: intents.IntentRequest,
			Intent: "OutOfScopeIntent", Outcome: intents.OutcomeOutOfScope, Slots: map[string]string{"topic": topic}}); err != nil {
			t.Fatal(err)
		}
	}
	page := p.get("/staff/?" + p.periodQuery())
	table := page[strings.Index(page, `id="t-asked"`):]
	table = table[:strings.Index(table, "</table>")]
	if !strings.Contains(table, `<th scope="row">Rent or payments</th><td class="num">2</td><td class="num">1</td>`) ||
		!strings.Contains(table, `<th scope="row">Pests</th><td class="num">1</td>`) || strings.Index(table, "Rent") > strings.Index(table, "Pests") {
		t.Errorf("the dashboard's out-of-scope table:\n%s", table)
	}
	story := p.get("/staff/households/" + ada)
	if !strings.Contains(story, "Asked about rent or payments, which Home Helper does not do") {
		t.Error("the household's story does not say what it asked for")
	}
	// Home Helper answers what it keeps itself: not "does not do".
	if !strings.Contains(story, "Asked about what is kept about them") || strings.Contains(story, "what is kept about them, which") {
		t.Error("the household's story does not say it asked what is kept, as something Home Helper answers")
	}
	// Feeling low is said as what the tenant was given, never as a topic
	// "Home Helper does not do".
	if !strings.Contains(story, "Was given Samaritans") || strings.Contains(story, "thoughts of harm, which") {
		t.Error("the household's story does not say the tenant was given Samaritans' number")
	}
}

// TestHouseholdPageShowsSkillDisabled: a tenant who turned Home Helper off
// in the Alexa app shows in the household's story, in words.
func TestHouseholdPageShowsSkillDisabled(t *testing.T) {
	p := newPilot(t)
	ada := p.g.ID("HH-ADA")
	at := p.g.Period().Start().Add(30 * time.Hour)
	if err := p.store.RecordUsage(context.Background(), intents.UsageEvent{RequestID: "disabled-1", Time: at, HouseholdID: ada,
		RequestType: intents.SkillDisabled, Flow: intents.FlowLink, Outcome: intents.OutcomeUnlinked}); err != nil {
		t.Fatal(err)
	}
	if story := p.get("/staff/households/" + ada); !strings.Contains(story, "Turned Home Helper off in the Alexa app, so its speakers were unlinked") {
		t.Error("the household's story does not say the skill was turned off")
	}
}
