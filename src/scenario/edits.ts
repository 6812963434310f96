/**
 * Scenario edits as pure functions on the CityModel: `applyEdit(city, edit)` never writes to
 * `city`; it returns a new model (tables and columns that did not change are the same objects)
 * and the exact inverse edit, so that applyEdit(applyEdit(city, e).city, inverse).city equals
 * `city` column by column (undo/redo).
 *
 * Every user edit (scenario-types.ts) compiles to one of three row edits on one table — insert
 * rows, remove rows by id, set rows (same geometry, new attributes) — whose inverses are row edits
 * carrying exact snapshots (table-rows.ts).
 *
 * Representation choices (the CityModel has no table for them):
 * - A closed road becomes a `pedestrian` road with zero flow; its former class is kept in
 *   `attributes.closedRoadClass` so `open-road` can restore it.
 * - A noise barrier is a thin building (use `ancillary`, 0 storeys, 0 residents, attribute
 *   `kind: 'noise-barrier'`): the noise path finder diffracts over it like any prism and the
 *   sun-hours kernel casts its shadow; traffic zones ignore it (no residents, no jobs).
 * - Edited features carry `attributes.scenarioEdit` ('added', 'changed', 'closed', 'opened') for
 *   the scene (new buildings in a distinct colour).
 */
import { BUILDING_DEFAULTED, BUILDING_USES, FLOW_STRIDE, ROAD_CLASSES, ROAD_DEFAULTED, type CityModel, type RoadClass } from '../twin/city-model';
import { estimateResidents, STOREY_HEIGHT_M } from '../twin/defaults';
import { ROAD_CLASS_TRAFFIC } from '../sim/traffic/road-class-capacity';
import { counterClockwiseRing, groundAt, lowestGround, pointsAlong, ringSelfIntersects, ringSignedArea, wallOutline } from './edit-geometry';
import type { Point2, RoadChanges, ScenarioEdit } from './scenario-types';
import { buildingRow, rebuildBuildings, rebuildRoads, rebuildTrees, roadRow, splicePieces, treeRow, type BuildingRow, type RoadRow, type TreeRow } from './table-rows';

export type TableName = 'buildings' | 'roads' | 'trees';
interface RowOf {
  buildings: BuildingRow;
  roads: RoadRow;
  trees: TreeRow;
}
export type InsertRowsEdit = { [K in TableName]: { op: 'insert-rows'; table: K; rows: { index: number; row: RowOf[K] }[] } }[TableName];
export type RemoveRowsEdit = { op: 'remove-rows'; table: TableName; ids: string[] };
export type SetRowsEdit = { [K in TableName]: { op: 'set-rows'; table: K; rows: { index: number; row: RowOf[K] }[] } }[TableName];
export type RowEdit = InsertRowsEdit | RemoveRowsEdit | SetRowsEdit;

/** Anything applyEdit takes: a scenario file's edit or a row edit (an inverse). */
export type Edit = ScenarioEdit | RowEdit;

/** An edit that cannot apply to this model; `field` is the edit's member at fault (for the file position). */
export class EditError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly id?: string,
  ) {
    super(message);
    this.name = 'EditError';
  }
}

export interface AppliedEdit {
  city: CityModel;
  inverse: RowEdit;
}

/** Default wall thickness of a noise barrier, m. */
export const DEFAULT_BARRIER_THICKNESS_M = 0.3;
/** Roof allowance added to storeys × storey height when a height is derived from storeys, m. */
const ROOF_M = 1;

function indexOfId(ids: readonly string[], id: string, what: string, field: string): number {
  const i = ids.indexOf(id);
  if (i < 0) throw new EditError(`unknown ${what} '${id}'`, field, id);
  return i;
}
function assertNewId(ids: readonly string[], id: string, what: string, field: string): void {
  if (ids.includes(id)) throw new EditError(`${what} '${id}' already exists`, field, id);
}
function footprintArea(rings: readonly Float64Array[]): number {
  let a = 0;
  for (const ring of rings) {
    const pts: Point2[] = [];
    for (let i = 0; i < ring.length; i += 2) pts.push([ring[i] ?? 0, ring[i + 1] ?? 0]);
    a += ringSignedArea(pts);
  }
  return a;
}

/** Applies one edit; returns the new model and the inverse edit. */
export function applyEdit(city: CityModel, edit: Edit): AppliedEdit {
  return applyRowEdit(city, compileEdit(city, edit));
}

