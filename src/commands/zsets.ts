/**
 * Sorted set commands (Redis's t_zset.c). Each family has one generic path: zaddGeneric serves ZADD
 * and ZINCRBY; zrangeGeneric every ZRANGE form and ZRANGESTORE (select nodes by rank, or by a score
 * or lex RangeSpec, then reply or store them); zremrangeGeneric the three ZREMRANGEBY*; popFrom pops
 * and replies for ZPOPMIN, ZPOPMAX, ZMPOP and, at once or when a key becomes ready (blocking.ts),
 * BZPOPMIN, BZPOPMAX, BZMPOP; zsetopGeneric ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD.
 * Argument parsing follows Redis's order of checks, so the same malformed command fails with the
 * same error.
 *
 * Scores are doubles printed with %.17g (numbers.ts), in ZSCAN too.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import type { Db, Entry } from '../store/db';
import { parseInt64, parseInteger } from './args';
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_ZSET } from './notify';
import { NOT_INTEGER, NOT_FLOAT, SYNTAX_ERROR, WRONGTYPE } from '../resp/replies';
import { LexBound, LexRange, RangeSpec, ScoreRange, ZEntry } from '../store/skiplist';
import {
  ZSet,
  ZsetLimits,
  ZADD_IN_GT,
  ZADD_IN_INCR,
  ZADD_IN_LT,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
} from '../store/zset';
import { compileGlob } from '../util/glob';
import { RedisSet } from '../store/set';
import { formatDouble } from '../resp/numbers';
import { BlockHandler, blockForKeys, parseTimeout } from './blocking';

const NAN_ERROR = 'ERR resulting score is not a number (NaN)';
const MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
const MIN_MAX_NOT_LEX = 'ERR min or max not valid string range item';
const NOT_POSITIVE = 'ERR value is out of range, must be positive';
const INVALID_CURSOR = 'ERR invalid cursor';
const LONG_MAX = 2n ** 63n - 1n;
/** ZRANDMEMBER draws distinct members at random below size / 3 of them, else shuffles (as Redis). */
const ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** C's isspace, which strtod and strtoul skip before a number. */
const LEADING_SPACE = /^[ \t\n\v\f\r]+/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;

/**
 * glibc strtod over the whole text (leading spaces allowed, nothing may follow): decimal, inf,
 * infinity, C99 hex floats; NaN for "nan" forms and for text strtod does not fully consume.
 * The empty text is 0, as strtod converting nothing leaves the end pointer on the terminator.
 */
function strtod(text: string): number {
  if (text.length === 0) return 0;
  const s = text.replace(LEADING_SPACE, '');
  if (DECIMAL.test(s)) return Number(s);
  const inf = INFINITY.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = HEX_FLOAT.exec(s);
  if (hex === null || (hex[2] === '' && (hex[3] === undefined || hex[3] === ''))) return NaN;
  const frac = hex[3] ?? '';
  const mantissa = parseInt((hex[2] + frac) || '0', 16);
  const value = mantissa * 2 ** (Number(hex[4] ?? 0) - 4 * frac.length);
  return hex[1] === '-' ? -value : value;
}

/**
 * Redis's getDoubleFromObject: the whole text is a double, without leading space, not NaN, and not
 * out of range (an overflow to infinity or an underflow to zero of a literal that is neither).
 */
function getDouble(text: string): number | null {
  if (text.length === 0 || LEADING_SPACE.test(text)) return null;
  const d = strtod(text);
  if (Number.isNaN(d)) return null;
  if (!Number.isFinite(d) && !INFINITY.test(text)) return null;
  if (d === 0 && /[1-9]/.test(text.replace(/[eEpP].*$/, '').replace(/^[+-]?0[xX]/, ''))) return null;
  return d;
}

/** Redis's zslParseRange: "(" makes an end exclusive; null when an end is not a float. */
function parseScoreRange(minText: string, maxText: string): ScoreRange | null {
  const minex = minText[0] === '(';
  const maxex = maxText[0] === '(';
  const min = strtod(minex ? minText.slice(1) : minText);
  const max = strtod(maxex ? maxText.slice(1) : maxText);
  if (Number.isNaN(min) || Number.isNaN(max)) return null;
  return new ScoreRange(min, max, minex, maxex);
}

const LEX_MINUS: LexBound = { inf: -1, value: '', ex: true };
const LEX_PLUS: LexBound = { inf: 1, value: '', ex: true };

/** Redis's zslParseLexRangeItem: "-", "+", "(str" or "[str"; null otherwise. */
function parseLexBound(text: string): LexBound | null {
  switch (text[0]) {
    case '+':
      return text.length === 1 ? LEX_PLUS : null;
    case '-':
      return text.length === 1 ? LEX_MINUS : null;
    case '(':
      return { inf: 0, value: text.slice(1), ex: true };
    case '[':
      return { inf: 0, value: text.slice(1), ex: false };
    default:
      return null;
  }
}

function parseLexRange(minText: string, maxText: string): LexRange | null {
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  return min === null || max === null ? null : new LexRange(min, max);
}

/** getLongFromObjectOrReply: a 64-bit integer, or null after replying the error. */
function getLongOrReply(c: Client, text: string, error = NOT_INTEGER): number | null {
  const n = parseInteger(text);
  if (n === null) c.reply.error(error);
  return n;
}

/**
 * getRangeLongFromObjectOrReply(min..LONG_MAX): null after replying `error`, or without one Redis's
 * default wordings (not an integer / out of range between the bounds).
 */
