// Drives the playground, the dashboard and the API reference in headless
// Chromium against a running pandac, as a store manager would use them.
//
//   BASE_URL=http://127.0.0.1:8000 ADMIN_USERNAME=admin ADMIN_PASSWORD=... node browser.test.mjs
//
// run.sh builds and starts a server with a fresh database and calls this.
// Checks: every request a page makes goes to the server itself; the default
// playground query runs; the dashboard signs in, shows the same figures as a
// direct dailySalesSummary query, and shows a sale made through the API in its
// live feed within 2 s. Screenshots go to artifacts/screenshots/. The last line
// printed is "N passed, M failed"; the exit status is 1 if anything failed.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const USERNAME = process.env.ADMIN_USERNAME || 'admin';
const PASSWORD = process.env.ADMIN_PASSWORD || 'admin-pass-123';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, '..', '..', 'artifacts', 'screenshots'));
const LIVE_FEED_DEADLINE_MS = 2000;

if (!BASE_URL) {
  console.error('BASE_URL is not set (e.g. http://127.0.0.1:8000)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const origin = new URL(BASE_URL).origin;
const host = new URL(BASE_URL).host;

// ---- a tiny test runner ------------------------------------------------------

let passed = 0;
let failed = 0;
const failures = [];

async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    failures.push(name);
    console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String((err && err.stack) || err).split('\n').join('\n     ')}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ---- direct API access -----------------------------------------------------------

async function api(query, token, variables) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`POST /graphql: ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (body.errors && body.errors.length) {
    const e = new Error(`GraphQL error: ${body.errors.map((x) => `${x.message} [${x.extensions && x.extensions.code}]`).join('; ')}`);
    e.errors = body.errors;
    throw e;
  }
  return body.data;
}

async function login() {
  const data = await api(
    `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken refreshToken } }`,
    '',
    { u: USERNAME, p: PASSWORD },
  );
  return data.login.accessToken;
}

const SUMMARY = `{ dailySalesSummary { date timezone saleCount grossSales discountTotal taxTotal netSales averageBasket } }`;

// Completes a one-item sale through the GraphQL API. The exact shape of a
// payment (enum or string method, exact or tendered amount) is the server's
// business; the forms are tried in turn and every refusal is reported.
async function checkout(token) {
  const data = await api(`{ products(first: 50) { edges { node { id name price inventory { quantity } } } } }`, token);
  const product = data.products.edges.map((e) => e.node).find((p) => p.inventory && p.inventory.quantity > 0);
  assert(product, 'no product with stock to sell; did the seed run?');
  const tendered = (Math.ceil(parseFloat(product.price) * 1.5) + 1).toFixed(2);
  const key = `browser-test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const item = `items: [{productId: ${JSON.stringify(product.id)}, quantity: 1}]`;
  const attempts = [
    `payments: [{method: CASH, amount: ${JSON.stringify(tendered)}}]`,
    `payments: [{method: "CASH", amount: ${JSON.stringify(tendered)}}]`,
    `payments: [{method: CASH, amount: ${JSON.stringify(product.price)}}]`,
    '',
  ];
  const errors = [];
  for (const [i, payments] of attempts.entries()) {
    const q = `mutation { checkout(input: {idempotencyKey: "${key}-${i}", ${item}${payments ? `, ${payments}` : ''}}) { id total } }`;
    try {
      const started = Date.now();
      const res = await api(q, token);
      return { sale: res.checkout, product, started, finished: Date.now() };
    } catch (err) {
      errors.push(err.message);
    }
  }
  throw new Error(`checkout failed in every form tried:\n  ${errors.join('\n  ')}`);
}

// ---- browser helpers -------------------------------------------------------------

