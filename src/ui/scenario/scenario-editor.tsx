/**
 * The scenario editor (issue 10), shown in the scenario panel: the editing tools of the 3D view
 * (src/scene/edit-tools), the shape being drawn and its form, the selected building, road or tree
 * and its form, the loader's objection to a refused edit, undo/redo with the draft's edit list,
 * and saving the draft as a scenario. State lives in src/state/edit-store.ts; nothing is computed
 * here.
 */
import { t } from '../../i18n';
import { EDIT_TOOLS, editStore, useEditStore } from '../../state/edit-store';
import { PendingShapeForm, SelectionForm } from './scenario-editor-forms';
import { EditHistoryControls, useEditorKeys } from './scenario-editor-history';
import { SaveDraft } from './scenario-editor-save';

/** The tool buttons wrap onto several lines in the narrow side panel. */
const TOOL_ROW = { display: 'flex', flexWrap: 'wrap', gap: '4px' } as const;

export function ScenarioEditor() {
  useEditorKeys();
  const draft = useEditStore((s) => s.draft);
  const tool = useEditStore((s) => s.tool);
  const sketch = useEditStore((s) => s.sketch);
  const pending = useEditStore((s) => s.pending);
  const selection = useEditStore((s) => s.selection);
  const problem = useEditStore((s) => s.problem);
  const version = useEditStore((s) => `${s.edits.length}/${s.redoable.length}`);
  return (
    <section className="scenario-editor" data-testid="scenario-editor" aria-labelledby="scenario-editor-title">
      <h3 className="legend-heading" id="scenario-editor-title">
        {t('scenarios.editor.title')}
      </h3>
      <p className="panel-hint">{t('scenarios.editor.description')}</p>
      {draft === null ? (
        <p className="empty">{t('scenarios.editor.noCity')}</p>
      ) : (
        <>
          <div role="group" aria-label={t('scenarios.editor.tools')} style={TOOL_ROW}>
            {EDIT_TOOLS.map((k) => (
              <button key={k} type="button" className={tool === k ? 'button' : 'button secondary'} aria-pressed={tool === k} data-testid={`edit-tool-${k}`} onClick={() => editStore.getState().setTool(k)}>
                {t(`scenarios.editor.tool.${k}`)}
              </button>
            ))}
          </div>
          <p className="panel-hint" data-testid="edit-hint">
            {t(`scenarios.editor.hint.${tool}`)}
          </p>
          {sketch.length > 0 && (
            <div data-testid="edit-sketch">
              <p>{t('scenarios.editor.sketch', { count: sketch.length })}</p>
              <div className="button-row">
                <button type="button" className="button" data-testid="edit-finish" onClick={() => editStore.getState().finishSketch()}>
                  {t('scenarios.editor.finish')}
                </button>
                <button type="button" className="button secondary" onClick={() => editStore.getState().cancelSketch()}>
                  {t('scenarios.editor.cancelSketch')}
                </button>
              </div>
            </div>
          )}
          {problem !== null && (
            <p role="alert" className="error" data-testid="edit-problem">
              {t('scenarios.editor.problem', { message: problem })}
            </p>
          )}
          {pending !== null && <PendingShapeForm key={pending.points.map((p) => p.join(',')).join(';')} pending={pending} />}
          {selection !== null && <SelectionForm city={draft} selection={selection} version={version} />}
          <EditHistoryControls />
          <SaveDraft />
        </>
      )}
    </section>
  );
}
