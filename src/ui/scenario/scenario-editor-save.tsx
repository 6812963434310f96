/**
 * Saving the scenario draft: a name and description, then the draft becomes a scenario file
 * (src/state/edit-store.ts draftScenarioFile, checked by the scenario loader against the base
 * city and scenarios/schema.json) that the scenario panel lists, chooses and can run, and that
 * downloads as JSON.
 */
import { useState } from 'react';
import { t } from '../../i18n';
import { download } from '../../app/scenario-report';
import { draftScenarioFile, editStore, useEditStore } from '../../state/edit-store';
import { scenarioStore } from '../../state/scenario-store';

export function SaveDraft() {
  const count = useEditStore((s) => s.edits.length);
  const [name, setName] = useState(() => t('scenarios.editor.defaultName'));
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<{ ok: true; name: string } | { ok: false; message: string } | null>(null);
  const build = () => draftScenarioFile(editStore.getState(), { name, description });
  const save = () => {
    try {
      const saved = build();
      const store = scenarioStore.getState();
      store.addLocal({ id: saved.id, file: saved.file, name: saved.scenario.name, description: saved.scenario.description ?? t('scenarios.editor.local'), text: saved.text });
      store.toggle(saved.id, true);
      setOutcome({ ok: true, name: saved.scenario.name });
    } catch (e) {
      setOutcome({ ok: false, message: (e as Error).message });
    }
  };
  const saveFile = () => {
    try {
      const saved = build();
      download(saved.file, saved.text, 'application/json');
    } catch (e) {
      setOutcome({ ok: false, message: (e as Error).message });
    }
  };
  return (
    <form
      data-testid="edit-save-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label className="field">
        {t('scenarios.editor.name')}
        <input type="text" data-testid="edit-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        {t('scenarios.editor.descriptionField')}
        <input type="text" data-testid="edit-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="button-row">
        <button type="submit" className="button" data-testid="edit-save" disabled={count === 0 || name.trim() === ''}>
          {t('scenarios.editor.save')}
        </button>
        <button type="button" className="button secondary" data-testid="edit-download" disabled={count === 0 || name.trim() === ''} onClick={saveFile}>
          {t('scenarios.editor.download')}
        </button>
      </div>
      {outcome?.ok === true && (
        <p role="status" data-testid="edit-saved">
          {t('scenarios.editor.saved', { name: outcome.name })}
        </p>
      )}
      {outcome?.ok === false && (
        <p role="alert" className="error" data-testid="edit-save-error">
          {t('scenarios.editor.saveError', { message: outcome.message })}
        </p>
      )}
    </form>
  );
}
