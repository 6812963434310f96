/**
 * The results panel: which analysis result is shown (or none), its legend with the unit, its
 * notes, and the overlay opacity. Empty state says how to get a result.
 */
import { formatNumber, t } from '../i18n';
import type { ResultLegend } from '../results/result-types';
import { resultsStore, shownResult, useResultsStore } from '../state/results-store';
import { Panel } from './panel';

function LegendSwatches({ legend }: { legend: ResultLegend }) {
  if (legend.kind === 'classes') {
    return (
      <ul className="legend-list" data-testid="result-legend-classes">
        {legend.classes.map((c) => (
          <li key={`${c.from}-${c.to}`}>
            <span className="swatch swatch-box" style={{ background: c.colour }} aria-hidden="true" />
            {c.label ?? `${formatNumber(c.from)}–${formatNumber(c.to)}`}
          </li>
        ))}
      </ul>
    );
  }
  const gradient = `linear-gradient(to right, ${legend.colours.join(', ')})`;
  return (
    <div className="legend-ramp" data-testid="result-legend-ramp">
      <div className="legend-ramp-bar" style={{ background: gradient }} aria-hidden="true" />
      <div className="legend-ramp-labels">
        <span>{formatNumber(legend.min)}</span>
        {legend.centre !== undefined && <span>{formatNumber(legend.centre)}</span>}
        <span>{formatNumber(legend.max)}</span>
      </div>
    </div>
  );
}

export function ResultsPanel() {
  const results = useResultsStore((s) => s.results);
  const shownId = useResultsStore((s) => s.shownId);
  const shown = useResultsStore(shownResult);
  const opacity = useResultsStore((s) => s.opacity);
  const list = Object.values(results);
  return (
    <Panel id="results-panel" title={t('results.title')}>
      {list.length === 0 ? (
        <p className="empty">{t('results.none')}</p>
      ) : (
        <>
          <label className="field">
            <span>{t('results.shown')}</span>
            <select value={shownId ?? ''} onChange={(e) => resultsStore.getState().show(e.target.value === '' ? null : e.target.value)} data-testid="result-picker">
              <option value="">{t('results.hide')}</option>
              {list.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </label>
          {shown !== null && (
            <div data-testid="result-legend" data-result-id={shown.id}>
              <h3 className="legend-heading">{shown.title}</h3>
              <p className="legend-unit">{t('results.unit', { unit: shown.legend.unit })}</p>
              <LegendSwatches legend={shown.legend} />
              {shown.notes?.map((n) => (
                <p key={n} className="legend-note">
                  {n}
                </p>
              ))}
              <label className="field">
                <span>{t('results.opacity')}</span>
                <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => resultsStore.getState().setOpacity(Number(e.target.value))} />
              </label>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
