/**
 * The one i18n layer: every UI string goes through `t(key, params)`. Catalogues are flat maps
 * from a message key to a template with `{name}` placeholders; English (en.ts, one module per
 * domain) is the reference and the fallback. Add a language by adding a catalogue to CATALOGUES;
 * a key it lacks falls back to English, so tests name the keys a language must have (e.g. all
 * that a consultation participant reads).
 */
import { EN, type MessageKey } from './en';
import { FR } from './fr';
import { DE } from './de';

export type { MessageKey } from './en';
export type Catalogue = Readonly<Partial<Record<MessageKey, string>>>;
export type MessageParams = Readonly<Record<string, string | number>>;

const CATALOGUES: Readonly<Record<string, Catalogue>> = { en: EN, fr: FR, de: DE };

let activeLocale = 'en';

export function availableLocales(): string[] {
  return Object.keys(CATALOGUES);
}

export function setLocale(locale: string): void {
  if (!(locale in CATALOGUES)) throw new Error(`No catalogue for locale '${locale}' (have: ${availableLocales().join(', ')})`);
  activeLocale = locale;
}

export function getLocale(): string {
  return activeLocale;
}

/** Format a number for display in the active locale. */
export function formatNumber(value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(activeLocale, { maximumFractionDigits }).format(value);
}

/** Translate `key`, replacing `{name}` placeholders from params (numbers are locale-formatted). */
export function t(key: MessageKey, params?: MessageParams): string {
  const template = CATALOGUES[activeLocale]?.[key] ?? EN[key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}
