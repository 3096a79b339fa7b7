package intents_test

import (
	"context"
	"strings"
	"testing"

	"github.com/homehelper/homehelper/intents"
)

// turn is one thing the tenant says and what must come back.
type turn struct {
	do      func(c *convo) intents.Response
	says    []string // each must appear in the speech
	never   []string // none may appear
	outcome intents.Outcome
	flow    intents.Flow
	step    string
	end     bool
	elicit  string // "Intent.slot" when a slot is elicited
}

func launch() func(*convo) intents.Response { return (*convo).launch }
func utter(intent string, slots ...string) func(*convo) intents.Response {
	return func(c *convo) intents.Response { return c.say(intent, slots...) }
}

var (
	yes  = utter("AMAZON.YesIntent")
	no   = utter("AMAZON.NoIntent")
	next = utter("AMAZON.NextIntent")
)

type who int

const (
	unlinked who = iota
	linked
	vulnerable
)

func TestConversations(t *testing.T) {
	tests := []struct {
		name  string
		who   who
		turns []turn
	}{
		{"launch, new speaker", unlinked, []turn{
			{do: launch(), says: []string{"Welcome to Home Helper", "report a repair", "fix something yourself", "Neighbourhood Coach"}, outcome: intents.OutcomeWelcomed, flow: intents.FlowLaunch},
		}},
		{"repair, all slots at once, confirmed", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"dripping or broken tap, in the kitchen", "Shall I report it?"}, outcome: intents.OutcomeRepairPrompted, step: "confirm"},
			{do: yes, says: []string{"Done.", "Your reference is", "within 28 days"}, outcome: intents.OutcomeRepairReported, flow: intents.FlowRepair},
		}},
		{"a repair reported, then 'when will they come?' with no visit booked: the repair's news, not the visit's", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"Shall I report it?"}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
			{do: utter("SaysWhenIntent", "description~will they come"), says: []string{"You have 1 open repair", "dripping or broken tap"}, never: []string{"visit booked"}, outcome: intents.OutcomeStatusRead},
		}},
		{"'when will they come?' with nothing reported: the visit's answer", linked, []turn{
			{do: utter("SaysWhenIntent", "description~will they come"), says: []string{"You don't have a visit booked"}, never: []string{"open repair"}},
		}},
		{"an emergency, then 'when will someone come?': the emergency line arranges it", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~socket is sparking"), says: []string{"Stop using it straight away"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: utter("SaysWhenIntent", "description~will someone come"), says: []string{"Our emergency repairs team will tell you when someone can come", "0808 157 0999", "Your reference is"}, never: []string{"visit booked", "didn't understand"}, outcome: intents.OutcomeStatusRead},
			{do: utter("SaysHasIntent", "description~it been reported"), says: []string{"Our emergency repairs team will tell you when someone can come"}, never: []string{"didn't understand"}},
		}},
		{"an emergency, then 'what number was that?': the advice and the number again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~socket is sparking"), says: []string{"Stop using it straight away"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: utter("SaysWhatIntent", "description~number was that"), says: []string{"Stop using it straight away", "0808 157 0999"}, never: []string{"didn't understand"}},
		}},
		// Twenty-second session: a switch that trips again once everything
		// is unplugged is a fault, and the guide's later steps (plug things
		// back in) no use; the guide stops and the report goes on.
		{"'it's tripped again', after putting the switch back up: leave it off, and the report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of 9"}},
			{do: next, says: []string{"Step 2 of 9"}},
			{do: next, says: []string{"Step 3 of 9"}},
			{do: next, says: []string{"Step 4 of 9"}},
			{do: next, says: []string{"Step 5 of 9"}},
			{do: utter("SaysItsIntent", "description~tripped again straight away"), says: []string{"leave it off, and don't keep trying it", "Let's report it", "Which room is it in?"}, never: []string{"Step"}, outcome: intents.OutcomeGuideNotFixed, step: "trips_again", elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"a switch that keeps tripping, in the kitchen", "Shall I report it?"}, step: "confirm"},
		}},
		{"a switch that flicks back down before anything is unplugged: the unplugging step next", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of 9"}},
			{do: next, says: []string{"Step 2 of 9"}},
			{do: utter("SaysItsIntent", "description~flicked straight back down again"), says: []string{"Something plugged in can make it trip.", "Step 4 of 9", "Unplug everything"}, never: []string{"Step 2 of 9", "report"}},
			{do: utter("SaysIIntent", "description~pushed it back up"), says: []string{"Step 5 of 9"}, never: []string{"didn't understand"}},
			{do: utter("SaysWhenIntent", "description~i plugged the kettle back in it went off again"), says: []string{"Then it's probably that appliance.", "Step 8 of 9"}, never: []string{"report"}},
			{do: utter("SaysItIntent", "description~won't stay up"), says: []string{"leave it off", "Let's report it"}, outcome: intents.OutcomeGuideNotFixed, step: "trips_again", elicit: "ReportRepairIntent.room"},
		}},
		{"the guide's own thing named, bare, in the guide: asked whether to report it instead", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of 9"}},
			{do: utter("ReportRepairIntent", "problem=TRIP_SWITCH~the fuse box"), says: []string{"Would you like me to report it instead of going on with the guide?"}, never: []string{"Shall I report it?", "Which room", "Step"}, step: "report_or_guide"},
			{do: no, says: []string{"OK, let's carry on.", "Step 1 of 9"}},
			{do: utter("ReportRepairIntent", "problem=TRIP_SWITCH~fuse box"), says: []string{"report it instead"}},
			{do: yes, says: []string{"Which room is it in?"}, never: []string{"Step"}, outcome: intents.OutcomeGuideNotFixed, step: "report_instead", elicit: "ReportRepairIntent.room"},
		}},
		{"a broken manhole cover: kept away from, and reported in the tenant's words, not as a blocked drain", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DRAIN~manhole cover is broken"), says: []string{"Please keep everyone, especially children, away from it", "So that's a repair outside. I'll pass on what you told me: manhole cover is broken"}, never: []string{"blocked drain", "Which room"}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"a tree branch over the path: outside, in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~tree branch hanging over the path"), says: []string{"So that's a repair outside. I'll pass on what you told me: tree branch hanging over the path"}, never: []string{"Which room", "didn't understand"}, step: "confirm"},
		}},
		{"a blocked drain: outside, not asked which room", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DRAIN~drain is blocked"), says: []string{"So that's a blocked drain, outside."}, never: []string{"Which room", "keep everyone"}, step: "confirm"},
		}},
		{"a code said to be lost before it was asked for, by a speaker not linked: who gives it, and the number to call", unlinked, []turn{
			{do: utter("ReportRepairIntent"), says: []string{"What's the problem?"}, elicit: "ReportRepairIntent.problem"},
			{do: utter("ReportRepairIntent", "problem~i've lost the code"), says: []string{"Your Neighbourhood Coach can give you your code", "To report the repair now, please call us on"}, never: []string{"what's wrong", "didn't understand"}},
		}},
		{"a step already done is the next one; a key that doesn't fit is a report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of 9"}},
			{do: utter("SaysItsIntent", "description~already off"), says: []string{"Step 2 of 9"}, never: []string{"didn't understand"}},
			{do: utter("ReportRepairIntent", "problem~radiator key doesn't fit"), says: []string{"That's OK. Let's report it", "Which room is it in?"}, never: []string{"Step 3"}, outcome: intents.OutcomeGuideNotFixed, step: "cant_do", elicit: "ReportRepairIntent.room"},
		}},
		{"an emergency said in the middle of a report: the advice first, and the report not dropped", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"Shall I report it?"}, step: "confirm"},
			{do: utter("ReportRepairIntent", "problem~now there's water coming through the light"), says: []string{"Water near electrics is dangerous"}, never: []string{"tap"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: no, says: []string{"Please do call now.", "You also told me about a dripping or broken tap in the kitchen. Shall I report that too?"}},
			{do: yes, says: []string{"So that's a dripping or broken tap, in the kitchen. Shall I report it?"}},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"gas said in the middle of a report: leave now, and nothing else asked", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"Shall I report it?"}, step: "confirm"},
			{do: utter("SaysThereIntent", "description~is a smell of gas"), says: []string{"Leave your home now"}, never: []string{"tap", "Shall I"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"a hello: hello back, and what Home Helper does", linked, []turn{
			{do: utter("ReportRepairIntent", "description~hiya love"), says: []string{"Hello", "You can report a repair"}, never: []string{"didn't understand", "what's wrong"}, outcome: intents.OutcomeHelp},
			{do: utter("ReportRepairIntent", "description~love"), says: []string{"Hello", "You can report a repair"}, never: []string{"didn't understand", "what's wrong"}, outcome: intents.OutcomeHelp},
		}},
		{"locked out with a baby inside: 999 first, then who can help with the keys", linked, []turn{
			{do: utter("OutOfScopeIntent", "topic~locked out and my baby's inside"), says: []string{"If a child, or anyone who can't look after themselves, is inside on their own, call 999 now.", "I can't sort out keys or lockouts here"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"locked out alone: who can help with the keys, no 999", linked, []turn{
			{do: utter("OutOfScopeIntent", "topic~locked myself out"), says: []string{"I can't sort out keys or lockouts here"}, never: []string{"999"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"repair, missing slots are asked one at a time", linked, []turn{
			{do: utter("ReportRepairIntent"), says: []string{"What's the problem?"}, elicit: "ReportRepairIntent.problem", outcome: intents.OutcomeRepairPrompted, step: "problem"},
			{do: utter("ReportRepairIntent", "problem=LEAK"), says: []string{"Which room"}, elicit: "ReportRepairIntent.room", step: "room"},
			{do: utter("ReportRepairIntent", "room=BATHROOM"), says: []string{"a leak, in the bathroom", "Shall I report it?"}, step: "confirm"},
			{do: yes, says: []string{"within 7 days"}, outcome: intents.OutcomeRepairReported},
		}},
		{"repair, unresolved words: the tenant's own words are asked for once and read back", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the thingy by the stairs", "room=HALLWAY"), says: []string{"in a few words what's wrong?"}, elicit: "ReportRepairIntent.description", step: "describe"},
			{do: utter("ReportRepairIntent", "description~the wooden bit you hold going up the stairs is loose"), says: []string{"So that's a repair in the hall or stairs", "the wooden bit you hold going up the stairs is loose", "Shall I report it?"}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"repair, the tenant's own words carry a danger: the safety script, not a repair", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the thingy on the wall"), elicit: "ReportRepairIntent.description"},
			{do: utter("ReportRepairIntent", "description~it's gone all black and it crackles when I plug in the kettle"), says: []string{"Stop using it straight away", "emergency repairs line", "reported it as an emergency"}, never: []string{"guide", "Shall I report it?"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"danger in words Alexa could not resolve, said first thing", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem~a whiff of sulphur"), says: []string{"Leave your home now", "0800 111 999"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"a smoking fuse box never gets the tripped-switch guide, even resolved as one", linked, []turn{
			{do: utter("SelfFixIntent", "problem~the fuse box is smoking"), says: []string{"Stop using it", "fuse box"}, never: []string{"Step 1", "guide"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"water through the ceiling, then near the light fitting: water and electrics", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK"), elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room~near the light fitting"), says: []string{"Water near electrics is dangerous", "reported it as an emergency"}, never: []string{"a light that isn't working"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"'link my speaker' with no code: who gives one, not the question again", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem~link my speaker"), says: []string{"Your Neighbourhood Coach gives you a six-digit code", "say no if you don't have it"}, never: []string{"didn't understand"}, elicit: "LinkHomeIntent.code"},
			{do: no, says: []string{"Your Neighbourhood Coach can give you your code."}, never: []string{"What's your code?"}, outcome: intents.OutcomeLinkNeeded},
		}},
		{"'how do I get a code?', heard as a guide asked for: linking", unlinked, []turn{
			{do: utter("SelfFixIntent", "problem~get a code"), says: []string{"Your Neighbourhood Coach gives you a six-digit code"}, never: []string{"guide"}, elicit: "LinkHomeIntent.code"},
		}},
		{"a funny smell from the cooker: one question, then gas advice", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem~a funny smell from the cooker"), says: []string{"Can you smell gas?"}, never: []string{"Leave your home"}, outcome: intents.OutcomeSafetyCheck},
			{do: yes, says: []string{"Leave your home now"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"a funny smell that is not gas carries on as a repair", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~a horrible smell in the hall"), says: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			// The room said with the smell is kept: no need to ask it.
			{do: no, says: []string{"a bad smell, in the hall or stairs"}, never: []string{"Leave your home", "Which room"}},
		}},
		{"words said of the boiler as 'it' say which of its problems it is", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=BOILER"), says: []string{"Would you like to try it first?"}},
			{do: utter("SaysItsIntent", "description~making a banging noise"), says: []string{"OK, a noisy boiler. Which room is it in?"}, never: []string{"neighbour", "try it first"}, elicit: "ReportRepairIntent.room"},
		}},
		{"the same at the room question, of the toilet", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TOILET"), says: []string{"Which room is it in?"}, elicit: "ReportRepairIntent.room"},
			{do: utter("SaysItIntent", "description~won't flush"), says: []string{"a toilet that won't flush"}, elicit: "ReportRepairIntent.room"},
		}},
		{"mould that is making someone ill: no guide, and the team hears why", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~there's black mould all over the wall and my little one has asthma", "room=BEDROOM"),
				says: []string{"So that's damp or mould, in a bedroom, and I'll tell the team it's affecting someone's health.", "Shall I report it?"}, never: []string{"guide", "try it first"}, step: "confirm"},
			{do: yes, says: []string{"Done."}, outcome: intents.OutcomeRepairReported},
		}},
		{"mould alone is still offered the guide", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~there's mould on the bathroom ceiling"), says: []string{"cutting down condensation and mould", "Would you like to try it first?"}},
		}},
		{"'can you send someone today?' asks what for, without 'didn't understand'", linked, []turn{
			{do: utter("SaysCanIntent", "description~you send someone today"), says: []string{"I can report a repair, so someone can come and look.", "what's wrong?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeRepairPrompted, elicit: "ReportRepairIntent.description"},
			{do: utter("ReportRepairIntent", "description~the toilet's blocked"), says: []string{"clearing a blocked toilet"}},
		}},
		{"a tool the tenant hasn't got: the repair is reported instead", linked, []turn{
			{do: utter("SelfFixIntent", "problem=SINK_BLOCKED"), says: []string{"Step 1 of"}},
			{do: utter("SaysIIntent", "description~haven't got a plunger"), says: []string{"That's OK. Let's report it, so someone can come and look."}, never: []string{"didn't understand"}, outcome: intents.OutcomeGuideNotFixed, step: "cant_do", elicit: "ReportRepairIntent.room"},
		}},
		{"a tool the tenant hasn't got, as the model hands it on: the repair is reported instead", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of"}},
			{do: utter("SaysDontIntent", "description~have a radiator key"), says: []string{"That's OK. Let's report it, so someone can come and look."}, never: []string{"didn't understand", "Step"}, outcome: intents.OutcomeGuideNotFixed, step: "cant_do", elicit: "ReportRepairIntent.room"},
		}},
		{"'did that fix it?' answered 'going down slowly now': asked once whether it works properly", linked, []turn{
			{do: utter("SelfFixIntent", "problem=SINK_BLOCKED"), says: []string{"Step 1 of"}},
			{do: utter("AMAZON.NextIntent"), says: []string{"Step 2 of"}},
			{do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")},
			{do: utter("AMAZON.NextIntent"), says: []string{"Did that fix it?"}},
			{do: utter("SaysItsIntent", "description~going down slowly now"), says: []string{"Is it working properly now?"}, never: []string{"didn't understand"}},
			{do: no, says: []string{"Let's report it"}, elicit: "ReportRepairIntent.room"},
		}},
		{"'did that fix it?' answered 'I think so, but I'll see tomorrow': asked once whether it works properly", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of"}},
			{do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")},
			{do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")},
			{do: utter("AMAZON.NextIntent"), says: []string{"Did that fix it?"}},
			{do: utter("SaysIThinkIntent", "description~so but i'll see tomorrow"), says: []string{"Is it working properly now?"}, never: []string{"didn't understand"}},
		}},
		{"a step the tenant can't do: the repair is reported instead", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of"}},
			{do: utter("SaysIIntent", "description~can't find the filling loop"), says: []string{"That's OK. Let's report it, so someone can come and look.", "Which room is it in?"}, never: []string{"Step"}, outcome: intents.OutcomeGuideNotFixed, step: "cant_do", elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"So that's low boiler pressure, in the kitchen."}},
			{do: yes, says: []string{"Done."}, outcome: intents.OutcomeRepairReported},
		}},
		{"something broken doing a step: stop, and the repair is reported", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of"}},
			{do: utter("AMAZON.NextIntent"), says: []string{"Step 2 of"}},
			{do: utter("ReportRepairIntent", "problem~valve snapped off"), says: []string{"Please stop there, and leave it as it is.", "Which room is it in?"}, never: []string{"Step", "didn't understand"}, outcome: intents.OutcomeGuideNotFixed, step: "broke", elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BEDROOM"), says: []string{"So that's a radiator that isn't heating properly, in a bedroom."}},
			{do: yes, says: []string{"Done."}, outcome: intents.OutcomeRepairReported},
		}},
		{"still broken, said to 'Did that fix it?', is a no", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TOILET_BLOCKED"), says: []string{"Step 1 of"}},
			{do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")}, {do: utter("AMAZON.NextIntent")},
			{do: utter("AMAZON.NextIntent"), says: []string{"Did that fix it?"}},
			{do: utter("ReportRepairIntent", "problem~its still broken"), says: []string{"I'm sorry that didn't fix it."}, never: []string{"Please stop there"}, outcome: intents.OutcomeGuideNotFixed, elicit: "ReportRepairIntent.room"},
		}},
		{"a fork in the socket: the electrics' script, then help for a shock", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~kid stuck a fork", "room~socket"), says: []string{"Stop using it straight away", "If someone has had an electric shock, call 999", "NHS 111"}, never: []string{"few words", "guide"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a toy flushed down the toilet: no plunger guide, the report with the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~kids have blocked the toilet with a toy"), says: []string{"best not to use a plunger", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BATHROOM"), says: []string{"a blocked toilet, in the bathroom", "Shall I report it?"}, never: []string{"plunger", "guide"}, step: "confirm"},
		}},
		{"'it's still not working', with nothing named: understood as far as it goes, and what is asked", linked, []turn{
			{do: utter("SaysItsIntent", "description~still not working"), says: []string{"I'm sorry it's still not working.", "what is it that's not working?"}, never: []string{"didn't understand"}, elicit: "ReportRepairIntent.description"},
			{do: utter("ReportRepairIntent", "description~the boiler"), says: []string{"guide"}, never: []string{"didn't understand"}},
		}},
		{"a person heard as the room: the room is asked, not 'your home'", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~asthma and the mould is getting worse", "room~little boy"), says: []string{"Which room is it in?"}, never: []string{"in your home"}, elicit: "ReportRepairIntent.room"},
		}},
		{"a part of the home fell on someone: the person first, then the repair in their words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~fell on my head", "room=LOFT~loft hatch"), says: []string{"If someone is hurt or very unwell, call 999 now", "I can report the repair too.", "I'll pass on what you told me: loft hatch fell on my head", "Shall I report it?"}, never: []string{"anything else"}, step: "confirm"},
		}},
		{"a hissing boiler, no smell of gas: the noisy boiler's report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~hissing", "room=AIRING_CUPBOARD~boiler cupboard"), says: []string{"Can you smell gas?"}, step: "safety_check"},
			{do: no, says: []string{"a noisy boiler", "Shall I report it?"}, never: []string{"a bad smell"}, step: "confirm"},
		}},
		{"damaged asbestos: left alone, and the team hears the words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~asbestos in the ceiling that's cracked"), says: []string{"don't touch, drill or sand anything that may have asbestos in it", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BATHROOM"), says: []string{"I'll pass on what you told me: asbestos in the ceiling that's cracked"}, never: []string{"asbestos in it"}, step: "confirm"},
		}},
		{"locked in by a jammed front door: the way out first, then the lock's emergency", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~front door lock's jammed and i can't get out"), says: []string{"A home you can't lock is an emergency repair", "If you can't get out and there's a fire, or anyone needs help urgently, call 999"}, never: []string{"guide"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"someone fell over the fault: the person first, then the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~my mum fell over the loose floorboard"), says: []string{"If someone is hurt or very unwell, call 999 now", "I can report the repair too.", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
		}},
		{"a tingle from a switch is a shock: the electrics' script, then help for it", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~light switch gave me a tingle"), says: []string{"Stop using it straight away", "If someone has had an electric shock, call 999"}, never: []string{"guide"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"sparks with nobody shocked: no shock advice", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the socket is sparking"), says: []string{"Stop using it straight away"}, never: []string{"electric shock"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"the read-back put right: upstairs, not the kitchen", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"So that's a dripping or broken tap, in the kitchen."}, step: "confirm"},
			{do: utter("SaysNotIntent", "description~quite its upstairs"), says: []string{"Which room upstairs is it in?"}, never: []string{"haven't reported"}, elicit: "ReportRepairIntent.room"},
		}},
		{"the read-back put right: the same problem said more exactly is passed on", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"So that's a dripping or broken tap, in the kitchen."}, step: "confirm"},
			{do: utter("SaysNoIntent", "description~its the hot tap"), says: []string{"I'll pass that on.", "So that's a dripping or broken tap, in the kitchen."}, never: []string{"haven't reported"}, step: "confirm"},
			{do: yes, says: []string{"Done."}, outcome: intents.OutcomeRepairReported},
		}},
		{"words split by Alexa, the first waiting for the rest: read back in the order said", linked, []turn{
			{do: utter("ReportRepairIntent", "room~shower's scalding then", "problem=HEATING~freezing"), says: []string{"shower's scalding then freezing"}, never: []string{"freezing shower"}},
		}},
		{"words in the room slot that name no place: the room is asked", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=WINDOW~window", "room~council come out and look at"), says: []string{"a problem with a window", "Which room is it in?"}, never: []string{"in your home", "emergency"}, elicit: "ReportRepairIntent.room"},
		}},
		{"the electrics playing up: one question, then a report in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~something wrong with my electrics"), says: []string{"Is anything sparking, smoking, hot, or smelling of burning?"}, never: []string{"Stop using it"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"Which room is it in?"}, never: []string{"Stop using it"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"So that's a problem with the electrics, in the kitchen."}},
		}},
		{"the electrics playing up, and something is hot: the electrics' script", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the electrics are playing up"), says: []string{"Is anything sparking"}},
			{do: yes, says: []string{"Stop using it straight away", "reported it as an emergency"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"'what was my reference?' in a new session reads the open repairs with their references", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN")},
			{do: yes, outcome: intents.OutcomeRepairReported},
			{do: func(c *convo) intents.Response {
				c.newSession = true
				return c.say("SaysWhatIntent", "description~did you say my reference was")
			}, says: []string{"You have 1 open repair.", "Its reference is"}, outcome: intents.OutcomeStatusRead},
			{do: utter("RepairStatusIntent"), says: []string{"You have 1 open repair."}, never: []string{"reference"}},
		}},
		{"the guide's own taps, in the boiler pressure guide: the step done, or this step again, not a dripping tap", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of 8"}},
			{do: next, says: []string{"Step 2 of 8"}},
			{do: next, says: []string{"Step 3 of 8"}},
			{do: utter("ReportRepairIntent", "problem=TAP~taps"), says: []string{"Here's that step again. Step 3 of 8"}, never: []string{"dripping", "Which room"}},
			{do: next, says: []string{"Step 4 of 8"}},
			{do: utter("ReportRepairIntent", "problem=TAP~opened the taps"), says: []string{"Step 5 of 8"}, never: []string{"dripping", "Which room"}},
		}},
		{"a tap elsewhere, in the boiler pressure guide: its report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of 8"}},
			{do: utter("ReportRepairIntent", "problem=TAP~tap is dripping", "room=KITCHEN"), says: []string{"a dripping or broken tap, in the kitchen", "Shall I report it?"}, step: "confirm"},
		}},
		{"'how do I report a repair?', heard as a guide asked for: the report, asked for the problem", linked, []turn{
			{do: utter("SelfFixIntent", "problem~report a repair"), says: []string{"What's the problem?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.problem"},
		}},
		{"headaches that keep coming back: asked whether they ease away from home; yes is carbon monoxide", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~my kids keep getting headaches in the morning"), says: []string{"Does it get better when you're away from home?"}, never: []string{"few words"}, outcome: intents.OutcomeSafetyCheck},
			{do: yes, says: []string{"This could be carbon monoxide"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"headaches that keep coming back, not easing away from home: who can help, no repair", linked, []turn{
			{do: utter("SaysIIntent", "description~keep getting headaches"), says: []string{"Does it get better when you're away from home?"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"OK, thank you.", "NHS 111", "anything else"}, never: []string{"Shall I report", "Which room"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"the electricity turned off as the advice said: no power cut to put right, and the line to ring", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~water is coming through the light fitting"), says: []string{"Water near electrics is dangerous"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: utter("ReportRepairIntent", "problem=NO_POWER~i've turned the electric off"), says: []string{"That's the right thing to do.", "emergency repairs line now", "Shall I say the safety advice again?"}, never: []string{"guide", "power is off"}, outcome: intents.OutcomeHelp, step: "advice_done"},
			{do: no, says: []string{"Please do call now."}, outcome: intents.OutcomeStopped, end: true},
		}},
		{"more said of the same repair at the read-back: kept, said back, and read back again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=BATHROOM"), says: []string{"So that's a dripping or broken tap, in the bathroom. Shall I report it?"}, step: "confirm"},
			{do: utter("ReportRepairIntent", "description~oh sorry it's the hot one"), says: []string{"Thank you, I'll pass on: the hot one.", "in the bathroom. Shall I report it?"}, never: []string{"didn't understand", "haven't reported"}, step: "confirm"},
			{do: utter("ReportRepairIntent", "problem~later", "room~day"), says: []string{"didn't understand", "Shall I report it?"}},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"'actually, no, it's the kitchen one' at the read-back: the room put right", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=BATHROOM"), says: []string{"in the bathroom. Shall I report it?"}, step: "confirm"},
			{do: utter("SaysActuallyIntent", "description~no it's the kitchen one"), says: []string{"Sorry about that.", "in the kitchen. Shall I report it?"}, never: []string{"haven't reported"}, step: "confirm"},
		}},
		{"asbestos said of a ceiling: kept away from, and reported in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~asbestos in my ceiling"), says: []string{"Please don't touch, drill or sand anything that may have asbestos in it", "Which room is it in?"}, never: []string{"didn't understand"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BEDROOM"), says: []string{"asbestos in my ceiling", "Shall I report it?"}, step: "confirm"},
		}},
		{"no food for days: the coach, who can come and see them", linked, []turn{
			{do: utter("SaysIIntent", "description~haven't eaten for days"), says: []string{"I'm sorry things are hard at the moment.", "Shall I book it?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"a gas meter ticking, no smell of gas: the tenant's words reported, not the electrics' script", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~gas meter's making a ticking noise"), says: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"OK, thank you.", "Which room is it in?"}, never: []string{"Stop using it", "Leave your home"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=HALLWAY"), says: []string{"gas meter's making a ticking noise", "Shall I report it?"}, step: "confirm"},
		}},
		{"a gas hob that won't turn off, no smell of gas: the gas off at the meter, and the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~hob won't turn off"), says: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"turn off the gas at the meter", "hob won't turn off", "Shall I report it?"}, never: []string{"leave it turned off", "Leave your home"}, step: "confirm"},
		}},
		{"a room Alexa heard first that begins the sentence: the tenant's words in the order said", linked, []turn{
			{do: utter("ReportRepairIntent", "room=BATHROOM~bath", "problem~coming away from the wall and water's getting behind"), says: []string{"I'll pass on what you told me: bath coming away from the wall and water's getting behind."}},
		}},
		{"an appliance that went bang, nothing burning: the power's guide is offered, not the electrics in general", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the telly went bang and now there's no power"), says: []string{"Is anything sparking, smoking, hot, or smelling of burning?"}, never: []string{"Can you smell gas?", "guide"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"a short guide for checking why your power is off"}, never: []string{"Which room", "Leave your home"}, step: "offer_guide"},
		}},
		{"a smell from a tumble dryer that is burning is the electrics' script", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~my tumble dryer is really hot and smells"), says: []string{"Is anything sparking, smoking, hot, or smelling of burning?"}, never: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			{do: yes, says: []string{"switch the electricity off at the fuse box"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a bath or shower that Alexa took for the room is kept in the words read back", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~panel's come off", "room=BATHROOM~bath"), says: []string{"I'll pass on what you told me: bath panel's come off", "Shall I report it?"}, step: "confirm"},
		}},
		{"a part of a shower and what is wrong with it: the tenant's words, not asked again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~cracked", "room~shower tray"), says: []string{"shower tray cracked", "Shall I report it?"}, never: []string{"what's wrong"}, step: "confirm"},
		}},
		{"kept in by a jammed door: the way out before the lock", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i can't get out of my flat the door's jammed"), says: []string{"If you can't get out and there's a fire, or anyone needs help urgently, call 999"}, never: []string{"Which room"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a tenant who will ring instead hears the number, and nothing is reported", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP"), elicit: "ReportRepairIntent.room"},
			{do: utter("SaysIIntent", "description~will ring them instead"), says: []string{"I haven't reported it", "0808 157 0000", "anything else"}, never: []string{"Which room", "reference"}, outcome: intents.OutcomeRepairDeclined},
		}},
		{"a fizzing meter that is not gas is the electrics", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~there's a fizzing sound from the meter"), says: []string{"Can you smell gas?"}, never: []string{"Leave your home"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"switch the electricity off at the fuse box"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a smell by the fuse box that is not gas is the electrics", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~an odd smell near the fuse box"), says: []string{"Can you smell gas?"}, never: []string{"Leave your home"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"switch the electricity off at the fuse box", "reported it as an emergency"}, never: []string{"Shall I report it?", "a bad smell"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a part of the home with no problem id, and what is wrong with it: taken in the tenant's words, not 'didn't understand'", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~has come away", "room~skirting board"), says: []string{"Which room is it in?"}, never: []string{"didn't understand", "in a few words"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=LIVING_ROOM"), says: []string{"I'll pass on what you told me: skirting board has come away", "Shall I report it?"}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"words joined on with 'oh and' are kept without it", linked, []turn{
			{do: utter("ReportRepairIntent", "description~oh and the front door bell doesnt work", "room=HALLWAY"), says: []string{"I'll pass on what you told me: the front door bell doesnt work."}, never: []string{"told me: oh", "told me: and"}, step: "confirm"},
		}},
		{"no hot water is the whole home's: no room is asked", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=HOT_WATER"), says: []string{"So that's no hot water, throughout your home.", "Shall I report it?"}, never: []string{"Which room"}, step: "confirm"},
			{do: yes, says: []string{"no hot water throughout your home", "Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"a hob that won't light may be letting gas out: asked first, then the tenant's words are reported", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LIGHT~light", "room~hob won't"), says: []string{"Can you smell gas?"}, never: []string{"a light that isn't working"}, step: "safety_check"},
			{do: no, says: []string{"leave it turned off", "I'll pass on what you told me: hob won't light", "Shall I report it?"}, never: []string{"a light that isn't working", "a bad smell"}, step: "confirm"},
		}},
		{"a deaf tenant's smoke alarm with no flashing light is the alarm's repair, not a light's", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~no flashing light", "room~fire alarm"), says: []string{"a smoke alarm that beeps or isn't working", "Which room is it in?"}, never: []string{"a light that isn't working", "in your home"}, elicit: "ReportRepairIntent.room"},
		}},
		{"a handle off the back door, and the door still locks: the door's report in the tenant's words, no room asked", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LOCK_UNSURE~the handle's come off the back door"), says: []string{"Does it stop you locking the door?"}, never: []string{"police", "0808 157 0999"}, step: "safety_check"},
			{do: no, says: []string{"a problem with a door", "I'll pass on what you told me: the handle's come off the back door", "Shall I report it?"}, never: []string{"Which room", "police"}, step: "confirm"},
		}},
		{"a handle off the front door that stops it locking: a home that can't be made secure", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~front door handle is hanging off"), says: []string{"Does it stop you locking the door?"}, step: "safety_check"},
			{do: utter("SaysItIntent", "description~won't lock at all now"), says: []string{"A home you can't lock", "0808 157 0999"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"the back door, as the answer to which room a door is in: the door's report, not the room asked again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DOOR~door"), says: []string{"Which room is it in?"}, elicit: "ReportRepairIntent.room"},
			{do: utter("SaysItsIntent", "description~the back door"), says: []string{"a problem with a door", "I'll pass on what you told me: it's the back door"}, never: []string{"didn't catch", "Which room"}, step: "confirm"},
		}},
		{"a hob that clicks and won't light, with a smell of gas: the gas script", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=COOKER_UNSURE~hob clicks but won't light"), says: []string{"Can you smell gas?"}, step: "safety_check"},
			{do: yes, says: []string{"0800 111 999"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"a visit asked for by when, with someone named: a booking on that day", linked, []turn{
			{do: utter("SaysCanIntent", "description~i see priya on wednesday"), says: []string{"Wednesday", "Shall I book it?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"a coach asked for by name: that coach's visits, while there are any", linked, []turn{
			{do: utter("SaysIdIntent", "description~like priya to come round"), says: []string{"with Priya on Wednesday"}, outcome: intents.OutcomeCoachOffered},
			{do: no, says: []string{"with Priya on Wednesday"}, never: []string{"Sam"}},
			{do: no, says: []string{"with Priya on Friday"}, never: []string{"Sam"}},
		}},
		{"the plumber asked for by when is no coach's visit", linked, []turn{
			{do: utter("SaysCanIntent", "description~the plumber come on tuesday"), says: []string{"in a few words what's wrong?"}, never: []string{"Shall I book it?"}, elicit: "ReportRepairIntent.description"},
		}},
		{"the room said to a guide's offer: heard, and the offer not the same sentence again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TOILET_BLOCKED"), says: []string{"Would you like to try it first?"}},
			{do: utter("ReportRepairIntent", "room=BATHROOM"), says: []string{"OK, in the bathroom. There's a short guide", "Would you like to try it first?"}},
			{do: utter("SaysDownstairsIntent", "description~loo"), says: []string{"Please say yes or no. There's a short guide", "Would you like to try it first?"}},
		}},
		{"an electric shower's pull cord, the shower heard as the room: the shower, not a light", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LIGHT~pull cord", "room=BATHROOM~shower"), says: []string{"So that's a shower that isn't working, in the bathroom."}, never: []string{"light"}, step: "confirm"},
		}},
		{"a meter out of credit is the energy supplier's, not the landlord's", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~run out of gas on my meter"), says: []string{"for your energy supplier, not us", "What would you like to do?"}, never: []string{"0808 157 0000", "didn't understand"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"the code not to hand, in other words: a no", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK"), says: []string{"What's your code?"}, elicit: "LinkHomeIntent.code"},
			{do: utter("SaysIIntent", "description~dunno where i put it"), says: []string{"Your Neighbourhood Coach can give you your code.", "please call us on"}, never: []string{"didn't understand"}, outcome: intents.OutcomeLinkNeeded},
		}},
		{"words about the guide's own problem, part way through: the guide goes on", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of"}},
			{do: next, says: []string{"Step 2 of"}},
			{do: utter("SaysWheresIntent", "description~the filling loop"), says: []string{"Here's that step again. Step 2 of"}, never: []string{"Which room", "Shall I report"}},
			{do: utter("ReportRepairIntent", "problem~found it"), says: []string{"Step 3 of"}},
		}},
		{"a report asked for part way through a guide, problem and room: the report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=DAMP_MOULD"), says: []string{"Step 1 of"}},
			{do: next, says: []string{"Step 2 of"}},
			{do: utter("ReportRepairIntent", "problem=DAMP_MOULD", "room=BATHROOM"), says: []string{"in the bathroom", "Shall I report it?"}, never: []string{"Here's that step again"}, step: "confirm"},
		}},
		{"how it is now, which Alexa resolves to the guide's own problem: the guide goes on", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of"}},
			{do: next, says: []string{"Step 2 of"}},
			{do: utter("ReportRepairIntent", "problem=RADIATOR~cold at the top"), says: []string{"Here's that step again. Step 2 of"}, never: []string{"didn't understand", "Which room", "Shall I report"}},
			{do: utter("ReportRepairIntent", "problem=RADIATOR~still cold at the top"), says: []string{"Step 3 of"}, never: []string{"didn't understand", "Which room", "Shall I report"}},
			{do: utter("ReportRepairIntent", "problem=RADIATOR~report the radiator"), says: []string{"Which room"}, never: []string{"Step "}, elicit: "ReportRepairIntent.room"},
		}},
		{"an ex at the door is someone to be safe from, not the door", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DOOR~the door", "room~ex keeps turning up and banging on"), says: []string{"If you're in danger now, call 999"}, never: []string{"Shall I report", "Which room"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"scared in one's own home", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i'm scared to be", "room=WHOLE_HOME~flat"), says: []string{"If you're in danger now, call 999"}, never: []string{"Shall I report", "few words"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"an age said in figures is who is at home", linked, []turn{
			{do: utter("ReportRepairIntent", "description~i'm 89 and i've got no heating"), says: []string{"no heating", "who's at home"}, never: []string{"guide"}},
		}},
		{"said of the boiler as it, in its guide: the guide goes on", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_LOCKOUT"), says: []string{"Step 1 of"}},
			{do: utter("SaysItsIntent", "description~flashing red"), says: []string{"Here's that step again. Step 1 of"}, never: []string{"roof", "Which room", "Shall I report"}},
		}},
		{"an adaptation asked for: a repair in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i need a grab rail", "room=BATHROOM"), says: []string{"I'll pass on what you told me: i need a grab rail", "in the bathroom"}, never: []string{"didn't understand", "few words"}, step: "confirm"},
		}},
		{"a need an adaptation would meet: a repair in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the bath's too high for me"), says: []string{"I'll pass on what you told me: the bath's too high for me", "in the bathroom"}, never: []string{"didn't understand", "few words"}, step: "confirm"},
		}},
		{"frightened of falling: an adaptation, not antisocial behaviour", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i'm frightened of falling getting out of the bath"), says: []string{"I'll pass on what you told me"}, never: []string{"antisocial", "999"}, step: "confirm"},
		}},
		{"mould said by how it looks, with a child's cough: damp, affecting health", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~black stuff", "room~bedroom wall and my little one keeps coughing"), says: []string{"damp or mould, in a bedroom", "affecting someone's health"}, never: []string{"few words", "didn't understand"}, step: "confirm"},
		}},
		{"a carpet someone tripped on: the tenant's words, not the trip switch", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~ripped and i nearly tripped", "room~stairs carpet"), says: []string{"I'll pass on what you told me: stairs carpet ripped and i nearly tripped"}, never: []string{"tripped switch", "guide"}, step: "confirm"},
		}},
		{"hot water coming out brown: the tenant's words, not no hot water", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~hot water's coming out brown", "room=KITCHEN"), says: []string{"I'll pass on what you told me: hot water's coming out brown", "in the kitchen"}, never: []string{"no hot water", "a leak"}, step: "confirm"},
		}},
		{"a damp patch on the ceiling, the ceiling heard as the room: a leak, no mould guide", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DAMP_MOULD~a damp patch", "room~ceiling under the bathroom"), says: []string{"a leak"}, never: []string{"guide", "damp or mould"}},
		}},
		{"the thing's own word heard as the room: the room is asked, not taken as somewhere else", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK~pipe is leaking", "room~waste"), says: []string{"a leak", "Which room is it in?"}, never: []string{"in your home"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN~kitchen"), says: []string{"a leak, in the kitchen"}},
		}},
		{"a place the skill has no name for, said with the problem: taken as said", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LIGHT~the light", "room~snug doesn't work"), says: []string{"a light that isn't working, in your home. Shall I report it?"}},
		}},
		{"the family named again in the room's answer: the problem stays", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TOILET_RUNNING~toilet keeps running"), says: []string{"a toilet that keeps running", "Which room is it in?"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "problem~downstairs", "room=TOILET_ROOM~loo"), says: []string{"a toilet that keeps running"}, never: []string{"isn't working"}},
		}},
		{"'hang on, someone's at the door', asked which room: take your time, the same question", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP~tap is dripping"), says: []string{"Which room is it in?"}, elicit: "ReportRepairIntent.room"},
			{do: utter("SaysHangOnIntent", "description~someone's at the door"), says: []string{"take your time", "Which room is it in?"}, never: []string{"a door", "didn't catch"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"a dripping or broken tap, in the kitchen"}},
		}},
		{"the phone ringing, in a guide, heard as a problem and a room: take your time", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of"}},
			{do: utter("ReportRepairIntent", "problem~hang", "room~phone's ringing"), says: []string{"take your time", "Ready for the next step?"}, never: []string{"didn't understand"}},
		}},
		{"hot water scalding: the tenant's words, not no hot water", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~hot water is scalding", "room=KITCHEN"), says: []string{"I'll pass on what you told me: hot water is scalding", "in the kitchen"}, never: []string{"no hot water", "guide"}, step: "confirm"},
		}},
		{"someone asked for outright: a report, no guide offered instead", linked, []turn{
			{do: utter("ReportRepairIntent", "description~can you send someone to look at my boiler"), says: []string{"a boiler that isn't working", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"in the kitchen. Shall I report it?"}, never: []string{"guide"}, step: "confirm"},
		}},
		{"someone asked for to look, as the model hands it on: no guide", linked, []turn{
			{do: utter("SaysSomeoneIntent", "description~to come and look at the damp"), says: []string{"damp or mould", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
		}},
		{"someone asked for to fix it: no guide", linked, []turn{
			{do: utter("SaysSomeoneIntent", "description~to fix my boiler"), says: []string{"a boiler that isn't working", "Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
		}},
		{"the bins: the council's, with no landlord number", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~bins haven't been emptied"), says: []string{"for your local council, not us", "What would you like to do?"}, never: []string{"0808 157 0000", "didn't understand"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"fumes from cleaning products in a guide: the advice, then the step again", linked, []turn{
			{do: utter("SelfFixIntent", "problem=SINK_BLOCKED"), says: []string{"Step 1 of"}},
			{do: utter("SaysIIntent", "description~'ve put bleach down and now there's fumes"), says: []string{"Open the windows", "don't mix cleaning products", "Ready for the next step?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"low water pressure: the tenant's words, not what's wrong?", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~water pressure's really low", "room=WHOLE_HOME~whole house"), says: []string{"I'll pass on what you told me: water pressure's really low"}, never: []string{"few words"}, step: "confirm"},
		}},
		{"help asked for with a greeting: what the skill does", linked, []turn{
			{do: utter("ReportRepairIntent", "description~love can you help me"), says: []string{"You can report a repair"}, never: []string{"didn't understand"}, outcome: intents.OutcomeHelp},
		}},
		{"a thing on the wall beeping: the alarm question", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~um the thingy", "room~wall is beeping"), says: []string{"Is it sounding all the time"}, outcome: intents.OutcomeSafetyCheck},
		}},
		{"a coach booked by name: that coach's visit", linked, []turn{
			{do: utter("SaysBookIntent", "description~sam for me"), says: []string{"with Sam", "Shall I book it?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"a smell said in the middle of a report: the question, then the report it interrupted", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=RADIATOR"), says: []string{"Would you like to try it first?"}},
			{do: no, says: []string{"Which room is it in?"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BEDROOM~bedroom", "description~and there's a funny smell too"), says: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"a radiator that isn't heating properly, in a bedroom. Shall I report it?"}, never: []string{"a bad smell", "guide"}, step: "confirm"},
			{do: yes, says: []string{"a radiator that isn't heating properly"}, outcome: intents.OutcomeRepairReported},
		}},
		{"keys lost or a lockout: the office's number, not a door repair", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i've locked myself out"), says: []string{"I can't sort out keys or lockouts here", "0808 157 0000", "What would you like to do?"}, never: []string{"a problem with a door", "Which room"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"no smoke alarm: the landlord's to fit", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~i haven't got a smoke alarm"), says: []string{"a smoke alarm that beeps or isn't working"}, never: []string{"didn't understand", "fire"}, elicit: "ReportRepairIntent.room"},
		}},
		{"no, and done: goodbye, not \"anything else?\"", linked, []turn{
			{do: utter("CheckAppointmentIntent"), says: []string{"Would you like to book one?"}},
			{do: utter("SaysNoIntent", "description~that's all love"), says: []string{"Goodbye. Take care."}, never: []string{"anything else"}, end: true},
		}},
		{"a call back asked for: nothing promised that cannot be done", linked, []turn{
			{do: utter("OutOfScopeIntent", "topic~can someone ring me back"), says: []string{"I can't connect you from here", "0808 157 0000", "What would you like to do?"}, never: []string{"Of course"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"put right part way through a guide: the guide has done its job", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of"}},
			{do: next, says: []string{"Step 2 of"}},
			{do: utter("SaysItsIntent", "description~working now"), says: []string{"That's great. Before you finish: Turn your heating back on"}, never: []string{"Step 3", "close the valve"}, outcome: intents.OutcomeGuideFixed},
		}},
		{"the pressure right with the filling loop open: closed, and the heating on, before going", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of 8"}},
			{do: next, says: []string{"Step 2 of 8"}},
			{do: next, says: []string{"Step 3 of 8"}},
			{do: next, says: []string{"Step 4 of 8"}},
			{do: utter("SaysItsIntent", "description~gone up to one and a half now"), says: []string{"Before you finish: When the needle reaches between one and one and a half bar, close the filling loop taps firmly. Turn your heating back on.", "Well done"}, outcome: intents.OutcomeGuideFixed},
		}},
		{"the toilet's own name heard as the room: which room is asked, and the toilet taken as the answer", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~seat's broken", "room=TOILET_ROOM~loo"), says: []string{"a toilet that isn't working", "Which room is it in?"}, never: []string{"in the toilet"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=TOILET_ROOM~the toilet"), says: []string{"a toilet that isn't working, in the toilet. I'll pass on what you told me: loo seat's broken. Shall I report it?"}, step: "confirm"},
		}},
		{"a toilet said to be downstairs: its own room, not asked", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TOILET~seat's broken", "room=TOILET_ROOM~downstairs loo"), says: []string{"a toilet that isn't working, in the toilet. I'll pass on what you told me: downstairs loo seat's broken. Shall I report it?"}, step: "confirm"},
		}},
		{"a roll holder by the toilet is not the toilet", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~roll holder's come off", "room=TOILET_ROOM~loo"), says: []string{"Which room is it in?"}, never: []string{"a toilet that isn't working"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BATHROOM"), says: []string{"a repair in the bathroom. I'll pass on what you told me: loo roll holder's come off."}, step: "confirm"},
		}},
		{"a washing machine that won't drain is the machine, not the drains", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DRAIN~drain", "room~washing machine won't"), says: []string{"Which room is it in?"}, never: []string{"blocked drain", "still not working"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"I'll pass on what you told me: washing machine won't drain"}, step: "confirm"},
		}},
		{"a radiator too hot to turn off is not offered the bleeding guide", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=RADIATOR~the radiator in the hall is boiling hot and won't turn off"), says: []string{"I'll pass on what you told me"}, never: []string{"guide"}, step: "confirm"},
		}},
		{"the toilet itself, heard as the room, is the toilet", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~keeps leaking", "room=TOILET_ROOM~toilet"), never: []string{"pass on what you told me: toilet"}},
		}},
		{"storage heaters not working: no boiler guide, and the words go with the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=HEATING~storage heaters aren't working"), says: []string{"So that's no heating", "I'll pass on what you told me: storage heaters aren't working", "Shall I report it?"}, never: []string{"guide"}, step: "confirm"},
		}},
		{"mushrooms growing: damp or mould reported in the tenant's words, no condensation guide", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DAMP_MOULD~mushrooms growing", "room=BATHROOM"), says: []string{"So that's damp or mould, in the bathroom. I'll pass on what you told me: mushrooms growing"}, never: []string{"guide"}, step: "confirm"},
		}},
		{"a radiator come off the wall: no bleeding guide, and the words go with the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=RADIATOR~radiator's come off the wall"), says: []string{"Which room is it in?"}, never: []string{"guide", "heating properly"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=BEDROOM"), says: []string{"I'll pass on what you told me: radiator's come off the wall"}, never: []string{"guide"}, step: "confirm"},
		}},
		{"a guide asked for a storage heater: none, and the report keeps the words", linked, []turn{
			{do: utter("SelfFixIntent", "problem=HEATING~storage heater"), says: []string{"I don't have a guide for that", "I can report it as a repair instead"}, never: []string{"Step 1", "for no heating"}},
			{do: yes, says: []string{"I'll pass on what you told me: storage heater", "Shall I report it?"}, never: []string{"guide"}},
		}},
		{"water coming out once the bleed valve is open: the step that closes it, not a report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of 9"}},
			{do: next, says: []string{"Step 2 of 9"}},
			{do: next, says: []string{"Step 3 of 9"}},
			{do: next, says: []string{"Step 4 of 9"}},
			{do: next, says: []string{"Step 5 of 9"}},
			{do: utter("SaysWaterIntent", "description~coming out now"), says: []string{"Step 6 of 9", "turn the key clockwise to close the valve"}, never: []string{"Which room", "Shall I report"}, outcome: intents.OutcomeGuideStep},
		}},
		{"water pouring from the open bleed valve: the flooding script, closing the valve straight after its first sentence", linked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"Step 1 of 9"}},
			{do: next, says: []string{"Step 2 of 9"}},
			{do: next, says: []string{"Step 3 of 9"}},
			{do: next, says: []string{"Step 4 of 9"}},
			{do: next, says: []string{"Step 5 of 9"}},
			{do: utter("SaysWaterIntent", "description~is pouring out and I can't stop it"), says: []string{"Turn off the water at the stopcock, which is often under the kitchen sink. Turn the radiator key clockwise now, to close the valve. Do not force it. Switch off your boiler"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"water pouring from the boiler with the filling loop open: the flooding script, closing the loop straight after its first sentence", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of 8"}},
			{do: next, says: []string{"Step 2 of 8"}},
			{do: next, says: []string{"Step 3 of 8"}},
			{do: next, says: []string{"Step 4 of 8"}},
			{do: utter("SaysWaterIntent", "description~is pouring out of the pipe outside"), says: []string{"Turn off the water at the stopcock, which is often under the kitchen sink. Close the filling loop taps now. Switch off your boiler"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"water pouring before the guide opened anything: the flooding script alone", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE"), says: []string{"Step 1 of 8"}},
			{do: next, says: []string{"Step 2 of 8"}},
			{do: utter("SaysWaterIntent", "description~is pouring out of the pipe outside"), says: []string{"Turn off the water at the stopcock, which is often under the kitchen sink. Switch off your boiler"}, never: []string{"filling loop"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"a step done, in words that say what was done, is the next step", linked, []turn{
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of"}},
			{do: next, says: []string{"Step 2 of"}},
			{do: utter("SaysRightIntent", "description~I've switched it back on"), says: []string{"Step 3 of"}, never: []string{"That's great"}},
		}},
		{"a part of the home with no name here: the tenant's words are the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~lino is lifting", "room=BATHROOM"), says: []string{"I'll pass on what you told me: lino is lifting", "in the bathroom"}, never: []string{"few words"}, step: "confirm"},
		}},
		{"an appliance: the tenant's words are the report, for the team who know whose it is", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~fridge has stopped working", "room=KITCHEN"), says: []string{"I'll pass on what you told me: fridge has stopped working"}, never: []string{"didn't understand"}, step: "confirm"},
		}},
		{"the loft hatch: the tenant's words are the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~loft hatch has fallen down", "room=LOFT"), says: []string{"I'll pass on what you told me: loft hatch has fallen down"}, never: []string{"few words"}, step: "confirm"},
		}},
		{"a cupboard's door heard as the room and a door: not a door of the home", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DOOR_UNSURE~door won't shut", "room~cupboard"), says: []string{"Which room is it in?"}, never: []string{"a door", "outside"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"I'll pass on what you told me: cupboard door won't shut"}, step: "confirm"},
		}},
		{"a doorbell is not a door", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~doorbell's broken"), says: []string{"Which room is it in?"}, never: []string{"a door"}, elicit: "ReportRepairIntent.room"},
		}},
		{"the thing first, as said, when the room's words say what is wrong", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~handrail", "room~stairs has come off the wall"), says: []string{"I'll pass on what you told me: handrail stairs has come off the wall"}, step: "confirm"},
		}},
		{"a gas fire that won't light is no light either", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LIGHT~light", "room~gas fire won't"), says: []string{"Can you smell gas?"}, never: []string{"a light that isn't working"}, step: "safety_check"},
			{do: no, says: []string{"Which room is it in?"}, never: []string{"a light that isn't working"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=LIVING_ROOM"), says: []string{"I'll pass on what you told me: gas fire won't light", "in the living room"}, never: []string{"a light that isn't working"}, step: "confirm"},
		}},
		{"no code, asked to report a repair: the repairs line, and what can be done without one", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK"), says: []string{"What's your code?"}, elicit: "LinkHomeIntent.code"},
			{do: no, says: []string{"Your Neighbourhood Coach can give you your code.", "To report the repair now, please call us on", "fixing things yourself"}, outcome: intents.OutcomeLinkNeeded},
		}},
		{"no code yet, said in words: not a visit asked for", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK"), says: []string{"What's your code?"}, elicit: "LinkHomeIntent.code"},
			{do: utter("ReportRepairIntent", "problem~hasnt given me one yet", "room~my coach"), says: []string{"Your Neighbourhood Coach can give you your code.", "To report the repair now"}, never: []string{"book a visit"}, outcome: intents.OutcomeLinkNeeded},
		}},
		{"no code, asked for a visit: the number to arrange one", unlinked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"What's your code?"}, elicit: "LinkHomeIntent.code"},
			{do: no, says: []string{"To arrange a visit now, please call us on"}, never: []string{"report the repair"}, outcome: intents.OutcomeLinkNeeded},
		}},
		{"a leaking boiler is reported, never offered the guide to its controls", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=BOILER~the boiler's leaking"), says: []string{"OK, a boiler that isn't working. Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"So that's a boiler that isn't working, in the kitchen."}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"a dripping boiler is reported in the tenant's words, never offered the guide to its controls", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=BOILER~the boiler's dripping"), says: []string{"Which room is it in?"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"So that's a boiler that isn't working, in the kitchen. I'll pass on what you told me: the boiler's dripping."}, step: "confirm"},
		}},
		{"an outside door that shuts badly asks whether it still locks", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the back door doesn't shut properly"), says: []string{"Does it stop you locking the door?"}, never: []string{"police", "emergency"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"I'll pass on what you told me: the back door doesn't shut properly"}, never: []string{"police"}, step: "confirm"},
		}},
		{"stairs too much now: an adaptation, in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~are too much for me now", "room=HALLWAY~stairs"), says: []string{"I'll pass on what you told me: stairs are too much for me now"}, never: []string{"what's wrong"}, step: "confirm"},
		}},
		{"cupboards out of reach: an adaptation, in the tenant's words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~cupboards are too high for me", "room=KITCHEN~kitchen"), says: []string{"I'll pass on what you told me: cupboards are too high for me"}, never: []string{"what's wrong"}, step: "confirm"},
		}},
		{"words that wait for the room are read before it", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~nan can't get", "room~bath anymore"), says: []string{"I'll pass on what you told me: nan can't get bath anymore"}},
		}},
		{"a fence is outside, whatever was heard as its room", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the fence blew down", "room~wind"), says: []string{"So that's a problem with a fence or gate, outside.", "Shall I report it?"}, never: []string{"your home"}, step: "confirm"},
		}},
		{"no heating said of one room keeps the room", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=HEATING", "room=BEDROOM"), says: []string{"Would you like to try it first?"}},
			{do: no, says: []string{"no heating, in a bedroom"}, never: []string{"throughout"}},
		}},
		{"a problem heard with no room: what was heard, then the room", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TOILET_NO_FLUSH"), says: []string{"OK, a toilet that won't flush. Which room is it in?"}, elicit: "ReportRepairIntent.room"},
		}},
		{"something to report, no problem named yet, asks what", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~something"), says: []string{"What's the problem?"}, never: []string{"didn't understand"}, elicit: "ReportRepairIntent.problem"},
		}},
		{"words naming nothing at a guide offer keep the problem", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=BOILER"), says: []string{"Would you like to try it first?"}},
			{do: utter("ReportRepairIntent", "room=KITCHEN", "problem~cupboard"), says: []string{"Would you like to try it first?"}},
			{do: no, says: []string{"a boiler that isn't working, in the kitchen"}},
		}},
		{"a funny smell with no room asks the room after the gas question", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~a horrible smell"), says: []string{"Can you smell gas?"}, outcome: intents.OutcomeSafetyCheck},
			{do: no, says: []string{"Which room"}, never: []string{"Leave your home"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=HALLWAY"), says: []string{"a bad smell, in the hall or stairs"}},
		}},
		{"the alarm keeps going off: sounding all the time is fire advice", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the alarm keeps going off"), says: []string{"sounding all the time"}, outcome: intents.OutcomeSafetyCheck},
			{do: yes, says: []string{"get everyone out", "999"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"the alarm keeps going off: a beep now and then is a battery, never fire advice", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the alarm keeps going off"), says: []string{"sounding all the time"}},
			{do: no, never: []string{"999", "get everyone out"}, elicit: "ReportRepairIntent.room"},
		}},
		{"a chirping smoke alarm is a repair, never fire advice", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~the smoke alarm chirps every minute", "room=HALLWAY"), says: []string{"a smoke alarm that beeps", "Shall I report it?"}, never: []string{"999", "get everyone out"}},
		}},
		{"a boiler noise is a problem, not a room", linked, []turn{
			{do: utter("ReportRepairIntent", "room~boiler", "problem~making a banging noise"), says: []string{"Which room"}, never: []string{"boiler, in"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"a noisy boiler, in the kitchen"}},
		}},
		{"the same emergency again within a day reads back its reference", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=FLOODING"), says: []string{"reported it as an emergency"}},
			{do: utter("ReportRepairIntent", "problem~water pouring out everywhere"), says: []string{"You reported this as an emergency earlier"}, never: []string{"I've also reported"}},
			{do: yes, says: []string{"stopcock", "Your reference is"}},
		}},
		{"rent is out of scope: who can help, then what the skill does", linked, []turn{
			{do: utter("OutOfScopeIntent", "topic~I want to pay my rent"), says: []string{"rent", "0808 157 0000", "report a repair"}, never: []string{"guide", "Shall I report"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"out-of-scope words heard as a problem are still out of scope", linked, []turn{
			{do: utter("ReportRepairIntent", "problem~noisy neighbours"), says: []string{"neighbour", "0808 157 0000"}, never: []string{"Which room", "Shall I report"}, outcome: intents.OutcomeOutOfScope},
		}},
		{"asking for a person mid-report keeps the report", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DOOR", "room=BEDROOM"), says: []string{"Shall I report it?"}},
			{do: utter("OutOfScopeIntent", "topic=PERSON"), says: []string{"0808 157 0000", "Shall I report"}, outcome: intents.OutcomeOutOfScope},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"repair, read-back declined saves nothing", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=DOOR", "room=BEDROOM")},
			{do: no, says: []string{"I haven't reported it"}, never: []string{"reference"}, outcome: intents.OutcomeRepairDeclined},
			{do: no, says: []string{"Goodbye"}, end: true, outcome: intents.OutcomeStopped},
		}},
		{"a read-back turned down, then the room put right: the same repair, in the right room", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN"), says: []string{"in the kitchen", "Shall I report it?"}},
			{do: no, says: []string{"I haven't reported it"}, outcome: intents.OutcomeRepairDeclined},
			{do: utter("ReportRepairIntent", "room=BATHROOM~it's in the bathroom"), says: []string{"Sorry about that. So that's a dripping or broken tap, in the bathroom.", "Shall I report it?"}, never: []string{"What's the problem?"}, step: "confirm"},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"repair, guide offered first and declined", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=SINK_BLOCKED"), says: []string{"short guide for", "try it first?"}, step: "offer_guide"},
			{do: no, says: []string{"let's report it", "Which room"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"Shall I report it?"}, never: []string{"guide"}},
		}},
		{"repair, guide offered and taken", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=SINK_BLOCKED", "room=KITCHEN"), says: []string{"short guide"}},
			{do: yes, says: []string{"Step 1 of"}, outcome: intents.OutcomeGuideStarted, flow: intents.FlowSelfFix},
		}},
		{"repair from an unlinked speaker offers the guide before asking for a code", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem=RADIATOR"), says: []string{"short guide for bleeding a radiator"}, never: []string{"code"}, step: "offer_guide"},
			{do: no, says: []string{"let's report it", "six-digit code"}, elicit: "LinkHomeIntent.code", outcome: intents.OutcomeLinkNeeded},
		}},
		{"emergency, gas from a repair report, unlinked speaker still hears it all", unlinked, []turn{
			{do: utter("ReportRepairIntent", "problem=GAS_SMELL"), says: []string{"Leave your home now", "0800 111 999", "emergency repairs line", "isn't linked"}, never: []string{"code", "guide"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"emergency, gas from a self-fix request, linked: saved as emergency", linked, []turn{
			{do: utter("SelfFixIntent", "problem=GAS_SMELL"), says: []string{"National Gas Emergency Service", "reported it as an emergency", "reference"}, never: []string{"Step 1"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"emergency, water in electrics offers to say it again", linked, []turn{
			{do: utter("SelfFixIntent", "problem=WATER_ELECTRICS"), says: []string{"Don't touch", "Shall I say that again?"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: yes, says: []string{"Don't touch"}, outcome: intents.OutcomeEmergencyAdvised},
			{do: no, says: []string{"call now"}, end: true},
		}},
		{"emergency, elicited problem turns out dangerous", unlinked, []turn{
			{do: utter("ReportRepairIntent"), elicit: "ReportRepairIntent.problem"},
			{do: utter("ReportRepairIntent", "problem=CO_ALARM"), says: []string{"carbon monoxide", "0800 111 999"}, outcome: intents.OutcomeEmergencyAdvised, end: true},
		}},
		{"no heating for a vulnerable household in November is an emergency", vulnerable, []turn{
			{do: utter("SelfFixIntent", "problem=HEATING"), says: []string{"treat this as an emergency", "Keep warm", "reported it as an emergency"}, never: []string{"Step 1"}, outcome: intents.OutcomeEmergencyAdvised},
		}},
		{"no heating for another household gets the guide", linked, []turn{
			{do: utter("SelfFixIntent", "problem=HEATING"), says: []string{"Step 1 of"}, outcome: intents.OutcomeGuideStarted},
		}},
		{"guide: next, repeat, back, start over, fixed", unlinked, []turn{
			{do: utter("SelfFixIntent", "problem=RADIATOR"), says: []string{"I can talk you through", "Step 1 of", "Ready for the next step?"}, outcome: intents.OutcomeGuideStarted, step: "1", flow: intents.FlowSelfFix},
			{do: next, says: []string{"Step 2 of"}, never: []string{"talk you through"}, outcome: intents.OutcomeGuideStep, step: "2"},
			{do: utter("AMAZON.RepeatIntent"), says: []string{"Step 2 of"}, step: "2"},
			{do: utter("AMAZON.PreviousIntent"), says: []string{"Step 1 of"}, step: "1"},
			{do: utter("AMAZON.PreviousIntent"), says: []string{"This is the first step", "Step 1 of"}, step: "1"},
			{do: yes, says: []string{"Step 2 of"}, step: "2"},
			{do: utter("AMAZON.StartOverIntent"), says: []string{"from the beginning", "Step 1 of"}, step: "1"},
			{do: utter("AMAZON.HelpIntent"), says: []string{"Say next", "go back"}, outcome: intents.OutcomeHelp},
			{do: next, says: []string{"Step 2 of"}},
			{do: next}, {do: next}, {do: next}, {do: next}, {do: next}, {do: next},
			{do: next, says: []string{"Did that fix it?"}},
			{do: yes, says: []string{"That's great"}, outcome: intents.OutcomeGuideFixed},
		}},
		{"guide not fixed hands over to a repair with the problem filled in", linked, []turn{
			{do: utter("SelfFixIntent", "problem=BOILER_PRESSURE")},
			{do: next}, {do: next}, {do: next}, {do: next}, {do: next}, {do: next},
			{do: next, says: []string{"Did that fix it?"}},
			{do: no, says: []string{"sorry that didn't fix it", "Which room"}, elicit: "ReportRepairIntent.room", outcome: intents.OutcomeGuideNotFixed},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"low boiler pressure, in the kitchen", "Shall I report it?"}},
			{do: yes, says: []string{"Your reference is"}, outcome: intents.OutcomeRepairReported},
		}},
		{"guide not fixed on an unlinked speaker asks for the link code", unlinked, []turn{
			{do: utter("SelfFixIntent", "problem=TOILET_BLOCKED")},
			{do: next}, {do: next}, {do: next}, {do: next}, {do: next},
			{do: next, says: []string{"Did that fix it?"}},
			{do: no, says: []string{"six-digit code"}, elicit: "LinkHomeIntent.code", outcome: intents.OutcomeGuideNotFixed},
			{do: no, says: []string{"Neighbourhood Coach can give you", "fixing things yourself"}},
		}},
		{"guide with no answer: not ready, then leave keeps the place", unlinked, []turn{
			{do: utter("SelfFixIntent", "problem=SINK_BLOCKED")},
			{do: no, says: []string{"No rush", "say that step again?"}},
			{do: no, says: []string{"keep your place"}, outcome: intents.OutcomeGuideLeft},
		}},
		{"a problem without a guide offers a repair report", linked, []turn{
			{do: utter("SelfFixIntent", "problem=DOOR"), says: []string{"don't have a guide for a problem with a door", "Would you like me to do that?"}},
			{do: yes, says: []string{"Which room"}, elicit: "ReportRepairIntent.room"},
		}},
		{"self-fix with no problem asks what to fix", unlinked, []turn{
			{do: utter("SelfFixIntent"), says: []string{"What would you like to fix?"}, elicit: "SelfFixIntent.problem"},
			{do: utter("SelfFixIntent", "problem=TRIP_SWITCH"), says: []string{"Step 1 of"}},
		}},
		{"coach: offer, decline, book, check, cancel", linked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"The next visit I can book is with", "Tuesday the 24th of November at 10 in the morning", "Shall I book it?"}, outcome: intents.OutcomeCoachOffered},
			{do: no, says: []string{"The next one I have", "Tuesday the 24th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachDeclined},
			{do: yes, says: []string{"Booked.", "Tuesday the 24th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachBooked},
			{do: no, end: true},
			{do: utter("CheckAppointmentIntent"), says: []string{"Your next visit is with Sam on Tuesday the 24th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachChecked},
			// The coach asked after by name, as "when's" and the rest.
			{do: utter("SaysWhensIntent", "description~sam coming"), says: []string{"Your next visit is with Sam on Tuesday the 24th of November"}, outcome: intents.OutcomeCoachChecked},
			{do: utter("SaysWhatIntent", "description~time is sam due round"), says: []string{"Your next visit is with Sam"}, outcome: intents.OutcomeCoachChecked},
			{do: utter("BookCoachIntent"), says: []string{"You already have a visit booked"}},
			{do: utter("CancelAppointmentIntent"), says: []string{"Are you sure you want to cancel it?"}},
			{do: yes, says: []string{"I've cancelled your visit"}, outcome: intents.OutcomeCoachCancelled},
			{do: utter("CheckAppointmentIntent"), says: []string{"You don't have a visit booked", "Would you like to book one?"}},
		}},
		{"coach: anything sooner, of the earliest visit, is told so, never offered a later one", linked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"Tuesday the 24th of November at 10 in the morning", "Shall I book it?"}, outcome: intents.OutcomeCoachOffered},
			{do: utter("SaysHaveIntent", "description~you got anything sooner"), says: []string{"That's the earliest visit I have: with", "Tuesday the 24th of November at 10 in the morning", "Shall I book it?"}, never: []string{"didn't understand", "2 in the afternoon"}, outcome: intents.OutcomeCoachOffered},
			{do: no, says: []string{"Tuesday the 24th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachDeclined},
			{do: utter("ReportRepairIntent", "problem~anything earlier"), says: []string{"That's the earliest I have, after the ones you said no to: with", "2 in the afternoon"}, outcome: intents.OutcomeCoachOffered},
			{do: yes, says: []string{"Booked.", "2 in the afternoon"}, outcome: intents.OutcomeCoachBooked},
		}},
		{"coach: a named day narrows the search", linked, []turn{
			{do: utter("BookCoachIntent", "date=2026-11-26", "time=AF"), says: []string{"Thursday the 26th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachOffered},
			// Which day and part of it were looked at, so "what about
			// Monday" is heard to keep the afternoon.
			{do: no, says: []string{"no free visits on Thursday the 26th of November in the afternoon", "other days?"}, outcome: intents.OutcomeCoachNoneFree},
			{do: yes, says: []string{"Tuesday the 24th of November at 10 in the morning"}},
		}},
		{"coach: a visit turned down is not offered again when the search is widened", linked, []turn{
			{do: utter("BookCoachIntent", "date=2026-11-24", "time=MO"), says: []string{"Tuesday the 24th of November at 10 in the morning"}, outcome: intents.OutcomeCoachOffered},
			{do: no, says: []string{"other days?"}, outcome: intents.OutcomeCoachNoneFree},
			{do: yes, never: []string{"Tuesday the 24th of November at 10 in the morning"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: the day on offer turned down without naming it", linked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"Tuesday the 24th of November", "Shall I book it?"}, outcome: intents.OutcomeCoachOffered},
			{do: utter("ReportRepairIntent", "problem~doctors that day"), says: []string{"Shall I book it?"}, never: []string{"24th of November", "didn't understand"}, outcome: intents.OutcomeCoachDeclined},
			{do: utter("SaysIVeIntent", "description~got the hospital that day"), says: []string{"Shall I book it?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeCoachDeclined},
		}},
		{"coach: lonely, a kind word before a visit is offered", linked, []turn{
			{do: utter("SaysIMIntent", "description~lonely"), says: []string{"I'm sorry things are hard at the moment.", "Shall I book it?"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: a visit asked for plainly, no such word", linked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"Shall I book it?"}, never: []string{"things are hard"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: 'yes, in the afternoon', asked whether to book one, offers an afternoon", linked, []turn{
			{do: utter("CheckAppointmentIntent"), says: []string{"Would you like to book one?"}},
			{do: utter("SaysYesIntent", "description~in the afternoon please"), says: []string{"in the afternoon. Shall I book it?"}, never: []string{"in the morning"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: a day with no visits is named back", linked, []turn{
			{do: utter("BookCoachIntent", "date=2026-11-29"), says: []string{"no free visits on Sunday the 29th of November", "other days?"}, outcome: intents.OutcomeCoachNoneFree},
			{do: yes, says: []string{"Tuesday the 24th of November"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: a bare afternoon hour means the afternoon", linked, []turn{
			{do: utter("BookCoachIntent", "date=2026-11-24", "time=02:00"), says: []string{"Tuesday the 24th of November at 2 in the afternoon"}, outcome: intents.OutcomeCoachOffered},
		}},
		{"coach: a weekend with no visits", linked, []turn{
			{do: utter("BookCoachIntent", "date=2026-W48-WE"), says: []string{"no more free visits"}, outcome: intents.OutcomeCoachNoneFree},
			{do: no, says: []string{"call us on"}, outcome: intents.OutcomeCoachNoneFree},
		}},
		{"coach: unlinked speaker is told how to link, not refused", unlinked, []turn{
			{do: utter("BookCoachIntent"), says: []string{"book a visit from your coach", "six-digit code"}, elicit: "LinkHomeIntent.code", outcome: intents.OutcomeLinkNeeded},
		}},
		{"status: open repairs read back", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=WINDOW", "room=BEDROOM")},
			{do: yes},
			{do: utter("RepairStatusIntent"), says: []string{"You have 1 open repair", "A problem with a window, reported on Monday the 23rd of November", "routine"}, outcome: intents.OutcomeStatusRead, flow: intents.FlowStatus},
		}},
		{"status: none open offers a report", linked, []turn{
			{do: utter("RepairStatusIntent"), says: []string{"don't have any open repairs", "Would you like to report one?"}, outcome: intents.OutcomeStatusRead},
			{do: yes, says: []string{"What's the problem?"}, elicit: "ReportRepairIntent.problem"},
		}},
		{"status asked after in other words, one reported another way: the team's number", linked, []turn{
			{do: utter("SaysCanIntent", "description~you tell me when my repair is being done"), says: []string{"don't have any open repairs with Home Helper", "If you reported one another way", "Would you like to report one?"}, never: []string{"didn't understand"}, outcome: intents.OutcomeStatusRead},
		}},
		{"a repair chased, with nothing open here: reported, not a guide", linked, []turn{
			{do: utter("SaysIIntent", "description~reported the boiler last week and nobody's come"), says: []string{"a boiler that isn't working", "Which room"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
		}},
		{"a repair waited for, with nothing open here: reported, not a guide", linked, []turn{
			{do: utter("SaysIMIntent", "description~still waiting for someone to fix my boiler"), says: []string{"a boiler that isn't working", "Which room"}, never: []string{"guide"}, elicit: "ReportRepairIntent.room"},
		}},
		{"no to the menu is goodbye", unlinked, []turn{
			{do: launch(), says: []string{"What would you like to do?"}, outcome: intents.OutcomeWelcomed},
			{do: no, says: []string{"Goodbye"}, never: []string{"yes or no to"}, outcome: intents.OutcomeStopped, end: true},
		}},
		{"built-ins outside a flow", unlinked, []turn{
			{do: utter("AMAZON.HelpIntent"), says: []string{"For example"}, outcome: intents.OutcomeHelp, flow: intents.FlowHelp},
			{do: utter("AMAZON.FallbackIntent"), says: []string{"didn't understand", "For example"}, outcome: intents.OutcomeNotUnderstood},
			{do: yes, says: []string{"not sure what that's a yes or no to"}, outcome: intents.OutcomeNotUnderstood},
			{do: next, says: []string{"not in a guide"}},
			{do: utter("AMAZON.NavigateHomeIntent"), says: []string{"report a repair"}},
			{do: utter("SomeIntentFromTheFuture"), says: []string{"can't help with that"}, outcome: intents.OutcomeNotUnderstood},
			{do: utter("AMAZON.StopIntent"), says: []string{"Goodbye"}, end: true, outcome: intents.OutcomeStopped},
		}},
		{"cancel during a read-back says nothing was reported", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN")},
			{do: utter("AMAZON.CancelIntent"), says: []string{"haven't reported anything"}, end: true, outcome: intents.OutcomeRepairDeclined},
		}},
		{"fallback inside a yes/no question asks it again", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=TAP", "room=KITCHEN")},
			{do: utter("AMAZON.FallbackIntent"), says: []string{"Please say yes or no", "Shall I report"}, outcome: intents.OutcomeNotUnderstood},
			{do: yes, outcome: intents.OutcomeRepairReported},
		}},
		{"after a guide is declined, words not understood hear no guide words", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=SINK_BLOCKED")},
			{do: no, elicit: "ReportRepairIntent.room"},
			{do: utter("AMAZON.FallbackIntent"), says: []string{"Which room is it in?"}, never: []string{"next", "go back", "guide"}, elicit: "ReportRepairIntent.room"},
			{do: utter("AMAZON.StopIntent"), says: []string{"Goodbye"}, never: []string{"place"}, end: true},
		}},
		{"a yes at the room question keeps the repair", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=LEAK"), elicit: "ReportRepairIntent.room"},
			{do: yes, says: []string{"Which room is it in?"}, never: []string{"yes or no to"}, elicit: "ReportRepairIntent.room"},
			{do: utter("ReportRepairIntent", "room=KITCHEN"), says: []string{"So that's a leak, in the kitchen"}},
		}},
		{"help at a guide offer keeps the repair", linked, []turn{
			{do: utter("ReportRepairIntent", "problem=RADIATOR", "room=BEDROOM")},
			{do: utter("AMAZON.HelpIntent"), says: []string{"Would you like to try it first?"}, never: []string{"What would you like to do?"}},
			{do: no, says: []string{"a radiator that isn't heating properly, in a bedroom", "Shall I report it?"}},
		}},
		{"session end records its reason and says nothing", unlinked, []turn{
			{do: launch()},
			{do: func(c *convo) intents.Response { return c.end("EXCEEDED_MAX_REPROMPTS") }, outcome: intents.OutcomeEnded, end: true},
		}},
	}
	for _, tt := range tests {
		for _, g := range []guess{noGuess, rightGuess, wrongGuess} {
			t.Run(tt.name+"/"+g.String(), func(t *testing.T) {
				conversation(t, newGuessingFixture(t, g), tt.who, tt.turns)
			})
		}
	}
}

// conversation plays turns from who, checking each answer.
func conversation(t *testing.T, f *fixture, w who, turns []turn) {
	t.Helper()
	var c *convo
	switch w {
	case unlinked:
		c = f.speaker("speaker-new")
	case linked:
		c, _ = f.linked("HH-1", false)
	case vulnerable:
		c, _ = f.linked("HH-V", true)
	}
	for i, tu := range turns {
		r := tu.do(c)
		speech := plain(r)
		for _, want := range tu.says {
			if !strings.Contains(speech, want) {
				t.Errorf("turn %d: speech %q\n does not say %q", i+1, speech, want)
			}
		}
		for _, bad := range tu.never {
			if strings.Contains(strings.ToLower(speech), strings.ToLower(bad)) {
				t.Errorf("turn %d: speech %q\n says %q", i+1, speech, bad)
			}
		}
		if r.End != tu.end {
			t.Errorf("turn %d: end session = %v, want %v (%q)", i+1, r.End, tu.end, speech)
		}
		var gotElicit string
		if r.Elicit != nil {
			gotElicit = r.Elicit.Intent + "." + r.Elicit.Slot
		}
		if gotElicit != tu.elicit {
			t.Errorf("turn %d: elicit %q, want %q", i+1, gotElicit, tu.elicit)
		}
		ev := f.lastEvent()
		if tu.outcome != "" && ev.Outcome != tu.outcome {
			t.Errorf("turn %d: outcome %q, want %q", i+1, ev.Outcome, tu.outcome)
		}
		if tu.flow != "" && ev.Flow != tu.flow {
			t.Errorf("turn %d: flow %q, want %q", i+1, ev.Flow, tu.flow)
		}
		if tu.step != "" && ev.Step != tu.step {
			t.Errorf("turn %d: step %q, want %q", i+1, ev.Step, tu.step)
		}
	}
}

func TestRepairSavedOnlyOnYes(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-1", false)
	c.say("ReportRepairIntent", "problem=LEAK", "room=KITCHEN")
	if open, _ := f.store.OpenRepairs(context.Background(), h.ID); len(open) != 0 {
		t.Fatalf("saved before the tenant said yes: %+v", open)
	}
	c.say("AMAZON.YesIntent")
	open, _ := f.store.OpenRepairs(context.Background(), h.ID)
	if len(open) != 1 {
		t.Fatalf("open repairs = %d, want 1", len(open))
	}
	r := open[0]
	if r.Problem != "LEAK" || r.Room != "KITCHEN" || r.Priority != intents.Urgent || r.Status != intents.StatusReported {
		t.Errorf("saved %+v", r)
	}
	ev := f.lastEvent()
	if ev.RepairRef != r.Ref || !strings.Contains(c.last.Speech, r.Ref) {
		t.Errorf("event ref %q, speech %q, saved ref %q", ev.RepairRef, c.last.Speech, r.Ref)
	}
	if c.last.Card == nil || !strings.Contains(c.last.Card.Title, r.Ref) {
		t.Errorf("card %+v does not show the reference", c.last.Card)
	}
}

func TestGuideTriedIsRecordedOnTheRepair(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-1", false)
	c.say("SelfFixIntent", "problem=SINK_BLOCKED")
	for c.state.Pending != "guide_fixed" {
		c.say("AMAZON.NextIntent")
	}
	c.say("AMAZON.NoIntent")
	c.say("ReportRepairIntent", "room=KITCHEN")
	c.say("AMAZON.YesIntent")
	open, _ := f.store.OpenRepairs(context.Background(), h.ID)
	if len(open) != 1 || !open[0].GuideTried || open[0].Problem != "SINK_BLOCKED" {
		t.Fatalf("repairs %+v, want one SINK_BLOCKED with GuideTried", open)
	}
	if ev := f.lastEvent(); !ev.GuideTried || ev.Outcome != intents.OutcomeRepairReported {
		t.Errorf("event %+v", ev)
	}
}

func TestGuideResumesNextVisit(t *testing.T) {
	f := newFixture(t)
	c := f.speaker("speaker-resume")
	c.say("SelfFixIntent", "problem=RADIATOR")
	c.say("AMAZON.NextIntent")
	c.say("AMAZON.NextIntent")
	r := c.say("AMAZON.StopIntent")
	if !r.End || !strings.Contains(plain(r), "keep your place") {
		t.Fatalf("stop mid-guide: %q", plain(r))
	}
	if ev := f.lastEvent(); ev.Outcome != intents.OutcomeGuideLeft || ev.Step != "3" {
		t.Errorf("stop event %+v", ev)
	}
	r = c.launch()
	if !strings.Contains(plain(r), "on step 3 of bleeding a radiator") || !strings.Contains(plain(r), "Shall we carry on?") {
		t.Fatalf("launch: %q", plain(r))
	}
	r = c.say("AMAZON.YesIntent")
	if !strings.Contains(plain(r), "Step 3 of") {
		t.Errorf("resume: %q", plain(r))
	}
	if ev := f.lastEvent(); ev.Outcome != intents.OutcomeGuideResumed {
		t.Errorf("resume outcome %q", ev.Outcome)
	}

	// "Carry on" in a new session also picks it up.
	c.say("AMAZON.StopIntent")
	r = c.say("AMAZON.NextIntent")
	if !strings.Contains(plain(r), "Step 3 of") {
		t.Errorf("carry on: %q", plain(r))
	}
}

func TestLinking(t *testing.T) {
	tests := []struct {
		name    string
		codes   []string // said in order; "good" is the household's code
		says    string
		outcome intents.Outcome
		linked  bool
	}{
		{"good code links and explains what is kept", []string{"good"}, "we keep a note of what you use Home Helper for", intents.OutcomeLinked, true},
		{"wrong code is refused", []string{"123456"}, "that code didn't work", intents.OutcomeLinkFailed, false},
		{"malformed code is refused", []string{"12"}, "that code didn't work", intents.OutcomeLinkFailed, false},
		{"leading zero cannot be a code", []string{"012345"}, "that code didn't work", intents.OutcomeLinkFailed, false},
		{"five wrong codes lock the speaker out, even before the good one", []string{"111111", "222222", "333333", "444444", "555555", "good"}, "can't take any more codes", intents.OutcomeLinkFailed, false},
		{"a wrong code then the good one", []string{"111111", "good"}, "now linked", intents.OutcomeLinked, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			h := f.enrol("HH-L", false)
			c := f.speaker("speaker-link")
			var r intents.Response
			for _, code := range tt.codes {
				if code == "good" {
					code = h.LinkCode
				}
				r = c.say("LinkHomeIntent", "code~"+code)
			}
			if !strings.Contains(plain(r), tt.says) {
				t.Errorf("speech %q does not say %q", plain(r), tt.says)
			}
			if ev := f.lastEvent(); ev.Outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", ev.Outcome, tt.outcome)
			}
			_, err := f.store.HouseholdForSpeaker(context.Background(), c.speaker)
			if (err == nil) != tt.linked {
				t.Errorf("linked = %v, want %v", err == nil, tt.linked)
			}
		})
	}
}

func TestLinkingTwiceAndCodeSpent(t *testing.T) {
	f := newFixture(t)
	h := f.enrol("HH-L", false)
	a := f.speaker("speaker-a")
	a.say("LinkHomeIntent", "code~"+h.LinkCode)
	r := a.say("LinkHomeIntent", "code~"+h.LinkCode)
	if !strings.Contains(plain(r), "already linked") {
		t.Errorf("second link: %q", plain(r))
	}
	b := f.speaker("speaker-b")
	r = b.say("LinkHomeIntent", "code~"+h.LinkCode)
	if !strings.Contains(plain(r), "didn't work") {
		t.Errorf("spent code on another speaker: %q", plain(r))
	}
}

func TestLinkThenCarryOnWithRepair(t *testing.T) {
	f := newFixture(t)
	h := f.enrol("HH-C", false)
	c := f.speaker("speaker-c")
	r := c.say("ReportRepairIntent", "problem=DOOR", "room=KITCHEN")
	if c.elicit == nil || c.elicit.Intent != "LinkHomeIntent" {
		t.Fatalf("want a code elicitation, got %q", plain(r))
	}
	r = c.say("LinkHomeIntent", "code~"+h.LinkCode)
	if !strings.Contains(plain(r), "now linked") || !strings.Contains(plain(r), "a problem with a door, in the kitchen") {
		t.Fatalf("after linking: %q", plain(r))
	}
	r = c.say("AMAZON.YesIntent")
	if !strings.Contains(plain(r), "Your reference is") {
		t.Errorf("report after linking: %q", plain(r))
	}
}

func TestReturningHouseholdHearsShorterWelcome(t *testing.T) {
	f := newFixture(t)
	c, _ := f.linked("HH-R", false)
	first := plain(c.launch())
	c.say("AMAZON.StopIntent")
	second := plain(c.launch())
	if !strings.HasPrefix(second, "Welcome back") || len(second) >= len(first) {
		t.Errorf("first %q\nsecond %q", first, second)
	}
}

func TestEveryEventOfALinkedSpeakerNamesItsHousehold(t *testing.T) {
	f := newFixture(t)
	c, h := f.linked("HH-E", false)
	c.say("SelfFixIntent", "problem=RADIATOR")
	c.say("AMAZON.NextIntent")
	c.say("AMAZON.HelpIntent")
	c.say("AMAZON.FallbackIntent")
	c.say("AMAZON.StopIntent")
	c.end("USER_INITIATED")
	for _, e := range f.store.All() {
		if e.HouseholdID != h.ID {
			t.Errorf("%s %s: household %q, want %q", e.RequestType, e.Intent, e.HouseholdID, h.ID)
		}
	}
}

func TestLinkingCountsAsUse(t *testing.T) {
	f := newFixture(t)
	h := f.enrol("HH-U", false)
	c := f.speaker("speaker-u")
	c.say("LinkHomeIntent", "code~"+h.LinkCode)
	c.say("AMAZON.StopIntent")
	if r := c.launch(); !strings.HasPrefix(plain(r), "Welcome back") {
		t.Errorf("launch after linking: %q", plain(r))
	}
	all, _ := f.store.ListHouseholds(context.Background())
	if len(all) != 1 || all[0].LastUsed.IsZero() {
		t.Errorf("last used not recorded: %+v", all)
	}
}

func TestOneShotSessionCountsAsUse(t *testing.T) {
	f := newFixture(t)
	c, _ := f.linked("HH-O", false)
	c.say("CheckAppointmentIntent") // "ask home helper when my coach is coming"
	all, _ := f.store.ListHouseholds(context.Background())
	if all[0].LastUsed.IsZero() {
		t.Errorf("a one-shot request did not record use")
	}
}
