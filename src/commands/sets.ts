/**
 * Set commands (Redis's t_set.c) over store/set.ts. Writers create a set lazily with Redis's
 * setTypeCreate rule (intset when the first member is an integer), add through RedisSet.add or,
 * for many members at once (SADD, the STORE results), RedisSet.addMany, with
 * set-max-intset-entries, and report through Db.written or Db.add, then notify the keyspace event
 * Redis emits. SINTER, SINTERSTORE, SINTERCARD and SMEMBERS share one intersection path; SUNION,
 * SDIFF and their STORE forms one union/difference path that builds the result as a set first, so
 * the result's encoding and order are Redis's; SPOP and SRANDMEMBER with a count follow Redis's cases.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { RedisSet } from '../store/set';
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_SET } from './notify';
import { parseInteger } from './args';
import { SYNTAX_ERROR, WRONGTYPE } from '../resp/replies';
import { lookupEntryWrite, lookupValueRead, TypedEntry } from './lookup';
import { scanGeneric } from './scanargs';
import { parseRandomCount, pickRandom } from './sampling';

const NOT_POSITIVE = 'ERR value is out of range, must be positive';
/** Redis's SPOP_MOVE_STRATEGY_MUL: pop one by one while remaining * 5 > count, else rebuild. */
const SPOP_MOVE_STRATEGY_MUL = 5;

function maxIntset(c: Client): number {
  return c.server.config.int('set-max-intset-entries');
}

function setForRead(c: Client, key: string): RedisSet | undefined | null {
  return lookupValueRead(c, key, RedisSet);
}

function setEntryForWrite(c: Client, key: string): TypedEntry<RedisSet> | undefined | null {
  return lookupEntryWrite(c, key, RedisSet);
}

/** Reports members removed from the set at `e`: the event, and "del" when the key went away. */
function membersRemoved(c: Client, e: TypedEntry<RedisSet>, event: string): void {
  const keyRemoved = e.value.length === 0;
  c.db.written(e);
  notifyKeyspaceEvent(NOTIFY_SET, event, e.key, c.db.id);
  if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', e.key, c.db.id);
}

function sadd(c: Client, argv: string[]): void {
  const e = setEntryForWrite(c, argv[1]);
  if (e === null) return;
  const set = e === undefined ? new RedisSet(argv[2]) : e.value;
  const added = set.addMany(argv, 2, maxIntset(c));
  if (e === undefined) c.db.add(argv[1], set);
  else if (added > 0) c.db.written(e);
  if (added > 0) notifyKeyspaceEvent(NOTIFY_SET, 'sadd', argv[1], c.db.id);
  c.reply.int(added);
}

function srem(c: Client, argv: string[]): void {
  const e = setEntryForWrite(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    c.reply.int(0);
    return;
  }
  const set = e.value;
  let removed = 0;
  for (let i = 2; i < argv.length && set.length > 0; i++) if (set.remove(argv[i])) removed++;
  if (removed > 0) membersRemoved(c, e, 'srem');
  c.reply.int(removed);
}

function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const src = c.db.lookupWrite(srcKey);
  const dst = c.db.lookupWrite(dstKey);
  if (src === undefined) {
    c.reply.int(0);
    return;
  }
  if (!(src.value instanceof RedisSet) || (dst !== undefined && !(dst.value instanceof RedisSet))) {
    c.reply.error(WRONGTYPE);
    return;
  }
  if (src === dst) {
    c.reply.int(src.value.has(member) ? 1 : 0);
    return;
  }
  if (!src.value.remove(member)) {
    c.reply.int(0);
    return;
  }
  membersRemoved(c, src as TypedEntry<RedisSet>, 'srem');
  const set = dst === undefined ? new RedisSet(member) : (dst.value as RedisSet);
  if (set.add(member, maxIntset(c))) {
    if (dst === undefined) c.db.add(dstKey, set);
    else c.db.written(dst);
    notifyKeyspaceEvent(NOTIFY_SET, 'sadd', dstKey, c.db.id);
  }
  c.reply.int(1);
}

