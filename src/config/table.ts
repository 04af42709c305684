/**
 * Every setting respkv knows, one row each: its type, Redis 7.0's default, bounds, whether CONFIG
 * SET may change it, and the hook that applies a new value to the running server. A row marked
 * `inert` is a Redis directive respkv accepts and reports but does not act on (persistence,
 * replication, ...): loading one logs a warning, and CONFIG SET refuses to change it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPercentiles, latencyTracking } from '../commands/latencystats';
import type { Server } from '../server';
import type { LogLevel } from '../util/log';
import { applyNotifyConfig, formatNotifyFlags, parseNotifyFlags } from '../commands/notify';
import { aclOf } from '../commands/acl';
import { applyMaxmemoryClients, applyOutputBufferLimits, checkMaxmemoryClients, checkOutputBufferLimits } from '../net/limit-settings';

export type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string';
export type ConfigValue = boolean | number | string;

export interface ConfigRow {
  name: string;
  /** Older names Redis still accepts (hash-max-ziplist-entries ...). */
  aliases?: readonly string[];
  type: ConfigType;
  /** As written in redis.conf. */
  default: string;
  min?: number;
  max?: number;
  /** Accepted values outside this range are brought into it, as Redis does with hz (1..500). */
  clamp?: readonly [number, number];
  values?: readonly string[];
  immutable?: boolean;
  /** Redis's PROTECTED_CONFIG: CONFIG SET changes it only where enable-protected-configs allows. */
  protectedConfig?: boolean;
  /** Accepted and reported but not acted on; see the file's preface. */
  inert?: boolean;
  /** Takes several arguments on one line (bind, save, client-output-buffer-limit). */
  multiArg?: boolean;
  /** Extra validation and normalisation of a string value; returns an error text or the value. */
  check?: (text: string, current: ConfigValue | undefined) => { error: string } | { value: string };
  /** Applies a validated value; returns an error text when the running server cannot take it. */
  apply?: (server: Server, value: ConfigValue) => string | undefined;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const UINT_MAX = 4294967295;
const LONG_MAX = Number.MAX_SAFE_INTEGER;

export const MAXMEMORY_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;

