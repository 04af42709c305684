/**
 * Differential tests of the hash commands: respkv and redis-server get the same commands and must
 * answer the same bytes, in RESP2 and in RESP3. Orders are compared as multisets only where Redis
 * leaves them unspecified (a hashtable-encoded hash); listpack order is compared exactly.
 */
import { describe, expect, it } from 'vitest';
import { commandInfoHead, expectSameInBothProtocols, expectSameKeyspaceEvents, PAIR_TEST_TIMEOUT_MS, Step, usePair } from '../helpers/differential';

const pair = usePair({ flushEach: true });

const PROTOCOLS = ['2', '3'] as const;

function inBothProtocols(steps: readonly Step[]): Promise<void> {
  return expectSameInBothProtocols(pair, steps);
}

const many = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]).flat();

describe('hash commands, as redis-server', { timeout: PAIR_TEST_TIMEOUT_MS }, () => {
  it('HSET, HMSET, HSETNX, HGET, HMGET and their errors', async () => {
    await inBothProtocols([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '3', 'c', '4'],
      ['HSET', 'h', 'a'],
      ['HSET', 'h', 'a', '1', 'b'],
      ['HSET', 'h'],
      ['HMSET', 'h', 'd', '5', 'e', '6'],
      ['HMSET', 'h', 'd'],
      ['HSETNX', 'h', 'a', 'x'],
      ['HSETNX', 'h', 'z', 'x'],
      ['HSETNX', 'new', 'f', 'v'],
      ['HSETNX', 'h', 'a'],
      ['HGET', 'h', 'a'],
      ['HGET', 'h', 'nosuch'],
      ['HGET', 'nokey', 'a'],
      ['HMGET', 'h', 'a', 'nosuch', 'b'],
      ['HMGET', 'nokey', 'a', 'b'],
      ['HGETALL', 'h'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['HEXISTS', 'h', 'a'],
      ['HEXISTS', 'h', 'q'],
      ['HEXISTS', 'nokey', 'q'],
      ['HSTRLEN', 'h', 'a'],
      ['HSTRLEN', 'h', 'q'],
      ['HSTRLEN', 'nokey', 'q'],
      ['HSET', 'bin', 'f\x00\xff', 'v\r\n\x80'],
      ['HGETALL', 'bin'],
      ['HSET', 'dup', 'a', '1', 'a', '2', 'b', '3', 'a', '4'],
      ['HGETALL', 'dup'],
      ['HSET', 'empty', '', ''],
      ['HGETALL', 'empty'],
      ['HSTRLEN', 'empty', ''],
      ['HSTRLEN', 'bin', 'f\x00\xff'],
      ['OBJECT', 'ENCODING', 'h'],
      ['TYPE', 'h'],
    ]);
  });

  it('HDEL removes fields and the emptied key, keeping listpack order', async () => {
    await inBothProtocols([
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['HDEL', 'h', 'b', 'nosuch'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'b', '9'],
      ['HKEYS', 'h'],
      ['HDEL', 'h', 'a', 'b', 'c', 'd', 'e'],
      ['EXISTS', 'h'],
      ['HDEL', 'nokey', 'a'],
      ['HDEL', 'h'],
    ]);
  });

  it('answers WRONGTYPE for every command on a string key', async () => {
    await inBothProtocols([
      ['SET', 's', 'x'],
      ['HSET', 's', 'a', '1'],
      ['HMSET', 's', 'a', '1'],
      ['HSETNX', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'],
      ['HGETALL', 's'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HDEL', 's', 'a'],
      ['HLEN', 's'],
      ['HEXISTS', 's', 'a'],
      ['HSTRLEN', 's', 'a'],
      ['HINCRBY', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', '1'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '2'],
      ['HSCAN', 's', '0'],
      ['HINCRBY', 's', 'a', 'x'],
      ['HSCAN', 's', 'x'],
    ]);
  });

  it('HINCRBY: integers, overflow and bad values', async () => {
    await inBothProtocols([
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-7'],
      ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', '1.5'],
      ['HINCRBY', 'h', 'n', '01'],
      ['HINCRBY', 'h', 'n', '9223372036854775807'],
      ['HSET', 'h', 'max', '9223372036854775807', 'min', '-9223372036854775808', 's', 'abc', 'sp', ' 1'],
      ['HINCRBY', 'h', 'max', '1'],
      ['HINCRBY', 'h', 'min', '-1'],
      ['HINCRBY', 'h', 'max', '-1'],
      ['HINCRBY', 'h', 's', '1'],
      ['HINCRBY', 'h', 'sp', '1'],
      ['HINCRBY', 'h', 'n', '99999999999999999999'],
      ['HINCRBY', 'h', 'n', '+5'],
      ['HINCRBY', 'h', 'n', ' 5'],
      ['HGETALL', 'h'],
      ['HINCRBY', 'fresh', 'f', '0'],
      ['HGETALL', 'fresh'],
    ]);
  });

  it('HINCRBYFLOAT: long double arithmetic printed as Redis prints it', async () => {
    await inBothProtocols([
      ['HINCRBYFLOAT', 'h', 'f', '10.5'],
      ['HINCRBYFLOAT', 'h', 'f', '0.1'],
      ['HINCRBYFLOAT', 'h', 'g', '5000'],
      ['HINCRBYFLOAT', 'h', 'g', '0.1'],
      ['HINCRBYFLOAT', 'h', 'x', '1e70'],
      ['HINCRBYFLOAT', 'h', 'y', '-0'],
      ['HINCRBYFLOAT', 'h', 'y', '-1e-30'],
      ['HINCRBYFLOAT', 'h', 'z', '0x1p-3'],
      ['HINCRBYFLOAT', 'h', 'z', '3.0e3'],
      ['HINCRBYFLOAT', 'h', 'z', '+.5'],
      ['HINCRBYFLOAT', 'h', 'z', '1.'],
      ['HINCRBYFLOAT', 'h', 'w', '1e4000'],
      ['HINCRBYFLOAT', 'h', 'w', '1e-4940'],
      ['HINCRBYFLOAT', 'h', 'w', '1e-5000'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HINCRBYFLOAT', 'h', 'f', '-Infinity'],
      ['HINCRBYFLOAT', 'h', 'f', 'nan'],
      ['HINCRBYFLOAT', 'h', 'f', 'abc'],
      ['HINCRBYFLOAT', 'h', 'f', ' 1'],
      ['HINCRBYFLOAT', 'h', 'f', '1e'],
      ['HINCRBYFLOAT', 'h', 'f', ''],
      ['HSET', 'h', 'inf', 'inf', 'bad', 'x1', 'sp', ' 1', 'int', '7'],
      ['HINCRBYFLOAT', 'h', 'inf', '1'],
      ['HINCRBYFLOAT', 'h', 'bad', '1'],
      ['HINCRBYFLOAT', 'h', 'sp', '1'],
      ['HINCRBYFLOAT', 'h', 'int', '-7.25'],
      ['HINCRBYFLOAT', 'h', 'int', '1.1'],
      ['HINCRBYFLOAT', 'h', 'int', '2.2'],
      ['OBJECT', 'ENCODING', 'h'],
      { cmd: ['HGETALL', 'h'], unordered: true },
    ]);
  });

  it('HRANDFIELD: errors, empty answers and whole-hash answers', async () => {
    await inBothProtocols([
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '3'],
      ['HRANDFIELD', 'nokey', '3', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', 'x'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUE'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HRANDFIELD', 'h', 'x'],
      ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', '1', 'nope'],
      ['HRANDFIELD', 'h', '-9223372036854775808'],
      ['HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '+1'],
      ['HRANDFIELD', 'h', '99999999999999999999'],
      ['HRANDFIELD', 'h', '0'],
      ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '3'],
      ['HRANDFIELD', 'h', '10', 'WITHVALUES'],
      { cmd: ['HRANDFIELD', 'h'], typeOnly: true },
      { cmd: ['HRANDFIELD', 'h', '-5', 'WITHVALUES'], typeOnly: true },
    ]);
  });

  it('HRANDFIELD answers have the right shape and only existing fields', async () => {
    await pair.both('HSET', 'h', ...many(20, 'f'));
    for (const proto of PROTOCOLS) {
      await pair.both('HELLO', proto);
      for (const count of ['1', '5', '-5', '15', '-40']) {
        for (const extra of [[], ['WITHVALUES']]) {
          const [ours, theirs] = await pair.both('HRANDFIELD', 'h', count, ...extra);
          const header = (s: string) => s.slice(0, s.indexOf('\r\n'));
          if (header(ours) !== header(theirs)) throw new Error(`HRANDFIELD ${count} ${extra}: ${header(ours)} vs ${header(theirs)}`);
          const fields = ours.match(/f[0-9]+/g) ?? [];
          if (count[0] !== '-' && new Set(fields).size !== fields.length) throw new Error(`repeated field for count ${count}`);
        }
      }
    }
    await pair.both('HELLO', '2');
  });

  it('HSCAN: listpack in one call, options and errors', async () => {
    await inBothProtocols([
      ['HSET', 'h', 'a', '1', 'b', '2', 'ab', '3'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'h', '123'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'MATCH'],
      ['HSCAN', 'h', '0', 'TYPE', 'string'],
      ['HSCAN', 'h', '0', 'NOVALUES'],
      ['HSCAN', 'h', 'abc'],
      ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '+0'],
      ['HSCAN', 'h', '0', 'COUNT', '+5'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['HSCAN', 'nokey', '0'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'],
    ]);
  });

  it('HSCAN over a hashtable returns every field once a full iteration ends', async () => {
    await pair.both('HSET', 'big', ...many(300, 'k'));
    for (const [name, port] of [
      ['respkv', pair.ours],
      ['redis', pair.theirs],
    ] as const) {
      const seen = new Set<string>();
      let cursor = '0';
      let calls = 0;
      do {
        const reply = await port.call('HSCAN', 'big', cursor, 'COUNT', '7', 'MATCH', 'k1*');
        const parts = reply.split('\r\n');
        cursor = parts[2];
        for (let i = 5; i < parts.length - 1; i += 4) seen.add(parts[i]);
        calls++;
      } while (cursor !== '0' && calls < 1000);
      const expected = Array.from({ length: 300 }, (_, i) => `k${i}`).filter((k) => k.startsWith('k1'));
      if (seen.size !== expected.length) throw new Error(`${name}: saw ${seen.size} of ${expected.length}`);
    }
  });

  it('encodings switch at hash-max-listpack-entries and -value, one way', async () => {
    await inBothProtocols([
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '8'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'e', '5'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'a', 'b', 'c'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'v', 'f', '12345678'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'v', 'f', '123456789'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'w', '123456789', 'x'],
      ['OBJECT', 'ENCODING', 'w'],
      ['HSETNX', 'x', 'f', '1'],
      ['HSETNX', 'x', 'f', '123456789'],
      ['OBJECT', 'ENCODING', 'x'],
      ['HSETNX', 'x', 'g', '123456789'],
      ['OBJECT', 'ENCODING', 'x'],
      ['HINCRBY', 'y', 'longfieldname', '1'],
      ['OBJECT', 'ENCODING', 'y'],
      ['HINCRBYFLOAT', 'z', 'f', '1e70'],
      ['OBJECT', 'ENCODING', 'z'],
      ['HINCRBY', 'y2', 'f', '123456789'],
      ['OBJECT', 'ENCODING', 'y2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'zero', 'a', '1'],
      ['OBJECT', 'ENCODING', 'zero'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ['HSET', 'big', ...many(128, 'f')],
      ['OBJECT', 'ENCODING', 'big'],
      ['HSET', 'big', 'one', 'more'],
      ['OBJECT', 'ENCODING', 'big'],
      { cmd: ['HGETALL', 'big'], unordered: true },
      { cmd: ['HKEYS', 'big'], unordered: true },
      { cmd: ['HVALS', 'big'], unordered: true },
      ['HLEN', 'big'],
    ]);
  });

  it('keyspace commands treat hashes generically', async () => {
    await inBothProtocols([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['TYPE', 'h'],
      ['COPY', 'h', 'h2'],
      ['HSET', 'h2', 'c', '3'],
      ['HGETALL', 'h'],
      ['HGETALL', 'h2'],
      ['RENAME', 'h2', 'h3'],
      ['HGETALL', 'h3'],
      ['MOVE', 'h3', '1'],
      ['EXISTS', 'h3'],
      ['SELECT', '1'],
      ['HGETALL', 'h3'],
      ['SELECT', '0'],
      ['SET', 'str', 'x'],
      ['SCAN', '0', 'TYPE', 'hash'],
      ['DEL', 'h'],
      ['EXISTS', 'h'],
    ]);
  });

  it('answers arity errors for every command', async () => {
    await inBothProtocols([
      ['HSET', 'h'],
      ['HSETNX', 'h', 'a'],
      ['HGET', 'h'],
      ['HMGET', 'h'],
      ['HGETALL'],
      ['HDEL', 'h'],
      ['HLEN'],
      ['HEXISTS', 'h'],
      ['HKEYS'],
      ['HVALS'],
      ['HSTRLEN', 'h'],
      ['HINCRBY', 'h', 'f'],
      ['HINCRBYFLOAT', 'h', 'f'],
      ['HRANDFIELD'],
      ['HSCAN', 'h'],
      ['HMSET', 'h', 'a'],
    ]);
  });

  it('publishes the same keyspace events', async () => {
    const events = await expectSameKeyspaceEvents(pair, [
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HMSET', 'h', 'c', '3'],
      ['HSETNX', 'h', 'a', 'x'],
      ['HSETNX', 'h', 'd', 'x'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBY', 'h', 'a', 'x'],
      ['HINCRBYFLOAT', 'h', 'f', '1.5'],
      ['HDEL', 'h', 'nosuch'],
      ['HDEL', 'h', 'a', 'b'],
      ['HGETALL', 'h'],
      ['HDEL', 'h', 'c', 'd', 'n', 'f'],
      ['HSET', 'h2', 'a', '1'],
      ['COPY', 'h2', 'h3'],
      ['RENAME', 'h3', 'h4'],
      ['DEL', 'h2', 'h4'],
    ]);
    expect(events).toBeGreaterThan(20);
  });

  it('declares the arity, flags, key range and categories of COMMAND INFO, and COMMAND DOCS', async () => {
    const names = ['hset', 'hsetnx', 'hmset', 'hget', 'hmget', 'hgetall', 'hdel', 'hexists', 'hlen', 'hkeys', 'hvals', 'hstrlen', 'hincrby', 'hincrbyfloat', 'hrandfield', 'hscan'];
    for (const name of names) {
      const [ours, theirs] = await pair.both('COMMAND', 'INFO', name);
      expect(commandInfoHead(ours), name).toEqual(commandInfoHead(theirs));
      await pair.expectSame([['COMMAND', 'DOCS', name]]);
    }
  });
});
