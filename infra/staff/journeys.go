package staff

import (
	"context"
	"net/http"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// The journeys page: the paths conversations took through Home Helper,
// where they ended, how far into each guide people got, households a day
// and how long conversations were, each a chart with its numbers. It is
// read from the running totals (evaluation.JourneysFromRollups), or the
// day rows where a store keeps no totals, or from the period's events
// where it keeps neither.

type journeysPage struct {
	pageData
	View view
	J    evaluation.Journeys
	// Longest is the most steps any guide reached, for the table's columns.
	Longest []int
}

func (s *site) journeys(ctx context.Context, v view) (evaluation.Journeys, error) {
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		return evaluation.Journeys{}, err
	}
	o := evaluation.Options{Period: v.Period, IncludeDemo: v.Demo, Location: s.Location, Config: s.Config}
	if ts, ok := s.Store.(evaluation.TotalsReader); ok {
		ro, err := ts.UsageTotals(ctx, v.Period.Start(), v.Period.End(), v.Demo)
		if err != nil {
			return evaluation.Journeys{}, err
		}
		ro, _ = ro.WithoutPractice(hs)
		return evaluation.JourneysFromRollups(ro, o), nil
	}
	if jd, ok := s.Store.(journeyDayReader); ok {
		days, err := jd.UsageJourneyDays(ctx, v.Period.Start(), v.Period.End())
		if err != nil {
			return evaluation.Journeys{}, err
		}
		ro, _ := evaluation.Rollups{Days: days}.WithoutPractice(hs)
		return evaluation.JourneysFromRollups(ro, o), nil
	}
	evs, err := s.Store.UsageEvents(ctx, v.Period.Start(), v.Period.End())
	if err != nil {
		return evaluation.Journeys{}, err
	}
	evs, _ = intents.WithoutPractice(evs, hs)
	return evaluation.ComputeJourneys(evs, o), nil
}

// journeyDayReader is a store that keeps day rows but no running totals
// (DynamoDB): it gives the period's days for its journeys.
type journeyDayReader interface {
	UsageJourneyDays(ctx context.Context, from, to time.Time) ([]*evaluation.Day, error)
}

func (s *site) journeysPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	j, err := s.journeys(r.Context(), v)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := journeysPage{pageData: pageData{Title: "Journeys", Section: "journeys"}, View: v, J: j}
	n := 0
	for _, g := range j.Guides {
		n = max(n, len(g.Reached))
	}
	for i := range n {
		p.Longest = append(p.Longest, i)
	}
	s.render(w, r, http.StatusOK, "journeys.html", p)
}

// apiJourneys is GET /staff/api/journeys?from=&to=&demo=: what the page shows.
func (s *site) apiJourneys(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	j, err := s.journeys(r.Context(), v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, j)
}
