/**
 * Scenario editing in the 3D scene (issue 10), mounted by one line in analysis-layers.tsx (inside
 * the ENU group): the draft's edits (draft-layer.tsx), the active tool's pointer input and sketch
 * (edit-pointer.tsx) and, in test builds, the editor's test hooks.
 */
import { TEST_MODE } from '../../app/test-mode';
import { DraftLayer } from './draft-layer';
import { EditPointer } from './edit-pointer';
import { EditTestHooks } from './edit-test-hooks';

export function EditToolsLayer() {
  return (
    <>
      <DraftLayer />
      <EditPointer />
      {TEST_MODE && <EditTestHooks />}
    </>
  );
}
