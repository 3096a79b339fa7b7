package alexa_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	alexago "github.com/arienmalec/alexa-go"

	"github.com/homehelper/homehelper/infra/alexa"
)

// TestDecodeAgreesWithAlexaGo: a second reading of every sample envelope,
// by github.com/arienmalec/alexa-go's request types, agrees with Decode
// on every field both read — so the hand-written decoder is held to an
// outside reading of Amazon's reference, not only to our own types.
func TestDecodeAgreesWithAlexaGo(t *testing.T) {
	for name, body := range envelopes(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			got, err := alexa.Decode(body)
			if err != nil {
				t.Fatal(err)
			}
			var ref alexago.Request
			if err := json.Unmarshal(body, &ref); err != nil {
				t.Fatalf("alexa-go cannot read it: %v", err)
			}
			same := func(field, a, b string) {
				if a != b {
					t.Errorf("%s: Decode read %q, alexa-go %q", field, a, b)
				}
			}
			same("version", got.Version, ref.Version)
			same("session.sessionId", got.Session.SessionID, ref.Session.SessionID)
			same("session.application", got.Session.Application.ApplicationID, ref.Session.Application.ApplicationID)
			same("session.user", got.Session.User.UserID, ref.Session.User.UserID)
			if got.Session.New != ref.Session.New {
				t.Errorf("session.new: Decode read %v, alexa-go %v", got.Session.New, ref.Session.New)
			}
			same("request.type", got.Body.Type, ref.Body.Type)
			same("request.requestId", got.Body.RequestID, ref.Body.RequestID)
			same("request.timestamp", got.Body.Timestamp, ref.Body.Timestamp)
			same("request.locale", got.Body.Locale, ref.Body.Locale)
			same("request.dialogState", got.Body.DialogState, ref.Body.DialogState)
			same("request.reason", got.Body.Reason, ref.Body.Reason)
			same("request.intent.name", got.Body.Intent.Name, ref.Body.Intent.Name)
			same("context.System.device", got.Context.System.Device.DeviceID, ref.Context.System.Device.DeviceID)
			same("context.System.apiAccessToken", got.Context.System.APIAccessToken, ref.Context.System.APIAccessToken)
			if len(got.Body.Intent.Slots) != len(ref.Body.Intent.Slots) {
				t.Fatalf("slots: Decode read %d, alexa-go %d", len(got.Body.Intent.Slots), len(ref.Body.Intent.Slots))
			}
			for k, rs := range ref.Body.Intent.Slots {
				gs, ok := got.Body.Intent.Slots[k]
				if !ok {
					t.Errorf("slot %s: read by alexa-go only", k)
					continue
				}
				same("slot "+k+" name", gs.Name, rs.Name)
				same("slot "+k+" value", gs.Value, rs.Value)
				var refIDs, ids []string
				for _, a := range rs.Resolutions.ResolutionPerAuthority {
					for _, v := range a.Values {
						refIDs = append(refIDs, v.Value.Id)
					}
				}
				if gs.Resolutions != nil {
					for _, a := range gs.Resolutions.ResolutionsPerAuthority {
						for _, v := range a.Values {
							ids = append(ids, v.Value.ID)
						}
					}
				}
				same("slot "+k+" resolved ids", fmtIDs(ids), fmtIDs(refIDs))
			}
		})
	}
}

func fmtIDs(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
