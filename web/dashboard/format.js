// Display helpers. Money arrives as Decimal strings ("34.99") and is only ever
// formatted here, never added up: totals come from the server.

const numberFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** money formats a Decimal string for display, keeping every digit it has. */
export function money(value) {
  if (value == null || value === '') return '–';
  const s = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  try {
    // Intl formats decimal strings exactly in current browsers; older ones
    // convert to a number, which is exact enough for display at two places.
    return numberFormat.format(s);
  } catch {
    return s;
  }
}

/** amount turns a Decimal string into a number, for chart geometry only. */
export function amount(value) {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : 0;
}

export function count(n) {
  return Number.isFinite(Number(n)) ? Number(n).toLocaleString() : '–';
}

/** time formats an ISO instant as a wall-clock time in the given IANA zone. */
export function time(iso, timeZone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso || '');
  try {
    return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone });
  } catch {
    return d.toLocaleTimeString();
  }
}

/** longDate formats a YYYY-MM-DD calendar date without shifting it through a time zone. */
export function longDate(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) return ymd || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12));
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

// Offset of timeZone from UTC, in milliseconds, at the instant t.
function zoneOffset(t, timeZone) {
  const parts = {};
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of fmt.formatToParts(new Date(t))) parts[p.type] = p.value;
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * startOfDay returns the instant (a Date) at which the calendar day ymd begins
 * in timeZone, so "today" means the store's today wherever the browser is.
 */
export function startOfDay(ymd, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  }
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  try {
    let t = guess - zoneOffset(guess, timeZone);
    // Once more, in case a DST change falls between the guess and midnight.
    t = guess - zoneOffset(t, timeZone);
    return new Date(t);
  } catch {
    return new Date(guess);
  }
}

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** percent formats a percentage (45.82 → "45.8 %"). */
export function percent(p) {
  if (p == null || !Number.isFinite(Number(p))) return '–';
  return `${oneDecimal.format(Number(p))} %`;
}

/** signedPercent formats a change in percent with its sign ("+12.3 %", "−4.0 %"). */
export function signedPercent(p) {
  const s = oneDecimal.format(Math.abs(p));
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${s} %`;
}

/** signedPoints formats a change in percentage points ("+1.2 pts"). */
export function signedPoints(p) {
  const s = oneDecimal.format(Math.abs(p));
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${s} pts`;
}

/** ymdIn returns the calendar date (YYYY-MM-DD) of instant d in timeZone. */
export function ymdIn(d, timeZone) {
  const parts = {};
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** addDays moves a YYYY-MM-DD date by n calendar days. */
export function addDays(ymd, n) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + n));
  return d.toISOString().slice(0, 10);
}

/** daysBetween counts calendar days from a to b (YYYY-MM-DD). */
export function daysBetween(a, b) {
  const t = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((t(b) - t(a)) / 86400000);
}

/** shortDate formats a YYYY-MM-DD date as "Dec 4" (with the weekday if asked). */
export function shortDate(ymd, withWeekday) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) return ymd || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12));
  const opts = { month: 'short', day: 'numeric', timeZone: 'UTC' };
  if (withWeekday) opts.weekday = 'short';
  return d.toLocaleDateString(undefined, opts);
}
