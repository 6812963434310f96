/**
 * Entity type selection (ETSI GS CIM 009 clause 4.17): `,` and `|` are OR, `;` is AND, parentheses
 * group; and scope queries (clause 4.19): `/a/b` exact, `/a/+` one level below, `/a/#` the scope and
 * all below, combined with `,` (OR) and `;` (AND).
 */
import { badData } from '../errors';
import type { TermMap } from '../context/term-map';
import { assertName } from '../model/parse-entity';

export type TypeNode = { kind: 'type'; iri: string } | { kind: 'and' | 'or'; items: TypeNode[] };

export function parseTypeExpression(text: string, terms: TermMap): TypeNode {
  let pos = 0;
  const parseOr = (): TypeNode => {
    const items = [parseAnd()];
    while (text[pos] === ',' || text[pos] === '|') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as TypeNode) : { kind: 'or', items };
  };
  const parseAnd = (): TypeNode => {
    const items = [parseFactor()];
    while (text[pos] === ';') {
      pos++;
      items.push(parseFactor());
    }
    return items.length === 1 ? (items[0] as TypeNode) : { kind: 'and', items };
  };
  const parseFactor = (): TypeNode => {
    if (text[pos] === '(') {
      pos++;
      const node = parseOr();
      if (text[pos] !== ')') throw badData(`type: missing ) in ${JSON.stringify(text)}`);
      pos++;
      return node;
    }
    const match = /^[^,|;()]+/.exec(text.slice(pos));
    if (match === null) throw badData(`type: type name expected at ${pos} in ${JSON.stringify(text)}`);
    pos += match[0].length;
    const name = match[0].trim();
    if (!name.includes(':')) assertName(name, 'type');
    return { kind: 'type', iri: terms.expand(name) };
  };
  const node = parseOr();
  if (pos !== text.length) throw badData(`type: unexpected ${JSON.stringify(text.slice(pos))}`);
  return node;
}

export function matchesType(node: TypeNode, types: readonly string[]): boolean {
  if (node.kind === 'type') return types.includes(node.iri);
  return node.kind === 'and' ? node.items.every((n) => matchesType(n, types)) : node.items.some((n) => matchesType(n, types));
}

/** The type IRIs of a pure OR expression (SQL pre-filter), or undefined if it has AND. */
export function orTypes(node: TypeNode): string[] | undefined {
  if (node.kind === 'type') return [node.iri];
  if (node.kind === 'and') return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    const sub = orTypes(item);
    if (sub === undefined) return undefined;
    out.push(...sub);
  }
  return out;
}

function scopeMatches(pattern: string, scope: string): boolean {
  if (pattern === '/#') return true;
  if (pattern.endsWith('/#')) {
    const base = pattern.slice(0, -2);
    return scope === base || scope.startsWith(`${base}/`);
  }
  if (pattern.endsWith('/+')) {
    const base = pattern.slice(0, -2);
    return scope.startsWith(`${base}/`) && !scope.slice(base.length + 1).includes('/');
  }
  return scope === pattern;
}

/** Evaluate a scopeQ expression against an entity's scopes. */
export function matchesScopeQ(text: string, scopes: readonly string[] | undefined): boolean {
  return text.split(',').some((conjunction) => conjunction.split(';').every((pattern) => {
    if (!pattern.startsWith('/')) throw badData(`scopeQ: ${JSON.stringify(pattern)} must start with /`);
    return (scopes ?? []).some((s) => scopeMatches(pattern.replace(/[()]/g, ''), s));
  }));
}
