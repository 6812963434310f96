/**
 * Seasonal direct-sun transmissivity of tree crowns, by leaf cycle (the city model's TreeTable
 * `leafCycle`: 0 evergreen, 1 deciduous, 2 unknown). Deciduous crowns are in leaf between
 * `leafOnDayOfYear` and `leafOffDayOfYear` (northern-hemisphere days; shifted by half a year south of
 * the equator). The default transmissivities are placeholders of ours, not measured values: opaque
 * crowns in leaf (the conservative choice for sun-hours) and half the direct sun through bare
 * branches. Set them from local measurements where available.
 */
export interface CrownSeasonParams {
  evergreenTransmissivity: number;
  inLeafTransmissivity: number;
  leaflessTransmissivity: number;
  /** Day of year (1…366, northern hemisphere) when deciduous crowns are in leaf, and when they drop it. */
  leafOnDayOfYear: number;
  leafOffDayOfYear: number;
  /** How to treat an unknown leaf cycle. */
  unknownAs: 'evergreen' | 'deciduous';
}

export const DEFAULT_CROWN_SEASON: CrownSeasonParams = {
  evergreenTransmissivity: 0,
  inLeafTransmissivity: 0,
  leaflessTransmissivity: 0.5,
  leafOnDayOfYear: 121, // 1 May
  leafOffDayOfYear: 305, // 1 November
  unknownAs: 'deciduous',
};

/** Day of year (1…366, UTC) of a Unix time (s). */
export function dayOfYearUtc(unixS: number): number {
  const d = new Date(unixS * 1000);
  return Math.floor((unixS * 1000 - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** True when deciduous crowns are in leaf on that day at that latitude. */
export function inLeaf(dayOfYear: number, latDeg: number, params: CrownSeasonParams = DEFAULT_CROWN_SEASON): boolean {
  const day = latDeg < 0 ? ((dayOfYear + 182 - 1) % 365) + 1 : dayOfYear;
  return day >= params.leafOnDayOfYear && day < params.leafOffDayOfYear;
}

/** Writes each crown's transmissivity for the day into `out` (length ≥ leafCycle.length). */
export function crownTransmissivity(
  leafCycle: Uint8Array,
  dayOfYear: number,
  latDeg: number,
  out: Float32Array | Float64Array,
  params: CrownSeasonParams = DEFAULT_CROWN_SEASON,
): Float32Array | Float64Array {
  const deciduous = inLeaf(dayOfYear, latDeg, params) ? params.inLeafTransmissivity : params.leaflessTransmissivity;
  const unknown = params.unknownAs === 'evergreen' ? params.evergreenTransmissivity : deciduous;
  for (let i = 0; i < leafCycle.length; i++) {
    const c = leafCycle[i];
    out[i] = c === 0 ? params.evergreenTransmissivity : c === 1 ? deciduous : unknown;
  }
  return out;
}
