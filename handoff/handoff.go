// Package handoff is how what tenants report by voice reaches people: a
// message for every saved repair (to the repairs team, and for an emergency
// to the emergency destination too) and for every coach visit booked or
// cancelled (to the coach). It defines the message, its signature and
// idempotency key, and the retry schedule; adapters deliver it (a webhook
// POST, an SNS topic, the local outbox). docs/handoff.md is the receiver's
// side of this contract.
//
// Delivery is at least once; the idempotency key makes it exactly once in
// effect: a receiver that has seen a key has already acted on the message.
package handoff

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Kinds of message.
const (
	KindRepair          = "repair.reported"
	KindVisitBooked     = "coach_visit.booked"
	KindVisitCancelled  = "coach_visit.cancelled"
	currentSchema       = 1
	signatureHeaderName = "X-HomeHelper-Signature"
)

// Headers a webhook receiver reads.
const (
	SignatureHeader   = signatureHeaderName
	IdempotencyHeader = "Idempotency-Key"
)

// Message is what a receiver gets, as JSON. It names the household by the
// landlord's own reference, because the repairs team works with that; it
// carries no Alexa id and no pseudonym.
type Message struct {
	Schema         int    `json:"schema"`
	Kind           string `json:"kind"`
	IdempotencyKey string `json:"idempotency_key"`
	SentAt         string `json:"sent_at,omitempty"` // set by the sender, RFC 3339 UTC

	Repair *Repair `json:"repair,omitempty"`
	Visit  *Visit  `json:"visit,omitempty"`
}

// Repair is a repair reported by voice.
type Repair struct {
	Ref          string `json:"ref"`
	HouseholdRef string `json:"household_ref"`
	Problem      string `json:"problem"`       // RepairProblem id, e.g. LEAK, or OTHER
	ProblemWords string `json:"problem_words"` // e.g. "a leak"
	Room         string `json:"room,omitempty"`
	Priority     string `json:"priority"` // emergency, urgent, routine
	Emergency    bool   `json:"emergency"`
	ReportedAt   string `json:"reported_at"` // RFC 3339 UTC
	AttendBy     string `json:"attend_by"`   // reported_at + the priority's timescale
	GuideTried   bool   `json:"guide_tried"` // a self-fix guide was tried first
	// Description is the tenant's own words where Alexa could not name the
	// problem: personal data, for the team's eyes only.
	Description string `json:"description,omitempty"`
}

// Visit is a Neighbourhood Coach visit booked or cancelled.
type Visit struct {
	BookingID    string `json:"booking_id"`
	HouseholdRef string `json:"household_ref"`
	CoachID      string `json:"coach_id"`
	Coach        string `json:"coach"`
	Start        string `json:"start"` // RFC 3339 UTC
}

// ForRepair builds the message for a saved repair. Its idempotency key is
// the repair reference, so however often it is sent, it is one repair.
func ForRepair(r intents.Repair, householdRef, problemWords string) Message {
	return Message{
		Schema: currentSchema, Kind: KindRepair, IdempotencyKey: RepairKey(r.Ref),
		Repair: &Repair{
			Ref: r.Ref, HouseholdRef: householdRef, Problem: r.Problem, ProblemWords: problemWords,
			Room: r.Room, Priority: string(r.Priority), Emergency: r.Priority == intents.Emergency,
			ReportedAt: stamp(r.ReportedAt), AttendBy: stamp(r.ReportedAt.Add(intents.Timescale(r.Priority))),
			GuideTried: r.GuideTried, Description: r.Description,
		},
	}
}

// ForVisit builds the message for a booking made (cancelled false) or
// cancelled; the two have different keys, so a cancellation is never taken
// for a resend of the booking.
func ForVisit(b intents.Booking, householdRef string, cancelled bool) Message {
	kind, key := KindVisitBooked, VisitKey(b.ID, false)
	if cancelled {
		kind, key = KindVisitCancelled, VisitKey(b.ID, true)
	}
	return Message{
		Schema: currentSchema, Kind: kind, IdempotencyKey: key,
		Visit: &Visit{BookingID: b.ID, HouseholdRef: householdRef, CoachID: b.Slot.CoachID, Coach: b.Slot.Coach, Start: stamp(b.Slot.Start)},
	}
}

// AfterErasure is what is still sent of a hand-off not yet made when its
// household is erased (withdrawn by staff, or "forget me"), on every store:
// a repair the tenant was told would be passed on still goes, stripped to
// what the repairs team needs to attend (not whether a guide was tried); a
// coach visit not yet told of does not, as it goes with its slot. keep is
// false for what is dropped. docs/privacy.md says it to tenants.
func AfterErasure(m Message) (kept Message, keep bool) {
	if m.Kind != KindRepair || m.Repair == nil {
		return Message{}, false
	}
	r := *m.Repair
	r.GuideTried = false
	m.Repair = &r
	return m, true
}

// RepairKey is the idempotency key of the message for repair ref: stores
// queue a hand-off under it before the message itself is built.
func RepairKey(ref string) string { return "repair:" + ref }

// VisitKey is the idempotency key of the message for a booking made
// (cancelled false) or cancelled.
func VisitKey(bookingID string, cancelled bool) string {
	if cancelled {
		return "visit:" + bookingID + ":cancelled"
	}
	return "visit:" + bookingID + ":booked"
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Sign returns the signature header value for body sent at t: the time
// and an HMAC-SHA256 of "<unix seconds>.<body>" under secret, so a
// receiver can check the message came from us, unchanged, and recently.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// ErrBadSignature is returned by Verify for any signature that does not hold.
var ErrBadSignature = errors.New("handoff: bad signature")

// Verify checks a signature header the way a receiver should: the HMAC over
// the exact body, and the time within tolerance of now. Receivers in Go can
// call it; docs/handoff.md shows the same steps for others.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return fmt.Errorf("%w: malformed header", ErrBadSignature)
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(secret, ts, body)) {
		return fmt.Errorf("%w: does not match the body", ErrBadSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: sent %s from now", ErrBadSignature, d.Round(time.Second))
	}
	return nil
}

// Retry schedule: quick at first (a receiver restarting), then spreading
// out over a day, after which a delivery is failed and staff are alerted.
var schedule = []time.Duration{
	30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 8 * time.Hour,
}

// MaxAttempts is how many times a delivery is tried before it is failed.
var MaxAttempts = len(schedule) + 1

// NextAttempt says when to try again after the attempt-th failure
// (1-based), and false once there are no tries left.
func NextAttempt(failedAt time.Time, attempt int) (time.Time, bool) {
	if attempt < 1 || attempt > len(schedule) {
		return time.Time{}, false
	}
	return failedAt.Add(schedule[attempt-1]), true
}