/** Applies edits in order; `inverses` undo them when applied in order (last edit's inverse first). */
export function applyEdits(city: CityModel, edits: readonly Edit[], onEdit?: (index: number) => void): { city: CityModel; inverses: RowEdit[] } {
  let c = city;
  const inverses: RowEdit[] = [];
  edits.forEach((e, k) => {
    onEdit?.(k);
    const r = applyEdit(c, e);
    c = r.city;
    inverses.unshift(r.inverse);
  });
  return { city: c, inverses };
}

/** The row edit a scenario edit stands for on `city` (ids checked against the model). */
export function compileEdit(city: CityModel, edit: Edit): RowEdit {
  const b = city.buildings;
  const r = city.roads;
  switch (edit.op) {
    case 'insert-rows':
    case 'remove-rows':
    case 'set-rows':
      return edit;
    case 'add-building': {
      assertNewId(b.id, edit.id, 'building', 'id');
      if (edit.footprint.length < 3) throw new EditError(`footprint needs at least 3 points (has ${edit.footprint.length})`, 'footprint', edit.id);
      if (ringSelfIntersects(edit.footprint)) throw new EditError('footprint crosses itself (or repeats a point)', 'footprint', edit.id);
      if (Math.abs(ringSignedArea(edit.footprint)) === 0) throw new EditError('footprint has no area', 'footprint', edit.id);
      const ring = counterClockwiseRing(edit.footprint);
      const storeys = edit.storeys ?? Math.max(1, Math.round(((edit.heightM ?? 0) - ROOF_M) / STOREY_HEIGHT_M));
      const heightM = edit.heightM ?? storeys * STOREY_HEIGHT_M + ROOF_M;
      const area = footprintArea([ring]);
      const row: BuildingRow = {
        id: edit.id, rings: [ring], baseHeightM: lowestGround(city.terrain, ring), heightM, storeys, use: BUILDING_USES.indexOf(edit.use),
        residents: edit.residents ?? estimateResidents(area, storeys, edit.use),
        defaulted: (edit.heightM === undefined ? BUILDING_DEFAULTED.height : 0) | (edit.storeys === undefined ? BUILDING_DEFAULTED.storeys : 0) | (edit.residents === undefined ? BUILDING_DEFAULTED.residents : 0),
        attributes: { scenarioEdit: 'added' },
      };
      return { op: 'insert-rows', table: 'buildings', rows: [{ index: b.count, row }] };
    }
    case 'add-noise-barrier': {
      assertNewId(b.id, edit.id, 'building or barrier', 'id');
      let ring: Float64Array;
      try {
        ring = wallOutline(edit.line, edit.thicknessM ?? DEFAULT_BARRIER_THICKNESS_M);
      } catch (e) {
        throw new EditError((e as Error).message, 'line', edit.id);
      }
      const row: BuildingRow = {
        id: edit.id, rings: [ring], baseHeightM: lowestGround(city.terrain, ring), heightM: edit.heightM, storeys: 0, use: BUILDING_USES.indexOf('ancillary'),
        residents: 0, defaulted: 0, attributes: { kind: 'noise-barrier', scenarioEdit: 'added' },
      };
      return { op: 'insert-rows', table: 'buildings', rows: [{ index: b.count, row }] };
    }
    case 'remove-building':
      indexOfId(b.id, edit.id, 'building', 'id');
      return { op: 'remove-rows', table: 'buildings', ids: [edit.id] };
    case 'change-building': {
      const i = indexOfId(b.id, edit.id, 'building', 'id');
      const row = buildingRow(b, i);
      const use = edit.use ?? (BUILDING_USES[row.use] ?? 'unknown');
      const storeys = edit.storeys ?? row.storeys;
      const heightM = edit.heightM ?? (edit.storeys !== undefined ? row.heightM + (storeys - row.storeys) * STOREY_HEIGHT_M : row.heightM);
      const reEstimate = edit.residents === undefined && (edit.storeys !== undefined || edit.use !== undefined);
      const residents = edit.residents ?? (reEstimate ? estimateResidents(footprintArea(row.rings), storeys, use) : row.residents);
      const defaulted = reEstimate ? row.defaulted | BUILDING_DEFAULTED.residents : edit.residents !== undefined ? row.defaulted & ~BUILDING_DEFAULTED.residents : row.defaulted;
      return {
        op: 'set-rows', table: 'buildings',
        rows: [{ index: i, row: { ...row, use: BUILDING_USES.indexOf(use), storeys, heightM, residents, defaulted, attributes: { ...row.attributes, scenarioEdit: 'changed' } } }],
      };
    }
    case 'close-road': {
      const i = indexOfId(r.id, edit.id, 'road', 'id');
      const row = roadRow(r, i);
      const cls = ROAD_CLASSES[row.roadClass] ?? 'unclassified';
      if (!(ROAD_CLASS_TRAFFIC[cls] !== undefined)) throw new EditError(`road '${edit.id}' (${cls}) carries no motor traffic to close`, 'id', edit.id);
      const closed: RoadRow = {
        ...row, roadClass: ROAD_CLASSES.indexOf('pedestrian'), flowVehH: new Float32Array(FLOW_STRIDE), speedKmh: new Float32Array(FLOW_STRIDE).fill(NaN),
        attributes: { ...row.attributes, closedRoadClass: cls, scenarioEdit: 'closed' },
      };
      return { op: 'set-rows', table: 'roads', rows: [{ index: i, row: closed }] };
    }
    case 'open-road': {
      const i = indexOfId(r.id, edit.id, 'road', 'id');
      const row = roadRow(r, i);
      const former = row.attributes.closedRoadClass;
      const cls = ROAD_CLASSES.indexOf(former as RoadClass);
      if (typeof former !== 'string' || cls < 0) throw new EditError(`road '${edit.id}' was not closed by a scenario (no closedRoadClass)`, 'id', edit.id);
      const { closedRoadClass: _dropped, ...rest } = row.attributes;
      const opened: RoadRow = {
        ...row, roadClass: cls, flowVehH: new Float32Array(FLOW_STRIDE).fill(NaN), speedKmh: new Float32Array(FLOW_STRIDE).fill(row.maxSpeedKmh),
        defaulted: row.defaulted | ROAD_DEFAULTED.flows, attributes: { ...rest, scenarioEdit: 'opened' },
      };
      return { op: 'set-rows', table: 'roads', rows: [{ index: i, row: opened }] };
    }
    case 'change-road':
      return changeRoads(city, [edit.id], edit, () => 'id');
    case 'change-roads':
      return changeRoads(city, edit.ids, edit, (k) => `ids/${k}`);
    case 'add-road': {
      assertNewId(r.id, edit.id, 'road', 'id');
      const xyz = new Float64Array(3 * edit.line.length);
      edit.line.forEach((p, k) => {
        xyz[3 * k] = p[0];
        xyz[3 * k + 1] = p[1];
        xyz[3 * k + 2] = groundAt(city.terrain, p[0], p[1]);
      });
      const motor = ROAD_CLASS_TRAFFIC[edit.roadClass] !== undefined;
      const row: RoadRow = {
        id: edit.id, name: edit.name ?? '', roadClass: ROAD_CLASSES.indexOf(edit.roadClass), lanes: edit.lanes, maxSpeedKmh: edit.maxSpeedKmh,
        oneway: edit.oneway ?? 0, surface: edit.surface ?? '', xyz,
        flowVehH: new Float32Array(FLOW_STRIDE).fill(motor ? NaN : 0), speedKmh: new Float32Array(FLOW_STRIDE).fill(motor ? edit.maxSpeedKmh : NaN),
        defaulted: motor ? ROAD_DEFAULTED.flows : 0, attributes: { scenarioEdit: 'added' },
      };
      return { op: 'insert-rows', table: 'roads', rows: [{ index: r.count, row }] };
    }
    case 'add-trees': {
      const t = city.trees;
      const points = edit.points ?? (edit.line !== undefined && edit.spacingM !== undefined ? pointsAlong(edit.line, edit.spacingM) : []);
      if (points.length === 0) throw new EditError('add-trees needs points, or a line and spacingM', 'points');
      const rows = points.map((p, k) => {
        const id = `${edit.idPrefix}-${k + 1}`;
        assertNewId(t.id, id, 'tree', 'idPrefix');
        const row: TreeRow = {
          id, x: p[0], y: p[1], z: groundAt(city.terrain, p[0], p[1]), heightM: edit.heightM, crownDiameterM: edit.crownDiameterM,
          leafCycle: edit.leafCycle === 'evergreen' ? 0 : 1, defaulted: 0,
        };
        return { index: t.count + k, row };
      });
      return { op: 'insert-rows', table: 'trees', rows };
    }
    case 'remove-trees':
      edit.ids.forEach((id, k) => indexOfId(city.trees.id, id, 'tree', `ids/${k}`));
      return { op: 'remove-rows', table: 'trees', ids: [...edit.ids] };
  }
}

