package staff

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// pageData is what every page's layout needs.
type pageData struct {
	Title string
	// Section is the navigation item to mark as the current page; empty
	// on the sign-in page, which has no navigation.
	Section string
	Flash   string // a change that just worked
	Error   string // what went wrong, in words
	// HandOffAlert is the red banner of repairs going nowhere; render
	// fills it on every signed-in page (handoff.go).
	HandOffAlert *handOffAlert
}

// parsePages parses the templates once; a template error is a programming
// error, caught by every test.
func parsePages() *template.Template {
	return template.Must(template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))
}

var funcs = template.FuncMap{
	"num":       num,
	"pct":       pct,
	"pctValue":  pctValue,
	"money":     money,
	"dec1":      func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	"longDate":  longDate,
	"shortDay":  shortDay,
	"shortDate": shortDate,
	"problem":   problem,
	"room":      room,
	"flow":      evaluation.FlowName,
	"outcome":   outcome,
	"otherRest": otherRest,
	// A guide attempt neither fixed nor not fixed was left part way.
	"unfinished":   func(g evaluation.GuideResult) int { return max(g.Started-g.Fixed-g.NotFixed, 0) },
	"whereStopped": whereStopped,
	"bandAdvice":   func(b evaluation.Band) string { return bandAdvice[b] },
	"priority":     func(p string) string { return priorityWords[intents.Priority(p)] },
	"status":       func(s string) string { return statusWords[intents.RepairStatus(s)] },
	"yesNo":        yesNo,
	"spaced":       spaced,
	"add":          func(a, b int) int { return a + b },
	"pathEscape":   url.PathEscape,
	"hourLabel":    func(h int) string { return fmt.Sprintf("%02d:00", h) },
	"weekday":      func(d int) string { return time.Weekday((d + 1) % 7).String() },
	"lower":        strings.ToLower,
	"topic":        intents.TopicName,
	"term":         evaluation.TermName,
	"repairTable": func(rows []repairRow, st []intents.RepairStatus, caption string) repairTable {
		return repairTable{Rows: rows, Statuses: st, Caption: caption}
	},
}

// repairTable is one table of repairs on the repairs page.
type repairTable struct {
	Rows     []repairRow
	Statuses []intents.RepairStatus
	Caption  string
}

// render writes a page; a template that fails part-way is logged and the
// status already sent stands.
func (s *site) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	if who(r) != "" {
		data = s.withAlert(r.Context(), data)
	}
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.Log.ErrorContext(r.Context(), "staff: rendering page", "page", name, "err", err)
		http.Error(w, "something went wrong showing this page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w)
}

// renderError shows a page that says what went wrong, with the navigation
// so staff can go on.
func (s *site) renderError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error.html", pageData{Title: http.StatusText(code), Section: "none", Error: msg})
}

// pageError maps an error and shows it.
func (s *site) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.status(r, err)
	if code == http.StatusNotFound {
		msg = "There is nothing here: it may have been removed, or the address is wrong."
	}
	s.renderError(w, r, code, capitalise(msg))
}

// num writes a count with thousands separators, as staff write it.
func num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// pct is a rate in words with the counts it came from; "no data" when
// there was nothing to count, never 0 %.
func pct(q evaluation.Ratio) string {
	if q.Denominator == 0 {
		return "no data"
	}
	return pctValue(q) + "%"
}

// pctValue is a rate as a whole percentage, without the sign.
func pctValue(q evaluation.Ratio) string {
	return strconv.FormatFloat(math.Round(100*q.Value), 'f', 0, 64)
}

// money shows pounds; amounts under a penny in pence to two significant
// places, so a cost per request is not shown as £0.00.
func money(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	if v != 0 && v < 0.01 {
		return sign + strconv.FormatFloat(v*100, 'g', 2, 64) + "p"
	}
	whole := int(v)
	pence := int(math.Round((v - float64(whole)) * 100))
	if pence == 100 {
		whole, pence = whole+1, 0
	}
	return fmt.Sprintf("%s£%s.%02d", sign, num(whole), pence)
}

// longDate writes a YYYY-MM-DD date as "Monday 2 November 2026".
func longDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}

// shortDate writes a YYYY-MM-DD date as "2 Nov 2026".
func shortDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan 2006")
}

// shortDay writes a YYYY-MM-DD date as "2 Nov".
func shortDay(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// spaced writes a code one digit at a time, as it is best said.
func spaced(code string) string {
	return strings.Join(strings.Split(code, ""), " ")
}

// age says how long ago something happened, roughly, as staff say it.
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return "under an hour"
	case d < 48*time.Hour:
		h := int(d / time.Hour)
		return strconv.Itoa(h) + " " + plural(h, "hour", "hours")
	default:
		days := int(d / (24 * time.Hour))
		return strconv.Itoa(days) + " days"
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dayOf is a calendar date (kept by the stores as midnight of the day in
// whatever location) as YYYY-MM-DD; empty for the zero time.
func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// when writes an instant in the site's location for a page: "Mon 2 Nov 2026, 14:05".
func (s *site) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.Location).Format("Mon 2 Jan 2006, 15:04")
}
