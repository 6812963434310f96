/**
 * Content hashes of a stage's inputs (typed-array columns, strings, numbers, plain objects), so the
 * scenario chain can tell an unchanged stage from a changed one. Pure and synchronous: the same
 * hash in Node and browsers. Two 32-bit multiply–xorshift lanes (MurmurHash3's fmix32 finaliser,
 * Appleby 2011) over the bytes of each column give a 64-bit hex digest; not cryptographic.
 * A typed array's hash is memoised by identity (WeakMap): edits share unchanged columns with the
 * base model, so they are hashed once per session. Columns must not be written after hashing.
 */

const memo = new WeakMap<object, string>();

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Hasher {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;
  word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193) + 0x165667b1;
    this.b = Math.imul((this.b << 5) | (this.b >>> 27), 0x1b873593) ^ w;
  }
  bytes(v: ArrayBufferView): void {
    const n = v.byteLength;
    const words = n >>> 2;
    const u32 = v.byteOffset % 4 === 0 ? new Uint32Array(v.buffer, v.byteOffset, words) : null;
    const u8 = new Uint8Array(v.buffer, v.byteOffset, n);
    if (u32 !== null) for (let i = 0; i < words; i++) this.word(u32[i] as number);
    else for (let i = 0; i < words; i++) this.word((u8[4 * i] as number) | ((u8[4 * i + 1] as number) << 8) | ((u8[4 * i + 2] as number) << 16) | ((u8[4 * i + 3] as number) << 24));
    for (let i = words * 4; i < n; i++) this.word(u8[i] as number);
    this.word(n);
  }
  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    this.word(s.length ^ 0x5bd1e995);
  }
  digest(): string {
    return fmix(this.a).toString(16).padStart(8, '0') + fmix(this.b ^ this.a).toString(16).padStart(8, '0');
  }
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

function feed(h: Hasher, v: unknown): void {
  if (v === null || v === undefined) {
    h.word(v === null ? 1 : 2);
  } else if (typeof v === 'number') {
    f64[0] = v;
    h.word(3);
    h.word(f64Words[0] as number);
    h.word(f64Words[1] as number);
  } else if (typeof v === 'string') {
    h.word(4);
    h.text(v);
  } else if (typeof v === 'boolean') {
    h.word(v ? 5 : 6);
  } else if (ArrayBuffer.isView(v)) {
    h.word(7);
    h.text(hashColumn(v));
  } else if (Array.isArray(v)) {
    const cached = memo.get(v);
    if (cached !== undefined) {
      h.word(8);
      h.text(cached);
      return;
    }
    h.word(9);
    h.word(v.length);
    for (const x of v) feed(h, x);
  } else if (typeof v === 'object') {
    h.word(10);
    for (const k of Object.keys(v).sort()) {
      h.text(k);
      feed(h, (v as Record<string, unknown>)[k]);
    }
  } else throw new TypeError(`contentHash: cannot hash a ${typeof v}`);
}

/** Hash of one typed array's bytes and type (memoised by identity). */
export function hashColumn(v: ArrayBufferView): string {
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  const h = new Hasher();
  h.text(v.constructor.name);
  h.bytes(v);
  const d = h.digest();
  memo.set(v, d);
  return d;
}

/** Hash of an array of strings or numbers (memoised by identity, like a column). */
export function hashList(v: readonly (string | number | boolean | null | object)[]): string {
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  const h = new Hasher();
  h.word(9);
  h.word(v.length);
  for (const x of v) feed(h, x);
  const d = h.digest();
  memo.set(v, d);
  return d;
}

/** 64-bit content hash (16 hex digits) of any mix of columns, strings, numbers and plain objects. */
export function contentHash(...parts: unknown[]): string {
  const h = new Hasher();
  for (const p of parts) feed(h, Array.isArray(p) ? hashList(p as (string | number)[]) : p);
  return h.digest();
}
