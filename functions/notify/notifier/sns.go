package notifier

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/homehelper/homehelper/handoff"
)

// SNSAPI is the one call the topic adapter makes: *sns.Client.
type SNSAPI interface {
	Publish(ctx context.Context, in *sns.PublishInput, optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// Topic publishes hand-off messages to an SNS topic, in plain words for
// the people its email and SMS subscriptions reach.
type Topic struct {
	Client SNSAPI
	ARN    string
}

// Publish sends m's subject and text, with its kind and, for a repair, its
// priority or, for a coach visit, its coach_id as message attributes (for
// subscription filter policies).
func (t Topic) Publish(ctx context.Context, m handoff.Message) error {
	subject, body := Text(m)
	attrs := map[string]types.MessageAttributeValue{
		"kind": {DataType: aws.String("String"), StringValue: aws.String(m.Kind)},
	}
	if m.Repair != nil {
		attrs["priority"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(m.Repair.Priority)}
	}
	if m.Visit != nil && m.Visit.CoachID != "" {
		attrs["coach_id"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(m.Visit.CoachID)}
	}
	_, err := t.Client.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(t.ARN), Subject: aws.String(subject), Message: aws.String(body), MessageAttributes: attrs,
	})
	if err != nil {
		return fmt.Errorf("sns: %w", err)
	}
	return nil
}

// Text is a message in plain words: an email subject (under SNS's 100
// characters) and a body that also reads as an SMS.
func Text(m handoff.Message) (subject, body string) {
	if v := m.Visit; v != nil {
		what := "booked"
		if m.Kind == handoff.KindVisitCancelled {
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
