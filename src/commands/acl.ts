/**
 * Access control (Redis's acl.c beyond the user itself): the users of a server, the permission
 * check the dispatcher and EXEC run (a user's own rules, then its selectors; the most relevant
 * refusal when none allows), users from `user` lines and the ACL file, and the ACL command family.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Client } from '../net/client';
import type { Server } from '../server';
import { CMD_NO_AUTH, Command, CommandRow } from './types';
import { keyPositions } from './table';
import { parseInteger } from './args';
import { NOT_INTEGER } from '../resp/replies';
import { attached } from '../util/attached';
import { COMMAND_KEY_SPECS } from './command-docs';
import { keysFromSpecs } from './key-specs';
import { ACL_CATEGORIES, AclUser, Catalog, hasSpaces, KEY_READ, KEY_WRITE, mergeSelectorArguments, NO_COMMANDS, RuleContext, SETUSER_ERRORS } from './acl-user';

/** ACL CAT's categories, for COMMAND's ACL fields too. */
export { ACL_CATEGORIES } from './acl-user';

/** Channel arguments of the commands that take channels: [first, last (negative from the end)], pattern. */
const CHANNEL_ARGS: Record<string, { first: number; last: number; pattern: boolean }> = {
  publish: { first: 1, last: 1, pattern: false },
  spublish: { first: 1, last: 1, pattern: false },
  subscribe: { first: 1, last: -1, pattern: false },
  ssubscribe: { first: 1, last: -1, pattern: false },
  psubscribe: { first: 1, last: -1, pattern: true },
};

/** Why a command was refused: the command itself, or the argument at `pos` (a key or a channel). */
export type AclDenial = { kind: 'command' } | { kind: 'key' | 'channel'; pos: number };

/** The users of one server. The default user follows requirepass, as in Redis. */
export class AclRegistry {
  private readonly users = new Map<string, AclUser>();
  private catalogCache: Catalog | undefined;
  /** Every user may run everything: the dispatcher's fast path. */
  allUnrestricted = true;

  constructor(private readonly server: Server) {}

  private get catalog(): Catalog {
    if (this.catalogCache === undefined) this.catalogCache = new Catalog(this.server.commands.all());
    return this.catalogCache;
  }

  get defaultUser(): AclUser {
    let u = this.users.get('default');
    if (u === undefined) {
      u = new AclUser('default', this.catalog);
      for (const op of ['on', 'nopass', 'allkeys', 'allchannels', '+@all']) u.apply(op, NO_COMMANDS);
      u.computeUnrestricted();
      this.users.set('default', u);
    }
    return u;
  }

  user(name: string): AclUser | undefined {
    return name === 'default' ? this.defaultUser : this.users.get(name);
  }

