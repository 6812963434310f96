/**
 * The facilitator's side: create a consultation (title, variants, the standard questions in
 * English, French and German, duration, moderation) or open one with its key; show the join code
 * with a QR code of the join URL; follow the results live (participants, ratings per variant,
 * preferred variant, comments by location with hide/show) and export them as CSV.
 */
import { useState } from 'react';
import { QRCodeSVG } from 'qrcode.react';
import { formatNumber, t, type MessageKey } from '../../i18n';
import { closeConsultation, createConsultation, downloadResultsCsv, facilitate, moderateComment } from '../../app/consultation-session';
import { useConsultationStore } from '../../state/consultation-store';
import { variantLabel } from './variant-label';
import { ConsultationNoticeLine } from './notice-line';

/** The standard questions of a variant comparison, in the three participant languages. */
export const STANDARD_QUESTIONS = [
  { id: 'liking', kind: 'rating', text: { en: 'How much do you like this variant?', fr: 'Cette variante vous plaît-elle ?', de: 'Wie gefällt Ihnen diese Variante?' } },
  { id: 'preferred', kind: 'choice', text: { en: 'Which variant do you prefer?', fr: 'Quelle variante préférez-vous ?', de: 'Welche Variante bevorzugen Sie?' } },
  { id: 'remarks', kind: 'comment', text: { en: 'Pin your remarks where they apply', fr: 'Épinglez vos remarques là où elles s’appliquent', de: 'Heften Sie Ihre Anmerkungen dort an, wo sie gelten' } },
] as const;

