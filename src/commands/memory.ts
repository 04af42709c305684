/**
 * MEMORY USAGE, STATS, DOCTOR, PURGE and HELP. USAGE answers the key's charged cost, which the
 * store keeps exact and current (Redis estimates nested values from SAMPLES elements; respkv
 * validates SAMPLES as Redis does but needs no sampling). DOCTOR runs a table of checks over a
 * memory snapshot and a bounded look at the biggest keys, and words its report as Redis's does.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { CommandRow } from './types';
import { parseInt64 } from './args';
import { NOT_INTEGER, SYNTAX_ERROR } from '../resp/replies';
import { replyHelp } from './config';
import { memorySnapshot, MemorySnapshot } from '../memory/report';
import { bytesToHuman } from '../config/units';
import { VOLATILE_ENTRY } from '../memory/costs';

/** MEMORY USAGE key [SAMPLES count] */
function memoryUsage(c: Client, argv: string[]): void {
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'samples' && j + 1 < argv.length) {
      const n = parseInt64(argv[j + 1]);
      if (n === null) return c.reply.error(NOT_INTEGER);
      if (n < 0n) return c.reply.error(SYNTAX_ERROR);
      j++;
    } else {
      return c.reply.error(SYNTAX_ERROR);
    }
  }
  // As Redis: the dictionary entry as it stands, no expiry check and no access touch.
  const e = c.db.peek(argv[2]);
  if (e === undefined) c.reply.nullBulk();
  else c.reply.int(e.cost + c.db.structureShare);
}

type StatValue = { int: number } | { double: number } | { map: Array<[string, number]> };

function memoryStats(c: Client): void {
  const server = c.server;
  const s = memorySnapshot(server);
  const rows: Array<[string, StatValue]> = [
    ['peak.allocated', { int: s.peak }],
    ['total.allocated', { int: s.used }],
    ['startup.allocated', { int: s.startup }],
    ['replication.backlog', { int: 0 }],
    ['clients.slaves', { int: 0 }],
    ['clients.normal', { int: s.clients }],
    ['cluster.links', { int: 0 }],
    ['aof.buffer', { int: 0 }],
    ['lua.caches', { int: 0 }],
    ['functions.caches', { int: 0 }],
  ];
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    rows.push([
      `db.${db.id}`,
      {
        map: [
          ['overhead.hashtable.main', db.table.structureBytes],
          ['overhead.hashtable.expires', db.expiresCount * VOLATILE_ENTRY],
          ['overhead.hashtable.slot-to-keys', 0],
        ],
      },
    ]);
  }
  const net = s.used - s.startup;
  // V8's figures stand for the allocator's (see memory/report.ts).
  const allocated = s.heapUsed + s.external;
  const active = s.heapTotal + s.external;
  rows.push(
    ['overhead.total', { int: s.overhead }],
    ['keys.count', { int: s.keys }],
    ['keys.bytes-per-key', { int: s.keys > 0 ? Math.floor(net / s.keys) : 0 }],
    ['dataset.bytes', { int: s.dataset }],
    ['dataset.percentage', { double: s.datasetPerc }],
    ['peak.percentage', { double: s.peakPerc }],
    ['allocator.allocated', { int: allocated }],
    ['allocator.active', { int: active }],
    ['allocator.resident', { int: s.rss }],
    ['allocator-fragmentation.ratio', { double: active / allocated }],
    ['allocator-fragmentation.bytes', { int: active - allocated }],
    ['allocator-rss.ratio', { double: s.rss / active }],
    ['allocator-rss.bytes', { int: s.rss - active }],
    // V8 has no resident figure of its own: the process's RSS is the allocator's.
    ['rss-overhead.ratio', { double: 1 }],
    ['rss-overhead.bytes', { int: 0 }],
    ['fragmentation', { double: s.fragmentation }],
    ['fragmentation.bytes', { int: s.rss - s.used }],
  );
  c.reply.map(rows.length);
  for (const [name, v] of rows) {
    c.reply.bulk(name);
    if ('int' in v) c.reply.int(v.int);
    else if ('double' in v) c.reply.double(v.double);
    else {
      c.reply.map(v.map.length);
      for (const [k, n] of v.map) {
        c.reply.bulk(k);
        c.reply.int(n);
      }
    }
  }
}

