/**
 * Times of sensor observations for people: the wall-clock time in the district's IANA time zone
 * (daylight saving included, via Intl) and ages in words ("12 s", "3 h"): the one age-in-words
 * rule of the sensor panels and the live indicator and outage banner.
 */
import { t } from '../i18n';

/** "YYYY-MM-DD HH:MM:SS" of an instant (ms) in `timeZone`; with `withDate` false only the time. */
export function formatLocalTime(ms: number, timeZone: string, withDate = true): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;
  return withDate ? `${get('year')}-${get('month')}-${get('day')} ${time}` : time;
}

/** "HH:MM" of an instant (ms) in `timeZone` (the outage banner's "showing data from"). */
export function formatClockTime(ms: number, timeZone: string): string {
  return formatLocalTime(ms, timeZone, false).slice(0, 5);
}

/** An age (ms) in words: "45 s", "12 min", "3 h", "2 d", rounded down to the largest whole unit; never negative (a future time reads "0 s"). */
export function ageInWords(ageMs: number): string {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 60) return t('sensors.age.seconds', { count: s });
  if (s < 3600) return t('sensors.age.minutes', { count: Math.floor(s / 60) });
  if (s < 86_400) return t('sensors.age.hours', { count: Math.floor(s / 3600) });
  return t('sensors.age.days', { count: Math.floor(s / 86_400) });
}

/** How long ago an observation (ms) was at `nowMs`, in words: "12 s ago". */
export function ageAgo(observedMs: number, nowMs: number): string {
  return t('sensors.age.ago', { age: ageInWords(nowMs - observedMs) });
}
