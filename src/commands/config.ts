/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the config table; config/config.ts holds the
 * values and their validation. SET is all or nothing across its pairs, and REWRITE writes back the
 * file the server started from, keeping the lines it does not own.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { rewriteConfigFile } from '../config/file';
import { aclOf } from './acl';
import { SYNTAX_ERROR } from '../resp/replies';
import { resetCommandLatency } from './latencystats';
import { protectedCommandAllowed } from './debug';

function configGet(c: Client, argv: string[]): void {
  const pairs = c.server.config.matching(argv.slice(2));
  c.reply.map(pairs.length);
  for (const [name, value] of pairs) {
    c.reply.bulk(name);
    c.reply.bulk(value);
  }
}

function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) {
    c.reply.error(SYNTAX_ERROR);
    return;
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const server = c.server;
  const allowProtected = protectedCommandAllowed(c, 'enable-protected-configs');
  const error = server.config.setMany(pairs, (row, value) => server.applyConfig(row, value), allowProtected);
  if (error !== undefined) c.reply.error(error);
  else c.reply.ok();
}

function configResetStat(c: Client): void {
  c.server.resetStats();
  resetCommandLatency(c.server);
  c.reply.ok();
}

function configRewrite(c: Client): void {
  const file = c.server.configFile;
  if (file === undefined) {
    c.reply.error('ERR The server is running without a config file');
    return;
  }
  try {
    rewriteConfigFile(file, c.server.config, aclOf(c.server).configUserLines());
    c.server.log.notice('CONFIG REWRITE executed with success.');
    c.reply.ok();
  } catch (e) {
    c.server.log.warning(`CONFIG REWRITE failed: ${(e as Error).message}`);
    c.reply.error(`ERR Rewriting config file: ${(e as Error).message}`);
  }
}

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

/** Writes a HELP reply: an array of status lines, as Redis's addReplyHelp. */
export function replyHelp(c: Client, lines: readonly string[]): void {
  c.reply.array(lines.length);
  for (const line of lines) c.reply.simple(line);
}

const PER_PARAMETER = 'O(N) when N is the number of configuration parameters provided';

export const configCommands: CommandRow[] = [
  {
    name: 'config',
    arity: -2,
    flags: '',
    group: 'server',
    since: '2.0.0',
    summary: 'A container for server configuration commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'get', arity: -3, flags: 'admin noscript loading stale', group: 'server', since: '2.0.0', summary: 'Get the values of configuration parameters', complexity: PER_PARAMETER, handler: configGet },
      { name: 'set', arity: -4, flags: 'admin noscript loading stale', tips: 'request_policy:all_nodes response_policy:all_succeeded', group: 'server', since: '2.0.0', summary: 'Set configuration parameters to the given values', complexity: PER_PARAMETER, handler: configSet },
      { name: 'resetstat', arity: 2, flags: 'admin noscript loading stale', group: 'server', since: '2.0.0', summary: 'Reset the stats returned by INFO', complexity: 'O(1)', handler: configResetStat },
      { name: 'rewrite', arity: 2, flags: 'admin noscript loading stale', group: 'server', since: '2.8.0', summary: 'Rewrite the configuration file with the in memory configuration', complexity: 'O(1)', handler: configRewrite },
      { name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: (c) => replyHelp(c, CONFIG_HELP) },
    ],
  },
];
