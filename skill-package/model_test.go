package skillpackage_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/intents"
	skillpackage "github.com/homehelper/homehelper/skill-package"
)

type model struct {
	InteractionModel struct {
		LanguageModel struct {
			InvocationName string `json:"invocationName"`
			Intents        []struct {
				Name  string `json:"name"`
				Slots []struct {
					Name    string   `json:"name"`
					Type    string   `json:"type"`
					Samples []string `json:"samples"`
				} `json:"slots"`
				Samples []string `json:"samples"`
			} `json:"intents"`
			Types []struct {
				Name   string `json:"name"`
				Values []struct {
					ID   string `json:"id"`
					Name struct {
						Value    string   `json:"value"`
						Synonyms []string `json:"synonyms"`
					} `json:"name"`
				} `json:"values"`
			} `json:"types"`
		} `json:"languageModel"`
		Dialog struct {
			DelegationStrategy string `json:"delegationStrategy"`
			Intents            []struct {
				Name               string `json:"name"`
				DelegationStrategy string `json:"delegationStrategy"`
				Slots              []struct {
					Name string `json:"name"`
				} `json:"slots"`
			} `json:"intents"`
		} `json:"dialog"`
	} `json:"interactionModel"`
}

func load(t *testing.T) model {
	t.Helper()
	var m model
	if err := json.Unmarshal(skillpackage.ModelEnGB, &m); err != nil {
		t.Fatalf("en-GB.json: %v", err)
	}
	return m
}

func valueIDs(m model, typ string) []string {
	var ids []string
	for _, ty := range m.InteractionModel.LanguageModel.Types {
		if ty.Name == typ {
			for _, v := range ty.Values {
				ids = append(ids, v.ID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// TestIntentsAndHandlersMatch: an intent without a handler would reach
// tenants as "I can't help with that"; a handler without an intent is dead.
func TestIntentsAndHandlersMatch(t *testing.T) {
	m := load(t)
	var inModel []string
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		inModel = append(inModel, in.Name)
	}
	slices.Sort(inModel)
	if handled := intents.HandledIntents(); !slices.Equal(inModel, handled) {
		t.Errorf("model intents %v\nhandled intents %v", inModel, handled)
	}
	if got := m.InteractionModel.LanguageModel.InvocationName; got != "home helper" {
		t.Errorf("invocation name %q", got)
	}
}

func TestSlotValueIDsMatchTheCode(t *testing.T) {
	m := load(t)
	withoutOther := func(ids []string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == intents.Other })
	}
	if got, want := valueIDs(m, "RepairProblem"), withoutOther(intents.ProblemIDs()); !slices.Equal(got, want) {
		t.Errorf("RepairProblem ids in model %v\nin intents/priority.go %v", got, want)
	}
	if got, want := valueIDs(m, "Room"), withoutOther(intents.RoomIDs()); !slices.Equal(got, want) {
		t.Errorf("Room ids in model %v\nin intents/priority.go %v", got, want)
	}
	for _, id := range []string{"GAS_SMELL", "CO_ALARM", "WATER_ELECTRICS", "FLOODING", "INSECURE_HOME", "LEAK", "TAP", "TOILET",
		"HOT_WATER", "HEATING", "BOILER", "BOILER_PRESSURE", "BOILER_LOCKOUT", "RADIATOR", "SINK_BLOCKED", "TRIP_SWITCH",
		"DAMP_MOULD", "CONDENSATE_PIPE", "NO_POWER", "DOOR", "WINDOW"} {
		if !slices.Contains(valueIDs(m, "RepairProblem"), id) {
			t.Errorf("RepairProblem lacks %s", id)
		}
	}
}

func TestGuideTopicsAreRepairProblems(t *testing.T) {
	m := load(t)
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	ids := valueIDs(m, "RepairProblem")
	all := guides.All()
	if len(all) < 8 {
		t.Errorf("%d guides, want at least 8", len(all))
	}
	for _, g := range all {
		for _, topic := range append([]string{g.Topic}, g.Also...) {
			if !slices.Contains(ids, topic) {
				t.Errorf("guide %q: topic %s is not a RepairProblem value", g.Title, topic)
			}
		}
	}
}

// TestDialogModel: Dialog.ElicitSlot needs the intent in the dialog model,
// and the skill, not Alexa, must speak the prompts.
func TestDialogModel(t *testing.T) {
	m := load(t)
	dialog := map[string]string{}
	for _, in := range m.InteractionModel.Dialog.Intents {
		dialog[in.Name] = in.DelegationStrategy
	}
	for _, name := range []string{"ReportRepairIntent", "SelfFixIntent", "BookCoachIntent", "LinkHomeIntent"} {
		if s, ok := dialog[name]; !ok || (s != "SKILL_RESPONSE" && m.InteractionModel.Dialog.DelegationStrategy != "SKILL_RESPONSE") {
			t.Errorf("%s: dialog entry %v, strategy %q", name, ok, s)
		}
	}
}

// TestLeadIntents holds the model's lead intents to intents/lead.go: each
// is one opening word's spellings as carriers of the description slot, so
// the skill can put the word back in front of the tenant's sentence.
func TestLeadIntents(t *testing.T) {
	m := load(t)
	inModel := map[string]bool{}
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		if !strings.HasPrefix(in.Name, "Says") {
			continue
		}
		inModel[in.Name] = true
		if _, ok := intents.LeadWord(in.Name); !ok {
			t.Errorf("%s is in the model but has no lead word in intents/lead.go", in.Name)
		}
		if len(in.Slots) != 1 || in.Slots[0].Name != "description" || in.Slots[0].Type != "AMAZON.SearchQuery" {
			t.Errorf("%s: slots %+v, want only description (AMAZON.SearchQuery)", in.Name, in.Slots)
		}
		for _, s := range in.Samples {
			carrier, ok := strings.CutSuffix(s, " {description}")
			if !ok || carrier == "" || strings.Contains(carrier, "{") {
				t.Errorf("%s: sample %q is not a carrier followed by {description}", in.Name, s)
			}
		}
	}
	// A carrier that is also a whole sample of another intent ("nope",
	// "cheers") can reach the skill with nothing after it: a lead intent
	// must then answer as that intent, and the repair report's own
	// carriers, whose word the skill never sees, must not be one.
	whole := map[string]string{"help": "AMAZON.HelpIntent", "next": "AMAZON.NextIntent", "cancel": "AMAZON.CancelIntent", "stop": "AMAZON.StopIntent", "repeat": "AMAZON.RepeatIntent"}
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		for _, s := range in.Samples {
			if !strings.Contains(s, "{") {
				whole[strings.ToLower(s)] = in.Name
			}
		}
	}
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		_, lead := intents.LeadWord(in.Name)
		if !lead && in.Name != "ReportRepairIntent" {
			continue
		}
		for _, s := range in.Samples {
			carrier, ok := strings.CutSuffix(s, " {description}")
			other, clash := whole[strings.ToLower(carrier)]
			if !ok || !clash {
				continue
			}
			if alone, ok := intents.LeadAlone(in.Name); lead && (!ok || alone != other) {
				t.Errorf("%s: %q alone is %s's sample, but the skill answers it as %q", in.Name, carrier, other, alone)
			}
			if !lead {
				t.Errorf("%s: the carrier %q is also %s's whole sample; said alone its word would be lost", in.Name, carrier, other)
			}
		}
	}
	for _, name := range intents.LeadIntents() {
		if !inModel[name] {
			t.Errorf("%s has a lead word but is not in the model", name)
		}
	}
}

