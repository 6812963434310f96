/**
 * The NGSI-LD query language (ETSI GS CIM 009 clause 4.9): a recursive-descent parser producing
 * an AST, and its evaluation against a stored entity. `;` is AND and binds tighter than `|` (OR);
 * parentheses group. Attribute paths: `a.b` = sub-attribute b of a, `a[k][l]` = member k, l of the
 * JSON value of a; `a.observedAt` etc. reach core members. Values: numbers, quoted strings,
 * true/false, DateTime/Date/Time literals, URIs, lists `v1,v2`, ranges `v1..v2`.
 */
import { badData } from '../errors';
import type { TermMap } from '../context/term-map';
import { CORE_ATTR_MEMBERS, attrContent, type StoredAttr, type StoredEntity } from '../model/entity';

type Op = '==' | '!=' | '>=' | '>' | '<=' | '<' | '~=' | '!~=';
type Literal = string | number | boolean;
type Rhs = { kind: 'value'; value: Literal } | { kind: 'list'; values: Literal[] } | { kind: 'range'; min: Literal; max: Literal };

export type QNode =
  | { kind: 'and' | 'or'; items: QNode[] }
  | { kind: 'term'; path: string[]; jsonPath: string[]; op?: Op; rhs?: Rhs; regex?: RegExp };

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): QNode {
    const node = this.parseOr();
    if (this.pos < this.text.length) this.fail('unexpected character');
    return node;
  }

  private fail(message: string): never {
    throw badData(`q: ${message} at position ${this.pos} in ${JSON.stringify(this.text)}`);
  }

  private parseOr(): QNode {
    const items = [this.parseAnd()];
    while (this.text[this.pos] === '|') {
      this.pos++;
      items.push(this.parseAnd());
    }
    return items.length === 1 ? (items[0] as QNode) : { kind: 'or', items };
  }

  private parseAnd(): QNode {
    const items = [this.parseFactor()];
    while (this.text[this.pos] === ';') {
      this.pos++;
      items.push(this.parseFactor());
    }
    return items.length === 1 ? (items[0] as QNode) : { kind: 'and', items };
  }

  private parseFactor(): QNode {
    if (this.text[this.pos] === '(') {
      this.pos++;
      const node = this.parseOr();
      if (this.text[this.pos] !== ')') this.fail('missing )');
      this.pos++;
      return node;
    }
    return this.parseTerm();
  }

  private parseTerm(): QNode {
    const nameMatch = /^[^\s=!<>~;|()[\]"'.]+(\.[^\s=!<>~;|()[\]"'.]+)*/.exec(this.text.slice(this.pos));
    if (nameMatch === null) this.fail('attribute name expected');
    this.pos += nameMatch[0].length;
    const path = nameMatch[0].split('.');
    const jsonPath: string[] = [];
    while (this.text[this.pos] === '[') {
      const end = this.text.indexOf(']', this.pos);
      if (end < 0) this.fail('missing ]');
      jsonPath.push(...this.text.slice(this.pos + 1, end).split('.'));
      this.pos = end + 1;
    }
    const opMatch = /^(==|!=|>=|<=|>|<|~=|!~=)/.exec(this.text.slice(this.pos));
    if (opMatch === null) return { kind: 'term', path, jsonPath };
    const op = opMatch[0] as Op;
    this.pos += op.length;
    if (op === '~=' || op === '!~=') {
      const raw = this.readRaw();
      try {
        return { kind: 'term', path, jsonPath, op, regex: new RegExp(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw) };
      } catch {
        this.fail(`invalid pattern ${raw}`);
      }
    }
    const first = this.readValue();
    if (this.text.startsWith('..', this.pos)) {
      this.pos += 2;
      return { kind: 'term', path, jsonPath, op, rhs: { kind: 'range', min: first, max: this.readValue() } };
    }
    if (this.text[this.pos] === ',') {
      const values = [first];
      while (this.text[this.pos] === ',') {
        this.pos++;
        values.push(this.readValue());
      }
      return { kind: 'term', path, jsonPath, op, rhs: { kind: 'list', values } };
    }
    return { kind: 'term', path, jsonPath, op, rhs: { kind: 'value', value: first } };
  }

  /** Raw pattern text up to `;`, `|` or `)` at depth 0 (patterns may contain brackets). */
  private readRaw(): string {
    const start = this.pos;
    if (this.text[this.pos] === '"') {
      const end = this.text.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('unterminated string');
      this.pos = end + 1;
      return this.text.slice(start, this.pos);
    }
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) break;
        depth--;
      } else if ((ch === ';' || ch === '|') && depth === 0) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private readValue(): Literal {
    if (this.text[this.pos] === '"') {
      let end = this.pos + 1;
      while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
      if (end >= this.text.length) this.fail('unterminated string');
      const value = this.text.slice(this.pos + 1, end).replace(/\\(.)/g, '$1');
      this.pos = end + 1;
      return value;
    }
    const match = /^[^;|(),"=<>!~]+?(?=\.\.|[;|),]|$)/.exec(this.text.slice(this.pos));
    if (match === null || match[0] === '') this.fail('value expected');
    this.pos += match[0].length;
    const raw = match[0];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
    return raw;
  }
}

