/**
 * An ACL user and its rules (Redis's ACLSetUser and ACLDescribeUser): the on/off switch, password
 * digests, key patterns with the access they grant, channel patterns, and command rights kept as
 * one byte per command of the table (subcommands included) plus Redis's "future commands" bit that
 * only +@all sets, first-argument exceptions and selectors. Rules apply to that state in order;
 * ACL LIST describes it back with Redis 7.0's compaction: +@all or -@all, then each category whose
 * commands are mostly in the wanted state, then single-command fixes.
 */
import type { Command } from './types';
import { compileGlob, Matcher } from '../util/glob';
import { passwordDigest } from './auth';

/** ACL CAT's categories, in Redis 7.0's order (the order ACL LIST tries them in). */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const;

/** Reasons ACL SETUSER gives for a refused modifier (Redis's errno texts in ACLSetUserStringError). */
export const SETUSER_ERRORS = {
  unknown: 'Unknown command or category name in ACL',
  syntax: 'Syntax error',
  keyAfterAll:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  channelAfterAll:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  badHash: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  firstArgOfSubcommand: 'Allowing first-arg of a subcommand is not supported',
} as const;

export type SetUserError = keyof typeof SETUSER_ERRORS;

/** Access a key pattern grants, and a key needs: bits of Redis's ACL_READ/WRITE_PERMISSION. */
export const KEY_READ = 1;
export const KEY_WRITE = 2;
const KEY_ACCESS_PREFIX: Record<number, string> = { [KEY_READ]: '%R', [KEY_WRITE]: '%W', [KEY_READ | KEY_WRITE]: '' };

interface KeyPattern {
  pattern: string;
  access: number;
  match: Matcher;
}

/** `~pattern` (read and write) or `%R~`, `%W~`, `%RW~pattern`, as Redis 7.0 reads them. */
function parseKeyPattern(op: string): { pattern: string; access: number } | undefined {
  if (op[0] === '~') return { pattern: op.slice(1), access: KEY_READ | KEY_WRITE };
  let access = 0;
  let i = 1;
  for (; i < op.length; i++) {
    const ch = op[i].toUpperCase();
    if (ch === 'R' && (access & KEY_READ) === 0) access |= KEY_READ;
    else if (ch === 'W' && (access & KEY_WRITE) === 0) access |= KEY_WRITE;
    else if (op[i] === '~') {
      i++;
      break;
    } else return undefined;
  }
  return access === 0 ? undefined : { pattern: op.slice(i), access };
}

/** What rules need from the server: command names, and acl-pubsub-default for new and reset users. */
export interface RuleContext {
  command(name: string): Command | undefined;
  allChannelsByDefault: boolean;
}

/** For rules that name no command (the default user's, requirepass's, checks of config lines). */
export const NO_COMMANDS: RuleContext = { command: () => undefined, allChannelsByDefault: false };

/** Every command and subcommand of a table, numbered: the index of its byte in a user's bitmap. */
export class Catalog {
  readonly commands: Command[] = [];
  readonly index = new Map<Command, number>();
  /** Command indexes per category name (without '@'). */
  readonly byCategory = new Map<string, number[]>();

  constructor(all: Iterable<Command>) {
    for (const cmd of all) {
      const i = this.commands.length;
      this.commands.push(cmd);
      this.index.set(cmd, i);
      for (const cat of cmd.aclCategories) {
        const name = cat.slice(1);
        let list = this.byCategory.get(name);
        if (list === undefined) this.byCategory.set(name, (list = []));
        list.push(i);
      }
    }
  }
}

export class AclUser {
  enabled = false;
  nopass = false;
  /** skip-sanitize-payload / sanitize-payload, kept for ACL LIST (respkv has no RESTORE payloads). */
  sanitize: '' | 'skip-sanitize-payload' | 'sanitize-payload' = '';
  /** Hex SHA-256 digests, in the order they were added. */
  passwords: string[] = [];
  allKeys = false;
  /** Key patterns in the order given, each with the access it grants (KEY_READ | KEY_WRITE). */
  keyPatterns: KeyPattern[] = [];
  allChannels = false;
  channelPatterns: string[] = [];
  channelMatchers: Matcher[] = [];
  /** One byte per catalog command: 1 allowed. */
  allowed: Uint8Array;
  /** Set by +@all and cleared by -@all: commands added later are allowed too. */
  futureCommands = false;
  /**
   * Redis 7.0 selectors: further sets of keys, channels and commands, written `(~k* +get)`; a command
   * is allowed when the user's own rules or any selector allow it. Selectors have no selectors.
   */
  selectors: AclUser[] = [];
  /**
   * `+select|0`: first arguments that let a command without subcommands run although its byte is 0,
   * by catalog index, as given (compared without case). Setting the command's byte clears them.
   */
  firstArgs = new Map<number, string[]>();