function getRangeLongOrReply(c: Client, text: string, min: bigint, error: string | undefined): number | null {
  const n = parseInt64(text);
  if (n === null) {
    c.reply.error(error ?? NOT_INTEGER);
    return null;
  }
  if (n < min) {
    c.reply.error(error ?? `ERR value is out of range, value must between ${min} and 9223372036854775807`);
    return null;
  }
  return Number(n);
}

/** getPositiveLongFromObjectOrReply: its one wording serves a non-integer too. */
function getPositiveLongOrReply(c: Client, text: string, error = NOT_POSITIVE): number | null {
  return getRangeLongOrReply(c, text, 0n, error);
}

function limitsOf(c: Client): ZsetLimits {
  const config = c.server.config;
  return { entries: config.int('zset-max-listpack-entries'), value: config.int('zset-max-listpack-value') };
}

/**
 * The sorted set at `key` for reading: the ZSet, undefined when the key is missing, or null after
 * replying WRONGTYPE.
 */
function zsetForRead(c: Client, key: string): ZSet | undefined | null {
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.value instanceof ZSet) return e.value;
  c.reply.error(WRONGTYPE);
  return null;
}

/** Replies entries as Redis's range replies: flat [m, s, ...] in RESP2, [[m, s], ...] in RESP3. */
function replyNodes(c: Client, nodes: readonly ZEntry[], withscores: boolean): void {
  const nested = withscores && c.reply.proto === 3;
  c.reply.array(withscores && !nested ? nodes.length * 2 : nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    if (nested) c.reply.array(2);
    c.reply.bulk(nodes[i].ele);
    if (withscores) c.reply.double(nodes[i].score);
  }
}

/**
 * The one store path (ZRANGESTORE, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE): a non-empty result
 * replaces dst and is announced with `event`; an empty one deletes dst. Replies the result size.
 */
function storeResult(c: Client, dst: string, result: ZSet, event: string): void {
  if (result.length > 0) {
    result.fitEncoding(limitsOf(c));
    c.db.setKey(dst, result);
    c.reply.int(result.length);
    notifyKeyspaceEvent(NOTIFY_ZSET, event, dst, c.db.id);
  } else {
    c.reply.int(0);
    if (c.db.delete(dst)) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dst, c.db.id);
  }
}

/** After removals from e's set: re-charges it, deletes it when emptied (announcing "del"). */
function removedFrom(db: Db, e: Entry, event: string): void {
  const emptied = (e.value as ZSet).length === 0;
  notifyKeyspaceEvent(NOTIFY_ZSET, event, e.key, db.id);
  db.written(e);
  if (emptied) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', e.key, db.id);
}

// ---------------------------------------------------------------------------------------------
// ZADD, ZINCRBY

/** ZADD's options and their ZADD_IN_* bits; CH has none (it only changes the reply). */
const ZADD_OPTIONS = new Map<string, number>([
  ['nx', ZADD_IN_NX],
  ['xx', ZADD_IN_XX],
  ['gt', ZADD_IN_GT],
  ['lt', ZADD_IN_LT],
  ['incr', ZADD_IN_INCR],
  ['ch', 0],
]);

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ...; ZINCRBY key increment member (flags INCR). */
function zaddGeneric(c: Client, argv: string[], flags: number): void {
  const key = argv[1];
  let ch = false;
  let scoreidx = 2;
  for (; scoreidx < argv.length; scoreidx++) {
    const opt = argv[scoreidx].toLowerCase();
    const bit = ZADD_OPTIONS.get(opt);
    if (bit === undefined) break;
    if (opt === 'ch') ch = true;
    flags |= bit;
  }
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  const pairs = argv.length - scoreidx;
  if (pairs === 0 || pairs % 2 !== 0) return c.reply.error(SYNTAX_ERROR);
  const elements = pairs / 2;
  if (nx && xx) return c.reply.error('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) return c.reply.error('ERR GT, LT, and/or NX options at the same time are not compatible');
  if (incr && elements > 1) return c.reply.error('ERR INCR option supports a single increment-element pair');
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const d = getDouble(argv[scoreidx + 2 * j]);
    if (d === null) return c.reply.error(NOT_FLOAT);
    scores.push(d);
  }
  let e = c.db.lookupWrite(key);
  if (e !== undefined && !(e.value instanceof ZSet)) return c.reply.error(WRONGTYPE);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let failed = false;
  const result = { score: 0 };
  if (e !== undefined || !xx) {
    if (e === undefined) e = c.db.add(key, new ZSet());
    const zs = e.value as ZSet;
    const limits = limitsOf(c);
    for (let j = 0; j < elements && !failed; j++) {
      const out = zs.add(scores[j], argv[scoreidx + 2 * j + 1], flags, limits, result);
      if (out & ZADD_OUT_ADDED) added++;
      if (out & ZADD_OUT_UPDATED) updated++;
      if (!(out & (ZADD_OUT_NOP | ZADD_OUT_NAN))) processed++;
      failed = (out & ZADD_OUT_NAN) !== 0;
    }
    if (added + updated > 0) {
      c.db.written(e);
      notifyKeyspaceEvent(NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key, c.db.id);
    } else if (zs.length === 0) {
      c.db.written(e);
    }
  }
  if (failed) c.reply.error(NAN_ERROR);
  else if (!incr) c.reply.int(ch ? added + updated : added);
  else if (processed > 0) c.reply.double(result.score);
  else c.reply.nullBulk();
}

function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, ZADD_IN_INCR);
}

// ---------------------------------------------------------------------------------------------
// Point reads and removals

