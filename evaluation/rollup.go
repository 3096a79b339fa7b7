package evaluation

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Rollups are what the measures are computed from: counters per local day
// × household × demo, kept beside the usage log as events are written, so
// a report costs what its days and households cost, not its events.
// docs/evaluation.md ("How the figures are kept") says what each counter
// holds and which day it belongs to.
//
// A Folder makes them. The stores run one over each batch of events they
// commit, with the state of the sessions and guide places the batch
// continues (loaded and saved with it), and add the deltas it gives to
// their stored days; Compute runs one over a slice of events. Both go
// through Folder.Add, so the two ways cannot count differently.

// Day is one local calendar day's counters for one household ("" for
// requests from no household) and demo or not.
type Day struct {
	Day       int    // days since 1 January 1970, calendar day in the rollups' location
	Household string // pseudonym; "" for none (unlinked or forgotten)
	Demo      bool
	// First and Last are the day's first and last request, zero when it
	// had none.
	First, Last time.Time
	Counts      Counts
}

// DayKey names a Day row.
type DayKey struct {
	Day       int
	Household string
	Demo      bool
}

// Key is d's row name.
func (d *Day) Key() DayKey { return DayKey{d.Day, d.Household, d.Demo} }

// Counts are named counters. A Folder's deltas may be negative: a session
// that moves on takes back what it counted before and counts again.
type Counts map[string]int64

// Add adds o into c.
func (c Counts) Add(o Counts) {
	for k, n := range o {
		if m := c[k] + n; m != 0 {
			c[k] = m
		} else {
			delete(c, k)
		}
	}
}

// Merge adds o's counters to d and widens its first and last request.
func (d *Day) Merge(o *Day) {
	if d.Counts == nil {
		d.Counts = Counts{}
	}
	d.Counts.Add(o.Counts)
	if !o.First.IsZero() && (d.First.IsZero() || o.First.Before(d.First)) {
		d.First = o.First
	}
	if o.Last.After(d.Last) {
		d.Last = o.Last
	}
}

// The counter names. Event counters belong to the event's day and
// household; session counters to the day the session began and its
// household; guide-attempt counters to the day the attempt began.
const (
	kEvents     = "events"
	kRequests   = "requests"
	kLatencyUS  = "latency_us" // summed in whole microseconds, so any order of adding gives the same sum
	kHelpNU     = "help_nu"
	kTasks      = "tasks"
	kOnOwn      = "on_own"
	kNU         = "not_understood"
	kHelp       = "help"
	kError      = "error"
	kTrial      = "trial_closed"
	kForgotten  = "forgotten"
	kReported   = "reported:" // + problem: priority is worked out when reporting
	kAfterGuide = "reported_after_guide"
	kNFReported = "not_fixed_then_reported"
	kEmergency  = "emergency:" // + problem
	kSaved      = "saved_by_script"
	kFixed      = "guide_fixed"
	kNotFixed   = "guide_not_fixed"
	kBooked     = "booked"
	kCancelled  = "cancelled"
	kGiven      = "ratings"
	kRating     = "rating:" // + 1–5, or "?" unreadable
	kAsked      = "feedback_asked"
	kFlowReq    = "flow:"   // + flow
	kIntentReq  = "intent:" // + intent
	kNUFlow     = "not_understood:"
	kTopic      = "out_of_scope:" // + topic (intents.Topics), or OTHER
	kOther      = "other:"        // + outcome, of a request in the other flow

	kSessions    = "sessions"
	kHour        = "hour:" // + 0–23
	kFlowSess    = "session_flow:"
	kIntentSess  = "session_intent:"
	kEndedError  = "ended_error"
	kEndedRepr   = "ended_reprompts"
	kTask        = "task:" // + repair|booking|linking|guide, then :started, :finished or :stopped:step\x1foutcome
	kGuideStart  = "guide_started:"
	kGuideFixed  = "guide_fixed:"
	kGuideNotFix = "guide_not_fixed:"
	// The journeys (journeys.go), a conversation's on the day it began.
	kJPath    = "journey_path:"    // + the path's steps joined by " → "
	kJEnd     = "journey_end:"     // + its last step
	kJGuide   = "journey_guide:"   // + guide + ":" + the furthest step reached, at least 1
	kJLength  = "journey_length:"  // + the band of its requests (lengthBands' index)
	kJMinutes = "journey_minutes:" // + the band of its length in time (minuteBands')

	// kSessionHH is only in running totals (Rollups.Totals): the
	// households with a conversation begun that day, kept by a store as
	// each household's day row gains or loses its first session.
	kSessionHH = "session_households"
)

