/**
 * Randomized model tests against redis-server: a seeded generator produces thousands of commands,
 * both servers run each one, and the raw replies must agree: byte for byte, as multisets where
 * Redis leaves the order unspecified, or by shape (type and length) where Redis answers at random.
 * A step may resynchronize the two keyspaces afterwards (after SPOP, which removes different
 * members on each side). A failure names the seed, the step and the command.
 */
import { expect } from 'vitest';
import { Pair, sortedElements } from './differential';
import { Random } from '../../src/util/random';

export type Compare = 'exact' | 'unordered' | 'shape';

export interface ModelStep {
  cmd: string[];
  compare?: Compare;
  /** Runs after the replies are compared, e.g. to make both keyspaces equal again. */
  after?: (pair: Pair, theirs: string) => Promise<void>;
}

/** The shape of a reply: its first line (type and length), except a bulk string's length. */
function shape(raw: string): string {
  const first = raw.slice(0, raw.indexOf('\r\n'));
  return first[0] === '$' && first !== '$-1' ? '$' : first;
}

export async function runModel(pair: Pair, seed: number, steps: number, generate: (rnd: Random) => ModelStep): Promise<void> {
  const rnd = new Random(seed);
  for (let i = 0; i < steps; i++) {
    const step = generate(rnd);
    const [ours, theirs] = await pair.both(...step.cmd);
    const label = `seed ${seed} step ${i}: ${step.cmd.map((a) => JSON.stringify(a)).join(' ')}`;
    const compare = step.compare ?? 'exact';
    if (compare === 'exact') expect(ours, label).toBe(theirs);
    else if (compare === 'unordered') expect(sortedElements(ours), label).toEqual(sortedElements(theirs));
    else expect(shape(ours), label).toBe(shape(theirs));
    if (step.after) await step.after(pair, theirs);
  }
}
