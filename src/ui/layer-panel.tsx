/** Layer visibility: one labelled checkbox per layer (keyboard: Tab, Space). */
import { t, type MessageKey } from '../i18n';
import { LAYERS, useLayersStore } from '../state/layers-store';
import { Panel } from './panel';

export function LayerPanel() {
  const visible = useLayersStore((s) => s.visible);
  const setVisible = useLayersStore((s) => s.setVisible);
  return (
    <Panel id="layer-panel" title={t('layers.title')}>
      <ul className="layer-list">
        {LAYERS.map((layer) => (
          <li key={layer}>
            <label className="check">
              <input type="checkbox" checked={visible[layer]} onChange={(e) => setVisible(layer, e.currentTarget.checked)} data-testid={`layer-${layer}`} />
              <span>{t(`layers.${layer}` as MessageKey)}</span>
            </label>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
