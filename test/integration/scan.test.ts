/**
 * SCAN's guarantee over TCP: while one client iterates with small COUNTs, another client adds and
 * deletes keys between (and, pipelined, during) the scanner's calls; every key present for the whole
 * iteration must be returned. Checked with ioredis (RESP2, also through scanStream) and with raw
 * RESP3 after HELLO 3, plus MATCH, TYPE and lazy expiry of keys the scan meets.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { decodeReply } from '../helpers/resp';
import { startInProcess } from '../helpers/servers';
import { Random } from '../../src/util/random';
import { Clock } from '../../src/util/clock';

let port: number;
let stop: () => Promise<void>;
let now = 1_800_000_000_000;
let scanner: Redis;
let mutator: Redis;

function connect(db: number): Redis {
  return new Redis({ port, host: '127.0.0.1', db, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

beforeAll(async () => {
  ({ port, stop } = await startInProcess({}, { clock: new Clock(() => now) }));
  scanner = connect(3);
  mutator = connect(3);
  await Promise.all([scanner.connect(), mutator.connect()]);
});
afterAll(async () => {
  scanner?.disconnect();
  mutator?.disconnect();
  await stop();
});

/** Fills the database with stable keys and churn keys; returns the stable key names. */
async function populate(stable: number, churn: number): Promise<string[]> {
  await mutator.flushdb();
  const pipe = mutator.pipeline();
  const names: string[] = [];
  for (let i = 0; i < stable; i++) {
    names.push(`stable:${i}`);
    pipe.set(`stable:${i}`, String(i));
  }
  for (let i = 0; i < churn; i++) pipe.set(`churn:${i}`, 'x');
  await pipe.exec();
  return names;
}

/** One burst of changes: new keys added, existing churn keys deleted, all in one pipeline. */
function churnBurst(rnd: Random, state: { next: number; live: number[] }): Promise<unknown> {
  const pipe = mutator.pipeline();
  for (let k = 0; k < 15; k++) {
    if (rnd.next() < 0.5 || state.live.length === 0) {
      const id = state.next++;
      state.live.push(id);
      pipe.set(`churn:${id}`, 'y');
    } else {
      const [id] = state.live.splice(rnd.below(state.live.length), 1);
      pipe.del(`churn:${id}`);
    }
  }
  return pipe.exec();
}

describe('SCAN guarantee while keys come and go', () => {
  it('returns every stable key when changes land between the scanner calls', async () => {
    const stable = await populate(2000, 1000);
    const rnd = new Random(11);
    const state = { next: 1000, live: Array.from({ length: 1000 }, (_, i) => i) };
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, keys] = await scanner.scan(cursor, 'COUNT', 1 + rnd.below(30));
      for (const k of keys) seen.add(k);
      cursor = next;
      calls++;
      await churnBurst(rnd, state);
    } while (cursor !== '0' && calls < 100_000);
    expect(cursor).toBe('0');
    for (const k of stable) expect(seen.has(k), k).toBe(true);
  });

  it('returns every stable key when the other client churns concurrently (scanStream)', async () => {
    const stable = await populate(3000, 500);
    const rnd = new Random(12);
    const state = { next: 500, live: Array.from({ length: 500 }, (_, i) => i) };
    let scanning = true;
    const churner = (async () => {
      while (scanning) await churnBurst(rnd, state);
    })();
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = scanner.scanStream({ count: 7 });
      stream.on('data', (keys: string[]) => {
        for (const k of keys) seen.add(k);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    scanning = false;
    await churner;
    for (const k of stable) expect(seen.has(k), k).toBe(true);
  });

  it('keeps the guarantee in RESP3, with MATCH and TYPE filtering', async () => {
    const stable = await populate(500, 500);
    await mutator.rpush('stable:list', 'a');
    const raw = await RawClient.connect(port);
    await raw.call('HELLO', '3');
    await raw.call('SELECT', '3');
    const rnd = new Random(13);
    const state = { next: 500, live: Array.from({ length: 500 }, (_, i) => i) };
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const reply = await raw.call('SCAN', cursor, 'MATCH', 'stable:*', 'TYPE', 'string', 'COUNT', '25');
      expect(reply.startsWith('*2\r\n')).toBe(true);
      const [next, keys] = decodeReply(reply) as [string, string[]];
      for (const k of keys) {
        expect(k.startsWith('stable:')).toBe(true);
        seen.add(k);
      }
      cursor = next;
      await churnBurst(rnd, state);
    } while (cursor !== '0');
    raw.close();
    expect(seen.has('stable:list')).toBe(false);
    for (const k of stable) expect(seen.has(k), k).toBe(true);
  });

  it('does not return keys whose TTL has passed, and deletes them as it meets them', async () => {
    await populate(100, 0);
    const pipe = mutator.pipeline();
    for (let i = 0; i < 50; i++) pipe.pexpire(`stable:${i}`, 1000);
    await pipe.exec();
    now += 1001;
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await scanner.scan(cursor, 'COUNT', 10);
      for (const k of keys) seen.add(k);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(50);
    for (let i = 50; i < 100; i++) expect(seen.has(`stable:${i}`)).toBe(true);
    expect(await mutator.dbsize()).toBe(50);
  });
});
