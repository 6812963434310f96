/** Import city data: a file picker (one or several files), progress with cancel, outcome in words. */
import { useRef } from 'react';
import { t } from '../i18n';
import { useImportStore } from '../state/import-store';
import { cancelImport, importUserFiles } from '../app/city-loader';
import { ProgressBar } from './progress-bar';

export const IMPORT_ACCEPT = '.osm,.gz,.pbf,.geojson,.json,.shp,.dbf,.prj,.cpg,.shx';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const running = useImportStore((s) => s.running);
  return (
    <div className="import">
      <button type="button" className="button primary" onClick={() => input.current?.click()} disabled={running} title={t('import.hint')}>
        {t('import.button')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORT_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('import.button')}
        data-testid="import-input"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          void importUserFiles(files);
        }}
      />
    </div>
  );
}

/** Progress and the outcome of the last import (overlaid on the view). */
export function ImportStatus() {
  const progress = useImportStore((s) => s.progress);
  const running = useImportStore((s) => s.running);
  const message = useImportStore((s) => s.message);
  const skipped = useImportStore((s) => s.skipped);
  const dismiss = useImportStore((s) => s.dismiss);
  if (running && progress !== null) {
    return <ProgressBar progress={progress} label={t('import.progress', { stage: progress.stage })} onCancel={cancelImport} testId="import-progress" />;
  }
  if (message === null) return null;
  const shown = skipped.slice(0, 8);
  return (
    <div className={`notice notice-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="import-message">
      <p>{message.text}</p>
      {skipped.length > 0 && (
        <>
          <p>{t('import.skipped', { count: skipped.length })}</p>
          <ul className="skipped-list">
            {shown.map((s, k) => (
              <li key={k}>{t('import.skippedItem', { file: s.file, feature: s.feature ?? '', reason: s.reason })}</li>
            ))}
            {skipped.length > shown.length && <li>{t('import.more', { count: skipped.length - shown.length })}</li>}
          </ul>
        </>
      )}
      <button type="button" className="button secondary" onClick={dismiss}>
        {t('app.dismiss')}
      </button>
    </div>
  );
}
