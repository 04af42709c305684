#!/usr/bin/env node
/**
 * Regenerates src/commands/command-docs.ts from a running redis-server 7.0's COMMAND DOCS: the
 * argument grammar, history and doc flags of every command respkv's table has (summaries, since,
 * group and complexity stay in the table rows). Usage, after `npm run build`:
 *
 *     redis-server --port 7777 --save '' &
 *     node scripts/command-docs.mjs 7777
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const { ALL_COMMANDS } = require('../dist/commands/index.js');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const port = Number(process.argv[2] ?? 6379);
const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
await redis.connect();

/** A RESP2 flat map [k1, v1, k2, v2 ...] as an ordered object, arguments and their flags decoded. */
function argument(flat) {
  const out = {};
  for (let i = 0; i < flat.length; i += 2) {
    const [k, v] = [flat[i], flat[i + 1]];
    out[k] = k === 'arguments' ? v.map(argument) : v;
  }
  return out;
}

const names = [];
for (const row of ALL_COMMANDS) {
  names.push(row.name);
  for (const sub of row.subcommands ?? []) names.push(`${row.name}|${sub.name}`);
}
const docs = {};
const reply = await redis.call('COMMAND', 'DOCS', ...names);
const collect = (flatDocs) => {
  for (let i = 0; i < flatDocs.length; i += 2) {
    const name = flatDocs[i];
    const fields = flatDocs[i + 1];
    const extra = {};
    for (let j = 0; j < fields.length; j += 2) {
      const [k, v] = [fields[j], fields[j + 1]];
      if (k === 'doc_flags' || k === 'deprecated_since' || k === 'replaced_by' || k === 'history') extra[k] = v;
      else if (k === 'arguments') extra.arguments = v.map(argument);
      else if (k === 'subcommands') collect(v);
    }
    if (names.includes(name) && Object.keys(extra).length > 0) docs[name] = extra;
  }
};
collect(reply);
redis.disconnect();

const sorted = Object.fromEntries(Object.entries(docs).sort(([a], [b]) => a.localeCompare(b)));
const body = `{\n${Object.entries(sorted)
  .map(([name, extra]) => `  ${JSON.stringify(name)}: ${JSON.stringify(extra)},`)
  .join('\n')}\n}`;
const text = `/**
 * The argument grammar, history and doc flags of each command, as Redis 7.0 documents them, for
 * COMMAND DOCS: redis-cli builds its argument hints and HELP from them. Generated from redis-server
 * 7.0.15 by scripts/command-docs.mjs for the commands in respkv's table; regenerate it after adding
 * commands. The table rows keep the rest of each command's documentation.
 */
import type { CommandDocExtra } from './types';

export const COMMAND_DOCS: Readonly<Record<string, CommandDocExtra>> = ${body};
`;
fs.writeFileSync(path.join(root, 'src/commands/command-docs.ts'), text);
console.log(`${Object.keys(sorted).length} commands documented`);
