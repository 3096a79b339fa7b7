package intents

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is the skill's own reading of a tenant's words: the one danger
// list, and the everyday words for problems and for things the skill does
// not do. Alexa resolves slot values against the interaction model's
// synonyms, but tenants rarely use the landlord's word for a danger ("a
// whiff of sulphur", "the plug's gone black and it crackles"), and a slot
// value Alexa could not resolve still reaches us as the words it heard. So
// every problem, room, description and topic value is read here too, and a
// danger found here wins over whatever Alexa resolved (see dangerIn).
//
// The rules are cues, not grammar: a rule matches when each of its groups
// has a word or phrase somewhere in the text and none of its "unless"
// phrases does. A pattern ending in * matches any word starting so
// ("spark*": sparks, sparking). Rules are tried in order, most urgent
// first, so "smoke from the socket" is electrical and "smoke in the
// kitchen" is fire. The sources for what counts as dangerous, and for how
// tenants describe it, are in docs/conversation.md; the model's synonyms for
// every dangerous id must read back as that id (skill-package's tests), so
// the model and this list cannot drift apart.

// cue is a set of alternative words or phrases.
type cue []string

// rule gives id to a text in which every group of all has a match and no
// phrase of unless does, once the words of mask are blanked out. only, when
// set, requires the text to be nothing but the matched words and fillers
// ("gas", "the gas").
type rule struct {
	id     string
	all    []cue
	mask   cue
	unless cue
	only   bool
}

// Word groups the danger rules share.
var (
	toiletWords = cue{"toilet*", "loo", "loos", "lav", "lavatory", "lavvy", "bog", "khazi", "cludgie*", "netty", "dunny", "wc"}
	smellCue    = cue{"smell*", "smelt", "whiff*", "stink*", "stench", "pong*", "reek*", "niff*", "odour*", "odor*", "sniff*", "honk*"}
	// smellDenied are a smell said not to be there.
	smellDenied = cue{"no smell", "not a smell", "no funny smell", "doesnt smell", "dont smell", "cant smell anything", "cant smell it", "smell nothing"}
	// notWater is smoke or sparks said with water's words ("smoke pouring
	// out of the socket").
	// glassNotWindow is glass that, broken, leaves the home as secure as
	// it was: an oven door, a shower screen, a dropped glass.
	glassNotWindow = cue{"oven*", "cooker*", "hob", "hobs", "shower*", "screen*", "table*", "mirror*", "greenhouse*", "cold frame*", "cupboard*", "cabinet*", "unit", "units", "fridge*", "microwave*", "tv", "telly", "television", "picture*", "vase*", "bottle*", "mug*", "cup", "cups", "fish tank*", "aquarium*", "lampshade*", "light shade*", "bulb*", "ornament*", "phone*", "glasses", "a glass", "wine glass*", "drinking glass*", "jar*", "dish*", "bowl*", "dropped", "kettle*"}

	notWater = cue{"smoke pouring", "smoke is pouring", "smoke pours", "smoke poured", "pouring smoke", "pouring out smoke", "pouring with smoke", "flames pouring", "sparks pouring", "smoke gushing", "gushing smoke", "smoke spraying", "spraying sparks", "sparks spraying"}
	waterCue = cue{"water", "waters", "leak*", "drip*", "wet", "flood*", "pour*", "soak*", "trickl*", "seep*", "gush*", "spray*", "puddle*", "rain", "raining", "sopping"}
	// powerItems are the electrics by name; a bare "plug" is one only when
	// nothing says it is a sink's (see plugMask).
	powerItems = cue{"socket*", "plug", "plugs", "the box", "box is", "box keeps", "box has", "box was", "box making", "fuse*", "fusebox*", "consumer unit*", "electric*", "wiring", "wires", "cable*", "extension lead*", "extension cable*", "extension socket*", "charger*", "adaptor*", "adapter*", "meter box", "meter cupboard*", "electric cupboard*", "electrics cupboard*", "leccy*", "lecky*", "electric box", "electrics box", "fuse board", "trip box", "electric meter*", "trip switch*", "circuit breaker*", "breaker*", "light switch*", "switch", "switches", "spotlight*", "downlight*", "light fitting*", "ceiling light*", "ceiling rose", "extractor fan*", "shower unit", "electric shower"}
	// electricsSmelt are the electrics a smell can only come from: not the
	// fuse box or the meter, which are often by the gas meter.
	electricsSmelt = cue{"socket*", "plug socket*", "extension lead*", "extension cable*", "extension socket*", "charger*", "adaptor*", "adapter*", "light switch*", "light fitting*", "spotlight*", "downlight*", "ceiling light*", "ceiling rose", "wiring", "the electrics", "electric shower", "shower unit"}
	// electricThings are things at home that run on electricity alone:
	// not a cooker, hob, oven, fire or heater, which may burn gas, nor a
	// fridge, whose smell is its food, nor a bulb, which blows with a
	// bang and is only a bulb, nor the fuse box, which is often by the gas
	// meter.
	electricThings = cue{"washing machine*", "tumble dryer*", "dryer*", "dishwasher*", "telly", "tellys", "tv", "television*", "kettle*", "toaster*", "microwave*", "electric fire*", "electric heater*", "storage heater*", "fan heater*", "panel heater*", "oil heater*", "immersion*", "hairdryer*", "hair dryer*", "straighteners", "hoover*", "vacuum*", "iron", "computer*", "laptop*"}
	lightItems     = cue{"light", "lights", "lamp*", "bulb*", "big light", "light shade", "lampshade", "pull cord*", "pullcord*"}
	alarmCue       = cue{"fire one", "smoke one", "smoke alarm*", "smoke detector*", "fire alarm*", "heat alarm*", "heat detector*", "smoke sensor*", "alarm", "alarms", "detector*", "siren*", "sounder*", "beeping on the ceiling", "thing on the ceiling"}
	symptomCue     = cue{"headache*", "head ache*", "head is banging", "heads banging", "head banging", "head is been banging", "head has been banging", "head been banging", "head is been pounding", "head has been pounding", "head been pounding", "head is been thumping", "head has been thumping", "head been thumping", "head is been throbbing", "head has been throbbing", "head been throbbing", "head is been splitting", "head has been splitting", "head been splitting", "head is been killing me", "head has been killing me", "head been killing me", "banging head*", "splitting head*", "throbbing head*", "head is thumping", "head is throbbing", "head is splitting", "head is killing me", "head is pounding", "heads pounding", "head pounding", "pounding head*", "thumping head*", "heads are thumping", "heads are pounding", "heads are banging", "heads thumping", "heads killing", "heads are killing", "dizz*", "light headed", "lightheaded", "nause*", "sick", "vomit*", "faint*", "drowsy", "sleepy", "falling asleep", "nodding off", "dozing off", "unwell", "ill", "poorly", "breathless", "short of breath", "cant breathe", "cant breath", "groggy", "woozy", "queasy", "feel funny", "feeling funny", "feel rough", "feeling rough", "feel weird", "feeling weird", "feel strange", "feeling strange", "feel odd", "feeling odd", "muzzy", "fuzzy head*", "head is fuzzy", "head is muzzy"}
	gasItems       = cue{"boiler*", "gas fire*", "fire", "heater*", "cooker*", "hob", "hobs", "oven*", "flue*", "appliance*", "gas", "water heater*", "back boiler*"}
	internal       = cue{"door closer*", "letterbox*", "letter box*", "doorbell*", "door bell*", "knocker", "spy hole", "peephole", "draught*", "bedroom*", "bathroom*", "kitchen door", "cupboard*", "press door", "the press", "toilet", "wardrobe*", "internal", "living room", "lounge", "shed", "garage", "loo", "airing", "inside door*", "room door*"}
	// Masks blank out words that only look like a cue: the "fire" of a
	// gas fire, the "hot" of hot water, the "plug" of a sink.
	fireMask  = cue{"fire one", "gas fire*", "electric fire*", "fire door*", "fire escape", "fireplace", "fire place", "fire alarm*", "fire safety", "fire risk", "fire check*"}
	plugMask  = cue{"sink plug*", "bath plug*", "basin plug*", "plug hole*", "plughole*", "plug in the sink", "plug in the bath", "plug in the basin", "plug chain", "pull the plug", "pulled the plug", "plug out of the bath", "plug out of the sink"}
	powerMask = append(cue{"box room", "the box room", "hot water", "hot tap*", "electric bill*", "electricity bill*", "electric blanket*", "electric fire*", "electric heater*", "house extension", "kitchen extension", "rear extension", "back extension", "switch on", "switch off", "switched on", "switched off", "switch it on", "switch it off", "switch the water", "switch the heating", "switch the boiler", "water pressure", "water bill*"}, plugMask...)
	lightMask = cue{"smoke alarm*", "smoke detector*", "fire alarm*", "heat alarm*", "smoke sensor*", "boiler light*", "red light*", "pilot light*", "warning light*", "flashing light*", "light rain", "light drizzle", "daylight", "light on the boiler", "lights on the boiler", "green light*", "light drip*", "light leak*", "torch", "hot water"}
	alarmMask = cue{"burglar alarm*", "car alarm*", "intruder alarm*", "security alarm*", "alarm clock*", "house alarm*", "door alarm*", "alarm system", "personal alarm*", "pendant alarm*", "careline alarm*", "lifeline alarm*"}
)

// ceilingFalling is a ceiling said to be coming down, whatever else is
// near it. Water "coming down the wall near the socket" is not.
var ceilingFalling = cue{"bulg*", "sagg*", "sags", "sagged", "belly*", "bellied", "collaps*", "caving", "caved", "cave in", "ballooning", "about to burst", "going to burst", "ceiling coming down", "ceiling is coming down", "ceiling has come down", "ceiling come down", "ceiling came down", "ceilings coming down", "it is coming down", "plaster coming down", "plaster is coming down", "giving way", "give way", "about to fall", "going to fall"}

// smellOfBurning is every way of saying a smell of burning: "pongs of
// burning", "a whiff of something burnt".
var smellOfBurning = func() cue {
	var c cue
	for _, smell := range smellCue {
		for _, of := range []string{" of ", " like ", " "} {
			for _, burning := range []string{"burning", "burnt", "burned", "something burning", "something burnt"} {
				c = append(c, smell+of+burning)
			}
		}
		c = append(c, "burning "+smell, "burnt "+smell)
	}
	return c
}()

