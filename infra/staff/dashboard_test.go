package staff

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/evaluation/evaltest"
	"github.com/homehelper/homehelper/intents"
)

// TestSummaryIsTheEvaluation: the API's summary is the evaluation of the
// usage log the real conversation wrote, as evaltest works it out from what
// was done — so the view passes the right events (from the start of the
// test, not only the period's) and the right households.
func TestSummaryIsTheEvaluation(t *testing.T) {
	p := newPilot(t)
	var got evaluation.Report
	p.getJSON("/staff/api/summary?"+p.periodQuery(), &got)

	want := p.g.Want(evaluation.Options{Period: p.g.Period(), Now: p.now})
	blank := got
	blank.Readiness = append([]evaluation.Readiness(nil), got.Readiness...)
	for i := range blank.Readiness {
		blank.Readiness[i].Reason = "" // Want leaves the words out
	}
	for _, d := range evaltest.Diff(blank, want) {
		t.Errorf("summary differs from what was done: %s", d)
	}
	for _, d := range evaltest.Diff(got, p.report(false)) {
		t.Errorf("summary differs from evaluation.Compute: %s", d)
	}
	if got.TakeUp.Requests == 0 || got.Outcomes.RepairVisitsAvoided == 0 || len(got.Readiness) == 0 {
		t.Fatalf("the pilot should give non-zero figures: %+v", got.TakeUp)
	}

	// A later period still sees households' history: readiness looks back
	// to the start of the test.
	last := p.g.Period().To
	var late evaluation.Report
	p.getJSON("/staff/api/summary?from="+last.AddDate(0, 0, -6).Format(time.DateOnly)+"&to="+last.Format(time.DateOnly), &late)
	lateWant := p.g.Want(evaluation.Options{Period: evaluation.Period{From: last.AddDate(0, 0, -6), To: last}, Now: p.now})
	for i := range late.Readiness {
		late.Readiness[i].Reason = ""
	}
	for _, d := range evaltest.Diff(late, lateWant) {
		t.Errorf("last week's summary: %s", d)
	}

	var demo evaluation.Report
	p.getJSON("/staff/api/summary?demo=1&"+p.periodQuery(), &demo)
	if !demo.IncludeDemo || demo.TakeUp.Requests <= got.TakeUp.Requests {
		t.Errorf("demo=1: include_demo %v, requests %d (without: %d)", demo.IncludeDemo, demo.TakeUp.Requests, got.TakeUp.Requests)
	}
}

func TestSummaryPeriod(t *testing.T) {
	p := newPilot(t)
	per := p.g.Period()

	// Without dates: the trial's, which ended before today.
	var r evaluation.Report
	p.getJSON("/staff/api/summary", &r)
	if r.Period.From != per.From.Format(time.DateOnly) || r.Period.To != per.To.Format(time.DateOnly) {
		t.Errorf("default period %s to %s, want the trial's %v to %v", r.Period.From, r.Period.To, per.From, per.To)
	}

	// A trial still running: from its start to today.
	ctx := context.Background()
	if err := p.store.SetTrialDates(ctx, intents.Trial{Start: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC),
		End: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	p.getJSON("/staff/api/summary", &r)
	today := p.now.In(p.g.Location()).Format(time.DateOnly)
	if r.Period.From != "2026-10-19" || r.Period.To != today {
		t.Errorf("running trial: %s to %s, want 2026-10-19 to %s", r.Period.From, r.Period.To, today)
	}

	// No trial dates: the last 30 days.
	if err := p.store.SetTrialDates(ctx, intents.Trial{}); err != nil {
		t.Fatal(err)
	}
	p.getJSON("/staff/api/summary", &r)
	if r.Period.To != today || r.Period.Days != defaultDays {
		t.Errorf("no trial: %s to %s (%d days), want 30 days to %s", r.Period.From, r.Period.To, r.Period.Days, today)
	}

	for _, q := range []string{"from=2026-11-40&to=2026-11-02", "from=2026-11-05&to=2026-11-01", "from=2020-01-01&to=2026-11-01"} {
		if w := p.do("GET", "/staff/api/summary?"+q, ""); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, w.Code)
		}
		if w := p.do("GET", "/staff/?"+q, ""); w.Code != http.StatusBadRequest {
			t.Errorf("page %s: %d, want 400", q, w.Code)
		}
	}
}

