/**
 * Reusing a `PathWorkspace` leaks no state from path to path (CNOSSOS-EU Annex II §2.5.5-2.5.8,
 * `computePathAttenuation`): the attenuation of a path is bit-identical whether its workspace is
 * fresh or was used before for other paths, in both modes (`detail` true: every field; false, the
 * maps' mode: every field of a fresh result). Seeded fast-check over random cuts: terrain, ground
 * G, walls (diffraction over edges, or a ray clearing them with the Rayleigh point), facade
 * reflections with and without obstacle tops (Δretrodif), lateral 'left'/'right' paths, and cuts
 * of up to 90 ground vertices so the workspace grows mid-sequence. The ISO/TR 17534-4 profiles
 * (REFERENCE_DIR) run the same way when present.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CutProfile, CutProfileKind } from '../../../src/sim/noise/cut-profile';
import { cutProfileFromJson } from '../../../src/sim/noise/cut-profile-json';
import { computePathAttenuation, createPathAttenuation, createPathWorkspace, type Atmosphere, type PathAttenuation } from '../../../src/sim/noise/path-attenuation';
import { REFERENCE_DIR, fixtureDir } from '../../support/fixtures';

const LW = [93, 93, 93, 93, 93, 93, 93, 93];
const P_FAVOURABLE = 0.5;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A random cut from `seed` (see the file comment); `big` gives 60–90 ground vertices. */
function randomProfile(seed: number, kind: CutProfileKind, big: boolean): CutProfile {
  const rnd = seeded(seed);
  const length = 5 + rnd() * 800;
  const n = big ? 60 + Math.floor(rnd() * 31) : 2 + Math.floor(rnd() * 12);
  const gx = new Float64Array(n);
  const gz = new Float64Array(n);
  const gg = new Float64Array(n);
  const levels = [0, 0.3, 0.7, 1];
  let z = rnd() * 5;
  for (let i = 0; i < n; i++) {
    gx[i] = i === n - 1 ? length : (i / (n - 1)) * length + (i > 0 ? (rnd() - 0.5) * (length / (n - 1)) * 0.5 : 0);
    z += (rnd() - 0.5) * (rnd() < 0.2 ? 6 : 1);
    gz[i] = z;
    gg[i] = levels[Math.floor(rnd() * levels.length)] ?? 0;
  }
  const groundAt = (x: number): number => {
    let i = 0;
    while (i + 2 < n && (gx[i + 1] ?? 0) < x) i++;
    const x0 = gx[i] ?? 0;
    const x1 = gx[i + 1] ?? 0;
    const t = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
    return (gz[i] ?? 0) + t * ((gz[i + 1] ?? 0) - (gz[i] ?? 0));
  };
  const edgeCount = Math.floor(rnd() * 5);
  const edgeX = Float64Array.from({ length: edgeCount }, () => 0.05 * length + rnd() * 0.9 * length).sort();
  const edgeZ = Float64Array.from(edgeX, (x) => groundAt(x) + (rnd() < 0.3 ? rnd() * 2 : 3 + rnd() * 22));
  // Side ground: the same arrays, or a copy with a roof (G = 0) raised between two vertices.
  let sx = gx;
  let sz = gz;
  let sg = gg;
  if (edgeCount > 0 && rnd() < 0.5) {
    sx = gx.slice();
    sz = gz.slice();
    sg = gg.slice();
    const a = Math.floor(rnd() * (n - 1));
    for (let i = a; i < Math.min(n - 1, a + 3); i++) {
      sz[i] = (sz[i] ?? 0) + 8;
      sg[i] = 0;
    }
  }
  const reflections = kind === 'reflection' ? 1 + Math.floor(rnd() * 2) : 0;
  const withTops = rnd() < 0.7;
  const profile: CutProfile = {
    kind,
    curved: rnd() < 0.5,
    sourceZ: (gz[0] ?? 0) + 0.05 + rnd() * 2,
    receiverX: length,
    receiverZ: (gz[n - 1] ?? 0) + 1.5 + rnd() * 10,
    sourceG: gg[0] ?? 0,
    groundX: gx,
    groundZ: gz,
    groundG: gg,
    groundCount: n,
    sideGroundX: sx,
    sideGroundZ: sz,
    sideGroundG: sg,
    sideGroundCount: n,
    edgeX,
    edgeZ,
    edgeCount,
    reflectionAlpha: Array.from({ length: reflections }, () => Float64Array.from({ length: 8 }, () => rnd() * 0.9)),
  };
  if (reflections > 0 && withTops) {
    profile.reflectionX = Array.from({ length: reflections }, () => rnd() * length);
    profile.reflectionTopZ = profile.reflectionX.map((x) => (rnd() < 0.2 ? Number.NaN : groundAt(x) + 2 + rnd() * 20));
  }
  if (kind === 'left' || kind === 'right') profile.directDistance = Math.sqrt(length * length + (profile.receiverZ - profile.sourceZ) ** 2) * (0.85 + rnd() * 0.15);
  return profile;
}

/**
 * The same cut with other heights and G at the same abscissae (`seed`): the same edge and
 * ground x, so cached per-path state keyed by abscissae (side planes) would be found again.
 */