// dangerRules is the danger list: every id here is an emergency, or one of
// the two questions asked when the words leave it open (askSmell,
// askAlarm). The order is the order of urgency when words fit two rules.
var dangerRules = []rule{
	// Fire is 999 first, whatever else is said.
	{id: "FIRE", mask: fireMask, all: []cue{{"on fire", "caught fire", "catch fire", "catching fire", "caught alight", "set fire", "set alight", "fire started", "started a fire", "there is a fire", "there is a fire", "had a fire", "fire broke out", "fire spreading", "fire brigade", "fire service", "ablaze", "blaze", "blazing", "in flames", "flames coming", "flames from", "flames out", "flames everywhere", "flames in", "flames on the", "burning down", "going up in flames", "chip pan fire", "pan fire", "house fire", "kitchen fire", "bin fire", "electrical fire", "alight", "is alight", "pan is caught", "pan caught", "chip pan is caught", "has caught", "gone up in flames", "went up in flames", "is flames", "are flames", "now flames", "flames now", "set light to", "caught light", "catch light", "catching light", "gone up in smoke"}},
		unless: cue{"yellow*", "orange*", "lazy", "floppy", "sooty", "not blue", "pilot"}},
	{id: "FIRE", all: []cue{{"fire", "fires"}}, only: true},
	{id: "FIRE", mask: fireMask, all: []cue{{"fire", "fires"}, {"upstairs", "downstairs", "kitchen", "bedroom", "living room", "lounge", "hall", "flat", "house", "room", "started", "spreading", "fire in", "fire on", "fire at", "fire by", "fire near", "fire outside", "landing", "bin*", "stairwell", "communal", "the block", "garden", "shed", "garage"}}, unless: cue{"gas fire", "electric fire", "fire isnt", "fire wont", "fire doesnt", "fire isnt", "fire door*", "fire alarm*", "fire brigade said", "by the fire", "soot*", "flue", "orange*", "yellow*", "lazy", "floppy", "isnt working", "not working", "wont come on", "wont light", "wont turn on", "doesnt work", "dont work", "broken", "needs fixing", "needs a service", "not lighting"}},
	{id: "FIRE", all: []cue{{"burn*", "caught", "gone up", "went up", "go up", "flared up", "flares up", "flare up", "on fire", "smoulder*", "smolder*", "flaming", "ablaze", "in flames", "alight", "charred"}, {"pan*", "curtain*", "toaster*", "cooker*", "oven*", "telly*", "tv", "sofa*", "settee*", "bin*", "bed", "beds", "mattress*", "tea towel*", "tumble*", "dryer*", "microwave*", "chair*", "carpet*", "rug*", "candle*", "christmas tree", "kitchen", "fat", "oil", "grill*", "fryer*", "heater*", "wall*", "roof", "loft", "flat", "house", "room", "upstairs", "downstairs", "shed", "garage", "stairs"}},
		// A smell of burning, however it is said, is not yet a fire: the
		// electrics, or the smell question, decide.
		unless: append(cue{"something burnt", "somethings burnt", "something is burnt", "burnt food", "burnt toast", "burnt dinner", "i burnt", "burnt my", "burnt the dinner", "burnt the toast", "orange*", "yellow*", "not blue", "instead of blue", "isnt blue", "lazy", "floppy", "toast", "burnt food", "burnt the", "burned the dinner", "burnt dinner", "hob is burning my", "sunburn*", "heartburn", "burning sensation", "gas fire", "electric fire"}, smellOfBurning...)},

	// Gas, and carbon monoxide by its alarm or its signs.
	{id: "GAS_SMELL", all: []cue{{"gas", "gassy"}, {"smell*", "smelt", "whiff*", "stink*", "stench", "pong*", "reek*", "niff*", "odour*", "odor*", "leak*", "leek*", "escap*", "hiss*", "coming out", "left on", "not lit", "unlit", "can smell"}}},
	// Gas turned on with no flame: escaping, smelt or not.
	{id: "GAS_SMELL", all: []cue{{"gas is on", "gas was on", "gas left on", "gas has been left on", "gas been left on", "gas tap on", "gas ring on", "hob left on", "hob is on", "hob on but", "hob on and", "rings on", "ring is on", "ring on but", "burner is on", "burner on but", "cooker is on", "cooker on but", "oven is on", "oven on but", "knob is on", "knob on but", "gas on but"}, {"not lit", "nobody lit", "nobodys lit", "nobody is lit", "nobody has lit", "isnt lit", "wasnt lit", "unlit", "not alight", "no flame", "no flames", "nothing is lit", "nothing lit", "nothing is alight", "without a flame", "havent lit", "hasnt lit", "didnt light", "not lighting", "wont light"}}, unless: cue{"light above", "light over", "light on the", "light in the", "lights above", "lights over", "bulb*", "lamp*", "hood", "extractor*", "clock", "timer", "display", "electric hob*", "electric cooker*", "electric oven*", "electric fire*", "induction", "ceramic", "microwave*"}},
	{id: "GAS_SMELL", all: []cue{{"rotten egg*", "bad egg*", "off egg*", "sulphur*", "sulfur*", "sulpher*", "sulfer*", "stink bomb*"}}},
	{id: "GAS_SMELL", all: []cue{{"egg*", "eggy"}, smellCue}},
	// What the added odour is likened to, besides eggs.
	{id: "GAS_SMELL", all: []cue{{"cabbage*", "sprout*", "onion*", "rotting veg*", "rotten veg*", "methane", "like a lighter", "fart*", "garlic*", "mercaptan", "match", "matches", "bunsen*", "science lab*", "firework*", "bonfire night", "like the hob", "like the cooker", "like the oven", "like a hob", "like a cooker", "like a gas", "hob is on", "cooker is on", "oven is on", "ring is on", "rings are on", "hob has been left", "cooker has been left", "oven has been left", "been left on"}, smellCue}, unless: cue{"drain*", "sewer*", "sewage", "toilet*", "loo", "bin", "bins", "fridge", "food", "cooking", "dinner", "dog*"}},
	// A smell with feeling unwell is gas (or carbon monoxide, which has
	// no smell of its own): the same number, at once.
	{id: "GAS_SMELL", all: []cue{smellCue, append(cue{"throat", "eyes sting*", "eyes are sting*", "eyes are burning", "stinging", "eyes water*", "eyes are watering", "eyes streaming", "eyes are streaming", "watery eyes", "sore eyes", "my eyes"}, symptomCue...)}, unless: append(cue{"damp", "musty", "mould*", "mold*", "drain*", "sewage", "sewer*", "toilet*", "loo", "bin", "bins", "rubbish", "dog*", "cat", "cats", "dead", "mouse", "mice", "rat", "rats", "cigarette*", "weed", "cannabis", "skunk", "neighbour*", "no smell", "cant smell", "dont smell", "doesnt smell"}, smellOfBurning...)},
	{id: "GAS_SMELL", all: []cue{{"hiss*", "whoosh*", "whistl*"}, {"meter", "hob", "hobs", "cooker*", "oven*", "gas", "gas fire*", "gas pipe*", "ring", "rings", "burner*"}}, unless: cue{"electric meter*", "electricity meter*", "water meter*", "electric hob*", "electric cooker*", "electric oven*", "induction", "kettle*"}},
	{id: "GAS_SMELL", all: []cue{{"gas", "gas leak"}}, only: true},
	{id: "GAS_SMELL", all: []cue{{"left the hob on", "left the gas on", "left the cooker on", "left the oven on", "hob on", "gas on", "ring blew out", "ring went out", "rings blew out", "flame blew out", "flame went out and"}, {"smell*", "whiff*", "stink*", "pong*", "reek*", "hiss*", "odour*", "still", "but it is off", "its off", "switched off", "turned off"}}},
	{id: "GAS_SMELL", all: []cue{{"struck match*", "spent match*", "like matches", "left the gas on", "gas left on", "gas tap*", "gas about", "gas around", "gas everywhere", "gas in the air", "might be the gas", "might be gas", "could be the gas", "could be gas", "think it is gas", "think it is the gas", "probably gas", "probably the gas", "worried it is gas", "worried its gas", "scared it is gas"}}},
	// Pets fall ill from carbon monoxide first: a smell with a sick pet.
	{id: "GAS_SMELL", all: []cue{smellCue, {"dog", "dogs", "cat", "cats", "pet", "pets", "budgie*", "bird", "birds", "hamster*", "rabbit*"}, {"sick", "poorly", "ill", "unwell", "lethargic", "collapsed", "not right", "off colour", "off their food", "not well", "throwing up", "vomit*"}}, unless: cue{"food", "poo*", "wee", "urine", "litter*"}},
	// A pilot light going out beside a smell is gas, whatever else is said.
	{id: "GAS_SMELL", all: []cue{smellCue, {"pilot light*", "pilot flame", "pilot"}}},
	{id: "GAS_SMELL", all: []cue{smellCue, {"left on", "gas ring*", "gas cooker", "gas hob", "camping stove", "campsite stove", "camp stove", "gas stove", "calor", "unlit", "when you light", "been left on", "propane", "butane", "lighter fluid", "lighter gas", "lighter refill", "pilot light is gone out", "pilot light has gone out", "pilot light went out", "pilot is out", "pilot went out", "let one off", "broken wind"}}},

	// A smell at a cooker said to be off, or a leak at one that smells.
	{id: "GAS_SMELL", all: []cue{smellCue, {"cooker*", "hob", "hobs", "oven*", "gas meter*", "meter", "gas fire*", "fire", "boiler*", "heater*"}, {"its off", "it is off", "is off", "even though", "turned off", "switched off", "not on", "isnt on", "not even on", "not lit", "still smell", "nothing is on", "nothing on", "nothing switched on", "nothing turned on", "all off", "everything is off"}}, unless: append(cue{"burn*", "food", "cooking", "dinner", "grease", "fat"}, smellOfBurning...)},
	{id: "GAS_SMELL", all: []cue{{"cooker*", "hob", "hobs", "oven*", "gas meter*", "meter", "gas pipe*"}, {"leak*", "escap*"}, smellCue}, unless: cue{"water", "burn*", "drip*"}},
	{id: "GAS_SMELL", all: []cue{smellCue, {"cooker*", "hob", "hobs", "oven*", "ring", "rings", "burner*", "boiler*", "gas fire*", "heater*", "flame*"}, {"clicking", "clicks", "wont light", "not lighting", "wont catch", "doesnt light", "didnt light", "wont stay lit", "keeps going out", "blew out", "blown out"}}, unless: append(cue{"burn*", "food", "cooking"}, smellOfBurning...)},
	// A leak that smells, with no water about it, is a gas leak.
	{id: "GAS_SMELL", all: []cue{{"leak", "leaking", "a leak", "leaks"}, smellCue}, unless: cue{"water", "wet", "drip*", "damp", "musty", "mould*", "mold*", "drain*", "sewer*", "sewage", "toilet*", "loo", "sink*", "bath*", "shower*", "basin*", "washing machine*", "dishwasher*", "roof", "ceiling", "radiator*", "fridge", "freezer", "bin", "bins", "rain", "flood*", "puddle*", "fish*", "burn*", "oil", "petrol", "diesel", "tap", "taps", "cistern", "tank", "pipe under", "under the sink", "wee", "urine", "poo*", "nappy", "battery", "batteries"}},
	// A smell at the cooker when nothing is cooking is the cooker's gas.
	{id: "GAS_SMELL", all: []cue{smellCue, {"cooker*", "hob", "hobs", "oven*", "stove*"}, {"nocooking", "not been used", "havent used", "havent used", "not using", "not used it", "not had it on", "havent had it on", "not been on"}}},
	// The odorant likened to something rotten or chemical, at a gas
	// appliance or its pipe: "a rotten smell by the boiler".
	{id: "GAS_SMELL", all: []cue{smellCue, {"rotten", "rotting", "putrid", "chemical*", "sulph*", "sulf*"}, {"boiler*", "gas fire*", "cooker*", "hob", "hobs", "oven*", "stove*", "meter*", "gas pipe*", "heater*"}}, unless: cue{"food", "fridge", "bin", "bins", "drain*", "damp", "mould*", "mold*"}},
	{id: "GAS_SMELL", all: []cue{smellCue, {"pipe", "pipes", "pipework"}, {"behind the cooker", "behind the hob", "behind the oven", "to the cooker", "to the hob", "to the oven", "to the boiler", "to the fire", "to the meter", "from the meter", "by the meter", "near the meter", "under the boiler", "behind the fire", "cooker pipe", "boiler pipe"}}, unless: cue{"drain*", "sewer*", "waste", "toilet*", "sink", "water"}},
	// A smell at the meter that is not the electrics' burning or fishy one.
	{id: "GAS_SMELL", all: []cue{smellCue, {"gas meter*", "meter cupboard*", "meter box*", "by the meter", "near the meter", "at the meter", "round the meter", "from the meter", "the meter"}}, unless: append(cue{"burn*", "fish*", "plastic", "electric*", "hot", "scorch*", "damp", "musty", "mould*", "drain*", "sewage"}, smellOfBurning...)},
	// Gas said to be somewhere, with no smell word: "there's gas on the
	// stairs". The gas things named by their fuel are not it.
	{id: "GAS_SMELL", mask: cue{"gas fire*", "gas cooker*", "gas hob*", "gas boiler*", "gas oven*", "gas central heating", "gas heating", "gas meter*", "gas man", "gas engineer*", "gas safe", "gas safety", "gas check*", "gas bill*", "gas supply", "gas card", "gas key", "gas top up", "gas credit", "gas price*", "gas company", "gas board"}, all: []cue{{"gas"}, {"on the stairs", "on the landing", "in the hall", "in the hallway", "in the air", "in here", "everywhere", "all over", "in the flat", "in the house", "in the block", "in the kitchen", "coming from", "coming out", "coming in", "strong", "really bad", "getting worse"}}},
	// Heard as Alexa may write it: "carbon mono oxide", "the CO2 alarm".
	{id: "CO_ALARM", all: []cue{{"carbon monoxide", "monoxide", "mono oxide", "carbon mono", "carbon dioxide", "carbon alarm*", "carbon detector*", "carbon monitor*", "carbon sensor*", "co alarm*", "co detector*", "co monitor*", "co sensor*", "c o alarm*", "c o detector*", "c o", "co2", "co 2", "co two", "c o 2", "c o two"}}},
	{id: "CO_ALARM", all: []cue{symptomCue, gasItems}},
	// A boiler's flue carries its fumes out: damaged, they can come in.
	{id: "CO_ALARM", all: []cue{{"flue*"}, {"hanging", "come off", "came off", "come away", "came away", "fallen", "fell", "broken", "broke", "damaged", "loose", "cracked", "split", "hole", "holes", "leak*", "smok*", "fumes", "blocked", "bent", "snapped", "rusted", "rotten"}}},
	// Headaches, dizziness or sickness with the heating: carbon monoxide,
	// on or off, until shown otherwise.
	{id: "CO_ALARM", all: []cue{coSymptoms, {"heating"}}},
	// Just "poorly" or "unwell" with the heating off is a cold home, at
	// risk ("there's no heating and my little one is poorly"): only other
	// words ("we all", "when we go out") make it carbon monoxide then.
	{id: "CO_ALARM", mask: cue{"no heating", "heating is off", "heating off", "heating is gone off", "heating has gone off", "heating gone off", "heating went off", "heating isnt working", "heating not working", "heating wont come on", "heating is broken", "heating broken", "heating is packed up", "heating has packed up", "heating packed up", "without heating", "without any heating", "no heat", "no central heating"}, all: []cue{symptomCue, {"at home", "in the house", "in the flat", "indoors", "better outside", "better when i go out", "when im out", "when i go out", "go outside", "all of us", "all the family", "the whole family", "we all", "everyone in the house", "kids are", "children are", "both of us", "go out", "go away when", "when we go", "when i go", "leave the house", "out of the house", "out of the flat", "when were out", "when we are out", "when were away", "when werent in", "go outside", "outside", "heating", "when the fire", "when its on", "when it is on", "all got", "all have", "have all", "all been", "all feel", "all feeling", "everyone has", "everyone is", "everybody"}}},
	{id: "CO_ALARM", all: []cue{{"flame*", "pilot light*", "pilot", "burning orange", "burning yellow", "burns orange", "burns yellow", "burning red"}, {"yellow*", "orange*", "lazy", "floppy", "sooty", "red", "not blue", "isnt blue", "instead of blue", "wrong colour"}}},
	{id: "CO_ALARM", all: []cue{{"fire", "gas fire*", "boiler*", "cooker*", "hob", "hobs", "heater*"}, {"gone all orange", "gone orange", "gone yellow", "gone all yellow", "all orange", "all yellow", "burning orange", "burning yellow", "orange flame*", "yellow flame*"}}},
	{id: "CO_ALARM", all: []cue{{"black stuff", "blackened", "gone black", "black patch*", "dark stain*", "dark mark*", "soot*", "black mark*", "black stain*", "brown stain*", "yellow stain*", "brown mark*", "yellow mark*", "staining", "scorch mark*", "discolour*", "discolor*"}, {"boiler*", "gas fire*", "fire", "heater*", "flue*", "cooker*", "appliance*", "chimney"}}},
	{id: "CO_ALARM", all: []cue{{"fumes", "fumey", "fumy", "exhaust"}, {"boiler*", "gas fire*", "fire", "heater*", "flue*", "cooker*", "gas", "appliance*", "chimney"}}},
	// Smoke from a gas appliance is gas burning badly; a chimney or flue
	// blocked with a fire lit sends its fumes into the room.
	{id: "CO_ALARM", all: []cue{{"gas fire*", "gas heater*", "back boiler*", "water heater*"}, {"smok*", "black smoke"}}},
	{id: "CO_ALARM", all: []cue{{"chimney*", "flue*"}, {"block*", "bird* nest*", "nest", "nests"}, {"fire is on", "fire on", "fires on", "fire lit", "fire is lit", "lit the fire", "lit a fire", "using the fire", "use the fire", "put the fire on", "burner on", "burner is on", "stove on", "stove is on", "smoke coming", "smoke in the room", "smoke into the room", "smoke coming back", "smoke blowing back"}}},
	{id: "CO_ALARM", mask: alarmMask, all: []cue{{"boiler*", "gas fire*", "heater*", "flue*", "cooker*", "appliance*"}, {"alarm", "alarms", "detector*"}}, unless: cue{"smoke alarm*", "smoke detector*", "fire alarm*", "chirp*", "battery", "batteries"}},

	// Smoke alarms: sounding is fire; a chirp now and then is a battery.
	// No smoke alarm, or one wanted: the landlord must fit one.
	{id: "SMOKE_ALARM_BEEPING", all: []cue{{"smoke alarm*", "smoke detector*", "fire alarm*", "heat alarm*", "heat detector*"}, {"a new", "new one", "no smoke", "havent got", "dont have", "not got", "fitted", "fitting", "fit one", "fit a", "missing", "taken down", "been removed", "need one", "need a", "want a", "get a", "isnt working", "not working", "doesnt work", "wont work", "stopped working", "broken", "dead", "no light on", "light has gone out", "no flashing light", "no light", "no lights", "light isnt flashing", "light not flashing", "light doesnt flash", "light wont flash", "stopped flashing", "not flashing", "isnt flashing", "doesnt flash", "no flash", "light isnt on", "light not on", "light is off", "light has gone off", "light gone off", "light went off", "light gone out", "light went out", "light is out", "lights are off", "light doesnt come on", "light wont come on", "strobe*", "vibrat*", "pillow pad*", "bed shaker*", "pillow shaker*", "for deaf*", "deaf alarm*", "fallen down", "fallen off", "hanging off", "came off", "come off"}},
		unless: cue{"going off", "keeps going off", "sounding", "wont stop", "screaming", "ringing", "blaring", "smoke coming", "smell of smoke", "smoky", "burning", "fire in", "on fire"}},
	{id: "SMOKE_ALARM_BEEPING", mask: alarmMask, all: []cue{alarmCue, {"chirp*", "battery", "batteries", "bleep*", "tweet*", "every minute", "every few minutes", "every thirty seconds", "every forty seconds", "every minute or so", "now and then", "now and again", "every so often", "once a minute", "every now", "single beep*", "odd beep*", "one beep", "intermittent*", "every couple of minutes", "little beep*", "short beep*", "quiet beep*", "every few seconds", "peep*", "goes quiet", "then quiet", "quiet for ages", "then stops", "stops again"}}, unless: cue{"spark*", "flame*", "burning", "smoking", "smoke coming", "on fire", "melt*", "scorch*", "not just", "not a beep", "isnt a beep", "not beeping", "not chirping", "isnt chirping", "not the battery", "isnt the battery", "whole time", "all the time", "wont stop", "non stop", "nonstop", "constant*"}},
	// An alarm set off by cooking, toast or steam, told as what it does,
	// not as what it is doing now: a repair (its kind or place), not fire.
	{id: "SMOKE_ALARM_BEEPING", mask: alarmMask, all: []cue{alarmCue, {"when i cook", "when im cooking", "every time i cook", "whenever i cook", "if i cook", "while i cook", "while im cooking", "toast", "toaster", "from the cooking", "from cooking", "every time i open the oven", "when i open the oven", "when i have a shower", "when i shower", "steam from", "too sensitive", "oversensitive", "over sensitive"}}, unless: cue{"now", "right now", "at the moment", "wont stop", "not stopping", "cant stop it", "cant turn it off", "wont switch off", "smoke coming", "flames", "on fire", "fire in", "smoky", "full of smoke"}},
	// An alarm "going" with smoke or fire about is sounding; said alone,
	// "going" may be a chirp, and the alarm question decides.
	// Twenty-second session: an alarm with smoke or burning said beside
	// it is a fire, however it sounds ("it's beeping and there's smoke"
	// had asked whether it sounds all the time); beeping, however long,
	// with none said may be the battery: asked, not assumed either way.
	{id: "SMOKE_ALARM", mask: alarmMask, all: []cue{alarmCue, fireSeen}},
	{id: "ALARM_UNSURE", mask: alarmMask, all: []cue{alarmCue, {"beeping", "beeps", "beeped", "bleeping", "bleeps"}}, unless: append(cue{"not beeping", "isnt beeping", "sounding", "ringing", "the whole time", "all the time", "constant*", "continuous*", "non stop", "nonstop", "wont stop", "not stopping", "wont switch off", "wont turn off", "cant stop it", "cant turn it off", "loud", "loudly", "really loud", "so loud", "screaming", "screeching", "blaring", "shrieking", "wailing", "deafening", "piercing", "full blast", "every minute", "every few minutes", "now and then", "battery", "batteries", "chirp*"}, fireSeen...)},
	{id: "SMOKE_ALARM", mask: alarmMask, all: []cue{alarmCue, {"smoke", "smoky", "smokey", "fire", "burning"}, {"going", "goes", "gone"}}},
	{id: "SMOKE_ALARM", mask: alarmMask, all: []cue{alarmCue, {"ceiling", "hall", "hallway", "landing", "lobby", "stairs", "kitchen", "smoke", "fire", "all of them", "all going off", "all the alarms"}, {"going off", "gone off", "sounding", "ringing", "like mad", "going mad", "full blast", "without a break", "without stopping", "all at once", "at once", "loud ones", "loudly", "for ages", "really loud", "so loud", "deafening", "piercing", "wont switch off", "wont go off", "constantly", "blaring", "screaming", "screeching", "shrieking", "wailing", "howling", "wont stop", "wont shut up", "not stopping", "non stop", "nonstop", "constant*", "continuous*", "all the time", "the whole time", "wont turn off", "cant stop it", "cant turn it off", "going like mad", "going mad", "wont be quiet", "no stopping", "no stoppin", "disnae stop", "willnae stop", "wont stop"}}, unless: cue{"keeps going off", "keep going off", "keeps on going off", "keeps beeping", "keeps on beeping"}},
	{id: "SMOKE_ALARM", mask: alarmMask, all: []cue{{"smoke alarm*", "smoke detector*", "fire alarm*", "heat alarm*", "heat detector*", "smoke sensor*"}, {"going off", "gone off", "sounding", "ringing", "screaming", "screeching", "blaring", "shrieking", "wailing", "howling", "wont stop", "not stopping", "non stop", "nonstop", "constant*", "continuous*", "all the time", "loud", "went off", "is off", "triggered", "activated", "wont shut up", "wont turn off", "cant stop it", "cant turn it off", "sounds", "sounded"}}, unless: cue{"keeps going off", "keep going off", "keeps beeping", "keeps on beeping", "beep*", "going off and on", "on and off"}},

	// Water reaching any light, socket, switch or the fuse box.
	// A ceiling about to fall is said first: its script keeps people from
	// under it and from the switches near it.
	{id: "WATER_ELECTRICS", mask: append(slices.Clone(powerMask), notWater...), all: []cue{waterCue, powerItems}, unless: ceilingFalling},
	{id: "WATER_ELECTRICS", mask: append(slices.Clone(lightMask), notWater...), all: []cue{waterCue, lightItems}, unless: ceilingFalling},
	// Water falling on a telly, a lamp, a computer: electrics in water.
	{id: "WATER_ELECTRICS", all: []cue{waterCue, {"onto the telly", "on to the telly", "on the telly", "into the telly", "over the telly", "all over the telly", "onto my telly", "on my telly", "into my telly", "over my telly", "onto the tv", "on to the tv", "on the tv", "into the tv", "over the tv", "all over the tv", "onto my tv", "on my tv", "into my tv", "over my tv", "onto the television", "on to the television", "on the television", "into the television", "over the television", "all over the television", "onto my television", "on my television", "into my television", "over my television", "onto the computer", "on to the computer", "on the computer", "into the computer", "over the computer", "all over the computer", "onto my computer", "on my computer", "into my computer", "over my computer", "onto the laptop", "on to the laptop", "on the laptop", "into the laptop", "over the laptop", "all over the laptop", "onto my laptop", "on my laptop", "into my laptop", "over my laptop", "onto the lamp", "on to the lamp", "on the lamp", "into the lamp", "over the lamp", "all over the lamp", "onto my lamp", "on my lamp", "into my lamp", "over my lamp", "onto the heater", "on to the heater", "on the heater", "into the heater", "over the heater", "all over the heater", "onto my heater", "on my heater", "into my heater", "over my heater", "onto the electric fire", "on to the electric fire", "on the electric fire", "into the electric fire", "over the electric fire", "all over the electric fire", "onto my electric fire", "on my electric fire", "into my electric fire", "over my electric fire", "onto the microwave", "on to the microwave", "on the microwave", "into the microwave", "over the microwave", "all over the microwave", "onto my microwave", "on my microwave", "into my microwave", "over my microwave", "onto the games console", "on to the games console", "on the games console", "into the games console", "over the games console", "all over the games console", "onto my games console", "on my games console", "into my games console", "over my games console"}}, unless: ceilingFalling},
	// Twenty-second session: water onto an appliance that runs on the
	// electricity is water in the electrics; onto a cooker, which may be
	// gas, asked.
	{id: "WATER_ELECTRICS", all: []cue{waterCue, {"onto the fridge", "on to the fridge", "on the fridge", "into the fridge", "over the fridge", "all over the fridge", "onto my fridge", "on my fridge", "into my fridge", "over my fridge", "onto the freezer", "on to the freezer", "on the freezer", "into the freezer", "over the freezer", "all over the freezer", "onto my freezer", "on my freezer", "into my freezer", "over my freezer", "onto the fridge freezer", "on to the fridge freezer", "on the fridge freezer", "into the fridge freezer", "over the fridge freezer", "all over the fridge freezer", "onto my fridge freezer", "on my fridge freezer", "into my fridge freezer", "over my fridge freezer", "onto the dishwasher", "on to the dishwasher", "on the dishwasher", "into the dishwasher", "over the dishwasher", "all over the dishwasher", "onto my dishwasher", "on my dishwasher", "into my dishwasher", "over my dishwasher", "onto the tumble dryer", "on to the tumble dryer", "on the tumble dryer", "into the tumble dryer", "over the tumble dryer", "all over the tumble dryer", "onto my tumble dryer", "on my tumble dryer", "into my tumble dryer", "over my tumble dryer", "onto the kettle", "on to the kettle", "on the kettle", "into the kettle", "over the kettle", "all over the kettle", "onto my kettle", "on my kettle", "into my kettle", "over my kettle", "onto the toaster", "on to the toaster", "on the toaster", "into the toaster", "over the toaster", "all over the toaster", "onto my toaster", "on my toaster", "into my toaster", "over my toaster"}}, unless: ceilingFalling},
	{id: "WET_ELECTRICS_UNSURE", all: []cue{waterCue, {"onto the cooker", "on to the cooker", "on the cooker", "into the cooker", "over the cooker", "all over the cooker", "onto my cooker", "on my cooker", "into my cooker", "over my cooker", "onto the oven", "on to the oven", "on the oven", "into the oven", "over the oven", "all over the oven", "onto my oven", "on my oven", "into my oven", "over my oven", "onto the hob", "on to the hob", "on the hob", "into the hob", "over the hob", "all over the hob", "onto my hob", "on my hob", "into my hob", "over my hob"}}, unless: ceilingFalling},
	// A smoke or heat alarm is wired to the mains, often on the lights'
	// circuit.
	// Condensation or steam inside a light, switch or socket is water in it.
	{id: "WATER_ELECTRICS", all: []cue{{"condensation", "steam", "moisture", "misted up", "misty"}, {"in the light*", "inside the light*", "in the lamp", "in the socket*", "inside the socket*", "in the switch*", "in the fuse box", "inside the fuse box", "in the spotlight*", "in the downlight*", "in the bulb*", "light fitting*", "light cover*"}}},
	{id: "WATER_ELECTRICS", mask: notWater, all: []cue{waterCue, {"smoke alarm*", "smoke detector*", "fire alarm*", "heat alarm*", "heat detector*", "smoke sensor*"}}, unless: cue{"steam", "shower steam", "condensation"}},
	// "It's coming through the light fitting", said of water already.
	{id: "WATER_ELECTRICS", all: []cue{{"coming through", "coming out", "coming in", "running down", "running into", "running onto", "getting into", "getting in", "going into"}, {"light fitting*", "ceiling rose", "fuse box*", "fusebox*", "consumer unit*", "socket*", "light switch*", "spotlight*", "downlight*", "ceiling light*", "the electrics", "the wiring", "the light", "the lights", "the lamp", "bulb*", "leccy*", "lecky*", "meter", "extractor fan*"}}, unless: cue{"smok*", "flame*", "spark*", "burn*", "fire", "fumes", "melt*", "scorch*", "crackl*", "buzz*", "loose", "hanging"}},

	// Electrical danger by sight, smell, sound or touch.
	{id: "ELECTRICAL_FAULT", all: []cue{{"spark*", "arcing", "arced", "arcs"}}, unless: cue{"sparkl*"}},
	// "Sparking", as Alexa may mishear it, said of the electrics.
	{id: "ELECTRICAL_FAULT", all: []cue{{"sparkl*"}, powerItems}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"bare wire*", "exposed wire*", "wires hanging", "wire hanging", "wires sticking", "wire sticking", "wires showing", "wire showing", "live wire*", "wires are exposed", "wires exposed", "wires out", "wires poking", "wires coming out", "copper showing", "cable hanging", "wires are showing", "wires bare", "wires are hanging", "wire poking", "wire coming out", "wire out of the wall", "wires out of the wall", "cable poking", "cables poking", "cable sticking", "cables sticking", "cables hanging", "cable out of the wall", "cables out of the wall"}}},
	// "The wire's poking out of the wall", "wires are sticking out where
	// the light used to be": the words between are the tenant's own.
	{id: "ELECTRICAL_FAULT", all: []cue{{"wire", "wires", "wiring", "cable", "cables"}, {"poking", "sticking out", "hanging out", "hanging down", "hanging from", "showing", "exposed", "bare", "out of the wall", "out of the ceiling", "coming out of", "come out of", "pulled out", "ripped out"}}, unless: cue{"aerial*", "tv", "telly", "television", "satellite*", "sky", "phone*", "telephone*", "landline", "broadband", "internet", "wifi", "wi fi", "router", "fibre", "virgin", "bt", "washing line*", "clothes line*", "fence*", "coat hanger*", "bra", "bras", "headphone*", "earphone*", "trellis", "garden wire"}},
	// Crackling or fizzing inside a wall or ceiling is the wiring heard,
	// not the neighbours.
	{id: "ELECTRICAL_FAULT", all: []cue{{"crackl*", "fizz*", "sizzl*", "spitting"}, {"wall", "walls", "ceiling", "ceilings", "wiring", "skirting*", "plaster"}}, unless: cue{"pipe*", "radiator*", "water", "rain", "rains", "raining", "rainy", "storm*", "gutter*", "fireplace", "log*", "neighbour*", "next door", "mice", "mouse", "rat", "rats", "bird*", "squirrel*", "insect*", "bee", "bees", "wasp*", "bonfire*", "firework*"}},
	// An immersion heater whose cupboard is red hot has a thermostat
	// that has failed: off at the switch, and not used.
	{id: "ELECTRICAL_FAULT", all: []cue{{"immersion*"}, {"red hot", "too hot to touch", "scorching", "burning hot", "roasting hot", "boiling hot", "steaming"}}, unless: cue{"water is too hot", "water too hot", "water is boiling hot", "water boiling hot", "water is scorching", "water scorching"}},
	// A cracked glass or ceramic hob can let a hand reach what is live.
	{id: "ELECTRICAL_FAULT", all: []cue{{"hob", "hobs", "ceramic hob*", "glass hob*", "induction hob*", "induction"}, {"crack*", "shatter*", "smash*", "split"}}, unless: cue{"gas hob*", "gas"}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"got a belt", "a belt off", "belt off the", "gave me a belt"}}},
	// Something pushed into a live part: "my kid stuck a fork in the
	// socket".
	{id: "ELECTRICAL_FAULT", all: []cue{{"fork*", "knife", "knives", "finger*", "key*", "screwdriver*", "pin*", "hair grip*", "hairgrip*", "paperclip*", "paper clip*", "nail*", "metal"}, {"socket*", "toaster*", "light fitting*"}}},
	// "Shocking" said of a thing is how bad it is, unless it is shocking
	// someone.
	{id: "ELECTRICAL_FAULT", all: []cue{{"shocking me", "shocking us", "shocking people", "shocking anyone", "shocking everyone", "shocked me", "shocked us", "shocks me", "shocks us"}}, unless: cue{"news", "bill*", "price*", "cost*", "rent", "letter*", "how much"}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"shock*", "electrocut*", "zapped", "zap", "jolt*", "tingle*", "tingling", "tingly"}, {"electric*", "socket*", "switch*", "plug*", "light*", "tap*", "appliance*", "cooker*", "oven*", "kettle*", "fridge*", "washing machine*", "shower*", "wire*", "metal", "radiator*", "bath", "baths", "bathtub*", "sink*", "basin*", "pipe*", "boiler*", "got a", "gave me a", "gives me a", "giving me a", "give me a", "off the", "off it", "from the", "touched", "when i touch"}}, unless: cue{"bill*", "price*", "cost*", "rent", "news", "letter*", "from the cold", "in the cold", "with the cold", "pins and needles", "is shocking", "was shocking", "are shocking", "absolutely shocking", "really shocking", "just shocking"}},
	{id: "ELECTRICAL_FAULT", mask: powerMask, all: []cue{powerItems, {"smok*", "scorch*", "burn*", "burnt", "black*", "melt*", "molten", "charr*", "crackl*", "crackly", "buzz*", "fizz*", "sizzl*", "pop*", "bang*", "flash*", "spit*", "singe*", "singed", "brown*", "discolour*", "discolor*", "fishy", "fish", "humm*", "hum", "hums", "arc*", "frayed", "fraying", "exposed", "hot", "warm", "roasting", "red hot", "boiling", "snapping", "flame*", "fire", "explod*", "blew up", "blown up", "blowing up", "blows up"}}},
	{id: "ELECTRICAL_FAULT", mask: lightMask, all: []cue{lightItems, {"smok*", "scorch*", "melt*", "charr*", "crackl*", "fizz*", "sizzl*", "singe*", "burning smell", "smells of burning", "smell of burning", "burnt smell", "smells burnt", "spit*", "burnt", "burning"}}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"burning smell", "smell of burning", "burnt smell", "smells burnt", "smells of burning", "smells like burning", "smell like burning", "smelling of burning", "burning plastic", "melting plastic", "smell of melting", "hot plastic", "fishy smell", "smells fishy", "smell of fish", "smells of fish", "smells like fish", "smell like fish", "smelling of fish", "smelling like fish", "fish smell", "smell of rotten fish", "smells of rotten fish", "smells like rotten fish", "smell like rotten fish", "burning rubber", "electrical smell", "electric smell", "something burning", "somethings burning", "something is burning", "smell burning", "can smell burning", "smells hot", "hot smell", "scorch*", "singe*", "melted", "melting"}}, unless: cue{"smoke", "smoky", "smokey", "billowing", "flame*"}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"burning", "burnt", "scorched"}}, only: true},
	// Any smell from a socket, a charger or a light is the electrics':
	// gas does not come out of them. A plug alone may be a sink's.
	{id: "ELECTRICAL_FAULT", all: []cue{smellCue, electricsSmelt}, unless: cue{"sink*", "plughole*", "plug hole*", "drain*", "basin*", "washbasin*"}},
	// The fuse box or the meter making a noise may be arcing.
	{id: "ELECTRICAL_FAULT", all: []cue{{"electric meter*", "electricity meter*", "fuse box*", "fusebox*", "consumer unit*", "fuse board", "trip box", "electric box", "electrics box"}, {"noise*", "noisy", "ticking", "clicking", "humming", "whining", "whirring", "hiss*", "whistl*", "whoosh*"}}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"electrical fault*", "electric fault*", "faulty wiring", "dodgy wiring", "faulty electrics", "faulty electrical", "faulty electricity", "dodgy electrics", "dodgy electrical", "dodgy electricity", "dodgy socket*", "faulty socket*"}}},
	{id: "ELECTRICAL_FAULT", mask: plugMask, all: []cue{{"socket*", "plug socket*", "fuse box*", "fusebox*", "consumer unit*"}, {"loose", "hanging off", "hanging out", "cracked", "broken", "smashed", "coming away", "come away", "come off", "coming off", "falling off", "fallen off", "pulled out", "ripped out", "exposed", "wobbly", "wobbles"}}},
	{id: "ELECTRICAL_FAULT", all: []cue{{"switch*"}, {"hanging off", "hanging out", "coming away", "come away", "coming off the wall", "pulled out", "ripped out", "exposed", "smashed"}}},

	{id: "ALARM_UNSURE", all: []cue{{"beep*", "chirp*", "bleep*"}, {"ceiling", "hall", "landing", "something*", "thing", "thingy", "thingies", "thingamajig", "whatsit", "doodah", "on the wall", "on the ceiling"}}, unless: cue{"every minute", "now and then", "battery", "every so often", "every few minutes", "once a minute"}},
	{id: "ALARM_UNSURE", mask: alarmMask, all: []cue{alarmCue, {"keeps going off", "keep going off", "going", "goes", "started*", "set off", "keeps beeping", "keeps on beeping", "keeps going", "beep*", "keeps sounding", "goes off", "go off", "going off and on", "on and off", "set off", "keeps setting", "keeps on going", "keeps ringing", "noise", "noises", "off and on", "racket", "din", "making a row"}}},
	{id: "ALARM_UNSURE", mask: alarmMask, all: []cue{alarmCue, {"going off", "gone off", "sounding", "ringing", "screaming", "screeching", "blaring", "shrieking", "wailing", "wont stop", "not stopping", "non stop", "nonstop", "constant*", "all the time", "loud", "went off", "triggered", "sounds"}}},
	// "The thing on the ceiling keeps going off", heard in pieces.
	{id: "ALARM_UNSURE", all: []cue{{"thing", "things", "white thing", "round thing"}, {"ceiling"}, {"going off", "goes off", "keeps going", "beep*", "bleep*", "chirp*", "noise", "sounding"}}},
	// "The alarm", said alone, is the question too.
	{id: "ALARM_UNSURE", mask: alarmMask, all: []cue{alarmCue}, only: true},

	// An appliance that is smoking is smoke, not a smoker.
	{id: "FIRE", all: []cue{{"smoking", "started smoking", "is smoking", "smokes"}, {"boiler*", "dryer*", "tumble*", "washing machine*", "washer", "dishwasher*", "toaster*", "kettle*", "microwave*", "oven*", "cooker*", "fridge*", "freezer*", "telly*", "tv", "television*", "heater*", "hairdryer*", "hair dryer*", "laptop*", "computer*", "charger*", "straighteners", "iron", "fan heater*", "electric blanket*", "lamp*", "hoover*", "vacuum*"}}, unless: cue{"cigarette*", "weed", "cannabis", "vap*", "tobacco", "smoker*", "fag*", "spliff*", "no smoking", "stopped smoking", "not smoking", "quit smoking"}},
	// Smoke or flames not at the electrics: fire.
	{id: "FIRE", mask: append(cue{"smoke alarm*", "smoke detector*", "smoke sensor*", "smoke one", "i smoke", "we smoke", "he smokes", "she smokes", "they smoke"}, fireMask...), all: []cue{{"smoke", "smoky", "smokey", "smoulder*", "smolder*", "billowing", "flame*"}},
		unless: cue{"losing its flame", "loses its flame", "lost its flame", "losing the flame", "flame keeps going out", "flame goes out", "flame went out", "flame keeps going off", "flame failure", "no flame", "flame wont", "flame doesnt", "flame isnt", "cigarette*", "weed", "cannabis", "vap*", "tobacco", "smoker*", "fag*", "spliff*", "pilot", "yellow*", "orange*", "blue", "lazy", "floppy", "sooty", "hob", "hobs", "gas ring*"}},

	// The structure, sewage, the water supply and security.
	{id: "CEILING_COLLAPSE", all: []cue{{"ceiling*"}, {"bulg*", "sag*", "saggy", "collaps*", "fall*", "fell", "came down", "come down", "coming down", "caved", "cave in", "caving", "bow*", "droop*", "giving way", "give way", "hanging down", "dropping", "dropped", "belly*", "ballooning", "balloon*", "swell*", "swollen", "bulge*", "pregnant", "about to burst", "going to burst", "going to come", "going to fall", "hole in", "a hole", "hole", "holes", "bubble*", "crumbl*", "bellied", "give in", "caving in", "cracking open", "started to crack", "starting to crack", "cracking up", "crack is getting bigger", "crack getting bigger", "cracks getting bigger", "crack spreading", "cracks spreading", "crack opening", "widening", "baggy", "dip*", "going to drop", "about to drop", "sinking", "sunk", "buckl*", "cracked right across", "come away", "coming away", "landed", "lump*", "chunk*", "piece of", "pieces of", "bits of"}},
		unless: cue{"paint bubbl*", "light fitting fell", "fan fell", "alarm*", "detector*", "light fell", "lamp fell"}},
	// Plaster or plasterboard coming away is the ceiling's unless said of a
	// wall ("the plaster's falling off the wall in the hall" is a repair);
	// a ceiling named with it is read by the rule above.
	{id: "CEILING_COLLAPSE", all: []cue{{"plaster*", "plasterboard*", "artex"}, {"bulg*", "sag*", "saggy", "collaps*", "fall*", "fell", "came down", "come down", "coming down", "caved", "cave in", "caving", "bow*", "droop*", "giving way", "give way", "hanging down", "dropping", "dropped", "belly*", "ballooning", "balloon*", "swell*", "swollen", "bulge*", "pregnant", "about to burst", "going to burst", "going to come", "going to fall", "hole in", "a hole", "bubble*", "crumbl*", "bellied", "give in", "caving in", "cracking open", "started to crack", "starting to crack", "cracking up", "crack is getting bigger", "crack getting bigger", "cracks getting bigger", "crack spreading", "cracks spreading", "crack opening", "widening", "baggy", "dip*", "going to drop", "about to drop", "sinking", "sunk", "buckl*", "cracked right across", "come away", "coming away", "landed", "lump*", "chunk*", "piece of", "pieces of", "bits of"}},
		unless: cue{"paint bubbl*", "light fitting fell", "fan fell", "alarm*", "detector*", "light fell", "lamp fell", "wall", "walls", "off the wall", "from the wall", "on the wall"}},
	// Something big that has fallen on the home, or could fall on someone
	// or give way under them: a tree through the roof, a balcony's
	// railing, a chimney or wall coming down. Slates already off the roof
	// are the roof's repair.
	{id: "STRUCTURE", all: []cue{{"tree", "trees", "branch", "branches", "big branch*"}, {"fallen", "fell", "fall", "falling", "come down", "came down", "coming down", "crashed", "come through", "came through", "through the", "landed", "smashed", "blown onto", "blew onto", "uprooted", "leaning on", "resting on"}, {"roof", "house", "home", "flat", "building", "bungalow", "window*", "conservatory", "porch", "wall", "walls", "chimney*", "on top of us", "on us", "bedroom", "kitchen", "living room", "lounge"}}, unless: cue{"fence*", "shed*", "car", "cars", "garden only", "in the garden", "on the lawn", "in the road", "blocking", "leaves", "gutter*", "overhanging", "cut back", "trim*", "prune*", "cut down"}},
	{id: "STRUCTURE", all: []cue{{"stairs", "staircase*", "stairway*", "stair case"}, {"coming away", "come away", "came away", "pulling away", "pulled away", "collaps*", "give way", "gave way", "giving way", "caved in", "caving in", "sinking", "sunk", "dropping", "dropped", "falling down", "about to fall", "going to fall", "could fall", "might fall", "gonna fall", "unsafe"}}, unless: cue{"carpet*", "rail*", "handrail*", "hand rail*", "banister*", "bannister*", "stair gate*", "spindle*", "lift*", "stairlift*", "stair lift*", "light*", "tread*", "nosing*", "rod*"}},
	{id: "STRUCTURE", all: []cue{{"balcony*", "balustrade*", "juliet*"}, {"loose", "wobbl*", "coming away", "come away", "came away", "coming off", "come off", "came off", "fallen off", "falling off", "hanging off", "broken off", "give way", "gave way", "giving way", "collaps*", "snapped", "rotten", "rotted", "crumbl*", "cracked", "cracking", "moving", "moves", "unsafe", "dangerous", "falling", "fallen", "fell", "missing", "coming loose", "come loose", "came loose", "sagg*", "sinking", "dropping"}}, unless: cue{"balcony door*", "door", "doors", "lock*", "handle*", "light*", "drain*", "paint*", "glass", "window*", "pigeon*", "bird*", "plant*", "washing line*", "satellite*", "dish"}},
	{id: "STRUCTURE", all: []cue{{"chimney*", "chimney stack*", "chimney pot*", "wall", "walls", "outside wall*", "front wall", "back wall", "bricks", "brickwork", "masonry", "lintel*", "coping*", "porch", "canopy", "stone*"}, {"collaps*", "caved in", "caving in", "cave in", "about to fall", "going to fall", "could fall", "might fall", "gonna fall", "falling down", "fallen down", "fell down", "coming down", "come down", "came down", "giving way", "gave way", "give way", "leaning", "falling into the street", "falling onto the path", "falling on the path", "falling off", "fell off", "fallen off", "dropping off", "crumbling away", "bulging out", "bowing out", "could hit someone", "nearly hit", "almost hit", "hit someone"}}, unless: cue{"wallpaper*", "paper", "tile*", "tiling", "plaster*", "paint*", "picture*", "shelf", "shelves", "cupboard*", "unit*", "mirror*", "clock*", "curtain*", "blind*", "rail*", "radiator*", "socket*", "switch*", "light*", "fan", "alarm*", "detector*", "handrail*", "hand rail*", "banister*", "bannister*", "garden wall*", "fence*", "sealant", "silicone", "grout*", "skirting*", "coat hook*", "hook*", "tv", "telly", "television", "bracket*", "damp", "mould*", "mold*", "wall cupboard*", "wall unit*", "tiles", "water", "rain", "rainwater", "condensation", "leak*", "drip*", "trickl*", "wet"}},
	{id: "SEWAGE", all: []cue{{"toilet*", "loo", "loos", "lav", "bog", "pan"}, {"spewing", "spewed", "spews", "erupting", "erupted", "exploding", "exploded"}}},
	{id: "SEWAGE", all: []cue{{"sewage", "sewerage", "sewer*", "raw sewage", "poo", "poop", "poos", "faeces", "feces", "excrement", "human waste", "toilet waste", "dirty water coming up", "waste coming up", "mess coming up", "brown water coming up", "toilet water coming up", "muck coming up", "cesspit", "cesspool", "septic", "effluent", "toilet roll in", "toilet paper in", "loo roll in", "with toilet roll", "with toilet paper", "with loo roll", "bits of toilet paper", "bits of toilet roll", "bits of loo roll"}},
		unless: smellCue},
	{id: "SEWAGE", all: []cue{{"coming up", "come up", "comes up", "came up", "came back up", "come back up", "coming up with", "filling with", "keeps coming up", "coming back up", "comes back up", "backing up", "backed up", "backed right up", "backing right up", "overflow*", "bubbling up", "coming out", "filling up", "fills up", "full of", "spew*", "spilling", "pouring out", "coming over the top", "over the top", "over the rim", "rising up", "risen up", "bubbling", "gurgling", "filling with", "fills with", "filled with", "full up", "rising", "rises", "welling up", "pushing up", "seeping up"}, {"toilet*", "loo", "loos", "lav", "bog", "khazi", "cludgie*", "netty", "dunny", "wc", "pan", "manhole*", "drain*", "sink", "plughole*", "bath", "shower", "shower tray", "gully", "grid", "flushed", "flush"}, {"muck", "bits", "dirty", "filth*", "mess", "business", "doings", "number two*", "someone elses", "someone else is", "somebody elses", "somebody else is", "everyones", "everyone is", "other people is", "not ours", "not mine", "from upstairs", "from next door", "the neighbours", "brown", "stink*", "smell*", "poo*", "sewage", "waste", "over the floor", "on the floor", "onto the floor", "out the bottom", "all over", "everywhere", "other peoples", "other people is", "minging", "mingin", "next door", "neighbour*", "flushes", "from the drains", "from the drain", "rank", "boggin*", "honking", "reeking", "murky", "cesspit",
		"horrible", "disgusting", "gross", "vile", "foul", "nasty", "black water", "grey water", "toilet paper", "tissue*", "loo roll", "bathroom floor", "kitchen floor", "stinks", "smelly", "urine", "stuff", "gunk", "coming in", "in under", "under the door", "under the back door", "under the front door", "into the house", "into the flat", "indoors", "inside"}}, unless: cue{"leaves", "leaf", "moss", "twigs", "silt", "dish*", "washing up", "grease", "greasy", "food", "fat", "hair", "soap*", "suds"}},
	// Foul water leaking from a toilet is sewage; clean water is a leak.
	{id: "SEWAGE", all: []cue{{"toilet*", "loo", "loos", "lav", "bog", "khazi", "cludgie*", "netty", "dunny", "wc", "pan"}, {"leak*", "seep*", "pour*", "spill*", "running", "dribbl*", "trickl*", "ooz*", "coming out", "come out", "comes out"}, {"dirty", "brown", "filthy", "foul", "muck*", "poo*", "sewage", "stink*", "reek*", "honk*", "disgusting", "horrible", "black", "minging", "mingin", "rank", "bits", "gross", "vile", "nasty", "urine", "boggin*", "not clean", "isnt clean", "unclean"}}},
	// Whatever comes back up a toilet, or is someone else's, is the drains
	// backing up into the home.
	{id: "SEWAGE", all: []cue{{"toilet*", "loo", "loos", "lav", "bog", "pan", "bowl", "wc", "flush*"}, {"coming back up", "comes back up", "came back up", "come back up", "keeps coming back", "all coming up", "coming up the", "comes up the", "came up the", "coming up through", "up through the toilet", "backing up", "backed up", "backs up", "isnt ours", "isnt mine", "arent ours", "arent mine", "other peoples", "other people is", "someone elses", "someone else is", "somebody elses", "somebody else is", "not ours", "not mine", "from upstairs", "from next door", "next doors", "next door is", "the neighbours"}}, unless: cue{"nearly", "almost"}},
	// What was in the bowl coming back out, in any words, is foul water in
	// the home; so is the bowl's water on the floor. The cistern's water
	// (its tank, the pipes behind) is clean.
	{id: "SEWAGE", all: []cue{toiletWords, {"regurgitat*", "blowing back", "blows back", "blown back", "brought everything back", "bringing everything back", "brings everything back", "coming back out", "came back out", "comes back out", "come back out", "brimming over", "running over", "going over the top", "coming over the top", "its coming over", "it is coming over", "mess from the", "waste from the", "muck from the", "stuff from the", "full of toilet water", "chucking", "pumping out", "coming up", "come up", "comes up",
		"bringing up", "bringing stuff", "bringing back", "brings up", "brought up", "throwing up", "throws up", "threw up", "vomit*", "sick up", "burping", "burps", "belch*", "floating back", "floats back", "bubbling up", "bubbles up", "comes back", "coming back", "came back",
		"pouring out", "pours out", "spurting", "shooting out", "gushing", "flooding", "flooded", "overflowing", "overflowed", "overflows", "over flowing", "overflown",
		"backflow*", "back flow*", "disgorg*", "heaving", "spilling", "spills", "spilled", "spilt", "going over", "gone over", "goes over", "went over", "pushing water back", "pushing back", "pushes back", "from the bowl", "sludge", "come over the top", "come over the rim", "it has come over", "it is come over", "water has come over", "waters come over", "water is come over", "all come back", "surging", "surges", "splashing out", "splashes out"}}, unless: cue{"cistern", "tank", "nearly", "almost", "about to", "floor*", "seat", "lid", "lino", "tile*", "flooring", "lifting", "pipe*", "behind", "valve", "tap", "slowly", "refill*", "overflow pipe*", "back on", "comes back on", "handle", "button", "plumber", "engineer", "bleach", "cleaner", "i spilled", "i spilt", "dropped"}},
	{id: "SEWAGE", all: []cue{toiletWords, {"gone everywhere", "going everywhere", "all over the", "everywhere", "on the floor", "onto the floor", "over the floor", "on the bathroom floor", "onto the bathroom floor", "floor is wet", "floor is soaked", "floors wet", "floor wet", "swimming", "floor*", "carpet*"}, {"toilet water", "water from the toilet", "from the toilet", "from the loo", "contents", "mess", "waste", "stink*", "smell*", "filth*", "dirty", "spilled", "spilt", "spilling", "gone", "poo*", "wee", "muck", "brown", "covered", "soaked", "flooded"}}, unless: cue{"cistern", "tank", "back of the", "behind the", "pipe", "nearly", "almost", "clean water", "cleaning", "cleaner", "bleach", "tiles", "seal", "dust", "limescale", "scale", "mould*", "mold*", "stain*", "hair", "rust*", "lino"}},
	{id: "SEWAGE", all: []cue{toiletWords, {"coming into", "comes into", "come into", "came into", "coming in", "comes in"}, {"dirty", "sludge", "waste", "foul", "brown", "black", "muck", "flushes", "flush", "upstairs", "above", "next door", "neighbour*", "filth*", "stink*"}}, unless: cue{"cistern", "tank"}},
	{id: "SEWAGE", all: []cue{{"toilet water", "water in the toilet", "water in the loo", "toilet bowl water"}, {"black", "brown", "filthy", "foul", "sludge*", "murky"}}},
	{id: "SEWAGE", all: []cue{toiletWords, {"full to the top", "full to the brim", "to the brim", "right to the top", "up to the top", "up to the rim"}, {"mess", "poo*", "waste", "muck", "dirty", "filth*", "stink*", "brown", "coming over", "going over", "spilling", "over the top"}}, unless: cue{"cistern", "tank", "nearly", "almost", "about to"}},
	// A toilet spilling over into the room is foul water in the home,
	// whatever is said of it; a cistern's overflow pipe is clean water.
	{id: "SEWAGE", mask: cue{"overflow pipe*", "cistern overflow*"}, all: []cue{{"toilet*", "loo", "loos", "lav", "bog", "pan", "bowl", "wc"}, {"overflow*", "over the rim", "over the top", "spilling over", "spilled over", "spilt over", "backing up", "backed up", "backs up", "bubbling up", "burping", "belching", "coming up", "came up", "swimming", "floating up", "leaking wee", "leaking urine", "leaking pee"}, {"floor", "carpet*", "bathroom", "everywhere", "all over", "bath", "sink", "swimming", "effluent", "wee", "urine", "pee", "dirty", "brown", "black", "twos", "number two*", "poo*", "sludge", "filth*"}}, unless: cue{"cistern", "tank", "nearly", "almost", "about to", "floor is coming up", "floor by the", "floor round", "floor around", "lino", "tile*", "flooring", "seat", "lid"}},
	{id: "SEWAGE", all: []cue{{"black", "brown", "dirty", "filthy", "murky", "grey"}, {"sewer*", "sewage"}}},
	// What goes down one outlet coming up another is the drain backing up.
	{id: "SEWAGE", all: []cue{{"toilet*", "loo", "lav", "bog", "wc"}, {"coming up", "comes up", "came up", "come up", "backing up", "backs up", "bubbling up", "bubbles up"}, {"in the bath", "in my bath", "into the bath", "up the bath", "in the shower", "into the shower", "up the shower", "in the sink", "into the sink", "up the sink", "up the plughole", "out of the plughole", "out the plughole", "bathroom sink", "kitchen sink", "in the basin", "up the basin", "in the bathtub"}}},
	{id: "SEWAGE", all: []cue{{"bath", "bathtub*", "tub", "shower", "sink", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"coming up", "comes up", "came up", "come up", "backing up", "backs up", "bubbling up", "bubbles up", "fills up", "filling up"}, {"when i flush", "when we flush", "when you flush", "flush the toilet", "flush the loo", "from the toilet", "from the loo", "toilet flushes", "loo flushes", "upstairs flush*", "they flush", "neighbours flush*", "next door flush*", "above flush*", "anyone flushes", "someone flushes", "somebody flushes"}}},
	// Foul water standing in, or rising from, a bath, sink or shower is
	// the drains backing up, however it is said; clear water that will
	// not go down is a blocked sink.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*", "shower tray*", "shower drain*", "bath drain*"}, {"coming up", "comes up", "came up", "come up", "backing up", "backed up", "backs up", "bubbling up", "bubbles up", "fills up", "filling up", "filled up", "fills with", "filling with", "filled with", "full of", "full up", "rising", "rises", "risen", "welling up", "seeping up", "pushing up", "bringing up", "brings up", "brought up", "spewing", "spews", "spitting out", "throwing up", "overflow*", "keeps coming back", "comes back", "coming back"}, {"brown", "black", "dirty", "filthy", "foul", "murky", "muck*", "stink*", "smelly", "smells", "stench", "reek*", "honk*", "rank", "minging", "mingin", "manky", "mank", "boggin*", "sludge", "gunk", "bits", "stuff", "waste", "toilet", "disgusting", "horrible", "vile", "gross", "nasty", "poo*", "sewage", "sewer*", "from next door", "next doors", "from upstairs", "from the flat above", "from the neighbours", "neighbours water", "not ours", "not mine", "someone elses", "somebody elses", "other peoples", "grotty", "gunge", "gungy", "not clean", "unclean"}},
		unless: cue{"soap*", "soapy", "suds", "hair", "limescale", "bubble bath", "my own", "our own", "nearly", "almost", "dish*", "washing up", "washing machine", "dishwasher", "grease", "greasy", "food", "tea leaves", "fat", "rust*", "limescale", "scale", "tap water", "from the tap", "from the taps", "out of the tap", "out of the taps"}},
	// The toilet's water or smell where the bath, sink or shower is.
	{id: "SEWAGE", all: []cue{{"toilet water", "water from the toilet", "water from the loo", "toilet waste", "from the toilet", "from the loo", "like the toilet", "like toilet", "of the toilet", "of toilet", "like a toilet", "toilet paper", "toilet roll", "loo roll"}, {"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}}, unless: cue{"soap*", "nearly", "almost", "bleach", "cleaner"}},
	// More than one outlet backing up at once is the drain they share
	// ("it's coming up in the bath as well", of a blocked sink).
	{id: "SEWAGE", all: []cue{{"both", "all of them", "everything", "all the drains", "all the plugholes", "as well", "also"}, {"backing up", "backed up", "backs up", "coming up", "comes up", "bubbling up"}, {"bath", "shower*", "sink*", "basin*", "toilet*", "loo", "plughole*", "drain*"}}},
	// The drains coming up inside, through a bath, sink or toilet, are the
	// sewer; the drains backing up outside are a blocked drain.
	{id: "SEWAGE", all: []cue{{"drains", "the drain", "main drain*", "sewer*"}, {"backing up", "backed up", "backs up", "coming up", "came up", "come up", "comes up", "bubbling up", "bubbled up", "overflow*", "coming back up", "came back up", "coming out", "came out"}, {"into the bath", "in the bath", "up the bath", "into the shower", "in the shower", "up the shower", "into the sink", "in the sink", "up the sink", "into the basin", "in the basin", "up the basin", "up the plughole", "through the plughole", "out of the plughole", "into the toilet", "in the toilet", "up the toilet", "up through the toilet", "into the loo", "up the loo", "into the house", "into the flat", "into the kitchen", "into the bathroom", "indoors", "inside the house", "inside the flat"}}},
	// A toilet that floods the room, or sends its water up elsewhere, is
	// the drains backing up: sewage, not a blocked toilet.
	{id: "SEWAGE", all: []cue{{"toilet*", "loo", "loos", "lav", "bog", "khazi", "cludgie*", "netty", "dunny", "wc"}, {"flood*", "coming over the top", "over the top", "over the rim", "spilling over", "pouring over"}, {"floor", "bathroom", "landing", "hall", "everywhere", "all over", "stink*", "smell*", "dirty", "brown", "horrible", "disgusting", "filthy"}}},
	// Dirty water standing in a bath, basin or shower that also smells came
	// up from the drains: it was not run dirty.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"dirty water", "filthy water", "mucky water", "murky water", "brown water", "black water", "horrible water", "disgusting water", "manky water", "grotty water", "water is dirty", "water is filthy", "water is brown", "water is black", "water is murky"}, {"smell*", "smelt", "stink*", "stench", "reek*", "pong*", "honk*", "whiff*", "niff*", "odour*", "rank", "minging", "boggin*"}}, unless: cue{"from the tap", "out of the tap", "from the taps", "out of the taps", "tap water", "hot tap", "cold tap", "taps", "rust*", "dish*", "washing up", "grease", "greasy", "food", "soap*", "suds", "cleaning", "bleach", "mould*", "mold*", "burn*", "washing machine*", "dishwasher*"}},
	// A blocked bath, basin or shower whose water is black, or has bits
	// or someone else's waste in it, is the drains backing up, not hair in
	// the trap. A bad smell alone leaves it open (DRAIN_UNSURE).
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"block*", "wont drain", "not draining", "isnt draining", "doesnt drain", "wont go down", "not going down", "isnt going down", "wont empty", "not emptying", "isnt emptying", "doesnt empty", "clogged", "standing water", "sitting in", "wont go", "wont go away", "not going", "isnt going", "wont shift", "not shifting"}, {"sewer*", "sewage", "cess pit*", "cesspit*", "funny colour", "strange colour", "weird colour", "odd colour", "discolour*", "of toilets", "like toilets", "water is disgusting", "disgusting water", "water disgusting", "shouldnt be there", "floating", "of wee", "like wee", "of urine", "like urine", "not our", "not ours", "someone elses", "somebody elses", "next doors", "from next door", "from upstairs", "the neighbours", "like a toilet", "like the toilet", "of toilet", "like the loo", "like a loo", "of the loo", "like the lav", "poo*", "black", "brown", "bits", "not clean", "unclean", "grotty", "manky", "filthy", "foul", "murky", "muck*", "sludge"}}, unless: cue{"dish*", "washing up", "grease", "greasy", "food", "fat", "hair", "soap*", "suds", "mould*", "mold*", "sealant", "silicone", "grout"}},
	// The standing water itself said to be foul, not its smell.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"block*", "wont drain", "not draining", "isnt draining", "doesnt drain", "wont go down", "not going down", "isnt going down", "wont empty", "not emptying", "isnt emptying", "doesnt empty", "clogged"}, {"water"}, {"disgusting", "vile", "revolting", "horrible"}}, unless: cue{"dish*", "washing up", "grease", "greasy", "food", "fat", "hair", "soap*", "suds", "smell*", "mould*", "mold*"}},
	// Foul water said to be in a bath, basin or shower ("the bath's got
	// brown water in it").
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"has got", "have got", "got", "there is", "there is", "with"}, {"dirty water", "brown water", "black water", "filthy water", "foul water", "mucky water", "smelly water", "horrible water", "disgusting water", "minging water", "rank water", "sewer water", "sewage water", "stinking water", "murky water", "muck", "human waste", "someone else is waste", "somebody else is waste", "other people is waste", "next door is waste", "water from next door", "water from upstairs", "sludge", "poo*", "water with bits", "bits in"}}, unless: cue{"dish*", "washing up", "grease", "greasy", "food", "soap*", "suds", "cleaning", "bleach"}},
	// Water in a bath, basin or shower both foul in colour and foul in
	// smell is the drains', not rust from the tap.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"brown", "black", "murky", "mucky", "filthy", "sludgy"}, {"reek*", "stink*", "stinks", "smell*", "pong*", "honk*", "rank", "minging", "mingin", "whiff*", "niff*", "stench", "foul", "boggin*"}}, unless: cue{"from the tap", "out of the tap", "from the taps", "out of the taps", "tap water", "hot tap", "cold tap", "taps", "rust*", "dish*", "washing up", "grease", "greasy", "food", "soap*", "suds", "mould*", "mold*", "sealant", "silicone", "grout", "burn*"}},
	// Water coming up through a plughole, not going down it, is the drain
	// giving back what went into it.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "plughole*", "plug hole*", "plug"}, {"coming up through", "comes up through", "came up through", "coming up out of", "comes up out of", "coming back up", "comes back up", "came back up", "come back up", "all coming up", "filling up from", "fills up from", "filling itself", "fills itself", "from underneath", "up from the drain", "up from the plughole", "up through the plughole", "up out of the plughole", "up out of the plug", "up through the plug"}}, unless: cue{"washing machine*", "dishwasher*", "washer", "hair", "soap*", "suds", "food", "grease", "fat", "sick", "vomit", "when i run", "when i empty", "when i pull"}},
	// Water rising from a plughole unbidden is the drain backing up.
	{id: "SEWAGE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "plughole*", "plug hole*"}, {"coming up", "comes up", "came up", "filling up", "fills up", "filling", "fills", "keeps filling", "rising"}, {"by itself", "on its own", "of its own accord", "didnt run it", "havent run it", "not run it", "nobody ran", "no one ran", "nobody is using", "nobody using", "not using it", "not been used", "without anyone"}}},
	// The soil pipe carries the toilets' waste: any leak from it is sewage.
	{id: "SEWAGE", all: []cue{{"soil stack*", "soil pipe*", "toilet waste pipe*"}, {"leak*", "burst", "broken", "cracked", "split", "drip*", "pour*", "coming out", "seep*", "ooz*", "running down"}}},
	{id: "SEWAGE", all: []cue{{"manhole*", "inspection chamber*", "soil stack*", "soil pipe*"}, {"overflow*", "coming up", "backing up", "backed up", "bubbling", "spilling", "flooding", "pouring out", "spew*", "coming out"}, {"towards", "into the house", "into the flat", "creeping", "onto the", "everywhere", "all over", "up to the", "in the garden"}}},
	{id: "SEWAGE", all: []cue{{"sewage", "sewer*", "poo", "faeces", "feces"}, {"coming up", "come up", "backing up", "backed up", "overflow*", "flood*", "leak*", "everywhere", "on the floor", "bubbling", "coming out", "pouring", "spill*", "in the garden", "in the bath", "in the shower", "up the plughole", "through the floor", "all over", "into the"}}},
	{id: "NO_WATER", mask: cue{"hot water", "no hot", "hot water cylinder"}, all: []cue{{"water", "waters"}, {"cut off", "no supply", "been off", "stopped completely", "just stopped", "water stopped", "is off", "gone off", "went off", "is stopped", "has stopped", "lost", "is gone", "has gone", "dead", "off completely", "completely off", "no pressure at all"}}, unless: cue{"pouring", "everywhere", "burst*", "flood*", "gushing", "spraying", "hot water", "the tap", "kitchen tap", "bathroom tap", "one tap", "radiator*", "shower", "washing machine", "dishwasher", "boiler", "heating", "leak*", "drip*", "gone a", "gone brown", "gone grey", "gone black", "gone cloudy", "gone milky", "gone murky", "gone dirty", "gone green", "gone yellow", "gone cold", "gone down", "wont drain", "wont go down", "blocked"}},
	{id: "NO_WATER", mask: cue{"hot water", "hot"}, all: []cue{{"any water", "water at all", "a drop of water", "drop of water", "running water"}, {"not had", "havent had", "hasnt had", "not got", "havent got", "hasnt got", "without", "dont have", "didnt have", "cant get", "not getting", "isnt any", "isnt any", "wasnt any"}},
		unless: cue{"the tap", "kitchen tap", "bathroom tap", "one tap", "that tap", "shower", "toilet", "cistern", "radiator*", "boiler", "heating", "washing machine", "dishwasher"}},
	// Said of the whole home, no water is no water whatever else is named.
	{id: "NO_WATER", mask: cue{"hot water", "no hot"}, all: []cue{{"no water at all", "no water anywhere", "not a drop anywhere in", "no water in the house", "no water in the flat", "no water in the whole", "none of the taps", "no running water", "not a drop anywhere", "nothing from any tap", "no water in any"}}},
	{id: "NO_WATER", all: []cue{{"tap", "taps"}, {"splutter*", "cough*", "spat", "spits"}, {"stopped", "nothing", "dried up", "died"}}},
	// "None of them", "nothing happened", "not a drop", said of the taps
	// or the water; of anything else they are no loss of water.
	{id: "NO_WATER", mask: cue{"hot water", "no hot", "hot tap*"}, all: []cue{{"none of them", "not a drop", "nothing happened", "nothing happens"}, {"taps", "water"}}, unless: cue{"leak*", "drip*", "rain", "pouring"}},
	{id: "NO_WATER", all: []cue{{"pipe", "pipes", "mains"}, {"frozen", "froze", "iced"}, {"no water", "nothing coming", "nothing is coming", "nothing comes", "taps", "tap", "wont run"}}, unless: cue{"condensate", "boiler", "white pipe", "plastic pipe"}},
	{id: "NO_WATER", mask: cue{"hot water", "no hot"}, all: []cue{{"no water", "nothing", "nowt", "not a drop", "not a dribble", "not a trickle", "no cold", "stopped", "dry", "dead"}, {"tap*"}, {"or the", "and the", "either", "both", "any", "all", "every", "anywhere", "everywhere", "whole", "upstairs and downstairs", "none"}}},
	{id: "NO_WATER", mask: cue{"hot water", "no hot", "hot taps"}, all: []cue{{"taps"}, {"stopped", "not working", "dont work", "arent working", "nothing", "dry", "no water", "wont run", "not running", "just splutter*", "splutter*", "cough*"}}, unless: cue{"dripping", "leak*", "stiff", "loose"}},
	{id: "NO_WATER", mask: cue{"hot water", "no hot"}, all: []cue{{"no water", "not a drop of water", "isnt a drop of water", "isnt any water", "not getting any water", "arent getting any water", "water is off", "waters off", "water has gone off", "waters gone off", "water went off", "water been cut off", "water cut off", "water is cut off", "waters been cut off", "water supply", "no running water", "nothing comes out of the tap*", "nothing coming out of the tap*", "nothing out of the tap*", "taps are dry", "taps have gone dry", "taps run dry", "taps ran dry", "taps have run dry", "no water coming out", "water stopped", "water has stopped", "waters stopped", "no cold water", "without water", "water turned off", "waters been off", "water has been off", "taps arent working", "taps arent working", "none of the taps", "taps dont work", "no water at all", "water has been cut", "water gone", "waters gone", "any of the taps", "taps just splutter", "nothing from the taps", "no water anywhere", "water is gone", "water has gone"}},
		unless: cue{"the tap", "kitchen tap", "bathroom tap", "one tap", "that tap", "bath tap", "basin tap", "sink tap", "cold tap", "hot tap", "water pressure", "low pressure", "boiler pressure", "radiator*", "toilet", "cistern", "shower", "washing machine", "dishwasher", "hot water",
			// Water that has gone a colour, or gone down, is still there.
			"gone a", "gone brown", "gone grey", "gone black", "gone cloudy", "gone milky", "gone murky", "gone dirty", "gone green", "gone yellow", "gone orange", "gone white", "gone cold", "gone down", "gone warm", "wont drain", "wont go down", "blocked"}},
	{id: "FLOODING", all: []cue{{"burst*", "flood*", "gushing", "gushes", "lashing*", "shooting out", "pumping out", "pissing out", "pissing water", "pishing out", "pissing everywhere", "like a hosepipe", "like a hose", "spraying", "sprays", "spurting", "pouring", "torrent*", "water everywhere", "water is everywhere", "water all over", "water is all over", "water is pouring", "ankle deep", "up to my ankles", "up to our ankles", "over my ankles", "up to my knees", "over my shoes", "inches of water", "inch of water", "inches deep", "under water", "underwater", "water across", "across the floor", "right across", "all across", "covering the floor", "all over the floor", "waterfall", "jetting", "fountain", "like a river", "cascad*"}}, unless: cue{"gutter*", "guttering", "pouring with rain", "pouring down outside", "burst into tears", "bubble burst", "graffiti", "paint", "spray paint", "spray can*", "spraying stuff", "sprayed stuff", "spraying paint", "spraying graffiti", "spraying tags", "throwing stones", "throwing eggs", "condensation", "drain floods", "drain keeps flooding", "drain is flooding", "drains flood", "drains keep flooding", "drain flooding", "gully", "grid is flooding", "spitting", "spits", "splutter*", "when i turn it on", "when i turn the tap", "when i turn the taps"}},
	{id: "FLOODING", all: []cue{{"cant stop", "cant stop", "wont stop", "wont stop", "cant turn off", "cant turn it off", "wont turn off", "cant find the stopcock", "stopcock wont", "stop tap wont", "keeps coming", "getting worse"}, {"water", "leak*", "pouring", "gushing"}}, unless: cue{"toilet", "cistern", "loo", "flush*", "drip*", "tap", "taps", "overflow pipe", "hot water", "heating"}},
	// Water reaching the flat below; the flat below alone is a neighbour.
	// Water rising through the floor is a burst under it until someone
	// has looked.
	// A hot water cylinder bulging may burst: the water and the heating
	// off, as for a burst pipe.
	{id: "FLOODING", all: []cue{{"hot water tank*", "hot water cylinder*", "water cylinder*", "cylinder", "cylinders", "immersion tank*", "tank in the airing cupboard", "water tank*", "hot tank*"}, {"bulg*", "swell*", "swollen", "ballooning", "puffed up", "bowing out", "bowed out", "about to burst", "going to burst", "expanding"}}},
	{id: "FLOODING", all: []cue{{"water"}, {"up through the floor*", "up from under the floor*", "up between the floorboards", "coming up from the floor*", "up through the boards"}}, unless: cue{"toilet", "loo", "sewage", "poo*", "drain*"}},
	{id: "FLOODING", all: []cue{{"flat below", "flat underneath", "through to the flat", "flat downstairs", "downstairs flat", "neighbour below", "neighbours below", "people below", "people downstairs"}, {"water", "leak*", "drip*", "pour*", "soak*", "wet", "flood*", "coming through", "gone through", "going through", "ceiling"}}},
	// Water coming through from the flat above can't be turned off from
	// here; a leak or a drip from there is the leak's (as the model's LEAK
	// value has it).
	{id: "FLOODING", all: []cue{{"flat above", "flat upstairs", "upstairs flat", "neighbour above", "neighbours above", "neighbour upstairs", "neighbours upstairs", "upstairs neighbour*", "people above", "people upstairs", "above me", "above us", "above mine", "above ours"}, {"pour*", "soak*", "flood*", "gush*", "coming through", "come through", "came through", "running down", "coming in", "everywhere"}}, unless: cue{"noise", "noisy", "music", "banging", "shouting", "stomping", "smoke", "smell*"}},
	{id: "FLOODING", all: []cue{{"overflow*"}, {"tank", "water tank", "cold water tank", "header tank", "loft tank"}}},
	// A bath or sink running over with a tap that will not turn off: the
	// stopcock, now.
	{id: "FLOODING", all: []cue{{"overflow*", "running over", "spilling over", "going over the top", "coming over the top", "over the top", "flooding", "flooded"}, {"bath", "baths", "bathtub*", "sink*", "basin*", "washbasin*"}, {"cant turn", "cant stop", "wont turn off", "wont stop", "wont go off", "stuck", "jammed", "stuck open", "wont shut off", "cant shut off", "cant get it off", "cant get the tap off"}}},
	// Anything that overflowed far enough to go through a ceiling or floor
	// is water where the electrics are.
	{id: "FLOODING", all: []cue{{"overflow*", "ran over", "running over", "runs over", "spilled over", "spilt over", "went over the top", "gone over the top"}, {"through the ceiling", "through the floor", "through the floorboards", "through to downstairs", "through to the flat", "into the flat below", "to the flat below", "downstairs flat", "flat below", "flat downstairs", "come through", "came through", "gone through", "went through", "coming through"}}, unless: cue{"cistern", "overflow pipe*"}},
	{id: "FLOODING", all: []cue{{"split*", "cracked", "come off", "came off", "snapped", "sheared", "blown", "burst*"}, {"pipe*", "hose*", "cylinder*", "tank*", "joint*", "valve*"}, {"everywhere", "all over", "across", "pouring", "gushing", "spraying", "soaking", "flooding", "flooded", "coming through", "running", "spreading"}}},
	// "The kids left the bath running and it's come through the ceiling":
	// the water is "it".
	{id: "FLOODING", all: []cue{{"bath", "baths", "bathtub*", "sink*", "basin*", "shower*", "washing machine*", "dishwasher*", "tap*", "cistern*", "tank*", "pipe*", "radiator*", "left running", "left on"}, {"come through the ceiling", "coming through the ceiling", "came through the ceiling", "gone through the ceiling", "going through the ceiling", "come through my ceiling", "coming through my ceiling", "came through my ceiling", "gone through my ceiling", "come through downstairs", "gone through downstairs", "come through to downstairs", "gone through to downstairs", "through the ceiling below", "through the kitchen ceiling", "through the living room ceiling", "through the lounge ceiling", "through the hall ceiling",
		// "The shower's leaking through to the kitchen": the room below.
		"through to the kitchen", "through to the living room", "through to the lounge", "through to the hall", "through to the room below", "through to the flat below", "into the room below", "into the kitchen below", "into the flat below"}}},
	{id: "FLOODING", mask: cue{"hot water"}, all: []cue{{"water", "rain", "rainwater", "leaking", "leaks", "leaked", "pouring", "dripping", "drips", "dripped", "seeping", "coming down"}, {"coming through the ceiling", "coming through my ceiling", "through the ceiling", "pouring through", "pouring in", "gushing through", "coming in through the walls", "coming up through the floor", "coming through the floor"}}},
	// Under a door it is a flood now, unless it is what rain does each
	// time: a door that lets the weather in, to repair.
	{id: "FLOODING", mask: cue{"hot water"}, all: []cue{{"water", "rain", "rainwater"}, {"coming in under", "under the door", "under the front door", "under the back door", "under the kitchen door"}}, unless: cue{"when it rains", "when it rained", "whenever it rains", "every time it rains", "if it rains", "when its raining", "when it is raining", "after rain", "after it rains", "after heavy rain", "in heavy rain", "when it pours"}},
	// "Broken in" is a break-in, but "the lift is broken in my block" (or
	// "broken in my block", with the lift heard as the room) is where a
	// thing is broken, and "broken in half" how. Speech spells "someone's
	// broken in" as "someone is".
	{id: "INSECURE_HOME", all: []cue{{"broken in the door", "broken in my door", "broken in the back door", "broken in my back door", "broken in the front door", "broken in my front door", "broken in the window", "broken in my window", "broken in the back", "broken in the front", "someone is broken in", "somebody is broken in", "someones broken in", "somebodys broken in", "they are broken in", "theyre broken in", "someone has broken in", "somebody has broken in", "they have broken in", "people are broken in", "people have broken in", "burglars are broken in", "burglars have broken in"}}},
	{id: "INSECURE_HOME", mask: cue{"is broken in", "are broken in", "broken in my", "broken in our", "broken in the", "broken in his", "broken in her", "broken in their", "broken in half", "broken in two", "broke in half", "broke in two", "break in half", "break in two"}, all: []cue{{"broken into", "broken in", "break in", "breakin", "broke in", "burglary", "burgled", "burglars", "burglar got in", "burglar broke", "kicked in", "kicked my door", "forced in", "forced open", "forced entry", "forced the door", "intruder*", "someone got in", "somebody got in", "someone tried to get in", "tried to break in", "trying to break in", "jemmied", "prised open", "tried to get in", "trying to get in", "tried getting in", "had the back door off", "had the front door off", "had the door off"}}},
	{id: "INSECURE_HOME", all: []cue{{"forced", "force it", "force the", "forcing", "jemmied", "jimmied", "jemmy*", "jimmy*", "crowbar*", "kicked in", "prised", "pried", "tried to get in", "tried to break in", "trying to get in", "trying to break in", "trying my door", "trying the door", "trying my handle", "trying the handle", "trying my front door", "trying the front door", "trying my back door", "trying the back door", "rattling my door", "rattling the door", "rattling my handle", "rattling the handle", "someone is been in my", "someone has been in my", "somebody is been in my", "somebody has been in my", "someone been in my", "somebody been in my", "someone in my flat", "someone in my house", "somebody in my flat", "somebody in my house", "attempted break in", "attempted breakin",
		// Alexa takes "in" for the room's carrier: "someone tried to get
		// {back door last night}".
		"someone tried to get", "somebody tried to get", "someone is tried to get", "someone has tried to get", "someones tried to get", "someone trying to get", "somebody trying to get", "they tried to get", "theyve tried to get", "they have tried to get"}, {"door*", "frame", "lock*", "window*", "in"}}},
	// A door to the outside that will not let the tenant out leaves them
	// no way out in a fire (emergency's lead for the locked in).
	{id: "INSECURE_HOME", all: []cue{{"cant get out", "cannot get out", "locked in", "locked inside", "stuck inside", "stuck in the house", "stuck in the flat", "stuck indoors", "wont let me out", "trapped inside", "trapped in the house", "trapped in the flat", "trapped in my flat", "trapped in my house"}, {"door*", "lock*", "latch*"}}, unless: slices.Concat(internal, cue{"locked out", "cant get in", "car", "lift*"})},
	{id: "INSECURE_HOME", mask: lockedOut, all: []cue{{"lock*"}, {"hanging off", "come off", "came off", "ripped off", "snapped off", "fallen off"}}},
	{id: "INSECURE_HOME", mask: lockedOut, all: []cue{{"lock*", "shut", "close"}, {"wont", "cant", "cant", "doesnt"}, {"leave the house", "go out", "leave the flat", "leave home", "anyone could", "anybody could", "not safe", "dont feel safe", "unsafe"}}},
	{id: "INSECURE_HOME", mask: lockedOut, all: []cue{{"lock*", "latch*", "bolt*", "yale*", "mortice*", "deadlock*"}, {"wont", "cant", "cant", "doesnt", "doesnt", "not", "unable", "broken", "broke", "snapped", "jammed", "stuck", "bust", "busted", "knackered", "gone", "wont stay shut"}, {"front door*", "back door*", "main door*", "door", "doors", "patio door*", "french door*", "flat door", "entrance door", "outside door", "external door"}}, unless: append(cue{"easily", "stiff*", "hard to", "difficult to", "sticks", "sticky", "a struggle", "fiddly", "a job to"}, internal...)},
	// A key snapped or stuck, said of a door to the outside.
	{id: "INSECURE_HOME", all: []cue{{"key is snapped", "key has snapped", "key snapped", "key broke", "key is broken", "key has broken", "key is stuck", "key stuck"}, {"front door*", "back door*", "main door*", "patio door*", "french door*", "flat door", "entrance door", "outside door", "external door"}}},
	// An outside door that shuts badly, not that won't: can it still be
	// locked?
	{id: "LOCK_UNSURE", all: []cue{{"shut properly", "close properly", "shutting properly", "closing properly", "hard to shut", "hard to close", "difficult to shut", "difficult to close", "have to slam", "got to slam", "have to push", "have to force", "sticks when", "catches on", "scrapes", "scraping", "doesnt line up", "wont line up"}, namedOutsideDoor}, unless: cue{"wont lock", "cant lock", "doesnt lock", "wont shut at all", "cant shut it at all"}},
	{id: "INSECURE_HOME", all: []cue{{"secure", "shut", "close", "closing"}, {"wont", "cant", "cant", "doesnt", "doesnt", "not", "unable", "broken", "jammed", "stuck"}, {"front door*", "back door*", "main door*", "patio door*", "french door*", "flat door", "entrance door", "outside door", "external door"}}},
	{id: "INSECURE_HOME", all: []cue{{"secure"}, {"isnt", "cant", "cant", "not", "wont", "unable", "insecure"}, {"home", "house", "flat", "place", "property", "bungalow", "maisonette", "it"}}, unless: internal},
	{id: "INSECURE_HOME", all: []cue{{"front door*", "back door*", "main door*", "patio door*", "flat door", "outside door", "external door", "french door*"}, {"broken", "hanging off", "smashed", "kicked", "off its hinges", "came off", "come off", "fallen off", "falling off", "wont close", "wont shut", "split", "cracked", "bust", "busted", "knackered", "caved in"}}, unless: cue{"handle*", "door knob*", "knob*", "door closer*", "closer", "letterbox*", "letter box*", "doorbell*", "door bell*", "knocker", "spy hole", "peephole", "draught*", "glass", "pane*", "weather strip*", "seal"}},
	// A handle off an outside door may or may not leave it unlockable
	// (many lock by lifting the handle): one question decides. A lock
	// named as broken, above, is the emergency.
	{id: "LOCK_UNSURE", all: []cue{{"handle*", "door knob*", "knob*", "lever*"}, {"come off", "came off", "coming off", "fallen off", "fell off", "falling off", "hanging off", "pulled off", "broken", "broke", "snapped", "loose", "wobbly", "bust", "busted", "knackered", "come away", "came away", "coming away", "missing", "gone floppy", "floppy", "spins", "spinning", "goes round"}, namedOutsideDoor}},
	// "Could somebody come out and look at my window" asks for a visit;
	// "the window's come out and look" is still the window.
	{id: "INSECURE_HOME", mask: cue{"to come out", "council come out", "landlord come out", "they come out", "she come out", "he come out", "someone come out", "somebody come out", "someone to come out", "somebody to come out", "anyone come out", "anybody come out", "anyone to come out", "anybody to come out", "you come out", "you to come out", "engineer come out", "engineer to come out", "man come out", "man to come out"}, all: []cue{{"window*", "glass", "pane*", "patio door*"}, {"fallen out", "fell out", "come out", "came out", "wide open", "open to the street", "onto the street", "smash*", "shatter*", "put through", "kicked in", "caved in", "brick through", "stone through", "someone broke", "been broken", "got broken"}}, unless: glassNotWindow},
	{id: "INSECURE_HOME", all: []cue{{"window*"}, {"broken", "wont close", "wont shut", "wont lock", "cant lock", "cant close", "fallen out", "fell out", "hanging"}, {"ground floor", "downstairs", "ground level", "front room", "lounge", "living room", "kitchen", "back door"}}},

	// Words that leave the danger open: one question decides.
	// A smell of skunk where nobody smokes is not the neighbours' cannabis:
	// gas smells of it to some.
	{id: "SMELL_UNSURE", all: []cue{{"skunk*", "weed", "cannabis"}, {"nobody smokes", "no one smokes", "none of us smoke*", "we dont smoke", "i dont smoke", "nobody here smokes", "nobody in the house smokes", "no one here smokes", "nobody smoking", "no one smoking", "dont smoke"}}},
	// A door that will not close may be the front door or the bathroom's.
	// The electrics said to be wrong, without saying how: is anything
	// Twenty-second session: headaches, sickness or drowsiness that keep
	// coming back, with nothing said of gas or heating: carbon monoxide
	// shows itself so. One question decides: does it ease away from home?
	{id: "CO_UNSURE", all: []cue{coSymptoms, {"keep getting", "keeps getting", "keep coming back", "keeps coming back", "coming back", "keep having", "keeps having", "keep feeling", "keeps feeling", "keep being", "keeps being", "keep waking", "keeps waking", "every morning", "each morning", "in the morning", "in the mornings", "every day", "every night", "all the time", "for days", "for weeks", "for a week", "for a few days", "for ages", "constant*", "always", "lately", "recently", "on and off", "come and go", "comes and goes", "since we moved", "since i moved", "since the winter", "since the cold"}}, unless: cue{"hangover", "hungover", "migraine*", "period*", "pregnan*", "morning sickness", "chemo*", "the flu", "flu", "covid", "a cold", "virus", "a bug", "tummy bug", "sickness bug", "food poisoning", "teeth", "teething", "noise", "neighbour*", "stress*", "damp", "mould*", "medication", "tablets"}},
	// sparking, smoking, hot or burning? After every electrical danger.
	// Lights that dim or flicker as something else comes on: the wiring
	// straining, or only the bulb? One question decides.
	{id: "ELECTRICS_UNSURE", all: []cue{{"light", "lights", "bulb*"}, {"dim", "dims", "dimming", "dimmed", "go dim", "goes dim", "go down", "flicker*"}, {"kettle*", "washing machine*", "shower*", "cooker*", "oven*", "microwave*", "hoover*", "vacuum*", "heater*", "hairdryer*", "hair dryer*", "iron", "toaster*", "dryer*", "dishwasher*", "anything else", "something else", "appliance*"}}, unless: cue{"storm*", "wind", "power cut*"}},
	{id: "ELECTRICS_UNSURE", all: []cue{{"electrics", "electricity", "electric", "wiring", "leccy", "lecky", "electrical"}, {"something wrong", "somethings wrong", "something is wrong", "something not right", "not right", "isnt right", "arent right", "playing up", "acting up", "acting funny", "acting weird", "dodgy", "problem", "problems", "issue", "issues", "fault", "faulty", "funny", "strange", "weird", "odd"}}, unless: cue{"bill*", "meter credit", "credit", "top up", "topup", "key meter", "card meter", "prepay*", "supplier*", "tariff", "smart meter", "electric fire*", "electric heater*", "electric shower*", "electric blanket*", "electric cooker*", "electric oven*", "electric hob*", "cost", "price", "paying", "pay"}},
	// A key snapped or stuck, with no door named: is the home secure?
	{id: "DOOR_UNSURE", all: []cue{{"key is snapped", "key has snapped", "key snapped", "key broke", "key is broken", "key has broken", "key is stuck", "key stuck", "snapped in the lock", "broke in the lock", "broken in the lock", "stuck in the lock", "snapped off in the lock"}}, unless: internal},
	{id: "DOOR_UNSURE", mask: cue{"next door*", "door step*", "doorstep*", "door handle*", "door knob*"}, all: []cue{{"door", "doors"}, {"off its hinges", "off the hinges", "off the hinge", "come off", "came off", "coming off", "hanging off", "fallen off", "wont close", "wont shut", "cant close", "cant shut", "doesnt close", "doesnt shut", "wont close", "not closing", "not shutting", "kicked", "smashed", "forced", "caved in", "door to close", "door to shut", "it to close", "it to shut", "door to lock", "it to lock"}},
		unless: append(cue{"cupboard*", "cabinet*", "unit*", "oven", "fridge", "freezer", "shower", "wardrobe*", "kitchen door", "garage", "shed", "car", "washing machine", "dishwasher", "microwave", "cooker", "bin*"}, internal...)},
	// A boiler, or its cupboard, hissing: gas, or only water? Water said
	// is the leak's.
	{id: "HISS_UNSURE", all: []cue{{"boiler*", "boiler cupboard*", "combi*"}, {"hiss*"}}, unless: cue{"water", "drip*", "leak*", "pouring", "spray*", "squirt*", "overflow*", "pressure valve*", "relief valve*", "kettl*", "whistl*"}},
	// A pilot light going out is a gas flame gone, wherever it is.
	{id: "COOKER_UNSURE", all: []cue{{"pilot light*", "pilot flame*"}, {"wont light", "not lighting", "doesnt light", "didnt light", "wont stay lit", "doesnt stay lit", "not staying lit", "wont stay on", "keeps going out", "goes out", "going out", "gone out", "went out", "keeps blowing out", "blew out", "blown out", "is out", "keeps dying", "died", "wont come on", "not on", "isnt on", "is off", "gone off", "went off", "keeps going off", "out"}}, unless: cue{"tv", "telly", "pilot scheme", "pilot project", "pilot study", "trial"}},
	// A pop or bang as a gas flame lights is gas gathered before it
	// caught: left off until looked at, unless gas can be smelt now.
	{id: "COOKER_UNSURE", all: []cue{{"gas fire*", "fire", "hob", "hobs", "cooker*", "oven*", "ring", "rings", "gas ring*", "burner*", "stove*", "grill*"}, {"pop", "pops", "popping", "popped", "bang", "bangs", "banging", "banged", "whoomph*", "whoomf*", "whoosh*", "boom*", "flares up", "flared up", "flare up", "flames shoot*", "flame shoot*", "shoots out"}}, unless: cue{"electric hob*", "electric cooker*", "electric oven*", "electric fire*", "induction", "ceramic", "microwave*", "popcorn", "toaster*", "door*", "fire alarm*", "smoke alarm*", "alarm*", "fire door*", "fire exit*", "fire escape*", "bonfire*", "firework*", "log burner*", "wood burner*", "fireplace", "open fire", "glass", "fat", "oil", "chip pan*", "pan*"}},
	// Twenty-second session: a gas hob, oven or fire that will not turn
	// off: alight with no way to stop it, unless the gas is turned off.
	{id: "COOKER_UNSURE", all: []cue{{"hob", "hobs", "cooker*", "oven*", "gas fire*", "ring", "rings", "gas ring*", "burner*", "stove*", "grill*", "knob*", "dial*"}, stuckAlight}, unless: cue{"electric hob*", "electric cooker*", "electric oven*", "electric fire*", "induction", "ceramic", "microwave*", "clock", "timer", "display", "fan", "light", "lights", "bulb*", "extractor*", "hood"}},
	// A gas hob, oven or fire that clicks and will not light may be
	// letting gas out unburnt: can they smell it?
	{id: "COOKER_UNSURE", all: []cue{{"hob", "hobs", "cooker*", "oven*", "gas fire*", "fire", "ring", "rings", "gas ring*", "burner*", "stove*", "grill*"}, {"wont light", "not lighting", "wont catch", "doesnt light", "didnt light", "wont ignite", "not igniting", "doesnt ignite", "ignit*", "igniter*", "sparker*", "keeps clicking", "clicks", "clicking", "wont stay lit", "doesnt stay lit", "not staying lit", "keeps going out", "goes out", "blew out", "blown out", "wont spark", "no spark", "not sparking", "no flame", "no flames"}}, unless: cue{"electric hob*", "electric cooker*", "electric oven*", "electric fire*", "induction", "ceramic", "light above", "light over", "lights above", "lights over", "bulb*", "lamp*", "hood", "extractor*", "clock", "timer", "display", "door*", "fan", "microwave*", "smoke alarm*", "fire alarm*", "alarm*", "fire door*", "fire exit*", "fire escape*", "bonfire*", "candle*", "log burner*", "wood burner*", "fireplace", "open fire"}},
	// Twenty-second session: a gas meter that ticks, clicks or rattles:
	// often only the meter, but is there gas? (Hissing is the gas script.)
	{id: "METER_UNSURE", all: []cue{{"gas meter*", "gas box", "gas cupboard*"}, {"tick*", "click*", "whirr*", "rattl*", "knock*", "bang*", "noise*", "noisy", "sound*", "humm*", "hum", "hums", "buzz*", "beep*", "making a", "funny"}}, unless: cue{"top up", "topping up", "credit", "bill*", "reading*", "smart meter*", "key"}},
	// A sound from a meter not said to be gas or electric: is it gas?
	{id: "SMELL_UNSURE", all: []cue{{"meter", "meters", "meter cupboard*", "meter box*"}, {"fizz*", "crackl*", "buzz*", "sizzl*", "hiss*", "humm*", "hum", "hums"}}, unless: cue{"gas meter*", "electric meter*", "electricity meter*", "smart meter*", "water meter*"}},
	{id: "SMELL_UNSURE", all: []cue{{"fumes", "fumey", "fumy"}}, unless: cue{"car", "cars", "traffic", "exhaust*", "paint*", "bleach", "cleaning"}},
	// A blocked bath, basin or shower that smells bad may be the drains
	// backing up or only the trap: is dirty water coming up on its own?
	{id: "DRAIN_UNSURE", all: []cue{{"bath", "baths", "bathtub*", "tub", "shower*", "sink*", "basin*", "washbasin*", "plughole*", "plug hole*"}, {"block*", "wont drain", "not draining", "isnt draining", "doesnt drain", "wont go down", "not going down", "isnt going down", "wont empty", "not emptying", "isnt emptying", "doesnt empty", "clogged", "standing water", "sitting in", "wont go", "wont go away", "not going", "isnt going", "wont shift", "not shifting"}, {"smells horrible", "smells awful", "smells disgusting", "smells terrible", "smells vile", "smells rotten", "smells foul", "smells really bad", "smells so bad", "horrible smell", "awful smell", "disgusting smell", "terrible smell", "vile smell", "rotten smell", "foul smell", "something died", "something dead", "dead animal", "disgusting", "like the drains", "like a drain", "like drains", "of drains", "of the drains", "gunge", "gungy", "gunk", "stinks", "stinking", "stench", "reek*", "honk*", "rank", "minging", "mingin"}}, unless: cue{"dish*", "washing up", "grease", "greasy", "food", "fat", "hair", "soap*", "suds", "mould*", "mold*", "sealant", "silicone", "grout"}},
	// A smell from something electric that is not a gas appliance, or
	// one that went bang, is more likely burning than gas: is anything
	// sparking, smoking, hot or smelling of burning? Not when the smell
	// is said to be the damp, the drains or food.
	{id: "ELECTRICS_UNSURE", all: []cue{{"lamp*", "bulb*", "light", "lights"}, smellCue}, unless: slices.Concat(smellDenied, cue{"gas", "damp", "musty", "mould*", "mold*", "drain*", "sewage", "food"})},
	{id: "ELECTRICS_UNSURE", all: []cue{electricThings, smellCue}, unless: slices.Concat(smellDenied, cue{"gas", "damp", "musty", "mould*", "mold*", "mildew", "fusty", "drain*", "sewage", "sewer*", "food", "wet", "egg*", "stagnant", "clothes", "dog*", "cat", "cats", "mouse", "mice", "rat", "rats", "dead"})},
	// A bulb that burst, a shower that buzzes, a hot water cylinder that
	// bangs (it may be overheating): is anything burning?
	{id: "ELECTRICS_UNSURE", all: []cue{{"bulb*", "lamp*"}, {"exploded", "explode", "exploding", "burst", "shattered"}}},
	{id: "ELECTRICS_UNSURE", all: []cue{{"shower", "showers"}, {"buzz*", "crackl*", "fizz*", "humm*", "hot to touch", "too hot to touch", "smells hot", "hot smell"}}, unless: cue{"shower head*", "water is hot", "water too hot", "hot water"}},
	{id: "ELECTRICS_UNSURE", all: []cue{{"immersion*", "hot water tank*", "hot water cylinder*", "cylinder*"}, {"bang*", "knocking", "rumbling", "boiling", "roaring"}}},
	{id: "ELECTRICS_UNSURE", all: []cue{electricThings, {"bang", "bangs", "banged", "went pop", "popped", "blew", "blown", "blew up", "blown up", "exploded", "explode", "explosion"}}, unless: cue{"gas"}},
	{id: "SMELL_UNSURE", all: []cue{smellCue}, unless: slices.Concat(smellDenied, cue{"metal", "metallic", "rusty", "chlorine", "damp", "musty", "mould*", "mold*", "mildew", "fusty", "drain*", "sewage", "sewer*", "sink", "basin*", "plughole*", "plug hole", "toilet", "loo", "bin", "bins", "rubbish", "food", "fridge", "dog*", "cat", "cats", "animal*", "dead", "mouse", "mice", "rat", "rats", "cigarette*", "smoke", "smoking", "weed", "cannabis", "skunk", "neighbour*", "poo", "wee", "urine", "pee", "sweat*", "perfume", "cooking", "feet", "nappy", "nappies"})},
}