// Folder turns usage events, oldest first, into Day counters. Its
// Sessions and Speakers are the open state that later events continue: a
// store keeps them between batches.
type Folder struct {
	loc *time.Location
	// Sessions by session id.
	Sessions map[string]*SessionState
	// Speakers by the key guide places are kept under: the speaker, or the
	// session for a request with no speaker.
	Speakers map[string]*SpeakerState
	// Days are the counters added since the Folder was made (or Reset).
	Days map[DayKey]*Day
	// OutOfOrder is set when an event is older than one already folded
	// into its session or guide place: what was counted may then be wrong,
	// and the store must fold its log again (Compute never sets it: it
	// sorts first).
	OutOfOrder bool
}

// NewFolder makes a Folder reckoning days in loc.
func NewFolder(loc *time.Location) *Folder {
	return &Folder{loc: loc, Sessions: map[string]*SessionState{}, Speakers: map[string]*SpeakerState{}, Days: map[DayKey]*Day{}}
}

// Reset forgets the counters gathered, keeping the open state.
func (f *Folder) Reset() { f.Days = map[DayKey]*Day{}; f.OutOfOrder = false }

// Task is one task's progress in a session or guide attempt.
type Task struct {
	Started  bool   `json:"s,omitempty"`
	Finished bool   `json:"f,omitempty"`
	Step     string `json:"st,omitempty"`
	Outcome  string `json:"o,omitempty"`
}

func (t *Task) see(e *intents.UsageEvent) {
	if e.Step != "" {
		t.Step = e.Step
	}
	t.Outcome = string(e.Outcome)
}

func (t Task) count(c Counts, name string) {
	if !t.Started {
		return
	}
	c[kTask+name+":started"]++
	if t.Finished {
		c[kTask+name+":finished"]++
		return
	}
	c[kTask+name+":stopped:"+t.Step+"\x1f"+t.Outcome]++
}

// SessionState is what a session has done so far.
type SessionState struct {
	Start     time.Time `json:"t"`
	Last      time.Time `json:"l"`
	Household string    `json:"h,omitempty"`
	Demo      bool      `json:"d,omitempty"`
	Flows     []string  `json:"fl,omitempty"`
	Intents   []string  `json:"in,omitempty"`

	Repair          Task `json:"r"`
	Booking         Task `json:"b"`
	Linking         Task `json:"k"`
	Emergency       bool `json:"em,omitempty"`
	NotFixedPending int  `json:"nf,omitempty"`
	EndedError      bool `json:"ee,omitempty"`
	EndedReprompts  bool `json:"er,omitempty"`
	InFeedback      bool `json:"fb,omitempty"`
	Helped          bool `json:"hp,omitempty"`

	// For the journeys: its requests, the steps of its path (pathWords,
	// repeats run together), and the guide it was in and the furthest
	// step reached.
	Requests int      `json:"n,omitempty"`
	Steps    []string `json:"p,omitempty"`
	Guide    string   `json:"g,omitempty"`
	Reached  int      `json:"gr,omitempty"`

	// The journey's counter names, made when first needed after the path
	// or guide changed: counts runs twice for every event.
	pathKey, endKey, guideKey string
}

// SpeakerState is a speaker's open guide attempt, if any.
type SpeakerState struct {
	Last    time.Time `json:"l"`
	Attempt *Attempt  `json:"a,omitempty"`
}

// Attempt is one go at a guide, which may take several sessions: the guide
// keeps the speaker's place.
type Attempt struct {
	Start     time.Time `json:"t"`
	Household string    `json:"h,omitempty"`
	Demo      bool      `json:"d,omitempty"`
	Topic     string    `json:"p"`
	Task      Task      `json:"k"`
}

func (f *Folder) day(t time.Time, household string, demo bool) *Day {
	k := DayKey{dayNumber(t, f.loc), household, demo}
	d := f.Days[k]
	if d == nil {
		d = &Day{Day: k.Day, Household: household, Demo: demo, Counts: Counts{}}
		f.Days[k] = d
	}
	return d
}

