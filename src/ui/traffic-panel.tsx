/**
 * The traffic panel (issue 7): runs the district's user-equilibrium assignment in a worker
 * (progress per iteration with the relative gap, cancel), shows its figures, the OD pairs left
 * without a path in words, and the selected road's flow per direction, capacity, free-flow and
 * congested time and v/c; what-ifs on that road (close/reopen, speed, lanes) are re-solved
 * warm-started and shown with their difference to the baseline (Results panel legend).
 */
import { useState } from 'react';
import { formatNumber, t, type MessageKey } from '../i18n';
import type { RoadTable } from '../twin/city-model';
import { ROAD_CLASSES } from '../twin/city-model';
import type { AppliedRoadChange, TrafficFigures } from '../twin/traffic/city-traffic-session';
import type { RoadDetails, RoadDirectionDetails } from '../twin/traffic/road-details';
import type { TrafficJobResult } from '../sim-workers/traffic-job';
import { useCityStore } from '../state/city-store';
import { useSelectionStore } from '../state/selection-store';
import { currentTraffic, trafficStore, useTrafficStore } from '../app/traffic-client';
import { Panel } from './panel';
import { ProgressBar } from './progress-bar';

const GAPS = [1e-4, 1e-6, 1e-8] as const;
/** How many unreachable OD pairs are named. */
const UNREACHABLE_EXAMPLES = 3;

function roadLabel(roads: RoadTable, r: number): string {
  const name = roads.name[r] ?? '';
  return name !== '' ? name : (roads.id[r] ?? `#${r}`);
}

function num(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatNumber(v, digits);
}

function changeText(roads: RoadTable, c: AppliedRoadChange): string {
  const road = roadLabel(roads, c.road);
  switch (c.change.kind) {
    case 'close':
    case 'reopen':
      return t(`traffic.change.${c.change.kind}`, { road });
    case 'speed':
      return t('traffic.change.speed', { road, speed: c.change.speedKmh });
    case 'lanes':
      return t('traffic.change.lanes', { road, lanes: c.change.lanes });
    case 'capacity':
      return t('traffic.change.capacity', { road, capacity: c.change.capacityVehH });
  }
}