// Watches one page: every request and WebSocket, bytes received, errors.
async function watch(page) {
  const w = { requests: [], sockets: [], errors: [], csp: [], bytes: 0, apiBytes: 0, count: 0 };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('websocket', (ws) => w.sockets.push(ws.url()));
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Content Security Policy|Refused to/i.test(m.text())) w.csp.push(m.text());
    else w.errors.push(`console: ${m.text()}`);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId) || '';
    if (/\/graphql(\?|$)/.test(u)) w.apiBytes += e.encodedDataLength;
    else {
      w.bytes += e.encodedDataLength;
      w.count++;
    }
  });
  return w;
}

function foreign(w) {
  const bad = [];
  for (const u of w.requests) {
    if (u.startsWith('data:') || u.startsWith('blob:')) continue;
    if (new URL(u).origin !== origin) bad.push(u);
  }
  for (const u of w.sockets) {
    if (new URL(u).host !== host) bad.push(u);
  }
  return bad;
}

function weight(label, w) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`     page weight ${label}: ${kib(w.bytes)} transferred in ${w.count} requests (+ ${kib(w.apiBytes)} API)`);
  for (const e of w.errors) console.log(`     note ${label}: ${e.slice(0, 300)}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Runs fn with a fresh, watched page. Whatever happens, it reports the page
// weight, fails on requests to other hosts or policy violations, and keeps a
// screenshot of a failure.
async function withPage(label, fn) {
  const page = await context.newPage();
  const w = await watch(page);
  let failure = null;
  try {
    await fn(page, w);
  } catch (err) {
    failure = err;
    await page.screenshot({ path: join(SHOTS, `${label.replace(/\W+/g, '')}-failed.png`), fullPage: true }).catch(() => {});
  }
  weight(`/${label.replace(/\W+/g, '')}`, w);
  const problems = [];
  const bad = foreign(w);
  if (bad.length) problems.push(`requests to other hosts: ${bad.slice(0, 10).join(', ')}`);
  if (w.csp.length) problems.push(`content security policy violations: ${w.csp.slice(0, 5).join(' | ')}`);
  const crashes = w.errors.filter((e) => e.startsWith('pageerror'));
  if (crashes.length) problems.push(`script errors: ${crashes.slice(0, 5).join(' | ')}`);
  await page.close().catch(() => {});
  if (failure && problems.length) failure.message += `\n${problems.join('\n')}`;
  if (failure) throw failure;
  if (problems.length) throw new Error(problems.join('\n'));
}

const numberIn = (text) => {
  const n = parseFloat(String(text).replace(/[^0-9.-]/g, ''));
  return Number.isFinite(n) ? n : NaN;
};

// ---- the run -------------------------------------------------------------------

mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'pandac-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
} catch (err) {
  console.log(`FAIL launch Chromium at ${CHROMIUM}\n     ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

context.setDefaultTimeout(15000);

let token = '';
await test('API: admin can log in', async () => {
  token = await login();
  assert(token, 'login returned no accessToken');
});

await test('playground: loads from this server only, runs a query and a subscription', () =>
  withPage('playground', async (page, w) => {
    // The playground uses a token left in the tab's session (as the dashboard does).
    await page.addInitScript((t) => t && sessionStorage.setItem('pandac.accessToken', t), token);
    await page.goto(`${BASE_URL}/playground`, { waitUntil: 'load' });
    await page.locator('.graphiql-container').waitFor({ timeout: 15000 });
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 20000 });
    const responded = page.waitForResponse(
      (r) => r.url().startsWith(`${origin}/graphql`) && r.request().method() === 'POST' && /products/.test(r.request().postData() || ''),
      { timeout: 15000 },
    );
    await page.locator('.graphiql-execute-button').click();
    const res = await responded;
    const body = await res.text();
    assert(body.includes('"edges"'), `the products query answered without edges: ${body.slice(0, 300)}`);
    await page.waitForFunction(() => (document.querySelector('.result-window') || {}).textContent?.includes('edges'), null, {
      timeout: 10000,
    });
    await page.waitForLoadState('networkidle').catch(() => {});
    await shot(page, 'playground');

    // The documentation explorer reads the schema from this server.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: false }).first().waitFor({ timeout: 10000 });
    await shot(page, 'playground-docs');

    // The third tab subscribes to saleCompleted over graphql-ws on this host.
    await page.locator('.graphiql-tab', { hasText: 'SaleCompleted' }).first().click();
    await page.waitForFunction(() => /subscription\s+SaleCompleted/.test(document.querySelector('.graphiql-query-editor')?.textContent || ''), null, {
      timeout: 5000,
    });
    // GraphiQL settles the operation name of a newly shown tab after a short
    // debounce; a click before that runs the previous tab's operation name.
    await page.waitForTimeout(700);
    const socket = page.waitForEvent('websocket', { timeout: 10000 });
    await page.locator('.graphiql-execute-button').click();
    await socket;
    await page.waitForTimeout(700); // connection_init, ack and subscribe
    const { sale } = await checkout(token);
    // The result editor wraps long lines, so compare without white space.
    await page.waitForFunction((id) => ((document.querySelector('.result-window') || {}).textContent || '').replace(/\s/g, '').includes(id), sale.id, {
      timeout: 5000,
    });
    await shot(page, 'playground-subscription');
    assert(w.sockets.some((u) => new URL(u).pathname === '/graphql'), `no WebSocket to /graphql was opened: ${w.sockets.join(', ')}`);

    // The Analytics tab runs a salesAnalytics pivot with its variables.
    await page.locator('.graphiql-tab', { hasText: 'Analytics' }).first().click();
    await page.waitForFunction(() => /query\s+Analytics/.test(document.querySelector('.graphiql-query-editor')?.textContent || ''), null, {
      timeout: 5000,
    });
    await page.waitForTimeout(700);
    const analyticsAnswer = page.waitForResponse(
      (r) => r.url().startsWith(`${origin}/graphql`) && r.request().method() === 'POST' && /salesAnalytics/.test(r.request().postData() || ''),
      { timeout: 15000 },
    );
    await page.locator('.graphiql-execute-button').click();
    const analyticsBody = JSON.parse(await (await analyticsAnswer).text());
    assert(!analyticsBody.errors, `the Analytics tab's query failed: ${JSON.stringify(analyticsBody.errors)}`);
    const sa = analyticsBody.data.salesAnalytics;
    assert(sa.pivot && sa.pivot.rows.length > 0 && sa.rows.length > 0, `the Analytics tab answered no pivot rows: ${JSON.stringify(sa).slice(0, 300)}`);
    await page.waitForFunction(() => ((document.querySelector('.result-window') || {}).textContent || '').includes('salesAnalytics'), null, {
      timeout: 10000,
    });
    console.log(`     Analytics tab: ${sa.rows.length} rows, pivot ${sa.pivot.rows.length} x ${sa.pivot.columns.length}, ${sa.emptyCells} empty cells`);
    await shot(page, 'playground-analytics');
  }));