function sismember(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set !== null) c.reply.int(set?.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.int(set?.has(argv[i]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set !== null) c.reply.int(set?.length ?? 0);
}

/** Replies with a whole set as a RESP3 set (an array in RESP2), in encoding order. */
function replySet(c: Client, set: RedisSet): void {
  c.reply.set(set.length);
  for (const m of set.membersForReply()) c.reply.bulk(m);
}

/**
 * Looks up every key for reading: the sets (undefined for missing keys), or null after WRONGTYPE
 * on the first key of another type. Every key is checked, as Redis 7.0 does.
 */
function lookupSets(c: Client, keys: readonly string[]): Array<RedisSet | undefined> | null {
  const sets: Array<RedisSet | undefined> = [];
  for (const key of keys) {
    const set = setForRead(c, key);
    if (set === null) return null;
    sets.push(set);
  }
  return sets;
}

/** Stores a computed set at `dstKey` (deleting the key when empty) and replies with its size. */
function storeResult(c: Client, dstKey: string, result: RedisSet, event: string): void {
  if (result.length > 0) {
    c.db.setKey(dstKey, result);
    notifyKeyspaceEvent(NOTIFY_SET, event, dstKey, c.db.id);
  } else if (c.db.delete(dstKey)) {
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dstKey, c.db.id);
  }
  c.reply.int(result.length);
}

/** What sinterGeneric produces: the members, the cardinality only, or a stored set. */
type InterOutput = { kind: 'reply' } | { kind: 'card'; limit: number } | { kind: 'store'; dstKey: string };

/** Redis's sinterGenericCommand: iterate the smallest set, keep members found in all others. */
function sinterGeneric(c: Client, keys: readonly string[], out: InterOutput): void {
  const found = lookupSets(c, keys);
  if (found === null) return;
  const sets = found.filter((s): s is RedisSet => s !== undefined);
  const result = out.kind === 'store' ? new RedisSet() : undefined;
  const members: string[] = [];
  let cardinality = 0;
  if (sets.length === found.length) {
    sets.sort((a, b) => a.length - b.length);
    const max = maxIntset(c);
    for (const m of result !== undefined ? sets[0].members() : sets[0].membersForReply()) {
      let inAll = true;
      for (let j = 1; j < sets.length && inAll; j++) if (sets[j] !== sets[0] && !sets[j].has(m)) inAll = false;
      if (!inAll) continue;
      cardinality++;
      if (out.kind !== 'card') members.push(m);
      else if (out.limit > 0 && cardinality >= out.limit) break;
    }
    if (result !== undefined) result.addMany(members, 0, max);
  }
  if (out.kind === 'store') storeResult(c, out.dstKey, result as RedisSet, 'sinterstore');
  else if (out.kind === 'card') c.reply.int(cardinality);
  else {
    c.reply.set(members.length);
    for (const m of members) c.reply.bulk(m);
  }
}

function sinter(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(1), { kind: 'reply' });
}

function sinterstore(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(2), { kind: 'store', dstKey: argv[1] });
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercard(c: Client, argv: string[]): void {
  const numkeys = parseInteger(argv[1]);
  if (numkeys === null || numkeys < 1) {
    c.reply.error('ERR numkeys should be greater than 0');
    return;
  }
  if (numkeys > argv.length - 2) {
    c.reply.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'limit' && j + 1 < argv.length) {
      const n = parseInteger(argv[++j]);
      if (n === null || n < 0) {
        c.reply.error("ERR LIMIT can't be negative");
        return;
      }
      limit = n;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), { kind: 'card', limit });
}

const SET_OP_UNION = 0;
const SET_OP_DIFF = 1;

/**
 * Redis's sunionDiffGenericCommand: the result is built as a set (intset while it can be) and
 * then replied or stored. For SDIFF, algorithm 1 (test each member of the first set against the
 * others) or 2 (copy the first set, remove the others) is chosen by Redis's cost estimate, since
 * the choice shows in the result's encoding.
 */
