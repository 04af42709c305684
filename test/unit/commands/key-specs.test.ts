/**
 * Redis 7.0's key specs applied to command lines, as getKeysUsingKeySpecs does: index and keyword
 * begin searches, range (with negative last keys and limits) and keynum finds, and specs that do
 * not fit their arguments.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_KEY_SPECS } from '../../../src/commands/command-docs';
import { keysFromSpecs } from '../../../src/commands/key-specs';
import type { KeySpec } from '../../../src/commands/types';

const positions = (specs: readonly KeySpec[], argv: string[]) => keysFromSpecs(specs, argv)?.map((k) => [k.pos, k.flags.join(' ')]);

describe('keysFromSpecs', () => {
  it('reads index and range specs, one per key role', () => {
    expect(positions(COMMAND_KEY_SPECS['rename'], ['rename', 'a', 'b'])).toEqual([
      [1, 'RW access delete'],
      [2, 'OW update'],
    ]);
    expect(positions(COMMAND_KEY_SPECS['mset'], ['mset', 'a', '1', 'b', '2'])).toEqual([
      [1, 'OW update'],
      [3, 'OW update'],
    ]);
    expect(positions(COMMAND_KEY_SPECS['blpop'], ['blpop', 'a', 'b', '0'])).toEqual([
      [1, 'RW access delete'],
      [2, 'RW access delete'],
    ]);
  });

  it('reads a key count from the arguments', () => {
    expect(positions(COMMAND_KEY_SPECS['zunionstore'], ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'])).toEqual([
      [1, 'OW update'],
      [3, 'RO access'],
      [4, 'RO access'],
    ]);
    expect(keysFromSpecs(COMMAND_KEY_SPECS['zunionstore'], ['zunionstore', 'd', 'x', 'a'])).toBeNull();
    expect(keysFromSpecs(COMMAND_KEY_SPECS['zunionstore'], ['zunionstore', 'd', '5', 'a'])).toBeNull();
  });

  it('finds keywords from either end and divides ranges by their limit', () => {
    const xread: KeySpec[] = [
      {
        flags: ['RO', 'access'],
        begin_search: { type: 'keyword', spec: { keyword: 'STREAMS', startfrom: 1 } },
        find_keys: { type: 'range', spec: { lastkey: -1, keystep: 1, limit: 2 } },
      },
    ];
    expect(positions(xread, ['xread', 'COUNT', '2', 'streams', 's1', 's2', '0', '0'])).toEqual([
      [4, 'RO access'],
      [5, 'RO access'],
    ]);
    expect(positions(xread, ['xread', 'COUNT', '2'])).toEqual([]);
    const fromEnd: KeySpec[] = [
      {
        flags: ['RW'],
        begin_search: { type: 'keyword', spec: { keyword: 'KEYS', startfrom: -2 } },
        find_keys: { type: 'range', spec: { lastkey: -1, keystep: 1, limit: 0 } },
      },
    ];
    expect(positions(fromEnd, ['migrate', 'h', 'p', '', '0', '5', 'KEYS', 'a', 'b'])).toEqual([
      [7, 'RW'],
      [8, 'RW'],
    ]);
  });

  it('skips unknown specs', () => {
    const unknown: KeySpec[] = [{ flags: ['RO'], begin_search: { type: 'unknown', spec: {} }, find_keys: { type: 'unknown', spec: {} } }];
    expect(keysFromSpecs(unknown, ['sort', 'k', 'BY', 'w_*'])).toEqual([]);
  });
});
