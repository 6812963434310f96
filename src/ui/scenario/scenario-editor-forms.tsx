/**
 * Forms of the scenario editor: the drawn footprint's height or storeys and use, the drawn
 * barrier's height, and the selected building (remove, height, storeys, use), road (close or
 * reopen, speed limit, lanes, surface) or tree (remove). Each button gives one scenario edit to
 * the edit store, which checks it with the scenario loader's code.
 */
import { useState } from 'react';
import { t } from '../../i18n';
import { BUILDING_USES, ROAD_CLASSES, type BuildingUse, type CityModel } from '../../twin/city-model';
import type { ChangeBuildingEdit, ChangeRoadEdit } from '../../scenario/scenario-types';
import { DEFAULT_BARRIER_HEIGHT_M, editStore, type EditSelection, type PendingShape } from '../../state/edit-store';

/** A number field's value: undefined when empty or not a finite number. */
function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

function UseSelect({ value, onChange }: { value: BuildingUse; onChange(use: BuildingUse): void }) {
  return (
    <label className="field">
      {t('scenarios.editor.use')}
      <select data-testid="edit-use" value={value} onChange={(e) => onChange(e.target.value as BuildingUse)}>
        {BUILDING_USES.map((u) => (
          <option key={u} value={u}>
            {t(`use.${u}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function NumberField({ label, value, onChange, testId, step = 1 }: { label: string; value: string; onChange(v: string): void; testId: string; step?: number }) {
  return (
    <label className="field">
      {label}
      <input type="number" min={0} step={step} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function PendingShapeForm({ pending }: { pending: PendingShape }) {
  const [height, setHeight] = useState(pending.kind === 'barrier' ? String(DEFAULT_BARRIER_HEIGHT_M) : '');
  const [storeys, setStoreys] = useState(pending.kind === 'footprint' ? '4' : '');
  const [use, setUse] = useState<BuildingUse>('residential');
  const heightM = numberOrUndefined(height);
  const storeyCount = numberOrUndefined(storeys);
  const ready = pending.kind === 'barrier' ? heightM !== undefined && heightM > 0 : (heightM !== undefined && heightM > 0) || (storeyCount !== undefined && storeyCount >= 1);
  const add = () => {
    if (pending.kind === 'barrier') editStore.getState().commitPending({ heightM: heightM ?? DEFAULT_BARRIER_HEIGHT_M });
    else editStore.getState().commitPending({ use, ...(heightM !== undefined && { heightM }), ...(storeyCount !== undefined && { storeys: Math.round(storeyCount) }) });
  };
  return (
    <form
      className="edit-form"
      data-testid="edit-pending-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) add();
      }}
    >
      <h4 className="legend-heading">{pending.kind === 'footprint' ? t('scenarios.editor.newBuilding') : t('scenarios.editor.newBarrier')}</h4>
      <NumberField label={t('scenarios.editor.heightM')} value={height} onChange={setHeight} testId="edit-height" step={0.5} />
      {pending.kind === 'footprint' && (
        <>
          <NumberField label={t('scenarios.editor.storeys')} value={storeys} onChange={setStoreys} testId="edit-storeys" />
          <p className="panel-hint">{t('scenarios.editor.heightOrStoreys')}</p>
          <UseSelect value={use} onChange={setUse} />
        </>
      )}
      <div className="button-row">
        <button type="submit" className="button" data-testid="edit-add" disabled={!ready}>
          {t('scenarios.editor.add')}
        </button>
        <button type="button" className="button secondary" onClick={() => editStore.getState().cancelSketch()}>
          {t('scenarios.editor.cancel')}
        </button>
      </div>
    </form>
  );
}

function BuildingForm({ city, id }: { city: CityModel; id: string }) {
  const b = city.buildings;
  const i = b.id.indexOf(id);
  const [height, setHeight] = useState(i < 0 ? '' : String(Math.round((b.heightM[i] ?? 0) * 10) / 10));
  const [storeys, setStoreys] = useState(i < 0 ? '' : String(b.storeys[i] ?? 0));
  const [use, setUse] = useState<BuildingUse>(BUILDING_USES[b.use[i] ?? 0] ?? 'unknown');
  if (i < 0) return <p className="empty">{t('scenarios.editor.buildingRemoved', { id })}</p>;
  const change = () => {
    const heightM = numberOrUndefined(height);
    const storeyCount = numberOrUndefined(storeys);
    const edit: ChangeBuildingEdit = { op: 'change-building', id };
    if (heightM !== undefined && heightM !== Math.round((b.heightM[i] ?? 0) * 10) / 10) edit.heightM = heightM;
    if (storeyCount !== undefined && storeyCount !== b.storeys[i]) edit.storeys = Math.round(storeyCount);
    if (use !== BUILDING_USES[b.use[i] ?? 0]) edit.use = use;
    editStore.getState().apply(edit);
  };
  return (
    <div data-testid="edit-building-form">
      <h4 className="legend-heading">{t('scenarios.editor.building', { id })}</h4>
      <NumberField label={t('scenarios.editor.heightM')} value={height} onChange={setHeight} testId="edit-height" step={0.5} />
      <NumberField label={t('scenarios.editor.storeys')} value={storeys} onChange={setStoreys} testId="edit-storeys" />
      <UseSelect value={use} onChange={setUse} />
      <div className="button-row">
        <button type="button" className="button" data-testid="edit-apply" onClick={change}>
          {t('scenarios.editor.apply')}
        </button>
        <button type="button" className="button secondary" data-testid="edit-remove" onClick={() => editStore.getState().apply({ op: 'remove-building', id }) && editStore.getState().select(null)}>
          {t('scenarios.editor.remove')}
        </button>
      </div>
    </div>
  );
}

function RoadForm({ city, id }: { city: CityModel; id: string }) {
  const r = city.roads;
  const i = r.id.indexOf(id);
  const [speed, setSpeed] = useState(String(r.maxSpeedKmh[i] ?? ''));
  const [lanes, setLanes] = useState(String(r.lanes[i] ?? ''));
  const [surface, setSurface] = useState(r.surface[i] ?? '');
  if (i < 0) return null;
  const closed = ROAD_CLASSES[r.roadClass[i] ?? 0] === 'pedestrian' && typeof r.attributes[i]?.closedRoadClass === 'string';
  const change = () => {
    const edit: ChangeRoadEdit = { op: 'change-road', id };
    const s = numberOrUndefined(speed);
    const l = numberOrUndefined(lanes);
    if (s !== undefined && s !== r.maxSpeedKmh[i]) edit.maxSpeedKmh = s;
    if (l !== undefined && l !== r.lanes[i]) edit.lanes = Math.round(l);
    if (surface !== r.surface[i]) edit.surface = surface;
    editStore.getState().apply(edit);
  };
  const name = r.name[i] === undefined || r.name[i] === '' ? id : `${r.name[i]} (${id})`;
  return (
    <div data-testid="edit-road-form">
      <h4 className="legend-heading">{t('scenarios.editor.road', { name })}</h4>
      <p>{closed ? t('scenarios.editor.roadClosed') : t(`road.${ROAD_CLASSES[r.roadClass[i] ?? 0] ?? 'unclassified'}`)}</p>
      <div className="button-row">
        {closed ? (
          <button type="button" className="button" data-testid="edit-open-road" onClick={() => editStore.getState().apply({ op: 'open-road', id })}>
            {t('scenarios.editor.openRoad')}
          </button>
        ) : (
          <button type="button" className="button" data-testid="edit-close-road" onClick={() => editStore.getState().apply({ op: 'close-road', id })}>
            {t('scenarios.editor.closeRoad')}
          </button>
        )}
      </div>
      <NumberField label={t('scenarios.editor.speed')} value={speed} onChange={setSpeed} testId="edit-speed" step={5} />
      <NumberField label={t('scenarios.editor.lanes')} value={lanes} onChange={setLanes} testId="edit-lanes" />
      <label className="field">
        {t('scenarios.editor.surface')}
        <input type="text" data-testid="edit-surface" value={surface} onChange={(e) => setSurface(e.target.value)} />
      </label>
      <button type="button" className="button secondary" data-testid="edit-apply" onClick={change}>
        {t('scenarios.editor.apply')}
      </button>
    </div>
  );
}

/** `version` changes with every edit, undo or redo, so the fields show the feature as it is now. */
export function SelectionForm({ city, selection, version }: { city: CityModel; selection: EditSelection; version: string }) {
  if (selection.kind === 'building') return <BuildingForm key={`${selection.id}:${version}`} city={city} id={selection.id} />;
  if (selection.kind === 'road') return <RoadForm key={`${selection.id}:${version}`} city={city} id={selection.id} />;
  return (
    <div data-testid="edit-tree-form">
      <h4 className="legend-heading">{t('scenarios.editor.tree', { id: selection.id })}</h4>
      <button type="button" className="button secondary" data-testid="edit-remove" onClick={() => editStore.getState().apply({ op: 'remove-trees', ids: [selection.id] }) && editStore.getState().select(null)}>
        {t('scenarios.editor.remove')}
      </button>
    </div>
  );
}