await test('dashboard: sign-in, figures, live feed', () =>
  withPage('dashboard', async (page, w) => {
    await page.goto(`${BASE_URL}/dashboard`, { waitUntil: 'load' });

    // Wrong password: a clear error, still on the sign-in form.
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill(`${PASSWORD}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#login-error');
    await alert.waitFor({ state: 'visible', timeout: 5000 });
    const msg = await alert.textContent();
    assert(/invalid username or password/i.test(msg) || /too many/i.test(msg), `unexpected sign-in error text: ${msg}`);
    await shot(page, 'dashboard-login-error');

    // Right password, typed and submitted with the keyboard.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.locator('#board').waitFor({ state: 'visible', timeout: 10000 });
    await page.waitForFunction(() => document.getElementById('f-count').textContent.trim() !== '–', null, { timeout: 10000 });

    // Figures match a direct query.
    const summary = (await api(SUMMARY, token)).dailySalesSummary;
    const shown = await page.evaluate(() =>
      Object.fromEntries(['f-net', 'f-count', 'f-avg', 'f-gross', 'f-disc', 'f-tax'].map((id) => [id, document.getElementById(id).textContent])),
    );
    const expect = {
      'f-net': summary.netSales,
      'f-count': summary.saleCount,
      'f-avg': summary.averageBasket,
      'f-gross': summary.grossSales,
      'f-disc': summary.discountTotal,
      'f-tax': summary.taxTotal,
    };
    for (const [id, want] of Object.entries(expect)) {
      assert(numberIn(shown[id]) === numberIn(want), `#${id} shows ${shown[id]}, dailySalesSummary says ${want}`);
    }
    const title = await page.locator('#today-meta').textContent();
    assert(title.includes(summary.timezone), `the page does not name the store time zone ${summary.timezone}: ${title}`);

    // A sale made through the API shows up in the live feed within 2 s.
    await page.locator('#feed-status[data-state="live"]').waitFor({ timeout: 10000 });
    await page.waitForTimeout(300); // let the subscription reach the server after the handshake
    const before = numberIn(shown['f-count']);
    const { sale, started, finished } = await checkout(token);
    const row = page.locator(`#feed li[data-sale-id="${sale.id}"]`);
    await row.waitFor({ timeout: LIVE_FEED_DEADLINE_MS + 3000 });
    const seenAfter = Date.now() - finished;
    console.log(`     sale ${sale.id} (${sale.total}) in the live feed ${seenAfter} ms after checkout returned (${finished - started} ms checkout)`);
    assert(seenAfter <= LIVE_FEED_DEADLINE_MS, `the sale took ${seenAfter} ms to appear, more than ${LIVE_FEED_DEADLINE_MS} ms`);
    const rowText = await row.textContent();
    assert(numberIn(rowText.split(/\s/).pop()) === numberIn(sale.total) || rowText.includes(sale.total), `feed row "${rowText}" lacks total ${sale.total}`);
    assert((await page.locator('#feed').getAttribute('aria-live')) === 'polite', 'the feed is not an aria-live region');

    // The figures follow the sale.
    await page.waitForFunction((n) => parseFloat(document.getElementById('f-count').textContent.replace(/[^0-9.]/g, '')) === n, before + 1, {
      timeout: 5000,
    });
    await shot(page, 'dashboard');

    // Tablet width: no sideways scrolling, everything still reachable.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `the page scrolls sideways by ${overflow}px at 768px`);
    await shot(page, 'dashboard-768');

    assert(w.bytes < 60 * 1024, `the dashboard transferred ${w.bytes} bytes of assets, over the 60 KiB budget`);
  }));

