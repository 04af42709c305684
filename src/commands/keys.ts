/**
 * Keyspace commands: existence, deletion, types, renaming and copying, iteration (KEYS, SCAN,
 * RANDOMKEY), OBJECT, and whole databases (MOVE, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL). They work on any
 * StoredValue: strings directly, every other type through the Collection interface (type, encoding(),
 * clone()), so a new data type needs nothing here.
 *
 * SCAN's cursor is a position in the database's SlotArray of keys, scanned downwards (see slots.ts):
 * every key present for the whole iteration is returned at least once, however keys come and go.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { Db, Entry, LOOKUP_NOTOUCH } from '../store/db';
import { typeOf } from '../store/value';
import { parseInteger } from './args';
import { DB_INDEX_OUT_OF_RANGE, NO_SUCH_KEY, NOT_INTEGER, SYNTAX_ERROR } from '../resp/replies';
import { NOTIFY_GENERIC, notifyKeyspaceEvent } from './notify';
import { compileGlob } from '../util/glob';
import { lfuDecayedCounter, lruIdleMs } from '../memory/lfu';
import { copyStringEncoding, stringEncoding, stringRefcount } from './strings';
import { replyHelp } from './config';
import { parseScanCursor, parseScanOptions, replyScan } from './scanargs';

const SAME_OBJECT = 'ERR source and destination objects are the same';
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const INT_RANGE_ERROR = `ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`;

/**
 * Redis's getIntFromObjectOrReply: a 32-bit integer, or null after replying `error` (by default
 * Redis's own texts for a non-integer and for a 64-bit integer outside the 32-bit range).
 */
function int32Arg(c: Client, text: string, error?: string): number | null {
  const n = parseInteger(text);
  if (n === null || n > INT_MAX || n < INT_MIN) {
    c.reply.error(error ?? (n === null ? NOT_INTEGER : INT_RANGE_ERROR));
    return null;
  }
  return n;
}

/** The database numbered `text`, or null after replying Redis's error (selectDb's checks). */
function dbArg(c: Client, text: string): Db | null {
  const id = int32Arg(c, text);
  if (id === null) return null;
  const db = c.server.keyspace.dbs[id];
  if (db === undefined) {
    c.reply.error(DB_INDEX_OUT_OF_RANGE);
    return null;
  }
  return db;
}

/** DEL and UNLINK (freeing is synchronous either way): expired keys count as already gone. */
function delGeneric(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.exists(argv[i]) && c.db.delete(argv[i])) {
      notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', argv[i], c.db.id);
      n++;
    }
  }
  c.reply.int(n);
}

/** EXISTS counts a key once per mention; TOUCH also refreshes its access time. */
function existsGeneric(c: Client, argv: string[], touch: boolean): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.lookup(argv[i], touch ? 0 : LOOKUP_NOTOUCH) !== undefined) n++;
  }
  c.reply.int(n);
}

function type(c: Client, argv: string[]): void {
  const e = c.db.lookup(argv[1], LOOKUP_NOTOUCH);
  c.reply.simple(e === undefined ? 'none' : typeOf(e.value));
}

/**
 * Places `value` under `key` in `dst` (which must not hold the key) with the given expiry, as the
 * moved or copied image of `from`. A moved key keeps its access history (Redis moves the object);
 * a copy is a new object.
 */
function placeKey(dst: Db, key: string, from: Entry, value: Entry['value'], moved: boolean): Entry {
  const expireAt = from.expireAt;
  const e = dst.add(key, value);
  if (expireAt !== 0) dst.setExpire(e, expireAt);
  if (moved) e.access = from.access;
  if (typeof value === 'string') copyStringEncoding(from, e, !moved);
  return e;
}

