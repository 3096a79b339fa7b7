package evaluation_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// These tests write events by hand, for the edges the conversation cannot
// reach on purpose (a rating outside 1–5) or would need many visits to
// reach (each readiness threshold, exactly).

// log builds usage events one by one.
type log struct {
	at     time.Time
	n      int
	events []intents.UsageEvent
}

func (l *log) add(e intents.UsageEvent) {
	l.n++
	e.RequestID = fmt.Sprintf("r%d", l.n)
	if e.RequestType == "" {
		e.RequestType = intents.IntentRequest
	}
	if e.Time.IsZero() {
		e.Time = l.at
		l.at = l.at.Add(time.Second)
	}
	l.events = append(l.events, e)
}

// use is one household's use for a readiness case: a session on each of
// `days` days ending `ago` days before the report, then requests in them.
type use struct {
	days, ago          int
	onOwn, helped      int // tasks completed without and after help
	help, other        int // help requests; plain requests
	wantBand           evaluation.Band
	wantReasonContains string
}

func TestReadinessRules(t *testing.T) {
	loc := london(t)
	asOf := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
	tests := map[string]use{
		"never used":                    {wantBand: evaluation.NotStarted, wantReasonContains: "has not used"},
		"one day, then nothing for 20":  {days: 1, ago: 20, onOwn: 1, other: 3, wantBand: evaluation.NeedsSupport, wantReasonContains: "one day only"},
		"one day, two days ago":         {days: 1, ago: 2, onOwn: 1, other: 3, wantBand: evaluation.GettingThere, wantReasonContains: "used on 1 day "},
		"no task finished":              {days: 6, ago: 1, other: 12, wantBand: evaluation.NeedsSupport, wantReasonContains: "no task"},
		"41 % help":                     {days: 2, ago: 1, onOwn: 1, help: 41, other: 58, wantBand: evaluation.NeedsSupport, wantReasonContains: "41% of requests"},
		"exactly 40 % help":             {days: 2, ago: 1, onOwn: 1, help: 40, other: 59, wantBand: evaluation.GettingThere, wantReasonContains: "40% of requests"},
		"independent at every boundary": {days: 5, ago: 1, onOwn: 3, help: 20, other: 77, wantBand: evaluation.Independent, wantReasonContains: "5 days, 3 tasks"},
		"21 % help":                     {days: 5, ago: 1, onOwn: 3, help: 21, other: 76, wantBand: evaluation.GettingThere, wantReasonContains: "20% at most"},
		"two tasks on its own":          {days: 5, ago: 1, onOwn: 2, helped: 1, help: 1, other: 10, wantBand: evaluation.GettingThere, wantReasonContains: "2 tasks on its own"},
		"four days":                     {days: 4, ago: 1, onOwn: 3, other: 10, wantBand: evaluation.GettingThere, wantReasonContains: "used on 4 days"},
	}
	for name, u := range tests {
		t.Run(name, func(t *testing.T) {
			h := intents.Household{ID: "h_1", Ref: "HH-R", LinkedAt: asOf.AddDate(0, -2, 0)}
			var l log
			for d := range u.days {
				l.at = asOf.AddDate(0, 0, -u.ago-(u.days-1-d)).Add(10 * time.Hour)
				sess := fmt.Sprintf("s%d", d)
				ev := func(f intents.Flow, o intents.Outcome) {
					l.add(intents.UsageEvent{HouseholdID: h.ID, SessionID: sess, Flow: f, Outcome: o})
				}
				if d == u.days-1 {
					// Tasks on its own come before any help in the session.
					for range u.onOwn {
						ev(intents.FlowRepair, intents.OutcomeRepairReported)
					}
				}
				if d == 0 {
					for range u.help {
						ev(intents.FlowHelp, intents.OutcomeHelp)
					}
					for range u.helped {
						ev(intents.FlowCoach, intents.OutcomeCoachBooked)
					}
				}
				n := u.other / u.days
				if d == u.days-1 {
					n = u.other - n*(u.days-1)
				}
				for range n {
					ev(intents.FlowLaunch, intents.OutcomeWelcomed)
				}
			}
			r := evaluation.Compute(l.events, []intents.Household{h}, evaluation.Options{
				Period: evaluation.Days(asOf.AddDate(0, 0, -60), asOf.AddDate(0, 0, -1), loc), Location: loc})
			if len(r.Readiness) != 1 {
				t.Fatalf("%d readiness rows, want 1", len(r.Readiness))
			}
			rd := r.Readiness[0]
			if rd.Band != u.wantBand || !strings.Contains(rd.Reason, u.wantReasonContains) {
				t.Errorf("band %s (%s), want %s containing %q", rd.Band, rd.Reason, u.wantBand, u.wantReasonContains)
			}
			if rd.Ref != "HH-R" || rd.DaysUsed != u.days || rd.TasksCompleted != u.onOwn+u.helped || rd.TasksOnOwn != u.onOwn ||
				rd.HelpOrNotUnderstood.Numerator != u.help || rd.Requests != u.onOwn+u.helped+u.help+u.other || !rd.Linked {
				t.Errorf("evidence %+v", rd)
			}
		})
	}
}

