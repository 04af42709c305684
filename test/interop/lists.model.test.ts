/**
 * Randomized model test of the list commands: seeded sequences of thousands of random list
 * operations (pushes, pops with counts, ranges, sets, inserts, removals, trims, moves, LPOS with
 * options, LMPOP, and now and then a string key for WRONGTYPE) go to respkv and to redis-server,
 * and every raw reply must be identical. A failure names the seed and the step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pair, startPair } from '../helpers/differential';
import { Random } from '../../src/util/random';

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
});
afterAll(async () => {
  await pair?.stop();
});

const KEYS = ['a', 'b', 'c', 's'];
/** Where each blocking command names the key it tries first. */
const BLOCKING_FIRST_KEY: Record<string, number> = { BLMPOP: 3, BLPOP: 1, BRPOP: 1, BLMOVE: 1, BRPOPLPUSH: 1 };
const ELEMENTS = ['x', 'y', 'z', '', 'long-element-'.repeat(4), '1', '-2'];

function commandFor(rnd: Random): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = pick(KEYS);
  const el = () => pick(ELEMENTS);
  const index = () => String(rnd.below(13) - 6);
  const side = () => pick(['LEFT', 'RIGHT']);
  const some = () => Array.from({ length: 1 + rnd.below(4) }, el);
  const generators: Array<() => string[]> = [
    () => ['LPUSH', key, ...some()],
    () => ['RPUSH', key, ...some()],
    () => ['LPUSHX', key, ...some()],
    () => ['RPUSHX', key, el()],
    () => ['LPOP', key],
    () => ['RPOP', key],
    () => ['LPOP', key, String(rnd.below(4))],
    () => ['RPOP', key, String(rnd.below(4))],
    () => ['LLEN', key],
    () => ['LRANGE', key, index(), index()],
    () => ['LINDEX', key, index()],
    () => ['LSET', key, index(), el()],
    () => ['LINSERT', key, pick(['BEFORE', 'AFTER']), el(), el()],
    () => ['LREM', key, String(rnd.below(5) - 2), el()],
    () => ['LTRIM', key, index(), index()],
    () => ['LPOS', key, el()],
    () => ['LPOS', key, el(), 'RANK', pick(['1', '2', '-1', '-2']), 'COUNT', String(rnd.below(3)), 'MAXLEN', String(rnd.below(6))],
    () => ['LMOVE', key, pick(KEYS), side(), side()],
    () => ['RPOPLPUSH', key, pick(KEYS)],
    () => ['LMPOP', '2', key, pick(KEYS), side(), 'COUNT', String(1 + rnd.below(3))],
    () => ['BLMPOP', '0', '2', key, pick(KEYS), side(), ...(rnd.below(2) ? [] : ['COUNT', '2'])],
    () => [pick(['BLPOP', 'BRPOP']), key, pick(KEYS), '0'],
    () => ['BLMOVE', key, pick(KEYS), side(), side(), '0'],
    () => ['BRPOPLPUSH', key, pick(KEYS), '0'],
    () => ['EXISTS', key],
    () => ['TYPE', key],
    () => (rnd.below(10) === 0 ? ['SET', 's', 'string'] : ['DEL', 's']),
  ];
  return pick(generators)();
}

describe('list commands with redis-server as the model', () => {
  for (const seed of [7, 8, 9]) {
    it(`answers 3000 random list operations identically (seed ${seed})`, async () => {
      await pair.expectSame([['FLUSHALL']]);
      const rnd = new Random(seed);
      for (let step = 0; step < 3000; step++) {
        const cmd = commandFor(rnd);
        // A blocking command only runs when it cannot block: its first key must hold a list.
        const first = BLOCKING_FIRST_KEY[cmd[0]];
        if (first !== undefined) {
          const [len] = await pair.both('LLEN', cmd[first]);
          if (!len.startsWith(':') || len === ':0\r\n') continue;
        }
        const [ours, theirs] = await pair.both(...cmd);
        expect(ours, `seed ${seed} step ${step}: ${cmd.join(' ')}`).toBe(theirs);
      }
      for (const key of KEYS) await pair.expectSame([['LRANGE', key, '0', '-1']]);
    });
  }
});
