/**
 * Loading districts into the city store: the server's city (`GET /api/city`: the demo, generated
 * here in the browser, or the `--city` files, imported in the worker) and files the user picks.
 * A failed or cancelled import never replaces the district on screen.
 */
import type { CityModel } from '../twin/city-model';
import { cityStore } from '../state/city-store';
import { importStore } from '../state/import-store';
import { selectionStore } from '../state/selection-store';
import { cameraStore } from '../state/camera-store';
import { t } from '../i18n';
import { createImportClient, generateDemoDistrict } from './sources';

type CityResponse = { kind: 'demo'; error?: string } | { kind: 'files'; name: string; files: { name: string; url: string }[] };

let client: ReturnType<typeof createImportClient> | null = null;
function importClient(): ReturnType<typeof createImportClient> {
  client ??= createImportClient();
  return client;
}

function isCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function show(city: CityModel): void {
  selectionStore.getState().clear();
  cameraStore.getState().reset();
  cityStore.getState().setCity(city);
  void import('./live-sensors').then((live) => live.startLiveSensors(city.origin)); // live sensors: positions are ENU around city.origin
}

function showDemo(): void {
  show(generateDemoDistrict());
}

function hasContent(city: CityModel): boolean {
  return city.buildings.count + city.roads.count + city.trees.count > 0 || city.terrain !== null;
}

let initialLoad: Promise<void> | null = null;

/** First load: whatever the server was started with (once, however often it is called). */
export function loadInitialCity(): Promise<void> {
  initialLoad ??= loadServerCity();
  return initialLoad;
}

async function loadServerCity(): Promise<void> {
  const store = cityStore.getState();
  store.setLoading({ fraction: 0, stage: t('app.loading') });
  let response: CityResponse = { kind: 'demo' };
  try {
    const res = await fetch('/api/city');
    if (res.ok) response = (await res.json()) as CityResponse;
  } catch {
    // No API (static hosting): the demo district.
  }
  if (response.kind === 'demo') {
    if (response.error !== undefined) store.setServerCityError(response.error);
    showDemo();
    return;
  }
  try {
    store.setLoading({ fraction: 0, stage: t('app.loadingFiles', { name: response.name }) });
    const files = await Promise.all(
      response.files.map(async (f) => {
        const res = await fetch(f.url);
        if (!res.ok) throw new Error(`${f.name}: HTTP ${res.status}`);
        return { name: f.name, bytes: new Uint8Array(await res.arrayBuffer()) };
      }),
    );
    const imported = await importClient().importFiles(files, (p) => store.setLoading(p));
    if (!hasContent(imported)) throw new Error(t('import.empty'));
    // A folder of several files is named after the folder.
    show(files.length > 1 ? { ...imported, name: response.name } : imported);
  } catch (error) {
    store.setServerCityError(isCancel(error) ? t('import.cancelled') : message(error));
    showDemo();
  }
}

/** Import files the user picked; the current district stays on failure. */
export async function importUserFiles(picked: readonly File[]): Promise<void> {
  if (picked.length === 0) return;
  const state = importStore.getState();
  state.start();
  try {
    const files = await Promise.all(picked.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const city = await importClient().importFiles(files, (p) => importStore.getState().setProgress(p));
    const skipped = city.report?.skipped ?? [];
    if (!hasContent(city)) {
      importStore.getState().finish({ kind: 'error', text: t('import.empty') }, skipped);
      return;
    }
    show(city);
    importStore.getState().finish(
      { kind: 'info', text: t('import.done', { name: city.name, buildings: city.buildings.count, roads: city.roads.count, trees: city.trees.count }) },
      skipped,
    );
  } catch (error) {
    importStore.getState().finish({ kind: 'error', text: isCancel(error) ? t('import.cancelled') : t('import.failed', { message: message(error) }) });
  }
}

/** Cancel the running import (initial or user-started). */
export function cancelImport(): void {
  client?.cancel();
}