  /** Users by name, sorted as Redis's radix tree lists them. */
  sortedUsers(): AclUser[] {
    this.defaultUser;
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Redis's authRequired(): the default user has a password or is off. */
  authRequired(): boolean {
    const d = this.defaultUser;
    return !d.nopass || !d.enabled;
  }

  /** The requirepass last applied; undefined before start-up applies the configuration. */
  private requirePass: string | undefined;

  /** requirepass's apply hook: resetpass, then >password or nopass. */
  setRequirePass(password: string): undefined {
    // CONFIG SET to the value it already has changes nothing in Redis, even after ACL SETUSER default.
    if (password === this.requirePass) return undefined;
    this.requirePass = password;
    const u = this.defaultUser;
    u.apply('resetpass', NO_COMMANDS);
    u.apply(password === '' ? 'nopass' : '>' + password, NO_COMMANDS);
    this.refresh();
    return undefined;
  }

  private rules(): RuleContext {
    return {
      command: (name) => lookupRuleCommand(this.server, name),
      allChannelsByDefault: this.server.config.str('acl-pubsub-default') === 'allchannels',
    };
  }

  /** A user as Redis's ACLCreateUser makes it: off, no keys, no commands, channels per acl-pubsub-default. */
  private newUser(name: string, rules: RuleContext): AclUser {
    const u = new AclUser(name, this.catalog);
    if (rules.allChannelsByDefault) u.apply('allchannels', rules);
    return u;
  }

  /** ACL SETUSER: all modifiers or none. Returns the error reply, or undefined. */
  setUser(name: string, ops: readonly string[]): string | undefined {
    if (hasSpaces(name)) return "ERR Usernames can't contain spaces or null characters";
    const existing = this.user(name);
    const merged = mergeSelectorArguments(ops);
    if ('unmatched' in merged) return `ERR Unmatched parenthesis in acl selector starting at '${merged.unmatched}'.`;
    const rules = this.rules();
    const u = existing !== undefined ? existing.clone() : this.newUser(name, rules);
    for (const op of merged.rules) {
      const failure = u.apply(op, rules);
      if (failure !== undefined) return `ERR Error in ACL SETUSER modifier '${op}': ${SETUSER_ERRORS[failure]}`;
    }
    this.users.set(name, u);
    this.refresh();
    return undefined;
  }

  /**
   * The `user` lines of the configuration, checked when it was read (Redis's ACLLoadConfiguredUsers):
   * each user starts empty, and the default user from a `reset` (which sets sanitize-payload). A rule naming a command or category
   * that does not exist is an error here; returns Redis's log line for it.
   */
  loadConfiguredUsers(lines: readonly string[][]): string | undefined {
    const rules = this.rules();
    for (const [name, ...ops] of lines) {
      const u = this.newUser(name, rules);
      const merged = mergeSelectorArguments(ops);
      if ('unmatched' in merged) return `Unmatched parenthesis in acl selector starting at '${merged.unmatched}'.`;
      for (const op of name === 'default' ? ['reset', ...merged.rules] : merged.rules) {
        const failure = u.apply(op, rules);
        if (failure !== undefined) return `Error loading ACL rule '${op}' for the user named '${name}': ${SETUSER_ERRORS[failure]}`;
      }
      this.users.set(name, u);
    }
    this.refresh();
    return undefined;
  }

  /** Users at start-up: the `user` lines of the configuration, or the ACL file, not both (as Redis). */
  loadUsersAtStartup(lines: readonly string[][], aclfile: string): string | undefined {
    if (aclfile === '') return this.loadConfiguredUsers(lines);
    if (lines.length > 0) {
      return 'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.';
    }
    const error = this.loadFromFile(aclfile);
    return error === undefined ? undefined : `Aborting respkv startup because of ACL errors: ${error}`;
  }

  /**
   * ACL LOAD (Redis's ACLLoadFromFile): every line must be `user <name> <rules>`; the users are
   * replaced only when the whole file applies. Returns Redis's error text, or undefined.
   */
  loadFromFile(file: string): string | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch (e) {
      return `Error loading ACLs, opening file '${file}': ${errnoText(e as NodeJS.ErrnoException)}`;
    }
    const loaded = new Map<string, AclUser>();
    const rules = this.rules();
    let errors = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/[ \t\r\n]+$/, '').replace(/^[ \t\r\n]+/, '');
      if (line === '') continue;
      // Split on single spaces, without quoting, as Redis 7.0 splits ACL file lines.
      const argv = line.split(' ');
      if (argv.length < 2 || argv[0] !== 'user') {
        errors += `${file}:${i + 1} should start with user keyword followed by the username. `;
        continue;
      }
      const name = argv[1];
      if (hasSpaces(name)) {
        // The opening quote before the file name is Redis's.
        errors += `'${file}:${i + 1}: username '${name}' contains invalid characters. `;
        continue;
      }
      if (loaded.has(name)) {
        errors += `WARNING: Duplicate user '${name}' found on line ${i + 1}. `;
        continue;
      }
      const u = this.newUser(name, rules);
      const merged = mergeSelectorArguments(argv.slice(2));
      if ('unmatched' in merged) {
        errors += `${file}:${i + 1}: Unmatched parenthesis in acl selector starting at '${merged.unmatched}'. `;
        continue;
      }
      let syntaxError = false;
      for (const op of merged.rules) {
        const failure = u.apply(op, rules);
        if (failure === 'unknown') errors += `${file}:${i + 1}: Error in applying operation '${op}': ${SETUSER_ERRORS[failure]}. `;
        else if (failure !== undefined && !syntaxError) {
          errors += `${file}:${i + 1}: ${SETUSER_ERRORS[failure]}. `;
          syntaxError = true;
        }
      }
      loaded.set(name, u);
    }
    if (errors !== '') return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
    if (!loaded.has('default')) {
      const d = new AclUser('default', this.catalog);
      for (const op of ['on', 'nopass', 'allkeys', 'allchannels', '+@all']) d.apply(op, NO_COMMANDS);
      loaded.set('default', d);
    }
    this.users.clear();
    for (const [name, u] of loaded) this.users.set(name, u);
    this.refresh();
    // As Redis, which frees every old user but the default one: their clients are disconnected.
    for (const c of [...this.server.clients.values()]) {
      if (c.user === 'default') continue;
      if (c.currentCommand !== undefined) c.closeAfterReply = true;
      else c.close();
    }
    return undefined;
  }

  /** The `user` lines CONFIG REWRITE writes: every user, or none when they live in the ACL file. */
  configUserLines(): string[] {
    return this.server.config.str('aclfile') === '' ? this.sortedUsers().map((u) => u.describe()) : [];
  }

  /** ACL SAVE: the users as ACL LIST describes them, written to a new file renamed over the old one. */
  saveToFile(file: string): boolean {
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, this.sortedUsers().map((u) => u.describe() + '\n').join(''), 'latin1');
      fs.renameSync(tmp, file);
      return true;
    } catch (e) {
      this.server.log.warning(`Opening temp ACL file for ACL SAVE: ${(e as Error).message}`);
      fs.rmSync(tmp, { force: true });
      return false;
    }
  }

  /** ACL DELUSER of one user; the clients authenticated as it are disconnected. */
  deleteUser(name: string): boolean {
    if (!this.users.delete(name)) return false;
    for (const c of [...this.server.clients.values()]) {
      if (c.user !== name) continue;
      if (c.currentCommand !== undefined) c.closeAfterReply = true;
      else c.close();
    }
    this.refresh();
    return true;
  }

  private refresh(): void {
    let all = true;
    for (const u of this.users.values()) {
      u.computeUnrestricted();
      all &&= u.unrestricted;
    }
    this.allUnrestricted = all;
  }

  /**
   * Redis's ACLCheckAllUserCommandPerm: the user's own rules, then each selector; allowed when one
   * allows. Otherwise the most relevant refusal: a channel over a key over the command, and among
   * equals the one furthest in the arguments.
   */
  check(u: AclUser, cmd: Command, argv: readonly string[]): AclDenial | undefined {
    if ((cmd.flagBits & CMD_NO_AUTH) !== 0) return undefined;
    let relevant = this.checkSelector(u, cmd, argv);
    if (relevant === undefined) return undefined;
    for (const sel of u.selectors) {
      const denial = this.checkSelector(sel, cmd, argv);
      if (denial === undefined) return undefined;
      if (DENIAL_RANK[denial.kind] > DENIAL_RANK[relevant.kind] || (denial.kind === relevant.kind && denialPos(denial) > denialPos(relevant))) relevant = denial;
    }
    return relevant;
  }

  /** One selector's verdict (Redis's ACLSelectorCheckCmd): the command, then its keys, then its channels. */
  private checkSelector(u: AclUser, cmd: Command, argv: readonly string[]): AclDenial | undefined {
    const i = this.catalog.index.get(cmd)!;
    if (u.allowed[i] !== 1) {
      const first = argv.length >= 2 ? argv[1].toLowerCase() : undefined;
      if (first === undefined || !(u.firstArgs.get(i) ?? []).some((a) => a.toLowerCase() === first)) return { kind: 'command' };
    }
    // The channels of PUBLISH, SUBSCRIBE and their shard forms are no keys (Redis's not_key key specs).
    if (!u.allKeys && CHANNEL_ARGS[(cmd.parent ?? cmd).fullName] === undefined) {
      const positions = keyPositions(cmd, argv);
      // What each key needs matters only to patterns that grant less than read and write.
      const needs = u.keyPatterns.some((p) => p.access !== (KEY_READ | KEY_WRITE)) ? keyAccessNeeded(cmd, argv, positions) : undefined;
      for (let i = 0; i < positions.length; i++) {
        const key = argv[positions[i]];
        const need = needs === undefined ? 0 : needs[i];
        if (!u.keyPatterns.some((p) => (p.access & need) === need && p.match(key))) return { kind: 'key', pos: positions[i] };
      }
    }
    const channels = CHANNEL_ARGS[(cmd.parent ?? cmd).fullName];
    if (channels !== undefined && !u.allChannels) {
      const last = channels.last < 0 ? argv.length + channels.last : channels.last;
      for (let pos = channels.first; pos <= last && pos < argv.length; pos++) {
        const ch = argv[pos];
        const ok = channels.pattern ? u.channelPatterns.includes(ch) : u.channelMatchers.some((m) => m(ch));
        if (!ok) return { kind: 'channel', pos };
      }
    }
    return undefined;
  }
}

