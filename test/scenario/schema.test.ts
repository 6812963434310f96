/**
 * Scenario files: every file in scenarios/ (discovered, so a new file is checked with no code
 * change) passes the schema and names only ids the demo district has; broken files get errors at
 * the line and column of the value at fault, naming the id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { parseScenario, ScenarioFileError, type ScenarioIssue } from '../../src/scenario/load-scenario';
import { parseJsonWithPositions } from '../../src/scenario/json-positions';

const DIR = join(import.meta.dirname, '../../scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
const demo = generateDemoDistrict();

function issuesOf(text: string, base = demo): ScenarioIssue[] {
  try {
    parseScenario(text, 'broken.json', base);
  } catch (e) {
    if (e instanceof ScenarioFileError) return e.issues;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

/** 1-based line and column of the n-th occurrence of `needle` in `text`. */
function where(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

describe('scenario files in scenarios/', () => {
  it('finds the example files', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
  });
  it.each(FILES)('%s passes the schema and names known ids', (f) => {
    const s = parseScenario(readFileSync(join(DIR, f), 'utf8'), f, demo);
    expect(s.name.length).toBeGreaterThan(0);
    expect(s.base).toBe('demo');
  });
});

describe('broken scenario files', () => {
  const head = '{\n  "name": "broken",\n  "base": "demo",\n  "edits": [\n';
  it('an unknown road id points at the id value', () => {
    const text = `${head}    { "op": "close-road", "id": "road-main-9" }\n  ]\n}\n`;
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ ...where(text, '"road-main-9"'), pointer: '/edits/0/id', id: 'road-main-9' });
    expect(issue?.message).toContain("unknown road 'road-main-9'");
  });
  it('an unknown building id in a later edit points at its line', () => {
    const text = `${head}    { "op": "remove-building", "id": "bldg-tower-1" },\n    { "op": "change-building", "id": "bldg-tower-1", "storeys": 3 }\n  ]\n}\n`;
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ...where(text, '"bldg-tower-1"', 1), pointer: '/edits/1/id', id: 'bldg-tower-1' });
  });
  it('an id added twice is reported at the second one', () => {
    const text = `${head}    { "op": "add-road", "id": "road-main-1", "roadClass": "residential", "line": [[0, 0], [10, 0]], "lanes": 2, "maxSpeedKmh": 30 }\n  ]\n}\n`;
    expect(issuesOf(text)[0]).toMatchObject({ ...where(text, '"road-main-1"'), message: "road 'road-main-1' already exists" });
  });
  it('schema errors point at the value and name the edit id', () => {
    const text = `${head}    { "op": "add-building", "id": "bldg-x", "footprint": [[0, 0], [5, 0], [5, 5]], "storeys": 4, "use": "castle" },\n    { "op": "change-road", "id": "road-main-1", "maxSpeedKmh": "fast" }\n  ]\n}\n`;
    const issues = issuesOf(text);
    expect(issues.find((i) => i.pointer === '/edits/0/use')).toMatchObject({ ...where(text, '"castle"'), id: 'bldg-x' });
    expect(issues.find((i) => i.pointer === '/edits/1/maxSpeedKmh')).toMatchObject({ ...where(text, '"fast"'), id: 'road-main-1' });
  });
  it('an unknown op and an unknown field are named', () => {
    const text = `${head}    { "op": "fly", "id": "a" },\n    { "op": "close-road", "id": "road-main-1", "colour": "red" }\n  ]\n}\n`;
    const issues = issuesOf(text);
    expect(issues[0]).toMatchObject({ ...where(text, '{ "op": "fly"'), message: 'unknown edit op "fly" (edit \'a\')' });
    expect(issues[1]).toMatchObject({ ...where(text, '"red"'), pointer: '/edits/1/colour' });
    expect(issues[1]?.message).toContain("unknown field 'colour'");
  });
  it('a missing required member points at the object', () => {
    const text = '{\n  "name": "no base",\n  "edits": []\n}\n';
    expect(issuesOf(text)).toEqual([{ line: 1, column: 1, pointer: '', message: "missing required field 'base'" }]);
  });
  it('malformed JSON points at the character', () => {
    const text = '{\n  "name": "x",\n  "base": "demo"\n  "edits": []\n}\n';
    expect(issuesOf(text)[0]).toMatchObject({ line: 4, column: 3 });
  });
  it('the position tracker maps every pointer of a document', () => {
    const p = parseJsonWithPositions('{"a": [1, {"b~/": "x"}],\n "c": null}');
    expect(p.positions.get('/a/1/b~0~1')).toEqual({ line: 1, column: 19 });
    expect(p.positions.get('/c')).toEqual({ line: 2, column: 7 });
    expect(p.value).toEqual({ a: [1, { 'b~/': 'x' }], c: null });
  });
});