// counts is what a whole session counts, on the day it began.
func (s *SessionState) counts(loc *time.Location) Counts {
	c := Counts{kSessions: 1, hourKeys[s.Start.In(loc).Hour()]: 1}
	for _, fl := range s.Flows {
		c[kFlowSess+fl]++
	}
	for _, ik := range s.Intents {
		c[kIntentSess+ik]++
	}
	if s.EndedError {
		c[kEndedError]++
	}
	if s.EndedReprompts {
		c[kEndedRepr]++
	}
	// A session with safety advice is an emergency, counted there: the
	// script saves the repair itself, so it is neither a finished nor an
	// abandoned report.
	if !s.Emergency {
		s.Repair.count(c, "repair")
	}
	s.Booking.count(c, "booking")
	s.Linking.count(c, "linking")
	return c
}

// journey names the counters of a session's journey (journeys.go), one
// each, "" for none. They are kept apart from counts because they are
// long names that rarely change: Add moves only those that did.
func (s *SessionState) journey() [5]string {
	if s.pathKey == "" {
		steps := s.Steps
		if len(steps) == 0 {
			steps = []string{"nothing recorded"}
		}
		s.pathKey, s.endKey = kJPath+strings.Join(steps, " → "), kJEnd+steps[len(steps)-1]
		if s.Guide != "" {
			s.guideKey = kJGuide + s.Guide + ":" + strconv.Itoa(max(s.Reached, 1))
		}
	}
	return [5]string{s.pathKey, s.endKey, s.guideKey,
		lengthKeys[band(lengthBands, float64(s.Requests))], minuteKeys[band(minuteBands, s.Last.Sub(s.Start).Minutes())]}
}

// The counter names that take a number, made once.
var (
	hourKeys   = keys(kHour, 24)
	lengthKeys = keys(kJLength, len(lengthBands))
	minuteKeys = keys(kJMinutes, len(minuteBands))
)

