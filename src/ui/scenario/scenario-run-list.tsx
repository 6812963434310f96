/** The state of each chosen scenario's run: progress per stage, stages done (time or "from cache"), the loader's problems. */
import { formatNumber, t } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import type { ScenarioRunState } from '../../state/scenario-store';
import { ProgressBar } from '../progress-bar';

const STAGE_KEYS: Record<string, MessageKey> = {
  edits: 'scenarios.stage.edits',
  traffic: 'scenarios.stage.traffic',
  flows: 'scenarios.stage.flows',
  'noise-propagation': 'scenarios.stage.noise',
  noise: 'scenarios.stage.noise',
  air: 'scenarios.stage.air',
  'sun-hours': 'scenarios.stage.sunHours',
};

/** "noise: receivers 120/400" → "Noise: receivers 120/400". */
export function stageLabel(stage: string): string {
  const [head = '', ...rest] = stage.split(': ');
  const key = STAGE_KEYS[head];
  return [key === undefined ? head : t(key), ...rest].join(': ');
}

export function ScenarioRunRow({ id, name, run, onCancel }: { id: string; name: string; run: ScenarioRunState | undefined; onCancel: () => void }) {
  if (run === undefined) return null;
  return (
    <li data-testid={`scenario-run-${id}`} data-status={run.status}>
      <strong>{name}</strong>{' '}
      {run.status === 'queued' && t('scenarios.status.queued')}
      {run.status === 'cancelled' && <span data-testid="scenario-cancelled">{t('scenarios.status.cancelled')}</span>}
      {run.status === 'failed' && <span className="error" role="alert">{t('scenarios.status.failed', { message: run.message })}</span>}
      {run.status === 'running' && <ProgressBar progress={run.progress} label={stageLabel(run.progress.stage)} onCancel={onCancel} testId="scenario-progress" />}
      {run.status === 'done' && (
        <>
          {t('scenarios.status.done', { seconds: formatNumber(run.outcome.elapsedMs / 1000, 1) })}
          <ul className="scenario-stages" data-testid={`scenario-stages-${id}`}>
            {run.outcome.stages.map((s, k) => (
              <li key={k} data-hit={s.hit}>
                {stageLabel(s.stage)}: {s.hit ? <span className="cached">{t('scenarios.cached')}</span> : `${formatNumber(s.ms, 0)} ms`}
              </li>
            ))}
          </ul>
        </>
      )}
      {run.status === 'invalid' && (
        <div role="alert" className="error" data-testid={`scenario-issues-${id}`}>
          {t('scenarios.status.invalid')}
          <ul>
            {run.issues.map((i, k) => (
              <li key={k}>
                <code>{t('scenarios.issue', { file: run.file, line: String(i.line), column: String(i.column), pointer: i.pointer === '' ? '' : `${i.pointer}: `, message: i.message })}</code>
                {i.id !== undefined && <> ({t('scenarios.issueId', { id: i.id })})</>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}
