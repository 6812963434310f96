/**
 * The KPI table across the chosen scenarios (issue 10): one row per indicator with its unit, the
 * value per scenario and the change from the baseline, marked better/worse by the indicator's
 * direction (src/scenario/kpis.ts compareScenarios). A plain <table> with a caption, row and column
 * headers, so screen readers and the keyboard read it cell by cell; the verdict is written out,
 * the colour only repeats it.
 */
import { formatNumber, t } from '../../i18n';
import type { KpiTable } from '../../scenario/kpis';

function signed(v: number, decimals: number): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatNumber(Math.abs(v), decimals)}`;
}

export function ScenarioKpiTable({ table }: { table: KpiTable }) {
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%' }} tabIndex={0} role="region" aria-label={t('scenarios.kpiTable')}>
      <table className="scenario-kpis" data-testid="scenario-kpi-table">
        <caption>{t('scenarios.kpiTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('scenarios.kpi')}</th>
            <th scope="col">{t('scenarios.unit')}</th>
            {table.scenarios.map((name, i) => (
              <th scope="col" key={`${name}-${i}`} data-testid="scenario-kpi-column">
                {i === table.baselineIndex && name !== t('scenarios.baseline') ? `${name} (${t('scenarios.baseline')})` : name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.kpi.id} data-kpi={row.kpi.id}>
              <th scope="row" title={t(row.kpi.lowerIsBetter ? 'scenarios.lowerIsBetter' : 'scenarios.higherIsBetter')}>
                {t(row.kpi.labelKey)}
              </th>
              <td>{row.kpi.unit}</td>
              {row.values.map((v, i) => {
                const d = row.deltas[i] ?? null;
                const verdict = row.verdicts[i] ?? null;
                return (
                  <td key={i} className={verdict === null ? '' : `kpi-${verdict}`} data-verdict={verdict ?? undefined}>
                    {v === null ? <span title={t('scenarios.notComputed')}>—</span> : formatNumber(v, row.kpi.decimals)}
                    {d !== null && v !== null && (
                      <span className="kpi-change" data-testid="scenario-kpi-change">
                        {' '}({signed(d, row.kpi.decimals)}
                        <span className="visually-hidden"> {t('scenarios.changeFromBaseline')}</span>, {t(verdict === 'better' ? 'scenarios.better' : verdict === 'worse' ? 'scenarios.worse' : 'scenarios.same')})
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