// measureRE finds every figure the dashboard shows with the measure it is
// (its path in the summary's JSON) and how it is written.
var measureRE = regexp.MustCompile(`<(\w+)[^>]*\sdata-measure="([^"]+)"[^>]*\sdata-format="([^"]+)"[^>]*>([^<]*)</(\w+)>`)

// TestDashboardShowsTheAPIFigures reads every figure on the dashboard that
// names its measure and checks it against the API's JSON, and checks the
// headline figures are all there.
func TestDashboardShowsTheAPIFigures(t *testing.T) {
	p := newPilot(t)
	for _, q := range []string{p.periodQuery(), p.periodQuery() + "&demo=1", "from=2026-11-23&to=2026-11-29"} {
		t.Run(q, func(t *testing.T) {
			var api any
			p.getJSON("/staff/api/summary?"+q, &api)
			page := p.get("/staff/?" + q)
			seen := map[string]bool{}
			n := 0
			for _, m := range measureRE.FindAllStringSubmatch(page, -1) {
				path, format, text := m[2], m[3], strings.TrimSpace(html.UnescapeString(m[4]))
				seen[path] = true
				n++
				v, err := lookup(api, path)
				if err != nil {
					t.Errorf("%s: %v", path, err)
					continue
				}
				if err := shows(api, path, format, text, v); err != nil {
					t.Errorf("%s: the page shows %q, the API says %v: %v", path, text, v, err)
				}
			}
			for _, path := range []string{
				"take_up.enrolled_households", "take_up.active_households", "take_up.sessions", "take_up.requests",
				"outcomes.repairs_reported", "outcomes.emergencies_advised", "outcomes.repair_visits_avoided",
				"outcomes.visits_booked", "understanding.not_understood.value", "satisfaction.given",
				"completion.repair.rate.value", "completion.guides.rate.value", "completion.booking.rate.value",
				"cost.per_task_gbp", "cost.phone_per_task_gbp", "cost.estimated_saving_gbp",
			} {
				if !seen[path] {
					t.Errorf("the dashboard does not show %s", path)
				}
			}
			if n < 100 {
				t.Errorf("only %d figures found on the page: is the pattern still right?", n)
			}
		})
	}
}

// TestDashboardSaysWhoNeedsAVisit: the households a coach should visit are
// listed at the top, by their reference, and the band counts add up.
func TestDashboardSaysWhoNeedsAVisit(t *testing.T) {
	p := newPilot(t)
	var r evaluation.Report
	p.getJSON("/staff/api/summary?"+p.periodQuery(), &r)
	page := p.get("/staff/?" + p.periodQuery())
	start, end := strings.Index(page, `id="h-visit"`), strings.Index(page, `id="h-queue"`)
	if start < 0 || end < start {
		t.Fatal("no 'who needs a coach's visit' section before the repairs")
	}
	visit := page[start:end]
	counts := map[evaluation.Band]int{}
	need := 0
	for _, h := range r.Readiness {
		counts[h.Band]++
		inList := strings.Contains(visit, ">"+h.Ref+"<")
		if h.Band == evaluation.NotStarted || h.Band == evaluation.NeedsSupport {
			need++
			if !inList {
				t.Errorf("%s (%s) is not in the visit list", h.Ref, h.Band)
			}
		} else if inList {
			t.Errorf("%s (%s) is in the visit list", h.Ref, h.Band)
		}
	}
	if need == 0 {
		t.Fatal("the pilot should have households who need a visit")
	}
	for _, b := range evaluation.Bands {
		want := fmt.Sprintf(`data-band-count="%s">%d<`, b, counts[b])
		if !strings.Contains(page, want) {
			t.Errorf("band %s: want %s on the page", b, want)
		}
	}
	if strings.Index(page, `id="h-visit"`) > strings.Index(page, `id="h-time"`) {
		t.Error("who needs a visit should come before the charts")
	}
}