func TestSatisfaction(t *testing.T) {
	loc := london(t)
	at := time.Date(2026, time.November, 10, 18, 0, 0, 0, loc)
	type ev struct {
		session string
		flow    intents.Flow
		outcome intents.Outcome
		rating  string
		demo    bool
		end     bool // a SessionEndedRequest
	}
	task := func(s string) ev {
		return ev{session: s, flow: intents.FlowRepair, outcome: intents.OutcomeRepairReported}
	}
	fb := func(s string, o intents.Outcome, rating string) ev {
		return ev{session: s, flow: intents.FlowFeedback, outcome: o, rating: rating}
	}
	tests := []struct {
		name                           string
		events                         []ev
		asked, given, declined, unread int
		ratings                        [5]int
		mean                           float64
	}{
		{"a rating", []ev{task("a"), fb("a", intents.OutcomeFeedbackGiven, "4")}, 1, 1, 0, 0, [5]int{0, 0, 0, 1, 0}, 4},
		{"a rating after \"a number from 1 to 5\" is one question", []ev{task("a"), fb("a", intents.OutcomeFeedbackAsked, ""),
			fb("a", intents.OutcomeFeedbackGiven, "5")}, 1, 1, 0, 0, [5]int{0, 0, 0, 0, 1}, 5},
		{"no thanks", []ev{task("a"), fb("a", intents.OutcomeFeedbackDeclined, "")}, 1, 0, 1, 0, [5]int{}, 0},
		{"the session ended before an answer", []ev{task("a"), {session: "a", flow: intents.FlowFeedback, outcome: intents.OutcomeEnded, end: true}},
			1, 0, 1, 0, [5]int{}, 0},
		{"two questions in one session", []ev{task("a"), fb("a", intents.OutcomeFeedbackGiven, "5"), task("a"),
			fb("a", intents.OutcomeFeedbackGiven, "2")}, 2, 2, 0, 0, [5]int{0, 1, 0, 0, 1}, 3.5},
		{"two sessions", []ev{task("a"), fb("a", intents.OutcomeFeedbackGiven, "1"), task("b"), fb("b", intents.OutcomeFeedbackGiven, "2")},
			2, 2, 0, 0, [5]int{1, 1, 0, 0, 0}, 1.5},
		{"a rating outside 1 to 5 is not read", []ev{task("a"), fb("a", intents.OutcomeFeedbackGiven, "7"), task("b"),
			fb("b", intents.OutcomeFeedbackGiven, "")}, 2, 2, 0, 2, [5]int{}, 0},
		{"erased ids: each answer is one question", []ev{task(""), fb("", intents.OutcomeFeedbackAsked, ""),
			fb("", intents.OutcomeFeedbackGiven, "3"), fb("", intents.OutcomeFeedbackDeclined, "")}, 2, 1, 1, 0, [5]int{0, 0, 1, 0, 0}, 3},
		{"demo ratings are left out", []ev{task("a"), {session: "a", flow: intents.FlowFeedback, outcome: intents.OutcomeFeedbackGiven, rating: "1", demo: true}},
			0, 0, 0, 0, [5]int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := log{at: at}
			for _, e := range tt.events {
				u := intents.UsageEvent{SessionID: e.session, Flow: e.flow, Outcome: e.outcome, Demo: e.demo, HouseholdID: "h_1"}
				if e.rating != "" {
					u.Slots = map[string]string{"rating": e.rating}
				}
				if e.end {
					u.RequestType = intents.SessionEndedRequest
				}
				l.add(u)
			}
			s := evaluation.Compute(l.events, nil, evaluation.Options{Location: loc}).Satisfaction
			if s.Asked != tt.asked || s.Given != tt.given || s.Declined != tt.declined || s.Unreadable != tt.unread ||
				s.Ratings != tt.ratings || s.Mean != tt.mean {
				t.Errorf("got %+v\nwant asked %d given %d declined %d unreadable %d ratings %v mean %v",
					s, tt.asked, tt.given, tt.declined, tt.unread, tt.ratings, tt.mean)
			}
			rated := 0
			for _, n := range tt.ratings {
				rated += n
			}
			if s.Satisfied.Denominator != rated || s.Satisfied.Numerator != tt.ratings[3]+tt.ratings[4] || s.ResponseRate != ratio(tt.given, tt.asked) {
				t.Errorf("satisfied %+v, response rate %+v", s.Satisfied, s.ResponseRate)
			}
		})
	}
}

