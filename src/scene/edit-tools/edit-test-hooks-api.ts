/** The shape of `window.__twinEdit` (test builds only; see edit-test-hooks.tsx), shared with the e2e tests. */
import type { EditStore } from '../../state/edit-store';

export interface EditTestHooksApi {
  /** The page's edit store (read the draft, the sketch, the edits). */
  store: EditStore;
  /** Client (CSS px) position of the ground at ENU (x, y), or null off screen. */
  projectGround(x: number, y: number): { x: number; y: number } | null;
  /** A road carrying motor traffic whose middle is on screen and picks that road, with its client position. */
  findClickableRoad(): { id: string; x: number; y: number } | null;
  /** Asks the 3D view to look at ENU (x, y) from `distanceM` away (heading 20°, 45° down), as a shared link's pose does. */
  lookAt(x: number, y: number, distanceM: number): void;
}

declare global {
  interface Window {
    __twinEdit?: EditTestHooksApi;
  }
}
