// corpus.js is virtual-alexa as a turn-at-a-time server for corpus_test.go:
// the Go test decides what to say (it drives each corpus line's context and
// then says the line), this script turns each utterance into the request
// Alexa would send, through our interaction model with virtual-alexa's strict
// matcher, and posts it to the running skill over HTTP.
//
//   node --no-deprecation testdata/corpus.js URL/alexa MODEL
//
// One JSON command a line on stdin:
//   {"id": 1, "user": "...", "device": "...", "do": "launch" | "utter" | "intend", "text": "...", "intent": "...", "slots": {...}}
// One JSON answer a line on stdout, in the same order:
//   {"id": 1, "requestId": "...", "intent": "...", "heard": "...", "ended": false, "elicit": "", "noMatch": false, "error": ""}
// A new user/device pair is a new speaker: the session of the one before is
// dropped (locally, as when a person walks away), so no request is sent for it.
'use strict';

const readline = require('readline');
const { VirtualAlexa } = require('virtual-alexa');
const { SkillRequest } = require('virtual-alexa/lib/src/core/SkillRequest');
const { Utterance } = require('virtual-core');

const [url, modelPath] = process.argv.slice(2);
if (!url || !modelPath) {
  process.stderr.write('usage: corpus.js URL MODEL\n');
  process.exit(2);
}

const alexa = VirtualAlexa.Builder()
  .interactionModelFile(modelPath)
  .locale('en-GB')
  .applicationID('amzn1.ask.skill.corpus')
  .skillURL(url)
  .create();

let last = null;
alexa.filter((req) => {
  last = { requestId: req.request.requestId, intent: req.request.intent ? req.request.intent.name : req.request.type };
});

let speaker = '';

function plain(ssml) {
  if (!ssml) return '';
  return ssml
    .replace(/<[^>]*>/g, '')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

// utter is virtual-alexa's own utter() without its launch-word check, which
// takes any utterance containing "ask", "open", "tell" or "launch" — even
// inside "telly" or "swings open" — for a LaunchRequest. The matching (the
// strict floor we measure) and the dialog handling are virtual-alexa's.
function utter(text) {
  const u = new Utterance(alexa.context().interactionModel(), text);
  if (!u.matched()) return null;
  return alexa.call(new SkillRequest(alexa).intent(u.intent()).slots(u.toJSON()));
}

async function handle(cmd) {
  const out = { id: cmd.id, requestId: '', intent: '', heard: '', ended: false, elicit: '', noMatch: false, error: '' };
  const who = `${cmd.user}|${cmd.device}`;
  if (who !== speaker) {
    alexa.context().endSession();
    alexa.context().user().setID(cmd.user);
    alexa.context().device().setID(cmd.device);
    speaker = who;
  }
  last = null;
  let r;
  try {
    if (cmd.do === 'launch') {
      r = await alexa.launch();
    } else if (cmd.do === 'intend') {
      r = await alexa.intend(cmd.intent, cmd.slots);
    } else {
      const p = utter(cmd.text);
      if (p === null) {
        out.noMatch = true;
        return out;
      }
      r = await p;
    }
  } catch (e) {
    out.error = String((e && e.message) || e);
  }
  if (last) {
    out.requestId = last.requestId;
    out.intent = last.intent;
  }
  const body = (r && r.response) || {};
  const os = body.outputSpeech;
  out.heard = os ? (os.type === 'SSML' ? plain(os.ssml) : (os.text || '').trim()) : '';
  out.ended = body.shouldEndSession === true;
  for (const d of body.directives || []) {
    if (d.type === 'Dialog.ElicitSlot' && d.updatedIntent) out.elicit = `${d.updatedIntent.name}.${d.slotToElicit}`;
  }
  return out;
}

// Commands are answered one at a time, in order: each turn depends on the
// one before.
const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    let out;
    try {
      out = await handle(JSON.parse(line));
    } catch (e) {
      out = { error: String((e && e.stack) || e) };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  });
});
rl.on('close', () => queue.then(() => process.exit(0)));
