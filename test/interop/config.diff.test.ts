/**
 * Differential tests of CONFIG against redis-server 7.0: every setting respkv has reads back with
 * Redis's default, GET with several patterns, globs and aliases, SET's validation and all-or-nothing
 * multi-pair behaviour with Redis's error texts, memory units, RESETSTAT, REWRITE without a file,
 * and what redis-benchmark asks first.
 */
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { CONFIG_ROWS } from '../../src/config/table';

const pair = usePair();

/** Settings that differ between the two test servers by construction (port, directory, files). */
const PER_PROCESS = new Set(['port', 'dir', 'logfile', 'pidfile', 'bind']);

describe('CONFIG GET, as redis-server', () => {
  it('reads every setting respkv has with Redis 7.0 default', async () => {
    const steps = CONFIG_ROWS.filter((r) => !PER_PROCESS.has(r.name)).map((r) => ['CONFIG', 'GET', r.name]);
    await pair.expectSame(steps);
  });

  it('answers aliases, globs and several patterns', async () => {
    await pair.expectSame([
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
      ['CONFIG', 'GET', 'ZSET-MAX-ZIPLIST-VALUE'],
      ['CONFIG', 'GET', 'nosuch'],
      ['CONFIG', 'GET', 'nosuch*'],
      { cmd: ['CONFIG', 'GET', 'maxmemory', 'hz', 'timeout'], unordered: true },
      { cmd: ['CONFIG', 'GET', 'maxmemory', 'MAXMEMORY', 'maxmemory'], unordered: true },
      { cmd: ['CONFIG', 'GET', 'maxmemory-p*', 'lfu-*'], unordered: true },
      { cmd: ['CONFIG', 'GET', 'hash-max-*-entries'], unordered: true },
      { cmd: ['CONFIG', 'GET', 'maxmemory*', 'maxmemory'], unordered: true },
      { cmd: ['CONFIG', 'GET', '?z', 'h[^a-y]', 'lazyfree-lazy-user-*'], unordered: true },
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'GET', 'appendonly'],
    ]);
  });
});

describe('CONFIG SET, as redis-server', () => {
  it('validates with Redis texts', async () => {
    await pair.expectSame([
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '1mb', 'hz'],
      ['CONFIG', 'SET', 'nosuch', '1'],
      ['CONFIG', 'SET', 'maxmemory', '-1'],
      ['CONFIG', 'SET', 'maxmemory', '1.5mb'],
      ['CONFIG', 'SET', 'maxmemory', '1tb'],
      ['CONFIG', 'SET', 'hz', 'x'],
      ['CONFIG', 'SET', 'hz', '0'],
      ['CONFIG', 'SET', 'hz', '501'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '101'],
      ['CONFIG', 'SET', 'lfu-log-factor', '-1'],
      ['CONFIG', 'SET', 'maxclients', '0'],
      ['CONFIG', 'SET', 'loglevel', 'loud'],
      ['CONFIG', 'SET', 'protected-mode', 'maybe'],
      ['CONFIG', 'SET', 'databases', '4'],
      ['CONFIG', 'SET', 'enable-debug-command', 'yes'],
      ['CONFIG', 'SET', 'maxmemory', '1mb', 'MAXMEMORY', '2mb'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '1', 'hash-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'],
      ['CONFIG', 'SET', 'dir', '/nonexistent/dir'],
      ['CONFIG', 'SET', 'dir', '/tmp'],
      ['CONFIG', 'SET', 'enable-protected-configs', 'yes'],
    ]);
  });

  it('holds every numeric setting to Redis bounds', async () => {
    const steps: string[][] = [];
    for (const row of CONFIG_ROWS) {
      if (row.immutable || row.inert || row.min === undefined || row.max === undefined) continue;
      steps.push(['CONFIG', 'SET', row.name, String(row.min - 1)]);
      if (row.max < Number.MAX_SAFE_INTEGER) steps.push(['CONFIG', 'SET', row.name, String(row.max + 1)]);
      steps.push(['CONFIG', 'SET', row.name, String(row.min)], ['CONFIG', 'GET', row.name]);
      const def = row.default;
      steps.push(['CONFIG', 'SET', row.name, def]);
    }
    await pair.expectSame(steps);
  });

  it('applies several pairs at once with units, or none of them', async () => {
    await pair.expectSame([
      ['CONFIG', 'SET', 'maxmemory', '100MB', 'maxmemory-policy', 'allkeys-LRU', 'hz', '20'],
      { cmd: ['CONFIG', 'GET', 'maxmemory', 'maxmemory-policy', 'hz'], unordered: true },
      ['CONFIG', 'SET', 'maxmemory', '1k', 'maxmemory-samples', '0'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '3Gb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '7m'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '99'],
      ['CONFIG', 'GET', 'hash-max-listpack-entries'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'save', ''],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'hz', '10', 'hash-max-ziplist-entries', '128', 'notify-keyspace-events', ''],
    ]);
  });
});

describe('the rest of CONFIG, as redis-server', () => {
  it('answers HELP, RESETSTAT, REWRITE without a file and unknown subcommands', async () => {
    await pair.expectSame([
      ['CONFIG', 'HELP'],
      ['CONFIG', 'HELP', 'x'],
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'NOPE'],
      ['CONFIG'],
    ]);
    const [a, b] = await pair.both('INFO', 'stats');
    for (const field of ['total_error_replies', 'keyspace_hits', 'expired_keys']) {
      expect(a).toContain(`${field}:`);
      expect(a.match(new RegExp(`${field}:(\\d+)`))![1], field).toBe(b.match(new RegExp(`${field}:(\\d+)`))![1]);
    }
  });

  it('answers what redis-benchmark asks before it starts', async () => {
    await pair.expectSame([
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'GET', 'appendonly'],
    ]);
  });

  it('answers maps in RESP3', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'nosuch'],
      { cmd: ['CONFIG', 'GET', 'maxmemory*', 'hz'], unordered: true },
      ['CONFIG', 'SET', 'hz', 'x'],
      ['CONFIG', 'HELP'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });
});
