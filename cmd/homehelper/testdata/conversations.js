// conversations.js drives whole tenant conversations against a running
// `homehelper serve -dev` over HTTP, with virtual-alexa building the Alexa
// requests from the skill's own interaction model. e2e_test.go runs it:
//
//   node --no-deprecation testdata/conversations.js URL/alexa MODEL CODE1 CODE2 CODE3 CODE4
//
// It prints one JSON object on stdout (see `out` below) and exits 0, or
// prints the same object with "error" set and exits 1: the Go test shows
// the transcript either way. Every request sent is counted, with its
// requestId, so the test can match them one to one with usage events; and
// every raw Alexa id used (user, device, session, tokens) is listed, so the
// test can check that none of them was stored or logged.
'use strict';

const crypto = require('crypto');
const { VirtualAlexa } = require('virtual-alexa');

const [url, modelPath, code1, code2, code3, code4] = process.argv.slice(2);
if (!url || !modelPath || !code1 || !code2 || !code3 || !code4) {
  process.stderr.write('usage: conversations.js URL MODEL CODE1 CODE2 CODE3 CODE4\n');
  process.exit(2);
}

const out = {
  requests: 0,
  requestIds: [],
  userIds: [],
  deviceIds: [],
  sessionIds: [],
  tokens: [],
  conversations: {},
  order: [],
  error: '',
};
const seen = { sessions: new Set(), tokens: new Set() };

