package staff

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// view is what staff asked to see: a period, and whether try-it requests count.
type view struct {
	Period evaluation.Period
	From   string // YYYY-MM-DD
	To     string
	Demo   bool
	// Default says the period was not asked for: it is the trial's, or
	// the last 30 days.
	Default bool
	// Households is a group to report on (their ids); empty means all.
	Households []string
}

// query is the view as a URL query string (from, to, and demo if asked),
// safe to place after "?" in a template's href.
func (v view) query(demo bool) template.URL {
	q := url.Values{"from": {v.From}, "to": {v.To}}
	if demo {
		q.Set("demo", "1")
	}
	return template.URL(q.Encode()) //nolint:gosec // built by url.Values from parsed dates
}

// defaultDays is the period shown when there are no trial dates.
const defaultDays = 30

// view reads ?from=&to=&demo= from a request. Without dates, the period is
// the trial's days so far (start to the end, or to today if the trial is
// still running); without a trial that has started, the last 30 days. A
// single date fills in the other: from a day to today, or the 30 days up to
// a day.
func (s *site) view(r *http.Request) (view, error) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	v := view{Demo: q.Get("demo") == "1" || q.Get("demo") == "true"}
	today := s.today()
	if from == "" && to == "" {
		v.Default = true
		f, t, err := s.defaultPeriod(r.Context(), today)
		if err != nil {
			return view{}, err
		}
		from, to = f.Format(time.DateOnly), t.Format(time.DateOnly)
	}
	if to == "" {
		to = today.Format(time.DateOnly)
	}
	if from == "" {
		t, err := time.ParseInLocation(time.DateOnly, to, s.Location)
		if err != nil {
			return view{}, badf("to %q is not a date written YYYY-MM-DD", to)
		}
		from = t.AddDate(0, 0, -(defaultDays - 1)).Format(time.DateOnly)
	}
	p, err := evaluation.ParsePeriod(from, to, s.Location)
	if err != nil {
		return view{}, badf("%s", strings.TrimPrefix(err.Error(), "period: "))
	}
	if p.NumDays() > 3*366 {
		// The DynamoDB store reads the log a day at a time.
		return view{}, badf("choose a period of at most three years")
	}
	v.Period, v.From, v.To = p, from, to
	return v, nil
}

func (s *site) defaultPeriod(ctx context.Context, today time.Time) (from, to time.Time, err error) {
	tr, err := s.Store.TrialDates(ctx)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	start, end := s.civil(tr.Start), s.civil(tr.End)
	if !start.IsZero() && !start.After(today) {
		to = today
		if !end.IsZero() && end.Before(today) {
			to = end
		}
		return start, to, nil
	}
	return today.AddDate(0, 0, -(defaultDays - 1)), today, nil
}

// civil is a stored calendar date (midnight of its day in some location) as
// midnight of that day in the site's location; zero stays zero.
func (s *site) civil(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.Location)
}

