package alexa_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestResponseShapes holds every response shape we send to Amazon's request
// and response JSON reference. The golden files were written by hand from
// the reference, then checked with -update only when a change was intended.
func TestResponseShapes(t *testing.T) {
	tests := []struct {
		name string
		resp any
	}{
		{"plain_speech", alexa.Response{Version: "1.0", Body: alexa.ResponseBody{
			OutputSpeech: alexa.PlainText("Goodbye. Take care."), ShouldEndSession: ptr(true)}}},
		{"ssml_end", alexa.Encode(intents.Response{Speech: `Leave your home now. Call <say-as interpret-as="telephone">0800 111 999</say-as>.`, End: true})},
		{"reprompt", alexa.Encode(intents.Response{Speech: "What would you like to do?", Reprompt: "You could say: report a repair. What would you like to do?",
			State: intents.State{Flow: intents.FlowLaunch}})},
		{"simple_card", alexa.Encode(intents.Response{Speech: "Done. Your reference is <say-as interpret-as=\"spell-out\">HK4721</say-as>. Is there anything else I can help with?",
			Reprompt: "Is there anything else I can help with?", Card: &intents.Card{Title: "Repair reported: HK4721", Text: "Done. Your reference is HK4721."},
			State: intents.State{Pending: "anything_else"}})},
		{"elicit_slot", alexa.Encode(intents.Response{Speech: "Which room is it in?", Reprompt: "Which room is it in?",
			Elicit: &intents.Elicit{Intent: "ReportRepairIntent", Slot: "room", Slots: map[string]intents.Slot{"problem": {ID: "LEAK", Value: "a leak"}}},
			State:  intents.State{Flow: intents.FlowRepair, Problem: "LEAK"}})},
		{"session_ended", alexa.Encode(intents.Response{End: true})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.MarshalIndent(tt.resp, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "responses", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", tt.name, path, got)
			}
		})
	}
}

// TestNoEmptyLegacyFields guards against alexa-go's mis-serialisations
// creeping back through its types.
func TestNoEmptyLegacyFields(t *testing.T) {
	resp := alexa.Encode(intents.Response{Speech: "Which room?", Reprompt: "Which room?",
		Elicit: &intents.Elicit{Intent: "ReportRepairIntent", Slot: "room"}})
	b, _ := json.Marshal(resp)
	for _, bad := range []string{`"UpdatedIntent"`, `"audioItem"`, `"image"`, `"shouldEndSession"`} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("elicit response contains %s: %s", bad, b)
		}
	}
	if !bytes.Contains(b, []byte(`"updatedIntent":{"name":"ReportRepairIntent"`)) {
		t.Errorf("updatedIntent missing or misnamed: %s", b)
	}
}

func ptr[T any](v T) *T { return &v }
