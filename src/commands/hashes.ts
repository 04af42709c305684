/**
 * Hash commands (Redis's t_hash.c) over store/hash.ts. Writers look the key up for writing, create
 * the hash lazily so no empty hash is ever stored, apply their change, re-fit the encoding to
 * hash-max-listpack-entries / hash-max-listpack-value, then report through Db.written (or Db.add)
 * and notify the keyspace event Redis emits. HSET and HMSET share one path, as do HGETALL, HKEYS and
 * HVALS, and HINCRBY and HINCRBYFLOAT.
 */
import type { Client } from '../net/client';
import type { Entry } from '../store/db';
import type { CommandRow } from './types';
import { Hash, HashLimits } from '../store/hash';
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_HASH } from './notify';
import { parseInt64 } from './args';
import { arityError, NOT_FLOAT, NOT_INTEGER, OVERFLOW, SYNTAX_ERROR } from '../resp/replies';
import { lookupEntryWrite, lookupValueRead } from './lookup';
import { addLongDouble, formatLongDouble, INFINITE, LongDouble, parseLongDouble } from '../util/longdouble';
import { scanGeneric } from './scanargs';
import { LONG_MAX, parseRandomCount, pickRandom } from './sampling';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function limits(c: Client): HashLimits {
  const config = c.server.config;
  return { maxListpackEntries: config.int('hash-max-listpack-entries'), maxListpackValue: config.int('hash-max-listpack-value') };
}

function hashForRead(c: Client, key: string): Hash | undefined | null {
  return lookupValueRead(c, key, Hash);
}

/** The key's entry for writing (undefined: missing) and its hash, or null after a WRONGTYPE reply. */
function hashForWrite(c: Client, key: string): { entry: Entry | undefined; hash: Hash } | null {
  const entry = lookupEntryWrite(c, key, Hash);
  if (entry === null) return null;
  return { entry, hash: entry?.value ?? new Hash() };
}

/** Stores a hash changed in place, or adds the new one; the single exit of every writer. */
function hashWritten(c: Client, key: string, entry: Entry | undefined, hash: Hash): void {
  if (entry === undefined) c.db.add(key, hash);
  else c.db.written(entry);
}

/** HSET key field value [field value ...] and HMSET: HSET answers the count of new fields, HMSET OK. */
function hsetGeneric(c: Client, argv: string[], name: 'hset' | 'hmset'): void {
  if (argv.length % 2 === 1) {
    c.reply.error(arityError(name));
    return;
  }
  const w = hashForWrite(c, argv[1]);
  if (w === null) return;
  const lim = limits(c);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (w.hash.set(argv[i], argv[i + 1])) created++;
    w.hash.fitEncoding(lim, Math.max(argv[i].length, argv[i + 1].length));
  }
  hashWritten(c, argv[1], w.entry, w.hash);
  notifyKeyspaceEvent(NOTIFY_HASH, 'hset', argv[1], c.db.id);
  if (name === 'hset') c.reply.int(created);
  else c.reply.ok();
}

function hset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hset');
}

function hmset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hmset');
}

function hsetnx(c: Client, argv: string[]): void {
  const w = hashForWrite(c, argv[1]);
  if (w === null) return;
  if (w.hash.has(argv[2])) {
    c.reply.int(0);
    return;
  }
  w.hash.set(argv[2], argv[3]);
  w.hash.fitEncoding(limits(c), Math.max(argv[2].length, argv[3].length));
  hashWritten(c, argv[1], w.entry, w.hash);
  notifyKeyspaceEvent(NOTIFY_HASH, 'hset', argv[1], c.db.id);
  c.reply.int(1);
}