// testStart is where the usage log is read from for a period: the
// measures that describe households (retention, readiness) look back to
// the start of the test. That is the earliest of the trial's start, the
// first enrolment and the period's start: before the first enrolment only
// speakers linked to no home can have used it, and they count in neither.
// Never "since 1970": the DynamoDB store reads day by day.
func (s *site) testStart(ctx context.Context, p evaluation.Period, hs []intents.Household) (time.Time, error) {
	start := p.Start()
	tr, err := s.Store.TrialDates(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if t := s.civil(tr.Start); !t.IsZero() && t.Before(start) {
		start = t
	}
	for _, h := range hs {
		if e := h.EnrolledAt; !e.IsZero() && e.Before(start) {
			start = e
		}
	}
	return start, nil
}

// summary is the report for a view, and what the page says beside it.
type summary struct {
	Report     evaluation.Report
	Households []intents.Household
	// DemoLeftOut counts try-it requests in the period that the report
	// leaves out, so an empty dashboard after a demo explains itself.
	DemoLeftOut int
	// OutOfScope is what tenants asked for that Home Helper does not do.
	OutOfScope []evaluation.TopicCount
}

// summarise computes the measures for a view, from the store's rollups of
// the period and its households' use since the start of the test (see
// testStart).
func (s *site) summarise(ctx context.Context, v view) (summary, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return summary{}, err
	}
	w := reportWeight(len(hs), v.Period.Start(), v.Period.End())
	if err := s.rows.Acquire(ctx, w); err != nil {
		return summary{}, err
	}
	defer s.rows.Release(w)
	select {
	case s.reports <- struct{}{}:
		defer func() { <-s.reports }()
	case <-ctx.Done():
		return summary{}, ctx.Err()
	}
	from, err := s.testStart(ctx, v.Period, hs)
	if err != nil {
		return summary{}, err
	}
	ro, err := evaluation.ReadRollups(ctx, s.Store, from, v.Period, v.Demo, v.Households)
	if err != nil {
		return summary{}, err
	}
	costs, err := s.costs(ctx)
	if err != nil {
		return summary{}, err
	}
	ro, pilot := ro.WithoutPractice(hs)
	opts := evaluation.Options{
		Period: v.Period, IncludeDemo: v.Demo, Costs: costs, Location: s.Location, Now: s.Now(), Config: s.Config,
		Households: v.Households,
	}
	r := evaluation.FromRollups(ro, pilot, opts)
	out := summary{Report: r, Households: hs, OutOfScope: evaluation.OutOfScopeFromRollups(ro, opts)}
	if !v.Demo {
		out.DemoLeftOut = ro.DemoRequests(v.Period, s.Location)
	}
	return out, nil
}

// dashboardPage is what the dashboard template shows.
type dashboardPage struct {
	pageData
	View view
	summary
	R evaluation.Report
	// Query is the view as a query string, for the downloads and links.
	// It is a template.URL so that html/template keeps its & and = as they
	// are rather than escaping the whole string into one value.
	Query template.URL
	// DemoQuery is the same view with try-it requests counted.
	DemoQuery template.URL
	// Visit lists the households a coach should see first: not started
	// and needs support, in the report's order.
	Visit      []evaluation.Readiness
	BandCounts []bandCount
	Queue      queueSummary
	// MaxCohortWeeks is the widest retention row, for the table's columns.
	MaxCohortWeeks []int
	Funnels        []funnel
	Trial          intents.Trial
	// links are the households as listed, by id, with their marks.
	links map[string]householdLink
}

// Who is a household of the report as the layout's "household" template
// shows it; ref stands in for one no longer enrolled.
func (p dashboardPage) Who(id, ref string) householdLink {
	if l, ok := p.links[id]; ok {
		return l
	}
	return householdLink{HouseholdRef: ref, HouseholdID: id}
}

type bandCount struct {
	Band  evaluation.Band
	Count int
}

// funnel is one task's completion: started, finished, and where the rest stopped.
type funnel struct {
	Key, Name, Done string
	Rate            evaluation.Ratio
	DropOff         []evaluation.DropOff
	NotFinished     int
}

// queueSummary is the repairs queue as it stands now, for the dashboard.
type queueSummary struct {
	// Overdue counts repairs past their priority's timescale.
	Open, Overdue int
	Oldest        []repairRow // the open repairs most in need, at most 5
}

