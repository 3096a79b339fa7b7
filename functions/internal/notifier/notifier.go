// Package notifier hands a saved repair off on AWS: it publishes the
// repair to the hand-off SNS topic (the email and SMS subscriptions of the
// repairs team), posts it, signed, to the repairs webhook and, for an
// emergency, to the emergency webhook too, then records the hand-off on the
// repair item. functions/notify runs it for each repair the data table's
// stream reports; functions/handoffsweep runs it, every few minutes, for
// any repair the stream path missed. Coach visits booked and cancelled go
// the same way, to the topic and the coaches' webhook (HandOffVisit).
// docs/handoff.md "On AWS" is the whole path.
package notifier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/handoff"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/webhook"
	"github.com/homehelper/homehelper/intents"
)

// The environment variables the function reads (besides the data table).
// The webhook addresses are not among them: a Teams- or Slack-style URL is
// a bearer secret, so it lives in the hand-off secret with the signing key
// (Secret), where reading it takes the secret's permission.
const (
	// TopicARN is the hand-off SNS topic staff subscribe to.
	TopicARN = "HOMEHELPER_HANDOFF_TOPIC_ARN"
	// SecretARN is the Secrets Manager secret Secret reads.
	SecretARN = "HOMEHELPER_HANDOFF_SECRET_ARN"
)

// Config is the function's configuration.
type Config struct {
	Tables              dynamo.Tables // Data only
	TopicARN, SecretARN string
}

// Read reads the configuration, naming every missing variable.
func Read(getenv func(string) string) (Config, error) {
	var errs []error
	required := func(name string) string {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			errs = append(errs, fmt.Errorf("%s is not set", name))
		}
		return v
	}
	c := Config{
		Tables:    dynamo.Tables{Data: required(lambdaenv.DataTable)},
		TopicARN:  required(TopicARN),
		SecretARN: required(SecretARN),
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("environment: %w", errors.Join(errs...))
	}
	return c, nil
}

// Secret is what the hand-off secret holds, as JSON: template.yaml
// generates signing_key and leaves the addresses empty for the operator to
// fill in (docs/deploy.md). An empty address means no webhook of that kind.
type Secret struct {
	SigningKey   string `json:"signing_key"`
	RepairsURL   string `json:"repairs_url"`
	EmergencyURL string `json:"emergency_url"`
	CoachesURL   string `json:"coaches_url"`
}

// ParseSecret reads the hand-off secret's value, naming everything wrong
// with it at once, never the value itself (it would end up in the logs).
func ParseSecret(value string) (Secret, error) {
	var s Secret
	dec := json.NewDecoder(strings.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Secret{}, errors.New(`hand-off secret: not JSON of the form {"signing_key": "...", "repairs_url": "https://...", "emergency_url": "", "coaches_url": ""}`)
	}
	var errs []error
	if len(s.SigningKey) < 32 {
		errs = append(errs, errors.New("signing_key is shorter than 32 characters"))
	}
	for name, v := range map[string]*string{"repairs_url": &s.RepairsURL, "emergency_url": &s.EmergencyURL, "coaches_url": &s.CoachesURL} {
		*v = strings.TrimSpace(*v)
		if *v == "" {
			continue
		}
		u, err := url.Parse(*v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s is not an https URL", name))
		}
	}
	if len(errs) > 0 {
		return Secret{}, fmt.Errorf("hand-off secret: %w", errors.Join(errs...))
	}
	return s, nil
}

// Store is what the notifier reads and writes: *dynamo.Store.
type Store interface {
	RepairHandOff(ctx context.Context, ref string) (dynamo.HandOff, error)
	HouseholdRef(ctx context.Context, householdID string) (string, error)
	// PracticeHousehold: a demo household's repairs and visits are never
	// handed off, as in the local outbox.
	PracticeHousehold(ctx context.Context, householdID string) (bool, error)
	MarkPublished(ctx context.Context, ref string, at time.Time) error
	MarkHandedOff(ctx context.Context, ref string, at time.Time) error
	// DropKept deletes a repair kept only to be handed off (its household
	// erased), once it has been.
	DropKept(ctx context.Context, ref string) error
	BookingHandOff(ctx context.Context, id string) (dynamo.VisitHandOff, error)
	MarkVisit(ctx context.Context, id string, step dynamo.VisitStep, at time.Time) error
	// RepairsAwaitingHandOff is for functions/handoffsweep.
	RepairsAwaitingHandOff(ctx context.Context, since, before time.Time) ([]string, error)
	// KeptOverdue is for functions/handoffsweep: the repairs of erased
	// households it has stopped trying, still kept.
	KeptOverdue(ctx context.Context, since, before time.Time) ([]dynamo.Overdue, error)
	// CoachContact is the coach's own hand-off address, set by staff on
	// the Coaches page; "" when the shared coaches' webhook is to be used.
	CoachContact(ctx context.Context, coachID string) (string, error)
}

