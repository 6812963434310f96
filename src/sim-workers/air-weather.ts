/**
 * Weather of a day for the air job's period mean (issue 9): the hourly cases of one day from a
 * fixed wind and cloud cover, and the traffic period of an instant. Pure: used by the air panel
 * (src/app/air-client.ts) and the CLI (`twin air --mode day-mean`).
 */
import type { CityModel } from '../twin/city-model';
import { binWeather, stabilityAt, type WeatherHour } from '../sim/air/meteorology';
import type { AirJob, AirWeather, FlowPeriod } from './air-job';

/** One weather case of a period-mean job. */
type AirJobWeatherCase = NonNullable<AirJob['weatherCases']>[number];

/** Cloud cover assumed when the weather station reports none, octas (half cover). */
export const ASSUMED_CLOUD_OCTAS = 4;

/**
 * Weather cases of one day for a period mean: the given wind every hour, the Turner class of each
 * hour from the sun's altitude (day/night cycle) and the cloud cover, and each hour's traffic
 * period (day/evening/night in the city's time zone); binned per traffic period by `binWeather`
 * (30° sectors, speed classes, stability), weights = hours / 24.
 */
export function diurnalWeatherCases(weather: AirWeather, cloudOctas: number, city: Pick<CityModel, 'origin' | 'timeZone'>, dayStartUnixS: number): AirJobWeatherCase[] {
  const byPeriod = new Map<FlowPeriod, WeatherHour[]>();
  for (let h = 0; h < 24; h++) {
    const unixS = dayStartUnixS + (h + 0.5) * 3600;
    const stability = stabilityAt({ windSpeedMPerS: weather.windSpeedMPerS, cloudCoverOctas: cloudOctas, latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg, unixS });
    const period = flowPeriodAt(unixS * 1000, city.timeZone);
    const hours = byPeriod.get(period) ?? [];
    hours.push({ windSpeedMPerS: weather.windSpeedMPerS, windFromDeg: weather.windFromDeg, stability });
    byPeriod.set(period, hours);
  }
  const cases: AirJobWeatherCase[] = [];
  for (const [flowPeriod, hours] of byPeriod) for (const c of binWeather(hours)) cases.push({ ...c, weight: (c.weight * hours.length) / 24, flowPeriod });
  return cases;
}

/**
 * The city model's flow period for an instant in the city's time zone (Directive 2002/49/EC Annex I
 * default periods: day 07–19, evening 19–23, night 23–07 local time).
 */
export function flowPeriodAt(atMs: number, timeZone: string): 'day' | 'evening' | 'night' {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(new Date(atMs)));
  return hour >= 7 && hour < 19 ? 'day' : hour >= 19 && hour < 23 ? 'evening' : 'night';
}