// problemRules reads everyday words as a problem once no danger is found,
// so a tenant who says "the thing on the wall is making a banging noise"
// is understood though Alexa could not resolve it.
var problemRules = []rule{
	// A shower's weak flow is the shower's, not the boiler's pressure nor
	// a leak's trickle.
	{id: "SHOWER", all: []cue{{"shower*"}, {"pressure", "trickle*", "trickling", "dribbl*", "weak", "low", "no force", "no power", "barely", "pathetic", "feeble"}}, unless: cue{"boiler*", "leak*", "drip*", "tray", "screen", "curtain", "ceiling", "cold", "lukewarm", "tepid", "not hot", "isnt hot", "no hot"}},
	// The heating's own dial or thermostat is the heating, not the
	// boiler's pressure dial.
	{id: "HEATING", all: []cue{{"dial for the heating", "heating dial", "dial on the thermostat", "thermostat dial", "dial on the wall", "heating control*", "thermostat*"}}, unless: cue{"boiler", "pressure*", "needle", "gauge", "in the red", "red bit"}},
	// A hot water tank or cylinder that will not heat is the hot water.
	{id: "HOT_WATER", all: []cue{{"tank", "cylinder", "immersion*"}, {"not getting hot", "not getting warm", "not heating", "wont heat", "doesnt heat", "not hot", "isnt hot", "stone cold", "cold"}}, unless: cue{"cold water tank", "cold tank", "header tank", "loft", "leak*", "drip*", "overflow*", "burst"}},
	{id: "BOILER_PRESSURE", all: []cue{{"needle", "dial", "in the red", "red bit", "pressure*", "gauge", "filling loop", "repressuris*", "re pressuris*", "top up the boiler", "topping up the boiler"}}, unless: cue{"water pressure", "blood pressure"}},
	// A fault code on the boiler's display: "it's showing an F twenty
	// eight".
	{id: "BOILER_LOCKOUT", all: []cue{{"boiler*"}, {"display says", "screen says", "fault code*", "an f", "an e", "letter f", "letter e", "f two", "f three", "f six", "f seven", "f nine", "f one", "f zero", "e one", "e two", "e three", "e five", "e nine", "f twenty", "f thirty", "f sixty", "f seventy", "f eighty", "e one hundred", "e one one", "f0*", "f1*", "f2*", "f3*", "f4*", "f5*", "f6*", "f7*", "f8*", "f9*", "e0*", "e1*", "e2*", "e3*", "e4*", "e5*", "e6*", "e7*", "e8*", "e9*", "ea", "showing f", "showing e", "says f", "says e", "code f", "code e"}}, unless: cue{"blank", "nothing", "not showing", "no display", "pressure*", "needle", "gauge", "leak*", "drip*"}},
	{id: "BOILER_LOCKOUT", all: []cue{{"boiler*"}, {"lockout", "lock out", "locked out", "locks out", "locked itself out", "locked itself", "red light", "error*", "code", "flashing", "reset"}}},
	{id: "CONDENSATE_PIPE", all: []cue{{"condensate", "condensation pipe"}}},
	{id: "CONDENSATE_PIPE", all: []cue{{"pipe*"}, {"frozen", "froze", "freez*", "iced", "ice", "thaw*", "defrost*", "unfreez*"}}},
	// A boiler that stopped in a frost, gurgling, has a frozen condensate pipe.
	{id: "CONDENSATE_PIPE", all: []cue{{"boiler*"}, {"frost", "frosty", "froze", "frozen", "freezing out", "icy", "cold snap", "minus"}, {"stopped", "cut out", "gurgl*", "wont", "not working", "error", "locked out", "lockout"}}},
	{id: "BOILER_NOISE", all: []cue{{"boiler*", "pipes"}, {"bang*", "knock*", "noise*", "noisy", "gurgl*", "whistl*", "rattl*", "clunk*", "humm*", "kettl*", "loud", "hum", "hums", "roar*", "screech*", "squeal*", "clank*", "vibrat*", "tick*", "whirr*", "whoosh*", "thump*", "clatter*", "racket", "din", "row"}}, unless: cue{"no heat", "no heating", "no hot water", "not working", "stopped working", "isnt working", "wont come on", "wont fire", "not firing", "cut out", "cuts out", "keeps cutting out"}},
	// Both at once is one fault, most often the boiler: "no heating and
	// no hot water", "the heating and hot water have both gone".
	{id: "HEAT_AND_HOT_WATER", mask: cue{"hot water bottle*", "hot water tap*"}, all: []cue{{"heating", "heat", "radiators", "rads"}, {"hot water", "no hot", "hot either", "hot neither"}}, unless: cue{"but not the hot", "but not hot", "hot water is fine", "hot waters fine", "hot water is ok", "hot water is okay", "hot water works", "hot water is working", "hot waters working", "got hot water", "have hot water", "heating is fine", "heatings fine", "heating is ok", "heating is okay", "heating works", "heating is working", "heatings working", "got heating", "have heating", "heating is on", "heatings on", "heating comes on", "heating is coming on", "hot water is on", "hot waters on", "only the hot", "just the hot", "only the heating", "just the heating", "apart from the", "except the", "leak*", "drip*", "puddle*", "seep*", "burst", "bill*", "meter*", "cost*", "boiler*"}},
	// The heating working and the hot water not is the hot water's fault.
	{id: "HOT_WATER", all: []cue{{"not the hot water", "but not hot water", "but no hot water", "but not the hot", "hot water doesnt", "hot water isnt", "hot water wont", "no hot water"}}, unless: stuckOn},
	// A gas appliance a gas engineer condemned or capped: the boiler's
	// repair, unless another appliance is named.
	{id: "BOILER", all: []cue{{"condemned", "capped", "made safe", "warning notice"}, {"gas man", "gas engineer", "engineer", "boiler*", "heating", "gas"}}, unless: cue{"cooker*", "hob*", "oven*", "gas fire*", "fire"}},
	{id: "BOILER", all: []cue{{"boiler*", "combi", "pilot light*", "back boiler", "worcester*", "baxi", "vaillant", "potterton", "glow worm", "glowworm", "viessmann", "vokera", "ariston", "ideal boiler", "ideal logic", "alpha boiler", "main combi"}}},
	{id: "HEATING", all: []cue{{"all the radiators", "none of the radiators", "none of the rads", "all the rads", "rads are all", "every rad", "none of my radiators", "none of my rads", "all my rads", "all of the rads", "any of the radiators", "any of the rads", "all the heaters", "none of the heaters", "every radiator", "radiators are all", "all my radiators", "all radiators", "all of the radiators", "whole house is cold", "whole flat is cold"}}},
	// Radiators, more than one, not coming on are the heating; one cold at
	// the top wants bleeding.
	{id: "HEATING", all: []cue{{"radiators", "rads"}, {"upstairs", "downstairs", "arent coming on", "not coming on", "wont come on", "dont come on", "arent working", "not working", "wont work", "dont work", "stopped working", "arent getting warm", "not getting warm", "arent heating up", "not heating up", "stay cold", "stays cold", "staying cold", "still cold", "are cold", "are all cold", "all stone cold", "are stone cold"}}, unless: cue{"bleed*", "top", "bottom", "cold at", "warm at", "air", "noise*", "bang*", "clank*", "knock*", "leak*", "drip*", "one of the", "one radiator"}},
	// A radiator that leaks is a leak: bleeding it will not help.
	{id: "RADIATOR", all: []cue{{"radiator*", "rad", "rads", "towel rail*"}}, unless: cue{"leak*", "drip*", "puddle*", "weeping", "onto the carpet", "onto the floor", "wet patch*", "damp patch*", "wet carpet", "carpet is wet", "carpet is soaked", "carpets wet", "water under", "water round", "water on the floor"}},
	// Water that will not heat, said of the water itself.
	{id: "HOT_WATER", all: []cue{{"water"}, {"not getting hot", "not heating up", "not hot", "not warm", "not warming up", "not get hot", "never gets hot", "never hot", "only lukewarm", "lukewarm", "tepid", "stone cold", "freezing cold"}}, unless: cue{"radiator*", "rads", "heating", "hot water bottle*", "leak*", "drip*", "bath is", "shower*"}},
	{id: "HOT_WATER", all: []cue{{"hot tap*", "hot water tap*"}, {"cold", "freezing", "lukewarm", "tepid", "not hot", "isnt hot", "wont get hot", "never gets hot"}}},
	{id: "HOT_WATER", all: []cue{{"shower*"}, {"cold", "freezing", "lukewarm", "tepid", "wont heat", "not hot", "isnt hot", "no hot"}}},
	// The hot water tap named is a tap: "the hot water tap is stiff".
	{id: "HOT_WATER", mask: cue{"hot water tap*"}, unless: append(cue{"leak*", "drip*", "puddle*", "seep*", "hot water is fine", "hot waters fine", "hot water is ok", "hot water is okay", "hot water works", "hot water is working", "hot waters working", "got hot water", "have hot water", "hot water is on", "hot waters on"}, stuckOn...), all: []cue{{"hot water", "immersion*", "cylinder", "water is cold", "waters cold", "water is freezing", "only cold water", "cold shower", "shower is cold", "showers cold", "shower is freezing", "no hot", "lukewarm", "tepid", "water wont heat", "water wont get hot", "water isnt hot", "water not hot"}}},
	// "The lights went out when I plugged the heater in" is the electrics
	// tripping, not the heating.
	{id: "HEATING", all: []cue{{"heating", "heater*", "thermostat*", "storage heater*", "no heat", "central heating", "programmer", "heating timer"}}, unless: cue{"when i plugged", "when i plug", "when i put the heater", "when i switched the heater", "when i turned the heater", "heater tripped", "heater trips", "heater keeps tripping", "tripped the electric*", "trips the electric*", "tripping the electric*", "blew the fuse*", "blows the fuse*", "blown the fuse*", "heater fused", "fused the"}},
	// Cold said with a window or door that lets it in is that window's
	// or door's fault: "my window won't close and it's freezing".
	{id: "HEATING", all: []cue{{"freezing", "cold house", "house is cold", "flat is cold", "perishing", "baltic", "nithered", "frozen in here", "so cold", "really cold", "bitter", "cold in here", "warm up", "cant get warm", "cannot get warm", "cant keep warm", "cannot keep warm", "cant heat the house", "cant heat the flat", "cant heat my flat", "cant heat my house"}}, unless: cue{"window*", "windae*", "winda", "windie*", "door*", "draught*", "draft*", "letterbox*", "letter box*", "glazing", "pane", "panes", "freezer*", "fridge*"}},
	{id: "TOILET_BLOCKED", all: []cue{{"toilet*", "loo", "loos", "lavatory", "wc", "w c", "khazi", "lav", "bog", "the pan", "cludgie", "netty", "dunny"}, {"block*", "unblock*", "clog*", "unclog*", "bunged", "wont go down", "not going down", "wont drain", "backing up", "backed up", "overflow*", "full", "choked", "up to the rim", "up to the top", "rises when i flush", "rises up when i flush", "water rises", "water rising", "wont flush away", "not flushing away", "doesnt flush away", "nearly overflow*", "almost overflow*"}}},
	{id: "TOILET_RUNNING", all: []cue{{"toilet*", "loo", "loos", "cistern*", "lav", "lavatory", "lavvy", "wc", "w c", "khazi", "bog", "cludgie", "netty", "dunny", "pan", "after i flush", "after flushing"}, {"keeps running", "keep running", "running all the time", "wont stop running", "keeps filling", "keeps refilling", "constantly running", "always running", "keeps flushing", "trickl*", "hissing", "overflow pipe", "wont stop filling", "filling up all", "filling all the time", "filling all night", "hear it filling", "constantly filling", "filling constantly", "always filling"}}, unless: cue{"fan", "fans", "extractor*"}},
	// A toilet heard filling or running on its own, at night or all the
	// time, is running.
	{id: "TOILET_RUNNING", all: []cue{{"toilet*", "loo", "loos", "cistern*", "lav", "lavatory", "lavvy"}, {"filling", "fills", "refilling", "refills", "running", "hissing", "trickling"}, {"night", "all the time", "constantly", "keep hearing", "keeps", "wakes me", "on its own", "by itself"}}, unless: cue{"block*", "overflow*", "wont flush", "doesnt flush", "not flushing", "fan", "extractor*"}},
	{id: "TOILET_NO_FLUSH", all: []cue{{"toilet*", "loo", "loos", "cistern*", "lav", "lavatory", "lavvy", "wc", "w c", "khazi", "bog", "cludgie", "netty", "dunny"}, {"not filling", "not refilling", "wont fill", "wont refill", "not fill", "not refill", "cistern is empty", "no water in the cistern", "takes ages to fill", "slow to fill", "takes ages to refill", "slow to refill", "takes forever to fill", "ages to fill up"}}},
	{id: "TOILET_NO_FLUSH", all: []cue{{"flush*", "chain", "handle", "lever", "button"}, {"round and round", "spins", "spinning", "no resistance", "floppy", "does nothing", "doesnt do anything", "not doing anything", "goes down and nothing", "wont", "doesnt", "doesnt", "not", "broken", "snapped", "came off", "come off", "stuck", "nothing happens", "weak", "bust", "knackered"}, {"toilet*", "loo", "loos", "cistern*", "lav", "bog", "cludgie", "flush*"}}},
	{id: "SMELL", all: []cue{smellCue, {"drain*", "sewer*", "sewage"}}, unless: cue{"full of", "full", "smelly", "gurgl*", "leaves", "clogged", "wont drain", "not draining", "isnt draining", "doesnt drain", "block*", "overflow*", "backing up", "wont go down", "slow", "coming up"}},
	{id: "SINK_BLOCKED", mask: cue{"slow drip*", "slow leak*"}, all: []cue{{"sink*", "basin*", "plughole*", "plug hole*", "bath", "shower tray", "shower", "washbasin"}, {"block*", "unblock*", "drain*", "clog*", "unclog*", "slow", "chockablock", "chocka", "bunged", "wont go down", "not going down", "backing up", "backed up", "full", "standing water", "bunged", "gunged", "choked", "wont empty", "not emptying", "comes back up", "coming back up", "come back up", "comes up", "takes ages", "ages to empty", "ages to drain", "ages to go down", "takes forever", "forever to empty", "forever to drain"}}},
	// A washing machine or dishwasher that won't drain is the machine,
	// or its own pipe, not the drains.
	{id: "DRAIN", mask: cue{"drain cleaner*", "drain unblocker*"}, unless: cue{"washing machine*", "washer", "dishwasher*", "tumble dryer*", "dryer*"}, all: []cue{{"drain*", "gully", "gulley", "grid", "grate", "grating", "drain cover*", "manhole*", "soil pipe*", "waste pipe*", "sewer smell", "smell of sewage", "smells of sewage", "sewage smell", "smells like sewage", "smells like a sewer"}}},
	{id: "TAP", all: []cue{{"tap", "taps", "mixer", "faucet*", "spout"}}},
	// Water that comes in only with the rain comes through the roof.
	{id: "ROOF", all: []cue{{"when it rains", "when it rained", "after rain", "after it rains", "after the rain", "after heavy rain", "after it rained", "when it is raining", "when its raining", "rain comes in", "rain coming in", "rain gets in", "rainwater", "every time it rains", "whenever it rains"}, {"loft", "attic", "ceiling", "roof", "damp patch*", "comes in", "coming in", "gets in", "getting in", "leak*", "drip*", "pour*", "water"}}, unless: cue{"window*", "door*", "vent*", "wall*"}},
	// Misting between the panes is a failed double-glazed unit, not damp.
	{id: "WINDOW", all: []cue{{"between the panes", "between the glass", "inside the glass", "in between the glass", "in between the panes", "inside the double glazing", "inside the window", "between the two panes", "blown unit", "blown window", "blown double glaz*", "blown glazing"}}},
	// Windows misting on the room side every morning is condensation,
	// which its guide cuts down; between the panes was read above.
	{id: "DAMP_MOULD", all: []cue{{"window*", "windae*", "glass", "pane", "panes"}, {"steamed up", "steaming up", "steams up", "steam up", "misted up", "misting up", "mists up", "mist up", "fogged up", "fogging up", "fogs up", "running with water", "dripping wet", "wet every morning", "wet in the morning", "soaking every morning", "water on the inside", "wet on the inside", "puddles on the sill*", "pools on the sill*"}}},
	// A damp patch on a ceiling is water from above.
	{id: "LEAK", all: []cue{{"damp patch*", "wet patch*", "water mark*", "brown patch*", "yellow patch*", "brown stain*", "yellow stain*", "water stain*", "damp stain*"}, {"ceiling", "ceilings"}}, unless: cue{"mould*", "mold*", "black"}},
	{id: "DAMP_MOULD", all: []cue{{"dry rot", "wet rot", "mushroom*", "toadstool*", "damp*", "mould*", "mold*", "mildew", "condensation", "musty", "black spots", "fusty", "black fungus", "fungus", "wet walls", "walls are wet", "windows are wet", "streaming windows", "green stuff", "black stuff growing", "growing on the wall*", "growing in the corner", "growing up the wall*", "furry"}}},
	// Mould said by how it looks, where mould grows.
	{id: "DAMP_MOULD", all: []cue{{"black stuff", "black spots", "black dots", "black patch*", "black specks", "black fluff", "green stuff", "green patch*", "grey fluff", "fuzzy stuff", "furry stuff", "white fluff", "white fuzz*"}, {"wall*", "ceiling*", "corner*", "window*", "sill*", "windowsill*", "skirting*", "behind the wardrobe", "behind the bed", "behind the sofa", "behind furniture", "curtain*", "clothes", "shoes"}}},
	{id: "DAMP_MOULD", all: []cue{{"wall", "walls", "windows", "window sill*", "windowsill*", "sills", "window ledge*"}, {"wet", "running", "streaming", "soaking", "damp", "sweating"}}, unless: cue{"hear", "in the wall", "in the walls", "behind the wall*", "inside the wall*", "pipe*"}},
	{id: "LEAK", all: []cue{{"hear water", "water running in", "running in the wall*", "running behind", "inside the wall*", "leak*", "drip*", "puddle*", "water stain*", "water coming", "water is coming", "water comes", "water getting in", "water is getting in", "water gets in", "wet floor", "water under", "water damage", "water mark*", "wet patch*", "water on the floor", "water through", "coming through the ceiling", "trickl*", "seep*", "weeping"}}, mask: cue{"trickle vent*"}, unless: cue{"gutter*", "guttering", "downpipe*", "down pipe*"}},
	// A pipe that has split or cracked leaks, whether or not the tenant says
	// "leak".
	{id: "LEAK", all: []cue{{"pipe*", "hose*", "joint*", "waste pipe*"}, {"split*", "cracked", "crack in", "snapped", "come apart", "came apart", "come loose", "came loose", "come off", "came off", "popped off", "hole in"}}, unless: cue{"condensate", "boiler", "overflow pipe*", "gas", "soil"}},
	// Water on the floor, however it got there, is a leak to report.
	// "The ceiling is wet from the bath upstairs": water from above.
	{id: "LEAK", all: []cue{{"ceiling", "ceilings"}, {"wet", "soaking", "soaked", "sodden", "dripping", "damp from", "wet from", "drips"}}, unless: cue{"condensation", "mould*", "mold*", "black", "bubbl*", "bulg*", "sag*"}},
	{id: "LEAK", all: []cue{{"soaking", "sopping", "wet through", "drenched", "sodden", "soaked", "wringing", "all wet", "squelch*"}, {"floor", "floors", "carpet*", "lino", "laminate", "underlay", "floorboard*"}}},
	{id: "LEAK", all: []cue{{"water"}, {"floor", "floors", "carpet*", "lino", "underneath"}}, unless: cue{"hot water", "no water", "water pressure", "cold water", "water bill*", "drinking water", "boiling water", "toilet water", "water heater*"}},
	// A toilet with nothing more said comes after the leak: water seeping
	// round the toilet is a leak.
	{id: "TOILET", mask: cue{"toilet roll*", "loo roll*", "bog roll*", "toilet paper", "toilet brush*"}, all: []cue{{"toilet*", "loo", "loos", "cistern*", "flush*", "lavatory", "wc", "w c", "khazi", "lav", "bog", "the pan", "cludgie", "netty", "dunny"}}, unless: cue{"fan", "fans", "extractor*", "light", "lights", "bulb*", "pull cord*"}},
	// Tiles are the roof's when said with the weather or the outside, not
	// a room's walls or floor.
	{id: "ROOF", all: []cue{{"tile*"}, {"roof", "storm", "wind", "windy", "gale", "slipped", "blown off", "blew off", "missing", "outside", "on the path", "in the garden", "loft", "ridge", "top of the house"}}, unless: cue{"bathroom", "kitchen", "shower", "bath", "wall tile*", "floor tile*", "splashback", "splash back", "ceramic", "grout*", "floor", "wall", "walls", "toilet", "sink", "worktop*", "fireplace", "hearth"}},
	{id: "ROOF", all: []cue{{"roof*", "roof tile*", "slate*", "gutter*", "guttering", "downpipe*", "down pipe*", "chimney*", "fascia*", "soffit*", "lead flashing"}}},
	{id: "WINDOW", all: []cue{{"window*", "windae*", "winda", "windie*", "glazing", "pane", "panes", "double glaz*", "sill*", "sash*"}}},
	{id: "TRIP_SWITCH", all: []cue{{"when i put", "when i turn", "when i turned", "when i switch", "when i switched", "when i plug", "when i plugged", "when the kettle", "when the toaster", "every time i", "whenever i"}, {"went out", "go out", "goes out", "went off", "goes off", "go off", "cut out", "cuts out", "trip*", "dead", "went dead"}}},
	{id: "TRIP_SWITCH", all: []cue{{"electric*", "power", "lights", "everything"}, {"cut* out", "cutting out", "keeps going off", "goes off", "went off", "trips", "tripping", "keeps tripping", "go off"}, {"when the", "whenever the", "every time the", "when i", "whenever i", "every time i"}}},
	// An appliance that "blew the electrics" tripped them.
	{id: "TRIP_SWITCH", all: []cue{{"kettle*", "toaster*", "hoover*", "microwave*", "iron", "washing machine*", "tumble dryer*", "dryer*", "hairdryer*", "heater*", "fridge*", "freezer*", "dishwasher*"}, {"blew the", "blown the", "blows the", "tripped", "trips", "tripping", "knocked the", "knocks the", "knocked off", "knocks off", "fused"}}},
	{id: "TRIP_SWITCH", all: []cue{{"switch", "switches"}, {"dropped", "gone down", "flicked down", "in the box", "on the box"}}},
	{id: "TRIP_SWITCH", all: []cue{{"half the house", "half the flat", "half the lights", "half the sockets", "some of the sockets", "some of the lights", "upstairs lights", "downstairs lights", "upstairs sockets", "downstairs sockets", "all the sockets in", "all the lights in"}, {"gone off", "gone dark", "dead", "not working", "no power", "stopped", "went off", "cut out"}}},
	// A person tripping is a trip hazard, not the electrics.
	// Twenty-second session: two things on the power gone off at once,
	// or everything in one part of the home, is a circuit off; a
	// fridge freezer is one thing.
	{id: "TRIP_SWITCH", mask: cue{"fridge freezer*", "fridge and freezer", "fridge and the freezer", "freezer and fridge", "lights are on", "lights on", "lights work", "lights are working", "lights are fine"}, all: []cue{{"lights", "telly", "tv", "television", "kettle", "toaster", "microwave", "fridge", "freezer", "washing machine", "oven", "cooker", "sockets", "plugs", "wifi", "router", "heater"}, {"and the", "and my", "and so did", "as well", "both", "all of them", "too", "lights and", "and lights", "sockets and", "and sockets", "plugs and", "and plugs"}, {"gone off", "went off", "go off", "gone out", "went out", "stopped", "died", "cut out", "cuts out", "switched off", "turned off", "no power", "dead", "are off", "is off", "have gone", "has gone"}}},
	{id: "TRIP_SWITCH", all: []cue{{"everything in the", "everything in my", "everything in our", "everything upstairs", "everything downstairs"}, {"gone off", "went off", "go off", "gone out", "went out", "stopped", "died", "cut out", "cuts out", "switched off", "turned off", "no power", "dead", "are off", "is off", "have gone", "has gone"}}},
	{id: "TRIP_SWITCH", mask: cue{"nearly tripped", "almost tripped", "tripped over", "trip over", "trips over", "tripping over", "trip hazard*", "tripping hazard*", "tripped up", "trip up", "i tripped", "i trip", "she tripped", "he tripped", "we tripped", "they tripped", "someone tripped", "somebody tripped", "could trip", "might trip", "will trip", "going to trip", "gonna trip", "keeps tripping me", "tripped me", "tripping on", "tripped on", "trip on", "trips on", "tripping up", "keep tripping on", "keep tripping over", "i keep tripping", "we keep tripping", "i keep on tripping"}, all: []cue{{"trip*", "fuse*", "fusebox*", "consumer unit*", "rcd", "r c d", "breaker*", "mcb"}}},
	// "Next door's got power but we haven't": the home's own supply, so
	// not a power cut, and not about the neighbours.
	{id: "NO_POWER", all: []cue{{"got power", "has power", "have power", "got electric*", "has electric*", "have electric*", "got lights", "lights are on", "power is on"}, {"we havent", "i havent", "we dont", "i dont", "not us", "not me", "not ours", "not mine", "we have none", "we have got none"}}},
	{id: "NO_POWER", all: []cue{{"no power", "no electric*", "power cut", "power is off", "power off", "powers off", "powers gone", "power has gone", "power went", "electric* off", "electric* gone", "electric* went", "electric* is gone", "electric* is off", "electric* has gone", "electric* has went", "electric* has gone off", "electric* is out", "meter* run out", "out of credit", "no credit", "credit left", "run out of electric*", "ran out of electric*", "electric key", "electricity key", "electric card", "emergency credit", "prepayment", "prepay", "no lights or sockets", "nothing electrical", "blackout", "all the power", "electric is out", "electricity is out", "no leccy", "leccy", "lecky", "lekky", "lecky is", "none of the sockets", "no sockets", "sockets are dead", "everything is dead", "power is gone", "power has gone"}}},
	{id: "NO_POWER", all: []cue{{"everything", "all the electric*", "all my electric*", "all the appliances", "all my appliances"}, {"went off", "gone off", "switched off", "cut out", "died", "went dead", "gone dead", "turned off", "is off", "are off", "stopped working", "packed up", "no power"}}},
	// The electricity gone, said any way ("all the electrics have gone
	// off"); an electric shower, fire or heater is its own repair.
	{id: "NO_POWER", mask: cue{"electric shower*", "electric fire*", "electric heater*", "electric blanket*", "electric cooker*", "electric oven*", "electric hob*", "electric gate*", "electric bill*", "electricity bill*", "electric meter*", "power shower*", "power button*", "power lead*", "power cable*", "power supply to the"},
		all:    []cue{{"electric", "electrics", "electricity", "power", "leccy", "lecky", "lekky"}, {"gone off", "went off", "gone", "off", "out", "cut off", "cut out", "died", "dead", "stopped", "nothing", "down"}},
		unless: cue{"socket*", "one of the", "shower*", "switch on", "switch off", "turned off", "turn off", "turn it off", "switched off", "trip*", "fuse*", "when i", "every time", "whenever"}},
	// A plug socket that is simply dead; one that sparks, burns or hangs
	// off the wall is the danger list's.
	{id: "SOCKET", all: []cue{{"socket*", "plug socket*", "power point*", "plug point*", "double socket*", "sockets"}, {"not working", "stopped working", "doesnt work", "dont work", "dead", "no power", "wont work", "not work", "isnt working", "arent working", "gone", "packed up", "nothing", "none of", "none work", "none of them", "are off", "is off", "gone off", "went off", "all off", "stopped", "no electric*"}}},
	// "The plugs in the bedroom", as many say of sockets; not a bath's.
	{id: "SOCKET", all: []cue{{"plugs", "plug points"}, {"not working", "stopped working", "doesnt work", "dont work", "dead", "no power", "wont work", "isnt working", "arent working", "are off", "gone off", "went off", "stopped", "no electric*"}}, unless: cue{"bath*", "sink*", "basin*", "plughole*", "plug hole*", "chain*", "kettle*", "toaster*", "adaptor*", "adapter*", "extension*"}},
	// A shower that will not run, heat or turn on (cold water alone from
	// it is read above as hot water).
	{id: "SHOWER", all: []cue{{"shower*", "electric shower*"}, {"not working", "stopped working", "doesnt work", "wont come on", "wont turn on", "wont work", "isnt working", "no water", "broken", "broke", "packed up", "packed in", "cuts out", "cutting out", "keeps cutting out", "nothing comes out", "not coming on", "dead", "knackered", "bust", "gone off", "went off", "keeps going off", "switches off", "turns itself off", "turning itself off", "keeps turning off", "turns off", "switching off", "switching itself off", "switches itself off"}}, unless: cue{"tray", "head", "hose", "screen", "curtain", "rail", "leak*", "drip*"}},
	// A shower's own parts broken are the shower's repair.
	// An electric shower's pull cord is its switch, not a light's.
	{id: "SHOWER", all: []cue{{"shower pull cord*", "shower cord*", "shower switch*", "shower isolator*", "pull cord for the shower", "cord for the shower", "switch for the shower", "pull switch for the shower"}}},
	{id: "SHOWER", all: []cue{{"shower head*", "showerhead*", "shower hose*", "shower rail*", "shower riser*", "shower bracket*", "shower holder*", "riser rail*"}, {"snapped", "broken", "broke", "come off", "came off", "fallen off", "fell off", "cracked", "split", "wont stay", "keeps falling", "loose", "hanging off", "bust"}}},
	{id: "ELECTRICS", all: []cue{{"electrics", "electrical", "wiring", "leccy", "lecky"}}, unless: cue{"bill*", "meter", "credit", "top up", "supplier*"}},
	{id: "FENCE_GATE", all: []cue{{"fence*", "fencing", "gate", "gates", "garden gate", "back gate", "side gate", "front gate"}}},
	// The fan before the light: "the bathroom fan doesn't come on with
	// the light" is the fan.
	{id: "EXTRACTOR_FAN", mask: cue{"trickle vent*", "window vent*", "air brick*", "airbrick*"}, all: []cue{{"extractor*", "fan", "fans", "cooker hood", "vent", "vents", "ventilation"}}},
	// "Won't light" is a flame, not a light: a hob, a gas fire, a pilot.
	{id: "LIGHT", mask: cue{"street light*", "streetlight*", "lamp post*", "lamppost*"}, all: []cue{{"light*", "bulb*", "lamp*", "pull cord*", "pullcord*", "flicker*", "spotlight*", "downlight*"}},
		unless: cue{"wont light", "doesnt light", "didnt light", "not lighting", "isnt lighting", "cant light", "to light it", "light the", "pilot light*", "hob*", "gas fire*", "burner*", "ignit*"}},
	{id: "DOOR", all: []cue{{"key snapped", "key broke", "key stuck"}}},
	// An appliance's door is the appliance's: "the oven door's come off"
	// is told in the tenant's words, not as a door of the home.
	{id: "DOOR", mask: cue{"next door*", "door step*", "doorstep*", "doorbell*", "door bell*", "cupboard door*", "wardrobe door*", "unit door*", "cabinet door*", "someone at the door", "someone is at the door", "somebody at the door", "somebody is at the door", "theres someone at the door", "get the door", "answer the door", "knock at the door", "knocking at the door", "man at the door", "man at my door", "woman at the door", "woman at my door", "bloke at the door", "bloke at my door", "people at the door", "people at my door", "someone at my door", "somebody at my door", "banging on my door", "banging on the door", "hammering on my door", "hammering on the door"}, all: []cue{{"door*", "letterbox*", "letter box*", "hinge*", "door handle*"}}, unless: append(cue{"graffiti", "neighbour*", "oven door*", "cooker door*", "fridge door*", "freezer door*", "washing machine door*", "washer door*", "dishwasher door*", "microwave door*", "dryer door*", "meter door*"}, keysLost...)},
}

