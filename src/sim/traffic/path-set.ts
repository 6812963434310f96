/**
 * The working paths of a path-based assignment: per OD pair a linked list of paths, each a run of
 * link ids in one shared Int32Array, with its flow. Path slots are recycled through a free list;
 * the link store is compacted when it fills up. Everything lives in typed arrays that grow by
 * doubling, so the solver's inner loops allocate nothing.
 */
export class PathSet {
  /** First path of each OD pair, −1 when it has none. */
  readonly odFirst: Int32Array;
  /** Per path slot: next path of the same OD (−1 ends the list). */
  pathNext: Int32Array;
  /** Per path slot: first link in `links`, link count, flow (vehicles), hash of the link sequence. */
  pathStart: Int32Array;
  pathLength: Int32Array;
  pathFlow: Float64Array;
  pathHash: Int32Array;
  /** Link ids of all paths, back to back. */
  links: Int32Array;
  private linkTop = 0;
  /** The links buffer before the last compaction, reused by the next one. */
  private spare: Int32Array | null = null;
  private liveLinks = 0;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotTop = 0;

  constructor(pairCount: number, expectedLinksPerPath = 16) {
    this.odFirst = new Int32Array(pairCount).fill(-1);
    const slots = Math.max(16, pairCount * 2);
    this.pathNext = new Int32Array(slots);
    this.pathStart = new Int32Array(slots);
    this.pathLength = new Int32Array(slots);
    this.pathFlow = new Float64Array(slots);
    this.pathHash = new Int32Array(slots);
    this.freeSlots = new Int32Array(slots);
    this.links = new Int32Array(Math.max(64, slots * expectedLinksPerPath));
  }

  /** Number of live paths (for reports). */
  get pathCount(): number {
    return this.slotTop - this.freeCount;
  }

  /** Hash of a link sequence (FNV-style multiply–xor over 32-bit ints). */
  static hashLinks(seq: Int32Array, length: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ (seq[i] as number), 0x01000193);
    return h ^ length;
  }

  /** The path of OD `od` equal to seq[0…length−1], or −1. */
  find(od: number, seq: Int32Array, length: number, hash: number): number {
    const { pathNext, pathStart, pathLength, pathHash, links } = this;
    for (let p = this.odFirst[od] as number; p >= 0; p = pathNext[p] as number) {
      if (pathHash[p] !== hash || pathLength[p] !== length) continue;
      const s = pathStart[p] as number;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (links[s + i] !== seq[i]) {
          same = false;
          break;
        }
      }
      if (same) return p;
    }
    return -1;
  }

  /** Adds a path with `flow` to OD `od` (at the head of its list) and returns its slot. */
  add(od: number, seq: Int32Array, length: number, hash: number, flow: number): number {
    if (this.linkTop + length > this.links.length) this.makeRoom(length);
    let p: number;
    if (this.freeCount > 0) p = this.freeSlots[--this.freeCount] as number;
    else {
      if (this.slotTop === this.pathNext.length) this.growSlots();
      p = this.slotTop++;
    }
    const { links, linkTop } = this;
    for (let i = 0; i < length; i++) links[linkTop + i] = seq[i] as number; // no subarray view per path
    this.pathStart[p] = this.linkTop;
    this.pathLength[p] = length;
    this.pathHash[p] = hash;
    this.pathFlow[p] = flow;
    this.linkTop += length;
    this.liveLinks += length;
    this.pathNext[p] = this.odFirst[od] as number;
    this.odFirst[od] = p;
    return p;
  }

  /** Unlinks path `p` of OD `od`; `prev` is the path before it in the list (−1 if first). */
  remove(od: number, prev: number, p: number): void {
    const next = this.pathNext[p] as number;
    if (prev < 0) this.odFirst[od] = next;
    else this.pathNext[prev] = next;
    this.liveLinks -= this.pathLength[p] as number;
    this.pathFlow[p] = 0;
    this.pathLength[p] = 0;
    this.freeSlots[this.freeCount++] = p;
  }

  /** Whether path `p` uses link `a`. */
  uses(p: number, a: number): boolean {
    const s = this.pathStart[p] as number;
    const e = s + (this.pathLength[p] as number);
    for (let i = s; i < e; i++) if (this.links[i] === a) return true;
    return false;
  }

  /**
   * Compacts the live paths' links to the front of a buffer (growing it to twice the live size
   * when needed). The previous buffer is kept as the spare for the next compaction, so steady
   * column generation copies links but allocates nothing.
   */
  private makeRoom(extra: number): void {
    const need = this.liveLinks + extra;
    const size = need * 2 > this.links.length ? Math.max(need * 2, this.links.length * 2) : this.links.length;
    const fresh = this.spare !== null && this.spare.length === size ? this.spare : new Int32Array(size);
    const { links, pathStart, pathLength, pathNext, odFirst } = this;
    let top = 0;
    for (let od = 0; od < odFirst.length; od++) {
      for (let p = odFirst[od] as number; p >= 0; p = pathNext[p] as number) {
        const s = pathStart[p] as number;
        const len = pathLength[p] as number;
        for (let i = 0; i < len; i++) fresh[top + i] = links[s + i] as number;
        pathStart[p] = top;
        top += len;
      }
    }
    this.spare = links.length === size ? links : null;
    this.links = fresh;
    this.linkTop = top;
  }

  private growSlots(): void {
    const size = this.pathNext.length * 2;
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.pathNext = grow32(this.pathNext);
    this.pathStart = grow32(this.pathStart);
    this.pathLength = grow32(this.pathLength);
    this.pathHash = grow32(this.pathHash);
    this.freeSlots = grow32(this.freeSlots);
    const flow = new Float64Array(size);
    flow.set(this.pathFlow);
    this.pathFlow = flow;
  }
}
