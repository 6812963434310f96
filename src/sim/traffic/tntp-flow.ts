/**
 * TNTP link-flow files (`*_flow.tntp`): an optional header line `From To Volume Cost`, then one
 * link per line `from to volume cost` (tab or space separated, optional `;`). No metadata block.
 * Rows are matched to network links by (from, to); parallel links are matched in file order.
 */
import type { TrafficNetwork } from './road-graph';
import { formatNumber, parseIndex, parseNumber, readTntp, TntpFormatError } from './tntp-reader';

export interface TntpFlowRow {
  /** 1-based nodes, as in the file. */
  from: number;
  to: number;
  volume: number;
  /** NaN when the file has no cost column. */
  cost: number;
  line: number;
}

/** Parses a TNTP flow file. */
export function parseTntpFlow(text: string, source = '_flow.tntp'): TntpFlowRow[] {
  const doc = readTntp(text, source, false);
  const rows: TntpFlowRow[] = [];
  for (const { line, text: t } of doc.lines) {
    const tokens = t.replace(/;/g, ' ').trim().split(/\s+/);
    if (rows.length === 0 && !Number.isFinite(Number(tokens[0]))) continue; // header: From To Volume Cost
    if (tokens.length < 3) throw new TntpFormatError(source, line, `a flow line needs from, to, volume[, cost], got '${t.slice(0, 40)}'`);
    rows.push({
      from: parseIndex(tokens[0], 'from', Number.MAX_SAFE_INTEGER, source, line),
      to: parseIndex(tokens[1], 'to', Number.MAX_SAFE_INTEGER, source, line),
      volume: parseNumber(tokens[2], 'volume', source, line),
      cost: tokens[3] === undefined ? NaN : parseNumber(tokens[3], 'cost', source, line),
      line,
    });
  }
  return rows;
}

/**
 * Link flows indexed by link id from flow rows. Throws when a row names no link of the network or a
 * link is given twice; links absent from the file get NaN.
 */
export function flowRowsToLinks(net: TrafficNetwork, rows: readonly TntpFlowRow[], source = '_flow.tntp'): { volume: Float64Array; cost: Float64Array } {
  const volume = new Float64Array(net.linkCount).fill(NaN);
  const cost = new Float64Array(net.linkCount).fill(NaN);
  for (const r of rows) {
    const from = r.from - 1;
    if (from >= net.nodeCount) throw new TntpFormatError(source, r.line, `node ${r.from} is not in the network (1…${net.nodeCount})`);
    let found = -1;
    for (let e = net.outStart[from] as number; e < (net.outStart[from + 1] as number); e++) {
      const a = net.outLinks[e] as number;
      if (net.termNode[a] === r.to - 1 && Number.isNaN(volume[a] as number)) {
        found = a;
        break;
      }
    }
    if (found < 0) throw new TntpFormatError(source, r.line, `no (further) link ${r.from}→${r.to} in the network`);
    volume[found] = r.volume;
    cost[found] = r.cost;
  }
  return { volume, cost };
}

/** Writes link flows and costs in the TNTP flow format (`From To Volume Cost`, tab separated). */
export function formatTntpFlow(net: TrafficNetwork, flow: Float64Array, cost: Float64Array): string {
  const out = ['From \tTo \tVolume \tCost '];
  for (let a = 0; a < net.linkCount; a++) {
    out.push(`${(net.initNode[a] as number) + 1} \t${(net.termNode[a] as number) + 1} \t${formatNumber(flow[a] as number)} \t${formatNumber(cost[a] as number)} `);
  }
  return `${out.join('\n')}\n`;
}