function sibling(p: CutProfile, seed: number): CutProfile {
  const rnd = seeded(seed);
  const shift = (a: Float64Array): Float64Array => a.map((v) => v + (rnd() - 0.3) * 4);
  const groundZ = shift(p.groundZ);
  const sideGroundZ = p.sideGroundZ === p.groundZ ? groundZ : shift(p.sideGroundZ);
  const groundG = p.groundG.map(() => rnd());
  return { ...p, groundZ, sideGroundZ, groundG, sideGroundG: p.sideGroundG === p.groundG ? groundG : p.sideGroundG.map(() => rnd()), edgeZ: p.edgeZ.map((z) => z + rnd() * 3), sourceZ: p.sourceZ + rnd(), receiverZ: p.receiverZ + rnd() };
}

const profileArb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), kind: fc.constantFrom<CutProfileKind>('direct', 'direct', 'reflection', 'left', 'right'), big: fc.integer({ min: 0, max: 4 }).map((k) => k === 0) }).map(({ seed, kind, big }) => randomProfile(seed, kind, big));
const atmosphereArb = fc.constantFrom<Atmosphere>({ temperatureC: 15, humidityPercent: 70 }, { temperatureC: 10, humidityPercent: 70 }, { temperatureC: 25, humidityPercent: 40 });

/** Names of the fields that differ bitwise (Object.is per band; supported/reason too). */
function differences(a: PathAttenuation, b: PathAttenuation): string[] {
  const out: string[] = [];
  if (a.supported !== b.supported || a.reason !== b.reason) out.push('supported/reason');
  for (const [key, va] of Object.entries(a)) {
    const vb = (b as unknown as Record<string, unknown>)[key];
    if (!(va instanceof Float64Array) || !(vb instanceof Float64Array)) continue;
    for (let i = 0; i < va.length; i++) if (!Object.is(va[i], vb[i])) out.push(`${key}[${i}]: ${va[i]} vs ${vb[i]}`);
  }
  return out;
}

/**
 * Computes `target` with a fresh workspace, then with one that first computed `before` (results
 * into one reused `out` in detail mode, fresh ones in the maps' mode); returns the differences.
 */
function reuseDifferences(before: CutProfile[], target: CutProfile, atmosphere: Atmosphere, detail: boolean): string[] {
  const fresh = computePathAttenuation(target, LW, atmosphere, P_FAVOURABLE, createPathAttenuation(), detail, createPathWorkspace());
  const ws = createPathWorkspace();
  const reused = createPathAttenuation();
  for (const p of before) computePathAttenuation(p, LW, atmosphere, P_FAVOURABLE, detail ? reused : createPathAttenuation(), detail, ws);
  const again = computePathAttenuation(target, LW, atmosphere, P_FAVOURABLE, detail ? reused : createPathAttenuation(), detail, ws);
  return differences(fresh, again);
}

describe('noise path attenuation: a reused workspace leaks no state', () => {
  for (const detail of [true, false]) {
    it(`random cuts, detail = ${detail}: bit-identical after other paths in the same workspace`, () => {
      const kinds = new Set<string>();
      let diffracted = 0;
      fc.assert(
        fc.property(fc.array(profileArb, { minLength: 0, maxLength: 5 }), profileArb, atmosphereArb, fc.nat(), (others, target, atmosphere, seed) => {
          kinds.add(target.kind);
          // A sibling of the target (same abscissae, other heights and G) somewhere before it.
          const before = [...others];
          before.splice(seed % (others.length + 1), 0, sibling(target, seed));
          const r = computePathAttenuation(target, LW, atmosphere, P_FAVOURABLE, createPathAttenuation(), true, createPathWorkspace());
          if (r.ADiffH.some((v) => v !== 0) || r.ADiffF.some((v) => v !== 0)) diffracted++;
          expect(reuseDifferences(before, target, atmosphere, detail)).toEqual([]);
        }),
        { seed: detail ? 17534 : 2015996, numRuns: 300 },
      );
      // The generator reaches every kind of path and diffracted ones.
      expect([...kinds].sort()).toEqual(['direct', 'left', 'reflection', 'right']);
      expect(diffracted).toBeGreaterThan(30);
    });
  }

  it('the default (shared) workspace gives the same bits as a fresh one', () => {
    fc.assert(
      fc.property(fc.array(profileArb, { minLength: 1, maxLength: 4 }), (profiles) => {
        for (const p of profiles) {
          const shared = computePathAttenuation(p, LW, { temperatureC: 15, humidityPercent: 70 }, P_FAVOURABLE, createPathAttenuation());
          const fresh = computePathAttenuation(p, LW, { temperatureC: 15, humidityPercent: 70 }, P_FAVOURABLE, createPathAttenuation(), true, createPathWorkspace());
          expect(differences(fresh, shared)).toEqual([]);
        }
      }),
      { seed: 8, numRuns: 100 },
    );
  });

  const dir = fixtureDir(REFERENCE_DIR, 'noise_cnossos', 'propagation_profiles');
  describe.skipIf(!dir)('ISO/TR 17534-4 profiles', () => {
    const profiles = dir
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => cutProfileFromJson(JSON.parse(readFileSync(join(dir, f), 'utf8')), join(dir, f)))
      : [];
    it('every profile is bit-identical after any other profiles in the same workspace (both modes)', () => {
      expect(profiles.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: profiles.length - 1 }), { minLength: 1, maxLength: 5 }), fc.nat({ max: profiles.length - 1 }), fc.boolean(), (before, target, detail) => {
          const t = profiles[target];
          if (t === undefined) throw new Error(`no profile ${target}`);
          const prior = before.map((k) => profiles[k]).filter((p): p is CutProfile => p !== undefined);
          expect(reuseDifferences(prior, t, { temperatureC: 10, humidityPercent: 70 }, detail)).toEqual([]);
        }),
        { seed: 174, numRuns: 200 },
      );
    });
  });
});
