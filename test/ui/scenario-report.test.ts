/**
 * Scenario exports (src/app/scenario-report.ts) and the scenario routes (server/scenario-routes.ts):
 * the KPI CSV has one row per KPI with value and change per scenario (RFC 4180 quoting); the
 * report is one HTML document with assumptions, KPI table (better/worse classes), snapshot and
 * attributions, escaping names; the routes list every file of scenarios/ (discovered) with its
 * name and serve its text, 404 for an unknown id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { kpiTableCsv, reportHtml } from '../../src/app/scenario-report';
import type { ScenarioSummary } from '../../src/app/scenario-outcome';
import { compareScenarios, KPI_DEFINITIONS, KPI_IDS, type KpiValues } from '../../src/scenario/kpis';
import { resolveAssumptions } from '../../src/scenario/scenario-types';
import { SCENARIOS_DIR, scenarioRoutes } from '../../server/scenario-routes';

function kpis(scale: number): KpiValues {
  return Object.fromEntries(KPI_IDS.map((id, k) => [id, id === 'co2Traffic' ? null : (k + 1) * 10 * scale])) as KpiValues;
}

const summary = (id: string, name: string): ScenarioSummary => ({
  ok: true, id, file: `${id}.json`, name, description: `about ${name}`, assumptions: resolveAssumptions(undefined), edits: [], stages: [], kpis: kpis(1), noiseBands: null, maps: [], diffs: [],
  geojson: { type: 'FeatureCollection', features: [] }, edited: { added: undefined as never, removed: undefined as never }, elapsedMs: 0,
});

describe('scenario exports', () => {
  const table = compareScenarios([{ name: 'Baseline', kpis: kpis(1) }, { name: 'Tower, "big"', kpis: kpis(1.1) }], 0);

  it('writes the KPI table as CSV: header, one row per KPI, value and change', () => {
    const csv = kpiTableCsv(table);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('indicator,unit,lower_is_better,Baseline,"Tower, ""big""","Tower, ""big"" change"');
    expect(lines).toHaveLength(1 + KPI_DEFINITIONS.length);
    const first = KPI_DEFINITIONS[0];
    if (first === undefined) throw new Error('no KPI');
    expect(lines[1]).toBe(`Residents above 55 dB Lden,persons,true,${(10).toFixed(first.decimals)},${(11).toFixed(first.decimals)},${(1).toFixed(first.decimals)}`);
    // A KPI not computed is an empty cell, not 0.
    expect(lines[KPI_IDS.indexOf('co2Traffic') + 1]).toMatch(/,,,$/);
  });

  it('builds a printable report with assumptions, the KPI table, the snapshot and attributions', () => {
    const html = reportHtml({ cityName: 'Lindenviertel <demo>', runs: [summary('baseline', 'Baseline'), summary('tower', 'Tower <20>')], table, snapshot: 'data:image/png;base64,AAAA', mapTitle: 'Lden − baseline', attributions: ['© OSM'], createdAt: new Date('2026-01-02T03:04:05Z') });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('Lindenviertel &#60;demo&#62;');
    expect(html).toContain('Tower &#60;20&#62;');
    expect(html).not.toContain('<20>');
    expect(html).toContain('<img src="data:image/png;base64,AAAA"');
    expect(html).toContain('2025-03-21');
    expect(html).toContain('© OSM');
    expect(html).toContain('2026-01-02 03:04 UTC');
    // Every KPI has a row, the residents rise by 10 % in the variant: worse (lower is better).
    expect(html.match(/<th scope="row">/g)?.length).toBe(KPI_DEFINITIONS.length);
    expect(html).toMatch(/<td class="worse">[^<]*\(\+/);
    const none = reportHtml({ cityName: 'X', runs: [], table, snapshot: null, mapTitle: null, attributions: [], createdAt: new Date() });
    expect(none).toContain('No snapshot of the 3D view could be taken.');
  });
});

describe('scenario routes', () => {
  const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');

  it('lists every scenario file with its name (baseline first) and serves its text', async () => {
    const app = Fastify();
    await app.register(scenarioRoutes);
    const list = (await app.inject({ url: '/api/scenarios' })).json<{ scenarios: { id: string; name: string; description: string }[] }>().scenarios;
    expect(list.map((s) => s.id).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
    expect(list[0]?.id).toBe('baseline');
    for (const s of list) {
      const text = readFileSync(join(SCENARIOS_DIR, `${s.id}.json`), 'utf8');
      expect(s.name).toBe((JSON.parse(text) as { name: string }).name);
      const res = await app.inject({ url: `/api/scenarios/${s.id}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(text);
    }
    const missing = await app.inject({ url: '/api/scenarios/no-such-scenario' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ detail: string }>().detail).toContain("'no-such-scenario'");
    expect((await app.inject({ url: '/api/scenarios/..%2Fpackage' })).statusCode).toBe(404);
    await app.close();
  });
});
