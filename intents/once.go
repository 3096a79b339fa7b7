package intents

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// A request that changes something (a repair saved, a visit booked or
// cancelled, a reminder set, a speaker linked, a household forgotten, a
// feedback question marked) must change it once however often it arrives: Alexa resends a
// request it heard no answer to, and anyone holding a signed request can
// replay it for as long as its timestamp is accepted (150 s). So each
// turn's changing writes carry a Claim, and every change names its Effect
// (what it makes: "repair#HK4721", "booking#b_…"). The store writes the
// claim and the effect's name in the change's own transaction
// (docs/reliability.md), so neither is stored without the other. Then:
//
//   - a repeat of the request, whose ids derive from the request id
//     (RequestIDs) and so name the same effect, is told the change is made
//     (nil, nothing written) and carries on to the same words as the first;
//   - a write under the request naming an effect not recorded is refused
//     with ErrRepeated (nothing changed), and the turn answers as the first
//     handling did, or "I've already done that".
//
// The turn that changed something then records its answer (Replies), and a
// repeat that finds it hears those words without running at all; the
// recorded effects are what makes a repeat safe and its words the same
// when that answer was never recorded (a process dying between the two).
// Anything else done once per request takes the same claim; a change a
// repeat can make identically names its effect, one it cannot (a visit's
// reminder, whose id Amazon gives) names none and is refused.

// ErrRepeated is a store refusing a change because another handling of the
// same request already made it (or is making it). Nothing was changed.
var ErrRepeated = errors.New("request already handled")

// Claim ties a store write to one handling of one request.
type Claim struct {
	RequestID string
	// Token is unique to one handling of the request: the writes of one
	// turn (a repair whose first reference was taken, an erasure of a
	// household then of its speaker) share it, a repeat has another.
	Token string
}

// Effect names a change for its claim: kind and the id the change makes or
// changes, which a repeat of the request derives alike (RequestIDs).
func Effect(kind, id string) string { return kind + "#" + id }

// LinkEffect is the effect of linking a speaker with a code: a repeat of
// the request that names another code has not made it.
func LinkEffect(speakerID, code string) string { return Effect("link", speakerID+"@"+code) }

// FeedbackEffect names the mark that a household was asked for a rating at
// at (FeedbackMarker).
func FeedbackEffect(householdID string, at time.Time) string {
	return Effect("feedback", fmt.Sprint(householdID, "@", at.UnixMilli()))
}

// RequestIDs is a stream of bytes derived from a request id and a purpose,
// the same for every handling of that request, from which the ids a turn
// makes (a repair reference, a booking id) are drawn so a repeat names the
// same effects. Request ids are unguessable (Alexa's carry a UUID), and an
// id drawn from one reveals nothing a holder of the request lacks.
func RequestIDs(requestID, purpose string) io.Reader {
	return &idStream{seed: "homehelper ids\x00" + requestID + "\x00" + purpose}
}

type idStream struct {
	seed  string
	n     uint64
	block []byte
}

func (r *idStream) Read(p []byte) (int, error) {
	read := 0
	for read < len(p) {
		if len(r.block) == 0 {
			var ctr [8]byte
			binary.BigEndian.PutUint64(ctr[:], r.n)
			r.n++
			h := sha256.Sum256(append([]byte(r.seed), ctr[:]...))
			r.block = h[:]
		}
		k := copy(p[read:], r.block)
		r.block = r.block[k:]
		read += k
	}
	return read, nil
}

type claimKey struct{}

