/**
 * A shared link that includes a draft saved in the page reopens it (issue 10): the link carries the
 * draft's file text (src/scenario/draft-link.ts), the page that opens it reads the text with the
 * scenario loader against its own district. Regression: before, the link named only the draft's id,
 * which no other page knows ("unknown scenario id").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentShareState } from '../../src/app/scenario-share';
import { encodeShareState, parseShareState, type ShareState } from '../../src/app/scenario-url';
import { scenarioStore } from '../../src/state/scenario-store';
import { decodeDraftText, encodeDraftText, MAX_LINKED_DRAFT_CHARS, readLinkedDraft } from '../../src/scenario/draft-link';
import { createEditStore, draftScenarioFile, treeEdit } from '../../src/state/edit-store';
import { generateDemoDistrict } from '../../src/twin/demo/index';

const demo = generateDemoDistrict();

/** The editor's saved draft on the demo: a tree, a closed road and a removed building. */
function savedDraft() {
  const store = createEditStore();
  store.getState().begin(demo);
  const road = demo.roads.id[0] ?? '';
  const building = demo.buildings.id[0] ?? '';
  expect(store.getState().apply(treeEdit(demo, [30, -60]))).toBe(true);
  expect(store.getState().apply({ op: 'close-road', id: road })).toBe(true);
  expect(store.getState().apply({ op: 'remove-building', id: building })).toBe(true);
  return { saved: draftScenarioFile(store.getState(), { name: 'Trees, closure and a gap', description: 'shared' }), road, building };
}

const shareOf = (id: string, value: string): ShareState => ({
  scenarios: ['baseline', id], grid: 50, shownId: null, split: null, view: 'scene', camera: null, drafts: [{ id, value }],
});

describe('a draft carried by a shared link', () => {
  it('the link reopens the draft: same file text, accepted by the loader on the same district', () => {
    const { saved } = savedDraft();
    const hash = encodeShareState(shareOf(saved.id, encodeDraftText(saved.text)));
    console.log(`link hash for a 3-edit draft: ${hash.length} characters (file ${saved.text.length})`);
    const back = parseShareState(hash);
    expect(back?.scenarios).toEqual(['baseline', saved.id]);
    const carried = back?.drafts?.[0];
    if (carried === undefined) throw new Error('no draft in the parsed link');
    const read = readLinkedDraft(carried.id, carried.value, demo);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.text).toBe(saved.text);
    expect(read.scenario).toEqual(saved.scenario);
    expect(read.file).toBe(saved.file);
  });

  it('the page’s share state carries the chosen drafts saved in the page, and only those', () => {
    const { saved } = savedDraft();
    const store = scenarioStore.getState();
    store.setList([{ id: 'baseline', file: 'baseline.json', name: 'Baseline', description: '' }, { id: 'zone-30', file: 'zone-30.json', name: 'Zone 30', description: '' }]);
    store.addLocal({ id: saved.id, file: saved.file, name: saved.scenario.name, description: 'local', text: saved.text });
    store.addLocal({ id: 'draft-not-chosen', file: 'draft-not-chosen.json', name: 'Not chosen', description: 'local', text: saved.text });
    store.setSelected(['zone-30', saved.id]);
    const state = currentShareState();
    expect(state.scenarios).toEqual(['baseline', 'zone-30', saved.id]);
    expect(state.drafts?.map((d) => d.id)).toEqual([saved.id]);
    const back = parseShareState(encodeShareState(state))?.drafts?.[0];
    expect(back?.id).toBe(saved.id);
    expect(decodeDraftText(back?.value ?? '')).toBe(saved.text);
  });

  it('a link without drafts parses as before; a draft param of a scenario not chosen is ignored', () => {
    expect(parseShareState('#scenarios=baseline,zone-30&grid=50')?.drafts).toBeUndefined();
    expect(parseShareState(`#scenarios=baseline&draft:x=${encodeDraftText('{}')}`)?.drafts).toBeUndefined();
  });

  it('round-trips any text through the link form', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000, unit: 'grapheme' }), (text) => {
      expect(decodeDraftText(encodeDraftText(text))).toBe(text);
    }));
  });

  it('a draft that does not fit the receiving district is refused with the loader’s messages', () => {
    const { saved, road, building } = savedDraft();
    const other = generateDemoDistrict();
    // The receiving district lacks the closed road and the removed building (renamed there).
    other.roads.id[0] = 'road-elsewhere';
    other.buildings.id[0] = 'bldg-elsewhere';
    const read = readLinkedDraft(saved.id, encodeDraftText(saved.text), other);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issues.map((i) => [i.pointer, i.id, i.message])).toEqual([
      ['/edits/1/id', road, `unknown road '${road}'`],
      ['/edits/2/id', building, `unknown building '${building}'`],
    ]);
    expect(read.issues.every((i) => i.line > 1)).toBe(true);
  });

  it('a damaged link says so', () => {
    const { saved } = savedDraft();
    const value = encodeDraftText(saved.text);
    for (const bad of [value.slice(0, value.length >> 1), `${value}!`, 'AAAA']) {
      const read = readLinkedDraft(saved.id, bad, demo);
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.issues).toHaveLength(1);
      expect(read.issues[0]?.message).toMatch(/the link's copy of the draft is damaged .*; ask for the link again/);
    }
  });

  it('a link whose draft inflates past the limit is refused as too long, at and just over the limit', () => {
    const ascii = 'x'.repeat(MAX_LINKED_DRAFT_CHARS);
    expect(decodeDraftText(encodeDraftText(ascii))).toBe(ascii);
    expect(() => decodeDraftText(encodeDraftText(`${ascii}x`))).toThrow(`the link's draft is longer than ${MAX_LINKED_DRAFT_CHARS} characters`);
    // Four UTF-8 bytes a character: the byte bound must not refuse a text within the character limit.
    const wide = '😀'.repeat(MAX_LINKED_DRAFT_CHARS / 2);
    expect(decodeDraftText(encodeDraftText(wide))).toBe(wide);
    // A few kilobytes of link that would inflate to 64 MB: refused as too long, not inflated in full.
    const bomb = encodeDraftText(' '.repeat(64 * 1024 * 1024));
    console.log(`a 64 MB draft in ${bomb.length} link characters`);
    expect(() => decodeDraftText(bomb)).toThrow(`the link's draft is longer than ${MAX_LINKED_DRAFT_CHARS} characters`);
  });
});