func (s *site) dashboard(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sum, err := s.summarise(r.Context(), v)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	tr, err := s.Store.TrialDates(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rows, err := s.repairRows(r.Context(), sum.Households)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rep := sum.Report
	links := map[string]householdLink{}
	for _, h := range sum.Households {
		links[h.ID] = householdLink{HouseholdRef: h.Ref, HouseholdID: h.ID, Vulnerable: h.Vulnerable, Demo: h.Demo}
	}
	for _, row := range rows {
		if l, ok := links[row.HouseholdID]; ok && row.RecentEmergency {
			l.RecentEmergency = true
			links[row.HouseholdID] = l
		}
	}
	p := dashboardPage{links: links, pageData: pageData{Title: "Dashboard", Section: "dashboard"}, View: v, summary: sum, R: rep, Trial: tr,
		Query: v.query(v.Demo), DemoQuery: v.query(true)}
	for _, h := range rep.Readiness {
		if h.Band == evaluation.NotStarted || h.Band == evaluation.NeedsSupport {
			p.Visit = append(p.Visit, h)
		}
	}
	for _, b := range evaluation.Bands {
		n := 0
		for _, h := range rep.Readiness {
			if h.Band == b {
				n++
			}
		}
		p.BandCounts = append(p.BandCounts, bandCount{b, n})
	}
	widest := 0
	for _, c := range rep.Retention.Cohorts {
		widest = max(widest, len(c.ActiveByWeek))
	}
	for i := range widest {
		p.MaxCohortWeeks = append(p.MaxCohortWeeks, i)
	}
	c := rep.Completion
	for _, f := range []struct {
		key, name, done string
		fc              evaluation.FlowCompletion
	}{
		{"repair", "Reporting a repair", "reported", c.Repair},
		{"guides", "Self-fix guides", "finished (fixed or not)", c.Guides},
		{"booking", "Booking a coach visit", "booked", c.Booking},
		{"linking", "Linking a speaker to a home", "linked", c.Linking},
	} {
		p.Funnels = append(p.Funnels, funnel{Key: f.key, Name: f.name, Done: f.done, Rate: f.fc.Rate,
			DropOff: f.fc.DropOff, NotFinished: f.fc.Rate.Denominator - f.fc.Rate.Numerator})
	}
	for _, row := range rows {
		if row.Status == string(intents.StatusDone) || row.Demo {
			continue
		}
		p.Queue.Open++
		if row.Overdue {
			p.Queue.Overdue++
		}
		if len(p.Queue.Oldest) < 5 {
			p.Queue.Oldest = append(p.Queue.Oldest, row)
		}
	}
	s.render(w, r, http.StatusOK, "dashboard.html", p)
}

// apiSummary serves every measure as JSON: evaluation.Report.
func (s *site) apiSummary(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sum, err := s.summarise(r.Context(), v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, sum.Report)
}

// apiSummaryCSV serves every measure as the evaluation package's CSV.
func (s *site) apiSummaryCSV(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sum, err := s.summarise(r.Context(), v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	csvHeaders(w, "homehelper-figures-"+v.From+"-to-"+v.To+".csv")
	if err := sum.Report.WriteCSV(w); err != nil {
		s.Log.ErrorContext(r.Context(), "staff: writing figures CSV", "err", err)
	}
}

// apiEvents serves the period's raw usage events as a JSON array, oldest
// first, try-it requests included (they are marked demo). The events are
// streamed from the store one at a time, so any period downloads whole;
// with an Exporter they are written elsewhere and handed over by link.
func (s *site) apiEvents(w http.ResponseWriter, r *http.Request) {
	s.eventsDownload(w, r, "json")
}

// apiEventsCSV serves the period's raw usage events, one row each, as
// apiEvents does.
func (s *site) apiEventsCSV(w http.ResponseWriter, r *http.Request) {
	s.eventsDownload(w, r, "csv")
}

func (s *site) eventsDownload(w http.ResponseWriter, r *http.Request, format string) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	e := Export{Format: format, From: v.From, To: v.To}
	if s.Exporter != nil {
		s.startExport(w, r, e)
		return
	}
	w.Header().Set("Content-Type", e.ContentType())
	if format == "csv" {
		w.Header().Set("Content-Disposition", e.Disposition())
	}
	noWriteDeadline(w)
	sw := &sentWriter{w: w}
	if err := WriteExport(r.Context(), s.Store, s.Location, e, sw); err != nil {
		s.streamFailed(w, r, sw, err)
	}
}

// rowBudget is how many household-days of day rows the reports computed at
// once may hold between them: two 60-day reports of a 300-household pilot,
// about 50 MB. A report of a longer period, or of more households, waits
// until the others are done, so the server's peak follows this budget and
// not the periods staff happen to open at the same moment; one larger than
// the whole budget runs alone.
const rowBudget = 300 * 120

// reportWeight is a report's share of rowBudget: its period's day rows.
func reportWeight(households int, from, to time.Time) int64 {
	days := int64(to.Sub(from).Hours()/24) + 1
	return min(max(int64(households), 1)*max(days, 1), rowBudget)
}
