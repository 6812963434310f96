/** Map settings: imagery URL template, terrain URL and an optional 3D Tiles context layer. */
import { useState } from 'react';
import { t } from '../i18n';
import { useViewStore } from '../state/view-store';

export function MapSettings() {
  const imageryUrl = useViewStore((s) => s.imageryUrl);
  const terrainUrl = useViewStore((s) => s.terrainUrl);
  const tilesetUrl = useViewStore((s) => s.tilesetUrl);
  const setMapSources = useViewStore((s) => s.setMapSources);
  const [imagery, setImagery] = useState(imageryUrl);
  const [terrain, setTerrain] = useState(terrainUrl);
  const [tileset, setTileset] = useState(tilesetUrl);
  return (
    <details className="map-settings">
      <summary>{t('map.settings')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMapSources({ imageryUrl: imagery, terrainUrl: terrain, tilesetUrl: tileset });
        }}
      >
        <label>
          {t('map.imageryUrl')}
          <input type="url" value={imagery} onChange={(e) => setImagery(e.currentTarget.value)} placeholder="https://tiles.example.org/{z}/{x}/{y}.png" />
        </label>
        <label>
          {t('map.terrainUrl')}
          <input type="url" value={terrain} onChange={(e) => setTerrain(e.currentTarget.value)} placeholder="https://example.org/terrain/" />
        </label>
        <label>
          {t('map.tilesetUrl')}
          <input type="url" value={tileset} onChange={(e) => setTileset(e.currentTarget.value)} placeholder="https://example.org/tileset.json" />
        </label>
        <button type="submit" className="button secondary">
          {t('map.apply')}
        </button>
      </form>
    </details>
  );
}
