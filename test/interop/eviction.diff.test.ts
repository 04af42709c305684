/**
 * Differential tests of maxmemory, the eviction policies' visible behaviour and the MEMORY command:
 * respkv and redis-server get the same commands and must answer the same bytes. Limits of one byte
 * make the outcome independent of how much memory either server really uses.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Step, usePair } from '../helpers/differential';
import { RawClient, replyLength } from '../helpers/raw';

const pair = usePair();

/** What must be refused, and what must still run, when nothing can be freed. */
const FULL: readonly Step[] = [
  ['SET', 'new', 'v'],
  ['SET', 'k1', 'other'],
  ['SETNX', 'n', 'v'],
  ['INCR', 'counter'],
  ['APPEND', 'k1', 'x'],
  ['GET', 'k1'],
  ['EXISTS', 'k1', 'k2'],
  ['TTL', 'k1'],
  ['EXPIRE', 'k1', '100'],
  ['PERSIST', 'k1'],
  ['DBSIZE'],
  ['PING'],
  ['CONFIG', 'GET', 'maxmemory'],
];

describe('maxmemory and the policies, as redis-server', () => {
  it('noeviction: deny-oom commands get the exact OOM error, reads and deletes run', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['SET', 'k1', 'v1'],
      ['SET', 'k2', 'v2'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ...FULL,
      ['DEL', 'k2'],
      ['UNLINK', 'k1'],
      ['SET', 'k1', 'v'],
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['SET', 'k1', 'v'],
    ]);
  });

  it('noeviction in RESP3 answers the same error', async () => {
    await pair.expectSame([
      { cmd: ['HELLO', '3'], typeOnly: true },
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['SET', 'x', 'y'],
      ['GET', 'k1'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      { cmd: ['HELLO', '2'], typeOnly: true },
    ]);
  });

  it.each(['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'])('%s without TTL keys refuses like noeviction', async (policy) => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['SET', 'k1', 'v1'],
      ['SET', 'k2', 'v2'],
      ['CONFIG', 'SET', 'maxmemory-policy', policy],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ...FULL,
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
  });

  it.each(['allkeys-lru', 'allkeys-lfu', 'allkeys-random'])('%s evicts every key when nothing fits, then refuses', async (policy) => {
    await pair.expectSame([
      ['CONFIG', 'RESETSTAT'],
      ['FLUSHALL'],
      ['SET', 'k1', 'v1'],
      ['SET', 'k2', 'v2', 'EX', '100'],
      ['CONFIG', 'SET', 'maxmemory-policy', policy],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['DBSIZE'],
      ['SET', 'k3', 'v'],
      ['GET', 'k1'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
    const [ours, theirs] = (await pair.both('INFO', 'stats')).map((r) => infoFields(r).get('evicted_keys'));
    expect(ours).toBe('2');
    expect(ours).toBe(theirs);
  });

  it('volatile policies evict keys with a TTL and keep the others', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['SET', 'keep', 'v'],
      ['SET', 'go1', 'v', 'EX', '100'],
      ['SET', 'go2', 'v', 'PX', '100000'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['EXISTS', 'go1', 'go2'],
      ['GET', 'keep'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
  });

  it('OBJECT FREQ and IDLETIME follow the policy when it changes at runtime', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['SET', 'fresh', 'v'],
      ['OBJECT', 'FREQ', 'fresh'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['OBJECT', 'FREQ', 'nokey'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
      ['OBJECT', 'IDLETIME', 'fresh'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru'],
      ['OBJECT', 'FREQ', 'fresh'],
      { cmd: ['OBJECT', 'IDLETIME', 'fresh'], typeOnly: true },
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]);
  });

  it('validates the eviction settings as Redis does', async () => {
    await pair.expectSame([
      ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '101'],
      ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '-1'],
      ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '100'],
      ['CONFIG', 'GET', 'maxmemory-eviction-tenacity'],
      ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '10'],
      ['CONFIG', 'SET', 'maxmemory-samples', '0'],
      ['CONFIG', 'SET', 'maxmemory-samples', '64'],
      ['CONFIG', 'SET', 'maxmemory-samples', '5'],
      ['CONFIG', 'SET', 'lfu-log-factor', '-1'],
      ['CONFIG', 'SET', 'lfu-decay-time', '-1'],
      ['CONFIG', 'SET', 'lfu-log-factor', '10', 'lfu-decay-time', '1'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu', 'maxmemory-policy', 'allkeys-lru'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'ALLKEYS-LRU'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'lru'],
      ['CONFIG', 'SET', 'maxmemory', '1.5mb'],
      ['CONFIG', 'SET', 'maxmemory', '2GB'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction'],
    ]);
  });
});

