/**
 * The command table's rows, each checked for what Redis 7.0's command definitions guarantee: a
 * non-zero arity (subcommands count their container), known flags, a consistent key range, a
 * handler on every leaf, documentation for COMMAND DOCS, and the lookup rules the dispatcher relies
 * on. The comparison with redis-server's own COMMAND INFO is in test/interop/server.diff.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Server } from '../../../src/server';
import { keyPositions } from '../../../src/commands/table';
import { FLAG_BITS, type Command } from '../../../src/commands/types';
import { Logger } from '../../../src/util/log';

// Loaded through the server, as respkv-server loads it (the families register hooks on import).
const log = new Logger();
log.level = 'nothing';
const table = new Server({ log }).commands;
const all: Command[] = [...table.all()];

const KEY_SPEC_FLAGS = new Set(['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags']);
const TIP = /^(nondeterministic_output|nondeterministic_output_order|request_policy:(all_nodes|all_shards|multi_shard|special)|response_policy:(one_succeeded|all_succeeded|agg_logical_and|agg_logical_or|agg_min|agg_max|agg_sum|special))$/;

describe('every row of the command table', () => {
  it('has more than a handful of commands, each once', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map((c) => c.fullName)).size).toBe(all.length);
  });

  for (const cmd of all) {
    describe(cmd.fullName, () => {
      it('has a lower-case name, a non-zero arity and known flags', () => {
        expect(cmd.row.name).toBe(cmd.row.name.toLowerCase());
        expect(cmd.arity).not.toBe(0);
        if (cmd.parent) expect(Math.abs(cmd.arity)).toBeGreaterThanOrEqual(2);
        for (const f of cmd.flagNames) expect(FLAG_BITS[f], f).toBeDefined();
        expect(cmd.flagNames.includes('readonly') && cmd.flagNames.includes('write')).toBe(false);
      });

      it('declares a consistent key range', () => {
        if (cmd.firstKey === 0) {
          expect([cmd.lastKey, cmd.keyStep]).toEqual([0, 0]);
          return;
        }
        expect(cmd.firstKey).toBeGreaterThan(0);
        expect(cmd.keyStep).toBeGreaterThan(0);
        if (cmd.lastKey > 0) expect(cmd.lastKey).toBeGreaterThanOrEqual(cmd.firstKey);
        // The smallest valid call names its first key.
        const argv = Array.from({ length: Math.max(Math.abs(cmd.arity), cmd.firstKey + 1) }, (_, i) => (i === 0 ? cmd.fullName : `arg${i}`));
        if (cmd.row.getKeys === undefined) expect(keyPositions(cmd, argv)[0]).toBe(cmd.firstKey);
      });

      it('can run, or is a container of subcommands', () => {
        if (cmd.handler === undefined) expect(cmd.subcommands?.size ?? 0).toBeGreaterThan(0);
      });

      it('is documented for COMMAND DOCS, with valid tips and key spec flags', () => {
        expect(cmd.row.summary.length).toBeGreaterThan(0);
        expect(cmd.row.since).toMatch(/^\d+\.\d+\.\d+$/);
        for (const t of (cmd.row.tips ?? '').split(' ').filter((x) => x !== '')) expect(t).toMatch(TIP);
        for (const f of (cmd.row.keySpecFlags ?? '').split(' ').filter((x) => x !== '')) expect(KEY_SPEC_FLAGS.has(f), f).toBe(true);
      });
    });
  }
});

describe('lookup', () => {
  it('finds commands in any letter case, and misses unknown names', () => {
    expect(table.lookup('GET')?.fullName).toBe('get');
    expect(table.lookup('gEt')?.fullName).toBe('get');
    expect(table.lookup('nosuch')).toBeUndefined();
    expect(table.lookup('config')?.subcommands?.get('get')?.fullName).toBe('config|get');
  });
});
