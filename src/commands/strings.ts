/**
 * String commands, as Redis's t_string.c (bitmaps are in bitmaps.ts). Values are latin1 JS strings,
 * one char per byte. One generic set path (setGeneric) serves SET, SETNX, SETEX, PSETEX, GETSET and
 * MSET; one counter path serves INCR, DECR, INCRBY and DECRBY with exact 64-bit bounds; INCRBYFLOAT
 * computes in an emulated long double (util/longdouble.ts); LCS is Redis's dynamic-programming table.
 * Commands that change a string in place (APPEND, SETRANGE, the counters, the bitmap writers) store
 * it back through Db.written, so the key keeps its TTL.
 *
 * OBJECT ENCODING: Redis stores a string as `int` when SET-like commands receive a 64-bit decimal,
 * `embstr` up to 44 bytes, `raw` beyond, and a string modified in place (APPEND, SETRANGE, SETBIT,
 * BITOP, BITFIELD) or produced by INCRBYFLOAT keeps the form it was built in. Values whose encoding
 * does not follow from their content alone carry a mark (Entry.mark, a few bits of the key's flags
 * that the store clears when the key gets another value); every other string derives its encoding
 * from its content.
 */
import { constants } from 'node:buffer';
import type { Client } from '../net/client';
import type { Entry } from '../store/db';
import type { ByteSpan } from '../store/table';
import type { CommandRow } from './types';
import { INT64_MAX, INT64_MIN, parseInt64, parseInteger } from './args';
import { INVALID_EXPIRE, NOT_FLOAT, NOT_INTEGER, OVERFLOW, SYNTAX_ERROR, WRONGTYPE, arityError } from '../resp/replies';
import { NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from './notify';
import { addLongDouble, formatLongDouble, INFINITE, parseLongDouble } from '../util/longdouble';

/** V8's longest string, chars (2^29 - 24 on 64-bit Node 20). */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;
/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT, bytes. */
const EMBSTR_SIZE_LIMIT = 44;
/** Integers Redis shares between keys (OBJ_SHARED_INTEGERS): OBJECT REFCOUNT reports INT_MAX for them. */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;

// ---------------------------------------------------------------------------------------------
// Encodings

/**
 * How a key's current string was built when its content alone does not say: its encoding, and for
 * an `int` in the shared range whether it is a private copy (refcount 1) rather than Redis's shared
 * integer. Kept in the key's Entry.mark, which the store clears whenever the key gets another value.
 */
interface StringMark {
  encoding: 'int' | 'embstr' | 'raw';
  unshared: boolean;
}

/** Entry.mark: the encoding's index plus one in the low two bits, MARK_UNSHARED above them. */
const MARK_ENCODINGS = ['int', 'embstr', 'raw'] as const;
const MARK_UNSHARED = 4;

function validMark(e: Entry): StringMark | undefined {
  const mark = e.mark;
  if (mark === 0) return undefined;
  return { encoding: MARK_ENCODINGS[(mark & 3) - 1], unshared: (mark & MARK_UNSHARED) !== 0 };
}

function setMark(e: Entry, mark: StringMark): void {
  e.mark = (MARK_ENCODINGS.indexOf(mark.encoding) + 1) | (mark.unshared ? MARK_UNSHARED : 0);
}

/** Records that the key's string was built as `encoding` (APPEND, SETRANGE, SETBIT, BITOP, INCRBYFLOAT). */
export function markEncoding(e: Entry, encoding: 'embstr' | 'raw'): void {
  setMark(e, { encoding, unshared: false });
}

/** The encoding tryObjectEncoding gives a string received from a client. */
function encodingOfContent(s: string): 'int' | 'embstr' | 'raw' {
  if (s.length <= 20 && parseInt64(s) !== null) return 'int';
  return s.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

function isSharedInteger(s: string): boolean {
  if (s.length > 4) return false;
  const n = Number(s);
  return n >= 0 && n < SHARED_INTEGERS;
}

/**
 * A value stored by SET-like commands and counters (tryObjectEncoding): encoded by its content, and
 * a small integer is Redis's shared object unless maxmemory with an LRU or LFU policy forbids
 * sharing at this moment (each key then needs its own access field).
 */
function markStored(c: Client, e: Entry): void {
  // The store cleared the key's mark with its old value; only an unshared integer needs one.
  const memory = c.server.memory;
  if (memory.configuredMaxmemory === 0 || !(memory.policy.endsWith('-lru') || memory.policy.endsWith('-lfu'))) return;
  const value = e.value as string;
  if (encodingOfContent(value) === 'int' && isSharedInteger(value)) setMark(e, { encoding: 'int', unshared: true });
}

/** OBJECT ENCODING of a key holding a string. */
export function stringEncoding(e: Entry): string {
  return validMark(e)?.encoding ?? encodingOfContent(e.value as string);
}

/** OBJECT REFCOUNT of a key holding a string: INT_MAX for a shared integer, else 1. */
export function stringRefcount(e: Entry): number {
  const value = e.value as string;
  const mark = validMark(e);
  const encoding = mark?.encoding ?? encodingOfContent(value);
  return encoding === 'int' && !mark?.unshared && isSharedInteger(value) ? SHARED_REFCOUNT : 1;
}

/**
 * Carries a string's encoding to the key that now holds it: the same object after RENAME or MOVE,
 * a duplicate after COPY (which keeps the encoding but is never shared).
 */
export function copyStringEncoding(from: Entry, to: Entry, duplicate: boolean): void {
  const value = from.value as string;
  const mark = validMark(from);
  const encoding = mark?.encoding ?? encodingOfContent(value);
  if (duplicate) setMark(to, { encoding, unshared: true });
  else if (mark !== undefined) setMark(to, mark);
}

// ---------------------------------------------------------------------------------------------
// Lookups and stores

/** lookupKeyRead + checkType: the entry, undefined when missing, null after a WRONGTYPE reply. */
export function readString(c: Client, key: string): Entry | undefined | null {
  const e = c.db.lookupRead(key);
  if (e !== undefined && !e.isString) {
    c.reply.error(WRONGTYPE);
    return null;
  }
  return e;
}

/** lookupKeyWrite + checkType, as readString. */
export function writeString(c: Client, key: string): Entry | undefined | null {
  const e = c.db.lookupWrite(key);
  if (e !== undefined && !e.isString) {
    c.reply.error(WRONGTYPE);
    return null;
  }
  return e;
}

/** Stores a value computed from the key's old one: in place (TTL kept) or as a new key. */
export function storeString(c: Client, e: Entry | undefined, key: string, value: string): Entry {
  if (e === undefined) return c.db.add(key, value);
  c.db.overwrite(e, value);
  return e;
}

/**
 * Longest string a key may hold, bytes: proto-max-bulk-len as in Redis, but never beyond V8's
 * longest string (2^29 - 24 chars), which is a few bytes short of the 512mb default.
 */
function maxStringLength(c: Client): number {
  return Math.min(c.server.parserLimits.maxBulkLen, MAX_STRING_LENGTH);
}

/** Redis's checkStringLength: a string may not grow past proto-max-bulk-len. */
export function checkStringLength(c: Client, size: number, append: number): boolean {
  if (size + append > maxStringLength(c)) {
    c.reply.error('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// GET and the set path

/** Reused by replies that copy an inline value straight out of the key table. */
const SPAN: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };

/** The key's string value as a bulk reply, copied from the key table when it is held there. */
function replyString(c: Client, e: Entry): void {
  if (e.inlineSpan(SPAN)) c.reply.bulkBytes(SPAN.buf, SPAN.start, SPAN.end);
  else c.reply.bulk(e.value as string);
}

function get(c: Client, argv: string[]): void {
  const e = readString(c, argv[1]);
  if (e === undefined) c.reply.nullBulk();
  else if (e !== null) replyString(c, e);
}

function mget(c: Client, argv: string[]): void {
  c.reply.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const e = c.db.lookupRead(argv[i]);
    if (e === undefined || !e.isString) c.reply.nullBulk();
    else replyString(c, e);
  }
}

/**
 * Redis's getExpireMillisecondsOrReply: an expiry argument in units of `unit` ms, absolute or
 * relative to now, as an absolute ms time; null after replying with Redis's error. Exact over the
 * whole 64-bit range (the result is then a double, as every stored expiry time).
 */
export function parseExpireArg(c: Client, text: string, unit: number, absolute: boolean, cmdName: string): number | null {
  const n = parseInt64(text);
  if (n === null) {
    c.reply.error(NOT_INTEGER);
    return null;
  }
  let ms = n * BigInt(unit);
  if (n <= 0n || ms > INT64_MAX) {
    c.reply.error(INVALID_EXPIRE(cmdName));
    return null;
  }
  if (!absolute) ms += BigInt(c.server.keyspace.clock.nowMs);
  if (ms > INT64_MAX) {
    c.reply.error(INVALID_EXPIRE(cmdName));
    return null;
  }
  return Number(ms);
}

const SET_NX = 1 << 0;
const SET_XX = 1 << 1;
const SET_GET = 1 << 2;
const SET_KEEPTTL = 1 << 3;
const SET_EX = 1 << 4;
const SET_PX = 1 << 5;
const SET_EXAT = 1 << 6;
const SET_PXAT = 1 << 7;
const GETEX_PERSIST = 1 << 8;
/** Reply 1 / 0 instead of OK / nil (SETNX). */
const SET_INT_REPLY = 1 << 9;
const EXPIRE_FLAGS = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

/** One option word of SET or GETEX: what it sets, what it may not follow, whether it takes a time. */
interface ExtendedOption {
  flag: number;
  conflicts: number;
  takesTime: boolean;
  forSet: boolean;
  forGetex: boolean;
}

/** Redis's parseExtendedStringArgumentsOrReply, as a table (an option may repeat itself). */
const EXTENDED_OPTIONS: Record<string, ExtendedOption> = {
  nx: { flag: SET_NX, conflicts: SET_XX, takesTime: false, forSet: true, forGetex: false },
  xx: { flag: SET_XX, conflicts: SET_NX, takesTime: false, forSet: true, forGetex: false },
  get: { flag: SET_GET, conflicts: 0, takesTime: false, forSet: true, forGetex: false },
  keepttl: { flag: SET_KEEPTTL, conflicts: GETEX_PERSIST | EXPIRE_FLAGS, takesTime: false, forSet: true, forGetex: false },
  persist: { flag: GETEX_PERSIST, conflicts: SET_KEEPTTL | EXPIRE_FLAGS, takesTime: false, forSet: false, forGetex: true },
  ex: { flag: SET_EX, conflicts: SET_KEEPTTL | GETEX_PERSIST | SET_PX | SET_EXAT | SET_PXAT, takesTime: true, forSet: true, forGetex: true },
  px: { flag: SET_PX, conflicts: SET_KEEPTTL | GETEX_PERSIST | SET_EX | SET_EXAT | SET_PXAT, takesTime: true, forSet: true, forGetex: true },
  exat: { flag: SET_EXAT, conflicts: SET_KEEPTTL | GETEX_PERSIST | SET_EX | SET_PX | SET_PXAT, takesTime: true, forSet: true, forGetex: true },
  pxat: { flag: SET_PXAT, conflicts: SET_KEEPTTL | GETEX_PERSIST | SET_EX | SET_PX | SET_EXAT, takesTime: true, forSet: true, forGetex: true },
};

/** Parsed options: flags and the expiry argument's text (undefined when none). */
interface ExtendedArgs {
  flags: number;
  expire: string | undefined;
}

function parseExtendedArgs(c: Client, argv: string[], first: number, forSet: boolean): ExtendedArgs | null {
  let flags = 0;
  let expire: string | undefined;
  for (let i = first; i < argv.length; i++) {
    const opt = EXTENDED_OPTIONS[argv[i].toLowerCase()];
    const ok =
      opt !== undefined &&
      (forSet ? opt.forSet : opt.forGetex) &&
      (flags & opt.conflicts) === 0 &&
      (!opt.takesTime || i + 1 < argv.length);
    if (!ok) {
      c.reply.error(SYNTAX_ERROR);
      return null;
    }
    flags |= opt.flag;
    if (opt.takesTime) expire = argv[++i];
  }
  return { flags, expire };
}

/** The expiry of parsed options as an absolute ms time, 0 when none, null after an error reply. */
function expireOfArgs(c: Client, args: ExtendedArgs, cmdName: string): number | null {
  if (args.expire === undefined) return 0;
  const seconds = (args.flags & (SET_EX | SET_EXAT)) !== 0;
  const absolute = (args.flags & (SET_EXAT | SET_PXAT)) !== 0;
  return parseExpireArg(c, args.expire, seconds ? 1000 : 1, absolute, cmdName);
}

/**
 * The one set path (Redis's setGenericCommand): SET's semantics given its flags and an absolute
 * expiry in ms (0 for none). With SET_GET the old value is the reply.
 */
function setGeneric(c: Client, key: string, value: string, flags: number, expireAt: number): void {
  if (flags & SET_GET) {
    const old = readString(c, key);
    if (old === null) return;
    c.reply.bulkOrNull(old?.value as string | undefined);
  }
  // Without NX or XX nothing depends on the key's existence: setKey expires and touches it itself.
  const existing = flags & (SET_NX | SET_XX) ? c.db.lookupWrite(key) : undefined;
  if ((flags & SET_NX && existing !== undefined) || (flags & SET_XX && existing === undefined)) {
    if (flags & SET_INT_REPLY) c.reply.int(0);
    else if (!(flags & SET_GET)) c.reply.nullBulk();
    return;
  }
  const e = c.db.setKey(key, value, (flags & SET_KEEPTTL) !== 0);
  markStored(c, e);
  notifyKeyspaceEvent(NOTIFY_STRING, 'set', key, c.db.id);
  if (expireAt !== 0) {
    c.db.setExpire(e, expireAt);
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, c.db.id);
  }
  if (flags & SET_INT_REPLY) c.reply.int(1);
  else if (!(flags & SET_GET)) c.reply.ok();
}

/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL] */
function set(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    setGeneric(c, argv[1], argv[2], 0, 0);
    return;
  }
  const args = parseExtendedArgs(c, argv, 3, true);
  if (args === null) return;
  const expireAt = expireOfArgs(c, args, 'set');
  if (expireAt === null) return;
  setGeneric(c, argv[1], argv[2], args.flags, expireAt);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, argv[1], argv[2], SET_NX | SET_INT_REPLY, 0);
}

