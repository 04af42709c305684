/**
 * Differential tests of the list commands: respkv and redis-server get the same commands and must
 * answer the same bytes, errors and null replies included, in RESP2 and RESP3. Blocking commands
 * are covered here where they do not wait (data present, argument errors, short timeouts); waiting
 * and waking are covered in test/integration/blocking.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { commandInfoHead, expectSameInBothProtocols, expectSameKeyspaceEvents, Step, usePair } from '../helpers/differential';
import { encodeCommand, RawClient } from '../helpers/raw';


const pair = usePair();
beforeEach(async () => {
  await pair.expectSame([['FLUSHALL'], { cmd: ['HELLO', '2'], typeOnly: true }]);
});

/** Runs steps in RESP2, then again from a clean database in RESP3. */
function inBothProtocols(steps: readonly Step[]): Promise<void> {
  return expectSameInBothProtocols(pair, steps);
}

describe('list commands, as redis-server 7.0', () => {
  it('push, length, range and index', async () => {
    await inBothProtocols([
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['LPUSH', 'l', 'x', 'y'],
      ['LLEN', 'l'],
      ['LLEN', 'none'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'l', '1', '2'],
      ['LRANGE', 'l', '-2', '100'],
      ['LRANGE', 'l', '-100', '-4'],
      ['LRANGE', 'l', '3', '1'],
      ['LRANGE', 'l', '10', '20'],
      ['LRANGE', 'l', '0', '9223372036854775807'],
      ['LRANGE', 'l', '-9223372036854775808', '0'],
      ['LRANGE', 'l', '0', '9223372036854775808'],
      ['LRANGE', 'l', 'a', '1'],
      ['LRANGE', 'l', '1', ' 2'],
      ['LRANGE', 'none', '0', '-1'],
      ['LRANGE', 'none', 'x', '-1'],
      ['LINDEX', 'l', '0'],
      ['LINDEX', 'l', '-1'],
      ['LINDEX', 'l', '-6'],
      ['LINDEX', 'l', '5'],
      ['LINDEX', 'l', 'x'],
      ['LINDEX', 'none', 'x'],
      ['LINDEX', 'none', '0'],
      ['LPUSHX', 'none', 'a'],
      ['RPUSHX', 'none', 'a', 'b'],
      ['EXISTS', 'none'],
      ['LPUSHX', 'l', 'p', 'q'],
      ['RPUSHX', 'l', 'r'],
      ['LRANGE', 'l', '0', '-1'],
      ['RPUSH', 'bin', 'a\r\nb', '', '\x00\xff'],
      ['LRANGE', 'bin', '0', '-1'],
      ['LPUSH', 'l'],
      ['RPUSHX', 'l'],
      ['LLEN'],
      ['LRANGE', 'l', '0'],
      ['LINDEX', 'l'],
    ]);
  });

  it('pops with and without a count', async () => {
    await inBothProtocols([
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['LPOP', 'l', '2'],
      ['RPOP', 'l', '1'],
      ['LPOP', 'l', '0'],
      ['RPOP', 'l', '0'],
      ['LPOP', 'l', '-1'],
      ['LPOP', 'l', 'abc'],
      ['LPOP', 'l', '1', '2'],
      ['RPOP', 'l', '9223372036854775807'],
      ['EXISTS', 'l'],
      ['LPOP', 'l'],
      ['LPOP', 'l', '1'],
      ['LPOP', 'l', '0'],
      ['RPOP', 'l', '-1'],
      ['RPUSH', 'm', '1', '2', '3'],
      ['RPOP', 'm', '10'],
      ['LPOP'],
    ]);
  });

  it('LSET, LINSERT, LREM and LTRIM', async () => {
    await inBothProtocols([
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b'],
      ['LSET', 'l', '0', 'z'],
      ['LSET', 'l', '-1', 'y'],
      ['LSET', 'l', '6', 'x'],
      ['LSET', 'l', '-7', 'x'],
      ['LSET', 'l', 'x', 'x'],
      ['LSET', 'none', '0', 'x'],
      ['LSET', 'none', 'x', 'x'],
      ['LRANGE', 'l', '0', '-1'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'n1'],
      ['LINSERT', 'l', 'after', 'a', 'n2'],
      ['LINSERT', 'l', 'after', 'y', 'n3'],
      ['LINSERT', 'l', 'before', 'zz', 'n4'],
      ['LINSERT', 'l', 'middle', 'a', 'n5'],
      ['LINSERT', 'none', 'before', 'a', 'n5'],
      ['LINSERT', 'none', 'middle', 'a', 'n5'],
      ['LRANGE', 'l', '0', '-1'],
      ['RPUSH', 'r', 'a', 'b', 'a', 'c', 'a', 'b', 'a'],
      ['LREM', 'r', '2', 'a'],
      ['LRANGE', 'r', '0', '-1'],
      ['LREM', 'r', '-1', 'a'],
      ['LRANGE', 'r', '0', '-1'],
      ['LREM', 'r', '0', 'b'],
      ['LREM', 'r', '0', 'nothing'],
      ['LREM', 'r', 'x', 'a'],
      ['LREM', 'none', '0', 'a'],
      ['LREM', 'none', 'x', 'a'],
      ['LREM', 'r', '0', 'a'],
      ['LREM', 'r', '0', 'c'],
      ['EXISTS', 'r'],
      ['RPUSH', 't', '0', '1', '2', '3', '4', '5', '6'],
      ['LTRIM', 't', '1', '-2'],
      ['LRANGE', 't', '0', '-1'],
      ['LTRIM', 't', '-100', '100'],
      ['LRANGE', 't', '0', '-1'],
      ['LTRIM', 't', '2', '1'],
      ['EXISTS', 't'],
      ['RPUSH', 't', 'a', 'b'],
      ['LTRIM', 't', '5', '10'],
      ['EXISTS', 't'],
      ['LTRIM', 'none', '0', '1'],
      ['LTRIM', 'none', 'x', '1'],
      ['LTRIM', 'l', '0', 'y'],
    ]);
  });

  it('LPOS with RANK, COUNT and MAXLEN', async () => {
    await inBothProtocols([
      ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'],
      ['LPOS', 'l', 'a'],
      ['LPOS', 'l', 'c'],
      ['LPOS', 'l', 'z'],
      ['LPOS', 'l', 'a', 'RANK', '2'],
      ['LPOS', 'l', 'a', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'RANK', '-2'],
      ['LPOS', 'l', 'a', 'RANK', '4'],
      ['LPOS', 'l', 'a', 'RANK', '0'],
      ['LPOS', 'l', 'a', 'RANK', 'x'],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'],
      ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
      ['LPOS', 'l', 'a', 'RANK', '9223372036854775808'],
      ['LPOS', 'l', 'a', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'COUNT', '2'],
      ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', '0', 'RANK', '2'],
      ['LPOS', 'l', 'z', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'COUNT', '-1'],
      ['LPOS', 'l', 'a', 'COUNT', 'x'],
      ['LPOS', 'l', 'a', 'MAXLEN', '3'],
      ['LPOS', 'l', 'a', 'MAXLEN', '3', 'COUNT', '0'],
      ['LPOS', 'l', 'a', 'MAXLEN', '3', 'RANK', '-1', 'COUNT', '0'],
      ['LPOS', 'l', 'c', 'MAXLEN', '2'],
      ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
      ['LPOS', 'l', 'a', 'MAXLEN', '0'],
      ['LPOS', 'l', 'a', 'rank', '1', 'rank', '2'],
      ['LPOS', 'l', 'a', 'FOO'],
      ['LPOS', 'l', 'a', 'RANK'],
      ['LPOS', 'none', 'a'],
      ['LPOS', 'none', 'a', 'COUNT', '1'],
      ['LPOS', 'none', 'a', 'COUNT', '-1'],
      ['LPOS', 'l'],
    ]);
  });

  it('LMOVE and RPOPLPUSH, same and different keys', async () => {
    await inBothProtocols([
      ['RPUSH', 's', '1', '2', '3'],
      ['LMOVE', 's', 'd', 'LEFT', 'RIGHT'],
      ['LMOVE', 's', 'd', 'right', 'left'],
      ['LRANGE', 'd', '0', '-1'],
      ['LMOVE', 's', 's', 'LEFT', 'RIGHT'],
      ['LRANGE', 's', '0', '-1'],
      ['LMOVE', 's', 'd', 'LEFT', 'LEFT'],
      ['EXISTS', 's'],
      ['LMOVE', 's', 'd', 'LEFT', 'LEFT'],
      ['LMOVE', 's', 'd', 'UP', 'LEFT'],
      ['LMOVE', 'd', 'd2', 'LEFT', 'DOWN'],
      ['RPOPLPUSH', 'd', 'd'],
      ['RPOPLPUSH', 'd', 'e'],
      ['RPOPLPUSH', 'none', 'e'],
      ['LRANGE', 'd', '0', '-1'],
      ['LRANGE', 'e', '0', '-1'],
      ['RPUSH', 'one', 'x'],
      ['RPOPLPUSH', 'one', 'one'],
      ['LRANGE', 'one', '0', '-1'],
      ['LMOVE', 's'],
    ]);
  });

  it('LMPOP and its argument errors', async () => {
    await inBothProtocols([
      ['RPUSH', 'a', '1', '2', '3'],
      ['RPUSH', 'b', '4', '5'],
      ['LMPOP', '2', 'none', 'a', 'LEFT'],
      ['LMPOP', '2', 'none', 'a', 'RIGHT', 'COUNT', '10'],
      ['LMPOP', '3', 'none', 'a', 'b', 'left', 'count', '1'],
      ['LMPOP', '1', 'none', 'LEFT'],
      ['LMPOP', '1', 'none', 'LEFT', 'COUNT', '3'],
      ['LMPOP', '0', 'a', 'LEFT'],
      ['LMPOP', '-1', 'a', 'LEFT'],
      ['LMPOP', 'x', 'a', 'LEFT'],
      ['LMPOP', '2', 'a', 'LEFT'],
      ['LMPOP', '5', 'a', 'LEFT'],
      ['LMPOP', '1', 'a', 'MIDDLE'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '2'],
      ['LMPOP', '1', 'a', 'LEFT', 'FOO'],
      ['LMPOP', '1', 'b', 'RIGHT', 'COUNT', '9223372036854775807'],
      ['LMPOP', '1', 'a'],
    ]);
  });

  it('answers WRONGTYPE from every command on a string key', async () => {
    await inBothProtocols([
      ['SET', 's', 'v'],
      ['RPUSH', 'l', 'x'],
      ['LPUSH', 's', 'a'],
      ['RPUSH', 's', 'a'],
      ['LPUSHX', 's', 'a'],
      ['RPUSHX', 's', 'a'],
      ['LPOP', 's'],
      ['RPOP', 's', '2'],
      ['LPOP', 's', '0'],
      ['LLEN', 's'],
      ['LRANGE', 's', '0', '-1'],
      ['LINDEX', 's', '0'],
      ['LSET', 's', '0', 'x'],
      ['LINSERT', 's', 'BEFORE', 'a', 'b'],
      ['LREM', 's', '0', 'a'],
      ['LTRIM', 's', '0', '1'],
      ['LPOS', 's', 'a'],
      ['LPOS', 's', 'a', 'COUNT', '0'],
      ['LMOVE', 's', 'l', 'LEFT', 'LEFT'],
      ['LMOVE', 'l', 's', 'LEFT', 'LEFT'],
      ['LRANGE', 'l', '0', '-1'],
      ['RPOPLPUSH', 's', 'l'],
      ['RPOPLPUSH', 'l', 's'],
      ['LMPOP', '2', 'none', 's', 'LEFT'],
      ['LMPOP', '2', 'l', 's', 'LEFT'],
      ['BLPOP', 's', '0'],
      ['BRPOP', 'none', 's', '0'],
      ['BLMOVE', 's', 'l', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 's', 'l', '0'],
      ['BLMPOP', '0', '1', 's', 'LEFT'],
      ['TYPE', 'l'],
      ['GET', 'l'],
    ]);
  });

  it('blocking commands that find data answer at once', async () => {
    await inBothProtocols([
      ['RPUSH', 'a', '1', '2', '3'],
      ['RPUSH', 'b', '4', '5', '6'],
      ['BLPOP', 'none', 'a', 'b', '0'],
      ['BRPOP', 'none', 'b', 'a', '0'],
      ['BLMOVE', 'a', 'c', 'LEFT', 'RIGHT', '0'],
      ['BRPOPLPUSH', 'b', 'c', '0'],
      ['BLMPOP', '0', '2', 'none', 'b', 'LEFT', 'COUNT', '5'],
      ['BLMPOP', '0.5', '1', 'c', 'RIGHT'],
      ['LRANGE', 'c', '0', '-1'],
      ['EXISTS', 'a', 'b'],
    ]);
  });

  it('answers a served blocked client with the same bytes', async (ctx) => {
    const [ourInfo] = await pair.both('INFO', 'clients');
    expect(ourInfo).toContain('blocked_clients:');
    const waiters = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    const servers = [pair.ours, pair.theirs];
    /** Sends cmd from each waiter, waits until each server counts it blocked, then runs push on both. */
    const served = async (cmd: string[], push: string[]): Promise<string[]> => {
      const replies = waiters.map((w) => w.write(encodeCommand(cmd))).map((_, i) => waiters[i].read());
      for (const server of servers) {
        while (!(await server.call('INFO', 'clients')).includes('blocked_clients:1\r\n')) await new Promise((r) => setTimeout(r, 2));
      }
      await pair.expectSame([push]);
      return (await Promise.all(replies)).map((b) => b.toString('latin1'));
    };
    try {
      for (const proto of ['2', '3']) {
        for (const w of waiters) await w.call('HELLO', proto);
        const cases: Array<[string[], string[]]> = [
          [['BLPOP', 'a', 'b', '0'], ['RPUSH', 'b', '1', '2']],
          [['BRPOP', 'b2', '0'], ['RPUSH', 'b2', '3']],
          [['BLMOVE', 'c', 'd', 'RIGHT', 'LEFT', '0'], ['RPUSH', 'c', 'x', 'y']],
          [['BRPOPLPUSH', 'e', 'd', '0'], ['LPUSH', 'e', 'z']],
          [['BLMPOP', '0', '2', 'f', 'g', 'RIGHT', 'COUNT', '3'], ['RPUSH', 'g', '1', '2']],
          [['BLMPOP', '0', '1', 'h', 'LEFT'], ['RPUSH', 'h', '1', '2']],
        ];
        for (const [cmd, push] of cases) {
          const [ours, theirs] = await served(cmd, push);
          expect(ours, cmd.join(' ')).toBe(theirs);
        }
        await pair.expectSame([
          ['LRANGE', 'b', '0', '-1'],
          ['LRANGE', 'c', '0', '-1'],
          ['LRANGE', 'd', '0', '-1'],
          ['LRANGE', 'h', '0', '-1'],
          ['FLUSHALL'],
        ]);
      }
    } finally {
      for (const w of waiters) w.close();
    }
  });

  it('publishes the same keyspace events when serving blocked clients', async (ctx) => {
    const [ourInfo] = await pair.both('INFO', 'clients');
    expect(ourInfo).toContain('blocked_clients:');
    const waiters = await Promise.all([0, 1, 2, 3].map((i) => RawClient.connect(i % 2 === 0 ? pair.respkv.port : pair.redis.port)));
    try {
      const blocks = [['BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0'], ['BLPOP', 'dst', '0']];
      const replies: Array<Promise<Buffer>> = [];
      for (const [k, cmd] of blocks.entries()) {
        for (let side = 0; side < 2; side++) {
          const w = waiters[2 * k + side];
          w.write(encodeCommand(cmd));
          replies.push(w.read());
          const control = side === 0 ? pair.ours : pair.theirs;
          while (!(await control.call('INFO', 'clients')).includes(`blocked_clients:${k + 1}\r\n`)) await new Promise((r) => setTimeout(r, 2));
        }
      }
      const events = await expectSameKeyspaceEvents(pair, [['RPUSH', 'src', 'a', 'b']]);
      expect(events).toBeGreaterThanOrEqual(4);
      const served = (await Promise.all(replies)).map((b) => b.toString('latin1'));
      expect(served[0]).toBe(served[1]);
      expect(served[2]).toBe(served[3]);
      await pair.expectSame([['LRANGE', 'src', '0', '-1'], ['EXISTS', 'dst']]);
    } finally {
      for (const w of waiters) w.close();
    }
  });

  it('answers CLIENT UNBLOCK as Redis, with a timeout reply or the UNBLOCKED error', async (ctx) => {
    const [ourInfo] = await pair.both('INFO', 'clients');
    expect(ourInfo).toContain('blocked_clients:');
    const waiters = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    const controls = [pair.ours, pair.theirs];
    try {
      const ids = await Promise.all(waiters.map(async (w) => (await w.call('CLIENT', 'ID')).slice(1, -2)));
      const transcripts: string[][] = [[], []];
      for (const [proto, cmd, mode] of [
        ['2', ['BLPOP', 'k', '0'], []],
        ['2', ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'], ['ERROR']],
        ['3', ['BLMPOP', '0', '1', 'k', 'LEFT'], ['TIMEOUT']],
        ['3', ['BRPOPLPUSH', 'k', 'd', '0'], ['error']],
      ] as Array<[string, string[], string[]]>) {
        for (let i = 0; i < 2; i++) {
          const w = waiters[i];
          await w.call('HELLO', proto);
          const reply = w.call(...cmd);
          while (!(await controls[i].call('INFO', 'clients')).includes('blocked_clients:1\r\n')) await new Promise((r) => setTimeout(r, 2));
          transcripts[i].push(await controls[i].call('CLIENT', 'UNBLOCK', ids[i], ...mode));
          transcripts[i].push(await reply);
          transcripts[i].push(await controls[i].call('CLIENT', 'UNBLOCK', ids[i], ...mode));
          transcripts[i].push(await w.call('PING'));
        }
      }
      expect(transcripts[0]).toEqual(transcripts[1]);
      await pair.expectSame([['CLIENT', 'UNBLOCK', ids[1], 'MAYBE'], ['CLIENT', 'UNBLOCK', 'x']]);
    } finally {
      for (const w of waiters) w.close();
    }
  });

  it('blocking commands inside MULTI answer at once', async () => {
    await inBothProtocols([
      ['MULTI'],
      ['BLPOP', 'none', '0'],
      ['BRPOP', 'none', '0'],
      ['BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 'none', 'd', '0'],
      ['BLMPOP', '0', '1', 'none', 'LEFT'],
      ['RPUSH', 'x', '1', '2', '3'],
      ['BLPOP', 'x', '0'],
      ['BLMOVE', 'x', 'd', 'LEFT', 'LEFT', '0'],
      ['BLMPOP', '0', '1', 'x', 'LEFT', 'COUNT', '5'],
      ['BLPOP', 'x', 'bad'],
      ['EXEC'],
      ['LRANGE', 'd', '0', '-1'],
    ]);
  });

  it('parses timeouts as strtold does', async () => {
    const timeouts = ['0x10', '0X1P-3', '0x.8', '0x1.8p1', '0x', '0xg', '0x1p', '1e3', '1E-2', '.5', '5.', '+1', '-0', '1e', '--1', '1_0', 'infinity', '-infinity', '0.0001', '1e-300', '1e400', '1e5000', '-1e5000', '1e-5000', '-0.0001', '0x1p99999', '0x1p-99999', '9223372036854775.807', '007', '0.001', '5.25', '000.000', '123456789012.999', '1234567890123'];
    await pair.expectSame([['RPUSH', 'l', ...timeouts.map((_, i) => String(i))]]);
    await pair.expectSame(timeouts.map((t) => ['BLPOP', 'l', t]));
  });

  it('blocking commands time out with the null reply of their type', async () => {
    await inBothProtocols([
      ['BLPOP', 'none', '0.01'],
      ['BRPOP', 'none', 'other', '0.01'],
      ['BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0.01'],
      ['BRPOPLPUSH', 'none', 'd', '0.01'],
      ['BLMPOP', '0.01', '1', 'none', 'LEFT'],
      ['BLMPOP', '0.01', '1', 'none', 'LEFT', 'COUNT', '2'],
      ['EXISTS', 'd'],
    ]);
  });

  it('blocking commands check their arguments as Redis does', async () => {
    await pair.expectSame([
      ['BLPOP', 'k', 'x'],
      ['BLPOP', 'k', '-1'],
      ['BLPOP', 'k', '-0.5'],
      ['BLPOP', 'k', 'inf'],
      ['BLPOP', 'k', '-inf'],
      ['BLPOP', 'k', 'nan'],
      ['BLPOP', 'k', '1e400'],
      ['BLPOP', 'k', '99999999999999999999'],
      ['BLPOP', 'k', ' 1'],
      ['BLPOP', 'k', '1 '],
      ['BLPOP', 'k', ''],
      ['BRPOP', 'k', 'abc'],
      ['BLMOVE', 'k', 'd', 'UP', 'LEFT', 'x'],
      ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 'x'],
      ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '-1'],
      ['BRPOPLPUSH', 'k', 'd', '-1'],
      ['BRPOPLPUSH', 'k', 'd', 'x'],
      ['BLMPOP', 'x', '0', 'k', 'LEFT'],
      ['BLMPOP', '1', '0', 'k', 'MIDDLE'],
      ['BLMPOP', '-1', '1', 'k', 'LEFT'],
      ['BLMPOP', 'x', '1', 'k', 'LEFT'],
      ['BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '0'],
      ['BLMPOP', '0', '2', 'k', 'LEFT'],
      ['BLMPOP', '0', '1', 'k'],
      ['BLPOP', 'k'],
      ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT'],
    ]);
  });

  it('works with the generic key commands', async () => {
    await pair.expectSame([
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['TYPE', 'l'],
      ['OBJECT', 'ENCODING', 'l'],
      ['COPY', 'l', 'copy'],
      ['RPUSH', 'copy', 'd'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'copy', '0', '-1'],
      ['RENAME', 'copy', 'renamed'],
      ['LRANGE', 'renamed', '0', '-1'],
      ['MOVE', 'renamed', '1'],
      ['EXISTS', 'renamed'],
      ['SELECT', '1'],
      ['LRANGE', 'renamed', '0', '-1'],
      ['FLUSHDB'],
      ['SELECT', '0'],
      { cmd: ['SCAN', '0', 'TYPE', 'list'], unordered: true },
      ['CONFIG', 'SET', 'list-max-listpack-size', '4'],
      ['RPUSH', 'big', ...Array.from({ length: 300 }, (_, i) => String(i))],
      ['OBJECT', 'ENCODING', 'big'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
      ['DEL', 'l', 'big'],
      ['EXISTS', 'l', 'big'],
    ]);
  });

  it('counts keyspace hits and misses as Redis does (reads count, writes do not)', async () => {
    await pair.expectSame([
      ['RPUSH', 'l', 'a', 'b'],
      ['CONFIG', 'RESETSTAT'],
      ['LLEN', 'l'],
      ['LLEN', 'none'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'none', '0', '-1'],
      ['LINDEX', 'l', '0'],
      ['LPOS', 'none', 'a'],
      ['LPUSH', 'l', 'c'],
      ['LPOP', 'none'],
      ['LSET', 'none', '0', 'x'],
      ['LMOVE', 'l', 'none', 'LEFT', 'LEFT'],
      ['BLPOP', 'none2', 'l', '0'],
    ]);
    const [ours, theirs] = await pair.both('INFO', 'stats');
    const counters = (raw: string) => raw.split('\r\n').filter((line) => /^keyspace_(hits|misses):/.test(line));
    expect(counters(ours)).toEqual(counters(theirs));
    expect(counters(theirs)).toEqual(['keyspace_hits:3', 'keyspace_misses:3']);
  });

  it('publishes the same keyspace events', async () => {
    const events = await expectSameKeyspaceEvents(pair, [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
      ['LPUSH', 'l', 'z'],
      ['LPUSHX', 'none', 'x'],
      ['LPOP', 'l'],
      ['RPOP', 'l', '2'],
      ['LPOP', 'l', '0'],
      ['LSET', 'l', '0', 'q'],
      ['LINSERT', 'l', 'AFTER', 'q', 'r'],
      ['LINSERT', 'l', 'AFTER', 'nothing', 'r'],
      ['LREM', 'l', '0', 'r'],
      ['LREM', 'l', '0', 'nothing'],
      ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'm', 'm'],
      ['LTRIM', 'l', '0', '-1'],
      ['LTRIM', 'l', '5', '1'],
      ['LTRIM', 'none', '0', '1'],
      ['RPUSH', 'n', '1', '2'],
      ['LMPOP', '1', 'n', 'RIGHT', 'COUNT', '5'],
      ['RPUSH', 'n', '1'],
      ['BLPOP', 'n', '0'],
      ['RPOPLPUSH', 'm', 'o'],
    ]);
    expect(events).toBeGreaterThan(20);
  });

  it('has the list configs of redis-server 7.0, with their bounds', async () => {
    await pair.expectSame([
      ['CONFIG', 'GET', 'list-max-listpack-size'],
      ['CONFIG', 'GET', 'list-max-ziplist-size'],
      ['CONFIG', 'GET', 'list-compress-depth'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '-6'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '-5'],
      ['CONFIG', 'SET', 'list-max-ziplist-size', '128'],
      ['CONFIG', 'GET', 'list-max-listpack-size'],
      ['CONFIG', 'SET', 'list-max-listpack-size', 'x'],
      ['CONFIG', 'SET', 'list-compress-depth', '-1'],
      ['CONFIG', 'SET', 'list-compress-depth', '3'],
      ['CONFIG', 'GET', 'list-compress-depth'],
      ['RPUSH', 'l', ...Array.from({ length: 200 }, (_, i) => String(i))],
      ['OBJECT', 'ENCODING', 'l'],
      ['LRANGE', 'l', '100', '102'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '-2', 'list-compress-depth', '0'],
    ]);
  });

  it('declares the arity, flags, key range and categories of COMMAND INFO, and COMMAND DOCS', async () => {
    const names = ['lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem', 'ltrim', 'lpos', 'lmove', 'rpoplpush', 'lmpop', 'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop'];
    for (const name of names) {
      const [ours, theirs] = await pair.both('COMMAND', 'INFO', name);
      expect(commandInfoHead(ours), name).toEqual(commandInfoHead(theirs));
      await pair.expectSame([['COMMAND', 'DOCS', name]]);
    }
    await pair.expectSame([
      ['COMMAND', 'GETKEYS', 'LMPOP', '2', 'a', 'b', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'LMPOP', '3', 'a', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'LMPOP', '0', 'a', 'LEFT'],
      ['COMMAND', 'GETKEYS', 'BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '3'],
      ['COMMAND', 'GETKEYS', 'BLPOP', 'a', 'b', 'c', '0'],
      ['COMMAND', 'GETKEYS', 'LMOVE', 'a', 'b', 'LEFT', 'LEFT'],
    ]);
  });
});
