// Store dashboard: sign in, today's figures in the store's time zone, sales by
// hour, best sellers, low stock, a live feed of completed sales, and sales
// analytics over a chosen period (analytics.js).

import './style.css';
import { setupAnalytics, loadAnalytics, setZone } from './analytics.js';
import { ApiError, gql, gqlAnonymous } from './api.js';
import { drawHourChart } from './chart.js';
import { amount, count, longDate, money, startOfDay, time } from './format.js';
import { startLiveFeed } from './live.js';
import { LOGIN, LOGOUT, TODAY, topProducts } from './queries.js';
import { session } from './session.js';

const $ = (id) => document.getElementById(id);
const FEED_MAX = 25;
const REFRESH_EVERY_MS = 60000;

let storeZone;
let stopFeed = null;
let timer = null;
let pending = null;

function showError(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

function describe(err) {
  if (!(err instanceof ApiError)) return 'Something went wrong. Reload the page and try again.';
  switch (err.code) {
    case 'FORBIDDEN':
      return 'This account is not allowed to see store reports. Sign in as a manager.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    default:
      return err.message;
  }
}

// ---- sign in / out --------------------------------------------------------

function showLogin(message) {
  stop();
  $('board').hidden = true;
  $('who').hidden = true;
  $('login').hidden = false;
  showError($('login-error'), message);
  $('username').focus();
}

function showBoard() {
  $('login').hidden = true;
  $('who').hidden = false;
  $('who-name').textContent = session.username || '';
  $('board').hidden = false;
  start();
}

async function onLogin(ev) {
  ev.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  const errorBox = $('login-error');
  if (!username || !password) {
    showError(errorBox, 'Enter a username and a password.');
    (username ? $('password') : $('username')).focus();
    return;
  }
  const button = $('login-submit');
  button.disabled = true;
  button.textContent = 'Signing in…';
  showError(errorBox, '');
  try {
    const data = await gqlAnonymous(LOGIN, { username, password });
    session.save(data.login);
    $('password').value = '';
    showBoard();
    $('today-title').focus();
  } catch (err) {
    const bad = err instanceof ApiError && ['UNAUTHENTICATED', 'BAD_USER_INPUT', 'FORBIDDEN'].includes(err.code);
    showError(errorBox, bad ? 'Invalid username or password.' : describe(err));
    $('password').select();
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
}

async function onLogout() {
  const token = session.refreshToken;
  session.clear();
  showLogin('');
  if (token) gqlAnonymous(LOGOUT, { refreshToken: token }).catch(() => {});
}

// ---- figures ---------------------------------------------------------------

function row(cells, cls) {
  const tr = document.createElement('tr');
  if (cls) tr.className = cls;
  for (const c of cells) {
    const td = document.createElement('td');
    if (c && typeof c === 'object') {
      td.textContent = c.text;
      if (c.cls) td.className = c.cls;
    } else {
      td.textContent = c;
    }
    tr.append(td);
  }
  return tr;
}

function fillTable(id, rows, emptyText, cols) {
  const body = $(id).tBodies[0];
  body.replaceChildren(...(rows.length ? rows : [row([emptyText], 'empty')]));
  if (!rows.length) body.rows[0].cells[0].colSpan = cols;
}

function renderSummary(s) {
  storeZone = s.timezone || undefined;
  $('today-title').textContent = `Today, ${longDate(s.date)}`;
  $('today-meta').textContent = `Store time zone ${s.timezone || 'unknown'} · updated ${time(new Date().toISOString(), storeZone)}`;
  $('f-net').textContent = money(s.netSales);
  $('f-count').textContent = count(s.saleCount);
  $('f-avg').textContent = money(s.averageBasket);
  $('f-gross').textContent = money(s.grossSales);
  $('f-disc').textContent = money(s.discountTotal);
  $('f-tax').textContent = money(s.taxTotal);

  const hours = [...(s.byHour || [])].sort((a, b) => a.hour - b.hour);
  let nowHour;
  try {
    nowHour = Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: storeZone }).format(new Date()));
  } catch {
    nowHour = new Date().getHours();
  }
  drawHourChart($('hour-chart'), hours, nowHour);
  const busiest = hours.reduce((best, r) => (!best || amount(r.netSales) > amount(best.netSales) ? r : best), null);
  $('hours-desc').textContent = busiest
    ? `Busiest hour so far: ${String(busiest.hour).padStart(2, '0')}:00 with ${money(busiest.netSales)} net from ${busiest.saleCount} sales.`
    : 'No sales yet today.';
  fillTable(
    'hours-table',
    hours.map((r) => row([`${String(r.hour).padStart(2, '0')}:00`, { text: count(r.saleCount), cls: 'num' }, { text: money(r.netSales), cls: 'num' }])),
    'No sales yet today.',
    3,
  );
  fillTable(
    'pay-table',
    (s.byPaymentMethod || []).map((p) => row([p.method, { text: count(p.count), cls: 'num' }, { text: money(p.amount), cls: 'num' }])),
    'No payments yet today.',
    3,
  );
}

