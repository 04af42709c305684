/**
 * MEMORY DOCTOR's checks and MEMORY STATS's figures, on a server built in this process.
 */
import { describe, expect, it } from 'vitest';
import { Server } from '../../../src/server';
import { Config } from '../../../src/config/config';
import { Logger } from '../../../src/util/log';
import { memoryDoctorReport } from '../../../src/commands/memory';
import { memorySnapshot } from '../../../src/memory/report';

function server(settings: Array<[string, string]> = []): Server {
  const config = new Config();
  const error = config.setMany(settings, () => undefined);
  if (error !== undefined) throw new Error(error);
  const log = new Logger();
  log.level = 'nothing';
  return new Server({ config, log });
}

describe('MEMORY DOCTOR', () => {
  it('speaks of the heap ceiling when maxmemory is not set', () => {
    const report = memoryDoctorReport(server());
    expect(report).toContain('Limit from the JS heap: maxmemory is not set');
  });

  it('has nothing to say about a small instance with a sound configuration', () => {
    expect(memoryDoctorReport(server([['maxmemory', '100mb']]))).toMatch(/^Hi Sam, this instance is empty/);
  });

  it('warns of a volatile policy without TTL keys', () => {
    const s = server([['maxmemory', '100mb'], ['maxmemory-policy', 'volatile-lru']]);
    s.keyspace.dbs[0].add('k', 'v');
    expect(memoryDoctorReport(s)).toContain('Volatile policy without TTL keys');
  });

  it('names the biggest keys when one holds most of the dataset', () => {
    const s = server([['maxmemory', '1gb']]);
    const db = s.keyspace.dbs[0];
    db.add('huge', 'x'.repeat(6 * 1024 * 1024));
    for (let i = 0; i < 100; i++) db.add(`small${i}`, 'v');
    const report = memoryDoctorReport(s);
    expect(report).toContain("Big keys: the largest keys are 'huge' in db 0");
    expect(report).toMatch(/^Sam, I detected a few issues/);
  });
});

describe('the memory snapshot', () => {
  it('splits used_memory into dataset and overhead, and counts keys', () => {
    const s = server([['maxmemory', '100mb']]);
    s.keyspace.dbs[0].add('a', 'b');
    s.keyspace.dbs[3].add('c', 'd');
    const snap = memorySnapshot(s);
    expect(snap.used).toBe(snap.dataset + snap.overhead);
    expect(snap.keys).toBe(2);
    expect(snap.dataset).toBe(s.keyspace.dbs[0].bytes + s.keyspace.dbs[3].bytes);
    expect(snap.peak).toBeGreaterThanOrEqual(snap.used);
  });
});

describe('eviction settings take effect at once', () => {
  it('CONFIG SET of the policy, samples, tenacity and LFU parameters reaches the accountant and the keyspace', () => {
    const s = server();
    const apply = (pairs: Array<[string, string]>) => s.config.setMany(pairs, (row, value) => s.applyConfig(row, value));
    expect(apply([['maxmemory-policy', 'allkeys-lfu'], ['maxmemory-samples', '10'], ['maxmemory-eviction-tenacity', '50']])).toBeUndefined();
    expect(s.memory.policy).toBe('allkeys-lfu');
    expect(s.memory.evictor.policy.allKeys).toBe(true);
    expect(s.keyspace.lfu).toBe(true);
    expect(s.memory.samples).toBe(10);
    expect(s.memory.tenacity).toBe(50);
    expect(apply([['lfu-log-factor', '3'], ['lfu-decay-time', '7']])).toBeUndefined();
    expect(s.keyspace.lfuLogFactor).toBe(3);
    expect(s.keyspace.lfuDecayTime).toBe(7);
    expect(apply([['maxmemory-policy', 'volatile-ttl']])).toBeUndefined();
    expect(s.keyspace.lfu).toBe(false);
    expect(s.memory.evictor.policy.allKeys).toBe(false);
    expect(apply([['maxmemory', '64mb']])).toBeUndefined();
    expect(s.memory.maxmemory).toBe(64 * 1024 * 1024);
    expect(s.memory.configuredMaxmemory).toBe(64 * 1024 * 1024);
    expect(s.memory.heapCapped).toBe(false);
  });
});