// topicRules reads what the skill does not do. Problems are read first, so
// "the neighbour's leak is coming through my ceiling" is a leak.
var topicRules = []rule{
	// Not able to pay to keep warm is for the money advice team, whatever
	// the heating does.
	{id: "WARMTH", all: []cue{{"cant afford", "cannot afford", "too expensive", "costs too much", "cost too much", "costs a fortune", "cost a fortune", "cant pay for", "no money for", "no money to", "cant keep up with", "skint"}, {"heating", "heat", "gas", "electric*", "energy", "warm", "top up", "topping up", "meter", "bills"}}},
	// What Alexa herself does, asked inside Home Helper.
	{id: "ALEXA", all: []cue{{"what is the weather", "weather forecast", "the weather like", "weather today", "weather tomorrow", "is it going to rain", "will it rain", "tell me a joke", "tell me a story", "sing me a song", "sing a song", "what time is it", "what is the time", "the news today", "read the news", "football score*", "remind me to", "set an alarm", "set me an alarm", "set a timer", "set me a timer", "wake me up at", "wake me up in", "shopping list"}}},
	// Frightened of falling is a need for an adaptation, not of anyone.
	// Someone about the home who should not be, or will not leave.
	{id: "ANTISOCIAL", all: []cue{{"man", "men", "woman", "bloke", "guy", "someone", "somebody", "people", "lads", "stranger*", "prowler*"}, {"wont go away", "wont leave", "lurking", "watching me", "watching the house", "watching my house", "watching my flat", "following me", "someone in my garden", "somebody in my garden", "man in my garden", "men in my garden", "someone in the garden", "somebody in the garden", "man in the garden", "outside my window", "looking in my window*", "looking through my window*", "looking in the window*", "banging on my door", "banging on the door", "hammering on my door", "hammering on the door", "stranger*", "prowler*"}}},
	{id: "ANTISOCIAL", mask: cue{"scared of falling", "frightened of falling", "afraid of falling", "scared of slipping", "frightened of slipping"}, all: []cue{{"anti social", "antisocial", "asb", "my ex", "ex partner*", "ex husband", "ex wife", "ex boyfriend", "ex girlfriend", "stalk*", "being followed", "parked on my drive", "parked across my drive", "blocking my drive", "blocked my drive", "parking on my drive", "harass*", "threat*", "drug*", "dealing", "dealer*", "intimidat*", "abus*", "vandal*", "graffiti", "fight*", "gang*", "youths", "smashing bottles", "yobs", "hooligan*", "lads hanging", "kids hanging", "throwing stones", "throwing eggs", "throwing things", "throwing stuff", "throwing bottles", "throwing rocks", "thrown eggs", "thrown stones", "threw eggs", "threw stones", "threw a brick", "thrown a brick", "egged", "egging", "pelting", "chucking stones", "chucking eggs", "chucking things", "lobbing", "shouting abuse", "fly tip*", "flytip*", "racis*", "assault*", "stalk*", "bully*", "bullies", "weed", "cannabis", "skunk", "hate crime", "knife", "knives", "attacked", "scared of", "frightened of", "drunk*", "needle*", "syringe*", "firework*", "motorbike*", "joyrid*", "loitering", "hanging around outside", "hanging about outside", "urinating", "weeing in", "spitting at", "swearing at", "spray paint*", "spray painting", "dumping", "dumped", "tagging", "ex", "scared to be", "frightened to be", "afraid to be", "scared in my", "frightened in my", "afraid in my", "scared in me", "feel unsafe", "feeling unsafe", "dont feel safe", "not feel safe", "not safe in", "scared to go out", "frightened to go out", "scared to leave", "frightened to leave", "scared to open", "frightened to open"}}},
	// Asking leave for a pet or a lodger is the tenancy, not the neighbours'
	// dog.
	// Leave to change the home ("can I paint my walls"), and the
	// landlord's programmes of new kitchens and bathrooms: the housing
	// team's, not a repair.
	{id: "TENANCY", all: []cue{{"can i paint", "allowed to paint", "can i decorate", "allowed to decorate", "can i wallpaper", "permission to paint", "permission to decorate", "permission to put", "permission to change", "can i knock", "allowed to knock", "can i put up", "allowed to put up", "new kitchen", "new bathroom", "replace my kitchen", "replace my bathroom", "replace the kitchen", "replace the bathroom", "kitchen replacement", "bathroom replacement"}},
		unless: cue{"tap*", "sink*", "door*", "light*", "window*", "unit*", "cupboard*", "worktop*", "floor*", "fan", "plug*", "socket*", "extractor*", "toilet*", "bath panel*", "shower*", "leak*", "broken", "damaged"}},
	{id: "TENANCY", all: []cue{{"kitchen", "bathroom"}, {"be replaced", "being replaced", "get replaced", "getting replaced", "upgrade*", "upgrading", "modernis*", "refurb*", "renovat*", "redone", "re done", "done up"}},
		unless: cue{"tap*", "sink*", "door*", "light*", "window*", "unit*", "cupboard*", "worktop*", "floor*", "fan", "plug*", "socket*", "extractor*", "toilet*", "bath panel*", "shower*", "leak*", "broken", "damaged"}},
	{id: "TENANCY", all: []cue{{"have a dog", "keep a dog", "get a dog", "have a cat", "keep a cat", "get a cat", "have a pet", "keep a pet", "get a pet", "have pets", "keep pets", "allowed a dog", "allowed a cat", "allowed a pet", "allowed pets", "allowed to have", "permission to have", "permission for a", "lodger*", "sublet*", "sub let*", "take in a"}}},
	{id: "NEIGHBOURS", mask: cue{"neighbourhood coach*", "neighbourhood officer*", "neighbourhood team", "neighbourhood housing"}, all: []cue{{"neighbour*", "neighbor*", "next door", "noise*", "noisy", "loud music", "music", "party", "parties", "barking", "dog*", "shouting", "stomp*", "fella upstairs", "man upstairs", "woman upstairs", "lot upstairs", "keeps me awake", "cant sleep for", "people upstairs", "the people below", "nextdoor"}},
		// A noise from the home's own things is theirs, not the neighbours';
		// next door's power is the home's own without it.
		unless: cue{"got power", "has power", "have power", "got electric*", "has electric*", "have electric*", "meter*", "boiler*", "pipe*", "radiator*", "fan", "fans", "extractor*", "fridge*", "freezer*", "tap", "taps", "toilet*", "cistern*", "heater*", "fuse*", "socket*", "immersion*", "tank", "pump*", "washing machine*", "shower*"}},
	{id: "PESTS", all: []cue{{"mice", "mouse", "rat", "rats", "ratty", "rodent*", "vermin", "cockroach*", "roach*", "bed bug*", "bedbug*", "flea*", "ant", "ants", "wasp*", "pest*", "infest*", "droppings", "squirrel*", "pigeon*", "moth*", "silverfish", "bugs", "insect*", "lice", "gnats", "fruit flies", "slug*", "bees", "bee", "hornet*", "maggot*", "flies", "bluebottle*", "woodlouse", "woodlice", "spider*", "beetle*", "mites", "critters", "creepy crawlies"}}},
	// Benefits before rent: "the bedroom tax" and "my housing benefit
	// doesn't cover the rent" are about benefits.
	{id: "TENANCY", all: []cue{{"pet", "pets", "a pet", "a dog", "a cat", "a puppy", "a kitten"}}, only: true},
	{id: "TENANCY", all: []cue{{"deposit", "bond"}}, unless: cue{"limescale", "scale", "calcium"}},
	{id: "TENANCY", all: []cue{{"right to buy", "buy my council", "buy my house", "buy my flat", "buy my home", "buy the house", "buy the flat", "buying my house", "buying my flat", "buying my council", "swap my house", "swap my flat", "swap my home", "swap my council", "swap houses", "swap flats", "house swap", "home swap", "flat swap", "mutual exchange", "housing exchange", "home exchange", "transfer list", "a transfer", "housing transfer", "move house", "moving house", "move home", "moving home", "move to a bigger", "move to a smaller", "rehoused", "rehousing", "housing list", "housing register", "waiting list", "bigger house", "bigger flat", "bigger place", "smaller house", "smaller flat", "smaller place", "downsiz*", "my tenancy", "tenancy agreement", "end my tenancy", "joint tenancy", "give notice", "giving notice", "hand my keys back", "handing my keys back", "bidding", "choice based lettings", "right to buy", "move somewhere", "moving somewhere", "move to somewhere", "somewhere bigger", "somewhere smaller", "give up my flat", "give up my house", "give up the flat", "give up the house", "give up my home", "give up my tenancy", "hand back my keys", "hand the keys back", "leave my flat", "leave the flat for good", "take over my tenancy", "take over the tenancy"}}},
	{id: "BENEFITS", all: []cue{{"benefit*", "universal credit", "housing benefit", "u c", "uc", "uc claim", "my claim", "pip", "esa", "jobseeker*", "council tax", "pension credit", "dwp", "job centre", "jobcentre", "child tax", "bedroom tax", "spare room subsidy", "discretionary housing", "food bank*", "foodbank*", "food voucher*", "hardship fund*", "hardship payment*", "crisis loan*", "crisis grant*", "welfare fund*", "money advice", "budgeting loan*"}}},
	// Whether a repair will cost the tenant: before rent's "pay for".
	{id: "COST", all: []cue{{"cost", "costs", "cost me", "cost us", "charge*", "charging", "pay for", "have to pay", "need to pay", "got to pay", "price", "how much will", "how much is", "how much does", "billed", "recharge*", "free of charge", "for free"}, {"repair*", "fix*", "fixing", "it", "that", "this", "visit", "call out", "callout", "someone", "plumber*", "electrician*", "job", "engineer*", "man", "workman", "contractor*", "coming out", "come out", "the work", "new one", "replace*", "replacing", "damage"}}, unless: cue{"rent*", "council tax", "service charge*", "arrear*", "bills", "energy", "electric bill", "gas bill", "meter", "phone"}},
	// Keys lost, wanted or locked in: the office's (a key snapped or stuck
	// in a lock was read before, as a door that may not lock).
	{id: "KEYS", all: []cue{append(cue{"locked myself out", "locked ourselves out", "locked herself out", "locked himself out", "locked themselves out", "locked out", "lost my fob*", "lost the fob*", "cut a key", "cutting a key", "copies of", "spare fob*", "new fob*", "extra fob*", "another fob", "keys are locked in", "key is locked in", "left my key*", "left the key*", "left me key*", "keys have been stolen", "keys were stolen", "keys got stolen", "stole my key*"}, keysLost...)}, unless: cue{"snapped", "broke in the lock", "stuck in the lock", "wont turn", "doesnt turn", "key safe"}},
	{id: "KEYS", all: []cue{{"lost", "lose", "losing", "misplaced", "cant find", "stolen", "stole", "nicked", "spare", "copy", "copies", "cut", "cutting", "another", "extra", "new"}, {"key", "keys", "fob", "fobs"}}, unless: cue{"snapped", "broke in the lock", "stuck", "wont turn", "doesnt turn", "key safe", "keypad", "radiator*", "bleed*", "meter*", "gas key", "electric key", "electricity key", "window*", "boiler", "valve*", "lock*", "broken", "doesnt work", "wont work", "not working"}},
	// Fumes from cleaning products (bleach mixed with drain cleaner gives
	// off chlorine): advice at once, before any other topic.
	{id: "FUMES", all: []cue{{"bleach", "drain cleaner*", "drain unblocker*", "unblocker", "cleaning product*", "cleaning stuff", "cleaner", "chemical*", "caustic", "ammonia", "oven cleaner"}, {"fumes", "fumey", "fumy", "gas", "gassy", "smoke", "vapour", "vapor", "stinging", "sting*", "my eyes", "cough*", "choking", "choke", "cant breathe", "struggling to breathe", "burning my", "burns my", "dizzy", "headache", "feel sick", "mixed", "reacting", "reacted", "fizzing", "bubbling up"}}},
	// Bin collections and the street: the council's.
	{id: "COUNCIL", all: []cue{{"bin men", "binmen", "bin collection*", "bins collected", "bins emptied", "bin emptied", "emptied the bin*", "emptied my bin*", "emptied our bin*", "empty the bin*", "empty my bin*", "emptying the bin*", "collected the bin*", "collect the bin*", "collected my bin*", "taken the bin*", "took the bin*", "bins havent been", "bin hasnt been", "bins werent", "bin wasnt", "bins not been", "missed bin*", "bin day", "new bin", "replacement bin", "recycling bin*", "recycling collection*", "brown bin*", "green bin*", "blue bin*", "street light*", "streetlight*", "lamp post*", "pothole*", "pot hole*", "gritting"}}, unless: cue{"communal", "bin store*", "bin room*", "bin shed*", "fire", "smoke", "burn*", "on fire"}},
	// A top-up, a gas meter's credit, an energy bill: the supplier's.
	// Read before rent, whose "bill" would take it. (Danger in the words,
	// "the meter smells of gas", was read before any topic; electricity
	// run out is the power-off guide's, whose first steps are the credit.)
	{id: "ENERGY", all: []cue{{"gas bill*", "electric bill*", "electricity bill*", "energy bill*", "fuel bill*", "top up*", "topup*", "topping up", "run out of gas", "ran out of gas", "no gas", "gas has run out", "gas has gone off", "gas is off", "no gas credit", "out of gas credit", "smart meter", "meter reading*", "my supplier", "energy supplier", "gas supplier", "electric supplier", "electricity supplier", "energy company", "gas company", "electric company", "electricity company", "british gas", "octopus", "eon", "edf", "ovo", "scottish power", "switch supplier*"}}},
	{id: "RENT", all: []cue{{"rent*", "arrear*", "payment*", "pay my", "pay the", "pay for", "paying", "direct debit", "standing order", "service charge*", "owe", "balance", "statement", "bill", "bills", "money", "afford", "debt*", "tenancy", "rent account", "i pay", "we pay", "day i pay", "date i pay", "pay day", "payday", "pay it", "pay by card", "pay online", "payment date", "payment plan"}}, unless: cue{"rented"}},
	{id: "COMPLAINT", all: []cue{{"nobody turned up", "no one turned up", "never turned up", "didnt turn up", "didnt show up", "never showed", "never came", "never come", "didnt come", "didnt come out", "never came out", "nobody came", "no one came", "nobody came out", "no one came out", "didnt show", "stood me up", "still waiting for", "been waiting weeks", "been waiting months", "waiting ages", "no show", "waited in all day", "stayed in all day", "left a mess", "left a right mess", "rude", "not good enough", "let down", "messed about", "messed me about", "poor service", "terrible service", "awful service", "moan*", "complain*", "complaint*", "not happy", "unhappy", "disgusted", "fed up", "rubbish service", "ombudsman", "escalate", "feedback about", "dissatisfied", "appalling", "disgrace*", "useless"}}},
	// "You're not listening to me" is frustration, not a question of who
	// hears: a complaint, which "someone will listen" answers.
	{id: "COMPLAINT", all: []cue{{"not listening", "never listen*", "dont listen", "doesnt listen", "wont listen", "isnt listening", "arent listening", "not understanding", "dont understand me", "doesnt understand me", "never understand*", "useless", "waste of time", "rubbish", "hopeless", "pointless"}}, unless: cue{"is it recording", "are you recording", "who is listening", "who can hear"}},
	// Only English is spoken here: an interpreter is the team's to arrange.
	{id: "LANGUAGE", all: []cue{{"english isnt good", "english is bad", "english isnt very good", "english not good", "not good english", "bad english", "little english", "no english", "speak english", "understand english", "english is poor", "poor english", "interpreter", "translator", "translate", "another language", "other language", "my language", "in polish", "in urdu", "in arabic", "in punjabi", "in bengali", "in somali", "in romanian", "in welsh", "in french", "in spanish", "in portuguese", "in kurdish", "in farsi", "in tigrinya", "in gujarati", "in chinese", "in cantonese", "in mandarin"}}},
	// How the landlord gets in touch: a deaf tenant asking to be texted.
	{id: "CONTACT", all: []cue{{"deaf", "hard of hearing", "cant hear on the phone", "cant hear the phone", "cant use the phone", "cant use a phone", "text me", "send me a text", "send a text", "email me", "send me an email", "write to me", "send me a letter", "contact me by", "get in touch by", "ring me on", "call me on", "my number has changed", "number has changed", "phone number is changed", "number is changed", "new phone number", "new number", "change my number", "change my phone number", "change my email", "my email has changed", "relay uk", "textphone", "text relay", "sign language", "bsl"}}, unless: cue{"alarm*", "smoke", "carbon", "beep*", "doorbell*", "door bell*"}},
	// Forms and letters: the team's to help with.
	{id: "FORMS", all: []cue{{"form", "forms", "paperwork", "application form*", "a letter i got", "letter i have got", "letter from", "understand a letter", "read a letter", "read my letter*"}}, unless: cue{"condensation form*", "forming", "platform"}},
	// What is kept, and who hears it, before what the skill is: "is this
	// recording me?". Asking to have it removed is ForgetMeIntent.
	{id: "PRIVACY", all: []cue{{"recording me", "recording us", "recording what", "record what", "recorded", "listening to me", "listening to us", "listening in", "who can hear", "who hears", "who listens", "who else can hear", "what do you do with", "what happens to what", "what happens to my information", "what happens to my details", "what happens to my data", "keep what i say", "store what i say", "keep a record", "keeping a record", "my privacy", "privacy", "spying", "spy on", "what do you keep", "what do you know about me", "what information", "my personal information", "my data"}}, unless: cue{"delete", "remove", "wipe", "erase", "forget", "get rid", "take me off", "leave"}},
	// "Are you a real person?" asks what the skill is, not for a person.
	{id: "ABOUT", all: []cue{{"are you the", "is this the council", "is this the housing", "is that the council", "is that the housing", "is this the landlord", "is that the landlord", "are you a", "are you human", "are you real", "is this a real", "is this a person", "is this a machine", "is this a robot", "is this a computer", "is this a recording", "am i talking to a", "am i speaking to a", "is that a real", "is it a real", "are you alive"}}, unless: cue{"can you", "could you", "put me", "get me", "are you able"}},
	{id: "PERSON", all: []cue{{"speak to", "talk to", "speak with", "talk with", "put me through", "real person", "human being", "a human", "a person", "someone real", "customer service*", "call centre", "operator", "an advisor", "an adviser", "advisor", "adviser", "housing officer", "the office", "phone someone", "ring someone", "call someone", "number to call", "number to ring", "what is the number", "what is your number", "the number please", "your number please", "phone number", "get hold of", "live person", "actual person", "someone i can talk", "transfer me", "connect me", "ring me", "call me back", "ring me back", "phone me", "call me", "anybody i can", "anyone i can", "someone i can phone", "someone i can ring", "a number i can", "number i can call", "number i can ring", "number for the", "can i call", "can i ring", "can i phone", "who can i phone", "who can i ring", "who can i call", "who do i ring", "who do i call", "who do i phone", "speak with", "a human", "housing office", "council office*", "the council", "housing team", "housing department", "repairs team", "repairs line", "repairs department", "customer services", "my landlord", "the landlord", "someone in the office", "somebody in the office"}},
		// Someone to come to the home for a chat is a coach's visit.
		unless: cue{"nobody to talk to", "no one to talk to", "come and have a chat", "come for a chat", "come round for a chat", "come and see me", "come out and see me", "come to see me", "come and visit", "come round", "pop round", "visit me"}},
	{id: "ABOUT", all: []cue{{"anything else you can do", "anything else you do", "what else can you do", "what else do you do", "what else can you help", "anything else you can help", "what else are you", "who are you", "what are you", "what is this", "what is this", "what can you do", "what can you actually", "what do you actually", "what do you do", "who made you", "are you a robot", "are you real", "what is home helper", "what is home helper", "who runs this", "who is this", "what is this thing", "how does this work", "what are you for", "what do you know", "what sort of things", "what kind of things", "what else can you", "what can you help", "what do you help", "how does home helper", "how do you work", "who made this", "who built", "who runs", "who set this up", "who are you", "what is this for", "who is running", "who is running", "running this", "who am i talking to", "who am i speaking to", "who is this", "who is that", "who is that", "who is speaking", "who is speaking"}}},
	{id: "THANKS", all: []cue{{"diolch", "much obliged", "youre a star", "you are a star", "youre a diamond", "thanks a million", "thank*", "cheers", "ta", "much appreciated", "appreciate it", "lovely thanks", "thanks", "nice one", "ta very much", "brilliant thanks", "that is lovely", "bless you", "very helpful", "been helpful", "so helpful", "really helpful", "been a help", "been a great help", "great help", "kind of you", "very kind", "that is kind", "that is kind", "youre very kind", "you are very kind", "youre kind", "much appreciated", "lovely job", "youre a gem", "you are a gem", "youre a love", "you are a love"}}},
}

