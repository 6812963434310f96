/** Legend: the road classes present in the district with their colours, and the building highlight colours. */
import { useMemo } from 'react';
import { t, type MessageKey } from '../i18n';
import { ROAD_CLASSES } from '../twin/city-model';
import { useCityStore } from '../state/city-store';
import { BUILDING_COLOUR, BUILDING_HOVER_COLOUR, BUILDING_SELECTED_COLOUR, ROAD_CLASS_COLOURS } from '../scene/palette';
import { Panel } from './panel';

function Swatch({ colour, shape }: { colour: string; shape: 'line' | 'box' }) {
  return <span className={`swatch swatch-${shape}`} style={{ background: colour }} aria-hidden="true" />;
}

export function Legend() {
  const roads = useCityStore((s) => s.city?.roads);
  const classes = useMemo(() => {
    if (roads === undefined) return [];
    const present = new Set<number>();
    for (let i = 0; i < roads.count; i++) present.add(roads.roadClass[i] ?? 0);
    return ROAD_CLASSES.filter((_, k) => present.has(k));
  }, [roads]);
  return (
    <Panel id="legend" title={t('legend.title')}>
      <h3 className="legend-heading">{t('legend.roads')}</h3>
      {classes.length === 0 ? (
        <p className="empty">{t('legend.noRoads')}</p>
      ) : (
        <ul className="legend-list">
          {classes.map((c) => (
            <li key={c}>
              <Swatch colour={ROAD_CLASS_COLOURS[c]} shape="line" />
              {t(`road.${c}` as MessageKey)}
            </li>
          ))}
        </ul>
      )}
      <h3 className="legend-heading">{t('legend.buildings')}</h3>
      <ul className="legend-list">
        <li>
          <Swatch colour={BUILDING_COLOUR} shape="box" />
          {t('legend.building')}
        </li>
        <li>
          <Swatch colour={BUILDING_HOVER_COLOUR} shape="box" />
          {t('legend.hovered')}
        </li>
        <li>
          <Swatch colour={BUILDING_SELECTED_COLOUR} shape="box" />
          {t('legend.selected')}
        </li>
      </ul>
    </Panel>
  );
}