/** SETEX key seconds value and PSETEX key ms value: `unit` is the argument's unit in ms. */
function setexGeneric(c: Client, argv: string[], unit: number): void {
  const expireAt = parseExpireArg(c, argv[2], unit, false, argv[0].toLowerCase());
  if (expireAt === null) return;
  setGeneric(c, argv[1], argv[3], 0, expireAt);
}

function getset(c: Client, argv: string[]): void {
  setGeneric(c, argv[1], argv[2], SET_GET, 0);
}

/** MSET and MSETNX: `nx` refuses the whole batch when any key exists. */
function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.reply.error(arityError(argv[0].toLowerCase()));
    return;
  }
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) {
      if (c.db.lookupWrite(argv[i]) !== undefined) {
        c.reply.int(0);
        return;
      }
    }
  }
  for (let i = 1; i < argv.length; i += 2) {
    markStored(c, c.db.setKey(argv[i], argv[i + 1]));
    notifyKeyspaceEvent(NOTIFY_STRING, 'set', argv[i], c.db.id);
  }
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function getdel(c: Client, argv: string[]): void {
  const e = readString(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    c.reply.nullBulk();
    return;
  }
  c.reply.bulk(e.value as string);
  c.db.delete(argv[1]);
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', argv[1], c.db.id);
}

/** GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST] */
function getex(c: Client, argv: string[]): void {
  const args = parseExtendedArgs(c, argv, 2, false);
  if (args === null) return;
  const e = readString(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    c.reply.nullBulk();
    return;
  }
  const expireAt = expireOfArgs(c, args, 'getex');
  if (expireAt === null) return;
  c.reply.bulk(e.value as string);
  const key = argv[1];
  if (args.flags & (SET_EXAT | SET_PXAT) && expireAt <= c.server.keyspace.clock.nowMs) {
    c.db.delete(key);
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  } else if (expireAt !== 0) {
    c.db.setExpire(e, expireAt);
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, c.db.id);
  } else if (args.flags & GETEX_PERSIST && c.db.persist(e)) {
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'persist', key, c.db.id);
  }
}

// ---------------------------------------------------------------------------------------------
// Lengths, ranges, APPEND

function strlen(c: Client, argv: string[]): void {
  const e = readString(c, argv[1]);
  if (e !== null) c.reply.int(e === undefined ? 0 : (e.value as string).length);
}

function append(c: Client, argv: string[]): void {
  const e = writeString(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    const created = c.db.add(argv[1], argv[2]);
    markStored(c, created);
    c.reply.int(argv[2].length);
  } else {
    const old = e.value as string;
    if (!checkStringLength(c, old.length, argv[2].length)) return;
    markEncoding(storeString(c, e, argv[1], old + argv[2]), 'raw');
    c.reply.int(old.length + argv[2].length);
  }
  notifyKeyspaceEvent(NOTIFY_STRING, 'append', argv[1], c.db.id);
}

