/**
 * Import of the Geneva OSM district (CITIES_DIR/geneva/*.osm.pbf): full import to a CityModel
 * (decode, features, ENU projection, defaults, report) against a baseline measured in the same
 * run: walking and inflating the PBF blocks only. Prints times, peak RSS growth and the ratio.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importCityFiles } from '../src/twin/import/index';
import { forEachPbfBlock, readOsmPbf } from '../src/twin/import/osm-pbf';
import { peakRssMiB, printTable, sink, time } from './harness';

export default async function importBench(): Promise<void> {
  const citiesDir = resolve(process.env.CITIES_DIR ?? '../shared/cities');
  const folder = join(citiesDir, 'geneva');
  const file = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.osm.pbf')) : undefined;
  if (file === undefined) {
    process.stdout.write(`import bench skipped: no geneva/*.osm.pbf under ${citiesDir} (set CITIES_DIR)\n`);
    return;
  }
  const bytes = new Uint8Array(readFileSync(join(folder, file)));
  const source = [{ name: file, bytes }];

  // Memory first, while the process has not yet grown its heap for this data.
  const memory = await peakRssMiB(async () => sink((await importCityFiles(source)).buildings.count));
  const blocks = await time('PBF blocks: read + inflate (baseline)', () => {
    let n = 0;
    forEachPbfBlock(bytes, (_type, payload) => (n += payload.length));
    sink(n);
  }, { warmup: 1, runs: 5 });
  const decode = await time('PBF decode to OSM primitives', () => sink(readOsmPbf(bytes).wayId.length), { warmup: 1, runs: 5 });
  const full = await time('full import to CityModel', async () => sink((await importCityFiles(source)).buildings.count), { warmup: 1, runs: 3 });
  const model = await importCityFiles(source);
  const c = model.report?.counts;

  printTable(`Geneva import (${(bytes.length / 2 ** 20).toFixed(1)} MiB PBF; ${c?.buildings} buildings, ${c?.roads} roads, ${c?.trees} trees)`, [
    { step: blocks.name, medianMs: blocks.medianMs, ratio: 1 },
    { step: decode.name, medianMs: decode.medianMs, ratio: decode.medianMs / blocks.medianMs },
    { step: full.name, medianMs: full.medianMs, ratio: full.medianMs / blocks.medianMs },
  ]);
  printTable('Geneva import memory', [{ measure: 'peak RSS growth during the first full import (MiB)', value: memory.deltaMiB }, { measure: 'peak RSS (MiB)', value: memory.peakMiB }]);
}