function changeRoads(city: CityModel, ids: readonly string[], c: RoadChanges, field: (k: number) => string): SetRowsEdit {
  const r = city.roads;
  const rows = ids.map((id, k) => {
    const i = indexOfId(r.id, id, 'road', field(k));
    const row = roadRow(r, i);
    const speedKmh = row.speedKmh.slice();
    if (c.maxSpeedKmh !== undefined) for (let q = 0; q < FLOW_STRIDE; q++) if (Number.isFinite(speedKmh[q])) speedKmh[q] = c.maxSpeedKmh; // CNOSSOS-EU Annex II §2.2.1: legal limit when no measured speed
    const defaulted = row.defaulted & ~((c.lanes !== undefined ? ROAD_DEFAULTED.lanes : 0) | (c.maxSpeedKmh !== undefined ? ROAD_DEFAULTED.maxSpeed : 0) | (c.surface !== undefined ? ROAD_DEFAULTED.surface : 0));
    return {
      index: i,
      row: { ...row, maxSpeedKmh: c.maxSpeedKmh ?? row.maxSpeedKmh, lanes: c.lanes ?? row.lanes, surface: c.surface ?? row.surface, speedKmh, defaulted, attributes: { ...row.attributes, scenarioEdit: 'changed' } },
    };
  });
  rows.sort((a, b) => a.index - b.index);
  return { op: 'set-rows', table: 'roads', rows };
}

