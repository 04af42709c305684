/**
 * Blocking list commands over TCP with several ioredis clients: clients are served in the order
 * they blocked, time out with a null reply, wake on pushes from others, on keys created by RENAME,
 * MOVE, SWAPDB and MULTI/EXEC, leave nothing behind when they disconnect, and hold their pipelined
 * requests until served. Tests wait for the server's blocked-client count, never for durations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';
import { blockedClientCount, isBlocked, unblockClient } from '../../src/commands/blocking';

let server: Server;
let port: number;
let stop: () => Promise<void>;
const open: Redis[] = [];

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess());
});
afterAll(async () => {
  await stop();
});
afterEach(async () => {
  for (const r of open.splice(0)) r.disconnect();
  await waitUntil(() => blockedClientCount(server) === 0);
  await new Redis({ port, enableReadyCheck: false }).flushall().catch(() => undefined);
});

function client(): Redis {
  const r = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  open.push(r);
  return r;
}

/** Resolves once cond() holds; polls on the event loop, bounded by the test's own timeout. */
async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

async function blocked(n: number): Promise<void> {
  await waitUntil(() => blockedClientCount(server) === n);
}

describe('blocking list commands', () => {
  it('serves clients blocked on a key in the order they blocked', async () => {
    const [a, b, c, pusher] = [client(), client(), client(), client()];
    const ra = a.blpop('q', 0);
    await blocked(1);
    const rb = b.blpop('q', 0);
    await blocked(2);
    const rc = c.brpop('q', 0);
    await blocked(3);
    expect(await pusher.rpush('q', 'x', 'y', 'z')).toBe(3);
    expect(await ra).toEqual(['q', 'x']);
    expect(await rb).toEqual(['q', 'y']);
    expect(await rc).toEqual(['q', 'z']);
    expect(await pusher.exists('q')).toBe(0);
  });

  it('serves a crowd of clients from one push, one element each, in order', async () => {
    const pusher = client();
    const raws = await Promise.all(Array.from({ length: 100 }, () => RawClient.connect(port)));
    try {
      const replies: Array<Promise<Buffer>> = [];
      for (const [i, raw] of raws.entries()) {
        raw.write('*3\r\n$5\r\nBLPOP\r\n$5\r\ncrowd\r\n$1\r\n0\r\n');
        replies.push(raw.read());
        await blocked(i + 1);
      }
      await pusher.rpush('crowd', ...Array.from({ length: 101 }, (_, i) => `e${i}`));
      const got = (await Promise.all(replies)).map((b) => b.toString('latin1').split('\r\n')[4]);
      expect(got).toEqual(Array.from({ length: 100 }, (_, i) => `e${i}`));
      expect(await pusher.lrange('crowd', 0, -1)).toEqual(['e100']);
    } finally {
      for (const raw of raws) raw.close();
    }
  });

  it('serves from the key that became ready, among several', async () => {
    const [a, pusher] = [client(), client()];
    const ra = a.blpop('k1', 'k2', 'k3', 0);
    await blocked(1);
    await pusher.rpush('k2', 'v');
    expect(await ra).toEqual(['k2', 'v']);
  });

  it('leaves elements for the next client when one is served', async () => {
    const [a, b, pusher] = [client(), client(), client()];
    const ra = a.blpop('q', 0);
    await blocked(1);
    const rb = b.blmpop(0, 1, 'q', 'LEFT', 'COUNT', 5);
    await blocked(2);
    await pusher.rpush('q', '1', '2', '3');
    expect(await ra).toEqual(['q', '1']);
    expect(await rb).toEqual(['q', ['2', '3']]);
  });

  it('times out with a null reply and keeps serving the others', async () => {
    const [a, b, pusher] = [client(), client(), client()];
    const forever = a.blpop('q', 0);
    await blocked(1);
    expect(await b.blpop('q', 0.02)).toBeNull();
    expect(await b.blmove('q', 'd', 'LEFT', 'LEFT', 0.02)).toBeNull();
    expect(await b.blmpop(0.02, 1, 'q', 'RIGHT')).toBeNull();
    expect(blockedClientCount(server)).toBe(1);
    await pusher.lpush('q', 'v');
    expect(await forever).toEqual(['q', 'v']);
  });

  it('waits for longer than one Node timer can hold', async () => {
    const [a, pusher] = [client(), client()];
    const ra = a.blpop('k', 3_000_000);
    await blocked(1);
    // A timer of more than 2^31 - 1 ms would fire after 1 ms; this one, armed later, fires after it.
    await new Promise((r) => setTimeout(r, 5));
    expect(blockedClientCount(server)).toBe(1);
    await pusher.rpush('k', 'late');
    expect(await ra).toEqual(['k', 'late']);
  });

  it('moves with BLMOVE and BRPOPLPUSH, waking a client blocked on the destination', async () => {
    const [a, b, c, pusher] = [client(), client(), client(), client()];
    const moved = a.blmove('src', 'mid', 'RIGHT', 'LEFT', 0);
    await blocked(1);
    const chained = b.brpoplpush('mid', 'dst', 0);
    await blocked(2);
    const last = c.blpop('dst', 0);
    await blocked(3);
    await pusher.rpush('src', 'a', 'b');
    expect(await moved).toBe('b');
    expect(await chained).toBe('b');
    expect(await last).toEqual(['dst', 'b']);
    expect(await pusher.lrange('src', 0, -1)).toEqual(['a']);
    expect(await pusher.exists('mid', 'dst')).toBe(0);
  });

  it('answers WRONGTYPE to BLMOVE served onto a destination of another type', async () => {
    const [a, pusher] = [client(), client()];
    await pusher.set('dst', 'string');
    const moved = a.blmove('src', 'dst', 'LEFT', 'LEFT', 0);
    await blocked(1);
    await pusher.rpush('src', 'v');
    await expect(moved).rejects.toThrow(/WRONGTYPE/);
    expect(await pusher.lrange('src', 0, -1)).toEqual(['v']);
  });

  it('stays blocked while the key holds another type', async () => {
    const [a, pusher] = [client(), client()];
    const ra = a.blpop('k', 0);
    await blocked(1);
    await pusher.set('k', 'string');
    await pusher.del('k');
    expect(blockedClientCount(server)).toBe(1);
    await pusher.rpush('k', 'v');
    expect(await ra).toEqual(['k', 'v']);
  });

  it('wakes when RENAME creates the key', async () => {
    const [a, pusher] = [client(), client()];
    await pusher.rpush('other', 'r');
    const ra = a.blpop('k', 0);
    await blocked(1);
    await pusher.rename('other', 'k');
    expect(await ra).toEqual(['k', 'r']);
  });

  it('wakes when RENAME overwrites a key of another type with a list', async () => {
    const [a, pusher] = [client(), client()];
    const ra = a.blpop('k', 0);
    await blocked(1);
    await pusher.set('k', 'string');
    await pusher.rpush('other', 'r');
    expect(blockedClientCount(server)).toBe(1);
    await pusher.rename('other', 'k');
    expect(await ra).toEqual(['k', 'r']);
  });

  it('wakes when MOVE brings the key into the database', async () => {
    const [a, pusher] = [client(), client()];
    await pusher.select(1);
    await pusher.rpush('k', 'm');
    const ra = a.brpop('k', 0);
    await blocked(1);
    await pusher.move('k', 0);
    expect(await ra).toEqual(['k', 'm']);
  });

  it('wakes when SWAPDB brings the key into the database', async () => {
    const [a, pusher] = [client(), client()];
    await pusher.select(2);
    await pusher.rpush('k', 's');
    const ra = a.blpop('k', 0);
    await blocked(1);
    await pusher.swapdb(0, 2);
    expect(await ra).toEqual(['k', 's']);
    await pusher.swapdb(0, 2);
  });

  it('wakes after EXEC, with the transaction applied as a whole', async () => {
    const [a, pusher] = [client(), client()];
    const ra = a.blpop('k', 0);
    await blocked(1);
    const results = await pusher.multi().rpush('k', 'x').rpush('k', 'y').lpop('k').exec();
    expect(results).toEqual([
      [null, 1],
      [null, 2],
      [null, 'x'],
    ]);
    expect(await ra).toEqual(['k', 'y']);
  });

  it('does not block inside MULTI', async () => {
    const a = client();
    const results = await a.multi().blpop('none', 0).blmove('none', 'd', 'LEFT', 'LEFT', 0).exec();
    expect(results).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('forgets a client that disconnects while blocked', async () => {
    const [a, pusher] = [client(), client()];
    a.blpop('k', 0).catch(() => undefined);
    await blocked(1);
    a.disconnect();
    await blocked(0);
    await pusher.rpush('k', 'kept');
    expect(await pusher.lrange('k', 0, -1)).toEqual(['kept']);
  });

  it('holds pipelined commands until the blocking one is served', async () => {
    const [a, observer] = [client(), client()];
    const pipeline = a.pipeline().blpop('k', 0).set('after', '1').get('after').exec();
    await blocked(1);
    expect(await observer.get('after')).toBeNull();
    await observer.rpush('k', 'go');
    expect(await pipeline).toEqual([
      [null, ['k', 'go']],
      [null, 'OK'],
      [null, '1'],
    ]);
  });

  it('goes on with pipelined commands after a timeout', async () => {
    const a = client();
    const results = await a.pipeline().blpop('k', 0.01).rpush('k', 'v').blpop('k', 0).ping().exec();
    expect(results).toEqual([
      [null, null],
      [null, 1],
      [null, ['k', 'v']],
      [null, 'PONG'],
    ]);
  });

  it('unblocks with CLIENT UNBLOCK semantics: a null reply or the UNBLOCKED error', async () => {
    const [a, b] = [client(), client()];
    const ra = a.blpop('k', 0);
    await blocked(1);
    const rb = b.blmove('k2', 'd', 'LEFT', 'LEFT', 0);
    await blocked(2);
    const [ca, cb] = [...server.clients.values()].filter((c) => isBlocked(c));
    expect(unblockClient(ca, false)).toBe(true);
    expect(unblockClient(cb, true)).toBe(true);
    expect(unblockClient(cb, true)).toBe(false);
    expect(await ra).toBeNull();
    await expect(rb).rejects.toThrow('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    expect(await a.ping()).toBe('PONG');
  });

  it('answers RESP3 nulls on timeout and a RESP3 reply when served', async () => {
    const raw = await RawClient.connect(port);
    try {
      await raw.call('HELLO', '3');
      expect(await raw.call('BLPOP', 'k', '0.01')).toBe('_\r\n');
      expect(await raw.call('BLMPOP', '0.01', '1', 'k', 'LEFT')).toBe('_\r\n');
      raw.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n');
      await blocked(1);
      await client().rpush('k', 'v');
      expect((await raw.read()).toString('latin1')).toBe('*2\r\n$1\r\nk\r\n$1\r\nv\r\n');
    } finally {
      raw.close();
    }
  });
});
