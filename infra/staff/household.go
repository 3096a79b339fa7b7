package staff

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// householdPage is one household's page: who it is, what it did day by
// day in plain words, its repairs, visits and ratings, for a coach
// preparing a visit.
type householdPage struct {
	pageData
	H         householdRow
	Demo      bool
	CoachName string
	Readiness *evaluation.Readiness
	Days      []storyDay
	Repairs   []repairRow
	Visits    []visitRow
	Ratings   []ratingRow
	// For the forms that change the household.
	Coaches []coach
	Changed string // "last changed by … on …", empty if never
	Expires string // when the link code stops working
}

// storyDay is one day of a household's story.
type storyDay struct {
	Day   string // "Tuesday 3 November 2026"
	Lines []storyLine
}

// storyLine is one conversation, in words.
type storyLine struct {
	Time string // "7:40 pm"
	Text string
}

type visitRow struct {
	When, Coach, State string
}

type ratingRow struct {
	When   string
	Rating int
}

func (s *site) householdPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	hs, err := s.Store.ListHouseholds(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	i := slices.IndexFunc(hs, func(h intents.Household) bool { return h.ID == id })
	if i < 0 {
		s.pageError(w, r, intents.ErrNotFound)
		return
	}
	h := hs[i]
	p := householdPage{pageData: pageData{Title: h.Ref, Section: "households"}, H: s.householdRow(h), Demo: h.Demo,
		CoachName: s.coachName(h.CoachID), Coaches: s.coaches()}
	if !h.ChangedAt.IsZero() {
		p.Changed = "Last changed by " + h.ChangedBy + ", " + s.when(h.ChangedAt) + "."
	}
	if p.H.CodeExpires != nil {
		p.Expires = s.when(*p.H.CodeExpires)
	}
	p.Flash = changedWords(r.URL.Query().Get("changed"), p.H, s.when)

	// Everything since the day the household was enrolled (or the trial
	// began): Alexa's request times are whole seconds, so not from the
	// instant of enrolment.
	from := s.civil(h.EnrolledAt.In(s.Location))
	if tr, err := s.Store.TrialDates(ctx); err == nil && !tr.Start.IsZero() && s.civil(tr.Start).Before(from) {
		from = s.civil(tr.Start)
	}
	if from.IsZero() || from.Before(s.Now().AddDate(-3, 0, 0)) {
		from = s.Now().AddDate(0, 0, -3*366+1) // the DynamoDB store reads day by day
	}
	mine, err := s.householdUsage(ctx, h.ID, from, s.Now().Add(time.Minute))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Days = s.story(mine)
	for _, e := range mine {
		if e.Outcome == intents.OutcomeFeedbackGiven {
			if n, err := strconv.Atoi(e.Slots["rating"]); err == nil {
				p.Ratings = append(p.Ratings, ratingRow{When: s.when(e.Time), Rating: n})
			}
		}
	}
	if !h.Demo {
		rep := evaluation.Compute(mine, []intents.Household{h}, evaluation.Options{
			Location: s.Location, Now: s.Now(), Config: s.Config, Households: []string{h.ID},
		})
		for i := range rep.Readiness {
			if rep.Readiness[i].HouseholdID == h.ID {
				p.Readiness = &rep.Readiness[i]
			}
		}
	}

	rows, err := s.repairRows(ctx, hs)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, row := range rows {
		if row.HouseholdID == h.ID {
			p.Repairs = append(p.Repairs, row)
			p.H.RecentEmergency = p.H.RecentEmergency || row.RecentEmergency
		}
	}
	slots, err := s.Store.ListSlots(ctx, from, s.Now().AddDate(0, 0, s.SeedDays))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, sb := range slots {
		if sb.Booking == nil || sb.Booking.HouseholdID != h.ID {
			continue
		}
		state := "booked"
		if sb.Slot.Start.Before(s.Now()) {
			state = "past"
		}
		p.Visits = append(p.Visits, visitRow{When: s.when(sb.Slot.Start), Coach: sb.Slot.Coach, State: state})
	}
	s.render(w, r, http.StatusOK, "household.html", p)
}

// story tells a household's usage day by day: one line per conversation,
// in the order things happened, in the words a coach would use.
func (s *site) story(evs []intents.UsageEvent) []storyDay {
	type conv struct {
		start time.Time
		evs   []intents.UsageEvent
	}
	var convs []*conv
	bySession := map[string]*conv{}
	for _, e := range evs {
		key := cmp.Or(e.SessionID, e.RequestID)
		c := bySession[key]
		if c == nil {
			c = &conv{start: e.Time}
			bySession[key] = c
			convs = append(convs, c)
		}
		c.evs = append(c.evs, e)
	}
	slices.SortStableFunc(convs, func(a, b *conv) int { return a.start.Compare(b.start) })
	var days []storyDay
	for _, c := range convs {
		text := tell(c.evs)
		if text == "" {
			continue
		}
		t := c.start.In(s.Location)
		day := t.Format("Monday 2 January 2006")
		if len(days) == 0 || days[len(days)-1].Day != day {
			days = append(days, storyDay{Day: day})
		}
		d := &days[len(days)-1]
		d.Lines = append(d.Lines, storyLine{Time: strings.ToLower(t.Format("3:04 pm")), Text: text})
	}
	return days
}

