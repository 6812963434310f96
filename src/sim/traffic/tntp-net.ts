/**
 * TNTP network files (`*_net.tntp`): metadata `<NUMBER OF ZONES>`, `<NUMBER OF NODES>`,
 * `<FIRST THRU NODE>`, `<NUMBER OF LINKS>`, optional `<TOLL FACTOR>` and `<DISTANCE FACTOR>`
 * (generalized-cost weights, 0 when absent), then one link per line:
 *   init_node term_node capacity length free_flow_time b power speed toll link_type ;
 * Nodes are numbered 1…N in the file, 0…N−1 in the RoadGraph.
 */
import type { RoadGraph } from './road-graph';
import { formatNumber, metadataNumber, parseIndex, parseNumber, readTntp, TntpFormatError } from './tntp-reader';

const LINK_FIELDS = ['init_node', 'term_node', 'capacity', 'length', 'free_flow_time', 'b', 'power', 'speed', 'toll', 'link_type'] as const;

/** Parses a TNTP network file into a RoadGraph. `source` names the file in errors. */
export function parseTntpNet(text: string, source = '_net.tntp'): RoadGraph {
  const doc = readTntp(text, source);
  const zoneCount = metadataNumber(doc, 'NUMBER OF ZONES', source);
  const nodeCount = metadataNumber(doc, 'NUMBER OF NODES', source);
  const firstThru = metadataNumber(doc, 'FIRST THRU NODE', source, 1);
  const linkCountMeta = metadataNumber(doc, 'NUMBER OF LINKS', source);
  const tollFactor = metadataNumber(doc, 'TOLL FACTOR', source, 0);
  const distanceFactor = metadataNumber(doc, 'DISTANCE FACTOR', source, 0);
  for (const [tag, v] of [['NUMBER OF ZONES', zoneCount], ['NUMBER OF NODES', nodeCount], ['NUMBER OF LINKS', linkCountMeta], ['FIRST THRU NODE', firstThru]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new TntpFormatError(source, 0, `metadata <${tag}> must be a non-negative integer, got ${v}`);
  }
  if (zoneCount > nodeCount) throw new TntpFormatError(source, 0, `<NUMBER OF ZONES> ${zoneCount} exceeds <NUMBER OF NODES> ${nodeCount}`);
  const m = doc.lines.length;
  if (m !== linkCountMeta) {
    const where = doc.lines[Math.min(m, linkCountMeta)]?.line ?? 0;
    throw new TntpFormatError(source, where, `<NUMBER OF LINKS> says ${linkCountMeta} links, the file has ${m} link lines`);
  }
  const g: RoadGraph = {
    nodeCount, zoneCount, firstThruNode: Math.max(0, Math.min(nodeCount, firstThru - 1)),
    initNode: new Int32Array(m), termNode: new Int32Array(m), capacity: new Float64Array(m), length: new Float64Array(m),
    freeFlowTime: new Float64Array(m), b: new Float64Array(m), power: new Float64Array(m), speedLimit: new Float64Array(m),
    toll: new Float64Array(m), linkType: new Int32Array(m), tollFactor, distanceFactor,
  };
  for (let a = 0; a < m; a++) {
    const { line, text: t } = doc.lines[a] as { line: number; text: string };
    const tokens = t.replace(/;/g, ' ').trim().split(/\s+/);
    if (tokens.length < LINK_FIELDS.length) {
      throw new TntpFormatError(source, line, `a link line needs ${LINK_FIELDS.length} fields (${LINK_FIELDS.join(' ')}), got ${tokens.length}`);
    }
    g.initNode[a] = parseIndex(tokens[0], 'init_node', nodeCount, source, line) - 1;
    g.termNode[a] = parseIndex(tokens[1], 'term_node', nodeCount, source, line) - 1;
    const num = (i: number) => parseNumber(tokens[i], LINK_FIELDS[i] ?? '', source, line);
    const cap = num(2);
    const len = num(3);
    const fft = num(4);
    const b = num(5);
    const power = num(6);
    if (fft < 0) throw new TntpFormatError(source, line, `free_flow_time ${fft} must be ≥ 0`);
    if (b < 0 || power < 0) throw new TntpFormatError(source, line, `b (${b}) and power (${power}) must be ≥ 0`);
    if (b > 0 && power > 0 && !(cap > 0)) throw new TntpFormatError(source, line, `capacity ${cap} must be > 0 on a flow-dependent link`);
    g.capacity[a] = cap;
    g.length[a] = len;
    g.freeFlowTime[a] = fft;
    g.b[a] = b;
    g.power[a] = power;
    g.speedLimit[a] = num(7);
    g.toll[a] = num(8);
    const type = num(9);
    if (!Number.isInteger(type)) throw new TntpFormatError(source, line, `link_type must be an integer, got ${tokens[9] ?? ''}`);
    g.linkType[a] = type;
  }
  return g;
}

/** Writes a RoadGraph as a TNTP network file (round-trips through parseTntpNet); links with open[a] = 0 are left out. */
export function formatTntpNet(g: RoadGraph, open?: Uint8Array): string {
  const rows: string[] = [];
  const m = g.initNode.length;
  let count = 0;
  for (let a = 0; a < m; a++) {
    if (open !== undefined && open[a] === 0) continue;
    count++;
    const f = [
      (g.initNode[a] as number) + 1, (g.termNode[a] as number) + 1, g.capacity[a], g.length[a], g.freeFlowTime[a],
      g.b[a], g.power[a], g.speedLimit[a], g.toll[a], g.linkType[a],
    ].map((v) => formatNumber(v as number));
    rows.push(`\t${f.join('\t')}\t;`);
  }
  const head = [
    `<NUMBER OF ZONES> ${g.zoneCount}`,
    `<NUMBER OF NODES> ${g.nodeCount}`,
    `<FIRST THRU NODE> ${g.firstThruNode + 1}`,
    `<NUMBER OF LINKS> ${count}`,
    `<TOLL FACTOR> ${formatNumber(g.tollFactor)}`,
    `<DISTANCE FACTOR> ${formatNumber(g.distanceFactor)}`,
    '<END OF METADATA>',
    '',
    '',
    `~\t${LINK_FIELDS.join('\t')}\t;`,
  ];
  return `${head.join('\n')}\n${rows.join('\n')}\n`;
}
