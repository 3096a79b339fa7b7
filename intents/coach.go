package intents

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// bookCoach offers the first free Neighbourhood Coach visit, one at a time.
// A day or time the tenant names narrows the search. Said while a visit is
// on offer ("what about Thursday?", "in the afternoon"), it keeps what was
// asked before and only changes what is named now.
func (t *turn) bookCoach(ctx context.Context) Response {
	if words, ok := t.notADate(); ok && (t.st.Flow == FlowRepair || t.st.Flow == FlowSelfFix) {
		// "in the kitchen I think", said to the room question, fits a
		// booking sample ("in the {time}") only because the date or time
		// slot took words that are no date or time: in the middle of a
		// repair, read them as words.
		t.ev.Intent = "ReportRepairIntent"
		t.req.Intent, t.req.Slots = "ReportRepairIntent", map[string]Slot{"description": {Value: words}}
		return t.reportRepair(ctx)
	}
	if words, ok := t.notADate(); ok {
		// Words that only fitted a sample's shape ("in the {time}") may
		// still name a day or a part of it.
		date, clock := t.whenIn(words, t.req.Time, t.cfg.Location)
		if date != "" || clock != "" {
			t.req.Slots = map[string]Slot{"date": {Value: date}, "time": {Value: clock}}
		}
	}
	if words, ok := t.notADate(); ok && t.st.Flow == FlowCoach && (t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch) {
		// "Have you got anything else?" fits "have you got anything
		// {date}" only by taking "else" as the day: asked of a visit on
		// offer, it is another day.
		t.ev.Intent = "OtherDayIntent"
		t.req.Slots = map[string]Slot{"description": {Value: words}}
		return t.otherDay(ctx)
	}
	t.flow(FlowCoach)
	st, given := t.bookingAsked()
	for _, name := range given {
		t.slot(name, "given")
	}
	t.st = st
	lead := ""
	if words := t.slotWords(); words != "" && t.read(words).has(needsSupport, nil) {
		// "I'm lonely", "I'm not coping": heard, before a time is offered.
		lead = "I'm sorry things are hard at the moment. Your Neighbourhood Coach can come and see you."
	}
	return t.offerSlot(ctx, lead)
}

// needsSupport is a tenant saying they are finding things hard, which a
// coach's visit is for.
var needsSupport = cue{"lonely", "on my own", "not managing", "not coping", "cant cope", "struggling", "a bit of support", "some support", "someone to talk to", "isolated", "nobody to talk to", "no one to talk to", "havent eaten", "not eaten", "no food", "nothing to eat", "cant afford food", "cant afford to eat", "food bank", "hungry"}

// bookingAsked is where a booking request's search starts: what was asked
// before, if a visit was on offer, changed by the day and part of the day
// named now, in Alexa's slots or in the words. given names the slots named.
func (t *turn) bookingAsked() (st State, given []string) {
	st = State{Flow: FlowCoach}
	if t.st.Flow == FlowCoach && (t.st.Pending == pendingBookSlot || t.st.Pending == pendingWidenSearch) {
		st.Date, st.Time, st.Skipped, st.Coach = t.st.Date, t.st.Time, t.st.Skipped, t.st.Coach
	}
	if d, ok := t.req.Slots["date"]; ok && d.Value != "" {
		st.Date, st.NotDays = d.Value, nil
		given = append(given, "date")
	}
	if tm, ok := t.req.Slots["time"]; ok && tm.Value != "" {
		st.Time = tm.Value
		given = append(given, "time")
	}
	return st, append(given, t.whenInWords(&st)...)
}

// notThatDay turns down the visit on offer and every other on the day
// named, and offers the next.
func (t *turn) notThatDay(ctx context.Context, day string) Response {
	if t.st.Offer != nil {
		t.st.Skipped = append(t.st.Skipped, t.st.Offer.ID)
		t.st.Offer = nil
	}
	if len(day) == len(time.DateOnly) {
		t.st.NotDays = append(t.st.NotDays, day)
	}
	if t.st.Date == day {
		t.st.Date = ""
	}
	t.st.Pending = pendingBookSlot
	r := t.offerSlot(ctx, "OK.")
	if t.ev.Outcome == OutcomeCoachOffered {
		t.outcome(OutcomeCoachDeclined)
	}
	return r
}

