/**
 * The dispatcher: Redis's processCommand and call. Every request goes through the same checks, in
 * Redis's order: the command exists, its arity, authentication, the memory gate (eviction runs
 * before any command when maxmemory is set; deny-oom commands are refused when nothing could be
 * freed), then the handler runs and its statistics are recorded. A rejection is an error reply and
 * counts as a rejected call; a handler that replies with an error counts as a failed call.
 */
import type { Client } from '../net/client';
import { CMD_DENYOOM, CMD_NO_AUTH, Command } from './types';
import { OOM_ERROR, EvictionResult } from '../memory/accountant';
import { NOAUTH } from './auth';
import { aclCheckCommandPerm } from './acl';
import { blockingWork, callNesting, handleClientsBlockedOnKeys } from './blocking';

/** Runs one request from a client. */
export function processCommand(c: Client, argv: string[]): void {
  const server = c.server;
  server.keyspace.clock.refresh();
  let cmd = server.commands.lookup(argv[0]);
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
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    rejectCommand(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
    return;
  }
  if (!c.authenticated && (cmd.flagBits & CMD_NO_AUTH) === 0 && server.authRequired()) {
    rejectCommand(c, cmd, NOAUTH);
    return;
  }
  const denied = aclCheckCommandPerm(c, cmd, argv);
  if (denied !== undefined) {
    rejectCommand(c, cmd, denied);
    return;
  }
  if (server.memory.maxmemory > 0 && server.memory.performEvictions() === EvictionResult.Fail) {
    if ((cmd.flagBits & CMD_DENYOOM) !== 0 || (c.multiState !== undefined && !isTransactionControl(cmd))) {
      rejectCommand(c, cmd, OOM_ERROR);
      return;
    }
  }
  const hook = server.beforeCall;
  if (hook !== undefined && !hook(c, cmd, argv)) return;
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
  const server = c.server;
  const errorsBefore = c.reply.errorCount;
  const start = performance.now();
  c.currentCommand = cmd;
  callNesting.depth++;
  cmd.handler!(c, argv);
  callNesting.depth--;
  c.currentCommand = undefined;
  const stats = cmd.stats;
  stats.calls++;
  stats.usec += (performance.now() - start) * 1000;
  server.stats.commandsProcessed++;
  if (c.reply.errorCount !== errorsBefore) stats.failedCalls++;
  c.lastCommand = cmd;
}

/** Refuses a command with an error: a rejected call, and in MULTI the transaction is doomed. */
export function rejectCommand(c: Client, cmd: Command | undefined, message: string): void {
  if (cmd !== undefined) cmd.stats.rejectedCalls++;
  if (c.multiState !== undefined) c.multiState.dirty = true;
  c.reply.error(message);
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
