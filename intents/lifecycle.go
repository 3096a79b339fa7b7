package intents

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// trialCacheFor is how long the trial dates are trusted before reading them
// again: staff change them rarely, and a read per request would be waste.
const trialCacheFor = time.Minute

type trialCache struct {
	mu    sync.Mutex
	trial Trial
	read  time.Time
}

func (s *Skill) trialDates(ctx context.Context, now time.Time) (Trial, error) {
	if s.stores.Trial == nil {
		return Trial{}, nil
	}
	s.trial.mu.Lock()
	defer s.trial.mu.Unlock()
	if !s.trial.read.IsZero() && now.Sub(s.trial.read) < trialCacheFor && now.After(s.trial.read) {
		return s.trial.trial, nil
	}
	tr, err := s.stores.Trial.TrialDates(ctx)
	if err != nil {
		return Trial{}, err
	}
	s.trial.trial, s.trial.read = tr, now
	return tr, nil
}

// prefetchTrial starts reading the trial dates when the cached ones are
// stale, so the read overlaps the household lookup instead of following
// it; trialDates then waits on the lock for the result.
func (s *Skill) prefetchTrial(ctx context.Context, now time.Time) {
	if s.stores.Trial == nil {
		return
	}
	s.trial.mu.Lock()
	fresh := !s.trial.read.IsZero() && now.Sub(s.trial.read) < trialCacheFor && now.After(s.trial.read)
	s.trial.mu.Unlock()
	if !fresh {
		go func() { _, _ = s.trialDates(ctx, now) }()
	}
}

// trialClosed answers every request outside the trial's dates with how to
// reach the landlord instead — except a dangerous problem, which still gets
// its safety advice first.
func (t *turn) trialClosed(ctx context.Context) (Response, bool) {
	if t.req.Type == SessionEndedRequest {
		return Response{}, false
	}
	// The cache runs on the server's clock: a request's own timestamp is
	// Alexa's, and may repeat or go backwards.
	tr, err := t.trialDates(ctx, t.now())
	if err != nil {
		// Not knowing the dates must not lock tenants out.
		t.log.WarnContext(ctx, "reading trial dates", "err", err)
		return Response{}, false
	}
	if tr.Open(t.req.Time, t.cfg.Location) {
		return Response{}, false
	}
	if id, heard := t.problemSlot(); (heard && alwaysDangerous(id)) || t.dangerHeard() != "" {
		// Danger is answered whatever the dates.
		return Response{}, false
	}
	t.flow(FlowOther)
	t.outcome(OutcomeTrialClosed)
	before := !tr.Start.IsZero() && t.req.Time.In(t.cfg.Location).Before(tr.Start)
	return t.goodbye(trialClosed(tr.Start, before, t.cfg.LandlordPhone)), true
}

// Feedback is asked at most this often per household.
const feedbackEvery = 14 * 24 * time.Hour

// finished closes a completed task: with the feedback question when it is
// due, otherwise with "anything else?".
func (t *turn) finished(ctx context.Context, f Flow, o Outcome, s *speech) Response {
	if t.also() != "" {
		return t.offerAlso(f, o, s)
	}
	if t.feedbackDue(ctx) {
		t.flow(f)
		t.outcome(o)
		st := State{Pending: pendingFeedback, Flow: FlowFeedback}
		t.ev.FeedbackAsked = true
		return t.elicit(s, say("Before you go: on a scale of 1, very hard, to 5, very easy, how easy was that?"),
			say("Say a number from 1 to 5, or say no thanks. How easy was that?"), "FeedbackIntent", "rating", nil, st)
	}
	return t.anythingElse(ctx, f, o, s)
}

// markedHere reports whether the feedback mark at last is this very
// request's, made by an earlier handling of it: a repeat then asks as that
// one did.
func (t *turn) markedHere(ctx context.Context, last time.Time) bool {
	if last.UnixMilli() != t.req.Time.UnixMilli() || t.stores.Replies == nil || t.req.ID == "" {
		return false
	}
	made, err := t.stores.Replies.Made(ctx, t.req.ID, FeedbackEffect(t.hh.ID, t.req.Time.UTC()))
	if err != nil {
		t.log.WarnContext(ctx, "reading what a request changed", "err", err, "request_id", t.req.ID)
	}
	return made
}

func (t *turn) feedbackDue(ctx context.Context) bool {
	if t.stores.Feedback == nil || t.hh == nil {
		return false
	}
	last, err := t.stores.Feedback.FeedbackAsked(ctx, t.hh.ID)
	if err != nil {
		t.log.WarnContext(ctx, "reading when feedback was asked", "err", err)
		return false
	}
	if !last.IsZero() && t.req.Time.Sub(last) < feedbackEvery && !t.markedHere(ctx, last) {
		return false
	}
	if err := t.stores.Feedback.MarkFeedbackAsked(ctx, t.hh.ID, t.req.Time.UTC()); err != nil {
		// Better not to ask than to risk asking every time.
		t.log.WarnContext(ctx, "recording feedback asked", "err", err)
		return false
	}
	return true
}