/** Parses a 64-bit integer argument, replying with Redis's error when it is not one. */
export function intArg(c: Client, text: string): number | null {
  const n = parseInteger(text);
  if (n === null) c.reply.error(NOT_INTEGER);
  return n;
}

/** GETRANGE key start end (and SUBSTR): inclusive, negative indexes count from the end. */
function getrange(c: Client, argv: string[]): void {
  let start = intArg(c, argv[2]);
  if (start === null) return;
  let end = intArg(c, argv[3]);
  if (end === null) return;
  const e = readString(c, argv[1]);
  if (e === null) return;
  const s = e === undefined ? '' : (e.value as string);
  if (e === undefined || (start < 0 && end < 0 && start > end)) {
    c.reply.bulk('');
    return;
  }
  const len = s.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  c.reply.bulk(start > end || len === 0 ? '' : s.slice(start, end + 1));
}

function setrange(c: Client, argv: string[]): void {
  const offset = intArg(c, argv[2]);
  if (offset === null) return;
  if (offset < 0) {
    c.reply.error('ERR offset is out of range');
    return;
  }
  const value = argv[3];
  const e = writeString(c, argv[1]);
  if (e === null) return;
  const old = e === undefined ? '' : (e.value as string);
  if (value.length === 0) {
    c.reply.int(old.length);
    return;
  }
  if (!checkStringLength(c, offset, value.length)) return;
  const head = old.length >= offset ? old.slice(0, offset) : old + '\0'.repeat(offset - old.length);
  const stored = storeString(c, e, argv[1], head + value + old.slice(offset + value.length));
  markEncoding(stored, 'raw');
  notifyKeyspaceEvent(NOTIFY_STRING, 'setrange', argv[1], c.db.id);
  c.reply.int((stored.value as string).length);
}

