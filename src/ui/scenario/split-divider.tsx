/**
 * The swipe divider of the split view (issue 10), drawn over the 3D view through a portal into
 * its container: drag it (pointer) or move it with the arrow keys (focusable slider); the
 * position goes to the scenario store, which the scene's split renderer (src/scene/split-view.tsx)
 * reads. Labels name the result on each side.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { t } from '../../i18n';
import { useResultsStore } from '../../state/results-store';
import { scenarioStore, useScenarioStore } from '../../state/scenario-store';
import { useViewStore } from '../../state/view-store';

export function SplitDivider() {
  const split = useScenarioStore((s) => s.split);
  const view = useViewStore((s) => s.view);
  const results = useResultsStore((s) => s.results);
  const [host, setHost] = useState<HTMLElement | null>(null);
  const dragging = useRef(false);
  useEffect(() => {
    // The 3D view mounts once the district is there: look for it until found.
    const find = () => setHost(document.querySelector<HTMLElement>('[data-testid="scene-view"]'));
    find();
    const timer = setInterval(find, 1000);
    return () => clearInterval(timer);
  }, []);
  if (!split.enabled || view !== 'scene' || host === null) return null;
  const move = (clientX: number) => {
    const r = host.getBoundingClientRect();
    if (r.width > 0) scenarioStore.getState().setSplit({ position: (clientX - r.left) / r.width });
  };
  const pct = `${(split.position * 100).toFixed(2)}%`;
  const left = split.leftId === null ? '' : (results[split.leftId]?.title ?? '');
  const right = split.rightId === null ? '' : (results[split.rightId]?.title ?? '');
  return createPortal(
    <>
      <div className="split-label" style={{ position: 'absolute', top: 8, left: 8, zIndex: 15, background: 'rgba(255,255,255,.85)', padding: '2px 6px', fontSize: 12, maxWidth: '40%' }} data-testid="split-label-left">
        {left}
      </div>
      <div className="split-label" style={{ position: 'absolute', top: 8, right: 8, zIndex: 15, background: 'rgba(255,255,255,.85)', padding: '2px 6px', fontSize: 12, maxWidth: '40%', textAlign: 'right' }} data-testid="split-label-right">
        {right}
      </div>
      <div
        role="slider"
        tabIndex={0}
        aria-label={t('scenarios.splitDivider')}
        aria-valuemin={5}
        aria-valuemax={95}
        aria-valuenow={Math.round(split.position * 100)}
        data-testid="split-divider"
        style={{ position: 'absolute', top: 0, bottom: 0, left: pct, width: 12, marginLeft: -6, cursor: 'ew-resize', zIndex: 16, touchAction: 'none', display: 'flex', justifyContent: 'center' }}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          e.stopPropagation();
        }}
        onPointerMove={(e) => {
          if (dragging.current) move(e.clientX);
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onKeyDown={(e) => {
          const step = e.shiftKey ? 0.1 : 0.02;
          if (e.key === 'ArrowLeft') scenarioStore.getState().setSplit({ position: split.position - step });
          else if (e.key === 'ArrowRight') scenarioStore.getState().setSplit({ position: split.position + step });
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      >
        <div style={{ width: 3, height: '100%', background: '#fff', boxShadow: '0 0 3px rgba(0,0,0,.6)' }} />
      </div>
    </>,
    host,
  );
}
