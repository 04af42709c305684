/**
 * List commands (Redis's t_list.c) over the quicklist List of store/list.ts. Three generic paths
 * serve the family: pushGeneric (LPUSH, RPUSH and their X forms), popGeneric (LPOP, RPOP, LMPOP,
 * BLPOP, BRPOP, BLMPOP, whether served at once or after blocking) and moveGeneric (LMOVE,
 * RPOPLPUSH, BLMOVE, BRPOPLPUSH). Blocking commands that find nothing block through blocking.ts.
 * Arguments are checked in Redis's order, so the first error Redis would report is the one replied.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import type { Db } from '../store/db';
import { List } from '../store/list';
import { parseInt64, parseInteger } from './args';
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_LIST } from './notify';
import { NO_SUCH_KEY, NOT_INTEGER, SYNTAX_ERROR } from '../resp/replies';
import { BlockHandler, blockForKeys, parseTimeout } from './blocking';
import { lookupEntryWrite, lookupValueRead, TypedEntry } from './lookup';

/** A key known to hold a list. */
type ListEntry = TypedEntry<List>;

/** Which end of a list: LEFT is the head (index 0), RIGHT the tail. */
const enum End {
  Head,
  Tail,
}

const POSITIONS: Record<string, End> = { left: End.Head, right: End.Tail };
const PUSH_EVENT = ['lpush', 'rpush'] as const;
const POP_EVENT = ['lpop', 'rpop'] as const;
const LONG_MAX = 2 ** 63 - 1;
const LONG_MIN = -(2 ** 63);
const POSITIVE_ERROR = 'ERR value is out of range, must be positive';
const NUMKEYS_ERROR = 'ERR numkeys should be greater than 0';
const COUNT_ERROR = 'ERR count should be greater than 0';

/** How a pop replies: one bulk (LPOP), an array (LPOP n), [key, element] (BLPOP), [key, [elements]] (LMPOP). */
const enum PopReply {
  Single,
  Range,
  KeyElement,
  KeyRange,
}

/** What a lookup answers for a missing key (the shared reply of Redis's lookupKey*OrReply). */
const enum Missing {
  Zero,
  NullBulk,
  EmptyArray,
  Ok,
  NoSuchKey,
}

function replyMissing(c: Client, missing: Missing): null {
  if (missing === Missing.Zero) c.reply.int(0);
  else if (missing === Missing.NullBulk) c.reply.nullBulk();
  else if (missing === Missing.EmptyArray) c.reply.array(0);
  else if (missing === Missing.Ok) c.reply.ok();
  else c.reply.error(NO_SUCH_KEY);
  return null;
}

/** lookupKeyReadOrReply plus checkType: the list, or null once replied. */
function listOrReply(c: Client, key: string, missing: Missing): List | null {
  const list = lookupValueRead(c, key, List);
  return list === undefined ? replyMissing(c, missing) : list;
}

/** lookupKeyWriteOrReply plus checkType: the list's entry, or null once replied. */
function entryOrReply(c: Client, key: string, missing: Missing): ListEntry | null {
  const e = lookupEntryWrite(c, key, List);
  return e === undefined ? replyMissing(c, missing) : e;
}

/** getLongFromObjectOrReply: a signed 64-bit integer, or null after replying the error. */
function parseLong(c: Client, text: string): number | null {
  const n = parseInteger(text);
  if (n === null) c.reply.error(NOT_INTEGER);
  return n;
}

/** getRangeLongFromObjectOrReply with min..LONG_MAX and one message for both failures. */
function parseAtLeast(c: Client, text: string, min: number, error: string): number | null {
  const n = parseInteger(text);
  if (n === null || n < min) {
    c.reply.error(error);
    return null;
  }
  return n;
}

function parsePosition(c: Client, text: string): End | null {
  const where = POSITIONS[text.toLowerCase()];
  if (where === undefined) {
    c.reply.error(SYNTAX_ERROR);
    return null;
  }
  return where;
}

/** list-max-listpack-size, fixed in each list when it is created (quicklistSetOptions). */
function fillOf(c: Client): number {
  return c.server.config.int('list-max-listpack-size');
}

