package evaluation

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// The readiness rules' thresholds; docs/evaluation.md has them as a table.
const (
	// A household is independent when it has used Home Helper on at least
	// independentDays days, finished at least independentTasks tasks on
	// its own, and at most independentHelpPct % of its requests were help
	// or not understood.
	independentDays    = 5
	independentTasks   = 3
	independentHelpPct = 20
	// It needs support when more than supportHelpPct % of its requests
	// were help or not understood.
	supportHelpPct = 40
)

// report finishes the measures that need the whole history: take-up of
// households, retention and readiness.
func (c *calc) report() Report {
	r := &c.r
	enrolled := c.enrolled()

	// Take-up.
	r.TakeUp.EnrolledHouseholds = len(enrolled)
	activeEnrolled := 0
	for _, h := range c.households {
		if h.activeInPeriod {
			r.TakeUp.ActiveHouseholds++
		}
	}
	for _, h := range enrolled {
		if !h.LinkedAt.IsZero() && (!c.periodOK || h.LinkedAt.Before(c.end)) {
			r.TakeUp.LinkedHouseholds++
		}
		if a := c.households[h.ID]; a != nil && a.activeInPeriod {
			activeEnrolled++
		}
	}
	r.TakeUp.ActiveShare = ratio(activeEnrolled, len(enrolled))

	// Retention: cohorts of households first active in the period.
	r.Retention.StoppedAfterDays = StoppedAfter
	r.Retention.Cohorts = []Cohort{}
	r.Retention.StoppedHouseholds = []StoppedHousehold{}
	if c.periodOK {
		lastMonday := mondayOf(dayNumber(c.end.Add(-time.Nanosecond), c.loc))
		cohorts := map[int]*Cohort{}
		for _, h := range c.households {
			if h.requests == 0 || h.first.Before(c.start) {
				continue
			}
			first := mondayOf(dayNumber(h.first, c.loc))
			co := cohorts[first]
			if co == nil {
				co = &Cohort{WeekOf: dayDate(first), ActiveByWeek: make([]int, (lastMonday-first)/7+1)}
				cohorts[first] = co
			}
			co.Households++
			for _, w := range h.weeks {
				if k := (w - first) / 7; k >= 0 && k < len(co.ActiveByWeek) {
					co.ActiveByWeek[k]++
				}
			}
		}
		for _, m := range slices.Sorted(maps.Keys(cohorts)) {
			r.Retention.Cohorts = append(r.Retention.Cohorts, *cohorts[m])
		}
	}

	// Stopped: used before the quiet spell, not during it.
	quietFrom := c.asOf.In(c.loc).AddDate(0, 0, -StoppedAfter)
	couldStop := 0
	stopped := map[string]bool{}
	for _, h := range c.households {
		if h.requests == 0 || !h.first.Before(quietFrom) {
			continue
		}
		couldStop++
		if h.last.Before(quietFrom) {
			stopped[h.id] = true
			r.Retention.StoppedHouseholds = append(r.Retention.StoppedHouseholds,
				StoppedHousehold{HouseholdID: h.id, Ref: c.ref(h.id), LastUsed: h.last.In(c.loc).Format(time.DateOnly)})
		}
	}
	r.Retention.Stopped = ratio(len(stopped), couldStop)
	slices.SortFunc(r.Retention.StoppedHouseholds, func(a, b StoppedHousehold) int {
		return cmp.Or(cmp.Compare(a.LastUsed, b.LastUsed), cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.HouseholdID, b.HouseholdID))
	})

	// Readiness: every enrolled household, and any other household the
	// log names (enrolment list out of date, or a household removed).
	r.Readiness = []Readiness{}
	seen := map[string]bool{}
	for _, h := range enrolled {
		seen[h.ID] = true
		r.Readiness = append(r.Readiness, c.readiness(h.ID, h.Ref, !h.LinkedAt.IsZero(), stopped[h.ID]))
	}
	for id, a := range c.households {
		if !seen[id] && a.requests > 0 {
			// Its requests name it, so a speaker was linked to it.
			r.Readiness = append(r.Readiness, c.readiness(id, c.ref(id), true, stopped[id]))
		}
	}
	slices.SortFunc(r.Readiness, func(a, b Readiness) int {
		return cmp.Or(cmp.Compare(slices.Index(Bands, a.Band), slices.Index(Bands, b.Band)),
			cmp.Compare(a.Ref, b.Ref), cmp.Compare(a.HouseholdID, b.HouseholdID))
	})
	return c.r
}

// enrolled lists the households enrolled by the end of the period, in the
// group asked for, in a stable order.
func (c *calc) enrolled() []*intents.Household {
	var out []*intents.Household
	for _, h := range c.hhByID {
		if c.periodOK && !h.EnrolledAt.IsZero() && !h.EnrolledAt.Before(c.end) {
			continue
		}
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b *intents.Household) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (c *calc) ref(id string) string {
	if h := c.hhByID[id]; h != nil {
		return h.Ref
	}
	return ""
}

// readiness bands one household by the rules in docs/evaluation.md, first
// rule that applies wins, and gives the evidence beside the band.
func (c *calc) readiness(id, ref string, linked, stopped bool) Readiness {
	rd := Readiness{HouseholdID: id, Ref: ref, Linked: linked, Stopped: stopped}
	a := c.households[id]
	if a == nil || a.requests == 0 {
		rd.Band = NotStarted
		rd.Reason = "has not used Home Helper yet"
		if !linked {
			rd.Reason += "; no speaker is linked to the home"
		}
		return rd
	}
	rd.DaysUsed = a.days
	rd.Requests = a.requests
	rd.TasksCompleted = a.tasks
	rd.TasksOnOwn = a.onOwn
	rd.HelpOrNotUnderstood = ratio(a.helpOrNotUnderstood, a.requests)
	rd.FirstUsed = a.first.In(c.loc).Format(time.DateOnly)
	rd.LastUsed = a.last.In(c.loc).Format(time.DateOnly)
	helpPct := fmt.Sprintf("%.0f%% of requests were help or not understood", 100*rd.HelpOrNotUnderstood.Value)

	var why []string
	if a.tasks == 0 {
		why = append(why, "no task finished yet")
	}
	if a.helpOrNotUnderstood*100 > supportHelpPct*a.requests {
		why = append(why, helpPct)
	}
	if a.days == 1 && stopped {
		why = append(why, "used on one day only, and not since "+rd.LastUsed)
	}
	if len(why) > 0 {
		rd.Band, rd.Reason = NeedsSupport, strings.Join(why, "; ")
		return rd
	}
	if a.days >= independentDays && a.onOwn >= independentTasks && a.helpOrNotUnderstood*100 <= independentHelpPct*a.requests {
		rd.Band = Independent
		rd.Reason = fmt.Sprintf("used on %d days, %d tasks on its own, %s", a.days, a.onOwn, helpPct)
		return rd
	}
	if a.days < independentDays {
		why = append(why, fmt.Sprintf("used on %d %s (%d for independent)", a.days, plural(a.days, "day", "days"), independentDays))
	}
	if a.onOwn < independentTasks {
		why = append(why, fmt.Sprintf("%d %s on its own (%d for independent)", a.onOwn, plural(a.onOwn, "task", "tasks"), independentTasks))
	}
	if a.helpOrNotUnderstood*100 > independentHelpPct*a.requests {
		why = append(why, fmt.Sprintf("%s (%d%% at most for independent)", helpPct, independentHelpPct))
	}
	rd.Band, rd.Reason = GettingThere, strings.Join(why, "; ")
	return rd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