// whenFromWords takes the day and part of the day from words that came
// without Alexa's date and time slots ("book me in next week", heard as a
// sentence), so the offer respects them.
func (t *turn) whenFromWords() {
	for _, name := range t.whenInWords(&t.st) {
		t.slot(name, "given")
	}
}

// whenInWords sets st's day and part of the day from the words, where
// Alexa's slots left them empty, and names what it set.
func (t *turn) whenInWords(st *State) (given []string) {
	words := t.slotWords()
	if words == "" || (t.req.Slots["date"].Value != "" && t.req.Slots["time"].Value != "") {
		return nil
	}
	date, clock := t.whenIn(words, t.req.Time, t.cfg.Location)
	if day, err := time.ParseInLocation(time.DateOnly, date, t.cfg.Location); err == nil && t.dayRefused(words) && t.req.Slots["date"].Value == "" {
		// "A visit, but not on a Monday": any day but that one, for
		// the weeks a search looks ahead.
		st.Date, st.NotDays = "", nil
		for w := range 4 {
			st.NotDays = append(st.NotDays, day.AddDate(0, 0, 7*w).Format(time.DateOnly))
		}
		date = ""
	}
	if date != "" && t.req.Slots["date"].Value == "" {
		st.Date, st.NotDays = date, nil
		given = append(given, "date")
	}
	if clock != "" && t.req.Slots["time"].Value == "" {
		st.Time = clock
		given = append(given, "time")
	}
	return given
}

// notADate returns the words of a date or time slot that holds neither,
// with ok true; Alexa's built-in types send ISO values, so a value that
// reads as neither is words that only fitted a sample's shape.
func (t *turn) notADate() (string, bool) {
	var words []string
	bad := false
	for _, name := range []string{"date", "time"} {
		v := t.req.Slots[name].Value
		if v == "" {
			continue
		}
		words = append(words, v)
		_, _, dateOK := dateRange(v, t.cfg.Location)
		_, timeOK := timeFilter(v)
		if (name == "date" && !dateOK && v != "PRESENT_REF") || (name == "time" && !timeOK) {
			bad = true
		}
	}
	return strings.Join(words, " "), bad
}

// otherDay answers "any other day": the day on offer, and every time on it,
// is passed over. Anywhere else it starts a booking.
func (t *turn) otherDay(ctx context.Context) Response {
	switch {
	case t.st.Pending == pendingBookSlot && t.st.Offer != nil:
		day := t.st.Offer.Start.In(t.cfg.Location).Format(time.DateOnly)
		t.st.NotDays = append(t.st.NotDays, day)
		t.st.Skipped = append(t.st.Skipped, t.st.Offer.ID)
		t.st.Offer = nil
		if t.st.Date == day {
			// The tenant asked for that day; now any day will do.
			t.st.Date = ""
		}
		// "Not that one, Thursday afternoon" names what will do instead.
		t.whenFromWords()
		r := t.offerSlot(ctx, "OK, another day.")
		if t.ev.Outcome == OutcomeCoachOffered {
			t.outcome(OutcomeCoachDeclined)
		}
		return r
	case t.st.Pending == pendingWidenSearch:
		return t.answer(ctx, true)
	}
	return t.bookCoach(ctx)
}

