/**
 * Randomized model tests against redis-server: a seeded generator produces thousands of commands,
 * both servers run each one, and the raw replies must agree: byte for byte, as multisets where
 * Redis leaves the order unspecified, or by shape (type and length) where Redis answers at random.
 * A step may resynchronize the two keyspaces afterwards (after SPOP, which removes different
 * members on each side). A failure names the seed, the step and the command.
 */
import { expect } from 'vitest';
import { Pair, sortedElements } from './differential';
import type { RawClient } from './raw';
import { decodeReply, Decoded } from './resp';
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

/**
 * Every element a full iteration of `scan` (['HSCAN', key], ['SSCAN', key] ...) returns, with small
 * COUNTs, sorted and deduplicated (a scan may return an element twice); `group` is 2 for HSCAN's
 * field and value pairs. An error reply is returned as its text.
 */
async function fullScan(client: RawClient, scan: readonly string[], group: number): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = '0';
  for (let calls = 0; calls < 100_000; calls++) {
    const reply = decodeReply(await client.call(scan[0], scan[1], cursor, ...scan.slice(2), 'COUNT', '3'));
    if (!Array.isArray(reply)) return [JSON.stringify(reply)];
    const [next, elements] = reply as [string, Decoded[]];
    for (let i = 0; i < elements.length; i += group) seen.add(JSON.stringify(elements.slice(i, i + group)));
    cursor = next;
    if (cursor === '0') break;
  }
  return [...seen].sort();
}

/** A full scan on both servers must see the same elements (cursors and batches may differ). */
export async function expectSameScan(pair: Pair, scan: readonly string[], group: number, label: string): Promise<void> {
  const [ours, theirs] = await Promise.all([fullScan(pair.ours, scan, group), fullScan(pair.theirs, scan, group)]);
  expect(ours, label).toEqual(theirs);
}
