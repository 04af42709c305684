/**
 * A real client over TCP: ioredis 5 (RESP2) connects with its ready check (it reads INFO's
 * `loading:` field), selects a database, runs pipelines and a spread of commands, and reads INFO,
 * CONFIG and COMMAND replies. RESP3, which ioredis does not speak, is checked through raw HELLO 3
 * replies: the handshake map, a map, a verbatim string, nulls, and the way back to RESP2.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { decodeReply, Decoded } from '../helpers/resp';
import { startInProcess } from '../helpers/servers';

let port: number;
let stop: () => Promise<void>;
let redis: Redis;

beforeAll(async () => {
  ({ port, stop } = await startInProcess());
  redis = new Redis({ port, host: '127.0.0.1', db: 2, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await redis.connect();
});
afterAll(async () => {
  redis?.disconnect();
  await stop();
});

describe('ioredis over RESP2', () => {
  it('connects through its ready check on database 2', async () => {
    expect(redis.status).toBe('ready');
    expect(await redis.ping()).toBe('PONG');
    await redis.set('where', 'db2');
    const other = new Redis({ port, host: '127.0.0.1', db: 0, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await other.connect();
    expect(await other.get('where')).toBeNull();
    other.disconnect();
  });

  it('runs a spread of string, key and expiry commands', async () => {
    expect(await redis.set('s', 'v', 'EX', 100)).toBe('OK');
    expect(await redis.get('s')).toBe('v');
    expect(await redis.ttl('s')).toBeGreaterThan(90);
    expect(await redis.incrby('n', 5)).toBe(5);
    expect(await redis.incrbyfloat('n', '1.5')).toBe('6.5');
    expect(await redis.append('s', 'w')).toBe(2);
    expect(await redis.mset({ a: '1', b: '2' })).toBe('OK');
    expect(await redis.mget('a', 'b', 'missing')).toEqual(['1', '2', null]);
    expect(await redis.exists('a', 'b', 'missing')).toBe(2);
    expect(await redis.type('a')).toBe('string');
    expect(await redis.del('a', 'b')).toBe(2);
    expect(await redis.getBuffer('s')).toEqual(Buffer.from('vw'));
    const binary = Buffer.from([0, 1, 2, 13, 10, 255]);
    await redis.set('bin', binary);
    expect(await redis.getBuffer('bin')).toEqual(binary);
    await expect(redis.incr('s')).rejects.toThrow('ERR value is not an integer or out of range');
  });

  it('runs pipelines, with errors in place', async () => {
    const pipe = redis.pipeline();
    for (let i = 0; i < 1000; i++) pipe.set(`p:${i}`, String(i));
    pipe.incr('p:1');
    pipe.incr('s');
    pipe.get('p:999');
    const results = await pipe.exec();
    expect(results).toHaveLength(1003);
    expect(results![0]).toEqual([null, 'OK']);
    expect(results![1000]).toEqual([null, 2]);
    expect((results![1001][0] as Error).message).toBe('ERR value is not an integer or out of range');
    expect(results![1002]).toEqual([null, '999']);
    expect(await redis.dbsize()).toBeGreaterThanOrEqual(1000);
  });

  it('iterates keys with scanStream', async () => {
    const keys: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = redis.scanStream({ match: 'p:*', count: 100 });
      stream.on('data', (batch: string[]) => keys.push(...batch));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(new Set(keys).size).toBe(1000);
  });

  it('reads INFO, CONFIG, TIME and COMMAND', async () => {
    const info = await redis.info();
    expect(info).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
    expect(info).toContain('\r\nloading:0\r\n');
    expect(info).toContain('\r\nrole:master\r\n');
    expect(info).toMatch(/\r\ndb2:keys=\d+,expires=1,avg_ttl=\d+\r\n/);
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await redis.config('SET', 'maxmemory-samples', '7')).toBe('OK');
    expect(await redis.config('GET', 'maxmemory-samples')).toEqual(['maxmemory-samples', '7']);
    const [sec, usec] = (await redis.time()) as [string, string];
    expect(Math.abs(Number(sec) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(usec)).toBeLessThan(1e6);
    const count = (await redis.command('COUNT')) as number;
    const all = (await redis.command()) as unknown[];
    expect(all).toHaveLength(count);
    expect(await redis.command('GETKEYS', 'MSET', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
  });

  it('reports unknown commands as Redis does', async () => {
    await expect(redis.call('NOSUCH', 'x')).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: 'x' ");
  });
});

describe('RESP3 through HELLO 3', () => {
  it('answers the handshake map, maps, verbatim strings and nulls, and goes back with HELLO 2', async () => {
    const c = await RawClient.connect(port);
    const hello = await c.call('HELLO', '3');
    expect(hello.startsWith('%7\r\n')).toBe(true);
    const fields = new Map(decodeReply(hello) as Array<[string, Decoded]>);
    expect(fields.get('server')).toBe('redis');
    expect(fields.get('version')).toBe('7.0.15');
    expect(fields.get('proto')).toBe(3);
    expect(fields.get('mode')).toBe('standalone');
    expect(fields.get('role')).toBe('master');
    expect(fields.get('modules')).toEqual([]);
    expect(await c.call('CONFIG', 'GET', 'hz')).toBe('%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
    expect(await c.call('GET', 'nosuchkey')).toBe('_\r\n');
    const info = await c.call('INFO', 'cluster');
    expect(info).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    expect(await c.call('COMMAND', 'INFO', 'nosuch')).toBe('*1\r\n_\r\n');
    expect((await c.call('HELLO', '2')).startsWith('*14\r\n')).toBe(true);
    expect(await c.call('GET', 'nosuchkey')).toBe('$-1\r\n');
    expect(await c.call('INFO', 'cluster')).toBe('$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
    c.close();
  });
});