/** Key spec flags of commands whose keys' flags depend on their arguments (Redis's getkeys procs). */
const VARIABLE_KEY_FLAGS: Record<string, (argv: readonly string[]) => readonly string[]> = {
  set: (argv) => (argv.slice(3).some((a) => a.toLowerCase() === 'get') ? ['RW', 'access', 'update'] : ['OW', 'update']),
};

/**
 * The access each key of a command line needs (Redis's ACLSelectorCheckKey): reading for a key spec
 * flagged `access`, writing for `insert`, `delete` or `update`. Keys no spec finds take the flags of
 * the command's incomplete spec, or read and write when it has none.
 */
function keyAccessNeeded(cmd: Command, argv: readonly string[], positions: readonly number[]): number[] {
  const specs = COMMAND_KEY_SPECS[cmd.fullName];
  const found = specs === undefined ? null : keysFromSpecs(specs, argv);
  const incomplete = specs?.find((spec) => spec.begin_search.type === 'unknown')?.flags;
  return positions.map((pos) => {
    let flags = found?.find((k) => k.pos === pos)?.flags ?? incomplete ?? ['RW', 'access', 'update'];
    const variable = VARIABLE_KEY_FLAGS[cmd.fullName];
    if (variable !== undefined && flags.includes('variable_flags')) flags = variable(argv);
    let need = flags.includes('access') ? KEY_READ : 0;
    if (flags.includes('insert') || flags.includes('delete') || flags.includes('update')) need |= KEY_WRITE;
    return need;
  });
}

