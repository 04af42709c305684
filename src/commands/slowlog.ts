/**
 * SLOWLOG: the commands whose execution took at least slowlog-log-slower-than microseconds (0 logs
 * every command, negative disables the log), newest first, at most slowlog-max-len entries; the
 * oldest entry falls off when a new one arrives. As Redis's slowlog.c, an entry keeps at most 32
 * arguments (the last slot then says how many more there were) and at most 128 bytes of each.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { parseInteger } from './args';
import { replyHelp } from './config';
import { redactedArgv } from './monitor';
import { unblockListeners } from './blocking';

/** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  id: number;
  /** Seconds since the epoch when the command ran. */
  time: number;
  /** Microseconds, whole. */
  duration: number;
  argv: string[];
  peer: string;
  name: string;
}

export class SlowLog {
  /** Newest first; length <= maxLen. */
  entries: SlowlogEntry[] = [];
  nextId = 0;
  /** slowlog-log-slower-than, microseconds; negative: disabled. */
  slowerThan = 10000;
  /** slowlog-max-len. */
  maxLen = 128;

  /** Commands that blocked, waiting to be logged when answered; usec: their first attempt. */
  private readonly blocked = new WeakMap<Client, { argv: readonly string[]; usec: number }>();

  /** A command that blocked is logged once answered, as Redis's updateStatsOnUnblock does. */
  deferUntilUnblocked(c: Client, argv: readonly string[], usec: number): void {
    this.blocked.set(c, { argv, usec });
  }

  /** The blocked command of `c` was answered: log it now if it qualifies. */
  unblocked(c: Client): void {
    const pending = this.blocked.get(c);
    if (pending === undefined) return;
    this.blocked.delete(c);
    this.pushIfNeeded(c, pending.argv, pending.usec);
  }

  /** Redis's slowlogPushEntryIfNeeded; `usec` is the command's duration in microseconds. */
  pushIfNeeded(c: Client, argv: readonly string[], usec: number): void {
    if (this.slowerThan < 0 || this.maxLen === 0 || usec < this.slowerThan) return;
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(Date.now() / 1000),
      duration: Math.floor(usec),
      argv: trimArgv(redactedArgv(argv)),
      peer: c.address,
      name: c.name,
    });
    this.trim();
  }

  trim(): void {
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }
}

// blocking.ts imports no command module, so it is fully loaded here.
unblockListeners.push((c) => c.server.slowlog.unblocked(c));

function trimArgv(argv: readonly string[]): string[] {
  const argc = Math.min(argv.length, MAX_ARGC);
  const out: string[] = [];
  for (let i = 0; i < argc; i++) {
    if (argc !== argv.length && i === argc - 1) {
      out.push(`... (${argv.length - argc + 1} more arguments)`);
    } else if (argv[i].length > MAX_STRING) {
      out.push(`${argv[i].slice(0, MAX_STRING)}... (${argv[i].length - MAX_STRING} more bytes)`);
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

function slowlogGet(c: Client, argv: string[]): void {
  const log = c.server.slowlog;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]);
    if (n === null || n < -1) {
      c.reply.error('ERR count should be greater than or equal to -1');
      return;
    }
    count = n === -1 ? log.entries.length : n;
  }
  const entries = log.entries.slice(0, count);
  c.reply.array(entries.length);
  for (const e of entries) {
    c.reply.array(6);
    c.reply.int(e.id);
    c.reply.int(e.time);
    c.reply.int(e.duration);
    c.reply.bulkArray(e.argv);
    c.reply.bulk(e.peer);
    c.reply.bulk(e.name);
  }
}

function slowlogReset(c: Client): void {
  c.server.slowlog.entries = [];
  c.reply.ok();
}

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

export const slowlogCommands: CommandRow[] = [
  {
    name: 'slowlog',
    arity: -2,
    flags: '',
    group: 'server',
    since: '2.2.12',
    summary: 'A container for slow log commands.',
    subcommands: [
      { name: 'get', arity: -2, flags: 'admin loading stale', group: 'server', since: '2.2.12', summary: 'Returns the slow log\'s entries.', handler: slowlogGet },
      { name: 'len', arity: 2, flags: 'admin loading stale', group: 'server', since: '2.2.12', summary: 'Returns the number of entries in the slow log.', handler: (c) => c.reply.int(c.server.slowlog.entries.length) },
      { name: 'reset', arity: 2, flags: 'admin loading stale', group: 'server', since: '2.2.12', summary: 'Clears all entries from the slow log.', handler: slowlogReset },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '6.2.0', summary: 'Show helpful text about the different subcommands', handler: (c) => replyHelp(c, SLOWLOG_HELP) },
    ],
  },
];
