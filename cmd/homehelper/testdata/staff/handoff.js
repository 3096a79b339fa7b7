// handoff.js looks, in headless Chromium, at what a housing officer and a
// demo user see of hand-off health, as the Go test (handoff_test.go's
// TestHandOffAndDemoInChromium) runs serve first with nowhere to send
// repairs, then with a working destination:
//
//   node testdata/staff/handoff.js nowhere BASE_URL TOKEN
//     signs in, reads the red banner on every staff page, and prints the
//     dashboard as the A4 board report (saved as board.pdf).
//   node testdata/staff/handoff.js working BASE_URL TOKEN
//     practises on the try-it page as a demo household (a repair and a gas
//     emergency), then signs in and waits for the banner to go.
//
// It prints one JSON object on stdout (see `out`; lib.js).
'use strict';

const path = require('path');
const { artifacts, launch, watch, shot, run } = require('./lib');

const [mode, base, token] = process.argv.slice(2);
if (!['nowhere', 'working'].includes(mode) || !base || !token) {
  process.stderr.write('usage: handoff.js nowhere|working BASE_URL TOKEN\n');
  process.exit(2);
}

const out = {
  banners: [], // {page, visible, text} on each staff page
  print: { pages: 0, pdf: '', openTables: 0, closedTables: 0, assumptions: '', chartTitles: 0, charts: 0 },
  demo: { actingAs: '', said: [] }, // the try-it page: who it acts as, and [you, it] for each turn
  bannerGoneAfter: -1, // milliseconds until the dashboard showed no banner
  screenshots: [],
  problems: [], // console errors, page errors, failed requests
  error: '',
};

async function signIn(page) {
  await page.goto(base + '/staff/');
  await page.fill('#token', token);
  await Promise.all([page.waitForURL(base + '/staff/'), page.press('#token', 'Enter')]);
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
}

async function banner(page) {
  return page.evaluate(() => {
    const b = document.getElementById('handoff-alert');
    return { visible: !!b && b.checkVisibility(), text: b ? b.textContent.replace(/\s+/g, ' ').trim() : '' };
  });
}

async function nowhere(page) {
  await signIn(page);
  for (const p of ['/staff/', '/staff/repairs', '/staff/households', '/staff/coaches', '/staff/trial',
    '/staff/settings', '/staff/journeys', '/staff/compare', '/staff/definitions']) {
    await page.goto(base + p);
    out.banners.push(Object.assign({ page: p }, await banner(page)));
  }

  // The board report: the dashboard as printed on A4.
  await page.goto(base + '/staff/');
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
  await page.emulateMedia({ media: 'print' });
  // What the printout holds, read with print styles on and the page's own
  // beforeprint handler run, as the browser's print does.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  Object.assign(out.print, await page.evaluate(() => {
    const tables = Array.from(document.querySelectorAll('details'));
    const charts = Array.from(document.querySelectorAll('figure.chart')).filter((f) => f.checkVisibility());
    const said = Array.from(document.querySelectorAll('.assumptions, .assume')).filter((e) => e.checkVisibility());
    return {
      openTables: tables.filter((d) => d.open && d.querySelector('table') && d.querySelector('table').checkVisibility()).length,
      closedTables: tables.filter((d) => !d.open).length,
      assumptions: said.map((e) => e.textContent.replace(/\s+/g, ' ').trim()).join(' | '),
      charts: charts.length,
      chartTitles: charts.filter((f) => { const c = f.querySelector('figcaption'); return c && c.checkVisibility(); }).length,
    };
  }));
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await shot(page, 'board-print.png', out);
  out.print.pdf = path.join(artifacts, 'board.pdf');
  const pdf = await page.pdf({ path: out.print.pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
  out.print.pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
}

async function working(page) {
  // A stranger at the try-it page practises as a demo household.
  await page.goto(base + '/');
  await page.click('#demo');
  // Made when the page says so, and the welcome has been heard.
  await page.waitForFunction(() => document.getElementById('acting').textContent.includes('demo household') &&
    document.querySelectorAll('#log li.skill').length >= 1);
  out.demo.actingAs = (await page.textContent('#acting')).trim();
  for (const words of ['report a leak in the kitchen', 'yes', 'I can smell gas']) {
    const before = await page.$$eval('#log li.skill', (els) => els.length);
    await page.fill('#text', words);
    await page.press('#text', 'Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#log li.skill').length > n, before);
    const said = await page.$$eval('#log li.skill', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
    out.demo.said.push([words, said[said.length - 1]]);
  }
  await shot(page, 'tryit-demo.png', out);

  // The waiting pilot repair goes; the banner with it.
  await signIn(page);
  const start = Date.now();
  for (;;) {
    const b = await banner(page);
    if (!b.visible) { out.bannerGoneAfter = Date.now() - start; break; }
    if (Date.now() - start > 10000) break;
    await page.waitForTimeout(200);
    await page.reload();
  }
  for (const p of ['/staff/', '/staff/repairs']) {
    await page.goto(base + p);
    out.banners.push(Object.assign({ page: p }, await banner(page)));
  }
  await shot(page, 'staff-repairs-after-handoff.png', out);
}

async function main() {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page, out);
    await (mode === 'nowhere' ? nowhere(page) : working(page));
  } finally {
    await browser.close();
  }
}

run(out, main);
