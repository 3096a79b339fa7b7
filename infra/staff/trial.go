package staff

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// trialDates is the trial's dates as the API sends them: YYYY-MM-DD, or
// empty for an open side.
type trialDates struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type trialPage struct {
	pageData
	Dates trialDates
	// Open says whether tenants can use Home Helper today.
	Open bool
	// BeforeStart and AfterEnd are what tenants hear outside the dates.
	BeforeStart, AfterEnd string
}

func (s *site) trialPage(w http.ResponseWriter, r *http.Request) {
	tr, err := s.Store.TrialDates(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.showTrial(w, r, http.StatusOK, tr, datesOf(tr), "")
}

func (s *site) showTrial(w http.ResponseWriter, r *http.Request, code int, tr intents.Trial, form trialDates, problem string) {
	p := trialPage{pageData: pageData{Title: "Trial dates", Section: "trial", Error: problem}, Dates: form,
		Open: tr.Open(s.Now(), s.Location), AfterEnd: s.afterEnd()}
	start := tr.Start
	if start.IsZero() {
		start = s.today().AddDate(0, 0, 7) // an example, when no start is set
	}
	p.BeforeStart = s.beforeStart(start)
	if r.URL.Query().Get("saved") != "" {
		p.Flash = "The trial dates are saved. Home Helper uses them within a minute."
	}
	s.render(w, r, code, "trial.html", p)
}

// afterEnd is what a tenant hears after the trial has ended, in the
// conversation's own words (intents.TrialClosedSpeech).
func (s *site) afterEnd() string {
	return intents.PlainText(intents.TrialClosedSpeech(time.Time{}, false, s.Config.LandlordPhone))
}

// beforeStart is what a tenant hears before the trial starts.
func (s *site) beforeStart(start time.Time) string {
	return intents.PlainText(intents.TrialClosedSpeech(start, true, s.Config.LandlordPhone))
}

func datesOf(tr intents.Trial) trialDates {
	return trialDates{Start: dayOf(tr.Start), End: dayOf(tr.End)}
}

// parseTrial reads the dates staff gave; empty leaves that side open.
func parseTrial(d trialDates) (intents.Trial, error) {
	var tr intents.Trial
	for _, f := range []struct {
		name, v string
		to      *time.Time
	}{{"start", d.Start, &tr.Start}, {"end", d.End, &tr.End}} {
		v := strings.TrimSpace(f.v)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return intents.Trial{}, badf("The %s date %q is not a date.", f.name, v)
		}
		// Midnight UTC of the day: the stores keep the calendar date.
		*f.to = t
	}
	if !tr.Start.IsZero() && !tr.End.IsZero() && tr.End.Before(tr.Start) {
		return intents.Trial{}, badf("The trial would end before it starts: check the dates.")
	}
	return tr, nil
}

func (s *site) setTrial(r *http.Request, d trialDates) (intents.Trial, error) {
	tr, err := parseTrial(d)
	if err != nil {
		return intents.Trial{}, err
	}
	retention := s.Retention
	if retention == 0 {
		retention = defaultRetention
	}
	if err := tr.CheckRetention(retention); err != nil {
		return intents.Trial{}, badf("%s", capitalFirst(err.Error())+".")
	}
	if err := s.Store.SetTrialDates(r.Context(), tr); err != nil {
		return intents.Trial{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: trial dates set", "start", dayOf(tr.Start), "end", dayOf(tr.End), "by", who(r))
	return tr, nil
}

func (s *site) trialForm(w http.ResponseWriter, r *http.Request) {
	d := trialDates{Start: r.PostFormValue("start"), End: r.PostFormValue("end")}
	if r.PostFormValue("clear") != "" {
		d = trialDates{}
	}
	if _, err := s.setTrial(r, d); err != nil {
		code, msg := s.status(r, err)
		tr, terr := s.Store.TrialDates(r.Context())
		if terr != nil {
			s.pageError(w, r, terr)
			return
		}
		s.showTrial(w, r, code, tr, d, msg)
		return
	}
	http.Redirect(w, r, "/staff/trial?saved=1", http.StatusSeeOther)
}

// apiTrial is GET /staff/api/trial: {"start": "YYYY-MM-DD", "end": ""}.
func (s *site) apiTrial(w http.ResponseWriter, r *http.Request) {
	tr, err := s.Store.TrialDates(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, datesOf(tr))
}

// apiSetTrial is PUT /staff/api/trial with the same JSON; empty dates
// leave that side open.
func (s *site) apiSetTrial(w http.ResponseWriter, r *http.Request) {
	var d trialDates
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&d); err != nil {
		writeJSONError(w, http.StatusBadRequest, `send JSON: {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}`)
		return
	}
	tr, err := s.setTrial(r, d)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, datesOf(tr))
}

// defaultRetention matches the stores' and the template's default.
const defaultRetention = 400 * 24 * time.Hour

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