var slotOnly = regexp.MustCompile(`^\{[A-Za-z]+\}$`)

func TestSamples(t *testing.T) {
	m := load(t)
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		_, lead := intents.LeadWord(in.Name)
		if !strings.HasPrefix(in.Name, "AMAZON.") && !lead && len(in.Samples) < 20 {
			t.Errorf("%s has %d samples, want 20 or more", in.Name, len(in.Samples))
		}
		for _, s := range in.Samples {
			// Only the intent the skill is waiting on may take a bare
			// number: otherwise two intents fight over "four seven two".
			// The one other bare sample is the repair report's catch-all:
			// words nothing else takes reach the skill, which reads them
			// for danger (intents/understand.go) instead of hearing
			// AMAZON.FallbackIntent, which carries no words; likewise the
			// out-of-scope topics, whose words are all synonyms.
			catchAll := (in.Name == "ReportRepairIntent" && s == "{problem}") || (in.Name == "OutOfScopeIntent" && s == "{topic}")
			if slotOnly.MatchString(s) && in.Name != "LinkHomeIntent" && !catchAll {
				t.Errorf("%s has the bare sample %q", in.Name, s)
			}
		}
	}
}

// TestNoDigits: Alexa's model build can reject a sample with figures in
// it ("{rating} out of 5"); people say numbers, so samples and slot values
// spell them out.
func TestNoDigits(t *testing.T) {
	m := load(t)
	digit := regexp.MustCompile(`[0-9]`)
	lm := m.InteractionModel.LanguageModel
	for _, in := range lm.Intents {
		for _, s := range in.Samples {
			if digit.MatchString(s) {
				t.Errorf("%s: sample %q has a figure; spell the number out", in.Name, s)
			}
		}
	}
	for _, ty := range lm.Types {
		for _, v := range ty.Values {
			for _, s := range append([]string{v.Name.Value}, v.Name.Synonyms...) {
				if digit.MatchString(s) {
					t.Errorf("%s %s: %q has a figure; spell the number out", ty.Name, v.ID, s)
				}
			}
		}
	}
}

// TestNoLaunchWords: a sample with "ask", "open", "tell", "launch" or
// "talk to" in it, even inside a word, is taken for a launch by
// virtual-alexa and may be by Alexa (skill-package/README.md).
func TestNoLaunchWords(t *testing.T) {
	launch := regexp.MustCompile(`(?i)ask|open|tell|launch|talk to`)
	for _, in := range load(t).InteractionModel.LanguageModel.Intents {
		for _, s := range in.Samples {
			if launch.MatchString(s) {
				t.Errorf("%s: sample %q has a launch word", in.Name, s)
			}
		}
	}
}

