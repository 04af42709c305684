/**
 * Differential tests of the set commands: respkv and redis-server get the same commands and must
 * answer the same bytes, in RESP2 and in RESP3. Intsets answer in ascending order in both servers
 * and are compared exactly; hashtable answers are compared as multisets, as Redis leaves their
 * order unspecified; random answers are compared by shape.
 */
import { describe, expect, it } from 'vitest';
import { commandInfoHead, expectSameInBothProtocols, expectSameKeyspaceEvents, PAIR_TEST_TIMEOUT_MS, Step, usePair } from '../helpers/differential';

const pair = usePair({ flushEach: true });

const PROTOCOLS = ['2', '3'] as const;

function inBothProtocols(steps: readonly Step[]): Promise<void> {
  return expectSameInBothProtocols(pair, steps);
}

const ints = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));
const u = (...cmd: string[]): Step => ({ cmd, unordered: true });

describe('set commands, as redis-server', { timeout: PAIR_TEST_TIMEOUT_MS }, () => {
  it('SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD', async () => {
    await inBothProtocols([
      ['SADD', 'i', '3', '-1', '20', '3', '9223372036854775807', '-9223372036854775808'],
      ['SMEMBERS', 'i'],
      ['OBJECT', 'ENCODING', 'i'],
      ['SADD', 'i', '007'],
      ['OBJECT', 'ENCODING', 'i'],
      u('SMEMBERS', 'i'),
      ['SADD', 'w', '9007199254740993', '9007199254740991', '9007199254740992', '-9007199254740993', '2'],
      ['SMEMBERS', 'w'],
      ['SISMEMBER', 'w', '9007199254740993'],
      ['SREM', 'w', '9007199254740992', '9007199254740994'],
      ['SMEMBERS', 'w'],
      ['OBJECT', 'ENCODING', 'w'],
      ['SADD', 'j', '9223372036854775808'],
      ['OBJECT', 'ENCODING', 'j'],
      ['SADD', 'k', '-0'],
      ['OBJECT', 'ENCODING', 'k'],
      ['SADD', 'k2', '0', '+1'],
      ['OBJECT', 'ENCODING', 'k2'],
      ['SADD', 's', 'a', 'b', 'c'],
      u('SMEMBERS', 's'),
      ['SISMEMBER', 's', 'a'],
      ['SISMEMBER', 's', 'z'],
      ['SISMEMBER', 'nokey', 'z'],
      ['SMISMEMBER', 's', 'a', 'z', 'c'],
      ['SMISMEMBER', 'nokey', 'a', 'z'],
      ['SCARD', 's'],
      ['SCARD', 'nokey'],
      ['SREM', 's', 'a', 'z'],
      ['SREM', 's', 'b', 'c', 'd'],
      ['EXISTS', 's'],
      ['SREM', 'nokey', 'a'],
      ['SMEMBERS', 'nokey'],
      ['SADD', 'bin', 'a\x00b', '\xff'],
      u('SMEMBERS', 'bin'),
      ['SADD', 'dup', 'x', 'x', '1', '1'],
      ['SCARD', 'dup'],
      ['SADD', 'e', ''],
      ['SMEMBERS', 'e'],
      ['SISMEMBER', 'e', ''],
      ['SISMEMBER', 'i', '3'],
      ['SISMEMBER', 'i', '3.0'],
      ['TYPE', 'i'],
    ]);
  });

  it('answers WRONGTYPE for every command on a string key', async () => {
    await inBothProtocols([
      ['SET', 'str', 'x'],
      ['SADD', 'set', 'a'],
      ['SADD', 'str', 'a'],
      ['SREM', 'str', 'a'],
      ['SMEMBERS', 'str'],
      ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'],
      ['SCARD', 'str'],
      ['SPOP', 'str'],
      ['SPOP', 'str', '2'],
      ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '2'],
      ['SMOVE', 'str', 'set', 'a'],
      ['SMOVE', 'set', 'str', 'a'],
      ['SMOVE', 'nokey', 'str', 'a'],
      ['SINTER', 'set', 'str'],
      ['SINTER', 'nokey', 'str'],
      ['SINTER', 'str', 'nokey'],
      ['SUNION', 'set', 'str'],
      ['SDIFF', 'set', 'str'],
      ['SDIFF', 'nokey', 'str'],
      ['SINTERSTORE', 'd', 'set', 'str'],
      ['SUNIONSTORE', 'd', 'set', 'str'],
      ['SDIFFSTORE', 'd', 'set', 'str'],
      ['SINTERSTORE', 'str', 'set'],
      ['GET', 'str'],
      ['SET', 'str', 'x'],
      ['SINTERCARD', '2', 'set', 'str'],
      ['SSCAN', 'str', '0'],
      ['SPOP', 'str', '-1'],
      ['SMEMBERS', 'set'],
    ]);
  });

  it('SMOVE between sets, to new keys, onto itself', async () => {
    await inBothProtocols([
      ['SADD', 'a', '1', '2', 'x'],
      ['SMOVE', 'a', 'b', '1'],
      ['SMEMBERS', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SMOVE', 'a', 'b', 'nosuch'],
      ['SMOVE', 'a', 'a', '2'],
      ['SMOVE', 'a', 'a', 'nosuch'],
      ['SMOVE', 'nokey', 'b', '1'],
      ['SET', 'str', 'x'],
      ['SMOVE', 'str', 'str', '1'],
      ['SMOVE', 'a', 'str', 'nosuch'],
      ['DEL', 'str'],
      ['SADD', 'b', '2'],
      ['SMOVE', 'a', 'b', '2'],
      ['SMEMBERS', 'b'],
      ['SMOVE', 'a', 'c', 'x'],
      ['EXISTS', 'a'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SMEMBERS', 'c'],
    ]);
  });

  it('SINTER, SUNION, SDIFF and their STORE forms', async () => {
    await inBothProtocols([
      ['SADD', 'a', '1', '2', '3', '4', '5'],
      ['SADD', 'b', '4', '5', '6'],
      ['SADD', 'c', '5', 'x'],
      ['SINTER', 'a', 'b'],
      ['SINTER', 'a', 'b', 'c'],
      ['SINTER', 'a'],
      ['SINTER', 'a', 'a'],
      ['SINTER', 'a', 'nokey'],
      ['SUNION', 'a', 'b'],
      u('SUNION', 'a', 'c'),
      ['SUNION', 'nokey', 'nokey2'],
      ['SDIFF', 'a', 'b'],
      ['SDIFF', 'a', 'b', 'c'],
      ['SDIFF', 'a', 'a'],
      ['SDIFF', 'a', 'nokey'],
      ['SDIFF', 'nokey', 'a'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SMEMBERS', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SUNIONSTORE', 'd', 'a', 'c'],
      u('SMEMBERS', 'd'),
      ['OBJECT', 'ENCODING', 'd'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SMEMBERS', 'd'],
      ['EXPIRE', 'd', '100'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['TTL', 'd'],
      ['SINTERSTORE', 'd', 'a', 'nokey'],
      ['EXISTS', 'd'],
      ['SET', 'd', 'str'],
      ['SUNIONSTORE', 'd', 'a'],
      ['TYPE', 'd'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
      ['EXISTS', 'd'],
      ['SDIFFSTORE', 'a', 'a', 'b'],
      ['SMEMBERS', 'a'],
      ['SINTERSTORE', 'b', 'b', 'a'],
      ['SMEMBERS', 'b'],
      ['SUNIONSTORE', 'b', 'b', 'b'],
      ['SMEMBERS', 'b'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SINTERCARD', '1', 'a'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '2'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '0'],
      ['SINTERCARD', '1', 'a', 'limit', '100'],
      ['SINTERCARD', '2', 'a', 'nokey'],
      ['SINTERCARD', '0', 'a'],
      ['SINTERCARD', '-1', 'a'],
      ['SINTERCARD', 'x', 'a'],
      ['SINTERCARD', '3', 'a', 'b'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', 'x'],
      ['SINTERCARD', '1', 'a', 'LIMIT'],
      ['SINTERCARD', '1', 'a', 'FOO', '1'],
      ['SINTERCARD', '+1', 'a'],
      ['SINTERCARD', '99999999999999999999', 'a'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '+1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '99999999999999999999'],
      ['SINTERCARD', '1'],
    ]);
  });

  it('SDIFF chooses Redis\'s algorithm, which shows in the stored encoding', async () => {
    await inBothProtocols([
      ['CONFIG', 'SET', 'set-max-intset-entries', '4'],
      ['SADD', 'big', ...ints(0, 10)],
      ['SADD', 'small', ...ints(0, 8)],
      ['SDIFFSTORE', 'd1', 'big', 'small'],
      ['OBJECT', 'ENCODING', 'd1'],
      ['SMEMBERS', 'd1'],
      ['SADD', 'o1', '100'],
      ['SADD', 'o2', '101'],
      ['SADD', 'o3', '102'],
      ['SDIFFSTORE', 'd2', 'big', 'o1', 'o2', 'o3', 'small'],
      ['OBJECT', 'ENCODING', 'd2'],
      ['SINTERSTORE', 'd3', 'big', 'big'],
      ['OBJECT', 'ENCODING', 'd3'],
      ['SUNIONSTORE', 'd4', 'o1', 'o2', 'o3'],
      ['OBJECT', 'ENCODING', 'd4'],
      ['SMEMBERS', 'd4'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ]);
  });

  it('SPOP and SRANDMEMBER: errors, empty and whole-set answers', async () => {
    await inBothProtocols([
      ['SPOP', 'nokey'],
      ['SPOP', 'nokey', '3'],
      ['SPOP', 'nokey', '0'],
      ['SPOP', 'nokey', 'x'],
      ['SPOP', 'nokey', '-1'],
      ['SPOP', 'nokey', '1', '2'],
      ['SPOP', 'nokey', '+1'],
      ['SPOP', 'nokey', '99999999999999999999'],
      ['SRANDMEMBER', 'nokey', '+1'],
      ['SRANDMEMBER', 'nokey'],
      ['SRANDMEMBER', 'nokey', '3'],
      ['SRANDMEMBER', 'nokey', '-3'],
      ['SRANDMEMBER', 'nokey', 'x'],
      ['SRANDMEMBER', 'nokey', '1', '2'],
      ['SRANDMEMBER', 'nokey', '-9223372036854775808'],
      ['SADD', 's', '5', '1', '3'],
      ['SRANDMEMBER', 's', '0'],
      ['SRANDMEMBER', 's', '3'],
      ['SRANDMEMBER', 's', '10'],
      ['SPOP', 's', '0'],
      ['SPOP', 's', '3'],
      ['EXISTS', 's'],
      ['SADD', 's', '5', '1', '3'],
      ['SPOP', 's', '10'],
      ['SADD', 't', 'a'],
      ['SPOP', 't'],
      ['EXISTS', 't'],
      ['SADD', 't', 'a'],
      ['SRANDMEMBER', 't'],
      ['SRANDMEMBER', 't', '-3'],
      ['SPOP', 't', '1'],
    ]);
  });

  it('SPOP with a count leaves Redis\'s encoding (survivors rebuilt as a new set)', async () => {
    await inBothProtocols([
      ['CONFIG', 'SET', 'set-max-intset-entries', '8'],
      ['SADD', 's', ...ints(0, 10)],
      ['OBJECT', 'ENCODING', 's'],
      { cmd: ['SPOP', 's', '9'], typeOnly: true },
      ['OBJECT', 'ENCODING', 's'],
      ['SCARD', 's'],
      ['SADD', 't', ...ints(0, 10)],
      { cmd: ['SPOP', 't', '2'], typeOnly: true },
      ['OBJECT', 'ENCODING', 't'],
      ['SCARD', 't'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ]);
  });

  it('random answers have the right shape and only members', async () => {
    await pair.both('SADD', 's', ...Array.from({ length: 30 }, (_, i) => `m${i}`));
    for (const proto of PROTOCOLS) {
      await pair.both('HELLO', proto);
      for (const count of ['1', '5', '-5', '25', '-60']) {
        const [ours, theirs] = await pair.both('SRANDMEMBER', 's', count);
        const header = (s: string) => s.slice(0, s.indexOf('\r\n'));
        expect(header(ours), `SRANDMEMBER ${count}`).toBe(header(theirs));
        const members = ours.match(/m[0-9]+/g) ?? [];
        if (count[0] !== '-') expect(new Set(members).size).toBe(members.length);
      }
      const [ours, theirs] = await pair.both('SPOP', 's', '2');
      expect(ours.slice(0, 2)).toBe(theirs.slice(0, 2));
      await pair.both('SADD', 's', ...(ours.match(/m[0-9]+/g) ?? []));
    }
    await pair.both('HELLO', '2');
  });

  it('SSCAN: intset in one call, options and errors', async () => {
    await inBothProtocols([
      ['SADD', 's', '3', '1', '2', '10'],
      ['SSCAN', 's', '0'],
      ['SSCAN', 's', '0', 'MATCH', '1*'],
      ['SSCAN', 's', '7', 'COUNT', '1'],
      ['SSCAN', 's', '0', 'COUNT', '0'],
      ['SSCAN', 's', '0', 'COUNT', 'x'],
      ['SSCAN', 's', '0', 'TYPE', 'set'],
      ['SSCAN', 's', 'x'],
      ['SSCAN', 'nokey', '0'],
    ]);
  });

  it('SSCAN over a hashtable returns every member once a full iteration ends', async () => {
    await pair.both('SADD', 'big', ...Array.from({ length: 300 }, (_, i) => `k${i}`));
    for (const [name, port] of [
      ['respkv', pair.ours],
      ['redis', pair.theirs],
    ] as const) {
      const seen = new Set<string>();
      let cursor = '0';
      let calls = 0;
      do {
        const parts = (await port.call('SSCAN', 'big', cursor, 'COUNT', '9', 'MATCH', 'k2*')).split('\r\n');
        cursor = parts[2];
        for (let i = 5; i < parts.length - 1; i += 2) seen.add(parts[i]);
        calls++;
      } while (cursor !== '0' && calls < 1000);
      expect(seen.size, name).toBe(111);
    }
  });

  it('encodings switch at set-max-intset-entries, one way; 7.0 has no listpack sets', async () => {
    await inBothProtocols([
      ['CONFIG', 'GET', 'set-max-listpack-entries'],
      ['SADD', 'small', 'a', 'b'],
      ['OBJECT', 'ENCODING', 'small'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '3'],
      ['SADD', 's', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 's', '4'],
      ['OBJECT', 'ENCODING', 's'],
      ['SREM', 's', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 's'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '0'],
      ['SADD', 'z', '1'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
      ['SADD', 'big', ...ints(0, 512)],
      ['OBJECT', 'ENCODING', 'big'],
      ['SADD', 'big', '512'],
      ['OBJECT', 'ENCODING', 'big'],
      ['SCARD', 'big'],
    ]);
  });

  it('keyspace commands treat sets generically', async () => {
    await inBothProtocols([
      ['SADD', 's', '1', 'a'],
      ['COPY', 's', 's2'],
      ['SADD', 's2', 'b'],
      ['SCARD', 's'],
      ['SCARD', 's2'],
      ['RENAME', 's2', 's3'],
      ['MOVE', 's3', '1'],
      ['SELECT', '1'],
      ['SCARD', 's3'],
      ['SELECT', '0'],
      ['HSET', 'h', 'f', 'v'],
      ['SCAN', '0', 'TYPE', 'set'],
      ['TYPE', 's'],
      ['DEL', 's'],
    ]);
  });

  it('answers arity errors for every command', async () => {
    await inBothProtocols([
      ['SADD', 's'],
      ['SREM', 's'],
      ['SMEMBERS'],
      ['SISMEMBER', 's'],
      ['SMISMEMBER', 's'],
      ['SCARD'],
      ['SPOP'],
      ['SRANDMEMBER'],
      ['SMOVE', 'a', 'b'],
      ['SINTER'],
      ['SUNION'],
      ['SDIFF'],
      ['SINTERSTORE', 'd'],
      ['SUNIONSTORE', 'd'],
      ['SDIFFSTORE', 'd'],
      ['SINTERCARD', '1'],
      ['SSCAN', 's'],
    ]);
  });

  it('publishes the same keyspace events', async () => {
    const events = await expectSameKeyspaceEvents(pair, [
      ['SADD', 's', '1', '2', '3', 'a'],
      ['SADD', 's', '1'],
      ['SREM', 's', 'nosuch'],
      ['SREM', 's', '1'],
      ['SMOVE', 's', 't', '2'],
      ['SMOVE', 's', 't', 'nosuch'],
      ['SMOVE', 't', 's', '2'],
      ['SADD', 'u', 'x'],
      ['SMOVE', 'u', 's', 'x'],
      ['SINTERSTORE', 'd', 's', 's'],
      ['SUNIONSTORE', 'd', 's', 'nokey'],
      ['SDIFFSTORE', 'd', 's', 's'],
      ['SINTERSTORE', 'd', 's', 'nokey'],
      ['SUNIONSTORE', 'd', 's'],
      ['SINTERSTORE', 'd', 'nokey'],
      ['SPOP', 'nokey'],
      ['SPOP', 's', '0'],
      ['SADD', 'one', 'x'],
      ['SPOP', 'one'],
      ['SADD', 'two', 'x', 'y'],
      { cmd: ['SPOP', 'two', '5'], unordered: true },
      { cmd: ['SPOP', 's', '1'], typeOnly: true },
      ['SREM', 's', '1', '2', '3', 'a', 'x'],
      ['SADD', 'c', 'x'],
      ['COPY', 'c', 'c2'],
      ['DEL', 'c', 'c2', 'd'],
    ]);
    expect(events).toBeGreaterThan(20);
  });

  it('declares the arity, flags, key range and categories of COMMAND INFO, and COMMAND DOCS', async () => {
    const names = ['sadd', 'srem', 'smembers', 'sismember', 'smismember', 'scard', 'spop', 'srandmember', 'smove', 'sinter', 'sunion', 'sdiff', 'sinterstore', 'sunionstore', 'sdiffstore', 'sintercard', 'sscan'];
    for (const name of names) {
      const [ours, theirs] = await pair.both('COMMAND', 'INFO', name);
      expect(commandInfoHead(ours), name).toEqual(commandInfoHead(theirs));
      await pair.expectSame([['COMMAND', 'DOCS', name]]);
    }
    await pair.expectSame([
      ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
      ['COMMAND', 'GETKEYS', 'SMOVE', 'a', 'b', 'm'],
      ['COMMAND', 'GETKEYS', 'SINTERSTORE', 'd', 'a', 'b'],
    ]);
  });
});
