/**
 * Time series of a sensor's main values (uPlot) from the temporal API over a chosen range, in the
 * displayed units (src/ui/sensor-display.ts), the time axis in the district's time zone. Loading
 * and error states are shown in words; the chart refetches when a newer reading arrives.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../i18n';
import { fetchSensorSeries, type SeriesByReading } from '../app/sensor-history';
import type { Sensor } from '../state/sensors-store';
import { currentLookup, displayNumber, kindRule, type SensorKind } from './sensor-display';

const SERIES_COLOURS = ['#1f5fa8', '#d7191c', '#2e8540', '#7d2181'];

/** Aligned uPlot data: the union of sample times (s) and one row per attribute (null where it has no sample). */
export function alignedChartData(series: SeriesByReading, attributes: readonly string[], convert: (attribute: string, value: Sensor['readings'][string]['value']) => number): { data: uPlot.AlignedData; points: number } {
  const times = [...new Set(attributes.flatMap((a) => series[a]?.timesMs ?? []))].sort((a, b) => a - b);
  const index = new Map(times.map((tm, k) => [tm, k]));
  let points = 0;
  const rows = attributes.map((a) => {
    const row: (number | null)[] = times.map(() => null);
    const s = series[a];
    s?.timesMs.forEach((tm, k) => {
      const v = convert(a, s.values[k] ?? null);
      if (Number.isFinite(v)) {
        row[index.get(tm) ?? 0] = v;
        points++;
      }
    });
    return row;
  });
  return { data: [times.map((tm) => tm / 1000), ...rows], points };
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; series: SeriesByReading };

export function SensorChart({ sensor, kind, timeZone, rangeMs }: { sensor: Sensor; kind: SensorKind; timeZone: string; rangeMs: number }) {
  const rule = kindRule(kind);
  const attributes = rule.chartAttributes.filter((a) => Object.values(sensor.readings).some((r) => r.attribute === a));
  const attrsKey = attributes.join(',');
  const latestMs = Math.max(0, ...Object.values(sensor.readings).map((r) => r.observedAtMs ?? 0));
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    if (attrsKey === '') return undefined;
    const toMs = Math.max(Date.now(), latestMs);
    fetchSensorSeries(sensor.id, attrsKey.split(','), toMs - rangeMs, toMs + 1000)
      .then((series) => !cancelled && setLoad({ state: 'ready', series }))
      .catch((e: unknown) => !cancelled && setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [sensor.id, attrsKey, rangeMs, latestMs]);

  useEffect(() => setLoad({ state: 'loading' }), [sensor.id, rangeMs]);

  const unit = kind === 'light' ? t('sensors.unit.state') : rule.unit;
  const series = load.state === 'ready' ? load.series : null;
  const get = currentLookup(sensor);
  const unitCodes = attributes.map((a) => get(a)?.unitCode ?? '').join(',');
  const total = get('totalSpotNumber')?.value;
  const aligned = useMemo(() => {
    if (series === null) return null;
    const codes = unitCodes.split(',');
    const names = attrsKey.split(',');
    const totalLookup = (a: string) => (a === 'totalSpotNumber' && total !== undefined ? { attribute: a, datasetId: '', value: total } : undefined);
    return alignedChartData(series, names, (a, value) => {
      const unitCode = codes[names.indexOf(a)] ?? '';
      return displayNumber(kind, { attribute: a, datasetId: '', value, ...(unitCode === '' ? {} : { unitCode }) }, totalLookup);
    });
  }, [series, attrsKey, unitCodes, kind, total]);

  useEffect(() => {
    const el = host.current;
    if (el === null || aligned === null || aligned.points === 0) return undefined;
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth || 240),
        height: 160,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
        legend: { show: true },
        scales: { x: { time: true } },
        axes: [{ size: 30, font: '11px system-ui' }, { label: unit, size: 44, font: '11px system-ui', labelFont: '11px system-ui', labelSize: 14 }],
        series: [{}, ...attrsKey.split(',').map((a, k) => ({ label: a, stroke: SERIES_COLOURS[k % SERIES_COLOURS.length] ?? '#1f5fa8', width: 1.5, spanGaps: true, points: { show: true, size: 3 } }))],
      },
      aligned.data,
      el,
    );
    return () => plot.destroy();
  }, [aligned, attrsKey, timeZone, unit]);

  if (attributes.length === 0) return <p className="empty">{t('sensors.chart.noSeries')}</p>;
  return (
    <div className="sensor-chart" data-testid="sensor-chart" data-state={load.state} data-points={aligned?.points ?? 0} aria-label={t('sensors.chart.label', { unit })}>
      {load.state === 'loading' && <p className="empty">{t('sensors.chart.loading')}</p>}
      {load.state === 'error' && (
        <p className="notice notice-error" role="alert">
          {t('sensors.chart.error', { message: load.message })}
        </p>
      )}
      {aligned !== null && aligned.points === 0 && <p className="empty">{t('sensors.chart.empty')}</p>}
      <div ref={host} />
    </div>
  );
}
