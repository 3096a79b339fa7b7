// lib.js is what the staff site's browser scripts share: Chromium started
// as these machines allow, a page that notes every problem, screenshots,
// and the one JSON object each script prints (runStaffScript in the Go
// tests reads it). Chromium's path and the folder for screenshots come
// from CHROMIUM and ARTIFACTS_DIR.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const artifacts = process.env.ARTIFACTS_DIR;
const executablePath = process.env.CHROMIUM;

async function launch() {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

// watch notes on out.problems every console error, page error, failed
// request and error answer.
function watch(page, out) {
  page.setDefaultTimeout(15000);
  page.on('requestfailed', (r) => out.problems.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  page.on('response', (r) => { if (r.status() >= 400) out.problems.push('HTTP ' + r.status() + ': ' + r.url()); });
  page.on('pageerror', (e) => out.problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.problems.push('console ' + m.type() + ': ' + m.text());
  });
}

async function shot(page, name, out) {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  out.screenshots.push(file);
}

// run runs main, then prints out (with "error" set if main threw) and
// exits 0, or 1 on an error.
function run(out, main) {
  if (!artifacts || !executablePath) {
    process.stderr.write('ARTIFACTS_DIR and CHROMIUM must be set\n');
    process.exit(2);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  main()
    .catch((e) => { out.error = String(e && e.stack ? e.stack : e); })
    .finally(() => {
      process.stdout.write(JSON.stringify(out) + '\n');
      process.exit(out.error ? 1 : 0);
    });
}

module.exports = { artifacts, launch, watch, shot, run };
