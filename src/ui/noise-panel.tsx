/**
 * Road traffic noise panel (issue 8): grid resolution and reflections, Run with progress and
 * Cancel; the Lden / Lnight / Lday / Levening maps go to the results store (draped by the scene,
 * 5-dB legend in Results); the panel shows the exposure table (residents per 5-dB band of Lden
 * and Lnight at the most exposed facade, END and WHO thresholds) and a bar chart of residents per
 * Lden band. What-if controls (flow %, speed, surface on all roads) only re-sum the stored paths
 * in the worker. The panel computes the district as the scene shows it (src/app/noise-subject.ts:
 * the editor's draft, a shown scenario's edits, or the district as loaded) and keeps its worker
 * across those edits, so a re-run after a building change recomputes only the paths it touches
 * and says how many; a new district starts afresh. Native controls only: Tab, arrows, Space.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber, t, type MessageKey } from '../i18n';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import { NOISE_CLASSES } from '../sim/noise/noise-classes';
import { roadCoefficientSet } from '../sim/noise/road-coefficients';
import { useCityStore } from '../state/city-store';
import { useEditStore } from '../state/edit-store';
import { useScenarioStore } from '../state/scenario-store';
import { resultsStore } from '../state/results-store';
import type { NoiseJobResult, NoiseTrafficEdit } from '../sim-workers/noise-job';
import { NOISE_INDICATORS, noiseRasterResult, noiseResultId, type NoiseIndicator } from '../sim-workers/noise-results';
import { createNoiseClient, type NoiseClient } from '../app/noise-client';
import { noiseSubject, type NoiseSubject } from '../app/noise-subject';
import type { NoiseGeometryUpdate } from '../sim-workers/noise-geometry-change';
import type { CityModel } from '../twin/city-model';
import { Panel } from './panel';
import { ProgressBar } from './progress-bar';

const GRID_CHOICES_M = [10, 20, 40] as const;
const SPEED_CHOICES_KMH = [20, 30, 50] as const;
const SURFACES = Object.keys(roadCoefficientSet('2020').surfaces).filter((s) => s !== 'DEF');

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ProgressReport }
  | { kind: 'done'; result: NoiseJobResult; elapsedMs: number; resumMs: number | null; update: NoiseGeometryUpdate | null; city: CityModel }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

function subjectText(s: NoiseSubject): string {
  if (s.kind === 'draft') return t('noise.subjectDraft', { count: s.edits });
  if (s.kind === 'scenario') return t('noise.subjectScenario', { name: s.name, count: s.edits });
  return t('noise.subjectDistrict');
}

/** What a run that updated the previous session recomputed, in words. */
function UpdateNote({ update, elapsedMs }: { update: NoiseGeometryUpdate; elapsedMs: number }) {
  const text =
    update.fullRecomputeReason === null
      ? t('noise.updated', { recomputed: formatNumber(update.pairsRecomputed, 0), pairs: formatNumber(update.pairs, 0), share: formatNumber((100 * update.pairsRecomputed) / Math.max(1, update.pairs), 1), seconds: formatNumber(elapsedMs / 1000, 1) })
      : t('noise.updatedFull', { reason: update.fullRecomputeReason });
  return (
    <p className="legend-note" data-testid="noise-update" data-incremental={update.fullRecomputeReason === null ? 'true' : 'false'}>
      {text}
    </p>
  );
}

function publish(r: NoiseJobResult, shown: NoiseIndicator, elapsedMs: number): void {
  const notes = [
    t('noise.noteRun', { seconds: formatNumber(elapsedMs / 1000, 1), receivers: r.stats.gridReceivers, facades: r.stats.facadeReceivers, sources: r.stats.pointSources, pairs: r.stats.pairs }),
    t('noise.noteFlows', { given: r.stats.roadsWithGivenFlows, defaulted: r.stats.roadsWithDefaultFlows, g: formatNumber(r.stats.groundG, 2) }),
    t('noise.noteMethod'),
  ];
  for (const ind of NOISE_INDICATORS) {
    const title = t('noise.resultTitle', { indicator: t(`noise.${ind}` as MessageKey) });
    resultsStore.getState().setResult(noiseRasterResult(r, ind, title, notes), ind === shown);
  }
}

