/**
 * Clients blocked on keys (Redis's blocked.c), shared by every blocking command: BLPOP, BRPOP,
 * BLMOVE, BRPOPLPUSH and BLMPOP here, BZPOPMIN, BZPOPMAX and BZMPOP for sorted sets. A command that
 * finds nothing to serve calls blockForKeys(); the client then waits, its later pipelined requests
 * held in its parser, until one of its keys becomes ready, its timeout passes, CLIENT UNBLOCK, or it
 * disconnects. A key becomes ready when it is created (keyCreated: any dbAdd, so pushes, RENAME,
 * MOVE, COPY, SMOVE ...), changed or overwritten (keyModified: RENAME or COPY REPLACE onto a key of
 * another type), or brought in by SWAPDB (dbFlushed rescans). Ready keys are served after the
 * current command completes (handleClientsBlockedOnKeys, run by the dispatcher after every
 * top-level command, so after EXEC as a whole), each key's clients in the order they blocked, for
 * as long as the key holds a value of the type they await.
 *
 * API for a blocking command family:
 * - parseTimeout(c, text): the absolute deadline in ms (0: for ever) or null after replying the error.
 * - blockForKeys(c, keys, deadline, handler, data): blocks c on keys of c.db. Inside MULTI, or when
 *   run by another command (EXEC runs its queue through call(), at callNesting depth 2), it does
 *   not block but answers handler.denied at once (Redis's CLIENT_DENY_BLOCKING). `handler` is a
 *   module-level BlockHandler<T> and `data` the parsed arguments it needs (no closure per call).
 * - BlockHandler.serve(c, db, key, entry, data) runs when `key` holds a non-empty value of
 *   handler.type: it must write exactly one reply and make the change; the client is then unblocked.
 *   BlockHandler.denied(c, data) replies when the client may not block. A passed deadline or
 *   CLIENT UNBLOCK answers a null array, as Redis does for every type.
 * - unblockClient(c, withError) for CLIENT UNBLOCK; isBlocked(c) and blockedClientCount(server) for
 *   CLIENT LIST and INFO.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { Db, Entry } from '../store/db';
import type { ValueType } from '../store/value';
import { INFINITE, LongDouble, parseLongDouble } from '../util/longdouble';

/** Run when a blocked client has been answered (served, timed out or CLIENT UNBLOCK): SLOWLOG. */
export const unblockListeners: Array<(c: Client) => void> = [];

/** How a family serves the clients it blocked, and answers where blocking is denied. */
export interface BlockHandler<T> {
  /** The type of value awaited; a key holding another type leaves the client blocked (Redis 7.0). */
  readonly type: Exclude<ValueType, 'string'>;
  /** Serves c from entry, a non-empty value of `type` at key in db: exactly one reply, and the change. */
  serve(c: Client, db: Db, key: string, entry: Entry, data: T): void;
  /** The reply of a command that would block where blocking is not allowed (MULTI, EXEC). */
  denied(c: Client, data: T): void;
}

/** One blocked client: what it waits on and how to serve it. */
interface BlockedClient {
  readonly client: Client;
  readonly db: Db;
  readonly keys: readonly string[];
  readonly handler: BlockHandler<unknown>;
  readonly data: unknown;
  timer: NodeJS.Timeout | undefined;
}

/** Per server: blocked clients by database and key, and the keys made ready by the current command. */
interface BlockingState {
  /** db -> key -> clients blocked on it; a Set iterates in insertion order, so FIFO per key. */
  readonly blockingKeys: Map<Db, Map<string, Set<BlockedClient>>>;
  /** Keys signalled ready since the last handleClientsBlockedOnKeys, without duplicates. */
  readyKeys: Array<{ db: Db; key: string }>;
  /** The same keys by database, to signal each key once per round. */
  readonly readySet: Map<Db, Set<string>>;
  /** Clients unblocked and waiting for their pipelined input to be processed. */
  unblocked: Client[];
  /** Clients blocked now; never negative. */
  blockedCount: number;
}

export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const UNBLOCKED_ERROR = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';

const states = new WeakMap<Server, BlockingState>();
const blockedClients = new WeakMap<Client, BlockedClient>();
const closeHooked = new WeakSet<Client>();
/**
 * Depth of command calls in progress, kept by the dispatcher's call(): 1 while a client's own
 * request runs, 2 or more for a command run by another (EXEC). Only depth 1 may block.
 */
export const callNesting = { depth: 0 };
/** Ready keys not yet handled, over every server: the dispatcher's O(1) test. */
export const blockingWork = { pending: 0 };

