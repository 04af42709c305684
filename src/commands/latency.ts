/**
 * LATENCY: the latency monitor of Redis's latency.c. When latency-monitor-threshold (ms) is above 0,
 * every event (command, fast-command, expire-cycle, eviction-cycle ...) that took at least that long
 * is recorded as a sample of (seconds since the epoch, ms) in a ring of 160 samples per event; two
 * samples in the same second merge into their maximum. LATEST reports each event's last sample and
 * its all-time maximum, HISTORY an event's samples oldest first. HISTOGRAM prints the per-command
 * latency histograms of latency-tracking (latencystats.ts) as cumulative counts at 1, 2, 4 ... us;
 * GRAPH draws an event's samples as Redis's ASCII sparkline (util/sparkline.ts), and DOCTOR writes
 * Redis's report: per-event figures, then the advice the events call for, in Redis's words.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { Command, CommandRow } from './types';
import { replyHelp } from './config';
import { commandLatencyHistogram } from './latencystats';
import type { LatencyHistogram } from '../util/histogram';
import { renderSparkline } from '../util/sparkline';

/** hdr_iter_log_init's first level in Redis's fillCommandCDF: 1024 ns, doubling. */
const HISTOGRAM_FIRST_LEVEL_NS = 1024;

/** Redis's LATENCY_TS_LEN: samples kept per event. */
const LATENCY_TS_LEN = 160;

interface LatencySample {
  /** Seconds since the epoch. */
  time: number;
  /** Milliseconds. */
  latency: number;
}

interface LatencySeries {
  /** Oldest first; length <= LATENCY_TS_LEN. */
  samples: LatencySample[];
  /** Largest latency ever recorded, ms. */
  max: number;
}

export class LatencyMonitor {
  /** latency-monitor-threshold, ms; 0 disables the monitor. */
  threshold = 0;
  readonly events = new Map<string, LatencySeries>();

  /** Redis's latencyAddSampleIfNeeded; `ms` may be fractional and is truncated as Redis does. */
  addSampleIfNeeded(event: string, ms: number): void {
    if (this.threshold === 0 || ms < this.threshold) return;
    this.addSample(event, Math.floor(ms));
  }

  addSample(event: string, ms: number): void {
    const now = Math.floor(Date.now() / 1000);
    let series = this.events.get(event);
    if (series === undefined) {
      series = { samples: [], max: 0 };
      this.events.set(event, series);
    }
    if (ms > series.max) series.max = ms;
    const last = series.samples[series.samples.length - 1];
    if (last !== undefined && last.time === now) {
      if (ms > last.latency) last.latency = ms;
      return;
    }
    series.samples.push({ time: now, latency: ms });
    if (series.samples.length > LATENCY_TS_LEN) series.samples.shift();
  }
}

function latest(c: Client): void {
  const events = c.server.latency.events;
  c.reply.array(events.size);
  for (const [event, series] of events) {
    const last = series.samples[series.samples.length - 1];
    c.reply.array(4);
    c.reply.bulk(event);
    c.reply.int(last.time);
    c.reply.int(last.latency);
    c.reply.int(series.max);
  }
}

function history(c: Client, argv: string[]): void {
  const series = c.server.latency.events.get(argv[2]);
  const samples = series?.samples ?? [];
  c.reply.array(samples.length);
  for (const s of samples) {
    c.reply.array(2);
    c.reply.int(s.time);
    c.reply.int(s.latency);
  }
}

function reset(c: Client, argv: string[]): void {
  const events = c.server.latency.events;
  if (argv.length === 2) {
    const n = events.size;
    events.clear();
    c.reply.int(n);
    return;
  }
  let n = 0;
  for (let i = 2; i < argv.length; i++) if (events.delete(argv[i])) n++;
  c.reply.int(n);
}

/** Width of LATENCY GRAPH, in samples (Redis's LATENCY_GRAPH_COLS). */
const LATENCY_GRAPH_COLS = 80;
const LATENCY_GRAPH_ROWS = 4;