function renderLowStock(report) {
  const items = (report && report.items) || [];
  fillTable(
    'low-table',
    items.map((i) =>
      row([
        i.product ? i.product.name : '',
        i.product ? i.product.sku || '' : '',
        { text: count(i.quantity), cls: Number(i.quantity) <= 0 ? 'num low' : 'num' },
        { text: count(i.reorderLevel), cls: 'num' },
      ]),
    ),
    'Nothing is running low.',
    4,
  );
}

function renderTop(list) {
  fillTable(
    'top-table',
    (list || []).map((t) => row([t.product ? t.product.name : '', { text: count(t.quantity), cls: 'num' }, { text: money(t.revenue), cls: 'num' }])),
    'No products sold yet today.',
    3,
  );
}

async function load() {
  const errorBox = $('board-error');
  let analyticsStarted = false;
  try {
    const data = await gql(TODAY);
    const s = data.dailySalesSummary;
    renderSummary(s);
    renderLowStock(data.inventoryReport);
    setZone(storeZone);
    analyticsStarted = true;
    loadAnalytics();
    const from = startOfDay(s.date, s.timezone).toISOString();
    const top = await gql(topProducts(from, new Date().toISOString(), 5));
    renderTop(top.topProducts);
    showError(errorBox, '');
  } catch (err) {
    if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
      session.clear();
      showLogin(describe(err));
      return;
    }
    showError(errorBox, describe(err));
    if (!analyticsStarted) {
      // The period figures have their own permissions; try them anyway.
      setZone(storeZone);
      loadAnalytics();
    }
  }
}

// Sales often come in bursts; one reload per second is plenty.
function loadSoon() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    load();
  }, 1000);
}

// ---- live feed ---------------------------------------------------------------

function addSale(sale) {
  $('feed-empty').hidden = true;
  const li = document.createElement('li');
  li.className = 'new';
  const t = document.createElement('span');
  t.className = 't';
  t.textContent = time(sale.completedAt, storeZone);
  const who = document.createElement('span');
  const items = Number(sale.itemCount);
  who.textContent = `${count(items)} ${items === 1 ? 'item' : 'items'}${sale.cashier ? ` · ${sale.cashier.displayName}` : ''}`;
  const amt = document.createElement('span');
  amt.className = 'amt';
  amt.textContent = money(sale.total);
  li.append(t, who, amt);
  li.dataset.saleId = sale.id;
  const feed = $('feed');
  feed.prepend(li);
  while (feed.children.length > FEED_MAX) feed.lastElementChild.remove();
  loadSoon();
}

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', offline: 'Offline, retrying' };

function setStatus(state) {
  const s = $('feed-status');
  s.dataset.state = state;
  s.textContent = STATUS_TEXT[state] || state;
}

// ---- lifecycle ---------------------------------------------------------------

function start() {
  stop();
  load();
  timer = setInterval(load, REFRESH_EVERY_MS);
  stopFeed = startLiveFeed({
    onSale: addSale,
    onStatus: setStatus,
    onAuthError: () => {
      session.clear();
      showLogin('Your session has ended. Sign in again.');
    },
  });
}

function stop() {
  if (timer) clearInterval(timer);
  if (pending) clearTimeout(pending);
  timer = pending = null;
  if (stopFeed) stopFeed();
  stopFeed = null;
}

function init() {
  $('login-form').addEventListener('submit', onLogin);
  $('logout').addEventListener('click', onLogout);
  $('refresh').addEventListener('click', load);
  setupAnalytics(() => {
    session.clear();
    showLogin('Your session has ended. Sign in again.');
  });
  if (session.accessToken) showBoard();
  else showLogin('');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