function stateOf(server: Server): BlockingState {
  let st = states.get(server);
  if (st !== undefined) return st;
  const state: BlockingState = { blockingKeys: new Map(), readyKeys: [], readySet: new Map(), unblocked: [], blockedCount: 0 };
  st = state;
  states.set(server, state);
  server.keyspace.listen({
    keyCreated: (db, key) => signalKeyAsReady(state, db, key),
    keyModified: (db, key) => {
      if (state.blockingKeys.has(db) && db.peek(key) !== undefined) signalKeyAsReady(state, db, key);
    },
    dbFlushed: (db) => scanDatabaseForReadyKeys(state, db),
  });
  return state;
}

/** Marks key ready if some client waits on it; served after the current command. */
function signalKeyAsReady(st: BlockingState, db: Db, key: string): void {
  const waiting = st.blockingKeys.get(db);
  if (waiting === undefined || !waiting.has(key)) return;
  let set = st.readySet.get(db);
  if (set === undefined) st.readySet.set(db, (set = new Set()));
  if (set.has(key)) return;
  set.add(key);
  st.readyKeys.push({ db, key });
  blockingWork.pending++;
}

/** After SWAPDB or a flush: every awaited key the database now holds is ready. */
function scanDatabaseForReadyKeys(st: BlockingState, db: Db): void {
  const waiting = st.blockingKeys.get(db);
  if (waiting === undefined) return;
  for (const key of waiting.keys()) if (db.peek(key) !== undefined) signalKeyAsReady(st, db, key);
}

/**
 * Redis's getTimeoutFromObjectOrReply in seconds: a long double as string2ld reads it (so strtold's
 * overflow and underflow are errors), times 1000 in long double, truncated to ms; an infinity or a
 * product that does not fit a signed 64-bit integer becomes LLONG_MIN in C, hence negative. Returns
 * the absolute deadline in ms since the epoch, 0 for ever, or null after replying the error.
 */
export function parseTimeout(c: Client, text: string): number | null {
  const plain = PLAIN_SECONDS.exec(text);
  if (plain !== null) {
    const ms = Number(plain[1]) * 1000 + Number((plain[2] ?? '').padEnd(3, '0'));
    return ms === 0 ? 0 : ms + c.server.keyspace.clock.nowMs;
  }
  const value = parseLongDouble(text);
  if (value === null) {
    c.reply.error(TIMEOUT_NOT_FLOAT);
    return null;
  }
  const ms = value === INFINITE ? null : millisecondsOf(value);
  if (ms === null || ms < 0n) {
    c.reply.error(TIMEOUT_NEGATIVE);
    return null;
  }
  return ms === 0n ? 0 : Number(ms) + c.server.keyspace.clock.nowMs;
}

const LLONG_MAX = 2n ** 63n - 1n;

/**
 * Seconds with at most 3 decimals and 12 integer digits: the long double product is then exactly
 * the decimal number of ms (its error stays under half an ulp of an integer), so no emulation.
 */
const PLAIN_SECONDS = /^([0-9]{1,12})(?:\.([0-9]{0,3}))?$/;

/**
 * (long long)(v * 1000.0L): the product rounded to a 64-bit significand (half to even), truncated
 * toward zero; null when it does not fit a long long (C gives LLONG_MIN).
 */
function millisecondsOf(v: LongDouble): bigint | null {
  const negative = v.m < 0n;
  let p = (negative ? -v.m : v.m) * 1000n;
  let e = v.e;
  const bits = p.toString(2).length;
  if (p !== 0n && bits > 64) {
    const shift = BigInt(bits - 64);
    let q = p >> shift;
    const rest = p - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
    p = q;
    e += bits - 64;
  }
  const whole = e >= 0 ? p << BigInt(e) : p >> BigInt(-e);
  if (whole > LLONG_MAX) return null;
  return negative ? -whole : whole;
}

/**
 * Blocks c on keys of its current database until one becomes ready, the deadline (ms since the
 * epoch, 0 for ever) passes, or CLIENT UNBLOCK. Where blocking is denied (MULTI, EXEC) the handler
 * answers its denied reply instead.
 */
export function blockForKeys<T>(c: Client, keys: readonly string[], deadline: number, handler: BlockHandler<T>, data: T): void {
  if (c.multiState !== undefined || callNesting.depth > 1) {
    handler.denied(c, data);
    return;
  }
  const st = stateOf(c.server);
  const bc: BlockedClient = { client: c, db: c.db, keys, handler: handler as BlockHandler<unknown>, data, timer: undefined };
  let waiting = st.blockingKeys.get(c.db);
  if (waiting === undefined) st.blockingKeys.set(c.db, (waiting = new Map()));
  for (const key of keys) {
    let queue = waiting.get(key);
    if (queue === undefined) waiting.set(key, (queue = new Set()));
    queue.add(bc);
  }
  blockedClients.set(c, bc);
  st.blockedCount++;
  c.parser.paused = true;
  if (deadline !== 0) armTimer(bc, deadline, c.server.keyspace.clock.nowMs);
  if (!closeHooked.has(c)) {
    closeHooked.add(c);
    c.onClose.push(forgetClient);
  }
}