// WithClaim returns a context whose store writes are made under c.
func WithClaim(ctx context.Context, c Claim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

// ClaimFrom returns the claim a store write is made under, if any. Writes
// outside a conversation (staff, the command line) have none.
func ClaimFrom(ctx context.Context) (Claim, bool) {
	c, ok := ctx.Value(claimKey{}).(Claim)
	return c, ok && c.RequestID != ""
}

// Replies keeps the answer given to each request that changed something,
// for as long as a repeat of it can arrive.
type Replies interface {
	// SaveReply records the answer given to a request, kept until expires.
	SaveReply(ctx context.Context, requestID string, answer []byte, expires time.Time) error
	// Reply returns the answer recorded for a request, or ErrNotFound if
	// none was recorded (yet) or it expired before now.
	Reply(ctx context.Context, requestID string, now time.Time) ([]byte, error)
	// Made reports whether a handling of the request made effect
	// (Effect), for a repeat whose own reads no longer show what the
	// first handling changed (the visit it cancelled).
	Made(ctx context.Context, requestID, effect string) (bool, error)
}

// ReplyKeep is how long an answer is kept: well past the 150 s Alexa's
// timestamps are accepted for, and short, since it names a repair or visit.
const ReplyKeep = 10 * time.Minute

// replyPoll is how often a repeat looks for the answer of the handling
// still under way.
const replyPoll = 25 * time.Millisecond

// replyWait bounds how long a repeat waits for that answer, well inside
// the 8 seconds Alexa waits for any answer.
const replyWait = 3 * time.Second

// changes is what a turn's changing writes reported, read at its end.
type changes struct {
	made     atomic.Bool // a changing write was attempted under the turn's claim
	repeated atomic.Bool // a store refused one with ErrRepeated
}

type changesKey struct{}

func noteChange(ctx context.Context, err error) {
	c, _ := ctx.Value(changesKey{}).(*changes)
	if c == nil {
		return
	}
	if errors.Is(err, ErrRepeated) {
		c.repeated.Store(true)
		return
	}
	c.made.Store(true)
}

// claimTurn gives the turn's context a fresh claim on req's id, and returns
// what its writes will report.
func claimTurn(ctx context.Context, requestID string) (context.Context, *changes, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return ctx, nil, fmt.Errorf("making claim token: %w", err)
	}
	c := &changes{}
	ctx = WithClaim(ctx, Claim{RequestID: requestID, Token: hex.EncodeToString(b[:])})
	return context.WithValue(ctx, changesKey{}, c), c, nil
}

// idSource is where the turn draws the ids of what it makes for purpose:
// from the request id in a conversation (RequestIDs), at random otherwise.
func (t *turn) idSource(purpose string) io.Reader {
	if t.req.ID == "" {
		return rand.Reader
	}
	return RequestIDs(t.req.ID, purpose)
}

// recorded is recordedReply's answer, from its goroutine.
type recorded struct {
	resp Response
	ok   bool
}

// recordedReply returns the answer already given to the request, if any.
func (s *Skill) recordedReply(ctx context.Context, requestID string) (Response, bool) {
	b, err := s.stores.Replies.Reply(ctx, requestID, s.now())
	if errors.Is(err, ErrNotFound) {
		return Response{}, false
	}
	if err != nil {
		s.log.WarnContext(ctx, "reading a recorded answer", "err", err, "request_id", requestID)
		return Response{}, false
	}
	var r Response
	if err := json.Unmarshal(b, &r); err != nil {
		s.log.WarnContext(ctx, "decoding a recorded answer", "err", err, "request_id", requestID)
		return Response{}, false
	}
	return r, true
}

// awaitReply waits, while ctx lasts, for the answer of another handling of
// the same request, which made the change this one was refused.
func (s *Skill) awaitReply(ctx context.Context, requestID string) (Response, bool) {
	// Its own time, in real time: the turn's store budget may be spent
	// already (it is counted from the request's arrival, on the skill's
	// clock), and the first copy needs only moments to answer.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), replyWait)
	defer cancel()
	tick := time.NewTicker(replyPoll)
	defer tick.Stop()
	for {
		if r, ok := s.recordedReply(ctx, requestID); ok {
			return r, true
		}
		select {
		case <-ctx.Done():
			return Response{}, false
		case <-tick.C:
		}
	}
}

