package main

import (
	"encoding/json"
	"fmt"
	"os"

	skillpackage "github.com/homehelper/homehelper/skill-package"
	"github.com/homehelper/homehelper/infra/simulator"
)

func main() {
	sim, err := simulator.New(skillpackage.ModelEnGB, simulator.Options{Locale: "en-GB"})
	if err != nil {
		panic(err)
	}
	for _, text := range os.Args[1:] {
		c := sim.NewConversation("u", "d")
		if _, err := sim.Launch(c); err != nil {
			panic(err)
		}
		b, err := sim.Say(c, text)
		if err != nil {
			fmt.Println(text, "ERR", err)
			continue
		}
		var m struct {
			Request struct {
				Intent json.RawMessage `json:"intent"`
			} `json:"request"`
		}
		_ = json.Unmarshal(b, &m)
		fmt.Printf("%s\n   %s\n", text, m.Request.Intent)
	}
}