// answerRules read an answer to a yes/no question that came as words
// (the model's catch-all took them): "no it didn't fix it", "aye go on",
// "sort of". The order matters: "yes but it's still not working" is no.
var answerRules = []rule{
	{id: "maybe", all: []cue{{"have to see", "wait and see", "see how it goes", "only been", "too early", "too soon", "give it time", "give it a while", "better but", "improved", "not as bad", "not sure", "dont know", "no idea", "sort of", "kind of", "kinda", "a bit", "a little", "bit better", "little better", "partly", "partially", "half of it", "half of them", "half warm", "half hot", "halfway", "part of it", "parts of it", "some of it", "some of them", "only the top", "only the bottom", "only one side", "maybe", "might be", "not certain", "i think so", "think so", "better than it was", "a bit better", "slightly", "hard to say", "possibly", "dunno", "couldnt say", "cant say", "cant tell", "comes and goes", "on and off", "now and again",
		// Better, not right: "it's going down slowly now".
		"slowly", "a bit slow", "still slow", "bit sluggish", "not fully", "not completely", "not totally", "not all the way", "halfway", "half way",
		// Not known yet: "I think so, but I'll see tomorrow".
		"ill see", "i will see", "well see", "we will see", "see tomorrow", "see in the morning", "see later", "find out later"}}, unless: cue{"not really", "no joy", "not a bit", "dont think so", "didnt think so", "think so yes", "think so yeah", "think so yep"}},
	{id: "no", all: []cue{{"still not", "not bothered about", "not bothered with", "not fussed about", "not fussed on", "worse", "even worse", "worse than before", "made it worse", "worse if anything", "still no", "still the same", "still wont", "still blocked", "still cold", "still broken", "still leaking", "still dripping", "still off", "didnt", "didnt", "hasnt", "hasnt", "not working", "no joy", "no good", "no better", "no change", "dont bother", "no thanks", "no thank you", "not that one", "not really", "not yet", "no way", "no chance", "not a chance", "dont fancy", "rather not", "id rather not", "rather you didnt", "not for now", "not at all", "definitely not", "afraid not", "i dont think so", "dont think so", "cant manage", "rather not", "dont want", "nope", "nah", "naw", "no", "already tried", "tried all that", "tried that already", "done all that", "i cant", "not able", "not for me", "no good for me", "leave it", "not today", "youre alright", "you are alright", "youre all right", "youre ok", "youre fine", "im alright thanks", "im ok thanks", "im fine thanks", "not the now", "no the now", "not now", "not just now", "not right now", "maybe later", "not at the minute", "not at the moment", "never mind", "forget it", "forget about it", "dont worry about it", "not to worry", "dont report", "dont book", "dont send", "dont do it", "hold off", "not right", "not correct", "not quite", "not it", "not the one", "not fine", "not ok", "not okay", "not alright", "not all right", "not great", "not good", "not perfect", "not lovely", "certainly not", "absolutely not", "suppose not", "guess not", "dont go ahead", "dont do that", "sadly not", "unfortunately not", "probably not", "of course not", "course not", "obviously not", "apparently not", "not unfortunately", "not sadly", "not i am afraid", "not im afraid", "im out", "i am out", "out then", "not in then", "not home then", "im busy", "i am busy", "busy then", "at work then", "im working", "i am working", "got an appointment", "have an appointment", "none of those", "none of them", "neither of those", "neither of them", "doesnt suit", "dont suit", "wont suit", "doesnt work for me", "dont work for me", "got the doctors", "got the doctor", "got the hospital", "got the dentist", "doctors then", "hospital then", "dentist then", "wont be in", "wont be home", "wont be here", "wont be around", "wont be about"}}},
	// "Not" on its own, once a lead word is taken off ("unfortunately not").
	{id: "no", all: []cue{{"not"}}, only: true},
	// "Please" alone (a filler word, so a rule of its own) is yes; said
	// with other words, it is only polite.
	{id: "yes", all: []cue{{"please"}}, only: true},
	{id: "yes", all: []cue{{"youve got it", "you have got it", "whenever is good", "whenevers good", "whenever suits", "whenever is fine", "whenevers fine", "whenever you like", "whatever suits", "whatever is best", "whatevers best", "have got it", "got it in one", "dont mind", "happy to", "happy with that", "yes", "yeah", "yep", "yup", "aye", "yea", "ya", "ok", "okay", "sure", "go on", "if you would", "that is right", "that is right", "that is it", "that is it", "correct", "right", "ill try", "i will try", "give it a try", "why not", "that is fine", "that is fine", "sounds good", "lovely", "grand", "perfect", "brilliant", "fixed", "sorted", "working now", "works now", "its working", "it is working", "warm now", "that did it", "that worked", "done the trick", "go ahead", "do it", "report it", "book it", "suppose so", "i suppose", "righto", "right oh", "spot on", "about the size of it", "that is about it", "that just about covers it", "that about covers it", "in a nutshell", "all good", "all fine", "that is the one", "guess so", "i guess", "seems ok", "seems fine", "seems to be", "looks ok", "looks fine", "looks like it", "did the trick", "done the job", "yes it is", "it has", "certainly", "definitely", "of course", "absolutely", "please do", "fine", "alright", "all right", "champion", "smashing", "great", "tidy", "that will do", "do nicely", "suits me", "that suits", "works for me", "that works", "spot on", "back on", "back to normal", "working again", "going again", "have a go", "give it a go", "give it a whirl", "go on then", "lets try", "lets do it", "why not"}}},
}

