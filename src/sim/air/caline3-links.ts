/** Struct-of-arrays link table of CALINE3 road links (see `caline3.ts`). */
import type { Caline3LinkType } from './caline3-input';

export interface Caline3LinkGeometry {
  x1M: number;
  y1M: number;
  x2M: number;
  y2M: number;
  type: Caline3LinkType;
  /** Source height HL (m): bridge/at-grade height, fill height (> 0) or cut depth (< 0). */
  heightM: number;
  /** Mixing-zone width W (m) = travelled way + 3 m each side. */
  mixingZoneWidthM: number;
}

/** Link type codes stored in `Caline3Links.typeCode`. */
export const LINK_TYPE_CODE: Readonly<Record<Caline3LinkType, number>> = { AG: 0, BR: 1, FL: 2, DP: 3 };

/** Struct-of-arrays link table. */
export class Caline3Links {
  readonly count: number;
  readonly x1: Float64Array;
  readonly y1: Float64Array;
  readonly x2: Float64Array;
  readonly y2: Float64Array;
  readonly heightM: Float64Array;
  readonly widthM: Float64Array;
  readonly typeCode: Uint8Array;

  constructor(count: number) {
    this.count = count;
    this.x1 = new Float64Array(count);
    this.y1 = new Float64Array(count);
    this.x2 = new Float64Array(count);
    this.y2 = new Float64Array(count);
    this.heightM = new Float64Array(count);
    this.widthM = new Float64Array(count);
    this.typeCode = new Uint8Array(count);
  }

  static from(links: readonly Caline3LinkGeometry[]): Caline3Links {
    const t = new Caline3Links(links.length);
    links.forEach((l, i) => t.set(i, l));
    return t;
  }

  set(i: number, l: Caline3LinkGeometry): void {
    if (!(l.mixingZoneWidthM > 0)) throw new Error(`link ${i}: mixing-zone width must be > 0 m`);
    if (Math.hypot(l.x2M - l.x1M, l.y2M - l.y1M) === 0) throw new Error(`link ${i}: zero length`);
    this.x1[i] = l.x1M;
    this.y1[i] = l.y1M;
    this.x2[i] = l.x2M;
    this.y2[i] = l.y2M;
    this.heightM[i] = l.heightM;
    this.widthM[i] = l.mixingZoneWidthM;
    this.typeCode[i] = LINK_TYPE_CODE[l.type];
  }
}
