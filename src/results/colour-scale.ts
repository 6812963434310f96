/**
 * Colour of a value on a result legend, as 8-bit RGB: the one mapping used by the scene, the map,
 * legends and exports. Compile a legend once, then colour millions of cells without allocating.
 */
import type { ResultLegend } from './result-types';

/** #rrggbb → [r, g, b] in 0..255. */
export function parseHexColour(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`Not a #rrggbb colour: '${hex}'`);
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

export interface LegendColours {
  /** Write the RGB bytes of `value` at out[offset..offset+2]; false (nothing written) for NaN. */
  write(value: number, out: Uint8Array | Uint8ClampedArray, offset: number): boolean;
  /** #rrggbb of a value, or null for NaN. */
  hex(value: number): string | null;
}

function rgbTable(colours: readonly string[]): Uint8Array {
  const table = new Uint8Array(colours.length * 3);
  colours.forEach((c, k) => table.set(parseHexColour(c), k * 3));
  return table;
}

/** Position 0..1 of a value on a ramp; a diverging ramp maps [min, centre] and [centre, max] to each half. */
function rampPosition(min: number, max: number, centre: number | undefined, value: number): number {
  if (centre !== undefined && min < centre && centre < max) {
    return value < centre ? 0.5 * Math.max(0, (value - min) / (centre - min)) : 0.5 + 0.5 * Math.min(1, (value - centre) / (max - centre));
  }
  const span = max - min;
  return span > 0 ? Math.min(1, Math.max(0, (value - min) / span)) : 0.5;
}

export function compileLegend(legend: ResultLegend): LegendColours {
  let write: LegendColours['write'];
  if (legend.kind === 'classes') {
    const table = rgbTable(legend.classes.map((c) => c.colour));
    const from = Float64Array.from(legend.classes, (c) => c.from);
    const to = Float64Array.from(legend.classes, (c) => c.to);
    const n = legend.classes.length;
    write = (value, out, offset) => {
      if (Number.isNaN(value) || n === 0) return false;
      // Values beyond the outer classes take the nearest end class.
      let k = value < (from[0] ?? 0) ? 0 : n - 1;
      for (let i = 0; i < n; i++) {
        if (value >= (from[i] ?? 0) && value < (to[i] ?? 0)) {
          k = i;
          break;
        }
      }
      out[offset] = table[k * 3] ?? 0;
      out[offset + 1] = table[k * 3 + 1] ?? 0;
      out[offset + 2] = table[k * 3 + 2] ?? 0;
      return true;
    };
  } else {
    const table = rgbTable(legend.colours);
    const n = legend.colours.length;
    const { min, max, centre } = legend;
    write = (value, out, offset) => {
      if (Number.isNaN(value) || n === 0) return false;
      const pos = rampPosition(min, max, centre, value) * (n - 1);
      const k = Math.min(Math.max(0, n - 2), Math.floor(pos));
      const k1 = Math.min(n - 1, k + 1);
      const f = pos - k;
      for (let c = 0; c < 3; c++) {
        const a = table[k * 3 + c] ?? 0;
        const b = table[k1 * 3 + c] ?? 0;
        out[offset + c] = Math.round(a + (b - a) * f);
      }
      return true;
    };
  }
  const scratch = new Uint8Array(3);
  return {
    write,
    hex(value) {
      if (!write(value, scratch, 0)) return null;
      return `#${Array.from(scratch, (v) => v.toString(16).padStart(2, '0')).join('')}`;
    },
  };
}
