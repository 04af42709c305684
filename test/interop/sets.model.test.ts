/**
 * Randomized model test of the set commands: seeded sequences of thousands of random set
 * operations (adds, removes, membership, moves, the algebra with and without STORE, SINTERCARD,
 * random members, pops, full SSCAN iterations, and now and then a string key for WRONGTYPE) go to
 * respkv and to redis-server with a small set-max-intset-entries, so both encodings and the
 * conversion are exercised. Replies must be identical, as multisets for set-valued replies, by
 * shape for random ones, and as the same set of elements for a full SSCAN. SPOP removes different
 * members on each side, so after it both keys are rebuilt from Redis's survivors. A failure names
 * the seed and the step.
 */
import { describe, it } from 'vitest';
import { Pair, PAIR_TEST_TIMEOUT_MS, sortedElements, usePair } from '../helpers/differential';
import { expectSameScan, ModelStep, runModel } from '../helpers/model';
import type { Random } from '../../src/util/random';

const pair = usePair();

const KEYS = ['s1', 's2', 's3', 'str'];
const MEMBERS = ['1', '2', '3', '5', '8', '13', '-1', '0', '100', 'a', 'b', 'c', '', '007', '9007199254740993', '-9223372036854775808'];

/** After SPOP: both servers get the key back with Redis's survivors, added in one order. */
async function resyncFromRedis(pair: Pair, key: string): Promise<void> {
  const [, members] = await pair.both('SMEMBERS', key);
  const [, ...elements] = sortedElements(members);
  const values = elements.map((e) => e.slice(e.indexOf('\r\n') + 2, -2));
  await pair.both('DEL', key);
  if (values.length > 0) await pair.both('SADD', key, ...values);
}

function stepFor(rnd: Random): ModelStep {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = pick(KEYS);
  const member = () => pick(MEMBERS);
  const some = () => Array.from({ length: 1 + rnd.below(4) }, member);
  const keys = () => Array.from({ length: 1 + rnd.below(3) }, () => pick(KEYS));
  const generators: Array<() => ModelStep> = [
    () => ({ cmd: ['SADD', key, ...some()] }),
    () => ({ cmd: ['SADD', key, ...some()] }),
    () => ({ cmd: ['SREM', key, ...some()] }),
    () => ({ cmd: ['SISMEMBER', key, member()] }),
    () => ({ cmd: ['SMISMEMBER', key, ...some()] }),
    () => ({ cmd: ['SCARD', key] }),
    () => ({ cmd: ['SMEMBERS', key], compare: 'unordered' }),
    () => ({ cmd: ['SMOVE', key, pick(KEYS), member()] }),
    () => ({ cmd: ['SINTER', ...keys()], compare: 'unordered' }),
    () => ({ cmd: ['SUNION', ...keys()], compare: 'unordered' }),
    () => ({ cmd: ['SDIFF', ...keys()], compare: 'unordered' }),
    () => ({ cmd: ['SINTERSTORE', key, ...keys()] }),
    () => ({ cmd: ['SUNIONSTORE', key, ...keys()] }),
    () => ({ cmd: ['SDIFFSTORE', key, ...keys()] }),
    () => {
      const ks = keys();
      return { cmd: ['SINTERCARD', String(ks.length), ...ks, ...(rnd.below(2) ? ['LIMIT', String(rnd.below(4))] : [])] };
    },
    () => ({ cmd: ['SRANDMEMBER', key], compare: 'shape' }),
    () => ({ cmd: ['SRANDMEMBER', key, String(rnd.below(15) - 5)], compare: 'shape' }),
    () => ({ cmd: ['SPOP', key, ...(rnd.below(2) ? [String(rnd.below(8))] : [])], compare: 'shape', after: (p) => resyncFromRedis(p, key) }),
    () => ({ cmd: ['OBJECT', 'ENCODING', key] }),
    () => {
      const match = rnd.below(2) ? [] : ['MATCH', pick(['1*', '*0*', '?'])];
      return { cmd: ['SCARD', key], after: (p) => expectSameScan(p, ['SSCAN', key, ...match], 1, `SSCAN ${key} ${match.join(' ')}`) };
    },
    () => ({ cmd: ['TYPE', key] }),
    () => ({ cmd: rnd.below(8) === 0 ? ['SET', 'str', 'string'] : ['DEL', 'str'] }),
  ];
  return pick(generators)();
}

describe('set commands with redis-server as the model', { timeout: PAIR_TEST_TIMEOUT_MS }, () => {
  for (const [seed, proto] of [
    [21, '2'],
    [22, '2'],
    [23, '3'],
  ] as const) {
    it(`answers 3000 random set operations identically (seed ${seed}, RESP${proto})`, async () => {
      await pair.both('HELLO', proto);
      await pair.expectSame([['FLUSHALL'], ['CONFIG', 'SET', 'set-max-intset-entries', '6']]);
      await runModel(pair, seed, 3000, stepFor);
      for (const key of KEYS) await pair.expectSame([{ cmd: ['SMEMBERS', key], unordered: true }]);
      await pair.both('HELLO', '2');
    });
  }
});
