package alexa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync/atomic"

	"github.com/homehelper/homehelper/intents"
)

// Conversation answers tenants; *intents.Skill is the one we use.
type Conversation interface {
	Handle(ctx context.Context, req intents.Request) intents.Response
}

// ErrWrongSkill marks a request for another skill id.
var ErrWrongSkill = errors.New("request is for another skill")

// Handler turns Alexa request bodies into response bodies.
type Handler struct {
	conv    Conversation
	pseudo  *intents.Pseudonyms
	skillID string
	log     *slog.Logger

	// ReminderClient, when set, lets the conversation set visit reminders
	// through the Reminders API with each request's access token. Give it
	// a timeout that fits inside Alexa's wait.
	ReminderClient *http.Client

	// Refused counts requests refused before the conversation saw them
	// (malformed, wrong skill): they leave no usage event, so this is
	// where they are counted.
	Refused atomic.Int64
}

// NewHandler makes a Handler. With a skillID, requests for any other skill
// are refused.
func NewHandler(conv Conversation, pseudo *intents.Pseudonyms, skillID string, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.Default()
	}
	return &Handler{conv: conv, pseudo: pseudo, skillID: skillID, log: log}
}

// Options say where a request came from.
type Options struct {
	// Demo marks requests from the try-it page or `homehelper chat`, so
	// staff measures can leave them out.
	Demo bool
}

// Serve answers one request body. Its error wraps ErrBadRequest or
// ErrWrongSkill; the conversation itself never fails.
func (h *Handler) Serve(ctx context.Context, body []byte, opts Options) ([]byte, error) {
	// The token stays in body: nothing keeps the request past Serve.
	req, err := decode(body, true)
	if err != nil {
		h.Refused.Add(1)
		h.log.WarnContext(ctx, "refused alexa request", "err", err)
		return nil, err
	}
	if h.skillID != "" && req.ApplicationID() != h.skillID {
		h.Refused.Add(1)
		h.log.WarnContext(ctx, "refused request for another skill", "request_id", req.Body.RequestID)
		return nil, fmt.Errorf("%w: got %q", ErrWrongSkill, req.ApplicationID())
	}
	out := Encode(h.conv.Handle(ctx, h.translate(ctx, req, opts)))
	return out.AppendJSON(make([]byte, 0, out.Size())), nil
}

// translate builds the conversation's request, replacing every Alexa id
// with its pseudonym so no raw id goes further than this function.
func (h *Handler) translate(ctx context.Context, r Request, opts Options) intents.Request {
	speaker := r.Context.System.Device.DeviceID
	if speaker == "" {
		// Without a device id (some simulators), the account stands in.
		speaker = "user:" + r.UserID()
		if r.UserID() == "" {
			speaker = ""
		}
	}
	ir := intents.Request{
		ID:         r.Body.RequestID,
		Time:       r.Time(),
		Type:       r.Body.Type,
		Intent:     r.Body.Intent.Name,
		SessionNew: r.Session.New,
		SessionID:  h.pseudo.Of("session", r.Session.SessionID),
		SpeakerID:  h.pseudo.Of("speaker", speaker),
		AccountID:  h.pseudo.Of("account", r.UserID()),
		Locale:     r.Body.Locale,
		HasScreen:  r.Context.HasScreen(),
		Demo:       opts.Demo,
		EndReason:  r.Body.Reason,
	}
	if r.Body.Error != nil {
		ir.ErrorType = r.Body.Error.Type
	}
	if h.ReminderClient != nil && !opts.Demo && r.Context.System.APIEndpoint != "" && r.Context.hasAccessToken() {
		ir.Reminders = &visitReminders{sys: r.Context, client: h.ReminderClient, locale: r.Body.Locale}
	}
	if r.Body.Name == "AskFor" {
		if r.Body.Payload != nil {
			ir.PermissionStatus = r.Body.Payload.Status
		}
		ir.PermissionAskFailed = r.Body.Status != nil && r.Body.Status.Code != "" && r.Body.Status.Code != "200"
	}
	if r.Body.Event != nil {
		for _, p := range r.Body.Event.AcceptedPermissions {
			ir.Granted = append(ir.Granted, p.Scope)
		}
	}
	if len(r.Body.Intent.Slots) > 0 {
		ir.Slots = make(map[string]intents.Slot, len(r.Body.Intent.Slots))
		for name, s := range r.Body.Intent.Slots {
			ir.Slots[name] = intents.Slot{Value: s.Value, ID: s.ResolvedID()}
		}
	}
	if len(r.Session.Attributes) > 0 && string(r.Session.Attributes) != "null" {
		// Attributes are ours, written by Encode; anything else in them
		// (or a shape from an older version) is dropped, not trusted.
		st, err := decodeState(r.Session.Attributes)
		if err != nil {
			h.log.WarnContext(ctx, "ignoring unreadable session attributes", "err", err, "request_id", r.Body.RequestID)
			st = intents.State{}
		}
		ir.State = st
	}
	return ir
}

// Encode turns the conversation's response into Alexa's response.
func Encode(r intents.Response) Response {
	out := Response{Version: "1.0"}
	if r.Speech != "" {
		out.Body.OutputSpeech = SSML(r.Speech)
	}
	if r.Card != nil {
		out.Body.Card = SimpleCard(r.Card.Title, r.Card.Text)
	}
	if r.ReminderConsentCard {
		out.Body.Card = ReminderConsentCard()
	}
	if r.AskReminderPermission {
		// Alexa asks the question itself; shouldEndSession is left out.
		out.Body.Directives = []Directive{AskForReminders()}
		return out
	}
	if r.End {
		if r.Speech != "" {
			out.Body.ShouldEndSession = boolPtr(true)
		}
		// A response to SessionEndedRequest carries nothing at all.
		return out
	}
	if r.Reprompt != "" {
		out.Body.Reprompt = &Reprompt{OutputSpeech: SSML(r.Reprompt)}
	}
	if !r.State.Empty() {
		// The conversation's state is the session attributes: Alexa
		// returns them with the next request.
		out.SessionAttributes = &r.State
	}
	if r.Elicit != nil {
		updated := Intent{Name: r.Elicit.Intent, ConfirmationStatus: "NONE", Slots: map[string]Slot{}}
		for _, name := range sortedKeys(r.Elicit.Slots) {
			s := r.Elicit.Slots[name]
			updated.Slots[name] = Slot{Name: name, Value: s.Value, ConfirmationStatus: "NONE"}
		}
		if _, ok := updated.Slots[r.Elicit.Slot]; !ok {
			updated.Slots[r.Elicit.Slot] = Slot{Name: r.Elicit.Slot, ConfirmationStatus: "NONE"}
		}
		out.Body.Directives = []Directive{ElicitSlot(r.Elicit.Slot, updated)}
		// Dialog directives must not end the session; Alexa reads an
		// absent shouldEndSession as "keep listening".
		return out
	}
	out.Body.ShouldEndSession = boolPtr(false)
	return out
}

func sortedKeys(m map[string]intents.Slot) []string {
	// Map order is random; a stable order keeps golden files stable.
	return slices.Sorted(maps.Keys(m))
}
