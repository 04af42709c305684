#!/usr/bin/env node
/**
 * Regenerates src/commands/command-docs.ts from a running redis-server 7.0's COMMAND DOCS and
 * COMMAND INFO: the documentation, key specs and tips of every command respkv's table has (flags,
 * arity and key positions stay in the table rows, which also document commands Redis 7.0 lacks).
 * Usage, after `npm run build`:
 *
 *     redis-server --port 7777 --save '' &
 *     node test/tools/command-docs.mjs 7777
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const { ALL_COMMANDS } = require('../../dist/commands/index.js');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
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
      if (k === 'arguments') extra.arguments = v.map(argument);
      else if (k === 'subcommands') collect(v);
      else extra[k] = v;
    }
    if (names.includes(name)) docs[name] = extra;
  }
};
collect(reply);

/** A key spec's flat RESP2 maps as nested objects; `flags` stays a list. */
function specMap(flat) {
  const out = {};
  for (let i = 0; i < flat.length; i += 2) {
    const [k, v] = [flat[i], flat[i + 1]];
    out[k] = Array.isArray(v) && k !== 'flags' ? specMap(v) : v;
  }
  return out;
}
const keySpecs = {};
const tips = {};
const collectSpecs = (infos) => {
  for (const info of infos) {
    if (info === null) continue;
    if (names.includes(info[0]) && info[8].length > 0) keySpecs[info[0]] = info[8].map(specMap);
    if (names.includes(info[0]) && info[7].length > 0) tips[info[0]] = info[7].join(' ');
    collectSpecs(info[9]);
  }
};
collectSpecs(await redis.call('COMMAND', 'INFO', ...names));
redis.disconnect();

const sorted = Object.fromEntries(Object.entries(docs).sort(([a], [b]) => a.localeCompare(b)));
const body = `{\n${Object.entries(sorted)
  .map(([name, extra]) => `  ${JSON.stringify(name)}: ${JSON.stringify(extra)},`)
  .join('\n')}\n}`;
const specLines = Object.entries(keySpecs)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, specs]) => `  ${JSON.stringify(name)}: ${JSON.stringify(specs)},`)
  .join('\n');
const tipLines = Object.entries(tips)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, t]) => `  ${JSON.stringify(name)}: ${JSON.stringify(t)},`)
  .join('\n');
const text = `/**
 * Each command's documentation, key specs and tips as Redis 7.0 has them: COMMAND DOCS serves the
 * documentation (redis-cli builds its argument hints and HELP from it), COMMAND INFO the key specs
 * and tips, GETKEYSANDFLAGS the key specs. Generated from redis-server 7.0.15 by
 * test/tools/command-docs.mjs for the commands in respkv's table; regenerate it after adding commands.
 * Rows document commands Redis 7.0 lacks, and which arguments are keys is decided by the rows.
 */
import type { CommandDoc, KeySpec } from './types';

export const COMMAND_DOCS: Readonly<Record<string, CommandDoc>> = ${body};

export const COMMAND_KEY_SPECS: Readonly<Record<string, readonly KeySpec[]>> = {\n${specLines}\n};

/** Command tips (nondeterministic_output, request_policy:... ) as COMMAND INFO prints them. */
export const COMMAND_TIPS: Readonly<Record<string, string>> = {\n${tipLines}\n};
`;
fs.writeFileSync(path.join(root, 'src/commands/command-docs.ts'), text);
console.log(`${Object.keys(sorted).length} commands documented, ${Object.keys(keySpecs).length} with key specs`);
