package simulator

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// stable replaces the random ids of a request, after checking their form,
// so the rest can be compared with a golden file.
func stable(t *testing.T, req []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(req, &m); err != nil {
		t.Fatal(err)
	}
	fix := func(obj map[string]any, key, prefix string) {
		id, _ := obj[key].(string)
		if len(id) <= len(prefix) || id[:len(prefix)] != prefix || !uuidRE.MatchString(id[len(prefix):]) {
			t.Errorf("%s = %q; want %s<uuid>", key, id, prefix)
		}
		obj[key] = prefix + "ID"
	}
	fix(m["session"].(map[string]any), "sessionId", "amzn1.echo-api.session.")
	fix(m["request"].(map[string]any), "requestId", "amzn1.echo-api.request.")
	return m
}

// TestGoldenRequests pins the JSON shape of each kind of request against
// files written from Amazon's "Request and response JSON reference".
// Run with -update to rewrite them after a deliberate change, then review
// the diff.
func TestGoldenRequests(t *testing.T) {
	sim := newTestSim(t)
	conv := func() *Conversation { return sim.NewConversation("amzn1.ask.account.TEST", "amzn1.ask.device.TEST") }
	tests := []struct {
		name string
		make func(t *testing.T) []byte
	}{
		{"launch", func(t *testing.T) []byte {
			b, err := sim.Say(conv(), "Alexa, open Home Helper")
			must(t, err)
			return b
		}},
		{"oneshot_custom_slots", func(t *testing.T) []byte {
			b, err := sim.Say(conv(), "ask home helper there's a washing machine in the kitchen")
			must(t, err)
			return b
		}},
		{"oneshot_builtin_slots", func(t *testing.T) []byte {
			b, err := sim.Say(conv(), "ask home helper to book a visit on the third of december at half past two in the afternoon")
			must(t, err)
			return b
		}},
		{"elicit_answer", func(t *testing.T) []byte {
			c := conv()
			_, err := sim.Say(c, "ask home helper my boiler is broken")
			must(t, err)
			must(t, sim.Observe(c, []byte(elicitRoom)))
			b, err := sim.Say(c, "the lounge")
			must(t, err)
			return b
		}},
		{"session_ended", func(t *testing.T) []byte {
			c := conv()
			_, err := sim.Say(c, "open home helper")
			must(t, err)
			must(t, sim.Observe(c, []byte(`{"version":"1.0","sessionAttributes":{"flow":"launch"},"response":{"shouldEndSession":false}}`)))
			b, err := sim.Say(c, "exit")
			must(t, err)
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stable(t, tt.make(t))
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				b, err := json.MarshalIndent(got, "", "  ")
				must(t, err)
				must(t, os.WriteFile(path, append(b, '\n'), 0o644))
			}
			var want map[string]any
			must(t, json.Unmarshal(readFile(t, path), &want))
			if !reflect.DeepEqual(got, want) {
				gb, _ := json.MarshalIndent(got, "", "  ")
				wb, _ := json.MarshalIndent(want, "", "  ")
				t.Errorf("request differs from %s:\n got: %s\nwant: %s", path, gb, wb)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRequestFormat checks the parts of the format the golden files cannot:
// the timestamp follows Options.Now and every declared slot is present.
func TestRequestFormat(t *testing.T) {
	sim := newTestSim(t)
	req, err := sim.Say(sim.NewConversation("", ""), "ask home helper to report a repair")
	must(t, err)
	if !bytes.Contains(req, []byte(`"timestamp":"2026-11-23T10:00:00Z"`)) {
		t.Errorf("timestamp not from Options.Now: %s", req)
	}
	env := decode(t, req)
	for _, name := range []string{"issue", "room"} {
		sl, ok := env.Request.Intent.Slots[name]
		if !ok || sl.Name != name || sl.ConfirmationStatus != "NONE" || sl.Value != "" || sl.Resolutions != nil {
			t.Errorf("unfilled slot %s = %+v, %v; want {name, confirmationStatus NONE}", name, sl, ok)
		}
	}
	if env.Context.System.Device.DeviceID == "" || env.Session.User.UserID == "" || env.Context.System.User.UserID != env.Session.User.UserID {
		t.Errorf("ids missing: %+v %+v", env.Session.User, env.Context.System)
	}
}