  constructor(
    readonly name: string,
    readonly catalog: Catalog,
  ) {
    this.allowed = new Uint8Array(catalog.commands.length);
  }

  clone(): AclUser {
    const u = new AclUser(this.name, this.catalog);
    Object.assign(u, this, {
      passwords: [...this.passwords],
      keyPatterns: this.keyPatterns.map((p) => ({ ...p })),
      channelPatterns: [...this.channelPatterns],
      channelMatchers: [...this.channelMatchers],
      allowed: this.allowed.slice(),
      selectors: this.selectors.map((sel) => sel.clone()),
      firstArgs: new Map([...this.firstArgs].map(([i, args]) => [i, [...args]])),
    });
    return u;
  }

  /** Allowed everything, so the dispatcher skips the check; recomputed by the registry after each change. */
  unrestricted = false;

  computeUnrestricted(): void {
    this.unrestricted = this.futureCommands && this.allKeys && this.allChannels && this.allowed.every((b) => b === 1);
  }

  private setCommand(cmd: Command, allow: boolean): void {
    const v = allow ? 1 : 0;
    const i = this.catalog.index.get(cmd)!;
    this.allowed[i] = v;
    this.firstArgs.delete(i);
    if (cmd.subcommands !== undefined) for (const sub of cmd.subcommands.values()) this.allowed[this.catalog.index.get(sub)!] = v;
  }

  private setCategory(name: string, allow: boolean): boolean {
    const list = this.catalog.byCategory.get(name);
    if (list === undefined && !(ACL_CATEGORIES as readonly string[]).includes(name)) return false;
    for (const i of list ?? []) this.setCommand(this.catalog.commands[i], allow);
    return true;
  }

  /** Applies one ACL SETUSER modifier (Redis's ACLSetUser); returns the reason when refused. */
  apply(op: string, rules: RuleContext): SetUserError | undefined {
    if (op === '') return undefined;
    if (op[0] === '(' && op[op.length - 1] === ')') return this.addSelector(op.slice(1, -1), rules);
    const lower = op.toLowerCase();
    if (lower === 'clearselectors') {
      this.selectors = [];
      return undefined;
    }
    const simple = SIMPLE_MODIFIERS[lower];
    if (simple !== undefined) return simple(this, rules) ?? undefined;
    const sigil = op[0];
    if (sigil === '>' || sigil === '#') {
      const hash = sigil === '>' ? passwordDigest(op.slice(1)) : op.slice(1);
      if (sigil === '#' && !isSha256Hex(hash)) return 'badHash';
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.nopass = false;
      return undefined;
    }
    if (sigil === '<' || sigil === '!') {
      const hash = sigil === '<' ? passwordDigest(op.slice(1)) : op.slice(1);
      if (sigil === '!' && !isSha256Hex(hash)) return 'badHash';
      const at = this.passwords.indexOf(hash);
      if (at < 0) return 'noSuchPassword';
      this.passwords.splice(at, 1);
      return undefined;
    }
    if (sigil === '~' || sigil === '%') {
      if (this.allKeys) return 'keyAfterAll';
      const parsed = parseKeyPattern(op);
      if (parsed === undefined || hasSpaces(parsed.pattern)) return 'syntax';
      const existing = this.keyPatterns.find((p) => p.pattern === parsed.pattern);
      if (existing !== undefined) existing.access |= parsed.access;
      else this.keyPatterns.push({ pattern: parsed.pattern, access: parsed.access, match: compileGlob(parsed.pattern) });
      return undefined;
    }
    if (sigil === '&') {
      const pattern = op.slice(1);
      if (this.allChannels) return 'channelAfterAll';
      if (hasSpaces(pattern)) return 'syntax';
      if (!this.channelPatterns.includes(pattern)) {
        this.channelPatterns.push(pattern);
        this.channelMatchers.push(compileGlob(pattern));
      }
      return undefined;
    }
    if ((sigil === '+' || sigil === '-') && op.length > 1) {
      const allow = sigil === '+';
      if (op[1] === '@') return this.setCategory(lower.slice(2), allow) ? undefined : 'unknown';
      if (allow && op.includes('|')) return this.allowFirstArg(op, rules);
      const cmd = rules.command(lower.slice(1));
      if (cmd === undefined) return 'unknown';
      this.setCommand(cmd, allow);
      return undefined;
    }
    return 'syntax';
  }

