/**
 * A vertical 2-D cut between a source and a receiver (CNOSSOS-EU Annex II §2.5.5-2.5.6): the
 * ground polyline with its G per segment, the source and receiver, diffraction edges (wall tops,
 * vertical edges of lateral paths) and facade reflections. Abscissa x = horizontal distance along
 * the cut from the source, m; z absolute heights, m.
 */
export type CutProfileKind = 'direct' | 'left' | 'right' | 'reflection';

export interface CutProfile {
  kind: CutProfileKind;
  /** Favourable-condition path bent over the edges (lateral paths: 'curved' profiles). */
  curved: boolean;
  sourceZ: number;
  receiverX: number;
  receiverZ: number;
  /** G of the ground under the source (G_s of eq. 2.5.14). */
  sourceG: number;
  /** Ground vertices: x, z and the G of the segment that starts there; `groundCount` used. */
  groundX: Float64Array;
  groundZ: Float64Array;
  groundG: Float64Array;
  groundCount: number;
  /**
   * Ground seen by the diffraction terms (source and receiver sides, §2.5.7): as `ground*`, but
   * across a building (from its entry wall to its exit wall) the roof, at the wall-top height and
   * with G = 0. The same arrays as `ground*` when the cut crosses no building.
   */
  sideGroundX: Float64Array;
  sideGroundZ: Float64Array;
  sideGroundG: Float64Array;
  sideGroundCount: number;
  /** Diffraction edges (wall tops, building roofs, vertical edges), ordered from the source. */
  edgeX: Float64Array;
  edgeZ: Float64Array;
  edgeCount: number;
  /** Facade reflections: absorption coefficient α per band of each reflecting wall. */
  reflectionAlpha: Float64Array[];
  /**
   * Per reflection (same order as `reflectionAlpha`): abscissa of the reflection point and height
   * of the reflecting obstacle's top there, m, for the retro-diffraction Δretrodif of a wall of
   * finite height (§2.5.8 as amended). Absent or NaN: an obstacle taller than the path (no term).
   */
  reflectionX?: number[];
  reflectionTopZ?: number[];
  /**
   * 3-D distance between the source and the receiver, m. A lateral path ('left'/'right', §2.5.7
   * lateral diffraction) needs it: its A_div and its path difference δ refer to the direct
   * distance, while the cut itself is unfolded around the vertical edges. Absent: the cut's chord.
   */
  directDistance?: number;
}
