/**
 * Residents per Lden band per scenario (issue 10): grouped SVG bars, one group per 5-dB band, one
 * bar per scenario, with a text alternative (title per bar) and the values in the KPI table.
 */
import { formatNumber, t } from '../../i18n';
import type { ScenarioSummary } from '../../app/scenario-outcome';

/** Bar colours per scenario (categorical, colour-blind safe: Okabe & Ito 2008). */
export const SCENARIO_COLOURS = ['#555555', '#e69f00', '#0072b2', '#009e73', '#cc79a7', '#56b4e9'] as const;

export function NoiseBandsChart({ runs }: { runs: readonly ScenarioSummary[] }) {
  const withBands = runs.filter((r) => r.noiseBands !== null);
  const first = withBands[0]?.noiseBands;
  if (first === undefined || first === null) return null;
  const max = Math.max(1, ...withBands.flatMap((r) => (r.noiseBands ?? []).map((b) => b.residents)));
  const W = 300;
  const H = 120;
  const groupW = W / first.length;
  const barW = Math.max(1, (groupW - 4) / withBands.length);
  return (
    <figure className="scenario-chart">
      <figcaption>{t('scenarios.chart')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 28}`} width="100%" role="img" aria-label={t('scenarios.chart')} data-testid="scenario-noise-chart">
        {first.map((band, k) => (
          <g key={band.label}>
            {withBands.map((r, j) => {
              const v = r.noiseBands?.[k]?.residents ?? 0;
              const h = (v / max) * H;
              return (
                <rect key={r.id} x={k * groupW + 2 + j * barW} y={H - h} width={barW} height={h} fill={SCENARIO_COLOURS[j % SCENARIO_COLOURS.length]}>
                  <title>{`${r.name}, ${band.label} dB: ${formatNumber(v, 0)} ${t('scenarios.chartAxis')}`}</title>
                </rect>
              );
            })}
            <text x={k * groupW + groupW / 2} y={H + 12} fontSize="8" textAnchor="middle">
              {band.label}
            </text>
          </g>
        ))}
        {withBands.map((r, j) => (
          <g key={r.id}>
            <rect x={j * 75} y={H + 18} width={8} height={8} fill={SCENARIO_COLOURS[j % SCENARIO_COLOURS.length]} />
            <text x={j * 75 + 11} y={H + 26} fontSize="8">
              {r.name.slice(0, 16)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
