package staff

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/homehelper/homehelper/evaluation"
)

// The board CSV is the dashboard's headline figures as a table a board
// reads in Excel: a measure per row with its unit, a week per column and
// the whole period last, rounded as the dashboard shows them. A week cut
// short by the period says how many of its days are in it. The tidy
// summary.csv stays the one for analysis.

// boardRow is one measure: its words, unit and how to read it from a report.
type boardRow struct {
	name, unit string
	value      func(evaluation.Report) string
}

func count(n int) string { return strconv.Itoa(n) }

// percent is a rate as a whole percentage, or empty when there was nothing
// to count (never 0 %).
func percent(q evaluation.Ratio) string {
	if q.Denominator == 0 {
		return ""
	}
	return strconv.FormatFloat(math.Round(100*q.Value), 'f', 0, 64)
}

func pounds(v float64) string { return strconv.FormatFloat(math.Round(100*v)/100, 'f', 2, 64) }

var boardRows = []boardRow{
	{evaluation.TermName("take_up.active_households"), "households", func(r evaluation.Report) string { return count(r.TakeUp.ActiveHouseholds) }},
	{evaluation.TermName("take_up.enrolled_households"), "households", func(r evaluation.Report) string { return count(r.TakeUp.EnrolledHouseholds) }},
	{evaluation.TermName("take_up.sessions"), "conversations", func(r evaluation.Report) string { return count(r.TakeUp.Sessions) }},
	{evaluation.TermName("take_up.requests"), "requests", func(r evaluation.Report) string { return count(r.TakeUp.Requests) }},
	{evaluation.TermName("outcomes.repairs_reported"), "repairs", func(r evaluation.Report) string { return count(r.Outcomes.RepairsReported) }},
	{evaluation.TermName("outcomes.emergencies_advised"), "emergencies", func(r evaluation.Report) string { return count(r.Outcomes.EmergenciesAdvised) }},
	{evaluation.TermName("outcomes.repair_visits_avoided"), "visits", func(r evaluation.Report) string { return count(r.Outcomes.RepairVisitsAvoided) }},
	{evaluation.TermName("outcomes.visits_booked"), "visits", func(r evaluation.Report) string { return count(r.Outcomes.VisitsBooked) }},
	{evaluation.TermName("completion.repair"), "%", func(r evaluation.Report) string { return percent(r.Completion.Repair.Rate) }},
	{evaluation.TermName("completion.guides"), "%", func(r evaluation.Report) string { return percent(r.Completion.Guides.Rate) }},
	{evaluation.TermName("understanding.not_understood"), "%", func(r evaluation.Report) string { return percent(r.Understanding.NotUnderstood) }},
	{evaluation.TermName("satisfaction.satisfied"), "%", func(r evaluation.Report) string { return percent(r.Satisfaction.Satisfied) }},
	{evaluation.TermName("cost.phone_calls_replaced"), "calls", func(r evaluation.Report) string { return count(r.Cost.PhoneCalls) }},
	{evaluation.TermName("cost.phone_total_gbp"), "£", func(r evaluation.Report) string { return pounds(r.Cost.PhoneTotalGBP) }},
	{evaluation.TermName("cost.total_gbp"), "£", func(r evaluation.Report) string { return pounds(r.Cost.TotalGBP) }},
	{evaluation.TermName("cost.estimated_saving_gbp"), "£", func(r evaluation.Report) string { return pounds(r.Cost.EstimatedSavingGBP) }},
}

// apiBoardCSV is GET /staff/api/board.csv?from=&to=&demo=.
func (s *site) apiBoardCSV(w http.ResponseWriter, r *http.Request) {
	v, err := s.view(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	header, rows, err := s.board(r.Context(), v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeCSV(w, r, "homehelper-board-"+v.From+"-to-"+v.To+".csv", header, rows)
}

// board computes the figures for each week of the view (Monday to Sunday,
// cut to the view's days) and for the whole view.
func (s *site) board(ctx context.Context, v view) (header []string, rows [][]string, err error) {
	var cols []view
	start := v.Period.From
	for d := start; !d.After(v.Period.To); {
		// The Sunday ending d's week, or the period's last day.
		end := d.AddDate(0, 0, (7-int(d.Weekday()))%7)
		if end.After(v.Period.To) {
			end = v.Period.To
		}
		wv := v
		wv.Period = evaluation.Period{From: d, To: end}
		cols = append(cols, wv)
		d = time.Date(end.Year(), end.Month(), end.Day()+1, 0, 0, 0, 0, end.Location())
	}
	header = []string{"Measure", "Unit"}
	var reports []evaluation.Report
	for _, c := range cols {
		sum, err := s.summarise(ctx, c)
		if err != nil {
			return nil, nil, err
		}
		reports = append(reports, sum.Report)
		from := c.Period.From
		monday := from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
		label := "Week of " + monday.Format("2 Jan 2006")
		if n := c.Period.NumDays(); n < 7 {
			label += fmt.Sprintf(" (%d %s only: %s to %s)", n, plural(n, "day", "days"), from.Format("2 Jan"), c.Period.To.Format("2 Jan"))
		}
		header = append(header, label)
	}
	whole, err := s.summarise(ctx, v)
	if err != nil {
		return nil, nil, err
	}
	reports = append(reports, whole.Report)
	header = append(header, "Whole period, "+v.Period.From.Format("2 Jan")+" to "+v.Period.To.Format("2 Jan 2006"))
	for _, b := range boardRows {
		row := []string{b.name, b.unit}
		for _, rep := range reports {
			row = append(row, b.value(rep))
		}
		rows = append(rows, row)
	}
	src := "defaults, not yet the landlord's own"
	if m := whole.Report.Cost.Assumptions; m.SetBy != "" {
		src = "set by " + m.SetBy + " on " + m.SetAt.In(s.Location).Format("2 January 2006")
	}
	note := func(text string) []string {
		row := make([]string, len(header))
		row[0] = text
		return row
	}
	rows = append(rows, note(""),
		note(fmt.Sprintf("Costs assume £%.2f a phone contact and $1 = £%g (the landlord's figures: %s); AWS costs are estimates at list prices.",
			whole.Report.Cost.PhonePerTaskGBP, whole.Report.Cost.Assumptions.USDToGBP, src)),
		note("Practice (demo) households are never counted. An empty % cell means there was nothing to count."))
	return header, rows, nil
}