function sunionDiffGeneric(c: Client, keys: readonly string[], dstKey: string | undefined, op: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const max = maxIntset(c);
  const result = new RedisSet();
  const first = sets[0];
  if (op === SET_OP_UNION) {
    for (const set of sets) if (set !== undefined) result.addMany([...set.members()], 0, max);
  } else if (first !== undefined && !sets.slice(1).includes(first)) {
    let algoOne = 0;
    let algoTwo = 0;
    for (const set of sets) {
      if (set === undefined) continue;
      algoOne += first.length;
      algoTwo += set.length;
    }
    if (Math.floor(algoOne / 2) <= algoTwo) {
      const kept = [...first.members()].filter((m) => !sets.some((s, j) => j > 0 && s !== undefined && s.has(m)));
      result.addMany(kept, 0, max);
    } else {
      result.addMany([...first.members()], 0, max);
      for (let j = 1; j < sets.length && result.length > 0; j++) {
        const set = sets[j];
        if (set !== undefined) for (const m of set.members()) result.remove(m);
      }
    }
  }
  if (dstKey === undefined) replySet(c, result);
  else storeResult(c, dstKey, result, op === SET_OP_UNION ? 'sunionstore' : 'sdiffstore');
}

function sunion(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), undefined, SET_OP_UNION);
}

function sunionstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1], SET_OP_UNION);
}

function sdiff(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), undefined, SET_OP_DIFF);
}

function sdiffstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1], SET_OP_DIFF);
}

/** SPOP key [count] */
function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]);
    if (n === null || n < 0) {
      c.reply.error(NOT_POSITIVE);
      return;
    }
    count = n;
  }
  const e = setEntryForWrite(c, argv[1]);
  if (e === null) return;
  if (e === undefined) {
    if (count < 0) c.reply.nullBulk();
    else c.reply.set(0);
    return;
  }
  const set = e.value;
  const random = c.server.keyspace.random;
  if (count < 0) {
    c.reply.bulk(set.popRandom(random.next()));
    membersRemoved(c, e, 'spop');
    return;
  }
  if (count === 0) {
    c.reply.set(0);
    return;
  }
  if (count >= set.length) {
    replySet(c, set);
    c.db.delete(argv[1]);
    notifyKeyspaceEvent(NOTIFY_SET, 'spop', argv[1], c.db.id);
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', argv[1], c.db.id);
    return;
  }
  const remaining = set.length - count;
  c.reply.set(count);
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) c.reply.bulk(set.popRandom(random.next()));
    c.db.written(e);
  } else {
    // Redis moves the survivors into a new set (setTypeCreate: it may become an intset again).
    let survivors: RedisSet | undefined;
    const max = maxIntset(c);
    for (let i = 0; i < remaining; i++) {
      const member = set.popRandom(random.next());
      survivors ??= new RedisSet(member);
      survivors.add(member, max);
    }
    for (const m of set.membersForReply()) c.reply.bulk(m);
    c.db.setKey(argv[1], survivors as RedisSet, true);
  }
  notifyKeyspaceEvent(NOTIFY_SET, 'spop', argv[1], c.db.id);
}

/** SRANDMEMBER key [count]: negative counts may repeat members, positive ones never do. */
function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  if (argv.length === 2) {
    const set = setForRead(c, argv[1]);
    if (set === null) return;
    if (set === undefined) c.reply.nullBulk();
    else c.reply.bulk(set.random(c.server.keyspace.random.next()));
    return;
  }
  const big = parseRandomCount(c, argv[2]);
  if (big === null) return;
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  const count = Number(big);
  if (set === undefined || count === 0) {
    c.reply.array(0);
    return;
  }
  const picked = pickRandom(set.length, count, c.server.keyspace.random, set.reader(), () => [...set.members()]);
  c.reply.array(picked.length);
  for (const m of picked.items) c.reply.bulk(m);
}

