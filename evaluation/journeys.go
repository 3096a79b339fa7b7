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
// the day it began, with all it did, and is demo if it began with a demo
// request). events need not be sorted. It folds them into day counters and
// reads those (JourneysFromRollups), as the stores' rollups are read.
func ComputeJourneys(events []intents.UsageEvent, o Options) Journeys {
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b intents.UsageEvent) int { return a.Time.Compare(b.Time) })
	f := NewFolder(o.location())
	for i := range evs {
		f.Add(&evs[i])
	}
	return JourneysFromRollups(Rollups{Days: f.Touched()}, o)
}

// JourneysFromRollups works out the journeys from ro's days (or, for the
// whole pilot, its running totals) of o's period, for o's group and demo
// choice.
func JourneysFromRollups(ro Rollups, o Options) Journeys {
	loc := o.location()
	j := Journeys{}
	first, last := -1<<31, 1<<31-1
	if !o.Period.IsZero() {
		j.Period = PeriodInfo{From: o.Period.From.Format(time.DateOnly), To: o.Period.To.Format(time.DateOnly),
			Days: o.Period.NumDays(), TimeZone: loc.String()}
		first, last = dayNumber(o.Period.Start(), loc), dayNumber(o.Period.End().Add(-time.Nanosecond), loc)
	}
	var group map[string]bool
	if len(o.Households) > 0 {
		if ro.Totals != nil {
			panic("evaluation: a group's journeys need its households' whole day rows, not Totals")
		}
		group = map[string]bool{}
		for _, id := range o.Households {
			group[id] = true
		}
	}
	keep := func(d *Day) bool {
		return d.Day >= first && d.Day <= last && (!d.Demo || o.IncludeDemo) && (group == nil || group[d.Household])
	}
	sum := Counts{}
	households := map[int]int{} // by day
	if ro.Totals != nil {
		sum.Add(ro.Sums[0])
		if o.IncludeDemo {
			sum.Add(ro.Sums[1])
		}
		for _, d := range ro.Totals {
			if keep(d) {
				households[d.Day] += int(d.Counts[kSessionHH])
			}
		}
	} else {
		seen := map[DayKey]bool{}
		for _, d := range ro.Days {
			if !keep(d) {
				continue
			}
			sum.Add(d.Counts)
			// A household's row counts its conversations on the day they
			// began.
			if k := (DayKey{Day: d.Day, Household: d.Household}); d.Household != "" && d.Counts[kSessions] > 0 && !seen[k] {
				seen[k] = true
				households[d.Day]++
			}
		}
	}

	j.Paths = top(byPrefix(sum, kJPath), MaxPaths, "other paths")
	j.Endings = top(byPrefix(sum, kJEnd), 0, "")
	guides := map[string][]int{}
	for k, n := range byPrefix(sum, kJGuide) {
		i := strings.LastIndexByte(k, ':')
		reached, err := strconv.Atoi(k[i+1:])
		if i < 0 || err != nil || n <= 0 {
			continue
		}
		g := k[:i]
		r := guides[g]
		for len(r) < reached {
			r = append(r, 0)
		}
		for s := range reached {
			r[s] += n
		}
		guides[g] = r
	}
	for g, r := range guides {
		j.Guides = append(j.Guides, GuideSteps{Guide: g, Reached: r})
	}
	slices.SortFunc(j.Guides, func(a, b GuideSteps) int {
		return cmp.Or(cmp.Compare(b.Reached[0], a.Reached[0]), strings.Compare(a.Guide, b.Guide))
	})
	if !o.Period.IsZero() {
		for d := o.Period.From; !d.After(o.Period.To); d = d.AddDate(0, 0, 1) {
			j.Daily = append(j.Daily, DayCount{Day: d.Format(time.DateOnly), Households: households[dayNumber(d, loc)]})
		}
	}
	lengths, minutes := byPrefix(sum, kJLength), byPrefix(sum, kJMinutes)
	for i, b := range lengthBands {
		j.Lengths = append(j.Lengths, PathCount{Name: b.name, Conversations: lengths[strconv.Itoa(i)]})
	}
	for i, b := range minuteBands {
		j.Minutes = append(j.Minutes, PathCount{Name: b.name, Conversations: minutes[strconv.Itoa(i)]})
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
