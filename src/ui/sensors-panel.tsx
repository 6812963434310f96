/**
 * The live sensors panel (issue 5): a filter per sensor family (checkbox with the count and the
 * family's legend with units), a summary and a list of the sensors (a button each: select to open
 * the detail), the empty state, then the time slider and the selected sensor's detail. Everything
 * keyboard reachable (native checkboxes and buttons). Reads the sensors store only.
 */
import { useMemo } from 'react';
import { formatNumber, t, type MessageKey } from '../i18n';
import { sensorsStore, useSensorsStore, type Sensor, type SensorType } from '../state/sensors-store';
import type { ResultLegend } from '../results/result-types';
import { Panel } from './panel';
import { KIND_OF_TYPE, SENSOR_KINDS, kindLegend, kindRule, markerLook, sensorShortName, type SensorKind } from './sensor-display';
import { SensorDetail } from './sensor-detail';
import { SensorReplay } from './sensor-replay';

/** The types of a family (parking: ParkingSpot and OnStreetParking). */
export function typesOfKind(kind: SensorKind): SensorType[] {
  return (Object.keys(KIND_OF_TYPE) as SensorType[]).filter((type) => KIND_OF_TYPE[type] === kind);
}

export function CompactLegend({ legend, testId }: { legend: ResultLegend; testId: string }) {
  if (legend.kind === 'classes') {
    return (
      <ul className="legend-list" data-testid={testId}>
        {legend.classes.map((c) => (
          <li key={`${c.from}-${c.to}`}>
            <span className="swatch swatch-box" style={{ background: c.colour }} aria-hidden="true" />
            {c.label ?? `${formatNumber(c.from)}–${formatNumber(c.to)}`}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="legend-ramp" data-testid={testId}>
      <div className="legend-ramp-bar" style={{ background: `linear-gradient(to right, ${legend.colours.join(', ')})` }} aria-hidden="true" />
      <div className="legend-ramp-labels">
        <span>{formatNumber(legend.min)}</span>
        <span>{formatNumber(legend.max)}</span>
      </div>
    </div>
  );
}

function KindFilter({ kind, count, hidden }: { kind: SensorKind; count: number; hidden: boolean }) {
  const legend = kindLegend(kind);
  return (
    <li data-testid={`sensor-kind-${kind}`}>
      <label className="check">
        <input
          type="checkbox"
          checked={!hidden}
          onChange={(e) => {
            const show = e.currentTarget.checked;
            for (const type of typesOfKind(kind)) sensorsStore.getState().setTypeHidden(type, !show);
          }}
          data-testid={`sensor-filter-${kind}`}
        />
        <span aria-hidden="true">{kindRule(kind).glyph}</span>
        <span>{t('sensors.kindCount', { kind: t(`sensors.kind.${kind}` as MessageKey), count })}</span>
      </label>
      {!hidden && (
        <details className="sensor-legend">
          <summary>{t('sensors.legendOf', { unit: legend.unit })}</summary>
          <CompactLegend legend={legend} testId={`sensor-legend-${kind}`} />
        </details>
      )}
    </li>
  );
}

/** A list row that reads as text but is a real button (keyboard, focus ring from styles.css). */
const ROW_STYLE = { display: 'flex', gap: 6, alignItems: 'center', width: '100%', textAlign: 'left', background: 'none', border: 0, padding: '2px 4px', font: 'inherit', color: 'inherit', cursor: 'pointer', borderRadius: 4 } as const;

function SensorRow({ sensor, selected, replayed }: { sensor: Sensor; selected: boolean; replayed: boolean }) {
  const look = markerLook(sensor);
  const main = look.main;
  const value = main === null || Number.isNaN(main.value) ? t('units.none') : `${formatNumber(main.value)} ${main.unit}`.trim();
  return (
    <li>
      <button type="button" className="sensor-row" style={selected ? { ...ROW_STYLE, background: 'var(--accent-soft)' } : ROW_STYLE} aria-pressed={selected} onClick={() => sensorsStore.getState().select(selected ? null : sensor.id)} data-testid={`sensor-row-${sensor.id}`}>
        <span className="swatch swatch-box" style={{ background: look.colour }} aria-hidden="true" />
        <span>{kindRule(look.kind).glyph}</span> <span>{sensorShortName(sensor.id)}</span> <span className="sensor-row-value">{replayed ? '' : value}</span>
        {look.problems.length > 0 && <span title={look.problems.join('; ')}> ⚠ {t('sensors.flagged')}</span>}
        {sensor.position === null && <span> · {t('sensors.notOnMap')}</span>}
      </button>
    </li>
  );
}

export function SensorsPanel() {
  const sensors = useSensorsStore((s) => s.sensors);
  const hiddenTypes = useSensorsStore((s) => s.hiddenTypes);
  const selectedId = useSensorsStore((s) => s.selectedId);
  const status = useSensorsStore((s) => s.connection.status);
  const replaying = useSensorsStore((s) => s.replayAtMs !== null);
  const list = useMemo(() => Object.values(sensors).sort((a, b) => a.id.localeCompare(b.id)), [sensors]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(SENSOR_KINDS.map((k) => [k, 0])) as Record<SensorKind, number>;
    for (const s of list) c[KIND_OF_TYPE[s.type]] += 1;
    return c;
  }, [list]);
  const shown = list.filter((s) => !hiddenTypes.includes(s.type));
  const flagged = shown.filter((s) => markerLook(s).problems.length > 0).length;
  return (
    <>
      <Panel id="sensors-panel" title={t('sensors.title')}>
        {list.length === 0 ? (
          <p className="empty" data-testid="sensors-empty">
            {status === 'connecting' ? t('sensors.connecting') : t('sensors.none')}
          </p>
        ) : (
          <>
            <fieldset className="sensor-filter">
              <legend>{t('sensors.filter')}</legend>
              <ul className="layer-list">
                {SENSOR_KINDS.filter((k) => counts[k] > 0).map((kind) => (
                  <KindFilter key={kind} kind={kind} count={counts[kind]} hidden={typesOfKind(kind).every((type) => hiddenTypes.includes(type))} />
                ))}
              </ul>
            </fieldset>
            <p className="legend-note" data-testid="sensors-summary">
              {t('sensors.summary', { shown: shown.length, total: list.length, flagged })}
            </p>
            <ul className="legend-list sensor-list" aria-label={t('sensors.list')} style={{ maxHeight: 180, overflowY: 'auto', display: 'block' }}>
              {shown.map((s) => (
                <SensorRow key={s.id} sensor={s} selected={s.id === selectedId} replayed={replaying} />
              ))}
            </ul>
          </>
        )}
      </Panel>
      {list.length > 0 && <SensorReplay />}
      <SensorDetail />
    </>
  );
}
