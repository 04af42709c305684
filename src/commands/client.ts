/**
 * The CLIENT command family (Redis's clientCommand in networking.c). CLIENT LIST and INFO print one
 * line per connection with Redis 7.0's fields, the flags letters coming from CLIENT_FLAG_LETTERS;
 * KILL matches every connection against all the given filters; PAUSE and UNPAUSE parse their
 * arguments and leave the pause itself to pause.ts.
 */
import type { Client } from '../net/client';
import { CLIENT_BASE_BYTES } from '../net/client';
import type { CommandRow } from './types';
import { pauseClients, PauseType, unpauseClients } from './pause';
import { parseInteger } from './args';
import { replyHelp } from './config';
import { addResetHook, clientNameError } from './connection';
import { aclOf } from './acl';
import { isBlocked, unblockClient } from './blocking';
import { subscriptionCount } from './pubsub';
import { SYNTAX_ERROR } from '../resp/replies';

/** getClientType: MASTER and REPLICA never occur here (no replication). */
type ClientType = 'normal' | 'pubsub';

/** getClientTypeByName; undefined for an unknown name. Replication types exist but match nobody. */
const CLIENT_TYPE_NAMES: ReadonlyMap<string, ClientType | 'replica' | 'master'> = new Map([
  ['normal', 'normal'],
  ['slave', 'replica'],
  ['replica', 'replica'],
  ['pubsub', 'pubsub'],
  ['master', 'master'],
]);

function clientType(c: Client): ClientType {
  return subscriptionCount(c) > 0 ? 'pubsub' : 'normal';
}

/** Flag letters of CLIENT LIST, in Redis's order; 'N' when none applies. */
const CLIENT_FLAG_LETTERS: ReadonlyArray<[string, (c: Client) => boolean]> = [
  ['O', (c) => c.monitor],
  ['P', (c) => subscriptionCount(c) > 0],
  ['x', (c) => c.multiState !== undefined],
  ['b', (c) => isBlocked(c) || c.postponed !== undefined],
  ['d', (c) => c.dirtyCas],
  ['c', (c) => c.closeAfterReply],
  ['e', (c) => c.noEvict],
  ['T', (c) => c.noTouch],
];

function flagsOf(c: Client): string {
  let out = '';
  for (const [letter, test] of CLIENT_FLAG_LETTERS) if (test(c)) out += letter;
  return out === '' ? 'N' : out;
}

/** The socket's descriptor: Node keeps it on the socket's internal handle; -1 when there is none. */
function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } })._handle;
  return handle?.fd ?? -1;
}

/** Redis's catClientInfoString. `argv` is the request being run when c is the caller. */
function clientInfoString(c: Client, argv: readonly string[] | undefined): string {
  const now = Date.now();
  const subs = c.subscriptions;
  const argvMem = argv === undefined ? 0 : argv.reduce((n, a) => n + a.length, 0);
  const mmem = c.multiState === undefined ? 0 : c.multiState.bytes;
  const qbuf = c.parser.pendingBytes;
  const omem = c.reply.pendingBytes + c.socket.writableLength;
  const cmd = c.currentCommand ?? c.lastCommand;
  // tot-mem: the connection's base cost, bufferBytes() (qbuf, omem and multi-mem) and argv-mem.
  return (
    `id=${c.id} addr=${c.address} laddr=${c.localAddress} fd=${socketFd(c)} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${flagsOf(c)} db=${c.dbIndex} sub=${subs?.channels.size ?? 0} psub=${subs?.patterns.size ?? 0}` +
    ` ssub=${subs?.shardChannels.size ?? 0} multi=${c.multiState === undefined ? -1 : c.multiState.queue.length}` +
    ` qbuf=${qbuf} qbuf-free=0 argv-mem=${argvMem} multi-mem=${mmem} obl=0 oll=0 omem=${omem}` +
    ` tot-mem=${CLIENT_BASE_BYTES + c.bufferBytes() + argvMem} events=r${omem > 0 ? 'w' : ''}` +
    ` cmd=${cmd === undefined ? 'NULL' : cmd.fullName} user=${c.user} redir=-1 resp=${c.reply.proto}`
  );
}

function clientList(c: Client, argv: string[]): void {
  const server = c.server;
  let selected: Client[];
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const type = CLIENT_TYPE_NAMES.get(argv[3].toLowerCase());
    if (type === undefined) {
      c.reply.error(`ERR Unknown client type '${argv[3]}'`);
      return;
    }
    selected = [...server.clients.values()].filter((cl) => clientType(cl) === type);
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    selected = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseInteger(argv[i]);
      if (id === null) {
        c.reply.error('ERR Invalid client ID');
        return;
      }
      const cl = server.clients.get(id);
      if (cl !== undefined) selected.push(cl);
    }
  } else if (argv.length !== 2) {
    c.reply.error(SYNTAX_ERROR);
    return;
  } else {
    selected = [...server.clients.values()];
  }
  let out = '';
  for (const cl of selected) out += clientInfoString(cl, cl === c ? argv : undefined) + '\n';
  c.reply.verbatim(out);
}

