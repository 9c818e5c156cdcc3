// Sales analytics: a period picker, headline figures against the previous
// period, net sales over time, a category breakdown and a weekday x hour heat
// map. Everything comes from salesAnalytics (documents in queries.js).

import { ApiError, gql } from './api.js';
import { drawTrendChart } from './chart.js';
import {
  addDays,
  amount,
  count,
  daysBetween,
  money,
  percent,
  shortDate,
  signedPercent,
  signedPoints,
  ymdIn,
} from './format.js';
import { ANALYTICS_CATEGORIES, ANALYTICS_HEATMAP, ANALYTICS_KPIS, ANALYTICS_PROFIT, ANALYTICS_TREND } from './queries.js';
import { PRESETS, period } from './range.js';

const $ = (id) => document.getElementById(id);

const KPIS = [
  { measure: 'NET', id: 'k-net', kind: 'money' },
  { measure: 'SALE_COUNT', id: 'k-count', kind: 'count' },
  { measure: 'AVERAGE_BASKET', id: 'k-avg', kind: 'money' },
  { measure: 'UNITS', id: 'k-units', kind: 'count' },
];
const PROFIT_KPIS = [
  { measure: 'GROSS_PROFIT', id: 'k-profit', kind: 'money' },
  { measure: 'MARGIN', id: 'k-margin', kind: 'percent' },
];

let zone;
let rangeKind = '7d';
let custom = {};
let seq = 0;
let onAuthError = () => {};

// ---- values ------------------------------------------------------------------

function valueOf(values, measure) {
  return (values || []).find((v) => v.measure === measure) || null;
}

function numberOf(v) {
  if (!v) return null;
  if (v.amount != null) return amount(v.amount);
  if (v.count != null) return Number(v.count);
  if (v.percent != null) return Number(v.percent);
  return null;
}

function display(v, kind) {
  if (!v) return '–';
  if (kind === 'money') return money(v.amount ?? '0.00');
  if (kind === 'count') return count(v.count ?? 0);
  return percent(v.percent);
}

/**
 * change compares a figure with the previous period's: the direction and the
 * text shown. Percentages (margin) change in points, the rest in percent.
 */
export function change(cur, prev, kind) {
  if (cur == null || prev == null) return { dir: 'none', text: 'no comparison' };
  if (kind === 'percent') {
    const d = Math.round((cur - prev) * 10) / 10;
    return { dir: d > 0 ? 'up' : d < 0 ? 'down' : 'flat', text: signedPoints(d) };
  }
  if (prev === 0) return cur === 0 ? { dir: 'flat', text: 'no change' } : { dir: 'up', text: 'new' };
  const p = Math.round(((cur - prev) / Math.abs(prev)) * 1000) / 10;
  return { dir: p > 0 ? 'up' : p < 0 ? 'down' : 'flat', text: signedPercent(p) };
}

const ARROW = { up: '▲', down: '▼', flat: '=', none: '' };
const SAY = { up: 'Up', down: 'Down', flat: 'Unchanged', none: '' };

function renderKpi(k, cur, prev) {
  const c = valueOf(cur, k.measure);
  const p = valueOf(prev, k.measure);
  $(k.id).textContent = display(c, k.kind);
  const ch = change(numberOf(c), numberOf(p), k.kind);
  const dd = $(`${k.id}-cmp`);
  dd.dataset.dir = ch.dir;
  const say = document.createElement('span');
  say.className = 'sr-only';
  say.textContent = `${SAY[ch.dir]} `;
  const arrow = document.createElement('span');
  arrow.className = 'arrow';
  arrow.setAttribute('aria-hidden', 'true');
  arrow.textContent = ARROW[ch.dir];
  const chg = document.createElement('span');
  chg.className = 'chg';
  chg.textContent = ch.text;
  const was = document.createElement('span');
  was.className = 'prev';
  was.textContent = `previous ${display(p, k.kind)}`;
  dd.replaceChildren(say, arrow, chg, was);
}

function clearKpis() {
  for (const k of [...KPIS, ...PROFIT_KPIS]) {
    $(k.id).textContent = '–';
    $(`${k.id}-cmp`).replaceChildren();
  }
}

// ---- inputs ------------------------------------------------------------------

