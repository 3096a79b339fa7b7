package simulator

import (
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newTestSim(t testing.TB) *Simulator {
	t.Helper()
	sim, err := New(readFile(t, "testdata/model.json"), Options{
		SkillID: "amzn1.ask.skill.test",
		Now:     func() time.Time { return monday23 },
	})
	if err != nil {
		t.Fatal(err)
	}
	return sim
}

func decode(t testing.TB, req []byte) envelope {
	t.Helper()
	var env envelope
	if err := json.Unmarshal(req, &env); err != nil {
		t.Fatalf("request is not JSON: %v\n%s", err, req)
	}
	return env
}

// heard summarises an IntentRequest: the intent, then each filled slot as
// name=value, with the resolved id (or "?" for ER_SUCCESS_NO_MATCH) after a
// slash for custom slot types, sorted by slot name.
func heard(env envelope) string {
	r := env.Request
	if r.Intent == nil {
		return r.Type
	}
	out := []string{r.Intent.Name}
	var names []string
	for name, sl := range r.Intent.Slots {
		if sl.Value != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		sl := r.Intent.Slots[name]
		s := name + "=" + sl.Value
		if sl.Resolutions != nil {
			res := sl.Resolutions.ResolutionsPerAuthority[0]
			if res.Status.Code == ERMatch {
				var ids []string
				for _, v := range res.Values {
					ids = append(ids, v.Value.ID)
				}
				s += "/" + strings.Join(ids, "|")
			} else {
				s += "/?"
			}
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// inSession opens a session and says text in it.
func inSession(t *testing.T, sim *Simulator, text string) envelope {
	t.Helper()
	c := sim.NewConversation("", "")
	if _, err := sim.Launch(c); err != nil {
		t.Fatal(err)
	}
	if err := sim.Observe(c, []byte(`{"version":"1.0","response":{"shouldEndSession":false}}`)); err != nil {
		t.Fatal(err)
	}
	req, err := sim.Say(c, text)
	if err != nil {
		t.Fatalf("Say(%q): %v", text, err)
	}
	return decode(t, req)
}

func TestMatching(t *testing.T) {
	sim := newTestSim(t)
	tests := []struct{ said, want string }{
		// custom intents, samples as written
		{"report a repair", "ReportRepairIntent"},
		{"I need to report a repair", "ReportRepairIntent"},
		{"report a leak", "ReportRepairIntent issue=leak/leak"},
		{"Report a leak in the kitchen.", "ReportRepairIntent issue=leak/leak room=kitchen/kitchen"},
		{"my heating isn't working", "ReportRepairIntent issue=heating/boiler"},
		{"my heating is not working", "ReportRepairIntent issue=heating/boiler"},
		{"my heating isnt working", "ReportRepairIntent issue=heating/boiler"},
		{"the kitchen tap is broken", "ReportRepairIntent issue=tap/tap room=kitchen/kitchen"},
		{"the boiler in the front room is broken", "ReportRepairIntent issue=boiler/boiler room=front room/living_room"},
		{"there's a leak in the cooking area", "ReportRepairIntent issue=leak/leak room=cooking area/kitchen"},
		{"there is a smell of gas", "ReportRepairIntent issue=smell of gas/gas_leak"},
		{"I've got a gas leak", "ReportRepairIntent issue=gas leak/gas_leak"},
		{"ive got a burst pipe", "ReportRepairIntent issue=burst pipe/leak"},
		{"my W.C. is broken", "ReportRepairIntent issue=w c/toilet"},
		{"i have a leak in the kids' room", "ReportRepairIntent issue=leak/leak room=kids room/bedroom"},
		{"MY BOILER IS LEAKING", "ReportRepairIntent issue=boiler/boiler"},
		// a value the model does not know still reaches the skill
		{"my washing machine is broken", "ReportRepairIntent issue=washing machine/?"},
		{"there's a leak in the loft", "ReportRepairIntent issue=leak/leak room=loft/?"},
		// same slot type, another intent
		{"how do i fix my taps", "SelfFixIntent issue=taps/tap"},
		{"what can I do about the mould", "SelfFixIntent issue=mould/damp_mould"},
		{"what can i do about the black mould", "SelfFixIntent issue=black mould/damp_mould"},
		// built-in slot types
		{"book a visit for tomorrow", "BookCoachIntent date=2026-11-24"},
		{"book a visit this weekend", "BookCoachIntent date=2026-W48-WE"},
		{"book a visit next week", "BookCoachIntent date=2026-W49"},
		{"can my coach come on friday at 10am", "BookCoachIntent date=2026-11-27 time=10:00"},
		{"book my coach for the third of december at half past two in the afternoon", "BookCoachIntent date=2026-12-03 time=14:30"},
		{"book a visit on 3rd december at 14:30", "BookCoachIntent date=2026-12-03 time=14:30"},
		{"book a visit next tuesday at ten in the morning", "BookCoachIntent date=2026-11-24 time=10:00"},
		{"check repair one two three four five six", "RepairStatusIntent reference=123456"},
		{"check repair number 123456", "RepairStatusIntent reference=123456"},
		{"link code four seven two nine one three", "LinkSpeakerIntent code=472913"},
		{"my code is four seven two nine one three", "LinkSpeakerIntent code=472913"},
		{"link my speaker with code one hundred and twenty three thousand four hundred and fifty six", "LinkSpeakerIntent code=123456"},
		// apostrophes and contractions
		{"what's happening with my repair", "RepairStatusIntent"},
		{"whats happening with my repair", "RepairStatusIntent"},
		{"what is happening with my repair?", "RepairStatusIntent"},
		{"I'd like a visit from my coach", "BookCoachIntent"},
		// filler and carrier phrases
		{"um report a leak please", "ReportRepairIntent issue=leak/leak"},
		{"i want to report a leak", "ReportRepairIntent issue=leak/leak"},
		{"could you help me fix the boiler", "SelfFixIntent issue=boiler/boiler"},
		// a word next to a value stays in the slot rather than being
		// dropped (the skill reads unresolved words), so the value no
		// longer resolves; a stray word away from any slot is left out
		{"report a leak urgently", "ReportRepairIntent issue=leak urgently/?"},
		{"i think there is a leak", "ReportRepairIntent issue=leak/leak"},
		{"there's a nasty leak in the kitchen", "ReportRepairIntent issue=nasty leak/? room=kitchen/kitchen"},
		// standard built-in intents the model declares
		{"yes", "AMAZON.YesIntent"},
		{"Yeah", "AMAZON.YesIntent"},
		{"sure", "AMAZON.YesIntent"},
		{"okay", "AMAZON.YesIntent"},
		{"please do", "AMAZON.YesIntent"},
		{"go ahead", "AMAZON.YesIntent"},
		{"no", "AMAZON.NoIntent"},
		{"nope", "AMAZON.NoIntent"},
		{"no thanks", "AMAZON.NoIntent"},
		{"not really", "AMAZON.NoIntent"},
		{"help", "AMAZON.HelpIntent"},
		{"help me", "AMAZON.HelpIntent"},
		{"what can I say?", "AMAZON.HelpIntent"},
		{"what can you do", "AMAZON.HelpIntent"},
		{"what can home helper do", "AMAZON.HelpIntent"}, // the model's own sample
		{"stop", "AMAZON.StopIntent"},
		{"shut up", "AMAZON.StopIntent"},
		{"off", "AMAZON.StopIntent"},
		{"cancel", "AMAZON.CancelIntent"},
		{"never mind", "AMAZON.CancelIntent"},
		{"nevermind", "AMAZON.CancelIntent"},
		{"forget it", "AMAZON.CancelIntent"},
		{"say that again", "AMAZON.RepeatIntent"},
		{"repeat", "AMAZON.RepeatIntent"},
		{"start over", "AMAZON.StartOverIntent"},
		{"main menu", "AMAZON.NavigateHomeIntent"},
		{"go home", "AMAZON.NavigateHomeIntent"},
		// not in the model: AMAZON.NextIntent is not declared
		{"next", "AMAZON.FallbackIntent"},
		{"tell me a joke", "AMAZON.FallbackIntent"},
		{"what's the weather like", "AMAZON.FallbackIntent"},
		{"report my neighbours for playing loud music all night", "AMAZON.FallbackIntent"},
		{"banana", "AMAZON.FallbackIntent"},
	}
	for _, tt := range tests {
		t.Run(tt.said, func(t *testing.T) {
			if got := heard(inSession(t, sim, tt.said)); got != tt.want {
				t.Errorf("heard %q; want %q", got, tt.want)
			}
		})
	}
}

func TestLaunchAndOneShot(t *testing.T) {
	sim := newTestSim(t)
	tests := []struct{ said, want string }{
		{"open home helper", "LaunchRequest"},
		{"Alexa, open Home Helper", "LaunchRequest"},
		{"start home helper", "LaunchRequest"},
		{"launch home helper", "LaunchRequest"},
		{"talk to home helper", "LaunchRequest"},
		{"home helper", "LaunchRequest"},
		{"ask home helper", "LaunchRequest"},
		{"", "LaunchRequest"},
		{"alexa", "LaunchRequest"},
		{"ask home helper to report a leak in the kitchen", "ReportRepairIntent issue=leak/leak room=kitchen/kitchen"},
		{"Alexa, ask Home Helper what's happening with my repair", "RepairStatusIntent"},
		{"tell home helper my boiler is broken", "ReportRepairIntent issue=boiler/boiler"},
		{"tell home helper that my boiler is broken", "ReportRepairIntent issue=boiler/boiler"},
		{"ask home helper for help", "AMAZON.HelpIntent"},
		{"open home helper and report a repair", "ReportRepairIntent"},
		{"report a repair using home helper", "ReportRepairIntent"},
		{"ask home helper to link code four seven two nine one three", "LinkSpeakerIntent code=472913"},
		{"ask home helper to tell me a joke", "AMAZON.FallbackIntent"},
	}
	for _, tt := range tests {
		t.Run(tt.said, func(t *testing.T) {
			c := sim.NewConversation("", "")
			req, err := sim.Say(c, tt.said)
			if err != nil {
				t.Fatal(err)
			}
			env := decode(t, req)
			if got := heard(env); got != tt.want {
				t.Errorf("heard %q; want %q", got, tt.want)
			}
			if !env.Session.New {
				t.Error("session.new = false; want true")
			}
			if string(env.Session.Attributes) != "{}" {
				t.Errorf("session.attributes = %s; want {}", env.Session.Attributes)
			}
		})
	}
}

func TestNotInvoked(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("", "")
	_, err := sim.Say(c, "report a leak")
	if !errors.Is(err, ErrNotInvoked) {
		t.Fatalf("Say without a session: err = %v; want ErrNotInvoked", err)
	}
	if !strings.Contains(err.Error(), "open home helper") {
		t.Errorf("error %q does not say how to open the skill", err)
	}
}

func TestFallbackNotDeclared(t *testing.T) {
	model := strings.Replace(string(readFile(t, "testdata/model.json")),
		`{ "name": "AMAZON.FallbackIntent", "samples": [] }`, `{ "name": "AMAZON.PauseIntent", "samples": [] }`, 1)
	sim, err := New([]byte(model), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := sim.NewConversation("", "")
	_, err = sim.Say(c, "ask home helper to tell me a joke")
	if !errors.Is(err, ErrNoMatch) {
		t.Fatalf("err = %v; want ErrNoMatch", err)
	}
	// A built-in the model declares without samples still matches.
	req, err := sim.Say(c, "ask home helper to pause")
	if err != nil {
		t.Fatal(err)
	}
	if got := heard(decode(t, req)); got != "AMAZON.PauseIntent" {
		t.Errorf("heard %q; want AMAZON.PauseIntent", got)
	}
}

func TestBuiltinIntentsNeedDeclaring(t *testing.T) {
	model := strings.Replace(string(readFile(t, "testdata/model.json")),
		`{ "name": "AMAZON.RepeatIntent", "samples": [] },`, ``, 1)
	sim, err := New([]byte(model), Options{})
	if err != nil {
		t.Fatal(err)
	}
	req, err := sim.Say(sim.NewConversation("", ""), "ask home helper to say that again")
	if err != nil {
		t.Fatal(err)
	}
	if got := heard(decode(t, req)); got != "AMAZON.FallbackIntent" {
		t.Errorf("heard %q; want AMAZON.FallbackIntent", got)
	}
}

// skill answers the last request the way a skill would, for the tests.
func observe(t *testing.T, sim *Simulator, c *Conversation, response string) {
	t.Helper()
	if err := sim.Observe(c, []byte(response)); err != nil {
		t.Fatalf("Observe: %v", err)
	}
}

func say(t *testing.T, sim *Simulator, c *Conversation, text string) envelope {
	t.Helper()
	req, err := sim.Say(c, text)
	if err != nil {
		t.Fatalf("Say(%q): %v", text, err)
	}
	return decode(t, req)
}

const elicitRoom = `{"version":"1.0","sessionAttributes":{"flow":"repair"},"response":{
	"outputSpeech":{"type":"PlainText","text":"Which room is it in?"},
	"reprompt":{"outputSpeech":{"type":"PlainText","text":"Which room?"}},
	"shouldEndSession":false,
	"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"room","updatedIntent":{
		"name":"ReportRepairIntent","confirmationStatus":"NONE","slots":{
			"issue":{"name":"issue","value":"boiler","confirmationStatus":"NONE","resolutions":{"resolutionsPerAuthority":[{"authority":"amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.REPAIR_ISSUE","status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"name":"boiler","id":"boiler"}}]}]}},
			"room":{"name":"room","confirmationStatus":"NONE"}}}}]}}`

func TestElicitation(t *testing.T) {
	sim := newTestSim(t)
	tests := []struct {
		said, want, state string
	}{
		{"the kitchen", "ReportRepairIntent issue=boiler/boiler room=kitchen/kitchen", "IN_PROGRESS"},
		{"kitchen", "ReportRepairIntent issue=boiler/boiler room=kitchen/kitchen", "IN_PROGRESS"},
		{"it's in the lounge", "ReportRepairIntent issue=boiler/boiler room=lounge/living_room", "IN_PROGRESS"},
		{"in the bathroom please", "ReportRepairIntent issue=boiler/boiler room=bathroom/bathroom", "IN_PROGRESS"},
		// a room the model does not know is still an answer, when nothing else fits
		{"in the loft", "ReportRepairIntent issue=boiler/boiler room=loft/?", "IN_PROGRESS"},
		// ... even a single word: Alexa fills the slot it asked for
		{"conservatory", "ReportRepairIntent issue=boiler/boiler room=conservatory/?", "IN_PROGRESS"},
		// the user changes the subject
		{"what can I say", "AMAZON.HelpIntent", ""},
		{"stop", "AMAZON.StopIntent", ""},
		{"no", "AMAZON.NoIntent", ""},
		{"check repair 123456", "RepairStatusIntent reference=123456", ""},
		// the same request in full adds to what the dialog holds
		{"there's a leak in the hallway", "ReportRepairIntent issue=leak/leak room=hallway/hall", "IN_PROGRESS"},
	}
	for _, tt := range tests {
		t.Run(tt.said, func(t *testing.T) {
			c := sim.NewConversation("", "")
			say(t, sim, c, "ask home helper my boiler is broken")
			observe(t, sim, c, elicitRoom)
			env := say(t, sim, c, tt.said)
			if got := heard(env); got != tt.want {
				t.Errorf("heard %q; want %q", got, tt.want)
			}
			if env.Request.DialogState != tt.state {
				t.Errorf("dialogState = %q; want %q", env.Request.DialogState, tt.state)
			}
			if env.Session.New {
				t.Error("session.new = true mid-session")
			}
			if string(env.Session.Attributes) != `{"flow":"repair"}` {
				t.Errorf("attributes = %s; want the last response's", env.Session.Attributes)
			}
		})
	}
}

func TestElicitationBuiltinSlots(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("", "")
	env := say(t, sim, c, "ask home helper to book a visit")
	if env.Request.DialogState != "STARTED" {
		t.Errorf("dialogState = %q; want STARTED", env.Request.DialogState)
	}
	// No updatedIntent: Alexa uses the intent of the last request.
	observe(t, sim, c, `{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"What day?"},"shouldEndSession":false,
		"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"date"}]}}`)
	env = say(t, sim, c, "next tuesday at 2pm") // a slot sample with two slots
	if got, want := heard(env), "BookCoachIntent date=2026-11-24 time=14:00"; got != want {
		t.Errorf("heard %q; want %q", got, want)
	}
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false,
		"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"time","updatedIntent":{"name":"BookCoachIntent","confirmationStatus":"NONE","slots":{"date":{"name":"date","value":"2026-11-24","confirmationStatus":"NONE"}}}}]}}`)
	env = say(t, sim, c, "in the morning")
	if got, want := heard(env), "BookCoachIntent date=2026-11-24 time=MO"; got != want {
		t.Errorf("heard %q; want %q", got, want)
	}
	// A number elicited: "yes" is not a number, so it is AMAZON.YesIntent.
	c = sim.NewConversation("", "")
	say(t, sim, c, "ask home helper to link my speaker")
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false,
		"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"code","updatedIntent":{"name":"LinkSpeakerIntent","confirmationStatus":"NONE"}}]}}`)
	if got := heard(say(t, sim, c, "yes")); got != "AMAZON.YesIntent" {
		t.Errorf("heard %q; want AMAZON.YesIntent", got)
	}
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false,
		"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"code","updatedIntent":{"name":"LinkSpeakerIntent","confirmationStatus":"NONE"}}]}}`)
	if got, want := heard(say(t, sim, c, "it's four seven two nine one three")), "LinkSpeakerIntent code=472913"; got != want {
		t.Errorf("heard %q; want %q", got, want)
	}
}

func TestConfirmation(t *testing.T) {
	sim := newTestSim(t)
	confirmIntent := `{"version":"1.0","response":{"shouldEndSession":false,"directives":[{"type":"Dialog.ConfirmIntent","updatedIntent":{
		"name":"BookCoachIntent","confirmationStatus":"NONE","slots":{"date":{"name":"date","value":"2026-11-24","confirmationStatus":"NONE"},"time":{"name":"time","value":"10:00","confirmationStatus":"NONE"}}}}]}}`
	for said, want := range map[string]string{"yes please": "CONFIRMED", "no": "DENIED", "yeah": "CONFIRMED", "nope": "DENIED"} {
		c := sim.NewConversation("", "")
		say(t, sim, c, "ask home helper to book a visit tomorrow at ten am")
		observe(t, sim, c, confirmIntent)
		env := say(t, sim, c, said)
		if env.Request.Intent.Name != "BookCoachIntent" || env.Request.Intent.ConfirmationStatus != want || env.Request.DialogState != "IN_PROGRESS" {
			t.Errorf("%q after ConfirmIntent: %s confirmationStatus %s dialogState %s; want BookCoachIntent %s IN_PROGRESS",
				said, env.Request.Intent.Name, env.Request.Intent.ConfirmationStatus, env.Request.DialogState, want)
		}
		if env.Request.Intent.Slots["time"].Value != "10:00" {
			t.Errorf("slots lost: %+v", env.Request.Intent.Slots)
		}
	}
	c := sim.NewConversation("", "")
	say(t, sim, c, "ask home helper my code is 472913")
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false,"directives":[{"type":"Dialog.ConfirmSlot","slotToConfirm":"code","updatedIntent":{
		"name":"LinkSpeakerIntent","confirmationStatus":"NONE","slots":{"code":{"name":"code","value":"472913","confirmationStatus":"NONE"}}}}]}}`)
	env := say(t, sim, c, "that's right")
	if got := env.Request.Intent.Slots["code"].ConfirmationStatus; got != "CONFIRMED" {
		t.Errorf("slot confirmationStatus = %s; want CONFIRMED", got)
	}
	// Something other than yes or no is matched as usual.
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false,"directives":[{"type":"Dialog.ConfirmIntent"}]}}`)
	if got := heard(say(t, sim, c, "help")); got != "AMAZON.HelpIntent" {
		t.Errorf("heard %q; want AMAZON.HelpIntent", got)
	}
}

func TestDelegate(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("", "")
	say(t, sim, c, "ask home helper to book a visit")
	delegate := `{"version":"1.0","response":{"directives":[{"type":"Dialog.Delegate"}]}}`
	observe(t, sim, c, delegate)
	if c.Pending == nil || c.Pending.Slot != "date" || c.Pending.Prompt != "What day would suit you?" {
		t.Fatalf("after Delegate, pending = %+v; want date elicited with the model's prompt", c.Pending)
	}
	if req, _ := sim.Continue(c); req != nil {
		t.Fatal("Continue returned a request while Alexa waits for the user")
	}
	env := say(t, sim, c, "friday")
	if got, want := heard(env), "BookCoachIntent date=2026-11-27"; got != want {
		t.Errorf("heard %q; want %q", got, want)
	}
	observe(t, sim, c, delegate)
	if c.Pending.Prompt != "What time on 2026-11-27?" {
		t.Errorf("prompt = %q; want the time prompt with the date filled in", c.Pending.Prompt)
	}
	say(t, sim, c, "eleven am")
	observe(t, sim, c, delegate)
	if c.Pending.Prompt != "Shall I book your coach for 2026-11-27 at 11:00?" {
		t.Errorf("prompt = %q; want the intent confirmation", c.Pending.Prompt)
	}
	env = say(t, sim, c, "yes")
	if env.Request.Intent.ConfirmationStatus != "CONFIRMED" {
		t.Errorf("confirmationStatus = %s; want CONFIRMED", env.Request.Intent.ConfirmationStatus)
	}
	observe(t, sim, c, delegate)
	req, err := sim.Continue(c)
	if err != nil || req == nil {
		t.Fatalf("Continue = %v, %v; want the COMPLETED request", req, err)
	}
	env = decode(t, req)
	if env.Request.DialogState != "COMPLETED" || heard(env) != "BookCoachIntent date=2026-11-27 time=11:00" {
		t.Errorf("Continue sent %s %s", heard(env), env.Request.DialogState)
	}
	observe(t, sim, c, `{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"Booked."},"shouldEndSession":true}}`)
	if req, _ := sim.Continue(c); req != nil {
		t.Error("Continue returned a request after the session ended")
	}
}

func TestSessionLifecycle(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("amzn1.ask.account.TEST", "amzn1.ask.device.TEST")
	env := say(t, sim, c, "open home helper")
	first := env.Session.SessionID
	if !env.Session.New || !strings.HasPrefix(first, "amzn1.echo-api.session.") {
		t.Fatalf("launch: new=%v sessionId=%s", env.Session.New, first)
	}
	observe(t, sim, c, `{"version":"1.0","sessionAttributes":{"step":1,"nested":{"a":[1,2]}},"response":{"shouldEndSession":false}}`)
	env = say(t, sim, c, "help")
	if env.Session.New || env.Session.SessionID != first {
		t.Errorf("second turn: new=%v id=%s; want same session, not new", env.Session.New, env.Session.SessionID)
	}
	if string(env.Session.Attributes) != `{"step":1,"nested":{"a":[1,2]}}` {
		t.Errorf("attributes = %s", env.Session.Attributes)
	}
	// A response without sessionAttributes clears them.
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false}}`)
	if env = say(t, sim, c, "help"); string(env.Session.Attributes) != "{}" {
		t.Errorf("attributes = %s; want {}", env.Session.Attributes)
	}
	// shouldEndSession true ends it; the next utterance needs an invocation.
	observe(t, sim, c, `{"version":"1.0","sessionAttributes":{"x":1},"response":{"shouldEndSession":true}}`)
	if _, err := sim.Say(c, "help"); !errors.Is(err, ErrNotInvoked) {
		t.Errorf("after the session ended: err = %v; want ErrNotInvoked", err)
	}
	env = say(t, sim, c, "ask home helper for help")
	if !env.Session.New || env.Session.SessionID == first || string(env.Session.Attributes) != "{}" {
		t.Errorf("new session: new=%v id=%s attributes=%s", env.Session.New, env.Session.SessionID, env.Session.Attributes)
	}
	// shouldEndSession absent, no dialog directive: a speaker without a
	// screen ends the session.
	observe(t, sim, c, `{"version":"1.0","response":{"outputSpeech":{"type":"PlainText","text":"Bye"}}}`)
	if !c.Ended {
		t.Error("shouldEndSession absent: session still open")
	}
	// Opening the skill mid-session starts a new session.
	say(t, sim, c, "open home helper")
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false}}`)
	second := c.SessionID
	if env = say(t, sim, c, "open home helper"); env.Session.SessionID == second || !env.Session.New {
		t.Error("open mid-session did not start a new session")
	}
}

