/**
 * The page: a top bar (district, view switch, import), the view (3D scene or map) with status
 * overlays, the layer panel and legend on the left, the info panel on the right, the
 * attribution line at the bottom. Views only read stores; the loader writes them.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { t } from '../i18n';
import { useViewStore } from '../state/view-store';
import { useCityStore } from '../state/city-store';
import { TwinScene } from '../scene/twin-scene';
import { AttributionLine } from '../ui/attribution-line';
import { DistrictHeader } from '../ui/district-header';
import { ImportButton, ImportStatus } from '../ui/import-button';
import { InfoPanel } from '../ui/info-panel';
import { AnalysisOverlays, AnalysisPanels } from '../ui/analysis-panels';
import { LayerPanel } from '../ui/layer-panel';
import { TimePanel } from '../ui/time-panel';
import { Legend } from '../ui/legend';
import { LoadStatus } from '../ui/load-status';
import { ViewSwitch, WalkHelp } from '../ui/view-switch';
import { ViewErrorBoundary } from '../ui/view-error-boundary';
import { loadInitialCity } from './city-loader';

const MapView = lazy(() => import('../map/map-view'));

export function App() {
  const view = useViewStore((s) => s.view);
  const hasCity = useCityStore((s) => s.city !== null);
  // The map is created on first use and then kept (hidden) so switching back and forth is instant.
  const [mapOpened, setMapOpened] = useState(false);
  useEffect(() => {
    if (view === 'map') setMapOpened(true);
  }, [view]);
  useEffect(() => {
    void loadInitialCity();
  }, []);
  return (
    <div className="app">
      <header className="top-bar">
        <span className="app-title">{t('app.title')}</span>
        <DistrictHeader />
        <ViewSwitch />
        <ImportButton />
      </header>
      <aside className="side-panel left-panel">
        <LayerPanel />
        <Legend />
      </aside>
      <main className="stage" data-view={view}>
        {hasCity && (
          <ViewErrorBoundary>
            <TwinScene hidden={view !== 'scene'} />
          </ViewErrorBoundary>
        )}
        {hasCity && (mapOpened || view === 'map') && (
          <ViewErrorBoundary>
            <Suspense fallback={<p className="stage-message">{t('map.loading')}</p>}>
              <MapView hidden={view !== 'map'} />
            </Suspense>
          </ViewErrorBoundary>
        )}
        <div className="overlays">
          <LoadStatus />
          <ImportStatus />
          <WalkHelp />
          <AnalysisOverlays />
        </div>
      </main>
      <aside className="side-panel right-panel">
        <TimePanel />
        <InfoPanel />
        <AnalysisPanels />
      </aside>
      <AttributionLine />
    </div>
  );
}
