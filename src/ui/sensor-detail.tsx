/**
 * The selected sensor: its type, current values with units (UN/CEFACT symbols of src/ngsi; the
 * models' 0–1 fractions as %), the time of observation in the district's time zone with its age,
 * what is wrong with it in words, and a chart of its main values over a chosen range from the
 * temporal API. During a replay it also shows the main value at the replayed instant.
 */
import { useEffect, useState } from 'react';
import { formatNumber, t, type MessageKey } from '../i18n';
import { useCityStore } from '../state/city-store';
import { sensorsStore, useSensorsStore } from '../state/sensors-store';
import { Panel } from './panel';
import { KIND_OF_TYPE, formatReading, lookupAt, mainValue, markerLook, problemInWords, sensorShortName } from './sensor-display';
import { SensorChart } from './sensor-chart';
import { ageAgo, formatLocalTime } from './sensor-time';

/** Chart ranges offered, ms. */
export const CHART_RANGES = [
  { key: '1h', ms: 3_600_000 },
  { key: '6h', ms: 6 * 3_600_000 },
  { key: '24h', ms: 24 * 3_600_000 },
  { key: '7d', ms: 7 * 24 * 3_600_000 },
] as const;

/** Re-render every second, for the age of the readings. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function SensorDetail() {
  const selectedId = useSensorsStore((s) => s.selectedId);
  const sensor = useSensorsStore((s) => (s.selectedId === null ? undefined : s.sensors[s.selectedId]));
  const replayAtMs = useSensorsStore((s) => s.replayAtMs);
  const history = useSensorsStore((s) => (s.selectedId === null ? undefined : s.replayHistory[s.selectedId]));
  const timeZone = useCityStore((s) => s.city?.timeZone ?? 'UTC');
  const [rangeMs, setRangeMs] = useState<number>(CHART_RANGES[0].ms);
  const now = useNow();
  if (selectedId === null) return null;
  if (sensor === undefined) {
    return (
      <Panel id="sensor-detail" title={t('sensors.detail')}>
        <p className="empty">{t('sensors.gone', { id: selectedId })}</p>
      </Panel>
    );
  }
  const kind = KIND_OF_TYPE[sensor.type];
  const look = markerLook(sensor);
  const readings = Object.entries(sensor.readings).sort(([a], [b]) => a.localeCompare(b));
  const latestMs = Math.max(...readings.map(([, r]) => r.observedAtMs ?? Number.NEGATIVE_INFINITY));
  const replayed = replayAtMs === null ? null : mainValue(kind, lookupAt(sensor, history, replayAtMs));
  return (
    <Panel id="sensor-detail" title={t('sensors.detail')} live>
      <h3 className="building-id" data-testid="sensor-detail-name">
        {t(`sensors.type.${sensor.type}` as MessageKey)} · {sensorShortName(sensor.id)}
      </h3>
      {replayAtMs !== null && (
        <p className="notice notice-info" data-testid="sensor-detail-replay">
          {t('sensors.replayValue', {
            time: formatLocalTime(replayAtMs, timeZone, false),
            value: replayed === null || Number.isNaN(replayed.value) ? t('sensors.noValueThen') : `${formatNumber(replayed.value)} ${replayed.unit}`.trim(),
          })}
        </p>
      )}
      <dl className="attributes" data-testid="sensor-values">
        {readings.map(([key, r]) => (
          <div key={key} style={{ display: 'contents' }} data-testid={`sensor-value-${key}`}>
            <dt>{key}</dt>
            <dd>
              {formatReading(r)}
              {r.problem !== undefined && <span className="defaulted"> ⚠ {problemInWords(r.problem)}</span>}
            </dd>
          </div>
        ))}
        <dt>{t('sensors.observed')}</dt>
        <dd data-testid="sensor-observed">{Number.isFinite(latestMs) ? t('sensors.observedAt', { time: formatLocalTime(latestMs, timeZone), zone: timeZone, age: ageAgo(latestMs, now) }) : t('sensors.noTime')}</dd>
      </dl>
      {look.problems.length > 0 && (
        <div className="notice notice-error" data-testid="sensor-problems">
          <p>{t('sensors.problemsTitle')}</p>
          <ul className="skipped-list">
            {look.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="toggle" role="group" aria-label={t('sensors.chart.range')} style={{ margin: '4px 0 6px' }}>
        {CHART_RANGES.map((r) => (
          <button key={r.key} type="button" className={r.ms === rangeMs ? 'active' : ''} aria-pressed={r.ms === rangeMs} onClick={() => setRangeMs(r.ms)} data-testid={`sensor-range-${r.key}`} style={{ padding: '3px 10px' }}>
            {t(`sensors.range.${r.key}` as MessageKey)}
          </button>
        ))}
      </div>
      <SensorChart sensor={sensor} kind={kind} timeZone={timeZone} rangeMs={rangeMs} />
      <button type="button" className="button secondary" onClick={() => sensorsStore.getState().select(null)} data-testid="sensor-detail-close" style={{ marginTop: 8 }}>
        {t('sensors.close')}
      </button>
    </Panel>
  );
}
