// dashboard.js drives the staff site of a running `homehelper serve` in
// headless Chromium, as a housing officer would: sign in with the token,
// read the dashboard, reach a chart's numbers with the keyboard, change a
// repair's status, enrol a household, download the usage events. The Go
// test (staffsite_test.go) runs it and checks what it saw against the API:
//
//   node testdata/staff/dashboard.js BASE_URL TOKEN HOUSEHOLD_REF
//
// It prints one JSON object on stdout (see `out`; lib.js).
'use strict';

const path = require('path');
const { artifacts, launch, watch, shot: shotInto, run } = require('./lib');

const [base, token, householdRef] = process.argv.slice(2);
if (!base || !token || !householdRef) {
  process.stderr.write('usage: dashboard.js BASE_URL TOKEN HOUSEHOLD_REF\n');
  process.exit(2);
}

const out = {
  signInPage: '', // where /staff/ sent a browser with no session
  afterSignIn: '', // where signing in led
  headline: [], // [measure, format, text, visible] of the "At a glance" cards
  figures: 0, // how many figures on the dashboard name their measure
  charts: 0, // canvases Chart.js drew on
  keyboard: { tabs: 0, reached: '', opened: false, tableVisible: false, focusBackground: '' },
  repair: { ref: '', message: '' },
  enrolled: { ref: 'HH-BROWSER-1', code: '' },
  chosen: { from: '', to: '' }, // the days chosen on the dashboard before downloading
  householdPage: '', // the path of the first household's page
  story: '', // its story, as text
  storyItems: [], // its story's lines, in the order shown
  changed: { facts: '', note: '', oldCode: '', newCode: '' }, // after marking it vulnerable and making a new link code
  journeys: [], // [measure, format, text, visible] of every figure on the journeys page
  widths: [], // {page, width, scrollWidth, clientWidth, wide, banner} for every page at each width
  csv: '', // the downloaded events.csv, saved here
  figuresCSV: '', // the downloaded summary.csv, saved here
  screenshots: [],
  requests: [], // every URL the browser asked for
  problems: [], // console errors, page errors, failed requests
  error: '',
};