/** Below this much memory beyond start-up, DOCTOR has nothing to say (Redis: 5 MB in total). */
const DOCTOR_MIN_BYTES = 5 * 1024 * 1024;
/** Keys DOCTOR examines in all, to find the biggest ones within a few milliseconds. */
const DOCTOR_SCAN_LIMIT = 100_000;
const DOCTOR_TOP_KEYS = 5;

interface DoctorContext {
  server: Server;
  s: MemorySnapshot;
  /** The biggest keys examined, largest first: [db, key, bytes]. */
  big: Array<[number, string, number]>;
  volatileKeys: number;
}

/**
 * One check: its report line when it finds an issue, or undefined. Checks of usage (`data`) only
 * speak once the instance holds DOCTOR_MIN_BYTES beyond start-up; checks of configuration always.
 */
type DoctorCheck = { data: boolean; check: (ctx: DoctorContext) => string | undefined };

const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  { data: true, check: ({ s }) =>
    s.peak > s.used * 1.5
      ? `Peak memory: In the past this instance used more than 150% the memory that is currently using (peak ${bytesToHuman(s.peak)}, now ${bytesToHuman(s.used)}). The JS heap keeps the pages of its peak for a while; MEMORY PURGE asks for a full garbage collection.`
      : undefined },
  { data: true, check: ({ server, s }) => {
    const rssGrowth = s.rss - server.memory.startupRss;
    return rssGrowth > (s.used - s.startup) * 1.4
      ? `High process RSS overhead: the process grew by ${bytesToHuman(rssGrowth)} since start-up for ${bytesToHuman(s.used - s.startup)} of used_memory. Usually the JS heap has not returned pages freed after a big delete; it shrinks as the garbage collector compacts.`
      : undefined;
  } },
  { data: true, check: ({ server, s }) =>
    server.clients.size > 0 && s.clients / server.clients.size > 200 * 1024
      ? `Big client buffers: the connected clients use on average ${bytesToHuman(s.clients / server.clients.size)} each in query and output buffers, counted in used_memory. Slow readers or huge pipelines are the usual cause.`
      : undefined },
  { data: true, check: ({ big, s }) =>
    big.length > 0 && big[0][2] > s.dataset / 4
      ? `Big keys: the largest keys are ${big.map(([db, k, n]) => `'${k}' in db ${db} (${bytesToHuman(n)})`).join(', ')}. A single key holding more than a quarter of the dataset is evicted all at once and makes eviction coarse.`
      : undefined },
  { data: false, check: ({ server, volatileKeys }) =>
    server.memory.policy.startsWith('volatile-') && volatileKeys === 0
      ? `Volatile policy without TTL keys: maxmemory-policy is ${server.memory.policy} but no key has a TTL, so nothing can be evicted and writes will be refused with OOM once the limit is reached. Consider an allkeys-* policy.`
      : undefined },
  { data: true, check: ({ server, s, volatileKeys }) =>
    server.memory.policy.startsWith('volatile-') && s.keys > 0 && volatileKeys < s.keys / 10
      ? `Few TTL keys for a volatile policy: only ${volatileKeys} of ${s.keys} keys (${((volatileKeys * 100) / s.keys).toFixed(1)}%) carry a TTL, so only they can be evicted by ${server.memory.policy}.`
      : undefined },
  { data: false, check: ({ server, s }) => {
    const m = server.memory;
    if (m.heapCapped) {
      return `Limit from the JS heap: ${m.configuredMaxmemory === 0 ? 'maxmemory is not set' : `maxmemory ${bytesToHuman(m.configuredMaxmemory)} is more than the heap can hold`}, so respkv enforces ${bytesToHuman(m.maxmemory)} (the heap's ceiling is ${bytesToHuman(s.heapLimit)}). Set maxmemory explicitly; respkv sizes its heap for it at start-up.`;
    }
    return m.maxmemory > s.heapLimit * 0.5
      ? `Limit close to the heap: maxmemory ${bytesToHuman(m.maxmemory)} is more than half the JS heap's ceiling (${bytesToHuman(s.heapLimit)}); garbage collection will be frequent near the limit.`
      : undefined;
  } },
];

