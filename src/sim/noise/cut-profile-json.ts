/**
 * Reads a 2-D cut profile in the JSON layout of the ISO/TR 17534-4 reference profiles
 * (NoiseModelling `CutProfile` export: cutPoints with type, coordinate, zGround,
 * groundCoefficient, wallAlpha; curvedPath; profileType) into a `CutProfile`.
 */
import type { CutProfile, CutProfileKind } from './cut-profile';

const KINDS: Record<string, CutProfileKind> = { DIRECT: 'direct', LEFT: 'left', RIGHT: 'right', REFLECTION: 'reflection' };

function field(obj: unknown, key: string, where: string): unknown {
  if (typeof obj !== 'object' || obj === null || !(key in obj)) throw new Error(`${where}: missing field '${key}'`);
  return (obj as Record<string, unknown>)[key];
}

function num(obj: unknown, key: string, where: string): number {
  const v = field(obj, key, where);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: field '${key}' must be a finite number`);
  return v;
}

/** `where` names the file in error messages. */
export function cutProfileFromJson(json: unknown, where: string): CutProfile {
  const points = field(json, 'cutPoints', where);
  if (!Array.isArray(points) || points.length < 2) throw new Error(`${where}: 'cutPoints' must be an array of at least 2 points`);
  const typeName = field(json, 'profileType', where);
  const kind = typeof typeName === 'string' ? KINDS[typeName] : undefined;
  if (kind === undefined) throw new Error(`${where}: unknown profileType ${JSON.stringify(typeName)}`);
  const curved = field(json, 'curvedPath', where) === true;
  const n = points.length;
  const groundX = new Float64Array(n);
  const groundZ = new Float64Array(n);
  const groundG = new Float64Array(n);
  const edgeX = new Float64Array(n);
  const edgeZ = new Float64Array(n);
  const reflectionAlpha: Float64Array[] = [];
  const reflectionX: number[] = [];
  const reflectionTopZ: number[] = [];
  let groundCount = 0;
  const sideX = new Float64Array(2 * n);
  const sideZ = new Float64Array(2 * n);
  const sideG = new Float64Array(2 * n);
  let sideCount = 0;
  let inBuilding = false;
  let hasBuilding = false;
  const pushSide = (x: number, z: number, g: number): void => {
    sideX[sideCount] = x;
    sideZ[sideCount] = z;
    sideG[sideCount] = g;
    sideCount++;
  };
  let edgeCount = 0;
  let dist = 0;
  let px = 0;
  let py = 0;
  let sourceZ = Number.NaN;
  let sourceG = 0;
  let receiverX = Number.NaN;
  let receiverZ = Number.NaN;
  const sourceXyz = [Number.NaN, Number.NaN, Number.NaN];
  const receiverXyz = [Number.NaN, Number.NaN, Number.NaN];
  points.forEach((p: unknown, i) => {
    const at = `${where} cutPoints[${i}]`;
    const c = field(p, 'coordinate', at);
    const x = num(c, 'x', `${at}.coordinate`);
    const y = num(c, 'y', `${at}.coordinate`);
    const z = num(c, 'z', `${at}.coordinate`);
    if (i > 0) dist += Math.hypot(x - px, y - py);
    px = x;
    py = y;
    const type = field(p, 'type', at);
    const zGround = num(p, 'zGround', at);
    const g = num(p, 'groundCoefficient', at);
    // A ground vertex at every point (ties at the same abscissa keep the later G).
    if (groundCount > 0 && Math.abs((groundX[groundCount - 1] ?? 0) - dist) < 1e-9) {
      groundZ[groundCount - 1] = zGround;
      groundG[groundCount - 1] = g;
    } else {
      groundX[groundCount] = dist;
      groundZ[groundCount] = zGround;
      groundG[groundCount] = g;
      groundCount++;
    }
    // Side ground: a building is entered at its wall (ground, then roof) and left at the other.
    const crossing = typeof p === 'object' && p !== null ? (p as Record<string, unknown>)['intersectionType'] : undefined;
    if (crossing === 'BUILDING_ENTER') {
      pushSide(dist, zGround, 0);
      pushSide(dist, z, 0);
      inBuilding = true;
      hasBuilding = true;
    } else if (crossing === 'BUILDING_EXIT' && inBuilding) {
      pushSide(dist, z, g);
      pushSide(dist, zGround, g);
      inBuilding = false;
    } else if (!inBuilding) {
      pushSide(dist, zGround, g);
    }
    switch (type) {
      case 'Source':
        sourceXyz.splice(0, 3, x, y, z);
        sourceZ = z;
        sourceG = g;
        break;
      case 'Receiver':
        receiverXyz.splice(0, 3, x, y, z);
        receiverX = dist;
        receiverZ = z;
        break;
      case 'Wall':
      case 'VEdgeDiffraction':
        // A lateral path diffracts only on its vertical edges; walls it passes over are roofs.
        if (type === 'Wall' && (kind === 'left' || kind === 'right')) break;
        edgeX[edgeCount] = dist;
        edgeZ[edgeCount] = z;
        edgeCount++;
        break;
      case 'Reflection': {
        const alpha = field(p, 'wallAlpha', at);
        if (!Array.isArray(alpha) || alpha.length !== 8 || !alpha.every((a) => typeof a === 'number')) throw new Error(`${at}: 'wallAlpha' must be 8 numbers`);
        reflectionAlpha.push(Float64Array.from(alpha as number[]));
        reflectionX.push(dist);
        reflectionTopZ.push(wallTopAt(p, x, y, at));
        break;
      }
      case 'GroundEffect':
      case 'Topography':
        break;
      default:
        throw new Error(`${at}: unknown cut point type ${JSON.stringify(type)}`);
    }
  });
  if (!Number.isFinite(sourceZ) || !Number.isFinite(receiverX)) throw new Error(`${where}: a profile needs one Source and one Receiver point`);
  const directDistance = Math.hypot((receiverXyz[0] ?? 0) - (sourceXyz[0] ?? 0), (receiverXyz[1] ?? 0) - (sourceXyz[1] ?? 0), (receiverXyz[2] ?? 0) - (sourceXyz[2] ?? 0));
  const side = hasBuilding
    ? { sideGroundX: sideX, sideGroundZ: sideZ, sideGroundG: sideG, sideGroundCount: sideCount }
    : { sideGroundX: groundX, sideGroundZ: groundZ, sideGroundG: groundG, sideGroundCount: groundCount };
  return { kind, curved, sourceZ, sourceG, receiverX, receiverZ, groundX, groundZ, groundG, groundCount, ...side, edgeX, edgeZ, edgeCount, reflectionAlpha, reflectionX, reflectionTopZ, directDistance };
}

/**
 * Height of the top of the reflecting wall at the reflection point (x, y): linear along the wall
 * p0 → p1 of the point's `wall` field; NaN when the point has no wall.
 */
function wallTopAt(point: unknown, x: number, y: number, where: string): number {
  if (typeof point !== 'object' || point === null || !('wall' in point)) return Number.NaN;
  const wall = (point as Record<string, unknown>)['wall'];
  const p0 = field(wall, 'p0', `${where}.wall`);
  const p1 = field(wall, 'p1', `${where}.wall`);
  const x0 = num(p0, 'x', `${where}.wall.p0`);
  const y0 = num(p0, 'y', `${where}.wall.p0`);
  const z0 = num(p0, 'z', `${where}.wall.p0`);
  const x1 = num(p1, 'x', `${where}.wall.p1`);
  const y1 = num(p1, 'y', `${where}.wall.p1`);
  const z1 = num(p1, 'z', `${where}.wall.p1`);
  const len2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / len2)) : 0;
  return z0 + t * (z1 - z0);
}
