/** The selected building: id, heights, storeys, use, residents, footprint area and the source attributes. */
import { formatNumber, t, type MessageKey } from '../i18n';
import { BUILDING_DEFAULTED, BUILDING_USES, type BuildingTable } from '../twin/city-model';
import { useCityStore } from '../state/city-store';
import { selectionStore, useSelectionStore } from '../state/selection-store';
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

export function InfoPanel() {
  const buildings = useCityStore((s) => s.city?.buildings);
  const selected = useSelectionStore((s) => s.selectedBuilding);
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