/** Redis's ACL_DENIED_* order, by which the most relevant refusal among selectors is chosen. */
const DENIAL_RANK: Record<AclDenial['kind'], number> = { command: 1, key: 2, channel: 4 };

function denialPos(d: AclDenial): number {
  return d.kind === 'command' ? 0 : d.pos;
}

/** A command or subcommand named as ACL rules name them ('get', 'config|get'). */
function lookupRuleCommand(server: Server, name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return server.commands.lookup(name);
  const parent = server.commands.lookup(name.slice(0, bar));
  return parent?.subcommands?.get(name.slice(bar + 1));
}

/**
 * Checks a `user` directive as redis-server does when it reads its configuration: the first rule
 * that cannot apply, with the reason; unknown commands and categories are not errors there.
 */
export function checkUserRules(name: string, ops: readonly string[]): { op: string; reason: string } | undefined {
  const u = new AclUser(name, new Catalog([]));
  const merged = mergeSelectorArguments(ops);
  if ('unmatched' in merged) return { op: merged.unmatched, reason: 'Unmatched parenthesis in acl selector' };
  for (const op of merged.rules) {
    const failure = u.apply(op, NO_COMMANDS);
    if (failure !== undefined && failure !== 'unknown') return { op, reason: SETUSER_ERRORS[failure] };
  }
  return undefined;
}

/** The ACL users of a server. */
export const aclOf = attached((server: Server) => new AclRegistry(server));

/** Why c's user may not run `cmd` with `argv`, or undefined; cheap when every user may run everything. */
function denialFor(c: Client, cmd: Command, argv: readonly string[]): AclDenial | undefined {
  const acl = aclOf(c.server);
  if (acl.allUnrestricted) return undefined;
  const u = acl.user(c.user);
  if (u === undefined || u.unrestricted) return undefined;
  return acl.check(u, cmd, argv);
}