/** Applies a row edit, returning its exact inverse. */
export function applyRowEdit(city: CityModel, e: RowEdit): AppliedEdit {
  switch (e.op) {
    case 'insert-rows': {
      const ids = e.rows.map((w) => w.row.id);
      const inverse: RemoveRowsEdit = { op: 'remove-rows', table: e.table, ids };
      if (e.table === 'buildings') return { city: { ...city, buildings: rebuildBuildings(city.buildings, splicePieces(city.buildings.count, [], e.rows)) }, inverse };
      if (e.table === 'roads') return { city: { ...city, roads: rebuildRoads(city.roads, splicePieces(city.roads.count, [], e.rows)) }, inverse };
      return { city: { ...city, trees: rebuildTrees(city.trees, splicePieces(city.trees.count, [], e.rows)) }, inverse };
    }
    case 'remove-rows': {
      const indices = (table: { id: string[] }): number[] => e.ids.map((id, k) => indexOfId(table.id, id, e.table.replace(/s$/, ''), `ids/${k}`)).sort((a, b) => a - b);
      if (e.table === 'buildings') {
        const t = city.buildings;
        const at = indices(t);
        return { city: { ...city, buildings: rebuildBuildings(t, splicePieces(t.count, at, [])) }, inverse: { op: 'insert-rows', table: 'buildings', rows: at.map((i) => ({ index: i, row: buildingRow(t, i) })) } };
      }
      if (e.table === 'roads') {
        const t = city.roads;
        const at = indices(t);
        return { city: { ...city, roads: rebuildRoads(t, splicePieces(t.count, at, [])) }, inverse: { op: 'insert-rows', table: 'roads', rows: at.map((i) => ({ index: i, row: roadRow(t, i) })) } };
      }
      const t = city.trees;
      const at = indices(t);
      return { city: { ...city, trees: rebuildTrees(t, splicePieces(t.count, at, [])) }, inverse: { op: 'insert-rows', table: 'trees', rows: at.map((i) => ({ index: i, row: treeRow(t, i) })) } };
    }
    case 'set-rows': {
      // Replace each row in place: remove it and insert the new one at the same index.
      if (e.table === 'buildings') {
        const t = city.buildings;
        const old = e.rows.map((w) => ({ index: w.index, row: buildingRow(t, w.index) }));
        const next = shareUnchanged(t, rebuildBuildings(t, splicePieces(t.count, e.rows.map((w) => w.index), e.rows)));
        return { city: { ...city, buildings: next }, inverse: { op: 'set-rows', table: 'buildings', rows: old } };
      }
      if (e.table === 'roads') {
        const t = city.roads;
        const old = e.rows.map((w) => ({ index: w.index, row: roadRow(t, w.index) }));
        const next = shareUnchanged(t, rebuildRoads(t, splicePieces(t.count, e.rows.map((w) => w.index), e.rows)));
        return { city: { ...city, roads: next }, inverse: { op: 'set-rows', table: 'roads', rows: old } };
      }
      const t = city.trees;
      const old = e.rows.map((w) => ({ index: w.index, row: treeRow(t, w.index) }));
      const next = shareUnchanged(t, rebuildTrees(t, splicePieces(t.count, e.rows.map((w) => w.index), e.rows)));
      return { city: { ...city, trees: next }, inverse: { op: 'set-rows', table: 'trees', rows: old } };
    }
  }
}

function sameColumn(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length || a.constructor !== b.constructor) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** `next` with every column equal to the one in `prev` replaced by prev's (so unchanged columns are shared and their hashes cached). */
function shareUnchanged<T extends object>(prev: T, next: T): T {
  const out = { ...next } as Record<string, unknown>;
  const p = prev as Record<string, unknown>;
  for (const k of Object.keys(out)) if (sameColumn(p[k], out[k])) out[k] = p[k];
  return out as T;
}