/** Parse a q expression (throws BadRequestData). */
export function parseQ(text: string): QNode {
  if (text.trim() === '') throw badData('q must not be empty');
  return new Parser(text).parse();
}

/** Attribute IRIs a q expression refers to (first path segment, expanded). */
export function qAttributes(node: QNode, terms: TermMap): string[] {
  if (node.kind === 'term') return [terms.expand(node.path[0] as string)];
  return node.items.flatMap((n) => qAttributes(n, terms));
}

function compare(a: unknown, b: Literal): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'number') return undefined;
  return undefined;
}

function holds(target: unknown, node: Extract<QNode, { kind: 'term' }>): boolean {
  if (Array.isArray(target)) return target.some((t) => holds(t, node));
  if (node.regex !== undefined) {
    const matched = typeof target === 'string' && node.regex.test(target);
    return node.op === '~=' ? matched : !matched;
  }
  const rhs = node.rhs;
  if (rhs === undefined) return target !== undefined;
  const eq = (v: Literal): boolean => compare(target, v) === 0;
  const inRange = (min: Literal, max: Literal): boolean => {
    const lo = compare(target, min), hi = compare(target, max);
    return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
  };
  const positive = rhs.kind === 'list' ? rhs.values.some(eq) : rhs.kind === 'range' ? inRange(rhs.min, rhs.max) : undefined;
  switch (node.op) {
    case '==': return positive ?? eq((rhs as { value: Literal }).value);
    case '!=': return !(positive ?? eq((rhs as { value: Literal }).value));
    default: {
      if (rhs.kind !== 'value') return false;
      const c = compare(target, rhs.value);
      if (c === undefined) return false;
      return node.op === '>' ? c > 0 : node.op === '>=' ? c >= 0 : node.op === '<' ? c < 0 : c <= 0;
    }
  }
}

function targetOf(entity: StoredEntity, node: Extract<QNode, { kind: 'term' }>, terms: TermMap): unknown {
  const [head, ...rest] = node.path as [string, ...string[]];
  const instances = entity.attrs[terms.expand(head)];
  if (instances === undefined) {
    if (rest.length === 0 && (head === 'id' || head === 'type')) return head === 'id' ? entity.id : entity.type;
    return undefined;
  }
  const values = instances.map((instance) => {
    let attr: StoredAttr | undefined = instance;
    for (let i = 0; i < rest.length; i++) {
      const segment = rest[i] as string;
      if (attr === undefined) return undefined;
      if (CORE_ATTR_MEMBERS.has(segment) && i === rest.length - 1) return attr[segment];
      attr = attr[terms.expand(segment)] as StoredAttr | undefined;
    }
    if (attr === undefined) return undefined;
    let value: unknown = attr.type === 'LanguageProperty' ? Object.values(attr['languageMap'] as Record<string, unknown>) : attrContent(attr);
    for (const key of node.jsonPath) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  });
  const present = values.filter((v) => v !== undefined);
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : present.flat();
}

/** Evaluate a parsed q expression against an entity. */
export function evaluateQ(node: QNode, entity: StoredEntity, terms: TermMap): boolean {
  if (node.kind === 'and') return node.items.every((n) => evaluateQ(n, entity, terms));
  if (node.kind === 'or') return node.items.some((n) => evaluateQ(n, entity, terms));
  if (node.kind !== 'term') return false;
  const target = targetOf(entity, node, terms);
  if (target === undefined) return false;
  return holds(target, node);
}
