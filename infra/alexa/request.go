// Package alexa is Home Helper's one adapter for the Alexa Skills Kit wire
// format: it decodes Alexa's request JSON, turns it into an intents.Request
// (hashing Alexa's ids on the way in), and encodes our intents.Response as
// the JSON Amazon's request and response reference describes. It also
// serves that exchange over Lambda and HTTP.
//
// Requests are decoded with github.com/arienmalec/alexa-go's types where
// they are right (the session, its user and application), and with our own
// types where alexa-go lacks what Alexa sends (intent and slot
// confirmationStatus, entity-resolution status and authority, slotValue,
// device supportedInterfaces, apiEndpoint, person, viewport, request error).
// Responses use our own types only: alexa-go's write a capitalised
// "UpdatedIntent", an empty "audioItem" on every directive and an empty
// "image" on every speech payload, and always write shouldEndSession.
// golden_test.go holds every response shape to the reference.
package alexa

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	alexago "github.com/arienmalec/alexa-go"
)

// Request is an Alexa request envelope.
type Request struct {
	// The embedded alexa-go request supplies the version. Session, Body and
	// Context below shadow its own (encoding/json prefers the shallower
	// field), because alexa-go's lack fields Alexa sends.
	alexago.Request
	Session Session     `json:"session"`
	Body    RequestBody `json:"request"`
	Context Context     `json:"context"`
}

// Session is alexa-go's session (new, id, application, user) with the
// attributes kept as raw JSON: they are ours, and decoding them once,
// straight into the conversation's state, halves the cost of a request.
type Session struct {
	alexago.Session
	Attributes json.RawMessage `json:"attributes"`
}

// RequestBody is the "request" object.
type RequestBody struct {
	Type        string        `json:"type"`
	RequestID   string        `json:"requestId"`
	Timestamp   string        `json:"timestamp"`
	Locale      string        `json:"locale"`
	DialogState string        `json:"dialogState,omitempty"`
	Intent      Intent        `json:"intent"`
	Reason      string        `json:"reason,omitempty"` // SessionEndedRequest
	Error       *RequestError `json:"error,omitempty"`  // SessionEndedRequest with reason ERROR
	Event       *EventBody    `json:"body,omitempty"`   // skill events (AlexaSkillEvent.*)
	// Connections.Response: Alexa's answer to a Connections.SendRequest.
	Name    string              `json:"name,omitempty"`
	Payload *ConnectionsPayload `json:"payload,omitempty"`
}

// ConnectionsPayload is the tenant's answer to a voice permission request.
type ConnectionsPayload struct {
	PermissionScope string `json:"permissionScope,omitempty"`
	Status          string `json:"status,omitempty"` // ACCEPTED, DENIED, NOT_ANSWERED
}

// EventBody is a skill event's body: for a permission event, the
// permissions the tenant now grants; for SkillDisabled, whether Alexa keeps
// the same userId should the skill be enabled again.
type EventBody struct {
	AcceptedPermissions []struct {
		Scope string `json:"scope"`
	} `json:"acceptedPermissions,omitempty"`
	UserInformationPersistenceStatus string `json:"userInformationPersistenceStatus,omitempty"`
}

// RequestError is why Alexa ended a session with an error.
type RequestError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Intent is an intent with its slots, as Alexa sends it and as a dialog
// directive's updatedIntent carries it back.
type Intent struct {
	Name               string          `json:"name"`
	ConfirmationStatus string          `json:"confirmationStatus,omitempty"`
	Slots              map[string]Slot `json:"slots,omitempty"`
}

// Slot is one slot of an intent.
type Slot struct {
	Name               string          `json:"name"`
	Value              string          `json:"value,omitempty"`
	ConfirmationStatus string          `json:"confirmationStatus,omitempty"`
	Resolutions        *Resolutions    `json:"resolutions,omitempty"`
	SlotValue          json.RawMessage `json:"slotValue,omitempty"` // newer requests; kept, not read
}

// Resolutions holds entity resolution: the ids our model gives slot values.
type Resolutions struct {
	ResolutionsPerAuthority []Authority `json:"resolutionsPerAuthority"`
}

// Authority is one authority's resolution of a slot value.
type Authority struct {
	Authority string `json:"authority"`
	Status    struct {
		Code string `json:"code"`
	} `json:"status"`
	Values []struct {
		Value struct {
			Name string `json:"name"`
			ID   string `json:"id"`
		} `json:"value"`
	} `json:"values"`
}

// Entity-resolution status codes.
const (
	ResolutionMatch   = "ER_SUCCESS_MATCH"
	ResolutionNoMatch = "ER_SUCCESS_NO_MATCH"
)

// ResolvedID returns the id our interaction model gives the slot's value,
// or "" when no authority matched it.
func (s Slot) ResolvedID() string {
	if s.Resolutions == nil {
		return ""
	}
	for _, a := range s.Resolutions.ResolutionsPerAuthority {
		if a.Status.Code == ResolutionMatch && len(a.Values) > 0 {
			return a.Values[0].Value.ID
		}
	}
	return ""
}

// Context is the "context" object.
type Context struct {
	System struct {
		Application struct {
			ApplicationID string `json:"applicationId"`
		} `json:"application"`
		User struct {
			UserID string `json:"userId"`
		} `json:"user"`
		Person *struct {
			PersonID string `json:"personId"`
		} `json:"person,omitempty"`
		Device struct {
			DeviceID            string                     `json:"deviceId"`
			SupportedInterfaces map[string]json.RawMessage `json:"supportedInterfaces"`
		} `json:"device"`
		APIEndpoint    string `json:"apiEndpoint"`
		APIAccessToken string `json:"apiAccessToken"`
	} `json:"System"`
	Viewport json.RawMessage `json:"Viewport,omitempty"`
}

// HasScreen reports whether the device can show APL or a display template.
func (c Context) HasScreen() bool {
	ifaces := c.System.Device.SupportedInterfaces
	_, apl := ifaces["Alexa.Presentation.APL"]
	_, display := ifaces["Display"]
	return apl || display || len(c.Viewport) > 0
}

// ErrBadRequest marks a body that is not an Alexa request we can answer.
var ErrBadRequest = errors.New("bad alexa request")

// Decode reads an Alexa request. It refuses bodies that are not JSON
// objects or lack what every Alexa request has (a request type and id),
// with an error wrapping ErrBadRequest that says which.
func Decode(body []byte) (Request, error) {
	var r Request
	if err := json.Unmarshal(body, &r); err != nil {
		return Request{}, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	switch {
	case r.Body.Type == "":
		return Request{}, fmt.Errorf("%w: request.type is missing", ErrBadRequest)
	case r.Body.RequestID == "":
		return Request{}, fmt.Errorf("%w: request.requestId is missing", ErrBadRequest)
	case r.Body.Type == "IntentRequest" && r.Body.Intent.Name == "":
		return Request{}, fmt.Errorf("%w: request.intent.name is missing", ErrBadRequest)
	}
	return r, nil
}

// Time is when Alexa sent the request, or zero if the timestamp is absent
// or unreadable.
func (r Request) Time() time.Time {
	t, err := time.Parse(time.RFC3339, r.Body.Timestamp)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ApplicationID is the skill id the request is for.
func (r Request) ApplicationID() string {
	if id := r.Context.System.Application.ApplicationID; id != "" {
		return id
	}
	return r.Session.Application.ApplicationID
}

// UserID is Alexa's account id for the request.
func (r Request) UserID() string {
	if id := r.Context.System.User.UserID; id != "" {
		return id
	}
	return r.Session.User.UserID
}
