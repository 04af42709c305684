/**
 * DEBUG: the subcommands respkv has, rows of a table with their argument counts (the rest answer
 * Redis's unknown-subcommand error). As in Redis 7.0 it is a protected command: the dispatcher
 * refuses it unless enable-debug-command allows it (yes, or local for loopback connections).
 * SLEEP blocks the whole server, OBJECT describes a key in Redis's format (encoding and refcount as
 * OBJECT reports them), PROTOCOL answers one sample of each RESP3 type.
 */
import type { Client } from '../net/client';
import { parseInteger } from './args';
import { NO_SUCH_KEY, NOT_POSITIVE } from '../resp/replies';
import { activeExpireState } from '../store/expire';
import { lruIdleMs } from '../memory/lfu';
import { changeReplicationId, LRU_CLOCK_MAX } from './info';
import { replyHelp } from './config';
import { stringEncoding, stringRefcount } from './strings';

/** Redis's refusal of a protected command, naming the setting that would allow it. */
export function protectedCommandError(setting: 'enable-debug-command'): string {
  return `ERR DEBUG command not allowed. If the ${setting} option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`;
}

interface DebugSubcommand {
  /** Bounds of argc, DEBUG and the subcommand's name included. */
  minArgc: number;
  maxArgc: number;
  run: (c: Client, argv: string[]) => void;
}

/** Redis's DEBUG HELP, cut to the subcommands respkv has, in Redis's order. */
const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  "    it is used instead of the 'key' prefix. These are not propagated to",
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'HELP',
  '    Prints this help.',
];

/** C's atof/atoi: the longest numeric prefix, 0 when there is none. */
function atof(s: string): number {
  const n = Number.parseFloat(s);
  return Number.isFinite(n) ? n : 0;
}

/** Blocks the whole server, as Redis's debugDelay does; milliseconds. */
function blockFor(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Bytes of a string in an RDB file: length prefix plus payload, or its int form. Redis would LZF-compress
 * strings over 20 bytes where that saves space; respkv does not compress, so those can read longer.
 */
function serializedStringLength(s: string, encoding: string): number {
  if (encoding === 'int') {
    const n = Number(s);
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648 && n <= 2147483647) return 5;
  }
  const prefix = s.length < 64 ? 1 : s.length < 16384 ? 2 : 5;
  return prefix + s.length;
}

function debugObject(c: Client, argv: string[]): void {
  const e = c.db.peek(argv[2]);
  if (e === undefined) {
    c.reply.error(NO_SUCH_KEY);
    return;
  }
  const v = e.value;
  const encoding = typeof v === 'string' ? stringEncoding(e) : v.encoding();
  // respkv has no RDB form of collections: their serialized length is reported as their memory cost.
  const serialized = typeof v === 'string' ? serializedStringLength(v, encoding) : v.bytes;
  const ks = c.server.keyspace;
  const idleMs = ks.lfu ? 0 : lruIdleMs(e.access, ks.clock.nowMs);
  const idle = Math.floor(idleMs / 1000);
  const lru = ks.lfu ? e.access & LRU_CLOCK_MAX : Math.floor((ks.clock.nowMs - idleMs) / 1000) & LRU_CLOCK_MAX;
  const refcount = typeof v === 'string' ? stringRefcount(e) : 1;
  // There is no address to show: the key's handle in its database stands in for it.
  const at = (0x7f0000000000 + e.h * 16).toString(16);
  c.reply.simple(`Value at:0x${at} refcount:${refcount} encoding:${encoding} serializedlength:${serialized} lru:${lru} lru_seconds_idle:${idle}`);
}

/** DEBUG POPULATE: `count` keys prefix:0.. holding value:N, cut or padded with zero bytes to `size`. */
function populate(c: Client, argv: string[]): void {
  const count = parseInteger(argv[2]);
  const size = argv.length > 4 ? parseInteger(argv[4]) : 0;
  if (count === null || count < 0 || size === null || size < 0) {
    c.reply.error(NOT_POSITIVE('value'));
    return;
  }
  const prefix = argv.length > 3 ? argv[3] : 'key';
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (c.db.lookupWrite(key) !== undefined) continue;
    const value = `value:${j}`;
    c.db.add(key, size === 0 ? value : value.slice(0, size).padEnd(size, '\0'));
  }
  c.reply.ok();
}

