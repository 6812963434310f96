/**
 * Sensor simulator: determinism, plausibility (diurnal traffic, noise ↑ with traffic, lights on
 * after sunset) and every entity type validated against the Smart Data Models JSON Schemas found
 * under NGSI_LD_FIXTURES/smart-data-models (discovered; $refs resolved offline from that folder).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createSensorSimulator } from '../../server/sensors/simulator';
import type { NgsiEntity } from '../../server/sensors/entities';
import { generateDemoDistrict } from '../../src/twin/demo';
import { parseEntity } from '../../src/ngsi/parse';
import { NGSI_LD_FIXTURES, fixtureDir } from '../support/fixtures';

const model = generateDemoDistrict();
const sim = createSensorSimulator({ model, seed: 7 });
/** 2026-06-15 at hh:mm Europe/Berlin (UTC+2 in summer). */
const june = (h: number, m = 0): number => Date.UTC(2026, 5, 15, h - 2, m);

function valueOf(entities: NgsiEntity[], id: string, attribute: string): unknown {
  const e = entities.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no entity ${id}`);
  return (e[attribute] as { value: unknown }).value;
}

describe('sensor simulator', () => {
  it('is deterministic for a given seed and clock, and differs with the seed', () => {
    const t = june(8, 17);
    expect(createSensorSimulator({ model, seed: 7 }).snapshot(t)).toEqual(sim.snapshot(t));
    expect(createSensorSimulator({ model, seed: 8 }).snapshot(t)).not.toEqual(sim.snapshot(t));
  });

  it('publishes every model type with WGS84 locations inside the district', () => {
    const all = sim.snapshot(june(12));
    const types = new Set(all.map((e) => e.type));
    for (const t of ['TrafficFlowObserved', 'NoiseLevelObserved', 'AirQualityObserved', 'WeatherObserved', 'OnStreetParking', 'Streetlight', 'WasteContainer']) expect(types).toContain(t);
    for (const e of all) {
      const [lon, lat] = (e['location'] as { value: { coordinates: number[] } }).value.coordinates;
      expect(Math.abs((lon ?? 0) - 7.8522)).toBeLessThan(0.01);
      expect(Math.abs((lat ?? 0) - 47.9959)).toBeLessThan(0.01);
    }
  });

  it('traffic follows the demo flows: day > evening > night on the main street; noise rises with traffic', () => {
    const id = 'urn:ngsi-ld:TrafficFlowObserved:civic-twin-sim:road-main-2';
    const noise = 'urn:ngsi-ld:NoiseLevelObserved:civic-twin-sim:road-main-2';
    const day = sim.snapshot(june(10));
    const evening = sim.snapshot(june(21));
    const night = sim.snapshot(june(3));
    const q = [day, evening, night].map((s) => valueOf(s, id, 'intensity') as number);
    expect(q[0]).toBeGreaterThan(q[1] ?? Infinity);
    expect(q[1]).toBeGreaterThan(q[2] ?? Infinity);
    // 16 000 veh/day AADT × 0.0625 per day hour ≈ 1 000 veh/h (±15 % per segment, ±8 % jitter).
    expect(q[0]).toBeGreaterThan(700);
    expect(q[0]).toBeLessThan(1400);
    const l = [day, evening, night].map((s) => valueOf(s, noise, 'LAeq') as number);
    expect(l[0]).toBeGreaterThan(l[1] ?? Infinity);
    expect(l[1]).toBeGreaterThan(l[2] ?? Infinity);
    expect(l[0]).toBeGreaterThan(60);
    expect(l[0]).toBeLessThan(75);
    // Across all counters at one instant, more traffic → louder.
    const pairs = day.filter((e) => e.type === 'TrafficFlowObserved').map((e) => [valueOf(day, e.id, 'intensity') as number, valueOf(day, e.id.replace('TrafficFlowObserved', 'NoiseLevelObserved'), 'LAeq') as number] as const);
    pairs.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pairs.length; i++) expect(pairs[i]?.[1] ?? 0).toBeGreaterThanOrEqual(pairs[i - 1]?.[1] ?? 0);
  });

  it('street lights are on after sunset and off at noon (Freiburg, 15 June: sunset ≈ 21:30 CEST)', () => {
    const light = 'urn:ngsi-ld:Streetlight:civic-twin-sim:road-main-2';
    expect(valueOf(sim.snapshot(june(13)), light, 'powerState')).toBe('off');
    expect(valueOf(sim.snapshot(june(21, 0)), light, 'powerState')).toBe('off');
    expect(valueOf(sim.snapshot(june(22, 0)), light, 'powerState')).toBe('on');
    expect(valueOf(sim.snapshot(june(2)), light, 'powerState')).toBe('on');
  });

  it('NO2 rises with traffic and every numeric value is finite and every Property has an observedAt in UTC', () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:civic-twin-sim:road-main-2';
    expect(valueOf(sim.snapshot(june(10)), id, 'no2') as number).toBeGreaterThan(valueOf(sim.snapshot(june(3)), id, 'no2') as number);
    for (const e of sim.snapshot(june(10))) {
      for (const [name, attr] of Object.entries(e)) {
        if (name === 'id' || name === 'type') continue;
        const a = attr as { type: string; value?: unknown; observedAt?: string };
        if (typeof a.value === 'number') expect(Number.isFinite(a.value), `${e.id} ${name}`).toBe(true);
        if (a.type === 'Property') expect(a.observedAt).toMatch(/Z$/);
      }
    }
  });
});

const SDM = fixtureDir(NGSI_LD_FIXTURES, 'smart-data-models');
const COMMON = fixtureDir(NGSI_LD_FIXTURES, 'context', 'smart-data-models');

/** Every `<domain>/<Model>/schema.json` under the folder. */
function discoverSchemas(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const domain of readdirSync(root, { withFileTypes: true })) {
    if (!domain.isDirectory()) continue;
    for (const m of readdirSync(join(root, domain.name), { withFileTypes: true })) {
      const path = join(root, domain.name, m.name, 'schema.json');
      if (m.isDirectory() && existsSync(path)) found.set(m.name, path);
    }
  }
  return found;
}

/** The simplified (keyValues) form the schemas describe, from the normalized entity. */
function toKeyValues(entity: NgsiEntity): Record<string, unknown> {
  const parsed = parseEntity(entity);
  const out: Record<string, unknown> = { id: parsed.id, type: parsed.type };
  for (const [name, instances] of Object.entries(parsed.attributes)) out[name] = instances[0]?.value;
  return out;
}

describe.skipIf(SDM === undefined)('simulated entities against the Smart Data Models JSON Schemas', () => {
  const schemas = discoverSchemas(SDM ?? '.');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Shared definitions referenced by every model as https://smart-data-models.github.io/data-models/common-schema.json.
  const commonPath = COMMON === undefined ? undefined : join(COMMON, 'common-schema.json');
  if (commonPath !== undefined && existsSync(commonPath)) {
    const common = JSON.parse(readFileSync(commonPath, 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...common, $id: 'https://smart-data-models.github.io/data-models/common-schema.json' });
  }
  const entities = sim.snapshot(june(10));
  const types = [...new Set(entities.map((e) => e.type))];

  for (const type of types) {
    const path = schemas.get(type);
    it.skipIf(path === undefined)(`${type}${path === undefined ? ' (no schema in the folder)' : ''}`, (ctx) => {
      const schema = JSON.parse(readFileSync(path ?? '', 'utf8')) as Record<string, unknown>;
      let validate;
      try {
        validate = ajv.getSchema(String(schema['$id'])) ?? ajv.compile(schema);
      } catch (error) {
        // A $ref to a schema that is not in the folder (offline): reported as skipped, with the reason.
        ctx.skip(`${type}: ${(error as Error).message}`);
        return;
      }
      for (const e of entities.filter((x) => x.type === type)) {
        const ok = validate(toKeyValues(e));
        expect(ok, `${e.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    });
  }
});
