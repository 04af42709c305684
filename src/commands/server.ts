/**
 * Server commands: INFO, COMMAND (and its subcommands), DEBUG, TIME and SHUTDOWN. COMMAND answers
 * from the command table with Redis 7.0's reply shapes: a 10-element entry per command (name, arity,
 * flags, first/last/step, ACL categories, tips, key specs, subcommands) and a documentation map,
 * taking key specs, tips and documentation from Redis 7.0's command reference (command-docs.ts).
 * Flags and categories are printed in Redis's own order (its flag and ACL-category tables), so the
 * table rows may list them in any order.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import { CMD_READONLY, Command, CommandArgDoc, CommandDoc, CommandFlag, CommandRow, KeySpec } from './types';
import { COMMAND_DOCS, COMMAND_KEY_SPECS, COMMAND_TIPS } from './command-docs';
import { keysFromSpecs } from './key-specs';
import { keyPositions } from './table';
import { compileGlob } from '../util/glob';
import { SYNTAX_ERROR } from '../resp/replies';
import { infoCommand } from './info';
import { debug } from './debug';
import { replyHelp } from './config';
import { ACL_CATEGORIES } from './acl';

/** Redis's commandFlagNames order. */
const FLAG_ORDER: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'fast',
  'no_auth',
  'may_replicate',
  'no_mandatory_keys',
  'no_multi',
  'movablekeys',
  'allow_busy',
];


function words(s: string | undefined): string[] {
  return (s ?? '').split(/\s+/).filter((w) => w !== '');
}

/** The command's flags as COMMAND INFO prints them, movablekeys included for computed key positions. */
export function commandFlagNames(cmd: Command): CommandFlag[] {
  const movable = cmd.row.getKeys !== undefined;
  return FLAG_ORDER.filter((f) => cmd.flagNames.includes(f) || (f === 'movablekeys' && movable));
}

export function commandCategories(cmd: Command): string[] {
  const own = new Set(cmd.aclCategories.map((c) => c.slice(1)));
  return ACL_CATEGORIES.filter((c) => own.has(c)).map((c) => '@' + c);
}

/** Flags of a key no key spec describes: the row's, or RO access / Redis's worst case RW update. */
function defaultKeyFlags(cmd: Command): string[] {
  if (cmd.row.keySpecFlags !== undefined) return words(cmd.row.keySpecFlags);
  return cmd.flagBits & CMD_READONLY ? ['RO', 'access'] : ['RW', 'update'];
}

function hasKeys(cmd: Command): boolean {
  return cmd.firstKey > 0 || cmd.row.getKeys !== undefined;
}

/** Resolves 'get' or 'config|get' in any case, as Redis's lookupCommandBySds. */
export function lookupCommandByName(server: Server, name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return server.commands.lookup(name);
  const parent = server.commands.lookup(name.slice(0, bar));
  return parent?.subcommands?.get(name.slice(bar + 1).toLowerCase());
}

/** A set of status strings (flags, ACL categories): a RESP3 set, an array in RESP2. */
function replySimpleSet(c: Client, items: readonly string[]): void {
  c.reply.set(items.length);
  for (const item of items) c.reply.simple(item);
}

/**
 * The key specs COMMAND INFO prints: Redis 7.0's own (command-docs.ts) where respkv's table has the
 * command, otherwise one range spec derived from the row's key positions.
 */
function keySpecsOf(cmd: Command): readonly KeySpec[] {
  const known = COMMAND_KEY_SPECS[cmd.fullName];
  if (known !== undefined) return known;
  if (cmd.firstKey <= 0) return [];
  const lastkey = cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey;
  return [
    {
      flags: defaultKeyFlags(cmd),
      begin_search: { type: 'index', spec: { index: cmd.firstKey } },
      find_keys: { type: 'range', spec: { lastkey, keystep: cmd.keyStep, limit: 0 } },
    },
  ];
}

