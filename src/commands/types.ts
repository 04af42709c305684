/**
 * The shape of a command table row. Each family file (strings.ts, keys.ts, ...) exports an array of
 * rows; table.ts joins them into the one table the dispatcher, COMMAND and ACL read. A row declares
 * what Redis 7.0 declares: arity (negative: at least that many), flags, key positions, ACL
 * categories beyond those implied by the flags, and a summary (COMMAND DOCS serves Redis 7.0's own
 * documentation where it has the command, see command-docs.ts).
 */
import type { Client } from '../net/client';

export type CommandHandler = (c: Client, argv: string[]) => void;

/** Redis 7.0 command flags, as COMMAND INFO prints them. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_multi'
  | 'allow_busy'
  | 'movablekeys';

export type CommandGroup =
  | 'generic'
  | 'string'
  | 'list'
  | 'set'
  | 'sorted-set'
  | 'hash'
  | 'pubsub'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'bitmap'
  | 'hyperloglog'
  | 'geo'
  | 'stream'
  | 'scripting'
  | 'cluster';

export interface CommandRow {
  /** Lower-case name; for a subcommand, the subcommand alone ('get' under 'config'). */
  name: string;
  arity: number;
  /** Space-separated CommandFlag words. */
  flags: string;
  /** [first key, last key (negative counts from the end), step]; [0, 0, 0] for no keys. */
  keys?: readonly [number, number, number];
  /** Extra ACL categories beyond those implied by flags and group, e.g. '@keyspace @dangerous'; '-@x' removes one. */
  acl?: string;
  /** A protected command (Redis's CMD_PROTECTED): the setting (yes / no / local) that allows it. */
  protectedBy?: 'enable-debug-command';
  /** Redis 7.0's command tips, space-separated ('nondeterministic_output request_policy:all_shards'). */
  tips?: string;
  /**
   * Flags of the key spec COMMAND INFO and COMMAND GETKEYSANDFLAGS report ('OW update', 'RM delete');
   * without it, 'RO access' for readonly commands and 'RW update' (Redis's worst case) for the rest.
   */
  keySpecFlags?: string;
  group: CommandGroup;
  since: string;
  summary: string;
  complexity?: string;
  handler?: CommandHandler;
  subcommands?: CommandRow[];
  /** Key positions for commands whose keys are not a fixed range (ZUNIONSTORE, SORT ...). */
  getKeys?: (argv: readonly string[]) => number[];
}

/** Bit flags the dispatcher tests on the hot path. */
export const CMD_WRITE = 1 << 0;
export const CMD_READONLY = 1 << 1;
export const CMD_DENYOOM = 1 << 2;
export const CMD_ADMIN = 1 << 3;
export const CMD_PUBSUB = 1 << 4;
export const CMD_NOSCRIPT = 1 << 5;
export const CMD_BLOCKING = 1 << 6;
export const CMD_LOADING = 1 << 7;
export const CMD_STALE = 1 << 8;
export const CMD_SKIP_MONITOR = 1 << 9;
export const CMD_SKIP_SLOWLOG = 1 << 10;
export const CMD_FAST = 1 << 11;
export const CMD_NO_AUTH = 1 << 12;
export const CMD_MAY_REPLICATE = 1 << 13;
export const CMD_NO_MANDATORY_KEYS = 1 << 14;
export const CMD_NO_MULTI = 1 << 15;
export const CMD_ALLOW_BUSY = 1 << 16;
export const CMD_MOVABLE_KEYS = 1 << 17;

export const FLAG_BITS: Record<CommandFlag, number> = {
  write: CMD_WRITE,
  readonly: CMD_READONLY,
  denyoom: CMD_DENYOOM,
  admin: CMD_ADMIN,
  pubsub: CMD_PUBSUB,
  noscript: CMD_NOSCRIPT,
  blocking: CMD_BLOCKING,
  loading: CMD_LOADING,
  stale: CMD_STALE,
  skip_monitor: CMD_SKIP_MONITOR,
  skip_slowlog: CMD_SKIP_SLOWLOG,
  fast: CMD_FAST,
  no_auth: CMD_NO_AUTH,
  may_replicate: CMD_MAY_REPLICATE,
  no_mandatory_keys: CMD_NO_MANDATORY_KEYS,
  no_multi: CMD_NO_MULTI,
  allow_busy: CMD_ALLOW_BUSY,
  movablekeys: CMD_MOVABLE_KEYS,
};

/** One argument in COMMAND DOCS, its fields in Redis's order (name, type, key_spec_index, token ...). */
export interface CommandArgDoc {
  readonly [field: string]: string | number | readonly string[] | readonly CommandArgDoc[];
}

/** A command's COMMAND DOCS map, its fields in Redis's order (see command-docs.ts). */
export interface CommandDoc {
  readonly summary: string;
  readonly since: string;
  readonly group: string;
  readonly complexity?: string;
  readonly doc_flags?: readonly string[];
  readonly deprecated_since?: string;
  readonly replaced_by?: string;
  /** [version, change] pairs. */
  readonly history?: ReadonlyArray<readonly string[]>;
  readonly arguments?: readonly CommandArgDoc[];
}

/** A Redis 7.0 key spec, as COMMAND INFO prints it (see getKeysUsingKeySpecs in key-specs.ts). */
export interface KeySpec {
  readonly notes?: string;
  readonly flags: readonly string[];
  readonly begin_search:
    | { readonly type: 'index'; readonly spec: { readonly index: number } }
    | { readonly type: 'keyword'; readonly spec: { readonly keyword: string; readonly startfrom: number } }
    | { readonly type: 'unknown'; readonly spec: Readonly<Record<string, never>> };
  readonly find_keys:
    | { readonly type: 'range'; readonly spec: { readonly lastkey: number; readonly keystep: number; readonly limit: number } }
    | { readonly type: 'keynum'; readonly spec: { readonly keynumidx: number; readonly firstkey: number; readonly keystep: number } }
    | { readonly type: 'unknown'; readonly spec: Readonly<Record<string, never>> };
}

/** Per-command counters for INFO commandstats. */
export interface CommandStats {
  calls: number;
  /** Microseconds spent in the handler, summed. */
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

/** A compiled table row: the row plus what the dispatcher needs without parsing strings. */
export interface Command {
  readonly row: CommandRow;
  /** 'get', or 'config|get' for a subcommand. */
  readonly fullName: string;
  readonly arity: number;
  readonly flagBits: number;
  readonly flagNames: readonly CommandFlag[];
  readonly aclCategories: readonly string[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  readonly handler: CommandHandler | undefined;
  readonly parent: Command | undefined;
  /** Subcommands by lower-case name; undefined for a plain command. */
  readonly subcommands: Map<string, Command> | undefined;
  readonly stats: CommandStats;
}