// ---- sales analytics on the dashboard ----------------------------------------------

const VALUE = 'measure amount count percent';
const TOTALS = `query($in: SalesAnalyticsInput!) { salesAnalytics(input: $in) { totals { ${VALUE} } } }`;
const BY_CATEGORY = `query($in: SalesAnalyticsInput!) { salesAnalytics(input: $in) { rows { keys { label } values { ${VALUE} } } } }`;
const HEATMAP = `query($in: SalesAnalyticsInput!) { salesAnalytics(input: $in) { rows { keys { number } } pivot { rows { label } columns { number } } emptyCells } }`;

// The store's calendar date and wall-clock time of an instant.
function wall(iso, timeZone) {
  const parts = {};
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  for (const p of fmt.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return { ymd: `${parts.year}-${parts.month}-${parts.day}`, hms: `${parts.hour % 24}:${parts.minute}:${parts.second}`.padStart(8, '0') };
}
const plusDays = (ymd, n) => new Date(Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10) + n)).toISOString().slice(0, 10);

const valueOf = (values, m) => (values || []).find((v) => v.measure === m) || {};
const num = (v) => (v.amount != null ? parseFloat(v.amount) : v.count != null ? Number(v.count) : v.percent != null ? Number(v.percent) : null);

// Picks a range and waits until every widget shows it.
async function pickRange(page, kind) {
  const seen = await page.locator('#analytics').getAttribute('data-from');
  await page.locator(`#analytics [data-range="${kind}"]`).click();
  await page.waitForFunction(
    ([k, before]) => {
      const a = document.getElementById('analytics');
      return a.dataset.range === k && a.dataset.state === 'ready' && (k === 'custom' || a.dataset.from !== before || k === '7d');
    },
    [kind, seen],
    { timeout: 10000 },
  );
  return page.evaluate(() => ({ ...document.getElementById('analytics').dataset }));
}