/** A key spec's map, its fields in Redis's order; numbers are integers, flags a set. */
function replyKeySpec(c: Client, spec: KeySpec): void {
  const r = c.reply;
  r.map(spec.notes === undefined ? 3 : 4);
  if (spec.notes !== undefined) {
    r.bulk('notes');
    r.bulk(spec.notes);
  }
  r.bulk('flags');
  replySimpleSet(c, spec.flags);
  for (const [name, part] of [
    ['begin_search', spec.begin_search],
    ['find_keys', spec.find_keys],
  ] as const) {
    r.bulk(name);
    r.map(2);
    r.bulk('type');
    r.bulk(part.type);
    r.bulk('spec');
    const fields = Object.entries(part.spec);
    r.map(fields.length);
    for (const [k, v] of fields) {
      r.bulk(k);
      if (typeof v === 'number') r.int(v);
      else r.bulk(v);
    }
  }
}

/** A COMMAND INFO entry: the 10 fields of Redis 7.0's addReplyCommandInfo. */
function replyCommandInfo(c: Client, cmd: Command): void {
  const r = c.reply;
  const flags = commandFlagNames(cmd);
  const categories = commandCategories(cmd);
  const tips = words(COMMAND_TIPS[cmd.fullName] ?? cmd.row.tips);
  r.array(10);
  r.bulk(cmd.fullName);
  r.int(cmd.arity);
  replySimpleSet(c, flags);
  r.int(cmd.firstKey);
  r.int(cmd.lastKey);
  r.int(cmd.keyStep);
  replySimpleSet(c, categories);
  r.set(tips.length);
  for (const t of tips) r.bulk(t);
  const specs = keySpecsOf(cmd);
  r.set(specs.length);
  for (const spec of specs) replyKeySpec(c, spec);
  if (cmd.subcommands === undefined) {
    r.set(0);
  } else {
    r.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) replyCommandInfo(c, sub);
  }
}

/** One argument's map; nested arguments (oneof, block) recursively. */
function replyArgumentDoc(c: Client, arg: CommandArgDoc): void {
  const r = c.reply;
  const fields = Object.entries(arg);
  r.map(fields.length);
  for (const [name, value] of fields) {
    r.bulk(name);
    if (typeof value === 'number') {
      r.int(value);
    } else if (typeof value === 'string') {
      r.bulk(value);
    } else if (name === 'arguments') {
      r.array(value.length);
      for (const sub of value as readonly CommandArgDoc[]) replyArgumentDoc(c, sub);
    } else {
      replySimpleSet(c, value as readonly string[]);
    }
  }
}

/**
 * A COMMAND DOCS entry: Redis 7.0's documentation of the command (command-docs.ts), fields in its
 * order, or the row's summary, since, group and complexity for commands Redis 7.0 lacks; then the
 * docs of the subcommands respkv has.
 */
function replyCommandDocs(c: Client, cmd: Command): void {
  const r = c.reply;
  const row: CommandRow = cmd.row;
  const doc: CommandDoc = COMMAND_DOCS[cmd.fullName] ?? { summary: row.summary, since: row.since, group: row.group, complexity: row.complexity };
  const fields = Object.entries(doc).filter(([, v]) => v !== undefined);
  const subs = cmd.subcommands;
  r.map(fields.length + (subs ? 1 : 0));
  for (const [name, value] of fields) {
    r.bulk(name);
    if (typeof value === 'string') {
      r.bulk(value);
    } else if (name === 'doc_flags') {
      replySimpleSet(c, value as readonly string[]);
    } else if (name === 'history') {
      r.set(value.length);
      for (const entry of value as ReadonlyArray<readonly string[]>) r.bulkArray(entry);
    } else {
      r.array(value.length);
      for (const arg of value as readonly CommandArgDoc[]) replyArgumentDoc(c, arg);
    }
  }
  if (subs) {
    r.bulk('subcommands');
    r.map(subs.size);
    for (const sub of subs.values()) {
      r.bulk(sub.fullName);
      replyCommandDocs(c, sub);
    }
  }
}

function commandAll(c: Client): void {
  const cmds = c.server.commands.commands;
  c.reply.array(cmds.length);
  for (const cmd of cmds) replyCommandInfo(c, cmd);
}

