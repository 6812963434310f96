/** The consultation's status line: sending, saved, or the error in words (announced politely). */
import { t, type MessageKey } from '../../i18n';
import { useConsultationStore } from '../../state/consultation-store';

export function ConsultationNoticeLine() {
  const notice = useConsultationStore((s) => s.notice);
  let text = '';
  if (notice.kind === 'busy') text = t('consultation.busy');
  else if (notice.kind === 'saved') text = t(notice.messageKey as MessageKey);
  else if (notice.kind === 'error') text = t('consultation.error', { title: notice.title, detail: notice.detail });
  return (
    <p role="status" aria-live="polite" className={`consultation-notice ${notice.kind === 'error' ? 'error' : ''}`} data-testid="consultation-notice">
      {text}
    </p>
  );
}
