package alexa

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// stateSamples are session attributes as appendState writes them, with
// every field set in turn, and some that only encoding/json reads.
func stateSamples(r *rand.Rand) [][]byte {
	words := []string{"", "plain", `quote " and \ back`, "caf\u00e9 ✓", "line\nbreak"}
	var out [][]byte
	for range 300 {
		var st intents.State
		v := reflect.ValueOf(&st).Elem()
		for i := range v.NumField() {
			if r.IntN(2) == 0 {
				continue
			}
			f := v.Field(i)
			switch f.Kind() {
			case reflect.String:
				f.SetString(words[r.IntN(len(words))])
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Int:
				f.SetInt(int64(r.IntN(12) - 2))
			case reflect.Slice:
				f.Set(reflect.ValueOf([]string{words[r.IntN(len(words))]}))
			case reflect.Pointer:
				switch f.Interface().(type) {
				case *intents.CoachSlot:
					f.Set(reflect.ValueOf(&intents.CoachSlot{ID: "sam@1", CoachID: "sam", Coach: "Sam", Start: time.Unix(1e9, 0).UTC()}))
				case *intents.Elicit:
					f.Set(reflect.ValueOf(&intents.Elicit{Intent: "ReportRepairIntent", Slot: "room", Slots: map[string]intents.Slot{"problem": {Value: "tap", ID: "TAP"}}}))
				default:
					f.Set(reflect.New(f.Type().Elem()))
				}
			}
		}
		out = append(out, appendState(nil, &st))
	}
	return append(out, []byte(`{"Pending":"x"}`), []byte(`{"step":1e2}`), []byte(`{"step":"2"}`), []byte(`{"step":01}`),
		[]byte(`{"step":-0}`), []byte(`{"step":null,"miss":3}`), []byte(` { "pending" : "a" , "pending" : null } `), []byte(`{"flow":"repair","flow":null}`),
		[]byte(`{"unknown":1,"room":"KITCHEN"}`), []byte(`[]`), []byte(`{"room":"KITCHEN"} x`), []byte(`{"guideTried":"yes"}`),
		[]byte(`{"step":99999999999999999999}`), []byte(`{"offer":null}`), []byte(`{"pending":"\u00e9\ud83d\ude00"}`))
}

// TestDecodeStateMatchesEncodingJSON: session attributes read as
// encoding/json reads them, for what appendState writes and for random
// changes to it.
func TestDecodeStateMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 15))
	fast := 0
	for _, b := range stateSamples(r) {
		if _, ok := readState(b); ok {
			fast++
		}
		sameAsEncodingJSON(t, b)
		for range 30 {
			m := append([]byte(nil), b...)
			for range 1 + r.IntN(3) {
				if len(m) == 0 {
					break
				}
				m[r.IntN(len(m))] = mutations[r.IntN(len(mutations))]
			}
			sameAsEncodingJSON(t, m)
		}
	}
	if fast < 300 {
		t.Errorf("only %d of appendState's 300 writings were read without encoding/json", fast)
	}
}

// mutations are the bytes a random change puts into attributes.
const mutations = `{}[]:,"\ 0123456789-.eEnul`

func sameAsEncodingJSON(t *testing.T, b []byte) {
	t.Helper()
	got, gerr := decodeState(b)
	var want intents.State
	werr := json.Unmarshal(b, &want)
	if (gerr != nil) != (werr != nil) || werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %+v, %v\nwant %+v, %v", b, got, gerr, want, werr)
	}
}

func FuzzDecodeStateMatchesEncodingJSON(f *testing.F) {
	for _, b := range stateSamples(rand.New(rand.NewPCG(16, 16)))[:40] {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameAsEncodingJSON(t, b) })
}
