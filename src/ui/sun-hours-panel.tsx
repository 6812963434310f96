/**
 * Sun-hours analysis panel (issue 6): a period (21 March, 21 June, 21 December, a chosen day or a
 * chosen month), grid resolution (default 1 m), time step (default 10 min), obstacles (buildings,
 * trees with optional seasonal crowns, terrain) and where to compute (CPU worker or GPU); Run shows
 * a progress bar with Cancel (also Escape). The map goes to the results store (draped by the scene,
 * legend in Results); the panel shows the KPIs: open ground and each open space with ≥ 2 h of sun,
 * and facade points below a threshold on 21 December. Native controls only: Tab, arrows, Space.
 */
import { useEffect, useRef, useState } from 'react';
import { formatNumber, t, type MessageKey } from '../i18n';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import { useCityStore } from '../state/city-store';
import { resultsStore } from '../state/results-store';
import { useTimeStore } from '../state/time-store';
import { DEFAULT_OBSTACLES, SUN_HOURS_RESOLUTIONS_M, SUN_HOURS_STEPS_MIN, type SunHoursJobResult, type SunHoursObstacles } from '../sim-workers/sun-hours-job';
import { installSunHoursTestHooks, requestPeriod, startSunHours, sunHoursJobFor, sunHoursPoints, sunHoursRaster, type SunHoursPath, type SunHoursPreset, type SunHoursRequest, type SunHoursRun } from '../app/sun-hours-client';
import { TEST_MODE } from '../app/test-mode';
import { sunFromTimeRenders } from '../scene/sun-from-time';
import { Panel } from './panel';
import { ProgressBar } from './progress-bar';

const PRESETS: readonly SunHoursPreset[] = ['march', 'june', 'december', 'day', 'month'];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

