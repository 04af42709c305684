/**
 * redis.conf files and the command line, read as redis-server reads them: one directive per line,
 * arguments split with redis-cli quoting, `#` comments, `include` of other files, and
 * `--name value ...` options appended after the file so they override it. Errors are reported as
 * Redis reports them (the line number, the line, the reason) and stop start-up. CONFIG REWRITE
 * rewrites the file in place, keeping every line it does not own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitArgs } from '../util/splitargs';
import { Config, parseValue } from './config';
import { REDIS_DIRECTIVES } from './redis-directives';
import { quote } from './units';
import { compileGlob } from '../util/glob';
import { checkUserRules } from '../commands/acl';

import { REDIS_VERSION as VERSION } from '../version';

export { VERSION };

export class ConfigFileError extends Error {}

export interface Directive {
  args: string[];
  line: number;
  text: string;
  file: string;
}

/** Splits config text into directives, following `include` lines. */
export function readDirectives(text: string, file: string, depth = 0): Directive[] {
  const out: Directive[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const args = splitArgs(trimmed);
    if (args === null) throw fatal(i + 1, raw, 'Unbalanced quotes in configuration line');
    if (args.length === 0) continue;
    args[0] = args[0].toLowerCase();
    if (args[0] === 'include') {
      if (args.length !== 2) throw fatal(i + 1, raw, 'Bad directive or wrong number of arguments');
      if (depth > 16) throw fatal(i + 1, raw, 'Too many nested includes');
      for (const target of includedFiles(args[1])) {
        let included: string;
        try {
          included = fs.readFileSync(target, 'latin1');
        } catch (e) {
          throw new ConfigFileError(`Fatal error, can't open config file '${target}': ${openError(e)}`);
        }
        out.push(...readDirectives(included, path.resolve(target), depth + 1));
      }
      continue;
    }
    out.push({ args, line: i + 1, text: raw, file });
  }
  return out;
}

/**
 * The files an include names, as redis-server opens them: a path relative to the working directory,
 * or a glob in its last component (`include /etc/redis/conf.d/*.conf`), expanded in sorted order
 * and possibly matching nothing.
 */
function includedFiles(pattern: string): string[] {
  const base = path.basename(pattern);
  if (!/[*?[]/.test(base)) return [pattern];
  const dir = path.dirname(pattern);
  const match = compileGlob(base);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => match(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** strerror's text for the usual failures to open a file. */
export function openError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return (e as Error).message;
}

/** Turns `--port 7000 --save ""` into config text, as redis-server does with its arguments. */
export function commandLineToText(options: readonly string[]): string {
  const lines: string[] = [];
  for (const opt of options) {
    if (opt.startsWith('--') && opt.length > 2) lines.push(opt.slice(2));
    else if (lines.length > 0) lines[lines.length - 1] += ' ' + quote(opt);
    else throw new ConfigFileError(`Invalid option '${opt}'`);
  }
  return lines.join('\n');
}

/**
 * Applies directives to the config. Returns the Redis directives respkv accepted without acting on
 * them, for the start-up warning.
 */
export function applyDirectives(config: Config, directives: readonly Directive[]): string[] {
  const ignored: string[] = [];
  for (const d of directives) {
    const name = d.args[0];
    if (name === 'user') {
      applyUserDirective(config, d);
      continue;
    }
    const row = config.row(name);
    if (row === undefined) {
      if (REDIS_DIRECTIVES.has(name)) {
        if (!ignored.includes(name)) ignored.push(name);
        continue;
      }
      throw fatal(d.line, d.text, 'Bad directive or wrong number of arguments');
    }
    const parsed = parseValue(row, d.args.slice(1), config.get(row.name));
    if ('error' in parsed) {
      const reason = parsed.error === 'wrong number of arguments' ? 'Bad directive or wrong number of arguments' : parsed.error;
      throw fatal(d.line, d.text, reason);
    }
    config.store(row, parsed.value);
    if (row.inert && !ignored.includes(row.name)) ignored.push(row.name);
  }
  // An inert setting matters only if its final value asks for what respkv does not do
  // (`daemonize yes` in the file, `--daemonize no` on the command line: nothing to report).
  return ignored.filter((name) => {
    const row = config.row(name);
    return row === undefined || !config.isDefault(row);
  });
}

/** `user <name> <rule> ...`: checked now (unknown commands and categories pass, as in Redis), applied by the server. */
function applyUserDirective(config: Config, d: Directive): void {
  if (d.args.length < 2) throw fatal(d.line, d.text, 'Bad directive or wrong number of arguments');
  const bad = checkUserRules(d.args[1], d.args.slice(2));
  if (bad !== undefined) throw fatal(d.line, d.text, `Error in user declaration '${bad.op}': ${bad.reason}`);
  config.userDirectives.push(d.args.slice(1));
}

function fatal(line: number, text: string, reason: string): ConfigFileError {
  return new ConfigFileError(
    `\n*** FATAL CONFIG FILE ERROR (respkv ${VERSION}) ***\n` + `Reading the configuration file, at line ${line}\n` + `>>> '${text.trim()}'\n` + reason,
  );
}

/**
 * CONFIG REWRITE: every line that sets a known option is replaced by the option's current value
 * (the first occurrence; later duplicates become blank lines), options that differ from their
 * defaults and were not in the file are appended, with dir, and every other line (comments,
 * includes, directives respkv does not own) is kept as it was.
 */
export function rewriteConfigFile(file: string, config: Config, userLines: readonly string[] = []): void {
  const original = fs.existsSync(file) ? fs.readFileSync(file, 'latin1').split('\n') : [];
  if (original.length > 0 && original[original.length - 1] === '') original.pop();
  const written = new Set<string>();
  const out: string[] = [];
  // `user` lines are replaced one for one by the current users; the rest are dropped or appended.
  const users = [...userLines];
  for (const raw of original) {
    const trimmed = raw.trim();
    const args = trimmed === '' || trimmed.startsWith('#') ? null : splitArgs(trimmed);
    if (args !== null && args.length > 0 && args[0].toLowerCase() === 'user') {
      const line = users.shift();
      if (line !== undefined) out.push(line);
      continue;
    }
    const row = args && args.length > 0 ? config.row(args[0]) : undefined;
    if (row === undefined || row.inert) {
      out.push(raw);
      continue;
    }
    // A later line for an option already written becomes blank, as in Redis.
    if (written.has(row.name)) {
      out.push('');
      continue;
    }
    written.add(row.name);
    out.push(`${row.name} ${config.rewriteText(row)}`);
  }
  const appended: string[] = [];
  for (const row of config.rows) {
    // Redis always writes dir, the working directory the server runs in.
    if (row.inert || written.has(row.name) || (config.isDefault(row) && row.name !== 'dir')) continue;
    appended.push(`${row.name} ${config.rewriteText(row)}`);
  }
  appended.push(...users);
  if (appended.length > 0) out.push('# Generated by CONFIG REWRITE', ...appended);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, out.join('\n') + '\n', 'latin1');
  fs.renameSync(tmp, file);
}
