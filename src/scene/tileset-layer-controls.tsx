/**
 * The 3D view's overlay for the 3D Tiles context layer: the tileset URL (the same store field as
 * the map's settings, `viewStore.tilesetUrl`) and the layer's load state or error in words.
 */
import { useState } from 'react';
import { t } from '../i18n';
import { useViewStore, viewStore } from '../state/view-store';
import { useTilesetStatus } from './tileset-layer-status';

export function TilesetControls() {
  const tilesetUrl = useViewStore((s) => s.tilesetUrl);
  const setMapSources = useViewStore((s) => s.setMapSources);
  const status = useTilesetStatus();
  const [draft, setDraft] = useState(tilesetUrl);
  return (
    <div className="map-settings">
      <details data-testid="tileset-settings">
        <summary>{t('tileset.settings')}</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const { imageryUrl, terrainUrl } = viewStore.getState();
            setMapSources({ imageryUrl, terrainUrl, tilesetUrl: draft.trim() });
          }}
        >
          <label>
            {t('map.tilesetUrl')}
            <input type="url" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} placeholder="https://example.org/tileset.json" data-testid="tileset-url" />
          </label>
          <button type="submit" className="button secondary" data-testid="tileset-apply">
            {t('tileset.apply')}
          </button>
        </form>
      </details>
      {status.state === 'loading' && (
        <div className="notice" role="status" data-testid="tileset-status">
          {t('tileset.loading')}
        </div>
      )}
      {status.state === 'error' && (
        <div className="notice notice-error" role="alert" data-testid="tileset-error">
          {t('tileset.error', { url: status.url, reason: status.reason })}
        </div>
      )}
    </div>
  );
}
