// The analytics period: a run of whole store days, cut at "now" while it is
// still going, and the period of the same length just before it.

import { addDays, daysBetween, startOfDay, ymdIn } from './format.js';

/** The preset ranges: how many days, and how many days before today the last one is. */
export const PRESETS = {
  today: { days: 1, back: 0, label: 'Today' },
  yesterday: { days: 1, back: 1, label: 'Yesterday' },
  '7d': { days: 7, back: 0, label: 'Last 7 days' },
  '30d': { days: 30, back: 0, label: 'Last 30 days' },
};

/** The time bucket of the trend chart for a period of n days. */
// One day is charted by wall-clock hour (HOUR_OF_DAY, 0-23), so the chart
// and the previous day line up hour for hour.
export function bucketFor(days) {
  if (days === 1) return 'HOUR_OF_DAY';
  if (days <= 92) return 'DAY';
  if (days <= 731) return 'WEEK';
  return 'MONTH';
}

/**
 * period works out the instants of a range in timeZone. kind is a PRESETS key
 * or 'custom' with first and last (YYYY-MM-DD, both included). It throws an
 * Error with a message for the user when a custom range makes no sense.
 */
export function period(kind, timeZone, now = new Date(), custom = {}) {
  const today = ymdIn(now, timeZone);
  let first;
  let last;
  if (kind === 'custom') {
    first = custom.first;
    last = custom.last;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(first || '') || !/^\d{4}-\d{2}-\d{2}$/.test(last || '')) {
      throw new Error('Enter both dates of the custom range.');
    }
    if (daysBetween(first, last) < 0) throw new Error('The start date is after the end date.');
    if (daysBetween(first, today) < 0) throw new Error('The range starts in the future.');
    if (daysBetween(first, last) >= 3660) throw new Error('A range can be at most 10 years long.');
  } else {
    const p = PRESETS[kind];
    last = addDays(today, -p.back);
    first = addDays(last, 1 - p.days);
  }
  const days = daysBetween(first, last) + 1;
  const from = startOfDay(first, timeZone);
  const end = startOfDay(addDays(last, 1), timeZone);
  const to = end.getTime() > now.getTime() ? new Date(Math.floor(now.getTime() / 1000) * 1000) : end;
  const prevFirst = addDays(first, -days);
  const prevFrom = startOfDay(prevFirst, timeZone);
  const prevEnd = from;
  // While the period is still going, compare with the same stretch of the
  // previous one (today until now against yesterday until the same time).
  const prevTo = to === end ? prevEnd : new Date(Math.min(prevEnd.getTime(), prevFrom.getTime() + (to.getTime() - from.getTime())));
  return { kind, first, last, days, from, to, end, prevFirst, prevLast: addDays(first, -1), prevFrom, prevTo, bucket: bucketFor(days), timeZone };
}