func TestManifest(t *testing.T) {
	b, err := os.ReadFile("skill.json")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Manifest struct {
			PublishingInformation struct {
				Locales map[string]struct {
					Name           string   `json:"name"`
					ExamplePhrases []string `json:"examplePhrases"`
				} `json:"locales"`
			} `json:"publishingInformation"`
			APIs struct {
				Custom struct {
					Endpoint struct {
						URI string `json:"uri"`
					} `json:"endpoint"`
				} `json:"custom"`
			} `json:"apis"`
			Permissions []struct {
				Name string `json:"name"`
			} `json:"permissions"`
			Events struct {
				Endpoint struct {
					URI string `json:"uri"`
				} `json:"endpoint"`
				Subscriptions []struct {
					EventName string `json:"eventName"`
				} `json:"subscriptions"`
			} `json:"events"`
		} `json:"manifest"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	m := manifest.Manifest
	// Skill events go where requests go: both runs answer them.
	if m.Events.Endpoint.URI != m.APIs.Custom.Endpoint.URI {
		t.Errorf("events endpoint %q, want the skill's own %q", m.Events.Endpoint.URI, m.APIs.Custom.Endpoint.URI)
	}
	var events []string
	for _, s := range m.Events.Subscriptions {
		events = append(events, s.EventName)
	}
	for _, want := range []string{"SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED", "SKILL_PERMISSION_CHANGED"} {
		if !slices.Contains(events, want) {
			t.Errorf("skill.json does not subscribe to %s (it has %v)", want, events)
		}
	}
	if len(m.Permissions) != 1 || m.Permissions[0].Name != intents.ReminderScope {
		t.Errorf("permissions %+v, want only %s", m.Permissions, intents.ReminderScope)
	}
	gb, ok := manifest.Manifest.PublishingInformation.Locales["en-GB"]
	if !ok || gb.Name != "Home Helper" || len(gb.ExamplePhrases) == 0 || !strings.HasPrefix(gb.ExamplePhrases[0], "Alexa, open home helper") {
		t.Errorf("en-GB publishing information: %+v", gb)
	}
}

// TestDangerSynonymsReadAsDanger holds the model to intents' one danger
// list: every synonym of a dangerous id reads as that id through the list,
// and no synonym of an everyday id reads as an emergency, so the model and
// the skill's own reading of tenants' words never disagree about danger.
func TestDangerSynonymsReadAsDanger(t *testing.T) {
	m := load(t)
	for _, ty := range m.InteractionModel.LanguageModel.Types {
		if ty.Name != "RepairProblem" {
			continue
		}
		for _, v := range ty.Values {
			words := append([]string{v.Name.Value}, v.Name.Synonyms...)
			for _, w := range words {
				got := intents.ReadDanger(w)
				switch {
				case intents.Dangerous(v.ID) || intents.AsksSafety(v.ID):
					if got != v.ID && !(intents.AsksSafety(v.ID) && intents.Dangerous(got)) {
						t.Errorf("%s synonym %q reads as %q", v.ID, w, got)
					}
				case intents.Dangerous(got):
					t.Errorf("everyday %s synonym %q reads as the emergency %s", v.ID, w, got)
				}
			}
		}
	}
}

func TestTopicsMatchTheCode(t *testing.T) {
	m := load(t)
	if got, want := valueIDs(m, "OutOfScopeTopic"), intents.Topics(); !slices.Equal(got, want) {
		t.Errorf("OutOfScopeTopic ids in model %v\nin intents/outofscope.go %v", got, want)
	}
}

var digits = regexp.MustCompile(`[0-9]`)

// TestSamplesSpellNumbers: a model build can reject digits in samples;
// Alexa hears "five", not "5".
func TestSamplesSpellNumbers(t *testing.T) {
	m := load(t)
	for _, in := range m.InteractionModel.LanguageModel.Intents {
		for _, s := range in.Samples {
			if digits.MatchString(s) {
				t.Errorf("%s sample %q has digits", in.Name, s)
			}
		}
		for _, sl := range in.Slots {
			for _, s := range sl.Samples {
				if digits.MatchString(s) {
					t.Errorf("%s slot %s sample %q has digits", in.Name, sl.Name, s)
				}
			}
		}
	}
}

// TestWordsNameOneValue: words that are a value or synonym of two values of
// one slot type resolve to both, and the skill takes the first: "door
// won't shut" was an ordinary door before it was the door whose question
// decides whether the home is secure.
func TestWordsNameOneValue(t *testing.T) {
	m := load(t)
	for _, ty := range m.InteractionModel.LanguageModel.Types {
		owner := map[string]string{}
		for _, v := range ty.Values {
			for _, s := range append([]string{v.Name.Value}, v.Name.Synonyms...) {
				key := strings.ToLower(strings.TrimSpace(s))
				if o, ok := owner[key]; ok && o != v.ID {
					t.Errorf("%s: %q names both %s and %s", ty.Name, s, o, v.ID)
				}
				owner[key] = v.ID
			}
		}
	}
}
