/**
 * maxmemory over TCP: a write flood from 50 clients against a 10 MB limit stays within one
 * command's size of the limit after every reply; noeviction and volatile policies without TTL keys
 * answer the exact OOM error while reads and deletes are served; runtime changes of the limit and
 * the policy take effect at once; every evicted key is signalled (WATCH) and notified.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';
import { keyOverhead, stringBytes } from '../../src/memory/costs';
import { notifications, parseNotifyFlags } from '../../src/commands/notify';
import { Random } from '../../src/util/random';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
/** Start-up memory is the whole test process's heap in-process; pin it to a server-like figure. */
const STARTUP = 1024 * 1024;

let running: { server: Server; port: number; stop: () => Promise<void> } | undefined;

async function start(settings: Record<string, string>): Promise<{ server: Server; port: number }> {
  running = await startInProcess(settings, { random: new Random(5) });
  running.server.memory.startup = STARTUP;
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Waits for the background eviction job (bounded: at most `turns` event-loop turns). */
async function settle(server: Server, turns = 2000): Promise<void> {
  for (let i = 0; i < turns && (server.memory.evictor.running || server.memory.lazyfree.pendingObjects > 0); i++) {
    await new Promise((r) => setImmediate(r));
  }
}

describe('a write flood against a 10 MB limit', () => {
  it('keeps used_memory within one command of the limit after every reply, for 50 clients', async () => {
    const { server, port } = await start({ maxmemory: '10mb', 'maxmemory-policy': 'allkeys-lru' });
    const limit = 10 * 1024 * 1024;
    const value = 'v'.repeat(1000);
    const oneCommand = keyOverhead(12) + stringBytes(value.length);
    let worst = 0;
    let replies = 0;
    const clients = Array.from({ length: 50 }, () => new Redis({ port, host: '127.0.0.1', lazyConnect: false }));
    await Promise.all(
      clients.map(async (r, ci) => {
        for (let i = 0; i < 300; i++) {
          expect(await r.set(`k:${ci}:${i}`, value)).toBe('OK');
          replies++;
          // As in Redis, the limit applies to used_memory less mem_not_counted_for_evict.
          worst = Math.max(worst, server.memory.usedForEviction() - limit);
        }
      }),
    );
    await Promise.all(clients.map((r) => r.quit()));
    expect(replies).toBe(15000);
    expect(worst).toBeLessThanOrEqual(oneCommand);
    expect(server.keyspace.stats.evictedKeys).toBeGreaterThan(0);
    expect(server.keyspace.memory.dataset).toBeGreaterThan(0);
    expect(server.memory.clientBuffers).toBeGreaterThanOrEqual(0);
  });
});

describe('when nothing can be freed', () => {
  it.each([
    ['noeviction', false],
    ['volatile-lru', false],
    ['volatile-ttl', false],
  ])('%s refuses deny-oom commands with the exact OOM text and still serves reads and DEL', async (policy) => {
    const { server, port } = await start({ maxmemory: '2mb', 'maxmemory-policy': policy });
    const c = await RawClient.connect(port);
    const value = 'x'.repeat(1000);
    let i = 0;
    for (; i < 5000; i++) {
      const reply = await c.call('SET', `k${i}`, value);
      if (reply !== '+OK\r\n') {
        expect(reply).toBe(OOM);
        break;
      }
    }
    expect(i).toBeGreaterThan(100);
    expect(i).toBeLessThan(5000);
    expect(await c.call('GET', 'k0')).toBe(`$1000\r\n${value}\r\n`);
    expect(await c.call('SET', 'other', 'v')).toBe(OOM);
    expect(await c.call('DBSIZE')).toBe(`:${i}\r\n`);
    await c.call('HELLO', '3');
    expect(await c.call('SET', 'other', 'v')).toBe(OOM);
    const keys = Array.from({ length: 20 }, (_, k) => `k${k}`);
    expect(await c.call('DEL', ...keys)).toBe(':20\r\n');
    expect(await c.call('SET', 'other', 'v')).toBe('+OK\r\n');
    expect(server.keyspace.stats.evictedKeys).toBe(0);
    c.close();
  });
});

describe('runtime changes', () => {
  it('lowering maxmemory evicts down to it in the background and logs the warning', async () => {
    const { server, port } = await start({ 'maxmemory-policy': 'allkeys-random', 'maxmemory-eviction-tenacity': '0' });
    const lines: string[] = [];
    server.log.warning = (line: string) => void lines.push(line);
    const c = await RawClient.connect(port);
    for (let i = 0; i < 3000; i++) c.write(`SET k${i} ${'y'.repeat(500)}\r\n`);
    for (let i = 0; i < 3000; i++) await c.read();
    const before = server.memory.usedForEviction();
    const target = STARTUP + Math.floor((before - STARTUP) / 2);
    expect(await c.call('CONFIG', 'SET', 'maxmemory', String(target))).toBe('+OK\r\n');
    expect(lines.some((l) => l.startsWith(`WARNING: the new maxmemory value set via CONFIG SET (${target}) is smaller than the current memory usage (`))).toBe(true);
    // Tenacity 0: one call evicts 16 keys, the rest happens between event-loop turns.
    expect(server.keyspace.stats.evictedKeys).toBeLessThan(100);
    await settle(server);
    expect(server.memory.usedForEviction()).toBeLessThanOrEqual(target);
    expect(server.keyspace.stats.evictedKeys).toBeGreaterThan(1000);
    expect(await c.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')).toBe('+OK\r\n');
    expect(await c.call('CONFIG', 'SET', 'maxmemory', String(STARTUP))).toBe('+OK\r\n');
    expect(await c.call('SET', 'x', 'y')).toBe(OOM);
    expect(await c.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru')).toBe('+OK\r\n');
    // The next command starts evicting; while the job runs in the background nothing is refused.
    expect(await c.call('PING')).toBe('+PONG\r\n');
    await settle(server);
    expect(await c.call('DBSIZE')).toBe(':0\r\n');
    expect(await c.call('SET', 'x', 'y')).toBe(OOM);
    expect(await c.call('CONFIG', 'SET', 'maxmemory', '0')).toBe('+OK\r\n');
    expect(await c.call('SET', 'x', 'y')).toBe('+OK\r\n');
    c.close();
  });

  it('signals every evicted key (WATCH) and notifies the evicted event', async () => {
    const { server, port } = await start({ 'maxmemory-policy': 'allkeys-lru', 'maxmemory-eviction-tenacity': '100' });
    const modified: string[] = [];
    server.keyspace.listen({ keyModified: (_db, key) => void modified.push(key) });
    const events: Array<[string, string]> = [];
    const saved = { ...notifications };
    notifications.flags = parseNotifyFlags('Ee');
    notifications.publisher = { publish: (ch, msg) => (events.push([ch, msg]), 0) };
    try {
      const c = await RawClient.connect(port);
      for (let i = 0; i < 100; i++) await c.call('SET', `k${i}`, 'z'.repeat(100));
      modified.length = 0;
      await c.call('CONFIG', 'SET', 'maxmemory', String(server.memory.usedForEviction() - 20 * (keyOverhead(3) + stringBytes(100))));
      const evicted = server.keyspace.stats.evictedKeys;
      expect(evicted).toBeGreaterThanOrEqual(20);
      expect(modified.length).toBe(evicted);
      expect(events.length).toBe(evicted);
      for (const [ch, key] of events) {
        expect(ch).toBe('__keyevent@0__:evicted');
        expect(modified).toContain(key);
      }
      c.close();
    } finally {
      notifications.flags = saved.flags;
      notifications.publisher = saved.publisher;
    }
  });
});

describe('lazy free', () => {
  it('DEL of a big list returns at once and keeps its memory counted until released in slices', async () => {
    const { server, port } = await start({});
    const c = await RawClient.connect(port);
    for (let i = 0; i < 40; i++) {
      const batch = Array.from({ length: 5000 }, (_, j) => `element:${i}:${j}`);
      await c.call('RPUSH', 'big', ...batch);
    }
    expect(await c.call('DEL', 'big')).toBe(':1\r\n');
    // One slice may already have run before the reply arrived; the rest is still counted.
    expect(server.memory.lazyfree.pendingObjects).toBe(1);
    expect(server.memory.lazyfree.pendingBytes).toBeGreaterThan(0);
    const counted = () => server.memory.usedForEviction();
    expect(counted()).toBe(
      STARTUP + server.keyspace.memory.tables + server.memory.clientsOverhead + server.memory.clientBuffers + server.memory.lazyfree.pendingBytes,
    );
    let previous = counted();
    let turns = 0;
    while (server.memory.lazyfree.pendingObjects > 0 && turns < 100) {
      await new Promise((r) => setImmediate(r));
      expect(counted()).toBeLessThanOrEqual(previous);
      previous = counted();
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
    expect(server.memory.lazyfree.pendingBytes).toBe(0);
    expect(server.memory.lazyfree.freedObjects).toBe(1);
    expect(server.keyspace.memory.dataset).toBe(0);
    const info = await c.call('INFO', 'memory');
    expect(info).toContain('lazyfree_pending_objects:0\r\n');
    expect(info).toContain('lazyfreed_objects:1\r\n');
    c.close();
  });

  it('FLUSHALL of many keys releases them lazily too', async () => {
    const { server, port } = await start({});
    const c = await RawClient.connect(port);
    for (let i = 0; i < 2000; i++) c.write(`SET k${i} v\r\n`);
    for (let i = 0; i < 2000; i++) await c.read();
    const before = server.memory.usedForEviction();
    expect(await c.call('FLUSHALL')).toBe('+OK\r\n');
    expect(server.keyspace.memory.dataset).toBe(0);
    await settle(server);
    expect(server.memory.lazyfree.pendingObjects).toBe(0);
    expect(server.memory.usedForEviction()).toBeLessThan(before);
    c.close();
  });
});
