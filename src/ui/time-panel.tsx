/**
 * Date and time of day for the sun & shadow study (issue 6): a date input, a time slider and time
 * input (local wall time in the district's IANA time zone, daylight saving included), play/pause
 * with a speed choice, and the sun's elevation/azimuth (NREL SPA) and sunrise/sunset for the day
 * (SPA Appendix A.2, src/sim/solar/rise-transit-set.ts).
 */
import { useMemo } from 'react';
import { formatNumber, t } from '../i18n';
import { useCityStore } from '../state/city-store';
import { MINUTES_PER_DAY, timeStore, useTimeStore } from '../state/time-store';
import { localTimeToUnixS, sunAt, utcOffsetMinutes } from '../scene/sun-direction';
import { riseTransitSet } from '../sim/solar/rise-transit-set';

const SPEEDS_MIN_PER_S = [10, 30, 60, 120] as const;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "HH:MM" of a minute of day. */
export function formatMinuteOfDay(minute: number): string {
  const m = Math.round(minute) % MINUTES_PER_DAY;
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

function formatClock(unixS: number, timeZone: string): string {
  if (!Number.isFinite(unixS)) return t('units.none');
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(unixS * 1000));
}

export function TimePanel() {
  const city = useCityStore((s) => s.city);
  const date = useTimeStore((s) => s.date);
  // The whole minute the panel shows: while playing, the store advances every frame, but the panel
  // re-renders (and re-runs the SPA for its readout) only when the displayed minute changes.
  const minuteOfDay = useTimeStore((s) => Math.round(s.minuteOfDay));
  const playing = useTimeStore((s) => s.playing);
  const speed = useTimeStore((s) => s.speedMinPerS);
  const showSunPath = useTimeStore((s) => s.showSunPath);
  const day = useMemo(() => {
    if (city === null) return null;
    const noonS = localTimeToUnixS(city.timeZone, date.year, date.month, date.day, 12);
    const site = { latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg, elevationM: Number.isFinite(city.origin.heightM) ? city.origin.heightM : 0 };
    return riseTransitSet(noonS, site, {}, utcOffsetMinutes(city.timeZone, noonS * 1000), { strictLocalDay: true });
  }, [city, date]);
  const sun = useMemo(() => (city === null ? null : sunAt(city.origin, city.timeZone, date, minuteOfDay)), [city, date, minuteOfDay]);
  if (city === null || sun === null || day === null) return null;
  const s = timeStore.getState();
  const dateValue = `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
  return (
    <details className="panel time-panel" aria-label={t('time.title')} data-testid="time-panel">
      <summary data-testid="time-panel-toggle">{t('time.title')}</summary>
      <label>
        {t('time.date')}
        <input
          type="date"
          value={dateValue}
          data-testid="time-date"
          onChange={(e) => {
            const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.target.value);
            if (m !== null) s.setDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
          }}
        />
      </label>
      <label>
        {t('time.timeOfDay', { zone: city.timeZone })}
        <input
          type="range"
          min={0}
          max={MINUTES_PER_DAY - 5}
          step={5}
          value={minuteOfDay}
          aria-valuetext={formatMinuteOfDay(minuteOfDay)}
          data-testid="time-slider"
          onChange={(e) => s.setMinuteOfDay(Number(e.target.value))}
        />
      </label>
      <input
        type="time"
        aria-label={t('time.timeOfDay', { zone: city.timeZone })}
        value={formatMinuteOfDay(minuteOfDay)}
        data-testid="time-input"
        onChange={(e) => {
          const m = /^(\d{2}):(\d{2})/.exec(e.target.value);
          if (m !== null) s.setMinuteOfDay(Number(m[1]) * 60 + Number(m[2]));
        }}
      />
      <div className="time-play">
        <button type="button" aria-pressed={playing} data-testid="time-play" onClick={() => s.setPlaying(!playing)}>
          {playing ? t('time.pause') : t('time.play')}
        </button>
        <label>
          {t('time.speed')}
          <select value={speed} onChange={(e) => s.setSpeed(Number(e.target.value))}>
            {SPEEDS_MIN_PER_S.map((v) => (
              <option key={v} value={v}>
                {t('time.speedValue', { value: v })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        <input type="checkbox" checked={showSunPath} data-testid="time-sun-path" onChange={(e) => s.setShowSunPath(e.target.checked)} />
        {t('time.sunPath')}
      </label>
      <dl className="time-sun" data-testid="time-sun">
        <dt>{t('time.elevation')}</dt>
        <dd>{formatNumber((sun.elevationRad * 180) / Math.PI, 1)} °</dd>
        <dt>{t('time.azimuth')}</dt>
        <dd>{formatNumber((sun.azimuthRad * 180) / Math.PI, 1)} °</dd>
        <dt>{t('time.sunrise')}</dt>
        <dd>{formatClock(day.sunriseUnixS, city.timeZone)}</dd>
        <dt>{t('time.sunset')}</dt>
        <dd>{formatClock(day.sunsetUnixS, city.timeZone)}</dd>
      </dl>
    </details>
  );
}