// offerSlot finds the next free slot the tenant has not already turned down.
func (t *turn) offerSlot(ctx context.Context, lead string) Response {
	t.flow(FlowCoach)
	st := t.st
	st.Flow = FlowCoach
	h, err := t.household(ctx)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return t.linkNeeded(ctx, say(lead), "book a visit from your coach", st)
		}
		return t.storeFault(ctx, "looking up household for booking", err)
	}
	// The free visits are read at the same time as the booking the
	// household may have already (on DynamoDB one round trip, not two in a
	// row); they go unused if it has one.
	w := t.window(st.Date, st.Time)
	type found struct {
		slots []CoachSlot
		err   error
	}
	free := make(chan found, 1)
	// A home with no coach of its own may ask for one by name ("can I
	// see Priya on Wednesday"); the names are the diary's, so more of it
	// is read to find them.
	named := h.CoachID == "" && (st.Coach != "" || t.slotWords() != "")
	readFree := func() {
		slots, err := t.freeSlots(ctx, h.CoachID, st, named)
		free <- found{slots, err}
	}
	if t.roundTrips() {
		go readFree()
	} else {
		readFree()
	}
	if b, err := t.activeBooking(ctx, h.ID); err == nil {
		<-free
		return t.visitReadBack(t.anythingElse(ctx, FlowCoach, OutcomeCoachChecked,
			say(lead, "You already have a visit booked with "+b.Slot.Coach+" on "+spokenWhen(b.Slot.Start.In(t.cfg.Location))+".",
				"If you'd like a different time, say: move my visit.")), b.Slot.Start)
	} else if !errors.Is(err, ErrNotFound) {
		<-free
		return t.storeFault(ctx, "reading booking", err)
	}
	f := <-free
	slots, err := f.slots, f.err
	if err != nil {
		return t.storeFault(ctx, "finding coach slots", err)
	}
	fits := func(s CoachSlot) bool {
		at := s.Start.In(t.cfg.Location)
		return !slices.Contains(st.Skipped, s.ID) && !slices.Contains(st.NotDays, at.Format(time.DateOnly)) && w.accepts(at)
	}
	offers := func(coach string) bool {
		return slices.ContainsFunc(slots, func(s CoachSlot) bool { return s.Coach == coach && fits(s) })
	}
	if name := t.coachNamed(t.slotWords(), slots); named && name != "" && offers(name) {
		// Offered the coach asked for while that coach has a visit to
		// offer; then any coach's, whose name the offer says.
		st.Coach = name
	} else if st.Coach != "" && !offers(st.Coach) {
		st.Coach = ""
	}
	for _, s := range slots {
		if !fits(s) || st.Coach != "" && s.Coach != st.Coach {
			continue
		}
		st.Offer = &s
		st.Pending = pendingBookSlot
		t.outcome(OutcomeCoachOffered)
		t.step("offer")
		first := "The next visit I can book"
		if len(st.Skipped) > 0 {
			first = "The next one I have"
		}
		msg := say(lead, first+" is with "+s.Coach+" on "+spokenWhen(s.Start.In(t.cfg.Location))+".")
		if was := t.req.State; was.Pending == pendingBookSlot && was.Offer != nil && was.Offer.ID == s.ID {
			// "Any chance of a morning?", of a morning visit: the same
			// visit, said so, rather than the same sentence again.
			msg = say(lead, fmt.Sprintf("That one fits: it's with %s on %s.", s.Coach, spokenWhen(s.Start.In(t.cfg.Location))))
		}
		return t.ask(msg, say("Shall I book it?"), say("Please say yes or no. Would you like that visit?"), st)
	}

	if today := t.req.Time.In(t.cfg.Location).Format(time.DateOnly); st.Date == today {
		// A weekday named on that weekday means today while a visit is
		// free later on; after that, the same day next week.
		next, _ := time.ParseInLocation(time.DateOnly, today, t.cfg.Location)
		t.st = st
		t.st.Date = next.AddDate(0, 0, 7).Format(time.DateOnly)
		return t.offerSlot(ctx, strings.TrimSpace(lead+" There's nothing free later today."))
	}
	t.outcome(OutcomeCoachNoneFree)
	t.step("none_free")
	if st.Date != "" || st.Time != "" {
		st.Pending = pendingWidenSearch
		sorry := "I'm sorry, there are no more free visits at that time."
		if day, err := time.ParseInLocation(time.DateOnly, st.Date, t.cfg.Location); err == nil {
			// "Tomorrow", on a day nobody visits: say which day was looked
			// at, and which part of it ("Friday afternoon", then "what
			// about Monday" looks at Monday afternoon).
			switch part := partOfDay[st.Time]; {
			case st.Time == "":
				sorry = "I'm sorry, there are no free visits on " + spokenDay(day) + "."
			case part != "":
				sorry = "I'm sorry, there are no free visits on " + spokenDay(day) + " " + part + "."
			}
		}
		return t.ask(say(lead, sorry),
			say("Shall I look at other days?"), say("Please say yes or no. Would you like me to look at other days and times?"), st)
	}
	return t.coachGiveUp(ctx, lead)
}

