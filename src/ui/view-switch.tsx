/** 3D ↔ Map switch and Orbit ↔ Walk navigation, as radio-like toggle groups (arrow keys or Tab + Enter). */
import type { KeyboardEvent } from 'react';
import { t, type MessageKey } from '../i18n';
import { switchView } from '../app/switch-view';
import { useViewStore, type NavigationMode, type ViewMode } from '../state/view-store';

function Toggle<T extends string>({ label, options, value, onChange, testId }: { label: string; options: readonly { value: T; key: MessageKey }[]; value: T; onChange: (v: T) => void; testId: string }) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const k = options.findIndex((o) => o.value === value);
    const next = options[(k + (e.key === 'ArrowRight' ? 1 : options.length - 1)) % options.length];
    if (next !== undefined) onChange(next.value);
  };
  return (
    <div className="toggle" role="group" aria-label={label} onKeyDown={onKeyDown} data-testid={testId}>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} className={o.value === value ? 'active' : ''} onClick={() => onChange(o.value)} data-testid={`${testId}-${o.value}`}>
          {t(o.key)}
        </button>
      ))}
    </div>
  );
}

const VIEWS = [
  { value: 'scene', key: 'view.scene' },
  { value: 'map', key: 'view.map' },
] as const satisfies readonly { value: ViewMode; key: MessageKey }[];

const NAVIGATION = [
  { value: 'orbit', key: 'view.orbit' },
  { value: 'walk', key: 'view.walk' },
] as const satisfies readonly { value: NavigationMode; key: MessageKey }[];

export function ViewSwitch() {
  const view = useViewStore((s) => s.view);
  const navigation = useViewStore((s) => s.navigation);
  const setNavigation = useViewStore((s) => s.setNavigation);
  return (
    <div className="view-controls">
      <Toggle label={t('view.label')} options={VIEWS} value={view} onChange={switchView} testId="view-switch" />
      {view === 'scene' && <Toggle label={t('view.navigation')} options={NAVIGATION} value={navigation} onChange={setNavigation} testId="navigation-switch" />}
    </div>
  );
}

export function WalkHelp() {
  const navigation = useViewStore((s) => s.navigation);
  const view = useViewStore((s) => s.view);
  if (navigation !== 'walk' || view !== 'scene') return null;
  return (
    <p className="walk-help" role="note">
      {t('view.walkHelp')}
    </p>
  );
}
