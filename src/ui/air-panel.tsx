/**
 * Air-quality panel (issue 9): pollutant (NO2, PM10, PM2.5), period (this hour, or the day mean over
 * binned weather cases), weather from the live WeatherObserved sensor or a fixed scenario condition,
 * grid; Run shows a progress bar with Cancel (also Escape). The maps go to the results store (legend
 * in µg/m³ with EU limit values and the WHO 2021 guideline in its notes); the panel shows the
 * population-weighted exposure with residents per concentration class, CO2 from traffic, and the
 * model against each AirQualityObserved station in words ("within a factor 2 at 5 of 7 stations").
 */
import { useEffect, useRef, useState } from 'react';
import { formatNumber, t } from '../i18n';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import { STABILITY_LETTERS, type StabilityClass } from '../sim/air/stability-class';
import { useCityStore } from '../state/city-store';
import { resultsStore } from '../state/results-store';
import { sensorsStore } from '../state/sensors-store';
import { AIR_MAP_POLLUTANTS, type AirJob, type AirJobResult, type AirMapPollutant, type AirWeather } from '../sim-workers/air-job';
import { AIR_REFERENCE_VALUES, airClasses, airInputsFromSensors, airRaster, diurnalWeatherCases, flowPeriodAt, residentsPerClass, SCENARIO_WEATHER, startAir, type AirRun } from '../app/air-client';
import { Panel } from './panel';
import { ProgressBar } from './progress-bar';

type RunState = { kind: 'idle' } | { kind: 'running'; progress: ProgressReport } | { kind: 'done'; result: AirJobResult; weather: AirWeather; stations: number; traffic: string } | { kind: 'cancelled' } | { kind: 'error'; message: string };

const GRIDS_M = [10, 20, 40] as const;

