/** The data attribution line (e.g. "© OpenStreetMap contributors"), always visible. */
import { t } from '../i18n';
import { useCityStore } from '../state/city-store';
import { useViewStore } from '../state/view-store';

export function AttributionLine() {
  const attribution = useCityStore((s) => s.city?.attribution ?? '');
  const synthetic = useCityStore((s) => s.city?.synthetic ?? false);
  const view = useViewStore((s) => s.view);
  const text = attribution !== '' ? attribution : synthetic ? t('attribution.generated') : '';
  return (
    <footer className="attribution" data-testid="attribution">
      {text}
      {view === 'map' && <span className="attribution-map"> · {t('map.offline')}</span>}
    </footer>
  );
}
