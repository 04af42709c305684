/**
 * Randomized differential test of the string, bitmap, keyspace and expiry commands: seeded sequences
 * of thousands of random operations on a handful of keys (numbers, floats, text, binary bytes, a list
 * for WRONGTYPE, absolute expiry times, in the future or past) go to respkv and to
 * redis-server, and every raw reply must be identical, OBJECT ENCODING and REFCOUNT included. DBSIZE
 * is left out: it counts expired keys until active expiry removes them, at each server's own pace. A
 * failure names the seed and the step.
 */
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { Random } from '../../src/util/random';

const pair = usePair();

const KEYS = ['a', 'b', 'c', 'd', 'l'];
/**
 * Expiry times, absolute so that EXPIRETIME is exact (seconds, or ms for PXAT: far in the past). A
 * relative TTL would read differently on the two servers whenever a step crossed a rounding edge.
 */
const TIMES = ['4102444800', '4102444900', '1', '1700000000'];
const VALUES = ['0', '1', '-7', '42', '9999', '10000', '9223372036854775806', '3.5', '-0.25', '1e3', 'abc', '', 'x'.repeat(50), '\x00\xff\x80', ' 12', '007'];

function commandFor(rnd: Random): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = () => pick(KEYS);
  const value = () => pick(VALUES);
  const small = () => String(rnd.below(40) - 8);
  const generators: Array<() => string[]> = [
    () => ['SET', key(), value()],
    () => ['SET', key(), value(), pick(['NX', 'XX', 'GET', 'KEEPTTL', 'EXAT', 'PXAT']), ...(rnd.below(2) ? [] : [pick(TIMES)])],
    () => ['SET', key(), value(), 'EXAT', pick(TIMES), pick(['NX', 'XX', 'GET'])],
    () => ['GET', key()],
    () => ['MGET', key(), key(), key()],
    () => ['GETSET', key(), value()],
    () => ['SETNX', key(), value()],
    () => ['SETEX', key(), pick(['0', '-5', 'x']), value()],
    () => ['MSET', key(), value(), key(), value()],
    () => ['MSETNX', key(), value(), key(), value()],
    () => ['GETDEL', key()],
    () => ['GETEX', key(), ...pick([[], ['PERSIST'], ['EXAT', pick(TIMES)], ['PXAT', '1'], ['EX', '-1']])],
    () => ['APPEND', key(), value()],
    () => ['STRLEN', key()],
    () => ['INCR', key()],
    () => ['DECR', key()],
    () => ['INCRBY', key(), pick(['1', '-1', '100', '9223372036854775807', '-9223372036854775808', 'x'])],
    () => ['DECRBY', key(), pick(['1', '5', '-9223372036854775808'])],
    () => ['INCRBYFLOAT', key(), pick(['0.1', '-1.5', '1e10', '3', 'abc', '0.0000001'])],
    () => ['GETRANGE', key(), small(), small()],
    () => ['SETRANGE', key(), String(rnd.below(12)), value()],
    () => ['SETBIT', key(), String(rnd.below(64)), pick(['0', '1'])],
    () => ['GETBIT', key(), String(rnd.below(80))],
    () => ['BITCOUNT', key(), ...pick([[], [small(), small()], [small(), small(), 'BIT']])],
    () => ['BITPOS', key(), pick(['0', '1']), ...pick([[], [small()], [small(), small()], [small(), small(), 'BIT']])],
    () => ['BITOP', pick(['AND', 'OR', 'XOR']), key(), key(), key()],
    () => ['BITOP', 'NOT', key(), key()],
    () => ['BITFIELD', key(), 'OVERFLOW', pick(['WRAP', 'SAT', 'FAIL']), pick(['INCRBY', 'SET']), pick(['u4', 'i8', 'i13']), String(rnd.below(30)), small(), 'GET', 'u16', '0'],
    () => ['LCS', key(), key(), ...pick([[], ['LEN'], ['IDX', 'WITHMATCHLEN']])],
    () => ['DEL', key(), key()],
    () => ['EXISTS', key(), key()],
    () => ['TYPE', key()],
    () => ['RENAME', key(), key()],
    () => ['RENAMENX', key(), key()],
    () => ['COPY', key(), key(), ...pick([[], ['REPLACE']])],
    () => ['EXPIREAT', key(), pick(TIMES), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT']])],
    () => ['EXPIRE', key(), pick(['-1', '0', 'x'])],
    () => ['PERSIST', key()],
    () => ['EXPIRETIME', key()],
    () => ['OBJECT', 'ENCODING', key()],
    () => ['OBJECT', 'REFCOUNT', key()],
    () => ['RPUSH', 'l', value()],
    () => ['MOVE', key(), '1'],
  ];
  return pick(generators)();
}

describe('random string, bitmap, keyspace and expiry operations, as redis-server 7.0', () => {
  const runs: Array<[seed: number, proto: '2' | '3']> = [[1, '2'], [2, '2'], [3, '2'], [4, '2'], [5, '3'], [6, '3']];
  for (const [seed, proto] of runs) {
    it(`answers seed ${seed} identically in RESP${proto}, step by step`, async () => {
      await pair.expectSame([{ cmd: ['HELLO', proto], typeOnly: true }, ['FLUSHALL']]);
      const rnd = new Random(seed);
      for (let step = 0; step < 2000; step++) {
        const cmd = commandFor(rnd);
        const [ours, theirs] = await pair.both(...cmd);
        expect(ours, `seed ${seed} step ${step}: ${JSON.stringify(cmd)}`).toBe(theirs);
      }
      await pair.expectSame([{ cmd: ['KEYS', '*'], unordered: true }, ['SELECT', '1'], { cmd: ['KEYS', '*'], unordered: true }, ['FLUSHDB'], ['SELECT', '0']]);
    });
  }
});