// feedback takes a 1–5 rating. A bare number may come to LinkHomeIntent or
// FeedbackIntent; the question the skill is waiting on decides which it is.
func (t *turn) feedback(ctx context.Context) Response {
	if t.st.Pending != pendingFeedback && (t.st.Flow == FlowLink || t.st.Pending == pendingHaveCode) {
		t.req.Slots = map[string]Slot{"code": t.req.Slots["rating"]}
		return t.linkHome(ctx)
	}
	return t.rate(ctx, t.req.Slots["rating"].Value)
}

func (t *turn) rate(ctx context.Context, value string) Response {
	t.flow(FlowFeedback)
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		// "Pretty easy really": the scale's own words, read as its points.
		if w, ok := t.ratingInWords(cmp.Or(value, t.slotWords())); ok {
			n, err = w, nil
			t.slot("rating_words", "yes")
		}
	}
	if err != nil || n < 1 || n > 5 {
		if t.st.Step == 0 && t.st.Pending == pendingFeedback {
			// One more try, then let it go: a rating is never a chore.
			t.outcome(OutcomeFeedbackAsked)
			t.st.Step = 1
			if r, ok := t.offScript(ctx, say("Sorry, I need a number from one to five.")); ok {
				return r
			}
		}
		return t.anythingElse(ctx, FlowFeedback, OutcomeFeedbackDeclined, say("That's fine."))
	}
	t.slot("rating", strconv.Itoa(n))
	return t.anythingElse(ctx, FlowFeedback, OutcomeFeedbackGiven, say("Thank you, that helps us."))
}

// ratingInWords reads an answer to "on a scale of 1, very hard, to 5, very
// easy" said in words: the ends as the scale names them, "easy" and "hard"
// a point in from them, and "OK" the middle (docs/evaluation.md).
func (m *readings) ratingInWords(words string) (int, bool) {
	r := m.read(words)
	for _, band := range ratingBands {
		if r.has(band.words, nil) {
			return band.n, true
		}
	}
	return 0, false
}

// ratingBands are tried in order: "not easy" before "easy", "very easy"
// before "easy".
var ratingBands = []struct {
	n     int
	words cue
}{
	{1, cue{"very hard", "really hard", "very difficult", "really difficult", "impossible", "awful", "terrible", "rubbish", "hopeless", "nightmare"}},
	{5, cue{"very easy", "really easy", "dead easy", "super easy", "so easy", "easy peasy", "really simple", "very simple", "brilliant", "excellent", "perfect", "ten out of ten", "full marks", "top marks", "piece of cake", "a doddle", "doddle", "childs play"}},
	{2, cue{"not easy", "not very easy", "not that easy", "not so easy", "hard", "difficult", "tricky", "awkward", "confusing", "struggled", "fiddly", "hard work", "a faff", "faffy", "a struggle"}},
	{4, cue{"easy", "simple", "straightforward", "pretty good", "quite good", "good", "fine"}},
	{3, cue{"ok", "okay", "alright", "all right", "not bad", "so so", "average", "middling", "in between", "in the middle", "medium"}},
}

// declineFeedback answers "no", "stop" or anything else instead of a rating.
func (t *turn) declineFeedback(ctx context.Context) Response {
	return t.anythingElse(ctx, FlowFeedback, OutcomeFeedbackDeclined, say("That's fine."))
}

// forgetMe removes what Home Helper keeps about the tenant, after a yes.
func (t *turn) forgetMe(ctx context.Context) Response {
	t.flow(FlowOther)
	t.outcome(OutcomeForgetAsked)
	st := State{Pending: pendingForget}
	if _, err := t.household(ctx); err == nil {
		return t.ask(say("I can remove everything Home Helper keeps about your home: the repairs and visits you arranged by voice, and the link to this speaker.",
			"Your landlord's own repair records are not affected, and you can still phone us."),
			say("Are you sure you want me to forget you?"), say("Please say yes or no. Shall I forget you?"), st)
	}
	return t.ask(say("This speaker isn't linked to a home, so I only keep where you got to in a guide."),
		say("Shall I clear that?"), say("Please say yes or no. Shall I clear it?"), st)
}

func (t *turn) forgetAnswered(ctx context.Context, yes bool) Response {
	t.flow(FlowOther)
	if !yes {
		return t.anythingElse(ctx, FlowOther, OutcomeStopped, say("OK, I haven't changed anything."))
	}
	h, err := t.household(ctx)
	switch {
	case err == nil && t.stores.Eraser != nil:
		t.forgetAhead()
		if err := t.stores.Eraser.EraseHousehold(ctx, h.ID); err != nil {
			return t.storeFault(ctx, "erasing household", err)
		}
	case err == nil:
		return t.storeFault(ctx, "erasing household", errors.New("no eraser configured"))
	case !errors.Is(err, ErrNotFound):
		return t.storeFault(ctx, "looking up household to erase", err)
	}
	if t.stores.Speakers != nil {
		if err := t.stores.Speakers.EraseSpeaker(ctx, t.req.SpeakerID); err != nil {
			return t.storeFault(ctx, "erasing speaker", err)
		}
	}
	householdID := ""
	if err == nil {
		householdID = h.ID
	}
	t.usage.forget(householdID, t.req.SpeakerID)
	t.forgotten = true
	t.outcome(OutcomeForgotten)
	return t.goodbye(say("Done. I've removed your details from Home Helper. Goodbye, and take care."))
}