// Publisher publishes a message to the hand-off topic.
type Publisher interface {
	Publish(ctx context.Context, m handoff.Message) error
}

// WebhookTimeout bounds one webhook post here: shorter than
// webhook.Timeout, so a batch with a hanging receiver still finishes
// within the function's timeout (Lambda retries what did not go).
const WebhookTimeout = 5 * time.Second

// Notifier hands repairs off.
type Notifier struct {
	Store     Store
	Publisher Publisher
	// RepairsURL, EmergencyURL and CoachesURL are the webhooks; "" for none.
	RepairsURL, EmergencyURL, CoachesURL string
	// Secret returns the webhook signing secret; called only when a
	// webhook is configured, and its answer is kept once it succeeds.
	Secret func(ctx context.Context) ([]byte, error)
	// Client posts to the webhooks; nil means one with WebhookTimeout.
	Client *http.Client
	Now    func() time.Time
	Log    *slog.Logger

	mu     sync.Mutex
	secret []byte
}

// Outcome of one hand-off.
type Outcome string

const (
	Sent        Outcome = "sent"         // every destination has it now
	AlreadySent Outcome = "already_sent" // handoff_sent_at was set: nothing sent
	RepairGone  Outcome = "repair_gone"  // erased before it could go: nothing to send
	BookingGone Outcome = "booking_gone" // erased, or its Book lost the slot: nothing to send
	NotBooked   Outcome = "not_booked"   // the booking never held its slot: nothing to send
	SlotGone    Outcome = "slot_gone"    // the slot's details are gone: cannot be sent
	Practice    Outcome = "practice"     // a demo household's: never sent
)

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) signingSecret(ctx context.Context) ([]byte, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.secret != nil {
		return n.secret, nil
	}
	s, err := n.Secret(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the hand-off secret: %w", err)
	}
	if len(s) == 0 {
		return nil, errors.New("the hand-off secret is empty")
	}
	n.secret = s
	return s, nil
}

// HandOff sends repair ref to every destination that has not had it, and
// records that it has. It reads the repair first, consistently: a repair
// already handed off is not sent again (a redelivered stream record, a
// sweep racing the stream); one whose household was erased meanwhile is
// sent as the erasure kept it (handoff.AfterErasure), then deleted.
// The topic goes first, so people hear of an emergency even while a
// webhook is down; it is recorded at once, so a retry for a failing
// webhook does not email and text them again. Webhook posts may repeat;
// their Idempotency-Key makes that harmless.
func (n *Notifier) HandOff(ctx context.Context, ref string) (Outcome, error) {
	h, err := n.Store.RepairHandOff(ctx, ref)
	if errors.Is(err, intents.ErrNotFound) {
		return RepairGone, nil
	}
	if err != nil {
		return "", err
	}
	if !h.SentAt.IsZero() {
		return AlreadySent, nil
	}
	r := h.Repair
	var m handoff.Message
	if h.Kept != nil {
		// Its household was erased before it went: the message kept for
		// it is all there is (handoff.AfterErasure).
		m = *h.Kept
	} else {
		demo, err := n.Store.PracticeHousehold(ctx, r.HouseholdID)
		if err != nil {
			return "", err
		}
		if demo {
			return Practice, nil
		}
		hhRef, err := n.Store.HouseholdRef(ctx, r.HouseholdID)
		if err != nil {
			return "", err
		}
		m = handoff.ForRepair(r, hhRef, handoff.ProblemWords(r.Problem))
	}
	if h.PublishedAt.IsZero() {
		if err := n.Publisher.Publish(ctx, m); err != nil {
			return "", fmt.Errorf("publishing %s: %w", m.IdempotencyKey, err)
		}
		if err := n.Store.MarkPublished(ctx, ref, n.now()); err != nil {
			if errors.Is(err, intents.ErrNotFound) {
				return RepairGone, nil
			}
			return "", err
		}
	}
	var urls []string
	for _, dest := range handoff.RepairDestinations(r) {
		urls = append(urls, n.address(dest))
	}
	if err := n.post(ctx, m, urls...); err != nil {
		return "", err
	}
	if h.Kept != nil {
		// Sent: the last of the household goes.
		if err := n.Store.DropKept(ctx, ref); err != nil {
			return "", err
		}
		return Sent, nil
	}
	if err := n.Store.MarkHandedOff(ctx, ref, n.now()); err != nil {
		if errors.Is(err, intents.ErrNotFound) {
			return RepairGone, nil
		}
		// Sent but not recorded: a retry sends again, which the topic
		// record and the idempotency key make harmless.
		return "", err
	}
	return Sent, nil
}