const KPI_IDS = { NET: 'k-net', SALE_COUNT: 'k-count', AVERAGE_BASKET: 'k-avg', UNITS: 'k-units', GROSS_PROFIT: 'k-profit', MARGIN: 'k-margin' };

// Compares every headline figure and its comparison with salesAnalytics over
// the same two periods; returns the figures shown.
async function checkKpis(page, range, timezone) {
  const base = { timezone, withTotals: true };
  const measures = Object.keys(KPI_IDS);
  const cur = (await api(TOTALS, token, { in: { ...base, from: range.from, to: range.to, measures } })).salesAnalytics.totals;
  const prev = (await api(TOTALS, token, { in: { ...base, from: range.prevFrom, to: range.prevTo, measures } })).salesAnalytics.totals;
  const shown = await page.evaluate((ids) =>
    Object.fromEntries(
      Object.entries(ids).map(([m, id]) => {
        const cmp = document.getElementById(`${id}-cmp`);
        return [m, {
          value: document.getElementById(id).textContent,
          arrow: cmp.querySelector('.arrow')?.textContent || '',
          change: cmp.querySelector('.chg')?.textContent || '',
          previous: cmp.querySelector('.prev')?.textContent || '',
          hidden: document.getElementById(id).parentElement.hidden,
        }];
      }),
    ), KPI_IDS);
  for (const m of measures) {
    const s = shown[m];
    const c = num(valueOf(cur, m));
    const p = num(valueOf(prev, m));
    assert(!s.hidden, `the ${m} card is hidden for an admin`);
    assert(Math.abs(numberIn(s.value) - c) < 0.051, `${m} shows ${s.value}, salesAnalytics says ${c}`);
    assert(Math.abs(numberIn(s.previous) - p) < 0.051, `${m}'s previous period shows "${s.previous}", salesAnalytics says ${p}`);
    let pct;
    if (m === 'MARGIN') pct = Math.round((c - p) * 10) / 10;
    else if (p) pct = Math.round(((c - p) / Math.abs(p)) * 1000) / 10;
    else pct = null;
    if (pct == null) {
      assert(s.arrow === (c > 0 ? '▲' : '='), `${m}: arrow ${s.arrow} with no previous sales`);
      continue;
    }
    const arrow = pct > 0 ? '▲' : pct < 0 ? '▼' : '=';
    assert(s.arrow === arrow, `${m}: arrow ${s.arrow}, expected ${arrow} (${c} against ${p})`);
    assert(Math.abs(numberIn(s.change.replace('−', '-')) - Math.abs(pct)) < 0.051 || Math.abs(numberIn(s.change.replace('−', '')) - Math.abs(pct)) < 0.051,
      `${m}: change shown ${s.change}, expected ${pct} (${c} against ${p})`);
  }
  return shown;
}

// The category table, row by row, against CATEGORY x NET (and UNITS) by NET desc.
async function checkCategories(page, range, timezone) {
  const rows = (await api(BY_CATEGORY, token, {
    in: { timezone, from: range.from, to: range.to, groupBy: ['CATEGORY'], measures: ['NET', 'UNITS'], orderBy: [{ measure: 'NET', direction: 'DESC' }] },
  })).salesAnalytics.rows;
  const shown = await page.$$eval('#cat-table tbody tr[data-category]', (trs) =>
    trs.map((tr) => ({ name: tr.dataset.category, net: tr.querySelector('.net').textContent, units: tr.querySelector('.units').textContent })),
  );
  assert(rows.length > 0, `no category sales between ${range.from} and ${range.to}; the seed should have some`);
  assert(shown.length === rows.length, `the page lists ${shown.length} categories, salesAnalytics ${rows.length}`);
  rows.forEach((r, i) => {
    const want = { name: r.keys[0].label, net: parseFloat(valueOf(r.values, 'NET').amount), units: valueOf(r.values, 'UNITS').count };
    const got = shown[i];
    assert(got.name === want.name && numberIn(got.net) === want.net && numberIn(got.units) === want.units,
      `category row ${i + 1}: page ${JSON.stringify(got)}, salesAnalytics ${JSON.stringify(want)}`);
  });
  return rows.length;
}

