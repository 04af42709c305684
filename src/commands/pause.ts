/**
 * CLIENT PAUSE (Redis's pauseClients): while a pause is in force (all: every command; write:
 * commands that write or may replicate, and EXEC of such), the dispatcher hands a request to
 * postponeCommand: the client stops reading, and its request runs again, in order, when the pause
 * ends (CLIENT UNPAUSE or the deadline), so commands are delayed, never dropped. Meanwhile the
 * dataset stays static (Keyspace.paused): no key expires or is evicted. A new pause replaces the
 * type and keeps the later deadline, as Redis does.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { Command } from './types';
import { CMD_MAY_REPLICATE, CMD_WRITE } from './types';
import { isBlocked } from './blocking';

export type PauseType = 'write' | 'all';

interface PauseState {
  /** undefined while no pause is in force. */
  type: PauseType | undefined;
  /** ms since the epoch when the pause ends by itself. */
  end: number;
  timer: NodeJS.Timeout | undefined;
  /** Clients holding a postponed request, in the order they were stopped. */
  postponed: Client[];
}

const pauses = new WeakMap<Server, PauseState>();
/** Servers with a pause in force, so that the dispatcher's check costs nothing otherwise. */
let pausedServers = 0;

function pauseOf(server: Server): PauseState {
  let p = pauses.get(server);
  if (p === undefined) {
    p = { type: undefined, end: 0, timer: undefined, postponed: [] };
    pauses.set(server, p);
  }
  return p;
}

const WRITES = CMD_WRITE | CMD_MAY_REPLICATE;

/** Whether the pause in force holds `cmd` back (processCommand's is_may_replicate_command test). */
export function pausedFor(c: Client, cmd: Command): boolean {
  if (pausedServers === 0) return false;
  const type = pauses.get(c.server)?.type;
  if (type === undefined) return false;
  if (type === 'all' || (cmd.flagBits & WRITES) !== 0) return true;
  if (cmd.fullName !== 'exec' || c.multiState === undefined) return false;
  return c.multiState.queue.some((q) => (q.cmd.flagBits & WRITES) !== 0);
}

/** Holds a request until the pause ends; the client reads nothing more meanwhile. */
export function postponeCommand(c: Client, argv: string[]): void {
  c.postponed = argv;
  pauseOf(c.server).postponed.push(c);
}

/** Starts or extends a pause; `end` is ms since the epoch (0: ends at once, at the next turn). */
export function pauseClients(server: Server, type: PauseType, end: number): void {
  const p = pauseOf(server);
  if (p.type === undefined) pausedServers++;
  server.keyspace.paused = true;
  p.type = type;
  if (end > p.end) p.end = end;
  armPauseTimer(server, p);
}

/** Ends the pause and runs the postponed requests, each client then resuming its buffered input. */
export function unpauseClients(server: Server): void {
  const p = pauseOf(server);
  if (p.type !== undefined) pausedServers--;
  server.keyspace.paused = false;
  p.type = undefined;
  p.end = 0;
  if (p.timer !== undefined) clearTimeout(p.timer);
  p.timer = undefined;
  const waiting = p.postponed;
  p.postponed = [];
  for (const c of waiting) {
    const argv = c.postponed;
    if (argv === undefined || c.closed) continue;
    c.postponed = undefined;
    c.onRequest(argv);
    if (c.postponed === undefined && !c.closeAfterReply && !isBlocked(c)) c.parser.resume();
    server.scheduleFlush(c);
  }
}

/** Node timers hold at most 2^31 - 1 ms (about 24.8 days); a longer pause re-arms on expiry. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Ends the pause at p.end (ms since the epoch). */
function armPauseTimer(server: Server, p: PauseState): void {
  if (p.timer !== undefined) clearTimeout(p.timer);
  const delay = p.end - Date.now();
  p.timer = setTimeout(() => {
    if (p.end > Date.now()) armPauseTimer(server, p);
    else unpauseClients(server);
  }, Math.min(Math.max(0, delay), MAX_TIMER_MS));
  p.timer.unref();
}
