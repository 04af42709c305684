/**
 * Transactions through ioredis and raw RESP: pipelined MULTI/EXEC, WATCH races between two clients,
 * WATCH invalidated by expiry (lazy and active, on an injected clock), by eviction and by FLUSHALL,
 * the memory rules of Redis 7.0 for MULTI, and EXEC in RESP3. Nothing depends on timing: the clock
 * is moved by hand and the active expiry cycle is called directly.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import { Clock } from '../../src/util/clock';
import type { Server } from '../../src/server';
import { activeExpireCycle } from '../../src/store/expire';

const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

let server: Server;
let port: number;
let stop: () => Promise<void>;
let now = 1_800_000_000_000;
const clock = new Clock(() => now);
let a: Redis;
let b: Redis;

function connect(): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  return r.connect().then(() => r);
}

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess({}, { clock }));
  a = await connect();
  b = await connect();
});
afterAll(async () => {
  a?.disconnect();
  b?.disconnect();
  await stop();
});
beforeEach(async () => {
  await a.flushall();
  await a.config('SET', 'maxmemory', '0');
});

describe('MULTI and EXEC through ioredis', () => {
  it('runs a pipelined transaction and returns every result', async () => {
    const results = await a.multi().set('k', '1').incr('k').get('k').lpush('k', 'x').exec();
    expect(results!.slice(0, 3)).toEqual([
      [null, 'OK'],
      [null, 2],
      [null, '2'],
    ]);
    expect((results![3][0] as Error).message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  it('discards a transaction with a command rejected while queueing', async () => {
    const tx = a.multi();
    tx.set('never', '1');
    tx.call('NOSUCHCOMMAND');
    await expect(tx.exec()).rejects.toThrow('EXECABORT Transaction discarded because of previous errors.');
    expect(await a.exists('never')).toBe(0);
  });

  it('fails EXEC when another client writes a watched key', async () => {
    await a.set('balance', '10');
    await a.watch('balance');
    await b.incrby('balance', 5);
    expect(await a.multi().set('balance', '0').exec()).toBeNull();
    expect(await a.get('balance')).toBe('15');
  });

  it('runs EXEC when the watched key was left alone, and forgets WATCH after EXEC', async () => {
    await a.set('balance', '10');
    await a.watch('balance');
    await b.set('other', 'x');
    expect(await a.multi().decrby('balance', 3).exec()).toEqual([[null, 7]]);
    await b.set('balance', '99');
    expect(await a.multi().get('balance').exec()).toEqual([[null, '99']]);
  });

  it('lets exactly one of two racing WATCH transactions win', async () => {
    await a.set('seat', 'free');
    await a.watch('seat');
    await b.watch('seat');
    const first = await a.multi().set('seat', 'a').exec();
    const second = await b.multi().set('seat', 'b').exec();
    expect(first).toEqual([[null, 'OK']]);
    expect(second).toBeNull();
    expect(await a.get('seat')).toBe('a');
  });

  it('fails EXEC after FLUSHALL of a watched key that existed', async () => {
    await a.set('f', '1');
    await a.watch('f');
    await b.flushall();
    expect(await a.multi().ping().exec()).toBeNull();
  });
});

describe('WATCH and expiry', () => {
  it('fails EXEC when a watched key expires after WATCH, even before anyone reads it', async () => {
    await a.set('ttl', 'v', 'PX', 100);
    await a.watch('ttl');
    now += 200;
    expect(await a.multi().ping().exec()).toBeNull();
  });

  it('fails EXEC when the active expiry cycle deletes a watched key', async () => {
    await a.set('ttl', 'v', 'PX', 100);
    await a.watch('ttl');
    now += 200;
    clock.refresh();
    activeExpireCycle(server.keyspace, 10, 1000);
    expect(await b.exists('ttl')).toBe(0);
    expect(await a.multi().ping().exec()).toBeNull();
  });

  it('does not fail EXEC for a key already expired at WATCH time that is then deleted', async () => {
    await a.set('stale', 'v', 'PX', 100);
    now += 200;
    await a.watch('stale');
    expect(await b.get('stale')).toBeNull();
    expect(await a.multi().ping().exec()).toEqual([[null, 'PONG']]);
  });
});

describe('WATCH and eviction', () => {
  it('fails EXEC when a watched key is evicted', async () => {
    await a.config('SET', 'maxmemory-policy', 'allkeys-random');
    await a.set('victim', 'v'.repeat(1000));
    await a.watch('victim');
    await b.config('SET', 'maxmemory', '1');
    await b.ping();
    await b.config('SET', 'maxmemory', '0');
    await a.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await b.exists('victim')).toBe(0);
    expect(await a.multi().ping().exec()).toBeNull();
  });
});

describe('MULTI over the memory limit (Redis 7.0 rules)', () => {
  it('refuses queueing when over the limit and aborts EXEC', async () => {
    const raw = await RawClient.connect(port);
    expect(await raw.call('MULTI')).toBe('+OK\r\n');
    await b.config('SET', 'maxmemory', '1');
    expect(await raw.call('GET', 'x')).toBe(`-${OOM}\r\n`);
    await b.config('SET', 'maxmemory', '0');
    expect(await raw.call('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    raw.close();
  });

  it('aborts EXEC with the OOM reason when a queued command is deny-oom and memory is full', async () => {
    const raw = await RawClient.connect(port);
    expect(await raw.call('MULTI')).toBe('+OK\r\n');
    expect(await raw.call('SET', 'x', '1')).toBe('+QUEUED\r\n');
    await b.config('SET', 'maxmemory', '1');
    expect(await raw.call('EXEC')).toBe(`-EXECABORT Transaction discarded because of: ${OOM}\r\n`);
    expect(await raw.call('EXEC')).toBe('-ERR EXEC without MULTI\r\n');
    await b.config('SET', 'maxmemory', '0');
    raw.close();
  });

  it('counts the queue as client memory, so an endless MULTI reaches the limit', async () => {
    const raw = await RawClient.connect(port);
    expect(await raw.call('MULTI')).toBe('+OK\r\n');
    // The limit applies to used_memory less mem_not_counted_for_evict (V8's young generation).
    const used = server.memory.usedForEviction();
    await b.config('SET', 'maxmemory', String(used + 512 * 1024));
    let refused = -1;
    for (let i = 0; i < 200 && refused < 0; i++) {
      const reply = await raw.call('SET', `k${i}`, 'v'.repeat(10_000));
      if (reply !== '+QUEUED\r\n') {
        expect(reply).toBe(`-${OOM}\r\n`);
        refused = i;
      }
    }
    await b.config('SET', 'maxmemory', '0');
    expect(refused).toBeGreaterThan(10);
    expect(await raw.call('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    raw.close();
  });

  it('runs EXEC of read-only commands when memory is full', async () => {
    const raw = await RawClient.connect(port);
    expect(await raw.call('MULTI')).toBe('+OK\r\n');
    expect(await raw.call('GET', 'x')).toBe('+QUEUED\r\n');
    await b.config('SET', 'maxmemory', '1');
    expect(await raw.call('EXEC')).toBe('*1\r\n$-1\r\n');
    await b.config('SET', 'maxmemory', '0');
    raw.close();
  });
});

describe('EXEC in RESP3', () => {
  it('answers RESP3 types inside the EXEC array and a RESP3 null when WATCH failed', async () => {
    const raw = await RawClient.connect(port);
    await raw.call('HELLO', '3');
    await raw.call('MULTI');
    await raw.call('GET', 'none');
    await raw.call('HSET', 'h', 'f', 'v');
    await raw.call('HGETALL', 'h');
    expect(await raw.call('EXEC')).toBe('*3\r\n_\r\n:1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n');
    await raw.call('WATCH', 'h');
    await b.hset('h', 'f', 'w');
    await raw.call('MULTI');
    await raw.call('PING');
    expect(await raw.call('EXEC')).toBe('_\r\n');
    raw.close();
  });
});
