package handoff

import (
	"fmt"
	"strings"
	"time"
)

// Text is the message in plain words, for people: an email subject (under
// SNS's 100 characters) and a body that also reads as an SMS. The hand-off
// topic (infra/sns) sends it; the webhooks send the JSON.
func (m Message) Text() (subject, body string) {
	if v := m.Visit; v != nil {
		what := "booked"
		if m.Kind == KindVisitCancelled {
			what = "CANCELLED"
		}
		coach := v.Coach
		if coach == "" {
			coach = v.CoachID
		}
		subject = fmt.Sprintf("Coach visit %s: %s, %s", what, coach, london(v.Start))
		if len(subject) > 100 {
			subject = subject[:97] + "..."
		}
		body = fmt.Sprintf("Neighbourhood Coach visit %s by Alexa for tenancy %s: %s (%s), %s.\nBooking %s.\nReference for your system: %s",
			what, v.HouseholdRef, coach, v.CoachID, london(v.Start), v.BookingID, m.IdempotencyKey)
		return subject, body
	}
	r := m.Repair
	if r == nil {
		return "Home Helper: " + m.Kind, m.IdempotencyKey
	}
	pri := strings.ToUpper(r.Priority[:min(1, len(r.Priority))]) + r.Priority[min(1, len(r.Priority)):]
	subject = fmt.Sprintf("%s repair %s: %s", pri, r.Ref, r.ProblemWords)
	if r.Emergency {
		subject = "EMERGENCY " + subject
	}
	if len(subject) > 100 {
		subject = subject[:97] + "..."
	}
	var b strings.Builder
	if r.Emergency {
		b.WriteString("EMERGENCY. ")
	}
	fmt.Fprintf(&b, "Repair %s reported by Alexa for tenancy %s: %s", r.Ref, r.HouseholdRef, r.ProblemWords)
	if r.Room != "" {
		fmt.Fprintf(&b, " (%s)", strings.ToLower(strings.ReplaceAll(r.Room, "_", " ")))
	}
	fmt.Fprintf(&b, ".\nPriority: %s. Reported %s; attend by %s.", r.Priority, london(r.ReportedAt), london(r.AttendBy))
	if r.GuideTried {
		b.WriteString("\nThe tenant tried a self-fix guide first.")
	}
	if r.Description != "" {
		fmt.Fprintf(&b, "\nIn the tenant's words: %q", r.Description)
	}
	b.WriteString("\nReference for your system: " + m.IdempotencyKey)
	return subject, b.String()
}

// london shows an RFC 3339 time as UK staff read it.
func london(stamp string) string {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return stamp
	}
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		t = t.In(loc)
	}
	return t.Format("Mon 2 Jan 2006 15:04 MST")
}