function commandCount(c: Client): void {
  c.reply.int(c.server.commands.commands.length);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    commandAll(c);
    return;
  }
  c.reply.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupCommandByName(c.server, argv[i]);
    if (cmd === undefined) c.reply.nullBulk();
    else replyCommandInfo(c, cmd);
  }
}

function commandDocs(c: Client, argv: string[]): void {
  const found: Command[] = [];
  if (argv.length === 2) found.push(...c.server.commands.commands);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupCommandByName(c.server, argv[i]);
    if (cmd !== undefined) found.push(cmd);
  }
  c.reply.map(found.length);
  for (const cmd of found) {
    c.reply.bulk(cmd.fullName);
    replyCommandDocs(c, cmd);
  }
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]. */
function commandList(c: Client, argv: string[]): void {
  let keep: (cmd: Command) => boolean = () => true;
  if (argv.length === 5 && argv[2].toLowerCase() === 'filterby') {
    const kind = argv[3].toLowerCase();
    const arg = argv[4];
    if (kind === 'module') {
      keep = () => false;
    } else if (kind === 'aclcat') {
      const cat = '@' + arg.toLowerCase();
      keep = (cmd) => cmd.aclCategories.includes(cat);
    } else if (kind === 'pattern') {
      const match = compileGlob(arg, true);
      keep = (cmd) => match(cmd.fullName);
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  } else if (argv.length !== 2) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const names: string[] = [];
  for (const cmd of c.server.commands.all()) if (keep(cmd)) names.push(cmd.fullName);
  c.reply.bulkArray(names);
}

/** COMMAND GETKEYS and GETKEYSANDFLAGS: Redis's getKeysSubcommandImpl, with its checks in order. */
function commandGetKeys(c: Client, argv: string[], withFlags: boolean): void {
  const args = argv.slice(2);
  let cmd = c.server.commands.lookup(args[0]);
  if (cmd?.subcommands !== undefined && args.length >= 2) cmd = cmd.subcommands.get(args[1].toLowerCase());
  if (cmd === undefined || cmd.handler === undefined) {
    c.reply.error('ERR Invalid command specified');
    return;
  }
  if (!hasKeys(cmd)) {
    c.reply.error('ERR The command has no key arguments');
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) {
    c.reply.error('ERR Invalid number of arguments specified for command');
    return;
  }
  const positions = keyPositions(cmd, args);
  if (positions.length === 0 && !cmd.flagNames.includes('no_mandatory_keys')) {
    c.reply.error('ERR Invalid arguments specified for command');
    return;
  }
  // The row decides which arguments are keys; the key specs give each its flags where they apply.
  const specKeys = withFlags ? keysFromSpecs(COMMAND_KEY_SPECS[cmd.fullName] ?? [], args) : null;
  c.reply.array(positions.length);
  for (const pos of positions) {
    if (!withFlags) {
      c.reply.bulk(args[pos]);
      continue;
    }
    c.reply.array(2);
    c.reply.bulk(args[pos]);
    // A spec marked variable_flags leaves the flags to the arguments (SET ... GET): the row says.
    const flags = specKeys?.find((k) => k.pos === pos)?.flags;
    replySimpleSet(c, flags === undefined || flags.includes('variable_flags') ? defaultKeyFlags(cmd) : flags);
  }
}

const COMMAND_HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

/** TIME: [seconds, microseconds] of the server's clock. */
function time(c: Client): void {
  const usec = Math.floor(c.server.nowMicros());
  c.reply.array(2);
  c.reply.bulk(String(Math.floor(usec / 1e6)));
  c.reply.bulk(String(usec % 1e6));
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: respkv persists nothing, so SAVE cannot succeed
// (as a failed final save in Redis: refused unless FORCE) and there is never a shutdown to abort.

const SHUTDOWN_OPTIONS = ['nosave', 'save', 'now', 'force', 'abort'] as const;
type ShutdownOption = (typeof SHUTDOWN_OPTIONS)[number];

function shutdown(c: Client, argv: string[]): void {
  const opts = new Set<ShutdownOption>();
  for (let i = 1; i < argv.length; i++) {
    const o = argv[i].toLowerCase() as ShutdownOption;
    if (!SHUTDOWN_OPTIONS.includes(o)) {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
    opts.add(o);
  }
  if ((opts.has('abort') && opts.size > 1) || (opts.has('save') && opts.has('nosave'))) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  if (opts.has('abort')) {
    c.reply.error('ERR No shutdown in progress.');
    return;
  }
  const server = c.server;
  if (opts.has('save')) {
    server.log.warning('Error trying to save the DB, can\'t exit: respkv does not persist data.');
    if (!opts.has('force')) {
      server.log.warning('Errors trying to shut down the server. Check the logs for more information.');
      c.reply.error('ERR Errors trying to SHUTDOWN. Check logs.');
      return;
    }
  }
  void server.shutdown().then(() => server.onShutdown?.());
}

const commandSubcommands: CommandRow[] = [
  { name: 'count', arity: 2, flags: 'loading stale', acl: '@connection', group: 'server', since: '2.8.13', summary: 'Get total number of Redis commands', complexity: 'O(1)', handler: commandCount },
  { name: 'list', arity: -2, flags: 'loading stale', acl: '@connection', tips: 'nondeterministic_output_order', group: 'server', since: '7.0.0', summary: 'Get an array of Redis command names', complexity: 'O(N) where N is the total number of Redis commands', handler: commandList },
  { name: 'docs', arity: -2, flags: 'loading stale', acl: '@connection', tips: 'nondeterministic_output_order', group: 'server', since: '7.0.0', summary: 'Get array of specific Redis command documentation', complexity: 'O(N) where N is the number of commands to look up', handler: commandDocs },
  { name: 'info', arity: -2, flags: 'loading stale', acl: '@connection', tips: 'nondeterministic_output_order', group: 'server', since: '2.8.13', summary: 'Get array of specific Redis command details, or all when no argument is given.', complexity: 'O(N) where N is the number of commands to look up', handler: commandInfo },
  { name: 'getkeys', arity: -4, flags: 'loading stale', acl: '@connection', group: 'server', since: '2.8.13', summary: 'Extract keys given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command', handler: (c, argv) => commandGetKeys(c, argv, false) },
  { name: 'getkeysandflags', arity: -4, flags: 'loading stale', acl: '@connection', group: 'server', since: '7.0.0', summary: 'Extract keys and access flags given a full Redis command', complexity: 'O(N) where N is the number of arguments to the command', handler: (c, argv) => commandGetKeys(c, argv, true) },
  { name: 'help', arity: 2, flags: 'loading stale', acl: '@connection', group: 'server', since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: (c) => replyHelp(c, COMMAND_HELP) },
];

export const serverCommands: CommandRow[] = [
  { name: 'info', arity: -1, flags: 'loading stale', acl: '@dangerous', tips: 'nondeterministic_output request_policy:all_shards response_policy:special', group: 'server', since: '1.0.0', summary: 'Get information and statistics about the server', complexity: 'O(1)', handler: infoCommand },
  {
    name: 'command',
    arity: -1,
    flags: 'loading stale',
    acl: '@connection',
    tips: 'nondeterministic_output_order',
    group: 'server',
    since: '2.8.13',
    summary: 'Get array of Redis command details',
    complexity: 'O(N) where N is the total number of Redis commands',
    handler: commandAll,
    subcommands: commandSubcommands,
  },
  { name: 'debug', arity: -2, flags: 'admin noscript loading stale', protectedBy: 'enable-debug-command', group: 'server', since: '1.0.0', summary: 'A container for debugging commands', complexity: 'Depends on subcommand.', handler: debug },
  { name: 'time', arity: 1, flags: 'loading stale fast', tips: 'nondeterministic_output', group: 'server', since: '2.6.0', summary: 'Return the current server time', complexity: 'O(1)', handler: time },
  {
    name: 'shutdown',
    arity: -1,
    flags: 'admin noscript loading stale no_multi allow_busy',
    group: 'server',
    since: '1.0.0',
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    handler: shutdown,
  },
];
