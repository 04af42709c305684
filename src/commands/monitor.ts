/**
 * MONITOR: after a command has run (Redis 7.0 feeds monitors from call(), so refused commands are
 * not shown and EXEC follows the commands it ran), every client in MONITOR mode receives one status
 * line `+<seconds>.<micros> [<db> <addr>] "arg" ...` with the arguments quoted as sdscatrepr does.
 * Commands flagged admin or skip_monitor are never shown; passwords are shown as "(redacted)".
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { addResetHook } from './connection';

const REDACTED = '(redacted)';

/** The arguments with secrets replaced, as 7.0's redactClientCommandArgument leaves them. */
export function redactedArgv(argv: readonly string[]): readonly string[] {
  const name = argv[0].toLowerCase();
  if (name === 'auth') return argv.map((a, i) => (i === 0 ? a : REDACTED));
  if (name === 'hello') {
    const out = argv.slice();
    for (let i = 2; i < out.length; i++) {
      if (out[i].toLowerCase() === 'auth' && i + 2 < out.length) {
        out[i + 1] = out[i + 2] = REDACTED;
        i += 2;
      }
    }
    return out;
  }
  return argv;
}

/** sdscatrepr: a double-quoted string with \n \r \t \a \b \\ \" escaped and other bytes as \xhh. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code === 7) out += '\\a';
    else if (code === 8) out += '\\b';
    else if (code >= 32 && code < 127) out += ch;
    else out += '\\x' + code.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** Redis's replicationFeedMonitors for a command `c` just ran. */
export function feedMonitors(c: Client, argv: readonly string[]): void {
  const nowUs = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const seconds = Math.floor(nowUs / 1e6);
  const micros = String(nowUs % 1e6).padStart(6, '0');
  let line = `${seconds}.${micros} [${c.db.id} ${c.address}]`;
  for (const arg of redactedArgv(argv)) line += ' ' + quoteRepr(arg);
  for (const monitor of c.server.monitors) {
    if (monitor.closed || monitor.replyMode !== 'on') continue;
    monitor.reply.simple(line);
    if (monitor !== c) monitor.server.scheduleFlush(monitor);
  }
}

function stopMonitoring(c: Client): void {
  c.server.monitors.delete(c);
  c.monitor = false;
}

function monitor(c: Client): void {
  if (c.multiState !== undefined) {
    c.reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  if (c.monitor) return;
  c.monitor = true;
  c.server.monitors.add(c);
  if (!c.onClose.includes(stopMonitoring)) c.onClose.push(stopMonitoring);
  c.reply.ok();
}

/** RESET leaves MONITOR mode. */
export function installMonitor(): void {
  addResetHook(stopMonitoring);
}

export const monitorCommands: CommandRow[] = [
  { name: 'monitor', arity: 1, flags: 'admin noscript loading stale', group: 'server', since: '1.0.0', summary: 'Listens for all requests received by the server in real-time.', handler: monitor },
];
