/**
 * The live configuration: the value of every row of config/table.ts, parsed and validated with
 * Redis's rules and error texts. CONFIG SET goes through setMany, which validates every pair before
 * applying any and restores the old values if an apply hook fails, so a multi-pair SET is all or
 * nothing, as in Redis 7.0.
 */
import { CONFIG_ROWS, ConfigRow, ConfigValue } from './table';
import { memoryToConfigText, parseMemory, parseStrictInt, parseYesNo, quote } from './units';
import { compileGlob } from '../util/glob';

export type Parsed = { value: ConfigValue } | { error: string };

export class Config {
  private readonly values = new Map<string, ConfigValue>();
  private readonly byName = new Map<string, ConfigRow>();
  /** Inert directives the configuration set explicitly (for the start-up warning). */
  readonly inertSet = new Set<string>();
  /** `user` directives, each [name, ...rules], applied to the ACL users when the server starts. */
  readonly userDirectives: string[][] = [];

  constructor(readonly rows: readonly ConfigRow[] = CONFIG_ROWS) {
    for (const row of rows) {
      this.byName.set(row.name, row);
      for (const alias of row.aliases ?? []) this.byName.set(alias, row);
      const parsed = parseValue(row, splitDefault(row));
      if ('error' in parsed) throw new Error(`bad default for ${row.name}: ${parsed.error}`);
      this.values.set(row.name, parsed.value);
    }
  }

  row(name: string): ConfigRow | undefined {
    return this.byName.get(name.toLowerCase());
  }

  get(name: string): ConfigValue {
    const row = this.row(name);
    if (row === undefined) throw new Error(`no config ${name}`);
    return this.values.get(row.name) as ConfigValue;
  }

  int(name: string): number {
    return this.get(name) as number;
  }

  bool(name: string): boolean {
    return this.get(name) as boolean;
  }

  str(name: string): string {
    return this.get(name) as string;
  }

  /** The value as CONFIG GET prints it. */
  text(row: ConfigRow): string {
    const v = this.values.get(row.name) as ConfigValue;
    if (row.type === 'bool') return v ? 'yes' : 'no';
    if (row.name === 'dir') return process.cwd();
    return String(v);
  }

  /**
   * The value as CONFIG REWRITE writes it: memory in the largest exact unit, strings quoted as
   * sdscatrepr quotes them (always, as Redis does), an empty list as "".
   */
  rewriteText(row: ConfigRow): string {
    const v = this.values.get(row.name) as ConfigValue;
    if (row.type === 'memory') return memoryToConfigText(v as number);
    if (row.name === 'dir') return quote(process.cwd());
    if (row.type === 'string' && !row.multiArg) return quote(String(v));
    const text = this.text(row);
    return text === '' ? '""' : text;
  }

  isDefault(row: ConfigRow): boolean {
    return this.defaultValue(row) === this.values.get(row.name);
  }

  defaultValue(row: ConfigRow): ConfigValue | undefined {
    const def = parseValue(row, splitDefault(row));
    return 'value' in def ? def.value : undefined;
  }

  /** Stores a value without validation or hooks (start-up, after parse()). */
  store(row: ConfigRow, value: ConfigValue): void {
    this.values.set(row.name, value);
  }