/** Whether c waits in a blocking command (CLIENT LIST flag b). */
export function isBlocked(c: Client): boolean {
  return blockedClients.has(c);
}

/** Clients blocked on keys (INFO blocked_clients). */
export function blockedClientCount(server: Server): number {
  return states.get(server)?.blockedCount ?? 0;
}

/**
 * CLIENT UNBLOCK: answers a blocked client as if its timeout passed, or with the UNBLOCKED error.
 * Returns false when c was not blocked.
 */
export function unblockClient(c: Client, withError: boolean): boolean {
  const bc = blockedClients.get(c);
  if (bc === undefined) return false;
  if (withError) c.reply.error(UNBLOCKED_ERROR);
  else c.reply.nullArray();
  unblock(bc, true);
  return true;
}

/** Node timers hold at most 2^31 - 1 ms (about 24.8 days); longer waits re-arm on expiry. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fires the timeout at `deadline` (ms since the epoch), as seen from `now` on the server's clock. */
function armTimer(bc: BlockedClient, deadline: number, now: number): void {
  const delay = Math.max(0, deadline - now);
  const fire =
    delay > MAX_TIMER_MS
      ? () => armTimer(bc, deadline, bc.client.server.keyspace.clock.refresh())
      : () => replyToBlockedClientTimedOut(bc);
  bc.timer = setTimeout(fire, Math.min(delay, MAX_TIMER_MS));
  bc.timer.unref();
}

function replyToBlockedClientTimedOut(bc: BlockedClient): void {
  if (blockedClients.get(bc.client) !== bc) return;
  bc.client.server.keyspace.clock.refresh();
  bc.client.reply.nullArray();
  unblock(bc, true);
}

/** A blocked client went away: nothing of it stays behind. */
function forgetClient(c: Client): void {
  const bc = blockedClients.get(c);
  if (bc !== undefined) unblock(bc, false);
}

/** Removes bc from every key it waits on; when `resume`, queues its held input for processing. */
function unblock(bc: BlockedClient, resume: boolean): void {
  const c = bc.client;
  const st = stateOf(c.server);
  blockedClients.delete(c);
  st.blockedCount--;
  if (bc.timer !== undefined) clearTimeout(bc.timer);
  const waiting = st.blockingKeys.get(bc.db);
  if (waiting !== undefined) {
    for (const key of bc.keys) {
      const queue = waiting.get(key);
      if (queue === undefined) continue;
      queue.delete(bc);
      if (queue.size === 0) waiting.delete(key);
    }
    if (waiting.size === 0) st.blockingKeys.delete(bc.db);
  }
  if (!resume) return;
  for (const listener of unblockListeners) listener(c);
  c.server.scheduleFlush(c);
  st.unblocked.push(c);
  if (st.unblocked.length === 1) setImmediate(() => processUnblockedClients(st));
}

/**
 * Redis's processUnblockedClients, run on the next turn of the event loop: each unblocked client
 * goes on with the requests it pipelined behind the blocking command.
 */
function processUnblockedClients(st: BlockingState): void {
  const clients = st.unblocked;
  st.unblocked = [];
  for (const c of clients) {
    if (c.closed || c.closeAfterReply || blockedClients.has(c)) continue;
    c.parser.resume();
    c.server.scheduleFlush(c);
  }
}

/**
 * Redis's handleClientsBlockedOnKeys: serves the clients waiting on each ready key, in the order
 * they blocked, while the key holds a value of the type they await. Serving may create keys (BLMOVE
 * pushes), which are served in turn before this returns.
 */
export function handleClientsBlockedOnKeys(server: Server): void {
  const st = states.get(server);
  if (st === undefined) return;
  while (st.readyKeys.length > 0) {
    const ready = st.readyKeys;
    st.readyKeys = [];
    st.readySet.clear();
    blockingWork.pending -= ready.length;
    for (const { db, key } of ready) serveClientsBlockedOnKey(st, db, key);
  }
}

function serveClientsBlockedOnKey(st: BlockingState, db: Db, key: string): void {
  const queue = st.blockingKeys.get(db)?.get(key);
  if (queue === undefined) return;
  // Deleting the current element while iterating a Set is safe; nobody blocks during the loop.
  for (const bc of queue) {
    if (blockedClients.get(bc.client) !== bc) continue;
    const entry = db.lookupWrite(key);
    if (entry === undefined || typeof entry.value === 'string') return;
    if (entry.value.type !== bc.handler.type) continue;
    bc.handler.serve(bc.client, db, key, entry, bc.data);
    unblock(bc, true);
  }
}