function ExposureTableView({ result }: { result: NoiseJobResult }) {
  const e = result.exposure;
  const bands = e.bands.filter((b) => b.ldenResidents > 0 || b.lnightResidents > 0);
  const max = Math.max(1, ...e.bands.map((b) => b.ldenResidents));
  const round = (n: number) => formatNumber(n, 0);
  return (
    <div data-testid="noise-exposure">
      <h3 className="legend-heading">{t('noise.exposure')}</h3>
      <table data-testid="noise-exposure-table" style={{ width: '100%', fontSize: 13, borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left' }}>{t('noise.band')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>{t('noise.residentsLden')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>{t('noise.residentsLnight')}</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b) => (
            <tr key={b.label}>
              <td>{b.label}</td>
              <td style={{ textAlign: 'right' }}>{round(b.ldenResidents)}</td>
              <td style={{ textAlign: 'right' }}>{round(b.lnightResidents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="time-sun" data-testid="noise-thresholds">
        <dt>{t('noise.endLden')}</dt>
        <dd>{round(e.endLdenAbove55)}</dd>
        <dt>{t('noise.endLnight')}</dt>
        <dd>{round(e.endLnightAbove50)}</dd>
        <dt>{t('noise.whoLden')}</dt>
        <dd>{round(e.whoLdenAbove53)}</dd>
        <dt>{t('noise.whoLnight')}</dt>
        <dd>{round(e.whoLnightAbove45)}</dd>
      </dl>
      <p className="legend-note">{t('noise.total', { assessed: round(e.assessedResidents), total: round(e.totalResidents) })}</p>
      {e.unassessedResidents > 0 && <p className="legend-note">{t('noise.unassessed', { count: round(e.unassessedResidents) })}</p>}
      {e.beyondRangeResidents > 0 && <p className="legend-note">{t('noise.beyondRange', { count: round(e.beyondRangeResidents) })}</p>}
      <h3 className="legend-heading">{t('noise.chart')}</h3>
      <svg role="img" aria-label={t('noise.chart')} data-testid="noise-chart" viewBox={`0 0 ${e.bands.length * 20} 60`} style={{ width: '100%', height: 80 }}>
        {e.bands.map((b, k) => {
          const h = (50 * b.ldenResidents) / max;
          return (
            <rect key={b.label} x={k * 20 + 2} y={52 - h} width={16} height={h} fill={NOISE_CLASSES[k]?.colour ?? '#888'} stroke="#555" strokeWidth={0.5}>
              <title>{t('noise.chartBar', { band: b.label, count: round(b.ldenResidents) })}</title>
            </rect>
          );
        })}
        <line x1={0} x2={e.bands.length * 20} y1={52.5} y2={52.5} stroke="#555" strokeWidth={0.5} />
      </svg>
    </div>
  );
}

export function NoisePanel() {
  const city = useCityStore((s) => s.city);
  const draftBase = useEditStore((s) => s.base);
  const draft = useEditStore((s) => s.draft);
  const draftEdits = useEditStore((s) => s.edits.length);
  const shownRun = useScenarioStore((s) => (s.editsShownId === null ? undefined : s.runs[s.editsShownId]));
  const shownOutcome = shownRun?.status === 'done' ? shownRun.outcome : null;
  const subject = useMemo(
    () => (city === null ? null : noiseSubject(city, draftBase === city ? { city: draft, edits: draftEdits } : null, shownOutcome === null ? null : { name: shownOutcome.name, edits: shownOutcome.edits })),
    [city, draftBase, draft, draftEdits, shownOutcome],
  );
  const [gridM, setGridM] = useState<number>(10);
  const [reflections, setReflections] = useState(false);
  const [shown, setShown] = useState<NoiseIndicator>('lden');
  const [flowPercent, setFlowPercent] = useState(100);
  const [speed, setSpeed] = useState<number | null>(null);
  const [surface, setSurface] = useState<string | null>(null);
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const client = useRef<NoiseClient | null>(null);
  const resumSeq = useRef(0);
  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );
  useEffect(() => {
    // A new district invalidates the session.
    client.current?.dispose();
    client.current = null;
    setState({ kind: 'idle' });
  }, [city]);
  if (city === null || subject === null) return null;

  const start = () => {
    const c = client.current ?? createNoiseClient();
    client.current = c;
    setFlowPercent(100);
    setSpeed(null);
    setSurface(null);
    setState({ kind: 'running', progress: { fraction: 0, stage: '' } });
    const computed = subject.city;
    c.run(computed, { gridCellM: gridM, reflectionRadiusM: reflections ? 50 : 0 }, (p) => setState((s) => (s.kind === 'running' ? { kind: 'running', progress: p } : s)), city).then(
      (r) => {
        publish(r, shown, r.elapsedMs);
        setState({ kind: 'done', result: r, elapsedMs: r.elapsedMs, resumMs: null, update: r.update, city: computed });
      },
      (e: unknown) => setState(e instanceof CancelledError ? { kind: 'cancelled' } : { kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  const whatIf = (flow: number, v: number | null, s: string | null) => {
    const c = client.current;
    if (c === null || state.kind !== 'done') return;
    const edit: NoiseTrafficEdit = { flowFactor: flow / 100, ...(v === null ? {} : { speedKmh: v }), ...(s === null ? {} : { surface: s }) };
    const seq = ++resumSeq.current;
    const { elapsedMs, update, city: computed } = state;
    c.whatIf([edit]).then(
      (r) => {
        if (seq !== resumSeq.current) return;
        publish(r, shown, elapsedMs);
        setState({ kind: 'done', result: r, elapsedMs, resumMs: r.elapsedMs, update, city: computed });
      },
      (e: unknown) => setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  const running = state.kind === 'running';

  return (
    <Panel id="noise-panel" title={t('noise.title')}>
      <p className="legend-note">{t('noise.intro')}</p>
      <p className="legend-note" data-testid="noise-subject">
        {t('noise.subject', { subject: subjectText(subject) })}
      </p>
      <label className="field">
        <span>{t('noise.grid')}</span>
        <select value={gridM} disabled={running} onChange={(e) => setGridM(Number(e.target.value))} data-testid="noise-grid">
          {GRID_CHOICES_M.map((g) => (
            <option key={g} value={g}>
              {t('noise.gridValue', { value: g })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <input type="checkbox" checked={reflections} disabled={running} onChange={(e) => setReflections(e.target.checked)} />
        <span>{t('noise.reflections')}</span>
      </label>
      {running ? (
        <ProgressBar testId="noise-progress" progress={state.progress} label={t('noise.progress', { stage: state.progress.stage })} onCancel={() => client.current?.cancel()} />
      ) : (
        <button type="button" className="button" onClick={start} data-testid="noise-run">
          {t('noise.run')}
        </button>
      )}
      {state.kind === 'cancelled' && (
        <p className="empty" data-testid="noise-cancelled">
          {t('noise.cancelled')}
        </p>
      )}
      {state.kind === 'error' && (
        <p className="error" role="alert" data-testid="noise-error">
          {t('noise.error', { message: state.message })}
        </p>
      )}
      {state.kind === 'done' && (
        <>
          {state.update !== null && <UpdateNote update={state.update} elapsedMs={state.elapsedMs} />}
          {state.city !== subject.city && (
            <p className="panel-hint" data-testid="noise-stale">
              {t('noise.stale')}
            </p>
          )}
          <label className="field">
            <span>{t('noise.indicator')}</span>
            <select
              value={shown}
              data-testid="noise-indicator"
              onChange={(e) => {
                const ind = e.target.value as NoiseIndicator;
                setShown(ind);
                resultsStore.getState().show(noiseResultId(ind));
              }}
            >
              {NOISE_INDICATORS.map((ind) => (
                <option key={ind} value={ind}>
                  {t(`noise.${ind}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <ExposureTableView result={state.result} />
          <fieldset data-testid="noise-what-if">
            <legend>{t('noise.whatIf')}</legend>
            <label className="field">
              <span>{t('noise.flowFactor', { value: flowPercent })}</span>
              <input
                type="range" min={0} max={200} step={10} value={flowPercent} data-testid="noise-flow"
                onChange={(e) => {
                  const v = Number(e.target.value);
                  setFlowPercent(v);
                  whatIf(v, speed, surface);
                }}
              />
            </label>
            <label className="field">
              <span>{t('noise.speed')}</span>
              <select
                value={speed ?? ''}
                onChange={(e) => {
                  const v = e.target.value === '' ? null : Number(e.target.value);
                  setSpeed(v);
                  whatIf(flowPercent, v, surface);
                }}
              >
                <option value="">{t('noise.speedKeep')}</option>
                {SPEED_CHOICES_KMH.map((v) => (
                  <option key={v} value={v}>
                    {t('noise.speedValue', { value: v })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('noise.surface')}</span>
              <select
                value={surface ?? '*'}
                onChange={(e) => {
                  const s = e.target.value === '*' ? null : e.target.value;
                  setSurface(s);
                  whatIf(flowPercent, speed, s);
                }}
              >
                <option value="*">{t('noise.surfaceKeep')}</option>
                <option value="">{t('noise.surfaceReference')}</option>
                {SURFACES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            {state.resumMs !== null && (
              <p className="legend-note" data-testid="noise-resummed">
                {t('noise.resummed', { ms: formatNumber(state.resumMs, 0) })}
              </p>
            )}
          </fieldset>
          {state.result.warnings.length > 0 && <p className="legend-note">{t('noise.warnings', { text: state.result.warnings.join('; ') })}</p>}
        </>
      )}
    </Panel>
  );
}