/** Adds value at one end of the list, creating it at key when absent. */
function pushInto(c: Client, key: string, e: ListEntry | undefined, value: string, where: End): void {
  const db = c.db;
  if (e === undefined) {
    const list = new List(1, fillOf(c));
    list.pushTail(value);
    db.add(key, list);
    return;
  }
  if (where === End.Head) e.value.pushHead(value);
  else e.value.pushTail(value);
  db.written(e);
}

/** The one push path: LPUSH, RPUSH, and with `existing` LPUSHX, RPUSHX. */
function pushGeneric(c: Client, argv: string[], where: End, existing: boolean): void {
  const key = argv[1];
  const e = lookupEntryWrite(c, key, List);
  if (e === null) return;
  if (e === undefined && existing) {
    c.reply.int(0);
    return;
  }
  const list = e === undefined ? new List(argv.length - 2, fillOf(c)) : e.value;
  list.pushAll(argv, 2, where === End.Head);
  if (e === undefined) c.db.add(key, list);
  else c.db.written(e);
  c.reply.int(list.length);
  notifyKeyspaceEvent(NOTIFY_LIST, PUSH_EVENT[where], key, c.db.id);
}

/**
 * Redis's listElementsRemoved: after popping from `key`, the pop event, and when the list is left
 * empty the key's deletion with its del event; otherwise its cost is re-charged.
 */
function listElementsRemoved(db: Db, e: ListEntry, where: End): void {
  notifyKeyspaceEvent(NOTIFY_LIST, POP_EVENT[where], e.key, db.id);
  shrunk(db, e);
}

/** After elements were removed in place: re-charges the key, or deletes it (with del) when empty. */
function shrunk(db: Db, e: ListEntry): void {
  const emptied = e.value.length === 0;
  db.written(e);
  if (emptied) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', e.key, db.id);
}

/** The one pop path: pops up to `count` elements of a non-empty list and replies in `shape`. */
function popGeneric(c: Client, db: Db, e: ListEntry, where: End, count: number, shape: PopReply): void {
  const list = e.value;
  const n = Math.min(count, list.length);
  if (shape === PopReply.KeyElement || shape === PopReply.KeyRange) {
    c.reply.array(2);
    c.reply.bulk(e.key);
  }
  if (shape !== PopReply.Single && shape !== PopReply.KeyElement) c.reply.array(n);
  for (let i = 0; i < n; i++) c.reply.bulk((where === End.Head ? list.popHead() : list.popTail()) as string);
  listElementsRemoved(db, e, where);
}

/** [LR]POP key [count] */
function popCommand(c: Client, argv: string[], where: End): void {
  if (argv.length > 3) {
    c.reply.error(`ERR wrong number of arguments for '${argv[0].toLowerCase()}' command`);
    return;
  }
  const hasCount = argv.length === 3;
  let count = 1;
  if (hasCount) {
    const n = parseAtLeast(c, argv[2], 0, POSITIVE_ERROR);
    if (n === null) return;
    count = n;
  }
  const e = lookupEntryWrite(c, argv[1], List);
  if (e === null) return;
  if (e === undefined) {
    if (hasCount) c.reply.nullArray();
    else c.reply.nullBulk();
    return;
  }
  if (hasCount && count === 0) {
    c.reply.array(0);
    return;
  }
  popGeneric(c, c.db, e, where, count, hasCount ? PopReply.Range : PopReply.Single);
}

/** Arguments of a pop that may block: the end, and the count for LMPOP's shape (0: BLPOP's shape). */
interface PopRequest {
  where: End;
  count: number;
}

/** Pops for BLPOP and BRPOP ([key, element]) or for [B]LMPOP ([key, [elements]]). */
function popForRequest(c: Client, db: Db, e: ListEntry, req: PopRequest): void {
  if (req.count === 0) popGeneric(c, db, e, req.where, 1, PopReply.KeyElement);
  else popGeneric(c, db, e, req.where, req.count, PopReply.KeyRange);
}

