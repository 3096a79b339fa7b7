// Command ceiling is the least an Alexa endpoint can do: decode the
// envelope into maps with encoding/json and write a fixed answer. Run
// under the same wrk harness as ../shared/peers/compare-http.sh, it gives
// the machine's HTTP ceiling for issue 14's ratio (docs/performance.md,
// "the ceiling"):
//
//	go run ./loadtest/ceiling 127.0.0.1:8099 &
//	EVENT=../shared/peers/ask-sdk-node/events/LaunchRequest.json wrk -t1 -c32 -d5s \
//	  -s ../shared/peers/ask-sdk-node/bench/report-repair.lua http://127.0.0.1:8099/alexa
package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
)

var answer = []byte(`{"version":"1.0","response":{"outputSpeech":{"type":"SSML","ssml":"<speak>Welcome to Home Helper.</speak>"},"shouldEndSession":false}}`)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: ceiling ADDR")
	}
	http.HandleFunc("POST /alexa", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		var m map[string]any
		if err != nil || json.Unmarshal(b, &m) != nil {
			http.Error(w, "not an Alexa envelope", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	})
	log.Fatal(http.ListenAndServe(os.Args[1], nil))
}