function hget(c: Client, argv: string[]): void {
  const hash = hashForRead(c, argv[1]);
  if (hash === null) return;
  c.reply.bulkOrNull(hash?.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const hash = hashForRead(c, argv[1]);
  if (hash === null) return;
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.bulkOrNull(hash?.get(argv[i]));
}

/** What HGETALL, HKEYS and HVALS reply with for each field. */
const WITH_FIELDS = 1;
const WITH_VALUES = 2;

function getall(c: Client, key: string, what: number): void {
  const hash = hashForRead(c, key);
  if (hash === null) return;
  const n = hash?.length ?? 0;
  if (what === (WITH_FIELDS | WITH_VALUES)) c.reply.map(n);
  else c.reply.array(n);
  if (hash === undefined) return;
  for (const [field, value] of hash.entries()) {
    if (what & WITH_FIELDS) c.reply.bulk(field);
    if (what & WITH_VALUES) c.reply.bulk(value);
  }
}

function hgetall(c: Client, argv: string[]): void {
  getall(c, argv[1], WITH_FIELDS | WITH_VALUES);
}

function hkeys(c: Client, argv: string[]): void {
  getall(c, argv[1], WITH_FIELDS);
}

function hvals(c: Client, argv: string[]): void {
  getall(c, argv[1], WITH_VALUES);
}

function hdel(c: Client, argv: string[]): void {
  const e = lookupEntryWrite(c, argv[1], Hash);
  if (e === null) return;
  if (e === undefined) {
    c.reply.int(0);
    return;
  }
  const hash = e.value;
  let deleted = 0;
  for (let i = 2; i < argv.length && hash.length > 0; i++) if (hash.delete(argv[i])) deleted++;
  if (deleted > 0) {
    const keyRemoved = hash.length === 0;
    c.db.written(e);
    notifyKeyspaceEvent(NOTIFY_HASH, 'hdel', argv[1], c.db.id);
    if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', argv[1], c.db.id);
  }
  c.reply.int(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const hash = hashForRead(c, argv[1]);
  if (hash !== null) c.reply.int(hash?.length ?? 0);
}

function hexists(c: Client, argv: string[]): void {
  const hash = hashForRead(c, argv[1]);
  if (hash !== null) c.reply.int(hash?.has(argv[2]) ? 1 : 0);
}

function hstrlen(c: Client, argv: string[]): void {
  const hash = hashForRead(c, argv[1]);
  if (hash !== null) c.reply.int(hash?.get(argv[2])?.length ?? 0);
}

/**
 * The arithmetic of HINCRBY (64-bit integers) and HINCRBYFLOAT (long doubles): the increment is
 * parsed before the key is looked up, as Redis does, then applied to the field's current text.
 */
interface Increment<T> {
  event: string;
  /** The increment, or an error reply. */
  parse(text: string): { incr: T } | { error: string };
  /** The new value text from the current one (undefined: no such field), or an error reply. */
  apply(current: string | undefined, incr: T): { value: string } | { error: string };
  reply(c: Client, value: string): void;
}

const INTEGER_INCREMENT: Increment<bigint> = {
  event: 'hincrby',
  parse(text) {
    const incr = parseInt64(text);
    return incr === null ? { error: NOT_INTEGER } : { incr };
  },
  apply(current, incr) {
    const old = current === undefined ? 0n : parseInt64(current);
    if (old === null) return { error: 'ERR hash value is not an integer' };
    const sum = old + incr;
    if (sum < INT64_MIN || sum > INT64_MAX) return { error: OVERFLOW };
    return { value: sum.toString() };
  },
  reply(c, value) {
    c.reply.int(BigInt(value));
  },
};

const FLOAT_INCREMENT: Increment<LongDouble> = {
  event: 'hincrbyfloat',
  parse(text) {
    const incr = parseLongDouble(text);
    if (incr === null) return { error: NOT_FLOAT };
    if (incr === INFINITE) return { error: 'ERR value is NaN or Infinity' };
    return { incr };
  },
  apply(current, incr) {
    const old = current === undefined ? { m: 0n, e: 0 } : parseLongDouble(current);
    if (old === null) return { error: 'ERR hash value is not a float' };
    const sum = old === INFINITE ? INFINITE : addLongDouble(old, incr);
    if (sum === INFINITE) return { error: 'ERR increment would produce NaN or Infinity' };
    return { value: formatLongDouble(sum) };
  },
  reply(c, value) {
    c.reply.bulk(value);
  },
};

function incrementGeneric<T>(c: Client, argv: string[], how: Increment<T>): void {
  const parsed = how.parse(argv[3]);
  if ('error' in parsed) {
    c.reply.error(parsed.error);
    return;
  }
  const w = hashForWrite(c, argv[1]);
  if (w === null) return;
  const result = how.apply(w.hash.get(argv[2]), parsed.incr);
  if ('error' in result) {
    c.reply.error(result.error);
    return;
  }
  w.hash.set(argv[2], result.value);
  w.hash.fitEncoding(limits(c), Math.max(argv[2].length, result.value.length));
  hashWritten(c, argv[1], w.entry, w.hash);
  notifyKeyspaceEvent(NOTIFY_HASH, how.event, argv[1], c.db.id);
  how.reply(c, result.value);
}

function hincrby(c: Client, argv: string[]): void {
  incrementGeneric(c, argv, INTEGER_INCREMENT);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  incrementGeneric(c, argv, FLOAT_INCREMENT);
}

/** HRANDFIELD key [count [WITHVALUES]] */
function hrandfield(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const hash = hashForRead(c, argv[1]);
    if (hash === null) return;
    if (hash === undefined) c.reply.nullBulk();
    else c.reply.bulk(hash.at(hash.randomSlot(c.server.keyspace.random.next()))[0]);
    return;
  }
  const big = parseRandomCount(c, argv[2]);
  if (big === null) return;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const withValues = argv.length === 4;
  if (withValues && (big < -LONG_MAX / 2n || big > LONG_MAX / 2n)) {
    c.reply.error('ERR value is out of range');
    return;
  }
  const hash = hashForRead(c, argv[1]);
  if (hash === null) return;
  if (hash === undefined) c.reply.array(0);
  else randomFields(c, hash, Number(big), withValues);
}

/** HRANDFIELD with a count: negative counts may repeat fields, positive ones never do. */
function randomFields(c: Client, hash: Hash, count: number, withValues: boolean): void {
  const picked = count === 0 ? { length: 0, items: [] } : pickRandom(hash.length, count, c.server.keyspace.random, (slot) => hash.at(slot), () => [...hash.entries()]);
  const pairs = withValues && c.reply.proto === 3;
  c.reply.array(withValues && !pairs ? 2 * picked.length : picked.length);
  for (const [field, value] of picked.items) {
    if (pairs) c.reply.array(2);
    c.reply.bulk(field);
    if (withValues) c.reply.bulk(value);
  }
}

/** HSCAN key cursor [MATCH pattern] [COUNT count]: field and value pairs. */
function hscan(c: Client, argv: string[]): void {
  scanGeneric(c, argv, hashForRead);
}

const K1: readonly [number, number, number] = [1, 1, 1];

export const hashCommands: CommandRow[] = [
  { name: 'hset', arity: -4, flags: 'write denyoom fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Set the string value of a hash field', complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.', handler: hset },
  { name: 'hsetnx', arity: 4, flags: 'write denyoom fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Set the value of a hash field, only if the field does not exist', complexity: 'O(1)', handler: hsetnx },
  { name: 'hmset', arity: -4, flags: 'write denyoom fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Set multiple hash fields to multiple values', complexity: 'O(N) where N is the number of fields being set.', handler: hmset },
  { name: 'hget', arity: 3, flags: 'readonly fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get the value of a hash field', complexity: 'O(1)', handler: hget },
  { name: 'hmget', arity: -3, flags: 'readonly fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get the values of all the given hash fields', complexity: 'O(N) where N is the number of fields being requested.', handler: hmget },
  { name: 'hgetall', arity: 2, flags: 'readonly', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get all the fields and values in a hash', complexity: 'O(N) where N is the size of the hash.', handler: hgetall },
  { name: 'hdel', arity: -3, flags: 'write fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Delete one or more hash fields', complexity: 'O(N) where N is the number of fields to be removed.', handler: hdel },
  { name: 'hexists', arity: 3, flags: 'readonly fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Determine if a hash field exists', complexity: 'O(1)', handler: hexists },
  { name: 'hlen', arity: 2, flags: 'readonly fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get the number of fields in a hash', complexity: 'O(1)', handler: hlen },
  { name: 'hkeys', arity: 2, flags: 'readonly', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get all the fields in a hash', complexity: 'O(N) where N is the size of the hash.', handler: hkeys },
  { name: 'hvals', arity: 2, flags: 'readonly', keys: K1, group: 'hash', since: '2.0.0', summary: 'Get all the values in a hash', complexity: 'O(N) where N is the size of the hash.', handler: hvals },
  { name: 'hstrlen', arity: 3, flags: 'readonly fast', keys: K1, group: 'hash', since: '3.2.0', summary: 'Get the length of the value of a hash field', complexity: 'O(1)', handler: hstrlen },
  { name: 'hincrby', arity: 4, flags: 'write denyoom fast', keys: K1, group: 'hash', since: '2.0.0', summary: 'Increment the integer value of a hash field by the given number', complexity: 'O(1)', handler: hincrby },
  { name: 'hincrbyfloat', arity: 4, flags: 'write denyoom fast', keys: K1, group: 'hash', since: '2.6.0', summary: 'Increment the float value of a hash field by the given amount', complexity: 'O(1)', handler: hincrbyfloat },
  { name: 'hrandfield', arity: -2, flags: 'readonly', keys: K1, group: 'hash', since: '6.2.0', summary: 'Get one or multiple random fields from a hash', complexity: 'O(N) where N is the number of fields returned', handler: hrandfield },
  { name: 'hscan', arity: -3, flags: 'readonly', keys: K1, group: 'hash', since: '2.8.0', summary: 'Incrementally iterate hash fields and associated values', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..', handler: hscan },
];
