package staff

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// figuresJSON is the landlord's figures as the API sends and takes them.
// Amounts are in pounds; zero (or empty on the form) means not set, and
// the estimate's default stands.
type figuresJSON struct {
	PhoneContactGBP float64 `json:"phone_contact_gbp"`
	RepairVisitGBP  float64 `json:"repair_visit_gbp"`
	USDToGBP        float64 `json:"usd_to_gbp"`
	SetBy           string  `json:"set_by"`           // read only
	SetAt           string  `json:"set_at,omitempty"` // read only, RFC 3339
}

type settingsPage struct {
	pageData
	Form figuresJSON
	// Costs is the model the figures make, with what each default is.
	Costs    evaluation.CostModel
	Defaults evaluation.CostModel
	SetWhen  string
}

// costs is the cost model for the site's figures: Options.Costs (or the
// defaults) with the landlord's own numbers over it.
func (s *site) costs(ctx context.Context) (evaluation.CostModel, error) {
	f, err := s.Store.Figures(ctx)
	if err != nil {
		return evaluation.CostModel{}, err
	}
	m := s.Costs
	if m == (evaluation.CostModel{}) {
		m = evaluation.DefaultCosts()
	}
	if f.SetAt.IsZero() {
		return m, nil
	}
	return m.WithLandlordFigures(f.PhoneContactGBP, f.RepairVisitGBP, f.USDToGBP, f.SetBy, f.SetAt), nil
}

func (s *site) figuresJSON(f intents.Figures) figuresJSON {
	out := figuresJSON{PhoneContactGBP: f.PhoneContactGBP, RepairVisitGBP: f.RepairVisitGBP, USDToGBP: f.USDToGBP, SetBy: f.SetBy}
	if !f.SetAt.IsZero() {
		out.SetAt = f.SetAt.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	return out
}

func (s *site) settingsPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.Store.Figures(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.showSettings(w, r, http.StatusOK, s.figuresJSON(f), "")
}

func (s *site) showSettings(w http.ResponseWriter, r *http.Request, code int, form figuresJSON, problem string) {
	m, err := s.costs(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := settingsPage{pageData: pageData{Title: "The landlord's figures", Section: "settings", Error: problem},
		Form: form, Costs: m, Defaults: evaluation.DefaultCosts()}
	if !m.SetAt.IsZero() {
		p.SetWhen = s.when(m.SetAt)
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = "The figures are saved. The dashboard, the report, the API and the downloads use them from now on."
	}
	s.render(w, r, code, "settings.html", p)
}

// amount reads a figure staff typed: pounds, "£4.50" or "4.50"; empty is 0.
func amount(name, v string) (float64, error) {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "£"))
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, badf("The %s %q is not a number.", name, v)
	}
	return f, nil
}

func (s *site) setFigures(r *http.Request, in figuresJSON) (intents.Figures, error) {
	for _, c := range []struct {
		name     string
		v, limit float64
	}{
		{"cost of a phone contact", in.PhoneContactGBP, 1000},
		{"cost of a repair visit", in.RepairVisitGBP, 100000},
		{"exchange rate", in.USDToGBP, 10},
	} {
		if c.v < 0 || c.v > c.limit {
			return intents.Figures{}, badf("The %s must be between 0 and %s.", c.name, strconv.FormatFloat(c.limit, 'f', -1, 64))
		}
	}
	f := intents.Figures{PhoneContactGBP: in.PhoneContactGBP, RepairVisitGBP: in.RepairVisitGBP, USDToGBP: in.USDToGBP,
		SetBy: who(r), SetAt: s.Now().UTC()}
	if err := s.Store.SetFigures(r.Context(), f); err != nil {
		return intents.Figures{}, err
	}
	s.Log.InfoContext(r.Context(), "staff: landlord figures set", "phone_contact_gbp", f.PhoneContactGBP,
		"repair_visit_gbp", f.RepairVisitGBP, "usd_to_gbp", f.USDToGBP, "by", f.SetBy)
	return f, nil
}

func (s *site) settingsForm(w http.ResponseWriter, r *http.Request) {
	form := figuresJSON{}
	var err error
	for _, c := range []struct {
		field, name string
		to          *float64
	}{
		{"phone_contact_gbp", "cost of a phone contact", &form.PhoneContactGBP},
		{"repair_visit_gbp", "cost of a repair visit", &form.RepairVisitGBP},
		{"usd_to_gbp", "exchange rate", &form.USDToGBP},
	} {
		if *c.to, err = amount(c.name, r.PostFormValue(c.field)); err != nil {
			break
		}
	}
	if err == nil {
		_, err = s.setFigures(r, form)
	}
	if err != nil {
		code, msg := s.status(r, err)
		s.showSettings(w, r, code, form, msg)
		return
	}
	http.Redirect(w, r, "/staff/settings?saved=1", http.StatusSeeOther)
}

// apiSettings is GET /staff/api/settings: the landlord's figures.
func (s *site) apiSettings(w http.ResponseWriter, r *http.Request) {
	f, err := s.Store.Figures(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, s.figuresJSON(f))
}

// apiSetSettings is PUT /staff/api/settings with the same JSON.
func (s *site) apiSetSettings(w http.ResponseWriter, r *http.Request) {
	var in figuresJSON
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&in); err != nil {
		writeJSONError(w, http.StatusBadRequest, `send JSON: {"phone_contact_gbp": 4.5, "repair_visit_gbp": 150, "usd_to_gbp": 0.79}`)
		return
	}
	f, err := s.setFigures(r, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, s.figuresJSON(f))
}