function input(from, to, extra) {
  return { from: from.toISOString(), to: to.toISOString(), timezone: zone, ...extra };
}

function pair(p, extra) {
  return { cur: input(p.from, p.to, extra), prev: input(p.prevFrom, p.prevTo, extra) };
}

// ---- widgets -----------------------------------------------------------------

function periodText(first, last) {
  return first === last ? shortDate(first, true) : `${shortDate(first, true)} – ${shortDate(last, true)}`;
}

// Bucket index of a trend row: hours or days since the start of its period,
// or its position for weeks and months.
function slotsOf(p, rows, from, first) {
  const out = new Map();
  rows.forEach((r, i) => {
    const key = r.keys[0] || {};
    let at = i;
    if (p.bucket === 'HOUR_OF_DAY') at = key.number;
    else if (p.bucket === 'DAY') at = daysBetween(first, key.periodStart ? ymdIn(new Date(key.periodStart), zone) : key.label);
    out.set(at, r);
  });
  return out;
}

function renderTrend(p, cur, prev) {
  const c = slotsOf(p, cur, p.from, p.first);
  const q = slotsOf(p, prev, p.prevFrom, p.prevFirst);
  let n;
  if (p.bucket === 'HOUR_OF_DAY') n = 24;
  else if (p.bucket === 'DAY') n = p.days;
  else n = Math.max(cur.length, prev.length);
  const slots = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const rc = c.get(i);
    const rp = q.get(i);
    let tick;
    let curLabel;
    let prevLabel;
    if (p.bucket === 'HOUR_OF_DAY') {
      const h = `${String(i).padStart(2, '0')}:00`;
      tick = i % 3 === 0 ? String(i).padStart(2, '0') : '';
      curLabel = `${shortDate(p.first)} ${h}`;
      prevLabel = `${shortDate(p.prevFirst)} ${h}`;
    } else if (p.bucket === 'DAY') {
      curLabel = shortDate(addDays(p.first, i), true);
      prevLabel = shortDate(addDays(p.prevFirst, i), true);
      tick = shortDate(addDays(p.first, i));
    } else {
      curLabel = rc ? rc.keys[0].label : '';
      prevLabel = rp ? rp.keys[0].label : '';
      tick = curLabel;
    }
    const cn = valueOf(rc && rc.values, 'NET');
    const pn = valueOf(rp && rp.values, 'NET');
    const curNet = cn ? cn.amount : '0.00';
    const prevNet = pn ? pn.amount : '0.00';
    slots.push({
      tick,
      cur: amount(curNet),
      prev: amount(prevNet),
      title: `${curLabel}: ${money(curNet)} net · previous period ${prevLabel}: ${money(prevNet)}`,
    });
    if (rc || rp) {
      const tr = document.createElement('tr');
      for (const [text, cls] of [[curLabel], [money(curNet), 'num'], [prevLabel], [money(prevNet), 'num']]) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
      }
      rows.push(tr);
    }
  }
  drawTrendChart($('trend-chart'), slots);
  $('trend-title').textContent = p.bucket === 'HOUR_OF_DAY' ? 'Net sales by hour' : p.bucket === 'DAY' ? 'Net sales by day' : `Net sales by ${p.bucket.toLowerCase()}`;
  const best = slots.reduce((b, s) => (!b || s.cur > b.cur ? s : b), null);
  $('trend-desc').textContent = best && best.cur > 0 ? `Best: ${best.title}.` : 'No sales in this period.';
  const body = $('trend-table').tBodies[0];
  body.replaceChildren(...(rows.length ? rows : [emptyRow(4)]));
}

// emptyRow is the one row a table shows when the period has no sales.
function emptyRow(colSpan) {
  const tr = document.createElement('tr');
  tr.className = 'empty';
  const td = document.createElement('td');
  td.colSpan = colSpan;
  td.textContent = 'No sales in this period.';
  tr.append(td);
  return tr;
}

