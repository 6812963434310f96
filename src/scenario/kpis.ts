/**
 * Key performance indicators of a scenario run and the comparison table of any set of runs (the
 * data the scenario panel renders). Each KPI has a unit, a direction (lower is better or not) and
 * is null when the stage that produces it was not run.
 *
 * - Residents above 55 dB Lden / 50 dB Lnight at their most exposed facade: the END reporting
 *   thresholds (Directive 2002/49/EC Annex VI), from the noise job's exposure table.
 * - Population-weighted NO2 and PM2.5: Σ residents·C / Σ residents over buildings at their most
 *   exposed facade (air job), µg/m³; road increment plus the background the air job assumes.
 * - Sun on open spaces: share of open ground with ≥ 2 h of sun on the scenario's sun date
 *   (default 21 March; BRE 209 §3.3), and the mean hours.
 * - Vehicle-km and total travel time of the modelled peak hour (veh·km/h, veh·h/h).
 * - CO2 from traffic of a mean day hour (air job's emission factors), kg/h.
 */
import type { MessageKey } from '../i18n/en';
import type { ScenarioRun } from './chain';

export const KPI_IDS = ['residentsLden55', 'residentsLnight50', 'no2PopulationWeighted', 'pm25PopulationWeighted', 'sunOpenShare2h', 'sunOpenMeanH', 'vehicleKm', 'travelTime', 'co2Traffic'] as const;
export type KpiId = (typeof KPI_IDS)[number];

export interface KpiDefinition {
  id: KpiId;
  /** i18n key of the label. */
  labelKey: MessageKey;
  unit: string;
  lowerIsBetter: boolean;
  /** Decimals worth showing. */
  decimals: number;
}

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { id: 'residentsLden55', labelKey: 'scenarios.kpi.residentsLden55', unit: 'persons', lowerIsBetter: true, decimals: 0 },
  { id: 'residentsLnight50', labelKey: 'scenarios.kpi.residentsLnight50', unit: 'persons', lowerIsBetter: true, decimals: 0 },
  { id: 'no2PopulationWeighted', labelKey: 'scenarios.kpi.no2PopulationWeighted', unit: 'µg/m³', lowerIsBetter: true, decimals: 2 },
  { id: 'pm25PopulationWeighted', labelKey: 'scenarios.kpi.pm25PopulationWeighted', unit: 'µg/m³', lowerIsBetter: true, decimals: 3 },
  { id: 'sunOpenShare2h', labelKey: 'scenarios.kpi.sunOpenShare2h', unit: '%', lowerIsBetter: false, decimals: 1 },
  { id: 'sunOpenMeanH', labelKey: 'scenarios.kpi.sunOpenMeanH', unit: 'h', lowerIsBetter: false, decimals: 2 },
  { id: 'vehicleKm', labelKey: 'scenarios.kpi.vehicleKm', unit: 'veh·km/h', lowerIsBetter: true, decimals: 0 },
  { id: 'travelTime', labelKey: 'scenarios.kpi.travelTime', unit: 'veh·h/h', lowerIsBetter: true, decimals: 1 },
  { id: 'co2Traffic', labelKey: 'scenarios.kpi.co2Traffic', unit: 'kg/h', lowerIsBetter: true, decimals: 0 },
];

export type KpiValues = Record<KpiId, number | null>;

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** The KPIs of one run (null where the producing stage did not run). */
export function scenarioKpis(run: ScenarioRun): KpiValues {
  return {
    residentsLden55: finiteOrNull(run.noise?.exposure.endLdenAbove55),
    residentsLnight50: finiteOrNull(run.noise?.exposure.endLnightAbove50),
    no2PopulationWeighted: finiteOrNull(run.air?.maps.NO2?.populationWeightedUgPerM3),
    pm25PopulationWeighted: finiteOrNull(run.air?.maps['PM2.5']?.populationWeightedUgPerM3),
    sunOpenShare2h: run.sun === undefined ? null : finiteOrNull(100 * run.sun.openShareAtLeast2h),
    sunOpenMeanH: finiteOrNull(run.sun?.openMeanH),
    vehicleKm: finiteOrNull(run.traffic?.summary.vehicleKm),
    travelTime: finiteOrNull(run.traffic?.summary.tsttVehH),
    co2Traffic: finiteOrNull(run.air?.co2.totalKgPerH),
  };
}

export type KpiVerdict = 'better' | 'worse' | 'same';

export interface KpiTableRow {
  kpi: KpiDefinition;
  /** One value per scenario, in the table's scenario order. */
  values: (number | null)[];
  /** Value − baseline value (null for the baseline itself or a missing value). */
  deltas: (number | null)[];
  /** Relative change, (value − baseline) / |baseline| (null when the baseline is 0 or missing). */
  relative: (number | null)[];
  verdicts: (KpiVerdict | null)[];
}

export interface KpiTable {
  scenarios: string[];
  baselineIndex: number;
  rows: KpiTableRow[];
}

/**
 * Compares scenarios against the one at `baselineIndex`: per KPI the values, the change from the
 * baseline and whether it is better or worse (a change smaller than half the KPI's last shown
 * decimal counts as no change).
 */
export function compareScenarios(runs: readonly { name: string; kpis: KpiValues }[], baselineIndex = 0): KpiTable {
  if (!(baselineIndex >= 0 && baselineIndex < runs.length)) throw new RangeError(`baseline index ${baselineIndex} outside 0…${runs.length - 1}`);
  const rows = KPI_DEFINITIONS.map((kpi): KpiTableRow => {
    const values = runs.map((r) => r.kpis[kpi.id]);
    const base = values[baselineIndex] ?? null;
    const deltas = values.map((v, i) => (i === baselineIndex || v === null || base === null ? null : v - base));
    const relative = deltas.map((d) => (d === null || base === null || base === 0 ? null : d / Math.abs(base)));
    const eps = 0.5 * 10 ** -kpi.decimals;
    const verdicts = deltas.map((d): KpiVerdict | null => (d === null ? null : Math.abs(d) < eps ? 'same' : d < 0 === kpi.lowerIsBetter ? 'better' : 'worse'));
    return { kpi, values, deltas, relative, verdicts };
  });
  return { scenarios: runs.map((r) => r.name), baselineIndex, rows };
}

/** The table as fixed-width text (CLI): one row per KPI, value and change per scenario. */
export function formatKpiTable(table: KpiTable, label: (key: MessageKey) => string): string {
  const head = ['KPI', 'unit', ...table.scenarios.map((s, i) => (i === table.baselineIndex ? `${s} (baseline)` : s))];
  const lines: string[][] = [head];
  for (const row of table.rows) {
    const cells = row.values.map((v, i) => {
      if (v === null) return '—';
      const d = row.deltas[i];
      const verdict = row.verdicts[i];
      const text = v.toFixed(row.kpi.decimals);
      if (d === null || d === undefined) return text;
      return `${text} (${d >= 0 ? '+' : ''}${d.toFixed(row.kpi.decimals)}${verdict === 'same' || verdict === null || verdict === undefined ? '' : `, ${verdict}`})`;
    });
    lines.push([label(row.kpi.labelKey), row.kpi.unit, ...cells]);
  }
  const widths = head.map((_, c) => Math.max(...lines.map((l) => (l[c] ?? '').length)));
  return lines.map((l) => l.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}