// coachNamed is the name of a coach of slots that the words name, or "".
func (m *readings) coachNamed(words string, slots []CoachSlot) string {
	if words == "" {
		return ""
	}
	r := m.read(words)
	for _, s := range slots {
		if s.Coach != "" && r.hasPhrase(strings.ToLower(s.Coach), nil) {
			return s.Coach
		}
	}
	return ""
}

func (t *turn) coachGiveUp(ctx context.Context, lead string) Response {
	t.step("none_free")
	sorry := "I'm sorry, I don't have any more free visits to offer just now."
	if lead != "" {
		sorry = "And I don't have any more free visits to offer just now."
	}
	s := say(lead, sorry,
		"Please call us on").phone(t.cfg.LandlordPhone).text("and we'll arrange one.")
	return t.anythingElse(ctx, FlowCoach, OutcomeCoachNoneFree, s)
}

// bookAnswered answers "Shall I book it?". The store decides who gets a
// slot, so two tenants saying yes at once cannot both hold it.
func (t *turn) bookAnswered(ctx context.Context, yes bool) Response {
	offer := t.st.Offer
	if offer == nil {
		return t.offerSlot(ctx, "")
	}
	if !yes {
		t.st.Skipped = append(t.st.Skipped, offer.ID)
		t.st.Offer = nil
		// "No, Thursday afternoon" says what would do instead.
		t.whenFromWords()
		r := t.offerSlot(ctx, "OK.")
		if t.ev.Outcome == OutcomeCoachOffered {
			t.outcome(OutcomeCoachDeclined)
		}
		return r
	}
	h, err := t.household(ctx)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return t.linkNeeded(ctx, nil, "book a visit from your coach", t.st)
		}
		return t.storeFault(ctx, "looking up household for booking", err)
	}
	id, err := newBookingID(t.idSource("booking"))
	if err != nil {
		return t.storeFault(ctx, "making booking id", err)
	}
	b := Booking{ID: id, HouseholdID: h.ID, Slot: *offer, BookedAt: t.req.Time.UTC()}
	t.forgetAhead()
	switch err := t.stores.Coaching.Book(ctx, b); {
	case errors.Is(err, ErrConflict):
		t.st.Skipped = append(t.st.Skipped, offer.ID)
		t.st.Offer = nil
		return t.offerSlot(ctx, "I'm sorry, someone has just taken that time.")
	case err != nil:
		t.flow(FlowCoach)
		t.log.ErrorContext(ctx, "booking coach", "err", err, "request_id", t.req.ID)
		// The write may have landed though it reported an error.
		held, known := t.bookingStands(ctx, h, b.ID)
		if !held {
			t.outcome(OutcomeError)
			s := say("I'm sorry, I couldn't book that just now, so nothing has been booked.")
			if !known {
				s = say("I'm sorry, something went wrong, and I can't tell whether that visit was booked.")
			}
			s.text("Please try again later, or call us on").phone(t.cfg.LandlordPhone).text(".")
			return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
		}
	}
	t.step("booked")
	when := spokenWhen(offer.Start.In(t.cfg.Location))
	s := say(fmt.Sprintf("Booked. %s will visit you on %s.", offer.Coach, when))
	r, ok := t.offerReminder(s, b)
	if ok {
		t.flow(FlowCoach)
		t.outcome(OutcomeCoachBooked)
	} else {
		r = t.finished(ctx, FlowCoach, OutcomeCoachBooked, s)
	}
	r.Card = &Card{Title: "Coach visit booked", Text: fmt.Sprintf("%s will visit on %s.", offer.Coach, when)}
	return t.visitReadBack(r, offer.Start)
}