function Trust({ result, pollutant }: { result: AirJobResult; pollutant: AirMapPollutant }) {
  const rows = result.stations.filter((s) => s.pollutant === pollutant);
  const stats = result.evaluation[pollutant];
  if (rows.length === 0 || stats === undefined) return <p data-testid="air-trust-summary">{t('air.trustNone', { pollutant })}</p>;
  const within = rows.filter((s) => s.modelledUgPerM3 >= 0.5 * s.observedUgPerM3 && s.modelledUgPerM3 <= 2 * s.observedUgPerM3).length;
  return (
    <>
      <p data-testid="air-trust-summary">{t('air.trustSummary', { pollutant, within, total: rows.length, bias: formatNumber(stats.bias, 1), nmse: formatNumber(stats.nmse, 2) })}</p>
      <table data-testid="air-trust-table" style={{ width: '100%', fontSize: 13, borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left' }}>{t('air.station')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>{t('air.observed')}</th>
            <th scope="col" style={{ textAlign: 'right' }}>{t('air.modelled')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>
                <small>{s.id.split(':').pop()}</small>
              </td>
              <td style={{ textAlign: 'right' }}>{formatNumber(s.observedUgPerM3, 1)}</td>
              <td style={{ textAlign: 'right' }}>{formatNumber(s.modelledUgPerM3, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="empty">{t('air.trustNote')}</p>
    </>
  );
}

function Exposure({ result, pollutant, residents }: { result: AirJobResult; pollutant: AirMapPollutant; residents: Float32Array }) {
  const map = result.maps[pollutant];
  if (map === undefined) return null;
  const rows = residentsPerClass(result, pollutant, residents);
  const total = rows.reduce((s, r) => s + r.residents, 0);
  const who = AIR_REFERENCE_VALUES[pollutant].who2021;
  let above = 0;
  for (let b = 0; b < map.buildingValues.length; b++) if ((map.buildingValues[b] as number) > who) above += residents[b] as number;
  const max = Math.max(1, ...rows.map((r) => r.residents));
  const colours = airClasses(pollutant);
  return (
    <div data-testid="air-exposure">
      <h3 className="legend-heading">{t('air.exposure')}</h3>
      <p data-testid="air-exposure-value">{t('air.exposureValue', { pollutant, value: formatNumber(map.populationWeightedUgPerM3, 1) })}</p>
      {total > 0 && <p>{t('air.exposureWho', { share: formatNumber((100 * above) / total, 0), who })}</p>}
      <figure style={{ margin: 0 }} data-testid="air-exposure-figure">
        <figcaption className="legend-heading">{t('air.exposureFigure')}</figcaption>
        {rows.map((r, k) => (
          <div key={r.from} style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 12 }}>
            <span style={{ width: '7em' }}>{Number.isFinite(r.to) ? t('air.classRange', { from: r.from, to: r.to }) : t('air.classOpen', { from: r.from })}</span>
            <span aria-hidden="true" style={{ display: 'inline-block', height: 10, width: `${(60 * r.residents) / max}%`, background: colours[k]?.colour ?? '#888' }} />
            <span>{t('air.residents', { count: formatNumber(r.residents, 0) })}</span>
          </div>
        ))}
      </figure>
      <p>{t('air.co2', { value: formatNumber(result.co2.totalKgPerH / 1000, 2) })}</p>
    </div>
  );
}

export function AirPanel() {
  const city = useCityStore((s) => s.city);
  const [pollutant, setPollutant] = useState<AirMapPollutant>('NO2');
  const [mode, setMode] = useState<AirJob['mode']>('hourly');
  const [source, setSource] = useState<'live' | 'scenario'>('live');
  const [scenario, setScenario] = useState<AirWeather>({ ...SCENARIO_WEATHER });
  const [cellSizeM, setCellSizeM] = useState<number>(20);
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const run = useRef<AirRun | null>(null);
  useEffect(() => () => run.current?.cancel(), []);
  if (city === null) return null;

  const cancel = () => run.current?.cancel();
  const start = () => {
    const nowMs = Date.now();
    const live = airInputsFromSensors(sensorsStore.getState().sensors, city, nowMs);
    const weather = source === 'live' ? live.weather : scenario;
    const assumed = source === 'live' ? live.assumed : [];
    // The hour's traffic: the flow period of the weather observation (or now) in the city's time zone.
    const flowPeriod = flowPeriodAt(source === 'live' ? (live.weatherAtMs ?? nowMs) : nowMs, city.timeZone);
    const job: AirJob =
      mode === 'hourly'
        ? { mode, weather, cellSizeM, stations: live.stations, flowPeriod }
        : { mode, weatherCases: diurnalWeatherCases(weather, live.cloudOctas, city, Math.floor(nowMs / 86_400_000) * 86_400), cellSizeM, stations: live.stations };
    setState({ kind: 'running', progress: { fraction: 0, stage: '' } });
    const handle = startAir(city, job, (p) => setState((s) => (s.kind === 'running' ? { kind: 'running', progress: p } : s)));
    run.current = handle;
    handle.result.then(
      (res) => {
        if (run.current !== handle) return;
        run.current = null;
        const period = mode === 'hourly' ? t('air.periodHour') : t('air.periodDay');
        const assumptions = [...assumed, ...res.assumptions];
        for (const p of AIR_MAP_POLLUTANTS) {
          const ref = AIR_REFERENCE_VALUES[p];
          const notes = [
            t('air.noteLimits', { eu: ref.euLimit, eu2030: ref.eu2030, who: ref.who2021 }),
            t('air.noteModel', { cell: res.grid.cellM, seconds: formatNumber(res.elapsedMs / 1000, 1) }),
            ...(res.dispersionReused ? [t('air.noteReused')] : []),
            ...(assumptions.length > 0 ? [t('air.noteAssumed', { text: assumptions.join('; ') })] : []),
          ];
          resultsStore.getState().setResult(airRaster(res, p, t('air.resultTitle', { pollutant: p, period }), notes), p === pollutant);
        }
        setState({ kind: 'done', result: res, weather, stations: live.stations.length, traffic: mode === 'hourly' ? flowPeriod : 'day' });
      },
      (e: unknown) => {
        if (run.current !== handle) return;
        run.current = null;
        setState(e instanceof CancelledError ? { kind: 'cancelled' } : { kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  };
  const running = state.kind === 'running';
  const showPollutant = (p: AirMapPollutant) => {
    setPollutant(p);
    if (state.kind === 'done') resultsStore.getState().show(`air-${p.toLowerCase().replace('.', '')}`);
  };

  return (
    <Panel id="air-panel" title={t('air.title')}>
      <div
        onKeyDown={(e) => {
          if (e.key === 'Escape' && running) {
            e.stopPropagation();
            cancel();
          }
        }}
      >
        {state.kind === 'idle' && <p className="empty">{t('air.empty')}</p>}
        <label className="field">
          <span>{t('air.pollutant')}</span>
          <select value={pollutant} onChange={(e) => showPollutant(e.target.value as AirMapPollutant)} data-testid="air-pollutant">
            {AIR_MAP_POLLUTANTS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <fieldset disabled={running} style={{ border: 0, padding: 0, margin: 0 }}>
          <label className="field">
            <span>{t('air.mode')}</span>
            <select value={mode} onChange={(e) => setMode(e.target.value === 'period-mean' ? 'period-mean' : 'hourly')} data-testid="air-mode">
              <option value="hourly">{t('air.modeHourly')}</option>
              <option value="period-mean">{t('air.modePeriod')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('air.conditions')}</span>
            <select value={source} onChange={(e) => setSource(e.target.value === 'scenario' ? 'scenario' : 'live')} data-testid="air-conditions">
              <option value="live">{t('air.conditionsLive')}</option>
              <option value="scenario">{t('air.conditionsScenario')}</option>
            </select>
          </label>
          {source === 'scenario' && (
            <>
              <label className="field">
                <span>{t('air.windSpeed')}</span>
                <input type="number" min={1} max={30} step={0.5} value={scenario.windSpeedMPerS} onChange={(e) => setScenario((s) => ({ ...s, windSpeedMPerS: Math.max(1, e.target.valueAsNumber || 1) }))} data-testid="air-wind-speed" />
              </label>
              <label className="field">
                <span>{t('air.windFrom')}</span>
                <input type="number" min={0} max={359} step={10} value={scenario.windFromDeg} onChange={(e) => setScenario((s) => ({ ...s, windFromDeg: e.target.valueAsNumber || 0 }))} data-testid="air-wind-from" />
              </label>
              <label className="field">
                <span>{t('air.stability')}</span>
                <select value={scenario.stability} onChange={(e) => setScenario((s) => ({ ...s, stability: Number(e.target.value) as StabilityClass }))} data-testid="air-stability">
                  {STABILITY_LETTERS.map((letter, k) => (
                    <option key={letter} value={k + 1}>
                      {letter}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          <label className="field">
            <span>{t('air.grid')}</span>
            <select value={cellSizeM} onChange={(e) => setCellSizeM(Number(e.target.value))} data-testid="air-grid">
              {GRIDS_M.map((v) => (
                <option key={v} value={v}>
                  {t('air.gridValue', { value: v })}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button primary" onClick={start} data-testid="air-run">
            {t('air.run')}
          </button>
        </fieldset>
        {state.kind === 'running' && <ProgressBar progress={state.progress} label={t('air.running')} onCancel={cancel} testId="air-progress" />}
        {state.kind === 'cancelled' && (
          <p className="notice" role="status" data-testid="air-cancelled">
            {t('air.cancelled')}
          </p>
        )}
        {state.kind === 'error' && (
          <p className="notice" role="alert" data-testid="air-error">
            {t('air.error', { message: state.message })}
          </p>
        )}
        {state.kind === 'done' && (
          <div data-testid="air-results">
            <p data-testid="air-used">
              {t('air.used', { speed: formatNumber(state.weather.windSpeedMPerS, 1), from: formatNumber(state.weather.windFromDeg, 0), stability: STABILITY_LETTERS[state.weather.stability - 1] ?? '?', stations: state.stations, traffic: state.traffic })}
            </p>
            <Exposure result={state.result} pollutant={pollutant} residents={city.buildings.residents} />
            <h3 className="legend-heading">{t('air.trust')}</h3>
            <div data-testid="air-trust">
              <Trust result={state.result} pollutant={pollutant} />
            </div>
          </div>
        )}
      </div>
    </Panel>
  );
}