/** The dispatcher's ACL gate: Redis's NOPERM error for `cmd` run by c's user, or undefined. */
export function aclCheckCommandPerm(c: Client, cmd: Command, argv: readonly string[]): string | undefined {
  const denial = denialFor(c, cmd, argv);
  if (denial === undefined) return undefined;
  if (denial.kind === 'command') return `NOPERM this user has no permissions to run the '${cmd.fullName}' command`;
  return `NOPERM this user has no permissions to access one of the ${denial.kind}s used as arguments`;
}

/** Redis's reasons for a queued command refused at EXEC time (getAclErrorMessage). */
const EXEC_DENIAL_REASONS: Record<AclDenial['kind'], string> = {
  command: 'no permission to execute the command or subcommand',
  key: 'no permission to touch the specified keys',
  channel: 'no permission to access one of the channels used as arguments',
};

/** EXEC checks each queued command again, as the user's rules may have changed since it was queued. */
export function aclCheckQueuedCommandPerm(c: Client, cmd: Command, argv: readonly string[]): string | undefined {
  const denial = denialFor(c, cmd, argv);
  if (denial === undefined) return undefined;
  return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${EXEC_DENIAL_REASONS[denial.kind]}`;
}

const ACL_HELP = [
  'ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
  'HELP',
  '    Prints this help.',
];

const NO_ACL_FILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

/** Status lines, as Redis's addReplyHelp (not imported from CONFIG: the config table loads this module). */
function aclHelp(c: Client): void {
  c.reply.array(ACL_HELP.length);
  for (const line of ACL_HELP) c.reply.simple(line);
}

function aclLoad(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') {
    c.reply.error(NO_ACL_FILE);
    return;
  }
  const error = aclOf(c.server).loadFromFile(file);
  if (error !== undefined) c.reply.error('ERR ' + error);
  else c.reply.ok();
}

function aclSave(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') c.reply.error(NO_ACL_FILE);
  else if (aclOf(c.server).saveToFile(file)) c.reply.ok();
  else c.reply.error('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
}

/** strerror's words for the errors opening a file can give. */
function errnoText(e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory' };
  return texts[e.code ?? ''] ?? e.message;
}

function aclCat(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try ACL HELP.`);
    return;
  }
  if (argv.length === 2) {
    c.reply.bulkArray(ACL_CATEGORIES);
    return;
  }
  const name = argv[2].toLowerCase();
  if (!(ACL_CATEGORIES as readonly string[]).includes(name)) {
    c.reply.error(`ERR Unknown category '${argv[2]}'`);
    return;
  }
  const names: string[] = [];
  for (const cmd of c.server.commands.all()) if (cmd.aclCategories.includes('@' + name)) names.push(cmd.fullName);
  c.reply.bulkArray(names);
}

function aclSetUser(c: Client, argv: string[]): void {
  const error = aclOf(c.server).setUser(argv[2], argv.slice(3));
  if (error !== undefined) c.reply.error(error);
  else c.reply.ok();
}

function aclDelUser(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === 'default') {
      c.reply.error("ERR The 'default' user cannot be removed");
      return;
    }
  }
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) if (acl.deleteUser(argv[i])) deleted++;
  c.reply.int(deleted);
}

function aclGetUser(c: Client, argv: string[]): void {
  const u = aclOf(c.server).user(argv[2]);
  if (u === undefined) {
    c.reply.nullBulk();
    return;
  }
  c.reply.map(6);
  c.reply.bulk('flags');
  const flags = u.flags();
  c.reply.set(flags.length);
  for (const f of flags) c.reply.bulk(f);
  c.reply.bulk('passwords');
  c.reply.bulkArray(u.passwords);
  replySelectorFields(c, u);
  c.reply.bulk('selectors');
  c.reply.array(u.selectors.length);
  for (const sel of u.selectors) {
    c.reply.map(3);
    replySelectorFields(c, sel);
  }
}