function zrem(c: Client, argv: string[]): void {
  const e = c.db.lookupWrite(argv[1]);
  if (e === undefined) return c.reply.int(0);
  if (!(e.value instanceof ZSet)) return c.reply.error(WRONGTYPE);
  const zs = e.value;
  let deleted = 0;
  for (let i = 2; i < argv.length && zs.length > 0; i++) if (zs.remove(argv[i])) deleted++;
  if (deleted > 0) removedFrom(c.db, e, 'zrem');
  c.reply.int(deleted);
}

function zscore(c: Client, argv: string[]): void {
  const zs = zsetForRead(c, argv[1]);
  if (zs === null) return;
  const score = zs?.score(argv[2]);
  if (score === undefined) c.reply.nullBulk();
  else c.reply.double(score);
}

function zmscore(c: Client, argv: string[]): void {
  const zs = zsetForRead(c, argv[1]);
  if (zs === null) return;
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const score = zs?.score(argv[i]);
    if (score === undefined) c.reply.nullBulk();
    else c.reply.double(score);
  }
}

function zcard(c: Client, argv: string[]): void {
  const zs = zsetForRead(c, argv[1]);
  if (zs !== null) c.reply.int(zs?.length ?? 0);
}

/** ZCOUNT and ZLEXCOUNT: the range is parsed before the key is looked up. */
function countGeneric(c: Client, argv: string[], range: RangeSpec | null, error: string): void {
  if (range === null) return c.reply.error(error);
  const zs = zsetForRead(c, argv[1]);
  if (zs !== null) c.reply.int(zs === undefined ? 0 : zs.countInRange(range));
}

function zcount(c: Client, argv: string[]): void {
  countGeneric(c, argv, parseScoreRange(argv[2], argv[3]), MIN_MAX_NOT_FLOAT);
}

function zlexcount(c: Client, argv: string[]): void {
  countGeneric(c, argv, parseLexRange(argv[2], argv[3]), MIN_MAX_NOT_LEX);
}

function rankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const zs = zsetForRead(c, argv[1]);
  if (zs === null) return;
  const rank = zs === undefined ? -1 : zs.rankOf(argv[2], reverse);
  if (rank < 0) c.reply.nullBulk();
  else c.reply.int(rank);
}

function zrank(c: Client, argv: string[]): void {
  rankGeneric(c, argv, false);
}

function zrevrank(c: Client, argv: string[]): void {
  rankGeneric(c, argv, true);
}

// ---------------------------------------------------------------------------------------------
// Ranges: ZRANGE and its older forms, ZRANGESTORE

const enum RangeType {
  Auto,
  Rank,
  Score,
  Lex,
}

const enum Direction {
  Auto,
  Forward,
  Reverse,
}

/** Entries of 0-based ranks start..end (negative from the end), in order or reversed (genericZrangebyrankCommand). */
function selectByRank(zs: ZSet, start: number, end: number, reverse: boolean): ZEntry[] {
  const llen = zs.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return [];
  if (end >= llen) end = llen - 1;
  return zs.range(start, end, reverse);
}

/**
 * Nodes in a score or lex range after skipping `offset`, at most `limit` of them (negative: all),
 * from the low end or the high end (genericZrangebyscoreCommand / genericZrangebylexCommand).
 * A negative offset selects nothing, as Redis's skip loop runs off the end.
 */
function selectByRange(zs: ZSet, range: RangeSpec, offset: number, limit: number, reverse: boolean): ZEntry[] {
  if (offset < 0 || (offset > 0 && offset >= zs.length)) return [];
  return zs.rangeIn(range, offset, limit, reverse);
}

/** A new set holding the given entries' members and scores, built as a skiplist (storeResult fits it). */
function zsetFromNodes(nodes: readonly ZEntry[]): ZSet {
  const zs = new ZSet('skiplist');
  for (const n of nodes) zs.insertNew(n.ele, n.score);
  return zs;
}

/**
 * zrangeGenericCommand: `argvStart` is the source key's index; `dst` the destination for
 * ZRANGESTORE. The command's own form fixes `type` and `direction`, or leaves them Auto for the
 * BYSCORE / BYLEX / REV options to choose.
 */
function zrangeGeneric(c: Client, argv: string[], argvStart: number, dst: string | undefined, type: RangeType, direction: Direction): void {
  let minidx = argvStart + 1;
  let maxidx = argvStart + 2;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  let limitGiven = false;
  for (let j = argvStart + 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const left = argv.length - j - 1;
    if (dst === undefined && opt === 'withscores') withscores = true;
    else if (opt === 'limit' && left >= 2) {
      const o = getLongOrReply(c, argv[j + 1]);
      if (o === null) return;
      const l = getLongOrReply(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      limitGiven = l !== -1;
      j += 2;
    } else if (direction === Direction.Auto && opt === 'rev') direction = Direction.Reverse;
    else if (type === RangeType.Auto && opt === 'bylex') type = RangeType.Lex;
    else if (type === RangeType.Auto && opt === 'byscore') type = RangeType.Score;
    else return c.reply.error(SYNTAX_ERROR);
  }
  if (direction === Direction.Auto) direction = Direction.Forward;
  if (type === RangeType.Auto) type = RangeType.Rank;
  if (limitGiven && type === RangeType.Rank) return c.reply.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  if (withscores && type === RangeType.Lex) return c.reply.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  const reverse = direction === Direction.Reverse;
  if (reverse && type !== RangeType.Rank) [minidx, maxidx] = [maxidx, minidx];

  let range: RangeSpec | null = null;
  let start = 0;
  let end = 0;
  if (type === RangeType.Rank) {
    const s = getLongOrReply(c, argv[minidx]);
    if (s === null) return;
    const e = getLongOrReply(c, argv[maxidx]);
    if (e === null) return;
    start = s;
    end = e;
  } else {
    range = type === RangeType.Score ? parseScoreRange(argv[minidx], argv[maxidx]) : parseLexRange(argv[minidx], argv[maxidx]);
    if (range === null) return c.reply.error(type === RangeType.Score ? MIN_MAX_NOT_FLOAT : MIN_MAX_NOT_LEX);
  }

  const zs = zsetForRead(c, argv[argvStart]);
  if (zs === null) return;
  const nodes = zs === undefined ? [] : range === null ? selectByRank(zs, start, end, reverse) : selectByRange(zs, range, offset, limit, reverse);
  if (dst !== undefined) storeResult(c, dst, zsetFromNodes(nodes), 'zrangestore');
  else replyNodes(c, nodes, withscores);
}

function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Auto, Direction.Auto);
}