// TestDashboardCountsTryIt: practice requests are left out, and the page
// says how many, with a link that counts them.
func TestDashboardCountsTryIt(t *testing.T) {
	p := newPilot(t)
	demo := 0
	per := p.g.Period()
	for _, e := range p.store.All() {
		if e.Demo && e.RequestType != intents.SessionEndedRequest && per.Contains(e.Time) {
			demo++
		}
	}
	if demo == 0 {
		t.Fatal("the pilot should have try-it requests")
	}
	page := p.get("/staff/?" + p.periodQuery())
	if !strings.Contains(page, fmt.Sprintf("%d requests from the try-it page are not counted", demo)) {
		t.Errorf("the page does not say the %d try-it requests are left out", demo)
	}
	counted := p.get("/staff/?demo=1&" + p.periodQuery())
	if strings.Contains(counted, "are not counted") || !strings.Contains(counted, `id="demo" name="demo" value="1" checked`) {
		t.Error("with demo=1 the page should count them and tick the box")
	}
}

// TestDashboardWithNothingYet: a new pilot with no households or use
// shows zeros and "no data", not errors.
func TestDashboardWithNothingYet(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
	page := f.get("/staff/")
	for _, want := range []string{"No households are enrolled yet", "no data", "No ratings yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("empty dashboard does not say %q", want)
		}
	}
}

// lookup follows a dotted path ("take_up.weeks.2.requests") in decoded JSON.
func lookup(v any, path string) (any, error) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[part]
			if !ok {
				return nil, fmt.Errorf("no field %q", part)
			}
			v = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("no item %q", part)
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("%q is not inside an object or list", part)
		}
	}
	return v, nil
}

// shows checks a figure's text is its value as the page writes it.
func shows(api any, path, format, text string, v any) error {
	if format == "text" {
		if s, _ := v.(string); s != text {
			return fmt.Errorf("want %q", s)
		}
		return nil
	}
	x, ok := v.(float64)
	if !ok {
		return fmt.Errorf("not a number")
	}
	var want string
	switch format {
	case "int":
		want = num(int(x))
	case "pct":
		den, err := lookup(api, strings.TrimSuffix(path, ".value")+".denominator")
		if err != nil {
			return err
		}
		want = strconv.FormatFloat(math.Round(100*x), 'f', 0, 64) + "%"
		if den.(float64) == 0 {
			want = "no data"
		}
	case "dec1":
		want = strconv.FormatFloat(x, 'f', 1, 64)
	case "gbp":
		want = money(x)
	default:
		return fmt.Errorf("unknown format %q", format)
	}
	if text != want {
		return fmt.Errorf("want %q", want)
	}
	return nil
}

