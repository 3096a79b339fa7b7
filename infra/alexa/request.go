// Package alexa is Home Helper's one adapter for the Alexa Skills Kit wire
// format: it decodes Alexa's request JSON, turns it into an intents.Request
// (hashing Alexa's ids on the way in), and encodes our intents.Response as
// the JSON Amazon's request and response reference describes. It also
// serves that exchange over Lambda and HTTP.
//
// Requests are read by Decode, which takes the few fields the skill uses
// and steps over the rest of the envelope without building it. It is held
// to two other readings of every sample envelope: encoding/json into these
// types, and github.com/arienmalec/alexa-go's request types
// (alexago_test.go).
// Responses use our own types, not github.com/arienmalec/alexa-go's, which
// write a capitalised "UpdatedIntent", an empty "audioItem" on every
// directive and an empty "image" on every speech payload, and always
// write shouldEndSession.
// golden_test.go holds every response shape to the reference.
package alexa

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Request is an Alexa request envelope: the parts of it the skill reads.
// Decode fills it; the json tags let tests and tools read envelopes with
// encoding/json too.
type Request struct {
	Version string      `json:"version"`
	Session Session     `json:"session"`
	Body    RequestBody `json:"request"`
	Context Context     `json:"context"`
}

// Session is the "session" object, with the attributes kept as raw JSON:
// they are ours, and decoding them once, straight into the conversation's
// state, halves the cost of a request.
type Session struct {
	New         bool   `json:"new"`
	SessionID   string `json:"sessionId"`
	Application struct {
		ApplicationID string `json:"applicationId"`
	} `json:"application"`
	User struct {
		UserID string `json:"userId"`
	} `json:"user"`
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
	Status  *ConnectionsStatus  `json:"status,omitempty"`
	Payload *ConnectionsPayload `json:"payload,omitempty"`
}

// ConnectionsStatus says whether Alexa could carry out a
// Connections.SendRequest at all: code "200", or an HTTP-like error code
// (a device that cannot ask for permissions by voice, say).
type ConnectionsStatus struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
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
	Name               string       `json:"name"`
	Value              string       `json:"value,omitempty"`
	ConfirmationStatus string       `json:"confirmationStatus,omitempty"`
	Resolutions        *Resolutions `json:"resolutions,omitempty"`
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
	Values []ResolvedValue `json:"values"`
}

// ResolvedValue is one value an authority resolved a slot to.
type ResolvedValue struct {
	Value struct {
		Name string `json:"name"`
		ID   string `json:"id"`
	} `json:"value"`
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
		Person *Person `json:"person,omitempty"`
		Device struct {
			DeviceID            string                     `json:"deviceId"`
			SupportedInterfaces map[string]json.RawMessage `json:"supportedInterfaces"`
		} `json:"device"`
		APIEndpoint    string `json:"apiEndpoint"`
		APIAccessToken string `json:"apiAccessToken"`
		// token is apiAccessToken's bytes in the body, when Serve
		// decodes: a real token is one to two kilobytes that only a
		// turn setting a reminder reads, so it is copied only then.
		// Empty when APIAccessToken is set.
		token []byte
	} `json:"System"`
	Viewport json.RawMessage `json:"Viewport,omitempty"`
}

// Person is the recognised speaker, when Alexa knows one.
type Person struct {
	PersonID string `json:"personId"`
}

// accessToken is context.System.apiAccessToken, copied only if decode
// borrowed it.
func (c *Context) accessToken() string {
	if c.System.token != nil {
		return string(c.System.token)
	}
	return c.System.APIAccessToken
}

