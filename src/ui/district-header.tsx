/** District name, the "synthetic demo district" label, and feature counts. */
import { t } from '../i18n';
import { useCityStore } from '../state/city-store';

export function DistrictHeader() {
  const city = useCityStore((s) => s.city);
  if (city === null) return <p className="district-name empty">{t('district.none')}</p>;
  return (
    <div className="district" data-testid="district-header">
      <h1 className="district-name" data-testid="district-name">
        {city.name}
      </h1>
      <p className="district-meta">
        {city.synthetic && (
          <span className="badge-synthetic" title={t('district.syntheticHint')} data-testid="synthetic-label">
            {t('district.synthetic')}
          </span>
        )}
        <span className="counts">{t('district.counts', { buildings: city.buildings.count, roads: city.roads.count, trees: city.trees.count })}</span>
      </p>
    </div>
  );
}
