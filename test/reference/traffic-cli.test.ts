/** `twin traffic` on the first reference network found: one JSON object, flows file, clear errors. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/traffic';
import { buildNetwork } from '../../src/sim/traffic/road-graph';
import { flowRowsToLinks, parseTntpFlow } from '../../src/sim/traffic/tntp-flow';
import { parseTntpNet } from '../../src/sim/traffic/tntp-net';
import { fixtureDir, REFERENCE_DIR } from '../support/fixtures';

const root = fixtureDir(REFERENCE_DIR, 'traffic_assignment');

function firstNetwork(dir: string): { net: string; trips: string } | undefined {
  for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const files = readdirSync(join(dir, sub));
    const net = files.find((f) => f.endsWith('_net.tntp'));
    const trips = files.find((f) => f.endsWith('_trips.tntp'));
    if (net !== undefined && trips !== undefined) return { net: join(dir, sub, net), trips: join(dir, sub, trips) };
  }
  return undefined;
}

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(args), out };
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(root === undefined)('twin traffic', () => {
  const files = root === undefined ? undefined : firstNetwork(root);
  const tmp = mkdtempSync(join(tmpdir(), 'twin-traffic-'));
  afterEach(() => vi.restoreAllMocks());

  it('prints one JSON object with the convergence figures and writes TNTP flows', async () => {
    if (files === undefined) throw new Error('no network folder');
    const flows = join(tmp, 'flows.tsv');
    const { code, out } = await capture(['--net', files.net, '--trips', files.trips, '--gap', '1e-6', '--flows', flows, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['relativeGap', 'averageExcessCost', 'beckmann', 'tstt', 'sptt', 'iterations', 'seconds', 'unreachable']) expect(r).toHaveProperty(key);
    expect(r.relativeGap as number).toBeLessThanOrEqual(1e-6);
    expect(r.converged).toBe(true);
    const net = buildNetwork(parseTntpNet(readFileSync(files.net, 'utf8')));
    const volume = flowRowsToLinks(net, parseTntpFlow(readFileSync(flows, 'utf8'))).volume;
    expect(volume.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('re-solves a closure and reports base and what-if', async () => {
    if (files === undefined) throw new Error('no network folder');
    const net = buildNetwork(parseTntpNet(readFileSync(files.net, 'utf8')));
    const a = net.linkCount - 1;
    const spec = `${(net.initNode[a] as number) + 1}-${(net.termNode[a] as number) + 1}`;
    const { out } = await capture(['--net', files.net, '--trips', files.trips, '--gap', '1e-6', '--close', spec, '--json']);
    const r = JSON.parse(out) as { base: { relativeGap: number }; whatIf: { relativeGap: number; closed: string[] } };
    expect(r.whatIf.closed).toEqual([spec]);
    expect(r.whatIf.relativeGap).toBeLessThanOrEqual(1e-6);
  });

  it('names the file and line of a malformed network', async () => {
    if (files === undefined) throw new Error('no network folder');
    const bad = join(tmp, 'bad_net.tntp');
    const text = readFileSync(files.net, 'utf8').split('\n');
    const firstLink = text.findIndex((l, i) => i > text.findIndex((m) => m.includes('END OF METADATA')) && /^\s*\d/.test(l));
    text[firstLink] = text[firstLink]?.replace(/\d+(\.\d+)?/, 'x') ?? '';
    writeFileSync(bad, text.join('\n'));
    await expect(run(['--net', bad, '--trips', files.trips, '--json'])).rejects.toThrow(new RegExp(`bad_net\\.tntp:${firstLink + 1}: init_node`));
    await expect(run(['--net', files.net, '--trips', files.trips, '--method', 'x'])).rejects.toThrow(/--method must be one of gp, b, fw, cfw/);
  });
});
