/**
 * Sorted sets over TCP with ioredis, against an in-process server: the memory the store charges
 * follows every change and returns to nothing when the sets go; a set of 200k members answers
 * ranks, ranges and pops as the order says; a ZSCAN of a skiplist-encoded set under concurrent
 * writes returns every member present throughout, with bounded work per call; maxmemory refuses
 * ZADD (deny-oom) but lets ZREM and ZPOPMIN free memory; seeded garbage arguments to every sorted
 * set command get well-formed replies and leave every set's invariants whole.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';
import { ZSet } from '../../src/store/zset';
import { RawClient } from '../helpers/raw';
import { Random } from '../../src/util/random';
import { zsetCommands } from '../../src/commands/zsets';

let server: Server;
let port: number;
let stop: () => Promise<void>;
let redis: Redis;

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess());
  redis = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, maxRetriesPerRequest: 0 });
});
afterAll(async () => {
  redis.disconnect();
  await stop();
});
afterEach(async () => {
  await redis.config('SET', 'maxmemory', '0');
  await redis.flushall();
});

/** Bytes the store charges for db 0, and the sum of its keys' costs recomputed from their values. */
function charged(): { dataset: number; values: number } {
  let values = 0;
  for (const e of server.keyspace.dbs[0].entries()) if (e.value instanceof ZSet) values += e.value.bytes;
  return { dataset: server.keyspace.memory.dataset, values };
}

describe('sorted sets over TCP', () => {
  it('charges memory on every change and frees it all when the sets go', async () => {
    const base = charged().dataset;
    const args: Array<string | number> = [];
    for (let i = 0; i < 1000; i++) args.push(i, `member-${i}`);
    await redis.zadd('a', ...args);
    const afterAdd = charged();
    expect(afterAdd.dataset - base).toBeGreaterThan(afterAdd.values);
    expect(afterAdd.values).toBeGreaterThan(1000 * 200);
    await redis.zrem('a', 'member-1', 'member-2');
    await redis.zremrangebyrank('a', 0, 99);
    await redis.zpopmax('a', 10);
    await redis.zunionstore('u', 1, 'a');
    await redis.zrangestore('r', 'a', 0, 9);
    const mid = charged();
    expect(mid.dataset).toBeLessThan(2 * afterAdd.dataset);
    expect(mid.values).toBeGreaterThan(afterAdd.values);
    await redis.del('a', 'u', 'r');
    expect(charged().dataset).toBe(base);
  });

  it('answers ranks, ranges and pops of a 200k-member set as the order says', async () => {
    const pipeline = redis.pipeline();
    for (let chunk = 0; chunk < 200; chunk++) {
      const args: Array<string | number> = [];
      for (let i = chunk * 1000; i < (chunk + 1) * 1000; i++) args.push(i * 2, `m${i}`);
      pipeline.zadd('big', ...args);
    }
    await pipeline.exec();
    expect(await redis.zcard('big')).toBe(200_000);
    expect(await redis.call('OBJECT', 'ENCODING', 'big')).toBe('skiplist');
    expect(await redis.zrank('big', 'm123456')).toBe(123456);
    expect(await redis.zrevrank('big', 'm0')).toBe(199_999);
    expect(await redis.zrange('big', 150_000, 150_002)).toEqual(['m150000', 'm150001', 'm150002']);
    expect(await redis.zrangebyscore('big', '(1000', 1006)).toEqual(['m501', 'm502', 'm503']);
    expect(await redis.zcount('big', 100_000, '(200000')).toBe(50_000);
    expect(await redis.zadd('big', 1001, 'moved')).toBe(1);
    expect(await redis.zrank('big', 'moved')).toBe(501);
    expect(await redis.zpopmin('big', 2)).toEqual(['m0', '0', 'm1', '2']);
    expect(await redis.zremrangebyscore('big', '-inf', 999)).toBe(498);
    expect(await redis.zrange('big', 0, 2)).toEqual(['m500', 'moved', 'm501']);
  }, 60_000);

  it('ZSCAN of a skiplist returns every member present throughout, under writes', async () => {
    const args: Array<string | number> = [];
    for (let i = 0; i < 3000; i++) args.push(i, `s${i}`);
    await redis.zadd('scan', ...args);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = await redis.zscan('scan', cursor, 'COUNT', 20);
      expect(items.length).toBeLessThanOrEqual(2 * 20);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
      // Churn: members s0..s999 come and go while the scan runs; s1000.. stay.
      await redis.zrem('scan', `s${calls % 1000}`);
      await redis.zadd('scan', 5, `new${calls}`);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 1000);
    expect(cursor).toBe('0');
    for (let i = 1000; i < 3000; i++) expect(seen.has(`s${i}`)).toBe(true);
  }, 60_000);

  it('refuses ZADD over maxmemory but lets ZREM and ZPOPMIN run', async () => {
    const args: Array<string | number> = [];
    for (let i = 0; i < 2000; i++) args.push(i, `x${i}`);
    await redis.zadd('full', ...args);
    await redis.config('SET', 'maxmemory', '1');
    await expect(redis.zadd('full', 1, 'more')).rejects.toThrow('OOM');
    await expect(redis.zunionstore('copy', 1, 'full')).rejects.toThrow('OOM');
    expect(await redis.zrem('full', 'x1')).toBe(1);
    expect(await redis.zpopmin('full')).toEqual(['x0', '0']);
    expect(await redis.zremrangebyrank('full', 0, -1)).toBe(1998);
  });

  it('answers seeded garbage arguments with well-formed replies, in RESP2 and RESP3', async () => {
    const WORDS = ['z', 'y', 's', '0', '1', '-1', '2', '3', '1.5', 'inf', '-inf', '+inf', '(1', '(', '[a', '[', '-', '+', 'a', 'b', '', 'nan', '9223372036854775807', '-9223372036854775808', 'WITHSCORES', 'LIMIT', 'BYSCORE', 'BYLEX', 'REV', 'NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'MIN', 'MAX', 'COUNT', 'WEIGHTS', 'AGGREGATE', 'SUM', 'MATCH', '*', '0.01'];
    // Blocking forms get a short timeout as their last argument, so none waits for ever.
    const names = zsetCommands.map((r) => r.name.toUpperCase());
    const raw = await RawClient.connect(port);
    try {
      const random = new Random(99);
      await redis.set('s', 'string');
      for (const proto of ['2', '3']) {
        await raw.call('HELLO', proto);
        for (let i = 0; i < 1500; i++) {
          const name = names[random.below(names.length)];
          const args = Array.from({ length: random.below(7) }, () => WORDS[random.below(WORDS.length)]);
          if (name === 'BZPOPMIN' || name === 'BZPOPMAX') args.push('0.001');
          if (name === 'BZMPOP') args.unshift('0.001');
          const reply = await raw.call(name, ...args);
          expect('+-:$*_,%~#'.includes(reply[0]), `${name} ${args.join(' ')}`).toBe(true);
        }
      }
      expect(await raw.call('PING')).toMatch(/^\+PONG/);
    } finally {
      raw.close();
    }
    for (const e of server.keyspace.dbs[0].entries()) {
      if (!(e.value instanceof ZSet)) continue;
      const zs = e.value;
      expect(zs.length).toBeGreaterThan(0);
      const list = [...zs.entries()];
      for (let i = 1; i < list.length; i++) {
        const [prev, n] = [list[i - 1], list[i]];
        expect(prev.score < n.score || (prev.score === n.score && prev.ele < n.ele)).toBe(true);
      }
      for (const n of list) expect(zs.lookup(n.ele)).toEqual(n);
    }
  }, 60_000);
});
