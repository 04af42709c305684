/**
 * Time-dependent keyspace behaviour over TCP with an injected clock: TTLs counting down and lazy
 * expiry at the exact millisecond, expired_keys and keyspace hits/misses in INFO, OBJECT IDLETIME
 * (reset by reads, not by TYPE, EXISTS, TTL or OBJECT), and OBJECT FREQ's LFU counter growing on
 * access and decaying by lfu-decay-time. Also the same answers in RESP3.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import { Clock } from '../../src/util/clock';
import { Random } from '../../src/util/random';

let port: number;
let stop: () => Promise<void>;
let now = 1_900_000_000_000;
let redis: Redis;

beforeAll(async () => {
  ({ port, stop } = await startInProcess({}, { clock: new Clock(() => now), random: new Random(5) }));
  redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await redis.connect();
});
afterAll(async () => {
  redis?.disconnect();
  await stop();
});
beforeEach(async () => {
  await redis.flushall();
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
});

async function infoField(section: string, name: string): Promise<string | undefined> {
  const text = await redis.info(section);
  return new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(text)?.[1];
}

describe('expiry with an injected clock', () => {
  it('counts a TTL down and deletes the key one millisecond after its time', async () => {
    const expiredBefore = Number(await infoField('stats', 'expired_keys'));
    await redis.set('k', 'v', 'EX', 100);
    now += 30_000;
    expect(await redis.ttl('k')).toBe(70);
    expect(await redis.pttl('k')).toBe(70_000);
    expect(await redis.expiretime('k')).toBe(Math.round((now + 70_000) / 1000));
    now += 70_000;
    expect(await redis.pttl('k')).toBe(0);
    expect(await redis.get('k')).toBe('v');
    now += 1;
    expect(await redis.get('k')).toBeNull();
    expect(await redis.ttl('k')).toBe(-2);
    expect(Number(await infoField('stats', 'expired_keys'))).toBe(expiredBefore + 1);
  });

  it('reports keys and keys with a TTL in INFO keyspace', async () => {
    await redis.mset('a', '1', 'b', '2', 'c', '3');
    await redis.pexpire('a', 500);
    await redis.pexpire('b', 5000);
    expect(await infoField('keyspace', 'db0')).toMatch(/^keys=3,expires=2,/);
    now += 501;
    expect(await redis.exists('a', 'b', 'c')).toBe(2);
    expect(await infoField('keyspace', 'db0')).toMatch(/^keys=2,expires=1,/);
    await redis.persist('b');
    expect(await infoField('keyspace', 'db0')).toMatch(/^keys=2,expires=0,/);
  });

  it('counts keyspace hits and misses for reads, not for writes', async () => {
    const hits = Number(await infoField('stats', 'keyspace_hits'));
    const misses = Number(await infoField('stats', 'keyspace_misses'));
    await redis.set('k', 'v');
    await redis.get('k');
    await redis.get('nokey');
    await redis.mget('k', 'nokey', 'nokey2');
    await redis.set('nokey3', 'v');
    expect(Number(await infoField('stats', 'keyspace_hits'))).toBe(hits + 2);
    expect(Number(await infoField('stats', 'keyspace_misses'))).toBe(misses + 3);
  });
});

describe('OBJECT IDLETIME and FREQ with an injected clock', () => {
  it('measures idle seconds since the last read, untouched by TYPE, EXISTS, TTL and OBJECT', async () => {
    await redis.set('k', 'v');
    now += 5_000;
    expect(await redis.object('IDLETIME', 'k')).toBe(5);
    await redis.type('k');
    await redis.exists('k');
    await redis.ttl('k');
    await redis.object('ENCODING', 'k');
    now += 2_999;
    expect(await redis.object('IDLETIME', 'k')).toBe(7);
    await redis.get('k');
    expect(await redis.object('IDLETIME', 'k')).toBe(0);
    now += 61_000;
    expect(await redis.object('IDLETIME', 'k')).toBe(61);
    await redis.append('k', 'x');
    expect(await redis.object('IDLETIME', 'k')).toBe(0);
  });

  it('starts LFU counters at 5, grows them on access and decays them by lfu-decay-time minutes', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    await redis.set('f', 'v');
    expect(await redis.object('FREQ', 'f')).toBe(5);
    await expect(redis.object('IDLETIME', 'f')).rejects.toThrow('An LFU maxmemory policy is selected, idle time not tracked.');
    // From the initial value the first access always counts (probability 1 / (0 * factor + 1)).
    await redis.get('f');
    expect(await redis.object('FREQ', 'f')).toBe(6);
    await redis.type('f');
    await redis.exists('f');
    expect(await redis.object('FREQ', 'f')).toBe(6);
    now += 3 * 60_000;
    expect(await redis.object('FREQ', 'f')).toBe(3);
    await redis.config('SET', 'lfu-decay-time', '0');
    now += 10 * 60_000;
    expect(await redis.object('FREQ', 'f')).toBe(6);
    await redis.config('SET', 'lfu-decay-time', '1');
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    await expect(redis.object('FREQ', 'f')).rejects.toThrow('An LFU maxmemory policy is not selected, access frequency not tracked.');
  });
});

describe('the same answers in RESP3', () => {
  it('answers TTL, OBJECT and GET of an expired key with RESP3 types', async () => {
    const raw = await RawClient.connect(port);
    expect(await raw.call('HELLO', '3')).toMatch(/^%7\r\n/);
    expect(await raw.call('SET', 'k', 'v', 'PX', '1000')).toBe('+OK\r\n');
    now += 400;
    expect(await raw.call('PTTL', 'k')).toBe(':600\r\n');
    expect(await raw.call('OBJECT', 'IDLETIME', 'k')).toBe(':0\r\n');
    expect(await raw.call('OBJECT', 'ENCODING', 'k')).toBe('$6\r\nembstr\r\n');
    now += 601;
    expect(await raw.call('GET', 'k')).toBe('_\r\n');
    expect(await raw.call('OBJECT', 'ENCODING', 'k')).toBe('_\r\n');
    expect(await raw.call('TTL', 'k')).toBe(':-2\r\n');
    raw.close();
  });
});
