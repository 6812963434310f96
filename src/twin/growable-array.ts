/**
 * A typed array that grows by doubling, for building columnar tables without an object per
 * element (the pattern of flatbush / deck.gl attribute buffers). `finish()` returns an exact-length
 * copy, so the final table holds no slack and its buffer is transferable on its own.
 */
export interface NumericTypedArray {
  readonly length: number;
  [index: number]: number;
  set(array: ArrayLike<number>, offset?: number): void;
  subarray(begin?: number, end?: number): NumericTypedArray;
}

export class GrowableArray<T extends NumericTypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: new (length: number) => T,
    initialCapacity = 256,
  ) {
    this.data = new ctor(Math.max(4, initialCapacity));
  }

  /** The live backing array (valid indices 0 … length − 1; reallocated on growth). */
  get array(): T {
    return this.data;
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  push(value: number): void {
    this.ensure(1);
    this.data[this.length++] = value;
  }

  push2(a: number, b: number): void {
    this.ensure(2);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  push3(a: number, b: number, c: number): void {
    this.ensure(3);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }

  get(index: number): number {
    return this.data[index] ?? NaN;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** Drops the elements from `length` on (to undo a partly written feature). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  finish(): T {
    const out = new this.ctor(this.length);
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}