describe('MEMORY, as redis-server', () => {
  it('answers its errors, HELP and PURGE identically', async () => {
    await pair.expectSame([
      ['SET', 'k', 'v'],
      ['MEMORY'],
      ['MEMORY', 'nope'],
      ['MEMORY', 'HELP'],
      ['MEMORY', 'help', 'x'],
      ['MEMORY', 'USAGE'],
      ['MEMORY', 'USAGE', 'nokey'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 'k', 'bar', '1'],
      { cmd: ['MEMORY', 'USAGE', 'k'], typeOnly: true },
      { cmd: ['MEMORY', 'USAGE', 'k', 'SAMPLES', '0', 'samples', '3'], typeOnly: true },
      ['MEMORY', 'PURGE'],
      ['MEMORY', 'PURGE', 'x'],
      ['MEMORY', 'STATS', 'x'],
      ['MEMORY', 'DOCTOR', 'x'],
      { cmd: ['MEMORY', 'STATS'], typeOnly: true },
      { cmd: ['MEMORY', 'DOCTOR'], typeOnly: true },
      { cmd: ['HELLO', '3'], typeOnly: true },
      { cmd: ['MEMORY', 'STATS'], typeOnly: true },
      { cmd: ['MEMORY', 'DOCTOR'], typeOnly: true },
      { cmd: ['MEMORY', 'USAGE', 'k'], typeOnly: true },
      ['MEMORY', 'USAGE', 'nokey'],
      { cmd: ['HELLO', '2'], typeOnly: true },
      ['DEL', 'k'],
    ]);
  });
});

