/** A labelled progress bar with an optional cancel button. */
import { t } from '../i18n';
import type { ProgressReport } from '../sim/core/progress';

export function ProgressBar({ progress, label, onCancel, testId }: { progress: ProgressReport; label: string; onCancel?: () => void; testId: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, progress.fraction)) * 100);
  return (
    <div className="progress" role="status" data-testid={testId}>
      <div className="progress-label">{label}</div>
      <progress max={100} value={percent} aria-label={label}>
        {percent} %
      </progress>
      {onCancel !== undefined && (
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('import.cancel')}
        </button>
      )}
    </div>
  );
}
