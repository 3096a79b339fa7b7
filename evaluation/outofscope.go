package evaluation

import (
	"cmp"
	"slices"
	"strings"

	"github.com/homehelper/homehelper/intents"
)

// TopicCount is how often tenants asked for one thing Home Helper does not
// do (an out-of-scope topic, intents.Topics): evidence of what else a
// landlord's speaker is wanted for.
type TopicCount struct {
	Topic      string `json:"topic"` // the topic id, e.g. RENT
	Requests   int    `json:"requests"`
	Households int    `json:"households"` // distinct households that asked
}

// otherTopic counts an out_of_scope request that named no topic.
const otherTopic = "OTHER"

// OutOfScope counts the period's out_of_scope requests by topic, most asked
// first, for o's period, households and demo rule (as Compute reads them).
// It folds evs into day counters and reads those (OutOfScopeFromRollups),
// as the stores' rollups are read.
func OutOfScope(evs []intents.UsageEvent, o Options) []TopicCount {
	f := NewFolder(o.location())
	for i := range evs {
		f.Add(&evs[i])
	}
	return OutOfScopeFromRollups(Rollups{Days: f.Touched()}, o)
}

// OutOfScopeFromRollups counts the out_of_scope requests in ro's days of
// o's period by topic, most asked first, for o's households and demo rule.
func OutOfScopeFromRollups(ro Rollups, o Options) []TopicCount {
	var only map[string]bool
	if len(o.Households) > 0 {
		only = map[string]bool{}
		for _, id := range o.Households {
			only[id] = true
		}
	}
	first, last := -1<<31, 1<<31-1
	if !o.Period.IsZero() {
		loc := o.location()
		first, last = dayNumber(o.Period.Start(), loc), dayNumber(o.Period.End().Add(-1), loc)
	}
	counts := map[string]*TopicCount{}
	topic := func(t string) *TopicCount {
		c := counts[t]
		if c == nil {
			c = &TopicCount{Topic: t}
			counts[t] = c
		}
		return c
	}
	keep := func(d *Day) bool {
		return d.Day >= first && d.Day <= last && (!d.Demo || o.IncludeDemo) && (only == nil || only[d.Household])
	}
	if ro.Totals != nil && only != nil {
		panic("evaluation: a group's topics need its households' whole day rows, not Totals")
	}
	// Requests from the sums when the store keeps them, households from
	// each household's days.
	seen := map[string]map[string]bool{}
	for _, d := range ro.Days {
		if !keep(d) {
			continue
		}
		for k, n := range d.Counts {
			t, ok := strings.CutPrefix(k, kTopic)
			if !ok || n <= 0 {
				continue
			}
			c := topic(t)
			if ro.Totals == nil {
				c.Requests += int(n)
			}
			if d.Household != "" && !seen[t][d.Household] {
				if seen[t] == nil {
					seen[t] = map[string]bool{}
				}
				seen[t][d.Household] = true
				c.Households++
			}
		}
	}
	if ro.Totals != nil {
		for i, sum := range ro.Sums {
			if i == 1 && !o.IncludeDemo {
				continue
			}
			for k, n := range sum {
				if t, ok := strings.CutPrefix(k, kTopic); ok && n > 0 {
					topic(t).Requests += int(n)
				}
			}
		}
	}
	out := make([]TopicCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b TopicCount) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Topic, b.Topic))
	})
	return out
}