// tell puts one conversation in words.
func tell(evs []intents.UsageEvent) string {
	var parts []string
	say := func(format string, a ...any) { parts = append(parts, fmt.Sprintf(format, a...)) }
	guide, step := "", ""
	help, missed := 0, 0
	emergency := false
	for _, e := range evs {
		if e.Flow == intents.FlowSelfFix && e.Step != "" && e.Step[0] >= '0' && e.Step[0] <= '9' {
			step = e.Step
		}
		switch e.Outcome {
		case intents.OutcomeLinked:
			say("linked the speaker to the home")
		case intents.OutcomeUnlinked:
			say("turned Home Helper off in the Alexa app, so its speakers were unlinked (a new link code is needed to use it again)")
		case intents.OutcomeLinkFailed:
			say("gave a link code that did not work")
		case intents.OutcomeGuideStarted:
			guide = spoken(e.Slots["problem"])
			say("asked for help with %s and started the guide", guide)
		case intents.OutcomeGuideResumed:
			guide = spoken(e.Slots["problem"])
			say("came back to the guide for %s", guide)
		case intents.OutcomeGuideFixed:
			say("finished the guide (%d steps); it fixed it", atoi(step))
			guide = ""
		case intents.OutcomeGuideNotFixed:
			say("finished the guide; it did not fix it")
			guide = ""
		case intents.OutcomeGuideLeft:
			if guide != "" {
				say("stopped at step %s", cmp.Or(step, "1"))
				guide = ""
			}
		case intents.OutcomeRepairReported:
			say("reported a repair: %s in the %s, reference %s (%s)", spoken(e.Slots["problem"]),
				lower(room(e.Slots["room"])), e.RepairRef, cmp.Or(string(e.Priority), "routine"))
		case intents.OutcomeEmergencyAdvised:
			if !emergency {
				emergency = true
				s := "was given the safety advice for " + spoken(e.Slots["problem"])
				if e.RepairRef != "" {
					s += ", and it was saved as emergency " + e.RepairRef
				}
				say("%s", s)
			}
		case intents.OutcomeCoachBooked:
			say("booked a coach visit")
		case intents.OutcomeCoachCancelled:
			say("cancelled a coach visit")
		case intents.OutcomeCoachChecked:
			say("checked when the coach is coming")
		case intents.OutcomeCoachNoneFree:
			say("wanted a coach visit, but none was free")
		case intents.OutcomeStatusRead:
			say("asked how their repairs are getting on")
		case intents.OutcomeFeedbackGiven:
			say("rated it %s out of 5", e.Slots["rating"])
		case intents.OutcomeTrialClosed:
			say("tried it outside the trial dates")
		case intents.OutcomeForgotten:
			say("asked Home Helper to forget the speaker")
		case intents.OutcomeHelp:
			help++
		case intents.OutcomeNotUnderstood:
			missed++
		case intents.OutcomeError:
			say("met an error")
		default:
			if e.Outcome == intents.OutcomeOutOfScope {
				switch topic := e.Slots["topic"]; {
				case topic == "THANKS":
					say("said thank you")
				case topic == "WELLBEING":
					say("was given Samaritans' number, for feeling low or thoughts of harm, and offered a coach visit")
				case topic == "HURT":
					say("said someone was hurt or unwell, and was told to call 999")
				case topic == "ABUSE":
					say("was given the domestic abuse helpline's number, and told to call 999 if in danger")
				case topic == "ALEXA":
					say("asked Home Helper to work the lights, heating or music, which Alexa does itself")
				case topic != "" && !intents.TopicHandedOn(topic):
					say("asked about %s", lower(intents.TopicName(topic)))
				default:
					say("asked about %s, which Home Helper does not do", lower(intents.TopicName(cmp.Or(topic, "something else"))))
				}
			}
		}
	}
	if guide != "" {
		say("stopped at step %s of the guide for %s", cmp.Or(step, "1"), guide)
	}
	if help > 0 {
		say("asked for help %s", times(help))
	}
	if missed > 0 {
		say("was not understood %s", times(missed))
	}
	if len(parts) == 0 {
		return "Opened Home Helper and left"
	}
	return capitalise(strings.Join(parts, "; "))
}

// spoken is a problem as said in a sentence, with its article ("a leak",
// "no heating"), as the tenant heard it.
func spoken(id string) string {
	if slices.Contains(intents.ProblemIDs(), id) {
		return intents.ProblemName(id)
	}
	return lower(problem(id))
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func lower(s string) string {
	if len(s) > 1 && s[1] >= 'a' && s[1] <= 'z' {
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// householdUsage is a store that reads one household's events by index
// (the SQLite and DynamoDB stores): the household's events, and its
// sessions' events that name no household (a speaker's first words,
// before saying the link code).
type householdUsage interface {
	HouseholdUsage(ctx context.Context, householdID string, from, to time.Time) ([]intents.UsageEvent, error)
}

// householdUsage is what a household's page tells: from the store's index
// when it has one, else picked from the whole log.
func (s *site) householdUsage(ctx context.Context, id string, from, to time.Time) ([]intents.UsageEvent, error) {
	if hu, ok := s.Store.(householdUsage); ok {
		return hu.HouseholdUsage(ctx, id, from, to)
	}
	evs, err := s.Store.UsageEvents(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return intents.HouseholdEvents(evs, id), nil
}
