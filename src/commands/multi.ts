/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH and UNWATCH as Redis 7.0 (multi.c). Between MULTI and
 * EXEC the dispatcher queues every command but the transaction controls (queueOrRun); a command
 * rejected while queueing marks the transaction dirty and EXEC answers EXECABORT. WATCH is optimistic
 * locking: each server keeps, per database, the clients watching each key, and any change to a
 * watched key (a write, an expiry, an eviction, a flush or SWAPDB touching it) sets the watcher's
 * dirtyCas, after which EXEC answers a null array. A key already expired when it was watched only
 * counts as changed when it comes back to life; one that expires after WATCH makes EXEC fail.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { Db } from '../store/db';
import type { Command, CommandRow } from './types';
import { CMD_DENYOOM } from './types';
import { call } from './dispatch';
import { QUEUED_ARG, QUEUED_COMMAND, stringBytes } from '../memory/costs';
import { addResetHook } from './connection';

/** One WATCHed key of a client. */
export interface WatchedKey {
  db: Db;
  key: string;
  /** The key existed but was logically expired at WATCH time (7.0's watchedKey.expired). */
  expired: boolean;
}

/** Per database: key -> clients watching it. A key with no watcher is removed. */
type WatchRegistry = Map<Db, Map<string, Set<Client>>>;

const registries = new WeakMap<Server, WatchRegistry>();

function registryOf(server: Server): WatchRegistry {
  let r = registries.get(server);
  if (r === undefined) {
    r = new Map();
    registries.set(server, r);
  }
  return r;
}

/** Commands that run at once inside MULTI instead of being queued (processCommand's list). */
const RUN_INSIDE_MULTI = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** Queues `cmd` when the client is inside MULTI and answers +QUEUED; false when it must run now. */
export function queueMultiCommand(c: Client, cmd: Command, argv: string[]): boolean {
  const state = c.multiState;
  if (state === undefined || RUN_INSIDE_MULTI.has(cmd.fullName)) return false;
  state.queue.push({ cmd, argv });
  state.bytes += queuedCommandBytes(argv);
  c.reply.simple('QUEUED');
  return true;
}

/** What a queued command holds, in bytes; counted as the client's memory as in Redis (multi-mem). */
export function queuedCommandBytes(argv: readonly string[]): number {
  let bytes = QUEUED_COMMAND;
  for (const a of argv) bytes += QUEUED_ARG + stringBytes(a.length);
  return bytes;
}

/** Whether EXEC would run a deny-oom command (EXEC is then refused as one when memory is full). */
export function queuedDenyOom(c: Client): boolean {
  const state = c.multiState;
  if (state === undefined) return false;
  for (const q of state.queue) if (q.cmd.flagBits & CMD_DENYOOM) return true;
  return false;
}

/** EXECABORT for an EXEC the dispatcher refused (arity, OOM ...): the transaction is discarded. */
export function execCommandAbort(c: Client, message: string): void {
  discardTransaction(c);
  c.reply.error(`EXECABORT Transaction discarded because of: ${message.startsWith('ERR ') ? message.slice(4) : message}`);
}

function discardTransaction(c: Client): void {
  c.multiState = undefined;
  c.dirtyCas = false;
  unwatchAllKeys(c);
}

function multi(c: Client): void {
  if (c.multiState !== undefined) {
    c.reply.error('ERR MULTI calls can not be nested');
    return;
  }
  c.multiState = { dirty: false, queue: [], bytes: 0 };
  c.reply.ok();
}

function discard(c: Client): void {
  if (c.multiState === undefined) {
    c.reply.error('ERR DISCARD without MULTI');
    return;
  }
  discardTransaction(c);
  c.reply.ok();
}

/** 7.0's isWatchedKeyExpired: a key alive at WATCH time whose TTL has passed since. */
function watchedKeyExpired(c: Client): boolean {
  for (const wk of c.watched) {
    if (wk.expired) continue;
    const e = wk.db.peek(wk.key);
    if (e !== undefined && e.expireAt !== 0 && c.server.keyspace.isExpired(e)) return true;
  }
  return false;
}

function exec(c: Client): void {
  const state = c.multiState;
  if (state === undefined) {
    c.reply.error('ERR EXEC without MULTI');
    return;
  }
  if (state.dirty) {
    discardTransaction(c);
    c.reply.error('EXECABORT Transaction discarded because of previous errors.');
    return;
  }
  if (c.dirtyCas || watchedKeyExpired(c)) {
    discardTransaction(c);
    c.reply.nullArray();
    return;
  }
  unwatchAllKeys(c);
  // multiState stays set while the queue runs: blocking commands answer at once (blocking.ts).
  c.reply.array(state.queue.length);
  for (const { cmd, argv } of state.queue) call(c, cmd, argv);
  c.multiState = undefined;
}

function watch(c: Client, argv: string[]): void {
  if (c.multiState !== undefined) {
    c.reply.error('ERR WATCH inside MULTI is not allowed');
    return;
  }
  // A client already known to fail its EXEC gains nothing from more keys (7.0 skips them too).
  if (!c.dirtyCas) for (let i = 1; i < argv.length; i++) watchForKey(c, argv[i]);
  c.reply.ok();
}

