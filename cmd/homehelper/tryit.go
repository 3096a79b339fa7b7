package main

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/simulator"
	"github.com/homehelper/homehelper/intents"
	skillpackage "github.com/homehelper/homehelper/skill-package"
)

//go:embed tryit.html
var tryItHTML []byte

// tryIt lets staff and tenants in a demo talk to the skill by typing (or
// speaking, where the browser can): the simulator turns words into the
// Alexa request the real service would send, through our interaction
// model, and the same handler as /alexa answers it. Its events are marked
// demo, so staff measures leave them out.
//
// Each conversation is its own speaker (each browser tab, each chat), so
// linking one links no other, and wrong link codes lock out only that
// speaker. A speaker can act as a practice household made for it (action
// "demo"): its repairs and visits are real to the conversation but never
// handed off or counted (intents.Household.Demo).
type tryIt struct {
	sim     *simulator.Simulator
	handler *alexa.Handler
	store   interface {
		intents.Households
		intents.Enrolment
	}
	pseudo *intents.Pseudonyms
	now    func() time.Time
}

func newTryIt(a *app) (*tryIt, error) {
	// The handler refuses requests for another skill: without -dev the
	// page's requests must name ours.
	sim, err := simulator.New(skillpackage.ModelEnGB, simulator.Options{Locale: "en-GB", SkillID: a.skillID})
	if err != nil {
		return nil, fmt.Errorf("loading interaction model: %w", err)
	}
	return &tryIt{sim: sim, handler: a.handler, store: a.store, pseudo: a.pseudo, now: time.Now}, nil
}

func (t *tryIt) page() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
		_, _ = w.Write(tryItHTML)
	})
}

// turnRequest is what the page sends: what was typed, and the conversation
// it got back last time (the page keeps it, so the server keeps nothing).
type turnRequest struct {
	Action       string                  `json:"action"` // "say" (default), "launch" or "end"
	Text         string                  `json:"text"`
	Conversation *simulator.Conversation `json:"conversation"`
}

type turnResponse struct {
	// ActingAs is who the conversation's speaker is linked to, for the
	// page to show: a practice household's reference, "pilot" for a real
	// pilot household (whose reference the page does not show), or ""
	// for no household.
	ActingAs     string                  `json:"acting_as"`
	Speech       string                  `json:"speech"`
	Reprompt     string                  `json:"reprompt,omitempty"`
	Card         *alexa.Card             `json:"card,omitempty"`
	Ended        bool                    `json:"ended"`
	Heard        string                  `json:"heard"` // the intent Alexa would have sent, for staff
	Conversation *simulator.Conversation `json:"conversation"`
	// requestID is the id of the request sent, which its usage event
	// carries; the corpus test reads the event by it. Not for the page.
	requestID string
}

func (t *tryIt) api() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in turnRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
		if err := dec.Decode(&in); err != nil {
			http.Error(w, "send JSON: {\"text\": \"...\"}", http.StatusBadRequest)
			return
		}
		out, err := t.turn(r.Context(), in)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
}

// turn sends one utterance through the simulator and the Alexa handler.
func (t *tryIt) turn(ctx context.Context, in turnRequest) (turnResponse, error) {
	c := in.Conversation
	if c == nil || in.Action == "demo" {
		// A speaker of its own, kept by the page for as long as the tab
		// is open, so a reload keeps a linked home.
		c = t.sim.NewConversation("", "")
	}
	var (
		req []byte
		err error
	)
	switch in.Action {
	case "demo":
		// A practice household, linked to a new speaker, then opened.
		if err := t.practise(ctx, c); err != nil {
			return turnResponse{}, err
		}
		req, err = t.sim.Launch(c)
	case "launch":
		req, err = t.sim.Launch(c)
	case "end":
		req, err = t.sim.End(c, "USER_INITIATED")
	case "", "say":
		req, err = t.sim.Say(c, in.Text)
		if errors.Is(err, simulator.ErrNotInvoked) {
			// Typing with no session open is what a tenant does after
			// "Alexa, ask home helper to …": send it as that one-shot.
			req, err = t.sim.Say(c, "ask "+t.sim.InvocationName()+" to "+in.Text)
		}
	default:
		return turnResponse{}, fmt.Errorf("unknown action %q", in.Action)
	}
	if err != nil {
		return turnResponse{}, fmt.Errorf("could not make a request from that: %w", err)
	}
	body, err := t.handler.Serve(ctx, req, alexa.Options{Demo: true})
	if err != nil {
		return turnResponse{}, err
	}
	if err := t.sim.Observe(c, body); err != nil {
		return turnResponse{}, err
	}
	out, err := describe(req, body, c)
	if err != nil {
		return turnResponse{}, err
	}
	out.ActingAs, err = t.actingAs(ctx, c)
	return out, err
}

