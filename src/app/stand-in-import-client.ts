/**
 * TEMPORARY stand-in for src/twin/import/import-client.ts (being written in parallel): imports
 * GeoJSON polygons in WGS84 on the main thread. Same interface; removed once the real one lands.
 */
import type { CityModel, ImportIssue } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { createEnuFrame } from '../geo/enu';

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportClient {
  importFiles(files: SourceFile[], onProgress?: (p: ProgressReport) => void): Promise<CityModel>;
  cancel(): void;
  dispose(): void;
}

interface Feature {
  id?: string | number;
  properties?: Record<string, string | number | boolean | null> | null;
  geometry?: { type: string; coordinates: number[][][] } | null;
}

export function createImportClient(): ImportClient {
  return {
    async importFiles(files, onProgress) {
      onProgress?.({ fraction: 0.1, stage: 'reading' });
      const file = files[0];
      if (file === undefined) throw new Error('no files');
      let json: { features?: Feature[] };
      try {
        json = JSON.parse(new TextDecoder().decode(file.bytes)) as { features?: Feature[] };
      } catch (e) {
        throw new Error(`${file.name}: invalid JSON (${(e as Error).message})`, { cause: e });
      }
      const features = json.features ?? [];
      const skipped: ImportIssue[] = [];
      const polys: { id: string; ring: number[][]; h: number; attrs: Record<string, string | number | boolean | null> }[] = [];
      features.forEach((f, k) => {
        const ring = f.geometry?.type === 'Polygon' ? f.geometry.coordinates[0] : undefined;
        if (ring === undefined || ring.length < 4) {
          skipped.push({ file: file.name, feature: String(f.id ?? k), reason: 'polygon with fewer than 3 points' });
          return;
        }
        polys.push({ id: String(f.id ?? k), ring: ring.slice(0, -1), h: Number(f.properties?.height ?? 10), attrs: f.properties ?? {} });
      });
      const first = polys[0]?.ring[0] ?? [0, 0];
      const origin = { lonDeg: first[0] ?? 0, latDeg: first[1] ?? 0, heightM: 0 };
      const frame = createEnuFrame(origin);
      const xy: number[] = [];
      const ringOffset = [0];
      const out = [0, 0, 0];
      for (const p of polys) {
        for (const c of p.ring) {
          frame.toEnu(c[0] ?? 0, c[1] ?? 0, 0, out);
          xy.push(out[0] ?? 0, out[1] ?? 0);
        }
        ringOffset.push(xy.length / 2);
      }
      const n = polys.length;
      onProgress?.({ fraction: 1, stage: 'done' });
      return {
        name: file.name.replace(/\.(geo)?json$/i, ''),
        synthetic: false,
        origin,
        timeZone: 'UTC',
        attribution: String(polys[0]?.attrs.attribution ?? ''),
        buildings: {
          count: n, id: polys.map((p) => p.id), ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i), ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy),
          baseHeightM: new Float32Array(n), heightM: Float32Array.from(polys.map((p) => p.h)), storeys: new Uint16Array(n), use: new Uint8Array(n), residents: new Float32Array(n), defaulted: new Uint8Array(n), attributes: polys.map((p) => p.attrs),
        },
        roads: { count: 0, id: [], name: [], roadClass: new Uint8Array(), lanes: new Uint8Array(), maxSpeedKmh: new Float32Array(), oneway: new Int8Array(), surface: [], flowVehH: new Float32Array(), speedKmh: new Float32Array(), defaulted: new Uint8Array(), attributes: [], vertexOffset: Uint32Array.of(0), xyz: new Float64Array() },
        trees: { count: 0, id: [], xyz: new Float64Array(), heightM: new Float32Array(), crownDiameterM: new Float32Array(), leafCycle: new Uint8Array(), defaulted: new Uint8Array() },
        terrain: null,
        ground: { count: 0, id: [], groundFactorG: new Float32Array(), cover: [], ringStart: Uint32Array.of(0), ringOffset: Uint32Array.of(0), xy: new Float64Array() },
        lines: { count: 0, id: [], kind: [], widthM: new Float32Array(), vertexOffset: Uint32Array.of(0), xyz: new Float64Array() },
        report: { sources: [file.name], crs: 'EPSG:4326', origin, counts: { buildings: n, roads: 0, trees: 0, terrainCells: 0, ground: 0 }, heightStats: null, defaulted: {}, skipped, warnings: [], durationMs: 0 },
      };
    },
    cancel() {},
    dispose() {},
  };
}
