package evaluation

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Journeys is how people moved through Home Helper in a period: the paths
// conversations took, where they ended, how far into each guide they got,
// how many households used it each day and how long conversations were.
// It is read from the usage events of the period only.
type Journeys struct {
	Period PeriodInfo `json:"period"`
	// Paths are the conversations' paths, most common first: what
	// happened in them, in order ("opened → guide → not fixed → repair
	// reported"), repeats of one step run together.
	Paths []PathCount `json:"paths"`
	// Endings counts conversations by their last step: where people left.
	Endings []PathCount `json:"endings"`
	// Guides is, for each guide, how many conversations reached each step.
	Guides []GuideSteps `json:"guides"`
	// Daily counts the households that used it each day of the period.
	Daily []DayCount `json:"daily"`
	// Lengths counts conversations by how many requests they had.
	Lengths []PathCount `json:"lengths"`
	// Minutes counts conversations by how long they lasted.
	Minutes []PathCount `json:"minutes"`
}

// PathCount is a path (or a step, or a band) and how many conversations
// had it.
type PathCount struct {
	Name          string `json:"name"`
	Conversations int    `json:"conversations"`
}

// GuideSteps is how far into one guide conversations got: Reached[k] is
// how many reached step k+1.
type GuideSteps struct {
	Guide   string `json:"guide"`
	Reached []int  `json:"reached"`
}

// DayCount is one day's households using Home Helper.
type DayCount struct {
	Day        string `json:"day"` // YYYY-MM-DD
	Households int    `json:"households"`
}

// MaxPaths is how many of the most common paths Journeys lists; the rest
// are summed as "other paths".
const MaxPaths = 12

// pathWords names the steps of a path, by outcome; outcomes not here are
// not steps.
var pathWords = map[intents.Outcome]string{
	intents.OutcomeWelcomed: "opened", intents.OutcomeGuideStarted: "guide", intents.OutcomeGuideResumed: "guide",
	intents.OutcomeGuideFixed: "fixed it", intents.OutcomeGuideNotFixed: "not fixed", intents.OutcomeGuideLeft: "left the guide",
	intents.OutcomeRepairPrompted: "repair", intents.OutcomeRepairReported: "repair reported",
	intents.OutcomeEmergencyAdvised: "safety advice", intents.OutcomeCoachOffered: "coach visit",
	intents.OutcomeCoachBooked: "visit booked", intents.OutcomeStatusRead: "repair status", intents.OutcomeLinked: "linked",
	intents.OutcomeLinkFailed: "wrong code", intents.OutcomeFeedbackGiven: "rated it", intents.OutcomeHelp: "help",
	intents.OutcomeNotUnderstood: "not understood", intents.OutcomeOutOfScope: "not something it does",
	intents.OutcomeError: "error",
}