function CreateForm() {
  const [title, setTitle] = useState('');
  const [variants, setVariants] = useState('baseline, car-free-main-street');
  const [hours, setHours] = useState(3);
  const [moderation, setModeration] = useState<'post' | 'pre' | 'off'>('post');
  const [code, setCode] = useState('');
  const [key, setKey] = useState('');
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const now = Date.now();
          void createConsultation({
            title,
            variants: variants.split(',').map((v) => v.trim()).filter((v) => v !== ''),
            questions: STANDARD_QUESTIONS,
            opensAt: new Date(now).toISOString(),
            closesAt: new Date(now + hours * 3_600_000).toISOString(),
            moderation,
          });
        }}
      >
        <label className="field">
          <span>{t('facilitator.consultationTitle')}</span>
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required data-testid="facilitator-title" />
        </label>
        <label className="field">
          <span>{t('facilitator.variants')}</span>
          <input type="text" value={variants} onChange={(e) => setVariants(e.target.value)} data-testid="facilitator-variants" />
        </label>
        <label className="field">
          <span>{t('facilitator.hours')}</span>
          <input type="number" min={0.5} max={720} step={0.5} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
        </label>
        <label className="field">
          <span>{t('facilitator.moderation')}</span>
          <select value={moderation} onChange={(e) => setModeration(e.target.value as 'post' | 'pre' | 'off')} data-testid="facilitator-moderation">
            {(['post', 'pre', 'off'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`facilitator.moderation.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={title.trim() === ''} data-testid="facilitator-create">
          {t('facilitator.create')}
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void facilitate(code, key);
        }}
      >
        <label className="field">
          <span>{t('consultation.code')}</span>
          <input type="text" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} maxLength={12} />
        </label>
        <label className="field">
          <span>{t('facilitator.key')}</span>
          <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" disabled={code.length < 4 || key === ''}>
          {t('facilitator.open')}
        </button>
      </form>
    </>
  );
}

function ResultsView() {
  const consultation = useConsultationStore((s) => s.consultation);
  const results = useConsultationStore((s) => s.results);
  const key = useConsultationStore((s) => s.facilitatorKey);
  if (consultation === null || key === null) return null;
  const joinUrl = `${window.location.origin}/?join=${consultation.code}`;
  const ratingQuestion = consultation.questions.find((q) => q.kind === 'rating');
  const choiceQuestion = consultation.questions.find((q) => q.kind === 'choice');
  return (
    <div data-testid="facilitator-results">
      <h3 className="consultation-heading">{consultation.title.en}</h3>
      <p>
        {t(`facilitator.phase.${results?.phase ?? consultation.phase}` as MessageKey)} · {t('facilitator.joinWith', { url: window.location.host })}
      </p>
      <p className="join-code" data-testid="facilitator-code">
        {consultation.code}
      </p>
      <QRCodeSVG value={joinUrl} size={132} marginSize={2} title={joinUrl} />
      <p className="legend-note">
        {t('facilitator.key')}: <code>{key}</code> — {t('facilitator.keyNote')}
      </p>
      {results !== null && (
        <>
          <p data-testid="facilitator-counts">{t('facilitator.participants', { n: results.participants, responses: results.responses })}</p>
          {ratingQuestion !== undefined && (
            <>
              <h4 className="legend-heading">{t('facilitator.ratings')}</h4>
              <ul className="legend-list" data-testid="facilitator-ratings">
                {results.ratings
                  .filter((r) => r.questionId === ratingQuestion.id)
                  .map((r) => (
                    <li key={r.variant}>
                      <span className="bar" style={{ width: `${((r.mean ?? 0) / 5) * 60}px` }} aria-hidden="true" />
                      {variantLabel(r.variant)}: {r.mean === null ? t('facilitator.noRatings') : t('facilitator.ratingMean', { mean: formatNumber(r.mean, 2), n: r.count })}
                    </li>
                  ))}
              </ul>
            </>
          )}
          {choiceQuestion !== undefined && (
            <>
              <h4 className="legend-heading">{t('facilitator.choices')}</h4>
              <ul className="legend-list">
                {results.choices
                  .filter((c) => c.questionId === choiceQuestion.id)
                  .map((c) => (
                    <li key={c.variant}>
                      <span className="bar" style={{ width: `${c.share * 60}px` }} aria-hidden="true" />
                      {variantLabel(c.variant)}: {c.count} ({formatNumber(c.share * 100, 0)} %)
                    </li>
                  ))}
              </ul>
            </>
          )}
          <h4 className="legend-heading">{t('facilitator.comments')}</h4>
          {results.comments.length === 0 ? (
            <p className="empty">{t('consultation.noComments')}</p>
          ) : (
            <ul className="comment-list" data-testid="facilitator-comments">
              {results.comments.map((c) => (
                <li key={c.id} className={c.status === 'visible' ? '' : 'comment-hidden'}>
                  <span className="comment-variant">{variantLabel(c.variant)}</span> {c.reaction !== undefined && <strong>{t(`consultation.reaction.${c.reaction}` as MessageKey)}</strong>} {c.text}{' '}
                  <small>
                    ({formatNumber(c.position.lat, 5)}°, {formatNumber(c.position.lon, 5)}°{c.status === 'hidden' ? `, ${t('facilitator.hidden')}` : c.status === 'pending' ? `, ${t('facilitator.pending')}` : ''})
                  </small>{' '}
                  <button type="button" onClick={() => void moderateComment(c.id, c.status === 'visible' ? 'hidden' : 'visible')} data-testid="facilitator-moderate">
                    {c.status === 'visible' ? t('facilitator.hide') : t('facilitator.restore')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="row-buttons">
            <button type="button" onClick={() => void downloadResultsCsv()}>
              {t('facilitator.exportCsv')}
            </button>
            {results.phase === 'open' && (
              <button type="button" onClick={() => void closeConsultation()}>
                {t('facilitator.close')}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

export function FacilitatorView() {
  const facilitating = useConsultationStore((s) => s.facilitatorKey !== null);
  return (
    <div data-testid="consultation-facilitator">
      {facilitating ? <ResultsView /> : <CreateForm />}
      <ConsultationNoticeLine />
    </div>
  );
}
