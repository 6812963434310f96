/** The shape of `window.__twinTest` (test builds only; see test-hooks.tsx), shared with the e2e tests. */
import type { CameraPose } from '../state/camera-store';
import type { AnalysisResult } from '../results/result-types';

export interface TwinTestHooks {
  /** Frames rendered by the 3D scene so far. */
  frames: number;
  /** Client (CSS px) position of a building's roof centre when that point shows the building, else null. */
  projectBuilding(id: string): { x: number; y: number } | null;
  /** The first building (in table order) whose roof centre is visible and unobstructed. */
  findClickableBuilding(): { id: string; x: number; y: number } | null;
  /** Camera pose of the view on screen (ENU). */
  cameraPose(): CameraPose | null;
  /** Draw calls and triangles of the last 3D frame. */
  renderInfo(): { calls: number; triangles: number };
  /** Ask the 3D scene for a frame. */
  invalidate(): void;
  /** Store an analysis result and show it (as a model's panel does after its run). */
  setResult(result: AnalysisResult): void;
  /** Client (CSS px) position of a building's roof centre on the map view (once the map exists). */
  projectBuildingOnMap?(id: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __twinTest?: TwinTestHooks;
  }
}
