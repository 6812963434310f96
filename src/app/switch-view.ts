/** Switch between the 3D scene and the map, carrying the camera across (see camera-store.ts). */
import { cameraStore, captureCamera } from '../state/camera-store';
import { viewStore, type ViewMode } from '../state/view-store';

export function switchView(next: ViewMode): void {
  const { view } = viewStore.getState();
  if (view === next) return;
  const pose = captureCamera(view);
  if (pose !== null) cameraStore.getState().setPose(pose);
  if (next === 'map') viewStore.getState().setNavigation('orbit');
  viewStore.getState().setView(next);
}
