// Package seed writes a synthetic pilot, households and their usage
// events, through a store's own write path: for benchmarks at any scale
// and for staff training on a site that looks used.
//
// The mix (docs/evaluation.md, "A synthetic pilot") follows what the
// evaluation test pilots and earlier landlord tests show: most sessions
// are short and about one task; repairs and guides are the bulk; a few
// go wrong (not understood, help, silence) and some households stop.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Store is what seeding writes to.
type Store interface {
	AddHousehold(ctx context.Context, h intents.Household) error
	RecordUsage(ctx context.Context, e intents.UsageEvent) error
}

// Options say what to write.
type Options struct {
	Households int
	Days       int // ending yesterday (in Location), or on Last when set
	PerDay     int // requests per household per day, on average
	// Demo marks every event as the try-it page's, so a training site's
	// figures stay out of the real ones unless staff ask for demo use.
	Demo     bool
	Last     time.Time // the last day; zero means yesterday
	Location *time.Location
	Seed     uint64
	// InFlight is how many households are written at once, so the store
	// can batch its commits; 0 means 256.
	InFlight int
	// Prefix starts every household id, reference and request id, so two
	// seedings into one store do not collide; empty means "seed".
	Prefix string
}

// Result counts what was written.
type Result struct {
	Households int
	Events     int
	First      time.Time
	Last       time.Time
}

// HouseholdID is the id (pseudonym) Run gives household i.
func HouseholdID(prefix string, i int) string { return fmt.Sprintf("%s-hh-%04d", prefix, i) }