// hasAccessToken reports whether the request carries an apiAccessToken,
// without copying it.
func (c *Context) hasAccessToken() bool {
	return len(c.System.token) > 0 || c.System.APIAccessToken != ""
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
//
// It reads only the fields Request has, and steps over the rest of the
// envelope (viewports, extensions, advertising, …) checking its syntax but
// building nothing: that is most of the envelope, and building it was most
// of a request's cost. A body Decode accepts is one encoding/json accepts;
// Decode's fields are what encoding/json would read into Request
// (FuzzDecodeMatchesEncodingJSON holds it to that).
func Decode(body []byte) (Request, error) { return decode(body, false) }

// decode is Decode; borrow leaves a plain apiAccessToken in body
// (System.token) for the caller to copy if it needs it, and so is for
// callers done with the Request before body changes.
func decode(body []byte, borrow bool) (Request, error) {
	var r Request
	s := scanner{b: body, borrow: borrow}
	if s.peek() != '{' {
		return Request{}, fmt.Errorf("%w: not a JSON object", ErrBadRequest)
	}
	if err := r.read(&s); err != nil {
		return Request{}, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	if s.peek() != 0 {
		return Request{}, fmt.Errorf("%w: %v", ErrBadRequest, s.syntaxError("data after the request"))
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

func (r *Request) read(s *scanner) error {
	return s.object("envelope", func(k []byte) error {
		switch {
		case is(k, "version"):
			return s.str("version", &r.Version)
		case is(k, "session"):
			return r.Session.read(s)
		case is(k, "request"):
			return r.Body.read(s)
		case is(k, "context"):
			return r.Context.read(s)
		}
		return s.skip()
	})
}

func (ss *Session) read(s *scanner) error {
	return s.object("session", func(k []byte) error {
		switch {
		case is(k, "new"):
			return s.boolean("session.new", &ss.New)
		case is(k, "sessionId"):
			return s.str("session.sessionId", &ss.SessionID)
		case is(k, "application"):
			return s.object("session.application", func(k []byte) error {
				if is(k, "applicationId") {
					return s.str("session.application.applicationId", &ss.Application.ApplicationID)
				}
				return s.skip()
			})
		case is(k, "user"):
			return s.object("session.user", func(k []byte) error {
				if is(k, "userId") {
					return s.str("session.user.userId", &ss.User.UserID)
				}
				return s.skip()
			})
		case is(k, "attributes"):
			// Read later, straight into the conversation's state.
			raw, err := s.raw()
			ss.Attributes = raw
			return err
		}
		return s.skip()
	})
}

func (b *RequestBody) read(s *scanner) error {
	return s.object("request", func(k []byte) error {
		switch {
		case is(k, "type"):
			return s.str("request.type", &b.Type)
		case is(k, "requestId"):
			return s.str("request.requestId", &b.RequestID)
		case is(k, "timestamp"):
			return s.str("request.timestamp", &b.Timestamp)
		case is(k, "locale"):
			return s.str("request.locale", &b.Locale)
		case is(k, "dialogState"):
			return s.str("request.dialogState", &b.DialogState)
		case is(k, "reason"):
			return s.str("request.reason", &b.Reason)
		case is(k, "intent"):
			return b.Intent.read(s)
		case is(k, "error"):
			if s.null() {
				b.Error = nil
				return nil
			}
			if b.Error == nil {
				b.Error = new(RequestError)
			}
			return s.object("request.error", func(k []byte) error {
				switch {
				case is(k, "type"):
					return s.str("request.error.type", &b.Error.Type)
				case is(k, "message"):
					return s.str("request.error.message", &b.Error.Message)
				}
				return s.skip()
			})
		case is(k, "body"):
			if s.null() {
				b.Event = nil
				return nil
			}
			if b.Event == nil {
				b.Event = new(EventBody)
			}
			return b.Event.read(s)
		case is(k, "name"):
			return s.str("request.name", &b.Name)
		case is(k, "status"):
			if s.null() {
				b.Status = nil
				return nil
			}
			if b.Status == nil {
				b.Status = new(ConnectionsStatus)
			}
			return s.object("request.status", func(k []byte) error {
				switch {
				case is(k, "code"):
					return s.str("request.status.code", &b.Status.Code)
				case is(k, "message"):
					return s.str("request.status.message", &b.Status.Message)
				}
				return s.skip()
			})
		case is(k, "payload"):
			if s.null() {
				b.Payload = nil
				return nil
			}
			if b.Payload == nil {
				b.Payload = new(ConnectionsPayload)
			}
			return s.object("request.payload", func(k []byte) error {
				switch {
				case is(k, "permissionScope"):
					return s.str("request.payload.permissionScope", &b.Payload.PermissionScope)
				case is(k, "status"):
					return s.str("request.payload.status", &b.Payload.Status)
				}
				return s.skip()
			})
		}
		return s.skip()
	})
}

func (e *EventBody) read(s *scanner) error {
	return s.object("request.body", func(k []byte) error {
		switch {
		case is(k, "userInformationPersistenceStatus"):
			return s.str("request.body.userInformationPersistenceStatus", &e.UserInformationPersistenceStatus)
		case is(k, "acceptedPermissions"):
			if s.null() {
				e.AcceptedPermissions = nil
				return nil
			}
			type permission = struct {
				Scope string `json:"scope"`
			}
			// An empty array is an empty list, not none, as encoding/json
			// reads it.
			e.AcceptedPermissions = e.AcceptedPermissions[:0]
			if e.AcceptedPermissions == nil {
				e.AcceptedPermissions = []permission{}
			}
			return s.array(func() error {
				p := reused(e.AcceptedPermissions)
				if s.null() {
					e.AcceptedPermissions = append(e.AcceptedPermissions, p)
					return nil
				}
				err := s.object("request.body.acceptedPermissions", func(k []byte) error {
					if is(k, "scope") {
						return s.str("request.body.acceptedPermissions.scope", &p.Scope)
					}
					return s.skip()
				})
				e.AcceptedPermissions = append(e.AcceptedPermissions, p)
				return err
			})
		}
		return s.skip()
	})
}

func (in *Intent) read(s *scanner) error {
	return s.object("request.intent", func(k []byte) error {
		switch {
		case is(k, "name"):
			return s.str("request.intent.name", &in.Name)
		case is(k, "confirmationStatus"):
			return s.str("request.intent.confirmationStatus", &in.ConfirmationStatus)
		case is(k, "slots"):
			if s.null() {
				in.Slots = nil
				return nil
			}
			if s.peek() == '{' && in.Slots == nil {
				in.Slots = make(map[string]Slot, 2)
			}
			return s.object("request.intent.slots", func(k []byte) error {
				var slot Slot
				if err := slot.read(s); err != nil {
					return err
				}
				in.Slots[string(k)] = slot
				return nil
			})
		}
		return s.skip()
	})
}

func (sl *Slot) read(s *scanner) error {
	return s.object("slot", func(k []byte) error {
		switch {
		case is(k, "name"):
			return s.str("slot.name", &sl.Name)
		case is(k, "value"):
			return s.str("slot.value", &sl.Value)
		case is(k, "confirmationStatus"):
			return s.str("slot.confirmationStatus", &sl.ConfirmationStatus)
		case is(k, "resolutions"):
			if s.null() {
				sl.Resolutions = nil
				return nil
			}
			if sl.Resolutions == nil {
				sl.Resolutions = new(Resolutions)
			}
			return sl.Resolutions.read(s)
		}
		return s.skip()
	})
}

// reused is the element an array's next value is read into: as
// encoding/json reads it, the one left in the slice's room by an earlier
// array under the same key, if any, else the zero value.
func reused[T any](list []T) T {
	var zero T
	if len(list) < cap(list) {
		return list[: len(list)+1 : len(list)+1][len(list)]
	}
	return zero
}

func (res *Resolutions) read(s *scanner) error {
	return s.object("slot.resolutions", func(k []byte) error {
		if !is(k, "resolutionsPerAuthority") {
			return s.skip()
		}
		if s.null() {
			res.ResolutionsPerAuthority = nil
			return nil
		}
		res.ResolutionsPerAuthority = res.ResolutionsPerAuthority[:0]
		if res.ResolutionsPerAuthority == nil {
			res.ResolutionsPerAuthority = []Authority{} // as for acceptedPermissions
		}
		return s.array(func() error {
			a := reused(res.ResolutionsPerAuthority)
			err := s.object("slot.resolutions.resolutionsPerAuthority", func(k []byte) error {
				switch {
				case is(k, "authority"):
					return s.str("authority", &a.Authority)
				case is(k, "status"):
					return s.object("authority.status", func(k []byte) error {
						if is(k, "code") {
							return s.str("authority.status.code", &a.Status.Code)
						}
						return s.skip()
					})
				case is(k, "values"):
					if s.null() {
						a.Values = nil
						return nil
					}
					a.Values = a.Values[:0]
					if a.Values == nil {
						a.Values = []ResolvedValue{}
					}
					return s.array(func() error {
						v := reused(a.Values)
						err := s.object("authority.values", func(k []byte) error {
							if !is(k, "value") {
								return s.skip()
							}
							return s.object("authority.values.value", func(k []byte) error {
								switch {
								case is(k, "name"):
									return s.str("value.name", &v.Value.Name)
								case is(k, "id"):
									return s.str("value.id", &v.Value.ID)
								}
								return s.skip()
							})
						})
						a.Values = append(a.Values, v)
						return err
					})
				}
				return s.skip()
			})
			res.ResolutionsPerAuthority = append(res.ResolutionsPerAuthority, a)
			return err
		})
	})
}

func (c *Context) read(s *scanner) error {
	sys := &c.System
	return s.object("context", func(k []byte) error {
		switch {
		case is(k, "Viewport"):
			if s.null() {
				return nil
			}
			raw, err := s.raw()
			c.Viewport = raw
			return err
		case !is(k, "System"):
			return s.skip()
		}
		return s.object("context.System", func(k []byte) error {
			switch {
			case is(k, "application"):
				return s.object("context.System.application", func(k []byte) error {
					if is(k, "applicationId") {
						return s.str("context.System.application.applicationId", &sys.Application.ApplicationID)
					}
					return s.skip()
				})
			case is(k, "user"):
				return s.object("context.System.user", func(k []byte) error {
					if is(k, "userId") {
						return s.str("context.System.user.userId", &sys.User.UserID)
					}
					return s.skip()
				})
			case is(k, "person"):
				if s.null() {
					sys.Person = nil
					return nil
				}
				if sys.Person == nil {
					sys.Person = &Person{}
				}
				return s.object("context.System.person", func(k []byte) error {
					if is(k, "personId") {
						return s.str("context.System.person.personId", &sys.Person.PersonID)
					}
					return s.skip()
				})
			case is(k, "device"):
				return s.object("context.System.device", func(k []byte) error {
					switch {
					case is(k, "deviceId"):
						return s.str("context.System.device.deviceId", &sys.Device.DeviceID)
					case is(k, "supportedInterfaces"):
						if s.null() {
							sys.Device.SupportedInterfaces = nil
							return nil
						}
						if s.peek() == '{' && sys.Device.SupportedInterfaces == nil {
							sys.Device.SupportedInterfaces = make(map[string]json.RawMessage, 4)
						}
						return s.object("context.System.device.supportedInterfaces", func(k []byte) error {
							raw, err := s.raw()
							sys.Device.SupportedInterfaces[string(k)] = raw
							return err
						})
					}
					return s.skip()
				})
			case is(k, "apiEndpoint"):
				return s.str("context.System.apiEndpoint", &sys.APIEndpoint)
			case is(k, "apiAccessToken"):
				sys.token = nil
				if s.borrow && s.peek() == '"' {
					start, plain, err := s.skipString()
					if err != nil || plain {
						sys.APIAccessToken, sys.token = "", s.b[start+1:s.i-1]
						return err
					}
					s.i = start
				}
				return s.str("context.System.apiAccessToken", &sys.APIAccessToken)
			}
			return s.skip()
		})
	})
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
