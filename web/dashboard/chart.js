// The sales-by-hour bar chart: hand-drawn SVG, 24 bars, net sales per hour.
// The numbers are also in a table next to it for screen readers.

import { amount, money } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

// A round axis maximum (1, 2, 2.5 or 5 times a power of ten) at or above max.
function niceMax(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** drawHourChart renders byHour rows ({hour, saleCount, netSales}) into svg. */
export function drawHourChart(svg, byHour, currentHour) {
  const rows = new Map((byHour || []).map((r) => [Number(r.hour), r]));
  const W = 720;
  const H = 240;
  const pad = { top: 12, right: 8, bottom: 28, left: 72 };
  const cw = W - pad.left - pad.right;
  const ch = H - pad.top - pad.bottom;
  let max = 0;
  for (const r of rows.values()) max = Math.max(max, amount(r.netSales));
  const top = niceMax(max);

  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);

  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    const y = pad.top + ch - (ch * i) / 4;
    svg.append(el('line', { x1: pad.left, x2: W - pad.right, y1: y, y2: y, class: 'grid' }));
    svg.append(el('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, money(v.toFixed(2))));
  }

  const slot = cw / 24;
  const bw = Math.max(4, slot * 0.7);
  for (let h = 0; h < 24; h++) {
    const r = rows.get(h);
    const v = r ? amount(r.netSales) : 0;
    const bh = top ? (ch * v) / top : 0;
    const x = pad.left + slot * h + (slot - bw) / 2;
    if (bh > 0) {
      const bar = el('rect', {
        x,
        y: pad.top + ch - bh,
        width: bw,
        height: Math.max(bh, 1),
        rx: 2,
        class: h === currentHour ? 'bar now' : 'bar',
      });
      bar.append(el('title', {}, `${String(h).padStart(2, '0')}:00 – ${money(r.netSales)} net, ${r.saleCount} sales`));
      svg.append(bar);
    }
    if (h % 3 === 0) {
      svg.append(el('text', { x: pad.left + slot * h + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, String(h).padStart(2, '0')));
    }
  }
  svg.append(el('line', { x1: pad.left, x2: W - pad.right, y1: pad.top + ch, y2: pad.top + ch, class: 'base' }));
}

/**
 * drawTrendChart renders the period's net sales as bars and the previous
 * period's as a line over the same slots. slots: [{tick, cur, prev, title}],
 * cur and prev numbers (net sales) or null; tick a short axis label or ''.
 */
export function drawTrendChart(svg, slots) {
  const W = 720;
  const H = 240;
  const pad = { top: 12, right: 8, bottom: 28, left: 80 };
  const cw = W - pad.left - pad.right;
  const ch = H - pad.top - pad.bottom;
  let max = 0;
  for (const s of slots) max = Math.max(max, s.cur || 0, s.prev || 0);
  const top = niceMax(max);

  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    const y = pad.top + ch - (ch * i) / 4;
    svg.append(el('line', { x1: pad.left, x2: W - pad.right, y1: y, y2: y, class: 'grid' }));
    svg.append(el('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, money(v.toFixed(2))));
  }
  const n = Math.max(1, slots.length);
  const slot = cw / n;
  const bw = Math.max(2, slot * 0.7);
  const yOf = (v) => pad.top + ch - (top ? (ch * v) / top : 0);
  const tickEvery = Math.ceil(n / 12);
  const points = [];
  slots.forEach((s, i) => {
    const x = pad.left + slot * i + (slot - bw) / 2;
    const v = s.cur || 0;
    if (v > 0) {
      const bar = el('rect', { x, y: yOf(v), width: bw, height: Math.max(pad.top + ch - yOf(v), 1), rx: 2, class: 'bar' });
      bar.append(el('title', {}, s.title));
      svg.append(bar);
    }
    if (s.prev != null) points.push([pad.left + slot * i + slot / 2, yOf(s.prev || 0), s]);
    if (s.tick && i % tickEvery === 0) {
      svg.append(el('text', { x: pad.left + slot * i + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, s.tick));
    }
  });
  if (points.length > 1) {
    svg.append(el('polyline', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '), class: 'prev-line' }));
  }
  for (const [x, y, s] of points) {
    const dot = el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, class: 'prev-dot' });
    dot.append(el('title', {}, s.title));
    svg.append(dot);
  }
  svg.append(el('line', { x1: pad.left, x2: W - pad.right, y1: pad.top + ch, y2: pad.top + ch, class: 'base' }));
}
