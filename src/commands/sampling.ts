/**
 * Random sampling of positions in a dense collection, for HRANDFIELD, SRANDMEMBER and SPOP with a
 * count. Distinct positions come from a partial Fisher-Yates shuffle when the sample is a large part
 * of the collection (Redis's "CASE 3", O(size)) and from rejection sampling into a Set otherwise
 * ("CASE 4", O(count) expected), so neither path does more than O(size) work.
 */
import type { Client } from '../net/client';
import type { Random } from '../util/random';
import { parseInt64 } from './args';
import { NOT_INTEGER } from '../resp/replies';

/** LONG_MAX: counts are read in [-LONG_MAX, LONG_MAX], as getRangeLongFromObjectOrReply does. */
export const LONG_MAX = 2n ** 63n - 1n;

/** The count of HRANDFIELD / SRANDMEMBER as a bigint in range, or null after Redis's error reply. */
export function parseRandomCount(c: Client, text: string): bigint | null {
  const n = parseInt64(text);
  if (n === null) c.reply.error(NOT_INTEGER);
  else if (n < -LONG_MAX) c.reply.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  else return n;
  return null;
}

/** A random answer: its length up front (the reply header), then its items. */
export interface Picked<T> {
  length: number;
  items: Iterable<T>;
}

/**
 * Redis's SRANDMEMBER / HRANDFIELD cases for a non-zero count: a negative count draws |count|
 * positions with repetition (so does a count of 1), produced lazily since |count| is not bounded
 * by the size; a count of at least the size answers the whole collection in its own order; a
 * smaller one draws distinct positions.
 */
export function pickRandom<T>(size: number, count: number, random: Random, at: (slot: number) => T, whole: () => T[]): Picked<T> {
  const n = Math.abs(count);
  if (count < 0 || n === 1) return { length: n, items: drawWithRepetition(n, size, random, at) };
  const items = n >= size ? whole() : sampleDistinct(size, n, random).map(at);
  return { length: items.length, items };
}

function* drawWithRepetition<T>(n: number, size: number, random: Random, at: (slot: number) => T): IterableIterator<T> {
  for (let i = 0; i < n; i++) yield at(random.below(size));
}

/** Redis's SRANDMEMBER_SUB_STRATEGY_MUL: above size / 3 distinct picks, shuffle instead. */
const SUB_STRATEGY_MUL = 3;

/** `count` distinct positions in [0, size), 0 < count < size, in random order. */
export function sampleDistinct(size: number, count: number, random: Random): number[] {
  if (count * SUB_STRATEGY_MUL > size) {
    const slots = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + random.below(size - i);
      const t = slots[i];
      slots[i] = slots[j];
      slots[j] = t;
    }
    slots.length = count;
    return slots;
  }
  const picked = new Set<number>();
  while (picked.size < count) picked.add(random.below(size));
  return [...picked];
}