function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1], RangeType.Auto, Direction.Auto);
}

function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Rank, Direction.Reverse);
}

function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Score, Direction.Forward);
}

function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Score, Direction.Reverse);
}

function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Lex, Direction.Forward);
}

function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, undefined, RangeType.Lex, Direction.Reverse);
}

// ---------------------------------------------------------------------------------------------
// ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX

function zremrangeGeneric(c: Client, argv: string[], type: RangeType.Rank | RangeType.Score | RangeType.Lex): void {
  let range: RangeSpec | null = null;
  let start = 0;
  let end = 0;
  if (type === RangeType.Rank) {
    const s = getLongOrReply(c, argv[2]);
    if (s === null) return;
    const e = getLongOrReply(c, argv[3]);
    if (e === null) return;
    start = s;
    end = e;
  } else {
    range = type === RangeType.Score ? parseScoreRange(argv[2], argv[3]) : parseLexRange(argv[2], argv[3]);
    if (range === null) return c.reply.error(type === RangeType.Score ? MIN_MAX_NOT_FLOAT : MIN_MAX_NOT_LEX);
  }
  const e = c.db.lookupWrite(argv[1]);
  if (e === undefined) return c.reply.int(0);
  if (!(e.value instanceof ZSet)) return c.reply.error(WRONGTYPE);
  const zs = e.value;
  let deleted: number;
  if (range !== null) {
    deleted = zs.removeRange(range);
  } else {
    const llen = zs.length;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return c.reply.int(0);
    if (end >= llen) end = llen - 1;
    deleted = zs.removeRangeByRank(start, end);
  }
  if (deleted > 0) removedFrom(c.db, e, type === RangeType.Rank ? 'zremrangebyrank' : type === RangeType.Score ? 'zremrangebyscore' : 'zremrangebylex');
  c.reply.int(deleted);
}

function zremrangebyrank(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Rank);
}

function zremrangebyscore(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Score);
}

function zremrangebylex(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RangeType.Lex);
}

// ---------------------------------------------------------------------------------------------
// Pops: ZPOPMIN, ZPOPMAX, ZMPOP, BZPOPMIN, BZPOPMAX, BZMPOP

/** What a pop takes and how it answers (genericZpopCommand's arguments). */
interface PopSpec {
  readonly max: boolean;
  /** -1: a single pop without COUNT. */
  readonly count: number;
  /** The reply starts with the key (ZMPOP and the blocking forms). */
  readonly emitKey: boolean;
  /** Each member is a [member, score] pair (ZMPOP, BZMPOP, and ZPOP with COUNT in RESP3). */
  readonly nested: boolean;
}

/** Pops from the non-empty set of entry e in db and writes the whole reply, in Redis's shapes. */
function popFrom(c: Client, db: Db, e: Entry, spec: PopSpec): void {
  const zs = e.value as ZSet;
  const count = spec.count === -1 ? 1 : spec.count;
  let rangelen = Math.min(count, zs.length);
  if (!spec.emitKey) {
    c.reply.array(spec.nested ? rangelen : rangelen * 2);
  } else if (!spec.nested) {
    c.reply.array(rangelen * 2 + 1);
    c.reply.bulk(e.key);
  } else {
    c.reply.array(2);
    c.reply.bulk(e.key);
    c.reply.array(rangelen);
  }
  for (; rangelen > 0; rangelen--) {
    const n = zs.edge(spec.max);
    zs.remove(n.ele);
    if (spec.nested) c.reply.array(2);
    c.reply.bulk(n.ele);
    c.reply.double(n.score);
  }
  removedFrom(db, e, spec.max ? 'zpopmax' : 'zpopmin');
}

/**
 * genericZpopCommand: pops from the first existing key (WRONGTYPE stops the search). With no set
 * to pop from, replies a null array (`nilWhenEmpty`, ZMPOP) or an empty one.
 */
function popGeneric(c: Client, keys: readonly string[], spec: PopSpec, nilWhenEmpty: boolean): void {
  let found: Entry | undefined;
  for (const key of keys) {
    found = c.db.lookupWrite(key);
    if (found === undefined) continue;
    if (!(found.value instanceof ZSet)) return c.reply.error(WRONGTYPE);
    break;
  }
  if (found === undefined) {
    if (nilWhenEmpty) c.reply.nullArray();
    else c.reply.array(0);
    return;
  }
  if (spec.count === 0) return c.reply.array(0);
  popFrom(c, c.db, found, spec);
}

/** ZPOPMIN / ZPOPMAX key [count] */
function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.reply.error(SYNTAX_ERROR);
  let count = -1;
  if (argv.length === 3) {
    const n = getPositiveLongOrReply(c, argv[2]);
    if (n === null) return;
    count = n;
  }
  popGeneric(c, [argv[1]], { max, count, emitKey: false, nested: c.reply.proto === 3 && count !== -1 }, false);
}