  /** `+cmd|sub`: a subcommand, or for a command without subcommands a first argument (Redis 7.0). */
  private allowFirstArg(op: string, rules: RuleContext): SetUserError | undefined {
    const bar = op.lastIndexOf('|');
    const cmd = rules.command(op.slice(1, bar).toLowerCase());
    const arg = op.slice(bar + 1);
    if (cmd === undefined) return 'unknown';
    if (cmd.parent !== undefined) return 'firstArgOfSubcommand';
    if (arg === '') return 'syntax';
    if (cmd.subcommands !== undefined) {
      const sub = cmd.subcommands.get(arg.toLowerCase());
      if (sub === undefined) return 'unknown';
      this.setCommand(sub, true);
      return undefined;
    }
    const i = this.catalog.index.get(cmd)!;
    const args = this.firstArgs.get(i) ?? [];
    if (!args.some((a) => a.toLowerCase() === arg.toLowerCase())) args.push(arg);
    this.firstArgs.set(i, args);
    return undefined;
  }

  /** `(rules)`: a new selector, its rules separated by spaces; only key, channel and command rules. */
  private addSelector(text: string, rules: RuleContext): SetUserError | undefined {
    const sel = new AclUser('', this.catalog);
    if (rules.allChannelsByDefault) SIMPLE_MODIFIERS.allchannels(sel, rules);
    for (const op of text.split(' ')) {
      if (op === '') continue;
      if (USER_ONLY_MODIFIERS.has(op.toLowerCase()) || '><#!('.includes(op[0])) return 'syntax';
      const failure = sel.apply(op, rules);
      if (failure !== undefined) return failure;
    }
    this.selectors.push(sel);
    return undefined;
  }

  /** The command rules as ACL LIST and GETUSER print them (Redis 7.0's ACLDescribeSelectorCommandRules). */
  describeCommands(): string {
    const rules: string[] = [];
    const fake = new AclUser('', this.catalog);
    const additive = !this.futureCommands;
    rules.push(additive ? '-@all' : '+@all');
    fake.allowed.fill(additive ? 0 : 1);
    const temp = this.allowed.slice();
    for (const cat of ACL_CATEGORIES) {
      const list = this.catalog.byCategory.get(cat) ?? [];
      let on = 0;
      let off = 0;
      for (const i of list) {
        if (this.catalog.commands[i].parent !== undefined) continue;
        if (temp[i] === 1) on++;
        else off++;
      }
      if ((additive && on > off) || (!additive && off > on)) {
        rules.push(`${additive ? '+' : '-'}@${cat}`);
        fake.setCategory(cat, additive);
        for (const i of list) {
          temp[i] = additive ? 0 : 1;
          const subs = this.catalog.commands[i].subcommands;
          if (subs !== undefined) for (const sub of subs.values()) temp[this.catalog.index.get(sub)!] = additive ? 0 : 1;
        }
      }
    }
    for (let i = 0; i < this.allowed.length; i++) {
      const cmd = this.catalog.commands[i];
      if (this.allowed[i] !== fake.allowed[i]) {
        rules.push(`${this.allowed[i] === 1 ? '+' : '-'}${cmd.fullName}`);
        fake.setCommand(cmd, this.allowed[i] === 1);
      }
      if (this.allowed[i] === 0) for (const arg of this.firstArgs.get(i) ?? []) rules.push(`+${cmd.fullName}|${arg}`);
    }
    return rules.join(' ');
  }

  keysText(): string {
    return this.allKeys ? '~*' : this.keyPatterns.map((p) => `${KEY_ACCESS_PREFIX[p.access]}~${p.pattern}`).join(' ');
  }

  channelsText(): string {
    return this.allChannels ? '&*' : this.channelPatterns.map((p) => '&' + p).join(' ');
  }

  flags(): string[] {
    const out = [this.enabled ? 'on' : 'off'];
    if (this.nopass) out.push('nopass');
    if (this.sanitize !== '') out.push(this.sanitize);
    return out;
  }

