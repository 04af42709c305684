/**
 * Blocking sorted set pops over TCP with several ioredis clients: BZPOPMIN, BZPOPMAX and BZMPOP
 * serve clients in the order they blocked, from whichever key became ready, with Redis's reply
 * shapes (RESP2 and RESP3); they time out with a null reply, stay blocked while a key holds another
 * type, wake on ZADD, ZUNIONSTORE, RENAME and EXEC, and leave nothing behind on disconnect. Tests
 * wait for the server's blocked-client count, never for durations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';
import { blockedClientCount } from '../../src/commands/blocking';

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
  while (blockedClientCount(server) !== 0) await new Promise((r) => setTimeout(r, 2));
  const cleaner = connect();
  await cleaner.flushall();
});

function connect(): Redis {
  const r = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  open.push(r);
  return r;
}

/** Resolves once n clients are blocked; bounded by the test's own timeout. */
async function blocked(n: number): Promise<void> {
  while (blockedClientCount(server) !== n) await new Promise((r) => setTimeout(r, 2));
}

describe('blocking sorted set pops', () => {
  it('serves BZPOPMIN and BZPOPMAX clients in the order they blocked', async () => {
    const [a, b, c, writer] = [connect(), connect(), connect(), connect()];
    const ra = a.bzpopmin('z', 0);
    await blocked(1);
    const rb = b.bzpopmax('z', 0);
    await blocked(2);
    const rc = c.bzpopmin('z', 0);
    await blocked(3);
    expect(await writer.zadd('z', 1, 'one', 2, 'two', 3, 'three')).toBe(3);
    expect(await ra).toEqual(['z', 'one', '1']);
    expect(await rb).toEqual(['z', 'three', '3']);
    expect(await rc).toEqual(['z', 'two', '2']);
    expect(await writer.exists('z')).toBe(0);
  });

  it('serves from the key that became ready and pops at once when a set exists', async () => {
    const [a, writer] = [connect(), connect()];
    const ra = a.bzpopmax('k1', 'k2', 'k3', 0);
    await blocked(1);
    await writer.zadd('k2', 1.5, 'm');
    expect(await ra).toEqual(['k2', 'm', '1.5']);
    await writer.zadd('k3', 7, 'now');
    expect(await a.bzpopmin('k1', 'k3', 0)).toEqual(['k3', 'now', '7']);
  });

  it('BZMPOP takes up to COUNT members and leaves the rest to the next client', async () => {
    const [a, b, writer] = [connect(), connect(), connect()];
    const ra = a.call('BZMPOP', '0', '2', 'x', 'y', 'MIN', 'COUNT', '2');
    await blocked(1);
    const rb = b.call('BZMPOP', '0', '1', 'y', 'MAX');
    await blocked(2);
    await writer.zadd('y', 1, 'a', 2, 'b', 3, 'c');
    expect(await ra).toEqual(['y', [['a', '1'], ['b', '2']]]);
    expect(await rb).toEqual(['y', [['c', '3']]]);
  });

  it('times out with a null reply and keeps the others blocked', async () => {
    const [a, b, writer] = [connect(), connect(), connect()];
    const forever = a.bzpopmin('z', 0);
    await blocked(1);
    expect(await b.bzpopmin('z', 0.02)).toBeNull();
    expect(await b.call('BZMPOP', '0.02', '1', 'z', 'MAX')).toBeNull();
    expect(blockedClientCount(server)).toBe(1);
    await writer.zadd('z', 5, 'v');
    expect(await forever).toEqual(['z', 'v', '5']);
  });

  it('stays blocked while the key holds another type, and answers WRONGTYPE before blocking', async () => {
    const [a, writer] = [connect(), connect()];
    const ra = a.bzpopmin('k', 0);
    await blocked(1);
    await writer.rpush('k', 'x');
    await writer.del('k');
    expect(blockedClientCount(server)).toBe(1);
    await writer.zadd('k', 0, 'z');
    expect(await ra).toEqual(['k', 'z', '0']);
    await writer.set('s', 'x');
    await expect(a.bzpopmin('missing', 's', 0)).rejects.toThrow('WRONGTYPE');
  });

  it('wakes when ZUNIONSTORE or RENAME creates the key', async () => {
    const [a, b, writer] = [connect(), connect(), connect()];
    await writer.zadd('src', 1, 'u');
    const ra = a.bzpopmin('union', 0);
    await blocked(1);
    expect(await writer.zunionstore('union', 1, 'src')).toBe(1);
    expect(await ra).toEqual(['union', 'u', '1']);
    const rb = b.bzpopmax('renamed', 0);
    await blocked(1);
    await writer.rename('src', 'renamed');
    expect(await rb).toEqual(['renamed', 'u', '1']);
  });

  it('wakes after EXEC, with the transaction applied as a whole', async () => {
    const [a, writer] = [connect(), connect()];
    const ra = a.bzpopmin('z', 0);
    await blocked(1);
    const results = await writer.multi().zadd('z', 1, 'a').zadd('z', 2, 'b').zpopmin('z').exec();
    expect(results).toEqual([
      [null, 1],
      [null, 1],
      [null, ['a', '1']],
    ]);
    expect(await ra).toEqual(['z', 'b', '2']);
  });

  it('forgets a client that disconnects while blocked', async () => {
    const [a, writer] = [connect(), connect()];
    a.bzpopmin('z', 0).catch(() => undefined);
    await blocked(1);
    a.disconnect();
    await blocked(0);
    await writer.zadd('z', 1, 'kept');
    expect(await writer.zrange('z', 0, -1)).toEqual(['kept']);
  });

  it('replies in RESP3 shapes when served after blocking', async () => {
    const raw = await RawClient.connect(port);
    const writer = connect();
    try {
      await raw.call('HELLO', '3');
      const popped = raw.call('BZPOPMIN', 'z', '0');
      await blocked(1);
      await writer.zadd('z', 1.25, 'a', 2, 'b');
      expect(await popped).toBe('*3\r\n$1\r\nz\r\n$1\r\na\r\n,1.25\r\n');
      const mpopped = raw.call('BZMPOP', '0', '1', 'w', 'MAX', 'COUNT', '5');
      await blocked(1);
      await writer.zadd('w', 3, 'c');
      expect(await mpopped).toBe('*2\r\n$1\r\nw\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n');
      expect(await raw.call('BZPOPMAX', 'none', '0.01')).toBe('_\r\n');
    } finally {
      raw.close();
    }
  });
});
