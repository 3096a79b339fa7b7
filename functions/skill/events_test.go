package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// TestSampleEventsAreCurrent: the samples in events/ (sam local invoke's
// and the tests') look like what Alexa sends today: every intent with a
// dialog model carries dialogState, and every request the unit the device
// belongs to; at least one comes from a recognised speaker (person). Skill
// events come from the Alexa app, not a device: they carry the account
// only.
func TestSampleEventsAreCurrent(t *testing.T) {
	var model struct {
		InteractionModel struct {
			Dialog struct {
				Intents []struct{ Name string }
			}
		}
	}
	b, err := os.ReadFile("../../skill-package/interactionModels/custom/en-GB.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &model); err != nil {
		t.Fatal(err)
	}
	dialog := map[string]bool{}
	for _, i := range model.InteractionModel.Dialog.Intents {
		dialog[i.Name] = true
	}
	files, err := filepath.Glob("../../events/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample events: %v", err)
	}
	people := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct {
			Context struct {
				System struct {
					Unit   *struct{ UnitID, PersistentUnitID string } `json:"unit"`
					Person *struct{ PersonID string }                 `json:"person"`
				}
			}
			Request struct {
				Type        string
				DialogState string `json:"dialogState"`
				Intent      struct{ Name string }
			}
		}
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if intents.IsSkillEvent(ev.Request.Type) {
			if ev.Context.System.Unit != nil || ev.Context.System.Person != nil {
				t.Errorf("%s: a skill event names a unit or person; Alexa's name the account only", f)
			}
			continue
		}
		if u := ev.Context.System.Unit; u == nil || u.UnitID == "" || u.PersistentUnitID == "" {
			t.Errorf("%s has no context.System.unit", f)
		}
		if ev.Context.System.Person != nil {
			people++
		}
		if ev.Request.Type == "IntentRequest" && dialog[ev.Request.Intent.Name] {
			switch ev.Request.DialogState {
			case "STARTED", "IN_PROGRESS", "COMPLETED":
			default:
				t.Errorf("%s: %s has a dialog model but dialogState %q", f, ev.Request.Intent.Name, ev.Request.DialogState)
			}
		}
	}
	if people == 0 {
		t.Errorf("no sample from a recognised speaker (context.System.person)")
	}
}
