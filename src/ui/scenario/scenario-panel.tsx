/**
 * The scenario panel (issue 10): pick scenarios from the server's list (the baseline always in),
 * run the chain per scenario in the worker (progress per stage, Cancel, "from cache" on reruns),
 * the loader's problems per file, the KPI table and the noise-band chart, the map shown (maps and
 * scenario − baseline differences), the split view, edits in the scene, a shareable link and the
 * exports (printable report, CSV, GeoJSON). The split divider is drawn over the 3D view.
 */
import { useEffect, useMemo, useState } from 'react';
import { t } from '../../i18n';
import { compareScenarios } from '../../scenario/kpis';
import { useCityStore } from '../../state/city-store';
import { resultsStore, useResultsStore } from '../../state/results-store';
import { BASELINE_ID, finishedRuns, scenarioStore, useScenarioStore } from '../../state/scenario-store';
import { cancelScenarioRun, loadScenarioList, runChosenScenarios } from '../../app/scenario-runner';
import { restoreFromUrl, shareUrl, startUrlSync } from '../../app/scenario-share';
import { download, editedFeaturesOfRuns, kpiTableCsv, openReport, reportHtml, sceneSnapshot } from '../../app/scenario-report';
import { Panel } from '../panel';
import { ScenarioKpiTable } from './kpi-table';
import { NoiseBandsChart } from './noise-bands-chart';
import { ScenarioRunRow } from './scenario-run-list';
import { ScenarioMapControls } from './scenario-map-controls';
import { SplitDivider } from './split-divider';
import { ScenarioEditor } from './scenario-editor';

const GRIDS = ['file', 100, 50, 25] as const;

export function ScenarioPanel() {
  const city = useCityStore((s) => s.city);
  const list = useScenarioStore((s) => s.list);
  const listError = useScenarioStore((s) => s.listError);
  const selected = useScenarioStore((s) => s.selected);
  const grid = useScenarioStore((s) => s.grid);
  const runs = useScenarioStore((s) => s.runs);
  const running = useScenarioStore((s) => s.running);
  const shownId = useResultsStore((s) => s.shownId);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => void loadScenarioList(), []);
  useEffect(() => startUrlSync(), []);
  // A shared link: restore it once the district is there.
  useEffect(() => {
    if (city !== null) void restoreFromUrl();
  }, [city]);

  const done = useMemo(() => finishedRuns({ selected, runs }), [selected, runs]);
  const table = useMemo(() => {
    const b = done.findIndex((r) => r.id === BASELINE_ID);
    return b < 0 || done.length < 1 ? null : compareScenarios(done.map((r) => ({ name: r.name, kpis: r.kpis })), b);
  }, [done]);

  const exportReport = () => {
    if (table === null || city === null) return;
    const shown = shownId === null ? null : (resultsStore.getState().results[shownId] ?? null);
    openReport(reportHtml({ cityName: city.name, runs: done, table, snapshot: sceneSnapshot(), mapTitle: shown?.title ?? null, attributions: city.attribution === '' ? [t('attribution.generated')] : [city.attribution], createdAt: new Date() }));
  };

  return (
    <Panel id="scenario-panel" title={t('scenarios.title')}>
      <p className="panel-hint">{t('scenarios.description')}</p>
      {list === null && listError === null && <p>{t('scenarios.loadingList')}</p>}
      {listError !== null && <p role="alert" className="error">{t('scenarios.listError', { message: listError })}</p>}
      {list !== null && (
        <fieldset disabled={running}>
          <legend>{t('scenarios.choose')}</legend>
          {list.map((s) => (
            <label key={s.id} className="scenario-choice" title={s.description}>
              <input type="checkbox" data-testid={`scenario-choose-${s.id}`} checked={s.id === BASELINE_ID || selected.includes(s.id)} disabled={s.id === BASELINE_ID} onChange={(e) => scenarioStore.getState().toggle(s.id, e.target.checked)} />{' '}
              {s.name}
              {s.id === BASELINE_ID && ` (${t('scenarios.alwaysBaseline')})`}
              {s.error !== undefined && <span className="error"> {s.error}</span>}
            </label>
          ))}
          <label>
            {t('scenarios.grid')}{' '}
            <select data-testid="scenario-grid" value={String(grid)} onChange={(e) => scenarioStore.getState().setGrid(e.target.value === 'file' ? 'file' : Number(e.target.value))}>
              {GRIDS.map((g) => (
                <option key={g} value={String(g)}>
                  {g === 'file' ? t('scenarios.grid.file') : t('scenarios.grid.cells', { cell: g, sun: g / 2 })}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      )}
      <div className="button-row">
        <button type="button" className="button" data-testid="scenario-run" disabled={running || city === null || list === null} onClick={() => void runChosenScenarios()}>
          {t('scenarios.run')}
        </button>
        {running && (
          <button type="button" className="button secondary" data-testid="scenario-cancel" onClick={cancelScenarioRun}>
            {t('scenarios.cancel')}
          </button>
        )}
      </div>
      <ul className="scenario-runs" aria-live="polite">
        {selected.map((id) => (
          <ScenarioRunRow key={id} id={id} name={list?.find((s) => s.id === id)?.name ?? id} run={runs[id]} onCancel={cancelScenarioRun} />
        ))}
      </ul>
      {table !== null && <ScenarioKpiTable table={table} />}
      {done.length > 0 && <NoiseBandsChart runs={done} />}
      {done.length > 0 && <ScenarioMapControls runs={done} />}
      {table !== null && (
        <div className="button-row">
          <button type="button" className="button secondary" data-testid="scenario-report" onClick={exportReport}>
            {t('scenarios.report')}
          </button>
          <button type="button" className="button secondary" data-testid="scenario-csv" onClick={() => download('scenario-kpis.csv', kpiTableCsv(table), 'text/csv')}>
            {t('scenarios.csv')}
          </button>
          <button type="button" className="button secondary" data-testid="scenario-geojson" onClick={() => download('scenario-edits.geojson', JSON.stringify(editedFeaturesOfRuns(done)), 'application/geo+json')}>
            {t('scenarios.geojson')}
          </button>
          <button
            type="button"
            className="button secondary"
            data-testid="scenario-share"
            onClick={() => {
              const url = shareUrl();
              setCopied(url);
              void navigator.clipboard?.writeText(url).catch(() => undefined);
            }}
          >
            {t('scenarios.share')}
          </button>
        </div>
      )}
      {copied !== null && (
        <p>
          {t('scenarios.shareCopied')}:{' '}
          <a href={copied} data-testid="scenario-share-url">
            {t('scenarios.shareLink')}
          </a>
        </p>
      )}
      <ScenarioEditor />
      <SplitDivider />
    </Panel>
  );
}
