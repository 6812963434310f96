/**
 * A scenario draft carried by a shared link (issue 10). A draft saved in the page (the scenario
 * editor) exists only in the sharer's page, so the link carries the draft's file text itself:
 * UTF-8 → raw DEFLATE (RFC 1951, fflate) → base64url (RFC 4648 §5, no padding). On the way in the
 * text is read by the scenario loader against the receiving page's district (schema, then every
 * edit through `compileEdit`), so a draft that does not fit that district is refused with the
 * loader's own messages (line, column, id), and a damaged link with a message saying so.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import type { CityModel } from '../twin/city-model';
import { parseScenario, ScenarioFileError, type ScenarioIssue } from './load-scenario';
import type { ScenarioFile } from './scenario-types';

/** Longest draft text a link carries, characters (a link stays usable in every browser and chat). */
export const MAX_LINKED_DRAFT_CHARS = 200_000;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new Error('characters outside base64url');
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The link form of a draft's file text. */
export function encodeDraftText(text: string): string {
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** Longest inflated draft, bytes: UTF-8 takes at most 4 bytes a character (RFC 3629 §3). */
const MAX_LINKED_DRAFT_BYTES = 4 * MAX_LINKED_DRAFT_CHARS;
/** Link bytes inflated per step: DEFLATE expands at most ~1032:1, so a step yields at most ~1 MB before the size check. */
const INFLATE_STEP_BYTES = 1024;

class DraftTooLong extends Error {}

/**
 * Raw DEFLATE → bytes, stopping with DraftTooLong as soon as the output passes
 * MAX_LINKED_DRAFT_BYTES: a link is untrusted input, and a few kilobytes of it could otherwise
 * inflate to gigabytes before the length check.
 */
function inflateBounded(data: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_LINKED_DRAFT_BYTES) throw new DraftTooLong();
    chunks.push(chunk);
  });
  let at = 0;
  do {
    const next = Math.min(data.length, at + INFLATE_STEP_BYTES);
    inflate.push(data.subarray(at, next), next === data.length);
    at = next;
  } while (at < data.length);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The draft's file text from its link form; throws an Error saying why it cannot be read. */
export function decodeDraftText(value: string): string {
  const tooLong = () => new Error(`the link's draft is longer than ${MAX_LINKED_DRAFT_CHARS} characters`);
  let text: string;
  try {
    text = strFromU8(inflateBounded(fromBase64Url(value)));
  } catch (e) {
    if (e instanceof DraftTooLong) throw tooLong();
    throw new Error(`the link's copy of the draft is damaged (${e instanceof Error ? e.message : String(e)}); ask for the link again`, { cause: e });
  }
  if (text.length > MAX_LINKED_DRAFT_CHARS) throw tooLong();
  return text;
}

export type LinkedDraft =
  | { ok: true; id: string; file: string; text: string; scenario: ScenarioFile }
  | { ok: false; id: string; file: string; text: string; issues: ScenarioIssue[] };

/**
 * Reads the draft `id` carried by a link (`value`, its link form) on `base`, the district of the
 * page that opened the link: decoded, then checked by the scenario loader (schema, ids, each edit's
 * `compileEdit`). Refused drafts come back with the loader's issues, or one issue at 1:1 for a
 * damaged link.
 */
export function readLinkedDraft(id: string, value: string, base: CityModel): LinkedDraft {
  const file = `${id}.json`;
  let text: string;
  try {
    text = decodeDraftText(value);
  } catch (e) {
    return { ok: false, id, file, text: '', issues: [{ line: 1, column: 1, pointer: '', message: (e as Error).message }] };
  }
  try {
    return { ok: true, id, file, text, scenario: parseScenario(text, file, base) };
  } catch (e) {
    if (e instanceof ScenarioFileError) return { ok: false, id, file, text, issues: e.issues };
    throw e;
  }
}
