package simulator

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
)

// Intent is an intent as Alexa sends it in an IntentRequest and as a skill
// returns it in a dialog directive's updatedIntent.
type Intent struct {
	Name               string          `json:"name"`
	ConfirmationStatus string          `json:"confirmationStatus"`
	Slots              map[string]Slot `json:"slots,omitempty"`
}

// Slot is one slot of an Intent. Value is empty when the user has not filled
// it; Resolutions is present only for custom slot types.
type Slot struct {
	Name               string       `json:"name"`
	Value              string       `json:"value,omitempty"`
	ConfirmationStatus string       `json:"confirmationStatus"`
	Source             string       `json:"source,omitempty"`
	Resolutions        *Resolutions `json:"resolutions,omitempty"`
	SlotValue          *SlotValue   `json:"slotValue,omitempty"`
}

// SlotValue is the newer form of a slot's value that Alexa sends alongside
// value and resolutions.
type SlotValue struct {
	Type        string       `json:"type"`
	Value       string       `json:"value"`
	Resolutions *Resolutions `json:"resolutions,omitempty"`
}

// Resolutions is a slot's entity resolution.
type Resolutions struct {
	ResolutionsPerAuthority []Resolution `json:"resolutionsPerAuthority"`
}

// Resolution is entity resolution by one authority; for a custom slot type
// the authority is "amzn1.er-authority.echo-sdk.<skill id>.<slot type>".
type Resolution struct {
	Authority string `json:"authority"`
	Status    struct {
		Code string `json:"code"`
	} `json:"status"`
	Values []ResolutionValue `json:"values,omitempty"`
}

// ResolutionValue wraps one resolved value.
type ResolutionValue struct {
	Value struct {
		Name string `json:"name"`
		ID   string `json:"id"`
	} `json:"value"`
}

// Entity-resolution status codes.
const (
	ERMatch   = "ER_SUCCESS_MATCH"
	ERNoMatch = "ER_SUCCESS_NO_MATCH"
)

// The wire envelope. Only what Alexa sends to a custom skill without a
// screen is modelled.
type envelope struct {
	Version string      `json:"version"`
	Session wireSession `json:"session"`
	Context wireContext `json:"context"`
	Request wireRequest `json:"request"`
}

type wireSession struct {
	New         bool            `json:"new"`
	SessionID   string          `json:"sessionId"`
	Application wireApp         `json:"application"`
	Attributes  json.RawMessage `json:"attributes"`
	User        wireUser        `json:"user"`
}

type wireApp struct {
	ApplicationID string `json:"applicationId"`
}

type wireUser struct {
	UserID string `json:"userId"`
}

type wireContext struct {
	System wireSystem `json:"System"`
}

type wireSystem struct {
	Application    wireApp    `json:"application"`
	User           wireUser   `json:"user"`
	Device         wireDevice `json:"device"`
	APIEndpoint    string     `json:"apiEndpoint"`
	APIAccessToken string     `json:"apiAccessToken"`
}

type wireDevice struct {
	DeviceID            string   `json:"deviceId"`
	SupportedInterfaces struct{} `json:"supportedInterfaces"`
}

type wireRequest struct {
	Type        string     `json:"type"`
	RequestID   string     `json:"requestId"`
	Timestamp   string     `json:"timestamp"`
	Locale      string     `json:"locale"`
	DialogState string     `json:"dialogState,omitempty"`
	Intent      *Intent    `json:"intent,omitempty"`
	Reason      string     `json:"reason,omitempty"`
	Error       *wireError `json:"error,omitempty"`
}

type wireError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// apiEndpoint is the Alexa API endpoint for skills hosted in the EU region,
// which serves en-GB.
const apiEndpoint = "https://api.eu.amazonalexa.com"

// dummyAccessToken stands in for the JWT Alexa sends; nothing should call
// Alexa's APIs with a simulated request.
const dummyAccessToken = "simulator.dummy.api-access-token"

// randomID returns a version-4 UUID, the form Alexa's ids end in.
func randomID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("simulator: crypto/rand failed: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// request builds the JSON of one request in c's current session.
func (s *Simulator) request(c *Conversation, r wireRequest) ([]byte, error) {
	r.RequestID = "amzn1.echo-api.request." + randomID()
	r.Timestamp = s.now().UTC().Format("2006-01-02T15:04:05Z")
	r.Locale = s.locale
	attrs := c.Attributes
	if len(attrs) == 0 || string(attrs) == "null" {
		attrs = json.RawMessage("{}")
	}
	env := envelope{
		Version: "1.0",
		Session: wireSession{
			New:         c.New,
			SessionID:   c.SessionID,
			Application: wireApp{s.skillID},
			Attributes:  attrs,
			User:        wireUser{c.UserID},
		},
		Context: wireContext{System: wireSystem{
			Application:    wireApp{s.skillID},
			User:           wireUser{c.UserID},
			Device:         wireDevice{DeviceID: c.DeviceID},
			APIEndpoint:    apiEndpoint,
			APIAccessToken: dummyAccessToken,
		}},
		Request: r,
	}
	b, err := json.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("simulator: encode %s: %w", r.Type, err)
	}
	return b, nil
}