// saveReply records the answer a turn that changed something gave.
func (s *Skill) saveReply(ctx context.Context, requestID string, r Response) {
	b, err := json.Marshal(r)
	if err == nil {
		err = s.stores.Replies.SaveReply(ctx, requestID, b, s.now().Add(ReplyKeep))
	}
	if err != nil {
		s.log.WarnContext(ctx, "recording the answer to a request that changed something", "err", err, "request_id", requestID)
	}
}

// alreadyDone is what a repeat hears when the handling that made the
// change left no answer in time (it is still running, or its process
// died after the change): honest, and changing nothing.
func (t *turn) alreadyDone() Response {
	t.outcome(OutcomeError)
	s := say("I've already done that. If you're not sure it went through, you can ask me about your repairs or your visit, or call us on").
		phone(t.cfg.LandlordPhone).text(".")
	return t.goodbye(s)
}

// The changing stores, wrapped so a turn learns what its writes did.
type (
	onceHouseholds struct{ Households }
	onceRepairs    struct{ Repairs }
	onceCoaching   struct{ Coaching }
	onceFeedback   struct{ FeedbackMarker }
	onceEraser     struct{ Eraser }
	onceSpeakers   struct{ SpeakerEraser }
	onceReminders  struct{ BookingReminders }
)

func (w onceHouseholds) LinkSpeaker(ctx context.Context, code, speakerID string, now time.Time) (Household, error) {
	h, err := w.Households.LinkSpeaker(ctx, code, speakerID, now)
	noteChange(ctx, err)
	return h, err
}

func (w onceRepairs) SaveRepair(ctx context.Context, r Repair) error {
	err := w.Repairs.SaveRepair(ctx, r)
	noteChange(ctx, err)
	return err
}

func (w onceCoaching) Book(ctx context.Context, b Booking) error {
	err := w.Coaching.Book(ctx, b)
	noteChange(ctx, err)
	return err
}

func (w onceCoaching) CancelBooking(ctx context.Context, bookingID string, at time.Time) error {
	err := w.Coaching.CancelBooking(ctx, bookingID, at)
	noteChange(ctx, err)
	return err
}

func (w onceFeedback) MarkFeedbackAsked(ctx context.Context, householdID string, at time.Time) error {
	err := w.FeedbackMarker.MarkFeedbackAsked(ctx, householdID, at)
	noteChange(ctx, err)
	return err
}

func (w onceEraser) EraseHousehold(ctx context.Context, householdID string) error {
	err := w.Eraser.EraseHousehold(ctx, householdID)
	noteChange(ctx, err)
	return err
}

func (w onceSpeakers) EraseSpeaker(ctx context.Context, speakerID string) error {
	err := w.SpeakerEraser.EraseSpeaker(ctx, speakerID)
	noteChange(ctx, err)
	return err
}

func (w onceReminders) SetBookingReminder(ctx context.Context, bookingID, reminderID string) error {
	err := w.BookingReminders.SetBookingReminder(ctx, bookingID, reminderID)
	noteChange(ctx, err)
	return err
}

// wrapOnce makes the stores' changing writes report to their turn. Without
// Replies nothing is claimed, and the stores are left as they are.
func wrapOnce(st Stores) Stores {
	if st.Replies == nil {
		return st
	}
	if st.Households != nil {
		st.Households = onceHouseholds{st.Households}
	}
	if st.Repairs != nil {
		st.Repairs = onceRepairs{st.Repairs}
	}
	if st.Coaching != nil {
		st.Coaching = onceCoaching{st.Coaching}
	}
	if st.Feedback != nil {
		st.Feedback = onceFeedback{st.Feedback}
	}
	if st.Eraser != nil {
		st.Eraser = onceEraser{st.Eraser}
	}
	if st.Speakers != nil {
		st.Speakers = onceSpeakers{st.Speakers}
	}
	if st.Reminders != nil {
		st.Reminders = onceReminders{st.Reminders}
	}
	return st
}