func (t *turn) checkAppointment(ctx context.Context) Response {
	t.flow(FlowCoach)
	if t.repairMeant(ctx) {
		t.ev.Intent = "RepairStatusIntent"
		return t.repairStatus(ctx)
	}
	b, resp, ok := t.booking(ctx, "check your visit")
	if !ok {
		return resp
	}
	t.step("check")
	s := say(fmt.Sprintf("Your next visit is with %s on %s.", b.Slot.Coach, spokenWhen(b.Slot.Start.In(t.cfg.Location))))
	if b.ReminderID == "" {
		// The way back for a tenant who allowed reminders in the Alexa
		// app after saying no, or after the card (consentCard).
		if r, ok := t.offerReminder(s, b); ok {
			t.outcome(OutcomeCoachChecked)
			return t.visitReadBack(r, b.Slot.Start)
		}
	}
	return t.visitReadBack(t.anythingElse(ctx, FlowCoach, OutcomeCoachChecked, s), b.Slot.Start)
}

func (t *turn) cancelAppointment(ctx context.Context) Response {
	t.flow(FlowCoach)
	b, resp, ok := t.booking(ctx, "cancel your visit")
	if !ok {
		return resp
	}
	t.step("cancel")
	t.outcome(OutcomeCoachChecked)
	st := State{Flow: FlowCoach, Pending: pendingCancelVisit, Cancel: cancelAsked(b)}
	s := say(fmt.Sprintf("Your visit is with %s on %s.", b.Slot.Coach, spokenWhen(b.Slot.Start.In(t.cfg.Location))))
	return t.ask(s, say("Are you sure you want to cancel it?"), say("Please say yes or no. Shall I cancel your visit?"), st)
}

// moveAppointment answers "can we move my visit?". A household holds one
// visit at a time, so it is cancelled first and then the next free one
// offered; it is kept, and the tenant told to call, when no other visit
// is free to offer.
func (t *turn) moveAppointment(ctx context.Context) Response {
	t.flow(FlowCoach)
	b, resp, ok := t.booking(ctx, "change your visit")
	if !ok {
		return resp
	}
	t.step("move")
	t.outcome(OutcomeCoachChecked)
	when := spokenWhen(b.Slot.Start.In(t.cfg.Location))
	h, err := t.household(ctx)
	if err != nil {
		return t.storeFault(ctx, "looking up household to move a visit", err)
	}
	w := t.window("", "")
	slots, err := t.stores.Coaching.FreeSlots(ctx, h.CoachID, w.from, w.to, w.overfetch+1)
	if err != nil {
		return t.storeFault(ctx, "finding coach slots to move a visit", err)
	}
	if !slices.ContainsFunc(slots, func(s CoachSlot) bool { return s.ID != b.Slot.ID }) {
		s := say(fmt.Sprintf("Your visit is with %s on %s. There's no other time free just now, so I've kept it.", b.Slot.Coach, when),
			"To change it, please call us on").phone(t.cfg.LandlordPhone).text(".")
		return t.visitReadBack(t.anythingElse(ctx, FlowCoach, OutcomeCoachNoneFree, s), b.Slot.Start)
	}
	c := cancelAsked(b)
	c.Move, c.Slot = true, b.Slot.ID
	// "Can I move it to next week?": the offer after respects it.
	t.st = State{}
	t.whenFromWords()
	st := State{Flow: FlowCoach, Pending: pendingCancelVisit, Cancel: c, Date: t.st.Date, Time: t.st.Time}
	s := say(fmt.Sprintf("Your visit is with %s on %s. To change it, I'll cancel it, then find you another time.", b.Slot.Coach, when))
	return t.ask(s, say("Shall I do that?"), say("Please say yes or no. Shall I cancel this visit and find you another?"), st)
}

