/**
 * The selected building (id, heights, storeys, use, residents, footprint area and the source
 * attributes) or the selected road (attributes, peak-hour flow per direction and v/c once the
 * traffic assignment has run; details and what-ifs in the traffic panel).
 */
import { formatNumber, t, type MessageKey } from '../i18n';
import { BUILDING_DEFAULTED, BUILDING_USES, ROAD_CLASSES, type BuildingTable } from '../twin/city-model';
import { useCityStore } from '../state/city-store';
import { selectionStore, useSelectionStore } from '../state/selection-store';
import { currentTraffic, useTrafficStore } from '../app/traffic-client';
import { Panel } from './panel';

/** Footprint area (m²): outer ring minus holes, by the shoelace formula. */
export function footprintAreaM2(b: BuildingTable, i: number): number {
  let area = 0;
  for (let r = b.ringStart[i] ?? 0; r < (b.ringStart[i + 1] ?? 0); r++) {
    const v0 = b.ringOffset[r] ?? 0;
    const v1 = b.ringOffset[r + 1] ?? v0;
    let s = 0;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      s += (b.xy[2 * v] ?? 0) * (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * w] ?? 0) * (b.xy[2 * v + 1] ?? 0);
    }
    area += s / 2;
  }
  return Math.abs(area);
}

function Row({ label, value, defaulted }: { label: string; value: string; defaulted?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {value}
        {defaulted === true && <span className="defaulted"> ({t('info.defaulted')})</span>}
      </dd>
    </>
  );
}

function metres(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? t('units.none') : t('info.metres', { value: formatNumber(v, 1) });
}

function roadValue(v: number | undefined, digits = 0): string {
  return v === undefined || !Number.isFinite(v) ? t('units.none') : formatNumber(v, digits);
}

/** The selected road: attributes from the twin and, once traffic has run, its flow per direction and v/c. */
function RoadInfo({ road }: { road: number }) {
  const roads = useCityStore((s) => s.city?.roads);
  const traffic = useTrafficStore(currentTraffic);
  if (roads === undefined || road >= roads.count) return null;
  const oneway = roads.oneway[road] ?? 0;
  const rows: [string, string][] = [
    [t('traffic.info.id'), roads.id[road] ?? ''],
    [t('traffic.info.class'), ROAD_CLASSES[roads.roadClass[road] ?? 0] ?? ''],
    [t('traffic.info.lanes'), (roads.lanes[road] ?? 0) > 0 ? roadValue(roads.lanes[road]) : t('units.none')],
    [t('traffic.info.maxSpeed'), roadValue(roads.maxSpeedKmh[road])],
    [t('traffic.info.oneway'), oneway === 0 ? t('traffic.info.twoWay') : t('traffic.info.oneWay')],
  ];
  if (traffic !== null && !Number.isNaN(traffic.roads.totalVehH[road] as number)) {
    rows.push(
      [t('traffic.info.flowForward'), roadValue(traffic.roads.forwardVehH[road])],
      [t('traffic.info.flowBackward'), roadValue(traffic.roads.backwardVehH[road])],
      [t('traffic.road.vc'), roadValue(traffic.roads.volumeCapacity[road], 2)],
    );
  }
  const name = roads.name[road] ?? '';
  return (
    <Panel id="info-panel" title={t('info.title')} live>
      <h3 className="building-id" data-testid="info-road-name">
        {name !== '' ? name : (roads.id[road] ?? '')}
      </h3>
      <dl className="attributes">
        {rows.map(([k, v]) => (
          <Row key={k} label={k} value={v} />
        ))}
      </dl>
      <button type="button" className="button secondary" onClick={() => selectionStore.getState().selectRoad(-1)}>
        {t('info.close')}
      </button>
    </Panel>
  );
}

export function InfoPanel() {
  const buildings = useCityStore((s) => s.city?.buildings);
  const selected = useSelectionStore((s) => s.selectedBuilding);
  const road = useSelectionStore((s) => s.selectedRoad);
  if (selected < 0 && road >= 0) return <RoadInfo road={road} />;
  if (buildings === undefined || selected < 0 || selected >= buildings.count) {
    return (
      <Panel id="info-panel" title={t('info.title')} live>
        <p className="empty">{t('info.empty')}</p>
      </Panel>
    );
  }
  const flags = buildings.defaulted[selected] ?? 0;
  const use = BUILDING_USES[buildings.use[selected] ?? 0] ?? 'unknown';
  const attributes = Object.entries(buildings.attributes[selected] ?? {});
  const id = buildings.id[selected] ?? '';
  return (
    <Panel id="info-panel" title={t('info.title')} live>
      <h3 className="building-id" data-testid="info-building-id">
        {id}
      </h3>
      <dl className="attributes">
        <Row label={t('info.id')} value={id} />
        <Row label={t('info.height')} value={metres(buildings.heightM[selected])} defaulted={(flags & BUILDING_DEFAULTED.height) !== 0} />
        <Row label={t('info.baseHeight')} value={metres(buildings.baseHeightM[selected])} defaulted={(flags & BUILDING_DEFAULTED.baseHeight) !== 0} />
        <Row label={t('info.storeys')} value={formatNumber(buildings.storeys[selected] ?? 0, 0)} defaulted={(flags & BUILDING_DEFAULTED.storeys) !== 0} />
        <Row label={t('info.use')} value={t(`use.${use}` as MessageKey)} defaulted={(flags & BUILDING_DEFAULTED.use) !== 0} />
        <Row label={t('info.residents')} value={formatNumber(buildings.residents[selected] ?? 0, 0)} defaulted={(flags & BUILDING_DEFAULTED.residents) !== 0} />
        <Row label={t('info.footprint')} value={t('info.squareMetres', { value: formatNumber(footprintAreaM2(buildings, selected), 0) })} />
      </dl>
      {attributes.length > 0 && (
        <>
          <h4 className="legend-heading">{t('info.attributes')}</h4>
          <dl className="attributes source-attributes">
            {attributes.map(([k, v]) => (
              <Row key={k} label={k} value={v === null ? t('units.none') : String(v)} />
            ))}
          </dl>
        </>
      )}
      <button type="button" className="button secondary" onClick={() => selectionStore.getState().select(-1)}>
        {t('info.close')}
      </button>
    </Panel>
  );
}