/** Serves BLPOP, BRPOP and BLMPOP clients from a list that became non-empty. */
const blockedPop: BlockHandler<PopRequest> = {
  type: 'list',
  serve(c, db, _key, e, req) {
    // handleClientsBlockedOnKeys calls serve only for keys holding a value of type 'list'.
    popForRequest(c, db, e as ListEntry, req);
  },
  denied(c) {
    c.reply.nullArray();
  },
};

/**
 * Pops from the first non-empty list among keys, or, when `deadline` is given (not undefined),
 * blocks on all of them. A key of another type answers WRONGTYPE, as Redis checks each in turn.
 */
function popFirstNonEmpty(c: Client, keys: string[], req: PopRequest, deadline: number | undefined): void {
  for (const key of keys) {
    const e = lookupEntryWrite(c, key, List);
    if (e === null) return;
    if (e === undefined) continue;
    popForRequest(c, c.db, e, req);
    return;
  }
  if (deadline === undefined) c.reply.nullArray();
  else blockForKeys(c, keys, deadline, blockedPop, req);
}

/** B[LR]POP key [key ...] timeout */
function blockingPopCommand(c: Client, argv: string[], where: End): void {
  const deadline = parseTimeout(c, argv[argv.length - 1]);
  if (deadline === null) return;
  popFirstNonEmpty(c, argv.slice(1, -1), { where, count: 0 }, deadline);
}

