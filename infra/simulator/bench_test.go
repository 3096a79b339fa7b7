package simulator

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

// syntheticModel builds a model of about 300 samples over 30 intents, with a
// custom slot type of 40 values and built-in slots, so the benchmark does not
// depend on the skill's own model.
func syntheticModel(tb testing.TB) []byte {
	type value struct {
		ID   string `json:"id"`
		Name struct {
			Value    string   `json:"value"`
			Synonyms []string `json:"synonyms"`
		} `json:"name"`
	}
	var values []value
	for i := range 40 {
		var v value
		v.ID = fmt.Sprintf("THING_%d", i)
		v.Name.Value = fmt.Sprintf("thing number %d", i)
		v.Name.Synonyms = []string{fmt.Sprintf("item %d", i), fmt.Sprintf("the old broken widget %d", i)}
		values = append(values, v)
	}
	var intents []map[string]any
	for i := range 30 {
		var samples []string
		for j := range 10 {
			switch j % 4 {
			case 0:
				samples = append(samples, fmt.Sprintf("verb%d the {thing} please word%d", i, j))
			case 1:
				samples = append(samples, fmt.Sprintf("can you verb%d my {thing} on {date} word%d", i, j))
			case 2:
				samples = append(samples, fmt.Sprintf("verb%d number {n} at {time} word%d", i, j))
			default:
				samples = append(samples, fmt.Sprintf("i would like to verb%d something word%d", i, j))
			}
		}
		intents = append(intents, map[string]any{
			"name": fmt.Sprintf("Intent%d", i),
			"slots": []map[string]any{
				{"name": "thing", "type": "THING"}, {"name": "date", "type": "AMAZON.DATE"},
				{"name": "n", "type": "AMAZON.NUMBER"}, {"name": "time", "type": "AMAZON.TIME"},
			},
			"samples": samples,
		})
	}
	for _, b := range []string{"AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent"} {
		intents = append(intents, map[string]any{"name": b, "samples": []string{}})
	}
	m := map[string]any{"interactionModel": map[string]any{"languageModel": map[string]any{
		"invocationName": "home helper",
		"intents":        intents,
		"types":          []map[string]any{{"name": "THING", "values": values}},
	}}}
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

var benchUtterances = []string{
	"can you verb17 my the old broken widget 33 on the third of december word9",
	"verb4 number four seven two nine one three at half past two word2",
	"um i would like to verb29 something word7 please",
	"what can you do",
	"tell me a joke about the weather in manchester",
}

func benchmarkSay(b *testing.B, model []byte, utterances []string) {
	sim, err := New(model, Options{})
	if err != nil {
		b.Fatal(err)
	}
	c := sim.NewConversation("", "")
	if _, err := sim.Launch(c); err != nil {
		b.Fatal(err)
	}
	if err := sim.Observe(c, []byte(`{"response":{"shouldEndSession":false}}`)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := sim.Say(c, utterances[i%len(utterances)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaySynthetic300 is the figure the package promises: a Say on a
// model of 300 samples well under a millisecond.
func BenchmarkSaySynthetic300(b *testing.B) {
	benchmarkSay(b, syntheticModel(b), benchUtterances)
}

// BenchmarkSayRealModel measures the skill's own model, once it exists.
func BenchmarkSayRealModel(b *testing.B) {
	model, err := os.ReadFile(realModel)
	if err != nil {
		b.Skip(err)
	}
	benchmarkSay(b, model, []string{
		"there's a leak in the kitchen",
		"my boiler's not working",
		"the radiator is warm at the bottom but cold at the top in the back bedroom",
		"book a visit for next tuesday at half past two",
		"what's happening with my repair",
		"yes please",
		"tell me a joke about the weather in manchester",
	})
}

func TestSyntheticModelMatches(t *testing.T) {
	sim, err := New(syntheticModel(t), Options{Now: func() time.Time { return monday23 }})
	if err != nil {
		t.Fatal(err)
	}
	for said, want := range map[string]string{
		benchUtterances[0]: "Intent17 date=2026-12-03 thing=the old broken widget 33/THING_33",
		benchUtterances[1]: "Intent4 n=472913 time=02:30",
		benchUtterances[2]: "Intent29",
		benchUtterances[3]: "AMAZON.HelpIntent",
		benchUtterances[4]: "AMAZON.FallbackIntent",
	} {
		if got := heard(inSession(t, sim, said)); got != want {
			t.Errorf("%q: heard %q; want %q", said, got, want)
		}
	}
}
