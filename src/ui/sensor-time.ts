/**
 * Times of sensor observations for people: the wall-clock time in the district's IANA time zone
 * (daylight saving included, via Intl) and the age of the reading in words ("12 s ago").
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

/** Age of an observation in words, rounded down to the largest unit (s, min, h, d); future times read as "just now". */
export function formatAge(observedMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - observedMs) / 1000));
  if (s < 2) return t('sensors.age.now');
  if (s < 120) return t('sensors.age.seconds', { count: s });
  if (s < 7200) return t('sensors.age.minutes', { count: Math.floor(s / 60) });
  if (s < 172_800) return t('sensors.age.hours', { count: Math.floor(s / 3600) });
  return t('sensors.age.days', { count: Math.floor(s / 86_400) });
}