// ComputeJourneys works out the journeys from events, for the period,
// group and demo choice of o (Compute's rules: a conversation belongs to
// the day it began). events need not be sorted.
func ComputeJourneys(events []intents.UsageEvent, o Options) Journeys {
	loc := o.Location
	if loc == nil {
		loc = o.Config.Location
	}
	if loc == nil {
		loc = intents.DefaultConfig().Location
	}
	group := map[string]bool{}
	for _, id := range o.Households {
		group[id] = true
	}
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) })
	type conv struct {
		first, last time.Time
		household   string
		requests    int
		steps       []string
		guide       string
		reached     int
	}
	var convs []*conv
	bySession := map[string]*conv{}
	for _, e := range evs {
		// A forgotten household's events have lost their session: as in
		// Compute, they belong to no conversation.
		if (e.Demo && !o.IncludeDemo) || e.SessionID == "" {
			continue
		}
		c := bySession[e.SessionID]
		if c == nil {
			if !o.Period.IsZero() && !o.Period.Contains(e.Time) {
				continue // a conversation belongs to the day it began
			}
			c = &conv{first: e.Time, household: e.HouseholdID}
			bySession[e.SessionID] = c
			convs = append(convs, c)
		}
		c.household = cmp.Or(c.household, e.HouseholdID)
		c.last = e.Time
		if e.RequestType != intents.SessionEndedRequest {
			c.requests++
		}
		if w, ok := pathWords[e.Outcome]; ok && (len(c.steps) == 0 || c.steps[len(c.steps)-1] != w) {
			c.steps = append(c.steps, w)
		}
		switch e.Outcome {
		case intents.OutcomeGuideStarted, intents.OutcomeGuideResumed:
			c.guide = e.Slots["problem"]
		}
		if e.Flow == intents.FlowSelfFix && c.guide != "" {
			if n, err := strconv.Atoi(e.Step); err == nil && n > c.reached {
				c.reached = n
			}
		}
	}
	if len(group) > 0 {
		convs = slices.DeleteFunc(convs, func(c *conv) bool { return !group[c.household] })
	}

	j := Journeys{}
	if !o.Period.IsZero() {
		j.Period = PeriodInfo{From: o.Period.From.Format(time.DateOnly), To: o.Period.To.Format(time.DateOnly),
			Days: o.Period.NumDays(), TimeZone: loc.String()}
	}
	paths, endings := map[string]int{}, map[string]int{}
	guides := map[string][]int{}
	daily := map[string]map[string]bool{}
	lengths, minutes := make([]int, len(lengthBands)), make([]int, len(minuteBands))
	for _, c := range convs {
		steps := c.steps
		if len(steps) == 0 {
			steps = []string{"nothing recorded"}
		}
		paths[strings.Join(steps, " → ")]++
		endings[steps[len(steps)-1]]++
		if c.guide != "" {
			r := guides[c.guide]
			for len(r) < max(c.reached, 1) {
				r = append(r, 0)
			}
			for k := range max(c.reached, 1) {
				r[k]++
			}
			guides[c.guide] = r
		}
		if c.household != "" {
			d := c.first.In(loc).Format(time.DateOnly)
			if daily[d] == nil {
				daily[d] = map[string]bool{}
			}
			daily[d][c.household] = true
		}
		lengths[band(lengthBands, float64(c.requests))]++
		minutes[band(minuteBands, c.last.Sub(c.first).Minutes())]++
	}
	j.Paths = top(paths, MaxPaths, "other paths")
	j.Endings = top(endings, 0, "")
	for g, r := range guides {
		j.Guides = append(j.Guides, GuideSteps{Guide: g, Reached: r})
	}
	slices.SortFunc(j.Guides, func(a, b GuideSteps) int {
		return cmp.Or(cmp.Compare(b.Reached[0], a.Reached[0]), strings.Compare(a.Guide, b.Guide))
	})
	if !o.Period.IsZero() {
		for d := o.Period.From; !d.After(o.Period.To); d = d.AddDate(0, 0, 1) {
			day := d.Format(time.DateOnly)
			j.Daily = append(j.Daily, DayCount{Day: day, Households: len(daily[day])})
		}
	}
	for i, b := range lengthBands {
		j.Lengths = append(j.Lengths, PathCount{Name: b.name, Conversations: lengths[i]})
	}
	for i, b := range minuteBands {
		j.Minutes = append(j.Minutes, PathCount{Name: b.name, Conversations: minutes[i]})
	}
	return j
}

type bandOf struct {
	below float64 // the band holds values under this (and at or over the one before)
	name  string
}

var lengthBands = []bandOf{{2, "1 request"}, {3, "2 requests"}, {5, "3 or 4 requests"}, {10, "5 to 9 requests"}, {1e18, "10 or more"}}

var minuteBands = []bandOf{{1, "under a minute"}, {2, "1 to 2 minutes"}, {5, "2 to 5 minutes"}, {1e18, "5 minutes or more"}}

func band(bs []bandOf, v float64) int {
	for i, b := range bs {
		if v < b.below {
			return i
		}
	}
	return len(bs) - 1
}

// top lists counts most common first (ties by name); with n > 0, the n
// most common and the rest summed under rest.
func top(counts map[string]int, n int, rest string) []PathCount {
	var out []PathCount
	for k, c := range counts {
		out = append(out, PathCount{Name: k, Conversations: c})
	}
	slices.SortFunc(out, func(a, b PathCount) int {
		return cmp.Or(cmp.Compare(b.Conversations, a.Conversations), strings.Compare(a.Name, b.Name))
	})
	if n > 0 && len(out) > n {
		sum := 0
		for _, p := range out[n:] {
			sum += p.Conversations
		}
		out = append(out[:n], PathCount{Name: rest, Conversations: sum})
	}
	return out
}