// ---------------------------------------------------------------------------------------------
// Counters

/** The one counter path (incrDecrCommand): adds `incr` with exact 64-bit overflow checks. */
/** Increments whose operands and result stay below 2^53 are exact in doubles: no BigInt needed. */
const SAFE_OPERAND = 2 ** 52;
const SAFE_OPERAND_N = BigInt(SAFE_OPERAND);

function incrDecr(c: Client, key: string, incr: bigint): void {
  const e = writeString(c, key);
  if (e === null) return;
  if (incr >= -SAFE_OPERAND_N && incr <= SAFE_OPERAND_N) {
    const current = e === undefined ? 0 : e.value.length <= 15 ? parseInteger(e.value as string) : null;
    if (current !== null && current >= -SAFE_OPERAND && current <= SAFE_OPERAND) {
      const result = current + Number(incr);
      markStored(c, storeString(c, e, key, String(result)));
      notifyKeyspaceEvent(NOTIFY_STRING, 'incrby', key, c.db.id);
      c.reply.int(result);
      return;
    }
  }
  let value = 0n;
  if (e !== undefined) {
    const parsed = parseInt64(e.value as string);
    if (parsed === null) {
      c.reply.error(NOT_INTEGER);
      return;
    }
    value = parsed;
  }
  const result = value + incr;
  if (result > INT64_MAX || result < INT64_MIN) {
    c.reply.error(OVERFLOW);
    return;
  }
  markStored(c, storeString(c, e, key, result.toString()));
  notifyKeyspaceEvent(NOTIFY_STRING, 'incrby', key, c.db.id);
  c.reply.int(result >= -9007199254740991n && result <= 9007199254740991n ? Number(result) : result);
}

export function int64Arg(c: Client, text: string): bigint | null {
  const n = parseInt64(text);
  if (n === null) c.reply.error(NOT_INTEGER);
  return n;
}

function incrby(c: Client, argv: string[]): void {
  const n = int64Arg(c, argv[2]);
  if (n !== null) incrDecr(c, argv[1], n);
}

function decrby(c: Client, argv: string[]): void {
  const n = int64Arg(c, argv[2]);
  if (n === null) return;
  if (n === INT64_MIN) {
    c.reply.error('ERR decrement would overflow');
    return;
  }
  incrDecr(c, argv[1], -n);
}

