package evaluation

import (
	"cmp"
	"slices"

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

// OutOfScope counts the period's out_of_scope requests by topic, most asked
// first, for o's period, households and demo rule (as Compute reads them).
func OutOfScope(evs []intents.UsageEvent, o Options) []TopicCount {
	var only map[string]bool
	if len(o.Households) > 0 {
		only = map[string]bool{}
		for _, id := range o.Households {
			only[id] = true
		}
	}
	counts := map[string]*TopicCount{}
	seen := map[string]map[string]bool{}
	for _, e := range evs {
		if e.Outcome != intents.OutcomeOutOfScope || (e.Demo && !o.IncludeDemo) ||
			(!o.Period.IsZero() && !o.Period.Contains(e.Time)) || (only != nil && !only[e.HouseholdID]) {
			continue
		}
		t := cmp.Or(e.Slots["topic"], "OTHER")
		c := counts[t]
		if c == nil {
			c = &TopicCount{Topic: t}
			counts[t] = c
			seen[t] = map[string]bool{}
		}
		c.Requests++
		if e.HouseholdID != "" && !seen[t][e.HouseholdID] {
			seen[t][e.HouseholdID] = true
			c.Households++
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