/** [B]LMPOP [timeout] numkeys key [key ...] LEFT|RIGHT [COUNT count]; numkeys at argv[at]. */
function mpopCommand(c: Client, argv: string[], at: number, blocking: boolean): void {
  const numkeys = parseAtLeast(c, argv[at], 1, NUMKEYS_ERROR);
  if (numkeys === null) return;
  const whereAt = at + numkeys + 1;
  if (numkeys > argv.length || whereAt >= argv.length) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const where = parsePosition(c, argv[whereAt]);
  if (where === null) return;
  let count = -1;
  for (let i = whereAt + 1; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'count' && i + 1 < argv.length && count === -1) {
      const n = parseAtLeast(c, argv[++i], 1, COUNT_ERROR);
      if (n === null) return;
      count = n;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  const deadline = blocking ? parseTimeout(c, argv[1]) : undefined;
  if (deadline === null) return;
  popFirstNonEmpty(c, argv.slice(at + 1, whereAt), { where, count: count === -1 ? 1 : count }, deadline);
}

/** Arguments of a move that may block. */
interface MoveRequest {
  dst: string;
  from: End;
  to: End;
}

/**
 * The one move path: pops from the non-empty list `src` and pushes onto `dst`, replying the
 * element; WRONGTYPE (and nothing moved) when dst holds another type. Events as Redis: the push,
 * then the pop, then del when src was emptied.
 */
function moveGeneric(c: Client, src: ListEntry, req: MoveRequest): void {
  const db = c.db;
  const dst = lookupEntryWrite(c, req.dst, List);
  if (dst === null) return;
  const list = src.value;
  const value = (req.from === End.Head ? list.popHead() : list.popTail()) as string;
  pushInto(c, req.dst, dst, value, req.to);
  notifyKeyspaceEvent(NOTIFY_LIST, PUSH_EVENT[req.to], req.dst, db.id);
  c.reply.bulk(value);
  listElementsRemoved(db, src, req.from);
}

/** Serves BLMOVE and BRPOPLPUSH clients from a source list that became non-empty. */
const blockedMove: BlockHandler<MoveRequest> = {
  type: 'list',
  serve(c, _db, _key, e, req) {
    moveGeneric(c, e as ListEntry, req);
  },
  denied(c) {
    c.reply.nullBulk();
  },
};

/** LMOVE, RPOPLPUSH and, with a deadline, BLMOVE and BRPOPLPUSH. */
function moveCommand(c: Client, src: string, req: MoveRequest, deadline: number | undefined): void {
  const e = lookupEntryWrite(c, src, List);
  if (e === null) return;
  if (e !== undefined) moveGeneric(c, e, req);
  else if (deadline === undefined) c.reply.nullBulk();
  else blockForKeys(c, [src], deadline, blockedMove, req);
}

/** LMOVE src dst LEFT|RIGHT LEFT|RIGHT, and BLMOVE with a timeout after them. */
function lmoveCommand(c: Client, argv: string[], blocking: boolean): void {
  const from = parsePosition(c, argv[3]);
  if (from === null) return;
  const to = parsePosition(c, argv[4]);
  if (to === null) return;
  const deadline = blocking ? parseTimeout(c, argv[5]) : undefined;
  if (deadline === null) return;
  moveCommand(c, argv[1], { dst: argv[2], from, to }, deadline);
}

/** RPOPLPUSH src dst, and BRPOPLPUSH with a timeout. */
function rpoplpushCommand(c: Client, argv: string[], blocking: boolean): void {
  const deadline = blocking ? parseTimeout(c, argv[3]) : undefined;
  if (deadline === null) return;
  moveCommand(c, argv[1], { dst: argv[2], from: End.Tail, to: End.Head }, deadline);
}

function llen(c: Client, argv: string[]): void {
  const list = listOrReply(c, argv[1], Missing.Zero);
  if (list !== null) c.reply.int(list.length);
}

/** Normalises a possibly negative index against a length; may stay out of range. */
function absoluteIndex(index: number, length: number): number {
  return index < 0 ? length + index : index;
}

function lindex(c: Client, argv: string[]): void {
  const list = listOrReply(c, argv[1], Missing.NullBulk);
  if (list === null) return;
  const index = parseLong(c, argv[2]);
  if (index === null) return;
  const i = absoluteIndex(index, list.length);
  if (i < 0 || i >= list.length) c.reply.nullBulk();
  else c.reply.bulk(list.get(i));
}

function lset(c: Client, argv: string[]): void {
  const e = entryOrReply(c, argv[1], Missing.NoSuchKey);
  if (e === null) return;
  const index = parseLong(c, argv[2]);
  if (index === null) return;
  const list = e.value;
  const i = absoluteIndex(index, list.length);
  if (i < 0 || i >= list.length) {
    c.reply.error('ERR index out of range');
    return;
  }
  list.set(i, argv[3]);
  c.db.written(e);
  c.reply.ok();
  notifyKeyspaceEvent(NOTIFY_LIST, 'lset', argv[1], c.db.id);
}

/** LRANGE's window: [start, end] clamped into the list, or null when empty (Redis's addListRangeReply). */
function clampRange(start: number, end: number, length: number): [number, number] | null {
  start = Math.max(0, absoluteIndex(start, length));
  end = absoluteIndex(end, length);
  if (start > end || start >= length) return null;
  return [start, Math.min(end, length - 1)];
}

/** LRANGE's and LTRIM's start and end (argv[2], argv[3]), or null after replying the error. */
function parseStartEnd(c: Client, argv: string[]): [number, number] | null {
  const start = parseLong(c, argv[2]);
  if (start === null) return null;
  const end = parseLong(c, argv[3]);
  return end === null ? null : [start, end];
}

function lrange(c: Client, argv: string[]): void {
  const bounds = parseStartEnd(c, argv);
  if (bounds === null) return;
  const list = listOrReply(c, argv[1], Missing.EmptyArray);
  if (list === null) return;
  const window = clampRange(bounds[0], bounds[1], list.length);
  if (window === null) {
    c.reply.array(0);
    return;
  }
  c.reply.array(window[1] - window[0] + 1);
  list.visitRange(window[0], window[1], replyBulk, c);
}

function replyBulk(value: string, c: Client): void {
  c.reply.bulk(value);
}

function ltrim(c: Client, argv: string[]): void {
  const bounds = parseStartEnd(c, argv);
  if (bounds === null) return;
  const e = entryOrReply(c, argv[1], Missing.Ok);
  if (e === null) return;
  const list = e.value;
  const window = clampRange(bounds[0], bounds[1], list.length);
  if (window === null) list.trim(1, 0);
  else list.trim(window[0], window[1]);
  notifyKeyspaceEvent(NOTIFY_LIST, 'ltrim', argv[1], c.db.id);
  shrunk(c.db, e);
  c.reply.ok();
}

function lrem(c: Client, argv: string[]): void {
  const count = parseLong(c, argv[2]);
  if (count === null) return;
  const e = entryOrReply(c, argv[1], Missing.Zero);
  if (e === null) return;
  const list = e.value;
  const removed = list.removeMatching(argv[3], Math.abs(count), count < 0);
  if (removed > 0) {
    notifyKeyspaceEvent(NOTIFY_LIST, 'lrem', argv[1], c.db.id);
    shrunk(c.db, e);
  }
  c.reply.int(removed);
}

/** LINSERT key BEFORE|AFTER pivot element */
function linsert(c: Client, argv: string[]): void {
  const side = argv[2].toLowerCase();
  if (side !== 'before' && side !== 'after') {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const e = entryOrReply(c, argv[1], Missing.Zero);
  if (e === null) return;
  const list = e.value;
  const pivot = list.indexOf(argv[3]);
  if (pivot < 0) {
    c.reply.int(-1);
    return;
  }
  list.insert(side === 'before' ? pivot : pivot + 1, argv[4]);
  c.db.written(e);
  notifyKeyspaceEvent(NOTIFY_LIST, 'linsert', argv[1], c.db.id);
  c.reply.int(list.length);
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lpos(c: Client, argv: string[]): void {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const more = i + 1 < argv.length;
    if (opt === 'rank' && more) {
      const r = parseInt64(argv[++i]);
      if (r === null) {
        c.reply.error(NOT_INTEGER);
        return;
      }
      if (r === 0n) {
        c.reply.error(
          "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
        );
        return;
      }
      // C negates LONG_MIN to itself: it then behaves as rank -1.
      rank = r === BigInt(LONG_MIN) ? -1 : Number(r);
    } else if (opt === 'count' && more) {
      const n = parseAtLeast(c, argv[++i], 0, "ERR COUNT can't be negative");
      if (n === null) return;
      count = n;
    } else if (opt === 'maxlen' && more) {
      const n = parseAtLeast(c, argv[++i], 0, "ERR MAXLEN can't be negative");
      if (n === null) return;
      maxlen = n;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  const list = lookupValueRead(c, argv[1], List);
  if (list === null) return;
  if (list === undefined) {
    if (count !== -1) c.reply.array(0);
    else c.reply.nullBulk();
    return;
  }
  const limit = maxlen === 0 ? list.length : Math.min(maxlen, list.length);
  const want = count === -1 ? 1 : count === 0 ? LONG_MAX : count;
  const found = list.positions(argv[2], rank < 0, Math.abs(rank) - 1, want, limit);
  if (count === -1) {
    if (found.length === 0) c.reply.nullBulk();
    else c.reply.int(found[0]);
    return;
  }
  c.reply.array(found.length);
  for (const i of found) c.reply.int(i);
}

/** Key positions of [B]LMPOP: numkeys at argv[at], the keys after it; none when they do not fit. */
function mpopKeys(at: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const n = parseInteger(argv[at] ?? '');
    const out: number[] = [];
    if (n === null || n < 1 || at + n >= argv.length) return out;
    for (let i = 1; i <= n; i++) out.push(at + i);
    return out;
  };
}

const row = (r: Omit<CommandRow, 'group'>): CommandRow => ({ ...r, group: 'list' });

export const listCommands: CommandRow[] = [
  row({ name: 'lpush', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], since: '1.0.0', summary: 'Prepend one or multiple elements to a list', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: (c, a) => pushGeneric(c, a, End.Head, false) }),
  row({ name: 'rpush', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], since: '1.0.0', summary: 'Append one or multiple elements to a list', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: (c, a) => pushGeneric(c, a, End.Tail, false) }),
  row({ name: 'lpushx', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], since: '2.2.0', summary: 'Prepend an element to a list, only if the list exists', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: (c, a) => pushGeneric(c, a, End.Head, true) }),
  row({ name: 'rpushx', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], since: '2.2.0', summary: 'Append an element to a list, only if the list exists', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: (c, a) => pushGeneric(c, a, End.Tail, true) }),
  row({ name: 'lpop', arity: -2, flags: 'write fast', keys: [1, 1, 1], since: '1.0.0', summary: 'Remove and get the first elements in a list', complexity: 'O(N) where N is the number of elements returned', handler: (c, a) => popCommand(c, a, End.Head) }),
  row({ name: 'rpop', arity: -2, flags: 'write fast', keys: [1, 1, 1], since: '1.0.0', summary: 'Remove and get the last elements in a list', complexity: 'O(N) where N is the number of elements returned', handler: (c, a) => popCommand(c, a, End.Tail) }),
  row({ name: 'llen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], since: '1.0.0', summary: 'Get the length of a list', complexity: 'O(1)', handler: llen }),
  row({ name: 'lrange', arity: 4, flags: 'readonly', keys: [1, 1, 1], since: '1.0.0', summary: 'Get a range of elements from a list', complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.', handler: lrange }),
  row({ name: 'lindex', arity: 3, flags: 'readonly', keys: [1, 1, 1], since: '1.0.0', summary: 'Get an element from a list by its index', complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).', handler: lindex }),
  row({ name: 'lset', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], since: '1.0.0', summary: 'Set the value of an element in a list by its index', complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).', handler: lset }),
  row({ name: 'linsert', arity: 5, flags: 'write denyoom', keys: [1, 1, 1], since: '2.2.0', summary: 'Insert an element before or after another element in a list', complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).', handler: linsert }),
  row({ name: 'lrem', arity: 4, flags: 'write', keys: [1, 1, 1], since: '1.0.0', summary: 'Remove elements from a list', complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.', handler: lrem }),
  row({ name: 'ltrim', arity: 4, flags: 'write', keys: [1, 1, 1], since: '1.0.0', summary: 'Trim a list to the specified range', complexity: 'O(N) where N is the number of elements to be removed by the operation.', handler: ltrim }),
  row({ name: 'lpos', arity: -3, flags: 'readonly', keys: [1, 1, 1], since: '6.0.6', summary: 'Return the index of matching elements on a list', complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.', handler: lpos }),
  row({ name: 'lmove', arity: 5, flags: 'write denyoom', keys: [1, 2, 1], since: '6.2.0', summary: 'Pop an element from a list, push it to another list and return it', complexity: 'O(1)', handler: (c, a) => lmoveCommand(c, a, false) }),
  row({ name: 'rpoplpush', arity: 3, flags: 'write denyoom', keys: [1, 2, 1], since: '1.2.0', summary: 'Remove the last element in a list, prepend it to another list and return it', complexity: 'O(1)', handler: (c, a) => rpoplpushCommand(c, a, false) }),
  row({ name: 'lmpop', arity: -4, flags: 'write movablekeys', keys: [0, 0, 0], getKeys: mpopKeys(1), since: '7.0.0', summary: 'Pop elements from a list', complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.', handler: (c, a) => mpopCommand(c, a, 1, false) }),
  row({ name: 'blpop', arity: -3, flags: 'write noscript blocking', keys: [1, -2, 1], since: '2.0.0', summary: 'Remove and get the first element in a list, or block until one is available', complexity: 'O(N) where N is the number of provided keys.', handler: (c, a) => blockingPopCommand(c, a, End.Head) }),
  row({ name: 'brpop', arity: -3, flags: 'write noscript blocking', keys: [1, -2, 1], since: '2.0.0', summary: 'Remove and get the last element in a list, or block until one is available', complexity: 'O(N) where N is the number of provided keys.', handler: (c, a) => blockingPopCommand(c, a, End.Tail) }),
  row({ name: 'blmove', arity: 6, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], since: '6.2.0', summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', complexity: 'O(1)', handler: (c, a) => lmoveCommand(c, a, true) }),
  row({ name: 'brpoplpush', arity: 4, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], since: '2.2.0', summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', complexity: 'O(1)', handler: (c, a) => rpoplpushCommand(c, a, true) }),
  row({ name: 'blmpop', arity: -5, flags: 'write blocking movablekeys', keys: [0, 0, 0], getKeys: mpopKeys(2), since: '7.0.0', summary: 'Pop elements from a list, or block until one is available', complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.', handler: (c, a) => mpopCommand(c, a, 2, true) }),
];