/** RENAME and RENAMENX: `nx` refuses to overwrite and replies 1 / 0 instead of OK. */
function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const [, src, dst] = argv;
  const e = c.db.lookupWrite(src);
  if (e === undefined) {
    c.reply.error(NO_SUCH_KEY);
    return;
  }
  if (src === dst) {
    if (nx) c.reply.int(0);
    else c.reply.ok();
    return;
  }
  if (c.db.lookupWrite(dst) !== undefined) {
    if (nx) {
      c.reply.int(0);
      return;
    }
    c.db.delete(dst);
  }
  placeKey(c.db, dst, e, e.value, true);
  c.db.delete(src);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'rename_from', src, c.db.id);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'rename_to', dst, c.db.id);
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function move(c: Client, argv: string[]): void {
  const key = argv[1];
  const dst = dbArg(c, argv[2]);
  if (dst === null) return;
  const src = c.db;
  if (dst === src) {
    c.reply.error(SAME_OBJECT);
    return;
  }
  const e = src.lookupWrite(key);
  if (e === undefined || dst.lookupWrite(key) !== undefined) {
    c.reply.int(0);
    return;
  }
  placeKey(dst, key, e, e.value, true);
  src.delete(key);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'move_from', key, src.id);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'move_to', key, dst.id);
  c.reply.int(1);
}

/** COPY source destination [DB destination-db] [REPLACE] */
function copy(c: Client, argv: string[]): void {
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && i + 1 < argv.length) {
      const db = dbArg(c, argv[++i]);
      if (db === null) return;
      dst = db;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  const [, key, newKey] = argv;
  if (dst === c.db && key === newKey) {
    c.reply.error(SAME_OBJECT);
    return;
  }
  const e = c.db.lookupRead(key);
  if (e === undefined) {
    c.reply.int(0);
    return;
  }
  if (dst.lookupWrite(newKey) !== undefined) {
    if (!replace) {
      c.reply.int(0);
      return;
    }
    dst.delete(newKey);
  }
  placeKey(dst, newKey, e, typeof e.value === 'string' ? e.value : e.value.clone(), false);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'copy_to', newKey, dst.id);
  c.reply.int(1);
}

function keys(c: Client, argv: string[]): void {
  const match = compileGlob(argv[1]);
  const ks = c.server.keyspace;
  const found: string[] = [];
  for (const e of c.db.entries()) {
    if (match(e.key) && !ks.isExpired(e)) found.push(e.key);
  }
  c.reply.bulkArray(found);
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
function scan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(c, argv[1]);
  if (cursor === null) return;
  // TYPE never fails, so taking its pairs out first leaves Redis's order of option errors intact.
  let typeName: string | undefined;
  const rest: string[] = [];
  for (let i = 2; i < argv.length; i += 2) {
    if (argv[i].toLowerCase() === 'type' && i + 1 < argv.length) typeName = argv[i + 1].toLowerCase();
    else rest.push(...argv.slice(i, i + 2));
  }
  const options = parseScanOptions(c, rest, 0);
  if (options === null) return;
  const db = c.db;
  const visited: Entry[] = [];
  const next = db.scan(cursor, options.count, (e) => visited.push(e));
  const found: string[] = [];
  for (const e of visited) {
    if (options.match !== undefined && !options.match(e.key)) continue;
    if (typeName !== undefined) {
      const typed = db.lookup(e.key, LOOKUP_NOTOUCH);
      if (typed === undefined || typeOf(typed.value) !== typeName) continue;
    }
    if (db.exists(e.key)) found.push(e.key);
  }
  replyScan(c, next, found);
}

function randomkey(c: Client): void {
  c.reply.bulkOrNull(c.db.randomKey());
}

function swapdb(c: Client, argv: string[]): void {
  const a = int32Arg(c, argv[1], 'ERR invalid first DB index');
  if (a === null) return;
  const b = int32Arg(c, argv[2], 'ERR invalid second DB index');
  if (b === null) return;
  const dbs = c.server.keyspace.dbs;
  if (dbs[a] === undefined || dbs[b] === undefined) {
    c.reply.error(DB_INDEX_OUT_OF_RANGE);
    return;
  }
  if (a !== b) dbs[a].swapWith(dbs[b]);
  c.reply.ok();
}

function dbsize(c: Client): void {
  c.reply.int(c.db.size);
}

