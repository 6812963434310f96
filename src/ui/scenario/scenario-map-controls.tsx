/**
 * Which scenario result the scene shows (maps and scenario − baseline differences, through the
 * results store, so the Results panel shows its legend), the split view (left and right result,
 * e.g. baseline | scenario) and whose edits the scene draws.
 */
import { t } from '../../i18n';
import type { ScenarioSummary } from '../../app/scenario-outcome';
import { resultsStore, useResultsStore } from '../../state/results-store';
import { scenarioStore, useScenarioStore } from '../../state/scenario-store';

function ResultOptions({ runs }: { runs: readonly ScenarioSummary[] }) {
  return (
    <>
      {runs.map((r) => (
        <optgroup key={r.id} label={r.name}>
          {r.maps.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
          {r.diffs.map((m) => (
            <option key={m.id} value={m.id}>
              {t('scenarios.mapDiff', { title: m.title })}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export function ScenarioMapControls({ runs }: { runs: readonly ScenarioSummary[] }) {
  const shownId = useResultsStore((s) => s.shownId);
  const split = useScenarioStore((s) => s.split);
  const editsShownId = useScenarioStore((s) => s.editsShownId);
  return (
    <div className="scenario-maps">
      <label className="field">
        <span>{t('scenarios.maps')}</span>
        <select style={{ maxWidth: '100%' }} data-testid="scenario-shown" value={shownId ?? ''} onChange={(e) => resultsStore.getState().show(e.target.value === '' ? null : e.target.value)}>
          <option value="">{t('scenarios.mapNone')}</option>
          <ResultOptions runs={runs} />
        </select>
      </label>
      <label className="check">
        <input type="checkbox" data-testid="scenario-split" checked={split.enabled} onChange={(e) => scenarioStore.getState().setSplit({ enabled: e.target.checked })} />
        <span>{t('scenarios.split')}</span>
      </label>
      {split.enabled && (
        <>
          <label className="field">
            <span>{t('scenarios.splitLeft')}</span>
            <select style={{ maxWidth: '100%' }} data-testid="scenario-split-left" value={split.leftId ?? ''} onChange={(e) => scenarioStore.getState().setSplit({ leftId: e.target.value })}>
              <ResultOptions runs={runs} />
            </select>
          </label>
          <label className="field">
            <span>{t('scenarios.splitRight')}</span>
            <select style={{ maxWidth: '100%' }} data-testid="scenario-split-right" value={split.rightId ?? ''} onChange={(e) => scenarioStore.getState().setSplit({ rightId: e.target.value })}>
              <ResultOptions runs={runs} />
            </select>
          </label>
        </>
      )}
      <label className="field">
        <span>{t('scenarios.showEdits')}</span>
        <select style={{ maxWidth: '100%' }} data-testid="scenario-edits" value={editsShownId ?? ''} onChange={(e) => scenarioStore.getState().showEdits(e.target.value === '' ? null : e.target.value)}>
          <option value="">{t('scenarios.mapNone')}</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      {editsShownId !== null && <p className="panel-hint">{t('scenarios.editsLegend')}</p>}
    </div>
  );
}
