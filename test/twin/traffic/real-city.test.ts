import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCityFiles } from '../../../src/twin/import';
import { readSourcePath } from '../../../src/twin/import/node-files';
import { solveCityTraffic } from '../../../src/twin/traffic/city-traffic';
import { CITIES_DIR } from '../../support/fixtures';

const lorient = CITIES_DIR === undefined ? undefined : join(CITIES_DIR, 'lorient');

describe.skipIf(lorient === undefined || !existsSync(lorient))('traffic of an imported district (Lorient shapefiles)', () => {
  it('builds a connected graph, loads the gravity demand and converges with no OD pair left out', async () => {
    const city = await importCityFiles(await readSourcePath(lorient as string));
    const { summary, result, graph, roadFlows } = solveCityTraffic(city, { gap: 1e-6 });
    expect(summary.zones).toBeGreaterThan(10);
    expect(summary.demandVehH).toBeGreaterThan(0);
    expect(summary.unreachablePairs).toBe(0);
    expect(result.relativeGap).toBeLessThanOrEqual(1e-6);
    // every road with motor links gets a finite flow
    for (let a = 0; a < graph.roadLinkCount; a++) expect(Number.isFinite(roadFlows.totalVehH[graph.linkRoad[a] as number])).toBe(true);
  }, 60_000);
});
