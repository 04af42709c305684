/**
 * INFO: the server's state as Redis 7.0's `key:value` text, one `# Section` block per section.
 * Sections are rows of a table (name, header, whether `INFO` without arguments includes them, and
 * the function computing their fields from the running server at the time of the call); fields of
 * state other modules own (memory, pub/sub, blocked clients, latency) come from those modules.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '../net/client';
import type { Server } from '../server';
import { REDIS_VERSION, RESPKV_VERSION } from '../version';
import { evictionInfoFields, memoryInfoFields, InfoField } from '../memory/report';
import { pubsubInfoFields } from './pubsub';
import { latencystatsFields, latencyTracking } from './latencystats';
import { blockedClientCount } from './blocking';

export type { InfoField };
type FieldSource = (server: Server) => InfoField[];

interface InfoSection {
  /** Lower-case name, as `INFO <section>` takes it. */
  name: string;
  header: string;
  /** Included by `INFO` and `INFO default`; `all` and `everything` include every section. */
  isDefault: boolean;
  fields: FieldSource;
}

/** Redis's LRU clock: seconds since the epoch in 24 bits. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;

function serverFields(s: Server): InfoField[] {
  const nowMs = Date.now();
  const uptime = Math.floor((nowMs - s.startedAt) / 1000);
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', buildId()],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', /64/.test(process.arch) ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', MULTIPLEXING_API[process.platform] ?? 'poll'],
    ['atomicvar_api', 'c11-builtin'],
    // Redis prints 0.0.0 when it was not built by gcc.
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', s.runId],
    ['tcp_port', s.boundPort()],
    ['server_time_usec', nowMs * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', s.config.int('hz')],
    ['configured_hz', s.config.int('hz')],
    ['lru_clock', Math.floor(s.keyspace.clock.nowMs / 1000) & LRU_CLOCK_MAX],
    ['executable', path.resolve(process.argv[1] ?? process.execPath)],
    ['config_file', s.configFile ?? ''],
    ['io_threads_active', 0],
    ['respkv_version', RESPKV_VERSION],
    ['node_version', process.version],
  ];
}

/** libuv's poller on each platform. */
const MULTIPLEXING_API: Partial<Record<NodeJS.Platform, string>> = { linux: 'epoll', darwin: 'kqueue', freebsd: 'kqueue', openbsd: 'kqueue', sunos: 'evport' };