/** FLUSHDB and FLUSHALL [ASYNC | SYNC]: freeing is synchronous either way. */
function flushGeneric(c: Client, argv: string[], all: boolean): void {
  const mode = argv.length === 2 ? argv[1].toLowerCase() : 'sync';
  if (argv.length > 2 || (mode !== 'sync' && mode !== 'async')) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  if (all) for (const db of c.server.keyspace.dbs) db.flush();
  else c.db.flush();
  c.reply.ok();
}

// ---------------------------------------------------------------------------------------------
// OBJECT

const LFU_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** OBJECT's lookup (no touch); replies nil and returns undefined for a missing key. */
function objectLookup(c: Client, key: string): Entry | undefined {
  const e = c.db.lookup(key, LOOKUP_NOTOUCH);
  if (e === undefined) c.reply.nullBulk();
  return e;
}

function objectEncoding(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (e !== undefined) c.reply.bulk(typeof e.value === 'string' ? stringEncoding(e) : e.value.encoding());
}

function objectRefcount(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (e !== undefined) c.reply.int(typeof e.value === 'string' ? stringRefcount(e) : 1);
}

/** Seconds since the last access, from the LRU access field (ms); refused under an LFU policy. */
function objectIdletime(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (e === undefined) return;
  const ks = c.server.keyspace;
  if (ks.lfu) {
    c.reply.error(`ERR An LFU maxmemory policy is selected, idle time not tracked. ${LFU_NOTE}`);
    return;
  }
  c.reply.int(Math.max(0, Math.floor(lruIdleMs(e.access, ks.clock.nowMs) / 1000)));
}

function objectFreq(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (e === undefined) return;
  const ks = c.server.keyspace;
  if (!ks.lfu) {
    c.reply.error(`ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${LFU_NOTE}`);
    return;
  }
  c.reply.int(lfuDecayedCounter(e.access, ks.clock.nowMs, ks.lfuDecayTime));
}

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

const ALL_KEYS = [1, -1, 1] as const;
const OBJECT_KEY = [2, 2, 1] as const;