// Run enrols the households and writes their events, a day at a time,
// each household's in time order.
func Run(ctx context.Context, st Store, o Options) (Result, error) {
	if o.Households <= 0 || o.Days <= 0 || o.PerDay <= 0 {
		return Result{}, fmt.Errorf("seed: households, days and requests a day must be positive")
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Prefix == "" {
		o.Prefix = "seed"
	}
	if o.InFlight <= 0 {
		o.InFlight = 256
	}
	last := o.Last
	if last.IsZero() {
		last = time.Now().In(o.Location).AddDate(0, 0, -1)
	}
	l := last.In(o.Location)
	firstDay := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, o.Location).AddDate(0, 0, -(o.Days - 1))

	for i := range o.Households {
		h := intents.Household{ID: HouseholdID(o.Prefix, i), Ref: fmt.Sprintf("%s-%04d", o.Prefix, i),
			Vulnerable: i%7 == 0, EnrolledAt: firstDay.Add(-24 * time.Hour), LinkedAt: firstDay.Add(-23 * time.Hour)}
		if err := st.AddHousehold(ctx, h); err != nil {
			return Result{}, fmt.Errorf("seed: %w", err)
		}
	}

	// Every household draws from its own random stream, so the pilot is
	// the same whatever order it is written in. It is written a day at a
	// time, all households' days at once, as a real pilot's log fills up:
	// a file laid out by household rather than by time would read back
	// far slower than a real one (the exports read it in time order).
	hs := make([]*writer, o.Households)
	for i := range hs {
		rng := rand.New(rand.NewPCG(o.Seed, uint64(i)))
		w := &writer{ctx: ctx, st: st, o: o, rng: rng, hh: HouseholdID(o.Prefix, i), speaker: fmt.Sprintf("%s-sp-%04d", o.Prefix, i)}
		// Some households stop part way, as real ones do.
		w.stopAfter = o.Days
		if rng.IntN(5) == 0 {
			w.stopAfter = 1 + rng.IntN(o.Days)
		}
		hs[i] = w
	}
	res := Result{Households: o.Households}
	for d := range o.Days {
		day := firstDay.AddDate(0, 0, d)
		next := make(chan *writer)
		var wg sync.WaitGroup
		for range min(o.InFlight, o.Households) {
			wg.Go(func() {
				for w := range next {
					w.day(d, day)
				}
			})
		}
	feed:
		for _, w := range hs {
			select {
			case next <- w:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
		for _, w := range hs {
			if w.err != nil {
				return sum(hs, res), fmt.Errorf("seed: %w", w.err)
			}
		}
		if err := ctx.Err(); err != nil {
			return sum(hs, res), fmt.Errorf("seed: %w", err)
		}
	}
	res = sum(hs, res)
	res.First, res.Last = firstDay, firstDay.AddDate(0, 0, o.Days)
	return res, nil
}

func sum(hs []*writer, res Result) Result {
	for _, w := range hs {
		res.Events += w.events
	}
	return res
}

// day writes the household's day d, which starts at day.
func (w *writer) day(d int, day time.Time) {
	if d >= w.stopAfter || w.err != nil {
		return
	}
	// Requests a day vary around PerDay; a session has about four.
	want := w.rng.IntN(2*w.o.PerDay + 1)
	t := day.Add(time.Duration(7*60+w.rng.IntN(12*60)) * time.Minute)
	for want > 0 && w.err == nil {
		n := w.session(t)
		want -= n
		t = t.Add(time.Duration(20+w.rng.IntN(90)) * time.Minute)
		if t.Sub(day) > 23*time.Hour {
			break
		}
	}
}

type writer struct {
	ctx       context.Context
	stopAfter int // the days it writes before it stops
	st        Store
	o         Options
	rng       *rand.Rand
	hh        string
	speaker   string
	sess      string
	t         time.Time
	seq       int
	events    int
	err       error
	guide     string // a guide left part way, to resume
	// mark changes the next event written (a repair reference, guide tried).
	mark func(*intents.UsageEvent)
}

var problems = []string{"RADIATOR", "BOILER_PRESSURE", "SINK_BLOCKED", "TRIP_SWITCH", "LEAK", "DAMP_MOULD", "DOOR", "WINDOW", "TAP"}

// event writes one event of the current session, a few seconds after the
// last.
func (w *writer) event(typ, intent string, flow intents.Flow, step string, outcome intents.Outcome, slots map[string]string) {
	if w.err != nil {
		return
	}
	w.t = w.t.Add(time.Duration(3+w.rng.IntN(15)) * time.Second)
	w.seq++
	e := intents.UsageEvent{RequestID: fmt.Sprintf("%s.%s.%d", w.o.Prefix, w.sess, w.seq), Time: w.t.UTC(),
		HouseholdID: w.hh, SpeakerID: w.speaker, SessionID: w.sess, RequestType: typ, Intent: intent,
		Slots: slots, Flow: flow, Step: step, Outcome: outcome, LatencyMS: 2 + 10*w.rng.Float64(),
		Locale: "en-GB", Demo: w.o.Demo}
	if w.mark != nil {
		w.mark(&e)
		w.mark = nil
	}
	if typ == intents.SessionEndedRequest {
		e.SessionEnded = true
		e.EndReason = step
		e.Step = ""
	}
	if err := w.st.RecordUsage(w.ctx, e); err != nil {
		w.err = err
		return
	}
	w.events++
}

func (w *writer) intent(name string, flow intents.Flow, step string, outcome intents.Outcome, slots map[string]string) {
	w.event(intents.IntentRequest, name, flow, step, outcome, slots)
}

// session writes one session from its start at t, returning its
// requests. The mix, in percent of sessions: repair reports 28 (one in
// eight left at the room question), guides 25 (fixed, not fixed and
// reported, or left to resume another day), coach visits 12, repair
// status 12, help or not understood then a task 10, emergencies 3, a
// launch and nothing said 10; a finished task is rated one time in four.
func (w *writer) session(t time.Time) int {
	w.sess = fmt.Sprintf("%s.%d", w.hh, t.Unix())
	w.t, w.seq = t, 0
	before := w.events
	w.event(intents.LaunchRequest, "", intents.FlowLaunch, "", intents.OutcomeWelcomed, nil)
	end := "USER_INITIATED"
	problem := problems[w.rng.IntN(len(problems))]
	p := map[string]string{"problem": problem}
	rated := false
	switch r := w.rng.IntN(100); {
	case r < 28:
		w.intent("ReportRepairIntent", intents.FlowRepair, "problem", intents.OutcomeRepairPrompted, nil)
		w.intent("ReportRepairIntent", intents.FlowRepair, "room", intents.OutcomeRepairPrompted, p)
		if w.rng.IntN(8) == 0 {
			end = "EXCEEDED_MAX_REPROMPTS"
			break
		}
		w.intent("AMAZON.YesIntent", intents.FlowRepair, "confirmed", intents.OutcomeRepairReported, p)
		rated = true
	case r < 53:
		if w.guide != "" && w.rng.IntN(2) == 0 {
			p["problem"] = w.guide
			w.intent("AMAZON.YesIntent", intents.FlowSelfFix, "step 3", intents.OutcomeGuideResumed, p)
		} else {
			w.intent("SelfFixIntent", intents.FlowSelfFix, "step 1", intents.OutcomeGuideStarted, p)
			w.intent("AMAZON.NextIntent", intents.FlowSelfFix, "step 2", intents.OutcomeGuideStep, p)
		}
		w.guide = ""
		switch g := w.rng.IntN(10); {
		case g < 6:
			w.intent("AMAZON.YesIntent", intents.FlowSelfFix, "fix_check", intents.OutcomeGuideFixed, p)
			rated = true
		case g < 8:
			w.intent("AMAZON.NoIntent", intents.FlowSelfFix, "fix_check", intents.OutcomeGuideNotFixed, p)
			w.mark = func(e *intents.UsageEvent) { e.GuideTried = true }
			w.intent("AMAZON.YesIntent", intents.FlowRepair, "confirmed", intents.OutcomeRepairReported, p)
			rated = true
		default:
			w.guide = p["problem"]
			w.intent("AMAZON.StopIntent", intents.FlowSelfFix, "step 3", intents.OutcomeGuideLeft, p)
		}
	case r < 65:
		w.intent("BookCoachIntent", intents.FlowCoach, "offer", intents.OutcomeCoachOffered, nil)
		if w.rng.IntN(10) < 7 {
			w.intent("AMAZON.YesIntent", intents.FlowCoach, "booked", intents.OutcomeCoachBooked, nil)
			rated = true
		} else {
			w.intent("AMAZON.NoIntent", intents.FlowCoach, "offer", intents.OutcomeCoachDeclined, nil)
		}
	case r < 77:
		w.intent("RepairStatusIntent", intents.FlowStatus, "", intents.OutcomeStatusRead, nil)
	case r < 87:
		if w.rng.IntN(2) == 0 {
			w.intent("AMAZON.HelpIntent", intents.FlowHelp, "", intents.OutcomeHelp, nil)
		} else {
			w.intent("AMAZON.FallbackIntent", intents.FlowOther, "", intents.OutcomeNotUnderstood, nil)
		}
		w.intent("ReportRepairIntent", intents.FlowRepair, "problem", intents.OutcomeRepairPrompted, nil)
		w.intent("ReportRepairIntent", intents.FlowRepair, "room", intents.OutcomeRepairPrompted, p)
		w.intent("AMAZON.YesIntent", intents.FlowRepair, "confirmed", intents.OutcomeRepairReported, p)
	case r < 90:
		em := map[string]string{"problem": "GAS_SMELL"}
		w.mark = func(e *intents.UsageEvent) { e.RepairRef = "HH-" + e.RequestID; e.Priority = intents.Emergency }
		w.event(intents.IntentRequest, "ReportRepairIntent", intents.FlowRepair, "safety", intents.OutcomeEmergencyAdvised, em)
	default:
		end = "EXCEEDED_MAX_REPROMPTS"
	}
	if rated && w.rng.IntN(4) == 0 {
		rating := fmt.Sprint(3 + w.rng.IntN(3))
		w.intent("RatingIntent", intents.FlowFeedback, "", intents.OutcomeFeedbackGiven, map[string]string{"rating": rating})
	}
	w.event(intents.SessionEndedRequest, "", intents.FlowOther, end, intents.OutcomeEnded, nil)
	// Requests, not session-end notices, are what PerDay counts.
	return w.events - before - 1
}
