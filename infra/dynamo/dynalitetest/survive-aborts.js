// Preloaded into dynalite (node -r) by dynalitetest. dynalite throws from
// a request's 'error' event, so a client that gives up on a request part
// way (a test cancelling its context, as the erasure and fault tests do)
// kills the whole server, and every later test on it fails with
// "connection refused". A request the client aborted is nobody's error:
// it is dropped; anything else still ends the process.
'use strict';
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) return;
  console.error(err);
  process.exit(1);
});