  /** Pairs [name, text] for CONFIG GET patterns; globs match names and aliases, case-insensitively. */
  matching(patterns: readonly string[]): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const pattern of patterns) {
      const exact = this.byName.get(pattern.toLowerCase());
      if (exact !== undefined && !/[*?[]/.test(pattern)) {
        // Redis answers an exact name as it was typed, once whatever its case.
        const name = pattern.toLowerCase();
        if (!seen.has(name)) {
          seen.add(name);
          out.push([pattern, this.text(exact)]);
        }
        continue;
      }
      const match = compileGlob(pattern, true);
      for (const [name, row] of this.byName) {
        if (!seen.has(name) && match(name)) {
          seen.add(name);
          out.push([name, this.text(row)]);
        }
      }
    }
    return out;
  }

  /**
   * Validates every pair, then applies them in order through `apply`; if one fails, the values
   * set so far are restored. Returns Redis's error text, or undefined on success.
   */
  setMany(
    pairs: ReadonlyArray<[string, string]>,
    apply: (row: ConfigRow, value: ConfigValue) => string | undefined,
    /** enable-protected-configs allows this client to change protected settings (dir ...). */
    allowProtected = true,
  ): string | undefined {
    const rows: ConfigRow[] = [];
    const parsedValues: ConfigValue[] = [];
    const seen = new Set<string>();
    for (const [name, text] of pairs) {
      const row = this.row(name);
      if (row === undefined) return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
      // Redis compares the names as typed: a setting and its alias in one SET is allowed, the last wins.
      if (seen.has(name.toLowerCase())) return setError(name, 'duplicate parameter');
      seen.add(name.toLowerCase());
      if (row.immutable) return setError(name, "can't set immutable config");
      if (row.protectedConfig && !allowProtected) return setError(name, "can't set protected config");
      const parsed = parseValue(row, row.multiArg ? text.split(' ').filter((s) => s !== '') : [text], this.values.get(row.name));
      if ('error' in parsed) return setError(name, parsed.error);
      // An inert setting may be set to what respkv does anyway (CONFIG SET save "", appendonly no).
      if (row.inert && parsed.value !== this.defaultValue(row)) return setError(name, 'not supported by respkv');
      rows.push(row);
      parsedValues.push(parsed.value);
    }
    const previous = rows.map((row) => this.values.get(row.name) as ConfigValue);
    for (let i = 0; i < rows.length; i++) {
      this.values.set(rows[i].name, parsedValues[i]);
      const failure = apply(rows[i], parsedValues[i]);
      if (failure !== undefined) {
        for (let j = i; j >= 0; j--) {
          this.values.set(rows[j].name, previous[j]);
          if (j < i) apply(rows[j], previous[j]);
        }
        return setError(pairs[i][0], failure);
      }
    }
    return undefined;
  }
}

function setError(name: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
}

function splitDefault(row: ConfigRow): string[] {
  return row.multiArg ? row.default.split(' ').filter((s) => s !== '') : [row.default];
}

/**
 * Parses a directive's arguments into the row's value, with Redis's error texts. `current` is the
 * value being replaced, for settings that merge into it (client-output-buffer-limit).
 */
export function parseValue(row: ConfigRow, args: readonly string[], current?: ConfigValue): Parsed {
  if (!row.multiArg && args.length !== 1) return { error: 'wrong number of arguments' };
  const text = row.multiArg ? args.join(' ') : args[0];
  switch (row.type) {
    case 'bool': {
      const b = parseYesNo(text);
      return b === null ? { error: "argument must be 'yes' or 'no'" } : { value: b };
    }
    case 'int':
    case 'memory': {
      const n = row.type === 'memory' ? parseMemory(text) : parseStrictInt(text);
      if (n === null) {
        return { error: row.type === 'memory' ? 'argument must be a memory value' : "argument couldn't be parsed into an integer" };
      }
      if ((row.min !== undefined && n < row.min) || (row.max !== undefined && n > row.max)) {
        return { error: `argument must be between ${row.min} and ${boundText(row.max)} inclusive` };
      }
      return { value: row.clamp ? Math.min(Math.max(n, row.clamp[0]), row.clamp[1]) : n };
    }
    case 'enum': {
      const v = text.toLowerCase();
      if (!row.values!.includes(v)) return { error: `argument(s) must be one of the following: ${row.values!.join(', ')}` };
      return { value: v };
    }
    case 'string': {
      if (row.check) {
        const checked = row.check(text, current);
        return 'error' in checked ? checked : { value: checked.value };
      }
      return { value: text };
    }
  }
}

/** Redis prints its 64-bit bounds exactly; ours stop at 2^53 but read as Redis's. */
function boundText(n: number | undefined): string {
  return n === Number.MAX_SAFE_INTEGER ? '9223372036854775807' : String(n);
}
