/**
 * The command table: every family's rows joined and compiled once at start-up into Command objects
 * the dispatcher can use without parsing strings. Lookup is by the name as the client sent it; a
 * miss falls back to the lower-cased name and remembers the spelling (bounded), so the hot path
 * does not allocate a lower-cased copy per command.
 */
import {
  CMD_ADMIN,
  CMD_BLOCKING,
  CMD_FAST,
  CMD_PUBSUB,
  CMD_READONLY,
  CMD_WRITE,
  Command,
  CommandFlag,
  CommandGroup,
  CommandRow,
  FLAG_BITS,
} from './types';

/** Categories each group implies, as Redis 7.0's command definitions declare them. */
const GROUP_CATEGORIES: Record<CommandGroup, string[]> = {
  generic: ['@keyspace'],
  string: ['@string'],
  list: ['@list'],
  set: ['@set'],
  'sorted-set': ['@sortedset'],
  hash: ['@hash'],
  pubsub: ['@pubsub'],
  transactions: ['@transaction'],
  connection: ['@connection'],
  server: [],
  bitmap: ['@bitmap'],
  hyperloglog: ['@hyperloglog'],
  geo: ['@geo'],
  stream: ['@stream'],
  scripting: ['@scripting'],
  cluster: [],
};

const MAX_SPELLINGS = 4096;

export class CommandTable {
  private readonly byName = new Map<string, Command>();
  private spellings = 0;
  readonly commands: Command[] = [];

  constructor(rows: readonly CommandRow[]) {
    for (const row of rows) {
      const cmd = compile(row, undefined);
      if (this.byName.has(cmd.fullName)) throw new Error(`command ${cmd.fullName} is declared twice`);
      this.byName.set(cmd.fullName, cmd);
      this.commands.push(cmd);
    }
  }

  /** The command named `name` in any letter case, or undefined. */
  lookup(name: string): Command | undefined {
    const hit = this.byName.get(name);
    if (hit !== undefined) return hit;
    const cmd = this.byName.get(name.toLowerCase());
    if (cmd !== undefined && this.spellings < MAX_SPELLINGS) {
      this.byName.set(name, cmd);
      this.spellings++;
    }
    return cmd;
  }

  /** Every command including subcommands, in table order. */
  *all(): IterableIterator<Command> {
    for (const cmd of this.commands) {
      yield cmd;
      if (cmd.subcommands) yield* cmd.subcommands.values();
    }
  }
}

function compile(row: CommandRow, parent: Command | undefined): Command {
  const flagNames = row.flags.split(/\s+/).filter((f) => f.length > 0) as CommandFlag[];
  let flagBits = 0;
  for (const f of flagNames) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) throw new Error(`command ${row.name}: unknown flag ${f}`);
    flagBits |= bit;
  }
  const [firstKey, lastKey, keyStep] = row.keys ?? [0, 0, 0];
  const cmd: Command = {
    row,
    fullName: parent ? `${parent.fullName}|${row.name}` : row.name,
    arity: row.arity,
    flagBits,
    flagNames,
    aclCategories: categories(row, flagBits),
    firstKey,
    lastKey,
    keyStep,
    handler: row.handler,
    parent,
    subcommands: row.subcommands ? new Map() : undefined,
    stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 },
  };
  for (const sub of row.subcommands ?? []) cmd.subcommands!.set(sub.name, compile(sub, cmd));
  return cmd;
}

/** Redis's implicit categories (setImplicitACLCategories) plus the group's and the row's own. */
function categories(row: CommandRow, bits: number): string[] {
  const out: string[] = [];
  if (bits & CMD_WRITE) out.push('@write');
  if (bits & CMD_READONLY && row.group !== 'scripting') out.push('@read');
  if (bits & CMD_ADMIN) out.push('@admin', '@dangerous');
  if (bits & CMD_PUBSUB) out.push('@pubsub');
  if (bits & CMD_FAST) out.push('@fast');
  if (bits & CMD_BLOCKING) out.push('@blocking');
  if (!(bits & CMD_FAST)) out.push('@slow');
  // A container (OBJECT, CONFIG ...) declares no categories of its own in Redis: only @slow.
  if (row.handler !== undefined || row.subcommands === undefined) for (const c of GROUP_CATEGORIES[row.group]) if (!out.includes(c)) out.push(c);
  for (const c of (row.acl ?? '').split(/\s+/)) {
    // '-@pubsub' drops a category the group implies (PUBSUB HELP is only @slow in Redis).
    if (c.startsWith('-')) {
      const at = out.indexOf(c.slice(1));
      if (at >= 0) out.splice(at, 1);
    } else if (c && !out.includes(c)) {
      out.push(c);
    }
  }
  return out;
}

/** Positions of the keys in argv, from the row's range or its getKeys function. */
export function keyPositions(cmd: Command, argv: readonly string[]): number[] {
  if (cmd.row.getKeys) return cmd.row.getKeys(argv);
  if (cmd.firstKey <= 0) return [];
  const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
  const out: number[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.keyStep) out.push(i);
  return out;
}
