/**
 * Time slider over the recent past of all shown sensors: loads their history from the temporal API
 * (src/app/sensor-history.ts, one query per type), then the slider sets the replayed instant
 * (sensorsStore.setReplayAt) and every marker shows its value at that instant; Play advances it,
 * "Live" returns to the live values.
 */
import { useEffect, useState } from 'react';
import { t, type MessageKey } from '../i18n';
import { loadReplayHistory } from '../app/sensor-history';
import { useCityStore } from '../state/city-store';
import { sensorsStore, useSensorsStore } from '../state/sensors-store';
import { Panel } from './panel';
import { formatLocalTime } from './sensor-time';

export const REPLAY_WINDOWS = [
  { key: '1h', ms: 3_600_000 },
  { key: '6h', ms: 6 * 3_600_000 },
  { key: '24h', ms: 24 * 3_600_000 },
] as const;

/** Slider steps per window and play ticks per second: a window plays in about 30 s. */
const STEPS = 360;
const PLAY_TICK_MS = 100;

type ReplayLoad = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; fromMs: number; toMs: number; samples: number };

export function SensorReplay() {
  const replayAtMs = useSensorsStore((s) => s.replayAtMs);
  const timeZone = useCityStore((s) => s.city?.timeZone ?? 'UTC');
  const [windowMs, setWindowMs] = useState<number>(REPLAY_WINDOWS[1].ms);
  const [load, setLoad] = useState<ReplayLoad>({ state: 'idle' });
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing || load.state !== 'ready') return undefined;
    const step = (load.toMs - load.fromMs) / STEPS;
    const timer = setInterval(() => {
      const at = sensorsStore.getState().replayAtMs ?? load.fromMs;
      const next = at + step;
      if (next >= load.toMs) {
        sensorsStore.getState().setReplayAt(load.toMs);
        setPlaying(false);
      } else sensorsStore.getState().setReplayAt(next);
    }, PLAY_TICK_MS);
    return () => clearInterval(timer);
  }, [playing, load]);

  const start = (): void => {
    setLoad({ state: 'loading' });
    setPlaying(false);
    loadReplayHistory(windowMs)
      .then((r) => {
        setLoad({ state: 'ready', ...r });
        sensorsStore.getState().setReplayAt(r.fromMs);
      })
      .catch((e: unknown) => setLoad({ state: 'error', message: e instanceof Error ? e.message : String(e) }));
  };
  const live = (): void => {
    setPlaying(false);
    sensorsStore.getState().setReplayAt(null);
  };

  return (
    <Panel id="sensor-replay" title={t('sensors.replay.title')}>
      <label className="field">
        <span>{t('sensors.replay.window')}</span>
        <select value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))} data-testid="sensor-replay-window">
          {REPLAY_WINDOWS.map((w) => (
            <option key={w.key} value={w.ms}>
              {t(`sensors.replay.last.${w.key}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <button type="button" className="button secondary" onClick={start} disabled={load.state === 'loading'} data-testid="sensor-replay-load">
          {t('sensors.replay.load')}
        </button>
        <button type="button" className="button primary" onClick={live} disabled={replayAtMs === null} aria-pressed={replayAtMs === null} data-testid="sensor-replay-live">
          {t('sensors.replay.live')}
        </button>
      </div>
      {load.state === 'loading' && <p className="empty">{t('sensors.replay.loading')}</p>}
      {load.state === 'error' && (
        <p className="notice notice-error" role="alert">
          {t('sensors.replay.error', { message: load.message })}
        </p>
      )}
      {load.state === 'ready' && (
        <>
          <label className="field">
            <span>{replayAtMs === null ? t('sensors.replay.showingLive') : t('sensors.replay.at', { time: formatLocalTime(replayAtMs, timeZone), zone: timeZone })}</span>
            <input
              type="range"
              min={load.fromMs}
              max={load.toMs}
              step={Math.max(1000, Math.round((load.toMs - load.fromMs) / STEPS))}
              value={replayAtMs ?? load.toMs}
              aria-valuetext={formatLocalTime(replayAtMs ?? load.toMs, timeZone)}
              onChange={(e) => sensorsStore.getState().setReplayAt(Number(e.target.value))}
              data-testid="sensor-replay-slider"
            />
          </label>
          <p className="legend-note" data-testid="sensor-replay-samples">
            {t('sensors.replay.samples', { samples: load.samples, from: formatLocalTime(load.fromMs, timeZone, false), to: formatLocalTime(load.toMs, timeZone, false) })}
          </p>
          <button type="button" className="button secondary" onClick={() => setPlaying((p) => !p)} aria-pressed={playing} data-testid="sensor-replay-play">
            {playing ? t('sensors.replay.pause') : t('sensors.replay.play')}
          </button>
        </>
      )}
    </Panel>
  );
}
