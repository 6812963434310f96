import { describe, expect, it } from 'vitest';
import { compileLegend, parseHexColour } from '../../src/results/colour-scale';
import type { ResultLegend } from '../../src/results/result-types';

const classes: ResultLegend = {
  kind: 'classes',
  unit: 'dB',
  classes: [
    { from: 50, to: 55, colour: '#00ff00' },
    { from: 55, to: 60, colour: '#ff0000' },
  ],
};

describe('compileLegend', () => {
  it('colours a class by its [from, to) interval and clamps beyond the ends', () => {
    const c = compileLegend(classes);
    expect(c.hex(50)).toBe('#00ff00');
    expect(c.hex(54.999)).toBe('#00ff00');
    expect(c.hex(55)).toBe('#ff0000');
    expect(c.hex(20)).toBe('#00ff00');
    expect(c.hex(99)).toBe('#ff0000');
  });

  it('leaves NaN uncoloured', () => {
    const out = new Uint8Array([7, 7, 7]);
    expect(compileLegend(classes).write(Number.NaN, out, 0)).toBe(false);
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });

  it('interpolates a ramp linearly and puts a diverging centre at the middle colour', () => {
    const ramp = compileLegend({ kind: 'ramp', unit: 'h', min: 0, max: 10, colours: ['#000000', '#ffffff'] });
    expect(ramp.hex(5)).toBe('#808080');
    expect(ramp.hex(-3)).toBe('#000000');
    expect(ramp.hex(30)).toBe('#ffffff');
    const diverging = compileLegend({ kind: 'ramp', unit: 'dB', min: -2, max: 8, centre: 0, colours: ['#0000ff', '#ffffff', '#ff0000'] });
    expect(diverging.hex(0)).toBe('#ffffff');
    expect(diverging.hex(-2)).toBe('#0000ff');
    expect(diverging.hex(8)).toBe('#ff0000');
    expect(diverging.hex(4)).toBe('#ff8080');
  });

  it('rejects a colour that is not #rrggbb', () => {
    expect(() => parseHexColour('red')).toThrow(/#rrggbb/);
  });
});