// willTry is taking up a guide, whatever word comes first: "no, I'll
// have a go".
var willTry = cue{"have a try", "try myself", "try it myself", "do it myself", "like to try", "want to try", "give it a whirl", "have a bash", "have a crack", "ill have a go", "i will have a go", "ill give it a go", "i will give it a go", "ill give it a try", "i will give it a try", "ill try it", "i will try it", "ill try that", "let me try", "let me have a go", "ill try the guide", "ill do the guide", "go on then ill", "give it a bash", "give it a try", "might as well try", "might as well have a go", "dont mind having a go", "dont mind trying", "dont mind giving it a go"}

// sendSomeone is asking for a person to come rather than a guide: "you're
// alright, just send someone round".
// callInstead is a tenant who will ring the landlord rather than go on.
var callInstead = cue{"ring them instead", "call them instead", "phone them instead", "ring you instead", "call you instead", "ring instead", "call instead", "phone instead", "i will ring them", "i will call them", "i will phone them", "i will ring the office", "i will call the office", "i will just ring", "i will just call", "i will just phone", "rather ring", "rather call", "rather phone"}

var sendSomeone = cue{"condemned", "capped off", "been capped", "made safe", "warning notice", "come and fix", "come out and fix", "come and sort", "come out and sort", "come and repair", "come and look at", "come out and look", "come and have a look", "send someone", "send somebody", "send a man", "send a bloke", "send an engineer", "send a plumber", "send an electrician", "send a workman", "send one of your", "someone to come", "somebody to come", "someone come out", "someone come round", "someone come and", "somebody come", "get someone out", "get someone round", "get somebody", "have someone look", "have someone come", "rather someone", "rather have someone", "just report it", "report it instead", "rather report", "want it reported", "want someone out", "sent someone", "sent somebody", "sent a man", "sent an engineer", "rather someone came", "rather somebody came", "rather you sent",
	// A person asked for to do the job: "I need someone to fix my boiler".
	"someone to fix", "somebody to fix", "someone to look", "somebody to look", "someone to sort", "somebody to sort", "someone to check", "somebody to check", "someone to have a look", "somebody to have a look", "someone out to", "someone round to", "need someone out", "need someone round", "an engineer to", "a plumber to", "an electrician to",
	// Chasing a repair already asked for: waited, not to be sent to a guide.
	"nobody is come", "nobody has come", "nobody came", "no one is come", "no one has come", "no one came", "nobody is been", "nobody has been", "no one has been", "no one is been", "nobodys been", "nobodys come", "still waiting", "been waiting", "been ringing", "been phoning", "been calling", "i reported", "already reported", "reported it"}

// slower is asking Home Helper to speak more slowly: the rest of the
// session is read slower (finish).
var slower = cue{"go slower", "speak slower", "talk slower", "say it slower", "say that slower", "more slowly", "slower please", "a bit slower", "slow down", "too fast", "speaking too fast", "talking too fast"}

// sayAgain is asking to hear the question again, outside a guide too.
var sayAgain = cue{"what was that", "didnt catch", "didnt hear", "pardon", "say that again", "come again", "missed that", "what did you say", "what did you just say", "say it again", "repeat that", "repeat the question", "can you repeat", "could you repeat", "what did you ask", "what did you just ask", "what number", "what was the number", "what is the number", "the number again", "say the number", "which number", "number do i call", "number do i ring", "number to call", "number to ring", "what was the question", "say again", "one more time", "again please", "say that bit again", "go slower", "speak slower", "say it slower", "say that slower", "more slowly", "slower please", "slow down", "speak up", "louder", "too fast", "cant hear you", "cannot hear you", "couldnt hear you", "cant hear what you", "didnt hear you", "too quiet", "read it back", "read that back", "tell me again", "tell me that again", "repeat", "repeat please"}

// sayWhenAgain asks to hear a visit on offer again ("when did you say?");
// said of a booked visit, the same words check it.
var sayWhenAgain = cue{"when did you say", "what time did you say", "what day did you say", "which day did you say", "what time was that", "what day was that", "when was that", "what time is that", "what day is that", "when is that", "who is coming", "who is it with"}

// letItGo gives up the task in hand: "never mind, forget it".
var letItGo = cue{"never mind", "nevermind", "forget it", "forget about it", "dont bother", "dont worry about it", "not to worry", "doesnt matter", "leave it", "scrap that", "scrap it"}

// goodbye is leaving: "that's me done then, ta-ra".
// greeting is a hello, said alone.
var greeting = cue{"hello", "hello there", "hiya", "hi", "hi there", "hey", "hey there", "good morning", "good afternoon", "good evening", "morning", "afternoon", "evening", "alright", "how are you", "how are you doing", "how do", "ey up", "ay up", "hiya love", "hello love", "love", "dear", "duck", "darling", "mate", "pet", "hun", "chuck", "sweetheart"}

var goodbye = cue{"ta ra", "tara", "bye", "bye bye", "goodbye", "good bye", "cheerio", "see you", "see ya", "got to go", "gotta go", "must go", "got to dash", "must dash", "that is me done", "that is all", "that is all for now", "that is it for now", "that is everything", "nothing else", "all done", "im done", "im finished", "night night", "good night", "goodnight"}

// At "Did that fix it?", words that say the problem is still there, or
// that it has gone. A fix said to have come undone ("the lights came back
// on but went off again") is both, and the question is asked once more.
var (
	stillThere = rule{mask: cue{"working again", "going again", "on again", "running again", "warm again", "fine again", "ok again"}, all: []cue{{"still", "again", "back down", "straight back off", "straight off", "tripped straight", "trips straight", "not a sausage", "nothing happened", "nothing is happened", "nothing changed", "nothing is changed", "nothing has changed", "no change", "not changed", "made no difference", "not made a difference", "not made any difference", "no different", "same as before", "keeps", "wont", "didnt", "doesnt", "hasnt", "isnt", "nowt", "stone cold", "not working", "not fixed", "went off", "gone off", "cut out", "tripped", "no warmer", "not any warmer", "not warmer", "no hotter", "not any hotter", "no better", "not any better", "not better", "no difference", "not any different", "the same", "not warm", "not hot"}}}
	nowFixed   = rule{all: []cue{{"back up to", "back up now", "clicked back up", "flicked back up", "gone back up", "went back up", "pushed it back up", "stayed up", "staying up", "stays up", "its up now", "up to one", "back to one", "at one and a half", "back in the green", "in the green now", "working again", "going again", "back on", "come back on", "came back on", "back to normal", "on again", "running again", "fine now", "ok now", "okay now", "working now", "warm now", "warming up", "hot now", "gone down now", "draining now", "going down now", "goes down now", "going down fine", "goes down fine", "draining away", "drains now", "drains fine", "going away now", "flushes now", "flushes fine", "flushing now", "stopped now", "all good", "sorted", "fixed", "done the trick", "did the trick", "done it", "did it", "that worked", "it worked", "heating up", "getting warm", "getting hot", "nice and warm", "lovely and warm", "cleared", "clear now", "unblocked", "come on now", "came on now", "comes on now", "on now", "fired up", "started up", "power is back", "powers back", "electric is back", "lights are back", "it is working", "all working", "come on by itself", "came on by itself", "come on on its own", "came on on its own", "sorted itself", "fixed itself", "righted itself"}}, unless: cue{"not fixed", "not sorted", "not done the trick", "not worked", "not work", "not done it", "not working now"}}
	// healthHarm is someone's health said to suffer, with damp or mould.
	healthHarm = cue{"asthma*", "asthmatic", "inhaler*", "breathing", "breathe", "breathless", "wheez*", "chest*", "cough*", "copd", "lungs", "bronchitis", "allerg*", "poorly", "ill", "sick", "making us ill", "making me ill", "making them ill", "affecting my health", "affecting our health", "health", "newborn", "new born", "baby", "babies", "depressed", "depression", "anxious", "anxiety", "panic attack*", "cant cope", "cannot cope", "cant sleep", "getting me down", "getting me low", "getting me really low", "making me low", "feel low", "feeling low", "feeling down"}
	// reliesOnPower is someone whose health hangs on the electricity.
	reliesOnPower = cue{"oxygen", "concentrator", "dialysis", "ventilator", "nebuliser*", "nebulizer*", "cpap", "life support", "medical equipment", "medical machine*", "feeding pump", "suction machine", "air mattress", "pressure mattress", "hospital bed", "electric bed", "stairlift", "stair lift", "hoist", "insulin"}
	// atRisk is a tenant saying who in the home is at risk without heat,
	// hot water or power: their own words, for the repairs team.
	atRisk = append(cue{"pensioner*", "elderly", "i am seventy", "i am eighty", "i am ninety", "im seventy", "im eighty", "im ninety", "aged seventy", "aged eighty", "aged ninety", "old age", "seventies", "eighties", "nineties", "disabled", "disability", "wheelchair", "housebound", "house bound", "bedbound", "bed bound", "frail", "pregnant", "newborn", "new born", "baby", "babies", "toddler", "little one*", "heart condition", "cancer", "chemo*", "copd", "terminal*", "dementia", "carer", "poorly", "unwell", "ill", "not well", "not very well", "not been well"}, append(agesAtRisk(), reliesOnPower...)...)
	// visitDays are when a visit may be asked for.
	visitDays = cue{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "next week", "this week", "in the morning", "in the afternoon", "weekend"}
	// askedReference is a repair's reference asked for.
	askedReference = cue{"my reference", "the reference", "reference number", "my ref", "ref number", "reference was", "reference is", "job number", "my references"}
	// cantDoStep is a guide's step the tenant cannot do: its reasons for
	// turning the guide down, or what the step needs not to be found.
	cantDoStep = append(cue{"cant find", "cannot find", "cant see", "cant work out", "dont know where", "dont know what", "cant get it to", "cant get the", "cant open", "cant undo", "cant turn", "cant do", "cannot do", "too stiff", "wont budge", "not got one", "havent got one", "dont have one", "dont think ive got", "we dont have"}, cantDoIt...)
	// lockedOut is a tenant who cannot get in: "locked" there is not the
	// lock.
	lockedOut = cue{"locked out", "locked myself out", "locked me out", "locked us out", "locked ourselves out", "locked herself out", "locked himself out", "locked themselves out"}
	// lockedIn is a tenant who cannot get out of their home.
	lockedIn = cue{"cant get out", "cannot get out", "can not get out", "locked in", "locked inside", "trapped", "stuck inside", "stuck in the house", "stuck in the flat", "stuck indoors", "cant get the door open", "cant open the door", "cant open my front door", "cant open the front door", "wont let me out"}
	// shocked is a person who had an electric shock, or may have.
	shocked = cue{"shock*", "electrocut*", "zapped", "zap", "jolt*", "tingle*", "tingling", "tingly", "got a belt", "gave me a belt", "fork*", "knife", "finger*", "screwdriver*", "paperclip*", "paper clip*", "hair grip*", "hairgrip*"}
	// brokeDoingIt is something broken, or made worse, while doing a
	// guide's step: "the valve's snapped off", "it came off in my hand".
	brokeDoingIt = cue{"broke", "broken", "snapped", "snap", "came off in my hand", "come off in my hand", "came off in my hands", "made it worse", "making it worse", "cracked it", "its cracked", "come off", "came off", "fell off", "fallen off", "split"}
	// notBrokeDoingIt is "broken" said of how things were, not of
	// something done.
	notBrokeDoingIt = cue{"not broken", "isnt broken", "nothing broken", "didnt break", "not broke", "still broken", "still broke"}
	// tripsAgain is a switch in the fuse box said to go off again, or not
	// to go back on; nowStaysUp is one that has.
	tripsAgain = cue{"tripped again", "trips again", "tripping again", "tripped straight*", "trips straight*", "tripped back", "trips back", "keeps tripping", "still tripping", "gone back down", "gone straight back down", "gone straight down", "went back down", "went straight back down", "going back down", "going straight back down", "keeps going off", "keeps going down", "keeps dropping", "keeps flicking", "went straight down", "goes back down", "goes straight back down", "goes straight down", "flicked back down", "flicked straight back down", "flicked straight down", "flicks back down", "flicks straight back down", "flipped back down", "flipped straight back down", "clicked back down", "clicked straight back down", "clicks back down", "snapped back down", "pops back down", "popped back down", "dropped back down", "drops back down", "came back down", "comes back down", "come back down", "back down again", "down again", "off again straight away", "straight back off", "went off again", "gone off again", "wont stay up", "will not stay up", "doesnt stay up", "does not stay up", "didnt stay up", "did not stay up", "not staying up", "wont stay on", "doesnt stay on", "wont go back up", "will not go back up", "wont go up", "will not go up", "wont push up", "cant push it up", "cant get it to stay up", "cant get it back up", "cant get it up"}
	// pluggedBackIn is an appliance put back on before a switch tripped.
	pluggedBackIn = cue{"plugged", "plugging", "plug the", "plug it", "plug in", "plug them", "switch the * on", "switched the * on", "switching the * on", "turn the * on", "turned the * on", "turning the * on", "put the * on", "i put on", "when i use", "when i used", "as soon as i use", "used the"}
	// unpluggedAll is the unplugging step said done.
	unpluggedAll = cue{"unplugged", "nothing plugged in", "nothing is plugged in", "nothing was plugged in", "everything off", "everything switched off", "everything turned off"}
	nowStaysUp   = cue{"stayed up", "staying up", "stays up", "not tripped again", "hasnt tripped", "not tripped", "didnt trip", "not gone back down", "hasnt gone back down", "didnt go back down"}
	// fireSeen is smoke or fire said beside an alarm, not in its name.
	fireSeen = cue{"theres smoke", "there is smoke", "smoke coming", "smoke everywhere", "full of smoke", "smell smoke", "smell of smoke", "smelling smoke", "see smoke", "smoky", "smokey", "a fire", "on fire", "something burning", "something is burning", "somethings burning", "smell burning", "smell of burning", "flames"}
	// stuckOn is hot water said to stay on: not the hot water off that
	// its name ("no hot water") is for. (Heating stuck on stays the
	// heating's, whose words are read back with it.)
	stuckOn = cue{"stuck on", "on all the time", "on full", "wont turn off", "wont switch off", "wont go off", "cant turn it off", "cant switch it off", "cant turn it down", "cant turn them off", "cannot turn it off", "doesnt turn off", "doesnt switch off", "stays on", "keeps coming on", "wont stop", "always on", "constantly on", "on constantly"}
	// stuckAlight is a flame or ring said to stay on.
	stuckAlight = cue{"wont turn off", "wont switch off", "wont go off", "wont turn it off", "cant turn it off", "cant turn off", "cant switch it off", "cant switch off", "cannot turn it off", "doesnt turn off", "doesnt go off", "stuck on", "stays on", "staying on", "keeps burning", "stays alight", "stays lit", "wont go out", "cant put it out", "knob* stuck", "knob* broken", "knob* come off", "knob* came off", "knob* fallen off", "knob* missing"}
	// cantDoIt is a guide turned down for the tenant's own reasons.
	cantDoIt = cue{"cant get down", "cant reach", "cant bend", "my knees", "my back", "my hands", "my eyes", "knees", "hands are", "hands arent", "arthritis", "eyesight", "bad back", "dodgy back", "my hips", "unsteady", "not steady", "wheelchair", "not up to", "isnt up to", "arent up to", "too old", "not able", "wont be able", "cant manage", "not touching", "wont touch", "dont want to touch", "not going near", "not messing", "scared to", "frightened to", "scared of", "frightened of", "of touching", "touching the", "touch the boiler", "touching it", "nervous of", "nervous about", "havent got the", "havent got a", "dont have the", "dont have a", "no key", "no plunger", "no spanner", "not confident", "dont trust myself", "no good with", "not good with", "not very good with", "rather not"}
)

// outsideDoor and insideDoor answer "Is it a door to the outside of your
// home?" in words.
var (
	// namedOutsideDoor is a door to the outside, by its name.
	namedOutsideDoor = cue{"front door*", "back door*", "main door*", "patio door*", "french door*", "flat door", "entrance door", "outside door*", "external door*", "garden door*", "street door"}
	outsideDoor      = cue{"front", "back one", "back door", "the back", "main door", "patio", "french door*", "outside", "external", "to the street", "to the garden", "garden door", "entrance", "street door", "flat door", "my door", "our door", "way in", "way out", "door out", "door in"}
	// roomsFrontAndBack are rooms, not the doors out: "the front room door".
	roomsFrontAndBack = cue{"front room", "back room", "front bedroom", "back bedroom", "back kitchen", "front lounge"}
	insideDoor        = cue{"inside", "internal", "inner", "cupboard", "wardrobe", "bedroom", "bathroom", "kitchen door", "living room", "lounge door", "toilet door", "loo door", "room door", "one inside", "in the house"}
)

// holdOn is asking for a moment: "hang on a minute, I need me glasses".
var holdOn = cue{"hang on", "hold on", "hang about", "phone is ringing", "phones ringing", "phone ringing", "someone at the door", "someone is at the door", "somebody at the door", "somebody is at the door", "back in a minute", "back in a sec*", "be right back", "give us a minute", "give us a sec*", "two ticks", "just a tick", "wait a minute", "wait a sec*", "wait a mo*", "just a minute", "just a sec*", "just a mo*", "one minute", "one moment", "one sec*", "give me a minute", "give me a sec*", "bear with me", "let me get", "let me find", "need me glasses", "need my glasses", "get my glasses", "get me glasses"}

// answerIn reads words as "yes", "no" or "maybe", or "". Words that ask
// something back ("what's the number please", "can you speak up please")
// are no answer unless they say one outright: a yes word inside them
// ("please", "right") is not a yes, and a yes files a repair.
func (m *readings) answerIn(text string) string {
	r := m.read(text)
	a := r.first(answerRules)
	if a != "" && r.asksBack() {
		return ""
	}
	return a
}

// asksBack reports words that ask something back and answer nothing
// outright: "right, what happens to my repairs?" is no yes.
func (r reading) asksBack() bool { return r.has(askingBack, nil) && !r.has(plainAnswer, nil) }

// asksBack is reading.asksBack of a tenant's words.
func (m *readings) asksBack(text string) bool { return m.read(text).asksBack() }

// askingBack are the words of a question or a request put to the skill.
var askingBack = cue{"what", "who", "how", "when", "why", "where", "which", "can you", "could you", "would you", "will you", "speak up", "slow down", "louder", "repeat", "read it back", "read that back", "tell me", "hang on", "hold on", "one sec*", "one moment", "one minute"}

// plainAnswer are the words that answer outright, whatever else is said.
var plainAnswer = cue{"yes", "yeah", "yep", "yup", "aye", "no", "nope", "nah", "naw", "why not", "go ahead", "report it", "book it", "please do", "not yet", "of course", "definitely", "dont", "not", "think so", "see how it goes", "see how we go", "see how that goes"}