// booking finds the household's standing booking, or answers for it.
func (t *turn) booking(ctx context.Context, task string) (Booking, Response, bool) {
	h, err := t.household(ctx)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Booking{}, t.linkNeeded(ctx, nil, task, State{Flow: FlowCoach}), false
		}
		return Booking{}, t.storeFault(ctx, "looking up household", err), false
	}
	b, err := t.activeBooking(ctx, h.ID)
	if errors.Is(err, ErrNotFound) {
		t.outcome(OutcomeCoachChecked)
		t.step("none_booked")
		st := State{Flow: FlowCoach, Pending: pendingOfferBooking}
		return Booking{}, t.ask(say("You don't have a visit booked at the moment."),
			say("Would you like to book one?"), say("Please say yes or no. Shall I find you a visit?"), st), false
	}
	if err != nil {
		return Booking{}, t.storeFault(ctx, "reading booking", err), false
	}
	return b, Response{}, true
}

// repairMeant reports words that ask when "they" will come, naming no
// visit, from a home with no visit booked and a repair open: the repair
// is who is coming ("I've reported the tap. When will they come?"). The
// repairs are read beside the booking, so the turn waits no longer.
func (t *turn) repairMeant(ctx context.Context) bool {
	words := t.slotWords()
	if words == "" || t.read(words).has(visitWords, nil) || t.stores.Repairs == nil || t.stores.Coaching == nil {
		return false
	}
	h, err := t.household(ctx)
	if err != nil {
		return false
	}
	// Begun ahead on the household guessed, or now, on the one found.
	if t.ahead.open == nil || t.ahead.open.key != h.ID {
		t.ahead.open = begin(ctx, h.ID, func(ctx context.Context) ([]Repair, error) {
			return t.stores.Repairs.OpenRepairs(ctx, h.ID)
		})
	}
	if t.ahead.booking == nil || t.ahead.booking.key != h.ID {
		t.ahead.booking = begin(ctx, h.ID, func(ctx context.Context) (Booking, error) {
			return t.stores.Coaching.ActiveBooking(ctx, h.ID, t.req.Time)
		})
	}
	if _, err, _ := peek(t.ahead.booking, h.ID); !errors.Is(err, ErrNotFound) {
		return false
	}
	open, err, _ := peek(t.ahead.open, h.ID)
	return err == nil && len(open) > 0
}

// cancelAsked is what State keeps of a visit asked about cancelling.
func cancelAsked(b Booking) *CancelAsked {
	return &CancelAsked{ID: b.ID, Coach: b.Slot.Coach, Start: b.Slot.Start, Reminder: b.ReminderID}
}

// cancelledHere returns the visit asked about if this very request
// cancelled it already (another handling of it, which died before its
// answer was recorded).
func (t *turn) cancelledHere(ctx context.Context) (CancelAsked, bool) {
	c := t.st.Cancel
	if c == nil || t.stores.Replies == nil || t.req.ID == "" {
		return CancelAsked{}, false
	}
	made, err := t.stores.Replies.Made(ctx, t.req.ID, Effect("cancel", c.ID))
	if err != nil {
		t.log.WarnContext(ctx, "reading what a request changed", "err", err, "request_id", t.req.ID)
	}
	return *c, made
}

