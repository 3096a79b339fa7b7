package staff

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

// TestBoardCSV: the board pack's CSV has a measure per row with its unit
// and a week per column, then the whole period; the whole period's column
// is the API's figures; additive counts add up across the weeks; a week
// cut short by the period says so; the assumptions are written under it.
func TestBoardCSV(t *testing.T) {
	p := newPilot(t)
	q := "from=2026-10-21&to=2026-11-20" // a Wednesday to a Friday: both ends are part weeks
	w := p.do("GET", "/staff/api/board.csv?"+q, "")
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), "homehelper-board-2026-10-21-to-2026-11-20.csv") {
		t.Fatalf("board.csv: %d %v", w.Code, w.Header())
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	if head[0] != "Measure" || head[1] != "Unit" || head[2] != "Week of 19 Oct 2026 (5 days only: 21 Oct to 25 Oct)" ||
		head[len(head)-2] != "Week of 16 Nov 2026 (5 days only: 16 Nov to 20 Nov)" || !strings.HasPrefix(head[len(head)-1], "Whole period") || len(head) != 2+5+1 {
		t.Errorf("header %q", head)
	}
	var api struct {
		TakeUp struct {
			Requests int `json:"requests"`
		} `json:"take_up"`
		Outcomes struct {
			Repairs int `json:"repairs_reported"`
		} `json:"outcomes"`
	}
	p.getJSON("/staff/api/summary?"+q, &api)
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[0]] = r
	}
	for name, want := range map[string]int{"Requests": api.TakeUp.Requests, "Repairs reported": api.Outcomes.Repairs} {
		r := byName[name]
		if r == nil {
			t.Fatalf("no row %q", name)
		}
		if r[len(r)-1] != strconv.Itoa(want) {
			t.Errorf("%s for the whole period: %s, the API says %d", name, r[len(r)-1], want)
		}
		sum := 0
		for _, c := range r[2 : len(r)-1] {
			n, err := strconv.Atoi(c)
			if err != nil {
				t.Fatalf("%s: cell %q", name, c)
			}
			sum += n
		}
		if sum != want {
			t.Errorf("%s: the weeks add up to %d, the period is %d", name, sum, want)
		}
	}
	if r := byName["Estimated saving"]; r == nil || r[1] != "£" || !strings.Contains(r[len(r)-1], ".") {
		t.Errorf("saving row %q", r)
	}
	if !strings.Contains(w.Body.String(), "Costs assume £4.50 a phone contact") {
		t.Error("the assumptions are not written under the figures")
	}
}