export const keyCommands: CommandRow[] = [
  { name: 'del', arity: -2, flags: 'write', tips: 'request_policy:multi_shard response_policy:agg_sum', keySpecFlags: 'RM delete', keys: ALL_KEYS, group: 'generic', since: '1.0.0', summary: 'Delete a key', complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).', handler: delGeneric },
  { name: 'unlink', arity: -2, flags: 'write fast', tips: 'request_policy:multi_shard response_policy:agg_sum', keySpecFlags: 'RM delete', keys: ALL_KEYS, group: 'generic', since: '4.0.0', summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.', complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.', handler: delGeneric },
  { name: 'exists', arity: -2, flags: 'readonly fast', tips: 'request_policy:multi_shard response_policy:agg_sum', keySpecFlags: 'RO', keys: ALL_KEYS, group: 'generic', since: '1.0.0', summary: 'Determine if a key exists', complexity: 'O(N) where N is the number of keys to check.', handler: (c, argv) => existsGeneric(c, argv, false) },
  { name: 'touch', arity: -2, flags: 'readonly fast', tips: 'request_policy:multi_shard response_policy:agg_sum', keySpecFlags: 'RO', keys: ALL_KEYS, group: 'generic', since: '3.2.1', summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.', complexity: 'O(N) where N is the number of keys that will be touched.', handler: (c, argv) => existsGeneric(c, argv, true) },
  { name: 'type', arity: 2, flags: 'readonly fast', keySpecFlags: 'RO', keys: [1, 1, 1], group: 'generic', since: '1.0.0', summary: 'Determine the type stored at key', complexity: 'O(1)', handler: type },
  { name: 'rename', arity: 3, flags: 'write', keySpecFlags: 'RW access delete', keys: [1, 2, 1], group: 'generic', since: '1.0.0', summary: 'Rename a key', complexity: 'O(1)', handler: (c, argv) => renameGeneric(c, argv, false) },
  { name: 'renamenx', arity: 3, flags: 'write fast', keySpecFlags: 'RW access delete', keys: [1, 2, 1], group: 'generic', since: '1.0.0', summary: 'Rename a key, only if the new key does not exist', complexity: 'O(1)', handler: (c, argv) => renameGeneric(c, argv, true) },
  { name: 'copy', arity: -3, flags: 'write denyoom', keySpecFlags: 'RO access', keys: [1, 2, 1], group: 'generic', since: '6.2.0', summary: 'Copy a key', complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.', handler: copy },
  { name: 'move', arity: 3, flags: 'write fast', keySpecFlags: 'RW access update', keys: [1, 1, 1], group: 'generic', since: '1.0.0', summary: 'Move a key to another database', complexity: 'O(1)', handler: move },
  { name: 'keys', arity: 2, flags: 'readonly', tips: 'request_policy:all_shards nondeterministic_output_order', acl: '@dangerous', group: 'generic', since: '1.0.0', summary: 'Find all keys matching the given pattern', complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.', handler: keys },
  { name: 'scan', arity: -2, flags: 'readonly', tips: 'nondeterministic_output request_policy:special', group: 'generic', since: '2.8.0', summary: 'Incrementally iterate the keys space', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.', handler: scan },
  { name: 'randomkey', arity: 1, flags: 'readonly', tips: 'request_policy:all_shards nondeterministic_output', group: 'generic', since: '1.0.0', summary: 'Return a random key from the keyspace', complexity: 'O(1)', handler: randomkey },
  { name: 'swapdb', arity: 3, flags: 'write fast', acl: '@keyspace @dangerous', group: 'server', since: '4.0.0', summary: 'Swaps two Redis databases', complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.', handler: swapdb },
  { name: 'dbsize', arity: 1, flags: 'readonly fast', tips: 'request_policy:all_shards response_policy:agg_sum', acl: '@keyspace', group: 'server', since: '1.0.0', summary: 'Return the number of keys in the selected database', complexity: 'O(1)', handler: dbsize },
  { name: 'flushdb', arity: -1, flags: 'write', tips: 'request_policy:all_shards response_policy:all_succeeded', acl: '@keyspace @dangerous', group: 'server', since: '1.0.0', summary: 'Remove all keys from the current database', complexity: 'O(N) where N is the number of keys in the selected database', handler: (c, argv) => flushGeneric(c, argv, false) },
  { name: 'flushall', arity: -1, flags: 'write', tips: 'request_policy:all_shards response_policy:all_succeeded', acl: '@keyspace @dangerous', group: 'server', since: '1.0.0', summary: 'Remove all keys from all databases', complexity: 'O(N) where N is the total number of keys in all databases', handler: (c, argv) => flushGeneric(c, argv, true) },
  {
    name: 'object',
    arity: -2,
    flags: '',
    group: 'generic',
    since: '2.2.3',
    summary: 'A container for object introspection commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      // In the order Redis 7.0's COMMAND lists them.
      { name: 'idletime', arity: 3, flags: 'readonly', tips: 'nondeterministic_output', keySpecFlags: 'RO', keys: OBJECT_KEY, group: 'generic', since: '2.2.3', summary: 'Get the time since a Redis object was last accessed', complexity: 'O(1)', handler: objectIdletime },
      { name: 'freq', arity: 3, flags: 'readonly', tips: 'nondeterministic_output', keySpecFlags: 'RO', keys: OBJECT_KEY, group: 'generic', since: '4.0.0', summary: 'Get the logarithmic access frequency counter of a Redis object', complexity: 'O(1)', handler: objectFreq },
      { name: 'encoding', arity: 3, flags: 'readonly', tips: 'nondeterministic_output', keySpecFlags: 'RO', keys: OBJECT_KEY, group: 'generic', since: '2.2.3', summary: 'Inspect the internal encoding of a Redis object', complexity: 'O(1)', handler: objectEncoding },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'generic', since: '6.2.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: (c) => replyHelp(c, OBJECT_HELP) },
      { name: 'refcount', arity: 3, flags: 'readonly', tips: 'nondeterministic_output', keySpecFlags: 'RO', keys: OBJECT_KEY, group: 'generic', since: '2.2.3', summary: 'Get the number of references to the value of the key', complexity: 'O(1)', handler: objectRefcount },
    ],
  },
];