function incrbyfloat(c: Client, argv: string[]): void {
  const e = writeString(c, argv[1]);
  if (e === null) return;
  const value = e === undefined ? { m: 0n, e: 0 } : parseLongDouble(e.value as string);
  const incr = value === null ? null : parseLongDouble(argv[2]);
  if (value === null || incr === null) {
    c.reply.error(NOT_FLOAT);
    return;
  }
  const sum = value === INFINITE || incr === INFINITE ? INFINITE : addLongDouble(value, incr);
  if (sum === INFINITE) {
    c.reply.error('ERR increment would produce NaN or Infinity');
    return;
  }
  const text = formatLongDouble(sum);
  const stored = storeString(c, e, argv[1], text);
  markEncoding(stored, text.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw');
  notifyKeyspaceEvent(NOTIFY_STRING, 'incrbyfloat', argv[1], c.db.id);
  c.reply.bulk(text);
}

// ---------------------------------------------------------------------------------------------
// LCS

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: Redis's dynamic-programming table of
 * LCS lengths (one uint32 per pair of prefixes, refused beyond proto-max-bulk-len bytes), walked
 * back from the end to build the subsequence and, with IDX, its matching ranges, last first.
 */
function lcs(c: Client, argv: string[]): void {
  const ea = c.db.lookupRead(argv[1]);
  const eb = c.db.lookupRead(argv[2]);
  if ((ea !== undefined && typeof ea.value !== 'string') || (eb !== undefined && typeof eb.value !== 'string')) {
    c.reply.error('ERR The specified keys must contain string values');
    return;
  }
  const a = ea === undefined ? '' : (ea.value as string);
  const b = eb === undefined ? '' : (eb.value as string);
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'idx') getIdx = true;
    else if (opt === 'len') getLen = true;
    else if (opt === 'withmatchlen') withMatchLen = true;
    else if (opt === 'minmatchlen' && i + 1 < argv.length) {
      const n = intArg(c, argv[++i]);
      if (n === null) return;
      minMatchLen = Math.max(0, n);
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  if (getIdx && getLen) {
    c.reply.error('ERR If you want both the length and indexes, please just use IDX.');
    return;
  }
  const alen = a.length;
  const blen = b.length;
  const width = blen + 1;
  if ((alen + 1) * width * 4 > c.server.parserLimits.maxBulkLen) {
    c.reply.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  // table[i * width + j]: length of the LCS of a[0..i) and b[0..j).
  const table = new Uint32Array((alen + 1) * width);
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      const at = i * width + j;
      if (ca === b.charCodeAt(j - 1)) table[at] = table[at - width - 1] + 1;
      else table[at] = Math.max(table[at - width], table[at - 1]);
    }
  }
  const total = table[alen * width + blen];
  if (getLen) {
    c.reply.int(total);
    return;
  }
  const chars: string[] = new Array<string>(total);
  const ranges: number[][] = [];
  // The current range, in a and b; aStart === alen means no range is open.
  let aStart = alen;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let idx = total;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      chars[--idx] = a[i - 1];
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j] > table[i * width + j - 1]) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push([aStart, aEnd, bStart, bEnd, matchLen]);
      aStart = alen;
    }
  }
  if (!getIdx) {
    c.reply.bulk(chars.join(''));
    return;
  }
  c.reply.map(2);
  c.reply.bulk('matches');
  c.reply.array(ranges.length);
  for (const [as, ae, bs, be, len] of ranges) {
    c.reply.array(withMatchLen ? 3 : 2);
    c.reply.array(2);
    c.reply.int(as);
    c.reply.int(ae);
    c.reply.array(2);
    c.reply.int(bs);
    c.reply.int(be);
    if (withMatchLen) c.reply.int(len);
  }
  c.reply.bulk('len');
  c.reply.int(total);
}

const ONE_KEY = [1, 1, 1] as const;