func TestExitAndSilence(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("", "")
	say(t, sim, c, "open home helper")
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false}}`)
	env := say(t, sim, c, "exit")
	if env.Request.Type != "SessionEndedRequest" || env.Request.Reason != "USER_INITIATED" {
		t.Errorf("exit: %s %s; want SessionEndedRequest USER_INITIATED", env.Request.Type, env.Request.Reason)
	}
	if err := sim.Observe(c, []byte(`{"version":"1.0","response":{}}`)); err != nil {
		t.Errorf("Observe after SessionEndedRequest: %v", err)
	}
	if !c.Ended {
		t.Error("session still open after exit")
	}

	say(t, sim, c, "open home helper")
	observe(t, sim, c, `{"version":"1.0","response":{"shouldEndSession":false}}`)
	if _, err := sim.Say(c, "   "); !errors.Is(err, ErrNoRequest) {
		t.Errorf("first silence: err = %v; want ErrNoRequest", err)
	}
	env = say(t, sim, c, "")
	if env.Request.Type != "SessionEndedRequest" || env.Request.Reason != "EXCEEDED_MAX_REPROMPTS" {
		t.Errorf("second silence: %s %s; want SessionEndedRequest EXCEEDED_MAX_REPROMPTS", env.Request.Type, env.Request.Reason)
	}
	if _, err := sim.End(c, ReasonUserInitiated); !errors.Is(err, ErrNoRequest) {
		t.Errorf("End with no session: err = %v; want ErrNoRequest", err)
	}
	say(t, sim, c, "open home helper")
	if _, err := sim.End(c, "BORED"); err == nil {
		t.Error("End accepted an unknown reason")
	}
	env = decodeOK(t)(sim.End(c, ReasonError))
	if env.Request.Reason != "ERROR" || env.Request.Error == nil {
		t.Errorf("End(ERROR) = %+v; want reason and error", env.Request)
	}
}

func decodeOK(t *testing.T) func([]byte, error) envelope {
	return func(b []byte, err error) envelope {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return decode(t, b)
	}
}

func TestObserveRejects(t *testing.T) {
	sim := newTestSim(t)
	tests := []struct{ name, response, want string }{
		{"not JSON", `{`, "decode response"},
		{"attributes not an object", `{"response":{},"sessionAttributes":[1]}`, "not an object"},
		{"UpdatedIntent capitalised", `{"response":{"shouldEndSession":false,"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"room","UpdatedIntent":{"name":"ReportRepairIntent"}}]}}`, `"updatedIntent"`},
		{"dialog and end", `{"response":{"shouldEndSession":true,"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"room"}]}}`, "shouldEndSession true"},
		{"unknown intent", `{"response":{"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"room","updatedIntent":{"name":"NoSuchIntent"}}]}}`, "not in the interaction model"},
		{"unknown slot", `{"response":{"directives":[{"type":"Dialog.ElicitSlot","slotToElicit":"colour"}]}}`, `no slot "colour"`},
		{"no slot named", `{"response":{"directives":[{"type":"Dialog.ConfirmSlot"}]}}`, "without the slot"},
		{"undeclared slot in updatedIntent", `{"response":{"directives":[{"type":"Dialog.ConfirmIntent","updatedIntent":{"name":"ReportRepairIntent","slots":{"colour":{"name":"colour"}}}}]}}`, `slot "colour"`},
		{"two dialog directives", `{"response":{"directives":[{"type":"Dialog.ConfirmIntent"},{"type":"Dialog.Delegate"}]}}`, "more than one"},
		{"delegate without dialog model", `{"response":{"directives":[{"type":"Dialog.Delegate","updatedIntent":{"name":"RepairStatusIntent"}}]}}`, "no dialog model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sim.NewConversation("", "")
			say(t, sim, c, "ask home helper my boiler is broken")
			before, _ := json.Marshal(c)
			err := sim.Observe(c, []byte(tt.response))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Observe error = %v; want one containing %q", err, tt.want)
			}
			if after, _ := json.Marshal(c); string(after) != string(before) {
				t.Errorf("a rejected response changed the conversation:\n%s\n%s", before, after)
			}
		})
	}
	// A directive Alexa does not treat as a dialog step is fine.
	c := sim.NewConversation("", "")
	say(t, sim, c, "open home helper")
	observe(t, sim, c, `{"response":{"shouldEndSession":false,"directives":[{"type":"Dialog.UpdateDynamicEntities","updateBehavior":"CLEAR"},{"type":"AudioPlayer.Stop"}]}}`)
}

