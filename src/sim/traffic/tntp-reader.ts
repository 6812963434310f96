/**
 * Shared reading of the TNTP text formats (Bar-Gera, TransportationNetworks repository,
 * github.com/bstabler/TransportationNetworks): a metadata block of `<TAG> value` lines closed by
 * `<END OF METADATA>`, then data; `~` starts a comment that runs to the end of the line; data
 * records end with `;`. Every error names the file and the 1-based line.
 */

/** A data line after comment removal, with its 1-based line number. */
export interface TntpLine {
  line: number;
  text: string;
}

export interface TntpDocument {
  /** Metadata tags in upper case without brackets → raw value text. */
  metadata: Map<string, string>;
  /** Non-empty data lines after the metadata, comments removed. */
  lines: TntpLine[];
}

/** Error in a TNTP file, with the file name and line in the message. */
export class TntpFormatError extends Error {
  constructor(readonly source: string, readonly line: number, reason: string) {
    super(`${source}${line > 0 ? `:${line}` : ''}: ${reason}`);
    this.name = 'TntpFormatError';
  }
}

/** Splits a TNTP text into metadata and data lines. `requireMetadata`: the end tag must be present. */
export function readTntp(text: string, source: string, requireMetadata = true): TntpDocument {
  const rawLines = text.split(/\r\n|\r|\n/);
  const metadata = new Map<string, string>();
  const lines: TntpLine[] = [];
  let inMetadata = requireMetadata;
  let sawEnd = false;
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i] ?? '';
    const tilde = raw.indexOf('~');
    const text = (tilde >= 0 ? raw.slice(0, tilde) : raw).trim();
    if (text === '') continue;
    if (inMetadata || text.startsWith('<')) {
      const m = /^<([^>]+)>\s*(.*)$/.exec(text);
      if (m === null) {
        if (!inMetadata) {
          lines.push({ line: i + 1, text });
          continue;
        }
        throw new TntpFormatError(source, i + 1, `expected a metadata tag '<NAME> value' before <END OF METADATA>, got '${truncate(text)}'`);
      }
      const tag = (m[1] ?? '').trim().toUpperCase();
      if (tag === 'END OF METADATA') {
        inMetadata = false;
        sawEnd = true;
        continue;
      }
      metadata.set(tag, (m[2] ?? '').trim());
      continue;
    }
    lines.push({ line: i + 1, text });
  }
  if (requireMetadata && !sawEnd) throw new TntpFormatError(source, rawLines.length, 'missing <END OF METADATA>');
  return { metadata, lines };
}

/** A numeric metadata value; `fallback` when absent (throws when absent and no fallback). */
export function metadataNumber(doc: TntpDocument, tag: string, source: string, fallback?: number): number {
  const raw = doc.metadata.get(tag);
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new TntpFormatError(source, 0, `metadata <${tag}> is missing`);
  }
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new TntpFormatError(source, 0, `metadata <${tag}> must be a number, got '${truncate(raw)}'`);
  return v;
}

/** A finite number from a token, or an error naming the field. */
export function parseNumber(token: string | undefined, field: string, source: string, line: number): number {
  const v = token === undefined ? NaN : Number(token);
  if (token === undefined || token === '' || !Number.isFinite(v)) {
    throw new TntpFormatError(source, line, `${field} must be a number, got '${token === undefined ? '(missing)' : truncate(token)}'`);
  }
  return v;
}

/** A positive integer node or zone number within 1…max. */
export function parseIndex(token: string | undefined, field: string, max: number, source: string, line: number): number {
  const v = parseNumber(token, field, source, line);
  if (!Number.isInteger(v) || v < 1 || v > max) throw new TntpFormatError(source, line, `${field} ${token ?? ''} must be an integer in 1…${max}`);
  return v;
}

/** Number formatting for export: shortest text that reads back to the same double. */
export function formatNumber(v: number): string {
  return String(v);
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
