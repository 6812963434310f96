/**
 * A small JSON parser (RFC 8259) that also records where every value starts, keyed by its JSON
 * Pointer (RFC 6901, the form ajv's `instancePath` uses), so a schema or id error in a scenario
 * file can name the line and column. Runs in Node and browsers; no dependency.
 */

/** 1-based line and column of a value's first character. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** JSON Pointer ("" = root, "/edits/2/id") → position of the value. */
  positions: Map<string, SourcePosition>;
}

/** Malformed JSON, with the position of the offending character. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(`${position.line}:${position.column}: ${message}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Escapes one reference token of a JSON Pointer (RFC 6901 §3). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Parses `text`, returning the value and the position of every value in it. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const positions = new Map<string, SourcePosition>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): SourcePosition => ({ line, column: i - lineStart + 1 });
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, here());
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else return;
    }
  };
  const expect = (ch: string): void => {
    if (text[i] !== ch) fail(i >= text.length ? `expected '${ch}' but the file ended` : `expected '${ch}', found '${text[i] ?? ''}'`);
    i++;
  };
  const parseString = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') return fail('line break inside a string');
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else return fail(`bad escape '\\${e ?? ''}'`);
      } else {
        out += c;
        i++;
      }
    }
  };
  const parseValue = (pointer: string): unknown => {
    skipSpace();
    positions.set(pointer, here());
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        skipSpace();
        expect(':');
        obj[key] = parseValue(`${pointer}/${pointerToken(key)}`);
        skipSpace();
        if (text[i] === ',') i++;
        else {
          expect('}');
          return obj;
        }
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(`${pointer}/${arr.length}`));
        skipSpace();
        if (text[i] === ',') i++;
        else {
          expect(']');
          return arr;
        }
      }
    }
    if (c === '"') return parseString();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (m === null) return fail(c === undefined ? 'unexpected end of file' : `unexpected '${c}'`);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };
  const value = parseValue('');
  skipSpace();
  if (i < text.length) fail(`unexpected '${text[i] ?? ''}' after the end of the document`);
  return { value, positions };
}

/** Position of the value at `pointer`, or of its nearest ancestor that has one. */
export function positionOf(positions: ReadonlyMap<string, SourcePosition>, pointer: string): SourcePosition {
  let p = pointer;
  for (;;) {
    const hit = positions.get(p);
    if (hit !== undefined) return hit;
    if (p === '') return { line: 1, column: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