// address is the webhook of a repair destination; "" for none.
func (n *Notifier) address(dest string) string {
	switch dest {
	case handoff.DestRepairs:
		return n.RepairsURL
	case handoff.DestEmergency:
		return n.EmergencyURL
	}
	return ""
}

// post sends m, signed, to each of urls that is set; the errors joined.
func (n *Notifier) post(ctx context.Context, m handoff.Message, urls ...string) error {
	var errs []error
	for _, u := range urls {
		if u == "" {
			continue
		}
		secret, err := n.signingSecret(ctx)
		if err != nil {
			return err
		}
		client := n.Client
		if client == nil {
			client = &http.Client{Timeout: WebhookTimeout}
		}
		if err := webhook.New(u, secret, client).Send(ctx, m); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// bookingSettle is how long after a booking's booked_at a booking item
// whose slot does not name it is taken to be still being booked (Book
// writes the booking item, then takes the slot), and so retried, rather
// than a booking that lost its slot.
const bookingSettle = 2 * time.Minute

// HandOffVisit sends the message for coach visit (booking) id booked
// (cancelled false) or cancelled to the hand-off topic and the coaches'
// webhook, and records that it has, as HandOff does for a repair: it reads
// the booking first, consistently, so a message already sent
// (handoff_booked_sent_at, handoff_cancel_sent_at) is not sent again and
// the MODIFY that records it is acknowledged without sending; the topic
// goes first and once (handoff_*_published_at); webhook posts may repeat
// under their Idempotency-Key.
func (n *Notifier) HandOffVisit(ctx context.Context, id string, cancelled bool) (Outcome, error) {
	v, err := n.Store.BookingHandOff(ctx, id)
	if errors.Is(err, intents.ErrNotFound) {
		return BookingGone, nil
	}
	if err != nil {
		return "", err
	}
	published, sent := v.BookedPublishedAt, v.BookedSentAt
	publishStep, sentStep := dynamo.BookedPublished, dynamo.BookedSent
	if cancelled {
		published, sent = v.CancelPublishedAt, v.CancelSentAt
		publishStep, sentStep = dynamo.CancelPublished, dynamo.CancelSent
	}
	if !sent.IsZero() {
		return AlreadySent, nil
	}
	b := v.Booking
	switch {
	case cancelled && b.CancelledAt.IsZero():
		// Only a MODIFY that sets cancelled_at passes the filter.
		return NotBooked, nil
	case !cancelled && !v.Standing && b.CancelledAt.IsZero():
		// A cancelled booking held its slot once (CancelBooking frees the
		// slot before it sets cancelled_at), so it is sent as booked too.
		if n.now().Sub(b.BookedAt) < bookingSettle {
			return "", fmt.Errorf("booking %s does not hold slot %s yet", id, b.Slot.ID)
		}
		return NotBooked, nil
	case !v.SlotKnown:
		return SlotGone, nil
	}
	demo, err := n.Store.PracticeHousehold(ctx, b.HouseholdID)
	if err != nil {
		return "", err
	}
	if demo {
		return Practice, nil
	}
	hhRef, err := n.Store.HouseholdRef(ctx, b.HouseholdID)
	if err != nil {
		return "", err
	}
	m := handoff.ForVisit(b, hhRef, cancelled)
	mark := func(step dynamo.VisitStep) (Outcome, error) {
		if err := n.Store.MarkVisit(ctx, id, step, n.now()); err != nil {
			if errors.Is(err, intents.ErrNotFound) {
				return BookingGone, nil
			}
			return "", err
		}
		return "", nil
	}
	if published.IsZero() {
		if err := n.Publisher.Publish(ctx, m); err != nil {
			return "", fmt.Errorf("publishing %s: %w", m.IdempotencyKey, err)
		}
		if out, err := mark(publishStep); out != "" || err != nil {
			return out, err
		}
	}
	own, err := n.Store.CoachContact(ctx, m.Visit.CoachID)
	if err != nil {
		return "", fmt.Errorf("coach contact for %s: %w", m.Visit.CoachID, err)
	}
	if err := n.post(ctx, m, handoff.CoachAddress(own, n.CoachesURL)); err != nil {
		return "", err
	}
	if out, err := mark(sentStep); out != "" || err != nil {
		return out, err
	}
	return Sent, nil
}
