/**
 * Undo/redo of the scenario draft (src/state/edit-store.ts over EditHistory): buttons naming the
 * edit they undo or redo, the list of the draft's edits, and the editor's keys: Ctrl+Z undo
 * (while drawing: the last point), Ctrl+Shift+Z or Ctrl+Y redo, Enter closes the shape being
 * drawn, Escape cancels it or clears the selection. Keys typed in a form field stay the field's.
 */
import { useEffect } from 'react';
import { t } from '../../i18n';
import type { ScenarioEdit } from '../../scenario/scenario-types';
import { editStore, useEditStore } from '../../state/edit-store';

/** One line for an edit, in the active language. */
export function describeEdit(e: ScenarioEdit): string {
  switch (e.op) {
    case 'add-building': {
      const height = e.heightM !== undefined ? t('scenarios.edit.heightM', { value: e.heightM }) : t('scenarios.edit.storeys', { value: e.storeys ?? 1 });
      return t('scenarios.edit.add-building', { id: e.id, height, use: t(`use.${e.use}`) });
    }
    case 'add-noise-barrier':
      return t('scenarios.edit.add-noise-barrier', { id: e.id, height: e.heightM });
    case 'change-roads':
      return t('scenarios.edit.change-roads', { count: e.ids.length });
    case 'add-trees':
      return t('scenarios.edit.add-trees', { count: e.points?.length ?? 0 });
    case 'remove-trees':
      return t('scenarios.edit.remove-trees', { count: e.ids.length });
    default:
      return t(`scenarios.edit.${e.op}`, { id: e.id });
  }
}

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Installs the editor's keys on the window while mounted. */
export function useEditorKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e.target)) return;
      const s = editStore.getState();
      const key = e.key.toLowerCase();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        if (s.sketch.length > 0) s.dropPoint();
        else s.undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        s.redo();
      } else if (e.key === 'Enter' && s.sketch.length > 0) {
        e.preventDefault();
        s.finishSketch();
      } else if (e.key === 'Escape' && (s.sketch.length > 0 || s.pending !== null || s.selection !== null)) {
        e.preventDefault();
        if (s.sketch.length > 0 || s.pending !== null) s.cancelSketch();
        else s.select(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function EditHistoryControls() {
  const edits = useEditStore((s) => s.edits);
  const redoable = useEditStore((s) => s.redoable);
  const last = edits[edits.length - 1];
  const next = redoable[redoable.length - 1];
  return (
    <>
      <div className="button-row">
        <button type="button" className="button secondary" data-testid="edit-undo" disabled={last === undefined} title={last === undefined ? undefined : t('scenarios.editor.undoWhat', { edit: describeEdit(last) })} onClick={() => editStore.getState().undo()}>
          {last === undefined ? t('scenarios.editor.undo') : t('scenarios.editor.undoWhat', { edit: describeEdit(last) })}
        </button>
        <button type="button" className="button secondary" data-testid="edit-redo" disabled={next === undefined} title={next === undefined ? undefined : t('scenarios.editor.redoWhat', { edit: describeEdit(next) })} onClick={() => editStore.getState().redo()}>
          {next === undefined ? t('scenarios.editor.redo') : t('scenarios.editor.redoWhat', { edit: describeEdit(next) })}
        </button>
      </div>
      <h4 className="legend-heading">{t('scenarios.editor.edits')}</h4>
      {edits.length === 0 ? (
        <p className="empty" data-testid="edit-list-empty">
          {t('scenarios.editor.noEdits')}
        </p>
      ) : (
        <ol data-testid="edit-list">
          {edits.map((e, k) => (
            <li key={k}>{describeEdit(e)}</li>
          ))}
        </ol>
      )}
    </>
  );
}
