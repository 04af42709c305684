/**
 * Keyspace notifications over TCP with ioredis: the K and E channels, class filtering, `expired`
 * from lazy expiry and from the active expiry cycle (on an injected clock, the cycle called
 * directly), and `evicted` when maxmemory forces keys out. Every wait is for a message, not a delay.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startInProcess } from '../helpers/servers';
import { Clock } from '../../src/util/clock';
import type { Server } from '../../src/server';
import { activeExpireCycle } from '../../src/store/expire';

let server: Server;
let port: number;
let stop: () => Promise<void>;
let now = 1_800_000_000_000;
const clock = new Clock(() => now);
let cmd: Redis;
let listener: Redis;
/** Every pmessage received, as "channel message". */
let received: string[] = [];
let waiters: Array<() => void> = [];

function connect(): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  return r.connect().then(() => r);
}

/** Resolves once `n` messages have arrived in total since the last reset. */
function messages(n: number): Promise<string[]> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (received.length >= n) resolve(received.slice(0, n));
      else waiters.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess({}, { clock }));
  cmd = await connect();
  listener = await connect();
  listener.on('pmessage', (_pattern: string, channel: string, message: string) => {
    received.push(`${channel} ${message}`);
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  await listener.psubscribe('__key*__:*');
});
afterAll(async () => {
  cmd?.disconnect();
  listener?.disconnect();
  await stop();
});
beforeEach(async () => {
  await cmd.config('SET', 'notify-keyspace-events', '');
  await cmd.flushall();
  received = [];
});

describe('keyspace notifications', () => {
  it('publishes on the keyspace and keyevent channels, keyspace first', async () => {
    await cmd.config('SET', 'notify-keyspace-events', 'KEA');
    await cmd.set('k', 'v');
    await cmd.lpush('l', 'a');
    expect(await messages(4)).toEqual(['__keyspace@0__:k set', '__keyevent@0__:set k', '__keyspace@0__:l lpush', '__keyevent@0__:lpush l']);
  });

  it('publishes only the enabled classes', async () => {
    await cmd.config('SET', 'notify-keyspace-events', 'El');
    expect(await cmd.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', 'lE']);
    await cmd.set('k', 'v');
    await cmd.sadd('s', 'a');
    await cmd.rpush('l', 'a');
    await cmd.select(3);
    await cmd.rpop('l3').catch(() => undefined);
    await cmd.rpush('l3', 'x');
    await cmd.select(0);
    expect(await messages(2)).toEqual(['__keyevent@0__:rpush l', '__keyevent@3__:rpush l3']);
  });

  it('publishes expired from lazy expiry', async () => {
    await cmd.config('SET', 'notify-keyspace-events', 'Ex');
    await cmd.set('soon', 'v', 'PX', 100);
    now += 200;
    expect(await cmd.get('soon')).toBeNull();
    expect(await messages(1)).toEqual(['__keyevent@0__:expired soon']);
  });

  it('publishes expired from the active expiry cycle, without any read', async () => {
    await cmd.config('SET', 'notify-keyspace-events', 'Kx');
    await cmd.set('a1', 'v', 'PX', 100);
    await cmd.set('a2', 'v', 'PX', 100);
    await cmd.set('kept', 'v');
    now += 200;
    clock.refresh();
    activeExpireCycle(server.keyspace, 10, 1000);
    expect((await messages(2)).sort()).toEqual(['__keyspace@0__:a1 expired', '__keyspace@0__:a2 expired']);
    expect(await cmd.dbsize()).toBe(1);
  });

  it('publishes evicted when maxmemory forces keys out', async () => {
    await cmd.config('SET', 'notify-keyspace-events', 'Ee');
    await cmd.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await cmd.set('big', 'x'.repeat(1000));
    await cmd.config('SET', 'maxmemory', '1');
    await cmd.ping();
    await cmd.config('SET', 'maxmemory', '0');
    await cmd.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await messages(1)).toEqual(['__keyevent@0__:evicted big']);
  });
});