func keys(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

func (a *Attempt) counts() Counts {
	c := Counts{kGuideStart + a.Topic: 1}
	if a.Task.Finished {
		if a.Task.Outcome == string(intents.OutcomeGuideFixed) {
			c[kGuideFixed+a.Topic]++
		} else {
			c[kGuideNotFix+a.Topic]++
		}
	}
	a.Task.count(c, "guide")
	return c
}

// move takes back what a session or attempt counted (old, on its old day)
// and counts what it counts now.
func (f *Folder) move(oldDay *Day, old Counts, newDay *Day, now Counts) {
	if oldDay != nil {
		for k, n := range old {
			oldDay.Counts[k] -= n
		}
	}
	for k, n := range now {
		newDay.Counts[k] += n
	}
}

// Add folds one event in. Events must come oldest first (ties in the order
// they were stored); an older one sets OutOfOrder.
func (f *Folder) Add(e *intents.UsageEvent) {
	d := f.day(e.Time, e.HouseholdID, e.Demo)
	c := d.Counts
	req := isRequest(e)
	c[kEvents]++
	c[kLatencyUS] += int64(math.Round(e.LatencyMS * 1000))
	if req {
		c[kRequests]++
		if d.First.IsZero() || e.Time.Before(d.First) {
			d.First = e.Time
		}
		if e.Time.After(d.Last) {
			d.Last = e.Time
		}
		c[kFlowReq+string(e.Flow)]++
		c[kIntentReq+intentKey(e)]++
		if e.Flow == intents.FlowOther {
			c[kOther+string(e.Outcome)]++
		}
		if isHelpOrNotUnderstood(e.Outcome) {
			c[kHelpNU]++
		}
	}

	// The session: an event whose session id was erased (the tenant asked
	// to be forgotten) belongs to none, and so to no guide attempt either.
	var s *SessionState
	var sDay *Day
	var sOld Counts
	var was [5]string // its journey's counters before this event
	if e.SessionID != "" {
		s = f.Sessions[e.SessionID]
		if s == nil {
			s = &SessionState{Start: e.Time, Last: e.Time, Demo: e.Demo}
			f.Sessions[e.SessionID] = s
		} else {
			if e.Time.Before(s.Last) {
				f.OutOfOrder = true
			}
			sDay = f.day(s.Start, s.Household, s.Demo)
			sOld = s.counts(f.loc)
			was = s.journey()
		}
		s.Last = e.Time
		if s.Household == "" {
			s.Household = e.HouseholdID
		}
	}

	if isTask(e.Outcome) || savedEmergency(e) {
		c[kTasks]++
		if s == nil || !s.Helped {
			c[kOnOwn]++
		}
	}

	switch e.Outcome {
	case intents.OutcomeNotUnderstood:
		c[kNU]++
		c[kNUFlow+string(e.Flow)]++
	case intents.OutcomeHelp:
		c[kHelp]++
	case intents.OutcomeError:
		c[kError]++
	case intents.OutcomeTrialClosed:
		c[kTrial]++
	case intents.OutcomeOutOfScope:
		c[kTopic+cmp.Or(e.Slots["topic"], otherTopic)]++
	case intents.OutcomeForgotten:
		c[kForgotten]++
	case intents.OutcomeRepairReported:
		c[kReported+cmp.Or(e.Slots["problem"], intents.Other)]++
		if e.GuideTried {
			c[kAfterGuide]++
			if s != nil && s.NotFixedPending > 0 {
				s.NotFixedPending--
				c[kNFReported]++
			}
		}
	case intents.OutcomeEmergencyAdvised:
		// A repeat of the script ("shall I say that again?") is the same
		// emergency; only the first saves the repair (a repeat has no
		// reference).
		if e.Step != "repeat" {
			c[kEmergency+cmp.Or(e.Slots["problem"], intents.Other)]++
		}
		if e.RepairRef != "" {
			c[kSaved]++
		}
	case intents.OutcomeGuideFixed:
		c[kFixed]++
	case intents.OutcomeGuideNotFixed:
		c[kNotFixed]++
		if s != nil {
			s.NotFixedPending++
		}
	case intents.OutcomeCoachBooked:
		c[kBooked]++
	case intents.OutcomeCoachCancelled:
		c[kCancelled]++
	case intents.OutcomeFeedbackGiven:
		c[kGiven]++
		switch v := e.Slots["rating"]; v {
		case "1", "2", "3", "4", "5":
			c[kRating+v]++
		default:
			c[kRating+"?"]++
		}
	}
	// The question rides on the event of the task it follows, which keeps
	// that task's outcome, so an ask is seen by the answer: a run of
	// feedback requests (a rating, a no, a "sorry, a number from 1 to 5",
	// the session ending) is one question. A forgotten event is a run of
	// its own.
	if e.Flow == intents.FlowFeedback {
		if s == nil {
			if e.Outcome != intents.OutcomeFeedbackAsked {
				c[kAsked]++
			}
		} else if !s.InFeedback {
			c[kAsked]++
		}
	}

	if s != nil {
		f.session(s, e, req)
		day := f.day(s.Start, s.Household, s.Demo)
		f.move(sDay, sOld, day, s.counts(f.loc))
		for i, k := range s.journey() {
			if sDay == day && was[i] == k {
				continue
			}
			if sDay != nil && was[i] != "" {
				sDay.Counts[was[i]]--
			}
			if k != "" {
				day.Counts[k]++
			}
		}
		f.guide(e)
	}
}

// session moves a session on by one event.
func (f *Folder) session(s *SessionState, e *intents.UsageEvent, req bool) {
	if req {
		if fl := string(e.Flow); !slices.Contains(s.Flows, fl) {
			s.Flows = append(s.Flows, fl)
		}
		if ik := intentKey(e); !slices.Contains(s.Intents, ik) {
			s.Intents = append(s.Intents, ik)
		}
	}
	s.InFeedback = e.Flow == intents.FlowFeedback
	if e.Outcome == intents.OutcomeEmergencyAdvised {
		s.Emergency = true
	}
	if e.RequestType == intents.SessionEndedRequest {
		switch e.EndReason {
		case "ERROR":
			s.EndedError = true
		case "EXCEEDED_MAX_REPROMPTS":
			s.EndedReprompts = true
		}
	}
	followTasks(s, e)
	if isHelpOrNotUnderstood(e.Outcome) {
		s.Helped = true
	}
	if e.RequestType != intents.SessionEndedRequest {
		s.Requests++
	}
	if w, ok := pathWords[e.Outcome]; ok && (len(s.Steps) == 0 || s.Steps[len(s.Steps)-1] != w) {
		s.Steps = append(s.Steps, w)
		s.pathKey = ""
	}
	switch e.Outcome {
	case intents.OutcomeGuideStarted, intents.OutcomeGuideResumed:
		if g := e.Slots["problem"]; g != s.Guide {
			s.Guide, s.pathKey, s.guideKey = g, "", ""
		}
	}
	if e.Flow == intents.FlowSelfFix && s.Guide != "" {
		if n, err := strconv.Atoi(e.Step); err == nil && n > s.Reached {
			s.Reached, s.pathKey, s.guideKey = n, "", ""
		}
	}
}

// guide follows guide attempts, across sessions: the place is kept per
// speaker.
func (f *Folder) guide(e *intents.UsageEvent) {
	key := GuideKey(e)
	sp := f.Speakers[key]
	if sp == nil {
		sp = &SpeakerState{}
		f.Speakers[key] = sp
	} else if e.Time.Before(sp.Last) {
		f.OutOfOrder = true
	}
	sp.Last = e.Time
	a := sp.Attempt
	var aDay *Day
	var aOld Counts
	if a != nil {
		aDay = f.day(a.Start, a.Household, a.Demo)
		aOld = a.counts()
	}
	start := func(topic string) {
		a = &Attempt{Start: e.Time, Household: e.HouseholdID, Demo: e.Demo, Topic: topic, Task: Task{Started: true}}
		sp.Attempt = a
		aDay, aOld = nil, nil // a new attempt: the old one keeps its counts
	}
	topic := e.Slots["problem"]
	switch e.Outcome {
	case intents.OutcomeGuideStarted:
		// Starting a guide replaces any place kept in another.
		start(topic)
		a.Task.see(e)
	case intents.OutcomeGuideResumed:
		if a == nil || (topic != "" && a.Topic != topic) {
			start(topic)
		}
		a.Task.see(e)
	case intents.OutcomeGuideFixed, intents.OutcomeGuideNotFixed:
		if a == nil {
			// Begun before the log: counted from here.
			start(cmp.Or(topic, intents.Other))
		}
		a.Task.see(e)
		a.Task.Finished = true
		sp.Attempt = nil
	default:
		if a == nil || e.Flow != intents.FlowSelfFix {
			return
		}
		a.Task.see(e)
	}
	if a.Household == "" {
		a.Household = e.HouseholdID
	}
	f.move(aDay, aOld, f.day(a.Start, a.Household, a.Demo), a.counts())
}

// GuideKey is the key of the guide place e's request continues: its
// speaker, or its session for a request with no speaker. Events with no
// session (forgotten) have none.
func GuideKey(e *intents.UsageEvent) string {
	if e.SpeakerID != "" {
		return e.SpeakerID
	}
	return "session " + e.SessionID
}

// followTasks moves a session's repair, booking and linking tasks on by
// one event. docs/evaluation.md ("Completion") says in words what starts,
// finishes and belongs to each.
func followTasks(s *SessionState, e *intents.UsageEvent) {
	o := e.Outcome
	// Repair: a report asked for (problem, guide offer, room, read-back,
	// or the code it needs), or a guide that did not fix it handing over.
	// An offer declined ("shall I report it?" – "no") starts nothing.
	if (e.Flow == intents.FlowRepair && (o == intents.OutcomeRepairPrompted || o == intents.OutcomeLinkNeeded || o == intents.OutcomeRepairReported)) ||
		o == intents.OutcomeGuideNotFixed {
		s.Repair.Started = true
	}
	if s.Repair.Started && (e.Flow == intents.FlowRepair || e.Flow == intents.FlowLink || o == intents.OutcomeGuideNotFixed) {
		s.Repair.see(e)
	}
	if o == intents.OutcomeRepairReported {
		s.Repair.Finished = true
	}

	// Booking: a visit offered, none free to offer, a visit booked, or
	// the code asked for to book one.
	if o == intents.OutcomeCoachOffered || o == intents.OutcomeCoachNoneFree || o == intents.OutcomeCoachBooked ||
		(e.Flow == intents.FlowCoach && o == intents.OutcomeLinkNeeded && e.Intent == "BookCoachIntent") {
		s.Booking.Started = true
	}
	if s.Booking.Started && (e.Flow == intents.FlowCoach || e.Flow == intents.FlowLink) {
		s.Booking.see(e)
	}
	if o == intents.OutcomeCoachBooked {
		s.Booking.Finished = true
	}

	// Linking: the code asked for, a code tried.
	newlyLinked := o == intents.OutcomeLinked && e.Step != "already_linked"
	if o == intents.OutcomeLinkNeeded || o == intents.OutcomeLinkFailed || newlyLinked {
		s.Linking.Started = true
	}
	if s.Linking.Started && (e.Flow == intents.FlowLink || o == intents.OutcomeLinkNeeded) {
		s.Linking.see(e)
	}
	if newlyLinked {
		s.Linking.Finished = true
	}
}

// Touched lists the days with counters, dropping counters that came to
// zero.
func (f *Folder) Touched() []*Day {
	out := make([]*Day, 0, len(f.Days))
	for _, d := range f.Days {
		for k, n := range d.Counts {
			if n == 0 {
				delete(d.Counts, k)
			}
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Day) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Household, b.Household), boolCmp(a.Demo, b.Demo))
	})
	return out
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// AppendCounts encodes c as lines of name, tab, count, in name order: a
// form the stores can parse quickly (ParseCounts) while staying readable.
func AppendCounts(b []byte, c Counts) []byte { return appendCounts(b, c, nil) }