/** DEBUG PROTOCOL's sample replies, one per RESP3 type, degraded in RESP2 as Redis degrades them. */
const PROTOCOL_SAMPLES: Record<string, (c: Client) => void> = {
  string: (c) => c.reply.bulk('Hello World'),
  integer: (c) => c.reply.int(12345),
  double: (c) => c.reply.double(3.141),
  bignum: (c) => {
    const n = '1234567999999999999999999999999999999';
    if (c.reply.proto === 3) c.reply.ascii(`(${n}\r\n`);
    else c.reply.bulk(n);
  },
  null: (c) => c.reply.nullBulk(),
  array: (c) => replyCounting(c, 'array'),
  set: (c) => replyCounting(c, 'set'),
  map: (c) => {
    c.reply.map(3);
    for (let i = 0; i < 3; i++) {
      c.reply.int(i);
      c.reply.bool(i === 1);
    }
  },
  attrib: (c) => {
    if (c.reply.proto === 3) {
      c.reply.ascii('|1\r\n');
      c.reply.bulk('key-popularity');
      c.reply.array(2);
      c.reply.bulk('key:123');
      c.reply.int(90);
    }
    c.reply.bulk('Some real reply following the attribute');
  },
  push: (c) => {
    if (c.reply.proto !== 3) {
      c.reply.error('ERR RESP2 is not supported by this command');
      return;
    }
    c.reply.push(2);
    c.reply.bulk('server-cpu-usage');
    c.reply.int(42);
    c.reply.bulk('Some real reply following the push reply');
  },
  verbatim: (c) => c.reply.verbatim('This is a verbatim\nstring'),
  true: (c) => c.reply.bool(true),
  false: (c) => c.reply.bool(false),
};

function replyCounting(c: Client, kind: 'array' | 'set'): void {
  if (kind === 'array') c.reply.array(3);
  else c.reply.set(3);
  for (let i = 0; i < 3; i++) c.reply.int(i);
}

function protocol(c: Client, argv: string[]): void {
  const sample = PROTOCOL_SAMPLES[argv[2].toLowerCase()];
  if (sample === undefined) {
    c.reply.error(`ERR Wrong protocol type name. Please use one of the following: ${Object.keys(PROTOCOL_SAMPLES).join('|')}`);
    return;
  }
  sample(c);
}

const exactly = (argc: number, run: DebugSubcommand['run']): DebugSubcommand => ({ minArgc: argc, maxArgc: argc, run });

const DEBUG_SUBCOMMANDS: Record<string, DebugSubcommand> = {
  help: exactly(2, (c) => replyHelp(c, DEBUG_HELP)),
  'change-repl-id': exactly(2, (c) => {
    c.server.log.warning('Changing replication IDs after receiving DEBUG change-repl-id');
    changeReplicationId(c.server);
    c.reply.ok();
  }),
  error: exactly(3, (c, argv) => c.reply.error(argv[2])),
  log: exactly(3, (c, argv) => {
    c.server.log.warning(`DEBUG LOG: ${argv[2]}`);
    c.reply.ok();
  }),
  object: exactly(3, debugObject),
  'pause-cron': exactly(3, (c, argv) => {
    c.server.pauseCron(Math.trunc(atof(argv[2])) !== 0);
    c.reply.ok();
  }),
  populate: { minArgc: 3, maxArgc: 5, run: populate },
  protocol: exactly(3, protocol),
  'set-active-expire': exactly(3, (c, argv) => {
    activeExpireState.enabled = Math.trunc(atof(argv[2])) !== 0;
    c.reply.ok();
  }),
  sleep: exactly(3, (c, argv) => {
    blockFor(atof(argv[2]) * 1000);
    c.reply.ok();
  }),
};

/** A protected action's setting: 'yes', or 'local' for connections from the loopback interface. */
export function protectedCommandAllowed(c: Client, setting: 'enable-debug-command' | 'enable-protected-configs'): boolean {
  const value = c.server.config.str(setting);
  if (value === 'yes') return true;
  if (value !== 'local') return false;
  const addr = c.socket.remoteAddress ?? '';
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/** DEBUG, once the dispatcher has let it through enable-debug-command. */
export function debug(c: Client, argv: string[]): void {
  const sub = DEBUG_SUBCOMMANDS[argv[1].toLowerCase()];
  if (sub === undefined || argv.length < sub.minArgc || argv.length > sub.maxArgc) {
    c.reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try DEBUG HELP.`);
    return;
  }
  sub.run(c, argv);
}