// plain turns our SSML into the words a tenant hears.
function plain(ssml) {
  if (!ssml) return '';
  return ssml
    .replace(/<[^>]*>/g, '')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function speechOf(os) {
  if (!os) return '';
  return os.type === 'SSML' ? plain(os.ssml) : (os.text || '').trim();
}

// tenant is one Echo device in one home: its own VirtualAlexa, user id and
// device id. Raw ids are random per run, so a hit in the privacy check
// cannot come from an earlier run.
function tenant(name) {
  const tag = crypto.randomUUID();
  const userId = `amzn1.ask.account.E2E-${name}-${tag}`;
  const deviceId = `amzn1.ask.device.E2E-${name}-${tag}`;
  const alexa = VirtualAlexa.Builder()
    .interactionModelFile(modelPath)
    .locale('en-GB')
    .applicationID('amzn1.ask.skill.e2e')
    .skillURL(url)
    .create();
  alexa.context().device().setID(deviceId);
  alexa.context().user().setID(userId);
  out.userIds.push(userId);
  out.deviceIds.push(deviceId);
  const t = { name, alexa, last: null };
  // The filter sees every request just before it is sent: count it and
  // keep its ids. Nothing in it is changed.
  alexa.filter((req) => {
    out.requests++;
    out.requestIds.push(req.request.requestId);
    const sys = req.context && req.context.System;
    if (req.session && req.session.sessionId && !seen.sessions.has(req.session.sessionId)) {
      seen.sessions.add(req.session.sessionId);
      out.sessionIds.push(req.session.sessionId);
    }
    for (const tok of [
      sys && sys.apiAccessToken,
      sys && sys.user && sys.user.permissions && sys.user.permissions.consentToken,
      req.session && req.session.user && req.session.user.permissions && req.session.user.permissions.consentToken,
    ]) {
      if (tok && !seen.tokens.has(tok)) {
        seen.tokens.add(tok);
        out.tokens.push(tok);
      }
    }
    t.last = {
      requestId: req.request.requestId,
      type: req.request.type,
      intent: req.request.intent ? req.request.intent.name : '',
    };
  });
  return t;
}

// say sends one thing and records the turn in conversation conv. what is an
// utterance, or an action: {launch: true}, {end: true}, {intend: name, slots}.
async function say(t, conv, what) {
  if (!out.conversations[conv]) {
    out.conversations[conv] = [];
    out.order.push(conv);
  }
  const turns = out.conversations[conv];
  let said;
  let send;
  if (typeof what === 'string') {
    said = what;
    send = () => t.alexa.utter(what);
  } else if (what.launch) {
    said = '(launch)';
    send = () => t.alexa.launch();
  } else if (what.end) {
    said = '(session ended by the tenant)';
    send = () => t.alexa.endSession();
  } else {
    said = `(intend ${what.intend}${what.slots ? ' ' + JSON.stringify(what.slots) : ''})`;
    send = () => t.alexa.intend(what.intend, what.slots);
  }
  const turn = { who: t.name, said, intent: '', requestId: '', heard: '', reprompt: '', ended: false, elicit: '', elicitSlots: {}, offer: null };
  turns.push(turn);
  t.last = null;
  let r;
  try {
    r = await send();
  } catch (e) {
    turn.error = String((e && e.message) || e);
    throw new Error(`${conv}: ${t.name} said ${JSON.stringify(said)}: ${turn.error}`);
  } finally {
    if (t.last) {
      turn.requestId = t.last.requestId;
      turn.intent = t.last.intent || t.last.type;
    }
  }
  const body = (r && r.response) || {};
  turn.heard = speechOf(body.outputSpeech);
  turn.reprompt = speechOf(body.reprompt && body.reprompt.outputSpeech);
  turn.ended = body.shouldEndSession === true;
  for (const d of body.directives || []) {
    if (d.type === 'Dialog.ElicitSlot' && d.updatedIntent) {
      turn.elicit = `${d.updatedIntent.name}.${d.slotToElicit}`;
      for (const [name, s] of Object.entries(d.updatedIntent.slots || {})) {
        if (s && s.value) turn.elicitSlots[name] = s.value;
      }
    }
  }
  const offer = r && r.sessionAttributes && r.sessionAttributes.offer;
  if (offer) turn.offer = { id: offer.ID || offer.id || '', start: offer.Start || offer.start || '' };
  return turn;
}

async function main() {
  // Tenant 1: a first visit, linking, a self-fix guide that does not fix
  // it, and the repair report it hands over to.
  const t1 = tenant('tenant1');
  const c = 'tenant1 guide and repair';
  await say(t1, c, { launch: true });
  await say(t1, c, `my code is ${code1}`);
  await say(t1, c, 'how do I bleed a radiator');
  await say(t1, c, 'next step');
  await say(t1, c, 'repeat the step');
  await say(t1, c, 'go back a step');
  let last;
  for (let i = 0; i < 15; i++) {
    last = await say(t1, c, 'next step');
    if (last.heard.includes('Did that fix it?')) break;
  }
  await say(t1, c, "no it didn't");
  await say(t1, c, 'in the living room');
  await say(t1, c, 'yes please');
  // The household's first finished task: the skill asks how easy it was.
  await say(t1, c, "I'd give it 4");
  await say(t1, c, 'no');

  // Tenant 1 again, in a new session, straight to a booking.
  const cb = 'tenant1 coach visit';
  await say(t1, cb, 'book a visit');
  await say(t1, cb, 'no');
  await say(t1, cb, 'yes');
  await say(t1, cb, 'when is my coach coming');
  // "Cancel it", straight after the visit was read back, asks about it.
  await say(t1, cb, 'cancel it');
  await say(t1, cb, 'no');
  await say(t1, cb, { end: true });

  // Tenant 2, on another device in another home.
  const t2 = tenant('tenant2');
  const c2 = 'tenant2 help, fallback, stop';
  await say(t2, c2, { launch: true });
  await say(t2, c2, `my code is ${code2}`);
  await say(t2, c2, 'help');
  // Answers the question did not expect: it is asked again each time.
  await say(t2, c2, 'report a repair');
  await say(t2, c2, 'what');
  await say(t2, c2, 'hang on');
  await say(t2, c2, 'sort of');
  await say(t2, c2, { intend: 'AMAZON.FallbackIntent' });
  await say(t2, c2, { intend: 'AMAZON.FallbackIntent' });
  await say(t2, c2, 'stop');

  // Someone on a device no home is linked to smells gas.
  const t5 = tenant('visitor');
  await say(t5, 'unlinked gas emergency', 'I can smell gas');

  // Tenants 3 and 4 link, are each offered the first free visit, and say
  // yes at the same moment.
  const t3 = tenant('tenant3');
  const t4 = tenant('tenant4');
  const cr = 'two tenants, one visit';
  await say(t3, cr, `my code is ${code3}`);
  await say(t4, cr, `my code is ${code4}`);
  await say(t3, cr, 'book a visit');
  await say(t4, cr, 'book a visit');
  // Both requests are on the wire before either answer is read.
  await Promise.all([say(t3, cr, 'yes'), say(t4, cr, 'yes')]);
}

function finish(code) {
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(code));
}

// A hung server must not hang the test: give up with what we have.
setTimeout(() => {
  out.error = 'timed out after 30s waiting for the skill';
  finish(1);
}, 30000).unref();

main().then(
  () => finish(0),
  (e) => {
    out.error = String((e && e.stack) || e);
    finish(1);
  },
);