async function main() {
  const browser = await launch();
  try {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB', timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page, out);
    page.on('request', (r) => out.requests.push(r.url()));

    // Not signed in: the dashboard sends the browser to the sign-in page.
    await page.goto(base + '/staff/');
    out.signInPage = new URL(page.url()).pathname;
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(base + '/staff/'), page.press('#token', 'Enter')]);
    out.afterSignIn = new URL(page.url()).pathname;

    // The dashboard: charts drawn, headline numbers read as shown.
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    out.charts = await page.$$eval('canvas', (cs) => cs.filter((c) => c.width > 0 && c.height > 0).length);
    out.headline = await page.$$eval('.cards [data-measure]', (els) =>
      els.map((e) => [e.dataset.measure, e.dataset.format, e.textContent.trim(), e.checkVisibility()]));
    out.figures = await page.$$eval('[data-measure]', (els) => els.length);
    await shot(page, 'staff-dashboard.png');

    // Keyboard only: Tab from the top to the first "Show the numbers", open it.
    await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    for (let i = 1; i <= 100; i++) {
      await page.keyboard.press('Tab');
      const here = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a.tagName === 'SUMMARY' ? a.textContent.trim() : '';
      });
      if (here === 'Show the numbers') {
        out.keyboard.tabs = i;
        out.keyboard.reached = here;
        out.keyboard.focusBackground = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
        break;
      }
    }
    if (out.keyboard.reached) {
      await page.keyboard.press('Enter');
      out.keyboard.opened = await page.evaluate(() => document.activeElement.parentElement.open === true);
      out.keyboard.tableVisible = await page.evaluate(() =>
        document.activeElement.parentElement.querySelector('table').checkVisibility());
    }

    // Choose days (the last three, today included, UK time), then download
    // the usage events and the figures, as Excel would get them: both must
    // cover exactly the days chosen.
    const ukDay = (daysBack) => new Date(Date.now() - daysBack * 86400000)
      .toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    out.chosen = { from: ukDay(2), to: ukDay(0) };
    await page.fill('#from', out.chosen.from);
    await page.fill('#to', out.chosen.to);
    await Promise.all([page.waitForURL(/\/staff\/\?from=/), page.click('text=Show these days')]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-events')]);
    out.csv = path.join(artifacts, 'staff-events.csv');
    await download.saveAs(out.csv);
    const [figures] = await Promise.all([page.waitForEvent('download'), page.click('#download-figures')]);
    out.figuresCSV = path.join(artifacts, 'staff-figures.csv');
    await figures.saveAs(out.figuresCSV);

    // Repairs: set the first repair's status to "visit booked", tomorrow
    // morning: the page says what the tenant will hear.
    await page.click('nav >> text=Repairs');
    await page.waitForURL(base + '/staff/repairs');
    const form = page.locator('form.status-form').first();
    out.repair.ref = await form.getAttribute('data-ref');
    await form.locator('select[name=status]').selectOption('booked');
    await form.locator('input[name=visit_day]').fill(new Date(Date.now() + 86400000).toISOString().slice(0, 10));
    await form.locator('select[name=visit_part]').selectOption('morning');
    await form.locator('button').click();
    await page.waitForSelector('#status-message:not([hidden])');
    out.repair.message = (await page.textContent('#status-message')).trim();
    await shot(page, 'staff-repairs.png');

    // Households: enrol one and read its link code.
    await page.click('nav >> text=Households');
    await page.fill('#ref', out.enrolled.ref);
    await page.check('#vulnerable');
    await Promise.all([page.waitForURL(/\/staff\/households\?enrolled=/), page.click('text=Enrol and make a link code')]);
    out.enrolled.code = await page.getAttribute('[data-link-code]', 'data-link-code');
    await shot(page, 'staff-households.png');

    // The household page of the first household, reached from the list.
    await page.click('#households >> text=' + householdRef);
    await page.waitForURL(/\/staff\/households\/hh_/);
    out.householdPage = new URL(page.url()).pathname;
    out.story = (await page.textContent('#story')).replace(/\s+/g, ' ').trim();
    out.storyItems = await page.$$eval('#story li', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));

    // Change it from its page: vulnerable, then a new link code.
    await page.check('#details-form #vulnerable');
    await Promise.all([page.waitForNavigation(), page.click('#details-form button')]);
    out.changed.facts = (await page.textContent('#household-facts')).replace(/\s+/g, ' ').trim();
    out.changed.note = ((await page.textContent('#changed-by').catch(() => '')) || '').trim();
    out.changed.oldCode = (await page.getAttribute('#link [data-link-code]', 'data-link-code').catch(() => '')) || '';
    await Promise.all([page.waitForNavigation(), page.click('#link button')]);
    out.changed.newCode = (await page.getAttribute('#link [data-link-code]', 'data-link-code')) || '';
    await shot(page, 'staff-household-changed.png');

    // Journeys: every figure as shown.
    await page.goto(base + '/staff/journeys');
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    out.journeys = await page.$$eval('[data-measure]', (els) =>
      els.map((e) => [e.dataset.measure, e.dataset.format, e.textContent.trim(), e.checkVisibility()]));

    // Every page at a desktop and a phone width: nothing scrolls sideways
    // (WCAG 1.4.10 reflow), the hand-off banner where repairs go nowhere,
    // and a screenshot of each to look at.
    const pages = [['tryit', '/'], ['dashboard', '/staff/'], ['repairs', '/staff/repairs'],
      ['households', '/staff/households'], ['household', out.householdPage], ['coaches', '/staff/coaches'],
      ['trial', '/staff/trial'], ['settings', '/staff/settings'], ['definitions', '/staff/definitions'],
      ['journeys', '/staff/journeys'], ['compare', '/staff/compare']];
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, p] of pages) {
        await page.goto(base + p);
        if (name === 'dashboard' || name === 'journeys') await page.waitForFunction(() => document.documentElement.classList.contains('js'));
        const m = await page.evaluate(() => {
          const vw = document.documentElement.clientWidth;
          // What sticks out, outside any box that scrolls on its own.
          const inScroller = (el) => {
            for (let e = el.parentElement; e; e = e.parentElement) {
              const o = getComputedStyle(e).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
            }
            return false;
          };
          const wide = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 && !inScroller(el)) {
              wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right));
            }
          }
          const banner = document.getElementById('handoff-alert');
          return { scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, wide: wide.slice(0, 8),
            banner: !!banner && banner.checkVisibility() };
        });
        out.widths.push(Object.assign({ page: name, width }, m));
        await shot(page, 'page-' + name + '-' + width + '.png');
        await page.screenshot({ path: path.join(artifacts, 'top-' + name + '-' + width + '.png') });
      }
    }
  } finally {
    await browser.close();
  }
}

function shot(page, name) { return shotInto(page, name, out); }

run(out, main);