func (t *turn) cancelAnswered(ctx context.Context, yes bool) Response {
	t.flow(FlowCoach)
	t.step("cancel")
	if !yes {
		return t.anythingElse(ctx, FlowCoach, OutcomeCoachChecked, say("OK, your visit is still booked."))
	}
	h, err := t.household(ctx)
	if err != nil {
		return t.storeFault(ctx, "looking up household to cancel", err)
	}
	b, err := t.activeBooking(ctx, h.ID)
	if errors.Is(err, ErrNotFound) {
		if c, ok := t.cancelledHere(ctx); ok {
			// A repeat of the "yes" that cancelled it: the store is told
			// again, changes nothing, and the words are the first's.
			b, err = Booking{ID: c.ID, HouseholdID: h.ID, Slot: CoachSlot{Coach: c.Coach, Start: c.Start}, ReminderID: c.Reminder}, nil
		} else {
			return t.anythingElse(ctx, FlowCoach, OutcomeCoachChecked, say("You don't have a visit booked any more, so there's nothing to cancel."))
		}
	}
	if err != nil {
		return t.storeFault(ctx, "reading booking to cancel", err)
	}
	t.forgetAhead()
	if err := t.stores.Coaching.CancelBooking(ctx, b.ID, t.req.Time.UTC()); err != nil {
		t.log.ErrorContext(ctx, "cancelling booking", "err", err)
		// Whatever the error said (a lost reply, a cut-off write, "not
		// found"), the tenant hears what the store now holds.
		stands, known := t.bookingStands(ctx, h, b.ID)
		if stands || !known {
			t.outcome(OutcomeError)
			s := say("I'm sorry, I couldn't cancel it just now, so your visit is still booked.")
			if !known {
				s = say("I'm sorry, something went wrong, and I can't tell whether your visit was cancelled.")
			}
			s.text("Please try again later, or call us on").phone(t.cfg.LandlordPhone).text(".")
			return t.ask(s, say("Is there anything else I can help with?"), anythingElseReprompt(), State{Pending: pendingAnythingElse})
		}
	}
	s := say(fmt.Sprintf("I've cancelled your visit with %s on %s.", b.Slot.Coach, spokenDay(b.Slot.Start.In(t.cfg.Location))))
	if left := t.deleteReminder(ctx, b); left != nil {
		s.add(left)
	}
	if c := t.st.Cancel; c != nil && c.Move {
		// Moving it: the next free visit, other than the one let go.
		t.st = State{Flow: FlowCoach, Skipped: []string{c.Slot}, Date: t.st.Date, Time: t.st.Time}
		r := t.offerSlot(ctx, PlainText(s.String()))
		t.outcome(OutcomeCoachCancelled)
		t.step("move")
		return r
	}
	return t.anythingElse(ctx, FlowCoach, OutcomeCoachCancelled, s)
}

// bookingStands reads back whether a booking holds its slot, after a write
// whose outcome is uncertain. known is false when the store cannot say.
func (t *turn) bookingStands(ctx context.Context, h Household, bookingID string) (stands, known bool) {
	rctx, cancel := readBackContext(ctx)
	defer cancel()
	b, err := t.stores.Coaching.ActiveBooking(rctx, h.ID, t.req.Time)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, true
	case err != nil:
		t.log.WarnContext(ctx, "reading back a booking", "err", err, "booking", bookingID)
		return false, false
	}
	return b.ID == bookingID, true
}

func newBookingID(src io.Reader) (string, error) {
	b := make([]byte, 12)
	if _, err := io.ReadFull(src, b); err != nil {
		return "", fmt.Errorf("making booking id: %w", err)
	}
	return "b_" + hex.EncodeToString(b), nil
}

// sameDayNotice is the least notice a coach gets of a visit booked today.
const sameDayNotice = time.Hour

// searchWindow is the range of visit times a tenant will accept.
type searchWindow struct {
	from, to  time.Time
	overfetch int
	accepts   func(time.Time) bool
}