function renderCategories(res) {
  const rows = res.rows || [];
  const total = amount((valueOf(res.totals, 'NET') || {}).amount);
  const max = rows.reduce((m, r) => Math.max(m, amount((valueOf(r.values, 'NET') || {}).amount)), 0);
  const body = $('cat-table').tBodies[0];
  if (!rows.length) {
    body.replaceChildren(emptyRow(4));
    return;
  }
  body.replaceChildren(
    ...rows.map((r) => {
      const name = r.keys[0].label;
      const net = (valueOf(r.values, 'NET') || {}).amount || '0.00';
      const units = (valueOf(r.values, 'UNITS') || {}).count ?? 0;
      const tr = document.createElement('tr');
      tr.dataset.category = name;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name;
      const tdNet = document.createElement('td');
      tdNet.className = 'num net';
      tdNet.textContent = money(net);
      const tdUnits = document.createElement('td');
      tdUnits.className = 'num units';
      tdUnits.textContent = count(units);
      const tdBar = document.createElement('td');
      tdBar.className = 'share';
      const track = document.createElement('span');
      track.className = 'track';
      const bar = document.createElement('span');
      bar.className = 'fill';
      bar.style.width = `${max > 0 ? Math.max(0, (amount(net) / max) * 100).toFixed(1) : 0}%`;
      track.append(bar);
      const share = document.createElement('span');
      share.className = 'sr-only';
      share.textContent = total > 0 ? percent((amount(net) / total) * 100) : '';
      tdBar.append(track, share);
      tr.append(th, tdNet, tdUnits, tdBar);
      return tr;
    }),
  );
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function renderHeatmap(res) {
  const table = $('heat-table');
  const pivot = res.pivot || { rows: [], columns: [] };
  const cells = new Map();
  let max = 0;
  for (const r of res.rows || []) {
    const n = Number((valueOf(r.values, 'SALE_COUNT') || {}).count || 0);
    max = Math.max(max, n);
    cells.set(`${r.keys[0].number}/${r.keys[1].number}`, r);
  }
  const head = document.createElement('tr');
  const corner = document.createElement('td');
  head.append(corner);
  for (const c of pivot.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = String(c.number ?? c.label).padStart(2, '0');
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(
    ...pivot.rows.map((rk) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      const day = WEEKDAYS[rk.number] || rk.label;
      th.textContent = rk.label;
      th.title = day;
      tr.append(th);
      for (const ck of pivot.columns) {
        const td = document.createElement('td');
        const r = cells.get(`${rk.number}/${ck.number}`);
        const hour = `${String(ck.number).padStart(2, '0')}:00`;
        if (r) {
          const n = Number((valueOf(r.values, 'SALE_COUNT') || {}).count || 0);
          const net = (valueOf(r.values, 'NET') || {}).amount;
          td.textContent = count(n);
          td.className = `h${max ? Math.max(1, Math.ceil((n / max) * 5)) : 0}`;
          td.title = `${day} ${hour}: ${count(n)} ${n === 1 ? 'sale' : 'sales'}, ${money(net)} net`;
        } else {
          td.className = 'h0';
          td.textContent = '';
          td.title = `${day} ${hour}: no sales`;
        }
        tr.append(td);
      }
      return tr;
    }),
  );
  const slots = pivot.rows.length * pivot.columns.length;
  $('heat-desc').textContent = slots
    ? `Darker means more sales. ${count(res.emptyCells)} of ${count(slots)} weekday-hour slots had no sales.`
    : 'No sales in this period.';
}

// ---- loading -------------------------------------------------------------------

function showError(message) {
  const box = $('an-error');
  box.textContent = message || '';
  box.hidden = !message;
}

function describe(err) {
  if (err instanceof ApiError) {
    if (err.code === 'FORBIDDEN') return 'This account may not see these figures.';
    return err.message;
  }
  return err && err.message ? err.message : 'Something went wrong.';
}

/** loadAnalytics fetches every widget of the chosen period. */
export async function loadAnalytics() {
  const box = $('analytics');
  let p;
  try {
    p = period(rangeKind, zone, new Date(), custom);
  } catch (err) {
    showError(err.message);
    return;
  }
  const my = ++seq;
  box.dataset.state = 'loading';
  box.setAttribute('aria-busy', 'true');
  Object.assign(box.dataset, {
    range: rangeKind,
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    prevFrom: p.prevFrom.toISOString(),
    prevTo: p.prevTo.toISOString(),
  });
  const label = rangeKind === 'custom' ? 'Custom' : PRESETS[rangeKind].label;
  const running = p.to.getTime() < p.end.getTime() ? ' until now' : '';
  const same = running ? ' until the same time' : '';
  $('an-meta').textContent = `${label}: ${periodText(p.first, p.last)}${running}, compared with ${periodText(p.prevFirst, p.prevLast)}${same} · ${zone}`;

  const kpis = pair(p, { measures: KPIS.map((k) => k.measure), withTotals: true });
  const profit = pair(p, { measures: PROFIT_KPIS.map((k) => k.measure), withTotals: true });
  const trend = pair(p, { groupBy: [p.bucket], measures: ['NET', 'SALE_COUNT'], orderBy: [{ dimension: p.bucket, direction: 'ASC' }] });
  const cats = input(p.from, p.to, {
    groupBy: ['CATEGORY'],
    measures: ['NET', 'UNITS'],
    orderBy: [{ measure: 'NET', direction: 'DESC' }],
    withTotals: true,
  });
  const heat = input(p.from, p.to, { groupBy: ['WEEKDAY', 'HOUR_OF_DAY'], measures: ['SALE_COUNT', 'NET'] });

  const [k, pr, t, c, h] = await Promise.allSettled([
    gql(ANALYTICS_KPIS, kpis),
    gql(ANALYTICS_PROFIT, profit),
    gql(ANALYTICS_TREND, trend),
    gql(ANALYTICS_CATEGORIES, { in: cats }),
    gql(ANALYTICS_HEATMAP, { in: heat }),
  ]);
  if (my !== seq) return; // a newer period was picked meanwhile

  const failures = [k, t, c, h].filter((x) => x.status === 'rejected').map((x) => x.reason);
  if (failures.some((e) => e instanceof ApiError && e.code === 'UNAUTHENTICATED')) {
    onAuthError();
    return;
  }
  if (k.status === 'fulfilled') {
    for (const kp of KPIS) renderKpi(kp, k.value.current.totals, k.value.previous.totals);
  } else clearKpis();
  // Without REPORTS the server refuses cost, profit and margin: the cards stay hidden.
  const mayProfit = pr.status === 'fulfilled';
  for (const kp of PROFIT_KPIS) {
    $(kp.id).parentElement.hidden = !mayProfit;
    if (mayProfit) renderKpi(kp, pr.value.current.totals, pr.value.previous.totals);
  }
  if (t.status === 'fulfilled') renderTrend(p, t.value.current.rows, t.value.previous.rows);
  if (c.status === 'fulfilled') renderCategories(c.value.salesAnalytics);
  if (h.status === 'fulfilled') renderHeatmap(h.value.salesAnalytics);
  showError(failures.length ? describe(failures[0]) : '');
  box.dataset.state = failures.length ? 'error' : 'ready';
  box.removeAttribute('aria-busy');
}

function select(kind) {
  rangeKind = kind;
  for (const b of document.querySelectorAll('#analytics [data-range]')) {
    b.setAttribute('aria-pressed', String(b.dataset.range === kind));
  }
  $('an-custom').hidden = kind !== 'custom';
}

/**
 * setupAnalytics wires the range picker. authError is called when the
 * session has ended.
 */
export function setupAnalytics(authError) {
  onAuthError = authError;
  for (const b of document.querySelectorAll('#analytics [data-range]')) {
    b.addEventListener('click', () => {
      const kind = b.dataset.range;
      if (kind === 'custom') {
        // Starts as the last 14 days; the dates can then be changed.
        if (!$('an-from').value || !$('an-to').value) {
          const today = ymdIn(new Date(), zone);
          $('an-from').value = addDays(today, -13);
          $('an-to').value = today;
        }
        custom = { first: $('an-from').value, last: $('an-to').value };
      }
      select(kind);
      loadAnalytics();
      if (kind === 'custom') $('an-from').focus();
    });
  }
  $('an-custom').addEventListener('submit', (ev) => {
    ev.preventDefault();
    custom = { first: $('an-from').value, last: $('an-to').value };
    select('custom');
    loadAnalytics();
  });
}

/** setZone sets the store time zone periods are cut in (the browser's if unknown). */
export function setZone(z) {
  let fallback;
  try {
    fallback = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    fallback = 'UTC';
  }
  zone = z || zone || fallback;
}