func TestConversationRoundTrip(t *testing.T) {
	sim := newTestSim(t)
	c := sim.NewConversation("amzn1.ask.account.TEST", "amzn1.ask.device.TEST")
	say(t, sim, c, "ask home helper my boiler is broken")
	observe(t, sim, c, elicitRoom)

	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Conversation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(&back)
	if string(again) != string(b) {
		t.Fatalf("round trip changed the conversation:\n%s\n%s", b, again)
	}
	want := say(t, sim, c, "in the kitchen")
	got := say(t, sim, &back, "in the kitchen")
	if heard(got) != heard(want) || got.Session.SessionID != want.Session.SessionID ||
		string(got.Session.Attributes) != string(want.Session.Attributes) || got.Request.DialogState != want.Request.DialogState {
		t.Errorf("after a round trip the conversation continued differently:\n%s %s\n%s %s", heard(got), got.Request.DialogState, heard(want), want.Request.DialogState)
	}
}

func TestIntentsAndSlotValueIDs(t *testing.T) {
	sim := newTestSim(t)
	intents := sim.Intents()
	if len(intents) != 14 || intents[0] != "ReportRepairIntent" || intents[len(intents)-1] != "AMAZON.FallbackIntent" {
		t.Errorf("Intents() = %v", intents)
	}
	if got := strings.Join(sim.SlotValueIDs("ROOM"), ","); got != "kitchen,bathroom,bedroom,living_room,hall,outside" {
		t.Errorf("SlotValueIDs(ROOM) = %s", got)
	}
	if got := sim.SlotValueIDs("AMAZON.NUMBER"); got != nil {
		t.Errorf("SlotValueIDs(AMAZON.NUMBER) = %v; want nil", got)
	}
	if got := sim.SlotValueIDs("NOPE"); got != nil {
		t.Errorf("SlotValueIDs(NOPE) = %v; want nil", got)
	}
	if sim.InvocationName() != "home helper" {
		t.Errorf("InvocationName() = %q", sim.InvocationName())
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct{ name, model, want string }{
		{"not JSON", `{`, "parse interaction model"},
		{"no language model", `{"interactionModel":{}}`, "no interactionModel.languageModel"},
		{"no invocation", `{"interactionModel":{"languageModel":{"intents":[{"name":"A","samples":["a"]}]}}}`, "no invocationName"},
		{"undeclared slot", `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[{"name":"A","samples":["a {b}"]}]}}}`, "slot {b} is not declared"},
		{"undeclared type", `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[{"name":"A","slots":[{"name":"b","type":"B"}],"samples":["a {b}"]}]}}}`, "slot type B is not declared"},
		{"unclosed brace", `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[{"name":"A","slots":[{"name":"b","type":"AMAZON.NUMBER"}],"samples":["a {b"]}]}}}`, "unclosed"},
		{"duplicate intent", `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[{"name":"A","samples":["a"]},{"name":"A","samples":["b"]}]}}}`, "declared twice"},
		{"dialog intent unknown", `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[{"name":"A","samples":["a"]}]},"dialog":{"intents":[{"name":"B","slots":[]}]}}}`, "dialog intent B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New([]byte(tt.model), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

func TestValueWithoutID(t *testing.T) {
	model := `{"interactionModel":{"languageModel":{"invocationName":"x","intents":[
		{"name":"A","slots":[{"name":"c","type":"COLOUR"}],"samples":["paint it {c}"]}],
		"types":[{"name":"COLOUR","values":[{"name":{"value":"red"}},{"name":{"value":"Navy Blue","synonyms":["dark blue"]}}]}]}}}`
	sim, err := New([]byte(model), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := sim.SlotValueIDs("COLOUR")
	if len(ids) != 2 || len(ids[0]) != 32 || ids[0] == ids[1] {
		t.Errorf("made-up ids = %v; want two distinct hashes", ids)
	}
	env := decodeOK(t)(sim.Say(sim.NewConversation("", ""), "ask x to paint it dark blue"))
	sl := env.Request.Intent.Slots["c"]
	v := sl.Resolutions.ResolutionsPerAuthority[0].Values[0].Value
	if sl.Value != "dark blue" || v.Name != "Navy Blue" || v.ID != ids[1] {
		t.Errorf("slot = %+v; want value as said and the canonical name", sl)
	}
}

func TestSlotValueAsTyped(t *testing.T) {
	model := `{"interactionModel":{"languageModel":{"invocationName":"home helper","intents":[
		{"name":"ReportIntent","slots":[{"name":"problem","type":"PROBLEM"}],"samples":["my {problem}","report {problem}"]}],
		"types":[{"name":"PROBLEM","values":[{"id":"BOILER","name":{"value":"broken boiler","synonyms":["boiler's not working","boiler isn't working"]}}]}]}}}`
	sim, err := New([]byte(model), Options{})
	must(t, err)
	tests := []struct{ said, want string }{
		// Alexa writes what was said, apostrophes and all; the id is the same
		{"ask home helper my boiler's not working", "ReportIntent problem=boiler's not working/BOILER"},
		{"ask home helper my boiler’s not working", "ReportIntent problem=boiler's not working/BOILER"},
		{"ask home helper my boilers not working", "ReportIntent problem=boilers not working/BOILER"},
		{"ask home helper my boiler is not working", "ReportIntent problem=boiler is not working/BOILER"},
		{"ask home helper my boiler isnt working", "ReportIntent problem=boiler isnt working/BOILER"},
		{"ask home helper to report a Broken Boiler", "ReportIntent problem=broken boiler/BOILER"},
		{"ask home helper my kettle's leaking", "ReportIntent problem=kettle's leaking/?"},
	}
	for _, tt := range tests {
		if got := heard(decodeOK(t)(sim.Say(sim.NewConversation("", ""), tt.said))); got != tt.want {
			t.Errorf("%q: heard %q; want %q", tt.said, got, tt.want)
		}
	}
}