// speaker is the pseudonym the Alexa handler gives the conversation's
// speaker (its device id; see alexa.Handler).
func (t *tryIt) speaker(c *simulator.Conversation) string {
	return t.pseudo.Of("speaker", c.DeviceID)
}

// practise enrols a practice household and links the conversation's
// speaker to it, as a tenant saying its link code would.
func (t *tryIt) practise(ctx context.Context, c *simulator.Conversation) error {
	now := t.now()
	for range 5 {
		ref, err := demoRef()
		if err != nil {
			return err
		}
		h, err := intents.Enrol(ctx, t.store, t.pseudo, intents.Enrolling{
			Ref: ref, ConsentDate: civilDate(now), Demo: true, CodeLife: time.Minute,
		}, now)
		if errors.Is(err, intents.ErrConflict) {
			continue
		}
		if err != nil {
			return fmt.Errorf("making a practice household: %w", err)
		}
		if _, err := t.store.LinkSpeaker(ctx, h.LinkCode, t.speaker(c), now); err != nil {
			return fmt.Errorf("linking the practice household: %w", err)
		}
		return nil
	}
	return fmt.Errorf("making a practice household: no free reference after 5 tries")
}

// demoRef is a new practice household's reference: DEMO- and six random
// hex digits, so practice households never take a landlord's reference.
func demoRef() (string, error) {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making a practice reference: %w", err)
	}
	return "DEMO-" + strings.ToUpper(hex.EncodeToString(b)), nil
}

func (t *tryIt) actingAs(ctx context.Context, c *simulator.Conversation) (string, error) {
	h, err := t.store.HouseholdForSpeaker(ctx, t.speaker(c))
	switch {
	case errors.Is(err, intents.ErrNotFound):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("looking up the speaker's household: %w", err)
	case h.Demo:
		return h.Ref, nil
	}
	return "pilot", nil
}

// describe turns the skill's response into words for the page or terminal.
func describe(req, body []byte, c *simulator.Conversation) (turnResponse, error) {
	var resp alexa.Response
	if err := json.Unmarshal(body, &resp); err != nil {
		return turnResponse{}, fmt.Errorf("reading skill response: %w", err)
	}
	out := turnResponse{Conversation: c, Card: resp.Body.Card}
	out.Speech = speechText(resp.Body.OutputSpeech)
	if resp.Body.Reprompt != nil {
		out.Reprompt = speechText(resp.Body.Reprompt.OutputSpeech)
	}
	out.Ended = resp.Body.ShouldEndSession != nil && *resp.Body.ShouldEndSession
	var sent alexa.Request
	if err := json.Unmarshal(req, &sent); err == nil {
		out.Heard = sent.Body.Type
		out.requestID = sent.Body.RequestID
		if sent.Body.Intent.Name != "" {
			out.Heard = sent.Body.Intent.Name
		}
	}
	return out, nil
}

func speechText(s *alexa.OutputSpeech) string {
	if s == nil {
		return ""
	}
	if s.Type == "SSML" {
		return intents.PlainText(trimSpeak(s.SSML))
	}
	return s.Text
}

func trimSpeak(s string) string {
	const open, closing = "<speak>", "</speak>"
	if len(s) >= len(open)+len(closing) && s[:len(open)] == open && s[len(s)-len(closing):] == closing {
		return s[len(open) : len(s)-len(closing)]
	}
	return s
}