// guideRules read guide navigation said in words of the tenant's own.
var guideRules = []rule{
	{id: "stop", all: []cue{{"stop", "that is enough", "enough now", "stop the guide", "stop this guide", "leave the guide", "leave it there", "i will leave it", "give up", "i give up", "pack it in", "had enough", "forget the guide", "no more steps", "stop the steps"}}},
	{id: "start", all: []cue{{"start again", "start over", "from the start", "from the beginning", "from the top", "back to the start", "back to the beginning", "right from the beginning", "beginning again", "first step again"}}},
	{id: "back", all: []cue{{"go back", "back one", "step before", "previous", "last step", "before that", "one before", "back a step", "step back"}}},
	{id: "repeat", all: []cue{{"again", "repeat", "what was that", "didnt catch", "didnt hear", "pardon", "say that", "come again", "missed that", "last bit", "one more time", "what did you say", "what did you just say", "what was it", "you said what", "say it again", "what do i do now", "what should i do now", "where was i", "where were we", "what am i doing", "what was i doing"}}},
	{id: "next", all: []cue{{"next", "skip", "skip it", "skip this", "skip that", "done that", "done it", "ive done", "i have done", "finished that", "what is next", "what is next", "carry on", "move on", "ready", "go on", "keep going", "what now", "then what", "found it", "found the", "found them", "found where", "got it", "ive got it", "i can see it", "can see it", "there it is", "already off", "already on", "already done", "done already", "already did", "did that already", "off already", "already switched", "already turned", "already been done", "pushed it", "pushed the", "pushed them", "flicked it", "flicked the", "flipped it", "flipped the", "turned it", "turned the", "turned them", "unplugged", "opened it", "opened the", "opened up", "closed it", "closed the", "pressed it", "pressed the", "held it", "held the", "fitted it", "fitted the", "put it on", "put the", "put a", "plugged it", "reset it", "topped it up", "filled it", "bled it", "waited", "cleaned it", "cleaned the", "wiped it", "plunged it", "flushed it", "checked it", "checked the", "looked at it", "took it off", "took the", "taken it off", "taken the", "loosened", "tightened"}}},
}

// guideIn reads guide navigation: "next", "repeat", "back", or "".
func (m *readings) guideIn(text string) string { return m.read(text).first(guideRules) }

// intentRules read words the catch-all took as one of the skill's other
// tasks, so "what's happening with that repair I rang about" is a status
// question, not a repair called "what's happening".
var intentRules = []rule{
	// "Stop the reminders", "how do I stop getting these messages": the
	// visit's reminder, never the visit.
	{id: "ReminderOffIntent", all: []cue{{"reminder", "reminders", "messages", "notification*", "alerts"}, {"stop", "stopping", "cancel*", "turn off", "turn it off", "turn them off", "switch off", "switch it off", "switch them off", "delete", "remove", "get rid", "dont want", "dont need", "no more", "dont send", "not send", "without", "getting", "receiving", "hearing"}}, unless: cue{"set a reminder", "set me a reminder", "give me a reminder", "send me a reminder", "can i have a reminder", "remind me", "text message*", "voice message*", "left a message", "leave a message", "message from", "message to"}},
	// "How do I set a reminder?": the visit, which offers one.
	{id: "CheckAppointmentIntent", all: []cue{{"set a reminder", "set me a reminder", "get a reminder", "have a reminder", "give me a reminder", "send me a reminder", "remind me", "reminder for my", "reminder of my", "reminder about my"}}, unless: cue{"repair*", "bin*", "rent", "tablet*", "medic*", "pills"}},
	// Setting the speaker up for the home: linking it with the coach's code.
	{id: "LinkHomeIntent", all: []cue{{"link my speaker", "link this speaker", "link the speaker", "link my echo", "link this echo", "link my alexa", "link this alexa", "connect my speaker", "connect this speaker", "connect my echo", "connect this echo", "connect my alexa", "set this up", "set it up", "set up home helper", "set home helper up", "get this set up", "get it set up", "get started", "code from my coach", "code from the coach", "code from my neighbourhood coach", "coach gave me a code", "coach give me a code", "coach gave me a number", "my link code", "a link code", "get a code", "get my code", "where is my code", "need a code", "what code"}}},
	// "What's my reference?": the open repairs, with their references.
	{id: "RepairStatusIntent", all: []cue{askedReference}},
	{id: "RepairStatusIntent", all: []cue{{"repair*", "job*", "the work", "the fix", "reported", "rang about", "phoned about", "called about", "fix my", "fix the", "the man", "workman", "engineer", "plumber", "electrician", "contractor*", "sending someone", "send someone", "about my", "someone about", "anyone looked", "anybody looked", "someone looked", "somebody looked", "anyone been", "anybody been", "someone been", "somebody been", "looked at my", "look at my", "coming to look", "coming out to", "come out to", "anyone sorted", "anybody sorted", "someone sorted", "somebody sorted", "have they fixed", "have they sorted", "has anyone fixed", "has someone fixed", "have you fixed", "message", "messages"}, {"happening", "sorted", "news", "update", "progress", "when are they", "when is someone", "when is the", "when will", "when are you", "when is somebody", "any word", "status", "yet", "heard anything", "been done", "still coming", "coming to fix", "coming to sort", "up to with", "where are we", "any news", "how long", "how is", "what is going on", "what is going on", "chase", "chasing", "what i reported", "what did i report", "what have i reported", "what ive reported", "my reports", "what repairs", "on the system", "on your system", "logged", "on record", "have you got my", "did you get my", "have you received", "being done", "being fixed", "being sorted"}},
		unless: cue{"how is that done", "how is it done", "how do i", "how do you", "how can i", "myself", "show me how", "talk me through"}},
	// News of something reported, whatever it is called: "any news on my
	// leak?", "has the boiler been booked in?".
	{id: "RepairStatusIntent", all: []cue{{"been booked in", "booked in yet", "any news on", "any news about", "any update on", "any update about", "any word on", "any word about", "news on my", "update on my"}}, unless: cue{"coach*", "visit*", "appointment*", "guide", "step"}},
	// How long a repair will take, or whether to be in for it, is what
	// the repair's status says.
	{id: "RepairStatusIntent", all: []cue{{"how long will it take", "how long will it be", "how long will they be", "how long till", "how long until", "how long before", "when will it be fixed", "when will it get fixed", "when will they fix", "when will it be done", "do i need to be in", "do i have to be in", "will i need to be in", "do i need to stay in", "do i have to stay in"}}, unless: cue{"guide", "step", "coach*", "visit*", "appointment*"}},
	{id: "AMAZON.HelpIntent", all: []cue{{"dont understand", "dont know what you mean", "not sure what you mean", "dont know what that means", "not sure what that means", "dont know what you are on about", "dont know what youre on about", "no idea what you mean", "what do you mean", "what does that mean", "im confused", "i am confused", "dont get it", "dont know how to explain", "dont know how to describe", "hard to explain", "not sure how to say", "how do i say", "dont follow", "not with you", "youve lost me", "you have lost me", "lost me", "im lost", "what am i supposed to", "what am i meant to", "what do i do now", "what should i be doing", "what can i ask", "what can i say", "what do i say", "what should i say", "what do you want me to say", "dont know what you want", "dont know what to say", "confused",
		// Unsure of the speaker itself: what it can do, kindly.
		"not very good with", "not good with these", "not good with technology", "not good with gadgets", "not used to these", "not used to this", "never used one", "never used this", "first time using", "told me to use this", "told me to try this", "told me to use you", "set this up for me", "set it up for me", "dont know how to use", "how do i use this", "how do i use you", "bear with me", "new to this", "new to all this"}}},
	// "Hiya love", "good morning": hello, and what it can do.
	{id: "AMAZON.HelpIntent", all: []cue{greeting}, only: true},
	// Help asked for, and nothing more said: what the skill can do.
	{id: "AMAZON.HelpIntent", all: []cue{{"can you help me", "could you help me", "can you help us", "could you help us", "i need help", "i need some help", "need a bit of help", "help me please", "please help me", "help me", "help"}}, only: true},
	{id: "RepairStatusIntent", all: []cue{{"anyone coming", "anybody coming", "someone coming", "somebody coming", "anyone going to come", "someone going to come", "anyone been sent", "someone been sent"}, {"about my", "about the", "to fix", "to sort", "to look at", "for my", "for the", "about that", "about it"}}, unless: cue{"coach*", "visit*", "appointment*", "see me", "chat"}},
	// Whether what was just told is with the team: a repair's, or, right
	// after an emergency's advice, the emergency's.
	{id: "RepairStatusIntent", all: []cue{{"has it been reported", "have you reported it", "is it reported", "has that been reported", "has it been logged", "is it logged", "has it gone through", "did it go through", "did that go through", "has that gone through", "have they been told", "has anyone been told", "has someone been told", "have you told them", "did you tell them"}}},
	// Who "they" are is the booking's or the repair's (repairMeant).
	{id: "CheckAppointmentIntent", all: []cue{{"when will someone", "when will somebody", "when will anyone", "when will anybody", "when will they be here", "will someone come", "will somebody come", "will anyone come", "will anybody come", "when can someone come", "when can somebody come", "when can they come", "is someone coming out", "is somebody coming out", "when are they coming out"}}, unless: cue{"guide", "step"}},
	// Asking for an appointment is booking one; asking about "my
	// appointment" is checking it.
	// "Can I see Priya on Wednesday?", "can Sam come on Thursday?": a
	// visit asked for by when, whoever is named (coaches' names are
	// content, not rules). Words of a repair are read as one first.
	// "Book Sam for me": a coach booked by name (names are content, so the
	// shape is read); a tradesman booked is a repair.
	{id: "BookCoachIntent", all: []cue{{"book"}, {"for me", "for us", "me in", "us in", "in with", "me a visit", "me a time", "me a slot", "me an appointment", "a visit", "an appointment", "a slot", "a chat", "a time"}}, unless: cue{"plumber*", "repair*", "engineer*", "electrician*", "gas safety", "boiler*", "gas man", "joiner*", "roofer*", "builder*", "doctor*", "gp", "hospital", "dentist*", "taxi"}},
	{id: "BookCoachIntent", all: []cue{{"can i see", "could i see", "can we see", "could we see", "want to see", "like to see", "come on", "come round on", "come over on", "come by on", "pop round on", "pop in on", "pop over on", "call round on", "call in on", "visit me on", "visit us on", "see me on", "see us on"}, visitDays},
		unless: cue{"plumber*", "electrician*", "engineer*", "repair*", "workm*", "contractor*", "joiner*", "builder*", "gas man", "gasman", "fix", "fixed", "fixing", "sort it", "sort out", "doctor*", "gp", "nurse*", "taxi"}},
	// "Can you book me in with Sam next Tuesday?": a visit, on the day.
	// "When can Priya come?": the coach by name, which no word list
	// knows; a tradesman, or someone to fix something, is a repair's.
	// "I need to see Sam": someone to come, by name, as a coach is
	// (Twenty-second session); not a doctor, nor to see if or how.
	{id: "BookCoachIntent", all: []cue{{"need to see", "want to see", "like to see", "wanna see", "need a word with", "like a word with", "want a word with"}}, unless: cue{"doctor*", "gp", "nurse*", "dentist*", "optician*", "hospital", "plumber*", "engineer*", "electrician*", "repair*", "someone", "somebody", "anyone", "anybody", "manager", "housing officer", "see if", "see how", "see what", "see why", "see where", "see when", "see whether", "see it", "see the", "see a", "see my", "see your", "see them", "see him", "see her", "see you", "see that", "see this", "see some", "see any", "see inside", "see out", "see properly", "see anything", "see nothing"}},
	{id: "BookCoachIntent", all: []cue{{"when can", "when could"}, {"come", "come round", "come over", "pop round", "pop in", "pop over", "call round", "visit me", "visit us"}}, unless: cue{"plumber*", "repair*", "engineer*", "electrician*", "gas man", "someone", "somebody", "anyone", "anybody", "they", "workm*n", "contractor*", "joiner*", "roofer*", "builder*", "doctor*", "nurse*", "carer*", "taxi", "fix", "mend", "look at", "sort", "my appointment", "the appointment", "my visit", "the visit"}},
	{id: "BookCoachIntent", all: []cue{{"book me in", "book us in", "book me", "book us", "fit me in", "fit us in", "squeeze me in", "get me booked", "get us booked"}}, unless: cue{"cancel*", "repair*", "plumber*", "electrician*", "engineer*", "taxi", "doctor*", "gp"}},
	{id: "BookCoachIntent", all: []cue{{"want an appointment", "like an appointment", "need an appointment", "make an appointment", "get an appointment", "book an appointment", "have an appointment", "arrange an appointment", "set up an appointment", "want a visit", "like a visit", "need a visit", "arrange a visit", "arrange for someone", "an appointment with", "an appointment for", "appointment with my coach", "appointment with the coach", "appointment with a coach"}}, unless: cue{"cancel*", "call off", "dont want", "dont need", "no longer", "when", "what time", "what day", "which day", "is my", "have i got", "my appointment", "the appointment"}},
	// Changing a visit: "can we move it to another day", "I need to
	// rearrange my appointment". Said of "it" or "that", it is a visit's
	// only in a conversation about one (the dispatch checks).
	{id: "MoveAppointmentIntent", all: []cue{{"move", "moving", "change", "changing", "rearrang*", "reschedul*", "re arrang*", "put back", "push back", "bring forward", "different day", "different time", "another day", "another time"}, {"visit*", "appointment*", "coach*", "booking*", "it", "that", "the day", "the date", "the time"}},
		unless: cue{"cancel*", "call off", "dont want", "dont need", "no longer need", "book a", "book me", "want to book", "like to book", "change my mind", "changed my mind"}},
	{id: "CheckAppointmentIntent", all: []cue{{"what time did you say", "what day did you say", "when did you say", "what time was that", "what day was that", "when was that", "what time is that", "what day is that", "what time was it", "what time will", "what time are", "what time is she", "what time is he", "when will they come", "when are they coming", "when is she coming", "when is he coming", "booked", "booking", "appointment", "coming to see me", "coming round", "when is my", "have i got", "is someone coming", "is anyone coming", "is my coach", "which day", "what day", "what time is the", "due to come", "due round", "when my coach", "when the coach", "when my visit", "when the visit", "when is the coach", "coach is coming", "coach coming", "still coming", "still due", "still on for", "still booked", "still happening", "still going ahead", "going ahead", "is she coming", "is he coming", "are they coming", "remind me", "reminder*"}}, unless: cue{"cancel*", "book a", "book me", "want to book", "like to book"}},
	// "When's Sam coming?": a coach asked after by name (names are
	// content, so the shape is read); who else may come, or what may
	// come back on, is not a visit's.
	// Twenty-second session: a visit asked after as still on.
	{id: "CheckAppointmentIntent", all: []cue{{"visit", "appointment", "coach"}, {"still on", "still happening", "still going ahead", "still coming", "still booked", "going ahead"}}, unless: cue{"repair*", "plumber*", "engineer*", "electrician*"}},
	{id: "CheckAppointmentIntent", all: []cue{{"when is", "whens", "what time is", "what day is", "which day is"}, {"coming", "due", "visiting", "popping round", "popping in", "popping over", "calling round", "calling in"}},
		unless: cue{"plumber*", "engineer*", "electrician*", "repair*", "fix*", "sort*", "someone", "somebody", "anyone", "anybody", "workm*", "contractor*", "joiner*", "builder*", "roofer*", "gas man", "gasman", "man", "bloke", "guy", "lad", "lads", "fella", "money", "rent", "bin*", "post", "postman", "parcel*", "delivery", "doctor*", "nurse*", "carer*", "taxi", "water", "heating", "power", "electric*", "gas", "light*", "boiler*", "back", "through", "down", "in from", "out of", "up", "off", "rain", "smell*", "leak*", "drip*", "damp", "mould*", "cold", "draught*", "noise*"}},
	// "Anything else you can do" asks what the skill does, not for another day.
	// "Have you got anything sooner?", of a visit on offer: the offer is
	// already the earliest (coach.go), never a later one instead.
	{id: "earlier", all: []cue{{"sooner", "earlier", "earliest", "first available", "first free", "any quicker", "anything quicker", "nothing quicker", "before then", "before that"}}, unless: cue{"later", "next week", "another day", "other day", "different day"}},
	{id: "OtherDayIntent", mask: cue{"anything else you can do", "anything else you do", "what else can you do", "what else do you do", "what else can you help", "anything else you can help", "what else are you"}, all: []cue{{"anything else", "another day", "other day", "different day", "another time", "other time", "something else", "any other", "something later", "later one", "different time", "later in the week", "next week", "instead", "what else", "anything later", "owt else", "owt later", "summat else", "summat later", "week after", "the week after"}}},
	// Leaving the trial, or having one's details removed, in other words
	// than the model's ("I don't want to be part of this any more").
	{id: "ForgetMeIntent", all: []cue{{"delet*", "wipe*", "wiping", "eras*", "remov*", "get rid of"}, {"my details", "my information", "my info", "my data", "my stuff", "everything about me", "all about me", "my account", "my name"}}},
	// "I don't want to use this any more": leaving, said of the skill
	// itself, not of a thing in the home ("this shower").
	{id: "ForgetMeIntent", all: []cue{{"dont want to use", "dont want to do", "not want to use", "not want to do", "stop using", "finished with", "had enough of", "done with"}, {"this any more", "this anymore", "this any longer", "it any more", "it anymore", "it any longer", "this trial", "the trial", "this pilot", "the pilot", "home helper", "this skill", "this thing"}}, unless: cue{"guide", "step", "repair", "visit", "appointment", "for now", "for today", "socket*", "plug*", "shower*", "cooker*", "oven*", "hob*", "heater*", "fire", "boiler*", "toilet*", "bath*", "sink*", "tap*", "light*", "switch*", "lead*", "kettle*", "washing machine*"}},
	{id: "ForgetMeIntent", all: []cue{{"leave the", "come off the", "take me off the", "take me off this", "take us off", "opt out", "withdraw", "pull out of", "drop out", "not be part of", "dont want to be part", "not want to be part", "stop taking part", "no longer take part", "not take part", "dont want to take part", "stop being part"}, {"trial", "pilot", "this", "scheme", "home helper", "any more", "anymore", "the test"}}, unless: cue{"guide", "step", "repair", "visit", "appointment", "for now", "for today"}},
	{id: "CancelAppointmentIntent", all: []cue{{"cancel*", "call off", "call that off", "call it off", "call the visit off", "put her off", "put him off", "put them off", "dont need", "dont want", "wont need", "no longer need"}, {"visit", "appointment", "coach", "booking", "it", "that"}}},
	{id: "BookCoachIntent", all: []cue{{"coach", "visit", "come and see", "come round", "pop round", "pop in", "come over", "call round", "see me", "drop by", "drop in", "not managing", "not coping", "struggling", "havent eaten", "not eaten", "no food", "nothing to eat", "cant afford food", "cant afford to eat", "food bank", "a bit of support", "some support", "a bit of help", "need some help", "on my own", "lonely", "someone to talk to", "have a look at things", "a chat", "come another day", "come a different day", "nobody to talk to", "no one to talk to", "isolated"}}},
}

// visitWords name a coach visit.
var visitWords = cue{"visit*", "appointment*", "coach*", "booking*", "booked"}

// intentIn reads words as one of the skill's other intents, or "".
func (m *readings) intentIn(text string) string { return m.read(text).first(intentRules) }

// roomRules read the room in a tenant's words where Alexa did not
// resolve it ("er the kitchen I think").
var roomRules = []rule{
	// "The gully outside the kitchen" is outside, whatever room is named;
	// so are the parts of a block tenants share ("the lift", "the bin
	// store"), which have no room of their own.
	{id: "OUTSIDE", mask: cue{"stair lift*", "stairlift*"}, all: []cue{{"outside the kitchen", "outside the back door", "outside the front door", "outside the house", "outside the flat", "lift", "lifts", "the block", "my block", "our block", "block of flats", "the flats", "shared area*", "communal*", "bin store*", "bin room*", "bin area*", "bin shed*", "entry phone*", "intercom*", "door entry", "main entrance", "main door to the flats", "main door of the flats"}}},
	{id: "AIRING_CUPBOARD", all: []cue{{"airing cupboard", "hot press", "boiler cupboard", "cylinder cupboard", "tank cupboard", "cupboard where the boiler", "cupboard with the boiler", "cupboard the boiler", "cupboard where the tank", "cupboard with the tank", "cupboard where the water tank", "cupboard with the water tank", "cupboard where the hot water"}}},
	{id: "UTILITY", all: []cue{{"utility", "laundry"}}},
	{id: "KITCHEN", all: []cue{{"kitchen*", "scullery", "galley", "larder", "pantry", "cooker*", "hob", "hobs", "oven*", "worktop*", "washing up", "do the dishes", "where i cook", "where we cook"}}},
	{id: "BATHROOM", all: []cue{{"bathroom*", "bath room", "shower room", "wet room", "wetroom", "en suite", "ensuite", "bath", "shower"}}},
	{id: "TOILET_ROOM", all: []cue{{"toilet", "loo", "wc", "w c", "lavatory", "cloakroom", "cludgie", "lav", "netty", "bog", "khazi", "dunny", "smallest room"}}},
	{id: "BEDROOM", all: []cue{{"bedroom*", "box room", "boxroom", "spare room", "little room", "nursery", "bed room", "kids room", "childrens room", "babys room", "the babys", "my room", "her room", "his room", "their room", "the little room", "back room upstairs", "where i sleep", "where we sleep", "daughter is room", "son is room", "grandson is room", "granddaughter is room", "girls room", "girl is room", "boys room", "boy is room", "grandkids room", "kids room", "kid is room", "mum is room", "dad is room", "my bed"}}},
	{id: "LIVING_ROOM", all: []cue{{"living room", "lounge", "front room", "sitting room", "parlour", "conservatory", "sun room", "family room", "tv room", "livingroom", "with the telly", "with the tv", "where the telly", "where the tv", "where i sit", "where we sit", "with the sofa", "with the settee", "with the fire"}}},
	{id: "DINING_ROOM", all: []cue{{"dining*", "back room"}}},
	{id: "HALLWAY", all: []cue{{"hall", "hallway", "landing", "stairs", "staircase", "stairwell", "stair rail", "stair rails", "stair post", "stair carpet", "banister*", "bannister*", "stair gate", "lobby", "entrance", "porch", "corridor", "passage*", "vestibule", "the close", "our close", "common close", "up the close", "down the close", "by the front door", "inside the front door", "behind the front door", "at the front door", "front door", "the front door", "top of the stairs", "bottom of the stairs", "under the stairs"}}},
	{id: "LOFT", all: []cue{{"loft", "attic", "roof space"}}},
	{id: "GARDEN", all: []cue{{"garden", "yard", "patio", "shed", "driveway", "drive", "out the back", "out back", "out the front"}}},
	{id: "OUTSIDE", all: []cue{{"outside", "outdoors", "balcony", "car park", "bin store", "communal", "garage", "exterior", "outside wall*", "front of the house", "back of the house", "side of the house"}}},
	{id: "WHOLE_HOME", all: []cue{{"everywhere", "all over", "whole house", "whole flat", "whole place", "every room", "all the rooms", "all rooms", "throughout", "entire", "anywhere", "whole lot", "all of them", "all of the rooms", "every one of them", "each room", "every single room", "upstairs and downstairs", "all through the", "right through the", "through the whole", "through the house", "through the flat", "all round the house", "all round the flat", "all around the house", "all around the flat"}}},
}

// roomIn reads the room in words, or "".
func (m *readings) roomIn(text string) string {
	r := m.read(text)
	if head, tail, ok := r.notARoom(); ok {
		// "It's the bathroom, not the kitchen": the room said not to be
		// it is no answer; the one said before it, or after, is.
		if id := m.roomIn(head); id != "" {
			return id
		}
		return m.roomIn(tail)
	}
	if id := r.first(roomRules); id != "" {
		return id
	}
	// Someone's room ("our Jack's room", read as "jack is room") is where
	// they sleep.
	for i := 0; i+2 < len(r.toks); i++ {
		if r.toks[i+1] == "is" && r.toks[i+2] == "room" && !fillers[r.toks[i]] && r.toks[i] != "that" && r.toks[i] != "which" && r.toks[i] != "what" {
			return "BEDROOM"
		}
	}
	return ""
}

// notARoom finds a room said not to be the one ("not the kitchen",
// "rather than the bedroom", "did you say kitchen?") and returns the
// words before and after it.
func (r reading) notARoom() (head, tail string, ok bool) {
	for i, tok := range r.toks {
		said := (tok == "say" || tok == "said") && i > 0 && r.toks[i-1] == "you"
		if tok != "not" && tok != "isnt" && tok != "than" && tok != "instead" && !said {
			continue
		}
		k := i + 1
		for k < len(r.toks) && (r.toks[k] == "the" || r.toks[k] == "in" || r.toks[k] == "my" || r.toks[k] == "our" || r.toks[k] == "of") {
			k++
		}
		for j := k + 1; j <= min(k+3, len(r.toks)); j++ {
			if afresh.roomIn(strings.Join(r.toks[k:j], " ")) != "" {
				return strings.Join(r.toks[:i], " "), strings.Join(r.toks[j:], " "), true
			}
		}
	}
	return "", "", false
}