// Own reports the counters a report reads household by household when its
// sums come from Rollups.Totals: out-of-scope topics (how many households
// asked) and reports of the problems whose priority depends on the
// household (intents.PriorityNeedsHousehold). Few days have any.
func Own(name string) bool {
	if strings.HasPrefix(name, kTopic) {
		return true
	}
	p, ok := strings.CutPrefix(name, kReported)
	return ok && intents.PriorityNeedsHousehold(p)
}

// Daily reports the counters a report reads day by day, and so the only
// ones Rollups.Totals need hold: which days had events, the requests and
// sessions of each day and week, the households with a conversation each
// day, and the reports whose priority depends on the day's month.
func Daily(name string) bool {
	switch name {
	case kEvents, kRequests, kSessions, kSessionHH:
		return true
	}
	p, ok := strings.CutPrefix(name, kReported)
	return ok && intents.PriorityNeedsHousehold(p)
}

// SessionHouseholds is what a household's day row going from before to
// after adds to its day's running totals beyond its own counters: one more
// (or one fewer) household with a conversation begun that day.
func SessionHouseholds(household string, before, after Counts) Counts {
	had, has := before[kSessions] > 0, after[kSessions] > 0
	switch {
	case household == "" || had == has:
		return nil
	case has:
		return Counts{kSessionHH: 1}
	}
	return Counts{kSessionHH: -1}
}

