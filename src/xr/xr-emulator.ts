/**
 * The iwer WebXR emulator (Meta Quest 3 profile) for tests and for desktops without a headset
 * (`?xr-emulator`): installed over Chromium's own navigator.xr, which has no device
 * (../shared/docs/browser-testing.md: only `forceInstall` makes it take over). Never loaded for a
 * real headset (only on `?xr-emulator`). The device is exposed on window.__xrDevice so tests can move the head and
 * controllers and press buttons.
 */
import type { XRDevice } from 'iwer';

declare global {
  interface Window {
    __xrDevice?: XRDevice;
  }
}

/** The page asked for the emulator (`?xr-emulator`): e2e tests and desktop previews. */
export function wantsXrEmulator(search: string): boolean {
  return new URLSearchParams(search).has('xr-emulator');
}

export async function installXrEmulator(): Promise<XRDevice> {
  if (window.__xrDevice !== undefined) return window.__xrDevice;
  const { XRDevice, metaQuest3 } = await import('iwer');
  const device = new XRDevice(metaQuest3, { stereoEnabled: true });
  device.installRuntime({ forceInstall: true });
  window.__xrDevice = device;
  return device;
}