// mayNegate reports words that may say a room is not the one, without
// reading them: most room answers are a room and nothing else.
func mayNegate(text string) bool {
	for _, w := range [...]string{"not", "n't", "nt ", "than", "instead", "say"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// appliances are things in a home that Alexa may hear as the room ("the
// {washing machine's} leaking"): never a room, so it is still asked.
var appliances = cue{"washing machine*", "dishwasher*", "fridge*", "freezer*", "tumble dryer*", "dryer*", "cooker*", "oven*", "hob", "hobs", "microwave*", "kettle*", "telly", "tv"}

// tapWaterDiscoloured is water from the taps coming out brown or with bits
// in: not a tap's fault, a leak or no hot water, but the tenant's words,
// for the team to tell a tank's rust from the mains'. Water the colour of
// a leak, or standing in a bath or sink, is read as before.
var tapWaterDiscoloured = rule{id: "FIXTURE", all: []cue{{"water", "tap", "taps"}, {"brown", "rusty", "rust coloured", "discolour*", "orange", "black bits", "bits in it", "dirty water", "water is dirty", "murky", "cloudy", "milky"}},
	unless: cue{"ceiling*", "wall*", "leak*", "drip*", "through the", "under the", "floor*", "puddle*", "bath", "sink", "basin", "shower tray", "toilet*", "loo", "drain*", "plughole*", "coming up"}}

// waterTooHot is water from the taps or the boiler far too hot: not "no
// hot water", but the tenant's words, for the team to find whose
// thermostat it is before someone is scalded.
var waterTooHot = rule{id: "FIXTURE", all: []cue{{"water", "tap", "taps", "hot tap", "shower"}, {"scalding", "scalding hot", "boiling hot", "boiling", "too hot", "far too hot", "way too hot", "really hot", "red hot", "burning hot", "roasting hot", "steaming", "so hot"}},
	unless: cue{"no hot", "not hot", "isnt hot", "not getting hot", "wont get hot", "doesnt get hot", "never hot", "not very hot", "not really hot", "lukewarm", "cold", "kettle*", "leak*", "drip*", "ceiling*", "floor*", "through the"}}

// keysLost are keys lost or asked for: the office's (topic KEYS), not a
// door's repair, whichever door they are for.
var keysLost = cue{"lost my key*", "lost our key*", "lost the key*", "lost me key*", "lost my door key*", "lost our door key*", "lost my house key*", "lost my front door key*", "lost our front door key*", "lost the front door key*", "lost my back door key*", "spare key*", "new key*", "extra key*", "another key", "key cut*", "keys cut*", "copy of my key*", "copy of the key*"}

// homeParts are the parts of a home a tenant may name that have no
// problem id of their own, and are never a room.
var homeParts = cue{"tree branch*", "branch", "branches", "hedge", "hedges", "loft insulation", "insulation", "water pressure", "mains pressure", "loft hatch*", "loft door*", "loft ladder*", "attic hatch*", "bannister*", "banister*", "handrail*", "hand rail*", "grab rail*", "grab bar*", "grab handle*", "stair*", "step", "steps", "floor*", "lino", "linoleum", "vinyl", "laminate", "carpet*", "skirting*", "plaster*", "wall", "walls", "ceiling*", "worktop*", "work top*", "cupboard*", "kitchen unit*", "drawer*", "tile*", "grout*", "bath", "bathtub", "sink", "basin", "doorbell*", "door bell*", "intercom*", "entry phone*", "entryphone*", "buzzer", "lift", "letterbox*", "letter box*", "shed", "garage", "path", "paving", "slab*", "paths", "pathway*", "wardrobe*", "shelf", "shelves", "curtain rail*", "blind", "blinds", "cooker*", "oven*", "hob", "aerial*", "balcony*", "railing*", "seal", "sealant", "silicone", "mastic", "trickle vent*", "window vent*", "air brick*", "airbrick*", "toilet roll holder*", "loo roll holder*", "boxing", "panel*", "kickboard*", "plinth*", "hinge*", "lock", "locks", "handle*", "key*", "bin store", "post box", "meter box*", "meter cupboard*", "washing line", "rotary line", "pipe*", "radiator cover*", "towel rail*", "mirror*", "glass", "greenhouse*", "shower screen", "shower door", "shower curtain rail", "shower tray*", "tray", "shower rail*", "shower riser*", "shower hose*", "bath panel*", "bath side", "towel ring", "toilet seat", "pull cord*", "fan", "smoke hood", "stopcock*", "stop cock*", "stop tap*", "stoptap*", "isolation valve*", "isolating valve*"}

// coSymptoms are symptomCue less its words for being ill at all
// ("poorly", "unwell", "ill"), which say nothing of carbon monoxide.
var coSymptoms = slices.DeleteFunc(slices.Clone(symptomCue), func(w string) bool { return w == "poorly" || w == "unwell" || w == "ill" })

// fixtureRules read words that name a part of the home and what is wrong
// with it, of a kind with no problem id ("the bannister's come loose"):
// a repair in the tenant's own words, not words the skill failed to
// understand.
var fixtureRules = []rule{
	{id: "FIXTURE", all: []cue{
		homeParts,
		{"broken", "broke", "bust", "busted", "loose", "come loose", "coming loose", "come away", "coming away", "come off", "came off", "coming off", "hanging off", "fallen off", "falling off", "fell off", "falling apart", "fallen apart", "falling down", "fallen down", "fell down", "cracked", "crack", "cracks", "split", "damaged", "rotten", "rotting", "wobbly", "wobbles", "wobbling", "missing", "snapped", "not working", "doesnt work", "stopped working", "wont work", "isnt working", "collapsed", "sinking", "lifting", "peeling", "hole", "holes", "jammed", "stuck", "knackered", "packed up", "packed in", "needs fixing", "needs replacing", "need fixing", "need replacing", "worn out", "worn", "dangerous", "uneven", "gap", "bowed", "buckled", "sagging", "mouldy", "mould", "black", "gone black", "turned black", "gone", "wont turn", "cant turn", "wont budge", "seized", "seized up", "falling through", "going through the floor", "gone through the floor", "went through the floor", "falling out", "coming through", "coming down", "low", "really low", "too low", "poor", "weak", "doesnt buzz", "wont buzz", "not buzzing", "doesnt ring", "wont ring", "not ringing", "curling", "curled", "coming up", "come up", "ripped", "torn", "bubbling", "bubbled", "crumbling", "wont shut", "wont close", "doesnt shut", "doesnt close", "wont open", "doesnt open", "smashed", "shattered", "smashed up", "hanging over", "overhanging", "overgrown", "blocking the path", "blocking the door", "blocking the way"}}},
	tapWaterDiscoloured,
	waterTooHot,
	adaptationRules[0],
	adaptationRules[1],
	adaptationRules[2],
	// Twenty-second session: asbestos said of any part of the home, which
	// the report keeps away from (continueRepair).
	{id: "FIXTURE", all: []cue{{"asbestos"}}, unless: cue{"no asbestos", "not asbestos", "asbestos free", "asbestos survey*", "asbestos check*"}},
	// An aid named with nothing said of it: Alexa keeps "grab rail by the
	// toilet" of "can I have a grab rail by the toilet".
	{id: "FIXTURE", all: []cue{adaptationItems}},
	// A cooker, hob or fire that will not work: the tenant's words go to
	// the repairs team, who know whose it is.
	{id: "FIXTURE", all: []cue{
		{"cooker*", "oven*", "hob", "hobs", "gas fire*", "electric fire*", "fire", "extractor hood*", "cooker hood*", "fridge*", "freezer*", "washing machine*", "washer", "dishwasher*", "tumble dryer*", "dryer", "microwave*", "immersion*", "hot water"},
		{"wont light", "doesnt light", "not lighting", "wont ignite", "not igniting", "wont come on", "doesnt come on", "not coming on", "wont work", "doesnt work", "not working", "broken", "bust", "stopped working", "packed up", "died", "gone off", "keeps going off", "keeps going out", "goes out", "wont drain", "not draining", "doesnt drain", "wont empty", "not emptying", "wont spin", "not spinning", "wont start", "wont turn on", "not cooling", "not getting cold", "not freezing", "not heating up", "wont heat*", "doesnt heat*", "not heating", "wont get hot", "doesnt get hot", "not getting hot", "wont warm up", "not warming up", "no heat", "wont switch on", "doesnt switch on", "wont go on", "wont turn off", "wont switch off", "keeps cutting out", "cuts out", "stuck on", "on all the time", "on full", "cant turn it off", "cant turn it down", "stays on", "keeps coming on", "always on"}}},
}

// adaptationRules read an adaptation asked for (a grab rail, a ramp, a
// shower seat), or a need one would meet said in a tenant's own words
// ("the bath's too high for me", "me nan can't get up the stairs"): the
// repairs team arranges it from those words, wherever it is to go ("by
// the toilet").
// adaptationItems are the aids fitted to a home. Named, they are the
// subject, whatever fixture they are by: "a grab rail by the toilet" is
// not a toilet's fault.
var adaptationItems = cue{"grab rail*", "grab bar*", "grab handle*", "stair rail*", "second rail", "second banister", "hand rail*", "handrail*", "ramp", "shower seat", "bath seat", "bath lift", "raised toilet seat", "toilet frame", "level access", "walk in shower", "wet room", "stairlift", "stair lift", "key safe", "adaptation*"}

var adaptationRules = [...]rule{
	{id: "FIXTURE", all: []cue{
		adaptationItems,
		{"need", "want", "put in", "fitted", "fitting", "fit", "install*", "can i have", "could i have", "can i get", "could i get", "get a", "get one", "would like", "like a"}}},
	{id: "FIXTURE", all: []cue{
		{"cant get", "cant get up", "cant get down", "cant get in", "cant get into", "cant get out", "cant get over", "too much for me", "too much for her", "too much for him", "cant reach", "cannot reach", "cant manage", "cant do the", "cant climb", "cant step", "cant lift my leg*", "struggle*", "struggling", "hard to get", "difficult to get", "getting in and out", "get in and out", "too high", "too deep", "too steep", "too low", "no longer manage", "not safe for me", "frightened of falling", "scared of falling", "afraid of falling", "keep falling", "nearly fell", "had a fall"},
		{"stairs", "stair", "steps", "step", "front step", "doorstep", "bath", "baths", "bathtub", "the tub", "shower", "toilet", "loo", "cupboard*", "worktop*", "shelf", "shelves", "window handle*", "window catch*", "light switch*", "sockets", "washing line"}},
		unless: cue{"stuck", "jammed", "broken", "wont open", "lock*", "door", "doors", "key*", "plug", "water", "hot", "cold", "pressure", "drain*", "blocked", "flush*", "leak*", "temperature", "clean", "stain*", "mould*", "mold*", "smell*"}},
	// A wheelchair or frame that won't go through, or round: the home
	// adapted, not a door broken.
	{id: "FIXTURE", all: []cue{
		{"wheelchair*", "wheel chair*", "walker", "zimmer*", "walking frame*", "mobility scooter*", "rollator*"},
		{"cant get", "wont fit", "doesnt fit", "dont fit", "too narrow", "wont go through", "cant turn", "no room", "struggle*", "struggling", "cant manage", "hard to get", "difficult to get"}},
		unless: cue{"broken", "puncture*", "battery", "batteries", "charger*"}},
}

// asksAdaptation reports words asking for an adaptation (adaptationRules).
func (m *readings) asksAdaptation(text string) bool {
	return m.read(text).first(adaptationRules[:]) != ""
}

// namesAFixture reports words that say what is wrong with a part of the
// home the skill has no problem id for.
func (m *readings) namesAFixture(text string) bool { return m.read(text).first(fixtureRules) != "" }

// fillers may stand around the words of an "only" rule.
var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "my": true, "our": true, "its": true, "it": true, "is": true,
	"there": true, "there is": true, "some": true, "i": true, "think": true, "please": true, "um": true,
	"er": true, "erm": true, "of": true, "smell": true, "ive": true, "got": true, "we": true, "have": true,
	"been": true, "just": true, "oh": true, "well": true, "yes": true, "yeah": true, "something": true,
	"hiya": true, "hi": true, "love": true, "dear": true, "duck": true, "darling": true, "mate": true,
}

// reading is one tenant's words, normalised once and read against the rules.
type reading struct {
	toks []string
	// f, when set, is where the phrases of toks are found once for every
	// list read (readings); a reading without it finds them each time.
	f *found
}

// readings is what one turn has read of its words. A turn's few texts
// (each slot, all of them together) are each asked about by a dozen
// readers, and splitting and finding phrases in the same sentence that
// often was most of the turn (docs/performance.md); here each text is
// read once. A nil *readings reads every text afresh. It is not safe for
// use by more than one goroutine: a turn reads its words on its own, and
// the writes it makes beside its answer read none.
type readings struct {
	texts [8]*readText // nil after the last text read
}

type readText struct {
	text          string
	plain, denied reading
	deniedRead    bool
	found         [2]found // the phrases of plain and of denied
	danger        string
	dangerRead    bool
}

// afresh reads words outside a turn, each time anew.
var afresh *readings

// at returns the memo of text, or nil when there is no room for it.
func (m *readings) at(text string) *readText {
	if m == nil || text == "" {
		// No words, asked of in many turns, read afresh for nothing.
		return nil
	}
	for i, rt := range m.texts {
		switch {
		case rt == nil:
			// The first free place: the texts are kept in the order read.
			rt = &readText{text: text}
			m.texts[i] = rt
			rt.plain = newReading(text)
			rt.plain.f = &rt.found[0]
			return rt
		case rt.text == text:
			return rt
		}
	}
	return nil
}

// found returns the phrases of r, found on first asking.
func (r reading) found() *found {
	if !r.f.done {
		*r.f = find(r.toks)
	}
	return r.f
}

// read is newReading(text), read once a turn.
func (m *readings) read(text string) reading {
	if rt := m.at(text); rt != nil {
		return rt.plain
	}
	return newReading(text)
}

// denied is withoutDenials(newReading(text)), read once a turn.
func (m *readings) denied(text string) reading {
	rt := m.at(text)
	if rt == nil {
		return withoutDenials(newReading(text))
	}
	if !rt.deniedRead {
		rt.denied, rt.deniedRead = withoutDenials(rt.plain), true
		if rt.denied.f == nil {
			rt.denied.f = &rt.found[1]
		}
	}
	return rt.denied
}

// newReading lower-cases, reads "X's" as "X is" ("the plug's gone black",
// "the heating's off") and "X'll" as "X will", drops other apostrophes
// ("won't" reads as "wont")
// and splits on anything that is not a letter or digit.
func newReading(text string) reading {
	for i := range len(text) {
		if text[i] >= utf8.RuneSelf {
			return readRunes(text)
		}
	}
	return reading{toks: contract(strings.Fields(asciiWords(text)))}
}

// asciiWords is readRunes's text for ASCII, made without decoding runes:
// nearly every tenant's words arrive so, and a turn reads several texts.
func asciiWords(text string) string {
	plain := true
	for i := range len(text) {
		if c := text[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ') {
			plain = false
			break
		}
	}
	if plain {
		return text
	}
	letter := func(i int) bool {
		c := text[i] | 0x20
		return c >= 'a' && c <= 'z'
	}
	b := make([]byte, 0, len(text)+8)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\'':
			if i+1 < len(text) && text[i+1]|0x20 == 's' && (i+2 == len(text) || !letter(i+2)) && i > 0 && letter(i-1) {
				b = append(b, " is"...)
				i++
			} else if i+2 < len(text) && text[i+1]|0x20 == 'l' && text[i+2]|0x20 == 'l' && (i+3 == len(text) || !letter(i+3)) && i > 0 && letter(i-1) {
				b = append(b, " will"...)
				i += 2
			}
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		default:
			b = append(b, ' ')
		}
	}
	return string(b)
}

// readRunes is newReading for any text.
func readRunes(text string) reading {
	var b strings.Builder
	b.Grow(len(text) + 8)
	rs := []rune(strings.ToLower(text))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\'' || r == '’' || r == '‘':
			if i+1 < len(rs) && rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) && i > 0 && unicode.IsLetter(rs[i-1]) {
				b.WriteString(" is")
				i++
			} else if i+2 < len(rs) && rs[i+1] == 'l' && rs[i+2] == 'l' && (i+3 == len(rs) || !unicode.IsLetter(rs[i+3])) && i > 0 && unicode.IsLetter(rs[i-1]) {
				// "I'll" is "I will", never the "ill" of feeling ill.
				b.WriteString(" will")
				i += 2
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return reading{toks: contract(strings.Fields(b.String()))}
}

// contractions joins "will not" into "wont" and its like, so words as
// Alexa or the try-it page spelled them out ("won't" arrives as "will
// not") read as the rules write them. Every cue is written contracted
// (TestPhrasesAreSpelledAsTenantsAreRead), so either spelling in speech
// matches it.
var contractions = map[[2]string]string{
	{"will", "not"}: "wont", {"can", "not"}: "cant", {"do", "not"}: "dont", {"does", "not"}: "doesnt",
	{"did", "not"}: "didnt", {"is", "not"}: "isnt", {"are", "not"}: "arent", {"has", "not"}: "hasnt",
	{"have", "not"}: "havent", {"was", "not"}: "wasnt", {"were", "not"}: "werent", {"would", "not"}: "wouldnt",
	{"could", "not"}: "couldnt", {"should", "not"}: "shouldnt",
}

// isContracted are words Alexa spells with "'s" ("that's") but a typed
// sentence may not ("thats"): the reader reads "that's" as "that is"
// (newReading), so "thats" is read so too, and a cue written either way
// matches both.
var isContracted = map[string]string{"thats": "that", "whats": "what", "there is": "there", "heres": "here", "wheres": "where", "whos": "who", "hows": "how"}

func contract(toks []string) []string {
	out := make([]string, 0, len(toks)+2)
	for i := 0; i < len(toks); i++ {
		if toks[i] == "cant" {
			out = append(out, "cant")
			continue
		}
		if w, ok := isContracted[toks[i]]; ok {
			out = append(out, w, "is")
			continue
		}
		// Every contraction's second word is "not": other pairs are not
		// looked up.
		if i+1 < len(toks) && toks[i+1] == "not" {
			if c, ok := contractions[[2]string{toks[i], toks[i+1]}]; ok {
				out = append(out, c)
				i++
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out
}

// readerLists are the rule lists the reader compiles (matcher.go). Their
// phrases are written as the reader reads speech ("there is", "cant",
// "isnt"): TestPhrasesAreSpelledAsTenantsAreRead holds them to it, so
// nothing is respelled at start-up, which is a Lambda's cold start.
var readerLists = [][]rule{dangerRules, problemRules, topicRules, answerRules, guideRules, intentRules, roomRules, fixtureRules}

// readerCues are cues read on their own on most turns with words, some
// of them long ("how do I", "talk me through" and sixty more): read
// phrase by phrase they were a third of a repair said in the tenant's own
// words (docs/performance.md), so the reader compiles them with the lists
// and a turn's reading finds their phrases in the same pass. Any cue may
// be added; one not here is read phrase by phrase, with the same result.
var readerCues = append([]cue{slower, outdoorThings, greeting, toolWontFit, toiletRoomWords, waterOut, noWaterOut, namedOutsideDoor, sendSomeone, goodbye, waterEscaping, sayAgain, sayWhenAgain, askedReference, codeNotToHand, cantDoStep, brokeDoingIt, notBrokeDoingIt, tripsAgain, nowStaysUp, doneAsAdvised, backAgain, personOnFloor, reportAsked, stuckAlight, pluggedBackIn, unpluggedAll, shocked, needsSupport, refusesDay, ratingDeclined, askingBack, plainAnswer, thanksFor, damageCue, neighbourPeople, howToWords, howToNot, levels[0].words, levels[1].words, adaptationItems, thoughtsOfHarm, feelingLow, hurtOrUnwell, atRisk},
	ruleCues(someoneShutIn, noAnswer, adaptationRules[2], coverUnsafe, stillThere, nowFixed, tapWaterDiscoloured, waterTooHot, checkingIn, aFall, cantGetUp, fallDown, abuse[0], abuse[1], abuse[2], inPain, struckBy, someoneLying)...)

// agesAtRisk are an age of seventy and over said in figures, as Alexa
// often writes numbers: "I'm 89 and I've got no heating".
func agesAtRisk() cue {
	var c cue
	for n := 70; n < 110; n++ {
		a := strconv.Itoa(n)
		c = append(c, "i am "+a, "im "+a, "aged "+a, a+" years old", a+" year old", "age "+a)
		for _, who := range [...]string{"mum", "dad", "nan", "gran", "grandad", "husband", "wife", "partner", "mother", "father", "he", "she"} {
			c = append(c, who+" is "+a)
		}
	}
	return c
}

// ruleCues are the cues of rules read on their own (reading.matches): is
// it still there, asked in most guide turns, and is tap water discoloured,
// in every problem read.
func ruleCues(rules ...rule) []cue {
	var out []cue
	for _, ru := range rules {
		for _, c := range append([]cue{ru.mask, ru.unless}, ru.all...) {
			if len(c) > 0 {
				out = append(out, c)
			}
		}
	}
	return out
}

// at reports where a phrase occurs (start and end token), or -1. It walks
// the phrase's words in place, and only past the first word where that one
// matches: every phrase of every rule is tried on each turn with words in
// it, and splitting each phrase into a slice first was most of a turn's
// cost (docs/performance.md).
func (r reading) at(phrase string, from int) (int, int) {
	first, rest := nextWord(phrase)
	if first == "" {
		return -1, -1
	}
	for i := from; i < len(r.toks); i++ {
		if !wordMatches(first, r.toks[i]) || rest == "" && r.toks[i] == "not" && negations[first] {
			continue
		}
		j, more := i+1, rest
		for {
			var w string
			if w, more = nextWord(more); w == "" {
				return i, j
			}
			for j+1 < len(r.toks) && hedgeAt(r.toks, j) && !wordMatches(w, r.toks[j]) {
				// "not really going down" is "not going down", "the
				// living room ceiling" is "the ceiling".
				j++
			}
			if j >= len(r.toks) || !wordMatches(w, r.toks[j]) {
				break
			}
			j++
		}
	}
	return -1, -1
}

// nextWord returns the first word of a phrase and the rest. Phrases are
// ours, written in lower case with spaces between words.
func nextWord(phrase string) (word, rest string) {
	word, rest, _ = strings.Cut(strings.TrimLeft(phrase, " "), " ")
	return word, rest
}

func wordMatches(pattern, tok string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(tok, p)
	}
	return pattern == tok || pattern == "not" && readsAsNot(tok) || tok == "not" && negations[pattern]
}

// hedges are words said inside a phrase that change nothing it says: a
// rule's "not going down" reads "it's not really going down", and "isnt
// working" reads "isn't even working". A phrase that has the word itself
// ("not even on") reads it as written.
var hedges = map[string]bool{"really": true, "even": true, "just": true, "actually": true, "properly": true, "totally": true, "completely": true, "quite": true, "very": true, "literally": true}

// roomsSaidOfThings are the rooms tenants put before a thing ("through the
// bathroom ceiling", "in the kitchen sink", "the living room light"): a
// rule's "through the ceiling" reads them, and the room is still read by
// roomIn. "front" and "back" are not among them: "coming back up" is not
// "coming up".
var roomsSaidOfThings = map[string]bool{
	"kitchen": true, "bathroom": true, "bedroom": true, "lounge": true, "hall": true, "hallway": true,
	"landing": true, "loft": true, "attic": true, "utility": true, "conservatory": true, "scullery": true,
	"cellar": true, "basement": true, "living": true, "sitting": true, "dining": true, "spare": true,
	"room": true, "upstairs": true, "downstairs": true, "ensuite": true,
}

// hedgeAt reports whether token j is a hedge; "on" is one after "keeps"
// ("it keeps on running" is "it keeps running"), and so is a room said of
// the thing that follows it (roomsSaidOfThings).
func hedgeAt(toks []string, j int) bool {
	return hedges[toks[j]] || roomsSaidOfThings[toks[j]] || toks[j] == "on" && j > 0 && strings.HasPrefix(toks[j-1], "keep")
}

// negations are the words "not" joins ("is not" is read "isnt"). A rule's
// "not" reads them, so "not going down" reads "the sink's not going down"
// ("sink is not", read "sink isnt"); and they read "not", so "isnt
// draining" reads "it is still not draining". A rule's "cant" alone
// ("Thursday? I can't") is not read in every "not".
var negations = map[string]bool{
	"isnt": true, "arent": true, "wasnt": true, "werent": true, "hasnt": true, "havent": true,
	"doesnt": true, "dont": true, "didnt": true, "wont": true, "cant": true, "wouldnt": true,
	"couldnt": true, "shouldnt": true,
}

// readsAsNot reports a word a rule's "not" reads. "Can't" is not one:
// "I can't really tell" is no "not really", and "can't" says what the
// tenant cannot do, not what the thing is not doing.
func readsAsNot(tok string) bool { return negations[tok] && tok != "cant" }

// has reports whether any phrase of c occurs, and marks its words in used.
func (r reading) has(c cue, used []bool) bool {
	if len(r.toks) == 0 {
		return false
	}
	if r.f != nil {
		if ids, ok := compiledCue(c); ok {
			return r.found().hasAny(ids, nil, used)
		}
	}
	found := false
	for _, phrase := range c {
		found = r.hasPhrase(phrase, used) || found
		if found && used == nil {
			return true
		}
	}
	return found
}

// hasPhrase is has for one phrase.
func (r reading) hasPhrase(phrase string, used []bool) bool {
	found := false
	for from := 0; from < len(r.toks); {
		i, j := r.at(phrase, from)
		if i < 0 {
			break
		}
		found = true
		if used == nil {
			return true
		}
		for k := i; k < j; k++ {
			used[k] = true
		}
		from = j
	}
	return found
}

// indexedCue is a long cue's phrases by their first word, so a reading
// tries only the phrases its words could start: withoutDenials reads two
// cues of seventy phrases on every turn with words, which was a sixth of
// a repair report's time (docs/performance.md).
type indexedCue struct {
	byFirst map[string][]int // a word → the phrases whose first word reads it
	always  []int            // phrases whose first word is a prefix ("electric*")
	phrases cue
}

func indexCue(c cue) *indexedCue {
	x := &indexedCue{byFirst: map[string][]int{}, phrases: c}
	for i, phrase := range c {
		first, _ := nextWord(phrase)
		switch {
		case strings.HasSuffix(first, "*"):
			x.always = append(x.always, i)
		case first == "not":
			// wordMatches: a rule's "not" reads the negations but "cant".
			x.byFirst["not"] = append(x.byFirst["not"], i)
			for n := range negations {
				if readsAsNot(n) {
					x.byFirst[n] = append(x.byFirst[n], i)
				}
			}
		case negations[first]:
			// and a negation reads "not".
			x.byFirst[first] = append(x.byFirst[first], i)
			x.byFirst["not"] = append(x.byFirst["not"], i)
		default:
			x.byFirst[first] = append(x.byFirst[first], i)
		}
	}
	return x
}

// hasIndexed is has(x's cue, used): the same phrases found, the same words
// marked, trying only the phrases that could start at one of r's words.
func (r reading) hasIndexed(x *indexedCue, used []bool) bool {
	var buf [32]int
	try := append(buf[:0], x.always...)
	for _, tok := range r.toks {
		try = append(try, x.byFirst[tok]...)
	}
	if len(try) == 0 {
		return false
	}
	slices.Sort(try)
	found := false
	for _, i := range slices.Compact(try) {
		found = r.hasPhrase(x.phrases[i], used) || found
		if found && used == nil {
			return true
		}
	}
	return found
}

func (r reading) matches(ru rule) bool {
	if len(ru.mask) > 0 {
		blank := make([]bool, len(r.toks))
		if r.has(ru.mask, blank) {
			masked := reading{toks: slices.Clone(r.toks)}
			for i, b := range blank {
				if b {
					masked.toks[i] = ""
				}
			}
			r = masked
		}
	}
	var used []bool
	if ru.only {
		used = make([]bool, len(r.toks))
	}
	for _, c := range ru.all {
		if !r.has(c, used) {
			return false
		}
	}
	if ru.only {
		for i, u := range used {
			if !u && r.toks[i] != "" && !fillers[r.toks[i]] {
				return false
			}
		}
	}
	// Unless-lists are read last: most rules fail on their groups first,
	// and some unless-lists are long (smellOfBurning).
	return len(ru.unless) == 0 || !r.has(ru.unless, nil)
}

// first returns the id of the first rule the reading matches, or "".
// The lists compiled at init are read through their compiled form
// (matcher.go); any other list, or part of one, rule by rule.
func (r reading) first(rules []rule) string {
	if len(r.toks) == 0 {
		return ""
	}
	if l, ok := compiledFor(rules); ok {
		if r.f == nil {
			f := find(r.toks)
			return l.first(&f)
		}
		return l.first(r.found())
	}
	return r.firstByRule(rules)
}

// firstByRule is first without the compiled lists: each rule read in turn.
func (r reading) firstByRule(rules []rule) string {
	for _, ru := range rules {
		if r.matches(ru) {
			return ru.id
		}
	}
	return ""
}

// dangerIn returns the dangerous problem (or the question to ask) that a
// tenant's words describe, or "" when they describe none.
func (m *readings) dangerIn(text string) string {
	rt := m.at(text)
	if rt == nil {
		return readDanger(withoutDenials(newReading(text)))
	}
	if !rt.dangerRead {
		rt.danger, rt.dangerRead = readDanger(m.denied(text)), true
	}
	return rt.danger
}

// readDanger is the danger list's reading of words with their denials
// blanked, but for water and the electrics told of as two faults ("the
// kitchen tap is dripping and the light switch is loose"): nothing says
// the water reaches the electrics, so that is asked (waterApart).
func readDanger(r reading) string {
	d := r.first(dangerRules)
	if d == "WATER_ELECTRICS" && waterApart(r) {
		return "WET_ELECTRICS_UNSURE"
	}
	return d
}

// newSubject are the words that begin a clause of its own after "and" or
// "but": "and the light switch is loose", "but my sockets are fine". "It"
// and "they" are not among them: "and it's near the socket" says more of
// the water.
var newSubject = map[string]bool{"the": true, "my": true, "me": true, "our": true, "a": true, "an": true, "there": true, "i": true, "ive": true, "we": true, "also": true, "your": true, "his": true, "her": true, "their": true}

// saidOfIt are the words that put the water in or at a thing named in
// another clause: "the light's gone off and water's dripping out of it".
var saidOfIt = cue{"from it", "into it", "onto it", "in it", "on it", "near it", "behind it", "round it", "around it", "through it", "out of it", "under it", "over it", "from them", "into them", "onto them", "in them", "on them", "near them", "behind them", "round them", "around them", "through them", "out of them", "under them", "over them"}

// waterApart reports words whose water and electrics are in clauses of
// their own, none of which alone reads as water in the electrics or any
// other emergency, and none of which puts the water at "it".
func waterApart(r reading) bool {
	toks := r.toks
	start, clauses := 0, 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !(i > start && i+1 < len(toks) && (toks[i] == "and" || toks[i] == "but") && newSubject[toks[i+1]]) {
			continue
		}
		clause := reading{toks: toks[start:i]}
		if d := clause.first(dangerRules); d == "WATER_ELECTRICS" || alwaysDangerous(d) || clause.has(saidOfIt, nil) {
			return false
		}
		start, clauses = i+1, clauses+1
	}
	return clauses > 1
}

// denials are a danger said not to be there: "the sockets went off when I
// put the kettle on, and nothing's burning". Only whole denials are
// blanked: "it's not sparking now" keeps "sparking", since a tenant who
// says so is telling of a fault.
var denials = cue{"no gas", "not gas", "isnt gas", "not the gas", "no smell of gas", "no gas smell", "cant smell gas", "cant smell any gas", "dont smell gas", "doesnt smell of gas", "doesnt smell like gas", "not a gas smell", "isnt a gas smell", "wasnt a gas smell", "not a gas", "isnt a gas", "wasnt gas", "not like gas", "isnt like gas", "nothing like gas", "not gassy", "isnt gassy", "nothing is burning", "nothing burning", "nothing has burnt", "nothing burnt", "nothing is burnt", "nothing smoking", "nothing is smoking", "no burning smell", "no smell of burning", "no smoke", "no smoking", "no flames", "no sparks", "no spark", "not near any electric*", "not near the electric*", "nowhere near the electric*", "nowhere near any electric*", "not near any socket*", "nowhere near any socket*", "not near any light*", "nowhere near any light*", "door is fine", "door is ok", "door is okay", "door is alright", "door is all right"}

// noCooking is cooking ruled out, which would otherwise explain a smell
// away. It is not blanked but read as one word, nocooking: a smell at the
// cooker when nothing is cooking is gas.
var noCooking = cue{"nobody is cooking", "nobodys cooking", "no one is cooking", "no ones cooking", "not cooking", "nobody has cooked", "nobodys cooked", "no one has cooked", "nobody cooked", "havent cooked", "not cooked", "havent been cooking", "not been cooking", "no food out", "no food", "nothing cooking", "nothing is cooking", "nothings cooking"}

var denialsIndex, noCookingIndex = indexCue(denials), indexCue(noCooking)

func withoutDenials(r reading) reading {
	denied := make([]bool, len(r.toks))
	cooking := make([]bool, len(r.toks))
	d, c := r.hasIndexed(denialsIndex, denied), r.hasIndexed(noCookingIndex, cooking)
	if !d && !c {
		return r
	}
	out := reading{toks: slices.Clone(r.toks)}
	for i := range out.toks {
		switch {
		case cooking[i] && (i == 0 || !cooking[i-1]):
			out.toks[i] = "nocooking"
		case cooking[i], denied[i]:
			out.toks[i] = ""
		}
	}
	return out
}

// problemIn returns the everyday problem the words describe, or "".
func (m *readings) problemIn(text string) string {
	r := m.read(text)
	p := r.first(problemRules)
	if p != "" && (r.matches(tapWaterDiscoloured) || r.matches(waterTooHot) || r.has(adaptationItems, nil) || r.matches(adaptationRules[2])) {
		return "" // the tenant's words say it (fixtureRules)
	}
	return p
}

// topicIn returns the out-of-scope topic the words are about, or "".
func (m *readings) topicIn(text string) string {
	if m.alexaTask(text) {
		return "ALEXA"
	}
	return m.read(text).first(topicRules)
}

// alexaTask reports words that ask Alexa to work something, rather than
// say something is wrong: "turn the heating up", "can you put the lights
// on", "set the heating to twenty", "play some music". A command starts
// the sentence, after any "can you" or "please"; "the heating won't turn
// on" and "I can't turn the lights on" are faults, and anything about the
// gas, water or electrics supply is left to the repair and safety readers.
func (m *readings) alexaTask(text string) bool {
	if !mayBeCommand(text) {
		return false
	}
	toks := m.read(text).toks
	i := 0
	for i < len(toks) && commandLead[toks[i]] {
		i++
	}
	if i >= len(toks) {
		return false
	}
	rest := reading{toks: toks[i:]}
	if rest.has(notACommand, nil) {
		return false
	}
	switch toks[i] {
	case "play":
		return true
	case "turn", "switch", "put", "set", "dim":
		return rest.has(alexaWorks, nil) && rest.has(cue{"on", "off", "up", "down", "to", "higher", "lower", "louder", "quieter", "brighter"}, nil)
	case "ring", "call", "phone":
		// "Ring my son": Alexa calls a contact. An ambulance or the
		// police is 999, which the answers to harm and hurt give.
		return rest.has(cue{"my son", "my daughter", "my mum", "my mam", "my mom", "my dad", "my husband", "my wife", "my partner", "my sister", "my brother", "my friend", "my nan", "my gran", "my grandson", "my granddaughter", "my carer", "my family", "my neighbour"}, nil) &&
			!rest.has(cue{"ambulance", "police", "999", "fire brigade", "doctor"}, nil)
	}
	return false
}

// mayBeCommand reports whether the first word after any "can you" or
// "please" is one a command starts with, read in place: every reading of a
// problem asks alexaTask first, and most words are no command.
func mayBeCommand(text string) bool {
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for {
		i := strings.IndexFunc(text, func(r rune) bool { return !notWord(r) })
		if i < 0 {
			return false
		}
		text = text[i:]
		j := strings.IndexFunc(text, notWord)
		if j < 0 {
			j = len(text)
		}
		w := text[:j]
		text = text[j:]
		switch {
		case foldIn(w, "alexa", "can", "could", "will", "would", "you", "please", "just", "ok", "okay"):
		case foldIn(w, "play", "turn", "switch", "put", "set", "dim", "ring", "call", "phone"):
			return true
		default:
			return false
		}
	}
}

func foldIn(w string, words ...string) bool {
	for _, x := range words {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

var (
	commandLead = map[string]bool{"alexa": true, "can": true, "could": true, "will": true, "would": true, "you": true, "please": true, "just": true, "ok": true, "okay": true}
	alexaWorks  = cue{"light", "lights", "lamp*", "heating", "thermostat", "tv", "telly", "television", "radio", "music", "volume", "fan", "kettle", "timer", "alarm", "plug"}
	notACommand = cue{"gas", "water", "stopcock", "electric*", "fuse*", "mains", "meter", "boiler", "keep*", "wont", "doesnt", "isnt", "cant", "didnt", "not", "by itself", "on its own", "how", "broken", "smell*", "burn*", "spark*", "smok*"}
)

// waterProblem reports the problems in which water is loose in the home:
// mentioned together with a light, socket or the fuse box, they are
// water reaching the electrics.
func waterProblem(id string) bool {
	switch id {
	case "LEAK", "FLOODING", "ROOF", "CEILING_COLLAPSE", "DAMP_MOULD", "TOILET", "TOILET_BLOCKED", "TOILET_RUNNING", "TOILET_NO_FLUSH", "SINK_BLOCKED", "TAP", "RADIATOR", "BOILER", "CONDENSATE_PIPE", "DRAIN", "SEWAGE":
		return true
	}
	return false
}

// nearElectrics reports words that place something at a light, socket,
// switch or the fuse box ("it's near the light fitting").
func (m *readings) nearElectrics(text string) bool {
	r := m.read(text)
	return r.matches(rule{all: []cue{powerItems}, mask: powerMask}) || r.matches(rule{all: []cue{lightItems}, mask: lightMask})
}

// ReadDanger is the danger list applied to words, for tests and tools
// outside this package (the model's contract test).
func ReadDanger(text string) string { return afresh.dangerIn(text) }