  /** One line of ACL LIST (Redis's ACLDescribeUser). */
  describe(): string {
    const parts = ['user', this.name, ...this.flags()];
    for (const p of this.passwords) parts.push('#' + p);
    parts.push(this.describeSelector());
    for (const sel of this.selectors) parts.push(`(${sel.describeSelector()})`);
    return parts.join(' ');
  }

  /** Keys, channels and commands, as ACL LIST prints a selector (Redis's ACLDescribeSelector). */
  describeSelector(): string {
    const parts: string[] = [];
    const keys = this.keysText();
    if (keys !== '') parts.push(keys);
    parts.push(this.allChannels ? '&*' : ['resetchannels', this.channelsText()].filter((s) => s !== '').join(' '));
    parts.push(this.describeCommands());
    return parts.join(' ');
  }
}

/** Modifiers without an argument: each a function of the user being changed. */
const SIMPLE_MODIFIERS: Record<string, (u: AclUser, rules: RuleContext) => SetUserError | void> = {
  on: (u) => void (u.enabled = true),
  off: (u) => void (u.enabled = false),
  nopass: (u) => {
    u.nopass = true;
    u.passwords = [];
  },
  resetpass: (u) => {
    u.nopass = false;
    u.passwords = [];
  },
  'skip-sanitize-payload': (u) => void (u.sanitize = 'skip-sanitize-payload'),
  'sanitize-payload': (u) => void (u.sanitize = 'sanitize-payload'),
  allkeys: (u) => {
    u.allKeys = true;
    u.keyPatterns = [];
  },
  resetkeys: (u) => {
    u.allKeys = false;
    u.keyPatterns = [];
  },
  allchannels: (u) => {
    u.allChannels = true;
    u.channelPatterns = [];
    u.channelMatchers = [];
  },
  resetchannels: (u) => {
    u.allChannels = false;
    u.channelPatterns = [];
    u.channelMatchers = [];
  },
  allcommands: (u) => {
    u.allowed.fill(1);
    u.futureCommands = true;
    u.firstArgs.clear();
  },
  nocommands: (u) => {
    u.allowed.fill(0);
    u.futureCommands = false;
    u.firstArgs.clear();
  },
  reset: (u, rules) => {
    for (const op of ['resetpass', 'resetkeys', 'resetchannels', 'off', 'sanitize-payload', 'nocommands']) SIMPLE_MODIFIERS[op](u, rules);
    if (rules.allChannelsByDefault) SIMPLE_MODIFIERS.allchannels(u, rules);
    u.selectors = [];
  },
};
SIMPLE_MODIFIERS['+@all'] = SIMPLE_MODIFIERS.allcommands;
SIMPLE_MODIFIERS['-@all'] = SIMPLE_MODIFIERS.nocommands;
// `~*` and `&*` are other names of allkeys and allchannels, so they are never refused as a pattern
// after them; `%RW~*` is a pattern like any other, as in Redis 7.0.
SIMPLE_MODIFIERS['~*'] = SIMPLE_MODIFIERS.allkeys;
SIMPLE_MODIFIERS['&*'] = SIMPLE_MODIFIERS.allchannels;

/** Modifiers of the user itself, refused inside a selector. */
const USER_ONLY_MODIFIERS = new Set(['on', 'off', 'nopass', 'resetpass', 'skip-sanitize-payload', 'sanitize-payload', 'reset', 'clearselectors']);

/**
 * Redis's ACLMergeSelectorArguments: a selector given over several arguments, `(~k*` `+get)`, joined
 * with spaces into one rule. Returns the rules, or the argument that opens a selector never closed.
 */
export function mergeSelectorArguments(ops: readonly string[]): { rules: string[] } | { unmatched: string } {
  const rules: string[] = [];
  let open: string | undefined;
  for (const op of ops) {
    if (open === undefined && op.startsWith('(') && !op.endsWith(')')) {
      open = op;
    } else if (open !== undefined) {
      open += ' ' + op;
      if (op.endsWith(')')) {
        rules.push(open);
        open = undefined;
      }
    } else {
      rules.push(op);
    }
  }
  return open === undefined ? { rules } : { unmatched: open.split(' ')[0] };
}

/** Redis's ACLStringHasSpaces: whitespace (isspace) or NUL, which names and patterns may not contain. */
export function hasSpaces(s: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(s);
}

function isSha256Hex(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}