/** How long ago a sample was taken, as LATENCY GRAPH labels it: 5s, 3m, 2h, 1d. */
function elapsedLabel(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** LATENCY GRAPH event: latencyCommandGenSparkeline's header, rule and sparkline of the samples. */
function graph(c: Client, argv: string[]): void {
  const series = c.server.latency.events.get(argv[2]);
  if (series === undefined) {
    c.reply.error(`ERR No samples available for event '${argv[2]}'`);
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const latencies = series.samples.map((s) => s.latency);
  const samples = series.samples.map((s) => ({ value: s.latency, label: elapsedLabel(now - s.time) }));
  const header = `${argv[2]} - high ${Math.max(...latencies)} ms, low ${Math.min(...latencies)} ms (all time high ${series.max} ms)\n`;
  c.reply.verbatim(header + '-'.repeat(LATENCY_GRAPH_COLS) + '\n' + renderSparkline(samples, LATENCY_GRAPH_COLS, LATENCY_GRAPH_ROWS));
}

/** Redis's lookupCommandBySds: 'get' or 'config|get', any letter case; one level of subcommands. */
function lookupCommandByFullName(c: Client, name: string): Command | undefined {
  const parts = name.split('|');
  if (parts.length > 2) return undefined;
  const cmd = c.server.commands.lookup(parts[0]);
  if (parts.length === 1 || cmd === undefined) return cmd;
  return cmd.subcommands?.get(parts[1].toLowerCase());
}

/** Redis's fillCommandCDF: calls, then the cumulative distribution over power-of-two microseconds. */
function replyCommandCdf(c: Client, h: LatencyHistogram): void {
  const steps = h.logarithmicSteps(HISTOGRAM_FIRST_LEVEL_NS);
  c.reply.map(2);
  c.reply.bulk('calls');
  c.reply.int(h.totalCount);
  c.reply.bulk('histogram_usec');
  c.reply.map(steps.length);
  for (const [highestNs, cumulative] of steps) {
    c.reply.int(Math.floor(highestNs / 1000));
    c.reply.int(cumulative);
  }
}

/** LATENCY HISTOGRAM [command ...]: every tracked command, or the named ones and their subcommands. */
function histogram(c: Client, argv: string[]): void {
  const selected: Command[] = [];
  if (argv.length === 2) {
    for (const cmd of c.server.commands.all()) selected.push(cmd);
  } else {
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupCommandByFullName(c, argv[i]);
      if (cmd === undefined) continue;
      selected.push(cmd);
      if (cmd.subcommands !== undefined) selected.push(...cmd.subcommands.values());
    }
  }
  const tracked = selected.filter((cmd) => commandLatencyHistogram(cmd) !== undefined);
  c.reply.map(tracked.length);
  for (const cmd of tracked) {
    c.reply.bulk(cmd.fullName);
    replyCommandCdf(c, commandLatencyHistogram(cmd)!);
  }
}

// ---- LATENCY DOCTOR: Redis's createLatencyReport, with its texts -------------------------------

type Advice = 'slowlogEnabled' | 'slowlogTuning' | 'slowlogInspect' | 'scheduler' | 'hz' | 'largeObjects' | 'massEviction';

/** Whether the slow log would catch what the latency monitor sees (the command event's advice). */
function slowlogAdvice(server: Server): Advice[] {
  const slowlog = server.slowlog;
  if (slowlog.slowerThan < 0 || slowlog.maxLen === 0) return ['slowlogEnabled'];
  return Math.trunc(slowlog.slowerThan / 1000) > server.latency.threshold ? ['slowlogTuning'] : [];
}

/** The advice each event of respkv's calls for (the I/O, fork and AOF events never occur here). */
const EVENT_ADVICE: ReadonlyMap<string, (server: Server) => Advice[]> = new Map([
  ['command', (s: Server): Advice[] => [...slowlogAdvice(s), 'slowlogInspect', 'largeObjects']],
  ['fast-command', (): Advice[] => ['scheduler']],
  ['expire-cycle', (): Advice[] => ['hz', 'largeObjects']],
  ['eviction-cycle', (): Advice[] => ['massEviction']],
]);

/** The advice paragraphs, in the order Redis prints them. */
const ADVICE_TEXT: ReadonlyArray<[Advice, (server: Server) => string]> = [
  [
    'slowlogEnabled',
    (s) =>
      `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${s.latency.threshold * 1000}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`,
  ],
  [
    'slowlogTuning',
    (s) =>
      `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${s.latency.threshold * 1000}'.\n`,
  ],
  [
    'slowlogInspect',
    () =>
      '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n',
  ],
  [
    'scheduler',
    () =>
      '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n' +
      '  1) Lower the system load.\n' +
      '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n' +
      '  3) Check if you have a "noisy neighbour" problem.\n' +
      "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
      '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n',
  ],
  [
    'hz',
    (s) =>
      s.config.int('hz') < 100
        ? "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n"
        : '',
  ],
  [
    'largeObjects',
    () =>
      '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n',
  ],
  [
    'massEviction',
    () =>
      "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n",
  ],
];

/** analyzeLatencyForEvent's figures: samples, average and mean absolute deviation (ms, truncated), period (s). */
function analyzeLatency(series: LatencySeries, nowSeconds: number): { samples: number; avg: number; mad: number; period: number } {
  const n = series.samples.length;
  let sum = 0;
  let oldest = Infinity;
  for (const s of series.samples) {
    sum += s.latency;
    if (s.time < oldest) oldest = s.time;
  }
  const avg = Math.trunc(sum / n);
  let deviation = 0;
  for (const s of series.samples) deviation += Math.abs(avg - s.latency);
  return { samples: n, avg, mad: Math.trunc(deviation / n), period: Math.max(1, nowSeconds - oldest) };
}

function latencyReport(server: Server): string {
  const monitor = server.latency;
  if (monitor.events.size === 0 && monitor.threshold === 0) {
    return 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';
  }
  const now = Math.floor(Date.now() / 1000);
  const advice = new Set<Advice>();
  let report = '';
  let eventnum = 0;
  for (const [event, series] of monitor.events) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const ls = analyzeLatency(series, now);
    report +=
      `${eventnum}. ${event}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, ` +
      `period ${(ls.period / ls.samples).toFixed(2)} sec). Worst all time event ${series.max}ms.\n`;
    for (const a of EVENT_ADVICE.get(event)?.(server) ?? []) advice.add(a);
  }
  if (eventnum === 0) {
    return 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  }
  if (advice.size === 0) {
    return report + "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  }
  report += '\nI have a few advices for you:\n\n';
  for (const [name, text] of ADVICE_TEXT) if (advice.has(name)) report += text(server);
  return report;
}

const LATENCY_HELP = [
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
];

const ADMIN = 'admin noscript loading stale';

export const latencyCommands: CommandRow[] = [
  {
    name: 'latency',
    arity: -2,
    flags: '',
    group: 'server',
    since: '2.8.13',
    summary: 'A container for latency diagnostics commands.',
    subcommands: [
      { name: 'latest', arity: 2, flags: ADMIN, group: 'server', since: '2.8.13', summary: 'Returns the latest latency samples for all events.', handler: latest },
      { name: 'history', arity: 3, flags: ADMIN, group: 'server', since: '2.8.13', summary: 'Returns timestamp-latency samples for an event.', handler: history },
      { name: 'reset', arity: -2, flags: ADMIN, group: 'server', since: '2.8.13', summary: 'Resets the latency data for one or more events.', handler: reset },
      { name: 'doctor', arity: 2, flags: ADMIN, group: 'server', since: '2.8.13', summary: 'Returns a human-readable latency analysis report.', handler: (c) => c.reply.verbatim(latencyReport(c.server)) },
      { name: 'graph', arity: 3, flags: ADMIN, group: 'server', since: '2.8.13', summary: 'Returns a latency graph for an event.', handler: graph },
      { name: 'histogram', arity: -2, flags: ADMIN, group: 'server', since: '7.0.0', summary: 'Returns the cumulative distribution of latencies of a subset or all commands.', handler: histogram },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '2.8.13', summary: 'Returns helpful text about the different subcommands.', handler: (c) => replyHelp(c, LATENCY_HELP) },
    ],
  },
];
