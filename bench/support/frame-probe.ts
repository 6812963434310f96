/**
 * Render time per frame of the 3D scene, measured inside the page. An init script (run before the
 * app's own scripts) wraps `window.requestAnimationFrame`; both the desktop render loop (R3F) and
 * the iwer emulator's XR frame loop schedule through it, so every frame callback passes the wrapper.
 * A callback during which the scene's frame counter (`window.__twinTest.frames`, counted in
 * useFrame) moved is a scene frame: its time is the callback's duration plus `gl.finish()` on the
 * scene canvas's WebGL context, which waits for the (software) GPU to finish that frame's drawing.
 *
 * The script is a plain JavaScript string, not a serialised function: `tsx` (esbuild keepNames)
 * adds `__name(...)` calls to compiled functions, which do not exist in the page.
 */

/** What the probe exposes on `window.__frameProbe`. */
export interface FrameProbe {
  /** Scene frame times since the last reset, ms. */
  samples: number[];
  reset(): void;
}

declare global {
  interface Window {
    __frameProbe?: FrameProbe;
  }
}

export const SCENE_CANVAS_SELECTOR = '[data-testid="scene-view"] canvas';

/** Source of the init script (page.addInitScript({ content })). */
export const FRAME_PROBE_SCRIPT = `(() => {
  const samples = [];
  const nativeRaf = window.requestAnimationFrame.bind(window);
  window.__frameProbe = { samples, reset: () => { samples.length = 0; } };
  window.requestAnimationFrame = (callback) => nativeRaf((timestamp) => {
    const before = window.__twinTest ? window.__twinTest.frames : 0;
    const t0 = performance.now();
    try {
      callback(timestamp);
    } finally {
      const after = window.__twinTest ? window.__twinTest.frames : 0;
      if (after !== before) {
        const canvas = document.querySelector(${JSON.stringify(SCENE_CANVAS_SELECTOR)});
        const gl = canvas ? (canvas.getContext('webgl2') || canvas.getContext('webgl')) : null;
        if (gl) gl.finish();
        samples.push(performance.now() - t0);
      }
    }
  });
})();`;

/** Median of a list of numbers (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
