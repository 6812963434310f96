/**
 * "Enter VR" (and "Enter AR" where the device offers pass-through) over the 3D view. Shown only
 * when the browser offers an immersive session; `?xr-emulator` installs the iwer emulator first.
 * Entering must come from a click (a user gesture), as WebXR requires.
 */
import { useEffect, useState } from 'react';
import { t } from '../i18n';
import { enterImmersive, immersiveSupported } from './xr-session';
import { installXrEmulator, wantsXrEmulator } from './xr-emulator';

export function EnterXrButtons() {
  const [modes, setModes] = useState<{ vr: boolean; ar: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      if (wantsXrEmulator(window.location.search)) await installXrEmulator();
      const [vr, ar] = await Promise.all([immersiveSupported('immersive-vr'), immersiveSupported('immersive-ar')]);
      if (live) setModes({ vr, ar });
    })();
    return () => {
      live = false;
    };
  }, []);
  if (modes === null || (!modes.vr && !modes.ar)) return null;
  const enter = (mode: 'immersive-vr' | 'immersive-ar') => {
    setError(null);
    enterImmersive(mode).catch((e: unknown) => setError((e as Error).message));
  };
  return (
    <div className="enter-xr" data-testid="enter-xr">
      {modes.vr && (
        <button type="button" onClick={() => enter('immersive-vr')} data-testid="enter-vr">
          {t('xr.enterVr')}
        </button>
      )}
      {modes.ar && (
        <button type="button" onClick={() => enter('immersive-ar')} data-testid="enter-ar">
          {t('xr.enterAr')}
        </button>
      )}
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}