/** SSCAN key cursor [MATCH pattern] [COUNT count] */
function sscan(c: Client, argv: string[]): void {
  scanGeneric(c, argv, setForRead);
}

/** SINTERCARD's keys: argv[2 .. 2 + numkeys). */
function sintercardKeys(argv: readonly string[]): number[] {
  const n = parseInteger(argv[1] ?? '');
  const out: number[] = [];
  if (n === null) return out;
  for (let i = 2; i < 2 + n && i < argv.length; i++) out.push(i);
  return out;
}

const K1: readonly [number, number, number] = [1, 1, 1];
const ALL_KEYS: readonly [number, number, number] = [1, -1, 1];

export const setCommands: CommandRow[] = [
  { name: 'sadd', arity: -3, flags: 'write denyoom fast', keys: K1, group: 'set', since: '1.0.0', summary: 'Add one or more members to a set', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: sadd },
  { name: 'srem', arity: -3, flags: 'write fast', keys: K1, group: 'set', since: '1.0.0', summary: 'Remove one or more members from a set', complexity: 'O(N) where N is the number of members to be removed.', handler: srem },
  { name: 'smembers', arity: 2, flags: 'readonly', keys: K1, group: 'set', since: '1.0.0', summary: 'Get all the members in a set', complexity: 'O(N) where N is the set cardinality.', handler: sinter },
  { name: 'sismember', arity: 3, flags: 'readonly fast', keys: K1, group: 'set', since: '1.0.0', summary: 'Determine if a given value is a member of a set', complexity: 'O(1)', handler: sismember },
  { name: 'smismember', arity: -3, flags: 'readonly fast', keys: K1, group: 'set', since: '6.2.0', summary: 'Returns the membership associated with the given elements for a set', complexity: 'O(N) where N is the number of elements being checked for membership', handler: smismember },
  { name: 'scard', arity: 2, flags: 'readonly fast', keys: K1, group: 'set', since: '1.0.0', summary: 'Get the number of members in a set', complexity: 'O(1)', handler: scard },
  { name: 'spop', arity: -2, flags: 'write fast', keys: K1, group: 'set', since: '1.0.0', summary: 'Remove and return one or multiple random members from a set', complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.', handler: spop },
  { name: 'srandmember', arity: -2, flags: 'readonly', keys: K1, group: 'set', since: '1.0.0', summary: 'Get one or multiple random members from a set', complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.', handler: srandmember },
  { name: 'smove', arity: 4, flags: 'write fast', keys: [1, 2, 1], group: 'set', since: '1.0.0', summary: 'Move a member from one set to another', complexity: 'O(1)', handler: smove },
  { name: 'sinter', arity: -2, flags: 'readonly', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Intersect multiple sets', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', handler: sinter },
  { name: 'sunion', arity: -2, flags: 'readonly', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Add multiple sets', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: sunion },
  { name: 'sdiff', arity: -2, flags: 'readonly', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Subtract multiple sets', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: sdiff },
  { name: 'sinterstore', arity: -3, flags: 'write denyoom', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Intersect multiple sets and store the resulting set in a key', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', handler: sinterstore },
  { name: 'sunionstore', arity: -3, flags: 'write denyoom', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Add multiple sets and store the resulting set in a key', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: sunionstore },
  { name: 'sdiffstore', arity: -3, flags: 'write denyoom', keys: ALL_KEYS, group: 'set', since: '1.0.0', summary: 'Subtract multiple sets and store the resulting set in a key', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: sdiffstore },
  { name: 'sintercard', arity: -3, flags: 'readonly movablekeys', group: 'set', since: '7.0.0', summary: 'Intersect multiple sets and return the cardinality of the result', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', handler: sintercard, getKeys: sintercardKeys },
  { name: 'sscan', arity: -3, flags: 'readonly', keys: K1, group: 'set', since: '2.8.0', summary: 'Incrementally iterate Set elements', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..', handler: sscan },
];
