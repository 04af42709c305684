/**
 * redis.conf.example documents every supported directive with its default: each row of the config
 * table appears exactly once with a value that parses to the row's default, nothing else appears,
 * and the file starts respkv exactly as no file does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config, parseValue } from '../../../src/config/config';
import { applyDirectives, readDirectives } from '../../../src/config/file';
import { CONFIG_ROWS } from '../../../src/config/table';

const FILE = path.resolve(__dirname, '../../../redis.conf.example');
const directives = readDirectives(fs.readFileSync(FILE, 'latin1'), FILE);

describe('redis.conf.example', () => {
  it('lists every config row once, under its own name', () => {
    const names = directives.map((d) => d.args[0]);
    expect([...names].sort()).toEqual(CONFIG_ROWS.map((r) => r.name).sort());
  });

  for (const row of CONFIG_ROWS) {
    it(`gives ${row.name} its default`, () => {
      const d = directives.find((x) => x.args[0] === row.name)!;
      const inFile = parseValue(row, d.args.slice(1));
      const def = parseValue(row, row.multiArg ? row.default.split(' ').filter((s) => s !== '') : [row.default]);
      expect(inFile).toEqual(def);
      // Documented: a comment right above it, or it follows another directive of its group.
      const above = fs.readFileSync(FILE, 'latin1').split('\n')[d.line - 2] ?? '';
      expect(above.startsWith('#') || directives.some((x) => x.line === d.line - 1), row.name).toBe(true);
    });
  }

  it('starts respkv with the defaults and no warning', () => {
    const config = new Config();
    expect(applyDirectives(config, directives)).toEqual([]);
    for (const row of config.rows) expect(config.isDefault(row), row.name).toBe(true);
  });
});