export const CONFIG_ROWS: readonly ConfigRow[] = [
  // Network
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, immutable: true },
  { name: 'bind', type: 'string', default: '127.0.0.1 -::1', multiArg: true, immutable: true },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, immutable: true },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: UINT_MAX },
  { name: 'requirepass', type: 'string', default: '', apply: (s, v) => aclOf(s).setRequirePass(v as string) },
  { name: 'aclfile', type: 'string', default: '', immutable: true },
  { name: 'acl-pubsub-default', type: 'enum', default: 'resetchannels', values: ['allchannels', 'resetchannels'] },
  // General
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true },
  { name: 'hz', type: 'int', default: '10', min: 0, max: INT_MAX, clamp: [1, 500], apply: (s) => void s.restartCron() },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'], apply: (s, v) => void (s.log.level = v as LogLevel) },
  { name: 'logfile', type: 'string', default: '', immutable: true },
  { name: 'pidfile', type: 'string', default: '', immutable: true },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'enable-protected-configs', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'dir', type: 'string', default: './', protectedConfig: true, check: checkDir, apply: (_s, v) => changeDir(String(v)) },
  // Memory management
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: LONG_MAX, apply: (s, v) => void s.memory.setMaxmemory(v as number, s.log) },
  { name: 'maxmemory-policy', type: 'enum', default: 'noeviction', values: MAXMEMORY_POLICIES, apply: (s, v) => setPolicy(s, v as string) },
  { name: 'maxmemory-samples', type: 'int', default: '5', min: 1, max: INT_MAX, apply: (s, v) => void (s.memory.samples = v as number) },
  { name: 'maxmemory-eviction-tenacity', type: 'int', default: '10', min: 0, max: 100, apply: (s, v) => void (s.memory.tenacity = v as number) },
  { name: 'maxmemory-clients', type: 'string', default: '0', check: (text) => checkMaxmemoryClients(text), apply: (s, v) => applyMaxmemoryClients(s, v as string) },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0, max: INT_MAX, apply: (s, v) => void (s.keyspace.lfuLogFactor = v as number) },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0, max: INT_MAX, apply: (s, v) => void (s.keyspace.lfuDecayTime = v as number) },
  { name: 'active-expire-effort', type: 'int', default: '1', min: 1, max: 10 },
  { name: 'lazyfree-lazy-eviction', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-expire', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-server-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no' },
  // Limits of the protocol
  { name: 'proto-max-bulk-len', type: 'memory', default: '512mb', min: 1024 * 1024, max: LONG_MAX, apply: (s, v) => void (s.parserLimits.maxBulkLen = v as number) },
  {
    name: 'client-output-buffer-limit',
    type: 'string',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    multiArg: true,
    check: (text, current) => checkOutputBufferLimits(text, current as string | undefined),
    apply: (s, v) => applyOutputBufferLimits(s, v as string),
  },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1gb', min: 1024 * 1024, max: LONG_MAX, apply: (s, v) => void (s.queryBufferLimit = v as number) },
  // Encodings of small collections
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', default: '512', min: 0, max: LONG_MAX },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'memory', default: '64', min: 0, max: LONG_MAX },
  { name: 'set-max-intset-entries', type: 'int', default: '512', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'memory', default: '64', min: 0, max: LONG_MAX },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', default: '-2', min: INT_MIN, max: INT_MAX },
  { name: 'list-compress-depth', type: 'int', default: '0', min: 0, max: INT_MAX },
  // Diagnostics
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LONG_MAX, apply: (s, v) => void (s.slowlog.slowerThan = v as number) },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LONG_MAX, apply: (s, v) => void ((s.slowlog.maxLen = v as number), s.slowlog.trim()) },
  { name: 'latency-tracking', type: 'bool', default: 'yes', apply: (_s, v) => void (latencyTracking.enabled = v as boolean) },
  { name: 'latency-tracking-info-percentiles', type: 'string', default: '50 99 99.9', multiArg: true, check: checkPercentiles },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LONG_MAX, apply: (s, v) => setLatencyThreshold(s, v as number) },
  {
    name: 'notify-keyspace-events',
    type: 'string',
    default: '',
    check: (text) => {
      const flags = parseNotifyFlags(text);
      return flags < 0 ? { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." } : { value: formatNotifyFlags(flags) };
    },
    apply: (s, v) => applyNotifyConfig(s, v as string),
  },
  // Persistence and the rest of Redis that respkv does not do: reported as respkv behaves.
  { name: 'save', type: 'string', default: '', multiArg: true, inert: true },
  { name: 'appendonly', type: 'bool', default: 'no', inert: true },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb', inert: true },
  { name: 'appendfsync', type: 'enum', default: 'everysec', values: ['always', 'everysec', 'no'], inert: true },
  { name: 'daemonize', type: 'bool', default: 'no', immutable: true, inert: true },
  { name: 'io-threads', type: 'int', default: '1', min: 1, max: 128, immutable: true, inert: true },
];

/** The latency monitor, and the eviction cycle's report to it only while the monitor is on. */
function setLatencyThreshold(s: Server, ms: number): undefined {
  s.latency.threshold = ms;
  s.memory.onEvictionCycle = ms > 0 ? (cycleMs) => s.latency.addSampleIfNeeded('eviction-cycle', cycleMs) : undefined;
  return undefined;
}

/** The policy decides how keys' access fields are read: LFU counters or LRU clock. */
function setPolicy(s: Server, policy: string): undefined {
  s.memory.policy = policy;
  s.keyspace.lfu = policy.endsWith('-lfu');
  return undefined;
}

/** A directory that exists, as chdir would find it; otherwise strerror's text, as Redis reports it. */
function checkDir(dir: string): { error: string } | { value: string } {
  try {
    if (!fs.statSync(dir).isDirectory()) return { error: 'Not a directory' };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message };
  }
  return { value: dir };
}

/** Changes the working directory; staying where it is needs no chdir (workers cannot chdir). */
function changeDir(dir: string): string | undefined {
  if (dir === '' || path.resolve(dir) === process.cwd()) return undefined;
  try {
    process.chdir(dir);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
