/** Open the system browser at a URL, only when a display exists and not in CI. */
import { spawn } from 'node:child_process';

export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Returns true when a browser was launched. Failure to launch only prints the URL hint. */
export function openBrowser(url: string): boolean {
  if (!hasDisplay()) return false;
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write(`(could not open a browser: open ${url} yourself)\n`));
  child.unref();
  return true;
}