/** A stable id of this build: a hash of the versions it was built from (Redis hashes its sources). */
function buildId(): string {
  let h = 0xcbf29ce4;
  for (const ch of `${RESPKV_VERSION}/${REDIS_VERSION}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0') + (h ^ 0x5bd1e995).toString(16).padStart(8, '0').slice(0, 7);
}

function clientFields(s: Server): InfoField[] {
  let maxInput = 0;
  let maxOutput = 0;
  for (const c of s.clients.values()) {
    maxInput = Math.max(maxInput, c.parser.pendingBytes);
    maxOutput = Math.max(maxOutput, c.reply.pendingBytes);
  }
  return [
    ['connected_clients', s.clients.size],
    ['cluster_connections', 0],
    ['maxclients', s.config.int('maxclients')],
    ['client_recent_max_input_buffer', maxInput],
    ['client_recent_max_output_buffer', maxOutput],
    ['blocked_clients', blockedClientCount(s)],
    ['tracking_clients', 0],
  ];
}

function persistenceFields(s: Server): InfoField[] {
  // respkv keeps no data on disk: nothing loads, forks or saves, and every change since start-up
  // is a change since the last save.
  return [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', s.dirty],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', Math.floor(s.startedAt / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
}

function statsFields(s: Server): InfoField[] {
  const st = s.stats;
  const ks = s.keyspace.stats;
  const stalePerc = ks.expiredStalePerc * 100;
  return [
    ['total_connections_received', st.connectionsReceived],
    ['total_commands_processed', st.commandsProcessed],
    ['instantaneous_ops_per_sec', st.instantaneousOps],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', st.instantaneousInputKbps.toFixed(2)],
    ['instantaneous_output_kbps', st.instantaneousOutputKbps.toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', stalePerc.toFixed(2)],
    ['expired_time_cap_reached_count', st.expiredTimeCapReached],
    ['expire_cycle_cpu_milliseconds', Math.floor(st.expireCycleMs)],
    ['evicted_keys', ks.evictedKeys],
    ['evicted_clients', st.evictedClients],
    ...evictionInfoFields(s),
    ['keyspace_hits', ks.keyspaceHits],
    ['keyspace_misses', ks.keyspaceMisses],
    ...pubsubInfoFields(s),
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    // respkv has no active defragmentation: V8's garbage collector compacts the heap.
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    // respkv has no client-side caching (CLIENT TRACKING): nothing is tracked.
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', st.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', st.readsProcessed],
    ['total_writes_processed', st.writesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
  ];
}

/** master_replid: a random id per server, fixed for its lifetime as Redis's is until a failover. */
const replicationIds = new WeakMap<Server, string>();

/** DEBUG CHANGE-REPL-ID: a new master_replid. */
export function changeReplicationId(s: Server): void {
  replicationIds.delete(s);
}

function replicationId(s: Server): string {
  let id = replicationIds.get(s);
  if (id === undefined) {
    id = '';
    for (let i = 0; i < 40; i++) id += Math.floor(Math.random() * 16).toString(16);
    replicationIds.set(s, id);
  }
  return id;
}

function replicationFields(s: Server): InfoField[] {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', replicationId(s)],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ];
}

/** Seconds with six decimals, from microseconds (Redis's "%ld.%06ld"). */
function cpuSeconds(usec: number): string {
  return (usec / 1e6).toFixed(6);
}

function cpuFields(): InfoField[] {
  // Node runs JavaScript on one thread and respkv starts no child processes; the process's usage
  // is the main thread's, to the precision Node exposes.
  const own = process.cpuUsage();
  return [
    ['used_cpu_sys', cpuSeconds(own.system)],
    ['used_cpu_user', cpuSeconds(own.user)],
    ['used_cpu_sys_children', cpuSeconds(0)],
    ['used_cpu_user_children', cpuSeconds(0)],
    ['used_cpu_sys_main_thread', cpuSeconds(own.system)],
    ['used_cpu_user_main_thread', cpuSeconds(own.user)],
  ];
}

function commandstatsFields(s: Server): InfoField[] {
  const out: InfoField[] = [];
  for (const cmd of s.commands.all()) {
    const st = cmd.stats;
    if (st.calls === 0 && st.rejectedCalls === 0 && st.failedCalls === 0) continue;
    const usec = Math.round(st.usec);
    const perCall = st.calls === 0 ? 0 : usec / st.calls;
    out.push([
      `cmdstat_${cmd.fullName}`,
      `calls=${st.calls},usec=${usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}`,
    ]);
  }
  return out;
}

function errorstatsFields(s: Server): InfoField[] {
  const out: InfoField[] = [];
  for (const [code, count] of s.stats.errorstats) out.push([`errorstat_${code}`, `count=${count}`]);
  return out;
}

/** Keys whose TTL avg_ttl estimates from, per database; Redis also estimates it from a sample. */
const AVG_TTL_SAMPLE = 128;

function keyspaceFields(s: Server): InfoField[] {
  const out: InfoField[] = [];
  const now = s.keyspace.clock.nowMs;
  for (const db of s.keyspace.dbs) {
    if (db.size === 0) continue;
    const volatile = db.table.volatile;
    const n = Math.min(volatile.size, AVG_TTL_SAMPLE);
    let sum = 0;
    let counted = 0;
    for (let i = 0; i < n; i++) {
      const ttl = volatile.expireAt(volatile.at(i)) - now;
      if (ttl > 0) {
        sum += ttl;
        counted++;
      }
    }
    const avg = counted === 0 ? 0 : Math.floor(sum / counted);
    out.push([`db${db.id}`, `keys=${db.size},expires=${db.expiresCount},avg_ttl=${avg}`]);
  }
  return out;
}

const none: FieldSource = () => [];

/** Redis 7.0's sections, in its order. */
export const INFO_SECTIONS: readonly InfoSection[] = [
  { name: 'server', header: 'Server', isDefault: true, fields: serverFields },
  { name: 'clients', header: 'Clients', isDefault: true, fields: clientFields },
  { name: 'memory', header: 'Memory', isDefault: true, fields: memoryInfoFields },
  { name: 'persistence', header: 'Persistence', isDefault: true, fields: persistenceFields },
  { name: 'stats', header: 'Stats', isDefault: true, fields: statsFields },
  { name: 'replication', header: 'Replication', isDefault: true, fields: replicationFields },
  { name: 'cpu', header: 'CPU', isDefault: true, fields: cpuFields },
  { name: 'modules', header: 'Modules', isDefault: true, fields: none },
  { name: 'commandstats', header: 'Commandstats', isDefault: false, fields: commandstatsFields },
  { name: 'errorstats', header: 'Errorstats', isDefault: true, fields: errorstatsFields },
  { name: 'latencystats', header: 'Latencystats', isDefault: false, fields: (s) => (latencyTracking.enabled ? latencystatsFields(s) : []) },
  { name: 'cluster', header: 'Cluster', isDefault: true, fields: () => [['cluster_enabled', 0]] },
  { name: 'keyspace', header: 'Keyspace', isDefault: true, fields: keyspaceFields },
];

/** Which sections `INFO args...` asks for: names, `default`, `all` or `everything`, any case. */
export function selectSections(args: readonly string[]): InfoSection[] {
  if (args.length === 0) return INFO_SECTIONS.filter((sec) => sec.isDefault);
  const wanted = new Set(args.map((a) => a.toLowerCase()));
  const all = wanted.has('all') || wanted.has('everything');
  const defaults = wanted.has('default');
  return INFO_SECTIONS.filter((sec) => all || (defaults && sec.isDefault) || wanted.has(sec.name));
}

/** The INFO text of the given sections, `\r\n`-separated as Redis writes it. */
export function genRedisInfoString(s: Server, sections: readonly InfoSection[]): string {
  let text = '';
  for (const sec of sections) {
    if (text !== '') text += '\r\n';
    text += `# ${sec.header}\r\n`;
    for (const [name, value] of sec.fields(s)) text += `${name}:${value}\r\n`;
  }
  return text;
}

export function infoCommand(c: Client, argv: string[]): void {
  c.reply.verbatim(genRedisInfoString(c.server, selectSections(argv.slice(1))));
}