function zpopmin(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}

function zpopmax(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

/** Parses `numkeys key... MIN|MAX [COUNT n]` from argv[numkeysIdx]: keys and spec, or null after replying. */
function parseMpop(c: Client, argv: string[], numkeysIdx: number): { keys: string[]; spec: PopSpec } | null {
  const numkeys = getRangeLongOrReply(c, argv[numkeysIdx], 1n, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.reply.error(SYNTAX_ERROR);
    return null;
  }
  const where = argv[whereIdx].toLowerCase();
  if (where !== 'min' && where !== 'max') {
    c.reply.error(SYNTAX_ERROR);
    return null;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = getRangeLongOrReply(c, argv[++j], 1n, 'ERR count should be greater than 0');
      if (n === null) return null;
      count = n;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return null;
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), spec: { max: where === 'max', count: count === -1 ? 1 : count, emitKey: true, nested: true } };
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
function zmpop(c: Client, argv: string[]): void {
  const parsed = parseMpop(c, argv, 1);
  if (parsed !== null) popGeneric(c, parsed.keys, parsed.spec, true);
}

/** Serves a client blocked in BZPOPMIN, BZPOPMAX or BZMPOP once a key holds a sorted set. */
const zsetBlockHandler: BlockHandler<PopSpec> = {
  type: 'zset',
  serve(c: Client, db: Db, _key: string, entry: Entry, spec: PopSpec): void {
    popFrom(c, db, entry, spec);
  },
  denied(c: Client): void {
    c.reply.nullArray();
  },
};

/** blockingGenericZpopCommand: pops at once from the first non-empty set, else blocks on every key. */
function blockingPopGeneric(c: Client, keys: readonly string[], timeoutText: string, spec: PopSpec): void {
  const deadline = parseTimeout(c, timeoutText);
  if (deadline === null) return;
  for (const key of keys) {
    const e = c.db.lookupWrite(key);
    if (e === undefined) continue;
    if (!(e.value instanceof ZSet)) return c.reply.error(WRONGTYPE);
    return popFrom(c, c.db, e, spec);
  }
  blockForKeys(c, keys, deadline, zsetBlockHandler, spec);
}

const BZPOPMIN_SPEC: PopSpec = { max: false, count: -1, emitKey: true, nested: false };
const BZPOPMAX_SPEC: PopSpec = { max: true, count: -1, emitKey: true, nested: false };

/** BZPOPMIN / BZPOPMAX key [key ...] timeout */
function bzpopmin(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv.slice(1, -1), argv[argv.length - 1], BZPOPMIN_SPEC);
}

function bzpopmax(c: Client, argv: string[]): void {
  blockingPopGeneric(c, argv.slice(1, -1), argv[argv.length - 1], BZPOPMAX_SPEC);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
function bzmpop(c: Client, argv: string[]): void {
  const parsed = parseMpop(c, argv, 2);
  if (parsed !== null) blockingPopGeneric(c, parsed.keys, argv[1], parsed.spec);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER

/** ZRANDMEMBER key [count [WITHSCORES]] */
function zrandmember(c: Client, argv: string[]): void {
  const random = c.server.keyspace.random;
  if (argv.length === 2) {
    const zs = zsetForRead(c, argv[1]);
    if (zs === null) return;
    if (zs === undefined) c.reply.nullBulk();
    else c.reply.bulk(zs.randomEntry(random.next()).ele);
    return;
  }
  const l = getRangeLongOrReply(c, argv[2], -LONG_MAX, undefined);
  if (l === null) return;
  let withscores = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) return c.reply.error(SYNTAX_ERROR);
  if (argv.length === 4) {
    withscores = true;
    // Redis refuses counts whose doubled reply length would overflow: beyond LONG_MAX / 2 either way.
    const exact = parseInt64(argv[2]) as bigint;
    if (exact < -LONG_MAX / 2n || exact > LONG_MAX / 2n) return c.reply.error('ERR value is out of range');
  }
  const zs = zsetForRead(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined || l === 0) return c.reply.array(0);
  const size = zs.length;
  if (l < 0 || l === 1) {
    // With repetitions (or a single pick): independent uniform draws, written as drawn.
    const count = Math.abs(l);
    const nested = withscores && c.reply.proto === 3;
    c.reply.array(withscores && !nested ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      const n = zs.randomEntry(random.next());
      if (nested) c.reply.array(2);
      c.reply.bulk(n.ele);
      if (withscores) c.reply.double(n.score);
    }
    return;
  }
  let nodes: ZEntry[];
  if (l >= size) {
    // The whole set, as Redis 7.0's set iterator walks it: from the highest score down.
    nodes = selectByRank(zs, 0, -1, true);
  } else if (l * ZRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Many of the members: a partial Fisher-Yates shuffle of them all.
    nodes = selectByRank(zs, 0, -1, false);
    for (let i = 0; i < l; i++) {
      const j = i + random.below(size - i);
      [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
    }
    nodes.length = l;
  } else {
    // Few of the members: uniform draws until `l` distinct ones, O(l) expected.
    const picked = new Map<string, ZEntry>();
    while (picked.size < l) {
      const n = zs.randomEntry(random.next());
      if (!picked.has(n.ele)) picked.set(n.ele, n);
    }
    nodes = [...picked.values()];
  }
  replyNodes(c, nodes, withscores);
}

// ---------------------------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD

const enum SetOp {
  Union,
  Inter,
  Diff,
}

const enum Aggregate {
  Sum,
  Min,
  Max,
}

/** zunionInterAggregate: SUM turns the NaN of inf + -inf into 0. */
function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const sum = target + val;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === Aggregate.Min) return val < target ? val : target;
  return val > target ? val : target;
}