/** INFO's `name:value` lines of one section as a map. */
function infoFields(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of raw.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('$')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

const MEMORY_FIELDS = [
  'used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_rss_human', 'used_memory_peak', 'used_memory_peak_human',
  'used_memory_peak_perc', 'used_memory_overhead', 'used_memory_startup', 'used_memory_dataset', 'used_memory_dataset_perc',
  'total_system_memory', 'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'allocator_frag_ratio', 'allocator_frag_bytes',
  'allocator_rss_ratio', 'allocator_rss_bytes', 'rss_overhead_ratio', 'rss_overhead_bytes', 'mem_fragmentation_ratio', 'mem_fragmentation_bytes',
  'mem_not_counted_for_evict', 'mem_clients_normal', 'mem_allocator', 'lazyfree_pending_objects', 'lazyfreed_objects',
];
const STATS_FIELDS = ['evicted_keys', 'evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses'];

describe('INFO memory and stats, as redis-server', () => {
  it('report the same fields, in the same order, with consistent values', async () => {
    await pair.both('CONFIG', 'SET', 'maxmemory', '100mb');
    for (const [section, wanted] of [['memory', MEMORY_FIELDS], ['stats', STATS_FIELDS]] as const) {
      const [a, b] = (await pair.both('INFO', section)).map(infoFields);
      const ours = [...a.keys()].filter((k) => wanted.includes(k));
      const theirs = [...b.keys()].filter((k) => wanted.includes(k));
      expect(theirs).toEqual(wanted);
      expect(ours).toEqual(theirs);
    }
    const [mine, redis] = (await pair.both('INFO', 'memory')).map(infoFields);
    expect([...mine.keys()].filter((k) => !k.startsWith('respkv_'))).toEqual([...redis.keys()]);
    const [a] = (await pair.both('INFO', 'memory')).map(infoFields);
    const n = (k: string) => Number(a.get(k));
    expect(n('used_memory')).toBe(n('used_memory_overhead') + n('used_memory_dataset'));
    expect(n('used_memory_peak')).toBeGreaterThanOrEqual(n('used_memory'));
    expect(n('maxmemory')).toBe(100 * 1024 * 1024);
    expect(a.get('maxmemory_human')).toBe('100.00M');
    expect(a.get('used_memory_human')).toMatch(/^\d+\.\d\dM$/);
    expect(a.get('used_memory_peak_perc')).toMatch(/^\d+\.\d\d%$/);
    await pair.both('CONFIG', 'SET', 'maxmemory', '0');
  });
});

describe('redis-cli key tools against respkv', () => {
  const cli = (...args: string[]) => {
    const r = spawnSync('redis-cli', ['-p', String(pair.respkv.port), ...args], { encoding: 'latin1', timeout: 20000 });
    return r.stdout + r.stderr;
  };

  it('--bigkeys, --memkeys and --hotkeys (under LFU) find the biggest and hottest keys', async () => {
    await pair.ours.call('FLUSHALL');
    for (let i = 1; i <= 20; i++) await pair.ours.call('SET', `s${i}`, 'x'.repeat(i * 10));
    await pair.ours.call('RPUSH', 'l', 'a', 'b', 'c');
    const big = cli('--bigkeys');
    expect(big).toContain('Biggest string found \'"s20"\' has 200 bytes');
    expect(big).toContain('Biggest   list found \'"l"\' has 3 items');
    expect(big).toContain('20 strings with 2100 bytes');
    const mem = cli('--memkeys');
    expect(mem).toMatch(/Biggest string found '"s20"' has \d+ bytes/);
    expect(cli('--hotkeys')).toContain('ERR An LFU maxmemory policy is not selected');
    await pair.ours.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu', 'lfu-log-factor', '0');
    for (let i = 0; i < 10; i++) await pair.ours.call('GET', 's3');
    const hot = cli('--hotkeys');
    // Keys written under LRU carry a clock, not a counter: after the switch they read as new keys
    // (5), then each GET adds one (lfu-log-factor 0).
    const m = /hot key found with counter: (\d+)\s+keyname: "s3"/.exec(hot);
    expect(m, hot).not.toBeNull();
    expect(Number(m![1])).toBe(15);
    await pair.ours.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction', 'lfu-log-factor', '10');
    await pair.ours.call('FLUSHALL');
  });
});

/** A second connection to each server, [respkv, redis-server], for clients in their own state. */
async function connectBoth(): Promise<RawClient[]> {
  return [await RawClient.connect(pair.respkv.port), await RawClient.connect(pair.redis.port)];
}

/** Sends one command on both connections of a connectBoth() pair. */
function both(clients: RawClient[], ...args: string[]): Promise<string[]> {
  return Promise.all(clients.map((c) => c.call(...args)));
}

function same([ours, theirs]: string[]): void {
  expect(ours).toBe(theirs);
}

describe('what an eviction signals, as redis-server', () => {
  it('publishes the evicted keyspace event and aborts a transaction watching the key', async () => {
    await pair.expectSame([['FLUSHALL'], ['SET', 'k', 'v'], ['CONFIG', 'SET', 'notify-keyspace-events', 'Ee']]);
    const subscribers = await connectBoth();
    const watchers = await connectBoth();
    same(await both(subscribers, 'SUBSCRIBE', '__keyevent@0__:evicted'));
    same(await both(watchers, 'WATCH', 'k'));
    await pair.expectSame([
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['EXISTS', 'k'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ]);
    const [ours, theirs] = await Promise.all(subscribers.map(async (c) => (await c.read()).toString('latin1')));
    expect(ours).toBe('*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$1\r\nk\r\n');
    expect(ours).toBe(theirs);
    same(await both(watchers, 'MULTI'));
    same(await both(watchers, 'GET', 'k'));
    const exec = await both(watchers, 'EXEC');
    expect(exec[0]).toBe('*-1\r\n');
    same(exec);
    for (const c of [...subscribers, ...watchers]) c.close();
    await pair.expectSame([['CONFIG', 'SET', 'notify-keyspace-events', ''], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']]);
  });
});

describe('transactions when memory is full, as redis-server 7.0', () => {
  it('refuses commands queued over the limit and aborts EXEC; EXEC of deny-oom commands once full', async () => {
    await pair.expectSame([
      ['FLUSHALL'],
      ['SET', 'k', 'v'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['MULTI'],
      ['GET', 'k'],
      ['DEL', 'k'],
      ['EXEC'],
      ['MULTI'],
      ['DISCARD'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ]);
    const clients = await connectBoth();
    same(await both(clients, 'MULTI'));
    same(await both(clients, 'SET', 'x', 'y'));
    same(await both(clients, 'GET', 'k'));
    await pair.expectSame([['CONFIG', 'SET', 'maxmemory', '1']]);
    const exec = await both(clients, 'EXEC');
    expect(exec[0]).toBe("-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n");
    same(exec);
    for (const c of clients) c.close();
    await pair.expectSame([['CONFIG', 'SET', 'maxmemory', '0'], ['EXISTS', 'x', 'k']]);
  });
});

/** A RESP3 map reply's keys in order, each with the type byte of its value. */
function mapShape(raw: string): string[] {
  const buf = Buffer.from(raw, 'latin1');
  const headerEnd = raw.indexOf('\r\n') + 2;
  const out: string[] = [];
  let pos = headerEnd;
  while (pos < buf.length) {
    const keyLen = replyLength(buf, pos);
    const key = buf.toString('latin1', pos, pos + keyLen).split('\r\n')[1];
    pos += keyLen;
    out.push(`${key} ${String.fromCharCode(buf[pos])}`);
    pos += replyLength(buf, pos);
  }
  return out;
}

describe('MEMORY STATS in RESP3, as redis-server', () => {
  it('has the same keys in the same order with the same value types', async () => {
    await pair.expectSame([{ cmd: ['HELLO', '3'], typeOnly: true }, ['FLUSHALL'], ['SET', 'k', 'v']]);
    const [ours, theirs] = (await pair.both('MEMORY', 'STATS')).map(mapShape);
    expect(ours).toEqual(theirs);
    await pair.expectSame([{ cmd: ['HELLO', '2'], typeOnly: true }, ['DEL', 'k']]);
  });
});
