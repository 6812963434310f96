/**
 * Test builds (`?test=1` in the URL, or Vite mode 'test'): the canvas keeps its drawing buffer
 * for pixel checks, antialiasing and shadow resolution drop (software WebGL is slow), and a small
 * hook is exposed on window for the e2e tests. Never on in a normal build.
 */
export const TEST_MODE: boolean =
  import.meta.env?.MODE === 'test' || (typeof location !== 'undefined' && new URLSearchParams(location.search).get('test') === '1');