/** The filters of CLIENT KILL; an absent field matches every client. */
interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: string;
  id?: number;
  user?: string;
  skipme: boolean;
}

/** Parses CLIENT KILL's options, or replies with Redis's error and returns undefined. */
function parseKillFilter(c: Client, argv: string[]): KillFilter | undefined {
  if (argv.length === 3) return { addr: argv[2], skipme: false };
  const filter: KillFilter = { skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    const value = argv[i + 1];
    if (value === undefined) {
      c.reply.error(SYNTAX_ERROR);
      return undefined;
    }
    if (opt === 'id') {
      const id = parseInteger(value);
      if (id === null || id < 1) {
        c.reply.error('ERR client-id should be greater than 0');
        return undefined;
      }
      filter.id = id;
    } else if (opt === 'type') {
      const type = CLIENT_TYPE_NAMES.get(value.toLowerCase());
      if (type === undefined) {
        c.reply.error(`ERR Unknown client type '${value}'`);
        return undefined;
      }
      filter.type = type;
    } else if (opt === 'addr') {
      filter.addr = value;
    } else if (opt === 'laddr') {
      filter.laddr = value;
    } else if (opt === 'user') {
      if (aclOf(c.server).user(value) === undefined) {
        c.reply.error(`ERR No such user '${value}'`);
        return undefined;
      }
      filter.user = value;
    } else if (opt === 'skipme') {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') {
        c.reply.error(SYNTAX_ERROR);
        return undefined;
      }
      filter.skipme = v === 'yes';
    } else {
      c.reply.error(SYNTAX_ERROR);
      return undefined;
    }
  }
  return filter;
}

function killMatches(f: KillFilter, caller: Client, cl: Client): boolean {
  if (f.addr !== undefined && cl.address !== f.addr) return false;
  if (f.laddr !== undefined && cl.localAddress !== f.laddr) return false;
  if (f.type !== undefined && clientType(cl) !== f.type) return false;
  if (f.id !== undefined && cl.id !== f.id) return false;
  if (f.user !== undefined && cl.user !== f.user) return false;
  return !(cl === caller && f.skipme);
}

function clientKill(c: Client, argv: string[]): void {
  const filter = parseKillFilter(c, argv);
  if (filter === undefined) return;
  let killed = 0;
  let closeSelf = false;
  for (const cl of [...c.server.clients.values()]) {
    if (!killMatches(filter, c, cl)) continue;
    if (cl === c) closeSelf = true;
    else cl.close();
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) c.reply.error('ERR No such client');
    else c.reply.ok();
  } else {
    c.reply.int(killed);
  }
  if (closeSelf) c.closeAfterReply = true;
}

function clientSetName(c: Client, argv: string[]): void {
  const invalid = clientNameError(argv[2]);
  if (invalid !== undefined) {
    c.reply.error(invalid);
    return;
  }
  c.name = argv[2];
  c.reply.ok();
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2's extension; ioredis and others send it). */
function clientSetInfo(c: Client, argv: string[]): void {
  const attr = argv[2].toLowerCase();
  if (attr !== 'lib-name' && attr !== 'lib-ver') {
    c.reply.error(`ERR Unrecognized option '${argv[2]}'`);
    return;
  }
  const value = argv[3];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 33 || code > 126) {
      c.reply.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
      return;
    }
  }
  if (attr === 'lib-name') c.libName = value;
  else c.libVersion = value;
  c.reply.ok();
}

/** ON|OFF switches (NO-EVICT, NO-TOUCH): the new value, or undefined after a syntax error. */
function onOff(c: Client, text: string): boolean | undefined {
  const v = text.toLowerCase();
  if (v === 'on') return true;
  if (v === 'off') return false;
  c.reply.error(SYNTAX_ERROR);
  return undefined;
}

function clientNoEvict(c: Client, argv: string[]): void {
  const v = onOff(c, argv[2]);
  if (v === undefined) return;
  c.noEvict = v;
  c.reply.ok();
}

function clientNoTouch(c: Client, argv: string[]): void {
  const v = onOff(c, argv[2]);
  if (v === undefined) return;
  c.noTouch = v;
  c.reply.ok();
}

/** CLIENT REPLY: earlier replies of the batch leave first, so OFF and SKIP only drop what follows. */
function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    c.replyMode = 'on';
    c.reply.ok();
  } else if (mode === 'off') {
    c.flush();
    c.replyMode = 'off';
  } else if (mode === 'skip') {
    c.flush();
    if (c.replyMode !== 'off') c.replyMode = 'skip-next';
  } else {
    c.reply.error(SYNTAX_ERROR);
  }
}