function unwatch(c: Client): void {
  unwatchAllKeys(c);
  c.dirtyCas = false;
  c.reply.ok();
}

function watchForKey(c: Client, key: string): void {
  const db = c.db;
  for (const wk of c.watched) if (wk.db === db && wk.key === key) return;
  const reg = registryOf(c.server);
  let keys = reg.get(db);
  if (keys === undefined) {
    keys = new Map();
    reg.set(db, keys);
  }
  let clients = keys.get(key);
  if (clients === undefined) {
    clients = new Set();
    keys.set(key, clients);
  }
  clients.add(c);
  const e = db.peek(key);
  const expired = e !== undefined && e.expireAt !== 0 && c.server.keyspace.isExpired(e);
  // Close hooks are never removed (Client.detach iterates them): the hook is idempotent instead.
  if (!c.onClose.includes(unwatchAllKeys)) c.onClose.push(unwatchAllKeys);
  c.watched.push({ db, key, expired });
}

function unwatchAllKeys(c: Client): void {
  if (c.watched.length === 0) return;
  const reg = registryOf(c.server);
  for (const wk of c.watched) {
    const keys = reg.get(wk.db);
    const clients = keys?.get(wk.key);
    if (clients === undefined) continue;
    clients.delete(c);
    if (clients.size > 0) continue;
    keys!.delete(wk.key);
    // An empty registry lets every write skip touchWatchedKey at its first test.
    if (keys!.size === 0) reg.delete(wk.db);
  }
  c.watched = [];
}

/** Marks a watcher dirty; it no longer needs its keys watched. */
function flagDirty(c: Client): void {
  c.dirtyCas = true;
  unwatchAllKeys(c);
}

function findWatched(c: Client, db: Db, key: string): WatchedKey | undefined {
  for (const wk of c.watched) if (wk.db === db && wk.key === key) return wk;
  return undefined;
}

/** Redis's touchWatchedKey: a watched key changed. Runs on every write: cheap when nothing is watched. */
function touchWatchedKey(reg: WatchRegistry, db: Db, key: string): void {
  if (reg.size === 0) return;
  const clients = reg.get(db)?.get(key);
  if (clients === undefined) return;
  for (const c of [...clients]) {
    const wk = findWatched(c, db, key);
    if (wk !== undefined && wk.expired) {
      // Deleting a key that was already expired at WATCH time is no logical change.
      if (db.peek(key) === undefined) wk.expired = false;
      continue;
    }
    flagDirty(c);
  }
}

/**
 * Redis's touchAllWatchedKeysInDb: `emptied` is about to be flushed, or to take `replacedWith`'s
 * keys (SWAPDB). Only keys that exist on either side count as changed.
 */
function touchAllWatchedKeysInDb(server: Server, emptied: Db, replacedWith: Db | undefined): void {
  const keys = registryOf(server).get(emptied);
  if (keys === undefined) return;
  const ks = server.keyspace;
  for (const [key, clients] of [...keys]) {
    const before = emptied.peek(key);
    const after = replacedWith?.peek(key);
    if (before === undefined && after === undefined) continue;
    const afterExpired = after !== undefined && after.expireAt !== 0 && ks.isExpired(after);
    for (const c of [...clients]) {
      const wk = findWatched(c, emptied, key);
      if (wk === undefined) continue;
      if (wk.expired) {
        if (after === undefined) {
          wk.expired = false;
          continue;
        }
        if (afterExpired) continue;
      } else if (before === undefined && afterExpired) {
        wk.expired = true;
        continue;
      }
      flagDirty(c);
    }
  }
}

/** Connects WATCH to the keyspace's change signals. */
export function installMulti(server: Server): void {
  const reg = registryOf(server);
  server.keyspace.listen({
    keyModified: (db, key) => touchWatchedKey(reg, db, key),
    keyExpired: (db, key) => touchWatchedKey(reg, db, key),
    dbEmptying: (emptied, replacedWith) => touchAllWatchedKeysInDb(server, emptied, replacedWith),
  });
  addResetHook(discardTransaction);
}

const CONTROL_FLAGS = 'noscript loading stale fast allow_busy';

export const multiCommands: CommandRow[] = [
  { name: 'multi', arity: 1, flags: CONTROL_FLAGS, group: 'transactions', since: '1.2.0', summary: 'Starts a transaction.', handler: multi },
  { name: 'exec', arity: 1, flags: 'noscript loading stale skip_slowlog', group: 'transactions', since: '1.2.0', summary: 'Executes all commands in a transaction.', handler: exec },
  { name: 'discard', arity: 1, flags: CONTROL_FLAGS, group: 'transactions', since: '2.0.0', summary: 'Discards a transaction.', handler: discard },
  { name: 'watch', arity: -2, flags: CONTROL_FLAGS, keys: [1, -1, 1], group: 'transactions', since: '2.2.0', summary: 'Monitors changes to keys to determine the execution of a transaction.', handler: watch },
  { name: 'unwatch', arity: 1, flags: CONTROL_FLAGS, group: 'transactions', since: '2.2.0', summary: 'Forgets about watched keys of a transaction.', handler: unwatch },
];