/** One input of a set operation: a sorted set, a set (every member scoring 1), or a missing key. */
interface OpSource {
  readonly value: ZSet | RedisSet | undefined;
  weight: number;
}

function sourceLength(s: OpSource): number {
  return s.value === undefined ? 0 : s.value.length;
}

/** The member's score in the source (1 in a set), undefined when absent (zuiFind). */
function sourceScore(s: OpSource, ele: string): number | undefined {
  const v = s.value;
  if (v instanceof ZSet) return v.score(ele);
  return v !== undefined && v.has(ele) ? 1 : undefined;
}

/** Every member of the source with its unweighted score (zuiNext). */
function* sourceEntries(s: OpSource): IterableIterator<[string, number]> {
  const v = s.value;
  if (v instanceof ZSet) {
    for (const n of v.entries()) yield [n.ele, n.score];
  } else if (v !== undefined) {
    for (const m of v.members()) yield [m, 1];
  }
}

/**
 * COMMAND GETKEYS for commands with numkeys at argv[at] and the keys right after it (ZUNION, ZMPOP,
 * BZMPOP ...), after the positions in `fixed` (the STORE forms' destination); none when numkeys is
 * not a count of keys present.
 */
function numkeysKeys(argv: readonly string[], at: number, fixed: readonly number[]): number[] {
  const n = parseInteger(argv[at] ?? '');
  if (n === null || n < 1 || at + n >= argv.length) return [];
  const out = fixed.slice();
  for (let i = 1; i <= n; i++) out.push(at + i);
  return out;
}

/**
 * zunionInterDiffGenericCommand: `dst` for the STORE forms, numkeys at argv[numkeysIdx], then the
 * keys, then WEIGHTS / AGGREGATE (not for ZDIFF), WITHSCORES (not for STORE forms) or LIMIT
 * (ZINTERCARD only).
 */
function zsetopGeneric(c: Client, argv: string[], dst: string | undefined, numkeysIdx: number, op: SetOp, cardinalityOnly: boolean): void {
  const setnum = getLongOrReply(c, argv[numkeysIdx]);
  if (setnum === null) return;
  if (setnum < 1) return c.reply.error(`ERR at least 1 input key is needed for '${c.currentCommand?.fullName ?? argv[0].toLowerCase()}' command`);
  if (setnum > argv.length - (numkeysIdx + 1)) return c.reply.error(SYNTAX_ERROR);
  const src: OpSource[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const e = c.db.lookupRead(argv[j]);
    if (e !== undefined && !(e.value instanceof ZSet) && !(e.value instanceof RedisSet)) return c.reply.error(WRONGTYPE);
    src.push({ value: e?.value as ZSet | RedisSet | undefined, weight: 1 });
  }
  let how = Aggregate.Sum;
  let withscores = false;
  let limit = 0;
  while (j < argv.length) {
    const opt = argv[j].toLowerCase();
    const remaining = argv.length - j;
    if (op !== SetOp.Diff && !cardinalityOnly && remaining >= setnum + 1 && opt === 'weights') {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = getDouble(argv[j]);
        if (w === null) return c.reply.error('ERR weight value is not a float');
        src[i].weight = w;
      }
    } else if (op !== SetOp.Diff && !cardinalityOnly && remaining >= 2 && opt === 'aggregate') {
      const a = argv[j + 1].toLowerCase();
      if (a === 'sum') how = Aggregate.Sum;
      else if (a === 'min') how = Aggregate.Min;
      else if (a === 'max') how = Aggregate.Max;
      else return c.reply.error(SYNTAX_ERROR);
      j += 2;
    } else if (dst === undefined && !cardinalityOnly && opt === 'withscores') {
      withscores = true;
      j++;
    } else if (cardinalityOnly && remaining >= 2 && opt === 'limit') {
      const n = getPositiveLongOrReply(c, argv[j + 1], "ERR LIMIT can't be negative");
      if (n === null) return;
      limit = n;
      j += 2;
    } else {
      return c.reply.error(SYNTAX_ERROR);
    }
  }
  // Smallest inputs first, as Redis sorts them (a stable sort: equal sizes keep their order).
  if (op !== SetOp.Diff) src.sort((a, b) => sourceLength(a) - sourceLength(b));

  const result = new ZSet('skiplist');
  if (op === SetOp.Inter) {
    const first = src[0];
    let cardinality = 0;
    for (const [ele, value] of sourceEntries(first)) {
      let score = first.weight * value;
      if (Number.isNaN(score)) score = 0;
      let k = 1;
      for (; k < src.length; k++) {
        const other = sourceScore(src[k], ele);
        if (other === undefined) break;
        score = aggregate(score, other * src[k].weight, how);
      }
      if (k < src.length) continue;
      cardinality++;
      if (cardinalityOnly) {
        if (limit > 0 && cardinality >= limit) break;
      } else {
        result.insertNew(ele, score);
      }
    }
    if (cardinalityOnly) return c.reply.int(cardinality);
  } else if (op === SetOp.Union) {
    const acc = new Map<string, number>();
    for (const s of src) {
      for (const [ele, value] of sourceEntries(s)) {
        let score = s.weight * value;
        if (Number.isNaN(score)) score = 0;
        const prev = acc.get(ele);
        acc.set(ele, prev === undefined ? score : aggregate(prev, score, how));
      }
    }
    for (const [ele, score] of acc) result.insertNew(ele, score);
  } else {
    for (const [ele, value] of sourceEntries(src[0])) {
      let k = 1;
      while (k < src.length && sourceScore(src[k], ele) === undefined) k++;
      if (k === src.length) result.insertNew(ele, value);
    }
  }
  if (dst !== undefined) {
    storeResult(c, dst, result, op === SetOp.Union ? 'zunionstore' : op === SetOp.Inter ? 'zinterstore' : 'zdiffstore');
  } else {
    replyNodes(c, selectByRank(result, 0, -1, false), withscores);
  }
}

