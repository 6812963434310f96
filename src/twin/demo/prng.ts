/**
 * Seeded pseudo-random numbers for the demo district: splitmix32 (a 32-bit variant of Steele,
 * Lea & Flood's SplitMix, "Fast splittable pseudorandom number generators", OOPSLA 2014, with the
 * MurmurHash3 finaliser as output mix). Deterministic across platforms: only 32-bit integer ops.
 * Each part of the district draws from its own stream (`createRng(seed, stream)`), so changing
 * how one block is generated does not reshuffle every other block.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Integer uniform in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

const GOLDEN_GAMMA = 0x9e3779b9;

function mix32(value: number): number {
  let z = value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hashes a stream name to 32 bits (FNV-1a), so streams can be named after blocks ("C4"). */
export function hashStream(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A splitmix32 generator for `seed` and an optional named stream. */
export function createRng(seed: number, stream = ''): Rng {
  let state = mix32((seed >>> 0) ^ mix32(hashStream(stream) + GOLDEN_GAMMA)) | 0;
  const next = (): number => {
    state = (state + GOLDEN_GAMMA) | 0;
    return mix32(state) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (p) => next() < p,
  };
}
