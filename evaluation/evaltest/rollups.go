package evaltest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
	"github.com/homehelper/homehelper/seed"
)

// RollupStore is a store that keeps the evaluation's rollups as it writes
// events.
type RollupStore interface {
	seed.Store
	ListHouseholds(ctx context.Context) ([]intents.Household, error)
	EraseHousehold(ctx context.Context, householdID string) error
	UsageEvents(ctx context.Context, from, to time.Time) ([]intents.UsageEvent, error)
	UsageRollups(ctx context.Context, since, from, to time.Time, includeDemo bool) (evaluation.Rollups, error)
}

// CheckRollups requires every measure computed from a store's rollups to
// equal the same measure computed from its events, on the test pilot and
// on a seeded log with erasures, retried and late events. open gives an
// empty store each time.
func CheckRollups(t *testing.T, open func(t *testing.T) RollupStore) {
	CheckRollupsPilot(t, open)
	checkRollupsSeeded(t, open)
}

// CheckRollupsPilot is CheckRollups' first half: the test pilot alone
// (about 170 events), for a store too slow for the seeded log's
// thousands.
func CheckRollupsPilot(t *testing.T, open func(t *testing.T) RollupStore) {
	t.Run("pilot", func(t *testing.T) {
		st := open(t)
		g := Generate(t, Pilot())
		for _, e := range g.Events {
			if err := st.RecordUsage(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
		loc := g.Location()
		day := func(n int) time.Time { return g.Period().From.AddDate(0, 0, n) }
		ids := func(refs ...string) []string {
			var out []string
			for _, r := range refs {
				out = append(out, g.ID(r))
			}
			return out
		}
		opts := []evaluation.Options{
			{Period: g.Period()},
			{},
			{Period: g.Period(), IncludeDemo: true},
			{Period: g.Period(), Households: ids("HH-ADA", "HH-BEN", "HH-EVE")},
			{Period: g.Period(), Households: ids("HH-FAY")},
			{Period: evaluation.Days(day(0), day(13), loc)},
			{Period: evaluation.Days(day(17), day(22), loc)},
			{Period: evaluation.Days(day(23), day(41), loc)},
			{Period: evaluation.Days(day(16), day(41), loc)},
			{Period: evaluation.Days(day(0), day(29), loc), Now: day(16).Add(12 * time.Hour)},
		}
		for w := range 6 {
			opts = append(opts, evaluation.Options{Period: evaluation.Days(day(7*w), day(7*w+6), loc)})
		}
		for _, o := range opts {
			o.Config = g.Config
			sameBothWays(t, st, g.Period().Start().AddDate(0, 0, -1), g.Households, o)
		}
	})

}

func checkRollupsSeeded(t *testing.T, open func(t *testing.T) RollupStore) {
	t.Run("seeded, with erasures, retries and late events", func(t *testing.T) {
		st := open(t)
		ctx := t.Context()
		loc := intents.DefaultConfig().Location
		last := time.Date(2026, time.November, 30, 0, 0, 0, 0, loc)
		if _, err := seed.Run(ctx, st, seed.Options{Households: 12, Days: 40, PerDay: 6, Last: last, Location: loc, Seed: 7, InFlight: 4}); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Run(ctx, st, seed.Options{Households: 2, Days: 5, PerDay: 6, Last: last, Location: loc, Seed: 8, Demo: true, Prefix: "demo"}); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{3, 8} {
			if err := st.EraseHousehold(ctx, seed.HouseholdID("seed", i)); err != nil {
				t.Fatal(err)
			}
		}
		// A practice household, used from a speaker and from the try-it
		// page: a report of the pilot leaves it out.
		practice := intents.Household{ID: "practice-1", Ref: "PRACTICE-1", Demo: true, EnrolledAt: last.AddDate(0, 0, -30)}
		if err := st.AddHousehold(ctx, practice); err != nil {
			t.Fatal(err)
		}
		for i := range 6 {
			e := intents.UsageEvent{RequestID: fmt.Sprintf("practice-%d", i), Time: last.AddDate(0, 0, -i).Add(11 * time.Hour),
				HouseholdID: practice.ID, SpeakerID: "practice-speaker", SessionID: fmt.Sprintf("practice-session-%d", i),
				RequestType: intents.LaunchRequest, Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed, Demo: i%2 == 1}
			if err := st.RecordUsage(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		hs, err := st.ListHouseholds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		whole := evaluation.Options{Period: evaluation.Days(last.AddDate(0, 0, -39), last, loc)}
		since := last.AddDate(0, 0, -45)
		sameBothWays(t, st, since, hs, whole)
		events, err := st.UsageEvents(ctx, time.Unix(0, 0), last.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		// A retry of a stored event must not count twice.
		if err := st.RecordUsage(ctx, events[len(events)/2]); err != nil {
			t.Fatal(err)
		}
		// A late event in a new session of a past day, and one older than
		// the rest of its session.
		hh := seed.HouseholdID("seed", 5)
		late := intents.UsageEvent{RequestID: "late-1", Time: last.AddDate(0, 0, -20).Add(21 * time.Hour), HouseholdID: hh,
			SpeakerID: "late-speaker", SessionID: "late-session", RequestType: intents.IntentRequest, Intent: "AMAZON.HelpIntent",
			Flow: intents.FlowHelp, Outcome: intents.OutcomeHelp}
		var inSession intents.UsageEvent
		for _, e := range events {
			if e.HouseholdID == hh && e.RequestType == intents.LaunchRequest && e.Time.Before(last.AddDate(0, 0, -10)) {
				inSession = e
			}
		}
		if inSession.SessionID == "" {
			t.Fatal("no session to add a late event to")
		}
		older := inSession
		older.RequestID, older.Time = "late-2", inSession.Time.Add(-time.Second)
		older.RequestType, older.Intent, older.Flow, older.Outcome = intents.IntentRequest, "AMAZON.FallbackIntent", intents.FlowOther, intents.OutcomeNotUnderstood
		// Requests for what Home Helper does not do, counted by topic.
		var asked []intents.UsageEvent
		for i, topic := range []string{"RENT", "RENT", "PESTS", ""} {
			asked = append(asked, intents.UsageEvent{RequestID: fmt.Sprintf("topic-%d", i), Time: last.AddDate(0, 0, -5*i).Add(10 * time.Hour),
				HouseholdID: seed.HouseholdID("seed", i%2), SpeakerID: "topic-speaker", SessionID: fmt.Sprintf("topic-session-%d", i),
				RequestType: intents.IntentRequest, Intent: "OutOfScopeIntent", Flow: intents.FlowOther, Outcome: intents.OutcomeOutOfScope,
				Slots: map[string]string{"topic": topic}})
		}
		// Heating reported by a vulnerable household (seed 7) and another
		// (seed 5) in a cold month: the priority is the household's.
		for i, n := range []int{7, 5, 7} {
			asked = append(asked, intents.UsageEvent{RequestID: fmt.Sprintf("heating-%d", i), Time: last.AddDate(0, 0, -3*i).Add(9 * time.Hour),
				HouseholdID: seed.HouseholdID("seed", n), SpeakerID: "heating-speaker", SessionID: fmt.Sprintf("heating-session-%d", i),
				RequestType: intents.IntentRequest, Intent: "ReportRepairIntent", Flow: intents.FlowRepair, Outcome: intents.OutcomeRepairReported,
				Slots: map[string]string{"problem": []string{"HEATING", "HOT_WATER"}[i%2]}, RepairRef: fmt.Sprintf("R-HEAT-%d", i)})
		}
		for _, e := range append([]intents.UsageEvent{late, older}, asked...) {
			if err := st.RecordUsage(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		var group []string
		for _, h := range hs[:5] {
			group = append(group, h.ID)
		}
		for _, o := range []evaluation.Options{
			whole,
			{Period: evaluation.Days(last.AddDate(0, 0, -29), last.AddDate(0, 0, -10), loc)},
			{Period: evaluation.Days(last.AddDate(0, 0, -6), last, loc), IncludeDemo: true},
			{Period: evaluation.Days(last.AddDate(0, 0, -39), last, loc), Households: group},
			{Period: evaluation.Days(last.AddDate(0, 0, -39), last, loc), Now: last.AddDate(0, 0, -3)},
			{},
		} {
			sameBothWays(t, st, since, hs, o)
		}
		if got := evaluation.OutOfScope(events, whole); len(got) > 0 {
			t.Fatalf("out-of-scope topics %v before any was asked", got)
		}
		ro, err := st.UsageRollups(ctx, since, whole.Period.Start(), whole.Period.End(), false)
		if err != nil {
			t.Fatal(err)
		}
		want := []evaluation.TopicCount{{Topic: "RENT", Requests: 2, Households: 2}, {Topic: "OTHER", Requests: 1, Households: 1}, {Topic: "PESTS", Requests: 1, Households: 1}}
		if got := evaluation.OutOfScopeFromRollups(ro, whole); !slices.Equal(got, want) {
			t.Errorf("out-of-scope topics from the rollups %v, want %v", got, want)
		}
	})
}

// sameBothWays compares the report from the store's rollups with the one
// from its events.
//
// since is where the log starts (a store reads day by day from there).
func sameBothWays(t *testing.T, st RollupStore, since time.Time, hs []intents.Household, o evaluation.Options) {
	t.Helper()
	from, to := since, since.AddDate(0, 3, 0)
	if !o.Period.IsZero() {
		from, to = o.Period.Start(), o.Period.End()
	}
	// The whole log: a session or guide attempt begun in the period counts
	// there with what it did after the period's end.
	events, err := st.UsageEvents(t.Context(), since, since.AddDate(0, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	ro, err := st.UsageRollups(t.Context(), since, from, to, o.IncludeDemo)
	if err != nil {
		t.Fatal(err)
	}
	want := evaluation.Compute(events, hs, o)
	got := evaluation.FromRollups(ro, hs, o)
	if want.TakeUp.Events == 0 && len(events) > 0 && !o.Period.IsZero() && len(o.Households) == 0 {
		t.Errorf("%s: no events counted from %d events", describe(o), len(events))
	}
	for _, d := range Diff(got, want) {
		t.Errorf("%s: from rollups %s", describe(o), d)
	}
	if got, want := evaluation.OutOfScopeFromRollups(ro, o), evaluation.OutOfScope(events, o); !slices.Equal(got, want) {
		t.Errorf("%s: out-of-scope topics from rollups %v, from events %v", describe(o), got, want)
	}
	wantJ := evaluation.ComputeJourneys(events, o)
	if got := evaluation.JourneysFromRollups(ro, o); !reflect.DeepEqual(got, wantJ) {
		t.Errorf("%s: journeys from rollups\n%+v\nfrom events\n%+v", describe(o), got, wantJ)
	}
	if len(wantJ.Paths) == 0 && want.TakeUp.Sessions > 0 {
		t.Errorf("%s: %d sessions but no journeys", describe(o), want.TakeUp.Sessions)
	}
	if gr, ok := st.(evaluation.GroupReader); ok && len(o.Households) > 0 {
		rg, err := gr.UsageRollupsOf(t.Context(), since, from, to, o.IncludeDemo, o.Households)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range Diff(evaluation.FromRollups(rg, hs, o), want) {
			t.Errorf("%s: from the group's days %s", describe(o), d)
		}
		if got := evaluation.JourneysFromRollups(rg, o); !reflect.DeepEqual(got, wantJ) {
			t.Errorf("%s: journeys from the group's days\n%+v\nfrom events\n%+v", describe(o), got, wantJ)
		}
	}
	ts, ok := st.(evaluation.TotalsReader)
	if !ok || len(o.Households) > 0 {
		return
	}
	// A whole-pilot report from the store's totals, as the staff site
	// makes it: the same again, and the same without the practice
	// households.
	rt, err := ts.UsageTotals(t.Context(), from, to, o.IncludeDemo)
	if err != nil {
		t.Fatal(err)
	}
	if rt.Totals == nil {
		t.Fatalf("%s: no totals", describe(o))
	}
	for _, d := range Diff(evaluation.FromRollups(rt, hs, o), want) {
		t.Errorf("%s: from totals %s", describe(o), d)
	}
	if got, want := evaluation.OutOfScopeFromRollups(rt, o), evaluation.OutOfScope(events, o); !slices.Equal(got, want) {
		t.Errorf("%s: out-of-scope topics from totals %v, from events %v", describe(o), got, want)
	}
	if got := evaluation.JourneysFromRollups(rt, o); !reflect.DeepEqual(got, wantJ) {
		t.Errorf("%s: journeys from totals\n%+v\nfrom events\n%+v", describe(o), got, wantJ)
	}
	rtp, pilot := rt.WithoutPractice(hs)
	rop, _ := ro.WithoutPractice(hs)
	for _, d := range Diff(evaluation.FromRollups(rtp, pilot, o), evaluation.FromRollups(rop, pilot, o)) {
		t.Errorf("%s, practice households left out: from totals %s", describe(o), d)
	}
	if got, want := evaluation.JourneysFromRollups(rtp, o), evaluation.JourneysFromRollups(rop, o); !reflect.DeepEqual(got, want) {
		t.Errorf("%s, practice households left out: journeys from totals\n%+v\nfrom days\n%+v", describe(o), got, want)
	}
	if !o.Period.IsZero() {
		loc := intents.DefaultConfig().Location
		if got, want := rtp.DemoRequests(o.Period, loc), rop.DemoRequests(o.Period, loc); got != want {
			t.Errorf("%s: demo requests from totals %d, from days %d", describe(o), got, want)
		}
	}
}

func describe(o evaluation.Options) string {
	if o.Period.IsZero() {
		return "the whole log"
	}
	return fmt.Sprintf("%s to %s (demo %v, group %d, now %s)", o.Period.From.Format(time.DateOnly), o.Period.To.Format(time.DateOnly),
		o.IncludeDemo, len(o.Households), o.Now.Format(time.DateOnly))
}