function FigureRows({ base, scenario }: { base: TrafficFigures; scenario: TrafficFigures | null }) {
  const rows: [MessageKey, (f: TrafficFigures) => string][] = [
    ['traffic.fig.gap', (f) => f.relativeGap.toExponential(1)],
    ['traffic.fig.tstt', (f) => num(f.tsttVehH, 1)],
    ['traffic.fig.vkm', (f) => num(f.vehicleKm, 0)],
    ['traffic.fig.iterations', (f) => num(f.iterations)],
    ['traffic.fig.time', (f) => num(f.seconds, 3)],
    ['traffic.fig.demand', (f) => num(f.assignedVehH, 0)],
  ];
  return (
    <table className="figures" data-testid="traffic-figures">
      <thead>
        <tr>
          <th>{t('traffic.figure')}</th>
          <th>{t('traffic.baseline')}</th>
          {scenario !== null && <th>{t('traffic.scenario')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, fmt]) => (
          <tr key={key} data-figure={key}>
            <td>{t(key)}</td>
            <td>{fmt(base)}</td>
            {scenario !== null && <td>{fmt(scenario)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unreachable({ figures }: { figures: TrafficFigures }) {
  const u = figures.unreachable;
  if (u.length === 0) return <p className="note" data-testid="traffic-unreachable">{t('traffic.allReachable')}</p>;
  const demand = u.reduce((s, p) => s + p.demand, 0);
  const examples = u.slice(0, UNREACHABLE_EXAMPLES).map((p) => t('traffic.unreachableExample', { origin: p.origin, destination: p.destination, demand: formatNumber(p.demand, 1) })).join('; ');
  return (
    <p className="warning" role="alert" data-testid="traffic-unreachable">
      {t('traffic.unreachable', { count: u.length, demand: formatNumber(demand, 1), examples })}
    </p>
  );
}

/** One quantity of the road in both directions; '—' in a direction the road does not carry (one-way). */
function QuantityRow({ label, cells, testId }: { label: string; cells: [string, string]; testId?: string }) {
  return (
    <tr>
      <td>{label}</td>
      <td data-testid={testId}>{cells[0]}</td>
      <td data-testid={testId}>{cells[1]}</td>
    </tr>
  );
}

function RoadDetailsBlock({ roads, road, current, baseline }: { roads: RoadTable; road: number; current: TrafficJobResult; baseline: TrafficJobResult }) {
  const [speed, setSpeed] = useState('');
  const [lanes, setLanes] = useState('');
  const d = current.roads;
  const busy = useTrafficStore((s) => s.status === 'running');
  if (Number.isNaN(d.totalVehH[road] as number)) return <p className="empty">{t('traffic.road.noMotor')}</p>;
  const scenario = current !== baseline;
  const closed = d.forward.closed[road] === 1 || d.backward.closed[road] === 1;
  const apply = (change: AppliedRoadChange['change']) => void trafficStore.getState().applyChanges([{ road, change }]);
  const oneWay = (dir: RoadDirectionDetails) => Number.isNaN(dir.capacityVehH[road] as number);
  /** A cell per direction, '—' where the road has no link that way. */
  const both = (cell: (dir: RoadDirectionDetails, flow: Float64Array) => string, r: RoadDetails): [string, string] => [
    oneWay(r.forward) ? '—' : cell(r.forward, r.forwardVehH),
    oneWay(r.backward) ? '—' : cell(r.backward, r.backwardVehH),
  ];
  return (
    <>
      <table className="figures" data-testid="traffic-road-table">
        <thead>
          <tr>
            <th>{t('traffic.road.direction')}</th>
            <th>{t('traffic.road.forward')}</th>
            <th>{t('traffic.road.backward')}</th>
          </tr>
        </thead>
        <tbody>
          <QuantityRow label={t('traffic.road.flow')} testId="traffic-road-flow" cells={both((dir, flow) => (dir.closed[road] === 1 ? t('traffic.road.closedDir') : num(flow[road])), d)} />
          {scenario && <QuantityRow label={t('traffic.road.baselineFlow')} cells={both((_, flow) => num(flow[road]), baseline.roads)} />}
          <QuantityRow label={t('traffic.road.capacity')} cells={both((dir) => num(dir.capacityVehH[road]), d)} />
          <QuantityRow label={t('traffic.road.freeFlowTime')} cells={both((dir) => num(dir.freeFlowTimeS[road], 1), d)} />
          <QuantityRow label={t('traffic.road.congestedTime')} cells={both((dir) => num(dir.congestedTimeS[road], 1), d)} />
          <QuantityRow label={t('traffic.road.vc')} cells={both((dir) => num(dir.volumeCapacity[road], 2), d)} />
        </tbody>
      </table>
      {(oneWay(d.forward) || oneWay(d.backward)) && <p className="note">{t('traffic.road.oneWay')}</p>}
      <h4 className="legend-heading">{t('traffic.whatIf')}</h4>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} data-testid="traffic-toggle-road" onClick={() => apply({ kind: closed ? 'reopen' : 'close' })}>
          {closed ? t('traffic.whatIf.open') : t('traffic.whatIf.close')}
        </button>
      </div>
      <label className="field">
        <span>{t('traffic.whatIf.speed')}</span>
        <input type="number" min={5} max={130} step={5} value={speed} placeholder={num(roads.maxSpeedKmh[road])} onChange={(e) => setSpeed(e.target.value)} data-testid="traffic-speed" />
        <button type="button" className="button secondary" disabled={busy || !(Number(speed) > 0)} onClick={() => apply({ kind: 'speed', speedKmh: Number(speed) })}>
          {t('traffic.whatIf.apply')}
        </button>
      </label>
      <label className="field">
        <span>{t('traffic.whatIf.lanes')}</span>
        <input type="number" min={1} max={6} step={1} value={lanes} onChange={(e) => setLanes(e.target.value)} data-testid="traffic-lanes" />
        <button type="button" className="button secondary" disabled={busy || !(Number.isInteger(Number(lanes)) && Number(lanes) >= 1)} onClick={() => apply({ kind: 'lanes', lanes: Number(lanes) })}>
          {t('traffic.whatIf.apply')}
        </button>
      </label>
    </>
  );
}

export function TrafficPanel() {
  const city = useCityStore((s) => s.city);
  const status = useTrafficStore((s) => s.status);
  const running = useTrafficStore((s) => s.running);
  const iteration = useTrafficStore((s) => s.iteration);
  const baseline = useTrafficStore((s) => s.baseline);
  const scenario = useTrafficStore((s) => s.scenario);
  const error = useTrafficStore((s) => s.error);
  const solvedCity = useTrafficStore((s) => s.city);
  const current = useTrafficStore(currentTraffic);
  const road = useSelectionStore((s) => s.selectedRoad);
  const [gap, setGap] = useState<number>(1e-6);
  if (city === null) {
    return (
      <Panel id="traffic-panel" title={t('traffic.title')}>
        <p className="empty">{t('traffic.noCity')}</p>
      </Panel>
    );
  }
  const fresh = baseline !== null && solvedCity === city && current !== null;
  const progressLabel = iteration === null || Number.isNaN(iteration.relativeGap)
    ? t('traffic.loading', { iteration: iteration?.iteration ?? 0 })
    : t(iteration.exact ? 'traffic.iteration' : 'traffic.iterationEstimate', { iteration: iteration.iteration, gap: iteration.relativeGap.toExponential(2) });
  return (
    <Panel id="traffic-panel" title={t('traffic.title')} live>
      <p className="note">{t('traffic.intro')}</p>
      <label className="field">
        <span>{t('traffic.gap')}</span>
        <select value={gap} onChange={(e) => setGap(Number(e.target.value))} data-testid="traffic-gap">
          {GAPS.map((g) => (
            <option key={g} value={g}>
              {g.toExponential(0)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={status === 'running'} data-testid="traffic-run" onClick={() => void trafficStore.getState().runBaseline(city, gap)}>
        {baseline === null ? t('traffic.run') : t('traffic.rerun')}
      </button>
      {status === 'running' && running !== null && (
        <>
          <p className="note">{t(`traffic.running.${running}`)}</p>
          <ProgressBar progress={{ fraction: iteration === null || !(iteration.relativeGap > 0) ? 0 : Math.min(1, Math.log10(Math.min(1, iteration.relativeGap)) / Math.log10(gap)), stage: progressLabel }} label={progressLabel} onCancel={() => trafficStore.getState().cancel()} testId="traffic-progress" />
        </>
      )}
      {status === 'cancelled' && <p className="note" data-testid="traffic-cancelled">{t('traffic.cancelled')}</p>}
      {status === 'error' && error !== null && (
        <p className="warning" role="alert" data-testid="traffic-error">
          {t('traffic.error', { message: error })}
        </p>
      )}
      {fresh && baseline !== null && current !== null && (
        <>
          <h3 className="legend-heading">{t('traffic.figures')}</h3>
          <p className="note">{t('traffic.network', { zones: current.figures.zones, junctions: current.junctions, links: current.roadLinks, pairs: current.figures.odPairs })}</p>
          <FigureRows base={baseline.figures} scenario={scenario?.figures ?? null} />
          {!current.figures.converged && <p className="warning">{t('traffic.notConverged')}</p>}
          <Unreachable figures={current.figures} />
          {current.warnings.map((w) => (
            <p key={w} className="note">
              {w}
            </p>
          ))}
          {scenario !== null && scenario.changes.length > 0 && (
            <>
              <p className="note" data-testid="traffic-changes">
                {t('traffic.changes', { list: scenario.changes.map((c) => changeText(city.roads, c)).join('; ') })}
              </p>
              <button type="button" className="button secondary" disabled={status === 'running'} onClick={() => void trafficStore.getState().resetChanges(gap)} data-testid="traffic-reset">
                {t('traffic.reset')}
              </button>
            </>
          )}
        </>
      )}
      <h3 className="legend-heading">{t('traffic.road.title')}</h3>
      {road < 0 || road >= city.roads.count ? (
        <p className="empty">{t('traffic.road.none')}</p>
      ) : (
        <div data-testid="traffic-road" data-road={road}>
          <p className="building-id">
            {roadLabel(city.roads, road)} · {ROAD_CLASSES[city.roads.roadClass[road] ?? 0] ?? ''}
          </p>
          {fresh && baseline !== null && current !== null ? <RoadDetailsBlock key={road} roads={city.roads} road={road} current={current} baseline={baseline} /> : <p className="empty">{t('traffic.road.noResult')}</p>}
        </div>
      )}
    </Panel>
  );
}
