/**
 * Reads a scenario file: JSON with positions (json-positions.ts) → JSON Schema 2020-12 check
 * (scenarios/schema.json, ajv) → the ids its edits name checked against the base city by applying
 * the edits in order. Every problem points at the file's line and column (and names the id), e.g.
 * `car-free.json:12:13: /edits/0/id: unknown road 'road-main-9'`.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020';
import schema from '../../scenarios/schema.json';
import type { CityModel } from '../twin/city-model';
import { applyEdit, EditError } from './edits';
import { JsonSyntaxError, parseJsonWithPositions, positionOf, type SourcePosition } from './json-positions';
import type { ScenarioFile } from './scenario-types';

export interface ScenarioIssue extends SourcePosition {
  /** JSON Pointer of the value at fault ("/edits/2/id"). */
  pointer: string;
  message: string;
  /** The building, road or tree id concerned, when there is one. */
  id?: string;
}

/** A scenario file that cannot be used; `issues` are in file order. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(issues.map((i) => `${file}:${i.line}:${i.column}: ${i.pointer === '' ? '' : `${i.pointer}: `}${i.message}`).join('\n'));
    this.name = 'ScenarioFileError';
  }
}

let validator: ReturnType<Ajv2020['compile']> | null = null;
function validate(value: unknown): ErrorObject[] {
  if (validator === null) validator = new Ajv2020({ allErrors: true, discriminator: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** One readable message per ajv error (the pointer is given apart). */
function schemaMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required field '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return `unknown field '${String(p.additionalProperty)}'`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'discriminator':
      return p.error === 'mapping' ? `unknown edit op ${JSON.stringify(p.tagValue)}` : `edit needs an 'op' string`;
    default:
      return e.message ?? e.keyword;
  }
}

/** The id an edit at `pointer` names (for the message), if any. */
function idAt(value: unknown, pointer: string): string | undefined {
  const m = /^\/edits\/(\d+)/.exec(pointer);
  if (m === null || typeof value !== 'object' || value === null) return undefined;
  const edit = (value as { edits?: unknown[] }).edits?.[Number(m[1])];
  const id = (edit as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Parses and checks a scenario's text. With `base`, every id an edit names must exist there (or be
 * added by an earlier edit) and every added id must be new. Throws ScenarioFileError.
 */
export function parseScenario(text: string, file: string, base?: CityModel): ScenarioFile {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ScenarioFileError(file, [{ ...e.position, pointer: '', message: `not valid JSON: ${e.message.replace(/^\d+:\d+: /, '')}` }]);
    throw e;
  }
  const { value, positions } = parsed;
  const errors = validate(value);
  if (errors.length > 0) {
    // With a discriminator only the chosen branch reports; drop the generic "must match" duplicates.
    const seen = new Set<string>();
    const issues: ScenarioIssue[] = [];
    for (const e of errors) {
      if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
      const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.instancePath;
      const message = schemaMessage(e);
      const key = `${pointer}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const id = idAt(value, pointer);
      issues.push({ ...positionOf(positions, pointer), pointer, message: id === undefined ? message : `${message} (edit '${id}')`, ...(id !== undefined && { id }) });
    }
    if (issues.length === 0) for (const e of errors) issues.push({ ...positionOf(positions, e.instancePath), pointer: e.instancePath, message: schemaMessage(e) });
    issues.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ScenarioFileError(file, issues);
  }
  const scenario = value as ScenarioFile;
  if (base !== undefined) {
    const issues = checkEditsAgainst(base, scenario).map((p) => ({ ...positionOf(positions, p.pointer), ...p }));
    if (issues.length > 0) throw new ScenarioFileError(file, issues);
  }
  return scenario;
}

/** Applies the edits in order on `base`, collecting the first problem of each edit that fails. */
export function checkEditsAgainst(base: CityModel, scenario: ScenarioFile): { pointer: string; message: string; id?: string }[] {
  const out: { pointer: string; message: string; id?: string }[] = [];
  let city = base;
  scenario.edits.forEach((edit, k) => {
    try {
      city = applyEdit(city, edit).city;
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      out.push({ pointer: `/edits/${k}/${e.field}`, message: e.message, ...(e.id !== undefined && { id: e.id }) });
    }
  });
  return out;
}