export const stringCommands: CommandRow[] = [
  { name: 'get', arity: 2, flags: 'readonly fast', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Get the value of a key', complexity: 'O(1)', handler: get },
  { name: 'set', arity: -3, flags: 'write denyoom', keySpecFlags: 'RW access update variable_flags', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Set the string value of a key', complexity: 'O(1)', handler: set },
  { name: 'setnx', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'OW insert', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Set the value of a key, only if the key does not exist', complexity: 'O(1)', handler: setnx },
  { name: 'setex', arity: 4, flags: 'write denyoom', keySpecFlags: 'OW update', keys: ONE_KEY, group: 'string', since: '2.0.0', summary: 'Set the value and expiration of a key', complexity: 'O(1)', handler: (c, argv) => setexGeneric(c, argv, 1000) },
  { name: 'psetex', arity: 4, flags: 'write denyoom', keySpecFlags: 'OW update', keys: ONE_KEY, group: 'string', since: '2.6.0', summary: 'Set the value and expiration in milliseconds of a key', complexity: 'O(1)', handler: (c, argv) => setexGeneric(c, argv, 1) },
  { name: 'getset', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Set the string value of a key and return its old value', complexity: 'O(1)', handler: getset },
  { name: 'mget', arity: -2, flags: 'readonly fast', tips: 'request_policy:multi_shard', keys: [1, -1, 1], group: 'string', since: '1.0.0', summary: 'Get the values of all the given keys', complexity: 'O(N) where N is the number of keys to retrieve.', handler: mget },
  { name: 'mset', arity: -3, flags: 'write denyoom', tips: 'request_policy:multi_shard response_policy:all_succeeded', keySpecFlags: 'OW update', keys: [1, -1, 2], group: 'string', since: '1.0.1', summary: 'Set multiple keys to multiple values', complexity: 'O(N) where N is the number of keys to set.', handler: (c, argv) => msetGeneric(c, argv, false) },
  { name: 'msetnx', arity: -3, flags: 'write denyoom', tips: 'request_policy:multi_shard response_policy:agg_min', keySpecFlags: 'OW insert', keys: [1, -1, 2], group: 'string', since: '1.0.1', summary: 'Set multiple keys to multiple values, only if none of the keys exist', complexity: 'O(N) where N is the number of keys to set.', handler: (c, argv) => msetGeneric(c, argv, true) },
  { name: 'getdel', arity: 2, flags: 'write fast', keySpecFlags: 'RW access delete', keys: ONE_KEY, group: 'string', since: '6.2.0', summary: 'Get the value of a key and delete the key', complexity: 'O(1)', handler: getdel },
  { name: 'getex', arity: -2, flags: 'write fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '6.2.0', summary: 'Get the value of a key and optionally set its expiration', complexity: 'O(1)', handler: getex },
  { name: 'append', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'RW insert', keys: ONE_KEY, group: 'string', since: '2.0.0', summary: 'Append a value to a key', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.', handler: append },
  { name: 'strlen', arity: 2, flags: 'readonly fast', keySpecFlags: 'RO', keys: ONE_KEY, group: 'string', since: '2.2.0', summary: 'Get the length of the value stored in a key', complexity: 'O(1)', handler: strlen },
  { name: 'incr', arity: 2, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Increment the integer value of a key by one', complexity: 'O(1)', handler: (c, argv) => incrDecr(c, argv[1], 1n) },
  { name: 'decr', arity: 2, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Decrement the integer value of a key by one', complexity: 'O(1)', handler: (c, argv) => incrDecr(c, argv[1], -1n) },
  { name: 'incrby', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Increment the integer value of a key by the given amount', complexity: 'O(1)', handler: incrby },
  { name: 'decrby', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Decrement the integer value of a key by the given number', complexity: 'O(1)', handler: decrby },
  { name: 'incrbyfloat', arity: 3, flags: 'write denyoom fast', keySpecFlags: 'RW access update', keys: ONE_KEY, group: 'string', since: '2.6.0', summary: 'Increment the float value of a key by the given amount', complexity: 'O(1)', handler: incrbyfloat },
  { name: 'getrange', arity: 4, flags: 'readonly', keys: ONE_KEY, group: 'string', since: '2.4.0', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', handler: getrange },
  { name: 'substr', arity: 4, flags: 'readonly', keys: ONE_KEY, group: 'string', since: '1.0.0', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', handler: getrange },
  { name: 'setrange', arity: 4, flags: 'write denyoom', keys: ONE_KEY, group: 'string', since: '2.2.0', summary: 'Overwrite part of a string at key starting at the specified offset', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.', handler: setrange },
  { name: 'lcs', arity: -3, flags: 'readonly', keys: [1, 2, 1], group: 'string', since: '7.0.0', summary: 'Find longest common substring', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcs },
];
