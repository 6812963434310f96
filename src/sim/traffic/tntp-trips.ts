/**
 * TNTP demand files (`*_trips.tntp`): metadata `<NUMBER OF ZONES>` and `<TOTAL OD FLOW>`, then
 * blocks `Origin r` followed by `s : q;` entries (any number per line). Zones are 1-based in the
 * file, 0-based in OdDemand.
 */
import { buildOdDemand, odEntries, type OdDemand, type OdEntry } from './od-demand';
import { formatNumber, metadataNumber, parseIndex, parseNumber, readTntp, TntpFormatError } from './tntp-reader';

export interface TntpTrips {
  demand: OdDemand;
  /** `<TOTAL OD FLOW>` of the file (NaN when absent). */
  statedTotal: number;
  /** Non-fatal findings (stated total differs from the sum). */
  warnings: string[];
}

/** Parses a TNTP trips file. `source` names the file in errors. */
export function parseTntpTrips(text: string, source = '_trips.tntp'): TntpTrips {
  const doc = readTntp(text, source);
  const zoneCount = metadataNumber(doc, 'NUMBER OF ZONES', source);
  if (!Number.isInteger(zoneCount) || zoneCount < 0) throw new TntpFormatError(source, 0, `<NUMBER OF ZONES> must be a non-negative integer, got ${zoneCount}`);
  const statedTotal = metadataNumber(doc, 'TOTAL OD FLOW', source, NaN);
  const entries: OdEntry[] = [];
  let origin = -1;
  for (const { line, text: t } of doc.lines) {
    const head = /^origin\s+(\S+)\s*;?\s*$/i.exec(t);
    if (head !== null) {
      origin = parseIndex(head[1], 'origin', zoneCount, source, line) - 1;
      continue;
    }
    if (origin < 0) throw new TntpFormatError(source, line, `expected 'Origin <zone>' before demand entries, got '${t.slice(0, 40)}'`);
    for (const part of t.split(';')) {
      const entry = part.trim();
      if (entry === '') continue;
      const m = /^(\S+)\s*:\s*(\S+)$/.exec(entry);
      if (m === null) throw new TntpFormatError(source, line, `expected '<destination> : <demand>;', got '${entry.slice(0, 40)}'`);
      const destination = parseIndex(m[1], 'destination', zoneCount, source, line) - 1;
      const volume = parseNumber(m[2], `demand ${origin + 1}→${destination + 1}`, source, line);
      if (volume < 0) throw new TntpFormatError(source, line, `demand ${origin + 1}→${destination + 1} must be ≥ 0, got ${volume}`);
      entries.push({ origin, destination, volume });
    }
  }
  const demand = buildOdDemand(zoneCount, entries, source);
  const warnings: string[] = [];
  let fileSum = 0;
  for (const e of entries) fileSum += e.volume;
  if (Number.isFinite(statedTotal) && Math.abs(fileSum - statedTotal) > 1e-6 * Math.max(1, Math.abs(statedTotal))) {
    warnings.push(`${source}: <TOTAL OD FLOW> ${statedTotal} differs from the sum of the entries ${fileSum}`);
  }
  return { demand, statedTotal, warnings };
}

/** Writes a demand as a TNTP trips file (round-trips through parseTntpTrips; zero entries are not written). */
export function formatTntpTrips(d: OdDemand): string {
  const out: string[] = [`<NUMBER OF ZONES> ${d.zoneCount}`, `<TOTAL OD FLOW> ${formatNumber(d.total)}`, '<END OF METADATA>', ''];
  let current = -1;
  let row: string[] = [];
  const flush = () => {
    for (let i = 0; i < row.length; i += 5) out.push(`    ${row.slice(i, i + 5).join('    ')}`);
    row = [];
  };
  for (const e of odEntries(d)) {
    if (e.origin !== current) {
      flush();
      out.push('', `Origin \t${e.origin + 1}`);
      current = e.origin;
    }
    row.push(`${e.destination + 1} : ${formatNumber(e.volume)};`);
  }
  flush();
  return `${out.join('\n')}\n`;
}
