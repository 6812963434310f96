/** The two CNOSSOS-EU road coefficient sets by id: '2015' (OJ L 168, 1.7.2015) and '2020' ((EU) 2021/1226). */
import { ROAD_COEFFICIENTS_2015 } from './road-coefficients-2015';
import { ROAD_COEFFICIENTS_2020 } from './road-coefficients-2020';
import type { RoadCoefficientSet } from './road-coefficient-types';

export const ROAD_COEFFICIENT_SETS: Readonly<Record<RoadCoefficientSet['id'], RoadCoefficientSet>> = {
  '2015': ROAD_COEFFICIENTS_2015,
  '2020': ROAD_COEFFICIENTS_2020,
};

/** A coefficient set from an id such as '2015', '2020' or a label starting with the year. */
export function roadCoefficientSet(label: string): RoadCoefficientSet {
  const year = label.trim().slice(0, 4);
  if (year === '2015' || year === '2020' || year === '2021') return ROAD_COEFFICIENT_SETS[year === '2015' ? '2015' : '2020'];
  throw new Error(`unknown CNOSSOS coefficient set '${label}' (expected 2015 or 2020)`);
}
