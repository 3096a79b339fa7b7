package intents

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxRepairsRead is how many repairs are read out at once: more is too much
// to take in by ear.
const maxRepairsRead = 3

// repairStatus reads back the household's open repairs.
func (t *turn) repairStatus(ctx context.Context) Response {
	t.flow(FlowStatus)
	h, err := t.household(ctx)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return t.linkNeeded(ctx, nil, "check your repairs", State{Flow: FlowStatus})
		}
		return t.storeFault(ctx, "looking up household for status", err)
	}
	open, err := t.openRepairs(ctx, h.ID)
	if err != nil {
		return t.storeFault(ctx, "reading open repairs", err)
	}
	if len(open) == 0 {
		t.outcome(OutcomeStatusRead)
		st := State{Flow: FlowStatus, Pending: pendingOfferReport}
		// Only repairs reported here are known here: one reported by
		// phone ("I reported the boiler last week and nobody's come") is
		// the team's to tell.
		return t.ask(say("You don't have any open repairs with Home Helper. If you reported one another way, our team can tell you how it's going, on").
			phone(t.cfg.LandlordPhone).text("."), say("Would you like to report one?"),
			say("Please say yes or no. Shall I report a repair for you?"), st)
	}
	// References are read out when asked for: spelt letter by letter,
	// they are long to hear otherwise.
	refs := t.read(t.slotWords()).has(askedReference, nil)
	s := say("You have " + strconv.Itoa(len(open)) + " open " + plural(len(open), "repair", "repairs") + ".")
	for i, r := range open {
		if i == maxRepairsRead {
			s.text(fmt.Sprintf("And %d more. Your coach can go through them with you.", len(open)-maxRepairsRead))
			break
		}
		s.text(capitalise(problemName(r.Problem)) + ", reported on " + spokenDay(r.ReportedAt.In(t.cfg.Location)) +
			". It's " + string(r.Priority) + ", and " + HeardStatus(r) + ".")
		if refs {
			s.text("Its reference is").spell(r.Ref).text(".")
		}
	}
	return t.anythingElse(ctx, FlowStatus, OutcomeStatusRead, s)
}

// HeardStatus is what a tenant hears of a repair's status when they ask
// about it; the staff repairs page quotes it.
func HeardStatus(r Repair) string {
	switch r.Status {
	case StatusBooked:
		if d := r.Visit.Day; !d.IsZero() {
			// The day is a calendar date: read it as one, not shifted.
			s := "the repairs team will come on " + spokenDay(time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC))
			if r.Visit.Part != VisitAllDay {
				s += ", in the " + string(r.Visit.Part)
			}
			return s
		}
		return "a visit has been booked"
	case StatusDone:
		return "it's done"
	default:
		return "it's with the repairs team"
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
