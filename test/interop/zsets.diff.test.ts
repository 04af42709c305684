/**
 * Differential tests of the sorted set commands: respkv and redis-server get the same commands and
 * must answer the same bytes, in RESP2 and RESP3, errors and edge cases included.
 */
import { describe, expect, it } from 'vitest';
import { Step, usePair } from '../helpers/differential';

const pair = usePair({ flushEach: true });

/** Runs steps in RESP2 then again, on fresh data, in RESP3. */
async function bothProtocols(setup: Step[], steps: Step[]): Promise<void> {
  for (const proto of ['2', '3']) {
    await pair.both('HELLO', proto);
    await pair.expectSame([['FLUSHALL'], ...setup, ...steps]);
  }
  await pair.both('HELLO', '2');
}

const SCORES: Step[] = [['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e']];
const LEX: Step[] = [['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', 'g', '0', 'aa', '0', '']];

describe('ZADD and ZINCRBY, as redis-server', () => {
  it('handles options, their combinations and errors', async () => {
    await bothProtocols(
      [],
      [
        ['ZADD', 'z', '1', 'a'],
        ['ZADD', 'z', '1', 'a'],
        ['ZADD', 'z', 'CH', '2', 'a', '3', 'b'],
        ['ZADD', 'z', 'NX', '5', 'a', '5', 'c'],
        ['ZADD', 'z', 'XX', '6', 'a', '6', 'd'],
        ['ZADD', 'z', 'XX', 'CH', '7', 'a', '6', 'd'],
        ['ZADD', 'z', 'GT', 'CH', '1', 'a', '100', 'b'],
        ['ZADD', 'z', 'LT', 'CH', '1', 'a', '200', 'b'],
        ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
        ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
        ['ZADD', 'z', 'GT', 'NX', '1', 'a'],
        ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
        ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
        ['ZADD', 'z', '1'],
        ['ZADD', 'z', '1', 'a', '2'],
        ['ZADD', 'z', 'CH'],
        ['ZADD', 'z'],
        ['ZADD', 'z', 'nan', 'a'],
        ['ZADD', 'z', 'abc', 'a'],
        ['ZADD', 'z', ' 1', 'a'],
        ['ZADD', 'z', '1 ', 'a'],
        ['ZADD', 'z', '', 'a'],
        ['ZADD', 'z', '1e400', 'a'],
        ['ZADD', 'z', '1e-400', 'a'],
        ['ZADD', 'z', '0x10', 'hex'],
        ['ZADD', 'z', '0x1p3', 'hex2', '.5', 'half', '5.', 'five', '+5', 'plus', '-1e308', 'huge'],
        ['ZADD', 'z', '-1e309', 'x'],
        ['ZADD', 'z', '0e-400', 'zero'],
        ['ZINCRBY', 'huge', '1e308', 'a'],
        ['ZINCRBY', 'huge', '1.7976931348623157e308', 'a'],
        ['ZINCRBY', 'huge', '1.7976931348623157e308', 'a'],
        ['ZINCRBY', 'huge', '-inf', 'a'],
        ['ZADD', 'z', '1.5', 'a', 'x', 'b'],
        ['ZADD', 'z', 'inf', 'pinf', '-inf', 'ninf', '+inf', 'pinf2', '-Infinity', 'ninf2'],
        ['ZADD', 'z', '1.1', 'f', '0.1', 'g', '1e20', 'h', '-0', 'i', '3.0000000000000004', 'j', '1e-5', 'k'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZADD', 'z', 'INCR', '5', 'a'],
        ['ZADD', 'z', 'INCR', 'NX', '5', 'a'],
        ['ZADD', 'z', 'INCR', 'XX', '5', 'nosuch'],
        ['ZADD', 'z', 'INCR', 'GT', '-5', 'a'],
        ['ZADD', 'z', 'INCR', 'LT', '-5', 'a'],
        ['ZADD', 'z', 'INCR', 'CH', '0', 'a'],
        ['ZADD', 'z', 'INCR', '-inf', 'pinf'],
        ['ZADD', 'z', '-inf', 'nan1', 'inf', 'pinf'],
        ['ZINCRBY', 'z', '1', 'a'],
        ['ZINCRBY', 'z', '-inf', 'pinf'],
        ['ZINCRBY', 'z', 'x', 'a'],
        ['ZINCRBY', 'z', '2.5', 'new'],
        ['ZINCRBY', 'z', 'nx', 'a'],
        ['ZINCRBY', 'z', '1'],
        ['ZADD', 'nokey', 'XX', '1', 'a'],
        ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'],
        ['EXISTS', 'nokey'],
        ['SET', 's', 'x'],
        ['ZADD', 's', '1', 'a'],
        ['ZADD', 's', 'x', 'a'],
        ['ZINCRBY', 's', '1', 'a'],
        ['ZCARD', 'z'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ],
    );
  });
});

describe('point reads and ZREM, as redis-server', () => {
  it('answers ZSCORE, ZMSCORE, ZCARD, ZRANK, ZREVRANK, ZREM', async () => {
    await bothProtocols(
      [...SCORES, ['SET', 's', 'x'], ['ZADD', 'f', '1.1', 'x', 'inf', 'y', '-inf', 'z']],
      [
        ['ZSCORE', 'z', 'a'],
        ['ZSCORE', 'z', 'nosuch'],
        ['ZSCORE', 'nokey', 'a'],
        ['ZSCORE', 's', 'a'],
        ['ZSCORE', 'f', 'x'],
        ['ZSCORE', 'f', 'y'],
        ['ZSCORE', 'f', 'z'],
        ['ZMSCORE', 'z', 'a', 'nosuch', 'e'],
        ['ZMSCORE', 'nokey', 'a', 'b'],
        ['ZMSCORE', 's', 'a'],
        ['ZMSCORE', 'z'],
        ['ZCARD', 'z'],
        ['ZCARD', 'nokey'],
        ['ZCARD', 's'],
        ['ZRANK', 'z', 'a'],
        ['ZRANK', 'z', 'e'],
        ['ZRANK', 'z', 'nosuch'],
        ['ZRANK', 'nokey', 'a'],
        ['ZRANK', 's', 'a'],
        ['ZREVRANK', 'z', 'a'],
        ['ZREVRANK', 'z', 'e'],
        ['ZREVRANK', 'z', 'nosuch'],
        ['ZREM', 'z', 'a', 'nosuch', 'b'],
        ['ZREM', 'z', 'a'],
        ['ZREM', 'nokey', 'a'],
        ['ZREM', 's', 'a'],
        ['ZREM', 'z'],
        ['ZREM', 'z', 'c', 'd', 'e', 'c'],
        ['EXISTS', 'z'],
        ['TYPE', 'f'],
      ],
    );
  });
});

describe('ranges, as redis-server', () => {
  it('ZRANGE by rank with REV and WITHSCORES', async () => {
    const steps: Step[] = [];
    for (const [a, b] of [
      ['0', '-1'],
      ['1', '3'],
      ['-2', '-1'],
      ['3', '1'],
      ['5', '10'],
      ['-100', '100'],
      ['-100', '-50'],
      ['0', '0'],
    ]) {
      steps.push(['ZRANGE', 'z', a, b], ['ZRANGE', 'z', a, b, 'WITHSCORES'], ['ZRANGE', 'z', a, b, 'REV'], ['ZREVRANGE', 'z', a, b, 'WITHSCORES']);
    }
    await bothProtocols(SCORES, [
      ...steps,
      ['ZRANGE', 'z', 'a', '1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'],
      ['ZRANGE', 'z', '0', '1', 'FOO'],
      ['ZRANGE', 'z', '0', '1', 'REV', 'REV'],
      ['ZREVRANGE', 'z', '0', '1', 'REV'],
      ['ZRANGE', 'nokey', '0', '-1'],
      ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'],
      ['SET', 's', 'x'],
      ['ZRANGE', 's', '0', '-1'],
      ['ZRANGE', 's', 'x', '-1'],
    ]);
  });

  it('by score: inclusive, exclusive, infinities, LIMIT, errors', async () => {
    const steps: Step[] = [];
    for (const [a, b] of [
      ['-inf', '+inf'],
      ['2', '4'],
      ['(2', '4'],
      ['2', '(4'],
      ['(2', '(4'],
      ['(2', '(2'],
      ['2', '2'],
      ['4', '2'],
      ['(1', 'inf'],
      ['-inf', '(5'],
      ['6', 'inf'],
      ['', '3'],
      ['(', '3'],
      ['1e0', '0x3'],
      [' 2', '4'],
    ]) {
      steps.push(['ZRANGEBYSCORE', 'z', a, b], ['ZRANGEBYSCORE', 'z', a, b, 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', b, a, 'WITHSCORES'], ['ZRANGE', 'z', a, b, 'BYSCORE'], ['ZRANGE', 'z', b, a, 'BYSCORE', 'REV', 'WITHSCORES'], ['ZCOUNT', 'z', a, b]);
    }
    for (const [o, l] of [
      ['0', '2'],
      ['1', '2'],
      ['1', '-1'],
      ['4', '10'],
      ['5', '1'],
      ['-1', '2'],
      ['0', '0'],
      ['2', '-5'],
    ]) {
      steps.push(['ZRANGEBYSCORE', 'z', '-inf', 'inf', 'LIMIT', o, l], ['ZREVRANGEBYSCORE', 'z', 'inf', '-inf', 'WITHSCORES', 'LIMIT', o, l], ['ZRANGE', 'z', '(1', '5', 'BYSCORE', 'LIMIT', o, l, 'WITHSCORES']);
    }
    await bothProtocols(SCORES, [
      ...steps,
      ['ZRANGEBYSCORE', 'z', 'a', '1'],
      ['ZRANGEBYSCORE', 'z', '1', 'nan'],
      ['ZRANGEBYSCORE', 'z', '((1', '2'],
      ['ZRANGEBYSCORE', 'z', '1', '2', 'LIMIT', 'x', '1'],
      ['ZRANGEBYSCORE', 'z', '1', '2', 'LIMIT', '1'],
      ['ZRANGEBYSCORE', 'z', '1', '2', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', '1', '2', 'REV'],
      ['ZCOUNT', 'z', 'a', '1'],
      ['ZCOUNT', 'nokey', '1', '2'],
      ['ZCOUNT', 'nokey', 'x', '2'],
      ['ZRANGE', 'z', '1', '2', 'BYSCORE', 'BYLEX'],
      ['ZRANGE', 'z', '-9223372036854775808', '9223372036854775807'],
      ['ZRANGE', 'z', '0', '9223372036854775808'],
      ['ZRANGEBYSCORE', 'z', '-inf', 'inf', 'LIMIT', '9223372036854775807', '1'],
      ['ZRANGEBYSCORE', 'z', '-inf', 'inf', 'LIMIT', '0', '-9223372036854775808'],
      ['ZRANGEBYSCORE', 'z', '(inf', 'inf'],
      ['ZRANGEBYSCORE', 'z', '-inf', '(-inf'],
      ['ZRANGEBYSCORE', 'z', '1e-400', '1e400'],
      ['ZRANGEBYSCORE', 'z', '0x1p1', '+.5e1'],
      ['ZRANGEBYSCORE', 'z', '2 ', '4'],
      ['ZRANGEBYSCORE', 'z', '-Infinity', 'INF'],
      ['ZRANGEBYSCORE', 'z', '0x', '4'],
      ['SET', 's', 'x'],
      ['ZCOUNT', 's', '1', '2'],
      ['ZRANGEBYSCORE', 's', '1', '2'],
    ]);
  });

  it('by lex: bounds, LIMIT, errors', async () => {
    const steps: Step[] = [];
    for (const [a, b] of [
      ['-', '+'],
      ['[a', '[c'],
      ['(a', '[c'],
      ['[a', '(c'],
      ['(a', '(aa'],
      ['[aa', '[aa'],
      ['(aa', '[aa'],
      ['+', '-'],
      ['-', '-'],
      ['+', '+'],
      ['[', '(b'],
      ['(', '+'],
      ['[b', '-'],
      ['[z', '+'],
    ]) {
      steps.push(['ZRANGEBYLEX', 'l', a, b], ['ZREVRANGEBYLEX', 'l', b, a], ['ZRANGE', 'l', a, b, 'BYLEX'], ['ZRANGE', 'l', b, a, 'BYLEX', 'REV'], ['ZLEXCOUNT', 'l', a, b]);
    }
    await bothProtocols(LEX, [
      ...steps,
      ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '2', '3'],
      ['ZREVRANGEBYLEX', 'l', '+', '-', 'LIMIT', '1', '-1'],
      ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '-1', '3'],
      ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '1', '2'],
      ['ZRANGEBYLEX', 'l', 'a', '+'],
      ['ZRANGEBYLEX', 'l', '-', 'b'],
      ['ZRANGEBYLEX', 'l', '--', '+'],
      ['ZRANGEBYLEX', 'l', '-', '+', 'WITHSCORES'],
      ['ZRANGE', 'l', '-', '+', 'BYLEX', 'WITHSCORES'],
      ['ZLEXCOUNT', 'l', 'x', '+'],
      ['ZLEXCOUNT', 'nokey', '-', '+'],
      // Binary members order as unsigned bytes (memcmp), shorter first on a common prefix.
      ['ZADD', 'bin', '0', '\xff', '0', '\x00', '0', '\x7f', '0', '\x80\x00', '0', '\x80', '0', 'a\r\nb'],
      ['ZRANGE', 'bin', '0', '-1'],
      ['ZRANGEBYLEX', 'bin', '(\x7f', '[\x80\x00'],
      ['ZRANGEBYLEX', 'bin', '[\x80', '+'],
      ['ZSCORE', 'bin', 'a\r\nb'],
      // Mixed scores leave lex ranges undefined; a listpack answers by its linear scan.
      ['ZADD', 'mixed', '1', 'c', '2', 'a', '3', 'd', '4', 'b', '5', 'e'],
      ['ZRANGEBYLEX', 'mixed', '[b', '[d'],
      ['ZREVRANGEBYLEX', 'mixed', '[d', '[b'],
      ['ZLEXCOUNT', 'mixed', '[b', '[d'],
      ['ZLEXCOUNT', 'mixed', '(a', '+'],
      ['ZREMRANGEBYLEX', 'mixed', '[b', '[d'],
      ['ZRANGE', 'mixed', '0', '-1'],
    ]);
  });

  it('ZRANGESTORE stores, replaces and deletes', async () => {
    await bothProtocols(
      [...SCORES, ...LEX, ['SET', 's', 'x']],
      [
        ['ZRANGESTORE', 'd', 'z', '0', '2'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'd', 'z', '(1', '4', 'BYSCORE', 'LIMIT', '1', '2'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'd', 'z', '4', '(1', 'BYSCORE', 'REV'],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'd', 'l', '[b', '+', 'BYLEX'],
        ['ZRANGE', 'd', '0', '-1'],
        ['ZRANGESTORE', 'd', 'z', '10', '20'],
        ['EXISTS', 'd'],
        ['ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'd', 'nokey', '0', '-1'],
        ['ZRANGESTORE', 'd', 's', '0', '-1'],
        ['ZRANGESTORE', 's', 'z', '0', '0'],
        ['TYPE', 's'],
        ['ZRANGESTORE', 'z', 'z', '1', '2'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZRANGESTORE', 'd', 'z', '0', '1', 'LIMIT', '0', '1'],
      ],
    );
  });
});

describe('ZREMRANGEBY*, as redis-server', () => {
  it('removes by rank, score and lex', async () => {
    const steps: Step[] = [];
    for (const [a, b] of [
      ['0', '0'],
      ['-1', '-1'],
      ['1', '2'],
      ['5', '1'],
      ['10', '20'],
      ['-100', '100'],
    ]) {
      steps.push(...SCORES, ['ZREMRANGEBYRANK', 'z', a, b], ['ZRANGE', 'z', '0', '-1']);
    }
    for (const [a, b] of [
      ['2', '4'],
      ['(2', '(4'],
      ['-inf', 'inf'],
      ['(5', 'inf'],
      ['3', '1'],
    ]) {
      steps.push(['DEL', 'z'], ...SCORES, ['ZREMRANGEBYSCORE', 'z', a, b], ['ZRANGE', 'z', '0', '-1']);
    }
    for (const [a, b] of [
      ['[a', '[c'],
      ['(a', '(c'],
      ['-', '+'],
      ['[z', '+'],
    ]) {
      steps.push(['DEL', 'l'], ...LEX, ['ZREMRANGEBYLEX', 'l', a, b], ['ZRANGE', 'l', '0', '-1']);
    }
    await bothProtocols(
      [],
      [
        ...steps,
        ['EXISTS', 'l'],
        ['ZREMRANGEBYRANK', 'nokey', '0', '1'],
        ['ZREMRANGEBYRANK', 'nokey', 'x', '1'],
        ['ZREMRANGEBYSCORE', 'nokey', 'x', '1'],
        ['ZREMRANGEBYLEX', 'nokey', 'x', '1'],
        ['SET', 's', 'x'],
        ['ZREMRANGEBYRANK', 's', '0', '1'],
        ['ZREMRANGEBYSCORE', 's', '0', '1'],
        ['ZREMRANGEBYLEX', 's', '-', '+'],
      ],
    );
  });
});

describe('pops, as redis-server', () => {
  it('ZPOPMIN, ZPOPMAX and ZMPOP reply shapes and errors', async () => {
    await bothProtocols(
      [...SCORES, ['ZADD', 'y', '1', 'p', '2', 'q'], ['SET', 's', 'x']],
      [
        ['ZPOPMIN', 'z'],
        ['ZPOPMAX', 'z'],
        ['ZPOPMIN', 'z', '0'],
        ['ZPOPMIN', 'z', '1'],
        ['ZPOPMAX', 'z', '1'],
        ['ZPOPMIN', 'z', '-1'],
        ['ZPOPMIN', 'z', 'x'],
        ['ZPOPMIN', 'z', '1', '2'],
        ['ZPOPMIN', 'nokey'],
        ['ZPOPMIN', 'nokey', '2'],
        ['ZPOPMIN', 's'],
        ['ZPOPMAX', 'z', '10'],
        ['EXISTS', 'z'],
        ['ZMPOP', '1', 'y', 'MIN'],
        ['ZMPOP', '2', 'nokey', 'y', 'MAX', 'COUNT', '5'],
        ['ZMPOP', '1', 'nokey', 'MIN'],
        ['ZMPOP', '0', 'y', 'MIN'],
        ['ZMPOP', 'x', 'y', 'MIN'],
        ['ZMPOP', '3', 'y', 'MIN'],
        ['ZMPOP', '1', 'y', 'MID'],
        ['ZMPOP', '1', 'y', 'MIN', 'COUNT', '0'],
        ['ZMPOP', '1', 'y', 'MIN', 'COUNT'],
        ['ZMPOP', '1', 'y', 'MIN', 'COUNT', '1', 'COUNT', '1'],
        ['ZMPOP', '1', 'y', 'MIN', 'FOO'],
        ['ZMPOP', '2', 's', 'y', 'MIN'],
        ['ZMPOP', '2', 'nokey', 's', 'MIN'],
        ...SCORES,
        ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '2'],
        ['BZPOPMIN', 'z', '0'],
        ['BZPOPMAX', 'nokey', 'z', '0'],
        ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '10'],
        ['BZPOPMIN', 's', '0'],
        ['BZPOPMIN', 'z', 'x'],
        ['BZPOPMIN', 'z', '-1'],
        ['BZMPOP', '0', '0', 'z', 'MIN'],
        ['BZMPOP', 'x', '1', 'z', 'MIN'],
        ['MULTI'],
        ['BZPOPMIN', 'nokey', '0'],
        ['BZMPOP', '0', '1', 'nokey', 'MIN'],
        ['ZADD', 'nokey', '1', 'm'],
        ['BZPOPMAX', 'nokey', '0'],
        ['EXEC'],
      ],
    );
  });
});

describe('ZRANDMEMBER, as redis-server', () => {
  it('answers deterministic cases byte for byte and random ones in shape', async () => {
    await bothProtocols(
      [...SCORES, ['SET', 's', 'x']],
      [
        ['ZRANDMEMBER', 'nokey'],
        ['ZRANDMEMBER', 'nokey', '5'],
        ['ZRANDMEMBER', 'nokey', '5', 'WITHSCORES'],
        ['ZRANDMEMBER', 's'],
        ['ZRANDMEMBER', 's', '1'],
        ['ZRANDMEMBER', 'z', '0'],
        ['ZRANDMEMBER', 'z', '5'],
        ['ZRANDMEMBER', 'z', '10', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', 'x'],
        ['ZRANDMEMBER', 'z', '1', 'FOO'],
        ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
        ['ZRANDMEMBER', 'z', '-9223372036854775808'],
        ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
        { cmd: ['ZRANDMEMBER', 'z'], typeOnly: true },
        { cmd: ['ZRANDMEMBER', 'z', '3'], typeOnly: true },
      ],
    );
  });
});

describe('set operations, as redis-server', () => {
  const setup: Step[] = [
    ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'],
    ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'],
    ['ZADD', 'c', 'inf', 'x', '-inf', 'y', '5', 'z'],
    ['ZADD', 'd', '-inf', 'x', 'inf', 'y'],
    ['SET', 's', 'x'],
    ['SADD', 'si', '1', '2', '3'],
    ['SADD', 'sh', 'x', 'y', 'q'],
    ['ZADD', 'n', '1', '1', '5', '2', '7', 'q'],
    ['RPUSH', 'li', 'x'],
  ];
  it('ZUNION, ZINTER, ZDIFF with WEIGHTS, AGGREGATE and WITHSCORES', async () => {
    const steps: Step[] = [];
    for (const cmd of ['ZUNION', 'ZINTER']) {
      for (const extra of [[], ['WITHSCORES'], ['WEIGHTS', '2', '0.5', 'WITHSCORES'], ['AGGREGATE', 'MIN', 'WITHSCORES'], ['AGGREGATE', 'max', 'WITHSCORES'], ['WEIGHTS', '0', '0', 'WITHSCORES']]) {
        steps.push([cmd, '2', 'a', 'b', ...extra], [cmd, '2', 'c', 'd', ...extra], [cmd, '2', 'a', 'nokey', ...extra]);
      }
      steps.push(
        [cmd, '3', 'a', 'b', 'c', 'WITHSCORES'],
        [cmd, '1', 'a', 'WEIGHTS', 'x'],
        [cmd, '2', 'a', 'b', 'WEIGHTS', '1'],
        [cmd, '1', 'a', 'AGGREGATE', 'avg'],
        [cmd, '1', 'a', 'AGGREGATE'],
        [cmd, '0', 'a'],
        [cmd, '-1', 'a'],
        [cmd, 'x', 'a'],
        [cmd, '3', 'a', 'b'],
        [cmd, '2', 'a', 's'],
        [cmd, '1', 'a', 'LIMIT', '1'],
        [cmd, '2', 'a', 'a', 'WITHSCORES'],
      );
    }
    steps.push(
      ['ZDIFF', '2', 'a', 'b'],
      ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'],
      ['ZDIFF', '1', 'a', 'WITHSCORES'],
      ['ZDIFF', '2', 'nokey', 'a'],
      ['ZDIFF', '3', 'a', 'b', 'c'],
      ['ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['ZDIFF', '2', 'a', 'b', 'AGGREGATE', 'SUM'],
      ['ZDIFF', '0', 'a'],
      ['ZDIFF', '2', 'a', 's'],
      ['ZUNION', '3', 'n', 'si', 'sh', 'WITHSCORES'],
      ['ZUNION', '2', 'si', 'sh', 'WEIGHTS', '2', '3', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZINTER', '2', 'sh', 'a', 'WEIGHTS', '2', '3', 'WITHSCORES'],
      ['ZINTER', '2', 'n', 'si', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZDIFF', '2', 'si', 'n', 'WITHSCORES'],
      ['ZDIFF', '2', 'n', 'sh', 'WITHSCORES'],
      ['ZUNION', '2', 'a', 'li'],
      ['ZINTER', '2', 'li', 'a'],
    );
    await bothProtocols(setup, steps);
  });

  it('STORE forms and ZINTERCARD', async () => {
    await bothProtocols(setup, [
      ['ZUNIONSTORE', 'out', '2', 'a', 'b'],
      ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'out', '2', 'a', 'b', 'WEIGHTS', '1', '-1', 'AGGREGATE', 'MAX'],
      ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
      ['ZDIFFSTORE', 'out', '2', 'a', 'b'],
      ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'out', '2', 'a', 'nokey'],
      ['EXISTS', 'out'],
      ['ZUNIONSTORE', 'out', '2', 'a', 'b', 'WITHSCORES'],
      ['ZUNIONSTORE', 'out', '0', 'a'],
      ['ZINTERSTORE', 'out', '0', 'a'],
      ['ZDIFFSTORE', 'out', '0', 'a'],
      ['ZUNIONSTORE', 's', '1', 'a'],
      ['TYPE', 's'],
      ['ZUNIONSTORE', 'a', '2', 'a', 'b'],
      ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'],
      ['ZINTERCARD', '2', 'a', 'b'],
      ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
      ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
      ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'],
      ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'],
      ['ZINTERCARD', '2', 'a', 'b', 'WITHSCORES'],
      ['ZINTERCARD', '2', 'a', 'b', 'WEIGHTS', '1', '1'],
      ['ZINTERCARD', '0', 'a'],
      ['ZINTERCARD', '3', 'a'],
      ['ZINTERCARD', '1', 'nokey'],
      ['ZINTERCARD', '1', 's'],
      ['ZINTERCARD', '2', 'sh', 'n'],
      ['ZUNIONSTORE', 'out', '2', 'si', 'sh'],
      ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'out'],
      ['ZDIFFSTORE', 'out', '1', 'si'],
      ['TYPE', 'out'],
      ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'out', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['COMMAND', 'GETKEYS', 'ZINTER', '2', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'b', 'MIN'],
      ['COMMAND', 'GETKEYS', 'BZMPOP', '0', '2', 'a', 'b', 'MIN'],
      ['COMMAND', 'GETKEYS', 'ZRANGESTORE', 'dst', 'src', '0', '-1'],
    ]);
  });
});

describe('encodings, as redis-server', () => {
  it('converts listpack to skiplist by entries and value length, one way', async () => {
    await bothProtocols(
      [],
      [
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '4'],
        ['CONFIG', 'SET', 'zset-max-listpack-value', '8'],
        ['ZADD', 'e', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
        ['OBJECT', 'ENCODING', 'e'],
        ['ZADD', 'e', '5', 'e'],
        ['OBJECT', 'ENCODING', 'e'],
        ['ZREM', 'e', 'a', 'b', 'c'],
        ['OBJECT', 'ENCODING', 'e'],
        ['ZADD', 'v', '1', 'aaaaaaaa'],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZADD', 'v', '1', 'aaaaaaaaa'],
        ['OBJECT', 'ENCODING', 'v'],
        ['ZADD', 'w', '1', 'aaaaaaaaa'],
        ['OBJECT', 'ENCODING', 'w'],
        ['ZUNIONSTORE', 'u', '1', 'e'],
        ['OBJECT', 'ENCODING', 'u'],
        ['ZRANGESTORE', 'r', 'v', '0', '0'],
        ['OBJECT', 'ENCODING', 'r'],
        ['ZRANGESTORE', 'r', 'v', '0', '-1'],
        ['OBJECT', 'ENCODING', 'r'],
        ['ZADD', 'big', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
        ['OBJECT', 'ENCODING', 'big'],
        ['ZINTERSTORE', 'i', '1', 'big'],
        ['OBJECT', 'ENCODING', 'i'],
        ['ZDIFFSTORE', 'i', '2', 'big', 'e'],
        ['OBJECT', 'ENCODING', 'i'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
        ['ZADD', 'zero', '1', 'a'],
        ['OBJECT', 'ENCODING', 'zero'],
        ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
        ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
      ],
    );
  });
});

describe('ZSCAN, as redis-server', () => {
  it('answers a listpack set in one call, with MATCH and COUNT and errors', async () => {
    await bothProtocols(
      [['ZADD', 'z', '1.1', 'a1', '2', 'a2', '-0', 'b1', 'inf', 'b2', '1e20', 'c', '0.1', 'd'], ['SET', 's', 'x']],
      [
        ['ZSCAN', 'z', '0'],
        ['ZSCAN', 'z', '0', 'MATCH', 'a*'],
        ['ZSCAN', 'z', '0', 'COUNT', '1'],
        ['ZSCAN', 'z', '0', 'COUNT', '0'],
        ['ZSCAN', 'z', '0', 'COUNT', 'x'],
        ['ZSCAN', 'z', '0', 'MATCH'],
        ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
        ['ZSCAN', 'z', 'x'],
        ['ZSCAN', 'z', '-1'],
        ['ZSCAN', 'z', ''],
        ['ZSCAN', 'z', ' 0'],
        ['ZSCAN', 'z', '18446744073709551616'],
        ['ZSCAN', 'nokey', '0'],
        ['ZSCAN', 'nokey', '0', 'COUNT', '0'],
        ['ZSCAN', 's', '0'],
        ['ZSCAN', 's', 'x'],
      ],
    );
  });

  it('prints skiplist scores as Redis prints long doubles', async () => {
    const add = ['ZADD', 'big'];
    const scores = ['1.1', '0.1', '-0', '1e20', '123456789.123', '-2.5', 'inf', '-inf', '3', '1e-7', '0.3', '1.7976931348623157e308'];
    scores.forEach((s, i) => add.push(s, `m${i}`));
    await pair.expectSame([['FLUSHALL'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'], add, { cmd: ['ZSCAN', 'big', '0', 'COUNT', '1000'], typeOnly: true }, ['CONFIG', 'SET', 'zset-max-listpack-entries', '128']]);
    const [ours, theirs] = await pair.both('ZSCAN', 'big', '0', 'COUNT', '1000');
    const pairsOf = (raw: string) => {
      const parts = raw.split('\r\n').filter((x, i) => i > 4 && !x.startsWith('$'));
      const out: string[] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) out.push(`${parts[i]}=${parts[i + 1]}`);
      return out.sort();
    };
    expect(pairsOf(ours)).toEqual(pairsOf(theirs));
  });
});

describe('type checks and COMMAND INFO, as redis-server', () => {
  it('answers WRONGTYPE and arity errors identically', async () => {
    const steps: Step[] = [['SET', 's', 'x']];
    for (const cmd of ['ZADD', 'ZINCRBY', 'ZREM', 'ZSCORE', 'ZMSCORE', 'ZCARD', 'ZCOUNT', 'ZLEXCOUNT', 'ZRANGE', 'ZRANGEBYSCORE', 'ZREVRANGEBYSCORE', 'ZRANGEBYLEX', 'ZREVRANGEBYLEX', 'ZREVRANGE', 'ZRANGESTORE', 'ZRANK', 'ZREVRANK', 'ZPOPMIN', 'ZPOPMAX', 'ZMPOP', 'ZRANDMEMBER', 'ZREMRANGEBYRANK', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYLEX', 'ZUNION', 'ZINTER', 'ZDIFF', 'ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE', 'ZINTERCARD', 'ZSCAN', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP']) {
      steps.push([cmd], [cmd, 's'], ['COMMAND', 'INFO', cmd.toLowerCase()], ['COMMAND', 'DOCS', cmd.toLowerCase()]);
    }
    steps.push(['GET', 's'], ['ZADD', 'z', '1', 'a'], ['GET', 'z'], ['LPUSH', 'z', 'x']);
    await pair.expectSame(steps);
  });
});

describe('keyspace notifications, as redis-server', () => {
  it('publishes the same events in the same order', async () => {
    const { RawClient, encodeCommand } = await import('../helpers/raw');
    const subs = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    try {
      await pair.expectSame([['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']]);
      for (const sub of subs) await sub.call('PSUBSCRIBE', '__key*__:*');
      await pair.expectSame([
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
        ['ZADD', 'z', '1', 'a'],
        ['ZADD', 'z', 'INCR', '1', 'a'],
        ['ZINCRBY', 'z', '1', 'a'],
        ['ZADD', 'z', 'XX', '1', 'nosuch'],
        ['ZADD', 'z', '5', 'e', 'nan', 'f'],
        ['ZREM', 'z', 'nosuch'],
        ['ZREM', 'z', 'e'],
        ['ZRANGESTORE', 'd', 'z', '0', '1'],
        ['ZRANGESTORE', 'd', 'z', '10', '20'],
        ['ZUNIONSTORE', 'u', '2', 'z', 'd'],
        ['ZINTERSTORE', 'u', '2', 'z', 'nokey'],
        ['ZDIFFSTORE', 'u', '1', 'z'],
        ['ZREMRANGEBYRANK', 'u', '0', '0'],
        ['ZREMRANGEBYSCORE', 'u', '-inf', '(3'],
        ['ZREMRANGEBYLEX', 'u', '-', '+'],
        ['ZPOPMIN', 'z'],
        ['ZPOPMAX', 'z', '5'],
        ['ZADD', 'y', '1', 'p', '2', 'q'],
        ['ZMPOP', '1', 'y', 'MIN'],
        ['BZPOPMAX', 'y', '0'],
        ['ZADD', 'w', '1', 'x'],
        ['ZREM', 'w', 'x'],
      ]);
      const events: string[][] = [];
      for (const sub of subs) {
        sub.write(encodeCommand(['PING']));
        const got: string[] = [];
        for (;;) {
          const reply = (await sub.read()).toString('latin1');
          if (reply.includes('pong')) break;
          got.push(reply);
        }
        events.push(got);
      }
      expect(events[0]).toEqual(events[1]);
      expect(events[1].length).toBeGreaterThan(30);
    } finally {
      for (const sub of subs) sub.close();
      await pair.expectSame([['CONFIG', 'SET', 'notify-keyspace-events', '']]);
    }
  });
});

describe('ZRANDMEMBER samples, as redis-server', () => {
  /** Members of a flat RESP2 array reply. */
  const members = (raw: string) => raw.split('\r\n').filter((x, i) => i > 0 && i % 2 === 0);

  it('draws distinct members for positive counts and any members for negative ones', async () => {
    const add = ['ZADD', 'big'];
    for (let i = 0; i < 200; i++) add.push(String(i), `m${i}`);
    await pair.expectSame([['FLUSHALL'], add]);
    for (const count of [3, 50, 150, 199]) {
      for (const raw of await pair.both('ZRANDMEMBER', 'big', String(count))) {
        const got = members(raw);
        expect(got.length).toBe(count);
        expect(new Set(got).size).toBe(count);
        for (const m of got) expect(m).toMatch(/^m([0-9]|[1-9][0-9]|1[0-9][0-9])$/);
      }
    }
    for (const raw of await pair.both('ZRANDMEMBER', 'big', '-500')) {
      const got = members(raw);
      expect(got.length).toBe(500);
      expect(new Set(got).size).toBeLessThan(200);
    }
    const [ours] = await pair.both('ZRANDMEMBER', 'big', '-3', 'WITHSCORES');
    const parts = ours.split('\r\n');
    for (let i = 2; i < parts.length - 1; i += 4) expect(parts[i + 2]).toBe(parts[i].slice(1));
  });
});

describe('keyspace hits and misses, as redis-server', () => {
  it('counts the same lookups for every sorted set command', async () => {
    const stats = async (): Promise<[string, string]> => {
      const [ours, theirs] = await pair.both('INFO', 'stats');
      const pick = (raw: string) => raw.split('\r\n').filter((l) => l.startsWith('keyspace_')).join(' ');
      return [pick(ours), pick(theirs)];
    };
    await pair.expectSame([['FLUSHALL'], ...SCORES, ['ZADD', 'y', '1', 'p'], ['CONFIG', 'RESETSTAT']]);
    const commands: string[][] = [
      ['ZSCORE', 'z', 'a'], ['ZSCORE', 'nokey', 'a'], ['ZMSCORE', 'z', 'a'], ['ZCARD', 'nokey'], ['ZCOUNT', 'z', '0', '1'],
      ['ZLEXCOUNT', 'nokey', '-', '+'], ['ZRANK', 'z', 'a'], ['ZRANGE', 'z', '0', '1'], ['ZRANGEBYSCORE', 'nokey', '0', '1'],
      ['ZRANGESTORE', 'd', 'z', '0', '1'], ['ZRANGESTORE', 'd', 'nokey', '0', '1'], ['ZRANDMEMBER', 'z'], ['ZSCAN', 'nokey', '0'],
      ['ZUNION', '2', 'z', 'nokey'], ['ZINTERSTORE', 'd', '2', 'z', 'nokey'], ['ZDIFF', '2', 'z', 'y'], ['ZINTERCARD', '2', 'z', 'y'],
      ['ZADD', 'z', '9', 'n'], ['ZINCRBY', 'nokey2', '1', 'a'], ['ZREM', 'nokey', 'a'], ['ZPOPMIN', 'y'], ['ZMPOP', '2', 'nokey', 'z', 'MIN'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'], ['BZPOPMAX', 'nokey', 'z', '0'],
    ];
    for (const cmd of commands) {
      await pair.both(...cmd);
      const [ours, theirs] = await stats();
      expect(ours, cmd.join(' ')).toBe(theirs);
    }
  });
});
