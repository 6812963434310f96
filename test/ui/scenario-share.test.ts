/**
 * Shareable scenario links (src/app/scenario-url.ts): encode → parse gives the same scenarios,
 * grid, shown result, split and view, the camera within the rounding the link uses (0.1 m,
 * 0.01°); malformed parts are dropped; a hash without scenarios is no share state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeShareState, parseShareState, type ShareState } from '../../src/app/scenario-url';
import { withBaseline } from '../../src/state/scenario-store';

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const state = fc.record({
  scenarios: fc.array(id, { minLength: 1, maxLength: 5 }),
  grid: fc.oneof(fc.constant('file' as const), fc.integer({ min: 1, max: 200 })),
  shownId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: null }),
  split: fc.option(fc.record({ leftId: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('|')), rightId: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('|')), position: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), { nil: null }),
  view: fc.constantFrom('scene' as const, 'map' as const),
  camera: fc.option(
    fc.record({
      target: fc.tuple(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -100, max: 500, noNaN: true })),
      headingRad: fc.double({ min: -3, max: 3, noNaN: true }),
      pitchRad: fc.double({ min: -1.5, max: 0, noNaN: true }),
      distanceM: fc.double({ min: 1, max: 20_000, noNaN: true }),
    }),
    { nil: null },
  ),
});

describe('scenario share links', () => {
  it('round-trips every field (camera to the link precision)', () => {
    fc.assert(
      fc.property(state, (s: ShareState) => {
        const back = parseShareState(encodeShareState(s));
        expect(back).not.toBeNull();
        if (back === null) return;
        expect(back.scenarios).toEqual(s.scenarios);
        expect(back.grid).toEqual(s.grid);
        expect(back.shownId).toEqual(s.shownId);
        expect(back.view).toBe(s.view);
        if (s.split === null) expect(back.split).toBeNull();
        else {
          expect(back.split?.leftId).toBe(s.split.leftId);
          expect(back.split?.rightId).toBe(s.split.rightId);
          expect(Math.abs((back.split?.position ?? NaN) - s.split.position)).toBeLessThanOrEqual(5e-4 + 1e-12);
        }
        if (s.camera === null) expect(back.camera).toBeNull();
        else {
          const c = back.camera;
          expect(c).not.toBeNull();
          for (let k = 0; k < 3; k++) expect(Math.abs((c?.target[k] ?? NaN) - (s.camera.target[k] ?? NaN))).toBeLessThanOrEqual(0.05 + 1e-9);
          expect(Math.abs((c?.headingRad ?? NaN) - s.camera.headingRad)).toBeLessThanOrEqual((0.005 * Math.PI) / 180 + 1e-12);
          expect(Math.abs((c?.pitchRad ?? NaN) - s.camera.pitchRad)).toBeLessThanOrEqual((0.005 * Math.PI) / 180 + 1e-12);
          expect(Math.abs((c?.distanceM ?? NaN) - s.camera.distanceM)).toBeLessThanOrEqual(0.05 + 1e-9);
        }
      }),
    );
  });

  it('drops malformed parts and refuses a hash without scenarios', () => {
    expect(parseShareState('')).toBeNull();
    expect(parseShareState('#view=map')).toBeNull();
    const s = parseShareState('#scenarios=baseline,../etc,zone-30&grid=-3&split=a|b&camera=1,2,x,4,5,6&view=xr');
    expect(s).toEqual({ scenarios: ['baseline', 'zone-30'], grid: 'file', shownId: null, split: null, view: 'scene', camera: null });
  });

  it('keeps the baseline first and once in any chosen set', () => {
    expect(withBaseline([])).toEqual(['baseline']);
    expect(withBaseline(['zone-30', 'baseline', 'zone-30', 'new-park'])).toEqual(['baseline', 'zone-30', 'new-park']);
  });
});
