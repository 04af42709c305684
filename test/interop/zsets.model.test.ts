/**
 * Randomized model test of the sorted set commands: seeded sequences of thousands of random
 * operations (adds with every option, increments reaching infinities and NaN refusals, removals,
 * ranges by rank, score and lex with LIMIT, pops, set operations with weights and aggregates, and
 * now and then a string key for WRONGTYPE) go to respkv and to redis-server with small listpack
 * limits, so both encodings and the conversion between them are exercised. Replies must be
 * identical, except ZRANDMEMBER and ZSCAN, compared by shape. A failure names the seed and the step.
 */
import { describe, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { ModelStep, runModel } from '../helpers/model';
import type { Random } from '../../src/util/random';

const pair = usePair();

const KEYS = ['z1', 'z2', 'z3', 's'];
/** Lex ranges are defined on equal scores only: this key gets no other score. */
const LEX_KEY = 'lex';
const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', '', '1', '10', 'a-long-member-name'];
const SCORES = ['0', '1', '2', '-1', '1.5', '0.1', '-0', '3e2', 'inf', '-inf', '7', '1e-3'];
const BOUNDS = ['0', '1', '(1', '2', '(2', '-1', '1.5', 'inf', '-inf', '+inf', '(inf', '5', '(0'];
const LEX = ['-', '+', '[a', '(a', '[c', '(c', '[e', '[', '(', '[j', '(zz'];
const RANKS = ['0', '1', '2', '-1', '-2', '5', '-10', '20'];

function stepFor(rnd: Random): ModelStep {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = pick(KEYS);
  const member = () => pick(MEMBERS);
  const members = () => Array.from({ length: 1 + rnd.below(3) }, member);
  const pairs = () => Array.from({ length: 1 + rnd.below(3) }, () => [pick(SCORES), member()]).flat();
  const maybe = (...words: string[]) => (rnd.below(2) === 0 ? words : []);
  const limit = () => (rnd.below(3) === 0 ? ['LIMIT', String(rnd.below(4) - 1), String(rnd.below(5) - 1)] : []);
  const zaddFlags = () => [...maybe(pick(['NX', 'XX'])), ...maybe(pick(['GT', 'LT'])), ...maybe('CH')];
  const keys = () => {
    const n = 1 + rnd.below(3);
    return [String(n), ...Array.from({ length: n }, () => pick(KEYS))];
  };
  const generators: Array<() => ModelStep> = [
    () => ({ cmd: ['ZADD', key, ...zaddFlags(), ...pairs()] }),
    () => ({ cmd: ['ZADD', key, ...zaddFlags(), ...pairs()] }),
    () => ({ cmd: ['ZADD', key, ...zaddFlags(), 'INCR', pick(SCORES), member()] }),
    () => ({ cmd: ['ZINCRBY', key, pick(SCORES), member()] }),
    () => ({ cmd: ['ZREM', key, ...members()] }),
    () => ({ cmd: ['ZSCORE', key, member()] }),
    () => ({ cmd: ['ZMSCORE', key, ...members()] }),
    () => ({ cmd: ['ZCARD', key] }),
    () => ({ cmd: ['ZCOUNT', key, pick(BOUNDS), pick(BOUNDS)] }),
    () => ({ cmd: ['ZADD', LEX_KEY, ...members().flatMap((m) => ['0', m])] }),
    () => ({ cmd: ['ZLEXCOUNT', LEX_KEY, pick(LEX), pick(LEX)] }),
    () => ({ cmd: [pick(['ZRANK', 'ZREVRANK']), key, member()] }),
    () => ({ cmd: ['ZRANGE', key, pick(RANKS), pick(RANKS), ...maybe('REV'), ...maybe('WITHSCORES')] }),
    () => ({ cmd: ['ZRANGE', key, pick(BOUNDS), pick(BOUNDS), 'BYSCORE', ...maybe('REV'), ...maybe('WITHSCORES'), ...limit()] }),
    () => ({ cmd: ['ZRANGE', LEX_KEY, pick(LEX), pick(LEX), 'BYLEX', ...maybe('REV'), ...limit()] }),
    () => ({ cmd: [pick(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE']), key, pick(BOUNDS), pick(BOUNDS), ...maybe('WITHSCORES'), ...limit()] }),
    () => ({ cmd: [pick(['ZRANGEBYLEX', 'ZREVRANGEBYLEX']), LEX_KEY, pick(LEX), pick(LEX), ...limit()] }),
    () => ({ cmd: ['ZREVRANGE', key, pick(RANKS), pick(RANKS), ...maybe('WITHSCORES')] }),
    () => ({ cmd: ['ZRANGESTORE', pick(KEYS), key, pick(BOUNDS), pick(BOUNDS), 'BYSCORE', ...limit()] }),
    () => ({ cmd: ['ZREMRANGEBYRANK', key, pick(RANKS), pick(RANKS)] }),
    () => ({ cmd: ['ZREMRANGEBYSCORE', key, pick(BOUNDS), pick(BOUNDS)] }),
    () => ({ cmd: ['ZREMRANGEBYLEX', LEX_KEY, pick(LEX), pick(LEX)] }),
    () => ({ cmd: [pick(['ZPOPMIN', 'ZPOPMAX']), key, ...maybe(String(rnd.below(4)))] }),
    () => ({ cmd: ['ZMPOP', ...keys(), pick(['MIN', 'MAX']), ...maybe('COUNT', String(1 + rnd.below(3)))] }),
    () => ({ cmd: [pick(['ZUNION', 'ZINTER']), ...keys(), ...maybe('AGGREGATE', pick(['SUM', 'MIN', 'MAX'])), 'WITHSCORES'] }),
    () => {
      const k = keys();
      const weights = Array.from({ length: Number(k[0]) }, () => pick(['1', '2', '-1', '0.5', '0', 'inf']));
      return { cmd: [pick(['ZUNIONSTORE', 'ZINTERSTORE']), pick(KEYS), ...k, 'WEIGHTS', ...weights, ...maybe('AGGREGATE', pick(['SUM', 'MIN', 'MAX']))] };
    },
    () => ({ cmd: ['ZDIFF', ...keys(), ...maybe('WITHSCORES')] }),
    () => ({ cmd: ['ZDIFFSTORE', pick(KEYS), ...keys()] }),
    () => ({ cmd: ['ZINTERCARD', ...keys(), ...maybe('LIMIT', String(rnd.below(3)))] }),
    () => ({ cmd: ['ZRANDMEMBER', key, ...maybe(String(rnd.below(21) - 10), ...maybe('WITHSCORES'))], compare: 'shape' }),
    () => ({ cmd: ['ZSCAN', key, '0', ...maybe('MATCH', pick(['*', 'a*', '?']))], compare: 'shape' }),
    () => ({ cmd: ['OBJECT', 'ENCODING', key] }),
    () => ({ cmd: ['TYPE', key] }),
    () => ({ cmd: rnd.below(10) === 0 ? ['SET', 's', 'string'] : ['DEL', 's'] }),
  ];
  return pick(generators)();
}

describe('sorted set commands with redis-server as the model', () => {
  for (const [seed, proto] of [
    [21, '2'],
    [22, '2'],
    [23, '3'],
  ] as const) {
    it(`answers 3000 random sorted set operations identically (seed ${seed}, RESP${proto})`, async () => {
      await pair.both('HELLO', proto);
      await pair.expectSame([['FLUSHALL'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '6'], ['CONFIG', 'SET', 'zset-max-listpack-value', '10']]);
      await runModel(pair, seed, 3000, stepFor);
      for (const key of [...KEYS, LEX_KEY]) await pair.expectSame([['ZRANGE', key, '0', '-1', 'WITHSCORES']]);
      await pair.both('HELLO', '2');
    }, 60_000);
  }
});
