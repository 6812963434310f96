/**
 * The i18n catalogue (src/i18n): every key the app passes to t('…') literally exists in the
 * English catalogue, found by scanning every .ts/.tsx file under src (a new file or call is picked
 * up with no change here); every layer id has its `layers.<id>` label (layer-panel.tsx builds
 * that key); templates interpolate their {params}.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN, type MessageKey } from '../../src/i18n/en';
import { availableLocales, t } from '../../src/i18n';
import { LAYERS } from '../../src/state/layers-store';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `t('key'` / `t("key"` calls with a literal key, as [file, key]. */
function literalKeys(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) out.push([relative(SRC, file), m[2] ?? '']);
  }
  return out;
}

describe('i18n catalogue', () => {
  const used = literalKeys();

  it('finds the t() calls of the app', () => {
    expect(used.length).toBeGreaterThan(20);
    expect(new Set(used.map(([file]) => file.split('/')[0])).size).toBeGreaterThan(2);
  });

  it('has every key used literally in src', () => {
    const missing = used.filter(([, key]) => !(key in EN)).map(([file, key]) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  it('has a label for every layer id (layers.<id>)', () => {
    for (const layer of LAYERS) expect(EN).toHaveProperty([`layers.${layer}`]);
  });

  it('has no empty message and English is a locale', () => {
    for (const [key, text] of Object.entries(EN)) expect(text.trim(), key).not.toBe('');
    expect(availableLocales()).toContain('en');
  });

  it('interpolates {params}, formats numbers and leaves an unknown placeholder as written', () => {
    const templated = Object.entries(EN).filter(([, text]) => /\{\w+\}/.test(text));
    expect(templated.length).toBeGreaterThan(0);
    for (const [key, text] of templated) {
      const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const params = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      const out = t(key as MessageKey, params);
      expect(out, key).not.toMatch(/\{\w+\}/);
      for (const n of names) expect(out, key).toContain(`<${n}>`);
    }
    expect(t('tileset.error', { url: 'http://x/tileset.json', reason: 'HTTP 404' })).toBe('Could not show the 3D Tiles tileset http://x/tileset.json: HTTP 404');
    expect(t('tileset.error', { url: 'u' })).toBe('Could not show the 3D Tiles tileset u: {reason}');
    expect(t('tileset.error', { url: 12345.678, reason: 'r' })).toContain(new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(12345.678));
    expect(t('layers.title')).toBe(EN['layers.title']);
  });
});