// slotSearch is the diary search offerSlot makes for st: enough slots to
// get past the ones already turned down, and, where a coach may be named
// (named), past the other coaches' visits. key names it for reading ahead.
func (t *turn) slotSearch(coach string, st State, named bool) (key string, from, to time.Time, limit int) {
	w := t.window(st.Date, st.Time)
	limit = len(st.Skipped) + w.overfetch + len(st.NotDays)*200
	if named {
		limit += 200
	}
	key = coach + "|" + strconv.FormatInt(w.from.UnixNano(), 10) + "|" + strconv.FormatInt(w.to.UnixNano(), 10) + "|" + strconv.Itoa(limit)
	return key, w.from, w.to, limit
}

// window turns AMAZON.DATE and AMAZON.TIME values into a search window.
// Visits start tomorrow at the earliest, so a coach has notice — unless the
// tenant names today.

func (t *turn) window(date, clock string) searchWindow {
	loc := t.cfg.Location
	now := t.req.Time.In(loc)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)
	w := searchWindow{from: tomorrow, to: now.Add(t.cfg.CoachHorizon), overfetch: 1, accepts: func(time.Time) bool { return true }}
	if from, to, ok := dateRange(date, loc); ok {
		if date == now.Format(time.DateOnly) {
			// Today, asked for by name: a visit at least sameDayNotice
			// from now still gives the coach time to get there.
			w.from = now.Add(sameDayNotice)
		} else {
			w.from = later(w.from, from)
		}
		w.to = to
	}
	if accept, ok := timeFilter(clock); ok {
		w.accepts = accept
		// The filter runs after the store's limit: fetch more so a
		// morning-only tenant still hears a morning slot.
		w.overfetch = 200
	}
	return w
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dateRange reads AMAZON.DATE: a day ("2026-12-03"), a week ("2026-W49"),
// a weekend ("2026-W49-WE") or a month ("2026-12").
func dateRange(v string, loc *time.Location) (time.Time, time.Time, bool) {
	if d, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return d, d.AddDate(0, 0, 1), true
	}
	if m, err := time.ParseInLocation("2006-01", v, loc); err == nil {
		return m, m.AddDate(0, 1, 0), true
	}
	weekend := strings.HasSuffix(v, "-WE")
	v = strings.TrimSuffix(v, "-WE")
	year, week, ok := strings.Cut(v, "-W")
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	y, err1 := strconv.Atoi(year)
	wk, err2 := strconv.Atoi(week)
	if err1 != nil || err2 != nil || wk < 1 || wk > 53 {
		return time.Time{}, time.Time{}, false
	}
	// ISO week 1 holds the year's first Thursday.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(wk-1)*7)
	if weekend {
		return monday.AddDate(0, 0, 5), monday.AddDate(0, 0, 7), true
	}
	return monday, monday.AddDate(0, 0, 7), true
}

// partOfDay says AMAZON.TIME's parts of the day.
var partOfDay = map[string]string{"MO": "in the morning", "AF": "in the afternoon", "EV": "in the evening", "NI": "at night", "PM": "after midday"}

// timeFilter reads AMAZON.TIME: a clock time ("10:00", within the hour) or a
// part of the day (MO, AF, EV, NI).
func timeFilter(v string) (func(time.Time) bool, bool) {
	between := func(lo, hi int) func(time.Time) bool {
		return func(t time.Time) bool { return t.Hour() >= lo && t.Hour() < hi }
	}
	switch v {
	case "MO":
		return between(6, 12), true
	case "AF":
		return between(12, 17), true
	case "EV":
		return between(17, 21), true
	case "NI":
		return between(21, 24), true
	case "PM":
		// Not AMAZON.TIME's: mornings turned down (whenIn).
		return between(12, 24), true
	}
	c, err := time.Parse("15:04", v)
	if err != nil {
		return nil, false
	}
	want := c.Hour()*60 + c.Minute()
	if c.Hour() >= 1 && c.Hour() <= 7 {
		// Alexa keeps "half past two" as 02:30; nobody asks for a coach
		// in the small hours, so it means the afternoon.
		want += 12 * 60
	}
	return func(t time.Time) bool {
		got := t.Hour()*60 + t.Minute()
		return got >= want-30 && got <= want+60
	}, true
}
