/** KPI comparison of any set of scenarios: changes from the chosen baseline, better/worse by each KPI's direction; the sun day's local midnight. */
import { describe, expect, it } from 'vitest';
import { compareScenarios, formatKpiTable, KPI_IDS, type KpiValues } from '../../src/scenario/kpis';
import { localMidnightUnixS } from '../../src/scenario/stages';
import { EN } from '../../src/i18n/en';

const kpis = (over: Partial<KpiValues>): KpiValues => ({ ...(Object.fromEntries(KPI_IDS.map((k) => [k, 100])) as KpiValues), ...over });

describe('compareScenarios', () => {
  const table = compareScenarios(
    [
      { name: 'A', kpis: kpis({ residentsLden55: 120, sunOpenShare2h: 80 }) },
      { name: 'base', kpis: kpis({}) },
      { name: 'C', kpis: kpis({ residentsLden55: 90, sunOpenShare2h: null, co2Traffic: 100.2 }) },
    ],
    1,
  );
  const row = (id: string) => table.rows.find((r) => r.kpi.id === id);
  it('gives changes and verdicts against the baseline', () => {
    expect(table.scenarios).toEqual(['A', 'base', 'C']);
    expect(row('residentsLden55')).toMatchObject({ values: [120, 100, 90], deltas: [20, null, -10], relative: [0.2, null, -0.1], verdicts: ['worse', null, 'better'] });
    expect(row('sunOpenShare2h')).toMatchObject({ deltas: [-20, null, null], verdicts: ['worse', null, null] }); // higher is better
    expect(row('co2Traffic')?.verdicts[2]).toBe('same'); // 0.2 kg/h is below the shown precision (0 decimals)
    expect(table.rows.map((r) => r.kpi.unit)).toEqual(['persons', 'persons', 'µg/m³', 'µg/m³', '%', 'h', 'veh·km/h', 'veh·h/h', 'kg/h']);
  });
  it('formats a text table with labels, units and changes', () => {
    const text = formatKpiTable(table, (k) => EN[k]);
    expect(text.split('\n')[0]).toMatch(/^KPI\s+unit\s+A\s+base \(baseline\)\s+C$/);
    expect(text).toMatch(/Residents above 55 dB Lden\s+persons\s+120 \(\+20, worse\)\s+100\s+90 \(-10, better\)/);
  });
  it('refuses a baseline outside the list', () => {
    expect(() => compareScenarios([{ name: 'x', kpis: kpis({}) }], 1)).toThrowError(RangeError);
  });
});

describe('localMidnightUnixS', () => {
  it('is local midnight in the zone, daylight saving included', () => {
    expect(localMidnightUnixS('Europe/Berlin', 2025, 3, 21)).toBe(Date.UTC(2025, 2, 20, 23) / 1000); // CET, UTC+1
    expect(localMidnightUnixS('Europe/Berlin', 2025, 6, 21)).toBe(Date.UTC(2025, 5, 20, 22) / 1000); // CEST, UTC+2
    expect(localMidnightUnixS('Europe/Berlin', 2025, 3, 22) - localMidnightUnixS('Europe/Berlin', 2025, 3, 21)).toBe(86_400);
  });
});
