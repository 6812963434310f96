/**
 * Pollutants modelled from road traffic and their molar masses (g/mol), used to convert between
 * µg/m³ and ppb/ppm (molar volume 24.45 L/mol at 25 °C, 1013.25 hPa — the EU/WHO reference
 * conditions for gases, Directive 2008/50/EC Annex VI).
 */
export const TRAFFIC_POLLUTANTS = ['NOx', 'NO2', 'PM10', 'PM2.5', 'CO2'] as const;
export type TrafficPollutant = (typeof TRAFFIC_POLLUTANTS)[number];

/** m³/mol at 25 °C and 1 atm. */
export const MOLAR_VOLUME_25C_M3_PER_MOL = 0.02445;

export const MOLAR_MASS_G_PER_MOL = { NO2: 46.0055, NO: 30.006, O3: 47.997, CO: 28.01, CO2: 44.009 } as const;

/** µg/m³ → ppb for a gas of the given molar mass (25 °C, 1 atm). */
export function ugPerM3ToPpb(ugPerM3: number, molarMassGPerMol: number): number {
  return (ugPerM3 * MOLAR_VOLUME_25C_M3_PER_MOL * 1000) / molarMassGPerMol;
}

/** ppb → µg/m³ for a gas of the given molar mass (25 °C, 1 atm). */
export function ppbToUgPerM3(ppb: number, molarMassGPerMol: number): number {
  return (ppb * molarMassGPerMol) / (MOLAR_VOLUME_25C_M3_PER_MOL * 1000);
}
