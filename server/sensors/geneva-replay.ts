/**
 * Replay of a recorded series: the Geneva noise sensors (CITIES_DIR/geneva/noise_sensors.geojson,
 * points in EPSG:2056, and devices_data/<deveui>.csv with `deveui,epoch,Leq,Temp,timestamp`), read
 * at run time, as NoiseLevelObserved entities, one per recorded row.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getCrs } from '../../src/geo/crs';
import { UNIT, entityId, geoPoint, property, round, type NgsiEntity } from './entities';

export interface ReplaySample {
  /** Unix ms. */
  timeMs: number;
  entity: NgsiEntity;
}

/** All samples of every device with a location, sorted by time. */
export async function loadGenevaNoiseReplay(genevaDir: string): Promise<ReplaySample[]> {
  const geojsonPath = join(genevaDir, 'noise_sensors.geojson');
  const collection = JSON.parse(await readFile(geojsonPath, 'utf8')) as { crs?: { properties?: { name?: string } }; features?: { properties?: { deveui?: unknown }; geometry?: { coordinates?: unknown } }[] };
  if (!Array.isArray(collection.features)) throw new Error(`${geojsonPath}: no "features" array`);
  const crs = getCrs(collection.crs?.properties?.name ?? 'EPSG:2056');
  const places = new Map<string, [number, number]>();
  for (const f of collection.features) {
    const c = f.geometry?.coordinates;
    if (typeof f.properties?.deveui !== 'string' || !Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') continue;
    const ll = crs.toLonLat(c[0], c[1], [0, 0]);
    places.set(f.properties.deveui, [ll[0] ?? 0, ll[1] ?? 0]);
  }
  const dataDir = join(genevaDir, 'devices_data');
  const samples: ReplaySample[] = [];
  for (const file of (await readdir(dataDir)).filter((f) => f.endsWith('.csv')).sort()) {
    const path = join(dataDir, file);
    const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = (lines[0] ?? '').split(',');
    const col = (name: string): number => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${path}: column "${name}" missing in the header`);
      return i;
    };
    const [iDev, iEpoch, iLeq, iTemp] = [col('deveui'), col('epoch'), col('Leq'), col('Temp')];
    for (let n = 1; n < lines.length; n++) {
      const cells = (lines[n] ?? '').split(',');
      const dev = cells[iDev] ?? '';
      const place = places.get(dev);
      const epoch = Number(cells[iEpoch]);
      const leq = Number(cells[iLeq]);
      if (place === undefined || !Number.isFinite(epoch) || !Number.isFinite(leq)) continue;
      const at = new Date(epoch * 1000).toISOString();
      const temp = Number(cells[iTemp]);
      samples.push({
        timeMs: epoch * 1000,
        entity: {
          id: entityId('NoiseLevelObserved', 'geneva', dev),
          type: 'NoiseLevelObserved',
          location: geoPoint(place[0], place[1]),
          dateObserved: property(at, at),
          LAeq: property(leq, at, UNIT.decibel),
          ...(Number.isFinite(temp) ? { temperature: property(round(temp, 2), at, UNIT.celsius) } : {}),
        },
      });
    }
  }
  return samples.sort((a, b) => a.timeMs - b.timeMs);
}

/** The latest sample per entity at or before `timeMs` (what a replay shows at that moment). */
export function replayAt(samples: readonly ReplaySample[], timeMs: number): NgsiEntity[] {
  const latest = new Map<string, NgsiEntity>();
  for (const s of samples) {
    if (s.timeMs > timeMs) break;
    latest.set(s.entity.id, s.entity);
  }
  return [...latest.values()];
}
