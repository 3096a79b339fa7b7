package alexa_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/intents"
)

// awkward are strings that test a JSON string writer.
var awkward = []string{"", "plain", `quote " and \ backslash`, "<speak>a & b</speak>", "line\nbreak\ttab\rret",
	"\x00\x01\x1f ctrl", "caf\u00e9 \u2028 \u2029 ✓", "bad \xff utf8 \xc3", "emoji 🔥"}

func randomState(r *rand.Rand) intents.State {
	s := func() string { return awkward[r.IntN(len(awkward))] }
	var st intents.State
	v := reflect.ValueOf(&st).Elem()
	for i := range v.NumField() {
		if r.IntN(3) == 0 {
			continue // left empty, so omitempty is tested too
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(s())
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(int64(r.IntN(5) - 1))
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{s(), s()}))
		case reflect.Pointer:
			switch f.Interface().(type) {
			case *intents.CoachSlot:
				f.Set(reflect.ValueOf(&intents.CoachSlot{ID: s(), CoachID: "sam", Coach: s(), Start: time.Unix(1e9, 0).UTC()}))
			case *intents.Elicit:
				f.Set(reflect.ValueOf(&intents.Elicit{Intent: s(), Slot: s(), Slots: map[string]intents.Slot{"a": {Value: s(), ID: "X"}}}))
			}
		}
	}
	return st
}

// TestAppendJSONMatchesEncodingJSON: what Serve writes reads back as
// exactly what encoding/json would have written.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	s := func() string { return awkward[r.IntN(len(awkward))] }
	for i := range 2000 {
		resp := intents.Response{Speech: s(), Reprompt: s(), End: r.IntN(4) == 0, State: randomState(r)}
		if r.IntN(2) == 0 {
			resp.Card = &intents.Card{Title: s(), Text: s()}
		}
		if r.IntN(4) == 0 {
			resp.Elicit = &intents.Elicit{Intent: "ReportRepairIntent", Slot: "room", Slots: map[string]intents.Slot{"problem": {Value: s(), ID: "LEAK"}}}
		}
		enc := alexa.Encode(resp)
		got := enc.AppendJSON(make([]byte, 0, enc.Size()))
		want, err := json.Marshal(enc)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(got) {
			t.Fatalf("case %d: not JSON: %s", i, got)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
		}
		// Byte for byte too, once encoding/json's HTML escapes are undone.
		html := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
		if string(got) != html.Replace(string(want)) && !strings.ContainsAny(string(got), "\\") {
			t.Fatalf("case %d: bytes differ:\n got %s\nwant %s", i, got, want)
		}
	}
}