await test('dashboard analytics: range picker, comparison with the previous period, categories, heat map', () =>
  withPage('dashboard-analytics', async (page) => {
    await page.goto(`${BASE_URL}/dashboard`, { waitUntil: 'load' });
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.locator('#analytics[data-state="ready"]').waitFor({ timeout: 15000 });
    const { timezone } = (await api(SUMMARY, token)).dailySalesSummary;
    const today = wall(new Date().toISOString(), timezone).ymd;

    // Default: the last 7 days, store midnight six days ago until now, against the 7 days before.
    const r7 = await page.evaluate(() => ({ ...document.getElementById('analytics').dataset }));
    assert(r7.range === '7d', `the default range is ${r7.range}`);
    assert((await page.locator('#analytics button[data-range="7d"]').getAttribute('aria-pressed')) === 'true', 'Last 7 days is not aria-pressed');
    const f7 = wall(r7.from, timezone);
    const p7 = wall(r7.prevFrom, timezone);
    assert(f7.ymd === plusDays(today, -6) && f7.hms === '00:00:00', `7 days start at ${r7.from} (${f7.ymd} ${f7.hms} ${timezone}), expected ${plusDays(today, -6)} 00:00`);
    assert(p7.ymd === plusDays(today, -13) && p7.hms === '00:00:00',
      `the previous period starts at ${r7.prevFrom}, expected ${plusDays(today, -13)} 00:00 ${timezone}`);
    assert(Date.parse(r7.to) - Date.parse(r7.from) === Date.parse(r7.prevTo) - Date.parse(r7.prevFrom) || wall(r7.prevTo, timezone).hms === wall(r7.to, timezone).hms,
      `the previous period ${r7.prevFrom}..${r7.prevTo} is not as long as ${r7.from}..${r7.to}`);
    const k7 = await checkKpis(page, r7, timezone);
    const cats7 = await checkCategories(page, r7, timezone);
    assert(numberIn(k7.SALE_COUNT.value) > 0, 'no sales in the last 7 days; the seed should have some');
    console.log(`     7 days: ${k7.NET.value} net (${k7.NET.arrow} ${k7.NET.change}, ${k7.NET.previous}), ${k7.SALE_COUNT.value} sales, ${cats7} categories`);

    // Heat map: the pivot's axes and empty cells.
    const heat = (await api(HEATMAP, token, {
      in: { timezone, from: r7.from, to: r7.to, groupBy: ['WEEKDAY', 'HOUR_OF_DAY'], measures: ['SALE_COUNT', 'NET'] },
    })).salesAnalytics;
    const grid = await page.evaluate(() => {
      const t = document.getElementById('heat-table');
      return {
        rows: [...t.tBodies[0].rows].map((r) => r.cells[0].textContent),
        cols: t.tHead.rows[0].cells.length - 1,
        filled: t.querySelectorAll('tbody td:not(.h0)').length,
        empty: t.querySelectorAll('tbody td.h0').length,
      };
    });
    assert(JSON.stringify(grid.rows) === JSON.stringify(heat.pivot.rows.map((r) => r.label)), `heat map rows ${grid.rows}, pivot rows ${heat.pivot.rows.map((r) => r.label)}`);
    assert(grid.cols === heat.pivot.columns.length, `heat map has ${grid.cols} hour columns, the pivot ${heat.pivot.columns.length}`);
    assert(grid.filled === heat.rows.length && grid.empty === heat.emptyCells, `heat map cells ${grid.filled} filled/${grid.empty} empty, salesAnalytics ${heat.rows.length}/${heat.emptyCells}`);
    assert((await page.locator('#heat-table caption').textContent()).length > 0, 'the heat map table has no caption');
    await shot(page, 'dashboard-analytics-7d');
    await page.locator('#heat-title').locator('xpath=..').screenshot({ path: join(SHOTS, 'dashboard-heatmap.png') });

    // 30 days: other figures, still equal to salesAnalytics.
    const r30 = await pickRange(page, '30d');
    assert((await page.locator('#analytics button[data-range="30d"]').getAttribute('aria-pressed')) === 'true', 'Last 30 days is not aria-pressed after the click');
    assert((await page.locator('#analytics button[data-range="7d"]').getAttribute('aria-pressed')) === 'false', 'Last 7 days is still aria-pressed');
    assert(wall(r30.from, timezone).ymd === plusDays(today, -29), `30 days start at ${r30.from}`);
    const k30 = await checkKpis(page, r30, timezone);
    await checkCategories(page, r30, timezone);
    assert(numberIn(k30.SALE_COUNT.value) > numberIn(k7.SALE_COUNT.value), `30 days show ${k30.SALE_COUNT.value} sales, not more than 7 days' ${k7.SALE_COUNT.value}`);
    console.log(`     30 days: ${k30.NET.value} net (${k30.NET.arrow} ${k30.NET.change}), ${k30.SALE_COUNT.value} sales`);
    await shot(page, 'dashboard-analytics-30d');

    // Yesterday: a whole store day against the day before, by hour.
    const ry = await pickRange(page, 'yesterday');
    assert(wall(ry.from, timezone).ymd === plusDays(today, -1) && wall(ry.to, timezone).ymd === today && wall(ry.to, timezone).hms === '00:00:00', `yesterday is ${ry.from}..${ry.to}`);
    await checkKpis(page, ry, timezone);
    await checkCategories(page, ry, timezone);
    assert(/by hour/i.test(await page.locator('#trend-title').textContent()), 'yesterday is not charted by hour');

    // Today, until now, against yesterday until the same time.
    const rt = await pickRange(page, 'today');
    await checkKpis(page, rt, timezone);
    await shot(page, 'dashboard-analytics-today');

    // Custom: two whole days chosen by date.
    await page.locator('#analytics [data-range="custom"]').click();
    await page.getByLabel('From', { exact: true }).fill(plusDays(today, -10));
    await page.getByLabel('To (included)', { exact: true }).fill(plusDays(today, -9));
    const before = await page.locator('#analytics').getAttribute('data-from');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction((b) => {
      const a = document.getElementById('analytics');
      return a.dataset.state === 'ready' && a.dataset.range === 'custom' && a.dataset.from !== b;
    }, before, { timeout: 10000 });
    const rc = await page.evaluate(() => ({ ...document.getElementById('analytics').dataset }));
    assert(wall(rc.from, timezone).ymd === plusDays(today, -10) && wall(rc.to, timezone).ymd === plusDays(today, -8), `custom range is ${rc.from}..${rc.to}`);
    assert(wall(rc.prevFrom, timezone).ymd === plusDays(today, -12), `custom previous period starts ${rc.prevFrom}`);
    await checkKpis(page, rc, timezone);
    await checkCategories(page, rc, timezone);
    await shot(page, 'dashboard-analytics-custom');
  }));

await test('docs: the REST reference renders /v1/openapi.json from this server only', () =>
  withPage('docs', async (page) => {
    await page.goto(`${BASE_URL}/docs`, { waitUntil: 'load' });
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 20000 });
    const ops = await page.locator('.swagger-ui .opblock').count();
    assert(ops > 0, 'no operations rendered');
    console.log(`     ${ops} operations listed`);
    await page.waitForLoadState('networkidle').catch(() => {});
    await shot(page, 'docs');
  }));

await context.close().catch(() => {});
rmSync(profile, { recursive: true, force: true });

if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