// TestFormats pins how figures are written, since the dashboard test
// compares through them.
func TestFormats(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := num(in); got != want {
			t.Errorf("num(%d) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[float64]string{0: "£0.00", 4.5: "£4.50", 1234.567: "£1,234.57", 0.999: "£1.00", 0.00039: "0.039p", -58.5: "−£58.50"} {
		if got := money(in); got != want {
			t.Errorf("money(%v) = %q, want %q", in, got, want)
		}
	}
	if got := pct(evaluation.Ratio{}); got != "no data" {
		t.Errorf("pct of nothing = %q", got)
	}
	if got := pct(evaluation.Ratio{Value: 4.0 / 7, Numerator: 4, Denominator: 7}); got != "57%" {
		t.Errorf("pct(4 of 7) = %q", got)
	}
	for d, want := range map[time.Duration]string{time.Minute: "under an hour", time.Hour: "1 hour", 30 * time.Hour: "30 hours", 49 * time.Hour: "2 days"} {
		if got := age(d); got != want {
			t.Errorf("age(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestEventsAPI(t *testing.T) {
	p := newPilot(t)
	var evs []intents.UsageEvent
	p.getJSON("/staff/api/events?"+p.periodQuery(), &evs)
	per := p.g.Period()
	want := 0
	for _, e := range p.store.All() {
		if per.Contains(e.Time) {
			want++
		}
	}
	if len(evs) != want || want == 0 {
		t.Errorf("events: %d, want %d (try-it included)", len(evs), want)
	}
}

// TestDownloadsKeepTheChosenDays: the dashboard's download links carry the
// days on show as a query string a browser sends, and following each one
// gives the figures for exactly those days (a board pack for one week must
// not silently cover a month).
func TestDownloadsKeepTheChosenDays(t *testing.T) {
	p := newPilot(t)
	page := p.get("/staff/?from=2026-11-09&to=2026-11-15&demo=1")
	hrefs := regexp.MustCompile(`href="(/staff/api/[a-z]+\.csv\?[^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(hrefs) < 2 {
		t.Fatalf("found %d download links on the dashboard", len(hrefs))
	}
	for _, m := range hrefs {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if q.Get("from") != "2026-11-09" || q.Get("to") != "2026-11-15" || q.Get("demo") != "1" {
			t.Errorf("%s carries %v; want the days on show", m[1], q)
		}
	}
	w := p.do("GET", "/staff/api/summary.csv?from=2026-11-09&to=2026-11-15", "")
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "2026-11-09-to-2026-11-15") {
		t.Errorf("summary.csv for one week is named %q", cd)
	}
}

// TestPartWeeksSayTheirDays: a period that ends mid-week plots its last
// week with the days it covers in its label, so its shorter bar is not
// read as a week of less use.
func TestPartWeeksSayTheirDays(t *testing.T) {
	p := newPilot(t)
	page := p.get("/staff/?from=2026-11-09&to=2026-11-18")
	if !strings.Contains(page, "16 Nov (3 of 7 days)") {
		t.Errorf("the week of 16 November, three days of it in the period, is not labelled so")
	}
	if strings.Contains(page, "9 Nov (") {
		t.Errorf("the whole week of 9 November is labelled as a part week")
	}
}

// TestOtherSaysWhatWasNotUnderstood: "Other" holds conversations ending and
// requests not understood; the table says how many of it were not
// understood, from the understanding figures, and the chart leaves that
// row out.
func TestOtherSaysWhatWasNotUnderstood(t *testing.T) {
	p := newPilot(t)
	var r evaluation.Report
	p.getJSON("/staff/api/summary?"+p.periodQuery(), &r)
	want, other := -1, 0
	for _, n := range r.Understanding.NotUnderstoodByFlow {
		if n.Name == "other" {
			want = n.Count
		}
	}
	for _, f := range r.Use.Flows {
		if f.Name == "other" {
			other = f.Requests
		}
	}
	if want <= 0 {
		t.Fatalf("the pilot has no request not understood outside a task: %+v", r.Understanding.NotUnderstoodByFlow)
	}
	// The Other row is broken down by what happened: the parts add up to
	// it, goodbyes apart from what was not understood.
	page := p.get("/staff/?" + p.periodQuery())
	rows := regexp.MustCompile(`<tr class="sub"><th scope="row">of which: ([^<]+)</th><td[^>]*>(\d+)</td>`).FindAllStringSubmatch(page, -1)
	got, sum := map[string]int{}, 0
	for _, row := range rows {
		n, _ := strconv.Atoi(row[2])
		got[row[1]] = n
		sum += n
	}
	if got["Home Helper did not understand"] != want || got["The tenant said stop"] == 0 || sum != other {
		t.Errorf("the Other row (%d requests) is broken down as %v; want %d not understood, some stops, adding up", other, got, want)
	}
	if _, ok := got["counted before this was kept apart"]; ok {
		t.Error("a log folded afresh has requests counted before the breakdown was kept")
	}
}

// countingStore counts the report computations running at once.
type countingStore struct {
	Store
	mu        sync.Mutex
	now, most int
	hold      chan struct{}
	entered   chan struct{}
}

func (c *countingStore) UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error) {
	c.mu.Lock()
	c.now++
	c.most = max(c.most, c.now)
	c.mu.Unlock()
	c.entered <- struct{}{}
	<-c.hold
	defer func() {
		c.mu.Lock()
		c.now--
		c.mu.Unlock()
	}()
	return c.Store.UsageRollups(ctx, since, from, to, includeDemo)
}

// TestDashboardsAtOnceShareTheCPUs: more dashboards at once than there
// are CPUs are all answered, but no more reports are computed at once than
// there are CPUs, so a busy morning does not multiply the server's peak
// memory (each report holds its period's day rows).
func TestDashboardsAtOnceShareTheCPUs(t *testing.T) {
	f := newFixture(t, testNow)
	cpus := runtime.GOMAXPROCS(0)
	cs := &countingStore{Store: f.store, hold: make(chan struct{}), entered: make(chan struct{}, 16)}
	f.site = Handler(Options{Store: cs, Pseudonyms: f.p, Auth: f.auth, Now: func() time.Time { return f.now },
		Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})
	n := cpus + 2
	codes := make(chan int, n)
	for range n {
		go func() { codes <- f.do("GET", "/staff/api/summary", "").Code }()
	}
	for range cpus {
		<-cs.entered
	}
	// The rest wait their turn: none enters while the first hold.
	select {
	case <-cs.entered:
		t.Fatalf("a report started while %d were being computed on %d CPUs", cpus, cpus)
	case <-time.After(100 * time.Millisecond):
	}
	close(cs.hold)
	for range n {
		if code := <-codes; code != http.StatusOK {
			t.Errorf("a dashboard answered %d", code)
		}
	}
	if cs.most > cpus {
		t.Errorf("%d reports at once on %d CPUs", cs.most, cpus)
	}
}

// manyHouseholds lists households beside the store's own, so a report's
// share of the row budget is that of a large pilot.
type manyHouseholds struct {
	*countingStore
	extra int
}

func (m manyHouseholds) ListHouseholds(ctx context.Context) ([]intents.Household, error) {
	hs, err := m.countingStore.ListHouseholds(ctx)
	for i := range m.extra {
		hs = append(hs, intents.Household{ID: fmt.Sprintf("hh_extra_%03d", i)})
	}
	return hs, err
}

// TestLongPeriodsAtOnceTakeTurns: two dashboards of long periods on a large
// pilot are computed one after the other, so their day rows are never in
// memory together, while a short one goes beside the first; all are
// answered. (Waiters are served in turn, so a short one asked for after the
// second long one waits behind it rather than starve it.)
func TestLongPeriodsAtOnceTakeTurns(t *testing.T) {
	// Room at the CPU gate for all three, so the row budget is what
	// holds the second long report.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	f := newFixture(t, testNow)
	cs := &countingStore{Store: f.store, hold: make(chan struct{}), entered: make(chan struct{}, 16)}
	// 100 households × 300 days is most of the budget: two cannot share it.
	store := manyHouseholds{countingStore: cs, extra: 100}
	if w := reportWeight(100, testNow.AddDate(0, 0, -300), testNow); w <= rowBudget/2 {
		t.Fatalf("a 300-day report of 100 households weighs %d, want over half the budget (%d)", w, rowBudget)
	}
	f.site = Handler(Options{Store: store, Pseudonyms: f.p, Auth: f.auth, Now: func() time.Time { return f.now },
		Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil))})
	long, short := "/staff/api/summary?from=2026-01-05&to=2026-10-31", "/staff/api/summary?from=2026-10-25&to=2026-10-31"
	codes := make(chan int, 3)
	ask := func(path string) { go func() { codes <- f.do("GET", path, "").Code }() }
	entered := func(what string) {
		t.Helper()
		select {
		case <-cs.entered:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not start", what)
		}
	}
	ask(long)
	entered("the first long report")
	ask(short)
	entered("a one-week report beside the long one, with room in the budget,")
	ask(long)
	select {
	case <-cs.entered:
		t.Fatal("a second long report started while the first held its rows")
	case <-time.After(100 * time.Millisecond):
	}
	close(cs.hold)
	for range 3 {
		if code := <-codes; code != http.StatusOK {
			t.Errorf("a dashboard answered %d", code)
		}
	}
	if cs.most != 2 {
		t.Errorf("%d reports at once, want 2 (one long, one short)", cs.most)
	}
}
