/**
 * The server: wires the configuration, the keyspace, the memory accountant, the command table and
 * the TCP listeners together, runs the periodic tick (hz times a second: active expiry, background
 * eviction, client timeouts, statistics) and shuts down cleanly.
 */
import * as net from 'node:net';
import * as fs from 'node:fs';
import { Config } from './config/config';
import type { ConfigRow, ConfigValue } from './config/table';
import { Keyspace } from './store/keyspace';
import { MemoryAccountant } from './memory/accountant';
import { CommandTable } from './commands/table';
import { ALL_COMMANDS, SERVER_MODULES } from './commands/index';
import { SlowLog } from './commands/slowlog';
import { LatencyMonitor } from './commands/latency';
import { Client, CLIENT_BASE_BYTES } from './net/client';
import { ParserLimits } from './resp/parser';
import { ErrorSink } from './resp/writer';
import { Logger } from './util/log';
import { Clock } from './util/clock';
import { Random } from './util/random';
import { activeExpireCycle } from './store/expire';
import { NOTIFY_EXPIRED, notifyKeyspaceEvent } from './commands/notify';
import { aclOf } from './commands/acl';
import { acceptRefusal, closeTimedOutClients, configureSocket } from './net/limits';
import { liveHeapBytes } from './memory/heap';

export { RESPKV_VERSION, REDIS_VERSION } from './version';

export interface ServerStats {
  commandsProcessed: number;
  connectionsReceived: number;
  rejectedConnections: number;
  netInputBytes: number;
  netOutputBytes: number;
  totalErrorReplies: number;
  errorstats: Map<string, number>;
  /** Operations per second over the last second, sampled by the tick. */
  instantaneousOps: number;
  /** Network KiB per second in and out over the last second, sampled by the tick. */
  instantaneousInputKbps: number;
  instantaneousOutputKbps: number;
  /** Socket reads handled and batched reply writes made (total_reads_processed, total_writes_processed). */
  readsProcessed: number;
  writesProcessed: number;
  /** Milliseconds spent in the active expire cycle, and cycles stopped by their time budget. */
  expireCycleMs: number;
  expiredTimeCapReached: number;
  /** Clients closed by client-output-buffer-limit (client_output_buffer_limit_disconnections). */
  clientOutputBufferLimitDisconnections: number;
  /** Clients closed by maxmemory-clients (evicted_clients). */
  evictedClients: number;
}

export interface ServerOptions {
  config?: Config;
  /** Path of the config file the server started from (CONFIG REWRITE writes it). */
  configFile?: string;
  clock?: Clock;
  random?: Random;
  log?: Logger;
}

export class Server implements ErrorSink {
  readonly config: Config;
  readonly configFile: string | undefined;
  readonly keyspace: Keyspace;
  readonly memory: MemoryAccountant;
  readonly commands: CommandTable;
  readonly log: Logger;
  readonly clients = new Map<number, Client>();
  readonly parserLimits: ParserLimits;
  readonly startedAt = Date.now();
  readonly runId = randomHex(40);
  nextClientId = 1;
  /** Keys changed since start-up (Redis's server.dirty; respkv never saves, so it never resets). */
  dirty = 0;
  queryBufferLimit: number;
  readonly stats: ServerStats = newStats();
  /** Clients in MONITOR mode. */
  readonly monitors = new Set<Client>();
  readonly slowlog = new SlowLog();
  readonly latency = new LatencyMonitor();
  private listeners: net.Server[] = [];
  private cron: NodeJS.Timeout | undefined;
  private cronPaused = false;
  private pendingFlush = new Set<Client>();
  private flushScheduled = false;
  private opsAtLastSample = 0;
  private inputAtLastSample = 0;
  private outputAtLastSample = 0;
  private lastSampleAt = Date.now();
  shuttingDown = false;
  /** Called when SHUTDOWN completes (the process exits there; tests leave it unset). */
  onShutdown: (() => void) | undefined = undefined;