// AppendDailyCounts is AppendCounts of c's Daily counters alone.
func AppendDailyCounts(b []byte, c Counts) []byte { return appendCounts(b, c, Daily) }

// AppendOwnCounts is AppendCounts of c's own counters (Own) alone: a few
// bytes a store can keep beside a day row's counts and read without them.
func AppendOwnCounts(b []byte, c Counts) []byte { return appendCounts(b, c, Own) }

func appendCounts(b []byte, c Counts, keep func(string) bool) []byte {
	for _, k := range slices.Sorted(maps.Keys(c)) {
		if c[k] == 0 || (keep != nil && !keep(k)) {
			continue
		}
		b = append(b, k...)
		b = append(b, '\t')
		b = strconv.AppendInt(b, c[k], 10)
		b = append(b, '\n')
	}
	return b
}

// ParseCounts decodes what AppendCounts encoded, adding into c. names
// interns the counter names across calls (nil is allowed), since a report
// reads thousands of days with the same few dozen names.
func ParseCounts(c Counts, b []byte, names map[string]string) error {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		tab := bytes.LastIndexByte(line, '\t')
		if tab < 0 {
			return fmt.Errorf("evaluation: counter line %q has no count", line)
		}
		n, ok := parseInt(line[tab+1:])
		if !ok {
			return fmt.Errorf("evaluation: counter %q has count %q", line[:tab], line[tab+1:])
		}
		name, ok := names[string(line[:tab])]
		if !ok {
			name = string(line[:tab])
			if names != nil {
				names[name] = name
			}
		}
		c[name] += n
	}
	return nil
}

// parseInt is strconv.ParseInt for the counts AppendCounts writes, without
// the string it would need: a report parses thousands of them.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
