/**
 * Noise map legend and thresholds as data. 5-dB classes with the usual green → yellow → red →
 * purple → blue ramp of strategic noise maps (after the DIN 45682 / ISO 1996-2 style palettes;
 * colours are this project's choice). Thresholds: END reporting (Directive 2002/49/EC Art. 7 and
 * Annex VI: from 55 dB Lden and 50 dB Lnight) and WHO Environmental Noise Guidelines for the
 * European Region (2018), road traffic: 53 dB Lden, 45 dB Lnight.
 */
export interface NoiseClass {
  /** Lower bound, dB (inclusive); upper = next class's lower bound. */
  fromDb: number;
  /** CSS colour #rrggbb. */
  colour: string;
  label: string;
}

export const NOISE_CLASSES: readonly NoiseClass[] = [
  { fromDb: Number.NEGATIVE_INFINITY, colour: '#ffffff', label: '< 35' },
  { fromDb: 35, colour: '#a0d6b4', label: '35–39' },
  { fromDb: 40, colour: '#5fb56c', label: '40–44' },
  { fromDb: 45, colour: '#2e8540', label: '45–49' },
  { fromDb: 50, colour: '#fff275', label: '50–54' },
  { fromDb: 55, colour: '#f6b94a', label: '55–59' },
  { fromDb: 60, colour: '#e8702a', label: '60–64' },
  { fromDb: 65, colour: '#d7191c', label: '65–69' },
  { fromDb: 70, colour: '#a0226b', label: '70–74' },
  { fromDb: 75, colour: '#5a2a8c', label: '75–79' },
  { fromDb: 80, colour: '#1f3a93', label: '≥ 80' },
];

/** Index into NOISE_CLASSES of a level, dB. */
export function noiseClassIndex(levelDb: number): number {
  let k = 0;
  for (let i = 1; i < NOISE_CLASSES.length; i++) if (levelDb >= (NOISE_CLASSES[i]?.fromDb ?? Infinity)) k = i;
  return k;
}

export const NOISE_THRESHOLDS = {
  /** END reporting thresholds, dB. */
  endLden: 55,
  endLnight: 50,
  /** WHO 2018 guideline levels for road traffic noise, dB. */
  whoRoadLden: 53,
  whoRoadLnight: 45,
} as const;