func ratio(n, d int) evaluation.Ratio {
	r := evaluation.Ratio{Numerator: n, Denominator: d}
	if d > 0 {
		r.Value = float64(n) / float64(d)
	}
	return r
}

// TestHeatingPriorityIsTheHouseholds: no heating or hot water is an
// emergency for a vulnerable household in the cold months, and urgent
// otherwise; a report works that out for each repair, whether it reads
// every household's days or the pilot's totals.
func TestHeatingPriorityIsTheHouseholds(t *testing.T) {
	loc := london(t)
	hs := []intents.Household{{ID: "hh-old", Ref: "HH-OLD", Vulnerable: true}, {ID: "hh-young", Ref: "HH-YOUNG"}}
	tests := map[string]struct {
		month                     time.Month
		who                       []string
		problem                   string
		wantEmergency, wantUrgent int
	}{
		"vulnerable, November":     {time.November, []string{"hh-old"}, "HEATING", 1, 0},
		"not vulnerable, November": {time.November, []string{"hh-young"}, "HOT_WATER", 0, 1},
		"both, November":           {time.November, []string{"hh-old", "hh-young", "hh-old"}, "HEATING", 2, 1},
		"vulnerable, July":         {time.July, []string{"hh-old"}, "HOT_WATER", 0, 1},
		"no household, November":   {time.November, []string{""}, "HEATING", 0, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			l := &log{at: time.Date(2026, tc.month, 10, 9, 0, 0, 0, loc)}
			for i, id := range tc.who {
				l.add(intents.UsageEvent{HouseholdID: id, SessionID: fmt.Sprintf("s%d", i), Intent: "ReportRepairIntent",
					Flow: intents.FlowRepair, Outcome: intents.OutcomeRepairReported, Slots: map[string]string{"problem": tc.problem}})
			}
			p := evaluation.Days(l.events[0].Time, l.events[0].Time, loc)
			got := evaluation.Compute(l.events, hs, evaluation.Options{Period: p, Location: loc}).Outcomes.RepairsByPriority
			if got.Emergency != tc.wantEmergency || got.Urgent != tc.wantUrgent || got.Routine != 0 {
				t.Errorf("priorities %+v, want %d emergency and %d urgent", got, tc.wantEmergency, tc.wantUrgent)
			}
		})
	}
}