  constructor(options: ServerOptions = {}) {
    this.config = options.config ?? new Config();
    this.configFile = options.configFile;
    this.log = options.log ?? new Logger();
    this.keyspace = new Keyspace(this.config.int('databases'), options.clock, options.random);
    this.memory = new MemoryAccountant(this.keyspace);
    this.commands = new CommandTable(ALL_COMMANDS);
    this.keyspace.listen({ keyModified: () => void this.dirty++, dbFlushed: () => void this.dirty++ });
    this.keyspace.listen({ keyExpired: (db, key) => notifyKeyspaceEvent(NOTIFY_EXPIRED, 'expired', key, db.id) });
    for (const install of SERVER_MODULES) install(this);
    this.parserLimits = { maxBulkLen: 0, authRequired: false };
    this.queryBufferLimit = 0;
    for (const row of this.config.rows) {
      const failure = this.applyConfig(row, this.config.get(row.name));
      if (failure !== undefined) throw new Error(`${row.name}: ${failure}`);
    }
    const aclError = aclOf(this).loadUsersAtStartup(this.config.userDirectives, this.config.str('aclfile'));
    if (aclError !== undefined) {
      this.log.warning(aclError);
      this.log.warning('Critical error while loading ACLs. Exiting.');
      throw new Error(aclError);
    }
    this.memory.startup = baselineBytes();
  }

  /** Applies one config value to the running server (its row's hook). */
  applyConfig(row: ConfigRow, value: ConfigValue): string | undefined {
    return row.apply?.(this, value);
  }

  /** Microseconds since the epoch by the server's clock (TIME); sub-millisecond with the real clock. */
  nowMicros(): number {
    const clock = this.keyspace.clock;
    return clock.source === Date.now ? (performance.timeOrigin + performance.now()) * 1000 : clock.source() * 1000;
  }

  /** CONFIG RESETSTAT: clears the counters INFO reports. */
  resetStats(): void {
    Object.assign(this.stats, newStats());
    for (const cmd of this.commands.all()) Object.assign(cmd.stats, { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 });
    const ks = this.keyspace.stats;
    ks.keyspaceHits = ks.keyspaceMisses = ks.expiredKeys = ks.expiredStalePerc = ks.evictedKeys = 0;
    this.memory.peak = this.memory.used();
  }

  /** Redis's authRequired(): the default user has a password or is disabled (see commands/acl.ts). */
  authRequired(): boolean {
    return aclOf(this).authRequired();
  }

  errorReplied(code: string): void {
    this.stats.totalErrorReplies++;
    this.stats.errorstats.set(code, (this.stats.errorstats.get(code) ?? 0) + 1);
  }

  /** Starts listening on every bind address; resolves when all mandatory listeners are up. */
  async listen(): Promise<void> {
    const port = this.config.int('port');
    if (port === 0) return;
    const binds = this.config.str('bind').split(' ').filter((b) => b !== '');
    for (const bind of binds) {
      const optional = bind.startsWith('-');
      const host = normaliseBind(optional ? bind.slice(1) : bind);
      try {
        this.listeners.push(await listenOn(host, port, this.config.int('tcp-backlog'), (s) => this.accept(s)));
      } catch (e) {
        if (optional) continue;
        throw new Error(`Could not create server TCP listening socket ${host}:${port}: ${(e as Error).message}`);
      }
    }
    if (this.listeners.length === 0) throw new Error(`Failed listening on port ${port} (tcp), aborting.`);
  }

  /** The port actually bound (useful when tests bind port 0 through listenOn). */
  boundPort(): number {
    const addr = this.listeners[0]?.address();
    return typeof addr === 'object' && addr !== null ? addr.port : this.config.int('port');
  }

  start(): void {
    this.restartCron();
  }

  restartCron(): void {
    if (this.cron !== undefined) clearInterval(this.cron);
    this.cron = undefined;
    if (this.cronPaused || this.shuttingDown) return;
    this.cron = setInterval(() => this.tick(), Math.max(1, Math.floor(1000 / this.config.int('hz'))));
    this.cron.unref();
  }

  /** DEBUG PAUSE-CRON: stops or resumes the periodic tick (active expiry, statistics, timeouts). */
  pauseCron(paused: boolean): void {
    this.cronPaused = paused;
    this.restartCron();
  }

