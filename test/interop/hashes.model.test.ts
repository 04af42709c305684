/**
 * Randomized model test of the hash commands: seeded sequences of thousands of random hash
 * operations (writes, reads, deletes, increments, random fields, full HSCAN iterations, and now and
 * then a string key for WRONGTYPE) go to respkv and to redis-server with small listpack limits, so
 * both encodings and the conversion between them are exercised. Replies must be identical, as
 * multisets for HGETALL, HKEYS and HVALS, by shape for HRANDFIELD, and as the same set of elements
 * for a full HSCAN. A failure names the seed and the step.
 */
import { describe, it } from 'vitest';
import { PAIR_TEST_TIMEOUT_MS, usePair } from '../helpers/differential';
import { expectSameScan, ModelStep, runModel } from '../helpers/model';
import type { Random } from '../../src/util/random';

const pair = usePair();

const KEYS = ['h1', 'h2', 's'];
const FIELDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', '', 'a-rather-long-field'];
const VALUES = ['1', '-7', '0', '3.5', 'x', '', '9223372036854775806', 'a-value-longer-than-ten'];

function stepFor(rnd: Random): ModelStep {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = pick(KEYS);
  const field = () => pick(FIELDS);
  const pairs = () => Array.from({ length: 1 + rnd.below(3) }, () => [field(), pick(VALUES)]).flat();
  const fields = () => Array.from({ length: 1 + rnd.below(3) }, field);
  const count = () => String(rnd.below(15) - 5);
  const generators: Array<() => ModelStep> = [
    () => ({ cmd: ['HSET', key, ...pairs()] }),
    () => ({ cmd: ['HMSET', key, ...pairs()] }),
    () => ({ cmd: ['HSETNX', key, field(), pick(VALUES)] }),
    () => ({ cmd: ['HGET', key, field()] }),
    () => ({ cmd: ['HMGET', key, ...fields()] }),
    () => ({ cmd: ['HDEL', key, ...fields()] }),
    () => ({ cmd: ['HEXISTS', key, field()] }),
    () => ({ cmd: ['HLEN', key] }),
    () => ({ cmd: ['HSTRLEN', key, field()] }),
    () => ({ cmd: ['HINCRBY', key, field(), String(rnd.below(2001) - 1000)] }),
    () => ({ cmd: ['HINCRBYFLOAT', key, field(), pick(['0.1', '-2.5', '1e3', '3', '-0.0001'])] }),
    () => ({ cmd: ['HGETALL', key], compare: 'unordered' }),
    () => ({ cmd: ['HKEYS', key], compare: 'unordered' }),
    () => ({ cmd: ['HVALS', key], compare: 'unordered' }),
    () => ({ cmd: ['HRANDFIELD', key], compare: 'shape' }),
    () => ({ cmd: ['HRANDFIELD', key, count(), ...(rnd.below(2) ? ['WITHVALUES'] : [])], compare: 'shape' }),
    () => ({ cmd: ['OBJECT', 'ENCODING', key] }),
    () => {
      const match = rnd.below(2) ? [] : ['MATCH', pick(['a*', '*e*', '?'])];
      return { cmd: ['HLEN', key], after: (p) => expectSameScan(p, ['HSCAN', key, ...match], 2, `HSCAN ${key} ${match.join(' ')}`) };
    },
    () => ({ cmd: ['TYPE', key] }),
    () => ({ cmd: rnd.below(10) === 0 ? ['SET', 's', 'string'] : ['DEL', 's'] }),
  ];
  return pick(generators)();
}

describe('hash commands with redis-server as the model', { timeout: PAIR_TEST_TIMEOUT_MS }, () => {
  for (const [seed, proto] of [
    [11, '2'],
    [12, '2'],
    [13, '3'],
  ] as const) {
    it(`answers 3000 random hash operations identically (seed ${seed}, RESP${proto})`, async () => {
      await pair.both('HELLO', proto);
      await pair.expectSame([['FLUSHALL'], ['CONFIG', 'SET', 'hash-max-listpack-entries', '8'], ['CONFIG', 'SET', 'hash-max-listpack-value', '10']]);
      await runModel(pair, seed, 3000, stepFor);
      for (const key of KEYS) await pair.expectSame([{ cmd: ['HGETALL', key], unordered: true }]);
      await pair.both('HELLO', '2');
    });
  }
});