function zunion(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, undefined, 1, SetOp.Union, false);
}

function zinter(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, undefined, 1, SetOp.Inter, false);
}

function zdiff(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, undefined, 1, SetOp.Diff, false);
}

function zunionstore(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, argv[1], 2, SetOp.Union, false);
}

function zinterstore(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, argv[1], 2, SetOp.Inter, false);
}

function zdiffstore(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, argv[1], 2, SetOp.Diff, false);
}

function zintercard(c: Client, argv: string[]): void {
  zsetopGeneric(c, argv, undefined, 1, SetOp.Inter, true);
}

// ---------------------------------------------------------------------------------------------
// ZSCAN

/** parseScanCursorOrReply: strtoul over the whole text, "-n" wrapping around as in C. */
function parseCursor(text: string): number | null {
  if (!/^[+-]?[0-9]*$/.test(text)) return null;
  const digits = text.replace(/^[+-]/, '');
  if (digits.length === 0) return text.length === 0 ? 0 : null;
  const n = BigInt(digits);
  if (n > 0xffffffffffffffffn) return null;
  return Number(text[0] === '-' && n !== 0n ? 2n ** 64n - n : n);
}

const EMPTY_SCAN = Buffer.from('*2\r\n$1\r\n0\r\n*0\r\n');

/** ZSCAN key cursor [MATCH pattern] [COUNT count] */
function zscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.reply.error(INVALID_CURSOR);
  const zs = zsetForRead(c, argv[1]);
  if (zs === null) return;
  if (zs === undefined) return c.reply.raw(EMPTY_SCAN);
  let count = 10;
  let pattern: string | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    if (opt === 'count' && i + 1 < argv.length) {
      const n = getLongOrReply(c, argv[i + 1]);
      if (n === null) return;
      if (n < 1) return c.reply.error(SYNTAX_ERROR);
      count = n;
    } else if (opt === 'match' && i + 1 < argv.length) {
      pattern = argv[i + 1];
    } else {
      return c.reply.error(SYNTAX_ERROR);
    }
  }
  const match = pattern === undefined || pattern === '*' ? undefined : compileGlob(pattern);
  const found: string[] = [];
  // A listpack is answered whole in one call, with cursor 0.
  const next = zs.scan(cursor, count, (n) => {
    if (match === undefined || match(n.ele)) found.push(n.ele, formatDouble(n.score));
  });
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(found);
}

const NO_FIXED: readonly number[] = [];
const DST: readonly number[] = [1];