function clientUnblock(c: Client, argv: string[]): void {
  let withError = false;
  if (argv.length === 4) {
    const reason = argv[3].toLowerCase();
    if (reason === 'error') withError = true;
    else if (reason !== 'timeout') {
      c.reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  } else if (argv.length > 4) {
    c.reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
    return;
  }
  const id = parseInteger(argv[2]);
  if (id === null) {
    c.reply.error('ERR value is not an integer or out of range');
    return;
  }
  const target = c.server.clients.get(id);
  if (target !== undefined && unblockClient(target, withError)) {
    c.server.scheduleFlush(target);
    c.reply.int(1);
  } else {
    c.reply.int(0);
  }
}

function clientPause(c: Client, argv: string[]): void {
  let type: PauseType = 'all';
  if (argv.length === 4) {
    const mode = argv[3].toLowerCase();
    if (mode === 'write') type = 'write';
    else if (mode !== 'all') {
      c.reply.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
      return;
    }
  } else if (argv.length > 4) {
    c.reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
    return;
  }
  const ms = parseInteger(argv[2]);
  if (ms === null) {
    c.reply.error('ERR timeout is not an integer or out of range');
    return;
  }
  if (ms < 0) {
    c.reply.error('ERR timeout is negative');
    return;
  }
  pauseClients(c.server, type, ms > 0 ? Date.now() + ms : 0);
  c.reply.ok();
}

function clientUnpause(c: Client): void {
  unpauseClients(c.server);
  c.reply.ok();
}

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'SETINFO <option> <value>',
  '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.',
  '    * LIB-VER: the client lib version.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)',
  "    Will not touch LRU/LFU stats when this mode is on.",
  'HELP',
  '    Prints this help.',
];

function resetReplyMode(c: Client): void {
  c.replyMode = 'on';
}

/** RESET turns replies back on. */
export function installClient(): void {
  addResetHook(resetReplyMode);
}

const CONN = 'noscript loading stale';
const ADMIN = 'admin noscript loading stale';

export const clientCommands: CommandRow[] = [
  {
    name: 'client',
    arity: -2,
    flags: '',
    group: 'connection',
    since: '2.4.0',
    summary: 'A container for client connection commands.',
    subcommands: [
      { name: 'id', arity: 2, flags: CONN, group: 'connection', since: '5.0.0', summary: 'Returns the unique client ID of the connection.', handler: (c) => c.reply.int(c.id) },
      { name: 'setname', arity: 3, flags: CONN, group: 'connection', since: '2.6.9', summary: 'Sets the connection name.', handler: clientSetName },
      { name: 'getname', arity: 2, flags: CONN, group: 'connection', since: '2.6.9', summary: 'Returns the name of the connection.', handler: (c) => c.reply.bulkOrNull(c.name === '' ? undefined : c.name) },
      { name: 'list', arity: -2, flags: ADMIN, group: 'connection', since: '2.4.0', summary: 'Lists open connections.', handler: clientList },
      { name: 'info', arity: 2, flags: CONN, group: 'connection', since: '6.2.0', summary: 'Returns information about the connection.', handler: (c, argv) => c.reply.verbatim(clientInfoString(c, argv) + '\n') },
      { name: 'kill', arity: -3, flags: ADMIN, group: 'connection', since: '2.4.0', summary: 'Terminates open connections.', handler: clientKill },
      { name: 'setinfo', arity: 4, flags: CONN, group: 'connection', since: '7.2.0', summary: 'Sets information specific to the client or connection.', handler: clientSetInfo },
      { name: 'no-evict', arity: 3, flags: ADMIN, group: 'connection', since: '7.0.0', summary: 'Sets the client eviction mode of the connection.', handler: clientNoEvict },
      { name: 'no-touch', arity: 3, flags: 'noscript loading stale', group: 'connection', since: '7.2.0', summary: 'Controls whether commands sent by the client affect the LRU/LFU of accessed keys.', handler: clientNoTouch },
      { name: 'pause', arity: -3, flags: ADMIN, group: 'connection', since: '3.0.0', summary: 'Suspends commands processing.', handler: clientPause },
      { name: 'unpause', arity: 2, flags: ADMIN, group: 'connection', since: '6.2.0', summary: 'Resumes processing commands from paused clients.', handler: clientUnpause },
      { name: 'unblock', arity: -3, flags: ADMIN, group: 'connection', since: '5.0.0', summary: 'Unblocks a client blocked by a blocking command from a different connection.', handler: clientUnblock },
      { name: 'reply', arity: 3, flags: CONN, group: 'connection', since: '3.2.0', summary: 'Instructs the server whether to reply to commands.', handler: clientReply },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'connection', since: '5.0.0', summary: 'Returns helpful text about the different subcommands.', handler: (c) => replyHelp(c, CLIENT_HELP) },
    ],
  },
];