function periodLabel(r: SunHoursRequest): string {
  const p = requestPeriod(r);
  const fmt = new Intl.DateTimeFormat('en-GB', r.preset === 'month' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return fmt.format(new Date(Date.UTC(p.year, p.month - 1, p.day)));
}

type RunState = { kind: 'idle' } | { kind: 'running'; progress: ProgressReport } | { kind: 'done'; result: SunHoursJobResult; path: SunHoursPath; period: string } | { kind: 'cancelled' } | { kind: 'error'; message: string };

function SurfaceKpis({ surfaces, period }: { surfaces: NonNullable<SunHoursJobResult['surfaces']>; period: string }) {
  return (
    <>
      <h3 className="legend-heading">{t('sunHours.surfacesHeading', { period })}</h3>
      <dl className="time-sun" data-testid="sun-hours-surfaces">
        <dt>{t('sunHours.roofShare', { threshold: surfaces.thresholdH })}</dt>
        <dd data-testid="sun-hours-roof-share">{t('sunHours.percentValue', { value: formatNumber(surfaces.roofShareAtLeast * 100, 0) })}</dd>
        <dt>{t('sunHours.roofArea')}</dt>
        <dd>{t('sunHours.areaValue', { value: formatNumber(surfaces.roofAreaM2, 0) })}</dd>
        <dt>{t('sunHours.facadeShareAtLeast', { threshold: surfaces.thresholdH })}</dt>
        <dd>{t('sunHours.percentValue', { value: formatNumber(surfaces.facadeShareAtLeast * 100, 0) })}</dd>
      </dl>
    </>
  );
}

function Kpis({ result, period }: { result: SunHoursJobResult; period: string }) {
  const spaces = [...result.openSpaces].sort((a, b) => a.shareAtLeast2h - b.shareAtLeast2h);
  const f = result.facade;
  return (
    <div data-testid="sun-hours-kpis">
      <h3 className="legend-heading">{t('sunHours.kpis')}</h3>
      <dl className="time-sun">
        <dt>{t('sunHours.dayLength')}</dt>
        <dd>{t('sunHours.hoursValue', { value: formatNumber(result.dayLengthH, 1) })}</dd>
        <dt>{t('sunHours.openShare')}</dt>
        <dd data-testid="sun-hours-open-share">{t('sunHours.percentValue', { value: formatNumber(result.openShareAtLeast2h * 100, 0) })}</dd>
        <dt>{t('sunHours.openMean')}</dt>
        <dd>{t('sunHours.hoursValue', { value: formatNumber(result.openMeanH, 1) })}</dd>
      </dl>
      <h3 className="legend-heading">{t('sunHours.openSpaces')}</h3>
      {spaces.length === 0 ? (
        <p className="empty">{t('sunHours.openSpacesNone')}</p>
      ) : (
        <div style={{ maxHeight: '12rem', overflowY: 'auto' }} tabIndex={0} aria-label={t('sunHours.openSpaces')}>
          <table data-testid="sun-hours-open-spaces" style={{ width: '100%', fontSize: 13, borderCollapse: 'collapse' }}>
            <thead>
              <tr>
                <th scope="col" style={{ textAlign: 'left' }}>{t('sunHours.space')}</th>
                <th scope="col" style={{ textAlign: 'right' }}>{t('sunHours.area')}</th>
                <th scope="col" style={{ textAlign: 'right' }}>{t('sunHours.share')}</th>
              </tr>
            </thead>
            <tbody>
              {spaces.map((s) => (
                <tr key={s.index}>
                  <td>
                    {s.cover} <small>{s.id}</small>
                  </td>
                  <td style={{ textAlign: 'right' }}>{formatNumber(s.areaM2, 0)}</td>
                  <td style={{ textAlign: 'right', fontWeight: s.shareAtLeast2h < 0.5 ? 600 : 400 }}>
                    {t('sunHours.percentValue', { value: formatNumber(s.shareAtLeast2h * 100, 0) })}
                    {s.shareAtLeast2h < 0.5 && <span className="visually-hidden"> ({t('sunHours.belowHalf')})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {f !== null && (
        <>
          <h3 className="legend-heading">{t('sunHours.facades')}</h3>
          <dl className="time-sun" data-testid="sun-hours-facades">
            <dt>{t('sunHours.facadeShare', { threshold: f.thresholdH })}</dt>
            <dd>{t('sunHours.percentValue', { value: formatNumber(f.shareBelow * 100, 0) })}</dd>
            <dt>{t('sunHours.facadeBuildings', { threshold: f.thresholdH })}</dt>
            <dd>{t('sunHours.facadeBuildingsValue', { count: f.buildingsAllBelow, total: f.buildings })}</dd>
          </dl>
        </>
      )}
      {result.surfaces !== undefined && <SurfaceKpis surfaces={result.surfaces} period={period} />}
    </div>
  );
}

export function SunHoursPanel() {
  const city = useCityStore((s) => s.city);
  const year = useTimeStore((s) => s.date.year);
  const [preset, setPreset] = useState<SunHoursPreset>('march');
  const [date, setDate] = useState(`${year}-06-21`);
  const [month, setMonth] = useState(6);
  const [cellSizeM, setCellSizeM] = useState<number>(1);
  const [stepMin, setStepMin] = useState<number>(10);
  const [obstacles, setObstacles] = useState<SunHoursObstacles>(DEFAULT_OBSTACLES);
  const [facadeThresholdH, setFacadeThresholdH] = useState(1);
  const [surfaces, setSurfaces] = useState(false);
  const [roofThresholdH, setRoofThresholdH] = useState(4);
  const [path, setPath] = useState<SunHoursPath>('cpu');
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const run = useRef<SunHoursRun | null>(null);
  useEffect(() => () => run.current?.cancel(), []);
  useEffect(() => {
    if (TEST_MODE && city !== null) installSunHoursTestHooks(city, () => sunFromTimeRenders.count);
  }, [city]);
  if (city === null) return null;
  const hasTerrain = city.terrain?.kind === 'grid';

  const request = (): SunHoursRequest => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const chosen = m === null ? { y: year, mo: 6, d: 21 } : { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) };
    return {
      preset,
      year: preset === 'day' ? chosen.y : year,
      month: preset === 'day' ? chosen.mo : month,
      day: chosen.d,
      cellSizeM,
      stepMin,
      obstacles: { ...obstacles, terrain: obstacles.terrain && hasTerrain },
      facadeThresholdH: Number.isFinite(facadeThresholdH) ? facadeThresholdH : null,
      surfacesThresholdH: surfaces && Number.isFinite(roofThresholdH) ? roofThresholdH : null,
    };
  };
  const cancel = () => {
    run.current?.cancel();
  };
  const start = () => {
    let r: SunHoursRequest;
    let job;
    try {
      r = request();
      job = sunHoursJobFor(city, r);
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    setState({ kind: 'running', progress: { fraction: 0, stage: '' } });
    const handle = startSunHours(city, job, path, (p) => setState((s) => (s.kind === 'running' ? { kind: 'running', progress: p } : s)));
    run.current = handle;
    handle.result.then(
      (res) => {
        if (run.current !== handle) return;
        run.current = null;
        const unit = r.preset === 'month' ? t('sunHours.unitPerDay') : t('sunHours.unitDay');
        const notes = [
          t('sunHours.noteRun', { path: t(`sunHours.${res.path}` as MessageKey), seconds: formatNumber(res.elapsedMs / 1000, 1), cells: res.nx * res.ny, cell: res.cellSizeM, step: r.stepMin }),
          t('sunHours.noteOpen', { share: formatNumber(res.openShareAtLeast2h * 100, 0) }),
        ];
        const period = periodLabel(r);
        resultsStore.getState().setResult(sunHoursRaster(res, t('sunHours.resultTitle', { period }), unit, notes));
        const s = res.surfaces;
        if (s !== undefined) {
          const surfaceNotes = [notes[0] ?? '', t('sunHours.noteSurfaces', { roofs: s.roofCount, facades: s.x.length - s.roofCount, threshold: s.thresholdH, share: formatNumber(s.roofShareAtLeast * 100, 0) })];
          const points = sunHoursPoints(res, t('sunHours.surfacesTitle', { period }), unit, surfaceNotes);
          if (points !== null) resultsStore.getState().setResult(points); // shown; the ground raster stays in Results
        }
        setState({ kind: 'done', result: res, path: res.path, period });
      },
      (e: unknown) => {
        if (run.current !== handle) return;
        run.current = null;
        setState(e instanceof CancelledError ? { kind: 'cancelled' } : { kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  };
  const running = state.kind === 'running';
  const setObstacle = (key: keyof SunHoursObstacles, value: boolean) => setObstacles((o) => ({ ...o, [key]: value }));

  return (
    <Panel id="sun-hours-panel" title={t('sunHours.title')}>
      <div
        onKeyDown={(e) => {
          if (e.key === 'Escape' && running) {
            e.stopPropagation();
            cancel();
          }
        }}
      >
        {state.kind === 'idle' && <p className="empty">{t('sunHours.empty')}</p>}
        <fieldset disabled={running} style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="legend-heading">{t('sunHours.period')}</legend>
          {PRESETS.map((p) => (
            <label key={p} className="check" style={{ display: 'block' }}>
              <input type="radio" name="sun-hours-preset" value={p} checked={preset === p} onChange={() => setPreset(p)} data-testid={`sun-hours-preset-${p}`} /> {t(`sunHours.${p}` as MessageKey)}
            </label>
          ))}
          {preset === 'day' && (
            <label className="field">
              <span>{t('sunHours.date')}</span>
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="sun-hours-date" />
            </label>
          )}
          {preset === 'month' && (
            <label className="field">
              <span>{t('sunHours.monthPick')}</span>
              <select value={month} onChange={(e) => setMonth(Number(e.target.value))} data-testid="sun-hours-month">
                {MONTHS.map((m) => (
                  <option key={m} value={m}>
                    {new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)))} {year}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>{t('sunHours.resolution')}</span>
            <select value={cellSizeM} onChange={(e) => setCellSizeM(Number(e.target.value))} data-testid="sun-hours-resolution">
              {SUN_HOURS_RESOLUTIONS_M.map((v) => (
                <option key={v} value={v}>
                  {t('sunHours.resolutionValue', { value: v })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('sunHours.step')}</span>
            <select value={stepMin} onChange={(e) => setStepMin(Number(e.target.value))} data-testid="sun-hours-step">
              {SUN_HOURS_STEPS_MIN.map((v) => (
                <option key={v} value={v}>
                  {t('sunHours.stepValue', { value: v })}
                </option>
              ))}
            </select>
          </label>
          <fieldset style={{ border: 0, padding: 0, margin: '6px 0' }}>
            <legend className="legend-heading">{t('sunHours.obstacles')}</legend>
            <label className="check" style={{ display: 'block' }}>
              <input type="checkbox" checked={obstacles.buildings} onChange={(e) => setObstacle('buildings', e.target.checked)} data-testid="sun-hours-buildings" /> {t('sunHours.buildings')}
            </label>
            <label className="check" style={{ display: 'block' }}>
              <input type="checkbox" checked={obstacles.trees} onChange={(e) => setObstacle('trees', e.target.checked)} data-testid="sun-hours-trees" /> {t('sunHours.trees')}
            </label>
            <label className="check" style={{ display: 'block', marginLeft: '1.5em' }}>
              <input type="checkbox" checked={obstacles.seasonalCrowns} disabled={!obstacles.trees} onChange={(e) => setObstacle('seasonalCrowns', e.target.checked)} data-testid="sun-hours-seasonal" /> {t('sunHours.seasonal')}
            </label>
            <label className="check" style={{ display: 'block' }}>
              <input type="checkbox" checked={obstacles.terrain && hasTerrain} disabled={!hasTerrain} onChange={(e) => setObstacle('terrain', e.target.checked)} data-testid="sun-hours-terrain" /> {hasTerrain ? t('sunHours.terrain') : t('sunHours.noTerrain')}
            </label>
          </fieldset>
          <label className="field">
            <span>{t('sunHours.facadeThreshold')}</span>
            <input type="number" min={0} max={12} step={0.5} value={facadeThresholdH} onChange={(e) => setFacadeThresholdH(e.target.valueAsNumber)} data-testid="sun-hours-facade-threshold" />
          </label>
          <label className="check" style={{ display: 'block' }}>
            <input type="checkbox" checked={surfaces} onChange={(e) => setSurfaces(e.target.checked)} data-testid="sun-hours-surfaces-toggle" /> {t('sunHours.surfaces')}
          </label>
          {surfaces && (
            <label className="field">
              <span>{t('sunHours.surfacesThreshold')}</span>
              <input type="number" min={0} max={16} step={0.5} value={roofThresholdH} onChange={(e) => setRoofThresholdH(e.target.valueAsNumber)} data-testid="sun-hours-roof-threshold" />
            </label>
          )}
          <label className="field">
            <span>{t('sunHours.path')}</span>
            <select value={path} onChange={(e) => setPath(e.target.value === 'gpu' ? 'gpu' : 'cpu')} data-testid="sun-hours-path">
              <option value="cpu">{t('sunHours.cpu')}</option>
              <option value="gpu">{t('sunHours.gpu')}</option>
            </select>
          </label>
          <button type="button" className="button primary" onClick={start} data-testid="sun-hours-run">
            {t('sunHours.run')}
          </button>
        </fieldset>
        {state.kind === 'running' && <ProgressBar progress={state.progress} label={t('sunHours.running')} onCancel={cancel} testId="sun-hours-progress" />}
        {state.kind === 'cancelled' && (
          <p className="notice" role="status" data-testid="sun-hours-cancelled">
            {t('sunHours.cancelled')}
          </p>
        )}
        {state.kind === 'error' && (
          <p className="notice" role="alert" data-testid="sun-hours-error">
            {t('sunHours.error', { message: state.message })}
          </p>
        )}
        {state.kind === 'done' && <Kpis result={state.result} period={state.period} />}
      </div>
    </Panel>
  );
}
