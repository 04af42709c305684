/**
 * The dispatcher: Redis's processCommand and call. Every request goes through the same checks, in
 * Redis's order: the command exists, its arity, authentication, MULTI's no_multi refusal, ACL, the
 * memory gate (eviction runs before any command when maxmemory is set; deny-oom commands are refused
 * when nothing could be freed), the RESP2 Pub/Sub context, CLIENT PAUSE (the request waits), MULTI
 * (the request is queued); then the handler runs and its statistics, MONITOR, SLOWLOG and LATENCY
 * are fed. A rejection is an error reply and counts as a rejected call (a rejected EXEC answers
 * EXECABORT); a handler that replies with an error counts as a failed call.
 */
import { latencyTracking, recordCommandLatency } from './latencystats';
import { protectedCommandAllowed, protectedCommandError } from './debug';
import type { Client } from '../net/client';
import { CMD_ADMIN, CMD_BLOCKING, CMD_DENYOOM, CMD_FAST, CMD_NO_AUTH, CMD_NO_MULTI, CMD_SKIP_MONITOR, CMD_SKIP_SLOWLOG, Command } from './types';
import { OOM_ERROR, EvictionResult } from '../memory/accountant';
import { NOAUTH } from './auth';
import { aclCheckCommandPerm, aclCheckQueuedCommandPerm } from './acl';
import { execCommandAbort, queuedDenyOom, queueMultiCommand } from './multi';
import { subscriberContextError } from './pubsub';
import { pausedFor, postponeCommand } from './pause';
import { feedMonitors } from './monitor';
import { blockingWork, callNesting, handleClientsBlockedOnKeys, isBlocked } from './blocking';

/** Runs one request from a client. */
export function processCommand(c: Client, argv: string[]): void {
  const server = c.server;
  let cmd = server.commands.lookup(argv[0]);
  // Redis's c->lastcmd (CLIENT LIST's cmd=): whatever the lookup found, even if refused later.
  c.lastCommand = undefined;
  if (cmd === undefined) {
    rejectCommand(c, undefined, unknownCommandError(argv));
    return;
  }
  if (cmd.subcommands !== undefined && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (sub === undefined) {
      rejectCommand(c, undefined, `ERR unknown subcommand '${clip(argv[1], 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
      return;
    }
    cmd = sub;
  }
  c.lastCommand = cmd;
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    rejectCommand(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
    return;
  }
  if (cmd.row.protectedBy !== undefined && !protectedCommandAllowed(c, cmd.row.protectedBy)) {
    rejectCommand(c, cmd, protectedCommandError(cmd.row.protectedBy));
    return;
  }
  if (!c.authenticated && (cmd.flagBits & CMD_NO_AUTH) === 0 && server.authRequired()) {
    rejectCommand(c, cmd, NOAUTH);
    return;
  }
  if (c.multiState !== undefined && (cmd.flagBits & CMD_NO_MULTI) !== 0) {
    rejectCommand(c, cmd, 'ERR Command not allowed inside a transaction');
    return;
  }
  const denied = aclCheckCommandPerm(c, cmd, argv);
  if (denied !== undefined) {
    rejectCommand(c, cmd, denied);
    return;
  }
  if (server.memory.maxmemory > 0 && server.memory.performEvictions() === EvictionResult.Fail) {
    const denyOom = (cmd.flagBits & CMD_DENYOOM) !== 0 || (cmd.fullName === 'exec' && queuedDenyOom(c));
    if (denyOom || (c.multiState !== undefined && !isTransactionControl(cmd))) {
      rejectCommand(c, cmd, OOM_ERROR);
      return;
    }
  }
  const contextError = subscriberContextError(c, cmd);
  if (contextError !== undefined) {
    rejectCommand(c, cmd, contextError);
    return;
  }
  if (pausedFor(c, cmd)) {
    postponeCommand(c, argv);
    return;
  }
  if (queueMultiCommand(c, cmd, argv)) return;
  call(c, cmd, argv);
  if (blockingWork.pending !== 0) handleClientsBlockedOnKeys(server);
}

/** Inside MULTI, Redis 7.0 refuses every command but these when over the memory limit. */
export function isTransactionControl(cmd: Command): boolean {
  const name = cmd.fullName;
  return name === 'exec' || name === 'discard' || name === 'quit' || name === 'reset';
}

/** Runs a command that passed every check, recording its statistics (Redis's call()). */
export function call(c: Client, cmd: Command, argv: string[]): void {
  if (c.multiState !== undefined && callNesting.depth > 0) {
    // A command queued by MULTI, run by EXEC: the user's rules may have changed since it was queued.
    const denied = aclCheckQueuedCommandPerm(c, cmd, argv);
    if (denied !== undefined) {
      c.reply.error(denied);
      return;
    }
  }
  const server = c.server;
  const errorsBefore = c.reply.errorCount;
  const start = performance.now();
  c.currentCommand = cmd;
  // CLIENT NO-TOUCH: only TOUCH itself refreshes access times.
  if (c.noTouch) server.keyspace.touchEnabled = cmd.fullName === 'touch';
  callNesting.depth++;
  cmd.handler!(c, argv);
  callNesting.depth--;
  // Keys the command deleted may still have been read by it; their handles are recycled now.
  if (callNesting.depth === 0 && server.keyspace.pendingRelease) server.keyspace.releasePending();
  c.currentCommand = undefined;
  server.keyspace.touchEnabled = true;
  const stats = cmd.stats;
  const usec = (performance.now() - start) * 1000;
  stats.calls++;
  stats.usec += usec;
  server.stats.commandsProcessed++;
  if (c.reply.errorCount !== errorsBefore) stats.failedCalls++;
  if (latencyTracking.enabled) recordCommandLatency(cmd, usec);
  c.lastCommand = cmd;
  const bits = cmd.flagBits;
  if (server.monitors.size !== 0 && (bits & (CMD_SKIP_MONITOR | CMD_ADMIN)) === 0) feedMonitors(c, argv);
  if ((bits & CMD_BLOCKING) !== 0 && isBlocked(c)) {
    // As Redis, a command that blocked reaches SLOWLOG when it is answered (slowlog.ts).
    if ((bits & CMD_SKIP_SLOWLOG) === 0) server.slowlog.deferUntilUnblocked(c, argv, usec);
    return;
  }
  if ((bits & CMD_SKIP_SLOWLOG) === 0) server.slowlog.pushIfNeeded(c, argv, usec);
  server.latency.addSampleIfNeeded(bits & CMD_FAST ? 'fast-command' : 'command', usec / 1000);
}

/** Refuses a command with an error: a rejected call, and in MULTI the transaction is doomed. */
export function rejectCommand(c: Client, cmd: Command | undefined, message: string): void {
  if (cmd !== undefined) cmd.stats.rejectedCalls++;
  if (c.multiState !== undefined) c.multiState.dirty = true;
  if (cmd !== undefined && cmd.fullName === 'exec') execCommandAbort(c, message);
  else c.reply.error(message);
}

/** "ERR unknown command 'foo', with args beginning with: 'a' 'b' " with Redis's 128-char limits. */
export function unknownCommandError(argv: readonly string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${clip(argv[i], 128 - args.length)}' `;
  }
  return `ERR unknown command '${clip(argv[0], 128)}', with args beginning with: ${args}`;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}