  private accept(socket: net.Socket): void {
    this.stats.connectionsReceived++;
    if (this.shuttingDown) {
      socket.destroy();
      return;
    }
    const refusal = acceptRefusal(this, socket, aclOf(this).defaultUser.nopass);
    if (refusal !== undefined) {
      this.stats.rejectedConnections++;
      socket.on('error', () => {});
      socket.end(refusal);
      return;
    }
    configureSocket(this, socket);
    const client = new Client(this, socket);
    this.clients.set(client.id, client);
    this.memory.clientsOverhead += CLIENT_BASE_BYTES;
  }

  removeClient(c: Client): void {
    if (this.clients.delete(c.id)) this.memory.clientsOverhead -= CLIENT_BASE_BYTES;
    this.pendingFlush.delete(c);
  }

  /** Queues a flush of a client written to outside its own read (pub/sub, unblocking). */
  scheduleFlush(c: Client): void {
    this.pendingFlush.add(c);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const clients = [...this.pendingFlush];
      this.pendingFlush.clear();
      for (const client of clients) client.flush();
    });
  }

  /** The periodic tick (Redis's serverCron), hz times per second. */
  private tick(): void {
    const now = this.keyspace.clock.refresh();
    const expireStart = performance.now();
    const cycle = activeExpireCycle(this.keyspace, this.config.int('active-expire-effort'), 1000 / this.config.int('hz'));
    const expireMs = performance.now() - expireStart;
    this.latency.addSampleIfNeeded('expire-cycle', expireMs);
    this.stats.expireCycleMs += expireMs;
    if (cycle.timeLimitReached) this.stats.expiredTimeCapReached++;
    this.clientsCron(now);
    if (now - this.lastSampleAt >= 1000) {
      const st = this.stats;
      const perSecond = (delta: number) => (Math.max(0, delta) * 1000) / (now - this.lastSampleAt);
      st.instantaneousOps = Math.round(perSecond(st.commandsProcessed - this.opsAtLastSample));
      st.instantaneousInputKbps = perSecond(st.netInputBytes - this.inputAtLastSample) / 1024;
      st.instantaneousOutputKbps = perSecond(st.netOutputBytes - this.outputAtLastSample) / 1024;
      this.opsAtLastSample = st.commandsProcessed;
      this.inputAtLastSample = st.netInputBytes;
      this.outputAtLastSample = st.netOutputBytes;
      this.lastSampleAt = now;
    }
    this.memory.sampleRuntime();
    this.memory.used();
  }

  private clientsCron(now: number): void {
    closeTimedOutClients(this, now);
  }

  /** Stops listening, closes every client and the tick; resolves when done. */
  async shutdown(reason = 'User requested shutdown...'): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.log.warning(reason);
    if (this.cron !== undefined) clearInterval(this.cron);
    this.memory.stop();
    for (const c of [...this.clients.values()]) {
      c.flush();
      c.close();
    }
    await Promise.all(this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    this.listeners = [];
    const pidfile = this.config.str('pidfile');
    if (pidfile !== '') fs.rmSync(pidfile, { force: true });
    this.log.warning('respkv is now ready to exit, bye bye...');
  }
}

function newStats(): ServerStats {
  return {
    commandsProcessed: 0,
    connectionsReceived: 0,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    totalErrorReplies: 0,
    errorstats: new Map(),
    instantaneousOps: 0,
    instantaneousInputKbps: 0,
    instantaneousOutputKbps: 0,
    readsProcessed: 0,
    writesProcessed: 0,
    expireCycleMs: 0,
    expiredTimeCapReached: 0,
    clientOutputBufferLimitDisconnections: 0,
    evictedClients: 0,
  };
}

function normaliseBind(host: string): string {
  if (host === '*') return '0.0.0.0';
  if (host === '::*') return '::';
  return host;
}

function listenOn(host: string, port: number, backlog: number, onConnection: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ noDelay: true }, onConnection);
    server.once('error', reject);
    server.listen({ host, port, backlog, ipv6Only: host.includes(':') }, () => {
      server.removeListener('error', reject);
      server.on('error', () => {});
      resolve(server);
    });
  });
}

/** What the process holds before any key: the live heap at start-up, after a full collection. */
function baselineBytes(): number {
  return liveHeapBytes();
}

function randomHex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}
