/**
 * Exposure and background helpers: population-weighted mean concentration over buildings (the
 * population-weighted exposure of WHO/EEA exposure indicators, Σ pᵢCᵢ / Σ pᵢ) and the background
 * concentration taken from the nearest monitoring station.
 */

/** Σ pᵢ·Cᵢ / Σ pᵢ over receivers with finite concentration and positive population; NaN if none. */
export function populationWeightedMean(concentrations: ArrayLike<number>, population: ArrayLike<number>): number {
  if (concentrations.length !== population.length) throw new Error(`populationWeightedMean: ${concentrations.length} concentrations but ${population.length} populations`);
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < concentrations.length; i++) {
    const p = population[i] as number;
    const c = concentrations[i] as number;
    if (!(p > 0) || !Number.isFinite(c)) continue;
    weighted += p * c;
    total += p;
  }
  return total > 0 ? weighted / total : NaN;
}

/** A monitoring station's position (m) and its current value (µg/m³); NaN values are skipped. */
export interface StationValue {
  xM: number;
  yM: number;
  value: number;
}

/** Index of the nearest station with a finite value, or −1 when there is none. */
export function nearestStation(xM: number, yM: number, stations: readonly StationValue[]): number {
  let best = -1;
  let bestD2 = Infinity;
  for (let s = 0; s < stations.length; s++) {
    const st = stations[s] as StationValue;
    if (!Number.isFinite(st.value)) continue;
    const d2 = (st.xM - xM) ** 2 + (st.yM - yM) ** 2;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = s;
    }
  }
  return best;
}
