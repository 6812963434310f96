/**
 * A participant's view of a consultation on a tablet or in the browser: join with the code (from
 * the QR code's URL or typed) in English, French or German; switch variants; rate or choose
 * them; pin a comment or a quick reaction where it applies; see others' visible comments.
 * Text is always rendered as text. Large controls, keyboard usable, status announced.
 */
import { useState } from 'react';
import { t, type MessageKey } from '../../i18n';
import { CONSULTATION_LANGUAGES, COMMENT_MAX_CHARS, QUICK_REACTIONS, inLanguage, type ConsultationLanguage, type QuickReaction } from '../../app/consultation-api';
import { cancelPin, chooseVariant, joinConsultation, rateVariant, sendPinnedComment, setLanguage, showVariant, startPin } from '../../app/consultation-session';
import { useConsultationStore } from '../../state/consultation-store';
import { variantLabel } from './variant-label';
import { ConsultationNoticeLine } from './notice-line';

const LANGUAGE_NAMES: Record<ConsultationLanguage, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

function JoinForm({ initialCode }: { initialCode: string }) {
  const language = useConsultationStore((s) => s.language);
  const [code, setCode] = useState(initialCode);
  return (
    <form
      className="consultation-join"
      onSubmit={(e) => {
        e.preventDefault();
        void joinConsultation(code, language);
      }}
    >
      <fieldset className="language-choice">
        <legend>{t('consultation.language')}</legend>
        {CONSULTATION_LANGUAGES.map((l) => (
          <label key={l}>
            <input type="radio" name="consultation-language" value={l} checked={language === l} onChange={() => setLanguage(l)} />
            <span lang={l}>{LANGUAGE_NAMES[l]}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('consultation.code')}</span>
        <input type="text" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} autoComplete="off" spellCheck={false} maxLength={12} aria-describedby="consultation-code-hint" data-testid="consultation-code" />
        <small id="consultation-code-hint">{t('consultation.codeHint')}</small>
      </label>
      <button type="submit" className="big-button" disabled={code.trim().length < 4} data-testid="consultation-join">
        {t('consultation.join')}
      </button>
      <p className="legend-note">{t('consultation.privacy')}</p>
    </form>
  );
}

function CommentComposer() {
  const pin = useConsultationStore((s) => s.pin);
  const moderation = useConsultationStore((s) => s.consultation?.moderation);
  const [text, setText] = useState('');
  if (pin.state === 'off') {
    return (
      <button type="button" className="big-button" onClick={startPin} data-testid="consultation-pin">
        {t('consultation.pin')}
      </button>
    );
  }
  if (pin.state === 'placing') {
    return (
      <div className="pin-composer">
        <p role="status">{t('consultation.pinHint')}</p>
        <button type="button" onClick={cancelPin}>
          {t('consultation.cancel')}
        </button>
      </div>
    );
  }
  const send = async (reaction?: QuickReaction) => {
    const ok = await sendPinnedComment({ text, ...(reaction === undefined ? {} : { reaction }) });
    if (ok) setText('');
  };
  const left = COMMENT_MAX_CHARS - [...text].length;
  return (
    <div className="pin-composer" data-testid="consultation-composer">
      <p role="status">{t('consultation.pinPlaced')}</p>
      <label className="field">
        <span>{t('consultation.commentLabel')}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={COMMENT_MAX_CHARS} data-testid="consultation-comment-text" />
        <small>{t('consultation.charsLeft', { n: left })}</small>
      </label>
      <div className="reaction-buttons" role="group" aria-label={t('consultation.reactions')}>
        {QUICK_REACTIONS.map((r) => (
          <button key={r} type="button" onClick={() => void send(r)} data-testid={`consultation-reaction-${r}`}>
            {t(`consultation.reaction.${r}` as MessageKey)}
          </button>
        ))}
      </div>
      <div className="row-buttons">
        <button type="button" className="big-button" disabled={text.trim() === '' || left < 0} onClick={() => void send()} data-testid="consultation-send">
          {t('consultation.send')}
        </button>
        <button type="button" onClick={cancelPin}>
          {t('consultation.cancel')}
        </button>
      </div>
      {moderation === 'pre' && <p className="legend-note">{t('consultation.commentPending')}</p>}
    </div>
  );
}

function JoinedView() {
  const consultation = useConsultationStore((s) => s.consultation);
  const language = useConsultationStore((s) => s.language);
  const variant = useConsultationStore((s) => s.variant);
  const ratings = useConsultationStore((s) => s.ratings);
  const choices = useConsultationStore((s) => s.choices);
  const comments = useConsultationStore((s) => s.comments);
  if (consultation === null || variant === null) return null;
  if (consultation.phase === 'closed') return <p role="status">{t('consultation.closed')}</p>;
  return (
    <div className="consultation-joined" lang={language}>
      <h3 className="consultation-heading">{inLanguage(consultation.title, language)}</h3>
      {consultation.description !== undefined && <p>{inLanguage(consultation.description, language)}</p>}
      <div className="variant-switch" role="radiogroup" aria-label={t('consultation.variants')}>
        {consultation.variants.map((v) => (
          <button key={v} type="button" role="radio" aria-checked={v === variant} className={v === variant ? 'active' : ''} onClick={() => showVariant(v)} data-testid={`consultation-variant-${v}`}>
            {variantLabel(v)}
          </button>
        ))}
      </div>
      <p className="legend-note">{t('consultation.variantShown', { variant: variantLabel(variant) })}</p>
      {consultation.questions.map((q) => {
        if (q.kind === 'rating') {
          const mine = ratings[`${q.id}:${variant}`];
          return (
            <fieldset key={q.id} className="rating-question">
              <legend>{inLanguage(q.text, language)}</legend>
              <div className="rating-buttons">
                {[1, 2, 3, 4, 5].map((n) => (
                  <button key={n} type="button" aria-pressed={mine === n} className={mine === n ? 'active' : ''} title={t(`consultation.rating.${n}` as MessageKey)} onClick={() => void rateVariant(q.id, variant, n)} data-testid={`consultation-rate-${q.id}-${n}`}>
                    {n}
                  </button>
                ))}
              </div>
              {mine !== undefined && <small>{t(`consultation.rating.${mine}` as MessageKey)}</small>}
            </fieldset>
          );
        }
        if (q.kind === 'choice') {
          const chosen = choices[q.id];
          return (
            <fieldset key={q.id} className="choice-question">
              <legend>{inLanguage(q.text, language)}</legend>
              <button type="button" className="big-button" aria-pressed={chosen === variant} onClick={() => void chooseVariant(q.id, variant)} data-testid={`consultation-choose-${q.id}`}>
                {t('consultation.prefer')}
              </button>
              {chosen !== undefined && <small>{t('consultation.preferred', { variant: variantLabel(chosen) })}</small>}
            </fieldset>
          );
        }
        return (
          <fieldset key={q.id} className="comment-question">
            <legend>{inLanguage(q.text, language)}</legend>
            <CommentComposer />
          </fieldset>
        );
      })}
      <h4 className="legend-heading">{t('consultation.others', { n: comments.length })}</h4>
      {comments.length === 0 ? (
        <p className="empty">{t('consultation.noComments')}</p>
      ) : (
        <ul className="comment-list" data-testid="consultation-comments">
          {comments.map((c) => (
            <li key={c.id}>
              <span className="comment-variant">{variantLabel(c.variant)}</span> {c.reaction !== undefined && <strong>{t(`consultation.reaction.${c.reaction}` as MessageKey)}</strong>} {c.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ParticipantView({ initialCode }: { initialCode: string }) {
  const joined = useConsultationStore((s) => s.token !== null && s.facilitatorKey === null);
  return (
    <div data-testid="consultation-participant">
      {joined ? <JoinedView /> : <JoinForm initialCode={initialCode} />}
      <ConsultationNoticeLine />
    </div>
  );
}