function biggestKeys(server: Server): { big: Array<[number, string, number]>; volatileKeys: number } {
  const big: Array<[number, string, number]> = [];
  let volatileKeys = 0;
  let budget = DOCTOR_SCAN_LIMIT;
  for (const db of server.keyspace.dbs) {
    volatileKeys += db.expiresCount;
    for (const e of db.entries()) {
      if (budget-- <= 0) break;
      if (big.length < DOCTOR_TOP_KEYS || e.cost > big[big.length - 1][2]) {
        big.push([db.id, e.key, e.cost]);
        big.sort((a, b) => b[2] - a[2]);
        if (big.length > DOCTOR_TOP_KEYS) big.pop();
      }
    }
  }
  return { big, volatileKeys };
}

export function memoryDoctorReport(server: Server): string {
  const s = memorySnapshot(server);
  const { big, volatileKeys } = biggestKeys(server);
  const ctx: DoctorContext = { server, s, big, volatileKeys };
  const hasData = s.used - s.startup >= DOCTOR_MIN_BYTES;
  const issues = DOCTOR_CHECKS.filter((c) => hasData || !c.data)
    .map((c) => c.check(ctx))
    .filter((line): line is string => line !== undefined);
  if (!hasData && issues.length === 0) {
    return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
  }
  if (issues.length === 0) return 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n';
  return `Sam, I detected a few issues in this respkv instance memory implants:\n\n${issues.map((l) => ` * ${l}\n\n`).join('')}I'm here to keep you safe, Sam. I want to help you.\n`;
}

function memoryDoctor(c: Client): void {
  c.reply.verbatim(memoryDoctorReport(c.server));
}

/** V8's heap is not a malloc allocator with a stats report: Redis's answer for such allocators. */
function memoryMallocStats(c: Client): void {
  c.reply.simple('Stats not supported for the current allocator');
}

/** A full garbage collection when Node runs with --expose-gc; otherwise there is nothing to ask. */
function memoryPurge(c: Client): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  c.reply.ok();
}

const MEMORY_HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

export const memoryCommands: CommandRow[] = [
  {
    name: 'memory',
    arity: -2,
    flags: '',
    group: 'server',
    since: '4.0.0',
    summary: 'A container for memory diagnostics commands.',
    subcommands: [
      { name: 'doctor', arity: 2, flags: '', group: 'server', since: '4.0.0', summary: 'Outputs a memory problems report.', handler: memoryDoctor },
      { name: 'malloc-stats', arity: 2, flags: '', group: 'server', since: '4.0.0', summary: 'Returns the allocator statistics.', handler: memoryMallocStats },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '4.0.0', summary: 'Returns helpful text about the different subcommands.', handler: (c) => replyHelp(c, MEMORY_HELP) },
      { name: 'purge', arity: 2, flags: '', group: 'server', since: '4.0.0', summary: 'Asks the allocator to release memory.', handler: memoryPurge },
      { name: 'stats', arity: 2, flags: '', group: 'server', since: '4.0.0', summary: 'Returns details about memory usage.', handler: memoryStats },
      { name: 'usage', arity: -3, flags: 'readonly', keys: [2, 2, 1], group: 'server', since: '4.0.0', summary: 'Estimates the memory usage of a key.', handler: memoryUsage },
    ],
  },
];
