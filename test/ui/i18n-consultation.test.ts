/**
 * Everything a consultation participant reads exists in English, French and German (issue 11):
 * every 'consultation.*' and 'xr.*' key (what the headset shows) of the English catalogue has a non-empty French and German text with
 * the same placeholders.
 */
import { describe, expect, it } from 'vitest';
import { EN } from '../../src/i18n/en';
import { FR } from '../../src/i18n/fr';
import { DE } from '../../src/i18n/de';

const participantKeys = Object.keys(EN).filter((k) => k.startsWith('consultation.') || k.startsWith('xr.')) as (keyof typeof EN)[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('participant texts in three languages', () => {
  it('has participant keys to check', () => {
    expect(participantKeys.length).toBeGreaterThan(20);
  });
  it.each([
    ['fr', FR],
    ['de', DE],
  ] as const)('%s has every participant text with the same placeholders', (_lang, catalogue) => {
    for (const key of participantKeys) {
      const text = catalogue[key];
      expect(text, key).toBeTypeOf('string');
      expect((text ?? '').trim().length, key).toBeGreaterThan(0);
      expect(placeholders(text ?? ''), key).toEqual(placeholders(EN[key]));
    }
  });
});