export const zsetCommands: CommandRow[] = [
  { name: 'zadd', arity: -4, flags: 'write denyoom fast', keys: [1, 1, 1], group: 'sorted-set', since: '1.2.0', summary: 'Add one or more members to a sorted set, or update its score if it already exists', complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.', handler: zadd },
  { name: 'zincrby', arity: 4, flags: 'write denyoom fast', keys: [1, 1, 1], keySpecFlags: 'RW access update', group: 'sorted-set', since: '1.2.0', summary: 'Increment the score of a member in a sorted set', complexity: 'O(log(N)) where N is the number of elements in the sorted set.', handler: zincrby },
  { name: 'zrem', arity: -3, flags: 'write fast', keys: [1, 1, 1], keySpecFlags: 'RW delete', group: 'sorted-set', since: '1.2.0', summary: 'Remove one or more members from a sorted set', complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.', handler: zrem },
  { name: 'zscore', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '1.2.0', summary: 'Get the score associated with the given member in a sorted set', complexity: 'O(1)', handler: zscore },
  { name: 'zmscore', arity: -3, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '6.2.0', summary: 'Get the score associated with the given members in a sorted set', complexity: 'O(N) where N is the number of members being requested.', handler: zmscore },
  { name: 'zcard', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], keySpecFlags: 'RO', group: 'sorted-set', since: '1.2.0', summary: 'Get the number of members in a sorted set', complexity: 'O(1)', handler: zcard },
  { name: 'zcount', arity: 4, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '2.0.0', summary: 'Count the members in a sorted set with scores within the given values', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zcount },
  { name: 'zlexcount', arity: 4, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '2.8.9', summary: 'Count the number of members in a sorted set between a given lexicographical range', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zlexcount },
  { name: 'zrank', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '2.0.0', summary: 'Determine the index of a member in a sorted set', complexity: 'O(log(N))', handler: zrank },
  { name: 'zrevrank', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], group: 'sorted-set', since: '2.0.0', summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low', complexity: 'O(log(N))', handler: zrevrank },
  { name: 'zrange', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '1.2.0', summary: 'Return a range of members in a sorted set', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.', handler: zrange },
  { name: 'zrangestore', arity: -5, flags: 'write denyoom', keys: [1, 2, 1], group: 'sorted-set', since: '6.2.0', summary: 'Store a range of members from sorted set into another key', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.', handler: zrangestore },
  { name: 'zrevrange', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '1.2.0', summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.', handler: zrevrange },
  { name: 'zrangebyscore', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '1.0.5', summary: 'Return a range of members in a sorted set, by score', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', handler: zrangebyscore },
  { name: 'zrevrangebyscore', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '2.2.0', summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', handler: zrevrangebyscore },
  { name: 'zrangebylex', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '2.8.9', summary: 'Return a range of members in a sorted set, by lexicographical range', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', handler: zrangebylex },
  { name: 'zrevrangebylex', arity: -4, flags: 'readonly', keys: [1, 1, 1], group: 'sorted-set', since: '2.8.9', summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', handler: zrevrangebylex },
  { name: 'zremrangebyrank', arity: 4, flags: 'write', keys: [1, 1, 1], keySpecFlags: 'RW delete', group: 'sorted-set', since: '2.0.0', summary: 'Remove all members in a sorted set within the given indexes', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebyrank },
  { name: 'zremrangebyscore', arity: 4, flags: 'write', keys: [1, 1, 1], keySpecFlags: 'RW delete', group: 'sorted-set', since: '1.2.0', summary: 'Remove all members in a sorted set within the given scores', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebyscore },
  { name: 'zremrangebylex', arity: 4, flags: 'write', keys: [1, 1, 1], keySpecFlags: 'RW delete', group: 'sorted-set', since: '2.8.9', summary: 'Remove all members in a sorted set between the given lexicographical range', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebylex },
  { name: 'zpopmin', arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecFlags: 'RW access delete', group: 'sorted-set', since: '5.0.0', summary: 'Remove and return members with the lowest scores in a sorted set', complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zpopmin },
  { name: 'zpopmax', arity: -2, flags: 'write fast', keys: [1, 1, 1], keySpecFlags: 'RW access delete', group: 'sorted-set', since: '5.0.0', summary: 'Remove and return members with the highest scores in a sorted set', complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zpopmax },
  { name: 'zmpop', arity: -4, flags: 'write movablekeys', keySpecFlags: 'RW access delete', group: 'sorted-set', since: '7.0.0', summary: 'Remove and return members with scores in a sorted set', complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zmpop, getKeys: (argv) => numkeysKeys(argv, 1, NO_FIXED) },
  { name: 'bzpopmin', arity: -3, flags: 'write noscript blocking fast', keys: [1, -2, 1], keySpecFlags: 'RW access delete', group: 'sorted-set', since: '5.0.0', summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: bzpopmin },
  { name: 'bzpopmax', arity: -3, flags: 'write noscript blocking fast', keys: [1, -2, 1], keySpecFlags: 'RW access delete', group: 'sorted-set', since: '5.0.0', summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: bzpopmax },
  { name: 'bzmpop', arity: -5, flags: 'write blocking movablekeys', keySpecFlags: 'RW access delete', group: 'sorted-set', since: '7.0.0', summary: 'Remove and return members with scores in a sorted set or block until one is available', complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.', handler: bzmpop, getKeys: (argv) => numkeysKeys(argv, 2, NO_FIXED) },
  { name: 'zrandmember', arity: -2, flags: 'readonly', keys: [1, 1, 1], tips: 'nondeterministic_output', group: 'sorted-set', since: '6.2.0', summary: 'Get one or multiple random elements from a sorted set', complexity: 'O(N) where N is the number of elements returned', handler: zrandmember },
  { name: 'zunion', arity: -3, flags: 'readonly movablekeys', group: 'sorted-set', since: '6.2.0', summary: 'Add multiple sorted sets', complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.', handler: zunion, getKeys: (argv) => numkeysKeys(argv, 1, NO_FIXED) },
  { name: 'zinter', arity: -3, flags: 'readonly movablekeys', group: 'sorted-set', since: '6.2.0', summary: 'Intersect multiple sorted sets', complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.', handler: zinter, getKeys: (argv) => numkeysKeys(argv, 1, NO_FIXED) },
  { name: 'zdiff', arity: -3, flags: 'readonly movablekeys', group: 'sorted-set', since: '6.2.0', summary: 'Subtract multiple sorted sets', complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.', handler: zdiff, getKeys: (argv) => numkeysKeys(argv, 1, NO_FIXED) },
  { name: 'zunionstore', arity: -4, flags: 'write denyoom movablekeys', keys: [1, 1, 1], group: 'sorted-set', since: '2.0.0', summary: 'Add multiple sorted sets and store the resulting sorted set in a new key', complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.', handler: zunionstore, getKeys: (argv) => numkeysKeys(argv, 2, DST) },
  { name: 'zinterstore', arity: -4, flags: 'write denyoom movablekeys', keys: [1, 1, 1], group: 'sorted-set', since: '2.0.0', summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.', handler: zinterstore, getKeys: (argv) => numkeysKeys(argv, 2, DST) },
  { name: 'zdiffstore', arity: -4, flags: 'write denyoom movablekeys', keys: [1, 1, 1], group: 'sorted-set', since: '6.2.0', summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.', handler: zdiffstore, getKeys: (argv) => numkeysKeys(argv, 2, DST) },
  { name: 'zintercard', arity: -3, flags: 'readonly movablekeys', group: 'sorted-set', since: '7.0.0', summary: 'Intersect multiple sorted sets and return the cardinality of the result', complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.', handler: zintercard, getKeys: (argv) => numkeysKeys(argv, 1, NO_FIXED) },
  { name: 'zscan', arity: -3, flags: 'readonly', keys: [1, 1, 1], tips: 'nondeterministic_output', group: 'sorted-set', since: '2.8.0', summary: 'Incrementally iterate sorted sets elements and associated scores', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..', handler: zscan },
];