/** The commands, keys and channels fields of ACL GETUSER, for the user or one of its selectors. */
function replySelectorFields(c: Client, sel: AclUser): void {
  c.reply.bulk('commands');
  c.reply.bulk(sel.describeCommands());
  c.reply.bulk('keys');
  c.reply.bulk(sel.keysText());
  c.reply.bulk('channels');
  c.reply.bulk(sel.channelsText());
}

function aclList(c: Client): void {
  c.reply.bulkArray(aclOf(c.server).sortedUsers().map((u) => u.describe()));
}

function aclUsers(c: Client): void {
  c.reply.bulkArray(aclOf(c.server).sortedUsers().map((u) => u.name));
}

function aclWhoami(c: Client): void {
  c.reply.bulk(c.user);
}

function aclGenpass(c: Client, argv: string[]): void {
  let bits = 256;
  if (argv.length > 2) {
    const n = parseInteger(argv[2]);
    if (n === null) {
      c.reply.error(NOT_INTEGER);
      return;
    }
    if (n <= 0 || n > 4096) {
      c.reply.error('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
      return;
    }
    bits = n;
  }
  const chars = Math.ceil(bits / 4);
  c.reply.bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
}

function aclDryrun(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  const u = acl.user(argv[2]);
  if (u === undefined) {
    c.reply.error(`ERR User '${argv[2]}' not found`);
    return;
  }
  const args = argv.slice(3);
  let cmd = c.server.commands.lookup(args[0]);
  if (cmd !== undefined && cmd.subcommands !== undefined && args.length >= 2) cmd = cmd.subcommands.get(args[1].toLowerCase());
  if (cmd === undefined) {
    c.reply.error(`ERR Command '${args[0]}' not found`);
    return;
  }
  if ((cmd.arity > 0 && args.length !== cmd.arity) || args.length < -cmd.arity) {
    c.reply.error(`ERR wrong number of arguments for '${cmd.fullName}' command`);
    return;
  }
  const denial = acl.check(u, cmd, args);
  if (denial === undefined) c.reply.ok();
  else if (denial.kind === 'command') c.reply.bulk(`This user has no permissions to run the '${cmd.fullName}' command`);
  else c.reply.bulk(`This user has no permissions to access the '${args[denial.pos]}' ${denial.kind}`);
}

const ADMIN = 'admin noscript loading stale';
const row = (name: string, arity: number, flags: string, summary: string, handler: CommandRow['handler']): CommandRow => ({
  name,
  arity,
  flags,
  group: 'server',
  since: '6.0.0',
  summary,
  handler,
});

export const aclCommands: CommandRow[] = [
  {
    name: 'acl',
    arity: -2,
    flags: '',
    group: 'server',
    since: '6.0.0',
    summary: 'A container for Access List Control commands.',
    subcommands: [
      row('cat', -2, 'noscript loading stale', 'Lists the ACL categories, or the commands inside a category.', aclCat),
      row('deluser', -3, ADMIN, 'Deletes ACL users, and terminates their connections.', aclDelUser),
      { ...row('dryrun', -4, ADMIN, 'Simulates the execution of a command by a user, without executing the command.', aclDryrun), since: '7.0.0' },
      row('genpass', -2, 'noscript loading stale', 'Generates a pseudorandom, secure password that can be used to identify ACL users.', aclGenpass),
      row('getuser', 3, ADMIN, "Lists the ACL rules of a user.", aclGetUser),
      row('help', 2, 'loading stale', 'Returns helpful text about the different subcommands.', aclHelp),
      row('list', 2, ADMIN, 'Dumps the effective rules in ACL file format.', aclList),
      row('load', 2, ADMIN, 'Reloads the rules from the configured ACL file.', aclLoad),
      row('save', 2, ADMIN, 'Saves the effective ACL rules in the configured ACL file.', aclSave),
      row('setuser', -3, ADMIN, 'Creates and modifies an ACL user and its rules.', aclSetUser),
      row('users', 2, ADMIN, 'Lists all ACL users.', aclUsers),
      row('whoami', 2, 'noscript loading stale', 'Returns the authenticated username of the current connection.', aclWhoami),
    ],
  },
];
