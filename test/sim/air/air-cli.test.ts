/** `twin air` report: CALINE3 decks, embedded examples and point-source case files. */
import { describe, expect, it } from 'vitest';
import { airReport } from '../../../src/cli/commands/air';

const DECK = [
  'CLI JOB                                  60. 10.   0.   0. 1        1.',
  'RECP. 1                    30.        0.       1.8',
  'RUN                                       1  1',
  'LINK A              AG     0. -5000.     0.  5000.   7500. 30.  0. 30.',
  ' 1.270.6 1000. 3.0',
].join('\n');

describe('twin air report', () => {
  it('runs a CALINE3 deck with per-receptor and per-link ppm', () => {
    const report = airReport(DECK, 'deck.exp') as { model: string; jobs: { mets: { receptors: { totalPpm: number; linkPpm: Record<string, number> }[] }[] }[] };
    expect(report.model).toBe('CALINE3');
    const r = report.jobs[0]?.mets[0]?.receptors[0];
    expect(r?.totalPpm).toBeCloseTo(3 + (r?.linkPpm['LINK A'] ?? NaN), 12);
    expect(r?.linkPpm['LINK A']).toBeGreaterThan(4);
  });

  it('runs embedded examples and point cases by id', () => {
    const ex = airReport(JSON.stringify({ examples: [{ id: 'X', input_exp: DECK }] }), 'x.json') as { examples: { id: string }[] };
    expect(ex.examples[0]?.id).toBe('X');
    const plume = airReport(JSON.stringify({ cases: [{ id: 'p', inputs: { Q_g_per_s: 5, u_m_per_s: 2, H_effective_m: 30, stability: 'D', sigma: 'Briggs rural', x_m: 1000, y_m: 0, z_m: 0 } }] }), 'p.json') as {
      cases: { id: string; concentrationUgPerM3: number }[];
    };
    expect(plume.cases[0]?.concentrationUgPerM3).toBeCloseTo(201.1399, 3);
  });

  it('names the file and field of bad input', () => {
    expect(() => airReport('{"cases":[{"id":"p","inputs":{"u_m_per_s":2}}]}', 'p.json')).toThrow(/p\.json p\.inputs\.(H_effective_m|stack_height_m|Q_g_per_s)/);
    expect(() => airReport('{"other":1}', 'o.json')).toThrow(/o\.json: JSON case file needs/);
    expect(() => airReport('{bad', 'b.json')).toThrow(/b\.json: not valid JSON/);
  });
});
