/**
 * The consultation panel of the side bar: a participant tab (join, rate, choose, pin comments)
 * and a facilitator tab (create, QR code, live results, moderation). Opens on the participant tab
 * with the code filled in when the page was opened from a join link (`?join=CODE`, the QR code).
 */
import { useState } from 'react';
import { t } from '../../i18n';
import { FacilitatorView } from './facilitator-panel';
import { ParticipantView } from './participant-panel';

function joinCodeFromUrl(): string {
  if (typeof window === 'undefined') return '';
  return (new URLSearchParams(window.location.search).get('join') ?? '').toUpperCase().slice(0, 12);
}

export function ConsultationPanel() {
  const [initialCode] = useState(joinCodeFromUrl);
  const [tab, setTab] = useState<'participant' | 'facilitator'>('participant');
  return (
    <details className="panel consultation-panel" open={initialCode !== '' ? true : undefined} data-testid="consultation-panel">
      <summary data-testid="consultation-panel-toggle">{t('consultation.title')}</summary>
      <div className="tab-buttons" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'participant'} onClick={() => setTab('participant')} data-testid="consultation-tab-participant">
          {t('consultation.joinTitle')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'facilitator'} onClick={() => setTab('facilitator')} data-testid="consultation-tab-facilitator">
          {t('facilitator.title')}
        </button>
      </div>
      {tab === 'participant' ? <ParticipantView initialCode={initialCode} /> : <FacilitatorView />}
    </details>
  );
}
